import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useMe } from "../../api/auth";
import { planQueries } from "../../api/plans";
import { progressQueries } from "../../api/progress";
import type { ReportState } from "../../api/types";
import { SelectField } from "../../components/Fields";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocYear } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { NoPlan } from "./ReportParts";
import { measureNames, ReportTable } from "./ReportTable";

const STATES: readonly ReportState[] = ["draft", "submitted", "returned", "accepted"];

/** 所屬單位填報: a head office's units' reports, drafts included, to open, return or accept (督導所屬). */
export function UnitReportsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  useDocumentTitle(t("progress.unitsTitle"));
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const plans = useQuery(planQueries.all());
  const featured = useQuery(planQueries.featured());
  const planId = Number(params.get("plan")) || featured.data?.id;
  const state = (params.get("state") || undefined) as ReportState | undefined;
  const organization = me.data?.organization ?? null;
  const tree = useQuery(planQueries.tree(planId));
  const reports = useQuery({
    ...progressQueries.all({ planId, organization: organization?.code, level: "unit", state }),
    enabled: !!organization,
  });
  const change = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  if (me.isPending || featured.isPending || plans.isPending) return <Loading />;
  if (planId === undefined) return <NoPlan title={t("progress.unitsTitle")} />;
  const orgName = organization ? shortName(organization, language) : "";
  return (
    <div className="progress-page">
      <h1>{t("progress.unitsTitle")}</h1>
      <p>{t("progress.unitsIntro", { organization: orgName })}</p>
      <form className="filters" aria-label={t("progress.filters")} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t("plan.selectLabel")} value={planId} onChange={(e) => change("plan", e.target.value)}>
          {(plans.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {formatRocYear(p.year, language)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("progress.state")} value={state ?? ""} onChange={(e) => change("state", e.target.value)}>
          <option value="">{t("progress.allStates")}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`reportState.${s}`)}
            </option>
          ))}
        </SelectField>
      </form>
      {reports.isError ? (
        <ErrorMessage error={reports.error} onRetry={() => void reports.refetch()} />
      ) : !reports.data ? (
        <Loading />
      ) : reports.data.length === 0 ? (
        <p role="status">{t("progress.noUnitReports")}</p>
      ) : (
        <ReportTable
          id="units-caption"
          caption={t("progress.unitsCaption", { total: reports.data.length })}
          reports={reports.data}
          names={measureNames(tree.data)}
          linkBase="/units/reports/"
          organizationLabel={t("progress.orgUnit")}
        />
      )}
    </div>
  );
}
