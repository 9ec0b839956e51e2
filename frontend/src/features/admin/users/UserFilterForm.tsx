import { useTranslation } from "react-i18next";
import type { UserFilters } from "../../../api/admin";
import type { Organization, Role } from "../../../api/types";
import { SelectField } from "../../../components/Fields";
import { OrganizationOptions, RoleOptions } from "../options";

/** Role, organization and active or not: each change shows the first page of what matches. */
export function UserFilterForm({
  filters,
  organizations,
  onChange,
}: {
  filters: UserFilters;
  organizations: readonly Organization[];
  onChange: (change: Partial<UserFilters>) => void;
}) {
  const { t } = useTranslation();
  return (
    <form className="filters" aria-label={t("users.filters")} onSubmit={(e) => e.preventDefault()}>
      <SelectField
        label={t("users.role")}
        value={filters.role ?? ""}
        onChange={(e) => onChange({ role: (e.target.value || null) as Role | null })}
      >
        <option value="">{t("users.allRoles")}</option>
        <RoleOptions />
      </SelectField>
      <SelectField
        label={t("users.organization")}
        value={filters.organization ?? ""}
        onChange={(e) => onChange({ organization: e.target.value || null })}
      >
        <OrganizationOptions organizations={organizations} none={t("users.allOrganizations")} />
      </SelectField>
      <SelectField
        label={t("users.status")}
        value={filters.active === null ? "" : String(filters.active)}
        onChange={(e) => onChange({ active: e.target.value === "" ? null : e.target.value === "true" })}
      >
        <option value="">{t("users.allStatuses")}</option>
        <option value="true">{t("users.active")}</option>
        <option value="false">{t("users.inactive")}</option>
      </SelectField>
    </form>
  );
}
