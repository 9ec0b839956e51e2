import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCreateToken, useRevokeToken, useTokens } from "../../api/admin";
import { useMe } from "../../api/auth";
import { ApiError, fieldErrors } from "../../api/client";
import { useOrganizations } from "../../api/organizations";
import type { ApiToken, Me, NewApiToken } from "../../api/types";
import { Notice } from "../../components/Conflict";
import { RocDateField, type RocDateValue, SelectField, TextField } from "../../components/Fields";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { permissionsOf } from "../../lib/permissions";
import { formatRocDateTime, taipeiEndOfDay } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

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
        <SecretOnce token={secret} onDone={() => setSecret(null)} />
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

function CreateTokenForm({
  scopes,
  chooseOrganization,
  onCreated,
}: {
  scopes: readonly string[];
  chooseOrganization: boolean;
  onCreated: (token: NewApiToken) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const create = useCreateToken();
  const organizations = useOrganizations();
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [organization, setOrganization] = useState("");
  const [expires, setExpires] = useState<RocDateValue>({ text: "", iso: null });
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(create.error), ...local };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (chosen.length === 0) problems.scopes = t("tokens.scopeRequired");
    if (expires.iso === undefined) problems.expires_at = t("form.invalidDate");
    setLocal(problems);
    if (Object.keys(problems).length) return;
    create.mutate(
      {
        name: name.trim(),
        scopes: chosen,
        organization: chooseOrganization && organization ? organization : undefined,
        expires_at: expires.iso ? taipeiEndOfDay(expires.iso) : undefined,
      },
      { onSuccess: onCreated },
    );
  };

  const showGeneral = create.isError && !(create.error instanceof ApiError && Object.keys(fieldErrors(create.error)).length);

  return (
    <section className="panel form-panel" aria-labelledby="create-token-heading">
      <h2 id="create-token-heading">{t("tokens.createHeading")}</h2>
      {showGeneral && <ErrorMessage error={create.error} />}
      <form className="form form--grid" onSubmit={submit} noValidate>
        <TextField
          label={t("tokens.name")}
          hint={t("tokens.nameHint")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          required
        />
        <fieldset className="field checkbox-group" aria-describedby={errors.scopes ? "scopes-error" : undefined}>
          <legend>{t("tokens.scopes")}</legend>
          {scopes.map((s) => (
            <div key={s} className="field--check">
              <input
                id={`scope-${s}`}
                type="checkbox"
                checked={chosen.includes(s)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, s] : c.filter((x) => x !== s)))}
              />
              <label htmlFor={`scope-${s}`}>
                <code>{s}</code>
              </label>
            </div>
          ))}
          {errors.scopes && (
            <p className="field__error" id="scopes-error">
              {errors.scopes}
            </p>
          )}
        </fieldset>
        {chooseOrganization && (
          <SelectField
            label={t("tokens.organization")}
            value={organization}
            onChange={(e) => setOrganization(e.target.value)}
            error={errors.organization}
          >
            <option value="">{t("tokens.organizationNone")}</option>
            {(organizations.data?.items ?? []).map((o) => (
              <option key={o.code} value={o.code}>
                {shortName(o, language)}
              </option>
            ))}
          </SelectField>
        )}
        <RocDateField
          label={t("tokens.expires")}
          hint={t("tokens.expiresHint")}
          value={expires}
          onChange={setExpires}
          error={errors.expires_at}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? t("form.saving") : t("tokens.createHeading")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The secret, once: the server keeps only its hash. */
function SecretOnce({ token, onDone }: { token: NewApiToken; onDone: () => void }) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const ref = useRef<HTMLElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);

  const doCopy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopy("copied");
    } catch {
      input.current?.select();
      setCopy(document.execCommand?.("copy") ? "copied" : "failed");
    }
  };

  return (
    <section className="panel secret" aria-labelledby="secret-heading" tabIndex={-1} ref={ref}>
      <h2 id="secret-heading">{t("tokens.secretHeading", { name: token.name })}</h2>
      <p className="secret__warning">
        <strong>{t("tokens.secretWarning")}</strong>
      </p>
      <div className="field">
        <label htmlFor="token-secret">{t("tokens.secretLabel")}</label>
        <div className="secret__row">
          <input id="token-secret" ref={input} readOnly value={token.token} className="secret__value" onFocus={(e) => e.target.select()} />
          <button type="button" className="button" onClick={() => void doCopy()}>
            {t("tokens.copy")}
          </button>
        </div>
      </div>
      <p role="status" className="notice-inline">
        {copy === "copied" ? t("tokens.copied") : copy === "failed" ? t("tokens.copyFailed") : ""}
      </p>
      <button type="button" className="button button--quiet" onClick={onDone}>
        {t("tokens.done")}
      </button>
    </section>
  );
}

function tokenState(token: ApiToken): "active" | "revoked" | "expired" {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && new Date(token.expires_at).getTime() <= Date.now()) return "expired";
  return "active";
}

function TokenTable({ tokens, onRevoked }: { tokens: readonly ApiToken[]; onRevoked: (name: string) => void }) {
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
                    {state !== "revoked" &&
                      (confirming === token.id ? (
                        // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls; this groups a question with its two answers.
                        <div className="confirm" role="group" aria-label={t("tokens.revokeLabel", { name: token.name })}>
                          <p>{t("tokens.confirmRevoke", { name: token.name })}</p>
                          <button
                            type="button"
                            className="button button--danger button--small"
                            disabled={revoke.isPending}
                            onClick={() =>
                              revoke.mutate(token.id, {
                                onSuccess: () => {
                                  setConfirming(null);
                                  onRevoked(token.name);
                                },
                              })
                            }
                          >
                            {t("tokens.yesRevoke")}
                          </button>{" "}
                          <button type="button" className="button button--quiet button--small" onClick={() => setConfirming(null)}>
                            {t("form.cancel")}
                          </button>
                        </div>
                      ) : (
                        <button
                          type="button"
                          className="button button--quiet button--small"
                          aria-label={t("tokens.revokeLabel", { name: token.name })}
                          onClick={() => setConfirming(token.id)}
                        >
                          {t("tokens.revoke")}
                        </button>
                      ))}
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
