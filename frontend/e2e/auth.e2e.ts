import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, newPage, screenshot } from "./browser";
import { apiCall, DEMO, signIn } from "./session";

const session = browserPerFile();

const nav = () => session.page.getByRole("navigation", { name: "主要功能" });
const navLinks = async () => ((await nav().count()) === 0 ? [] : (await nav().getByRole("link").allTextContents()).map((s) => s.trim()));
const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

describe("signing in and roles", () => {
  it("shows the public the plans and the published findings, no staff pages, and sends /users to sign in, then back", async () => {
    await session.page.goto("/");
    await session.page.getByRole("link", { name: "登入" }).waitFor();
    expect(await navLinks()).toEqual(["計畫", "查證結果"]);

    await session.page.goto("/users");
    await session.page.getByRole("heading", { level: 1, name: "登入" }).waitFor();
    expect(new URL(session.page.url()).searchParams.get("next")).toBe("/users");
    await expectAccessible(session.page, "sign-in page");

    // Wrong credentials: one attempt against a name nobody has, so no account is locked.
    await session.page.getByLabel("帳號").fill(`nobody-${unique()}`);
    await session.page.getByLabel("密碼").fill("not-the-password");
    await session.page.getByRole("button", { name: "登入", exact: true }).click();
    const alert = session.page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toContain("帳號或密碼錯誤");
    await screenshot(session.page, "10-login-error");
    await expectAccessible(session.page, "sign-in error");

    // The server's throttle (429 with Retry-After), simulated so no real account or address is locked.
    await session.page.route("**/api/v1/auth/login", (route) =>
      route.fulfill({
        status: 429,
        headers: { "Retry-After": "42", "Content-Type": "application/problem+json" },
        body: JSON.stringify({ type: "urn:uplift:problem:too-many-attempts", title: "請求過於頻繁", status: 429, detail: "x", errors: [] }),
      }),
    );
    await session.page.getByLabel("密碼").fill("again");
    await session.page.getByRole("button", { name: "登入", exact: true }).click();
    await session.page.getByText(/請於 4[12] 秒後再試/).waitFor();
    expect(await session.page.getByRole("button", { name: "登入", exact: true }).isDisabled()).toBe(true);
    await session.page.unroute("**/api/v1/auth/login");
  });

  it("lets an administrator in and back to the page asked for", async () => {
    await session.page.goto("/login?next=%2Fusers");
    await session.page.getByLabel("帳號").fill(DEMO.admin.username);
    await session.page.getByLabel("密碼").fill(DEMO.admin.password);
    await session.page.getByRole("button", { name: "登入", exact: true }).click();
    await session.page.getByRole("heading", { level: 1, name: "使用者管理" }).waitFor();
    expect(await session.page.locator(".user-area").innerText()).toContain("系統管理員（系統管理員）");
    expect(await navLinks()).toEqual([
      "計畫",
      "查證結果",
      "進度審查",
      "成果報告審查",
      "進度總覽",
      "使用者管理",
      "機關單位",
      "API 金鑰",
      "網路掛鉤",
      "發送紀錄",
      "稽核紀錄",
    ]);
    await session.page.getByRole("button", { name: "登出" }).click();
    await session.page.getByRole("link", { name: "登入" }).waitFor();
    expect(await navLinks()).toEqual(["計畫", "查證結果"]);
  });

  it("gives a reviewer the editor and the audit log, not the users", async () => {
    await signIn(session.page, DEMO.reviewer);
    expect(await navLinks()).toEqual([
      "計畫",
      "查證結果",
      "進度審查",
      "成果報告審查",
      "進度總覽",
      "查證作業",
      "查證意見",
      "管考追蹤",
      "計畫編輯",
      "稽核紀錄",
    ]);
    await session.page.goto("/users");
    await session.page.getByRole("heading", { level: 1, name: "沒有權限" }).waitFor();
    await session.page.goto("/audit");
    await session.page.getByRole("heading", { level: 1, name: "稽核紀錄" }).waitFor();
    await session.page.locator(".audit-event").first().waitFor();
    await session.page.getByLabel("對象類型").selectOption("user");
    await session.page.getByLabel("動作").selectOption("sign_in");
    await session.page.getByRole("button", { name: "套用" }).click();
    await expect.poll(() => new URL(session.page.url()).searchParams.get("action")).toBe("sign_in");
    await expect
      .poll(async () => (await session.page.locator(".audit-event__what").allTextContents()).every((w) => /^登入 使用者/.test(w)), {
        timeout: 10_000,
      })
      .toBe(true);
    await screenshot(session.page, "11-audit");
    await expectAccessible(session.page, "audit log");
  });

  it("gives an enterprise reporter its own tokens page and no editor", async () => {
    await signIn(session.page, DEMO.reporter);
    // A head office's reporter also reviews its units' reports (督導所屬).
    expect(await navLinks()).toEqual([
      "計畫",
      "查證結果",
      "我的填報",
      "所屬單位填報",
      "成果報告",
      "查證作業",
      "管考追蹤",
      "API 金鑰",
      "聯絡窗口",
      "網路掛鉤",
    ]);
    await session.page.goto("/tokens");
    await session.page.getByRole("heading", { level: 1, name: "API 金鑰" }).waitFor();
    expect(await session.page.locator(".admin-page > p").first().innerText()).toContain("台水公司");
    // Scopes come from the reporter's own: progress:write is one, users:write is not.
    await session.page.getByRole("checkbox", { name: "progress:write" }).waitFor();
    expect(await session.page.getByRole("checkbox", { name: "users:write" }).count()).toBe(0);
    expect(await session.page.getByLabel("代表機關").count()).toBe(0);
    await expectAccessible(session.page, "reporter tokens");
    await session.page.goto("/editor");
    await session.page.getByRole("heading", { level: 1, name: "沒有權限" }).waitFor();
    await session.page.goto("/review");
    await session.page.getByRole("heading", { level: 1, name: "沒有權限" }).waitFor();
  });
});

describe("administration", () => {
  it("creates a user, edits it and disables it", async () => {
    await signIn(session.page, DEMO.admin);
    await session.page.goto("/users");
    await session.page.getByRole("table").waitFor();
    await expectAccessible(session.page, "users list");
    const username = `e2e-${unique()}`;
    await session.page.getByRole("button", { name: "新增使用者" }).click();
    const form = session.page.getByRole("region", { name: "新增使用者" });
    await form.getByLabel("帳號").fill(username);
    await form.getByLabel("姓名").fill("測試人員");
    await form.getByLabel("初始密碼").fill("short");
    await form.getByLabel("角色").selectOption("enterprise_reporter");
    await form.getByRole("button", { name: "新增" }).click();
    // A reporter needs an enterprise: said next to the field, before asking the server.
    await form.getByText("事業填報人員必須選擇所屬事業。").waitFor();
    await form.getByLabel("所屬機關").selectOption("TAIWATER");
    await form.getByRole("button", { name: "新增" }).click();
    // The server's own message for a short password, next to the password.
    await form
      .locator(".field--invalid")
      .filter({ has: session.page.getByLabel("初始密碼") })
      .locator(".field__error")
      .waitFor();
    await expectAccessible(session.page, "create user with errors");
    await form.getByLabel("初始密碼").fill("a-long-enough-password");
    await form.getByRole("button", { name: "新增" }).click();
    await session.page.getByText("已新增使用者 測試人員。").waitFor();
    const row = session.page.getByRole("row", { name: new RegExp(username) });
    await row.waitFor();
    expect(await row.innerText()).toContain("台水公司");

    await row.getByRole("button", { name: `編輯 ${username}` }).click();
    const edit = session.page.getByRole("region", { name: `編輯使用者：${username}` });
    await edit.getByLabel("姓名").fill("測試人員乙");
    await edit.getByRole("button", { name: "儲存" }).click();
    await session.page.getByText("已更新 測試人員乙。").waitFor();
    await edit.getByRole("button", { name: "停用帳號" }).click();
    await session.page.getByText("已停用 測試人員乙，其登入已全部失效。").waitFor();
    await expect.poll(() => row.innerText()).toContain("已停用");
    await screenshot(session.page, "12-users");
    await expectAccessible(session.page, "user edited");
  });

  it("resets a user's password, and the user signs in with the new one", async () => {
    await signIn(session.page, DEMO.admin);
    const username = `e2e-reset-${unique()}`;
    const created = await apiCall(session.context, "POST", "/api/v1/users", {
      username,
      display_name: "重設密碼測試",
      password: "the-first-password",
      role: "reviewer",
    });
    expect(created.status).toBe(201);
    await session.page.goto("/users?role=reviewer");
    await session.page
      .getByRole("row", { name: new RegExp(username) })
      .getByRole("button", { name: `編輯 ${username}` })
      .click();
    const edit = session.page.getByRole("region", { name: `編輯使用者：${username}` });
    const reset = edit.getByRole("form", { name: "重設密碼" });
    await reset.getByLabel("新密碼").fill("short");
    await reset.getByRole("button", { name: "重設密碼" }).click();
    await reset.locator(".field--invalid .field__error").waitFor();
    await reset.getByLabel("新密碼").fill("the-second-password");
    await reset.getByRole("button", { name: "重設密碼" }).click();
    await session.page.getByText("已重設 重設密碼測試 的密碼。").waitFor();
    expect(await reset.getByLabel("新密碼").inputValue()).toBe("");
    await screenshot(session.page, "14-password-reset");
    await expectAccessible(session.page, "password reset");

    // The user, elsewhere, with the new password. (No try with the old one: failed sign-ins
    // count against this address's throttle, and reruns would use it up.)
    const { context: theirs, page: them } = await newPage(session.browser);
    try {
      await signIn(them, { username, password: "the-second-password", name: "重設密碼測試", role: "審查人員" });
    } finally {
      await theirs.close();
    }
  });

  it("creates a token, shows its secret once, and revokes it after confirming", async () => {
    await signIn(session.page, DEMO.admin);
    await session.page.goto("/tokens");
    const name = `e2e-token-${unique()}`;
    await session.page.getByLabel("名稱").fill(name);
    await session.page.getByRole("button", { name: "新增金鑰" }).click();
    await session.page.getByText("請至少選擇一項權限範圍。").waitFor();
    await session.page.getByRole("checkbox", { name: "plans:read" }).check();
    await session.page.getByLabel("到期日（選填）").fill("200/12/31");
    await session.page.getByRole("button", { name: "新增金鑰" }).click();
    const secret = session.page.getByLabel("金鑰", { exact: true });
    await secret.waitFor();
    const value = await secret.inputValue();
    expect(value).toMatch(/^upl_/);
    expect(await session.page.getByText("您將無法再看到這組金鑰").count()).toBe(1);
    await screenshot(session.page, "13-token-secret");
    await expectAccessible(session.page, "token secret");
    await session.page.getByRole("button", { name: "我已保存，關閉" }).click();
    expect(await session.page.getByLabel("金鑰", { exact: true }).count()).toBe(0);
    const row = session.page.getByRole("row", { name: new RegExp(name) });
    await row.waitFor();
    expect(await row.innerText()).not.toContain(value);
    expect(await row.innerText()).toContain("200年12月31日");
    expect(await session.page.content()).not.toContain(value);

    await row.getByRole("button", { name: `撤銷金鑰「${name}」` }).click();
    await row.getByText(`確定要撤銷金鑰「${name}」嗎？`).waitFor();
    await expectAccessible(session.page, "revoke confirmation");
    await row.getByRole("button", { name: "確定撤銷" }).click();
    await session.page.getByText(`已撤銷金鑰「${name}」。`).waitFor();
    await expect.poll(() => session.page.getByRole("row", { name: new RegExp(name) }).count()).toBe(0);
  });
});
