import { describe, expect, it } from "vitest";
import type { OrganizationRef, PlanProgress, ProgressCell, ProgressTimeline } from "../../api/types";
import { axisScale, chartBars, heatColumns, heatLevel, heatRows, laggingRows, percent, shortText } from "./dashboard";

const org = (id: number, code: string): OrganizationRef => ({
  id,
  code,
  kind: "enterprise",
  name_zh: code,
  name_en: code,
  short_name_zh: code,
  short_name_en: code,
});

function cell(organizationId: number, dimension: string, strategy: string, over: Partial<ProgressCell> = {}): ProgressCell {
  return {
    organization_id: organizationId,
    dimension_key: dimension,
    dimension_code: dimension,
    strategy_key: strategy,
    strategy_code: strategy,
    measures: 4,
    statuses: { not_started: 0, on_track: 1, done: 1, delayed: 1, not_applicable: 0, unreported: 1 },
    expected: 6,
    missing: 2,
    late: 1,
    drafts: 0,
    lagging: [{ measure_key: `${strategy}-m`, code: "(1)", delayed: true, missing_periods: ["2018-B1"] }],
    ...over,
  };
}

const statuses = (over: Partial<ProgressCell["statuses"]>): ProgressCell["statuses"] => ({
  not_started: 0,
  on_track: 0,
  done: 0,
  delayed: 0,
  not_applicable: 0,
  unreported: 0,
  ...over,
});

const summary = (o: OrganizationRef) => ({
  organization: o,
  measures: 0,
  statuses: statuses({}),
  expected: 0,
  missing: 0,
  late: 0,
  drafts: 0,
  lagging: 0,
});

const MATRIX: PlanProgress = {
  plan_id: 1,
  year: 2018,
  today: "2018-07-15",
  basis: "submitted",
  dimensions: [
    {
      key: "d1",
      code: "一",
      name: "服務流程",
      strategies: [
        { key: "s1", code: "（一）", name: "甲" },
        { key: "s2", code: "（二）", name: "乙" },
      ],
    },
    { key: "d2", code: "二", name: "服務量能", strategies: [{ key: "s3", code: "（一）", name: "丙" }] },
  ],
  enterprises: [summary(org(7, "B")), summary(org(3, "A"))],
  cells: [
    cell(3, "d1", "s1"),
    cell(7, "d1", "s2", { lagging: [] }),
    cell(7, "d1", "s1", {
      measures: 2,
      statuses: statuses({ on_track: 2 }),
      missing: 0,
      late: 0,
      lagging: [],
    }),
  ],
};

describe("the heat map's numbers", () => {
  it("sums an enterprise's strategies into its dimension, in the API's enterprise order", () => {
    const rows = heatRows(MATRIX, false);
    expect(rows.map((r) => r.organization.code)).toEqual(["B", "A"]);
    const [b, a] = rows;
    expect(b!.cells[0]).toMatchObject({ measures: 6, onTrack: 4, delayed: 1, lagging: 0, missing: 2, late: 1 });
    expect(b!.cells[1]).toBeNull(); // no measure of B in the second dimension
    expect(a!.cells[0]).toMatchObject({ measures: 4, onTrack: 2, lagging: 1, unreported: 1 });
    expect(a!.total).toEqual(a!.cells[0]);
  });

  it("expands the dimensions into their strategies", () => {
    expect(heatColumns(MATRIX, true).map((c) => c.key)).toEqual(["s1", "s2", "s3"]);
    const b = heatRows(MATRIX, true)[0]!;
    expect(b.cells.map((c) => c?.measures ?? null)).toEqual([2, 4, null]);
  });

  it("colours by the share lagging, then the share on track or done", () => {
    const base = { measures: 4, onTrack: 0, delayed: 0, notStarted: 0, notApplicable: 0, unreported: 0, lagging: 0, missing: 0, late: 0 };
    expect(heatLevel({ ...base, measures: 0 })).toBe("none");
    expect(heatLevel({ ...base, lagging: 2 })).toBe("behind");
    expect(heatLevel({ ...base, lagging: 1, onTrack: 3 })).toBe("mixed");
    expect(heatLevel({ ...base, onTrack: 2 })).toBe("good");
    expect(heatLevel({ ...base, onTrack: 1, unreported: 3 })).toBe("quiet");
    expect([percent(1, 3), percent(2, 3), percent(0, 0)]).toEqual([33, 67, 0]);
  });

  it("lists the lagging measures enterprise by enterprise, or one cell's", () => {
    expect(laggingRows(MATRIX).map((r) => [r.organization.code, r.measureKey])).toEqual([["A", "s1-m"]]);
    expect(laggingRows(MATRIX, { organizationId: 3, columnKey: "d1" })).toHaveLength(1);
    expect(laggingRows(MATRIX, { organizationId: 7, columnKey: "d1" })).toHaveLength(0);
  });
});

describe("the chart's series", () => {
  const months = Array.from({ length: 12 }, (_, i) => ({
    month: i + 1,
    due: i < 6,
    reports: { not_started: 0, on_track: 0, done: 0, delayed: 0, not_applicable: 0, missing: 0 },
  }));
  months[1]!.reports = { ...months[1]!.reports, on_track: 3, done: 1, missing: 2 };
  months[3]!.reports = { ...months[3]!.reports, delayed: 5 };
  const timeline: ProgressTimeline = {
    plan_id: 1,
    year: 2018,
    today: "2018-07-15",
    months,
    missing_total: 2,
    missing: [],
    late_total: 0,
    late: [],
  };

  it("stacks each month's counts in the series order, leaving empty ones out", () => {
    const bars = chartBars(timeline);
    expect(bars).toHaveLength(12);
    expect(bars[1]!.segments).toEqual([
      { series: "done", count: 1, from: 0, to: 1 },
      { series: "on_track", count: 3, from: 1, to: 4 },
      { series: "missing", count: 2, from: 4, to: 6 },
    ]);
    expect(bars[1]!.total).toBe(6);
    expect(bars[3]!.segments).toEqual([{ series: "delayed", count: 5, from: 0, to: 5 }]);
    expect(bars[0]!.segments).toEqual([]);
    expect(bars.map((b) => b.due)).toEqual([...Array(6).fill(true), ...Array(6).fill(false)]);
  });

  it("rounds the axis up to a tick", () => {
    expect(axisScale(0)).toEqual({ top: 4, step: 1 });
    expect(axisScale(6)).toEqual({ top: 6, step: 2 });
    expect(axisScale(37)).toEqual({ top: 40, step: 10 });
    expect(axisScale(179)).toEqual({ top: 200, step: 50 });
  });
});

describe("measure texts in lists", () => {
  it("cuts long texts by characters, not bytes", () => {
    expect(shortText("短文", 40)).toBe("短文");
    expect(shortText("一二三四五六", 4)).toBe("一二三…");
  });
});
