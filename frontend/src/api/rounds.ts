import { type QueryClient, queryOptions, skipToken } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty, unwrapWithEtag, type Versioned } from "./client";
import type { PanelMember, PanelMemberIn, RoundDetail, RoundPatch, RoundStatus, Visit, VisitIn, VisitPatch } from "./types";

const round = (id: number) => ({ params: { path: { round_id: id } } });
const member = (id: number, memberId: number) => ({ params: { path: { round_id: id, member_id: memberId } } });

/** A round as the caller may see it, with the ETag its next guarded write sends as If-Match. */
export async function readRound(id: number): Promise<Versioned<RoundDetail>> {
  return unwrapWithEtag(await api.GET("/api/v1/rounds/{round_id}", round(id)));
}

const visit = (id: number, visitId: number) => ({ params: { path: { round_id: id, visit_id: visitId } } });

/** A visit with the ETag its change sends as If-Match. */
export async function readVisit(id: number, visitId: number): Promise<Versioned<Visit>> {
  return unwrapWithEtag(await api.GET("/api/v1/rounds/{round_id}/visits/{visit_id}", visit(id, visitId)));
}

/** Every read of verification rounds: one place for their keys and how they are fetched. */
export const roundQueries = {
  list: (planId?: number) =>
    queryOptions({
      queryKey: ["rounds", planId ?? null],
      queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/rounds", { params: { query: { plan_id: planId } }, signal })),
    }),
  /** Read again on every visit: its ETag guards the next write. */
  detail: (id: number | undefined) =>
    queryOptions({
      queryKey: ["round", id],
      staleTime: 0,
      refetchOnWindowFocus: false,
      queryFn: id === undefined ? skipToken : () => readRound(id),
    }),
};

export type StatusChange = { status: RoundStatus; notified_on?: string; notice_number?: string };

export const roundWrites = {
  async update(id: number, etag: string, body: RoundPatch): Promise<Versioned<RoundDetail>> {
    return unwrapWithEtag(await api.PATCH("/api/v1/rounds/{round_id}", { ...round(id), headers: { "If-Match": etag }, body }));
  },
  async status(id: number, etag: string, body: StatusChange): Promise<Versioned<RoundDetail>> {
    return unwrapWithEtag(await api.POST("/api/v1/rounds/{round_id}/status", { ...round(id), headers: { "If-Match": etag }, body }));
  },
  async addMember(id: number, body: PanelMemberIn): Promise<PanelMember> {
    return unwrap(await api.POST("/api/v1/rounds/{round_id}/panel", { ...round(id), body }));
  },
  async assign(id: number, memberId: number, organizations: string[]): Promise<PanelMember> {
    return unwrap(
      await api.PUT("/api/v1/rounds/{round_id}/panel/{member_id}/assignments", { ...member(id, memberId), body: { organizations } }),
    );
  },
  async removeMember(id: number, memberId: number): Promise<void> {
    unwrapEmpty(await api.DELETE("/api/v1/rounds/{round_id}/panel/{member_id}", member(id, memberId)));
  },
  async declareConflict(id: number, memberId: number, organization: string, reason: string): Promise<PanelMember> {
    return unwrap(
      await api.POST("/api/v1/rounds/{round_id}/panel/{member_id}/conflicts", { ...member(id, memberId), body: { organization, reason } }),
    );
  },
  async addVisit(id: number, body: VisitIn): Promise<Visit> {
    return unwrap(await api.POST("/api/v1/rounds/{round_id}/visits", { ...round(id), body }));
  },
  async updateVisit(id: number, visitId: number, etag: string, body: VisitPatch): Promise<Versioned<Visit>> {
    return unwrapWithEtag(
      await api.PATCH("/api/v1/rounds/{round_id}/visits/{visit_id}", { ...visit(id, visitId), headers: { "If-Match": etag }, body }),
    );
  },
  async removeVisit(id: number, visitId: number): Promise<void> {
    unwrapEmpty(await api.DELETE("/api/v1/rounds/{round_id}/visits/{visit_id}", visit(id, visitId)));
  },
};

/** After any write: the round and the list read again. */
export async function afterRoundChange(client: QueryClient, id: number): Promise<void> {
  await Promise.all([client.invalidateQueries({ queryKey: ["round", id] }), client.invalidateQueries({ queryKey: ["rounds"] })]);
}
