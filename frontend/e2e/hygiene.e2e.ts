import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launch, newPage } from "./browser";

// The server's Content-Security-Policy must let the web app and Swagger UI run as they are.
let browser: Browser;
let context: BrowserContext;
let page: Page;
let refused: string[];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  ({ context, page } = await newPage(browser));
  refused = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) refused.push(message.text());
  });
});
afterEach(async () => {
  await context?.close();
});

describe("the Content-Security-Policy", () => {
  it("lets the web app run", async () => {
    const response = await page.goto("/");
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.locator(".plan-tree").first().waitFor();
    expect(refused).toEqual([]);
  });

  it("lets Swagger UI run its start-up script and show the operations", async () => {
    await page.goto("/docs");
    await page.getByText("List plans").first().waitFor();
    expect(refused).toEqual([]);
  });
});
