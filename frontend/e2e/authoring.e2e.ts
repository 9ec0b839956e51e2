import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE_URL, browserPerFile, expectAccessible, screenshot } from "./browser";
import { expandAll, openRowMenu } from "./editorTree";
import { apiCall, DEMO, signIn, uniqueYear } from "./session";

const session = browserPerFile();

// The seeded 107 (2018) plan: 177 measures.
let PLAN_107 = 0;

beforeAll(async () => {
  const plans = (await (await fetch(`${BASE_URL}/api/v1/plans?page_size=100`)).json()) as {
    items: { id: number; year: number; issuer: { code: string } }[];
  };
  PLAN_107 = plans.items.find((p) => p.year === 2018 && p.issuer.code === "MOEACA")!.id;
});

const idOf = (r: { json: unknown }) => (r.json as { id: number }).id;

/** A draft set up through the API: dimensions of strategies of measures (texts), all owned by Taipower. */
async function draft(
  title: string,
  dimensions: { code: string; name: string; strategies: { code: string; name: string; measures: string[] }[] }[],
) {
  const year = await uniqueYear(session.context);
  const plan = await apiCall(session.context, "POST", "/api/v1/plans", { year, title: `${title} ${year}`, issuer: "MOEACA" });
  expect(plan.status).toBe(201);
  const measures: number[] = [];
  for (const d of dimensions) {
    const dim = await apiCall(session.context, "POST", `/api/v1/plans/${idOf(plan)}/dimensions`, { code: d.code, name: d.name });
    for (const s of d.strategies) {
      const strategy = await apiCall(session.context, "POST", `/api/v1/dimensions/${idOf(dim)}/strategies`, { code: s.code, name: s.name });
      for (const [i, text] of s.measures.entries()) {
        const m = await apiCall(session.context, "POST", `/api/v1/strategies/${idOf(strategy)}/measures`, {
          code: `(${i + 1})`,
          text,
          organizations: ["TAIPOWER"],
        });
        expect(m.status).toBe(201);
        measures.push(idOf(m));
      }
    }
  }
  return { id: idOf(plan), title: `${title} ${year}`, measures };
}

describe("copying, exporting and importing plans", () => {
  // Copying 177 measures is the slowest write here, and the machine may be busy: each wait below
  // ends when the copy answers, the new plan shows or its tree is drawn, however long that takes.
  // The test's own limit only stops a server that never answers.
  it("copies the 107 plan into another year as a draft with all 177 measures", { timeout: 300_000 }, async () => {
    await signIn(session.page, DEMO.reviewer);
    const year = await uniqueYear(session.context);
    const roc = year - 1911;
    await session.page.goto(`/editor/plans/${PLAN_107}`);
    await session.page.getByRole("heading", { level: 1, name: "經濟部國營事業委員會107年度提升服務效能執行計畫" }).waitFor();
    const copy = session.page.getByRole("region", { name: "複製到下一年度" });
    // The next year is offered.
    expect(await copy.getByLabel("新計畫年度（民國）").inputValue()).toBe("108");
    await copy.getByLabel("新計畫年度（民國）").fill(String(roc));
    const answered = session.page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/api/v1/plans/${PLAN_107}/copy`,
      { timeout: 0 },
    );
    await copy.getByRole("button", { name: "複製為新草案" }).click();
    const response = await answered;
    expect(response.status()).toBe(201);
    const created = (await response.json()) as { id: number };
    await session.page.waitForURL(`**/editor/plans/${created.id}`, { timeout: 0 });
    await session.page
      .getByRole("heading", { level: 1, name: `經濟部國營事業委員會${roc}年度提升服務效能執行計畫` })
      .waitFor({ timeout: 0 });
    expect(created.id).not.toBe(PLAN_107);
    expect(await session.page.locator("#plan-status").innerText()).toBe("草案");
    expect(await session.page.locator(".plan-meta").innerText()).toContain(`${roc}年度`);
    await session.page.getByRole("button", { name: "全部展開" }).waitFor({ timeout: 0 });
    await expandAll(session.page);
    await session.page.locator(".editor-measure").nth(176).waitFor({ timeout: 0 });
    expect(await session.page.locator(".editor-measure").count()).toBe(177);
    await screenshot(session.page, "30-copied");
    await expectAccessible(session.page, "copied plan");
  });

  it("downloads the plan as JSON and as an Excel workbook", async () => {
    await signIn(session.page, DEMO.reviewer);
    await session.page.goto(`/editor/plans/${PLAN_107}`);
    const [json] = await Promise.all([
      session.page.waitForEvent("download"),
      session.page.getByRole("link", { name: "匯出 JSON" }).click(),
    ]);
    expect(json.suggestedFilename()).toBe("plan-2018.json");
    const record = JSON.parse(await readFile((await json.path())!, "utf8")) as { year: number; title: string; dimensions: unknown[] };
    expect(record.year).toBe(2018);
    expect(record.dimensions).toHaveLength(5);

    const [xlsx] = await Promise.all([
      session.page.waitForEvent("download"),
      session.page.getByRole("link", { name: "匯出 Excel" }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe("plan-2018.xlsx");
    const bytes = await readFile((await xlsx.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe("PK"); // a zip, as every .xlsx is

    // What the links point at: status and type.
    for (const [name, type] of [
      ["匯出 JSON", "application/json"],
      ["匯出 Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ]) {
      const href = await session.page.getByRole("link", { name }).getAttribute("href");
      const response = await session.context.request.get(href!);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toContain(type);
      expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="plan-2018\.(json|xlsx)"$/);
    }
  });

  it("imports an exported plan under a new year, and lists every problem of a broken file", async () => {
    await signIn(session.page, DEMO.reviewer);
    const exported = (await (await session.context.request.get(`/api/v1/plans/${PLAN_107}/export?format=json`)).json()) as Record<
      string,
      unknown
    > & {
      dimensions: Record<string, unknown>[];
    };
    const year = await uniqueYear(session.context);
    const title = `E2E 匯入測試 ${year}`;
    await session.page.goto("/editor");
    const form = session.page.getByRole("region", { name: "匯入計畫" });
    await form.getByLabel("計畫檔（.json 或 .xlsx）").setInputFiles({
      name: "plan.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({ ...exported, year, title })),
    });
    await form.getByRole("button", { name: "匯入" }).click();
    await session.page.getByRole("heading", { level: 1, name: title }).waitFor();
    expect(await session.page.locator("#plan-status").innerText()).toBe("草案");
    expect(await session.page.locator(".plan-meta").innerText()).toContain(`${year - 1911}年度`);
    await expandAll(session.page);
    await expect.poll(() => session.page.locator(".editor-measure").count()).toBe(177);

    // A dimension without its name: the problem at its JSON path, and nothing imported.
    const before = ((await apiCall(session.context, "GET", "/api/v1/plans?page_size=100")).json as { total: number }).total;
    const brokenYear = await uniqueYear(session.context);
    const nameless = { ...exported.dimensions[0] };
    delete nameless.name;
    await session.page.goto("/editor");
    await form.getByLabel("計畫檔（.json 或 .xlsx）").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from(
        JSON.stringify({
          ...exported,
          year: brokenYear,
          title: `E2E 壞檔 ${brokenYear}`,
          dimensions: [nameless, ...exported.dimensions.slice(1)],
        }),
      ),
    });
    await form.getByRole("button", { name: "匯入" }).click();
    const problems = form.getByRole("alert");
    await problems.getByText(/未匯入任何資料/).waitFor();
    expect(await problems.locator(".problem-list code").allTextContents()).toContain("dimensions.0.name");
    expect(new URL(session.page.url()).pathname).toBe("/editor");
    const after = ((await apiCall(session.context, "GET", "/api/v1/plans?page_size=100")).json as { total: number }).total;
    expect(after).toBe(before);
    await screenshot(session.page, "31-import-problems");
    await expectAccessible(session.page, "import problems");
  });
});

describe("editing a plan's structure", () => {
  it("adds, edits and deletes a sub-item and an indicator with an ROC due date", async () => {
    await signIn(session.page, DEMO.reviewer);
    const plan = await draft("E2E 子項指標", [
      { code: "一", name: "面向", strategies: [{ code: "(一)", name: "策略", measures: ["辦理服務滿意度調查。"] }] },
    ]);
    await session.page.goto(`/editor/plans/${plan.id}`);
    await expandAll(session.page);
    await openRowMenu(session.page, /^「\(1\).*」的動作$/);
    await session.page.getByRole("link", { name: /^編輯「\(1\)/ }).click();
    const editor = session.page.getByRole("region", { name: /編輯具體推動作法 \(1\)/ });

    // Sub-item: add, edit, delete.
    await editor.getByRole("button", { name: "新增子項" }).click();
    const addSub = editor.getByRole("form", { name: "新增子項" });
    await addSub.getByLabel("編號").fill("1.");
    await addSub.getByLabel("內容").fill("電話訪問");
    await addSub.getByRole("button", { name: "新增" }).click();
    const sub = editor.locator("ol.editor-sublist > li").first();
    await sub.getByRole("button", { name: "編輯「1. 電話訪問」" }).click();
    await sub.getByLabel("內容").fill("網路問卷");
    await sub.getByRole("button", { name: "儲存" }).click();
    await editor.getByRole("button", { name: "編輯「1. 網路問卷」" }).waitFor();

    // Indicator: add with an ROC due date, shown back as 119年6月30日.
    await editor.getByRole("button", { name: "新增指標" }).click();
    const addIndicator = editor.getByRole("form", { name: "新增指標" });
    await addIndicator.getByLabel("名稱").fill("滿意度");
    await addIndicator.getByLabel("目標值").fill("85");
    await addIndicator.getByLabel("單位（選填）").fill("%");
    await addIndicator.getByLabel("期限（選填）").fill("119/06/30");
    await addIndicator.getByRole("button", { name: "新增" }).click();
    const row = editor.locator("li", { has: session.page.getByRole("button", { name: "編輯「滿意度」" }) });
    await row.waitFor();
    expect(await row.innerText()).toContain("119年6月30日");
    expect(await row.innerText()).toContain("至少 85 %");
    await screenshot(session.page, "32-measure-parts");
    await expectAccessible(session.page, "sub-item and indicator");

    await row.getByRole("button", { name: "編輯「滿意度」" }).click();
    const editIndicator = editor.getByRole("form", { name: "編輯「滿意度」" });
    await editIndicator.getByLabel("目標值").fill("90");
    await editIndicator.getByLabel("期限（選填）").fill("119年12月31日");
    await editIndicator.getByRole("button", { name: "儲存" }).click();
    await expect.poll(() => row.innerText()).toContain("119年12月31日");
    expect(await row.innerText()).toContain("至少 90 %");
    const saved = await apiCall(session.context, "GET", `/api/v1/measures/${plan.measures[0]}`);
    const measure = saved.json as { sub_items: { text: string }[]; indicators: { target: string | number; due_date: string }[] };
    expect(measure.sub_items.map((s) => s.text)).toEqual(["網路問卷"]);
    expect(measure.indicators.map((i) => i.due_date)).toEqual(["2030-12-31"]);

    await row.getByRole("button", { name: "刪除「滿意度」" }).click();
    await editor.getByRole("alertdialog", { name: "刪除「滿意度」" }).getByRole("button", { name: "確定刪除" }).click();
    await expect.poll(() => editor.getByRole("button", { name: "編輯「滿意度」" }).count()).toBe(0);
    await editor.getByRole("button", { name: "刪除「1. 網路問卷」" }).click();
    await editor.getByRole("alertdialog").getByRole("button", { name: "確定刪除" }).click();
    await expect.poll(() => editor.getByRole("button", { name: "編輯「1. 網路問卷」" }).count()).toBe(0);
    const emptied = (await apiCall(session.context, "GET", `/api/v1/measures/${plan.measures[0]}`)).json as {
      sub_items: unknown[];
      indicators: unknown[];
    };
    expect(emptied.sub_items).toEqual([]);
    expect(emptied.indicators).toEqual([]);
    await expectAccessible(session.page, "sub-item and indicator deleted");
  });

  it("moves a measure down and up, refuses to delete a dimension with strategies, and deletes an empty one", async () => {
    await signIn(session.page, DEMO.reviewer);
    const plan = await draft("E2E 移動刪除", [
      { code: "一", name: "有策略的面向", strategies: [{ code: "(一)", name: "策略", measures: ["甲作法", "乙作法", "丙作法"] }] },
      { code: "二", name: "空的面向", strategies: [] },
    ]);
    await session.page.goto(`/editor/plans/${plan.id}`);
    await expandAll(session.page);
    const order = () => session.page.locator(".editor-measure > span:last-child").allTextContents();
    await expect.poll(order).toEqual(["甲作法", "乙作法", "丙作法"]);
    await openRowMenu(session.page, "(1) 甲作法");
    await openRowMenu(session.page, "(3) 丙作法");
    expect(await session.page.getByRole("button", { name: "上移「(1) 甲作法」" }).isDisabled()).toBe(true);
    expect(await session.page.getByRole("button", { name: "下移「(3) 丙作法」" }).isDisabled()).toBe(true);

    await session.page.getByRole("button", { name: "下移「(1) 甲作法」" }).click();
    await expect.poll(order).toEqual(["乙作法", "甲作法", "丙作法"]);
    await session.page.getByRole("button", { name: "上移「(3) 丙作法」" }).click();
    await expect.poll(order).toEqual(["乙作法", "丙作法", "甲作法"]);

    // A dimension that still has strategies: the server's 409, said where the person acted.
    await openRowMenu(session.page, "一 有策略的面向");
    await session.page.getByRole("button", { name: "刪除「一 有策略的面向」" }).click();
    await session.page.getByRole("alertdialog", { name: "刪除「一 有策略的面向」" }).getByRole("button", { name: "確定刪除" }).click();
    const refused = session.page.locator(".editor-node--dimension", { hasText: "有策略的面向" }).getByRole("alert").first();
    await refused.getByText("請先刪除或移走此面向下的執行策略").waitFor();
    await session.page.getByRole("heading", { level: 3, name: /一 有策略的面向/ }).waitFor();
    await screenshot(session.page, "33-delete-refused");
    await expectAccessible(session.page, "dimension delete refused");

    await openRowMenu(session.page, "二 空的面向");
    await session.page.getByRole("button", { name: "刪除「二 空的面向」" }).click();
    await session.page.getByRole("alertdialog", { name: "刪除「二 空的面向」" }).getByRole("button", { name: "確定刪除" }).click();
    await session.page.getByRole("status").getByText("已刪除「二 空的面向」。").waitFor();
    await expect.poll(() => session.page.getByRole("heading", { level: 3, name: /空的面向/ }).count()).toBe(0);
    const tree = (await apiCall(session.context, "GET", `/api/v1/plans/${plan.id}/tree`)).json as { dimensions: { name: string }[] };
    expect(tree.dimensions.map((d) => d.name)).toEqual(["有策略的面向"]);
    await expectAccessible(session.page, "empty dimension deleted");
  });

  it("does not move or delete an item that changed since the tree showed it", async () => {
    await signIn(session.page, DEMO.reviewer);
    const plan = await draft("E2E 移動衝突", [
      { code: "一", name: "面向", strategies: [{ code: "(一)", name: "策略", measures: ["甲作法", "乙作法"] }] },
      { code: "二", name: "空的面向", strategies: [] },
    ]);
    await session.page.goto(`/editor/plans/${plan.id}`);
    await expandAll(session.page);
    const order = () => session.page.locator(".editor-measure > span:last-child").allTextContents();
    await expect.poll(order).toEqual(["甲作法", "乙作法"]);

    // Someone else changes the first measure; this page still shows it as it was.
    const measure = await apiCall(session.context, "GET", `/api/v1/measures/${plan.measures[0]}`);
    await apiCall(
      session.context,
      "PATCH",
      `/api/v1/measures/${plan.measures[0]}`,
      { text: "甲作法（他人修改）" },
      { "If-Match": measure.etag! },
    );

    await openRowMenu(session.page, "(1) 甲作法");
    await session.page.getByRole("button", { name: "下移「(1) 甲作法」" }).click();
    const moved = session.page.locator(".editor-node--measure").first().getByRole("alert");
    await moved.getByText("此資料已被他人修改").waitFor();
    expect(await moved.innerText()).toContain("甲作法（他人修改）");
    expect(((await apiCall(session.context, "GET", `/api/v1/measures/${plan.measures[0]}`)).json as { position: number }).position).toBe(0);
    await expectAccessible(session.page, "move conflict");
    await moved.getByRole("button", { name: "以目前版本為基礎重新套用我的修改" }).click();
    await expect.poll(order).toEqual(["乙作法", "甲作法（他人修改）"]);

    // Then renames the empty dimension, after this page read the tree again.
    const tree = (await apiCall(session.context, "GET", `/api/v1/plans/${plan.id}/tree`)).json as { dimensions: { id: number }[] };
    const emptyId = tree.dimensions[1]!.id;
    const dim = await apiCall(session.context, "GET", `/api/v1/dimensions/${emptyId}`);
    const renamed = await apiCall(
      session.context,
      "PATCH",
      `/api/v1/dimensions/${emptyId}`,
      { name: "改名的面向" },
      { "If-Match": dim.etag! },
    );
    expect(renamed.status).toBe(200);
    await openRowMenu(session.page, "二 空的面向");
    await session.page.getByRole("button", { name: "刪除「二 空的面向」" }).click();
    await session.page.getByRole("alertdialog", { name: "刪除「二 空的面向」" }).getByRole("button", { name: "確定刪除" }).click();
    const deleted = session.page.locator(".editor-node--dimension").nth(1).getByRole("alert");
    await deleted.getByText("此資料已被他人修改").waitFor();
    expect(await deleted.innerText()).toContain("二 改名的面向");
    expect((await apiCall(session.context, "GET", `/api/v1/dimensions/${emptyId}`)).status).toBe(200);
    await deleted.getByRole("button", { name: "放棄我的修改" }).click();
    await expect.poll(() => session.page.getByRole("alert").count()).toBe(0);
    await session.page.getByRole("heading", { level: 3, name: /二 改名的面向/ }).waitFor();
  });

  it("shows a 412 conflict when two pages change the plan title", async () => {
    await signIn(session.page, DEMO.reviewer);
    const plan = await draft("E2E 標題衝突", []);
    const other = await session.context.newPage();
    for (const p of [session.page, other]) {
      // A person works in the tab in front; Chromium slows a tab behind to a frame a second.
      await p.bringToFront();
      await p.goto(`/editor/plans/${plan.id}`);
      await p.getByRole("heading", { level: 1, name: plan.title }).waitFor();
    }
    const theirs = other.getByRole("region", { name: "計畫基本資料" });
    await theirs.getByLabel("計畫名稱").fill(`${plan.title}（他人修改）`);
    await theirs.getByRole("button", { name: "儲存" }).click();
    await other.getByRole("heading", { level: 1, name: `${plan.title}（他人修改）` }).waitFor();

    await session.page.bringToFront();
    const mine = session.page.getByRole("region", { name: "計畫基本資料" });
    await mine.getByLabel("計畫名稱").fill(`${plan.title}（我的修改）`);
    await mine.getByRole("button", { name: "儲存" }).click();
    const alert = mine.getByRole("alert");
    await alert.getByText("此資料已被他人修改").waitFor();
    expect(await alert.innerText()).toContain(`${plan.title}（他人修改）`);
    const now = (await apiCall(session.context, "GET", `/api/v1/plans/${plan.id}`)).json as { title: string };
    expect(now.title).toBe(`${plan.title}（他人修改）`);
    await screenshot(session.page, "34-plan-conflict");
    await expectAccessible(session.page, "plan fields conflict");

    await alert.getByRole("button", { name: "以目前版本為基礎重新套用我的修改" }).click();
    await session.page.getByRole("heading", { level: 1, name: `${plan.title}（我的修改）` }).waitFor();
  });
});
