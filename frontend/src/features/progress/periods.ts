// Reporting periods, as backend/uplift/progress/periods.py rules them (keep the two alike).
// A period lies within one year: 2018 (the year, or a one-off), 2018-H1/H2, 2018-Q1…Q4,
// 2018-B1…B6 (two months: B1 is January and February), 2018-M01…M12. A period is due on its
// last day. A measure reports at the finest frequency of its indicators; `unspecified` and
// `per_case` set no rhythm, and a measure with only those takes any period of its year.

import type { Frequency } from "../../api/types";

export type PeriodKind = "M" | "B" | "Q" | "H" | "Y";

export const PERIOD_PATTERN = /^[0-9]{4}(-(H[12]|Q[1-4]|B[1-6]|M(0[1-9]|1[0-2])))?$/;

const MONTHS_IN: Record<PeriodKind, number> = { M: 1, B: 2, Q: 3, H: 6, Y: 12 };
const KIND_OF_FREQUENCY: Partial<Record<Frequency, PeriodKind>> = {
  monthly: "M",
  bimonthly: "B",
  quarterly: "Q",
  half_yearly: "H",
  yearly: "Y",
  once: "Y",
};

export interface Period {
  year: number;
  kind: PeriodKind;
  /** 1-based within the year; 1 for Y. */
  index: number;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

export function periodText(p: Period): string {
  if (p.kind === "Y") return String(p.year);
  if (p.kind === "M") return `${p.year}-M${pad2(p.index)}`;
  return `${p.year}-${p.kind}${p.index}`;
}

/** The period a text names, or null when it is not one. */
export function parsePeriod(text: string): Period | null {
  if (!PERIOD_PATTERN.test(text)) return null;
  const year = Number(text.slice(0, 4));
  if (year < 1912) return null;
  if (text.length === 4) return { year, kind: "Y", index: 1 };
  return { year, kind: text[5] as PeriodKind, index: Number(text.slice(6)) };
}

/** ISO first day of the period. */
export function firstDay(p: Period): string {
  return `${p.year}-${pad2((p.index - 1) * MONTHS_IN[p.kind] + 1)}-01`;
}

/** ISO last day of the period: the day its report is due. */
export function dueDay(p: Period): string {
  const month = p.index * MONTHS_IN[p.kind];
  const last = new Date(Date.UTC(p.year, month, 0)).getUTCDate();
  return `${p.year}-${pad2(month)}-${pad2(last)}`;
}

/** The finest known kind among the frequencies; null when none sets a rhythm. */
export function reportingKind(frequencies: Iterable<Frequency>): PeriodKind | null {
  let best: PeriodKind | null = null;
  for (const f of frequencies) {
    const kind = KIND_OF_FREQUENCY[f];
    if (kind && (best === null || MONTHS_IN[kind] < MONTHS_IN[best])) best = kind;
  }
  return best;
}

/** The periods a measure reporting in `kind` reports for in `year`: none when no rhythm is set. */
export function periodsOf(kind: PeriodKind | null, year: number): Period[] {
  if (kind === null) return [];
  return Array.from({ length: 12 / MONTHS_IN[kind] }, (_, i) => ({ year, kind, index: i + 1 }));
}

/**
 * The periods the reporter is shown for a measure: its rhythm's periods, or the year alone
 * when it has none (such a measure reports when it has something, at least once a year).
 */
export function periodsToReport(kind: PeriodKind | null, year: number): Period[] {
  return kind === null ? [{ year, kind: "Y", index: 1 }] : periodsOf(kind, year);
}

export type Timing = "past" | "current" | "future";

/** Where a period stands on `today` (ISO, Taipei): ended, running now, or still ahead. */
export function timingOf(p: Period, today: string): Timing {
  if (dueDay(p) < today) return "past";
  if (firstDay(p) > today) return "future";
  return "current";
}

/** Today's date in Taipei (ISO), the calendar reports are due by. */
export function taipeiToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Taipei", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
