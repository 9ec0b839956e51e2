import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible } from "./browser";
import { type Account, apiCall, DEMO, signIn } from "./session";

/**
 * What people hear: the commission issues a recommendation to Taiwan Power (台電, this spec's own
 * in the 107 year-end round), a worker writes the enterprise's notifications, and its reporter
 * finds them behind the bell; the reporter keeps the enterprise's contacts (聯絡窗口), a reviewer
 * chooses the digest of what awaits their decision.
 */
const session = browserPerFile();
const REPORTER: Account = { username: "reporter-taipower", password: "demo-reporter-107", name: "台電公司填報人員", role: "事業填報人員" };
const tag = Math.random().toString(36).slice(2, 8);

async function issueRecommendation(): Promise<void> {
  const context = session.context;
  const { json } = await apiCall(context, "GET", "/api/v1/findings/drafting");
  const rounds = (json as { items: { id: number; year: number; kind: string }[] }).items;
  const round = rounds.find((r) => r.year === 2018 && r.kind === "year_end");
  if (!round) throw new Error("the 107 year-end round is not offered");
  const made = await apiCall(context, "POST", "/api/v1/findings", {
    round_id: round.id,
    organization: "TAIPOWER",
    kind: "recommendation",
    text_zh: `建議強化停電通報之即時性。（${tag}）`,
  });
  expect(made.status, JSON.stringify(made.json)).toBe(201);
  const id = (made.json as { id: number }).id;
  const approved = await apiCall(context, "POST", `/api/v1/findings/${id}/approve`, undefined, { "If-Match": made.etag ?? "" });
  expect(approved.status, JSON.stringify(approved.json)).toBe(200);
  const issued = await apiCall(
    context,
    "POST",
    `/api/v1/findings/${id}/issue`,
    { issued_on: "2018-12-20", issue_number: `經營字第10702${tag}號` },
    { "If-Match": approved.etag ?? "" },
  );
  expect(issued.status, JSON.stringify(issued.json)).toBe(200);
}

describe("notifications, contacts and notification settings", () => {
  it("an enterprise's reporter finds a newly issued recommendation behind the bell", async () => {
    const page = session.page;
    await signIn(page, DEMO.reviewer);
    await issueRecommendation();
    await page.getByRole("button", { name: "登出" }).click();
    await signIn(page, REPORTER);
    // The worker writes the notifications after the issue commits: the page shows them once there.
    await expect
      .poll(
        async () => {
          await page.goto("/notifications");
          await page.getByRole("heading", { level: 1, name: "通知" }).waitFor();
          return page.getByRole("list", { name: "通知列表" }).getByText("新的審查意見已發文").count();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);
    const list = page.getByRole("list", { name: "通知列表" });
    await list.getByText("新的列管事項").first().waitFor();
    await page.getByRole("link", { name: /^通知，\d+ 則未讀$/ }).waitFor();
    await expectAccessible(page, "the notifications, unread");
    await page.getByRole("button", { name: "全部標示為已讀" }).click();
    await page.getByRole("link", { name: "通知", exact: true }).waitFor();
    // The bell and the list are read apart: the list may show the marks a moment later.
    await expect.poll(() => list.getByText("未讀", { exact: true }).count()).toBe(0);
    await list.getByRole("link", { name: "查看" }).first().click();
    await page.getByRole("heading", { level: 2, name: "期限紀錄" }).waitFor();
  });

  it("reads the notifications and the contacts in English", async () => {
    const page = session.page;
    await signIn(page, REPORTER);
    await page.goto("/notifications");
    await page.getByRole("heading", { level: 1, name: "通知" }).waitFor();
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    await page.getByRole("list", { name: "Notifications" }).getByText("A finding was issued").first().waitFor();
    await expectAccessible(page, "the notifications in English");
    await page.goto("/contacts");
    await page.getByRole("heading", { level: 1, name: "Contacts" }).waitFor();
    await page.getByRole("form", { name: "Add a contact" }).waitFor();
    await expectAccessible(page, "the contacts in English");
    await page.getByRole("button", { name: "切換為中文" }).click();
    await page.getByRole("heading", { level: 1, name: "聯絡窗口" }).waitFor();
  });

  it("the reporter adds a contact and stops its reminders", async () => {
    const page = session.page;
    await signIn(page, REPORTER);
    await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "聯絡窗口" }).click();
    await page.getByRole("heading", { level: 1, name: "聯絡窗口" }).waitFor();
    const form = page.getByRole("form", { name: "新增聯絡窗口" });
    await form.getByLabel("姓名").fill(`陳窗口 ${tag}`);
    await form.getByLabel("電子郵件").fill(`Desk-${tag}@Example.com`);
    await form.getByLabel("語言").selectOption("en");
    await form.getByRole("button", { name: "新增聯絡窗口" }).click();
    const row = page.getByRole("row").filter({ hasText: `陳窗口 ${tag}` });
    await row.getByText(`desk-${tag}@example.com`).waitFor();
    await expectAccessible(page, "the contacts");
    await row.getByRole("button", { name: `停止提醒：陳窗口 ${tag}` }).click();
    await row.getByRole("button", { name: `恢復提醒：陳窗口 ${tag}` }).waitFor();
    await form.getByLabel("電子郵件").fill("not-an-address");
    await form.getByRole("button", { name: "新增聯絡窗口" }).click();
    await form.locator(".field__error").first().waitFor();
  });

  it("a reviewer chooses a weekly digest to an e-mail address", async () => {
    const page = session.page;
    await signIn(page, DEMO.reviewer);
    await page.getByRole("link", { name: "通知設定" }).click();
    await page.getByRole("heading", { level: 1, name: "通知設定" }).waitFor();
    await page.getByLabel("電子郵件").fill(`reviewer-${tag}@example.com`);
    await page.getByLabel("待審核事項摘要").selectOption("weekly");
    await page.getByRole("button", { name: "儲存" }).click();
    await page.getByRole("status").filter({ hasText: "已儲存。" }).waitFor();
    await expectAccessible(page, "the notification settings");
    await page.reload();
    await expect.poll(() => page.getByLabel("電子郵件").inputValue()).toBe(`reviewer-${tag}@example.com`);
    expect(await page.getByLabel("待審核事項摘要").inputValue()).toBe("weekly");
  });
});
