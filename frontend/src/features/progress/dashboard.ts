import type { OrganizationRef, PlanProgress, ProgressCell, ProgressTimeline, ReportCounts } from "../../api/types";

/** One heat-map cell's numbers: an enterprise's measures in a dimension or a strategy. */
export interface HeatCounts {
  measures: number;
  /** Measures whose latest report says on track or done. */
  onTrack: number;
  delayed: number;
  notStarted: number;
  notApplicable: number;
  unreported: number;
  /** Measures delayed or with a missing period. */
  lagging: number;
  /** Expected periods without a submitted report. */
  missing: number;
  /** Reports submitted after their due day. */
  late: number;
}

/**
 * How a cell is coloured, always beside its written counts: `behind` when half or more of its
 * measures lag, `mixed` when some do, `good` when none lags and half or more are on track or done,
 * `quiet` when none lags but most have said nothing yet (or are not started), `none` without measures.
 */
export type HeatLevel = "none" | "behind" | "mixed" | "good" | "quiet";

export const EMPTY: HeatCounts = {
  measures: 0,
  onTrack: 0,
  delayed: 0,
  notStarted: 0,
  notApplicable: 0,
  unreported: 0,
  lagging: 0,
  missing: 0,
  late: 0,
};

export function countsOf(cell: ProgressCell): HeatCounts {
  const s = cell.statuses;
  return {
    measures: cell.measures,
    onTrack: (s.on_track ?? 0) + (s.done ?? 0),
    delayed: s.delayed ?? 0,
    notStarted: s.not_started ?? 0,
    notApplicable: s.not_applicable ?? 0,
    unreported: s.unreported ?? 0,
    lagging: cell.lagging.length,
    missing: cell.missing,
    late: cell.late,
  };
}

export function addCounts(a: HeatCounts, b: HeatCounts): HeatCounts {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof HeatCounts)[]) out[k] = a[k] + b[k];
  return out;
}

/** A share in whole per cent, 0 when there is nothing to share. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

export function heatLevel(c: HeatCounts): HeatLevel {
  if (c.measures === 0) return "none";
  if (c.lagging * 2 >= c.measures) return "behind";
  if (c.lagging > 0) return "mixed";
  if (c.onTrack * 2 >= c.measures) return "good";
  return "quiet";
}

/** A column of the matrix: a dimension, or (expanded) one of its strategies. */
export interface HeatColumn {
  key: string;
  code: string;
  name: string;
  dimensionKey: string;
}

export function heatColumns(matrix: PlanProgress, byStrategy: boolean): HeatColumn[] {
  return matrix.dimensions.flatMap((d) =>
    byStrategy
      ? d.strategies.map((s) => ({ key: s.key, code: s.code, name: s.name, dimensionKey: d.key }))
      : [{ key: d.key, code: d.code, name: d.name, dimensionKey: d.key }],
  );
}

export interface HeatRow {
  organization: OrganizationRef;
  /** One per column, in the columns' order; null where the enterprise has no measure. */
  cells: (HeatCounts | null)[];
  total: HeatCounts;
}

/** The matrix as rows of enterprises (the API's order) by dimension or strategy columns. */
export function heatRows(matrix: PlanProgress, byStrategy: boolean): HeatRow[] {
  const columns = heatColumns(matrix, byStrategy);
  return matrix.enterprises.map((e) => {
    const mine = matrix.cells.filter((c) => c.organization_id === e.organization.id);
    const cells = columns.map((column) => {
      const inColumn = mine.filter((c) => (byStrategy ? c.strategy_key === column.key : c.dimension_key === column.key));
      return inColumn.length === 0 ? null : inColumn.map(countsOf).reduce(addCounts, EMPTY);
    });
    return { organization: e.organization, cells, total: mine.map(countsOf).reduce(addCounts, EMPTY) };
  });
}

/** A lagging measure as the dashboard lists it. */
export interface LaggingRow {
  organization: OrganizationRef;
  measureKey: string;
  code: string | null;
  delayed: boolean;
  missingPeriods: string[];
  dimensionKey: string;
  strategyKey: string;
}

/** The lagging measures, enterprise by enterprise, optionally those of one enterprise and column. */
export function laggingRows(matrix: PlanProgress, only?: { organizationId: number; columnKey: string }): LaggingRow[] {
  const order = new Map(matrix.enterprises.map((e, i) => [e.organization.id, i]));
  const organizations = new Map(matrix.enterprises.map((e) => [e.organization.id, e.organization]));
  const strategyOrder = new Map(matrix.dimensions.flatMap((d) => d.strategies.map((s) => s.key)).map((k, i) => [k, i]));
  return matrix.cells
    .filter(
      (c) =>
        !only || (c.organization_id === only.organizationId && (c.dimension_key === only.columnKey || c.strategy_key === only.columnKey)),
    )
    .sort(
      (a, b) =>
        (order.get(a.organization_id) ?? 0) - (order.get(b.organization_id) ?? 0) ||
        (strategyOrder.get(a.strategy_key) ?? 0) - (strategyOrder.get(b.strategy_key) ?? 0),
    )
    .flatMap((c) => {
      const organization = organizations.get(c.organization_id);
      return organization === undefined
        ? []
        : c.lagging.map((l) => ({
            organization,
            measureKey: l.measure_key,
            code: l.code,
            delayed: l.delayed,
            missingPeriods: l.missing_periods,
            dimensionKey: c.dimension_key,
            strategyKey: c.strategy_key,
          }));
    });
}

/** The chart's series, bottom to top: reports by work status, then the missing ones. */
export const SERIES = ["done", "on_track", "not_started", "not_applicable", "delayed", "missing"] as const;
export type Series = (typeof SERIES)[number];

export interface Segment {
  series: Series;
  count: number;
  /** Where the segment starts and ends, counted from the axis. */
  from: number;
  to: number;
}

export interface MonthBar {
  month: number;
  due: boolean;
  total: number;
  segments: Segment[];
}

/** Months as stacked bars: each series' count and its place in the stack; empty series left out. */
export function chartBars(timeline: ProgressTimeline): MonthBar[] {
  return timeline.months.map((m) => {
    let at = 0;
    const segments: Segment[] = [];
    for (const series of SERIES) {
      const count = (m.reports as ReportCounts)[series] ?? 0;
      if (count > 0) segments.push({ series, count, from: at, to: at + count });
      at += count;
    }
    return { month: m.month, due: m.due, total: at, segments };
  });
}

/** The axis top: a round number at or above the tallest bar, with its tick step (four to five ticks). */
export function axisScale(highest: number): { top: number; step: number } {
  if (highest <= 4) return { top: 4, step: 1 };
  const rough = highest / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  return { top: Math.ceil(highest / step) * step, step };
}

/** A measure's text cut to `length` characters for a list; the whole text stays in the drill-down. */
export function shortText(text: string, length = 40): string {
  const chars = Array.from(text);
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join("")}…`;
}
