import { describe, expect, it } from "vitest";
import { changeBrowseState, readBrowseState, writeBrowseState } from "./browseParams";

const read = (search: string) => readBrowseState(new URLSearchParams(search));

describe("readBrowseState", () => {
  it("reads the parameters", () => {
    expect(read("?plan=1&org=TAIWATER&q=%E9%9B%BB%E5%AD%90&page=2")).toEqual({
      plan: 1,
      org: "TAIWATER",
      q: "電子",
      page: 2,
    });
  });

  it("defaults and ignores nonsense", () => {
    expect(read("")).toEqual({ plan: null, org: null, q: "", page: 1 });
    expect(read("?plan=abc&page=-3&org=&q=%20%20")).toEqual({ plan: null, org: null, q: "", page: 1 });
    expect(read("?page=0").page).toBe(1);
  });

  it("caps the query at the API's limit", () => {
    expect(read(`?q=${"a".repeat(150)}`).q).toHaveLength(100);
  });
});

describe("writeBrowseState", () => {
  it("leaves out empty values and page 1", () => {
    expect(writeBrowseState({ plan: null, org: null, q: "", page: 1 }).toString()).toBe("");
    expect(writeBrowseState({ plan: 1, org: "CPC", q: "電子發票", page: 1 }).toString()).toBe(
      "plan=1&org=CPC&q=%E9%9B%BB%E5%AD%90%E7%99%BC%E7%A5%A8",
    );
  });

  it("round-trips", () => {
    const state = { plan: 3, org: "TAIPOWER", q: "無障礙", page: 4 };
    expect(readBrowseState(writeBrowseState(state))).toEqual(state);
  });
});

describe("changeBrowseState", () => {
  const base = { plan: 1, org: "CPC", q: "x", page: 3 };

  it("starts again at page 1 when the filter or query changes", () => {
    expect(changeBrowseState(base, { org: null }).page).toBe(1);
    expect(changeBrowseState(base, { q: "y" }).page).toBe(1);
  });

  it("keeps the page when nothing that selects changes", () => {
    expect(changeBrowseState(base, { q: "x" }).page).toBe(3);
    expect(changeBrowseState(base, { page: 4 }).page).toBe(4);
  });
});
