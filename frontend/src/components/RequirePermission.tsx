import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { useMe } from "../api/auth";
import { type Permission, permissionsOf } from "../lib/permissions";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { ErrorMessage, Loading } from "./StateViews";

/** Shows its page only to people allowed to use it: the public goes to sign in, others read why not. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!permissionsOf(me.data)[permission]) return <Forbidden />;
  return <>{children}</>;
}

function Forbidden() {
  const { t } = useTranslation();
  useDocumentTitle(t("auth.forbiddenTitle"));
  return (
    <div className="state">
      <h1>{t("auth.forbiddenTitle")}</h1>
      <p>{t("auth.forbiddenBody")}</p>
    </div>
  );
}
