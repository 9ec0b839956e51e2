import { useTranslation } from "react-i18next";
import { ADMIN_PAGE_SIZE, type AuditFilters, useAuditEvents } from "../../api/admin";
import { AuditEventList } from "../../components/AuditEventList";
import { SelectField, TextField } from "../../components/Fields";
import { FilterForm, useFilterForm } from "../../components/FilterForm";
import { Pagination, pageLinks } from "../../components/SearchResults";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { ACTIONS, actionLabel, OBJECT_TYPES, objectTypeLabel } from "../../lib/auditLabels";
import { taipeiEndOfDay, taipeiStartOfDay } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

// The fields besides the dates, by their names in the page's address.
const FIELDS = ["type", "id", "action", "user", "token"] as const;

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
  const filter = useFilterForm(FIELDS);
  const events = useAuditEvents(toFilters(filter.params));
  useDocumentTitle(t("audit.heading"));
  const { form, set } = filter;
  const linkTo = pageLinks(filter.params);

  return (
    <div className="admin-page">
      <h1>{t("audit.heading")}</h1>
      <p>{t("audit.intro")}</p>
      <FilterForm label={t("audit.filters")} filter={filter} sinceLabel={t("audit.since")} untilLabel={t("audit.until")}>
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
      </FilterForm>

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
