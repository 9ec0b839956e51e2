import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { SEARCH_PAGE_SIZE, useMeasureSearch } from "../../api/measures";
import { useEnterprises } from "../../api/organizations";
import { useFeaturedPlan, usePlan, usePlans, usePlanTree } from "../../api/plans";
import type { PlanSummary } from "../../api/types";
import { HistoryPanel } from "../../components/HistoryPanel";
import { Pagination, SearchResults } from "../../components/SearchResults";
import { ErrorMessage, Loading } from "../../components/StateViews";
import { useLanguage } from "../../i18n/useLanguage";
import { shortName } from "../../lib/organizations";
import { countMeasures, filterTreeByOrganization } from "../../lib/planTree";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { BrowseFilters } from "./BrowseFilters";
import { type BrowseState, changeBrowseState, readBrowseState, writeBrowseState } from "./browseParams";
import { PlanOverview } from "./PlanOverview";
import { PlanStaffBar } from "./PlanStaffBar";
import { PlanTreeView } from "./PlanTreeView";

function newest(plans: readonly PlanSummary[]): PlanSummary | undefined {
  return plans.reduce<PlanSummary | undefined>((best, p) => (!best || p.year > best.year ? p : best), undefined);
}

/** The plan asked for, else the one the API features (404 while nothing is published: then the newest listed). */
function shownPlanId(
  asked: number | null,
  featured: ReturnType<typeof useFeaturedPlan>,
  plans: readonly PlanSummary[],
): number | undefined {
  if (asked !== null) return asked;
  if (featured.data) return featured.data.id;
  if (featured.isError) return newest(plans)?.id;
  return undefined;
}

export function PlanBrowserPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [params, setParams] = useSearchParams();
  const state = readBrowseState(params);

  const plans = usePlans();
  const featured = useFeaturedPlan();
  const planId = shownPlanId(state.plan, featured, plans.data?.items ?? []);
  const plan = usePlan(planId);
  const tree = usePlanTree(planId);
  const enterprises = useEnterprises();
  const search = useMeasureSearch({ planId, organization: state.org, q: state.q, page: state.page });

  useDocumentTitle(plan.data?.title);

  const update = (changes: Partial<BrowseState>, replace = false) =>
    setParams(writeBrowseState(changeBrowseState(state, changes)), { replace });
  const hrefFor = (changes: Partial<BrowseState>) => `/?${writeBrowseState(changeBrowseState(state, changes))}`;

  const filteredTree = useMemo(() => filterTreeByOrganization(tree.data?.dimensions ?? [], state.org), [tree.data, state.org]);
  const organizationCounts = useMemo(
    () => new Map((plan.data?.counts.by_organization ?? []).map((c) => [c.organization.code, c.measures])),
    [plan.data],
  );
  const selectedOrg = enterprises.data?.items.find((o) => o.code === state.org);
  const orgName = selectedOrg ? shortName(selectedOrg, language) : state.org;

  if (plans.isPending) return <Loading />;
  if (plans.isError) return <ErrorMessage error={plans.error} onRetry={() => void plans.refetch()} />;
  if (state.plan === null && featured.isPending) return <Loading />;
  if (planId === undefined) return <p className="state">{t("plan.empty")}</p>;
  if (plan.isPending) return <Loading />;
  if (plan.isError) return <ErrorMessage error={plan.error} onRetry={() => void plan.refetch()} />;

  let status = "";
  if (state.q) {
    if (search.data) {
      const key = state.org ? "search.resultCountOrg" : "search.resultCount";
      status = t(key, { count: search.data.total, q: state.q, org: orgName });
    }
  } else if (tree.data) {
    const count = countMeasures(filteredTree);
    status = state.org ? t("browse.orgMeasureCount", { name: orgName, count }) : t("browse.measureCount", { count });
  }

  return (
    <>
      <PlanOverview
        plan={plan.data}
        plans={plans.data.items}
        onSelectPlan={(id) => update({ plan: id, q: state.q })}
        orgLink={(code) => hrefFor({ org: code, q: "" })}
      />

      <PlanStaffBar plan={plan.data} />

      <section aria-labelledby="browse-heading" className="browse">
        <h2 id="browse-heading">{t("browse.heading")}</h2>
        {enterprises.isError ? (
          <ErrorMessage error={enterprises.error} onRetry={() => void enterprises.refetch()} />
        ) : (
          <BrowseFilters
            organizations={enterprises.data?.items ?? []}
            organizationCounts={organizationCounts}
            org={state.org}
            q={state.q}
            onOrgChange={(org) => update({ org })}
            onQueryChange={(q, push) => update({ q }, !push)}
            onClear={() => update({ org: null, q: "" })}
          />
        )}

        <p className="result-status" role="status" id="result-status">
          {status}
        </p>

        {state.q ? (
          search.isPending ? (
            <Loading />
          ) : search.isError ? (
            <ErrorMessage error={search.error} onRetry={() => void search.refetch()} />
          ) : search.data.total === 0 ? (
            <div className="state state--empty">
              <p className="state__title">{t("search.noResults", { q: state.q })}</p>
              <p>{t("search.noResultsHint")}</p>
            </div>
          ) : (
            <div aria-busy={search.isFetching} className={search.isPlaceholderData ? "is-stale" : undefined}>
              <h3 className="visually-hidden">{t("search.resultsHeading")}</h3>
              <SearchResults measures={search.data.items} query={state.q} />
              <Pagination
                page={search.data.page}
                pages={Math.ceil(search.data.total / SEARCH_PAGE_SIZE)}
                linkTo={(page) => hrefFor({ page })}
              />
            </div>
          )
        ) : tree.isPending ? (
          <Loading />
        ) : tree.isError ? (
          <ErrorMessage error={tree.error} onRetry={() => void tree.refetch()} />
        ) : filteredTree.length === 0 ? (
          <p className="state state--empty">{t("browse.noMeasures")}</p>
        ) : (
          <PlanTreeView
            key={`${planId}-${state.org ?? ""}`}
            dimensions={filteredTree}
            expandStrategies={state.org !== null}
            organizationCode={state.org}
          />
        )}
      </section>

      <HistoryPanel objectType="plan" objectId={plan.data.id} />
    </>
  );
}
