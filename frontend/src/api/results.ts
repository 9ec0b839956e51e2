import { type QueryClient, queryOptions, skipToken } from "@tanstack/react-query";
import { api, unwrap, unwrapWithEtag, type Versioned } from "./client";
import type { ResultsDueDate, ResultsReport, ResultsReportIn } from "./types";

type Target = { planId: number; code: string };

function path({ planId, code }: Target) {
  return { params: { path: { plan_id: planId, org_code: code } } };
}

/** An enterprise's results report (empty until started) with the ETag its next write sends as If-Match. */
export async function readResults(target: Target): Promise<Versioned<ResultsReport>> {
  return unwrapWithEtag(await api.GET("/api/v1/plans/{plan_id}/results-reports/{org_code}", path(target)));
}

export async function readDueDate(planId: number): Promise<Versioned<ResultsDueDate>> {
  return unwrapWithEtag(await api.GET("/api/v1/plans/{plan_id}/results-due-date", { params: { path: { plan_id: planId } } }));
}

/** Every read of results reports: one place for their keys and how they are fetched. */
export const resultsQueries = {
  /** Read again on every visit: its ETag guards the next write. */
  report: (target: Target | undefined) =>
    queryOptions({
      queryKey: ["results-report", target?.planId, target?.code],
      staleTime: 0,
      refetchOnWindowFocus: false,
      queryFn: target === undefined ? skipToken : () => readResults(target),
    }),
  list: (planId: number | undefined) =>
    queryOptions({
      queryKey: ["results-reports", planId],
      queryFn:
        planId === undefined
          ? skipToken
          : async ({ signal }) =>
              unwrap(await api.GET("/api/v1/plans/{plan_id}/results-reports", { params: { path: { plan_id: planId } }, signal })),
    }),
  dueDate: (planId: number | undefined) =>
    queryOptions({
      queryKey: ["results-due-date", planId],
      staleTime: 0,
      refetchOnWindowFocus: false,
      queryFn: planId === undefined ? skipToken : () => readDueDate(planId),
    }),
};

export const resultsWrites = {
  /** Saves the summaries as the draft: edited in place, or a new version once submitted or returned. */
  async save(target: Target, etag: string, body: ResultsReportIn): Promise<Versioned<ResultsReport>> {
    return unwrapWithEtag(
      await api.PUT("/api/v1/plans/{plan_id}/results-reports/{org_code}", { ...path(target), headers: { "If-Match": etag }, body }),
    );
  },
  async submit(target: Target, etag: string): Promise<Versioned<ResultsReport>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/plans/{plan_id}/results-reports/{org_code}/submit", { ...path(target), headers: { "If-Match": etag } }),
    );
  },
  async return(target: Target, etag: string, comment: string): Promise<Versioned<ResultsReport>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/plans/{plan_id}/results-reports/{org_code}/return", {
        ...path(target),
        headers: { "If-Match": etag },
        body: { comment },
      }),
    );
  },
  async accept(target: Target, etag: string): Promise<Versioned<ResultsReport>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/plans/{plan_id}/results-reports/{org_code}/accept", { ...path(target), headers: { "If-Match": etag } }),
    );
  },
  async setDueDate(planId: number, etag: string, dueDate: string | null): Promise<Versioned<ResultsDueDate>> {
    return unwrapWithEtag(
      await api.PUT("/api/v1/plans/{plan_id}/results-due-date", {
        params: { path: { plan_id: planId } },
        headers: { "If-Match": etag },
        body: { due_date: dueDate },
      }),
    );
  },
};

/** After a write: the page shows the report as the write answered it (with its new ETag), and the list reads again. */
export async function afterResultsChange(client: QueryClient, answer: Versioned<ResultsReport>): Promise<void> {
  const { plan_id, organization } = answer.data;
  client.setQueryData(resultsQueries.report({ planId: plan_id, code: organization.code }).queryKey, answer);
  await client.invalidateQueries({ queryKey: ["results-reports", plan_id] });
}

/** After a 412 was dropped, or the due date changed: everything about the plan's results reports reads again. */
export async function invalidateResults(client: QueryClient): Promise<void> {
  await Promise.all(["results-report", "results-reports", "results-due-date"].map((key) => client.invalidateQueries({ queryKey: [key] })));
}
