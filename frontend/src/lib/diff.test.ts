import { describe, expect, it } from "vitest";
import { diffRecords, displayValue, flatten } from "./diff";

describe("flatten", () => {
  it("uses dotted paths and indexes arrays of objects", () => {
    const flat = flatten({ a: 1, b: { c: "x", d: [1, 2] }, e: [{ f: 1 }, { f: 2 }] });
    expect([...flat.entries()]).toEqual([
      ["a", 1],
      ["b.c", "x"],
      ["b.d", [1, 2]],
      ["e[0].f", 1],
      ["e[1].f", 2],
    ]);
  });
});

describe("displayValue", () => {
  it("reads values as people would", () => {
    expect(displayValue(null)).toBeNull();
    expect(displayValue("文字")).toBe("文字");
    expect(displayValue(["TAIWATER", "TAISUGAR"])).toBe("TAIWATER、TAISUGAR");
    expect(displayValue(true)).toBe("true");
    expect(displayValue(3)).toBe("3");
  });
});

describe("diffRecords", () => {
  it("lists changed, added and removed fields only", () => {
    const before = { text: "舊", code: "(1)", organizations: ["TAIWATER"], role: "reviewer", same: 1 };
    const after = { text: "新", organizations: ["TAIWATER", "TAISUGAR"], role: "reviewer", same: 1, unit: "次" };
    expect(diffRecords(before, after)).toEqual([
      { path: "text", kind: "changed", before: "舊", after: "新" },
      { path: "code", kind: "removed", before: "(1)", after: null },
      { path: "organizations", kind: "changed", before: "TAIWATER", after: "TAIWATER、TAISUGAR" },
      { path: "unit", kind: "added", before: null, after: "次" },
    ]);
  });

  it("treats a created or deleted record as all added or all removed", () => {
    expect(diffRecords(null, { a: 1, b: null })).toEqual([{ path: "a", kind: "added", before: null, after: "1" }]);
    expect(diffRecords({ a: { b: "x" } }, null)).toEqual([{ path: "a.b", kind: "removed", before: "x", after: null }]);
    expect(diffRecords(null, null)).toEqual([]);
  });

  it("goes into nested objects", () => {
    expect(diffRecords({ organization: { code: "A", name: "甲" } }, { organization: { code: "B", name: "甲" } })).toEqual([
      { path: "organization.code", kind: "changed", before: "A", after: "B" },
    ]);
  });
});
