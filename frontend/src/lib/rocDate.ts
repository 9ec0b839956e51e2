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

const ROC_INPUT = /^(?:民國)?\s*(\d{1,3})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2}))$/;
const GREGORIAN_INPUT = /^(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})$/;

function toIso(year: number, month: number, day: number): string | null {
  const iso = `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
  try {
    parseIsoDate(iso);
    return iso;
  } catch {
    return null;
  }
}

/**
 * What a person types as a date → ISO, or null when it is not one. ROC forms: 107年3月15日,
 * 民國107年3月15日, 107.03.15, 107/03/15, 107-3-15; a four-digit year is read as Gregorian
 * (2018-03-15, 2018/3/15). Full-width digits and punctuation are accepted too.
 */
export function parseRocDateInput(text: string): string | null {
  const value = text.normalize("NFKC").trim().replace(/\s+/g, " ");
  if (!value) return null;
  const g = GREGORIAN_INPUT.exec(value);
  if (g) return toIso(Number(g[1]), Number(g[2]), Number(g[3]));
  const r = ROC_INPUT.exec(value);
  if (!r) return null;
  const roc = Number(r[1]);
  if (roc < 1) return null;
  const month = Number(r[2] ?? r[4]);
  const day = Number(r[3] ?? r[5]);
  return toIso(roc + ROC_OFFSET, month, day);
}

/** ISO → the ROC form an input shows and accepts back: 2019-03-15 → "108/03/15". */
export function toRocInput(iso: string): string {
  const { year, month, day } = parseIsoDate(iso);
  return `${toRocYear(year)}/${pad2(month)}/${pad2(day)}`;
}

const TAIPEI_PARTS = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Taipei",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An instant (ISO 8601 with offset) → its date and time in Taipei, the date in ROC. */
export function formatRocDateTime(instant: string, language: DateLanguage): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const parts = Object.fromEntries(TAIPEI_PARTS.formatToParts(date).map((p) => [p.type, p.value]));
  const iso = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  if (language === "zh-TW") return `${formatRocDate(iso, "zh-TW")} ${time}`;
  return `${toRocInput(iso)} ${time} (${iso})`;
}

/** The start of a Taipei calendar day (ISO date) as an instant with offset, for time filters. */
export function taipeiStartOfDay(iso: string): string {
  return `${iso}T00:00:00+08:00`;
}

/** The end of a Taipei calendar day, inclusive. */
export function taipeiEndOfDay(iso: string): string {
  return `${iso}T23:59:59.999+08:00`;
}
