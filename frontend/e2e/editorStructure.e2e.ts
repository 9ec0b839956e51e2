import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { openRowMenu } from "./editorTree";
import { apiCall, DEMO, signIn, uniqueYear } from "./session";

const session = browserPerFile();

const idOf = (r: { json: unknown }) => (r.json as { id: number }).id;

/** A draft of two dimensions, one strategy each; measures are [text, owner] pairs. */
async function draft(title: string, first: [string, string][], second: [string, string][]) {
  const { context } = session;
  const year = await uniqueYear(context);
  const plan = await apiCall(context, "POST", "/api/v1/plans", { year, title: `${title} ${year}`, issuer: "MOEACA" });
  for (const [code, name, measures] of [
    ["一", "第一面向", first],
    ["二", "第二面向", second],
  ] as const) {
    const dimension = await apiCall(context, "POST", `/api/v1/plans/${idOf(plan)}/dimensions`, { code, name });
    const strategy = await apiCall(context, "POST", `/api/v1/dimensions/${idOf(dimension)}/strategies`, {
      code: "(一)",
      name: `${name}策略`,
    });
    for (const [i, [text, owner]] of measures.entries()) {
      const m = await apiCall(context, "POST", `/api/v1/strategies/${idOf(strategy)}/measures`, {
        code: `(${i + 1})`,
        text,
        organizations: [owner],
      });
      expect(m.status).toBe(201);
    }
  }
  return { id: idOf(plan), title: `${title} ${year}` };
}

const measuresShown = () => session.page.locator(".editor-measure > span:last-child").allTextContents();

describe("the editor's tree at a real plan's size", () => {
  it("shows dimensions closed, opens and closes a dimension and a strategy, and all of them at once", async () => {
    const { page } = session;
    await signIn(page, DEMO.reviewer);
    const plan = await draft("E2E 收合", [["甲作法", "TAIPOWER"]], [["乙作法", "TAIWATER"]]);
    await page.goto(`/editor/plans/${plan.id}`);
    const dimension = page.locator(".editor-node--dimension .editor-toggle", { hasText: "一 第一面向" });
    await dimension.waitFor();
    expect(await dimension.getAttribute("aria-expanded")).toBe("false");
    expect(await measuresShown()).toEqual([]);

    await dimension.click();
    expect(await dimension.getAttribute("aria-expanded")).toBe("true");
    const strategy = page.locator(".editor-node--strategy .editor-toggle", { hasText: "第一面向策略" });
    expect(await strategy.getAttribute("aria-expanded")).toBe("false");
    await strategy.press("Enter");
    await expect.poll(measuresShown).toEqual(["甲作法"]);
    await expectAccessible(page, "one strategy open");
    await dimension.click();
    await expect.poll(measuresShown).toEqual([]);

    await page.getByRole("button", { name: "全部展開" }).click();
    await expect.poll(measuresShown).toEqual(["甲作法", "乙作法"]);
    await screenshot(page, "41-tree-expanded");
    await page.getByRole("button", { name: "全部收合" }).click();
    await expect.poll(measuresShown).toEqual([]);
  });

  it("filters the tree by words and by enterprise, opening what it keeps", async () => {
    const { page } = session;
    await signIn(page, DEMO.reviewer);
    const plan = await draft(
      "E2E 篩選",
      [
        ["推動電子發票", "TAIPOWER"],
        ["臨櫃服務", "TAIWATER"],
      ],
      [["線上申辦電子帳單", "TAIWATER"]],
    );
    await page.goto(`/editor/plans/${plan.id}`);
    const filter = page.getByRole("search", { name: "篩選計畫架構" });
    await filter.getByLabel("搜尋作法").fill("電子");
    await expect.poll(measuresShown).toEqual(["推動電子發票", "線上申辦電子帳單"]);
    await page.getByRole("status").getByText("符合 2 項作法").waitFor();
    await filter.getByLabel("主辦事業").selectOption("TAIWATER");
    await expect.poll(measuresShown).toEqual(["線上申辦電子帳單"]);
    await expectAccessible(page, "tree filtered");
    await filter.getByLabel("搜尋作法").fill("沒有這個");
    await page.getByText("沒有符合的作法。").waitFor();
    await filter.getByLabel("搜尋作法").fill("");
    await filter.getByLabel("主辦事業").selectOption("");
    await expect.poll(measuresShown).toEqual([]);
  });

  it("warns before unsaved changes are lost, on leaving the page and on closing the tab", async () => {
    const { page } = session;
    await signIn(page, DEMO.reviewer);
    const plan = await draft("E2E 未儲存", [["甲作法", "TAIPOWER"]], []);
    await page.goto(`/editor/plans/${plan.id}`);
    const fields = page.getByRole("region", { name: "計畫基本資料" });
    await fields.getByLabel("計畫名稱").fill(`${plan.title}（未儲存）`);

    await page.getByRole("link", { name: "計畫編輯" }).first().click();
    const question = page.getByRole("alertdialog", { name: "尚有未儲存的修改" });
    await question.waitFor();
    await expectAccessible(page, "unsaved changes question");
    await question.getByRole("button", { name: "留在此頁" }).click();
    expect(await fields.getByLabel("計畫名稱").inputValue()).toBe(`${plan.title}（未儲存）`);
    expect(new URL(page.url()).pathname).toBe(`/editor/plans/${plan.id}`);

    const closing = new Promise<string>((resolve) =>
      page.once("dialog", (dialog) => {
        resolve(dialog.type());
        void dialog.accept();
      }),
    );
    await page.close({ runBeforeUnload: true });
    expect(await closing).toBe("beforeunload");
  });

  it("leaves when the person says so, and says nothing once the change is saved", async () => {
    const { page } = session;
    await signIn(page, DEMO.reviewer);
    const plan = await draft("E2E 離開", [["甲作法", "TAIPOWER"]], []);
    await page.goto(`/editor/plans/${plan.id}`);
    const fields = page.getByRole("region", { name: "計畫基本資料" });
    await fields.getByLabel("計畫名稱").fill(`${plan.title}（改）`);
    await page.getByRole("link", { name: "計畫編輯" }).first().click();
    await page.getByRole("alertdialog").getByRole("button", { name: "仍要離開" }).click();
    await page.waitForURL("**/editor");

    await page.goto(`/editor/plans/${plan.id}`);
    await fields.getByLabel("計畫名稱").fill(`${plan.title}（存）`);
    await fields.getByRole("button", { name: "儲存" }).click();
    await expect.poll(() => fields.getByRole("status").textContent()).toBe("已儲存");
    await page.getByRole("link", { name: "計畫編輯" }).first().click();
    await page.waitForURL("**/editor");
  });

  it("saves a measure with 「已儲存」 beside its button, and keeps focus on its row when the editor closes", async () => {
    const { page } = session;
    await signIn(page, DEMO.reviewer);
    const plan = await draft("E2E 焦點", [["甲作法", "TAIPOWER"]], []);
    await page.goto(`/editor/plans/${plan.id}`);
    await page.getByRole("button", { name: "全部展開" }).click();
    await openRowMenu(page, "(1) 甲作法");
    await page.getByRole("link", { name: "編輯「(1) 甲作法」" }).click();
    const editor = page.getByRole("region", { name: /編輯具體推動作法 \(1\)/ });
    await editor.getByLabel("內容").fill("甲作法（改）");
    await editor.getByRole("button", { name: "儲存" }).click();
    await expect.poll(() => editor.getByRole("status").first().textContent()).toBe("已儲存");
    await expectAccessible(page, "measure saved");
    await editor.getByRole("button", { name: "完成" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("「(1) 甲作法（改）」的動作");
  });

  it("opens a measure's editor from its link, inside the groups that hold it", async () => {
    const { page, context } = session;
    await signIn(page, DEMO.reviewer);
    const plan = await draft("E2E 連結", [["甲作法", "TAIPOWER"]], [["乙作法", "TAIWATER"]]);
    const tree = (await apiCall(context, "GET", `/api/v1/plans/${plan.id}/tree`)).json as {
      dimensions: { strategies: { measures: { id: number }[] }[] }[];
    };
    const second = tree.dimensions[1]?.strategies[0]?.measures[0]?.id;
    await page.goto(`/editor/plans/${plan.id}?measure=${second}`);
    const editor = page.getByRole("region", { name: /編輯具體推動作法 \(1\)/ });
    expect(await editor.getByLabel("內容").inputValue()).toBe("乙作法");
    expect(await measuresShown()).toEqual(["乙作法"]);
    await editor.getByRole("button", { name: "完成" }).click();
    await expect.poll(() => new URL(page.url()).search).toBe("");

    await openRowMenu(page, "(1) 乙作法");
    expect(await page.getByRole("link", { name: "編輯「(1) 乙作法」" }).getAttribute("href")).toBe(
      `/editor/plans/${plan.id}?measure=${second}`,
    );
  });
});
