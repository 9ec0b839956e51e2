import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuditEvents } from "../api/admin";
import { useMe } from "../api/auth";
import { permissionsOf } from "../lib/permissions";
import { AuditEventList } from "./AuditEventList";
import { ErrorMessage, Loading } from "./StateViews";

const HISTORY_SIZE = 20;

/** 異動紀錄: the audit events of one plan or measure, for staff who may read the audit log. */
export function HistoryPanel({ objectType, objectId }: { objectType: string; objectId: number }) {
  const me = useMe();
  if (!permissionsOf(me.data).readAudit) return null;
  return <History objectType={objectType} objectId={objectId} />;
}

function History({ objectType, objectId }: { objectType: string; objectId: number }) {
  const { t } = useTranslation();
  const events = useAuditEvents({ object_type: objectType, object_id: String(objectId), page_size: HISTORY_SIZE });
  const headingId = `history-${objectType}-${objectId}`;
  return (
    <section className="panel history" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("audit.history")}</h2>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorMessage error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <p className="muted">{t("audit.historyEmpty")}</p>
      ) : (
        <>
          <AuditEventList events={events.data.items} showObject={false} />
          {events.data.total > HISTORY_SIZE && (
            <p>
              <Link to={`/audit?type=${objectType}&id=${objectId}`}>{t("audit.historyMore")}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
