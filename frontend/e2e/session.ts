import type { BrowserContext, Page } from "playwright-core";

export const DEMO = {
  admin: { username: "admin", password: "demo-admin-107", name: "系統管理員", role: "系統管理員" },
  reviewer: { username: "reviewer", password: "demo-reviewer-107", name: "國營會審查人員", role: "審查人員" },
  reporter: { username: "reporter-taiwater", password: "demo-reporter-107", name: "台水公司填報人員", role: "事業填報人員" },
} as const;

export type DemoAccount = (typeof DEMO)[keyof typeof DEMO];

/** Signs in through the page, as a person would, and waits for the header to name the account. */
export async function signIn(page: Page, account: DemoAccount, path = "/login"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("帳號").fill(account.username);
  await page.getByLabel("密碼").fill(account.password);
  await page.getByRole("button", { name: "登入", exact: true }).click();
  await page.getByText(`目前登入：${account.name}（${account.role}）`).waitFor();
}

/** A request with the context's session and its CSRF token: for setting up data quickly. */
export async function apiCall(
  context: BrowserContext,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; etag: string | null }> {
  const csrf = (await context.cookies()).find((c) => c.name === "uplift_csrf")?.value ?? "";
  const response = await context.request.fetch(url, {
    method,
    headers: { "X-CSRF-Token": csrf, ...headers },
    data: body === undefined ? undefined : body,
  });
  const text = await response.text();
  return { status: response.status(), json: text ? JSON.parse(text) : null, etag: response.headers()["etag"] ?? null };
}

/** A year no earlier run has used: plans are unique per issuer and year. */
export function uniqueYear(): number {
  return 2100 + Math.floor(Math.random() * 890);
}
