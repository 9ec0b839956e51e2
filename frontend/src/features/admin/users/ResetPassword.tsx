import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useResetPassword } from "../../../api/admin";
import { fieldErrors } from "../../../api/client";
import { TextField } from "../../../components/Fields";

/** A new password for an account, set by an administrator; not guarded by an ETag, as it overwrites nothing anyone sees. */
export function ResetPassword({ id, onReset }: { id: number; onReset: () => void }) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  const [password, setPassword] = useState("");
  return (
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
              onReset();
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
  );
}
