import { beforeAll, describe, expect, it } from "vitest";
import { BASE_URL, browserPerFile, expectAccessible, screenshot } from "./browser";

// The seeded data set is the 107 (2018) plan; these numbers are the document's own.
const PLAN_TITLE = "經濟部國營事業委員會107年度提升服務效能執行計畫";

const session = browserPerFile();

// The 107 plan's own address: plans written by other tests (later years) may be the newest.
let HOME = "/";

beforeAll(async () => {
  const plans = (await (await fetch(`${BASE_URL}/api/v1/plans?page_size=100`)).json()) as {
    items: { id: number; year: number }[];
  };
  const plan107 = plans.items.find((p) => p.year === 2018);
  if (plan107 && plans.items.some((p) => p.year > 2018)) HOME = `/?plan=${plan107.id}`;
});

const status = () => session.page.locator("#result-status");
const measureLinks = () => session.page.locator(".plan-tree a[href^='/measures/']");

async function chooseOrganization(name: string): Promise<void> {
  const select = session.page.getByLabel("事業", { exact: true });
  const option = select.locator("option", { hasText: name });
  await select.selectOption(await option.getAttribute("value"));
}

describe("the plan browser", () => {
  it("shows the newest plan with its year, due date and counts", async () => {
    await session.page.goto(HOME);
    await expect.poll(() => session.page.getByRole("heading", { level: 1 }).textContent()).toBe(PLAN_TITLE);
    const meta = await session.page.locator(".plan-meta").innerText();
    expect(meta).toContain("107年度");
    expect(meta).toContain("108年3月15日");
    const counts = await session.page.locator(".count-list").innerText();
    for (const expected of ["5\n面向", "11\n執行策略", "177\n項具體推動作法", "11\n個子項", "20\n項指標"]) {
      expect(counts.replace(/ +/g, "\n").replace(/\n+/g, "\n")).toContain(expected);
    }
    await expect.poll(() => status().textContent()).toBe("共 177 項具體推動作法");
    expect(await session.page.evaluate(() => document.documentElement.lang)).toBe("zh-Hant-TW");
    await screenshot(session.page, "01-plan");
    await expectAccessible(session.page, "plan loaded");
  });

  it("opens and closes tree levels from the keyboard, with aria-expanded", async () => {
    await session.page.goto(HOME);
    const strategy = session.page.getByRole("button", { name: /服務友善性/ });
    await expect.poll(() => strategy.getAttribute("aria-expanded")).toBe("false");
    await strategy.focus();
    await session.page.keyboard.press("Enter");
    expect(await strategy.getAttribute("aria-expanded")).toBe("true");
    const panel = session.page.locator(`#${await strategy.getAttribute("aria-controls")}`);
    expect(await panel.isVisible()).toBe(true);
    expect(await panel.getByRole("heading", { level: 5 }).allTextContents()).toHaveLength(4);
    await expectAccessible(session.page, "strategy expanded");
    await session.page.keyboard.press("Space");
    expect(await strategy.getAttribute("aria-expanded")).toBe("false");
    expect(await panel.isVisible()).toBe(false);
  });

  it("has a skip link to the main content", async () => {
    await session.page.goto(HOME);
    await session.page.getByRole("heading", { level: 1 }).waitFor();
    await session.page.keyboard.press("Tab");
    const skip = session.page.getByRole("link", { name: "跳到主要內容" });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await session.page.keyboard.press("Enter");
    expect(await session.page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  it("searches 電子發票 and finds the CPC and the Taipower measure", async () => {
    await session.page.goto(HOME);
    await session.page.getByLabel("搜尋具體推動作法").fill("電子發票");
    await expect.poll(() => status().textContent()).toBe("找到 2 項符合「電子發票」的具體推動作法");
    const results = session.page.locator(".result");
    expect(await results.count()).toBe(2);
    const text = await results.allInnerTexts();
    expect(text[0]).toContain("線上電子發票服務");
    expect(text[0]).toContain("中油公司");
    expect(text[1]).toContain("電子發票查詢、歸戶等相關功能");
    expect(text[1]).toContain("台電公司");
    expect(text[1]).toContain("五、開放創新");
    expect(new URL(session.page.url()).searchParams.get("q")).toBe("電子發票");
    await screenshot(session.page, "02-search");
    await expectAccessible(session.page, "search results");
  });

  it("shows an empty state when nothing matches", async () => {
    await session.page.goto(`${HOME}${HOME.includes("?") ? "&" : "?"}q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%A9%9E`);
    await session.page.getByText("找不到符合「不存在的詞」的具體推動作法。").waitFor();
    await expectAccessible(session.page, "no results");
  });

  it("filters to 台水公司: only its 43 measures, shared ones included", async () => {
    await session.page.goto(HOME);
    await session.page.getByRole("heading", { level: 1 }).waitFor();
    await chooseOrganization("台水公司");
    await expect.poll(() => status().textContent()).toBe("台水公司：共 43 項具體推動作法");
    expect(await measureLinks().count()).toBe(43);
    const owners = await session.page.locator(".tree-heading--organization").allInnerTexts();
    expect(owners.length).toBeGreaterThan(0);
    for (const owner of owners) expect(owner).toMatch(/^台水公司/);
    expect(await session.page.getByText("與台糖公司共同辦理").count()).toBe(2);
    expect(new URL(session.page.url()).searchParams.get("org")).toBeTruthy();
    await screenshot(session.page, "03-filter");
    await expectAccessible(session.page, "filtered to one enterprise");

    // The back button returns to the unfiltered plan.
    await session.page.goBack();
    await expect.poll(() => status().textContent()).toBe("共 177 項具體推動作法");
  });

  it("combines the enterprise filter with a search", async () => {
    await session.page.goto(HOME);
    await session.page.getByRole("heading", { level: 1 }).waitFor();
    await chooseOrganization("中油公司");
    await session.page.getByLabel("搜尋具體推動作法").fill("電子發票");
    await expect.poll(() => status().textContent()).toBe("在中油公司找到 1 項符合「電子發票」的具體推動作法");
  });

  it("opens a measure with its indicator and frequency, and goes back to the same view", async () => {
    await session.page.goto(HOME);
    await session.page.getByRole("heading", { level: 1 }).waitFor();
    await chooseOrganization("台水公司");
    await session.page.getByLabel("搜尋具體推動作法").fill("禮貌測試");
    await expect.poll(() => status().textContent()).toContain("找到 1 項");
    await session.page.getByRole("link", { name: /注重電話禮貌/ }).click();

    await session.page.getByRole("heading", { level: 1, name: "台水公司具體推動作法 (6)" }).waitFor();
    expect(new URL(session.page.url()).pathname).toMatch(/^\/measures\/\d+$/);
    const table = session.page.getByRole("table");
    const row = table.getByRole("row", { name: /電話禮貌測試/ });
    const cells = (await row.locator("th, td").allTextContents()).map((c) => c.trim());
    expect(cells).toEqual(["電話禮貌測試", "1", "次", "至少", "每2個月", "—無", "「每 2個月至少測試 1次」"]);
    expect(await session.page.locator(".measure__facts").innerText()).toContain("台水公司");
    await screenshot(session.page, "04-measure");
    await expectAccessible(session.page, "measure detail");

    await session.page.goBack();
    await expect.poll(() => status().textContent()).toContain("找到 1 項");
    expect(await session.page.getByLabel("搜尋具體推動作法").inputValue()).toBe("禮貌測試");
  });

  it("opens a measure by its link and shows sub-items and due dates in ROC", async () => {
    await session.page.goto(`${HOME}${HOME.includes("?") ? "&" : "?"}q=%E9%9B%BB%E5%AD%90%E6%94%AF%E4%BB%98%E4%BB%A3%E6%94%B6`);
    await session.page.locator(".result a").first().click();
    await session.page.getByRole("heading", { level: 2, name: "子項" }).waitFor();
    expect(await session.page.locator(".sub-items li").count()).toBeGreaterThan(0);
    expect(await session.page.getByRole("table").innerText()).toContain("107年6月30日");
    await expectAccessible(session.page, "measure with sub-items");
  });

  it("shows the API's problem for a measure that does not exist", async () => {
    await session.page.goto("/measures/999999");
    const alert = session.page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toContain("999999");
    await expectAccessible(session.page, "measure not found");
  });

  it("switches to English and remembers it", async () => {
    await session.page.goto(HOME);
    await session.page.getByRole("heading", { level: 1 }).waitFor();
    await session.page.getByRole("button", { name: "Switch to English" }).click();
    expect(await session.page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await session.page.locator(".site-name").innerText()).toBe("Uplift");
    await expect.poll(() => status().textContent()).toBe("177 measures");
    expect(await session.page.locator(".plan-meta").innerText()).toContain("108/03/15 (2019-03-15)");
    expect(await session.page.getByLabel("Enterprise", { exact: true }).locator("option").first().innerText()).toBe("All enterprises");
    // Plan content stays in Chinese.
    expect(await session.page.getByRole("heading", { level: 1 }).textContent()).toBe(PLAN_TITLE);
    await screenshot(session.page, "05-english");
    await expectAccessible(session.page, "English");

    await session.page.reload();
    await session.page.getByRole("heading", { level: 1 }).waitFor();
    expect(await session.page.evaluate(() => document.documentElement.lang)).toBe("en");
    await session.page.getByLabel("Search measures").fill("禮貌測試");
    await session.page.getByRole("link", { name: /注重電話禮貌/ }).click();
    const row = session.page.getByRole("row", { name: /電話禮貌測試/ });
    await row.waitFor();
    expect(await row.innerText()).toContain("Every 2 months");
    await expectAccessible(session.page, "English measure detail");

    await session.page.getByRole("button", { name: "切換為中文" }).click();
    expect(await session.page.evaluate(() => document.documentElement.lang)).toBe("zh-Hant-TW");
    expect(await row.innerText()).toContain("每2個月");
  });
});
