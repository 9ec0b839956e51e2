import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../api/auth";
import { ApiError, fieldErrors, type Versioned } from "../../api/client";
import { afterResultsChange, invalidateResults, readResults, resultsQueries, resultsWrites } from "../../api/results";
import type { EvidenceFileRef, ResultsReport, ResultsReportIn, StoredFile } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { GuardedConflict, Notice, SavedMark } from "../../components/Conflict";
import { TextAreaField } from "../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { UnsavedChangesGuard, useUnsavedChanges } from "../editor/unsaved";
import { EvidenceUpload, FileFacts } from "../progress/EvidenceUpload";
import { NoPlan } from "../progress/ReportParts";
import { KeyFigureRows } from "./KeyFigureRows";
import { type DimensionDraft, figureErrors, figuresToSend, writtenIn } from "./keyFigures";
import { PlanSelect, ResultsStatus, SummaryList, usePlanChoice } from "./ResultsParts";

type Draft = Record<string, DimensionDraft>;
type Document = EvidenceFileRef | null;

function draftOf(report: ResultsReport): Draft {
  const draft: Draft = {};
  for (const d of report.dimensions) {
    const s = report.current?.summaries.find((x) => x.dimension_key === d.key);
    draft[d.key] = {
      performance: s?.performance ?? "",
      results: s?.results ?? "",
      figures: (s?.key_figures ?? []).map((f) => ({ name: f.name, value: String(f.value), unit: f.unit ?? "" })),
    };
  }
  return draft;
}

function fileRef(file: StoredFile): EvidenceFileRef {
  const { id, filename, size, media_type, sha256, download_url } = file;
  return { id, filename, size, media_type, sha256, download_url };
}

/** The summaries to send: the dimensions written, in the plan's order, with their key figures (rows left empty dropped). */
function bodyOf(report: ResultsReport, draft: Draft, document: Document): { body: ResultsReportIn; order: string[]; half: string[] } {
  const written = report.dimensions.filter((d) => writtenIn(draft[d.key]));
  const half = written.filter((d) => !draft[d.key]?.performance.trim() || !draft[d.key]?.results.trim()).map((d) => d.key);
  return {
    body: {
      summaries: written.map((d) => ({
        dimension_key: d.key,
        performance: draft[d.key]?.performance.trim() ?? "",
        results: draft[d.key]?.results.trim() ?? "",
        key_figures: figuresToSend(draft[d.key]?.figures ?? []),
      })),
      document_file_id: document?.id ?? null,
    },
    order: written.map((d) => d.key),
    half,
  };
}

/** 執行績效與成果報告: the reporter's enterprise writes its summary per dimension, saves and submits it. */
export function MyResultsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("results.myTitle"));
  const me = useMe();
  const choice = usePlanChoice();
  const organization = me.data?.organization ?? null;
  const target = choice.chosen !== undefined && organization ? { planId: choice.chosen, code: organization.code } : undefined;
  const report = useQuery(resultsQueries.report(target));
  if (me.isPending || choice.featured.isPending || choice.plans.isPending) return <Loading />;
  if (choice.chosen === undefined) return <NoPlan title={t("results.myTitle")} />;
  const heading = (
    <div className="page-heading">
      <h1>{t("results.myTitle")}</h1>
      <PlanSelect choice={choice} />
    </div>
  );
  if (!organization) {
    return (
      <div className="state">
        {heading}
        <p>{t("progress.noOrganization")}</p>
      </div>
    );
  }
  if (report.isError && report.error instanceof ApiError && report.error.status === 404) {
    return (
      <div className="state">
        {heading}
        <p>{t("results.notInPlan")}</p>
      </div>
    );
  }
  if (report.isError) return <ErrorMessage error={report.error} onRetry={() => void report.refetch()} />;
  if (report.isPending) return <Loading />;
  return (
    <div className="progress-page">
      {heading}
      <UnsavedChangesGuard>
        <ResultsWriter current={report.data} />
      </UnsavedChangesGuard>
    </div>
  );
}

function ResultsWriter({ current }: { current: Versioned<ResultsReport> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const report = current.data;
  const target = { planId: report.plan_id, code: report.organization.code };
  const stateRef = useRef<HTMLParagraphElement>(null);
  const initial = draftOf(report);
  const [draft, setDraft] = useState(initial);
  const initialDocument = report.current?.document ?? null;
  const [document, setDocument] = useState<Document>(initialDocument);
  const [half, setHalf] = useState<string[]>([]);
  const [order, setOrder] = useState<string[]>([]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial) || document?.id !== initialDocument?.id;
  useUnsavedChanges(dirty);
  const settle = async (answer: Versioned<ResultsReport>) => {
    await afterResultsChange(client, answer);
    setDraft(draftOf(answer.data));
    setDocument(answer.data.current?.document ?? null);
    stateRef.current?.focus();
  };
  const save = useGuardedMutation({
    write: (etag, body: ResultsReportIn) => resultsWrites.save(target, etag, body),
    read: () => readResults(target),
    onSaved: settle,
    onDiscarded: () => void invalidateResults(client),
  });
  const submit = useGuardedMutation({
    write: (etag, _: null) => resultsWrites.submit(target, etag),
    read: () => readResults(target),
    onSaved: settle,
    onDiscarded: () => void invalidateResults(client),
  });
  const server = fieldErrors(save.error);
  const errorAt = (key: string, part: "performance" | "results") => {
    if (half.includes(key) && !draft[key]?.[part].trim()) return t("results.bothRequired");
    const index = order.indexOf(key);
    return index < 0 ? null : (server[`summaries.${index}.${part}`] ?? null);
  };
  const [checked, setChecked] = useState(false);
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    const prepared = bodyOf(report, draft, document);
    setHalf(prepared.half);
    setOrder(prepared.order);
    setChecked(true);
    const badFigures = Object.values(draft).some((d) => Object.keys(figureErrors(d.figures)).length > 0);
    if (prepared.half.length === 0 && !badFigures) void save.save(current.etag, prepared.body);
  };
  /** A figure's fault: checked here (name and number), else the server's at its pointer. */
  const figureError = (key: string, row: number, part: "name" | "value" | "unit") => {
    const local = checked ? figureErrors(draft[key]?.figures ?? [])[`${row}.${part}`] : undefined;
    if (local) return t(`results.figureCheck.${local}`);
    const index = order.indexOf(key);
    return index < 0 ? null : (server[`summaries.${index}.key_figures.${row}.${part}`] ?? null);
  };
  const locked = report.state === "accepted" || report.state === "submitted";
  const missing = report.dimensions.filter((d) => report.missing_dimensions.includes(d.key));
  return (
    <>
      <p>{t("results.intro", { organization: shortName(report.organization, language) })}</p>
      <ResultsStatus report={report} stateRef={stateRef} />
      {report.state === "returned" && report.review_comment && (
        <div className="notice notice--returned" role="note">
          {t("results.returnedNotice", { comment: report.review_comment })}
        </div>
      )}
      {report.state === "accepted" && <Notice>{t("results.accepted")}</Notice>}
      {report.state === "submitted" && <Notice>{t("results.submitted")}</Notice>}
      {locked ? (
        <SummaryList report={report} />
      ) : (
        <section className="panel form-panel" aria-labelledby="results-form-heading">
          <h2 id="results-form-heading">{t("results.summariesHeading")}</h2>
          <GuardedConflict guard={save} describe={(r) => <p>{r.state ? t(`reportState.${r.state}`) : t("results.notStarted")}</p>} />
          <FormError error={save.error && Object.keys(server).length === 0 ? save.error : null} />
          <form className="form" onSubmit={onSave} noValidate>
            {report.dimensions.map((d) => (
              <fieldset key={d.key} className="fieldset-group">
                <legend>{t("results.dimension", { code: d.code, name: d.name })}</legend>
                <TextAreaField
                  label={t("results.performance")}
                  value={draft[d.key]?.performance ?? ""}
                  onChange={(e) =>
                    setDraft({ ...draft, [d.key]: { results: "", figures: [], ...draft[d.key], performance: e.target.value } })
                  }
                  error={errorAt(d.key, "performance")}
                  rows={4}
                  maxLength={10000}
                  lang={CONTENT_LANG}
                />
                <TextAreaField
                  label={t("results.results")}
                  value={draft[d.key]?.results ?? ""}
                  onChange={(e) =>
                    setDraft({ ...draft, [d.key]: { performance: "", figures: [], ...draft[d.key], results: e.target.value } })
                  }
                  error={errorAt(d.key, "results")}
                  rows={4}
                  maxLength={10000}
                  lang={CONTENT_LANG}
                />
                <KeyFigureRows
                  dimension={`${d.code} ${d.name}`}
                  figures={draft[d.key]?.figures ?? []}
                  onChange={(figures) => setDraft({ ...draft, [d.key]: { performance: "", results: "", ...draft[d.key], figures } })}
                  errorAt={(row, part) => figureError(d.key, row, part)}
                />
              </fieldset>
            ))}
            <fieldset className="fieldset-group">
              <legend>{t("results.document")}</legend>
              <p className="field__hint">{t("results.documentOptional")}</p>
              {document ? (
                <p>
                  <FileFacts file={document} />{" "}
                  <button type="button" className="button button--quiet" onClick={() => setDocument(null)}>
                    {t("results.removeDocument")}
                  </button>
                </p>
              ) : (
                <p>{t("results.noDocument")}</p>
              )}
              <EvidenceUpload label={t("results.uploadDocument")} disabled={save.busy} onUploaded={(file) => setDocument(fileRef(file))} />
              {server.document_file_id && <p className="field__error">{server.document_file_id}</p>}
            </fieldset>
            <div className="form__actions">
              <button type="submit" className="button" disabled={save.busy}>
                {save.busy ? t("form.saving") : t("results.saveDraft")}
              </button>
              <SavedMark saved={save.saved && !dirty} />
            </div>
          </form>
        </section>
      )}
      {report.state === "draft" && (
        <section className="panel" aria-labelledby="submit-heading">
          <h2 id="submit-heading">{t("results.submit")}</h2>
          <GuardedConflict guard={submit} describe={(r) => <p>{r.state ? t(`reportState.${r.state}`) : ""}</p>} />
          <FormError error={submit.error} />
          <p id="submit-hint">{t("results.submitHint")}</p>
          {missing.length > 0 && <p>{t("results.missingDimensions", { list: missing.map((d) => `${d.code} ${d.name}`).join("、") })}</p>}
          <button
            type="button"
            className="button"
            aria-describedby="submit-hint"
            disabled={dirty || submit.busy}
            onClick={() => void submit.save(current.etag, null)}
          >
            {submit.busy ? t("form.saving") : t("results.submit")}
          </button>
        </section>
      )}
    </>
  );
}
