import type { OrganizationRef } from "../api/types";
import type { Language } from "../i18n";

type Named = Pick<OrganizationRef, "short_name_zh" | "short_name_en">;

export function shortName(organization: Named, language: Language): string {
  return language === "en" ? organization.short_name_en : organization.short_name_zh;
}

export function joinNames(names: readonly string[], language: Language): string {
  return names.join(language === "en" ? ", " : "、");
}
