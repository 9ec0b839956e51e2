import { useTranslation } from "react-i18next";
import type { User } from "../../../api/types";
import { useLanguage } from "../../../i18n/useLanguage";
import { shortName } from "../../../lib/organizations";

/** The account as someone else left it, in a conflict notice. */
export function UserVersion({ user }: { user: User }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <dl className="facts">
      <dt>{t("users.displayName")}</dt>
      <dd>{user.display_name}</dd>
      <dt>{t("users.role")}</dt>
      <dd>{t(`role.${user.role}`)}</dd>
      <dt>{t("users.organization")}</dt>
      <dd>{user.organization ? shortName(user.organization, language) : t("users.noOrganization")}</dd>
      <dt>{t("users.status")}</dt>
      <dd>{user.is_active ? t("users.active") : t("users.inactive")}</dd>
    </dl>
  );
}
