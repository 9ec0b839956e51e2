import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible } from "./browser";
import { type Account, apiCall, DEMO, signIn } from "./session";

/**
 * The whole 管考 loop, through the pages each person uses: a panel member drafts a recommendation,
 * the commission approves and issues it (which opens its follow-up), the enterprise answers and
 * asks for release, the commission keeps tracking it with a new deadline, the enterprise answers
 * again with evidence, and the commission releases it. Taiwan Water (台水) in the 107 year-end
 * round is this spec's own: other specs use other enterprises or the mid-year round.
 */
const session = browserPerFile();

const PANEL: Account = { username: "panel", password: "demo-panel-107", name: "查證小組委員", role: "查證委員" };
const tag = Math.random().toString(36).slice(2, 8);
const RECOMMENDATION = `建議各區管理處定期檢討用戶申辦流程，並公布改善成果。（${tag}）`;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

let roundId = 0;
let followUpId = 0;

/** A weekday three weeks or more from today, as the ROC date people type (115/12/15). */
function futureWorkingDay(): { roc: string; iso: string } {
  const day = new Date();
  day.setDate(day.getDate() + 21);
  while (day.getDay() === 0 || day.getDay() === 6) day.setDate(day.getDate() + 1);
  const [y, m, d] = [day.getFullYear(), day.getMonth() + 1, day.getDate()];
  const pad = (n: number) => String(n).padStart(2, "0");
  return { roc: `${y - 1911}/${pad(m)}/${pad(d)}`, iso: `${y}-${pad(m)}-${pad(d)}` };
}

const item = (text: string) => session.page.getByRole("listitem").filter({ hasText: text });

async function openEditor(account: Account): Promise<void> {
  const page = session.page;
  await signIn(page, account);
  if (!roundId) {
    const { json } = await apiCall(session.context, "GET", "/api/v1/findings/drafting");
    const rounds = (json as { items: { id: number; year: number; kind: string }[] }).items;
    roundId = rounds.find((r) => r.year === 2018 && r.kind === "year_end")?.id ?? 0;
    if (!roundId) throw new Error("the 107 year-end round is not offered");
  }
  await page.goto(`/findings/editor?round=${roundId}&organization=TAIWATER`);
  await page.getByRole("heading", { level: 1, name: "查證意見" }).waitFor();
}

async function openFollowUp(account: Account): Promise<void> {
  const page = session.page;
  await signIn(page, account);
  await page.goto(`/follow-ups/${followUpId}`);
  await page.getByRole("heading", { level: 2, name: "期限紀錄" }).waitFor();
}

async function answer(text: string, percent: string, withEvidence: boolean): Promise<void> {
  const page = session.page;
  const form = page.getByRole("form", { name: "填報辦理情形" });
  await form.getByLabel("本次辦理情形").fill(text);
  await form.getByLabel("辦理進度（%）").fill(percent);
  await form.getByLabel("要求解除列管").check();
  if (withEvidence) {
    await form.getByLabel("上傳佐證檔案").setInputFiles({ name: `改善成果-${tag}.pdf`, mimeType: "application/pdf", buffer: PDF });
    await form.getByRole("list", { name: "佐證資料" }).getByText(`改善成果-${tag}.pdf`).waitFor();
  }
  await form.getByRole("button", { name: "送出辦理情形" }).click();
  await page.getByText("辦理情形已送出，待本會審議。").waitFor();
}

async function decide(outcome: string, reason: string, deadline?: string): Promise<void> {
  const page = session.page;
  const form = page.getByRole("form", { name: "審議" });
  await form.getByRole("radio", { name: outcome }).check();
  await form.getByLabel("理由").fill(reason);
  if (deadline) await form.getByLabel("新期限").fill(deadline);
  await form.getByRole("button", { name: "送出審議" }).click();
  await form.waitFor({ state: "detached" });
}

describe("the 管考 loop, from a drafted recommendation to its release", () => {
  it("a panel member drafts a recommendation for Taiwan Water", async () => {
    const page = session.page;
    await openEditor(PANEL);
    const add = page.getByRole("region", { name: "新增查證意見" });
    await add.getByRole("button", { name: "新增查證意見" }).click();
    await add.getByLabel("類別").selectOption("recommendation");
    await add.getByLabel("內容（中文）").fill(RECOMMENDATION);
    await add.getByRole("button", { name: "儲存" }).click();
    await item(RECOMMENDATION).getByText("草稿").waitFor();
    await expectAccessible(page, "the findings editor with the draft");
  });

  it("the commission approves it and issues the letter, which opens its follow-up", async () => {
    const page = session.page;
    await openEditor(DEMO.reviewer);
    await item(RECOMMENDATION).getByRole("button", { name: "核定" }).click();
    await item(RECOMMENDATION).getByRole("alertdialog").getByRole("button", { name: "核定" }).click();
    await item(RECOMMENDATION).getByText("已核定").waitFor();
    const letter = page.getByRole("region", { name: "函送事業" });
    await letter.getByLabel("發文日期").fill("107/12/20");
    await letter.getByLabel("發文字號").fill(`經營字第10701${tag}號`);
    await letter.getByRole("button", { name: "函送" }).click();
    await letter.getByRole("alertdialog").getByRole("button", { name: "函送" }).click();
    await item(RECOMMENDATION).getByText("已函送").waitFor();
    const { json } = await apiCall(session.context, "GET", `/api/v1/findings?round=${roundId}&organization=TAIWATER`);
    const found = (json as { items: { text_zh: string; follow_up_id: number | null }[] }).items.find((f) => f.text_zh === RECOMMENDATION);
    expect(found?.follow_up_id).toBeTruthy();
    followUpId = found?.follow_up_id ?? 0;
  });

  it("Taiwan Water sees it overdue on its board and answers, asking for release", async () => {
    const page = session.page;
    await signIn(page, DEMO.reporter);
    await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "管考追蹤" }).click();
    await page.getByRole("heading", { level: 1, name: "管考追蹤" }).waitFor();
    // Issued on 107/12/20 with the round's default deadline: long past, so overdue, in words.
    const overdue = page.getByRole("heading", { level: 2, name: /^已逾期/ }).locator("..");
    await overdue
      .getByRole("link", { name: /^台水公司 建議事項 \d+$/ })
      .first()
      .waitFor();
    await expectAccessible(page, "the follow-up board as Taiwan Water");
    await page.goto(`/follow-ups/${followUpId}`);
    await page.getByText(RECOMMENDATION).waitFor();
    // The head office hands it to one of its units, chosen by name (督導所屬)
    const handOff = page.getByRole("form", { name: "交由所屬單位辦理" });
    await handOff.getByRole("combobox", { name: "所屬單位" }).selectOption({ label: "示範一區管理處（示範） (TAIWATER-DEMO-1)" });
    await handOff.getByRole("textbox", { name: "交辦事項" }).fill("請檢討轄區申辦流程。");
    await handOff.getByRole("button", { name: "交辦" }).click();
    await page.getByRole("heading", { level: 3, name: "示範一區管理處（示範）" }).waitFor();
    await answer("已於各區管理處完成申辦流程檢討，改善成果將於下季公布。", "60", false);
    await page.getByRole("heading", { level: 3, name: "第 1 次辦理情形" }).waitFor();
    await expectAccessible(page, "a follow-up awaiting the commission's decision");
  });

  it("the commission keeps tracking it with a new deadline", async () => {
    const page = session.page;
    await openFollowUp(DEMO.reviewer);
    const next = futureWorkingDay();
    await expectAccessible(page, "a follow-up to decide");
    await decide("繼續列管", "改善成果尚未公布，請於新期限前函報。", next.roc);
    const deadlines = page.getByRole("table", { name: "歷次期限" });
    await deadlines.getByRole("row").filter({ hasText: "繼續列管" }).waitFor();
    expect(await deadlines.getByRole("row").count()).toBe(3); // the head and two deadlines
    const { json } = await apiCall(session.context, "GET", `/api/v1/follow-ups/${followUpId}`);
    expect((json as { due_on: string; state: string }).due_on).toBe(next.iso);
    expect((json as { state: string }).state).toBe("tracking");
  });

  it("Taiwan Water answers again with evidence and asks for release", async () => {
    const page = session.page;
    await openFollowUp(DEMO.reporter);
    await answer("改善成果已公布於本公司網站，檢附公告資料。", "100", true);
    await page.getByRole("heading", { level: 3, name: "第 2 次辦理情形" }).waitFor();
  });

  it("the commission releases it as implemented, and the history reads round by round", async () => {
    const page = session.page;
    await openFollowUp(DEMO.reviewer);
    await decide("解除列管（已完成）", "經檢視佐證資料，已完成改善。");
    await page.getByText("已解除列管").first().waitFor();
    for (const n of [1, 2]) await page.getByRole("heading", { level: 3, name: `第 ${n} 次辦理情形` }).waitFor();
    await expectAccessible(page, "a released follow-up");
    const { json } = await apiCall(session.context, "GET", `/api/v1/follow-ups/${followUpId}`);
    const detail = json as { state: string; release: string; answers: { decision: { outcome: string } | null }[] };
    expect(detail.state).toBe("released");
    expect(detail.release).toBe("implemented");
    expect(detail.answers.map((a) => a.decision?.outcome)).toEqual(["continue_tracking", "release_implemented"]);
    // Every transition is in the audit log: the hand-off, two answers and two decisions.
    const audit = await apiCall(session.context, "GET", `/api/v1/audit-events?object_type=follow_up&object_id=${followUpId}&page_size=100`);
    const actions = (audit.json as { items: { action: string }[] }).items.map((e) => e.action).sort();
    expect(actions).toEqual(["answer", "answer", "decide", "decide", "hand_to_unit"]);
  });

  it("reads the same history in English", async () => {
    const page = session.page;
    await openFollowUp(DEMO.reviewer);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.getByRole("heading", { level: 2, name: "Deadlines" }).waitFor();
    await page.getByText("Released").first().waitFor();
    await expectAccessible(page, "a released follow-up in English");
    await page.getByRole("button", { name: "切換為中文" }).click();
  });
});
