import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { apiCall, DEMO, plan107, signIn } from "./session";

const session = browserPerFile();

// The seeded 107 plan: 台水 tests telephone courtesy every two months, so its measure is reported
// by two-month periods (2018-B1 is January and February). Every 2018 period is long past due.
const MEASURE_TEXT = /不定期進行禮貌測試/;

interface TreeMeasure {
  key: string;
  text: string;
  organizations: { code: string }[];
}
interface Tree {
  dimensions: { key: string; code: string; name: string; strategies: { measures: TreeMeasure[] }[] }[];
}
interface Counts {
  organization: { code: string };
  measures: number;
  statuses: Record<string, number>;
  missing: number;
  late: number;
  lagging: number;
}

const place: { planId: number; key: string; dimension: string } = { planId: 0, key: "", dimension: "" };

/** Saves and submits a report as the signed-in reporter; answers its id. */
async function submit(body: Record<string, unknown>): Promise<number> {
  const saved = await apiCall(session.context, "POST", "/api/v1/progress-reports", body);
  expect(saved.status, JSON.stringify(saved.json)).toBeLessThan(300);
  const id = (saved.json as { id: number }).id;
  const sent = await apiCall(session.context, "POST", `/api/v1/progress-reports/${id}/submit`, undefined, { "If-Match": saved.etag ?? "" });
  expect(sent.status, JSON.stringify(sent.json)).toBe(200);
  return id;
}

/** The table view's total row for an enterprise: its numbers, in the table's column order. */
async function totals(code: string, name: string): Promise<string[]> {
  const row = session.page.locator(`tr.matrix-table__total[data-organization="${code}"]`);
  expect(await row.getByRole("rowheader").textContent()).toBe(name);
  return row.locator("td").allTextContents();
}

describe("the reviewer's dashboard", () => {
  it("an enterprise reporter submits reports, one of them delayed and one corrected", async () => {
    await signIn(session.page, DEMO.reporter);
    place.planId = await plan107(session.context);
    const tree = (await apiCall(session.context, "GET", `/api/v1/plans/${place.planId}/tree`)).json as Tree;
    for (const d of tree.dimensions) {
      for (const s of d.strategies) {
        const m = s.measures.find((x) => MEASURE_TEXT.test(x.text) && x.organizations.some((o) => o.code === "TAIWATER"));
        if (m) Object.assign(place, { key: m.key, dimension: `${d.code} ${d.name}` });
      }
    }
    expect(place.key).not.toBe("");
    const base = { plan_year: 2018, measure_key: place.key, organization: "TAIWATER" };
    await submit({ ...base, period: "2018-B1", status: "on_track", narrative: "1至2月測試電話禮貌 3 次" });
    await submit({
      ...base,
      period: "2018-B2",
      status: "delayed",
      delay_reason: "測試人員不足",
      remedy: "委外辦理",
      narrative: "3至4月未測試",
    });
    // A correction after submission is a second version; the first stays readable.
    await submit({ ...base, period: "2018-B1", status: "done", narrative: "1至2月測試電話禮貌 4 次，全部合格" });
  });

  it("the reviewer reads the same counts in the table, then the heat map, and drills down to a measure and a report version", async () => {
    const page = session.page;
    await signIn(page, DEMO.reviewer);
    // The menu's link opens the newest published plan, which other specs may have published: the
    // 107 plan is opened by its address.
    await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "進度總覽" }).waitFor();
    await page.goto(`/review/plans/${place.planId}/dashboard`);
    await page.getByRole("heading", { level: 1, name: "進度總覽" }).waitFor();
    const matrix = (await apiCall(session.context, "GET", `/api/v1/plans/${place.planId}/progress`)).json as { enterprises: Counts[] };
    const ours = matrix.enterprises.find((e) => e.organization.code === "TAIWATER");
    expect(ours).toBeDefined();
    const s = ours!.statuses;
    // Other specs report on this measure too, in any order: what this one wrote is certain only
    // to have been submitted late (every 2018 period is long past).
    expect(ours!.late).toBeGreaterThanOrEqual(1);

    await page.getByRole("button", { name: "表格" }).click();
    await page.getByRole("table", { name: /各事業於各面向的具體推動作法/ }).waitFor();
    const expected = [
      ours!.measures,
      s.on_track! + s.done!,
      s.delayed,
      s.not_started,
      s.unreported,
      ours!.lagging,
      ours!.missing,
      ours!.late,
    ];
    expect((await totals("TAIWATER", "台水公司合計")).slice(0, 8)).toEqual(expected.map(String));
    await page.getByRole("table", { name: /已過到期日仍未送出的報告/ }).waitFor();
    await page
      .getByRole("table", { name: /到期日後才送出的報告/ })
      .getByRole("row", { name: MEASURE_TEXT })
      .first()
      .waitFor();
    await page.getByRole("img", { name: /107年度各月到期的報告/ }).waitFor();
    await page.getByText("以表格檢視全年進度").click();
    await page
      .getByRole("table", { name: /107年度各月到期的報告/ })
      .getByRole("rowheader", { name: "2月", exact: true })
      .waitFor();
    await screenshot(page, "70-dashboard-table");
    await expectAccessible(page, "dashboard, table view");

    await page.getByRole("button", { name: "熱度圖" }).click();
    const cell = page.getByRole("link", { name: new RegExp(`^台水公司，${place.dimension}：`) });
    await cell.waitFor();
    expect(await cell.textContent()).toContain(`落後作法`);
    await screenshot(page, "71-dashboard-heat");
    await expectAccessible(page, "dashboard, heat map");

    // A cell is a link a keyboard reaches: it opens that enterprise's measures in the dimension.
    await cell.focus();
    await page.keyboard.press("Enter");
    const chosen = page.getByRole("region", { name: new RegExp(`^台水公司・${place.dimension}的具體推動作法`) });
    await chosen.waitFor();
    await chosen.getByRole("link", { name: MEASURE_TEXT }).click();

    await page.getByRole("heading", { level: 1, name: "具體推動作法進度" }).waitFor();
    const reports = page.getByRole("table", { name: "台水公司各期報告與其版本" });
    const b1 = reports.getByRole("row", { name: /107年1–2月/ });
    await b1.getByText("已完成").waitFor();
    await reports
      .getByRole("row", { name: /107年3–4月/ })
      .getByText("落後")
      .waitFor();
    await expectAccessible(page, "a measure's progress");
    await b1.getByRole("link", { name: "107年1–2月 第 1 版" }).click();
    await page.getByRole("heading", { level: 1, name: "進度報告：107年1–2月" }).waitFor();
    // The version the link named is open: what the enterprise first said.
    const first = page.locator("details#version-1");
    expect(await first.getAttribute("open")).not.toBeNull();
    await first.getByText("1至2月測試電話禮貌 3 次").waitFor();
    await expectAccessible(page, "the first version of a report");
  });

  it("an administrator follows the dashboard's report links and reads the reports, without reviewing them", async () => {
    const page = session.page;
    await signIn(page, DEMO.admin);
    const nav = page.getByRole("navigation", { name: "主要功能" });
    await nav.getByRole("link", { name: "進度總覽" }).waitFor();
    await page.goto(`/review/plans/${place.planId}/dashboard`);
    await page.getByRole("heading", { level: 1, name: "進度總覽" }).waitFor();
    await page
      .getByRole("table", { name: /到期日後才送出的報告/ })
      .getByRole("row", { name: MEASURE_TEXT })
      .first()
      .getByRole("link", { name: "檢視報告" })
      .click();
    await page.getByRole("heading", { level: 1, name: /^進度報告：/ }).waitFor();
    expect(await page.getByText("沒有權限").count()).toBe(0);
    await page.getByText("系統管理員僅能檢視；退回或審查通過由審查人員為之。").waitFor();
    expect(await page.getByRole("button", { name: "退回" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "審查通過" }).count()).toBe(0);
    await expectAccessible(page, "a report, read by an administrator");

    // The list of submitted reports and the results reports are the administrator's to read too.
    await nav.getByRole("link", { name: "進度審查" }).click();
    await page.getByRole("heading", { level: 1, name: "進度審查" }).waitFor();
    await nav.getByRole("link", { name: "成果報告審查" }).click();
    await page.getByRole("heading", { level: 1, name: "成果報告審查" }).waitFor();
    await page.getByRole("table", { name: "成果報告審查" }).waitFor();
    expect(await page.getByRole("button", { name: "儲存期限" }).count()).toBe(0);
    expect(await page.getByText("沒有權限").count()).toBe(0);
    await expectAccessible(page, "results reports, read by an administrator");
  });

  it("reads in English, both views accessible", async () => {
    const page = session.page;
    await signIn(page, DEMO.reviewer);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).waitFor();
    await page.goto(`/review/plans/${place.planId}/dashboard`);
    await page.getByRole("heading", { level: 1, name: "Progress dashboard" }).waitFor();
    await page.getByRole("link", { name: new RegExp(`^Taiwan Water, ${place.dimension}: `) }).waitFor();
    await expectAccessible(page, "dashboard in English, heat map");
    await page.getByLabel("Show strategies").click();
    await page.getByRole("button", { name: "Table" }).click();
    await page.getByRole("table", { name: /by strategy/ }).waitFor();
    await page
      .getByRole("table", { name: /Reports submitted after their due date/ })
      .getByText(/\(2018-\d\d-\d\d\)/)
      .first()
      .waitFor();
    await screenshot(page, "72-dashboard-en");
    await expectAccessible(page, "dashboard in English, table by strategy");
  });
});
