import { useTranslation } from "react-i18next";
import type { Organization, Role } from "../../api/types";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";

export const ROLES: readonly Role[] = ["administrator", "reviewer", "panel_member", "enterprise_reporter"];

/** Every role, by its name in the person's language: for choosing an account's role or filtering by it. */
export function RoleOptions() {
  const { t } = useTranslation();
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {t(`role.${r}`)}
    </option>
  ));
}

/** A first choice meaning "none" or "any" (`none`), then every organization by its short name. */
export function OrganizationOptions({ organizations, none }: { organizations: readonly Organization[]; none: string }) {
  const language = useLanguage();
  return (
    <>
      <option value="">{none}</option>
      {organizations.map((o) => (
        <option key={o.code} value={o.code}>
          {shortName(o, language)}
        </option>
      ))}
    </>
  );
}
