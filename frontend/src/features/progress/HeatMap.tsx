import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { PlanProgress } from "../../api/types";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { type HeatColumn, type HeatCounts, heatColumns, heatLevel, heatRows, percent } from "./dashboard";

export interface MatrixProps {
  matrix: PlanProgress;
  byStrategy: boolean;
  /** Where a cell drills down to: the dashboard with that cell chosen. */
  cellLink: (organizationId: number, columnKey: string) => string;
}

const LEVELS = ["behind", "mixed", "good", "quiet", "none"] as const;

function columnName(c: HeatColumn): string {
  return `${c.code} ${c.name}`;
}

/** The matrix as a heat map: every cell a link to its measures, coloured by how many lag, its counts written in it. */
export function HeatMap({ matrix, byStrategy, cellLink }: MatrixProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const columns = heatColumns(matrix, byStrategy);
  const rows = heatRows(matrix, byStrategy);
  return (
    <>
      {/* biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboards can scroll it (WCAG 2.1.1). */}
      <div className="table-scroll" role="region" aria-label={t("dashboard.heat")} tabIndex={0}>
        <div className="heatmap" style={{ gridTemplateColumns: `minmax(7rem, auto) repeat(${columns.length}, minmax(8.5rem, 1fr))` }}>
          <div className="heatmap__corner">{t("dashboard.enterprise")}</div>
          {columns.map((c) => (
            <div key={c.key} className="heatmap__column" lang="zh-TW">
              {columnName(c)}
            </div>
          ))}
          {rows.map((row) => (
            <HeatRowCells
              key={row.organization.id}
              name={shortName(row.organization, language)}
              columns={columns}
              cells={row.cells}
              linkOf={(columnKey) => cellLink(row.organization.id, columnKey)}
            />
          ))}
        </div>
      </div>
      <section className="heat-legend" aria-labelledby="heat-legend-heading">
        <h3 id="heat-legend-heading">{t("dashboard.legendHeading")}</h3>
        <ul>
          {LEVELS.map((level) => (
            <li key={level}>
              <span className={`heat-swatch heat--${level}`} aria-hidden="true" />
              {t(`dashboard.level.${level}`)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function HeatRowCells({
  name,
  columns,
  cells,
  linkOf,
}: {
  name: string;
  columns: HeatColumn[];
  cells: (HeatCounts | null)[];
  linkOf: (columnKey: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="heatmap__row">{name}</div>
      {columns.map((column, i) => {
        const counts = cells[i];
        if (!counts) {
          return (
            <div key={column.key} className="heatmap__cell heat--none">
              <span className="visually-hidden">{t("dashboard.cellPlace", { organization: name, column: columnName(column) })}</span>
              {t("dashboard.noMeasure")}
            </div>
          );
        }
        return (
          <Link key={column.key} to={linkOf(column.key)} className={`heatmap__cell heat--${heatLevel(counts)}`}>
            <span className="visually-hidden">{t("dashboard.cellPlace", { organization: name, column: columnName(column) })}</span>
            <span className="heatmap__line heatmap__line--main">
              {t("dashboard.cellShort", { onTrack: counts.onTrack, measures: counts.measures })}
            </span>
            <span className="heatmap__line">{t("dashboard.cellLagging", { n: counts.lagging })}</span>
            <span className="heatmap__line">{t("dashboard.cellMissing", { missing: counts.missing, late: counts.late })}</span>
          </Link>
        );
      })}
    </>
  );
}

const NUMBERS = [
  ["measures", "dashboard.measures"],
  ["onTrack", "dashboard.onTrack"],
  ["delayed", "dashboard.delayed"],
  ["notStarted", "dashboard.notStarted"],
  ["unreported", "dashboard.unreported"],
  ["lagging", "dashboard.lagging"],
  ["missing", "dashboard.missing"],
  ["late", "dashboard.late"],
] as const satisfies readonly (readonly [keyof HeatCounts, string])[];

/** The same numbers as a table: a row per enterprise and dimension (or strategy), and each enterprise's total. */
export function MatrixTable({ matrix, byStrategy, cellLink }: MatrixProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const columns = heatColumns(matrix, byStrategy);
  const rows = heatRows(matrix, byStrategy);
  const columnsWord = t(byStrategy ? "dashboard.strategies" : "dashboard.dimensions");
  return (
    // biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboards can scroll it (WCAG 2.1.1).
    <div className="table-scroll" role="region" aria-labelledby="matrix-caption" tabIndex={0}>
      <table className="data-table matrix-table">
        <caption id="matrix-caption">{t("dashboard.matrixCaption", { columns: columnsWord })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.enterprise")}</th>
            <th scope="col">{columnsWord}</th>
            {NUMBERS.map(([key, label]) => (
              <th key={key} scope="col" className="numeric">
                {t(label)}
              </th>
            ))}
            <th scope="col">{t("dashboard.onTrack")} %</th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((row) => {
            const name = shortName(row.organization, language);
            const present = columns.map((c, i) => [c, row.cells[i]] as const).filter(([, counts]) => counts !== null);
            const lines: [string, string | null, HeatCounts][] = present.map(([c, counts]) => [c.key, columnName(c), counts as HeatCounts]);
            lines.push(["total", null, row.total]);
            return lines.map(([key, label, counts], i) => (
              <tr
                key={`${row.organization.id}-${key}`}
                className={label === null ? "matrix-table__total" : undefined}
                data-organization={row.organization.code}
              >
                {i === 0 && (
                  <th scope="rowgroup" rowSpan={lines.length}>
                    {name}
                  </th>
                )}
                <th scope="row" lang={label === null ? undefined : "zh-TW"}>
                  {label === null ? (
                    <>
                      <span className="visually-hidden">{name}</span>
                      {t("dashboard.total")}
                    </>
                  ) : (
                    <Link to={cellLink(row.organization.id, key)}>{label}</Link>
                  )}
                </th>
                {NUMBERS.map(([k]) => (
                  <td key={k} className="numeric">
                    {counts[k]}
                  </td>
                ))}
                <td className="numeric">{percent(counts.onTrack, counts.measures)}</td>
              </tr>
            ));
          })}
        </tbody>
      </table>
    </div>
  );
}
