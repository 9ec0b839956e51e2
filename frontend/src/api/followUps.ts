import { type QueryClient, queryOptions, skipToken } from "@tanstack/react-query";
import { api, unwrap, unwrapWithEtag, type Versioned } from "./client";
import type { FollowUpAnswerIn, FollowUpDecisionIn, FollowUpDetail } from "./types";

/** The board's filters, as the list and the summary take them. */
export interface BoardFilter {
  organization?: string;
  round?: number;
}

function onePath(id: number) {
  return { path: { follow_up_id: id } };
}

/** A follow-up with the ETag its guarded writes send as If-Match. */
export async function readFollowUp(id: number): Promise<Versioned<FollowUpDetail>> {
  return unwrapWithEtag(await api.GET("/api/v1/follow-ups/{follow_up_id}", { params: onePath(id) }));
}

/** Every read of follow-ups: one place for their keys and how they are fetched. */
export const followUpQueries = {
  /** The board: up to 100 follow-ups in deadline order. */
  list: (filter: BoardFilter) =>
    queryOptions({
      queryKey: ["follow-ups", filter.organization ?? null, filter.round ?? null],
      queryFn: async ({ signal }) =>
        unwrap(
          await api.GET("/api/v1/follow-ups", {
            params: { query: { page_size: 100, organization: filter.organization, round: filter.round } },
            signal,
          }),
        ),
    }),
  summary: (round: number | undefined) =>
    queryOptions({
      queryKey: ["follow-up-summary", round ?? null],
      queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/follow-ups/summary", { params: { query: { round } }, signal })),
    }),
  /** Read again on every visit: its ETag guards the next decision. */
  one: (id: number | undefined) =>
    queryOptions({
      queryKey: ["follow-up", id],
      staleTime: 0,
      refetchOnWindowFocus: false,
      queryFn: id === undefined ? skipToken : () => readFollowUp(id),
    }),
};

function idempotency(): Record<string, string> {
  return { "Idempotency-Key": crypto.randomUUID() };
}

export const followUpWrites = {
  async answer(id: number, body: FollowUpAnswerIn): Promise<Versioned<FollowUpDetail>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/follow-ups/{follow_up_id}/answers", { params: onePath(id), headers: idempotency(), body }),
    );
  },
  async decide(id: number, number: number, etag: string, body: FollowUpDecisionIn): Promise<Versioned<FollowUpDetail>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/follow-ups/{follow_up_id}/answers/{number}/decision", {
        params: { path: { follow_up_id: id, number } },
        headers: { "If-Match": etag },
        body,
      }),
    );
  },
  async requestExtension(id: number, reason: string, requestedDueOn: string): Promise<Versioned<FollowUpDetail>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/follow-ups/{follow_up_id}/extensions", {
        params: onePath(id),
        headers: idempotency(),
        body: { reason, requested_due_on: requestedDueOn },
      }),
    );
  },
  async decideExtension(id: number, number: number, approve: boolean, reason: string | null): Promise<Versioned<FollowUpDetail>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/follow-ups/{follow_up_id}/extensions/{number}/decision", {
        params: { path: { follow_up_id: id, number } },
        headers: idempotency(),
        body: { approve, reason },
      }),
    );
  },
  async handToUnit(id: number, unit: string, request: string): Promise<Versioned<FollowUpDetail>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/follow-ups/{follow_up_id}/units", { params: onePath(id), headers: idempotency(), body: { unit, request } }),
    );
  },
  async unitHandling(id: number, code: string, text: string, progressPercent: number): Promise<Versioned<FollowUpDetail>> {
    return unwrapWithEtag(
      await api.PUT("/api/v1/follow-ups/{follow_up_id}/units/{code}", {
        params: { path: { follow_up_id: id, code } },
        body: { text, progress_percent: progressPercent },
      }),
    );
  },
};

/** After a write: the page shows the follow-up as the write answered it, and the board reads again. */
export async function afterFollowUpChange(client: QueryClient, answer: Versioned<FollowUpDetail>): Promise<void> {
  client.setQueryData(followUpQueries.one(answer.data.id).queryKey, answer);
  await Promise.all(["follow-ups", "follow-up-summary"].map((key) => client.invalidateQueries({ queryKey: [key] })));
}
