import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { apiCall, DEMO, signIn, uniqueYear } from "./session";

const session = browserPerFile();

/** A draft with one measure, enough to publish. */
async function draftPlan(title: string): Promise<{ id: number; title: string }> {
  const year = await uniqueYear(session.context);
  const created = await apiCall(session.context, "POST", "/api/v1/plans", { year, title: `${title} ${year}`, issuer: "MOEACA" });
  expect(created.status).toBe(201);
  const id = (created.json as { id: number }).id;
  const dimension = await apiCall(session.context, "POST", `/api/v1/plans/${id}/dimensions`, { code: "一", name: "面向" });
  const strategy = await apiCall(session.context, "POST", `/api/v1/dimensions/${(dimension.json as { id: number }).id}/strategies`, {
    code: "(一)",
    name: "策略",
  });
  const measure = await apiCall(session.context, "POST", `/api/v1/strategies/${(strategy.json as { id: number }).id}/measures`, {
    code: "1",
    text: "作法",
    organizations: ["TAIPOWER"],
  });
  expect(measure.status).toBe(201);
  return { id, title: `${title} ${year}` };
}

/** Someone else renames the plan behind the page's back, with the ETag they read. */
async function renameElsewhere(planId: number, title: string): Promise<void> {
  const read = await apiCall(session.context, "GET", `/api/v1/plans/${planId}`);
  const changed = await apiCall(session.context, "PATCH", `/api/v1/plans/${planId}`, { title }, { "If-Match": read.etag ?? "" });
  expect(changed.status).toBe(200);
}

describe("guarded writes (If-Match with the ETag the person read)", () => {
  it("says 「已儲存」 beside the save button once the plan's fields are saved", async () => {
    await signIn(session.page, DEMO.reviewer);
    const plan = await draftPlan("E2E 已儲存");
    await session.page.goto(`/editor/plans/${plan.id}`);
    const fields = session.page.getByRole("region", { name: "計畫基本資料" });
    const saved = fields.getByRole("status");
    expect(await saved.textContent()).toBe("");
    await fields.getByLabel("計畫名稱").fill(`${plan.title}（改）`);
    await fields.getByRole("button", { name: "儲存" }).click();
    await session.page.getByRole("heading", { level: 1, name: `${plan.title}（改）` }).waitFor();
    await expect.poll(() => saved.textContent()).toBe("已儲存");
    await expectAccessible(session.page, "plan fields saved");
  });

  it("publishes only the plan the reviewer saw: a change since is a 412 to re-apply or discard", async () => {
    await signIn(session.page, DEMO.reviewer);
    const plan = await draftPlan("E2E 公布衝突");
    await session.page.goto(`/editor/plans/${plan.id}`);
    await session.page.getByRole("heading", { level: 1, name: plan.title }).waitFor();
    await renameElsewhere(plan.id, `${plan.title}（他人修改）`);

    const lifecycle = session.page.getByRole("region", { name: "公布計畫" });
    await lifecycle.getByRole("button", { name: "公布計畫" }).click();
    await lifecycle.getByRole("alertdialog").getByRole("button", { name: "公布計畫" }).click();
    const alert = lifecycle.getByRole("alert");
    await alert.getByText("此資料已被他人修改").waitFor();
    expect(await alert.innerText()).toContain(`${plan.title}（他人修改）`);
    expect(((await apiCall(session.context, "GET", `/api/v1/plans/${plan.id}`)).json as { status: string }).status).toBe("draft");
    await screenshot(session.page, "40-publish-conflict");
    await expectAccessible(session.page, "publish conflict");

    await alert.getByRole("button", { name: "以目前版本為基礎重新套用我的修改" }).click();
    await session.page.getByText("已公布為第 1 版。").waitFor();
    expect(((await apiCall(session.context, "GET", `/api/v1/plans/${plan.id}`)).json as { status: string }).status).toBe("published");
  });

  it("discards a conflicting change to an account and shows the account as it now is", async () => {
    await signIn(session.page, DEMO.admin);
    const username = `e2e-guard-${Date.now().toString(36)}`;
    const created = await apiCall(session.context, "POST", "/api/v1/users", {
      username,
      display_name: "衝突測試",
      password: "a-long-enough-password",
      role: "reviewer",
    });
    expect(created.status).toBe(201);
    await session.page.goto("/users?role=reviewer");
    await session.page
      .getByRole("row", { name: new RegExp(username) })
      .getByRole("button", { name: `編輯 ${username}` })
      .click();
    const edit = session.page.getByRole("region", { name: `編輯使用者：${username}` });
    await edit.getByLabel("姓名").waitFor();

    const id = (created.json as { id: number }).id;
    const read = await apiCall(session.context, "GET", `/api/v1/users/${id}`);
    await apiCall(session.context, "PATCH", `/api/v1/users/${id}`, { display_name: "他人改的名字" }, { "If-Match": read.etag ?? "" });

    await edit.getByLabel("姓名").fill("我改的名字");
    await edit.getByRole("button", { name: "儲存" }).click();
    const alert = edit.getByRole("alert");
    await alert.getByText("此資料已被他人修改").waitFor();
    expect(await alert.innerText()).toContain("他人改的名字");
    await alert.getByRole("button", { name: "放棄我的修改" }).click();
    await expect.poll(() => edit.getByLabel("姓名").inputValue()).toBe("他人改的名字");
    expect(await edit.getByRole("alert").count()).toBe(0);
    expect(((await apiCall(session.context, "GET", `/api/v1/users/${id}`)).json as { display_name: string }).display_name).toBe(
      "他人改的名字",
    );
  });
});
