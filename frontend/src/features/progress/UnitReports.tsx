import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { progressQueries } from "../../api/progress";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { ReportTable } from "./ReportTable";

/**
 * 各單位填報: on demand (read when opened), what an enterprise's units reported on one measure and
 * period: for the commission beside the enterprise's report, for the head office beside its own.
 */
export function UnitReports({
  planId,
  organization,
  measureKey,
  period,
  names,
  linkBase,
}: {
  planId: number;
  organization: string;
  measureKey: string;
  period: string;
  names: Map<string, string>;
  linkBase: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const units = useQuery({
    ...progressQueries.all({ planId, organization, measure: measureKey, period, level: "unit" }),
    enabled: open,
  });
  return (
    <details className="panel unit-reports" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t("progress.unitReportsHeading")}</summary>
      {units.isError ? (
        <ErrorMessage error={units.error} onRetry={() => void units.refetch()} />
      ) : !units.data ? (
        open && <Loading />
      ) : units.data.length === 0 ? (
        <p role="status">{t("progress.unitReportsNone")}</p>
      ) : (
        <ReportTable
          id="unit-reports-caption"
          caption={t("progress.unitReportsHeading")}
          reports={units.data}
          names={names}
          linkBase={linkBase}
          organizationLabel={t("progress.orgUnit")}
        />
      )}
    </details>
  );
}
