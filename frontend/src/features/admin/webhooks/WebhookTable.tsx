import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useDeleteWebhook, useRotateSecret } from "../../../api/deliveries";
import type { Webhook } from "../../../api/types";
import { ConfirmQuestion } from "../../../components/Confirm";
import { ErrorMessage } from "../../../components/StateViews";
import { useLanguage } from "../../../i18n/useLanguage";
import { shortName } from "../../../lib/organizations";
import { formatRocDateTime } from "../../../lib/rocDate";

/** The subscriptions with their events and owner; each may get a new secret or be deleted (after asking). */
export function WebhookTable({
  webhooks,
  onRotated,
  onDeleted,
}: {
  webhooks: readonly Webhook[];
  onRotated: (shown: { url: string; secret: string }) => void;
  onDeleted: (url: string) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const remove = useDeleteWebhook();
  const rotate = useRotateSecret();
  const [confirming, setConfirming] = useState<number | null>(null);

  return (
    <>
      {remove.isError && <ErrorMessage error={remove.error} />}
      {rotate.isError && <ErrorMessage error={rotate.error} />}
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{t("webhooks.list")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("webhooks.url")}</th>
              <th scope="col">{t("webhooks.events")}</th>
              <th scope="col">{t("webhooks.organization")}</th>
              <th scope="col">{t("webhooks.state")}</th>
              <th scope="col">{t("webhooks.createdAt")}</th>
              <th scope="col">{t("form.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((hook) => (
              <tr key={hook.id}>
                <th scope="row">
                  <code>{hook.url}</code>
                  {hook.description && <div>{hook.description}</div>}
                </th>
                <td>
                  <ul className="plain-list">
                    {hook.events.map((kind) => (
                      <li key={kind}>{t(`events.${kind}` as "events.finding.issued", { defaultValue: kind })}</li>
                    ))}
                  </ul>
                </td>
                <td>{hook.organization ? shortName(hook.organization, language) : t("webhooks.commission")}</td>
                <td>{hook.is_active ? t("webhooks.active") : t("webhooks.paused")}</td>
                <td>{formatRocDateTime(hook.created_at, language)}</td>
                <td>
                  {confirming === hook.id ? (
                    <ConfirmQuestion
                      label={t("webhooks.deleteLabel", { url: hook.url })}
                      question={t("webhooks.confirmDelete", { url: hook.url })}
                      yes={t("webhooks.yesDelete")}
                      busy={remove.isPending}
                      danger
                      small
                      onConfirm={() =>
                        remove.mutate(hook.id, {
                          onSuccess: () => {
                            setConfirming(null);
                            onDeleted(hook.url);
                          },
                        })
                      }
                      onCancel={() => setConfirming(null)}
                    />
                  ) : (
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button button--quiet button--small"
                        aria-label={t("webhooks.rotateLabel", { url: hook.url })}
                        disabled={rotate.isPending}
                        onClick={() => rotate.mutate(hook.id, { onSuccess: (made) => onRotated({ url: made.url, secret: made.secret }) })}
                      >
                        {t("webhooks.rotate")}
                      </button>
                      <button
                        type="button"
                        className="button button--quiet button--small"
                        aria-label={t("webhooks.deleteLabel", { url: hook.url })}
                        onClick={() => setConfirming(hook.id)}
                      >
                        {t("webhooks.delete")}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
