import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

// Enough for any real year's list in one page; the API caps page_size at 100.
const MAX_PAGE_SIZE = 100;
export const SEARCH_PAGE_SIZE = 50;

export function usePlans() {
  return useQuery({
    queryKey: ["plans"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/plans", { params: { query: { page_size: MAX_PAGE_SIZE } }, signal })),
  });
}

/** The plan the home page shows: the newest published one that is not archived, chosen by the API. */
export function useFeaturedPlan() {
  return useQuery({
    queryKey: ["plans", "featured"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/plans/featured", { signal })),
  });
}

export function usePlan(planId: number | undefined) {
  return useQuery({
    queryKey: ["plan", planId],
    queryFn:
      planId === undefined
        ? skipToken
        : async ({ signal }) => unwrap(await api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } }, signal })),
  });
}

export function usePlanTree(planId: number | undefined) {
  return useQuery({
    queryKey: ["plan-tree", planId],
    queryFn:
      planId === undefined
        ? skipToken
        : async ({ signal }) => unwrap(await api.GET("/api/v1/plans/{plan_id}/tree", { params: { path: { plan_id: planId } }, signal })),
  });
}

export function useEnterprises() {
  return useQuery({
    queryKey: ["organizations", "enterprise"],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/organizations", {
          params: { query: { kind: "enterprise", page_size: MAX_PAGE_SIZE } },
          signal,
        }),
      ),
  });
}

export interface MeasureSearch {
  planId: number | undefined;
  organization: string | null;
  q: string;
  page: number;
}

export function useMeasureSearch({ planId, organization, q, page }: MeasureSearch) {
  return useQuery({
    queryKey: ["measures", { planId, organization, q, page }],
    enabled: planId !== undefined && q.length > 0,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/measures", {
          params: {
            query: {
              plan_id: planId,
              organization: organization ?? undefined,
              q,
              page,
              page_size: SEARCH_PAGE_SIZE,
              sort: "document",
            },
          },
          signal,
        }),
      ),
  });
}

export function useMeasure(measureId: number | undefined) {
  return useQuery({
    queryKey: ["measure", measureId],
    queryFn:
      measureId === undefined
        ? skipToken
        : async ({ signal }) =>
            unwrap(await api.GET("/api/v1/measures/{measure_id}", { params: { path: { measure_id: measureId } }, signal })),
  });
}
