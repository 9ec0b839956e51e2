import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../api/client";
import { planWrites, readPlan } from "../../api/editor";
import { invalidatePlan, useRevisions } from "../../api/plans";
import type { Plan } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { ConfirmQuestion } from "../../components/Confirm";
import { GuardedConflict } from "../../components/Conflict";
import { RocDateField, type RocDateValue, TextField } from "../../components/Fields";
import { ErrorMessage, FormError } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDate } from "../../lib/rocDate";
import { PlanVersion } from "./PlanVersion";

/** Publish a draft; open, then adopt, an amendment (捌). */
export function Lifecycle({ plan, etag, onNotice }: { plan: Plan; etag: string; onNotice: (m: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const revisions = useRevisions(plan.id);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [reason, setReason] = useState("");
  const [date, setDate] = useState<RocDateValue>({ text: "", iso: null });
  const [dateError, setDateError] = useState<string | null>(null);
  const done = () => invalidatePlan(client, plan.id);

  // The ETag of the plan the person saw: publishing what someone changed since is refused with 412.
  const publish = useGuardedMutation({
    write: (seen: string) => planWrites.publish(plan.id, seen),
    read: () => readPlan(plan.id),
    onSaved: () => {
      setConfirmPublish(false);
      onNotice(t("editor.published"));
      done();
    },
    onDiscarded: () => {
      setConfirmPublish(false);
      done();
    },
  });
  const open = useMutation({
    mutationFn: (body: { reason: string; amended_on: string }) => planWrites.openAmendment(plan.id, body),
    onSuccess: (r) => {
      onNotice(t("editor.amendOpened", { n: r.number }));
      setReason("");
      setDate({ text: "", iso: null });
      done();
    },
  });
  const openRevision = revisions.data?.find((r) => r.state === "open");
  const adopt = useMutation({
    mutationFn: (number: number) => planWrites.adopt(plan.id, number),
    onSuccess: (r) => {
      onNotice(t("editor.adopted", { n: r.number }));
      done();
    },
  });

  if (plan.status === "draft") {
    return (
      <section className="panel lifecycle" aria-labelledby="lifecycle-heading">
        <h2 id="lifecycle-heading">{t("editor.publish")}</h2>
        <GuardedConflict guard={publish} describe={(p) => <PlanVersion plan={p} />} />
        {publish.error ? <ErrorMessage error={publish.error} /> : null}
        {confirmPublish ? (
          <ConfirmQuestion
            label={t("editor.publish")}
            question={t("editor.publishConfirm")}
            yes={t("editor.publish")}
            busy={publish.busy}
            onConfirm={() => void publish.save(etag, undefined)}
            onCancel={() => setConfirmPublish(false)}
          />
        ) : (
          <button type="button" className="button" onClick={() => setConfirmPublish(true)}>
            {t("editor.publish")}
          </button>
        )}
      </section>
    );
  }
  if (plan.status === "amending") {
    return (
      <section className="panel lifecycle" aria-labelledby="lifecycle-heading">
        <h2 id="lifecycle-heading">{t("editor.amendHeading")}</h2>
        {openRevision && (
          <p>
            {t("editor.amendingNotice", {
              n: openRevision.number,
              reason: openRevision.reason,
              date: formatRocDate(openRevision.amended_on, language),
            })}
          </p>
        )}
        {adopt.isError && <ErrorMessage error={adopt.error} />}
        {openRevision && (
          <button type="button" className="button" disabled={adopt.isPending} onClick={() => adopt.mutate(openRevision.number)}>
            {t("editor.adopt", { n: openRevision.number })}
          </button>
        )}
      </section>
    );
  }
  if (plan.status !== "published") return null;
  const errors: Record<string, string> = { ...fieldErrors(open.error), ...(dateError ? { amended_on: dateError } : {}) };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!date.iso) {
      setDateError(t("form.invalidDate"));
      return;
    }
    setDateError(null);
    open.mutate({ reason: reason.trim(), amended_on: date.iso });
  };
  return (
    <section className="panel lifecycle" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">{t("editor.amendHeading")}</h2>
      <FormError error={open.error} />
      <form className="form form--grid" onSubmit={submit} noValidate>
        <TextField
          label={t("editor.amendReason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={errors.reason}
          className="field--wide"
          lang={CONTENT_LANG}
        />
        <RocDateField label={t("editor.amendDate")} value={date} onChange={setDate} error={errors.amended_on} />
        <div className="form__actions">
          <button type="submit" className="button" disabled={open.isPending}>
            {t("editor.amendOpen")}
          </button>
        </div>
      </form>
    </section>
  );
}
