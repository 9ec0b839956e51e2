import { describe, expect, it } from "vitest";
import { dueDay, firstDay, parsePeriod, periodsOf, periodsToReport, periodText, reportingKind, taipeiToday, timingOf } from "./periods";

describe("reporting periods (as backend/uplift/progress/periods.py)", () => {
  it("reads and writes every kind of period", () => {
    for (const text of ["2018", "2018-H2", "2018-Q3", "2018-B6", "2018-M01", "2018-M12"]) {
      const p = parsePeriod(text);
      expect(p).not.toBeNull();
      expect(periodText(p!)).toBe(text);
    }
    for (const text of ["2018-M13", "2018-M1", "2018-Q5", "2018-B7", "2018-H3", "1911", "18-Q1", "2018-q1", ""]) {
      expect(parsePeriod(text)).toBeNull();
    }
  });

  it("spans each period from its first to its last day, the day it is due", () => {
    expect([firstDay(parsePeriod("2018-B1")!), dueDay(parsePeriod("2018-B1")!)]).toEqual(["2018-01-01", "2018-02-28"]);
    expect(dueDay(parsePeriod("2020-B1")!)).toBe("2020-02-29");
    expect([firstDay(parsePeriod("2018-Q3")!), dueDay(parsePeriod("2018-Q3")!)]).toEqual(["2018-07-01", "2018-09-30"]);
    expect(dueDay(parsePeriod("2018-H1")!)).toBe("2018-06-30");
    expect([firstDay(parsePeriod("2018")!), dueDay(parsePeriod("2018")!)]).toEqual(["2018-01-01", "2018-12-31"]);
    expect(dueDay(parsePeriod("2018-M11")!)).toBe("2018-11-30");
  });

  it("reports at the finest frequency; unspecified and per-case set no rhythm", () => {
    expect(reportingKind(["yearly", "bimonthly", "quarterly"])).toBe("B");
    expect(reportingKind(["once"])).toBe("Y");
    expect(reportingKind(["half_yearly", "unspecified"])).toBe("H");
    expect(reportingKind(["unspecified", "per_case"])).toBeNull();
    expect(reportingKind([])).toBeNull();
  });

  it("lists the periods of a year: six for two-monthly, the year alone with no rhythm", () => {
    expect(periodsOf("B", 2018).map(periodText)).toEqual(["2018-B1", "2018-B2", "2018-B3", "2018-B4", "2018-B5", "2018-B6"]);
    expect(periodsOf("M", 2018)).toHaveLength(12);
    expect(periodsOf(null, 2018)).toEqual([]);
    expect(periodsToReport(null, 2018).map(periodText)).toEqual(["2018"]);
    expect(periodsToReport("Q", 2018).map(periodText)).toEqual(["2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"]);
  });

  it("says whether a period has ended, runs now or is ahead", () => {
    const q2 = parsePeriod("2018-Q2")!;
    expect(timingOf(q2, "2018-03-31")).toBe("future");
    expect(timingOf(q2, "2018-04-01")).toBe("current");
    expect(timingOf(q2, "2018-06-30")).toBe("current");
    expect(timingOf(q2, "2018-07-01")).toBe("past");
  });

  it("takes today in Taipei, eight hours ahead of UTC", () => {
    expect(taipeiToday(new Date("2018-06-30T16:30:00Z"))).toBe("2018-07-01");
    expect(taipeiToday(new Date("2018-06-30T15:59:00Z"))).toBe("2018-06-30");
  });
});
