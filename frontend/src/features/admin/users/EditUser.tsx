import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useUser, useUserSave } from "../../../api/admin";
import type { Organization, Role, User, UserUpdate } from "../../../api/types";
import { GuardedConflict, SaveButton } from "../../../components/Conflict";
import { TextField } from "../../../components/Fields";
import { ErrorMessage, FormError, Loading } from "../../../components/StateViews";
import { ResetPassword } from "./ResetPassword";
import { RoleFields } from "./RoleFields";
import { UserVersion } from "./UserVersion";

/** One account's panel: its fields, disable or enable, and a new password. */
export function EditUser({
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
  if (user.isPending) return <Loading />;
  if (user.isError) return <ErrorMessage error={user.error} onRetry={() => void user.refetch()} />;
  const current = user.data.data;
  return (
    <section className="panel form-panel" aria-labelledby="edit-user-heading">
      <h2 id="edit-user-heading">{t("users.editHeading", { name: current.username })}</h2>
      <AccountForm id={id} current={current} etag={user.data.etag} organizations={organizations} onClose={onClose} onNotice={onNotice} />
      <ResetPassword id={id} onReset={() => onNotice(t("users.passwordReset", { name: current.display_name }))} />
    </section>
  );
}

type Draft = { display_name: string; role: Role; organization: string };

/**
 * Name, role and organization, and disabling or enabling the account: every change is sent with the
 * ETag of the account as the administrator read it, and only the fields they changed.
 */
function AccountForm({
  id,
  current,
  etag,
  organizations,
  onClose,
  onNotice,
}: {
  id: number;
  current: User;
  etag: string;
  organizations: readonly Organization[];
  onClose: () => void;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | null>(null);
  const update = useUserSave(
    id,
    (u, change) => {
      setDraft(null);
      const message = change.is_active === undefined ? "users.updated" : u.is_active ? "users.enabled" : "users.disabled";
      onNotice(t(message, { name: u.display_name }));
    },
    () => setDraft(null),
  );
  const form = draft ?? { display_name: current.display_name, role: current.role, organization: current.organization?.code ?? "" };
  const errors = update.fieldErrors;

  const save = (event: FormEvent) => {
    event.preventDefault();
    const body: UserUpdate = {};
    if (form.display_name !== current.display_name) body.display_name = form.display_name;
    if (form.role !== current.role) body.role = form.role;
    if (form.organization !== (current.organization?.code ?? "")) body.organization = form.organization || null;
    void update.save(etag, body);
  };
  const toggleActive = () => void update.save(etag, { is_active: !current.is_active });
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...form, [k]: e.target.value });

  return (
    <>
      <GuardedConflict guard={update} describe={(u) => <UserVersion user={u} />} />
      <FormError error={update.error} />
      <form className="form form--grid" onSubmit={save} noValidate>
        <TextField label={t("users.displayName")} value={form.display_name} onChange={set("display_name")} error={errors.display_name} />
        <RoleFields
          role={form.role}
          organization={form.organization}
          onRole={set("role")}
          onOrganization={set("organization")}
          errors={errors}
          organizations={organizations}
        />
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
    </>
  );
}
