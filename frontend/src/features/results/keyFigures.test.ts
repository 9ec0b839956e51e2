import { describe, expect, it } from "vitest";
import { figureErrors, figuresToSend, writtenIn } from "./keyFigures";

describe("key figures", () => {
  it("sends the rows written, trimmed, and drops the empty ones", () => {
    expect(
      figuresToSend([
        { name: " 客服滿意度 ", value: "92.5", unit: "%" },
        { name: "", value: "", unit: "" },
        { name: "案件數", value: "12", unit: " " },
      ]),
    ).toEqual([
      { name: "客服滿意度", value: "92.5", unit: "%" },
      { name: "案件數", value: "12", unit: null },
    ]);
  });

  it("names a missing name and a value that is not a decimal", () => {
    expect(
      figureErrors([
        { name: "", value: "3", unit: "" },
        { name: "x", value: "3.14159", unit: "" },
        { name: "y", value: "", unit: "件" },
        { name: "", value: "", unit: "" },
        { name: "z", value: "-0.5", unit: "" },
      ]),
    ).toEqual({ "0.name": "required", "1.value": "number", "2.value": "required" });
  });

  it("counts a dimension with only figures as written", () => {
    expect(writtenIn({ performance: "", results: "", figures: [{ name: "a", value: "1", unit: "" }] })).toBe(true);
    expect(writtenIn({ performance: " ", results: "", figures: [{ name: "", value: "", unit: "" }] })).toBe(false);
  });
});
