import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMe } from "../../api/auth";
import type { Versioned } from "../../api/client";
import { afterResultsChange, invalidateResults, readResults, resultsQueries, resultsWrites } from "../../api/results";
import type { ResultsReport } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { Notice } from "../../components/Conflict";
import { type Decision, ReviewDecision } from "../../components/ReviewDecision";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { permissionsOf } from "../../lib/permissions";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { ResultsStatus, SummaryList } from "./ResultsParts";

/** A submitted results report: the reviewer reads its summaries, returns it with a comment or accepts it. */
export function ResultsReviewReportPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const params = useParams();
  const planId = Number(params.planId);
  const code = params.code ?? "";
  const detail = useQuery(resultsQueries.report(Number.isInteger(planId) && code ? { planId, code } : undefined));
  useDocumentTitle(
    detail.data ? t("results.reportTitle", { organization: shortName(detail.data.data.organization, language) }) : undefined,
  );
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  return <ResultsReview current={detail.data} />;
}

function ResultsReview({ current }: { current: Versioned<ResultsReport> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const client = useQueryClient();
  const report = current.data;
  const target = { planId: report.plan_id, code: report.organization.code };
  const outcome = useRef<HTMLParagraphElement>(null);
  const [done, setDone] = useState<Decision["kind"] | null>(null);
  const mayDecide = permissionsOf(useMe().data).reviewProgress;
  const decide = useGuardedMutation({
    write: (etag, d: Decision) =>
      d.kind === "return" ? resultsWrites.return(target, etag, d.comment) : resultsWrites.accept(target, etag),
    read: () => readResults(target),
    onSaved: async (answer, d) => {
      await afterResultsChange(client, answer);
      setDone(d.kind);
      outcome.current?.focus();
    },
    onDiscarded: () => void invalidateResults(client),
  });
  return (
    <div className="progress-page">
      <p className="breadcrumb">
        <Link to={`/results-review?plan=${report.plan_id}`}>{t("results.reviewTitle")}</Link>
      </p>
      <h1>{t("results.reportTitle", { organization: shortName(report.organization, language) })}</h1>
      <ResultsStatus report={report} stateRef={outcome} />
      {report.review_comment && (
        <p>
          {t("results.reviewComment")}：<span lang={CONTENT_LANG}>{report.review_comment}</span>
        </p>
      )}
      {done && <Notice>{t(done === "return" ? "progress.returnedDone" : "progress.acceptedDone")}</Notice>}
      {!mayDecide && <p className="notice">{t("results.readOnly")}</p>}
      {mayDecide && report.state === "submitted" && (
        <ReviewDecision guard={decide} etag={current.etag} acceptQuestion={t("progress.acceptConfirm")} />
      )}
      <SummaryList report={report} />
    </div>
  );
}
