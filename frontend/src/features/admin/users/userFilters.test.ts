import { describe, expect, it } from "vitest";
import { readFilters, writeFilters } from "./userFilters";

describe("the users list's address", () => {
  it("brings back the same filters from a copied link", () => {
    const filters = { role: "enterprise_reporter" as const, organization: "TAIWATER", active: false, page: 3 };
    expect(readFilters(new URLSearchParams(writeFilters(filters)))).toEqual(filters);
  });

  it("keeps the address short: the first page and unset filters are not written", () => {
    expect(writeFilters({ role: null, organization: null, active: null, page: 1 })).toBe("");
    expect(writeFilters({ role: "reviewer", organization: null, active: true, page: 1 })).toBe("role=reviewer&active=true");
  });

  it("ignores what it does not know in a hand-edited address", () => {
    expect(readFilters(new URLSearchParams("role=king&active=maybe&page=-2"))).toEqual({
      role: null,
      organization: null,
      active: null,
      page: 1,
    });
  });
});
