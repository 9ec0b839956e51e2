import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible } from "./browser";
import { type Account, apiCall, DEMO, plan107, signIn } from "./session";

const session = browserPerFile();

// This spec owns the 107 plan's MID-YEAR round (the other specs use the year-end one) and takes
// it no further than `notified`. The demo expert `panel` sits on it, assigned all four enterprises.
const PANEL: Account = { username: "panel", password: "demo-panel-107", name: "查證小組委員", role: "查證委員" };
const DELEGATE = "林志明（e2e）";

async function midYearRound(): Promise<number> {
  const planId = await plan107(session.context);
  const rounds = await apiCall(session.context, "GET", `/api/v1/rounds?plan_id=${planId}`);
  const found = (rounds.json as { items: { id: number; kind: string }[] }).items.find((r) => r.kind === "mid_year");
  if (!found) throw new Error("the 107 plan's mid-year round is not there");
  return found.id;
}

async function openRound(account: Account): Promise<void> {
  const page = session.page;
  await signIn(page, account);
  await page.goto(`/rounds/${await midYearRound()}`);
  await page.getByRole("heading", { level: 1, name: "107年度 期中查證" }).waitFor();
}

describe("verification rounds (查證作業)", () => {
  it("a reviewer lists the rounds and fills the mid-year round's plan", async () => {
    const page = session.page;
    await signIn(page, DEMO.reviewer);
    await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "查證作業" }).click();
    await page.getByRole("heading", { level: 1, name: "查證作業" }).waitFor();
    await page.getByRole("link", { name: "107年度 期末查證" }).waitFor();
    await expectAccessible(page, "rounds list");
    await page.getByRole("link", { name: "107年度 期中查證" }).click();
    await page.getByRole("heading", { level: 1, name: "107年度 期中查證" }).waitFor();
    await expectAccessible(page, "round, planned");
    await page.getByRole("button", { name: "編輯查證計畫" }).click();
    await page.getByLabel("查證項目").fill("服務流程簡化\n顧客滿意度");
    await page.getByLabel("開始日期").fill("107/06/04");
    await page.getByLabel("結束日期").fill("107/06/01");
    await page.getByLabel("地點").first().fill("本會 3 樓會議室");
    await page.getByRole("button", { name: "儲存查證計畫" }).click();
    // The end before the start is refused beside its field; nothing is saved.
    await page
      .locator(".field--invalid")
      .getByText(/結束日不得早於開始日/)
      .waitFor();
    await expectAccessible(page, "round plan, end before start");
    await page.getByLabel("結束日期").fill("107/06/08");
    await page.getByRole("button", { name: "儲存查證計畫" }).click();
    await page.getByText("107年6月4日 – 107年6月8日").first().waitFor();
    expect(await page.getByText("服務流程簡化、顧客滿意度").count()).toBe(1);
  });

  it("the reviewer plans a visit within the round's dates and changes it", async () => {
    const page = session.page;
    await openRound(DEMO.reviewer);
    const add = page.getByRole("form", { name: "新增訪查行程" });
    await add.getByLabel("事業").selectOption("TAIWATER");
    await add.getByLabel("訪查日期").fill("107/06/05");
    await add.getByLabel("地點").fill("台水公司總管理處");
    await add.getByRole("button", { name: "新增訪查行程" }).click();
    const row = page.getByRole("row", { name: /107年6月5日/ });
    await row.getByText("台水公司總管理處").waitFor();
    await row.getByRole("button", { name: "編輯台水公司的訪查行程" }).click();
    const edit = page.getByRole("form", { name: "編輯107年6月5日的訪查行程" });
    await edit.getByLabel("訪查日期").fill("107/07/05");
    await edit.getByRole("button", { name: "儲存訪查行程" }).click();
    await edit.getByText(/查證期間為/).waitFor();
    await expectAccessible(page, "round visits, a day outside the round");
    await edit.getByLabel("訪查日期").fill("107/06/06");
    await edit.getByLabel("地點").fill("台水公司第一區管理處");
    await edit.getByRole("button", { name: "儲存訪查行程" }).click();
    await page
      .getByRole("row", { name: /107年6月6日/ })
      .getByText("台水公司第一區管理處")
      .waitFor();
  });

  it("the reviewer notifies the enterprises with the date and 發文字號", async () => {
    const page = session.page;
    await openRound(DEMO.reviewer);
    const notify = page.getByRole("form", { name: "通知受查事業" });
    await notify.getByLabel("發文日期").fill("107/05/28");
    await notify.getByRole("button", { name: "通知受查事業" }).click();
    await notify.getByText(/請填寫發文字號/).waitFor();
    await notify.getByLabel("發文字號").fill("經營字第10702001230號");
    await notify.getByRole("button", { name: "通知受查事業" }).click();
    await page.getByText("已於107年5月28日通知受查事業（經營字第10702001230號）").waitFor();
    await page.getByRole("button", { name: "進入下一階段：查證中" }).waitFor();
    await expectAccessible(page, "round, notified");
  });

  it("a delegate of 台糖 cannot verify 台糖 and is assigned elsewhere", async () => {
    const page = session.page;
    await openRound(DEMO.reviewer);
    const add = page.getByRole("form", { name: "新增小組成員" });
    await add.getByLabel("身分").selectOption("delegate");
    await add.getByLabel("姓名").fill(DELEGATE);
    await add.getByLabel("服務單位").fill("台糖公司");
    await add.getByLabel("遴派事業").selectOption("TAISUGAR");
    await add.getByRole("button", { name: "新增小組成員" }).click();
    await page.getByRole("row", { name: new RegExp(DELEGATE) }).waitFor();
    const assign = page.getByRole("group", { name: `${DELEGATE}的查證事業` });
    await assign.getByLabel("台糖公司").check();
    await assign.getByRole("button", { name: "儲存分派" }).click();
    await assign
      .getByText(/受遴派人員不得查證其所屬事業/)
      .first()
      .waitFor();
    await expectAccessible(page, "round panel, the delegate rule");
    await assign.getByLabel("台糖公司").uncheck();
    await assign.getByLabel("中油公司").check();
    await assign.getByRole("button", { name: "儲存分派" }).click();
    await page
      .getByRole("row", { name: new RegExp(DELEGATE) })
      .getByRole("cell", { name: "中油公司" })
      .waitFor();
  });

  it("the panel member declares a conflict with 台糖, which shows on the panel", async () => {
    const page = session.page;
    await openRound(PANEL);
    await expectAccessible(page, "round as a panel member");
    await page.getByRole("button", { name: "申報迴避：台糖公司" }).click();
    const form = page.getByRole("form", { name: "申報迴避：台糖公司" });
    await form.getByLabel("迴避事由").fill("曾任台糖公司顧問（e2e）");
    await form.getByRole("button", { name: "申報迴避" }).click();
    await page.getByText("已申報迴避。").waitFor();
    const row = page.getByRole("row", { name: /查證小組委員/ });
    await row.getByText("曾任台糖公司顧問（e2e）").waitFor();
    expect(await page.getByRole("button", { name: "申報迴避：台糖公司" }).count()).toBe(0);
    await expectAccessible(page, "round, a conflict declared");
  });
});
