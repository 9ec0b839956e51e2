import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ADMIN_PAGE_SIZE, type UserFilters, useUsers } from "../../../api/admin";
import { useOrganizations } from "../../../api/organizations";
import { Notice } from "../../../components/Conflict";
import { Pagination } from "../../../components/SearchResults";
import { ErrorMessage, Loading } from "../../../components/StateViews";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { CreateUserForm } from "./CreateUserForm";
import { EditUser } from "./EditUser";
import { UserFilterForm } from "./UserFilterForm";
import { UserTable } from "./UserTable";
import { readFilters, writeFilters } from "./userFilters";

/** The accounts (administrators only): filtered by the address, created and edited in panels on the page. */
export function UsersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const users = useUsers(filters);
  const organizations = useOrganizations();
  const [editing, setEditing] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(t("users.heading"));

  const orgs = organizations.data?.items ?? [];
  const change = (c: Partial<UserFilters>) => setParams(writeFilters({ ...filters, page: 1, ...c }));

  return (
    <div className="admin-page">
      <div className="page-heading">
        <h1>{t("users.heading")}</h1>
        <button
          type="button"
          className="button"
          aria-expanded={creating}
          aria-controls="create-user"
          onClick={() => setCreating((c) => !c)}
        >
          {t("users.createHeading")}
        </button>
      </div>
      {notice && <Notice>{notice}</Notice>}

      {creating && (
        <CreateUserForm
          organizations={orgs}
          onDone={(user) => {
            setCreating(false);
            if (user) setNotice(t("users.created", { name: user.display_name }));
          }}
        />
      )}

      <UserFilterForm filters={filters} organizations={orgs} onChange={change} />

      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorMessage error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <>
          <p className="result-status" role="status">
            {t("users.count", { count: users.data.total })}
          </p>
          <UserTable
            users={users.data.items}
            onEdit={(id) => {
              setNotice(null);
              setEditing(id);
            }}
          />
          <Pagination
            page={users.data.page}
            pages={Math.ceil(users.data.total / ADMIN_PAGE_SIZE)}
            linkTo={(page) => `?${writeFilters({ ...filters, page })}`}
          />
        </>
      )}

      {editing !== null && (
        <EditUser key={editing} id={editing} organizations={orgs} onClose={() => setEditing(null)} onNotice={setNotice} />
      )}
    </div>
  );
}
