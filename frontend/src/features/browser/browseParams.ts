// The plan browser's state lives in the URL (?plan=&org=&q=&page=) so a view can be linked.

export interface BrowseState {
  plan: number | null;
  org: string | null;
  q: string;
  page: number;
}

export const MAX_QUERY_LENGTH = 100;

function positiveInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function readBrowseState(params: URLSearchParams): BrowseState {
  return {
    plan: positiveInt(params.get("plan")),
    org: params.get("org")?.trim() || null,
    q: (params.get("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH),
    page: positiveInt(params.get("page")) ?? 1,
  };
}

/** The URL parameters for a new state; empty values and page 1 are left out. */
export function writeBrowseState(state: BrowseState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.plan !== null) params.set("plan", String(state.plan));
  if (state.org) params.set("org", state.org);
  if (state.q) params.set("q", state.q);
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

/** Applies changes; a new plan, organisation or query starts again at page 1. */
export function changeBrowseState(state: BrowseState, changes: Partial<BrowseState>): BrowseState {
  const next = { ...state, ...changes };
  const restart =
    ("plan" in changes && changes.plan !== state.plan) ||
    ("org" in changes && changes.org !== state.org) ||
    ("q" in changes && changes.q !== state.q);
  if (restart && !("page" in changes)) next.page = 1;
  return next;
}
