import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useMe } from "../../api/auth";
import { useOrganizations } from "../../api/organizations";
import { planQueries } from "../../api/plans";
import { progressQueries } from "../../api/progress";
import type { MeasureNode, PlanTree, ProgressReport } from "../../api/types";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocDate, formatRocYear } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { periodName } from "./labels";
import { dueDay, periodsToReport, periodText, reportingKind, taipeiToday, timingOf } from "./periods";
import { NoPlan } from "./ReportParts";
import { indicatorsOf } from "./reportForm";

/** The measures an organisation carries out in a plan, in the plan's order. */
export function measuresOf(tree: PlanTree, organizationCode: string): MeasureNode[] {
  return tree.dimensions.flatMap((d) =>
    d.strategies.flatMap((s) => s.measures.filter((m) => m.organizations.some((o) => o.code === organizationCode))),
  );
}

/** 我的填報: the reporter's measures, each period due and the state of its report. */
export function MyReportsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  useDocumentTitle(t("progress.myTitle"));
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const plans = useQuery(planQueries.all());
  const featured = useQuery(planQueries.featured());
  const chosen = Number(params.get("plan")) || featured.data?.id;
  const tree = useQuery(planQueries.tree(chosen));
  const organization = me.data?.organization ?? null;
  const reports = useQuery({ ...progressQueries.all({ planId: chosen, organization: organization?.code }), enabled: !!organization });
  // A unit reports on the measures of its enterprise (督導所屬), which it reports to.
  const organizations = useOrganizations();
  const ofUnit = organization?.kind === "unit";
  const self = organizations.data?.items.find((o) => o.code === organization?.code);
  const headOffice = ofUnit ? organizations.data?.items.find((o) => o.id === self?.parent_id) : undefined;

  if (me.isPending || featured.isPending || plans.isPending || (ofUnit && organizations.isPending)) return <Loading />;
  if (chosen === undefined) {
    return <NoPlan title={t("progress.myTitle")} />;
  }
  if (!organization) {
    return (
      <div className="state">
        <h1>{t("progress.myTitle")}</h1>
        <p>{t("progress.noOrganization")}</p>
      </div>
    );
  }
  const orgName = shortName(organization, language);
  return (
    <div className="progress-page">
      <div className="page-heading">
        <h1>{t("progress.myTitle")}</h1>
        {plans.data && plans.data.items.length > 1 && (
          <div className="field field--inline">
            <label htmlFor="progress-plan">{t("plan.selectLabel")}</label>
            <select id="progress-plan" value={chosen ?? ""} onChange={(e) => setParams({ plan: e.target.value })}>
              {plans.data.items.map((p) => (
                <option key={p.id} value={p.id}>
                  {formatRocYear(p.year, language)}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p>
        {headOffice
          ? t("progress.unitIntro", { organization: orgName, parent: shortName(headOffice, language) })
          : t("progress.myIntro", { organization: orgName })}
      </p>
      {tree.isError ? (
        <ErrorMessage error={tree.error} onRetry={() => void tree.refetch()} />
      ) : reports.isError ? (
        <ErrorMessage error={reports.error} onRetry={() => void reports.refetch()} />
      ) : !tree.data || !reports.data ? (
        <Loading />
      ) : (
        <MeasureTable
          tree={tree.data}
          organizationCode={organization.code}
          ownerCode={headOffice?.code ?? organization.code}
          orgName={orgName}
          reports={reports.data}
        />
      )}
    </div>
  );
}

function MeasureTable({
  tree,
  organizationCode,
  ownerCode,
  orgName,
  reports,
}: {
  tree: PlanTree;
  /** Who reports; `ownerCode` carries out the measures (the same, or a unit's enterprise). */
  organizationCode: string;
  ownerCode: string;
  orgName: string;
  reports: ProgressReport[];
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const measures = measuresOf(tree, ownerCode);
  if (measures.length === 0) return <p>{t("progress.noMeasures")}</p>;
  const year = tree.plan.year;
  const today = taipeiToday();
  const byKey = new Map(reports.filter((r) => r.organization.code === organizationCode).map((r) => [`${r.measure_key} ${r.period}`, r]));
  return (
    // biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboards can scroll it (WCAG 2.1.1).
    <div className="table-scroll" role="region" aria-labelledby="my-measures-caption" tabIndex={0}>
      <table className="data-table">
        <caption id="my-measures-caption">{t("progress.measuresCaption", { organization: orgName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("progress.measure")}</th>
            <th scope="col">{t("progress.rhythm")}</th>
            <th scope="col">{t("progress.periods")}</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => {
            const frequencies = indicatorsOf(m).map((i) => i.frequency);
            const kind = reportingKind(frequencies);
            return (
              <tr key={m.id}>
                <th scope="row" lang={CONTENT_LANG} className="progress-measure">
                  {m.code && <span className="progress-measure__code">{m.code} </span>}
                  {m.text}
                </th>
                <td>
                  {kind === null
                    ? t("progress.noRhythm")
                    : t(`frequency.${frequencies.find((f) => reportingKind([f]) === kind) ?? "yearly"}`)}
                </td>
                <td>
                  <ul className="period-list">
                    {periodsToReport(kind, year).map((p) => {
                      const text = periodText(p);
                      const report = byKey.get(`${m.key} ${text}`);
                      const timing = timingOf(p, today);
                      const open = !report || report.state === "draft" || report.state === "returned";
                      const state = report ? t(`reportState.${report.state}`) : t("progress.notWritten");
                      return (
                        <li key={text} className={`period-item period-item--${report?.state ?? "missing"}`}>
                          <Link to={`/progress/plans/${tree.plan.id}/measures/${m.id}/${text}`}>
                            {t("progress.periodLink", { period: periodName(t, p), state })}
                          </Link>{" "}
                          <span className="period-item__due">
                            {t("progress.dueOn", { date: formatRocDate(dueDay(p), language) })}
                            {timing === "current" && <span className="tag">{t("progress.current")}</span>}
                            {timing === "past" && open && <span className="tag tag--overdue">{t("progress.overdue")}</span>}
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
