import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { apiCall, DEMO, signIn, uniqueYear } from "./session";

const session = browserPerFile();

/** Signs in (in Chinese, the default) and switches the interface to English. */
async function inEnglish(account: (typeof DEMO)[keyof typeof DEMO]): Promise<void> {
  await signIn(session.page, account);
  await session.page.getByRole("button", { name: "Switch to English" }).click();
  await expect.poll(() => session.page.evaluate(() => document.documentElement.lang)).toBe("en");
}

const headings = (level: number) => session.page.getByRole("heading", { level }).allTextContents();

describe("the staff pages in English", () => {
  it("shows the editor in English", async () => {
    await inEnglish(DEMO.reviewer);
    const year = await uniqueYear(session.context);
    const plan = await apiCall(session.context, "POST", "/api/v1/plans", { year, title: `E2E 英文介面 ${year}`, issuer: "MOEACA" });
    const planId = (plan.json as { id: number }).id;
    const dim = await apiCall(session.context, "POST", `/api/v1/plans/${planId}/dimensions`, { code: "一", name: "面向" });
    const strategy = await apiCall(session.context, "POST", `/api/v1/dimensions/${(dim.json as { id: number }).id}/strategies`, {
      code: "(一)",
      name: "策略",
    });
    await apiCall(session.context, "POST", `/api/v1/strategies/${(strategy.json as { id: number }).id}/measures`, {
      code: "(1)",
      text: "作法",
      organizations: ["TAIPOWER"],
    });

    await session.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Plan editor" }).click();
    await session.page.getByRole("heading", { level: 1, name: "Plan editor" }).waitFor();
    expect(await headings(2)).toEqual(expect.arrayContaining(["Plans", "Create a plan", "Import a plan"]));
    await session.page.getByRole("button", { name: "Import" }).waitFor();
    await session.page.getByLabel("Plan year (ROC)").waitFor();
    expect(await session.page.locator(".user-area").innerText()).toContain("Signed in: 國營會審查人員 (Reviewer)");
    expect(await session.page.evaluate(() => document.documentElement.lang)).toBe("en");
    await screenshot(session.page, "40-editor-en");
    await expectAccessible(session.page, "editor home in English");

    await session.page.goto(`/editor/plans/${planId}`);
    await session.page.getByRole("heading", { level: 1, name: `E2E 英文介面 ${year}` }).waitFor();
    expect(await session.page.locator("#plan-status").innerText()).toBe("Draft");
    // The structure comes with the tree, read after the plan: on a busy machine it shows later.
    await session.page.getByRole("heading", { level: 2, name: "Structure" }).waitFor();
    expect(await headings(2)).toEqual(expect.arrayContaining(["Publish the plan", "Plan details", "Structure", "Copy to next year"]));
    await session.page.getByRole("button", { name: "Expand all" }).click();
    await session.page.getByRole("button", { name: "Actions for “(1) 作法”" }).click();
    await session.page.getByRole("button", { name: "Actions for “一 面向”" }).click();
    for (const name of ["Publish the plan", "Save", "Add a dimension", "Copy as a new draft", "Move “(1) 作法” down", "Edit “一 面向”"]) {
      await session.page.getByRole("button", { name, exact: true }).first().waitFor();
    }
    await session.page.getByRole("link", { name: "Export JSON" }).waitFor();
    // Content stays Chinese and says so.
    expect(await session.page.getByRole("heading", { level: 1 }).getAttribute("lang")).toBe("zh-Hant-TW");
    expect(await session.page.evaluate(() => document.documentElement.lang)).toBe("en");
    await screenshot(session.page, "41-plan-editor-en");
    await expectAccessible(session.page, "plan editor in English");
  });

  it("shows the administrator's pages in English", async () => {
    await inEnglish(DEMO.admin);
    await session.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await session.page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    await session.page.getByRole("table").waitFor();
    await session.page.getByRole("button", { name: "Add a user" }).waitFor();
    await session.page.getByRole("button", { name: "Edit admin" }).click();
    await session.page.getByRole("region", { name: "Edit user: admin" }).getByRole("button", { name: "Reset password" }).waitFor();
    expect(await session.page.evaluate(() => document.documentElement.lang)).toBe("en");
    await screenshot(session.page, "42-users-en");
    await expectAccessible(session.page, "users in English");

    await session.page.getByRole("link", { name: "API tokens" }).click();
    await session.page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    await session.page.getByRole("button", { name: "Create a token" }).waitFor();
    await expectAccessible(session.page, "tokens in English");

    // The choice is kept: a reload stays in English.
    await session.page.reload();
    await session.page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    expect(await session.page.evaluate(() => document.documentElement.lang)).toBe("en");
  });
});
