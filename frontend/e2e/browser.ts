import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";

export const BASE_URL = (process.env.E2E_BASE_URL ?? "http://127.0.0.1:8000").replace(/\/$/, "");
const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
// For a person checking the pages by eye: set E2E_SCREENSHOTS=/tmp/shots.
const SCREENSHOTS = process.env.E2E_SCREENSHOTS;

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/** Fails with the list of WCAG 2.1 A/AA violations axe-core finds on the page as it stands. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
  expect(found, `axe violations in state "${state}"`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** One browser for a test file, and a fresh context and page for each of its tests. */
export function browserPerFile(): { browser: Browser; context: BrowserContext; page: Page } {
  const session = {} as { browser: Browser; context: BrowserContext; page: Page };
  beforeAll(async () => {
    session.browser = await launch();
  });
  afterAll(async () => {
    await session.browser?.close();
  });
  beforeEach(async () => {
    Object.assign(session, await newPage(session.browser));
  });
  afterEach(async () => {
    await session.context?.close();
  });
  return session;
}
