/** A ROC year typed by a person ("120", "民國120年", "120年度") → the Gregorian year, or null. */
export function parseRocYearInput(text: string): number | null {
  const m = /^(?:民國)?\s*(\d{1,4})\s*(?:年度?)?$/.exec(text.normalize("NFKC").trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (n >= 1912) return n <= 2999 ? n : null; // a Gregorian year typed as such
  return n >= 1 && n + 1911 <= 2999 ? n + 1911 : null;
}
