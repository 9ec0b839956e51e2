import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible } from "./browser";
import { type Account, apiCall, DEMO, plan107, signIn } from "./session";

const session = browserPerFile();

// 督導所屬: a demo unit of 台水 (the plan names none: `uplift seed --demo` makes them up) reports to
// 台水's head office, which reviews it and submits the enterprise's report to the commission.
const UNIT: Account = {
  username: "reporter-taiwater-unit",
  password: "demo-reporter-107",
  name: "台水示範第一區管理處填報人員（示範）",
  role: "事業填報人員",
};
const MEASURE_TEXT = /不定期進行禮貌測試/;
// 2018-B6 (November and December): no other spec reports this period of this measure (the
// dashboard uses B1 and B2, progress B4, evidence B5), so they never meet, in any order.
const PERIOD = "107年11–12月";
let unitReportId = 0;

/** The 107 plan's id: pages show the newest published plan first, which other specs may publish. */
async function openForm(): Promise<ReturnType<typeof session.page.getByRole>> {
  const page = session.page;
  await page.goto(`/progress?plan=${await plan107(session.context)}`);
  await page.getByRole("heading", { level: 1, name: "我的填報" }).waitFor();
  await page
    .getByRole("row", { name: MEASURE_TEXT })
    .getByRole("link", { name: new RegExp(`^${PERIOD}：`) })
    .click();
  await page.getByRole("heading", { level: 1, name: `填報進度：${PERIOD}` }).waitFor();
  return page.getByRole("region", { name: "本期進度" });
}

async function saveAndSubmit(form: ReturnType<typeof session.page.getByRole>, version: number): Promise<void> {
  const page = session.page;
  await form.getByRole("button", { name: "儲存草稿" }).click();
  const state = page.locator(".report-state");
  await expect.poll(() => state.textContent()).toBe(`草稿（第 ${version} 版）`);
  await page.getByRole("button", { name: "送出審查" }).click();
  await expect.poll(() => state.textContent()).toBe(`已送出（第 ${version} 版）`);
}

describe("units report to their head office (督導所屬)", () => {
  it("a unit reporter drafts and submits a report on its enterprise's measure", async () => {
    const page = session.page;
    await signIn(page, UNIT);
    const nav = page.getByRole("navigation", { name: "主要功能" });
    await nav.getByRole("link", { name: "我的填報" }).click();
    await page.getByText("示範一區管理處（示範）填報台水公司負責的具體推動作法", { exact: false }).waitFor();
    await expectAccessible(page, "a unit's reports");
    // A unit reviews nothing: neither its units' nor the commission's pages are in its menu.
    expect(await nav.getByRole("link", { name: "所屬單位填報" }).count()).toBe(0);
    expect(await nav.getByRole("link", { name: "進度審查" }).count()).toBe(0);
    const form = await openForm();
    await form.getByLabel("執行情形").selectOption({ label: "依進度執行" });
    await form.getByLabel("辦理情形說明").fill("9月辦理電話禮貌測試1次（第一區）");
    await saveAndSubmit(form, 1);
    await expectAccessible(page, "a unit's report submitted");
    const list = await apiCall(session.context, "GET", "/api/v1/progress-reports?period=2018-B6&unit=TAIWATER-DEMO-1");
    const items = (list.json as { items: { id: number; reviewed_by: string }[] }).items;
    expect(items.map((r) => r.reviewed_by)).toEqual(["head_office"]);
    unitReportId = items[0]!.id;
  });

  it("the head office sees it among its units' reports and returns it with a comment", async () => {
    const page = session.page;
    await signIn(page, DEMO.reporter);
    await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "所屬單位填報" }).click();
    await page.getByRole("heading", { level: 1, name: "所屬單位填報" }).waitFor();
    await page.goto(`/units?plan=${await plan107(session.context)}`);
    await page.getByRole("heading", { level: 1, name: "所屬單位填報" }).waitFor();
    const row = page.getByRole("row", { name: new RegExp(PERIOD) });
    await row.getByText("示範一區管理處（示範）").waitFor();
    await expectAccessible(page, "units' reports");
    await row.getByRole("link", { name: MEASURE_TEXT }).click();
    await page.getByRole("heading", { level: 1, name: `進度報告：${PERIOD}` }).waitFor();
    const review = page.getByRole("region", { name: "審查" });
    await review.getByLabel("退回意見").fill("請補充抽測通數");
    await review.getByRole("button", { name: "退回" }).click();
    await page.getByText("已退回，單位會看到您的意見。").waitFor();
    await expect.poll(() => page.locator(".report-state").textContent()).toBe("已退回（第 1 版）");
    await expectAccessible(page, "a unit's report returned");
  });

  it("the unit reads the comment, corrects the report and submits it again", async () => {
    const page = session.page;
    await signIn(page, UNIT);
    const form = await openForm();
    await page.getByRole("note").getByText("所屬事業退回此報告：請補充抽測通數").waitFor();
    await form.getByLabel("辦理情形說明").fill("9月辦理電話禮貌測試1次，抽測10通，皆合格（第一區）");
    await saveAndSubmit(form, 2);
  });

  it("the head office accepts it, then writes and submits the enterprise's report", async () => {
    const page = session.page;
    await signIn(page, DEMO.reporter);
    await page.goto(`/units/reports/${unitReportId}`);
    await page.getByRole("heading", { level: 1, name: `進度報告：${PERIOD}` }).waitFor();
    const review = page.getByRole("region", { name: "審查" });
    await review.getByRole("button", { name: "審查通過" }).click();
    const confirm = review.getByRole("alertdialog", { name: "審查通過" });
    await confirm.getByText("確定此單位報告審查通過？").waitFor();
    await confirm.getByRole("button", { name: "審查通過" }).click();
    await page.getByText("已審查通過。").waitFor();
    await expect.poll(() => page.locator(".report-state").textContent()).toBe("已通過（第 2 版）");

    const form = await openForm();
    // Writing the consolidated report, the head office reads what its units said.
    await page.getByText("各單位填報").click();
    await page
      .getByRole("region", { name: "各單位填報" })
      .getByRole("row", { name: /示範一區管理處（示範）.*已通過（第 2 版）/ })
      .waitFor();
    await expectAccessible(page, "the consolidated report's form with its units' reports");
    await form.getByLabel("執行情形").selectOption({ label: "依進度執行" });
    await form.getByLabel("辦理情形說明").fill("彙整各區：9月辦理電話禮貌測試，皆合格");
    await saveAndSubmit(form, 1);
  });

  it("the reviewer sees the enterprise's report and, on demand, what the unit reported", async () => {
    const page = session.page;
    await signIn(page, DEMO.reviewer);
    await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "進度審查" }).click();
    await page.getByRole("heading", { level: 1, name: "進度審查" }).waitFor();
    await page.goto(`/review?plan=${await plan107(session.context)}`);
    await page.getByLabel("事業").selectOption({ label: "台水公司" });
    // The unfiltered list may show the row too: wait for the filtered one, or the count races its refetch.
    await page.waitForURL(/organization=TAIWATER/);
    const row = page.getByRole("row", { name: new RegExp(PERIOD) });
    await row.getByRole("link", { name: MEASURE_TEXT }).waitFor();
    // Only the enterprise's report is in the commission's queue, not the unit's (polled: the
    // list may be re-rendered by a refetch between finding the row and counting it).
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole("link", { name: MEASURE_TEXT }).click();
    await page.getByRole("heading", { level: 1, name: `進度報告：${PERIOD}` }).waitFor();
    await page.getByText("彙整各區：9月辦理電話禮貌測試，皆合格").waitFor();
    await page.getByRole("region", { name: "審查" }).waitFor();
    await page.getByText("各單位填報").click();
    const units = page.getByRole("region", { name: "各單位填報" });
    await units.getByRole("row", { name: /示範一區管理處（示範）/ }).waitFor();
    await expectAccessible(page, "the enterprise's report with its units'");
    await units.getByRole("link", { name: MEASURE_TEXT }).click();
    await page.getByText("這是所屬單位的報告，由其事業審查；本會僅檢視。").waitFor();
    await page.getByText("9月辦理電話禮貌測試1次，抽測10通，皆合格（第一區）").waitFor();
    expect(await page.getByRole("region", { name: "審查" }).count()).toBe(0);
    await expectAccessible(page, "a unit's report, read by the commission");
    // Nor can the commission decide on it through the API.
    const read = await apiCall(session.context, "GET", `/api/v1/progress-reports/${unitReportId}`);
    const refused = await apiCall(
      session.context,
      "POST",
      `/api/v1/progress-reports/${unitReportId}/return`,
      { comment: "不可" },
      {
        "If-Match": read.etag ?? "*",
      },
    );
    expect(refused.status).toBe(403);
  });
});
