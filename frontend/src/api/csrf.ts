import type { Middleware } from "openapi-fetch";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const CSRF_COOKIE = "uplift_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

/** The value of one cookie in a `document.cookie` string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

let remembered: string | null = null;

/** Keeps the token the server handed over at sign-in or in /auth/me, for when the cookie cannot be read. */
export function rememberCsrfToken(token: string | null | undefined): void {
  remembered = token ?? null;
}

function browserCookies(): string {
  return typeof document === "undefined" ? "" : document.cookie;
}

/**
 * Every change made with the session carries the CSRF token: the readable cookie wins (it follows
 * the session), the one remembered from sign-in stands in when there is no cookie.
 */
export function csrfMiddleware(cookies: () => string = browserCookies): Middleware {
  return {
    onRequest({ request }) {
      if (!UNSAFE.has(request.method.toUpperCase())) return request;
      const token = readCookie(cookies(), CSRF_COOKIE) ?? remembered;
      if (token) request.headers.set(CSRF_HEADER, token);
      return request;
    },
  };
}
