import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useLogin, useMe } from "../../api/auth";
import { ApiError } from "../../api/client";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

/** Only paths inside this site: never an open redirect. */
export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState(false);
  const [wait, setWait] = useState(0);
  const alertRef = useRef<HTMLDivElement>(null);
  useDocumentTitle(t("auth.heading"));

  // Counts down the wait the server asked for after too many failures.
  useEffect(() => {
    if (wait <= 0) return;
    const timer = window.setTimeout(() => setWait((w) => w - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [wait]);

  const error = login.error;
  useEffect(() => {
    if (error || missing) alertRef.current?.focus();
  }, [error, missing]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    login.mutate(
      { username: username.trim(), password },
      {
        onSuccess: () => void navigate(next, { replace: true }),
        onError: (e) => {
          if (e instanceof ApiError && e.status === 429) setWait(e.retryAfter ?? 60);
          setPassword("");
        },
      },
    );
  };

  let message: string | null = null;
  if (missing) message = t("auth.required");
  else if (error instanceof ApiError && error.status === 429) message = t("auth.tooMany", { seconds: Math.max(wait, 1) });
  else if (error) message = error instanceof ApiError && error.problem ? error.problem.detail : error.message;

  return (
    <div className="narrow">
      <h1>{t("auth.heading")}</h1>
      <p>{t("auth.intro")}</p>
      {me.data && (
        <p className="state">
          {t("auth.alreadySignedIn", { name: me.data.display_name })} <Link to={next}>{t("app.home")}</Link>
        </p>
      )}
      <div ref={alertRef} tabIndex={-1} className="alert-slot">
        {message && (
          <div className="state state--error" role="alert">
            <p className="state__title">{missing ? t("form.fixErrors") : t("auth.failed")}</p>
            <p>{message}</p>
          </div>
        )}
      </div>
      <form className="form panel" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="login-username">{t("auth.username")}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            aria-invalid={missing && !username.trim() ? true : undefined}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t("auth.password")}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            aria-invalid={missing && !password ? true : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button" disabled={login.isPending || wait > 0}>
            {login.isPending ? t("auth.submitting") : t("auth.submit")}
          </button>
        </div>
      </form>
    </div>
  );
}
