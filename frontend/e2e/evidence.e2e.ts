import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { apiCall, DEMO, plan107, signIn } from "./session";

const session = browserPerFile();

// 台水's telephone-courtesy measure of the seeded 107 plan, reported by two-month periods;
// progress.e2e.ts writes July–August, this file September–October (2018-B5).
const MEASURE_TEXT = /不定期進行禮貌測試/;
const FORM_TITLE = "填報進度：107年9–10月";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const SHA256 = createHash("sha256").update(PDF).digest("hex");
const FILENAME = "禮貌測試紀錄.pdf";
let reportId = 0;

describe("evidence files in the web app", () => {
  it("a reporter uploads a PDF as evidence, dates it, saves and submits the report", async () => {
    const page = session.page;
    await signIn(page, DEMO.reporter);
    await page.goto(`/progress?plan=${await plan107(session.context)}`);
    await page.getByRole("heading", { level: 1, name: "我的填報" }).waitFor();
    await page
      .getByRole("row", { name: MEASURE_TEXT })
      .getByRole("link", { name: /^107年9–10月：/ })
      .click();
    await page.getByRole("heading", { level: 1, name: FORM_TITLE }).waitFor();
    const form = page.getByRole("region", { name: "本期進度" });
    await form.getByText("每檔上限 20 MB").waitFor();
    await form.getByLabel("辦理情形說明").fill("9月辦理電話禮貌測試1次");
    await form.getByLabel("上傳佐證檔案").setInputFiles({ name: FILENAME, mimeType: "application/pdf", buffer: PDF });
    // The file becomes an evidence row: its name, size and the start of its SHA-256, titled by its name.
    const row = form.getByRole("group", { name: "佐證 1" });
    await row.getByText(`SHA-256 ${SHA256.slice(0, 12)}…`).waitFor();
    expect(await row.getByLabel("標題").inputValue()).toBe("禮貌測試紀錄");
    await expectAccessible(page, "report form with an uploaded file");
    await form.getByRole("button", { name: "儲存草稿" }).click();
    await expect.poll(() => row.getByLabel("生效日期").getAttribute("aria-invalid")).toBe("true");
    await row.getByLabel("生效日期").fill("107/10/31");
    await form.getByRole("button", { name: "儲存草稿" }).click();
    const state = page.locator(".report-state");
    await expect.poll(() => state.textContent()).toBe("草稿（第 1 版）");
    await page.getByRole("region", { name: "各版本" }).getByRole("link", { name: FILENAME }).waitFor();
    await screenshot(page, "62-progress-evidence-file");
    await page.getByRole("button", { name: "送出審查" }).click();
    await expect.poll(() => state.textContent()).toBe("已送出（第 1 版）");

    const list = await apiCall(session.context, "GET", "/api/v1/progress-reports?period=2018-B5&organization=TAIWATER");
    const items = (list.json as { items: { id: number; current: { evidence: { kind: string; file: { sha256: string } }[] } }[] }).items;
    expect(items).toHaveLength(1);
    expect(items[0]!.current.evidence.map((e) => [e.kind, e.file.sha256])).toEqual([["file", SHA256]]);
    reportId = items[0]!.id;
  });

  it("the reviewer downloads the same bytes from the submitted report", async () => {
    const page = session.page;
    expect(reportId).toBeGreaterThan(0);
    await signIn(page, DEMO.reviewer);
    await page.goto(`/review/reports/${reportId}`);
    await page.getByRole("heading", { level: 1, name: "進度報告：107年9–10月" }).waitFor();
    const link = page.getByRole("region", { name: "各版本" }).getByRole("link", { name: FILENAME });
    await expectAccessible(page, "report with an evidence file under review");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(FILENAME);
    const bytes = await readFile(await download.path());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(SHA256);
  });
});
