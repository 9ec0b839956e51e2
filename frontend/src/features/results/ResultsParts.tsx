import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { planQueries } from "../../api/plans";
import type { ResultsReport, ResultsReportRow } from "../../api/types";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDate, formatRocDateTime, formatRocYear } from "../../lib/rocDate";
import { FileFacts } from "../progress/EvidenceUpload";

/** The plan chosen in ?plan=, or the featured one; with the select to change it when there are several. */
export function usePlanChoice() {
  const [params, setParams] = useSearchParams();
  const plans = useQuery(planQueries.all());
  const featured = useQuery(planQueries.featured());
  const chosen = Number(params.get("plan")) || featured.data?.id;
  return { plans, featured, chosen, choose: (id: string) => setParams({ plan: id }) };
}

export function PlanSelect({ choice }: { choice: ReturnType<typeof usePlanChoice> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const items = choice.plans.data?.items ?? [];
  if (items.length < 2) return null;
  return (
    <div className="field field--inline">
      <label htmlFor="results-plan">{t("plan.selectLabel")}</label>
      <select id="results-plan" value={choice.chosen ?? ""} onChange={(e) => choice.choose(e.target.value)}>
        {items.map((p) => (
          <option key={p.id} value={p.id}>
            {formatRocYear(p.year, language)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** On time, late, missing…: always in words, the class only adds colour. */
export function TimelinessText({ row }: { row: Pick<ResultsReportRow, "timeliness" | "late"> }) {
  const { t } = useTranslation();
  return <span className={row.late ? "timeliness timeliness--late" : "timeliness"}>{t(`timeliness.${row.timeliness}`)}</span>;
}

export function DueDateText({ iso }: { iso: string | null | undefined }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return <>{iso ? formatRocDate(iso, language) : t("results.dueNotSet")}</>;
}

/** State and version, due date, first submission and whether it is late. */
export function ResultsStatus({ report, stateRef }: { report: ResultsReport; stateRef?: React.Ref<HTMLParagraphElement> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <dl className="plan-meta">
      <div>
        <dt>{t("results.state")}</dt>
        <dd>
          <p ref={stateRef} tabIndex={-1} className="report-state">
            {report.state
              ? t("progress.stateVersion", { state: t(`reportState.${report.state}`), n: report.version })
              : t("results.notStarted")}
          </p>
        </dd>
      </div>
      <div>
        <dt>{t("results.dueDate")}</dt>
        <dd>
          <DueDateText iso={report.due_date} />
        </dd>
      </div>
      <div>
        <dt>{t("results.submittedOn")}</dt>
        <dd>{report.submitted_on ? formatRocDate(report.submitted_on, language) : t("results.notSubmitted")}</dd>
      </div>
      <div>
        <dt>{t("results.timeliness")}</dt>
        <dd>
          <TimelinessText row={report} />
        </dd>
      </div>
      {report.updated_at && (
        <div>
          <dt>{t("progress.updated")}</dt>
          <dd>{formatRocDateTime(report.updated_at, language)}</dd>
        </div>
      )}
    </dl>
  );
}

/** The summaries of the version read, dimension by dimension, as plain text. */
export function SummaryList({ report }: { report: ResultsReport }) {
  const { t } = useTranslation();
  const byKey = new Map((report.current?.summaries ?? []).map((s) => [s.dimension_key, s]));
  return (
    <section className="panel" aria-labelledby="summaries-heading">
      <h2 id="summaries-heading">{t("results.summariesHeading")}</h2>
      <p>
        {t("results.document")}：{report.current?.document ? <FileFacts file={report.current.document} /> : t("results.noDocument")}
      </p>
      {report.dimensions.map((d) => {
        const s = byKey.get(d.key);
        return (
          <section key={d.key} aria-labelledby={`dimension-${d.key}`}>
            <h3 id={`dimension-${d.key}`}>{t("results.dimension", { code: d.code, name: d.name })}</h3>
            {s ? (
              <dl>
                <dt>{t("results.performance")}</dt>
                <dd lang={CONTENT_LANG}>{s.performance}</dd>
                <dt>{t("results.results")}</dt>
                <dd lang={CONTENT_LANG}>{s.results}</dd>
                {s.key_figures.length > 0 && (
                  <>
                    <dt>{t("results.keyFigures")}</dt>
                    <dd>
                      <ul>
                        {s.key_figures.map((f) => (
                          <li key={f.name} lang={CONTENT_LANG}>
                            {f.name}：{f.value}
                            {f.unit ?? ""}
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
              </dl>
            ) : (
              <p>{t("results.empty")}</p>
            )}
          </section>
        );
      })}
    </section>
  );
}
