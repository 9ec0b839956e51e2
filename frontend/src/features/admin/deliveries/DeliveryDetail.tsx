import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../../api/auth";
import { useDelivery, useReplayDelivery } from "../../../api/deliveries";
import { Notice } from "../../../components/Conflict";
import { ErrorMessage, Loading } from "../../../components/StateViews";
import { useLanguage } from "../../../i18n/useLanguage";
import { permissionsOf } from "../../../lib/permissions";
import { formatRocDateTime } from "../../../lib/rocDate";

/** One delivery with every attempt; a given-up (dead) one offers a replay. Focus moves here so it is read out first. */
export function DeliveryDetail({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const can = permissionsOf(useMe().data);
  const delivery = useDelivery(id);
  const replay = useReplayDelivery();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);

  return (
    <section className="panel" aria-labelledby="delivery-heading" tabIndex={-1} ref={ref}>
      <h2 id="delivery-heading">{t("deliveries.detailHeading", { id })}</h2>
      {delivery.isPending ? (
        <Loading />
      ) : delivery.isError ? (
        <ErrorMessage error={delivery.error} onRetry={() => void delivery.refetch()} />
      ) : (
        <>
          <dl className="facts">
            <dt>{t("deliveries.messageId")}</dt>
            <dd>
              <code>{delivery.data.message_id}</code>
            </dd>
            <dt>{t("deliveries.recipient")}</dt>
            <dd className="break-anywhere">{delivery.data.recipient}</dd>
            <dt>{t("deliveries.status")}</dt>
            <dd>{t(`deliveries.${delivery.data.status}`)}</dd>
          </dl>
          <h3>{t("deliveries.attemptList")}</h3>
          {delivery.data.attempt_list.length === 0 ? (
            <p className="state">{t("deliveries.noAttempts")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="visually-hidden">{t("deliveries.attemptList")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("deliveries.number")}</th>
                    <th scope="col">{t("deliveries.startedAt")}</th>
                    <th scope="col">{t("deliveries.duration")}</th>
                    <th scope="col">{t("deliveries.result")}</th>
                    <th scope="col">{t("deliveries.statusCode")}</th>
                    <th scope="col">{t("deliveries.error")}</th>
                    <th scope="col">{t("deliveries.worker")}</th>
                  </tr>
                </thead>
                <tbody>
                  {delivery.data.attempt_list.map((a) => (
                    <tr key={a.number}>
                      <th scope="row">
                        {a.number}
                        {a.replay && t("deliveries.replayMark")}
                      </th>
                      <td>{formatRocDateTime(a.started_at, language)}</td>
                      <td>{a.duration_ms}</td>
                      <td>{a.ok ? t("deliveries.ok") : t("deliveries.failed")}</td>
                      <td>{a.status_code ?? "—"}</td>
                      <td className="break-anywhere">{a.error ?? "—"}</td>
                      <td>
                        <code>{a.worker}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {replay.isError && <ErrorMessage error={replay.error} />}
          {replay.isSuccess && <Notice>{t("deliveries.replayed")}</Notice>}
          <div className="row-actions">
            {can.replayDeliveries && delivery.data.status === "dead" && (
              <button type="button" className="button" disabled={replay.isPending} onClick={() => replay.mutate(id)}>
                {t("deliveries.replay")}
              </button>
            )}
            <button type="button" className="button button--quiet" onClick={onClose}>
              {t("deliveries.close")}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
