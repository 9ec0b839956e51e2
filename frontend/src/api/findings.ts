import { type QueryClient, queryOptions, skipToken } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty, unwrapWithEtag, type Versioned } from "./client";
import type { Finding, FindingIn, FindingPatch, Measure } from "./types";

const PAGE = 100;
/** A list read whole (published findings, an enterprise's measures) stops after this many pages. */
const MAX_PAGES = 50;

/** A finding as it now is, with the ETag its next write sends as If-Match. */
export async function readFinding(id: number): Promise<Versioned<Finding>> {
  return unwrapWithEtag(await api.GET("/api/v1/findings/{finding_id}", { params: { path: { finding_id: id } } }));
}

type Feed = { round?: number; organization?: string; status?: Finding["status"] };

/** Every finding the feed gives for these filters, following its `next` links. */
async function readAll(filters: Feed, signal: AbortSignal): Promise<Finding[]> {
  const items: Finding[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = unwrap(await api.GET("/api/v1/findings", { params: { query: { ...filters, page_size: PAGE, cursor } }, signal }));
    items.push(...page.items);
    if (!page.next) break;
    cursor = new URL(page.next, window.location.origin).searchParams.get("cursor") ?? undefined;
    if (!cursor) break;
  }
  return items;
}

/** Every read of findings: one place for their keys and how they are fetched. */
export const findingQueries = {
  /** The rounds and enterprises the signed-in person drafts findings for. */
  drafting: () =>
    queryOptions({
      queryKey: ["findings-drafting"],
      queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/findings/drafting", { signal })),
    }),
  /** One enterprise's findings in one round. */
  ofEnterprise: (round: number | undefined, organization: string | undefined) =>
    queryOptions({
      queryKey: ["findings", round, organization],
      queryFn: round === undefined || organization === undefined ? skipToken : ({ signal }) => readAll({ round, organization }, signal),
    }),
  published: () =>
    queryOptions({
      queryKey: ["findings", "published"],
      queryFn: ({ signal }) => readAll({ status: "published" }, signal),
    }),
  /** An enterprise's measures in the plan, for the measures picker. */
  measures: (planId: number | undefined, organization: string | undefined) =>
    queryOptions({
      queryKey: ["findings-measures", planId, organization],
      queryFn:
        planId === undefined || organization === undefined ? skipToken : ({ signal }) => enterpriseMeasures(planId, organization, signal),
    }),
};

/** Every measure an enterprise owns in a plan, page after page, in the plan's order. */
async function enterpriseMeasures(planId: number, organization: string, signal: AbortSignal) {
  const found: Measure[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query = { plan_id: planId, organization, page, page_size: PAGE, sort: "document" as const };
    const { items, total } = unwrap(await api.GET("/api/v1/measures", { params: { query }, signal }));
    found.push(...items);
    if (items.length < PAGE || found.length >= total) break;
  }
  return found;
}

function path(id: number, etag: string) {
  return { params: { path: { finding_id: id } }, headers: { "If-Match": etag } };
}

export type Letter = { round_id: number; organization: string; issued_on: string; issue_number: string; due_on?: string | null };

export const findingWrites = {
  async create(body: FindingIn): Promise<Versioned<Finding>> {
    return unwrapWithEtag(await api.POST("/api/v1/findings", { body }));
  },
  async update(id: number, etag: string, body: FindingPatch): Promise<Versioned<Finding>> {
    return unwrapWithEtag(await api.PATCH("/api/v1/findings/{finding_id}", { ...path(id, etag), body }));
  },
  async remove(id: number, etag: string): Promise<void> {
    unwrapEmpty(await api.DELETE("/api/v1/findings/{finding_id}", path(id, etag)));
  },
  async approve(id: number, etag: string): Promise<Versioned<Finding>> {
    return unwrapWithEtag(await api.POST("/api/v1/findings/{finding_id}/approve", path(id, etag)));
  },
  async correct(id: number, etag: string, body: { text_zh: string; text_en?: string | null; reason: string }) {
    return unwrapWithEtag(await api.POST("/api/v1/findings/{finding_id}/corrections", { ...path(id, etag), body }));
  },
  /** The letter to one enterprise: every approved finding of it in the round. A retry with the same key is answered, not repeated. */
  async issueLetter(body: Letter, key: string) {
    return unwrap(await api.POST("/api/v1/findings/issue", { body, headers: { "Idempotency-Key": key } }));
  },
  async publish(roundId: number) {
    return unwrap(await api.POST("/api/v1/findings/publish", { body: { round_id: roundId } }));
  },
};

/** After a write: the lists and what the editor offers read again. */
export async function invalidateFindings(client: QueryClient): Promise<void> {
  await Promise.all(["findings", "findings-drafting"].map((key) => client.invalidateQueries({ queryKey: [key] })));
}
