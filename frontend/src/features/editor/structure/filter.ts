import type { DimensionNode, MeasureNode } from "../../../api/types";

/** What the editor's filter asks for: words in a measure's code or text, and an owning enterprise. */
export interface StructureFilter {
  q: string;
  organization: string;
}

// Spaces, case and full-width forms do not count, as in the API's own search.
const fold = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");

export const isFiltering = (filter: StructureFilter) => fold(filter.q) !== "" || filter.organization !== "";

export function matches(measure: MeasureNode, filter: StructureFilter): boolean {
  const q = fold(filter.q);
  if (q && !fold(`${measure.code ?? ""}${measure.text}`).includes(q)) return false;
  return !filter.organization || measure.organizations.some((o) => o.code === filter.organization);
}

/** The dimensions and strategies with at least one matching measure, and only those measures. */
export function filterTree(dimensions: readonly DimensionNode[], filter: StructureFilter): DimensionNode[] {
  if (!isFiltering(filter)) return [...dimensions];
  return dimensions
    .map((d) => ({
      ...d,
      strategies: d.strategies
        .map((s) => ({ ...s, measures: s.measures.filter((m) => matches(m, filter)) }))
        .filter((s) => s.measures.length > 0),
    }))
    .filter((d) => d.strategies.length > 0);
}
