import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ADMIN_PAGE_SIZE } from "../../../api/admin";
import { type DeliveryFilters, useDeliveries } from "../../../api/deliveries";
import type { DeliveryChannel, DeliveryStatus } from "../../../api/types";
import { SelectField, TextField } from "../../../components/Fields";
import { FilterForm, useFilterForm } from "../../../components/FilterForm";
import { Pagination, pageLinks } from "../../../components/SearchResults";
import { ErrorMessage, Loading } from "../../../components/StateViews";
import { useLanguage } from "../../../i18n/useLanguage";
import { formatRocDateTime, taipeiEndOfDay, taipeiStartOfDay } from "../../../lib/rocDate";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { DeliveryDetail } from "./DeliveryDetail";

const CHANNELS: readonly DeliveryChannel[] = ["email", "webhook"];
const STATUSES: readonly DeliveryStatus[] = ["pending", "delivered", "dead"];
// The fields besides the dates, by their names in the page's address.
const FIELDS = ["channel", "status", "kind", "organization"] as const;

function toFilters(params: URLSearchParams): DeliveryFilters {
  const since = params.get("since");
  const until = params.get("until");
  const page = Number(params.get("page"));
  return {
    channel: (CHANNELS as readonly string[]).includes(params.get("channel") ?? "") ? (params.get("channel") as DeliveryChannel) : undefined,
    status: (STATUSES as readonly string[]).includes(params.get("status") ?? "") ? (params.get("status") as DeliveryStatus) : undefined,
    kind: params.get("kind") || undefined,
    organization: params.get("organization") || undefined,
    created_since: since ? taipeiStartOfDay(since) : undefined,
    created_until: until ? taipeiEndOfDay(until) : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** 發送紀錄: every e-mail and webhook with its attempts, for administrators; a given-up one can be replayed. */
export function DeliveriesPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [shown, setShown] = useState<number | null>(null);
  const filter = useFilterForm(FIELDS, () => setShown(null));
  const deliveries = useDeliveries(toFilters(filter.params));
  useDocumentTitle(t("deliveries.heading"));
  const { form, set } = filter;
  const linkTo = pageLinks(filter.params);

  return (
    <div className="admin-page">
      <h1>{t("deliveries.heading")}</h1>
      <p>{t("deliveries.intro")}</p>
      <FilterForm label={t("deliveries.filters")} filter={filter} sinceLabel={t("deliveries.since")} untilLabel={t("deliveries.until")}>
        <SelectField label={t("deliveries.channel")} value={form.channel} onChange={set("channel")}>
          <option value="">{t("form.all")}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`deliveries.${c}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("deliveries.status")} value={form.status} onChange={set("status")}>
          <option value="">{t("form.all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`deliveries.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t("deliveries.kind")} value={form.kind} onChange={set("kind")} maxLength={64} size={18} />
        <TextField label={t("deliveries.organization")} value={form.organization} onChange={set("organization")} maxLength={64} size={12} />
      </FilterForm>

      {shown !== null && <DeliveryDetail id={shown} onClose={() => setShown(null)} />}

      {deliveries.isPending ? (
        <Loading />
      ) : deliveries.isError ? (
        <ErrorMessage error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : (
        <section aria-labelledby="delivery-list-heading">
          <h2 id="delivery-list-heading">{t("deliveries.list")}</h2>
          <p className="result-status" role="status">
            {deliveries.data.total_capped
              ? t("deliveries.countCapped", { count: deliveries.data.total })
              : t("deliveries.count", { count: deliveries.data.total })}
          </p>
          {deliveries.data.items.length === 0 ? (
            <p className="state">{t("deliveries.empty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="visually-hidden">{t("deliveries.list")}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t("deliveries.channel")}</th>
                    <th scope="col">{t("deliveries.kind")}</th>
                    <th scope="col">{t("deliveries.recipient")}</th>
                    <th scope="col">{t("deliveries.status")}</th>
                    <th scope="col">{t("deliveries.attempts")}</th>
                    <th scope="col">{t("deliveries.createdAt")}</th>
                    <th scope="col">{t("deliveries.lastError")}</th>
                    <th scope="col">{t("form.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.data.items.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">{d.id}</th>
                      <td>{t(`deliveries.${d.channel}`)}</td>
                      <td>
                        <code>{d.kind}</code>
                      </td>
                      <td className="break-anywhere">{d.recipient}</td>
                      <td>{t(`deliveries.${d.status}`)}</td>
                      <td>{d.attempts}</td>
                      <td>{formatRocDateTime(d.created_at, language)}</td>
                      <td className="break-anywhere">{d.last_error ?? "—"}</td>
                      <td>
                        <button
                          type="button"
                          className="button button--quiet button--small"
                          aria-label={t("deliveries.showLabel", { id: d.id })}
                          onClick={() => setShown(d.id)}
                        >
                          {t("deliveries.show")}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={deliveries.data.page} pages={Math.ceil(deliveries.data.total / ADMIN_PAGE_SIZE)} linkTo={linkTo} />
        </section>
      )}
    </div>
  );
}
