import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible } from "./browser";
import { type Account, apiCall, DEMO, signIn } from "./session";

const session = browserPerFile();

// CPC (中油公司) in the 107 year-end round is this spec's own: other specs use other enterprises.
const PANEL: Account = { username: "panel", password: "demo-panel-107", name: "查證小組委員", role: "查證委員" };
const PANEL_CPC: Account = { username: "panel-cpc", password: "demo-panel-107", name: "中油公司遴派查證人員（示範）", role: "查證委員" };
const CPC = "中油公司";
// Texts of this run, so a rerun against the same database finds its own findings.
const tag = Math.random().toString(36).slice(2, 8);
const STRENGTH = `加油站服務流程標準化，顧客等候時間明顯縮短。（${tag}）`;
const RECOMMENDATION = `建議強化用戶意見回饋機制並定期追蹤改善情形。（${tag}）`;

type Round = { id: number; kind: string; year: number; enterprises: { code: string }[] };

/** The 107 year-end round, as the signed-in drafter is offered it. */
async function yearEndRound(): Promise<Round | undefined> {
  const { json } = await apiCall(session.context, "GET", "/api/v1/findings/drafting");
  return (json as { items: Round[] }).items.find((r) => r.year === 2018 && r.kind === "year_end");
}

async function openEditor(account: Account): Promise<Round> {
  const page = session.page;
  await signIn(page, account);
  const round = await yearEndRound();
  if (!round) throw new Error("the 107 year-end round is not offered");
  await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "查證意見" }).click();
  await page.goto(`/findings/editor?round=${round.id}&organization=CPC`);
  await page.getByRole("heading", { level: 1, name: "查證意見" }).waitFor();
  return round;
}

const item = (text: string) => session.page.getByRole("listitem").filter({ hasText: text });

async function draft(kind: "strength" | "recommendation", text: string): Promise<void> {
  const page = session.page;
  const add = page.getByRole("region", { name: "新增查證意見" });
  await add.getByRole("button", { name: "新增查證意見" }).click();
  await add.getByLabel("類別").selectOption(kind);
  await add.getByLabel("內容（中文）").fill(text);
  await add.getByRole("group", { name: "相關作法" }).getByRole("checkbox").first().check();
  await add.getByRole("button", { name: "儲存" }).click();
  await item(text).getByText("草稿").waitFor();
}

describe("findings (查證意見): drafted by the panel, approved and issued by the commission", () => {
  it("the panel member drafts a strength and a recommendation for CPC", async () => {
    const page = session.page;
    await openEditor(PANEL);
    expect(await page.getByLabel("事業").inputValue()).toBe("CPC");
    await expectAccessible(page, "findings editor as the panel member");
    await draft("strength", STRENGTH);
    await draft("recommendation", RECOMMENDATION);
    expect(
      await item(RECOMMENDATION)
        .getByText(/^建議事項 \d+/)
        .count(),
    ).toBe(1);
    await expectAccessible(page, "findings editor with two drafts");
  });

  it("CPC's own delegate is never offered CPC, nor reads its drafts", async () => {
    const page = session.page;
    const round = await openEditor(PANEL_CPC);
    const offered = await page.getByLabel("事業").locator("option").allTextContents();
    expect(offered).not.toContain(CPC);
    expect(offered.length).toBeGreaterThan(0);
    expect(await item(STRENGTH).count()).toBe(0);
    const cpc = await apiCall(session.context, "GET", `/api/v1/findings?round=${round.id}&organization=CPC`);
    expect((cpc.json as { items: unknown[] }).items).toEqual([]);
    await expectAccessible(page, "findings editor as CPC's delegate");
  });

  it("the reviewer approves both and issues the letter to CPC", async () => {
    const page = session.page;
    await openEditor(DEMO.reviewer);
    for (const text of [STRENGTH, RECOMMENDATION]) {
      await item(text).getByRole("button", { name: "核定" }).click();
      await expectAccessible(page, "approving a finding");
      await item(text).getByRole("alertdialog").getByRole("button", { name: "核定" }).click();
      await item(text).getByText("已核定").waitFor();
    }
    const letter = page.getByRole("region", { name: "函送事業" });
    await letter.getByLabel("發文日期").fill("107/12/20");
    await letter.getByLabel("發文字號").fill(`經營字第10700${tag}號`);
    await letter.getByRole("button", { name: "函送" }).click();
    await letter.getByRole("alertdialog").getByRole("button", { name: "函送" }).click();
    await letter.getByText("已函送 2 則查證意見。").waitFor();
    for (const text of [STRENGTH, RECOMMENDATION]) {
      await item(text).getByText("已函送").waitFor();
      await item(text).getByText(`發文日期 107年12月20日，經營字第10700${tag}號`).waitFor();
    }
    expect(await item(RECOMMENDATION).getByRole("button", { name: /更正/ }).count()).toBe(1);
    await expectAccessible(page, "findings editor after the letter");
  });

  it("the public page does not show findings issued but not yet published", async () => {
    const page = session.page;
    await page.goto("/published-findings");
    await page.getByRole("heading", { level: 1, name: "查證結果" }).waitFor();
    await page.getByText("本會公布的各次查證結果").waitFor();
    await page.getByRole("status").filter({ hasText: "載入中" }).waitFor({ state: "detached" });
    expect(await page.getByText(RECOMMENDATION).count()).toBe(0);
    expect(await page.getByText(STRENGTH).count()).toBe(0);
    await expectAccessible(page, "published findings");
  });
});
