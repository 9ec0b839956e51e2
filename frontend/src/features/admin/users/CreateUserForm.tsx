import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCreateUser } from "../../../api/admin";
import { fieldErrors } from "../../../api/client";
import type { Organization, Role, User } from "../../../api/types";
import { TextField } from "../../../components/Fields";
import { FormButtons } from "../../../components/FormButtons";
import { FormError } from "../../../components/StateViews";
import { RoleFields } from "./RoleFields";

/** A new account: an enterprise reporter must belong to an organization, checked here before sending. */
export function CreateUserForm({ organizations, onDone }: { organizations: readonly Organization[]; onDone: (user: User | null) => void }) {
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
      <FormError error={create.error} />
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
        <RoleFields
          role={form.role}
          organization={form.organization}
          onRole={set("role")}
          onOrganization={set("organization")}
          errors={errors}
          organizations={organizations}
        />
        <FormButtons busy={create.isPending} submit={t("form.create")} onCancel={() => onDone(null)} />
      </form>
    </section>
  );
}
