import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import type { Versioned } from "../../api/client";
import { planQueries } from "../../api/plans";
import { afterReportChange, invalidateProgress, progressQueries, progressWrites, readReport } from "../../api/progress";
import type { ProgressReportDetail } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { ConfirmQuestion } from "../../components/Confirm";
import { GuardedConflict, Notice } from "../../components/Conflict";
import { TextAreaField } from "../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocDate, formatRocDateTime } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { periodName } from "./labels";
import { MeasureLine, VersionList } from "./ReportParts";
import { indicatorsOf } from "./reportForm";

type Decision = { kind: "return"; comment: string } | { kind: "accept" };

/** A submitted report with every version, values and evidence: the reviewer returns it with a comment or accepts it. */
export function ReviewReportPage() {
  const { t } = useTranslation();
  const reportId = Number(useParams().reportId);
  const detail = useQuery(progressQueries.detail(Number.isInteger(reportId) ? reportId : undefined));
  const tree = useQuery(planQueries.tree(detail.data?.data.plan_id));
  useDocumentTitle(detail.data ? t("progress.reportTitle", { period: periodName(t, detail.data.data.period) }) : undefined);
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  const report = detail.data.data;
  const measure = tree.data?.dimensions.flatMap((d) => d.strategies.flatMap((s) => s.measures)).find((m) => m.key === report.measure_key);
  return <ReportReview current={detail.data} measure={measure} />;
}

function ReportReview({
  current,
  measure,
}: {
  current: Versioned<ProgressReportDetail>;
  measure: (Parameters<typeof indicatorsOf>[0] & { code?: string | null; text: string }) | undefined;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const report = current.data;
  const outcome = useRef<HTMLParagraphElement>(null);
  const [comment, setComment] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<Decision["kind"] | null>(null);
  const decide = useGuardedMutation({
    write: (etag, d: Decision) =>
      d.kind === "return" ? progressWrites.return(report.id, etag, d.comment) : progressWrites.accept(report.id, etag),
    read: () => readReport(report.id),
    onSaved: async (answer, d) => {
      await afterReportChange(client, answer);
      setDone(d.kind);
      setComment("");
      setConfirming(false);
      outcome.current?.focus();
    },
    onDiscarded: () => void invalidateProgress(client, report.id),
  });
  const [empty, setEmpty] = useState(false);
  const sendReturn = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(!comment.trim());
    if (comment.trim()) void decide.save(current.etag, { kind: "return", comment: comment.trim() });
  };
  const indicators = measure ? indicatorsOf(measure) : [];
  const asked = Number(useSearchParams()[0].get("version")) || undefined;
  return (
    <div className="progress-page">
      <p className="breadcrumb">
        <Link to="/review">{t("progress.reviewTitle")}</Link>
      </p>
      <h1>{t("progress.reportTitle", { period: periodName(t, report.period) })}</h1>
      <MeasureLine
        measure={measure ? `${measure.code ?? ""} ${measure.text}`.trim() : report.measure_key}
        organization={shortName(report.organization, language)}
      />
      <dl className="plan-meta">
        <div>
          <dt>{t("progress.state")}</dt>
          <dd>
            <p ref={outcome} tabIndex={-1} className="report-state">
              {t("progress.stateVersion", { state: t(`reportState.${report.state}`), n: report.version })}
            </p>
          </dd>
        </div>
        <div>
          <dt>{t("progress.dueDate")}</dt>
          <dd>{formatRocDate(report.due_date, language)}</dd>
        </div>
        <div>
          <dt>{t("progress.updated")}</dt>
          <dd>{formatRocDateTime(report.updated_at, language)}</dd>
        </div>
        {report.review_comment && (
          <div>
            <dt>{t("progress.reviewComment")}</dt>
            <dd lang={CONTENT_LANG}>{report.review_comment}</dd>
          </div>
        )}
      </dl>
      {done && <Notice>{t(done === "return" ? "progress.returnedDone" : "progress.acceptedDone")}</Notice>}
      {report.state === "submitted" && (
        <section className="panel form-panel" aria-labelledby="review-heading">
          <h2 id="review-heading">{t("progress.reviewActions")}</h2>
          <GuardedConflict
            guard={decide}
            describe={(r) => <p>{t("progress.stateVersion", { state: t(`reportState.${r.state}`), n: r.version })}</p>}
          />
          <FormError error={decide.error} />
          <form className="form" onSubmit={sendReturn} noValidate aria-labelledby="return-heading">
            <h3 id="return-heading">{t("progress.returnHeading")}</h3>
            <TextAreaField
              label={t("progress.returnComment")}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              error={empty ? t("progress.check.required") : (decide.fieldErrors.comment ?? null)}
              required
              maxLength={2000}
              lang={CONTENT_LANG}
            />
            <div className="form__actions">
              <button type="submit" className="button" disabled={decide.busy}>
                {t("progress.returnButton")}
              </button>
            </div>
          </form>
          <div className="form__actions">
            {confirming ? (
              <ConfirmQuestion
                label={t("progress.accept")}
                question={t("progress.acceptConfirm")}
                yes={t("progress.accept")}
                busy={decide.busy}
                onConfirm={() => void decide.save(current.etag, { kind: "accept" })}
                onCancel={() => setConfirming(false)}
              />
            ) : (
              <button type="button" className="button" onClick={() => setConfirming(true)}>
                {t("progress.accept")}
              </button>
            )}
          </div>
        </section>
      )}
      <VersionList versions={report.versions} indicators={indicators} open={asked} />
    </div>
  );
}
