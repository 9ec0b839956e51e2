import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../../api/client";
import { useCreateWebhook } from "../../../api/deliveries";
import { useOrganizations } from "../../../api/organizations";
import type { EventKind } from "../../../api/types";
import { SelectField, TextField } from "../../../components/Fields";
import { FormError } from "../../../components/StateViews";
import { OrganizationOptions } from "../options";

export const EVENT_KINDS: readonly EventKind[] = [
  "finding.issued",
  "finding.published",
  "finding.corrected",
  "follow_up.opened",
  "follow_up.answered",
  "follow_up.decided",
  "follow_up.extension_requested",
  "follow_up.extension_decided",
  "follow_up.deadline_passed",
  "round.notified",
];

/** A new subscription: a URL, at least one event, a description and (administrators) whose it is. */
export function CreateWebhookForm({
  chooseOrganization,
  onCreated,
}: {
  chooseOrganization: boolean;
  onCreated: (shown: { url: string; secret: string }) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateWebhook();
  const organizations = useOrganizations();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<EventKind[]>([]);
  const [description, setDescription] = useState("");
  const [organization, setOrganization] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(create.error), ...local };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (events.length === 0) problems.events = t("webhooks.eventsRequired");
    setLocal(problems);
    if (Object.keys(problems).length) return;
    create.mutate(
      {
        url: url.trim(),
        events: EVENT_KINDS.filter((e) => events.includes(e)),
        description: description.trim(),
        organization: chooseOrganization && organization ? organization : undefined,
      },
      {
        onSuccess: (made) => {
          setUrl("");
          setEvents([]);
          setDescription("");
          onCreated({ url: made.url, secret: made.secret });
        },
      },
    );
  };

  return (
    <section className="panel form-panel" aria-labelledby="create-webhook-heading">
      <h2 id="create-webhook-heading">{t("webhooks.createHeading")}</h2>
      <FormError error={create.error} />
      <form className="form form--grid" onSubmit={submit} noValidate>
        <TextField
          label={t("webhooks.url")}
          hint={t("webhooks.urlHint")}
          type="url"
          value={url}
          maxLength={2000}
          onChange={(e) => setUrl(e.target.value)}
          error={errors.url}
          required
        />
        <fieldset className="field checkbox-group" aria-describedby={errors.events ? "events-error" : undefined}>
          <legend>{t("webhooks.events")}</legend>
          {EVENT_KINDS.map((kind) => (
            <div key={kind} className="field--check">
              <input
                id={`event-${kind}`}
                type="checkbox"
                checked={events.includes(kind)}
                onChange={(e) => setEvents(e.target.checked ? [...events, kind] : events.filter((x) => x !== kind))}
              />
              <label htmlFor={`event-${kind}`}>
                {t(`events.${kind}`)} <code>{kind}</code>
              </label>
            </div>
          ))}
          {errors.events && (
            <p className="field__error" id="events-error">
              {errors.events}
            </p>
          )}
        </fieldset>
        <TextField
          label={t("webhooks.description")}
          value={description}
          maxLength={200}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.description}
        />
        {chooseOrganization && (
          <SelectField
            label={t("webhooks.organization")}
            value={organization}
            onChange={(e) => setOrganization(e.target.value)}
            error={errors.organization}
          >
            <OrganizationOptions organizations={organizations.data?.items ?? []} none={t("webhooks.organizationNone")} />
          </SelectField>
        )}
        <div className="form__actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? t("form.saving") : t("webhooks.createHeading")}
          </button>
        </div>
      </form>
    </section>
  );
}
