import { type QueryClient, queryOptions, skipToken, useQuery } from "@tanstack/react-query";
import { api, unwrap, unwrapWithEtag } from "./client";

// Enough for any real year's list in one page; the API caps page_size at 100.
const MAX_PAGE_SIZE = 100;

/** Every read of a plan and its revisions: one place for their keys and how they are fetched. */
export const planQueries = {
  all: () =>
    queryOptions({
      queryKey: ["plans"],
      queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/plans", { params: { query: { page_size: MAX_PAGE_SIZE } }, signal })),
    }),
  /** The plan the home page shows: the newest published one that is not archived, chosen by the API. */
  featured: () =>
    queryOptions({
      queryKey: ["plans", "featured"],
      queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/plans/featured", { signal })),
    }),
  detail: (planId: number | undefined) =>
    queryOptions({
      queryKey: ["plan", planId],
      queryFn:
        planId === undefined
          ? skipToken
          : async ({ signal }) => unwrap(await api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } }, signal })),
    }),
  tree: (planId: number | undefined) =>
    queryOptions({
      queryKey: ["plan-tree", planId],
      queryFn:
        planId === undefined
          ? skipToken
          : async ({ signal }) => unwrap(await api.GET("/api/v1/plans/{plan_id}/tree", { params: { path: { plan_id: planId } }, signal })),
    }),
  /** The plan with its ETag, for the editor: every write to it sends this ETag back as If-Match. */
  versioned: (planId: number) =>
    queryOptions({
      queryKey: ["editor-plan", planId],
      staleTime: 0,
      // Not read again behind the person's back: publishing, archiving or deleting must send the ETag
      // of the plan as the page showed it, so a change someone made since answers 412 instead of passing.
      refetchOnWindowFocus: false,
      queryFn: async ({ signal }) =>
        unwrapWithEtag(await api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } }, signal })),
    }),
  revisions: (planId: number) =>
    queryOptions({
      queryKey: ["revisions", planId],
      staleTime: 0,
      queryFn: async ({ signal }) =>
        unwrap(await api.GET("/api/v1/plans/{plan_id}/revisions", { params: { path: { plan_id: planId } }, signal })),
    }),
  revision: (planId: number, number: number | null) =>
    queryOptions({
      queryKey: ["revisions", planId, number],
      queryFn:
        number === null
          ? skipToken
          : async ({ signal }) =>
              unwrap(
                await api.GET("/api/v1/plans/{plan_id}/revisions/{number}", { params: { path: { plan_id: planId, number } }, signal }),
              ),
    }),
  changes: (planId: number, number: number | null, since: number | null) =>
    queryOptions({
      queryKey: ["revisions", planId, number, "changes", since],
      queryFn:
        number === null
          ? skipToken
          : async ({ signal }) =>
              unwrap(
                await api.GET("/api/v1/plans/{plan_id}/revisions/{number}/changes", {
                  params: { path: { plan_id: planId, number }, query: { since: since ?? undefined } },
                  signal,
                }),
              ),
    }),
};

export const usePlans = () => useQuery(planQueries.all());
export const useFeaturedPlan = () => useQuery(planQueries.featured());
export const usePlan = (planId: number | undefined) => useQuery(planQueries.detail(planId));
export const usePlanTree = (planId: number | undefined) => useQuery(planQueries.tree(planId));
export const useEditorPlan = (planId: number) => useQuery(planQueries.versioned(planId));
export const useRevisions = (planId: number) => useQuery(planQueries.revisions(planId));
export const useRevision = (planId: number, number: number | null) => useQuery(planQueries.revision(planId, number));
export const useRevisionChanges = (planId: number, number: number | null, since: number | null) =>
  useQuery(planQueries.changes(planId, number, since));

/** After a change to a plan: everything that shows it reads again. */
export async function invalidatePlan(client: QueryClient, planId: number): Promise<void> {
  const keys = [
    planQueries.all().queryKey,
    planQueries.detail(planId).queryKey,
    planQueries.tree(planId).queryKey,
    planQueries.versioned(planId).queryKey,
    planQueries.revisions(planId).queryKey,
    ["audit-events"],
    ["measures"],
  ];
  await Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}
