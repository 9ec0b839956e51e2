import { describe, expect, it } from "vitest";
import type { DimensionNode } from "../../../api/types";
import { filterTree, isFiltering } from "./filter";

const measure = (id: number, text: string, owners: string[]) =>
  ({
    id,
    code: `(${id})`,
    text,
    organizations: owners.map((code) => ({ code })),
  }) as unknown as DimensionNode["strategies"][number]["measures"][number];
const tree = [
  { id: 1, strategies: [{ id: 11, measures: [measure(1, "推動電子發票", ["CPC"]), measure(2, "臨櫃服務", ["TAIPOWER"])] }] },
  { id: 2, strategies: [{ id: 21, measures: [measure(3, "線上申辦", ["TAIWATER"])] }] },
] as unknown as DimensionNode[];

describe("the editor's filter", () => {
  it("keeps everything when nothing is asked", () => {
    expect(isFiltering({ q: "  ", organization: "" })).toBe(false);
    expect(filterTree(tree, { q: "", organization: "" })).toHaveLength(2);
  });
  it("keeps only the groups with a matching measure, ignoring spaces and full-width forms", () => {
    const found = filterTree(tree, { q: "電子 發票", organization: "" });
    expect(found.map((d) => d.id)).toEqual([1]);
    expect(found[0]?.strategies[0]?.measures.map((m) => m.id)).toEqual([1]);
    expect(filterTree(tree, { q: "（3）", organization: "" })[0]?.id).toBe(2);
  });
  it("filters by owning enterprise, with the words too", () => {
    expect(filterTree(tree, { q: "", organization: "TAIPOWER" })[0]?.strategies[0]?.measures.map((m) => m.id)).toEqual([2]);
    expect(filterTree(tree, { q: "電子", organization: "TAIPOWER" })).toEqual([]);
  });
});
