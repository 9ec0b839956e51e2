import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type PlanUpdate, planWrites, readPlan } from "../../api/editor";
import { invalidatePlan } from "../../api/plans";
import type { Plan } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { GuardedConflict, SaveButton } from "../../components/Conflict";
import { RocDateField, type RocDateValue, rocDateValue, TextAreaField, TextField } from "../../components/Fields";
import { ErrorMessage } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { PlanVersion } from "./PlanVersion";
import { useUnsavedChanges } from "./unsaved";

/** Saving the plan's own fields, guarded by the ETag of the plan the editor shows. */
export function usePlanFieldsSave(planId: number) {
  const client = useQueryClient();
  return useGuardedMutation({
    write: (etag, body: PlanUpdate) => planWrites.update(planId, etag, body),
    read: () => readPlan(planId),
    onSaved: () => invalidatePlan(client, planId),
    onDiscarded: () => invalidatePlan(client, planId),
  });
}

type PlanFieldsSave = ReturnType<typeof usePlanFieldsSave>;

/** Title, report date, objectives and their core values (核心精神). Restarts from the server's copy whenever its ETag changes. */
export function PlanFields({ plan, etag, editable, save }: { plan: Plan; etag: string; editable: boolean; save: PlanFieldsSave }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(plan.title);
  const [due, setDue] = useState<RocDateValue>(rocDateValue(plan.report_due_date));
  const [objectives, setObjectives] = useState(plan.objectives);
  const [coreValues, setCoreValues] = useState(plan.core_values.join("\n"));
  const errors = save.fieldErrors;
  useUnsavedChanges(
    title !== plan.title ||
      due.iso !== plan.report_due_date ||
      objectives !== plan.objectives ||
      coreValues !== plan.core_values.join("\n"),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (due.iso === undefined) return;
    void save.save(etag, {
      title: title.trim(),
      report_due_date: due.iso,
      objectives,
      core_values: coreValues
        .split("\n")
        .map((p) => p.trim())
        .filter(Boolean),
    });
  };
  return (
    <section className="panel form-panel" aria-labelledby="plan-fields-heading">
      <h2 id="plan-fields-heading">{t("editor.planFields")}</h2>
      <GuardedConflict guard={save} describe={(p) => <PlanVersion plan={p} />} />
      {save.error && Object.keys(errors).length === 0 ? <ErrorMessage error={save.error} /> : null}
      <form className="form form--grid" onSubmit={submit} noValidate>
        <fieldset disabled={!editable} className="form--grid fieldset-plain">
          <legend className="visually-hidden">{t("editor.planFields")}</legend>
          <TextField
            label={t("editor.title")}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            error={errors.title}
            className="field--wide"
            lang={CONTENT_LANG}
          />
          <RocDateField label={t("editor.reportDue")} value={due} onChange={setDue} error={errors.report_due_date} />
          <TextAreaField
            label={t("editor.objectives")}
            value={objectives}
            onChange={(e) => setObjectives(e.target.value)}
            error={errors.objectives}
            className="field--wide"
            lang={CONTENT_LANG}
          />
          <TextAreaField
            label={t("editor.coreValues")}
            hint={t("editor.coreValuesHint")}
            value={coreValues}
            onChange={(e) => setCoreValues(e.target.value)}
            error={errors.core_values}
            lang={CONTENT_LANG}
          />
          <div className="form__actions">
            <SaveButton busy={save.busy} saved={save.saved} />
          </div>
        </fieldset>
      </form>
    </section>
  );
}
