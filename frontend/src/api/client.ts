import createClient, { type Middleware } from "openapi-fetch";
import { currentLanguage } from "../i18n";
import { csrfMiddleware } from "./csrf";
import type { paths } from "./schema";
import type { Problem } from "./types";

/** An API failure, carrying the server's RFC 9457 problem document when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  /** Seconds the server asked us to wait (429's Retry-After), when it said. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem | null, fallback: string, retryAfter: number | null = null) {
    super(problem?.detail || problem?.title || fallback);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

// Problem titles and details come back in the language the person reads.
const acceptLanguage: Middleware = {
  onRequest({ request }) {
    const language = currentLanguage();
    request.headers.set("Accept-Language", language === "en" ? "en, zh-TW;q=0.5" : "zh-TW, en;q=0.5");
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "/" });
api.use(acceptLanguage);
api.use(csrfMiddleware());

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Problem).title === "string" &&
    typeof (value as Problem).status === "number"
  );
}

/** Unwraps an openapi-fetch result: the data, or an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  throw toApiError(result);
}

/** The same for a write answered with no body (204). */
export function unwrapEmpty(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) throw toApiError(result);
}

/** The data and the ETag that guards it: send the ETag back as If-Match to change it. */
export function unwrapWithEtag<T>(result: { data?: T; error?: unknown; response: Response }): Versioned<T> {
  const data = unwrap(result);
  return { data, etag: result.response.headers.get("ETag") ?? "" };
}

export interface Versioned<T> {
  data: T;
  etag: string;
}

function toApiError(result: { error?: unknown; response: Response }): ApiError {
  const problem = isProblem(result.error) ? result.error : null;
  const retry = Number(result.response.headers.get("Retry-After"));
  return new ApiError(
    result.response.status,
    problem,
    `HTTP ${result.response.status} ${result.response.statusText}`,
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
}

/** Field name → message, from a 422 problem: for showing each error next to its input. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || !error.problem?.errors) return out;
  for (const e of error.problem.errors) {
    const field = e.field.replace(/^body\./, "");
    if (!(field in out)) out[field] = e.message;
  }
  return out;
}
