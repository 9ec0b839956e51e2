import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCreateToken } from "../../../api/admin";
import { fieldErrors } from "../../../api/client";
import { useOrganizations } from "../../../api/organizations";
import type { NewApiToken } from "../../../api/types";
import { RocDateField, type RocDateValue, SelectField, TextField } from "../../../components/Fields";
import { FormError } from "../../../components/StateViews";
import { taipeiEndOfDay } from "../../../lib/rocDate";
import { OrganizationOptions } from "../options";
import { ScopeChoice } from "./ScopeChoice";

/** A new token: a name, at least one scope, an organization (administrators choose one) and an optional ROC expiry date. */
export function CreateTokenForm({
  scopes,
  chooseOrganization,
  onCreated,
}: {
  scopes: readonly string[];
  chooseOrganization: boolean;
  onCreated: (token: NewApiToken) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const organizations = useOrganizations();
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [organization, setOrganization] = useState("");
  const [expires, setExpires] = useState<RocDateValue>({ text: "", iso: null });
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(create.error), ...local };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (chosen.length === 0) problems.scopes = t("tokens.scopeRequired");
    if (expires.iso === undefined) problems.expires_at = t("form.invalidDate");
    setLocal(problems);
    if (Object.keys(problems).length) return;
    create.mutate(
      {
        name: name.trim(),
        scopes: chosen,
        organization: chooseOrganization && organization ? organization : undefined,
        expires_at: expires.iso ? taipeiEndOfDay(expires.iso) : undefined,
      },
      { onSuccess: onCreated },
    );
  };

  return (
    <section className="panel form-panel" aria-labelledby="create-token-heading">
      <h2 id="create-token-heading">{t("tokens.createHeading")}</h2>
      <FormError error={create.error} />
      <form className="form form--grid" onSubmit={submit} noValidate>
        <TextField
          label={t("tokens.name")}
          hint={t("tokens.nameHint")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          required
        />
        <ScopeChoice scopes={scopes} value={chosen} onChange={setChosen} error={errors.scopes} />
        {chooseOrganization && (
          <SelectField
            label={t("tokens.organization")}
            value={organization}
            onChange={(e) => setOrganization(e.target.value)}
            error={errors.organization}
          >
            <OrganizationOptions organizations={organizations.data?.items ?? []} none={t("tokens.organizationNone")} />
          </SelectField>
        )}
        <RocDateField
          label={t("tokens.expires")}
          hint={t("tokens.expiresHint")}
          value={expires}
          onChange={setExpires}
          error={errors.expires_at}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? t("form.saving") : t("tokens.createHeading")}
          </button>
        </div>
      </form>
    </section>
  );
}
