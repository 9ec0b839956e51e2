import { useTranslation } from "react-i18next";
import type { User } from "../../../api/types";
import { useLanguage } from "../../../i18n/useLanguage";
import { shortName } from "../../../lib/organizations";

/** One page of accounts, each with the button that opens its edit panel. */
export function UserTable({ users, onEdit }: { users: readonly User[]; onEdit: (id: number) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (users.length === 0) return <p className="state">{t("users.empty")}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{t("users.list")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("users.username")}</th>
            <th scope="col">{t("users.displayName")}</th>
            <th scope="col">{t("users.role")}</th>
            <th scope="col">{t("users.organization")}</th>
            <th scope="col">{t("users.status")}</th>
            <th scope="col">{t("form.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.username}</th>
              <td>{u.display_name}</td>
              <td>{t(`role.${u.role}`)}</td>
              <td>{u.organization ? shortName(u.organization, language) : t("users.noOrganization")}</td>
              <td>{u.is_active ? t("users.active") : t("users.inactive")}</td>
              <td>
                <button
                  type="button"
                  className="button button--small button--quiet"
                  aria-label={`${t("form.edit")} ${u.username}`}
                  onClick={() => onEdit(u.id)}
                >
                  {t("form.edit")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
