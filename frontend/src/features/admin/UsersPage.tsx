import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ADMIN_PAGE_SIZE, type UserFilters, useCreateUser, useResetPassword, useUser, useUserSave, useUsers } from "../../api/admin";
import { ApiError, fieldErrors } from "../../api/client";
import { useOrganizations } from "../../api/organizations";
import type { Organization, Role, User, UserUpdate } from "../../api/types";
import { GuardedConflict, Notice, SaveButton } from "../../components/Conflict";
import { SelectField, TextField } from "../../components/Fields";
import { Pagination } from "../../components/SearchResults";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

export const ROLES: readonly Role[] = ["administrator", "reviewer", "panel_member", "enterprise_reporter"];

function readFilters(params: URLSearchParams): UserFilters {
  const role = params.get("role");
  const active = params.get("active");
  const page = Number(params.get("page"));
  return {
    role: ROLES.includes(role as Role) ? (role as Role) : null,
    organization: params.get("org") || null,
    active: active === "true" ? true : active === "false" ? false : null,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function writeFilters(f: UserFilters): string {
  const p = new URLSearchParams();
  if (f.role) p.set("role", f.role);
  if (f.organization) p.set("org", f.organization);
  if (f.active !== null) p.set("active", String(f.active));
  if (f.page > 1) p.set("page", String(f.page));
  return p.toString();
}

export function UsersPage() {
  const { t } = useTranslation();
  const language = useLanguage();
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

      <form className="filters" aria-label={t("users.filters")} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t("users.role")}
          value={filters.role ?? ""}
          onChange={(e) => change({ role: (e.target.value || null) as Role | null })}
        >
          <option value="">{t("users.allRoles")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("users.organization")}
          value={filters.organization ?? ""}
          onChange={(e) => change({ organization: e.target.value || null })}
        >
          <option value="">{t("users.allOrganizations")}</option>
          {orgs.map((o) => (
            <option key={o.code} value={o.code}>
              {shortName(o, language)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("users.status")}
          value={filters.active === null ? "" : String(filters.active)}
          onChange={(e) => change({ active: e.target.value === "" ? null : e.target.value === "true" })}
        >
          <option value="">{t("users.allStatuses")}</option>
          <option value="true">{t("users.active")}</option>
          <option value="false">{t("users.inactive")}</option>
        </SelectField>
      </form>

      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorMessage error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <>
          <p className="result-status" role="status">
            {t("users.count", { count: users.data.total })}
          </p>
          {users.data.items.length === 0 ? (
            <p className="state">{t("users.empty")}</p>
          ) : (
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
                  {users.data.items.map((u) => (
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
                          onClick={() => {
                            setNotice(null);
                            setEditing(u.id);
                          }}
                        >
                          {t("form.edit")}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
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

function OrganizationOptions({ organizations }: { organizations: readonly Organization[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      <option value="">{t("users.noOrganization")}</option>
      {organizations.map((o) => (
        <option key={o.code} value={o.code}>
          {shortName(o, language)}
        </option>
      ))}
    </>
  );
}

function CreateUserForm({ organizations, onDone }: { organizations: readonly Organization[]; onDone: (user: User | null) => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [form, setForm] = useState({ username: "", display_name: "", password: "", role: "reviewer" as Role, organization: "" });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(create.error), ...localErrors };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (form.role === "enterprise_reporter" && !form.organization) local.organization = t("users.orgRequired");
    setLocalErrors(local);
    if (Object.keys(local).length) return;
    create.mutate(
      { ...form, username: form.username.trim(), organization: form.organization || null },
      { onSuccess: (user) => onDone(user) },
    );
  };

  return (
    <section id="create-user" className="panel form-panel" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">{t("users.createHeading")}</h2>
      {create.isError &&
        !(create.error instanceof ApiError && create.error.status === 422 && Object.keys(fieldErrors(create.error)).length) && (
          <ErrorMessage error={create.error} />
        )}
      <form className="form form--grid" onSubmit={submit} noValidate>
        <TextField
          label={t("users.username")}
          hint={t("users.usernameHint")}
          value={form.username}
          onChange={set("username")}
          error={errors.username}
          autoComplete="off"
          required
        />
        <TextField
          label={t("users.displayName")}
          value={form.display_name}
          onChange={set("display_name")}
          error={errors.display_name}
          required
        />
        <TextField
          label={t("users.password")}
          hint={t("users.passwordHint")}
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set("password")}
          error={errors.password}
          required
        />
        <SelectField label={t("users.role")} value={form.role} onChange={set("role")} error={errors.role}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("users.organization")} value={form.organization} onChange={set("organization")} error={errors.organization}>
          <OrganizationOptions organizations={organizations} />
        </SelectField>
        <div className="form__actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? t("form.saving") : t("form.create")}
          </button>
          <button type="button" className="button button--quiet" onClick={() => onDone(null)}>
            {t("form.cancel")}
          </button>
        </div>
      </form>
    </section>
  );
}

function EditUser({
  id,
  organizations,
  onClose,
  onNotice,
}: {
  id: number;
  organizations: readonly Organization[];
  onClose: () => void;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const user = useUser(id);
  const [draft, setDraft] = useState<{ display_name: string; role: Role; organization: string } | null>(null);
  const update = useUserSave(
    id,
    (u, change) => {
      setDraft(null);
      const message = change.is_active === undefined ? "users.updated" : u.is_active ? "users.enabled" : "users.disabled";
      onNotice(t(message, { name: u.display_name }));
    },
    () => setDraft(null),
  );
  const reset = useResetPassword();
  const [password, setPassword] = useState("");

  if (user.isPending) return <Loading />;
  if (user.isError) return <ErrorMessage error={user.error} onRetry={() => void user.refetch()} />;
  const current = user.data.data;
  const form = draft ?? {
    display_name: current.display_name,
    role: current.role,
    organization: current.organization?.code ?? "",
  };
  const errors = update.fieldErrors;

  const save = (event: FormEvent) => {
    event.preventDefault();
    const body: UserUpdate = {};
    if (form.display_name !== current.display_name) body.display_name = form.display_name;
    if (form.role !== current.role) body.role = form.role;
    if (form.organization !== (current.organization?.code ?? "")) body.organization = form.organization || null;
    void update.save(user.data.etag, body);
  };

  const toggleActive = () => void update.save(user.data.etag, { is_active: !current.is_active });

  const set = (k: "display_name" | "role" | "organization") => (e: { target: { value: string } }) =>
    setDraft({ ...form, [k]: e.target.value });

  return (
    <section className="panel form-panel" aria-labelledby="edit-user-heading">
      <h2 id="edit-user-heading">{t("users.editHeading", { name: current.username })}</h2>
      <GuardedConflict guard={update} describe={(u) => <UserVersion user={u} />} />
      {update.error && Object.keys(errors).length === 0 ? <ErrorMessage error={update.error} /> : null}
      <form className="form form--grid" onSubmit={save} noValidate>
        <TextField label={t("users.displayName")} value={form.display_name} onChange={set("display_name")} error={errors.display_name} />
        <SelectField label={t("users.role")} value={form.role} onChange={set("role")} error={errors.role}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("users.organization")} value={form.organization} onChange={set("organization")} error={errors.organization}>
          <OrganizationOptions organizations={organizations} />
        </SelectField>
        <div className="form__actions">
          <SaveButton busy={update.busy} saved={update.saved} />
          <button type="button" className="button button--quiet" onClick={toggleActive} disabled={update.busy}>
            {current.is_active ? t("users.disable") : t("users.enable")}
          </button>
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t("form.close")}
          </button>
        </div>
      </form>

      <form
        className="form form--inline"
        aria-labelledby="reset-heading"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          reset.mutate(
            { id, password },
            {
              onSuccess: () => {
                setPassword("");
                onNotice(t("users.passwordReset", { name: current.display_name }));
              },
            },
          );
        }}
      >
        <h3 id="reset-heading" className="subheading">
          {t("users.resetHeading")}
        </h3>
        <TextField
          label={t("users.newPassword")}
          hint={t("users.passwordHint")}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors(reset.error).password ?? (reset.isError && !fieldErrors(reset.error).password ? reset.error.message : null)}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={reset.isPending}>
            {t("users.resetSubmit")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The account as someone else left it, in a conflict notice. */
function UserVersion({ user }: { user: User }) {
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
