import { describe, expect, it } from "vitest";
import { parseRocYearInput } from "./rocYear";

describe("parseRocYearInput", () => {
  it("reads ROC years and Gregorian years", () => {
    expect(parseRocYearInput("107")).toBe(2018);
    expect(parseRocYearInput("民國120年")).toBe(2031);
    expect(parseRocYearInput("120年度")).toBe(2031);
    expect(parseRocYearInput("１２０")).toBe(2031);
    expect(parseRocYearInput("2031")).toBe(2031);
  });
  it("rejects the rest", () => {
    for (const s of ["", "0", "abc", "12.5", "3000", "1500"]) expect(parseRocYearInput(s), s).toBeNull();
  });
});
