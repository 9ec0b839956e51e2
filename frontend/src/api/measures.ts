import { keepPreviousData, queryOptions, skipToken, useQuery } from "@tanstack/react-query";
import { api, unwrap, unwrapWithEtag, type Versioned } from "./client";
import type { Measure } from "./types";

export const SEARCH_PAGE_SIZE = 50;

export interface MeasureSearch {
  planId: number | undefined;
  organization: string | null;
  q: string;
  page: number;
}

/** The measure as it now is, with its ETag. */
export async function getMeasure(id: number): Promise<Versioned<Measure>> {
  return unwrapWithEtag(await api.GET("/api/v1/measures/{measure_id}", { params: { path: { measure_id: id } } }));
}

export const measureQueries = {
  search: ({ planId, organization, q, page }: MeasureSearch) =>
    queryOptions({
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
    }),
  detail: (measureId: number | undefined) =>
    queryOptions({
      queryKey: ["measure", measureId],
      queryFn:
        measureId === undefined
          ? skipToken
          : async ({ signal }) =>
              unwrap(await api.GET("/api/v1/measures/{measure_id}", { params: { path: { measure_id: measureId } }, signal })),
    }),
  /** For the measure editor: not read again behind the person's back, so their form keeps the ETag they read. */
  versioned: (measureId: number) =>
    queryOptions({
      queryKey: ["editor-measure", measureId],
      staleTime: 0,
      refetchOnWindowFocus: false,
      queryFn: () => getMeasure(measureId),
    }),
};

export const useMeasureSearch = (search: MeasureSearch) => useQuery(measureQueries.search(search));
export const useMeasure = (measureId: number | undefined) => useQuery(measureQueries.detail(measureId));
