import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

// Every organisation fits in one page; the API caps page_size at 100.
const MAX_PAGE_SIZE = 100;

export const organizationQueries = {
  all: () =>
    queryOptions({
      queryKey: ["organizations", "all"],
      queryFn: async ({ signal }) =>
        unwrap(await api.GET("/api/v1/organizations", { params: { query: { page_size: MAX_PAGE_SIZE } }, signal })),
    }),
  /** The enterprises that carry out measures. */
  enterprises: () =>
    queryOptions({
      queryKey: ["organizations", "enterprise"],
      queryFn: async ({ signal }) =>
        unwrap(await api.GET("/api/v1/organizations", { params: { query: { kind: "enterprise", page_size: MAX_PAGE_SIZE } }, signal })),
    }),
};

export const useOrganizations = () => useQuery(organizationQueries.all());
export const useEnterprises = () => useQuery(organizationQueries.enterprises());
