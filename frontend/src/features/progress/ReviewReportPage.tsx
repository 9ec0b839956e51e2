import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { useMe } from "../../api/auth";
import type { Versioned } from "../../api/client";
import { planQueries } from "../../api/plans";
import { afterReportChange, invalidateProgress, progressQueries, progressWrites, readReport } from "../../api/progress";
import type { ProgressReportDetail } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { Notice } from "../../components/Conflict";
import { type Decision, ReviewDecision } from "../../components/ReviewDecision";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { permissionsOf } from "../../lib/permissions";
import { formatRocDate, formatRocDateTime } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { periodName } from "./labels";
import { MeasureLine, VersionList } from "./ReportParts";
import { measureNames } from "./ReportTable";
import { indicatorsOf } from "./reportForm";
import { UnitReports } from "./UnitReports";

/** Who reads the page: the commission (進度審查) or a head office (所屬單位填報). */
type Reviewer = ProgressReportDetail["reviewed_by"];

/**
 * A submitted report with every version, values and evidence: who reviews it (the commission an
 * enterprise's, the head office a unit's) returns it with a comment or accepts it; the commission
 * reads a unit's report only, and on an enterprise's report what each unit said.
 */
export function ReviewReportPage({ reviewer }: { reviewer: Reviewer }) {
  const { t } = useTranslation();
  const reportId = Number(useParams().reportId);
  const detail = useQuery(progressQueries.detail(Number.isInteger(reportId) ? reportId : undefined));
  const tree = useQuery(planQueries.tree(detail.data?.data.plan_id));
  useDocumentTitle(detail.data ? t("progress.reportTitle", { period: periodName(t, detail.data.data.period) }) : undefined);
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  const report = detail.data.data;
  const measure = tree.data?.dimensions.flatMap((d) => d.strategies.flatMap((s) => s.measures)).find((m) => m.key === report.measure_key);
  return <ReportReview current={detail.data} measure={measure} reviewer={reviewer} names={measureNames(tree.data)} />;
}

function ReportReview({
  current,
  measure,
  reviewer,
  names,
}: {
  current: Versioned<ProgressReportDetail>;
  measure: (Parameters<typeof indicatorsOf>[0] & { code?: string | null; text: string }) | undefined;
  reviewer: Reviewer;
  names: Map<string, string>;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const report = current.data;
  const outcome = useRef<HTMLParagraphElement>(null);
  const [done, setDone] = useState<Decision["kind"] | null>(null);
  const decide = useGuardedMutation({
    write: (etag, d: Decision) =>
      d.kind === "return" ? progressWrites.return(report.id, etag, d.comment) : progressWrites.accept(report.id, etag),
    read: () => readReport(report.id),
    onSaved: async (answer, d) => {
      await afterReportChange(client, answer);
      setDone(d.kind);
      outcome.current?.focus();
    },
    onDiscarded: () => void invalidateProgress(client, report.id),
  });
  const indicators = measure ? indicatorsOf(measure) : [];
  const asked = Number(useSearchParams()[0].get("version")) || undefined;
  // An administrator reads what the commission reviews, and does not review it.
  const can = permissionsOf(useMe().data);
  const mayDecide = reviewer === "head_office" || can.reviewProgress;
  const ours = report.reviewed_by === reviewer;
  const ofUnit = report.reviewed_by === "head_office";
  const home = reviewer === "commission" ? "/review" : "/units";
  return (
    <div className="progress-page">
      <p className="breadcrumb">
        <Link to={home}>{t(reviewer === "commission" ? "progress.reviewTitle" : "progress.unitsTitle")}</Link>
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
      {!ours && <p className="notice">{t("progress.reviewedByHeadOffice")}</p>}
      {ours && !mayDecide && <p className="notice">{t("progress.readOnly")}</p>}
      {done && (
        <Notice>{t(done === "return" ? (ofUnit ? "progress.returnedDoneUnit" : "progress.returnedDone") : "progress.acceptedDone")}</Notice>
      )}
      {ours && mayDecide && report.state === "submitted" && (
        <ReviewDecision
          guard={decide}
          etag={current.etag}
          acceptQuestion={t(ofUnit ? "progress.acceptConfirmUnit" : "progress.acceptConfirm")}
        />
      )}
      {!ofUnit && (
        <UnitReports
          planId={report.plan_id}
          organization={report.organization.code}
          measureKey={report.measure_key}
          period={report.period}
          names={names}
          linkBase={`${home}/reports/`}
        />
      )}
      <VersionList versions={report.versions} indicators={indicators} open={asked} />
    </div>
  );
}
