import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty, unwrapWithEtag, type Versioned } from "./client";
import { getMeasure } from "./measures";
import type { components } from "./schema";

type S = components["schemas"];
export type PlanCreate = S["PlanCreate"];
export type PlanUpdate = S["PlanUpdate"];
export type Dimension = S["Dimension"];
export type Strategy = S["Strategy"];
export type Revision = S["Revision"];
export type RevisionDetail = S["RevisionDetail"];
export type RevisionChange = S["Change"];
export type PlanRecord = S["PlanRecord"];
export type IndicatorCreate = S["IndicatorCreate"];
export type IndicatorUpdate = S["IndicatorUpdate"];
export type MeasureUpdate = S["MeasureUpdate"];
export type Measure = S["Measure"];

const ifMatch = (etag: string) => ({ "If-Match": etag });

export function useCreatePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: PlanCreate) => unwrap(await api.POST("/api/v1/plans", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["plans"] }),
  });
}

/** The plan as it now is, for the conflict notice after a 412. */
export async function readPlan(planId: number) {
  return unwrapWithEtag(await api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } } }));
}

export const planWrites = {
  async update(planId: number, etag: string, body: PlanUpdate) {
    return unwrap(await api.PATCH("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } }, headers: ifMatch(etag), body }));
  },
  async publish(planId: number, etag: string) {
    return unwrap(await api.POST("/api/v1/plans/{plan_id}/publish", { params: { path: { plan_id: planId } }, headers: ifMatch(etag) }));
  },
  async openAmendment(planId: number, body: { reason: string; amended_on: string }) {
    return unwrap(await api.POST("/api/v1/plans/{plan_id}/amendments", { params: { path: { plan_id: planId } }, body }));
  },
  async adopt(planId: number, number: number) {
    return unwrap(await api.POST("/api/v1/plans/{plan_id}/amendments/{number}/adopt", { params: { path: { plan_id: planId, number } } }));
  },
  async copy(planId: number, body: S["PlanCopy"]) {
    return unwrap(await api.POST("/api/v1/plans/{plan_id}/copy", { params: { path: { plan_id: planId } }, body }));
  },
  async remove(planId: number, etag: string) {
    return unwrapEmpty(await api.DELETE("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } }, headers: ifMatch(etag) }));
  },
  async archive(planId: number, etag: string) {
    return unwrap(await api.POST("/api/v1/plans/{plan_id}/archive", { params: { path: { plan_id: planId } }, headers: ifMatch(etag) }));
  },
  async importFile(file: File) {
    const json = file.name.toLowerCase().endsWith(".json") || file.type === "application/json";
    const type = json ? "application/json" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    return unwrap(
      await api.POST("/api/v1/plans/import", {
        body: file as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { "Content-Type": type },
      }),
    );
  },
};

export const structureWrites = {
  async addDimension(planId: number, body: { code: string; name: string; position?: number | null }) {
    return unwrap(await api.POST("/api/v1/plans/{plan_id}/dimensions", { params: { path: { plan_id: planId } }, body }));
  },
  async getDimension(id: number) {
    return unwrapWithEtag(await api.GET("/api/v1/dimensions/{dimension_id}", { params: { path: { dimension_id: id } } }));
  },
  async updateDimension(id: number, etag: string, body: S["DimensionUpdate"]) {
    return unwrap(
      await api.PATCH("/api/v1/dimensions/{dimension_id}", { params: { path: { dimension_id: id } }, headers: ifMatch(etag), body }),
    );
  },
  async deleteDimension(id: number, etag: string) {
    return unwrapEmpty(
      await api.DELETE("/api/v1/dimensions/{dimension_id}", { params: { path: { dimension_id: id } }, headers: ifMatch(etag) }),
    );
  },
  async addStrategy(dimensionId: number, body: { code: string; name: string; position?: number | null }) {
    return unwrap(
      await api.POST("/api/v1/dimensions/{dimension_id}/strategies", { params: { path: { dimension_id: dimensionId } }, body }),
    );
  },
  async getStrategy(id: number) {
    return unwrapWithEtag(await api.GET("/api/v1/strategies/{strategy_id}", { params: { path: { strategy_id: id } } }));
  },
  async updateStrategy(id: number, etag: string, body: S["StrategyUpdate"]) {
    return unwrap(
      await api.PATCH("/api/v1/strategies/{strategy_id}", { params: { path: { strategy_id: id } }, headers: ifMatch(etag), body }),
    );
  },
  async deleteStrategy(id: number, etag: string) {
    return unwrapEmpty(
      await api.DELETE("/api/v1/strategies/{strategy_id}", { params: { path: { strategy_id: id } }, headers: ifMatch(etag) }),
    );
  },
  async addMeasure(strategyId: number, body: S["MeasureCreate"]) {
    return unwrap(await api.POST("/api/v1/strategies/{strategy_id}/measures", { params: { path: { strategy_id: strategyId } }, body }));
  },
};

/**
 * Writes inside a measure, all guarded by the measure's ETag. Each answers the measure as it now is;
 * the new ETag comes from the answer, or from reading the measure again when the answer has none.
 */
export const measureWrites = {
  async update(id: number, etag: string, body: MeasureUpdate) {
    return withEtag(
      id,
      await api.PATCH("/api/v1/measures/{measure_id}", { params: { path: { measure_id: id } }, headers: ifMatch(etag), body }),
    );
  },
  async remove(id: number, etag: string) {
    return unwrapEmpty(await api.DELETE("/api/v1/measures/{measure_id}", { params: { path: { measure_id: id } }, headers: ifMatch(etag) }));
  },
  async addSubItem(id: number, etag: string, body: S["SubItemCreate"]) {
    return withEtag(
      id,
      await api.POST("/api/v1/measures/{measure_id}/sub-items", { params: { path: { measure_id: id } }, headers: ifMatch(etag), body }),
    );
  },
  async updateSubItem(id: number, subId: number, etag: string, body: S["SubItemUpdate"]) {
    return withEtag(
      id,
      await api.PATCH("/api/v1/measures/{measure_id}/sub-items/{sub_item_id}", {
        params: { path: { measure_id: id, sub_item_id: subId } },
        headers: ifMatch(etag),
        body,
      }),
    );
  },
  async deleteSubItem(id: number, subId: number, etag: string) {
    return withEtag(
      id,
      await api.DELETE("/api/v1/measures/{measure_id}/sub-items/{sub_item_id}", {
        params: { path: { measure_id: id, sub_item_id: subId } },
        headers: ifMatch(etag),
      }),
    );
  },
  async addIndicator(id: number, etag: string, body: IndicatorCreate) {
    return withEtag(
      id,
      await api.POST("/api/v1/measures/{measure_id}/indicators", { params: { path: { measure_id: id } }, headers: ifMatch(etag), body }),
    );
  },
  async updateIndicator(id: number, indicatorId: number, etag: string, body: IndicatorUpdate) {
    return withEtag(
      id,
      await api.PATCH("/api/v1/measures/{measure_id}/indicators/{indicator_id}", {
        params: { path: { measure_id: id, indicator_id: indicatorId } },
        headers: ifMatch(etag),
        body,
      }),
    );
  },
  async deleteIndicator(id: number, indicatorId: number, etag: string) {
    return withEtag(
      id,
      await api.DELETE("/api/v1/measures/{measure_id}/indicators/{indicator_id}", {
        params: { path: { measure_id: id, indicator_id: indicatorId } },
        headers: ifMatch(etag),
      }),
    );
  },
};

async function withEtag(id: number, result: { data?: Measure; error?: unknown; response: Response }): Promise<Versioned<Measure>> {
  const versioned = unwrapWithEtag(result);
  return versioned.etag ? versioned : getMeasure(id);
}

/** What a dimension and a strategy share, and all that their ETag covers. */
export interface StructureNode {
  code: string;
  name: string;
  position: number;
}

/** A dimension or strategy with its ETag, for its edit form: not read again behind the person's back. */
export const structureQueries = {
  node: (kind: "dimension" | "strategy", id: number) =>
    queryOptions({
      queryKey: [kind, id],
      staleTime: 0,
      refetchOnWindowFocus: false,
      queryFn: (): Promise<Versioned<StructureNode>> =>
        kind === "dimension" ? structureWrites.getDimension(id) : structureWrites.getStrategy(id),
    }),
};
