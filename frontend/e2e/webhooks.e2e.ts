import { execFileSync } from "node:child_process";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
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
    await page.getByRole("row").filter({ hasText: url }).waitFor({ state: "detached" });
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

    // A date that is not one applies nothing and says why; an ROC date goes to the address.
    const since = filters.getByLabel("建立日期起");
    await since.fill("115/13/45");
    await since.blur();
    await filters.getByText(/日期格式不正確/).waitFor();
    await filters.getByRole("button", { name: "套用" }).click();
    expect(page.url()).not.toContain("since=");
    await since.fill("115/01/02");
    await filters.getByRole("button", { name: "套用" }).click();
    await page.waitForURL(/since=2026-01-02/);
    expect(page.url()).toContain("organization=TAIWATER");
    // 清除 empties the fields and the address.
    await filters.getByRole("button", { name: "清除" }).click();
    await page.waitForURL((address) => address.search === "");
    expect(await filters.getByLabel("機關代碼").inputValue()).toBe("");
    expect(await since.inputValue()).toBe("");

    await apiCall(session.context, "DELETE", `/api/v1/webhooks/${await idOf(url)}`);
  });

  // tests/e2e/run.sh runs a worker beside the server, one try per delivery; the event is
  // written to the served database (its URL exported there).
  it.skipIf(!process.env.UPLIFT_DATABASE_URL)(
    "shows a delivery given up after its try with the attempt, and replays it to the receiver",
    async () => {
      const page = session.page;
      const heard: IncomingHttpHeaders[] = [];
      const receiver = createServer((request, response) => {
        heard.push(request.headers);
        request.resume();
        response.writeHead(heard.length === 1 ? 500 : 200).end(heard.length === 1 ? "down" : "ok");
      });
      await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      try {
        await signIn(page, DEMO.admin);
        const made = await apiCall(session.context, "POST", "/api/v1/webhooks", { url, events: ["follow_up.deadline_passed"] });
        expect(made.status).toBe(201);
        recordDeadlinePassed(); // the worker hands it to the subscription, tries once: 500, given up

        await nav().getByRole("link", { name: "發送紀錄" }).click();
        const row = page.getByRole("row").filter({ hasText: url });
        await expect.poll(() => state(url), { timeout: 15_000 }).toBe("dead");
        await page.reload();
        await row.getByText("已放棄").waitFor();
        await row.getByText("HTTP 500: down").waitFor();
        await row.getByRole("button", { name: /^檢視發送 #\d+ 的每次嘗試$/ }).click();
        const detail = page.getByRole("region", { name: /^發送 #\d+$/ });
        await detail.getByRole("row").filter({ hasText: "失敗" }).getByRole("cell", { name: "500", exact: true }).waitFor();
        await expectAccessible(page, "deliveries, a given-up delivery's attempts");
        await detail.getByRole("button", { name: "重新發送" }).click();
        await detail.getByText("已重新排入發送。").waitFor();

        await expect.poll(() => state(url), { timeout: 15_000 }).toBe("delivered"); // the replay's try: 200
        await page.reload();
        await row.getByText("已送達").waitFor();
        await row.getByRole("button", { name: /^檢視發送/ }).click();
        await detail.getByRole("row").filter({ hasText: "（重新發送）" }).getByText("成功").waitFor();
        await screenshot(page, "92-delivery-replayed");
        expect(heard).toHaveLength(2);
        expect(heard[1]!["webhook-id"]).toBe(heard[0]!["webhook-id"]); // the receiver can drop a duplicate
        expect(heard[0]!["webhook-signature"]).toMatch(/^v1,/);
        await apiCall(session.context, "DELETE", `/api/v1/webhooks/${(made.json as { id: number }).id}`);
      } finally {
        receiver.close();
      }
    },
  );

  it("keeps the deliveries board from reporters", async () => {
    await signIn(session.page, DEMO.reporter);
    expect(await nav().getByRole("link", { name: "發送紀錄" }).count()).toBe(0);
    const refused = await apiCall(session.context, "GET", "/api/v1/deliveries");
    expect(refused.status).toBe(403);
  });
});

const ROOT = resolve(process.cwd(), "..");

/** The event the reminder sweep records for a follow-up past its deadline, written as the sweep would. */
function recordDeadlinePassed(): void {
  const script = [
    "import asyncio",
    "from uplift.config import get_settings",
    "from uplift.kit import events",
    "from uplift.kit.db import create_engine, create_sessionmaker",
    "async def main():",
    "    engine = create_engine(get_settings().database_url)",
    "    async with create_sessionmaker(engine).begin() as session:",
    "        await events.record(session, events.EventKind.follow_up_deadline_passed, 0, organization_id=None)",
    "    await engine.dispose()",
    "asyncio.run(main())",
  ].join("\n");
  execFileSync(resolve(ROOT, ".venv/bin/python"), ["-c", script], { env: process.env, stdio: "inherit" });
}

async function state(url: string): Promise<string | undefined> {
  const board = await apiCall(session.context, "GET", "/api/v1/deliveries?channel=webhook&page_size=100");
  return (board.json as { items: { recipient: string; status: string }[] }).items.find((d) => d.recipient === url)?.status;
}

async function idOf(url: string): Promise<number> {
  const listed = await apiCall(session.context, "GET", "/api/v1/webhooks?page_size=100");
  const found = (listed.json as { items: { id: number; url: string }[] }).items.find((w) => w.url === url);
  if (!found) throw new Error(`no subscription for ${url}`);
  return found.id;
}
