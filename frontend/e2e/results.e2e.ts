import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { DEMO, plan107, signIn } from "./session";

const session = browserPerFile();

// The seeded 107 plan has five dimensions; 台水公司 (reporter-taiwater) owns measures in it. Other
// specs publish newer plans, which the pages would open on: these pages are opened on the 107 plan.
const WATER = "台水公司";

async function openReviewList(): Promise<void> {
  const page = session.page;
  await signIn(page, DEMO.reviewer);
  await page.goto(`/results-review?plan=${await plan107(session.context)}`);
  await page.getByRole("heading", { level: 1, name: "成果報告審查" }).waitFor();
}

async function setDueDate(text: string, shown: RegExp): Promise<void> {
  const page = session.page;
  const due = page.getByRole("region", { name: "訂定繳交期限" });
  await due.getByLabel("繳交期限").fill(text);
  await due.getByRole("button", { name: "儲存期限" }).click();
  await page
    .getByRole("row", { name: new RegExp(WATER) })
    .getByText(shown)
    .waitFor();
}

async function openMyReport(): Promise<void> {
  const page = session.page;
  await signIn(page, DEMO.reporter);
  await page.goto(`/results?plan=${await plan107(session.context)}`);
  await page.getByRole("heading", { level: 1, name: "執行績效與成果報告" }).waitFor();
}

async function openUnderReview(timeliness: RegExp): Promise<void> {
  const page = session.page;
  await openReviewList();
  await page
    .getByRole("row", { name: new RegExp(WATER) })
    .getByText(timeliness)
    .waitFor();
  await page.getByRole("link", { name: `檢視${WATER}的成果報告` }).click();
  await page.getByRole("heading", { level: 1, name: `${WATER}執行績效與成果報告` }).waitFor();
}

const PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const state = () => session.page.locator(".report-state").textContent();

describe("the year-end results report (執行績效與成果報告)", () => {
  it("a reviewer sets the due date, which the plan leaves unset", async () => {
    const page = session.page;
    await openReviewList();
    const row = page.getByRole("row", { name: new RegExp(WATER) });
    await row.getByText("未訂期限").waitFor();
    await expectAccessible(page, "results list, no due date");
    await setDueDate("199/12/31", /^尚未到期$/);
    expect(await row.getByText("199年12月31日").count()).toBe(1);
    await expectAccessible(page, "results list with a due date");
  });

  it("the enterprise drafts its summary per dimension and submits it", async () => {
    const page = session.page;
    await openMyReport();
    await expect.poll(state).toBe("尚未撰寫");
    await page.getByText("199年12月31日").waitFor();
    await expectAccessible(page, "results report, empty");
    const groups = page.getByRole("group", { name: /^面向/ });
    expect(await groups.count()).toBe(5);
    // Half a summary is refused beside the field left empty; nothing is sent.
    await groups.nth(0).getByLabel("執行績效").fill("全年完成基礎服務各項作法。");
    await page.getByRole("button", { name: "儲存草稿" }).click();
    await groups.nth(0).getByText("執行績效與成果須一併填寫").waitFor();
    await expectAccessible(page, "results report, half a summary");
    await groups.nth(0).getByLabel("成果").fill("臨櫃等候時間縮短。");
    await page.getByRole("button", { name: "儲存草稿" }).click();
    await expect.poll(state).toBe("草稿（第 1 版）");
    await page.getByText(/^尚未填寫的面向：/).waitFor();
    for (let n = 1; n < 5; n++) {
      await groups
        .nth(n)
        .getByLabel("執行績效")
        .fill(`面向第 ${n + 1} 項執行績效。`);
      await groups
        .nth(n)
        .getByLabel("成果")
        .fill(`面向第 ${n + 1} 項成果。`);
    }
    // Key figures per dimension: rows added and removed; a value that is not a number is refused beside it.
    const figures = groups.nth(0).getByRole("group", { name: /關鍵數據/ });
    await figures.getByText("尚無關鍵數據。").waitFor();
    await figures.getByRole("button", { name: "新增關鍵數據" }).click();
    await figures.getByLabel("數據 1 名稱").fill("臨櫃平均等候時間");
    await figures.getByLabel("數據 1 數值").fill("五");
    await figures.getByLabel("數據 1 單位").fill("分鐘");
    await figures.getByRole("button", { name: "新增關鍵數據" }).click();
    await figures.getByLabel("數據 2 名稱").fill("多餘的一列");
    await figures.getByRole("button", { name: "移除數據 2" }).click();
    expect(await figures.getByLabel("數據 2 名稱").count()).toBe(0);
    await page.getByRole("button", { name: "儲存草稿" }).click();
    await figures.getByText("請填數字（小數最多 4 位）").waitFor();
    await expectAccessible(page, "results report, a key figure refused");
    await figures.getByLabel("數據 1 數值").fill("5");
    // The report's document: optional, uploaded as soon as it is chosen, attached with the next save.
    await page.getByText("選填：送出不需附文件；附上的文件與報告一同供本會檢視。").waitFor();
    await page
      .getByLabel("上傳報告文件")
      .setInputFiles({ name: "107年成果報告.pdf", mimeType: "application/pdf", buffer: Buffer.from(PDF) });
    await page.getByRole("link", { name: "107年成果報告.pdf" }).waitFor();
    await page.getByRole("button", { name: "儲存草稿" }).click();
    await expect.poll(() => page.getByText(/^尚未填寫的面向：/).count()).toBe(0);
    await screenshot(page, "70-results-draft");
    await page.getByRole("button", { name: "送出成果報告" }).click();
    await page.getByText("已送出成果報告。").waitFor();
    await expect.poll(state).toBe("已送出（第 1 版）");
    await page.getByText("準時送出").waitFor();
    await expectAccessible(page, "results report submitted");
  });

  it("the reviewer returns it with a comment", async () => {
    const page = session.page;
    await openUnderReview(/^準時送出$/);
    await page.getByText("臨櫃等候時間縮短。").waitFor();
    await page.getByText(/^臨櫃平均等候時間：5(\.0+)?分鐘$/).waitFor();
    const link = page.getByRole("link", { name: "107年成果報告.pdf" });
    const downloaded = await session.context.request.get((await link.getAttribute("href")) ?? "");
    expect(Buffer.from(await downloaded.body()).equals(Buffer.from(PDF))).toBe(true);
    await expectAccessible(page, "results report under review");
    const review = page.getByRole("region", { name: "審查" });
    await review.getByRole("button", { name: "退回" }).click();
    await review.getByText("必填").waitFor();
    await review.getByLabel("退回意見").fill("請補充各面向的量化成果");
    await review.getByRole("button", { name: "退回" }).click();
    await page.getByText("已退回，事業會看到您的意見。").waitFor();
    await expect.poll(state).toBe("已退回（第 1 版）");
  });

  it("the enterprise reads the comment, corrects it as a new version and submits it again", async () => {
    const page = session.page;
    await openMyReport();
    await page
      .getByRole("note")
      .getByText(/請補充各面向的量化成果/)
      .waitFor();
    await expectAccessible(page, "results report returned");
    // The key figure saved comes back into its row, to correct or keep.
    const figures = page
      .getByRole("group", { name: /^面向/ })
      .nth(0)
      .getByRole("group", { name: /關鍵數據/ });
    expect(await figures.getByLabel("數據 1 名稱").inputValue()).toBe("臨櫃平均等候時間");
    await figures.getByLabel("數據 1 數值").fill("4.5");
    await page.getByRole("group", { name: /^面向/ }).nth(0).getByLabel("成果").fill("臨櫃平均等候時間由 8 分鐘縮短為 5 分鐘。");
    await page.getByRole("button", { name: "儲存草稿" }).click();
    await expect.poll(state).toBe("草稿（第 2 版）");
    await page.getByRole("button", { name: "送出成果報告" }).click();
    await expect.poll(state).toBe("已送出（第 2 版）");
  });

  it("the reviewer accepts it; with the due date set in the past, it shows as submitted late", async () => {
    const page = session.page;
    await openUnderReview(/^準時送出$/);
    await page.getByText("臨櫃平均等候時間由 8 分鐘縮短為 5 分鐘。").waitFor();
    await page.getByText(/^臨櫃平均等候時間：4\.50*分鐘$/).waitFor();
    await page.getByRole("region", { name: "審查" }).getByRole("button", { name: "審查通過" }).click();
    await page.getByRole("alertdialog", { name: "審查通過" }).getByRole("button", { name: "審查通過" }).click();
    await page.getByText("已審查通過。").waitFor();
    await expect.poll(state).toBe("已通過（第 2 版）");
    await expectAccessible(page, "results report accepted");

    // Back to the list of this report's plan (the menu's link opens the newest plan).
    await page.getByRole("main").getByRole("link", { name: "成果報告審查" }).click();
    await page.getByRole("heading", { level: 1, name: "成果報告審查" }).waitFor();
    await setDueDate("108/01/31", /^逾期送出$/);
    const row = page.getByRole("row", { name: new RegExp(WATER) });
    expect(await row.getByText("已通過（第 2 版）").count()).toBe(1);
    // Enterprises that never submitted are late too, and say so in words.
    expect(
      await page
        .getByRole("row", { name: /台電公司/ })
        .getByText("逾期未送")
        .count(),
    ).toBe(1);
    await screenshot(page, "71-results-late");
    await expectAccessible(page, "results list with a late report");
  });
});
