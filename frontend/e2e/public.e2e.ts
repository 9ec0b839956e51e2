import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, newPage, screenshot } from "./browser";
import { apiCall, DEMO, signIn } from "./session";

const session = browserPerFile();

type Json = Record<string, unknown> & { id: number };

/** A year after every plan's, so the plan made in it is the newest. */
async function newestYear(): Promise<number> {
  const listed = await apiCall(session.context, "GET", "/api/v1/plans?page_size=100");
  const years = (listed.json as { items: { year: number }[] }).items.map((p) => p.year);
  return Math.max(...years) + 1;
}

/** A reviewer's write guarded by the ETag of `guard`, as the web app sends it. */
async function guarded(method: "POST" | "PATCH" | "DELETE", url: string, guard: string, body?: unknown) {
  const current = await apiCall(session.context, "GET", guard);
  return apiCall(session.context, method, url, body, { "If-Match": current.etag ?? "" });
}

async function planWithOneMeasure(year: number, title: string, text: string): Promise<{ plan: Json; measure: Json }> {
  const plan = (await apiCall(session.context, "POST", "/api/v1/plans", { year, title, issuer: "MOEACA" })).json as Json;
  const dim = (await apiCall(session.context, "POST", `/api/v1/plans/${plan.id}/dimensions`, { code: "一", name: "面向" })).json as Json;
  const strategy = (await apiCall(session.context, "POST", `/api/v1/dimensions/${dim.id}/strategies`, { code: "(一)", name: "策略" }))
    .json as Json;
  const measure = (
    await apiCall(session.context, "POST", `/api/v1/strategies/${strategy.id}/measures`, { code: "(1)", text, organizations: ["TAIWATER"] })
  ).json as Json;
  return { plan, measure };
}

describe("what the public sees", () => {
  it("reads the adopted revision while an amendment is open; archive and delete move the home page on", async () => {
    await signIn(session.page, DEMO.reviewer);
    const year = await newestYear();
    const title = `E2E ${year - 1911}年度公開測試計畫`;
    const { plan, measure } = await planWithOneMeasure(year, title, "公開版本的作法。");
    const planUrl = `/api/v1/plans/${plan.id}`;
    expect((await guarded("POST", `${planUrl}/publish`, planUrl)).status).toBe(200);
    // A newer draft: the home page still shows the published plan, even to staff.
    const draft = (
      await apiCall(session.context, "POST", "/api/v1/plans", { year: year + 1, title: `E2E 草案 ${year + 1}`, issuer: "MOEACA" })
    ).json as Json;
    await session.page.goto("/");
    await session.page.getByRole("heading", { level: 1, name: title }).waitFor();

    // An amendment changes the measure: the public keeps reading revision 1, with a notice.
    await apiCall(session.context, "POST", `${planUrl}/amendments`, { reason: "測試", amended_on: `${year}-06-01` });
    const measureUrl = `/api/v1/measures/${measure.id}`;
    expect((await guarded("PATCH", measureUrl, measureUrl, { text: "修正中的作法。" })).status).toBe(200);
    const { context: visitor, page: reader } = await newPage(session.browser);
    await reader.goto("/");
    await reader.getByRole("heading", { level: 1, name: title }).waitFor();
    await reader.locator("#amendment-notice", { hasText: "本計畫修正中" }).waitFor();
    expect(await reader.getByText("修正中的作法。").count()).toBe(0);
    await screenshot(reader, "30-public-during-amendment");
    await expectAccessible(reader, "plan under amendment, as the public reads it");
    await reader.goto(`/measures/${measure.id}`);
    await reader.getByText("公開版本的作法。").waitFor();
    await reader.locator("#amendment-notice").waitFor();
    await expectAccessible(reader, "measure under amendment, as the public reads it");
    await reader.getByRole("button", { name: "Switch to English" }).click();
    await reader.locator("#amendment-notice", { hasText: "An amendment to this plan is under way" }).waitFor();

    // Adopted, then archived through the editor: the home page moves on to another plan.
    await apiCall(session.context, "POST", `${planUrl}/amendments/2/adopt`);
    await session.page.goto(`/editor/plans/${plan.id}`);
    await session.page.getByRole("button", { name: "封存此計畫" }).click();
    await expectAccessible(session.page, "archive confirmation");
    await session.page.getByRole("alertdialog").getByRole("button", { name: "封存此計畫" }).click();
    await session.page.locator("#plan-status", { hasText: "已封存" }).waitFor();
    await reader.goto("/");
    await reader.locator("#plan-title").waitFor();
    expect(await reader.locator("#plan-title").innerText()).not.toBe(title);
    await visitor.close();

    // The draft is deleted from the editor, after a question.
    await session.page.goto(`/editor/plans/${draft.id}`);
    await session.page.getByRole("button", { name: "刪除此草案" }).click();
    await session.page.getByRole("alertdialog").getByRole("button", { name: "刪除此草案" }).click();
    await session.page.getByText("草案已刪除。").waitFor();
    expect((await apiCall(session.context, "GET", `/api/v1/plans/${draft.id}`)).status).toBe(404);
    await expectAccessible(session.page, "editor home after deleting a draft");
  });
});
