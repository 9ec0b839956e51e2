import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useRevokeToken } from "../../../api/admin";
import type { ApiToken } from "../../../api/types";
import { ErrorMessage } from "../../../components/StateViews";
import { useLanguage } from "../../../i18n/useLanguage";
import { shortName } from "../../../lib/organizations";
import { formatRocDateTime } from "../../../lib/rocDate";
import { RevokeToken } from "./RevokeToken";
import { tokenState } from "./tokenState";

/** The tokens with what they may do, when they were last used and whether they still work; revoked ones have no action. */
export function TokenTable({ tokens, onRevoked }: { tokens: readonly ApiToken[]; onRevoked: (name: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const revoke = useRevokeToken();
  const [confirming, setConfirming] = useState<number | null>(null);

  return (
    <>
      {revoke.isError && <ErrorMessage error={revoke.error} />}
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{t("tokens.list")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("tokens.name")}</th>
              <th scope="col">{t("tokens.prefix")}</th>
              <th scope="col">{t("tokens.scopes")}</th>
              <th scope="col">{t("tokens.organization")}</th>
              <th scope="col">{t("tokens.createdAt")}</th>
              <th scope="col">{t("tokens.lastUsed")}</th>
              <th scope="col">{t("tokens.expiresAt")}</th>
              <th scope="col">{t("tokens.state")}</th>
              <th scope="col">{t("form.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => {
              const state = tokenState(token);
              return (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>
                    <code>{token.prefix}</code>
                  </td>
                  <td>
                    <ul className="plain-list">
                      {token.scopes.map((s) => (
                        <li key={s}>
                          <code>{s}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{token.organization ? shortName(token.organization, language) : "—"}</td>
                  <td>{formatRocDateTime(token.created_at, language)}</td>
                  <td>{token.last_used_at ? formatRocDateTime(token.last_used_at, language) : t("tokens.never")}</td>
                  <td>{token.expires_at ? formatRocDateTime(token.expires_at, language) : t("tokens.noExpiry")}</td>
                  <td>{t(`tokens.${state}`)}</td>
                  <td>
                    {state !== "revoked" && (
                      <RevokeToken
                        token={token}
                        asking={confirming === token.id}
                        busy={revoke.isPending}
                        onAsk={() => setConfirming(token.id)}
                        onCancel={() => setConfirming(null)}
                        onConfirm={() =>
                          revoke.mutate(token.id, {
                            onSuccess: () => {
                              setConfirming(null);
                              onRevoked(token.name);
                            },
                          })
                        }
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
