import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { PlanTree, ProgressReport } from "../../api/types";
import { ListTable } from "../../components/ListTable";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocDate, formatRocDateTime } from "../../lib/rocDate";
import { periodName } from "./labels";

/** Measure key → "code text", to name each report's measure. */
export function measureNames(tree: PlanTree | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of tree?.dimensions ?? []) {
    for (const s of d.strategies) for (const m of s.measures) out.set(m.key, `${m.code ?? ""} ${m.text}`.trim());
  }
  return out;
}

/** Reports in a table, each measure a link to the report's page (`linkBase` + id); `id` names the caption. */
export function ReportTable({
  id,
  caption,
  reports,
  names,
  linkBase,
  organizationLabel,
}: {
  id: string;
  caption: string;
  reports: readonly ProgressReport[];
  names: Map<string, string>;
  linkBase: string;
  organizationLabel: string;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <ListTable
      id={id}
      caption={caption}
      head={[
        t("progress.measure"),
        organizationLabel,
        t("progress.period"),
        t("progress.workStatus"),
        t("progress.state"),
        t("progress.dueDate"),
        t("progress.updated"),
      ]}
    >
      {reports.map((r) => (
        <tr key={r.id}>
          <th scope="row" lang={CONTENT_LANG}>
            <Link to={`${linkBase}${r.id}`}>{names.get(r.measure_key) ?? r.measure_key}</Link>
          </th>
          <td>{shortName(r.organization, language)}</td>
          <td>{periodName(t, r.period)}</td>
          <td>{t(`workStatus.${r.current.status}`)}</td>
          <td>{t("progress.stateVersion", { state: t(`reportState.${r.state}`), n: r.version })}</td>
          <td>{formatRocDate(r.due_date, language)}</td>
          <td>{formatRocDateTime(r.updated_at, language)}</td>
        </tr>
      ))}
    </ListTable>
  );
}
