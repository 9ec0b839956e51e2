import { afterEach, describe, expect, it } from "vitest";
import { csrfMiddleware, readCookie, rememberCsrfToken } from "./csrf";

async function run(method: string, cookies: string): Promise<Request> {
  const request = new Request("http://x/api/v1/users", { method });
  const mw = csrfMiddleware(() => cookies);
  // openapi-fetch passes more fields; the middleware only reads the request.
  const out = await mw.onRequest!({ request } as never);
  return (out as Request | undefined) ?? request;
}

afterEach(() => rememberCsrfToken(null));

describe("readCookie", () => {
  it("finds one cookie among several", () => {
    expect(readCookie("a=1; uplift_csrf=abc-DEF_1; b=2", "uplift_csrf")).toBe("abc-DEF_1");
    expect(readCookie("uplift_csrfx=1", "uplift_csrf")).toBeNull();
    expect(readCookie("", "uplift_csrf")).toBeNull();
    expect(readCookie("x=%E4%B8%AD", "x")).toBe("中");
  });
});

describe("csrfMiddleware", () => {
  it("adds the header to unsafe methods only", async () => {
    for (const m of ["POST", "PATCH", "PUT", "DELETE"]) {
      expect((await run(m, "uplift_csrf=tok")).headers.get("X-CSRF-Token")).toBe("tok");
    }
    expect((await run("GET", "uplift_csrf=tok")).headers.get("X-CSRF-Token")).toBeNull();
    expect((await run("HEAD", "uplift_csrf=tok")).headers.get("X-CSRF-Token")).toBeNull();
  });

  it("falls back to the token remembered from sign-in, and sends nothing without one", async () => {
    expect((await run("POST", "")).headers.get("X-CSRF-Token")).toBeNull();
    rememberCsrfToken("from-login");
    expect((await run("POST", "")).headers.get("X-CSRF-Token")).toBe("from-login");
    expect((await run("POST", "uplift_csrf=cookie")).headers.get("X-CSRF-Token")).toBe("cookie");
  });
});
