import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { apiCall, DEMO, signIn } from "./session";

const session = browserPerFile();
const nav = () => session.page.getByRole("navigation", { name: "主要功能" });

describe("webhooks and deliveries", () => {
  it("lets an enterprise reporter subscribe its receiver, see the secret once, and delete it", async () => {
    const page = session.page;
    const url = `https://erp.taiwater.example.gov.tw/uplift/${Date.now().toString(36)}`;
    await signIn(page, DEMO.reporter);
    await nav().getByRole("link", { name: "網路掛鉤" }).click();
    await page.getByRole("heading", { level: 1, name: "網路掛鉤（Webhooks）" }).waitFor();
    await page.getByText("台水公司的系統訂閱事件的接收端", { exact: false }).waitFor();
    await expectAccessible(page, "webhooks, a reporter's page");

    const form = page.getByRole("region", { name: "新增訂閱" });
    // No event chosen: the form says so and sends nothing.
    await form.getByLabel("接收網址").fill(url);
    await form.getByRole("button", { name: "新增訂閱" }).click();
    await form.getByText("請至少選擇一項事件。").waitFor();
    await form.getByLabel("查證意見已函送").check();
    await form.getByLabel("管考事項已審議").check();
    await form.getByLabel("說明（選填）").fill("台水 ERP 系統");
    expect(await form.getByLabel("所屬機關").count()).toBe(0); // a reporter's are its own
    await form.getByRole("button", { name: "新增訂閱" }).click();

    const secret = page.getByRole("region", { name: `簽章密鑰：${url}` });
    await secret.waitFor();
    expect(await secret.getByLabel("簽章密鑰").inputValue()).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    await expectAccessible(page, "webhooks, the secret shown once");
    await screenshot(page, "90-webhook-secret");
    await secret.getByRole("button", { name: "我已保存，關閉" }).click();

    const row = page.getByRole("row").filter({ hasText: url });
    await row.getByText("查證意見已函送").waitFor();
    await row.getByText("管考事項已審議").waitFor();
    await row.getByText("台水公司").waitFor();
    await row.getByText("啟用").waitFor();
    const listed = await apiCall(session.context, "GET", "/api/v1/webhooks");
    const mine = (listed.json as { items: { url: string; events: string[] }[] }).items.find((w) => w.url === url);
    expect(mine?.events).toEqual(["finding.issued", "follow_up.decided"]);
    expect(JSON.stringify(listed.json)).not.toContain("whsec_"); // never listed again

    await row.getByRole("button", { name: `刪除訂閱「${url}」` }).click();
    await row.getByRole("button", { name: "確定刪除" }).click();
    await page.getByText(`已刪除「${url}」的訂閱。`).waitFor();
    expect(await page.getByRole("row").filter({ hasText: url }).count()).toBe(0);
  });

  it("shows administrators the commission's subscriptions and every delivery, filtered", async () => {
    const page = session.page;
    const url = `https://moea.example.gov.tw/hooks/${Date.now().toString(36)}`;
    await signIn(page, DEMO.admin);
    await nav().getByRole("link", { name: "網路掛鉤" }).click();
    const form = page.getByRole("region", { name: "新增訂閱" });
    await form.getByLabel("接收網址").fill(url);
    await form.getByLabel("查證作業已通知").check();
    await form.getByRole("button", { name: "新增訂閱" }).click();
    await page.getByRole("button", { name: "我已保存，關閉" }).click();
    const row = page.getByRole("row").filter({ hasText: url });
    await row.getByText("國營會").waitFor();
    await row.getByRole("button", { name: `重新產生「${url}」的簽章密鑰` }).click();
    await page.getByRole("region", { name: `簽章密鑰：${url}` }).waitFor();
    await expectAccessible(page, "webhooks, the administrator's page");

    await nav().getByRole("link", { name: "發送紀錄" }).click();
    await page.getByRole("heading", { level: 1, name: "發送紀錄" }).waitFor();
    await page
      .getByRole("status")
      .getByText(/^(共|超過) \d+ 筆$/)
      .waitFor();
    await expectAccessible(page, "deliveries, the board");
    const filters = page.getByRole("form", { name: "篩選發送紀錄" });
    await filters.getByLabel("管道").selectOption({ label: "網路掛鉤" });
    await filters.getByLabel("狀態").selectOption({ label: "已放棄" });
    await filters.getByLabel("機關代碼").fill("TAIWATER");
    await filters.getByRole("button", { name: "套用" }).click();
    await page.waitForURL(/channel=webhook/);
    expect(page.url()).toContain("status=dead");
    await page.getByRole("status").getByText(/筆/).waitFor();
    const board = await apiCall(session.context, "GET", "/api/v1/deliveries?channel=webhook&status=dead&organization=TAIWATER");
    const total = (board.json as { total: number }).total;
    if (total === 0) await page.getByText("沒有符合條件的發送紀錄。").waitFor();
    await expectAccessible(page, "deliveries, filtered");
    await screenshot(page, "91-deliveries");

    await apiCall(session.context, "DELETE", `/api/v1/webhooks/${await idOf(url)}`);
  });

  it("keeps the deliveries board from reporters", async () => {
    await signIn(session.page, DEMO.reporter);
    expect(await nav().getByRole("link", { name: "發送紀錄" }).count()).toBe(0);
    const refused = await apiCall(session.context, "GET", "/api/v1/deliveries");
    expect(refused.status).toBe(403);
  });
});

async function idOf(url: string): Promise<number> {
  const listed = await apiCall(session.context, "GET", "/api/v1/webhooks?page_size=100");
  const found = (listed.json as { items: { id: number; url: string }[] }).items.find((w) => w.url === url);
  if (!found) throw new Error(`no subscription for ${url}`);
  return found.id;
}
