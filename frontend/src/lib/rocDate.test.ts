import { describe, expect, it } from "vitest";
import { formatRocDate, formatRocDateTime, formatRocYear, parseIsoDate, parseRocDateInput, toRocInput, toRocYear } from "./rocDate";

describe("toRocYear", () => {
  it("subtracts 1911", () => {
    expect(toRocYear(2018)).toBe(107);
    expect(toRocYear(1912)).toBe(1);
  });
});

describe("formatRocDate", () => {
  it("formats the report due date in zh-TW without leading zeros", () => {
    expect(formatRocDate("2019-03-15", "zh-TW")).toBe("108年3月15日");
    expect(formatRocDate("2018-12-31", "zh-TW")).toBe("107年12月31日");
    expect(formatRocDate("2018-01-09", "zh-TW")).toBe("107年1月9日");
  });

  it("gives the ROC date and the ISO date in English", () => {
    expect(formatRocDate("2019-03-15", "en")).toBe("108/03/15 (2019-03-15)");
    expect(formatRocDate("2018-06-30", "en")).toBe("107/06/30 (2018-06-30)");
  });

  it("handles the first ROC year and the years before it", () => {
    expect(formatRocDate("1912-01-01", "zh-TW")).toBe("1年1月1日");
    expect(formatRocDate("1911-10-10", "zh-TW")).toBe("前1年10月10日");
    expect(formatRocDate("1911-10-10", "en")).toBe("1911-10-10");
  });

  it("accepts leap days and rejects impossible or malformed dates", () => {
    expect(formatRocDate("2020-02-29", "zh-TW")).toBe("109年2月29日");
    expect(() => formatRocDate("2019-02-29", "zh-TW")).toThrow(RangeError);
    expect(() => formatRocDate("2019-3-15", "zh-TW")).toThrow(RangeError);
    expect(() => formatRocDate("2019-03-15T00:00:00Z", "en")).toThrow(RangeError);
    expect(() => formatRocDate("", "en")).toThrow(RangeError);
  });
});

describe("parseIsoDate", () => {
  it("returns the calendar parts", () => {
    expect(parseIsoDate("2019-03-15")).toEqual({ year: 2019, month: 3, day: 15 });
  });
});

describe("formatRocYear", () => {
  it("names a plan year", () => {
    expect(formatRocYear(2018, "zh-TW")).toBe("107年度");
    expect(formatRocYear(2018, "en")).toBe("ROC year 107 (2018)");
  });
});

describe("parseRocDateInput", () => {
  it("reads the ROC forms people type", () => {
    for (const s of [
      "107年3月15日",
      "107.03.15",
      "107/03/15",
      "107/3/15",
      "107-03-15",
      "民國107年3月15日",
      " 107 年 3 月 15 日 ",
      "107年3月15",
    ]) {
      expect(parseRocDateInput(s), s).toBe("2018-03-15");
    }
    expect(parseRocDateInput("１０７．０３．１５")).toBe("2018-03-15");
    expect(parseRocDateInput("108年12月31日")).toBe("2019-12-31");
    expect(parseRocDateInput("1/1/1")).toBe("1912-01-01");
  });

  it("reads a four-digit year as Gregorian", () => {
    expect(parseRocDateInput("2018-03-15")).toBe("2018-03-15");
    expect(parseRocDateInput("2018/3/5")).toBe("2018-03-05");
  });

  it("rejects what is not a date", () => {
    for (const s of ["", "  ", "107", "107/13/01", "107/02/29", "107年2月30日", "0/01/01", "abc", "107/03/15x", "12345/01/01"]) {
      expect(parseRocDateInput(s), s).toBeNull();
    }
    expect(parseRocDateInput("109/02/29")).toBe("2020-02-29");
  });
});

describe("toRocInput", () => {
  it("round-trips through parseRocDateInput", () => {
    expect(toRocInput("2019-03-15")).toBe("108/03/15");
    expect(parseRocDateInput(toRocInput("2019-03-15"))).toBe("2019-03-15");
  });
});

describe("formatRocDateTime", () => {
  it("shows the Taipei date and time", () => {
    expect(formatRocDateTime("2026-11-26T17:30:00Z", "zh-TW")).toBe("115年11月27日 01:30");
    expect(formatRocDateTime("2026-11-26T17:30:00Z", "en")).toBe("115/11/27 01:30 (2026-11-27)");
    expect(formatRocDateTime("nonsense", "en")).toBe("nonsense");
  });
});
