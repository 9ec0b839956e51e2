import { useTranslation } from "react-i18next";
import type { AuditEvent } from "../api/types";
import { useLanguage } from "../i18n/useLanguage";
import { actionLabel, objectTypeLabel } from "../lib/auditLabels";
import { diffRecords } from "../lib/diff";
import { formatRocDateTime } from "../lib/rocDate";
import { ChangeList } from "./ChangeList";

/** Audit events, newest first, each with its field changes behind a disclosure. */
export function AuditEventList({ events, showObject = true }: { events: readonly AuditEvent[]; showObject?: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <ol className="audit-list">
      {events.map((e) => {
        const changes = diffRecords(e.before, e.after);
        const what = `${actionLabel(t, e.action)}${showObject ? ` ${objectTypeLabel(t, e.object_type)}${e.object_id ? ` #${e.object_id}` : ""}` : ""}`;
        return (
          <li key={e.id} className="audit-event">
            <p className="audit-event__head">
              <time dateTime={e.occurred_at}>{formatRocDateTime(e.occurred_at, language)}</time>
              <span className="audit-event__actor">{e.actor_label}</span>
              <span className="audit-event__what">{what}</span>
              {e.address && (
                <span className="muted">
                  {t("audit.address")} {e.address}
                </span>
              )}
            </p>
            {changes.length > 0 && (
              <details className="audit-event__details">
                <summary>
                  {t("audit.showDetails")}
                  <span className="visually-hidden">
                    {" "}
                    {what} {formatRocDateTime(e.occurred_at, language)}
                  </span>
                </summary>
                <ChangeList changes={changes} caption={what} />
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
