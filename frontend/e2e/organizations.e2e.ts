import { describe, expect, it } from "vitest";
import { browserPerFile, expectAccessible, screenshot } from "./browser";
import { apiCall, DEMO, signIn } from "./session";

const session = browserPerFile();

// A unit no other spec (nor a rerun of this one) makes: codes are unique across organisations.
const CODE = `E2E-ORG-${Date.now().toString(36)}`;
const NAME = "第九區營業處（測試）";

describe("the administrator's organisations page", () => {
  it("creates a unit under an enterprise, renames it, and meets a rename made meanwhile with the conflict notice", async () => {
    const page = session.page;
    await signIn(page, DEMO.admin);
    await page.getByRole("navigation", { name: "主要功能" }).getByRole("link", { name: "機關單位" }).click();
    await page.getByRole("heading", { level: 1, name: "機關與所屬單位" }).waitFor();
    const tree = page.getByRole("region", { name: "機關樹" });
    await tree.getByText("台灣自來水股份有限公司").first().waitFor();
    await expectAccessible(page, "organisations, the tree");

    await page.getByRole("button", { name: "新增所屬單位" }).click();
    const form = page.getByRole("region", { name: "新增所屬單位" });
    await form.getByLabel("所屬事業").selectOption({ label: "台灣自來水股份有限公司" });
    await form.getByLabel("代碼").fill(CODE);
    await form.getByLabel("中文名稱").fill(NAME);
    await form.getByLabel("英文名稱").fill("Ninth Branch (test)");
    await form.getByLabel("中文簡稱").fill("九區處");
    await form.getByLabel("英文簡稱").fill("Branch 9");
    await expectAccessible(page, "organisations, the create form");
    await form.getByRole("button", { name: "新增" }).click();
    await page.getByRole("status").getByText(`已新增${NAME}。`).waitFor();
    await tree.getByText(`(${CODE}・所屬單位)`).waitFor();
    const created = await apiCall(session.context, "GET", `/api/v1/organizations/${CODE}`);
    expect(created.status).toBe(200);
    const taiwater = await apiCall(session.context, "GET", "/api/v1/organizations/TAIWATER");
    expect((created.json as { parent_id: number }).parent_id).toBe((taiwater.json as { id: number }).id);

    // The same code again is refused, and says why.
    await page.getByRole("button", { name: "新增所屬單位" }).click();
    await form.getByLabel("代碼").fill(CODE);
    for (const [label, value] of [
      ["中文名稱", "重複"],
      ["英文名稱", "Twice"],
      ["中文簡稱", "重複"],
      ["英文簡稱", "Twice"],
    ]) {
      await form.getByLabel(label!).fill(value!);
    }
    await form.getByRole("button", { name: "新增" }).click();
    await form.getByRole("alert").getByText(new RegExp(CODE)).waitFor();
    await form.getByRole("button", { name: "取消" }).click();

    // Rename.
    await page.getByRole("button", { name: `將${NAME}更名` }).click();
    const rename = page.getByRole("region", { name: `更名：${CODE}` });
    await rename.getByLabel("中文名稱").fill("第九區管理處（測試）");
    await rename.getByRole("button", { name: "儲存" }).click();
    await page.getByRole("status").getByText("已更名為第九區管理處（測試）。").waitFor();
    await tree.getByText("第九區管理處（測試）").waitFor();

    // Someone else renames it while the form is open: the save meets a 412 and the notice.
    await page.getByRole("button", { name: "將第九區管理處（測試）更名" }).click();
    await rename.getByLabel("中文簡稱").waitFor();
    const read = await apiCall(session.context, "GET", `/api/v1/organizations/${CODE}`);
    const other = await apiCall(
      session.context,
      "PATCH",
      `/api/v1/organizations/${CODE}`,
      { name_en: "Ninth Office (renamed meanwhile)" },
      { "If-Match": read.etag ?? "" },
    );
    expect(other.status, JSON.stringify(other.json)).toBe(200);
    await rename.getByLabel("中文簡稱").fill("九區");
    await rename.getByRole("button", { name: "儲存" }).click();
    const conflict = rename.getByRole("alert").filter({ hasText: "此資料已被他人修改" });
    await conflict.getByText(/Ninth Office \(renamed meanwhile\)/).waitFor();
    await screenshot(page, "80-organizations-conflict");
    await expectAccessible(page, "organisations, a rename's conflict");
    await conflict.getByRole("button", { name: "以目前版本為基礎重新套用我的修改" }).click();
    await page.getByRole("status").getByText("已更名為第九區管理處（測試）。").waitFor();
    const after = (await apiCall(session.context, "GET", `/api/v1/organizations/${CODE}`)).json as Record<string, string>;
    expect([after.short_name_zh, after.name_en]).toEqual(["九區", "Ninth Office (renamed meanwhile)"]);
  });

  it("reads in English, accessible", async () => {
    const page = session.page;
    await signIn(page, DEMO.admin);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organisations" }).click();
    await page.getByRole("heading", { level: 1, name: "Organisations and units" }).waitFor();
    await page.getByRole("button", { name: "Create a unit" }).click();
    await page.getByRole("region", { name: "Create a unit" }).getByLabel("Enterprise").waitFor();
    await expectAccessible(page, "organisations in English");
  });
});
