import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { progressQueries } from "../../api/progress";
import type { Comparison, IndicatorResult, MeasureProgress } from "../../api/types";
import { ListTable } from "../../components/ListTable";
import { ErrorMessage, Loading } from "../../components/StateViews";
import type { Language } from "../../i18n";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocDate, formatRocDateTime } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { periodName } from "./labels";

type OrganizationRows = MeasureProgress["organizations"][number];

const number = (value: string | number | null | undefined): string => (value === null || value === undefined ? "" : String(Number(value)));

function targetText(i: IndicatorResult, t: TFunction, language: Language): string {
  const parts = [t(`comparison.${i.comparison as Comparison}`)];
  if (i.target !== null) parts.push(`${number(i.target)}${i.unit ?? ""}`);
  if (i.due_date !== null) parts.push(formatRocDate(i.due_date, language));
  return parts.join(" ");
}

/** One measure across the enterprises: each one's indicator results and reports by period, each report linked to its versions. */
export function MeasureProgressPage() {
  const { t } = useTranslation();
  const params = useParams();
  const planId = Number(params.planId);
  const measureKey = params.measureKey ?? "";
  const found = useQuery(progressQueries.measure(planId, measureKey));
  useDocumentTitle(found.data ? `${found.data.code ?? ""} ${t("dashboard.measureTitle")}`.trim() : t("dashboard.measureTitle"));
  if (found.isPending) return <Loading />;
  if (found.isError) return <ErrorMessage error={found.error} onRetry={() => void found.refetch()} />;
  const measure = found.data;
  return (
    <div className="progress-page">
      <p className="breadcrumb">
        <Link to={`/review/plans/${planId}/dashboard`}>{t("dashboard.back")}</Link>
      </p>
      <h1>{t("dashboard.measureTitle")}</h1>
      <p lang={CONTENT_LANG} className="measure-text">
        {`${measure.code ?? ""} ${measure.text}`.trim()}
      </p>
      {measure.organizations.map((o) => (
        <OrganizationSection key={o.organization.id} rows={o} />
      ))}
    </div>
  );
}

function OrganizationSection({ rows }: { rows: OrganizationRows }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const name = shortName(rows.organization, language);
  const id = `org-${rows.organization.id}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>
        {name}
        {!rows.owner && <span className="tag">{t("dashboard.unitReport")}</span>}
      </h2>
      <h3>{t("dashboard.indicatorsHeading")}</h3>
      {rows.indicators.length === 0 ? (
        <p>{t("measure.noIndicators")}</p>
      ) : (
        <ListTable
          id={`${id}-indicators`}
          caption={t("dashboard.indicatorsCaption", { organization: name })}
          head={[t("progress.indicator"), t("dashboard.target"), t("dashboard.latest"), t("dashboard.share"), t("dashboard.verdict")]}
        >
          {rows.indicators.map((i) => (
            <tr key={i.indicator_id}>
              <th scope="row" lang={CONTENT_LANG}>
                {i.name}
              </th>
              <td lang={CONTENT_LANG}>{targetText(i, t, language)}</td>
              <td>{i.latest ? `${number(i.latest.value)}${i.unit ?? ""}（${periodName(t, i.latest.period)}）` : t("common.none")}</td>
              <td className="numeric">
                {i.share_met !== null ? `${number(i.share_met)}%` : i.share !== null ? `${number(i.share)}%` : ""}
              </td>
              <td>{t(`dashboard.verdicts.${i.verdict ?? "none"}`)}</td>
            </tr>
          ))}
        </ListTable>
      )}
      <h3>{t("dashboard.reportsHeading")}</h3>
      {rows.reports.length === 0 ? (
        <p>{t("dashboard.noReportsYet")}</p>
      ) : (
        <ListTable
          id={`${id}-reports`}
          caption={t("dashboard.reportsCaption", { organization: name })}
          head={[
            t("progress.period"),
            t("progress.dueDate"),
            t("progress.workStatus"),
            t("progress.state"),
            t("dashboard.submittedAt"),
            t("progress.versionsHeading"),
          ]}
        >
          {rows.reports.map((r) => (
            <tr key={r.id}>
              <th scope="row">{periodName(t, r.period)}</th>
              <td>{formatRocDate(r.due_date, language)}</td>
              <td>{t(`workStatus.${r.status}`)}</td>
              <td>{t(`reportState.${r.state}`)}</td>
              <td>
                {r.submitted_at ? formatRocDateTime(r.submitted_at, language) : t("common.none")}{" "}
                {r.submitted_at && (
                  <span className={r.late ? "tag tag--warn" : "tag"}>{t(r.late ? "dashboard.lateMark" : "dashboard.onTime")}</span>
                )}
              </td>
              <td>
                <ul className="inline-list">
                  {Array.from({ length: r.version }, (_, n) => n + 1).map((n) => (
                    <li key={n}>
                      <Link
                        to={`/review/reports/${r.id}?version=${n}`}
                        aria-label={`${periodName(t, r.period)} ${t("dashboard.versionLink", { n })}`}
                      >
                        {t("dashboard.versionLink", { n })}
                      </Link>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
