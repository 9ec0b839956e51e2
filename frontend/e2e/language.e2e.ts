import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectAccessible, launch, newPage, screenshot } from "./browser";
import { apiCall, DEMO, signIn, uniqueYear } from "./session";

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  ({ context, page } = await newPage(browser));
});
afterEach(async () => {
  await context?.close();
});

/** Signs in (in Chinese, the default) and switches the interface to English. */
async function inEnglish(account: (typeof DEMO)[keyof typeof DEMO]): Promise<void> {
  await signIn(page, account);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
}

const headings = (level: number) => page.getByRole("heading", { level }).allTextContents();

describe("the staff pages in English", () => {
  it("shows the editor in English", async () => {
    await inEnglish(DEMO.reviewer);
    const year = await uniqueYear(context);
    const plan = await apiCall(context, "POST", "/api/v1/plans", { year, title: `E2E 英文介面 ${year}`, issuer: "MOEACA" });
    const planId = (plan.json as { id: number }).id;
    const dim = await apiCall(context, "POST", `/api/v1/plans/${planId}/dimensions`, { code: "一", name: "面向" });
    const strategy = await apiCall(context, "POST", `/api/v1/dimensions/${(dim.json as { id: number }).id}/strategies`, {
      code: "(一)",
      name: "策略",
    });
    await apiCall(context, "POST", `/api/v1/strategies/${(strategy.json as { id: number }).id}/measures`, {
      code: "(1)",
      text: "作法",
      organizations: ["TAIPOWER"],
    });

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Plan editor" }).click();
    await page.getByRole("heading", { level: 1, name: "Plan editor" }).waitFor();
    expect(await headings(2)).toEqual(expect.arrayContaining(["Plans", "Create a plan", "Import a plan"]));
    await page.getByRole("button", { name: "Import" }).waitFor();
    await page.getByLabel("Plan year (ROC)").waitFor();
    expect(await page.locator(".user-area").innerText()).toContain("Signed in: 國營會審查人員 (Reviewer)");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await screenshot(page, "40-editor-en");
    await expectAccessible(page, "editor home in English");

    await page.goto(`/editor/plans/${planId}`);
    await page.getByRole("heading", { level: 1, name: `E2E 英文介面 ${year}` }).waitFor();
    expect(await page.locator("#plan-status").innerText()).toBe("Draft");
    expect(await headings(2)).toEqual(expect.arrayContaining(["Publish the plan", "Plan details", "Structure", "Copy to next year"]));
    await page.getByRole("button", { name: "Expand all" }).click();
    await page.getByRole("button", { name: "Actions for “(1) 作法”" }).click();
    await page.getByRole("button", { name: "Actions for “一 面向”" }).click();
    for (const name of ["Publish the plan", "Save", "Add a dimension", "Copy as a new draft", "Move “(1) 作法” down", "Edit “一 面向”"]) {
      await page.getByRole("button", { name, exact: true }).first().waitFor();
    }
    await page.getByRole("link", { name: "Export JSON" }).waitFor();
    // Content stays Chinese and says so.
    expect(await page.getByRole("heading", { level: 1 }).getAttribute("lang")).toBe("zh-Hant-TW");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await screenshot(page, "41-plan-editor-en");
    await expectAccessible(page, "plan editor in English");
  });

  it("shows the administrator's pages in English", async () => {
    await inEnglish(DEMO.admin);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    await page.getByRole("table").waitFor();
    await page.getByRole("button", { name: "Add a user" }).waitFor();
    await page.getByRole("button", { name: "Edit admin" }).click();
    await page.getByRole("region", { name: "Edit user: admin" }).getByRole("button", { name: "Reset password" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await screenshot(page, "42-users-en");
    await expectAccessible(page, "users in English");

    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    await page.getByRole("button", { name: "Create a token" }).waitFor();
    await expectAccessible(page, "tokens in English");

    // The choice is kept: a reload stays in English.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
  });
});
