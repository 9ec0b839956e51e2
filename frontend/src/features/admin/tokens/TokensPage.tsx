import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTokens } from "../../../api/admin";
import { useMe } from "../../../api/auth";
import type { Me, NewApiToken } from "../../../api/types";
import { Notice } from "../../../components/Conflict";
import { ErrorMessage, Loading } from "../../../components/StateViews";
import { useLanguage } from "../../../i18n/useLanguage";
import { shortName } from "../../../lib/organizations";
import { permissionsOf } from "../../../lib/permissions";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { CreateTokenForm } from "./CreateTokenForm";
import { SecretOnce } from "./SecretOnce";
import { TokenTable } from "./TokenTable";

/** API tokens: administrators see and make any, an enterprise reporter its own organization's. */
export function TokensPage() {
  const me = useMe().data;
  // RequirePermission shows this page only once the person is known.
  return me ? <TokensOfAccount me={me} /> : null;
}

function TokensOfAccount({ me }: { me: Me }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const can = permissionsOf(me);
  const [all, setAll] = useState(false);
  const tokens = useTokens(all);
  const [secret, setSecret] = useState<NewApiToken | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(t("tokens.heading"));

  return (
    <div className="admin-page">
      <h1>{t("tokens.heading")}</h1>
      <p>
        {can.tokensForAnyOrganization || !me.organization
          ? t("tokens.introAdmin")
          : t("tokens.introOrg", { org: shortName(me.organization, language) })}
      </p>
      {notice && <Notice>{notice}</Notice>}

      {secret ? (
        <SecretOnce
          secret={secret.token}
          heading={t("tokens.secretHeading", { name: secret.name })}
          warning={t("tokens.secretWarning")}
          label={t("tokens.secretLabel")}
          onDone={() => setSecret(null)}
        />
      ) : (
        <CreateTokenForm
          scopes={me.scopes}
          chooseOrganization={can.tokensForAnyOrganization}
          onCreated={(token) => {
            setNotice(null);
            setSecret(token);
          }}
        />
      )}

      <section aria-labelledby="token-list-heading">
        <h2 id="token-list-heading">{t("tokens.list")}</h2>
        <div className="field field--inline field--check">
          <input id="tokens-all" type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          <label htmlFor="tokens-all">{t("tokens.showAll")}</label>
        </div>
        {tokens.isPending ? (
          <Loading />
        ) : tokens.isError ? (
          <ErrorMessage error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.items.length === 0 ? (
          <p className="state">{t("tokens.empty")}</p>
        ) : (
          <TokenTable tokens={tokens.data.items} onRevoked={(name) => setNotice(t("tokens.revokedMessage", { name }))} />
        )}
      </section>
    </div>
  );
}
