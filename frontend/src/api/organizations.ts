import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, unwrapWithEtag, type Versioned } from "./client";
import type { Organization, OrganizationUpdate, UnitCreate } from "./types";

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

/** One organisation with the ETag its rename sends back as If-Match. */
export async function readOrganization(code: string): Promise<Versioned<Organization>> {
  return unwrapWithEtag(await api.GET("/api/v1/organizations/{code}", { params: { path: { code } } }));
}

/** Administrators create an enterprise's units and rename them (POST, PATCH with If-Match). */
export const organizationWrites = {
  create: async (body: UnitCreate) => unwrap(await api.POST("/api/v1/organizations", { body })),
  rename: async (code: string, etag: string, body: OrganizationUpdate) =>
    unwrapWithEtag(await api.PATCH("/api/v1/organizations/{code}", { params: { path: { code } }, headers: { "If-Match": etag }, body })),
};
