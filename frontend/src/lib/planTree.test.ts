import { describe, expect, it } from "vitest";
import type { DimensionNode, MeasureNode, OrganizationRef } from "../api/types";
import { countIndicators, countMeasures, dimensionLabel, filterTreeByOrganization, groupByOrganization, strategyLabel } from "./planTree";

const org = (code: string): OrganizationRef => ({
  id: code.length,
  code,
  kind: "enterprise",
  name_zh: code,
  name_en: code,
  short_name_zh: code,
  short_name_en: code,
});

const measure = (id: number, owners: string[], code: string | null = null): MeasureNode => ({
  id,
  key: `m${id}`,
  code,
  position: id,
  text: `measure ${id}`,
  indicators: [],
  organizations: owners.map(org),
  sub_items: [],
});

const tree = (): DimensionNode[] => [
  {
    id: 1,
    key: "d1",
    code: "一",
    position: 0,
    name: "基礎服務",
    strategies: [
      { id: 1, key: "s1", code: "(一)", position: 0, name: "A", measures: [measure(1, ["P"]), measure(2, ["C"])] },
      { id: 2, key: "s2", code: "(二)", position: 1, name: "B", measures: [measure(3, ["P"])] },
    ],
  },
  {
    id: 2,
    key: "d2",
    code: "二",
    position: 1,
    name: "開放創新",
    strategies: [
      {
        id: 3,
        key: "s3",
        code: "(一)",
        position: 0,
        name: "C",
        measures: [measure(4, ["S", "W"]), measure(5, ["W"])],
      },
    ],
  },
];

describe("groupByOrganization", () => {
  it("keeps document order and puts a shared measure under both owners", () => {
    const groups = groupByOrganization([measure(1, ["P"]), measure(2, ["S", "W"]), measure(3, ["W"]), measure(4, ["P"])]);
    expect(groups.map((g) => g.organization.code)).toEqual(["P", "S", "W"]);
    expect(groups.map((g) => g.measures.map((m) => m.id))).toEqual([[1, 4], [2], [2, 3]]);
  });

  it("gives nothing for no measures", () => {
    expect(groupByOrganization([])).toEqual([]);
  });
});

describe("filterTreeByOrganization", () => {
  it("returns the whole tree without an organisation", () => {
    expect(countMeasures(filterTreeByOrganization(tree(), null))).toBe(5);
  });

  it("keeps an organisation's measures, counting shared ones, and drops empty branches", () => {
    const water = filterTreeByOrganization(tree(), "W");
    expect(water.map((d) => d.id)).toEqual([2]);
    expect(countMeasures(water)).toBe(2);
    const power = filterTreeByOrganization(tree(), "P");
    expect(power.map((d) => d.strategies.map((s) => s.id))).toEqual([[1, 2]]);
  });

  it("gives an empty tree for an organisation that owns nothing", () => {
    expect(filterTreeByOrganization(tree(), "NOPE")).toEqual([]);
  });
});

describe("labels and counts", () => {
  it("numbers levels the way the plan does", () => {
    expect(dimensionLabel({ code: "一", name: "基礎服務" })).toBe("一、基礎服務");
    expect(strategyLabel({ code: "(一)", name: "服務友善性" })).toBe("(一) 服務友善性");
  });

  it("counts a measure's own and its sub-items' indicators", () => {
    const indicator = {
      id: 1,
      key: "n1",
      name: "x",
      unit: null,
      target: null,
      comparison: "report_only" as const,
      frequency: "yearly" as const,
      due_date: null,
      source_phrase: null,
      baseline: null,
      inferred: false,
      inferred_reason: null,
      due_date_roc: null,
    };
    expect(
      countIndicators({
        indicators: [indicator],
        sub_items: [{ id: 1, key: "i1", code: "甲", position: 0, text: "", indicators: [indicator, indicator] }],
      }),
    ).toBe(3);
  });
});
