import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { type Account, apiCall, DEMO, plan107, signIn } from "./session";

const session = browserPerFile();

const TAIPOWER: Account = { username: "reporter-taipower", password: "demo-reporter-107", name: "台電公司填報人員", role: "事業填報人員" };

// The seeded 107 plan: 台水 tests telephone courtesy every two months (每 2個月至少測試 1次), so
// its measure is reported by two-month periods; 2018-B4 is July and August.
const MEASURE_TEXT = /不定期進行禮貌測試/;
const PERIOD_LINK = /^107年7–8月：/;
const FORM_TITLE = "填報進度：107年7–8月";
let reportId = 0;

async function openForm(): Promise<void> {
  const page = session.page;
  await page.goto(`/progress?plan=${await plan107(session.context)}`);
  await page.getByRole("heading", { level: 1, name: "我的填報" }).waitFor();
  await page.getByRole("row", { name: MEASURE_TEXT }).getByRole("link", { name: PERIOD_LINK }).click();
  await page.getByRole("heading", { level: 1, name: FORM_TITLE }).waitFor();
}

describe("progress reports in the web app", () => {
  it("a reporter writes a delayed report with a value and evidence, saves it and submits it", async () => {
    const page = session.page;
    await signIn(page, DEMO.reporter);
    await openForm();
    await expectAccessible(page, "report form, empty");
    const form = page.getByRole("region", { name: "本期進度" });
    await form.getByLabel("執行情形").selectOption({ label: "落後" });
    await form.getByRole("button", { name: "儲存草稿" }).click();
    // The reasons a delay needs are asked for beside their fields; nothing is sent.
    expect(await form.getByText("必填").count()).toBe(2);
    await expectAccessible(page, "report form, reasons missing");

    await form.getByLabel("落後原因").fill("採購作業延宕");
    await form.getByLabel("具體解決對策").fill("改採共同供應契約");
    await form.getByLabel("辦理情形說明").fill("7月辦理電話禮貌測試1次");
    // The server's own check is shown at the field it names (values.0.value), and nothing is stored.
    const value = form.getByLabel("電話禮貌測試（單位：次）");
    await value.fill("1.23456");
    await form.getByRole("button", { name: "儲存草稿" }).click();
    await expect.poll(() => value.getAttribute("aria-invalid")).toBe("true");
    expect(await form.locator(".field--invalid .field__error").count()).toBe(1);
    const none = await apiCall(session.context, "GET", "/api/v1/progress-reports?period=2018-B4&organization=TAIWATER");
    expect((none.json as { total: number }).total).toBe(0);
    await value.fill("1");
    await form.getByRole("button", { name: "新增佐證連結" }).click();
    await form.getByLabel("網址").fill("https://example.org/courtesy-test-july");
    await form.getByLabel("標題").fill("電話禮貌測試紀錄");
    await form.getByLabel("生效日期").fill("107/07/31");
    await form.getByRole("button", { name: "儲存草稿" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toBe("已儲存");
    const state = page.locator(".report-state");
    await expect.poll(() => state.textContent()).toBe("草稿（第 1 版）");
    // Focus goes to the report's state, which the save changed.
    expect(await state.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, "60-progress-draft");
    await expectAccessible(page, "report saved as a draft");

    await page.getByRole("button", { name: "送出審查" }).click();
    await page.getByText("已送出審查。").waitFor();
    await expect.poll(() => state.textContent()).toBe("已送出（第 1 版）");

    const list = await apiCall(session.context, "GET", "/api/v1/progress-reports?period=2018-B4&organization=TAIWATER");
    const items = (list.json as { items: { id: number; state: string; current: { values: { value: string }[] } }[] }).items;
    expect(items).toHaveLength(1);
    expect(items[0]!.state).toBe("submitted");
    expect(Number(items[0]!.current.values[0]!.value)).toBe(1);
    reportId = items[0]!.id;

    // A quarter is no period for a measure reported every two months: the server says so above the form.
    await page.goto(page.url().replace(/2018-B4$/, "2018-Q3"));
    await page.getByRole("heading", { level: 1, name: "填報進度：107年第3季" }).waitFor();
    await page.getByRole("region", { name: "本期進度" }).getByRole("button", { name: "儲存草稿" }).click();
    await page.getByRole("alert").getByText("此作法依雙月填報（例如 2018-B1）").waitFor();

    // Back on 我的填報, the period says where it stands.
    await page.goto(`/progress?plan=${await plan107(session.context)}`);
    await page.getByRole("row", { name: MEASURE_TEXT }).getByRole("link", { name: "107年7–8月：已送出" }).waitFor();
    await expectAccessible(page, "my reports");
  });

  it("a reporter of another enterprise neither lists nor reads it", async () => {
    await signIn(session.page, TAIPOWER);
    expect(reportId).toBeGreaterThan(0);
    const list = await apiCall(session.context, "GET", "/api/v1/progress-reports?period=2018-B4");
    expect((list.json as { items: { id: number }[] }).items.map((r) => r.id)).not.toContain(reportId);
    expect((await apiCall(session.context, "GET", `/api/v1/progress-reports/${reportId}`)).status).toBe(404);
    await session.page.goto(`/progress?plan=${await plan107(session.context)}`);
    await session.page.getByRole("heading", { level: 1, name: "我的填報" }).waitFor();
    await session.page.getByRole("table").waitFor();
    expect(await session.page.getByRole("row", { name: MEASURE_TEXT }).count()).toBe(0);
    // The reviewer's pages are not theirs.
    await session.page.goto(`/review/reports/${reportId}`);
    await session.page.getByRole("heading", { level: 1, name: "沒有權限" }).waitFor();
  });

  it("the reviewer finds it among the submitted reports and returns it with a comment", async () => {
    const page = session.page;
    await signIn(page, DEMO.reviewer);
    await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "進度審查" }).waitFor();
    await page.goto(`/review?plan=${await plan107(session.context)}`);
    await page.getByRole("heading", { level: 1, name: "進度審查" }).waitFor();
    await page.getByLabel("事業").selectOption({ label: "台水公司" });
    await page
      .getByRole("row", { name: /107年7–8月/ })
      .getByRole("link", { name: MEASURE_TEXT })
      .waitFor();
    await expectAccessible(page, "review list");
    await page
      .getByRole("row", { name: /107年7–8月/ })
      .getByRole("link", { name: MEASURE_TEXT })
      .click();
    await page.getByRole("heading", { level: 1, name: "進度報告：107年7–8月" }).waitFor();
    await page.getByText("採購作業延宕").waitFor();
    await page.getByRole("link", { name: "電話禮貌測試紀錄" }).waitFor();
    await expectAccessible(page, "report under review");

    const review = page.getByRole("region", { name: "審查" });
    await review.getByRole("button", { name: "退回" }).click();
    await review.getByText("必填").waitFor();
    await review.getByLabel("退回意見").fill("請補充測試通數與結果");
    await review.getByRole("button", { name: "退回" }).click();
    await page.getByText("已退回，事業會看到您的意見。").waitFor();
    await expect.poll(() => page.locator(".report-state").textContent()).toBe("已退回（第 1 版）");
    await expectAccessible(page, "report returned");
  });

  it("the reporter reads the comment, corrects the report as a new version and submits it again", async () => {
    const page = session.page;
    await signIn(page, DEMO.reporter);
    await openForm();
    await page.getByRole("note").getByText("審查人員退回此報告：請補充測試通數與結果").waitFor();
    await expectAccessible(page, "returned report");
    const form = page.getByRole("region", { name: "本期進度" });
    expect(await form.getByLabel("落後原因").inputValue()).toBe("採購作業延宕");
    await form.getByLabel("辦理情形說明").fill("7月、8月各辦理電話禮貌測試1次，共抽測20通，皆合格");
    await form.getByLabel("電話禮貌測試（單位：次）").fill("2");
    // Leaving with the correction unsaved asks first; staying keeps it.
    await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "我的填報" }).click();
    const question = page.getByRole("alertdialog", { name: "尚有未儲存的修改" });
    await question.getByRole("button", { name: "留在此頁" }).click();
    expect(await form.getByLabel("電話禮貌測試（單位：次）").inputValue()).toBe("2");
    await form.getByRole("button", { name: "儲存草稿" }).click();
    const state = page.locator(".report-state");
    await expect.poll(() => state.textContent()).toBe("草稿（第 2 版）");
    await expect.poll(() => form.getByRole("status").textContent()).toBe("已儲存");
    // Both versions stay readable.
    const versions = page.getByRole("region", { name: "各版本" });
    await versions.getByText(/^第 2 版：落後/).waitFor();
    await versions.getByText(/^第 1 版：落後/).waitFor();
    await page.getByRole("button", { name: "送出審查" }).click();
    await expect.poll(() => state.textContent()).toBe("已送出（第 2 版）");
  });

  it("the reviewer sees both versions and accepts the report", async () => {
    const page = session.page;
    await signIn(page, DEMO.reviewer);
    await page.goto(`/review/reports/${reportId}`);
    await page.getByRole("heading", { level: 1, name: "進度報告：107年7–8月" }).waitFor();
    const versions = page.getByRole("region", { name: "各版本" });
    expect(await versions.locator("details").count()).toBe(2);
    const review = page.getByRole("region", { name: "審查" });
    await review.getByRole("button", { name: "審查通過" }).click();
    await review.getByRole("alertdialog", { name: "審查通過" }).getByRole("button", { name: "審查通過" }).click();
    await page.getByText("已審查通過。").waitFor();
    await expect.poll(() => page.locator(".report-state").textContent()).toBe("已通過（第 2 版）");
    expect(await page.getByRole("region", { name: "審查" }).count()).toBe(0);
    await expectAccessible(page, "report accepted");
    const read = await apiCall(session.context, "GET", `/api/v1/progress-reports/${reportId}`);
    expect((read.json as { state: string; versions: unknown[] }).state).toBe("accepted");
    expect((read.json as { versions: unknown[] }).versions).toHaveLength(2);
  });

  it("reads in English: the reviewer's list and a report, with ROC dates", async () => {
    const page = session.page;
    await signIn(page, DEMO.reviewer);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Progress review" }).waitFor();
    await page.goto(`/review?plan=${await plan107(session.context)}`);
    await page.getByRole("heading", { level: 1, name: "Progress review" }).waitFor();
    await page.getByLabel("Report state").selectOption({ label: "Accepted" });
    const row = page.getByRole("row", { name: /Months 7–8 2018 \(ROC 107\)/ });
    await row.getByText("Accepted (version 2)").waitFor();
    await expectAccessible(page, "review list in English");
    await row.getByRole("link", { name: MEASURE_TEXT }).click();
    await page.getByRole("heading", { level: 1, name: "Progress report: Months 7–8 2018 (ROC 107)" }).waitFor();
    await page.getByText("Due").waitFor();
    await page.getByText("107/08/31 (2018-08-31)").waitFor();
    await screenshot(page, "61-progress-report-en");
    await expectAccessible(page, "report in English");
  });
});
