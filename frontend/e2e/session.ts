import type { BrowserContext, Page } from "playwright-core";

export const DEMO = {
  admin: { username: "admin", password: "demo-admin-107", name: "系統管理員", role: "系統管理員" },
  reviewer: { username: "reviewer", password: "demo-reviewer-107", name: "國營會審查人員", role: "審查人員" },
  reporter: { username: "reporter-taiwater", password: "demo-reporter-107", name: "台水公司填報人員", role: "事業填報人員" },
} as const;

/** Any account the tests sign in with: a demo one, or one a test made. */
export interface Account {
  username: string;
  password: string;
  name: string;
  role: string;
}

/** Signs in through the page, as a person would, and waits for the header to name the account. */
export async function signIn(page: Page, account: Account, path = "/login"): Promise<void> {
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
  return { status: response.status(), json: text ? JSON.parse(text) : null, etag: response.headers().etag ?? null };
}

/**
 * The id of the seeded 107 plan. Other specs publish newer plans, which pages open on by default,
 * and vitest may run the files in any order: a spec about the 107 plan names it.
 */
export async function plan107(context: BrowserContext): Promise<number> {
  const plans = await apiCall(context, "GET", "/api/v1/plans?page_size=100");
  const found = (plans.json as { items: { id: number; year: number }[] }).items.find((p) => p.year === 2018);
  if (!found) throw new Error("the seeded 107 plan is not there");
  return found.id;
}

const handedOut = new Set<number>();

/**
 * A year (2100–2899) no plan has yet: plans are unique per issuer and year, and reruns against the
 * same database keep adding plans, so a random guess alone soon collides. Reads the plans with the
 * context's session (signed in as staff, so drafts count too). The years stop at ROC 988 so that
 * dates a year later still have the three-digit ROC year people type (and the parsers accept).
 */
export async function uniqueYear(context: BrowserContext): Promise<number> {
  const used = new Set(handedOut);
  for (let page = 1; ; page++) {
    const { status, json } = await apiCall(context, "GET", `/api/v1/plans?page_size=100&page=${page}`);
    if (status !== 200) throw new Error(`listing plans: ${status}`);
    const { items, total } = json as { items: { year: number }[]; total: number };
    for (const p of items) used.add(p.year);
    if (page * 100 >= total) break;
  }
  const free = Array.from({ length: 800 }, (_, i) => 2100 + i).filter((y) => !used.has(y));
  if (free.length === 0) throw new Error("no free year left between 2100 and 2899: use a fresh database");
  const year = free[Math.floor(Math.random() * free.length)]!;
  handedOut.add(year);
  return year;
}
