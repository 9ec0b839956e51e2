import type { OrganizationRef } from "../api/types";
import { useLanguage } from "../i18n/useLanguage";
import { shortName } from "../lib/organizations";

/** The enterprises that own a measure, as small tags. */
export function OwnerList({ organizations }: { organizations: readonly OrganizationRef[] }) {
  const language = useLanguage();
  return (
    <ul className="owner-list">
      {organizations.map((o) => (
        <li key={o.code} className="owner-tag" title={language === "en" ? o.name_en : o.name_zh}>
          {shortName(o, language)}
        </li>
      ))}
    </ul>
  );
}
