import type { Organization, OrganizationRef } from "../api/types";
import type { Language } from "../i18n";

type Named = Pick<OrganizationRef, "short_name_zh" | "short_name_en">;

export function shortName(organization: Named, language: Language): string {
  return language === "en" ? organization.short_name_en : organization.short_name_zh;
}

export function joinNames(names: readonly string[], language: Language): string {
  return names.join(language === "en" ? ", " : "、");
}

/** The units below an organisation, at any depth, in the list's (tree) order. */
export function unitsUnder(organizations: readonly Organization[], headId: number): Organization[] {
  const below = new Set([headId]);
  const found: Organization[] = [];
  // The list is in tree order, so a parent always comes before its units.
  for (const organization of organizations) {
    if (organization.parent_id !== null && below.has(organization.parent_id)) {
      below.add(organization.id);
      if (organization.kind === "unit") found.push(organization);
    }
  }
  return found;
}
