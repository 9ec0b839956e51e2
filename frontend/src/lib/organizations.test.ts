import { describe, expect, it } from "vitest";
import type { Organization } from "../api/types";
import { unitsUnder } from "./organizations";

function org(id: number, kind: Organization["kind"], parent_id: number | null): Organization {
  const name = `o${id}`;
  return { id, code: name, kind, name_zh: name, name_en: name, short_name_zh: name, short_name_en: name, parent_id, position: id };
}

describe("unitsUnder", () => {
  const tree = [
    org(1, "ministry", null),
    org(2, "commission", 1),
    org(3, "enterprise", 2),
    org(4, "unit", 3),
    org(5, "unit", 4),
    org(6, "enterprise", 2),
    org(7, "unit", 6),
  ];

  it("lists an enterprise's units at every depth, and no other enterprise's", () => {
    expect(unitsUnder(tree, 3).map((o) => o.id)).toEqual([4, 5]);
    expect(unitsUnder(tree, 6).map((o) => o.id)).toEqual([7]);
  });

  it("finds nothing under a unit without units", () => {
    expect(unitsUnder(tree, 5)).toEqual([]);
  });
});
