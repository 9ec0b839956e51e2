import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { ProgressTimeline } from "../../api/types";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocYear } from "../../lib/rocDate";
import { axisScale, chartBars, SERIES } from "./dashboard";

const WIDTH = 720;
const HEIGHT = 280;
const LEFT = 44;
const BOTTOM = 36;
const TOP = 16;
const PLOT = HEIGHT - TOP - BOTTOM;

/** The plan year as stacked bars, month by month, with the same numbers in a table beneath. */
export function ProgressChart({ timeline }: { timeline: ProgressTimeline }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const bars = chartBars(timeline);
  const { top, step } = axisScale(Math.max(0, ...bars.map((b) => b.total)));
  const y = (value: number) => TOP + PLOT - (value / top) * PLOT;
  const slot = (WIDTH - LEFT) / 12;
  const year = formatRocYear(timeline.year, language);
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  return (
    <>
      <svg
        className="progress-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{t("dashboard.chartTitle", { year })}</title>
        <desc id={`${id}-desc`}>{t("dashboard.chartDesc")}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH} y1={y(tick)} y2={y(tick)} className="progress-chart__grid" />
            <text x={LEFT - 6} y={y(tick) + 4} textAnchor="end" className="progress-chart__tick">
              {tick}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const x = LEFT + i * slot + slot * 0.18;
          const width = slot * 0.64;
          return (
            <g key={bar.month}>
              {bar.segments.map((s) => (
                <rect
                  key={s.series}
                  x={x}
                  width={width}
                  y={y(s.to)}
                  height={Math.max(0, y(s.from) - y(s.to))}
                  className={`series--${s.series}`}
                />
              ))}
              {bar.total > 0 && (
                <text x={x + width / 2} y={y(bar.total) - 4} textAnchor="middle" className="progress-chart__total">
                  {bar.total}
                </text>
              )}
              <text x={x + width / 2} y={HEIGHT - BOTTOM + 18} textAnchor="middle" className="progress-chart__month">
                {t("dashboard.monthName", { n: bar.month })}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend" aria-label={t("dashboard.legendHeading")}>
        {SERIES.map((s) => (
          <li key={s}>
            <svg width="14" height="14" aria-hidden="true" focusable="false">
              <rect width="14" height="14" className={`series--${s}`} />
            </svg>
            {t(`dashboard.series.${s}`)}
          </li>
        ))}
      </ul>
      <details className="chart-table">
        <summary>{t("dashboard.chartTable")}</summary>
        {/* biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboards can scroll it (WCAG 2.1.1). */}
        <div className="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
          <table className="data-table">
            <caption id={`${id}-caption`}>{t("dashboard.chartTitle", { year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.month")}</th>
                {SERIES.map((s) => (
                  <th key={s} scope="col" className="numeric">
                    {t(`dashboard.series.${s}`)}
                  </th>
                ))}
                <th scope="col" className="numeric">
                  {t("dashboard.reportsTotal")}
                </th>
              </tr>
            </thead>
            <tbody>
              {timeline.months.map((m, i) => (
                <tr key={m.month}>
                  <th scope="row">
                    {t("dashboard.monthName", { n: m.month })}
                    {!m.due && <span className="muted">（{t("dashboard.notDue")}）</span>}
                  </th>
                  {SERIES.map((s) => (
                    <td key={s} className="numeric">
                      {m.reports[s] ?? 0}
                    </td>
                  ))}
                  <td className="numeric">{bars[i]?.total ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
