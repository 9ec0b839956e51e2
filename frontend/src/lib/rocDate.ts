// The Republic of China (Minguo) calendar counts years from 1912 = 民國1年.
// Dates travel as ISO strings (YYYY-MM-DD); people read them in ROC years.

export type DateLanguage = "zh-TW" | "en";

const ROC_OFFSET = 1911;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Gregorian year → ROC year (2018 → 107). Years before 1912 give 0 or less. */
export function toRocYear(gregorianYear: number): number {
  return gregorianYear - ROC_OFFSET;
}

/** Parses a strict ISO calendar date, rejecting impossible days such as 2019-02-30. */
export function parseIsoDate(iso: string): CalendarDate {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new RangeError(`Not an ISO date: ${iso}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: ${iso}`);
  }
  return { year, month, day };
}

function rocYearZh(rocYear: number): string {
  return rocYear > 0 ? `${rocYear}` : `前${1 - rocYear}`;
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/**
 * 2019-03-15 → "108年3月15日" (zh-TW) or "108/03/15 (2019-03-15)" (en).
 * The English form keeps the ROC date people quote and adds the Gregorian one.
 */
export function formatRocDate(iso: string, language: DateLanguage): string {
  const { year, month, day } = parseIsoDate(iso);
  const roc = toRocYear(year);
  if (language === "zh-TW") {
    return `${rocYearZh(roc)}年${month}月${day}日`;
  }
  if (roc <= 0) return iso;
  return `${pad2(roc)}/${pad2(month)}/${pad2(day)} (${iso})`;
}

/** 2018 → "107年度" (zh-TW) or "ROC year 107 (2018)" (en): how a plan's year is named. */
export function formatRocYear(gregorianYear: number, language: DateLanguage): string {
  const roc = toRocYear(gregorianYear);
  if (language === "zh-TW") return `${rocYearZh(roc)}年度`;
  return `ROC year ${roc} (${gregorianYear})`;
}
