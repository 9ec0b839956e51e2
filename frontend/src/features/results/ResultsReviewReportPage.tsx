import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Versioned } from "../../api/client";
import { afterResultsChange, invalidateResults, readResults, resultsQueries, resultsWrites } from "../../api/results";
import type { ResultsReport } from "../../api/types";
import { useGuardedMutation } from "../../api/useGuardedMutation";
import { ConfirmQuestion } from "../../components/Confirm";
import { GuardedConflict, Notice } from "../../components/Conflict";
import { TextAreaField } from "../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { ResultsStatus, SummaryList } from "./ResultsParts";

type Decision = { kind: "return"; comment: string } | { kind: "accept" };

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
  const [comment, setComment] = useState("");
  const [empty, setEmpty] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<Decision["kind"] | null>(null);
  const decide = useGuardedMutation({
    write: (etag, d: Decision) =>
      d.kind === "return" ? resultsWrites.return(target, etag, d.comment) : resultsWrites.accept(target, etag),
    read: () => readResults(target),
    onSaved: async (answer, d) => {
      await afterResultsChange(client, answer);
      setDone(d.kind);
      setComment("");
      setConfirming(false);
      outcome.current?.focus();
    },
    onDiscarded: () => void invalidateResults(client),
  });
  const sendReturn = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(!comment.trim());
    if (comment.trim()) void decide.save(current.etag, { kind: "return", comment: comment.trim() });
  };
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
      {report.state === "submitted" && (
        <section className="panel form-panel" aria-labelledby="review-heading">
          <h2 id="review-heading">{t("progress.reviewActions")}</h2>
          <GuardedConflict
            guard={decide}
            describe={(r) => <p>{r.state ? t("progress.stateVersion", { state: t(`reportState.${r.state}`), n: r.version }) : ""}</p>}
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
      <SummaryList report={report} />
    </div>
  );
}
