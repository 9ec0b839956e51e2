import { describe, expect, it } from "vitest";
import { containsLoosely, splitMatches } from "./highlight";

describe("splitMatches", () => {
  it("marks every occurrence", () => {
    expect(splitMatches("電子發票查詢、電子發票歸戶", "電子發票")).toEqual([
      { text: "電子發票", match: true },
      { text: "查詢、", match: false },
      { text: "電子發票", match: true },
      { text: "歸戶", match: false },
    ]);
  });

  it("ignores letter case and keeps the original text", () => {
    expect(splitMatches("推展知識管理(KM)", "km")).toEqual([
      { text: "推展知識管理(", match: false },
      { text: "KM", match: true },
      { text: ")", match: false },
    ]);
  });

  it("returns the text whole when nothing matches or the query is blank", () => {
    expect(splitMatches("abc", "x")).toEqual([{ text: "abc", match: false }]);
    expect(splitMatches("abc", "  ")).toEqual([{ text: "abc", match: false }]);
  });
});

describe("containsLoosely", () => {
  it("ignores spaces, case and full-width forms", () => {
    expect(containsLoosely("提供 wifi或 iTaiwan免費無線網路", "ＷＩＦＩ")).toBe(true);
    expect(containsLoosely("每 2個月至少測試 1次", "每2個月")).toBe(true);
    expect(containsLoosely("abc", "")).toBe(false);
  });
});
