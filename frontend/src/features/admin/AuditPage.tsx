import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ADMIN_PAGE_SIZE, type AuditFilters, useAuditEvents } from "../../api/admin";
import { AuditEventList } from "../../components/AuditEventList";
import { RocDateField, type RocDateValue, readRocDate, rocDateValue, SelectField, TextField } from "../../components/Fields";
import { Pagination, pageLinks } from "../../components/SearchResults";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { ACTIONS, actionLabel, OBJECT_TYPES, objectTypeLabel } from "../../lib/auditLabels";
import { taipeiEndOfDay, taipeiStartOfDay } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

const PARAMS = ["type", "id", "action", "user", "token", "since", "until"] as const;
type Param = (typeof PARAMS)[number];

function positive(value: string | null): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}

function toFilters(params: URLSearchParams): AuditFilters {
  const since = params.get("since");
  const until = params.get("until");
  return {
    object_type: params.get("type") || undefined,
    object_id: params.get("id") || undefined,
    action: params.get("action") || undefined,
    actor_user_id: positive(params.get("user")),
    actor_token_id: positive(params.get("token")),
    since: since ? taipeiStartOfDay(since) : undefined,
    until: until ? taipeiEndOfDay(until) : undefined,
    page: positive(params.get("page")) ?? 1,
  };
}

export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = toFilters(params);
  const events = useAuditEvents(filters);
  useDocumentTitle(t("audit.heading"));

  const [form, setForm] = useState<Record<Param, string>>(() => {
    const f = {} as Record<Param, string>;
    for (const p of PARAMS) f[p] = params.get(p) ?? "";
    return f;
  });
  const [since, setSince] = useState<RocDateValue>(() => rocDateValue(params.get("since")));
  const [until, setUntil] = useState<RocDateValue>(() => rocDateValue(params.get("until")));
  const set = (k: Param) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (since.iso === undefined || until.iso === undefined) return;
    const next = new URLSearchParams();
    for (const p of ["type", "id", "action", "user", "token"] as const) if (form[p].trim()) next.set(p, form[p].trim());
    if (since.iso) next.set("since", since.iso);
    if (until.iso) next.set("until", until.iso);
    setParams(next);
  };

  const clear = () => {
    setForm({ type: "", id: "", action: "", user: "", token: "", since: "", until: "" });
    setSince(readRocDate(""));
    setUntil(readRocDate(""));
    setParams(new URLSearchParams());
  };

  const linkTo = pageLinks(params);

  return (
    <div className="admin-page">
      <h1>{t("audit.heading")}</h1>
      <p>{t("audit.intro")}</p>
      <form className="filters" aria-label={t("audit.filters")} onSubmit={apply} noValidate>
        <SelectField label={t("audit.objectType")} value={form.type} onChange={set("type")}>
          <option value="">{t("audit.anyType")}</option>
          {OBJECT_TYPES.map((o) => (
            <option key={o} value={o}>
              {objectTypeLabel(t, o)}
            </option>
          ))}
        </SelectField>
        <TextField label={t("audit.objectId")} value={form.id} onChange={set("id")} inputMode="numeric" size={8} />
        <SelectField label={t("audit.action")} value={form.action} onChange={set("action")}>
          <option value="">{t("form.all")}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionLabel(t, a)}
            </option>
          ))}
        </SelectField>
        <TextField label={t("audit.actorUserId")} value={form.user} onChange={set("user")} inputMode="numeric" size={8} />
        <TextField label={t("audit.actorTokenId")} value={form.token} onChange={set("token")} inputMode="numeric" size={8} />
        <RocDateField label={t("audit.since")} value={since} onChange={setSince} />
        <RocDateField label={t("audit.until")} value={until} onChange={setUntil} />
        <div className="form__actions">
          <button type="submit" className="button">
            {t("form.apply")}
          </button>
          <button type="button" className="button button--quiet" onClick={clear}>
            {t("form.clear")}
          </button>
        </div>
      </form>

      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorMessage error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <section aria-labelledby="audit-list-heading">
          <h2 id="audit-list-heading" className="visually-hidden">
            {t("audit.list")}
          </h2>
          <p className="result-status" role="status">
            {t("audit.count", { count: events.data.total })}
          </p>
          {events.data.items.length === 0 ? <p className="state">{t("audit.empty")}</p> : <AuditEventList events={events.data.items} />}
          <Pagination page={events.data.page} pages={Math.ceil(events.data.total / ADMIN_PAGE_SIZE)} linkTo={linkTo} />
        </section>
      )}
    </div>
  );
}
