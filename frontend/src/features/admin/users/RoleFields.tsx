import { useTranslation } from "react-i18next";
import type { Organization } from "../../../api/types";
import { SelectField } from "../../../components/Fields";
import { OrganizationOptions, RoleOptions } from "../options";

type Change = (e: { target: { value: string } }) => void;

/** An account's role and organization, as chosen when creating it and when changing it. */
export function RoleFields({
  role,
  organization,
  onRole,
  onOrganization,
  errors,
  organizations,
}: {
  role: string;
  organization: string;
  onRole: Change;
  onOrganization: Change;
  errors: Record<string, string>;
  organizations: readonly Organization[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField label={t("users.role")} value={role} onChange={onRole} error={errors.role}>
        <RoleOptions />
      </SelectField>
      <SelectField label={t("users.organization")} value={organization} onChange={onOrganization} error={errors.organization}>
        <OrganizationOptions organizations={organizations} none={t("users.noOrganization")} />
      </SelectField>
    </>
  );
}
