import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMarkAllRead, useMarkRead, useNotifications } from "../../api/notifications";
import type { AppNotification } from "../../api/types";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDateTime } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

/** 通知: the signed-in person's notifications, newest first; opening one marks it read. */
export function NotificationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("notifications.heading"));
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly);
  const markAll = useMarkAllRead();
  return (
    <div className="admin-page">
      <h1>{t("notifications.heading")}</h1>
      <div className="toolbar">
        <label>
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> {t("notifications.unreadOnly")}
        </label>{" "}
        <button type="button" className="button" disabled={markAll.isPending} onClick={() => markAll.mutate()}>
          {t("notifications.markAllRead")}
        </button>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p>{t("notifications.empty")}</p>
      ) : (
        <ul className="notification-list" aria-label={t("notifications.listLabel")}>
          {list.data.items.map((n) => (
            <NotificationItem key={n.id} notification={n} />
          ))}
        </ul>
      )}
    </div>
  );
}

function NotificationItem({ notification: n }: { notification: AppNotification }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const markRead = useMarkRead();
  const title = language === "zh-TW" ? n.title_zh : n.title_en;
  const unread = n.read_at === null;
  return (
    <li className={`notification${unread ? " notification--unread" : ""}`}>
      <p className="notification__title">
        {unread && <span className="badge">{t("notifications.unread")}</span>} {title}
      </p>
      <p className="notification__time">
        <time dateTime={n.created_at}>{formatRocDateTime(n.created_at, language)}</time>
      </p>
      <p className="notification__actions">
        <Link to={n.link} onClick={() => unread && markRead.mutate(n.id)}>
          {t("notifications.open")}
        </Link>
        {unread && (
          <>
            {" "}
            <button type="button" className="button button--small" disabled={markRead.isPending} onClick={() => markRead.mutate(n.id)}>
              {t("notifications.markRead")}
            </button>
          </>
        )}
      </p>
    </li>
  );
}
