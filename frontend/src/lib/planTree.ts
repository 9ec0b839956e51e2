import type { DimensionNode, MeasureNode, OrganizationRef, StrategyNode } from "../api/types";

/** One owner's measures inside a strategy, in the plan's own order. */
export interface OrganizationGroup {
  organization: OrganizationRef;
  measures: MeasureNode[];
}

/**
 * Groups a strategy's measures by owning organisation. Groups come in the order their
 * first measure appears in the plan; a measure with two owners appears in both groups.
 */
export function groupByOrganization(measures: readonly MeasureNode[]): OrganizationGroup[] {
  const groups = new Map<string, OrganizationGroup>();
  for (const measure of measures) {
    for (const organization of measure.organizations) {
      let group = groups.get(organization.code);
      if (!group) {
        group = { organization, measures: [] };
        groups.set(organization.code, group);
      }
      group.measures.push(measure);
    }
  }
  return [...groups.values()];
}

/** Keeps only the measures an organisation owns, dropping strategies and dimensions left empty. */
export function filterTreeByOrganization(dimensions: readonly DimensionNode[], organizationCode: string | null): DimensionNode[] {
  if (!organizationCode) return [...dimensions];
  const owns = (m: MeasureNode) => m.organizations.some((o) => o.code === organizationCode);
  return dimensions
    .map((dimension) => ({
      ...dimension,
      strategies: dimension.strategies
        .map((strategy): StrategyNode => ({ ...strategy, measures: strategy.measures.filter(owns) }))
        .filter((strategy) => strategy.measures.length > 0),
    }))
    .filter((dimension) => dimension.strategies.length > 0);
}

/** Distinct measures in a (possibly filtered) tree. */
export function countMeasures(dimensions: readonly DimensionNode[]): number {
  return dimensions.reduce((sum, d) => sum + d.strategies.reduce((s, st) => s + st.measures.length, 0), 0);
}

/** Indicators of a measure, its own and its sub-items'. */
export function countIndicators(measure: Pick<MeasureNode, "indicators" | "sub_items">): number {
  return measure.indicators.length + measure.sub_items.reduce((n, s) => n + s.indicators.length, 0);
}

// The plan numbers its levels 一、 (一) (1) 甲; the API gives the bare codes.
export const dimensionLabel = (d: { code: string; name: string }): string => `${d.code}、${d.name}`;
export const strategyLabel = (s: { code: string; name: string }): string => `${s.code} ${s.name}`;
