/**
 * Whether an item read now is still as a page showed it: every field the page showed has the same
 * value (compared as JSON, so lists of owners, sub-items and indicators count, in order). Fields the
 * page did not show are not compared.
 */
export function stillAsShown(shown: object, current: object): boolean {
  const now = current as Record<string, unknown>;
  return Object.entries(shown).every(([key, value]) => JSON.stringify(value) === JSON.stringify(now[key]));
}
