import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { planQueries } from "../../api/plans";
import { progressQueries } from "../../api/progress";
import type { PlanProgress, PlanTree } from "../../api/types";
import { SelectField } from "../../components/Fields";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { formatRocDate, formatRocYear } from "../../lib/rocDate";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { LaggingList, type MeasureIndex, MeasureLink, OverdueList } from "./DashboardLists";
import { laggingRows } from "./dashboard";
import { HeatMap, MatrixTable } from "./HeatMap";
import { ProgressChart } from "./ProgressChart";
import { NoPlan } from "./ReportParts";

export function measureIndex(tree: PlanTree | undefined): MeasureIndex {
  const out: MeasureIndex = new Map();
  for (const d of tree?.dimensions ?? []) for (const s of d.strategies) for (const m of s.measures) out.set(m.key, m);
  return out;
}

/** 進度總覽: the matrix as a heat map or a table, the lagging, missing and late reports, and the year as a chart. */
export function DashboardPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  useDocumentTitle(t("dashboard.title"));
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const plans = useQuery(planQueries.all());
  const featured = useQuery(planQueries.featured());
  const planId = Number(useParams().planId) || featured.data?.id;
  const matrix = useQuery(progressQueries.standing(planId));
  const timeline = useQuery(progressQueries.timeline(planId));
  const tree = useQuery(planQueries.tree(planId));
  const view = params.get("view") === "table" ? "table" : "heat";
  const byStrategy = params.get("by") === "strategy";
  const change = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: key !== "org" });
  };
  if (featured.isPending || plans.isPending) return <Loading />;
  if (planId === undefined) return <NoPlan title={t("dashboard.title")} />;
  const cellLink = (organizationId: number, columnKey: string) => {
    const next = new URLSearchParams(params);
    next.set("org", String(organizationId));
    next.set("col", columnKey);
    return `/review/plans/${planId}/dashboard?${next.toString()}#cell`;
  };
  const measures = measureIndex(tree.data);
  return (
    <div className="progress-page dashboard">
      <h1>{t("dashboard.title")}</h1>
      {matrix.data && <p>{t("dashboard.intro", { date: formatRocDate(matrix.data.today, language) })}</p>}
      <div className="filters">
        <SelectField
          label={t("plan.selectLabel")}
          value={planId}
          onChange={(e) => navigate(`/review/plans/${e.target.value}/dashboard${view === "table" ? "?view=table" : ""}`)}
        >
          {(plans.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {formatRocYear(p.year, language)}
            </option>
          ))}
        </SelectField>
      </div>
      <section className="panel" aria-labelledby="matrix-heading">
        <h2 id="matrix-heading">
          {t("dashboard.matrixHeading", { columns: t(byStrategy ? "dashboard.strategies" : "dashboard.dimensions") })}
        </h2>
        <div className="view-switch">
          <fieldset className="segmented">
            <legend>{t("dashboard.view")}</legend>
            {(["heat", "table"] as const).map((v) => (
              <button
                key={v}
                type="button"
                className="button button--quiet"
                aria-pressed={view === v}
                onClick={() => change("view", v === "heat" ? null : v)}
              >
                {t(v === "heat" ? "dashboard.heat" : "dashboard.table")}
              </button>
            ))}
          </fieldset>
          <label className="check">
            <input type="checkbox" checked={byStrategy} onChange={(e) => change("by", e.target.checked ? "strategy" : null)} />{" "}
            {t("dashboard.byStrategy")}
          </label>
        </div>
        {matrix.isError ? (
          <ErrorMessage error={matrix.error} onRetry={() => void matrix.refetch()} />
        ) : !matrix.data ? (
          <Loading />
        ) : view === "heat" ? (
          <HeatMap matrix={matrix.data} byStrategy={byStrategy} cellLink={cellLink} />
        ) : (
          <MatrixTable matrix={matrix.data} byStrategy={byStrategy} cellLink={cellLink} />
        )}
      </section>
      {matrix.data && params.get("org") && params.get("col") && (
        <ChosenCell
          matrix={matrix.data}
          tree={tree.data}
          planId={planId}
          organizationId={Number(params.get("org"))}
          columnKey={params.get("col") ?? ""}
          measures={measures}
          onClose={() => {
            const next = new URLSearchParams(params);
            next.delete("org");
            next.delete("col");
            setParams(next);
          }}
        />
      )}
      <section className="panel" aria-labelledby="lagging-heading">
        <h2 id="lagging-heading">{t("dashboard.laggingHeading")}</h2>
        {matrix.data ? <LaggingList planId={planId} rows={laggingRows(matrix.data)} measures={measures} /> : <Loading />}
      </section>
      {timeline.isError ? (
        <ErrorMessage error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : !timeline.data ? (
        <Loading />
      ) : (
        <>
          <section className="panel" aria-labelledby="missing-heading">
            <h2 id="missing-heading">{t("dashboard.missingHeading")}</h2>
            <OverdueList kind="missing" planId={planId} timeline={timeline.data} measures={measures} />
          </section>
          <section className="panel" aria-labelledby="late-heading">
            <h2 id="late-heading">{t("dashboard.lateHeading")}</h2>
            <OverdueList kind="late" planId={planId} timeline={timeline.data} measures={measures} />
          </section>
          <section className="panel" aria-labelledby="chart-heading">
            <h2 id="chart-heading">{t("dashboard.chartHeading")}</h2>
            <ProgressChart timeline={timeline.data} />
          </section>
        </>
      )}
    </div>
  );
}

/** The cell a heat-map link chose: that enterprise's measures in the dimension or strategy, the lagging ones marked. */
function ChosenCell({
  matrix,
  tree,
  planId,
  organizationId,
  columnKey,
  measures,
  onClose,
}: {
  matrix: PlanProgress;
  tree: PlanTree | undefined;
  planId: number;
  organizationId: number;
  columnKey: string;
  measures: MeasureIndex;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const heading = useRef<HTMLHeadingElement>(null);
  const organization = matrix.enterprises.find((e) => e.organization.id === organizationId)?.organization;
  const dimension = matrix.dimensions.find((d) => d.key === columnKey);
  const strategy = matrix.dimensions.flatMap((d) => d.strategies).find((s) => s.key === columnKey);
  const column = dimension ?? strategy;
  // Focus follows the link that chose the cell, so a keyboard lands on what it asked for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the cell chosen is what moves the focus.
  useEffect(() => {
    heading.current?.focus();
  }, [organizationId, columnKey]);
  if (!organization || !column) return null;
  const lagging = new Map(laggingRows(matrix, { organizationId, columnKey }).map((r) => [r.measureKey, r]));
  const inCell = (tree?.dimensions ?? [])
    .flatMap((d) => d.strategies.map((s) => ({ d, s })))
    .filter(({ d, s }) => d.key === columnKey || s.key === columnKey)
    .flatMap(({ s }) => s.measures)
    .filter((m) => m.organizations.some((o) => o.id === organizationId));
  const place = { organization: shortName(organization, language), column: `${column.code} ${column.name}` };
  return (
    <section className="panel" aria-labelledby="cell-heading" id="cell">
      <h2 id="cell-heading" ref={heading} tabIndex={-1}>
        {t("dashboard.cellHeading", place)}
      </h2>
      <ul className="cell-measures" aria-label={t("dashboard.cellMeasures", place)}>
        {inCell.map((m) => {
          const row = lagging.get(m.key);
          return (
            <li key={m.key}>
              <MeasureLink planId={planId} measureKey={m.key} measures={measures} />
              {row && (
                <span className="tag tag--warn">
                  {[row.delayed ? t("dashboard.isDelayed") : null, row.missingPeriods.length ? t("dashboard.missing") : null]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" className="button button--quiet" onClick={onClose}>
        {t("dashboard.showAll")}
      </button>
    </section>
  );
}
