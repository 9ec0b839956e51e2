import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMe } from "../../api/auth";
import { fieldErrors, type Versioned } from "../../api/client";
import { useMeasure } from "../../api/measures";
import { afterReportChange, invalidateProgress, progressQueries, progressWrites, readReport } from "../../api/progress";
import type { Indicator, Measure, OrganizationRef, ProgressReportDetail } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { GuardedConflict, Notice, SavedMark } from "../../components/Conflict";
import { RocDateField, SelectField, TextAreaField, TextField } from "../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocDate } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { UnsavedChangesGuard, useUnsavedChanges } from "../editor/unsaved";
import { EvidenceUpload, FileFacts } from "./EvidenceUpload";
import { periodName } from "./labels";
import { dueDay, parsePeriod } from "./periods";
import { MeasureLine, VersionList } from "./ReportParts";
import {
  draftOf,
  emptyEvidence,
  fileEvidence,
  filledEvidence,
  indicatorsOf,
  isFormField,
  prepare,
  type ReportDraft,
  sameDraft,
  WORK_STATUSES,
} from "./reportForm";

/** One measure's report for one period, written by the reporter's enterprise: save, submit, see the reviewer's answer. */
export function ReportFormPage() {
  const { t } = useTranslation();
  const params = useParams();
  const planId = Number(params.planId);
  const measureId = Number(params.measureId);
  const period = params.period ?? "";
  const me = useMe();
  const measure = useMeasure(Number.isInteger(measureId) ? measureId : undefined);
  const organization = me.data?.organization ?? null;
  const found = useQuery({
    ...progressQueries.all({ planId, organization: organization?.code, measure: measure.data?.key, period }),
    enabled: !!organization && !!measure.data,
  });
  const summary = found.data?.find((r) => r.organization.code === organization?.code);
  const detail = useQuery(progressQueries.detail(summary?.id));
  useDocumentTitle(t("progress.formTitle", { period: periodName(t, period) }));

  const parsed = parsePeriod(period);
  if (me.isPending || measure.isPending) return <Loading />;
  if (measure.isError) return <ErrorMessage error={measure.error} onRetry={() => void measure.refetch()} />;
  if (!organization || !parsed || measure.data.plan_id !== planId) {
    return (
      <div className="state">
        <h1>{t("common.notFoundTitle")}</h1>
        <p>{t(organization ? "common.notFoundBody" : "progress.noOrganization")}</p>
      </div>
    );
  }
  if (found.isError) return <ErrorMessage error={found.error} onRetry={() => void found.refetch()} />;
  if (found.isPending || (summary && detail.isPending)) return <Loading />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  return (
    <UnsavedChangesGuard>
      <ReportWriter measure={measure.data} organization={organization} period={period} current={detail.data ?? null} />
    </UnsavedChangesGuard>
  );
}

function ReportWriter({
  measure,
  organization,
  period,
  current,
}: {
  measure: Measure;
  organization: OrganizationRef;
  period: string;
  current: Versioned<ProgressReportDetail> | null;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const indicators = indicatorsOf(measure);
  const stateRef = useRef<HTMLParagraphElement>(null);
  const report = current?.data ?? null;
  const save = useMutation({
    mutationFn: progressWrites.save,
    onSuccess: async (answer) => {
      await afterReportChange(client, answer);
      stateRef.current?.focus();
    },
  });
  const submit = useGuardedMutation({
    write: (etag, reportId: number) => progressWrites.submit(reportId, etag),
    read: () => readReport(report?.id ?? 0),
    onSaved: async (answer) => {
      await afterReportChange(client, answer);
      stateRef.current?.focus();
    },
    onDiscarded: () => void invalidateProgress(client, report?.id),
  });
  const p = parsePeriod(period);
  return (
    <div className="progress-page">
      <p className="breadcrumb">
        <Link to={`/progress?plan=${measure.plan_id}`}>{t("progress.myTitle")}</Link>
      </p>
      <h1>{t("progress.formTitle", { period: periodName(t, period) })}</h1>
      <MeasureLine measure={`${measure.code ?? ""} ${measure.text}`.trim()} organization={shortName(organization, language)} />
      <dl className="plan-meta">
        <div>
          <dt>{t("progress.dueDate")}</dt>
          <dd>{p ? formatRocDate(dueDay(p), language) : period}</dd>
        </div>
        <div>
          <dt>{t("progress.state")}</dt>
          <dd>
            <p ref={stateRef} tabIndex={-1} className="report-state">
              {report
                ? t("progress.stateVersion", { state: t(`reportState.${report.state}`), n: report.version })
                : t("progress.notWritten")}
            </p>
          </dd>
        </div>
      </dl>
      {report?.state === "returned" && report.review_comment && (
        <div className="notice notice--returned" role="note">
          {t("progress.returnedNotice", { comment: report.review_comment })}
        </div>
      )}
      {report?.state !== "returned" && report?.review_comment && (
        <p>
          {t("progress.reviewCommentIs")}
          <span lang={CONTENT_LANG}>{report.review_comment}</span>
        </p>
      )}
      {report?.state === "accepted" && <Notice>{t("progress.accepted")}</Notice>}
      <ReportForm
        key={current?.etag ?? "new"}
        initial={draftOf(report?.current)}
        indicators={indicators}
        locked={report?.state === "accepted"}
        onSave={(draft) => {
          const prepared = prepare(
            draft,
            { planId: measure.plan_id, measureKey: measure.key, organization: organization.code, period },
            indicators,
          );
          if (Object.keys(prepared.problems).length === 0) save.mutate(prepared.body);
          return prepared;
        }}
        saving={save.isPending}
        saved={save.isSuccess}
        serverError={save.error}
        submitArea={(dirty) =>
          report && (report.state === "draft" || submit.saved) ? (
            <section className="panel" aria-labelledby="submit-heading">
              <h2 id="submit-heading">{t("progress.submit")}</h2>
              <GuardedConflict guard={submit} describe={(r) => <p>{t(`reportState.${r.state}`)}</p>} />
              <FormError error={submit.error} />
              {submit.saved && report.state === "submitted" ? (
                <Notice>{t("progress.submitted")}</Notice>
              ) : (
                <>
                  <p id="submit-hint">{t("progress.submitHint")}</p>
                  <button
                    type="button"
                    className="button"
                    aria-describedby="submit-hint"
                    disabled={dirty || submit.busy || !current}
                    onClick={() => current && void submit.save(current.etag, report.id)}
                  >
                    {submit.busy ? t("form.saving") : t("progress.submit")}
                  </button>
                </>
              )}
            </section>
          ) : null
        }
      />
      {report && <VersionList versions={report.versions} indicators={indicators} />}
    </div>
  );
}

function ReportForm({
  initial,
  indicators,
  locked,
  onSave,
  saving,
  saved,
  serverError,
  submitArea,
}: {
  initial: ReportDraft;
  indicators: readonly Indicator[];
  locked: boolean;
  onSave: (draft: ReportDraft) => ReturnType<typeof prepare>;
  saving: boolean;
  saved: boolean;
  serverError: unknown;
  submitArea: (dirty: boolean) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const [checked, setChecked] = useState<ReturnType<typeof prepare> | null>(null);
  const dirty = !sameDraft(draft, initial);
  useUnsavedChanges(dirty);
  const server = fieldErrors(serverError);
  const check = checked ?? prepare(draft, { planId: 0, measureKey: "", organization: "", period: "" }, indicators);
  const errorAt = (field: string): string | null => {
    if (checked?.problems[field]) return t(`progress.check.${checked.problems[field]}`);
    return server[field] ?? null;
  };
  const valueError = (indicatorId: number) => {
    const index = check.valueOrder.indexOf(indicatorId);
    if (index < 0) return null;
    return errorAt(`values.${index}.value`) ?? errorAt(`values.${index}.unit`) ?? errorAt(`values.${index}.indicator_id`);
  };
  const evidenceIndex = (row: number) => draft.evidence.slice(0, row).filter(filledEvidence).length;
  const set = (change: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...change }));
  const submitForm = (e: FormEvent) => {
    e.preventDefault();
    const prepared = onSave(draft);
    setChecked(Object.keys(prepared.problems).length > 0 ? prepared : null);
  };
  return (
    <>
      <section className="panel form-panel" aria-labelledby="report-form-heading">
        <h2 id="report-form-heading">{t("progress.formHeading")}</h2>
        {/* A problem with no field in this form (the period, the measure) is shown above it, whole. */}
        {serverError && (Object.keys(server).length === 0 || !Object.keys(server).every(isFormField)) ? (
          <ErrorMessage error={serverError} />
        ) : null}
        <form className="form" onSubmit={submitForm} noValidate>
          <fieldset disabled={locked} className="fieldset-plain">
            <legend className="visually-hidden">{t("progress.formHeading")}</legend>
            <SelectField
              label={t("progress.workStatus")}
              value={draft.status}
              onChange={(e) => set({ status: e.target.value as ReportDraft["status"] })}
              error={errorAt("status")}
            >
              {WORK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`workStatus.${s}`)}
                </option>
              ))}
            </SelectField>
            {draft.status === "delayed" && (
              <>
                <TextAreaField
                  label={t("progress.delayReason")}
                  value={draft.delayReason}
                  onChange={(e) => set({ delayReason: e.target.value })}
                  error={errorAt("delay_reason")}
                  required
                  maxLength={2000}
                  lang={CONTENT_LANG}
                />
                <TextAreaField
                  label={t("progress.remedy")}
                  value={draft.remedy}
                  onChange={(e) => set({ remedy: e.target.value })}
                  error={errorAt("remedy")}
                  required
                  maxLength={2000}
                  lang={CONTENT_LANG}
                />
              </>
            )}
            {draft.status === "not_applicable" && (
              <TextAreaField
                label={t("progress.notApplicableReason")}
                value={draft.notApplicableReason}
                onChange={(e) => set({ notApplicableReason: e.target.value })}
                error={errorAt("not_applicable_reason")}
                required
                maxLength={2000}
                lang={CONTENT_LANG}
              />
            )}
            <TextAreaField
              label={t("progress.narrative")}
              value={draft.narrative}
              onChange={(e) => set({ narrative: e.target.value })}
              error={errorAt("narrative")}
              rows={5}
              maxLength={10000}
              lang={CONTENT_LANG}
            />
            {indicators.length > 0 && (
              <fieldset className="fieldset-group">
                <legend>{t("progress.valuesLegend")}</legend>
                {indicators.map((i) => (
                  <TextField
                    key={i.id}
                    label={
                      i.unit ? t("progress.valueLabel", { name: i.name, unit: i.unit }) : t("progress.valueLabelNoUnit", { name: i.name })
                    }
                    hint={
                      i.target !== null && i.target !== undefined
                        ? t("progress.target", { target: `${i.target}${i.unit ?? ""}` })
                        : undefined
                    }
                    inputMode="decimal"
                    value={draft.values[i.id] ?? ""}
                    onChange={(e) => set({ values: { ...draft.values, [i.id]: e.target.value } })}
                    error={valueError(i.id)}
                  />
                ))}
              </fieldset>
            )}
            <fieldset className="fieldset-group">
              <legend>{t("progress.evidenceLegend")}</legend>
              {draft.evidence.map((row, n) => {
                const at = `evidence.${evidenceIndex(n)}`;
                const update = (change: Partial<typeof row>) =>
                  set({ evidence: draft.evidence.map((r, k) => (k === n ? { ...r, ...change } : r)) });
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved; the index is their place
                  <fieldset key={n} className="evidence-row">
                    <legend>{t("progress.evidenceRow", { n: n + 1 })}</legend>
                    {row.file ? (
                      <p>
                        {t("progress.evidenceFile")}
                        <FileFacts file={row.file} />
                      </p>
                    ) : (
                      <TextField
                        label={t("progress.evidenceUrl")}
                        type="url"
                        value={row.url}
                        onChange={(e) => update({ url: e.target.value })}
                        error={errorAt(`${at}.url`)}
                        maxLength={2000}
                      />
                    )}
                    <TextField
                      label={t("progress.evidenceTitle")}
                      value={row.title}
                      onChange={(e) => update({ title: e.target.value })}
                      error={errorAt(`${at}.title`)}
                      maxLength={200}
                      lang={CONTENT_LANG}
                    />
                    <RocDateField
                      label={t("progress.evidenceDate")}
                      value={row.date}
                      onChange={(date) => update({ date })}
                      error={errorAt(`${at}.effective_date`)}
                    />
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => set({ evidence: draft.evidence.filter((_, k) => k !== n) })}
                    >
                      {t("progress.removeEvidence", { n: n + 1 })}
                    </button>
                  </fieldset>
                );
              })}
              {draft.evidence.length < 20 && (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => set({ evidence: [...draft.evidence, emptyEvidence()] })}
                >
                  {t("progress.addEvidence")}
                </button>
              )}
              <EvidenceUpload
                disabled={locked || draft.evidence.length >= 20}
                onUploaded={(file) => setDraft((d) => ({ ...d, evidence: [...d.evidence, fileEvidence(file)] }))}
              />
            </fieldset>
            <div className="form__actions">
              <button type="submit" className="button" disabled={saving}>
                {saving ? t("form.saving") : t("progress.saveDraft")}
              </button>
              <SavedMark saved={saved && !dirty} />
            </div>
          </fieldset>
        </form>
      </section>
      {submitArea(dirty)}
    </>
  );
}
