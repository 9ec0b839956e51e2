import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { MeasureNode, ProgressTimeline } from "../../api/types";
import { ListTable } from "../../components/ListTable";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocDate, formatRocDateTime } from "../../lib/rocDate";
import { type LaggingRow, shortText } from "./dashboard";
import { periodName } from "./labels";

export type MeasureIndex = Map<string, Pick<MeasureNode, "key" | "code" | "text">>;

/** A measure as a list names it: its code and the start of its text, linked to its drill-down. */
export function MeasureLink({ planId, measureKey, measures }: { planId: number; measureKey: string; measures: MeasureIndex }) {
  const m = measures.get(measureKey);
  return (
    <Link to={`/review/plans/${planId}/measures/${encodeURIComponent(measureKey)}`} lang={CONTENT_LANG}>
      {m ? `${m.code ?? ""} ${shortText(m.text)}`.trim() : measureKey}
    </Link>
  );
}

export function LaggingList({ planId, rows, measures }: { planId: number; rows: LaggingRow[]; measures: MeasureIndex }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (rows.length === 0) return <p>{t("dashboard.noLagging")}</p>;
  return (
    <ListTable
      id="lagging-caption"
      caption={t("dashboard.laggingCaption", { n: rows.length })}
      head={[t("dashboard.enterprise"), t("progress.measure"), t("dashboard.why")]}
    >
      {rows.map((r) => (
        <tr key={`${r.organization.id}-${r.measureKey}`}>
          <td>{shortName(r.organization, language)}</td>
          <th scope="row">
            <MeasureLink planId={planId} measureKey={r.measureKey} measures={measures} />
          </th>
          <td>
            {[
              r.delayed ? t("dashboard.isDelayed") : null,
              r.missingPeriods.length > 0
                ? t("dashboard.missingPeriods", {
                    periods: r.missingPeriods.map((p) => periodName(t, p)).join(language === "en" ? ", " : "、"),
                  })
                : null,
            ]
              .filter(Boolean)
              .join(language === "en" ? "; " : "；")}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}

type Overdue = ProgressTimeline["missing"][number] & { report_id?: number; submitted_at?: string };

/** The missing reports (`missing`) or those submitted late (`late`), with their days late; late ones link to the report. */
export function OverdueList({
  kind,
  planId,
  timeline,
  measures,
}: {
  kind: "missing" | "late";
  planId: number;
  timeline: ProgressTimeline;
  measures: MeasureIndex;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const rows: Overdue[] = kind === "late" ? timeline.late : timeline.missing;
  const total = kind === "late" ? timeline.late_total : timeline.missing_total;
  if (total === 0) return <p>{t(kind === "late" ? "dashboard.noLate" : "dashboard.noMissing")}</p>;
  const shown = rows.length < total ? t("dashboard.shownOf", { shown: rows.length }) : "";
  const late = kind === "late";
  return (
    <ListTable
      id={`${kind}-caption`}
      caption={t(late ? "dashboard.lateCaption" : "dashboard.missingCaption", { total }) + shown}
      head={[
        t("dashboard.enterprise"),
        t("progress.measure"),
        t("progress.period"),
        t("progress.dueDate"),
        ...(late ? [t("dashboard.submittedAt")] : []),
        t("dashboard.daysLate"),
        ...(late ? [t("dashboard.openReport")] : []),
      ]}
    >
      {rows.map((r) => (
        <tr key={`${r.organization.id}-${r.measure_key}-${r.period}-${r.report_id ?? ""}`}>
          <td>{shortName(r.organization, language)}</td>
          <th scope="row">
            <MeasureLink planId={planId} measureKey={r.measure_key} measures={measures} />
          </th>
          <td>{periodName(t, r.period)}</td>
          <td>{formatRocDate(r.due_date, language)}</td>
          {r.submitted_at && <td>{formatRocDateTime(r.submitted_at, language)}</td>}
          <td className="numeric">{t("dashboard.days", { n: r.days_late })}</td>
          {r.report_id !== undefined && (
            <td>
              <Link to={`/review/reports/${r.report_id}`}>{t("dashboard.openReport")}</Link>
            </td>
          )}
        </tr>
      ))}
    </ListTable>
  );
}
