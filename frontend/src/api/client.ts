import createClient, { type Middleware } from "openapi-fetch";
import { currentLanguage } from "../i18n";
import type { paths } from "./schema";
import type { Problem } from "./types";

/** An API failure, carrying the server's RFC 9457 problem document when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail || problem?.title || fallback);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
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
  const problem = isProblem(result.error) ? result.error : null;
  throw new ApiError(result.response.status, problem, `HTTP ${result.response.status} ${result.response.statusText}`);
}
