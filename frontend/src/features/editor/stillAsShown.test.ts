import { describe, expect, it } from "vitest";
import { stillAsShown } from "./stillAsShown";

describe("stillAsShown", () => {
  const shown = { code: "一", name: "基礎服務", position: 0 };

  it("accepts the same values, ignoring fields the page did not show", () => {
    expect(stillAsShown(shown, { id: 4, plan_id: 1, key: "d1", code: "一", name: "基礎服務", position: 0 })).toBe(true);
  });

  it("notices a changed name or position", () => {
    expect(stillAsShown(shown, { code: "一", name: "基礎服務（修正）", position: 0 })).toBe(false);
    expect(stillAsShown(shown, { code: "一", name: "基礎服務", position: 1 })).toBe(false);
  });

  it("compares nested lists by value and order, and null with null", () => {
    const owners = [{ code: "TAIPOWER" }, { code: "CPC" }];
    expect(
      stillAsShown({ code: null, organizations: owners }, { code: null, organizations: [{ code: "TAIPOWER" }, { code: "CPC" }] }),
    ).toBe(true);
    expect(stillAsShown({ organizations: owners }, { organizations: [{ code: "CPC" }, { code: "TAIPOWER" }] })).toBe(false);
    expect(stillAsShown({ code: null }, {})).toBe(false);
  });
});
