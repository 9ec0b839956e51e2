import { type QueryClient, queryOptions, skipToken } from "@tanstack/react-query";
import { api, unwrap, unwrapWithEtag, type Versioned } from "./client";
import type { ProgressReport, ProgressReportDetail, ProgressReportIn, ReportState, StoredFile, WorkStatus } from "./types";

const PAGE_SIZE = 100;
// An enterprise's reports for one plan: a few dozen measures by at most twelve periods.
const MAX_PAGES = 20;

export interface ReportFilters {
  planId?: number;
  organization?: string;
  measure?: string;
  period?: string;
  state?: ReportState;
  status?: WorkStatus;
  /** "enterprise": the enterprises' own reports (what the commission reviews); "unit": their units'. */
  level?: "enterprise" | "unit";
  page?: number;
}

function listQuery(f: ReportFilters, page: number) {
  return {
    plan_id: f.planId,
    organization: f.organization || undefined,
    measure: f.measure || undefined,
    period: f.period || undefined,
    state: f.state,
    status: f.status,
    level: f.level,
    page,
    page_size: PAGE_SIZE,
  };
}

/** A report with every version and the ETag its submit, return and accept send back as If-Match. */
export async function readReport(reportId: number): Promise<Versioned<ProgressReportDetail>> {
  return unwrapWithEtag(await api.GET("/api/v1/progress-reports/{report_id}", { params: { path: { report_id: reportId } } }));
}

/** Every read of progress reports: one place for their keys and how they are fetched. */
export const progressQueries = {
  /** One page, for the reviewer's list with its filters. */
  page: (f: ReportFilters) =>
    queryOptions({
      queryKey: ["progress-reports", "page", f],
      queryFn: async ({ signal }) =>
        unwrap(await api.GET("/api/v1/progress-reports", { params: { query: listQuery(f, f.page ?? 1) }, signal })),
    }),
  /** Every report matching, page after page: an enterprise's reports for one plan. */
  all: (f: ReportFilters) =>
    queryOptions({
      queryKey: ["progress-reports", "all", f],
      queryFn:
        f.planId === undefined
          ? skipToken
          : async ({ signal }) => {
              const out: ProgressReport[] = [];
              for (let page = 1; page <= MAX_PAGES; page++) {
                const got = unwrap(await api.GET("/api/v1/progress-reports", { params: { query: listQuery(f, page) }, signal }));
                out.push(...got.items);
                if (page * PAGE_SIZE >= got.total || got.items.length === 0) break;
              }
              return out;
            },
    }),
  /** Where things stand: the plan's progress matrix (enterprise × dimension × strategy). */
  standing: (planId: number | undefined) =>
    queryOptions({
      queryKey: ["progress-standing", planId],
      staleTime: 60_000,
      queryFn:
        planId === undefined
          ? skipToken
          : async ({ signal }) =>
              unwrap(await api.GET("/api/v1/plans/{plan_id}/progress", { params: { path: { plan_id: planId } }, signal })),
    }),
  /** The plan year month by month, with the missing and late reports (staff only). */
  timeline: (planId: number | undefined) =>
    queryOptions({
      queryKey: ["progress-timeline", planId],
      staleTime: 60_000,
      queryFn:
        planId === undefined
          ? skipToken
          : async ({ signal }) =>
              unwrap(await api.GET("/api/v1/plans/{plan_id}/progress/timeline", { params: { path: { plan_id: planId } }, signal })),
    }),
  /** One measure across the enterprises: its reports by period and its indicators' results. */
  measure: (planId: number, measureKey: string) =>
    queryOptions({
      queryKey: ["progress-measure", planId, measureKey],
      staleTime: 60_000,
      queryFn: async ({ signal }) =>
        unwrap(
          await api.GET("/api/v1/plans/{plan_id}/progress/measures/{measure_key}", {
            params: { path: { plan_id: planId, measure_key: measureKey } },
            signal,
          }),
        ),
    }),
  /** Read again on every visit: its ETag guards the next transition. */
  detail: (reportId: number | undefined) =>
    queryOptions({
      queryKey: ["progress-report", reportId],
      staleTime: 0,
      refetchOnWindowFocus: false,
      queryFn: reportId === undefined ? skipToken : () => readReport(reportId),
    }),
};

/** What an evidence upload takes on this server: its size limit and file name endings. */
export const evidenceQueries = {
  limits: () =>
    queryOptions({
      queryKey: ["evidence-limits"],
      staleTime: Number.POSITIVE_INFINITY,
      queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/evidence-files/limits", { signal })),
    }),
};

export const progressWrites = {
  /** Uploads an evidence file (multipart/form-data); a report then names it by its id. */
  async uploadEvidence(file: File): Promise<StoredFile> {
    const form = new FormData();
    form.append("file", file);
    return unwrap(
      await api.POST("/api/v1/evidence-files", {
        body: form as never,
        bodySerializer: (b: unknown) => b as BodyInit,
      }),
    );
  },
  /** Saves the report keyed by plan, measure, organisation and period: a draft, or a new version once submitted. */
  async save(body: ProgressReportIn): Promise<Versioned<ProgressReportDetail>> {
    return unwrapWithEtag(await api.POST("/api/v1/progress-reports", { body }));
  },
  async submit(reportId: number, etag: string): Promise<Versioned<ProgressReportDetail>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/progress-reports/{report_id}/submit", {
        params: { path: { report_id: reportId } },
        headers: { "If-Match": etag },
      }),
    );
  },
  async return(reportId: number, etag: string, comment: string): Promise<Versioned<ProgressReportDetail>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/progress-reports/{report_id}/return", {
        params: { path: { report_id: reportId } },
        headers: { "If-Match": etag },
        body: { comment },
      }),
    );
  },
  async accept(reportId: number, etag: string): Promise<Versioned<ProgressReportDetail>> {
    return unwrapWithEtag(
      await api.POST("/api/v1/progress-reports/{report_id}/accept", {
        params: { path: { report_id: reportId } },
        headers: { "If-Match": etag },
      }),
    );
  },
};

/**
 * After a change to a report: the page shows the report as the write answered it (with its new
 * ETag, so the next guarded write sends that), and the lists read again.
 */
export async function afterReportChange(client: QueryClient, answer: Versioned<ProgressReportDetail>): Promise<void> {
  client.setQueryData(progressQueries.detail(answer.data.id).queryKey, answer);
  await client.invalidateQueries({ queryKey: ["progress-reports"] });
}

/** After a 412 was dropped: the report and the lists read again. */
export async function invalidateProgress(client: QueryClient, reportId?: number): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: ["progress-reports"] }),
    reportId === undefined ? null : client.invalidateQueries({ queryKey: ["progress-report", reportId] }),
  ]);
}
