import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { expandAll, openRowMenu } from "./editorTree";
import { apiCall, DEMO, signIn, uniqueYear } from "./session";

const session = browserPerFile();

describe("the plan editor", () => {
  it("creates, publishes, amends and adopts a plan, and shows revision 2 with the change", async () => {
    await signIn(session.page, DEMO.reviewer);
    const year = await uniqueYear(session.context);
    const roc = year - 1911;
    const title = `E2E ${roc}年度測試計畫`;
    await session.page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "計畫編輯" }).click();
    await session.page.getByRole("heading", { level: 1, name: "計畫編輯" }).waitFor();
    await expectAccessible(session.page, "editor home");

    const create = session.page.getByRole("region", { name: "新增計畫" });
    await create.getByLabel("計畫年度（民國）").fill(String(roc));
    await create.getByLabel("計畫名稱").fill(title);
    await create.getByLabel("績效成果報部期限（選填）").fill(`${roc + 1}年3月15日`);
    await create.getByRole("button", { name: "新增計畫" }).click();
    await session.page.getByRole("heading", { level: 1, name: title }).waitFor();
    expect(await session.page.locator("#plan-status").innerText()).toBe("草案");

    // Dimension → strategy → measure.
    await session.page.getByRole("button", { name: "新增面向" }).click();
    const addDim = session.page.getByRole("form", { name: "新增面向" });
    await addDim.getByLabel("編號").fill("一");
    await addDim.getByLabel("名稱").fill("基礎服務");
    await addDim.getByRole("button", { name: "新增" }).click();
    await session.page.getByRole("heading", { level: 3, name: /一 基礎服務/ }).waitFor();

    await session.page.getByRole("button", { name: "新增執行策略（一 基礎服務）" }).click();
    const addStrategy = session.page.getByRole("form", { name: /新增執行策略/ });
    await addStrategy.getByLabel("編號").fill("(一)");
    await addStrategy.getByLabel("名稱").fill("服務友善性");
    await addStrategy.getByRole("button", { name: "新增" }).click();
    await session.page.getByRole("heading", { level: 4, name: /\(一\) 服務友善性/ }).waitFor();

    await session.page.getByRole("button", { name: "新增具體推動作法（(一) 服務友善性）" }).click();
    const addMeasure = session.page.getByRole("form", { name: /新增具體推動作法/ });
    await addMeasure.getByLabel("編號").fill("(1)");
    await addMeasure.getByLabel("內容").fill("每2個月辦理電話禮貌測試。");
    await addMeasure.getByRole("checkbox", { name: "台水公司" }).check();
    await addMeasure.getByRole("button", { name: "新增" }).click();
    await session.page.getByText("每2個月辦理電話禮貌測試。").waitFor();
    await screenshot(session.page, "20-editor-draft");
    await expectAccessible(session.page, "editor with a draft");

    // Publish: revision 1.
    await session.page.getByRole("button", { name: "公布計畫" }).click();
    await session.page.getByRole("alertdialog").getByRole("button", { name: "公布計畫" }).click();
    await session.page.locator("#plan-status", { hasText: "已公布" }).waitFor();
    expect(await session.page.locator("#plan-revision").innerText()).toBe("第 1 版");
    expect(await session.page.getByRole("link", { name: /編輯「\(1\)/ }).count()).toBe(0);

    // Amend (捌): reason and ROC date, then change the measure.
    await session.page.getByLabel("修正理由").fill("配合政策調整測試頻率");
    await session.page.getByLabel("修正日期").fill(`${roc}.06.01`);
    await session.page.getByRole("button", { name: "開始修正" }).click();
    await session.page.locator("#plan-status", { hasText: "修正中" }).waitFor();
    await openRowMenu(session.page, /^「\(1\).*」的動作$/);
    await session.page.getByRole("link", { name: /^編輯「\(1\)/ }).click();
    const editor = session.page.getByRole("region", { name: /編輯具體推動作法 \(1\)/ });
    await editor.getByLabel("內容").fill("每月辦理電話禮貌測試。");
    await editor.getByRole("button", { name: "儲存" }).click();
    await session.page.locator(".editor-measure", { hasText: "每月辦理電話禮貌測試。" }).waitFor();
    await expectAccessible(session.page, "measure editor during an amendment");
    await session.page.getByRole("button", { name: "修正定案為第 2 版" }).click();
    await session.page.locator("#plan-revision", { hasText: "第 2 版" }).waitFor();
    expect(await session.page.locator("#plan-status").innerText()).toBe("已公布");

    // Revisions: both listed; revision 1 readable; the change between 1 and 2.
    await session.page.getByRole("link", { name: "修正歷程" }).click();
    await session.page.getByRole("row", { name: /第 2 版.*配合政策調整測試頻率/ }).waitFor();
    await session.page.getByRole("link", { name: "檢視第 1 版" }).click();
    await session.page.getByRole("heading", { name: "第 1 版內容" }).waitFor();
    await session.page.locator(".snapshot", { hasText: "每2個月辦理電話禮貌測試。" }).waitFor();
    await session.page.getByLabel("舊版").selectOption("1");
    await session.page.getByLabel("新版").selectOption("2");
    await session.page.getByRole("button", { name: "比較" }).click();
    const changes = session.page.locator(".revision-changes");
    await changes.waitFor();
    const text = await changes.innerText();
    expect(text).toContain("每2個月辦理電話禮貌測試。");
    expect(text).toContain("每月辦理電話禮貌測試。");
    await screenshot(session.page, "21-revisions");
    await expectAccessible(session.page, "revisions and changes");
  });

  it("shows a 412 conflict when two tabs edit the same measure, and re-applies on request", async () => {
    await signIn(session.page, DEMO.reviewer);
    // A draft with one measure, set up through the API.
    const year = await uniqueYear(session.context);
    const plan = await apiCall(session.context, "POST", "/api/v1/plans", { year, title: `E2E 衝突測試 ${year}`, issuer: "MOEACA" });
    expect(plan.status).toBe(201);
    const planId = (plan.json as { id: number }).id;
    const dim = await apiCall(session.context, "POST", `/api/v1/plans/${planId}/dimensions`, { code: "一", name: "面向" });
    const strategy = await apiCall(session.context, "POST", `/api/v1/dimensions/${(dim.json as { id: number }).id}/strategies`, {
      code: "(一)",
      name: "策略",
    });
    const measure = await apiCall(session.context, "POST", `/api/v1/strategies/${(strategy.json as { id: number }).id}/measures`, {
      code: "(1)",
      text: "原始內容",
      organizations: ["TAIPOWER"],
    });
    expect(measure.status).toBe(201);

    const other = await session.context.newPage();
    for (const p of [session.page, other]) {
      // A person works in the tab in front; Chromium slows a tab behind to a frame a second.
      await p.bringToFront();
      await p.goto(`/editor/plans/${planId}`);
      await expandAll(p);
      await openRowMenu(p, /^「\(1\).*」的動作$/);
      await p.getByRole("link", { name: /^編輯「\(1\)/ }).click();
      await p
        .getByRole("region", { name: /編輯具體推動作法/ })
        .getByLabel("內容")
        .waitFor();
    }
    // The other tab saves first.
    const theirs = other.getByRole("region", { name: /編輯具體推動作法/ });
    await theirs.getByLabel("內容").fill("他人修改的內容");
    await theirs.getByRole("button", { name: "儲存" }).click();
    await other.locator(".editor-measure", { hasText: "他人修改的內容" }).waitFor();

    // This tab still holds the old ETag: 412, the current text shown, nothing overwritten.
    await session.page.bringToFront();
    const mine = session.page.getByRole("region", { name: /編輯具體推動作法/ });
    await mine.getByLabel("內容").fill("我的修改");
    await mine.getByRole("button", { name: "儲存" }).click();
    const alert = mine.getByRole("alert");
    await alert.getByText("此資料已被他人修改").waitFor();
    expect(await alert.innerText()).toContain("他人修改的內容");
    const now = await apiCall(session.context, "GET", `/api/v1/measures/${(measure.json as { id: number }).id}`);
    expect((now.json as { text: string }).text).toBe("他人修改的內容");
    await screenshot(session.page, "22-conflict");
    await expectAccessible(session.page, "412 conflict");

    await alert.getByRole("button", { name: "以目前版本為基礎重新套用我的修改" }).click();
    await session.page.locator(".editor-measure", { hasText: "我的修改" }).waitFor();
    const after = await apiCall(session.context, "GET", `/api/v1/measures/${(measure.json as { id: number }).id}`);
    expect((after.json as { text: string }).text).toBe("我的修改");

    // The measure's history lists both changes for staff.
    await session.page.goto(`/measures/${(measure.json as { id: number }).id}`);
    const history = session.page.getByRole("region", { name: "異動紀錄" });
    await history.locator(".audit-event").first().waitFor();
    expect(await history.locator(".audit-event").count()).toBeGreaterThanOrEqual(3);
    await expectAccessible(session.page, "measure history");
  });
});
