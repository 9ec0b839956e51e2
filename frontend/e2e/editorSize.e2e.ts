import { describe, expect, it } from "vitest";
import { BASE_URL, browserPerFile } from "./browser";
import { apiCall, DEMO, signIn, uniqueYear } from "./session";

const session = browserPerFile();

interface Tree {
  dimensions: { name: string; strategies: { name: string; measures: { text: string }[] }[] }[];
}

/**
 * The editor at the real plan's size: a copy of the 107 plan (177 measures). Reports the page's
 * height, its buttons, and the Tab presses (and Enter presses on collapsed groups) from the top of
 * the page to the first measure of strategy 二(二).
 */
describe("the editor at the 107 plan's size", () => {
  it("keeps a copy of the 107 plan short, with few buttons, and its measures a few keys away", async () => {
    const { page, context } = session;
    await signIn(page, DEMO.reviewer);
    const plans = (await (await fetch(`${BASE_URL}/api/v1/plans?page_size=100`)).json()) as {
      items: { id: number; year: number; issuer: { code: string } }[];
    };
    const plan107 = plans.items.find((p) => p.year === 2018 && p.issuer.code === "MOEACA")?.id;
    const year = await uniqueYear(context);
    const copy = await apiCall(context, "POST", `/api/v1/plans/${plan107}/copy`, { year, content: "adopted" });
    expect(copy.status).toBe(201);
    const id = (copy.json as { id: number }).id;
    const tree = (await apiCall(context, "GET", `/api/v1/plans/${id}/tree`)).json as Tree;
    const dimension = tree.dimensions[1];
    const strategy = dimension?.strategies[1];
    const target = strategy?.measures[0]?.text ?? "";

    await page.goto(`/editor/plans/${id}`);
    await page.getByRole("heading", { level: 2, name: "計畫架構" }).waitFor();
    await page.locator(".editor-node--dimension").first().waitFor();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const buttons = await page.locator("button").count();

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let tabs = 0;
    let enters = 0;
    for (; tabs < 2000; tabs++) {
      const where = await page.evaluate(
        ({ target, groups }) => {
          const active = document.activeElement as HTMLElement | null;
          if (!active) return "none";
          if (active.closest(".editor-node--measure")?.textContent?.includes(target)) return "target";
          const name = active.getAttribute("aria-label") ?? active.textContent ?? "";
          const opens = active.getAttribute("aria-expanded") === "false" && active.classList.contains("editor-toggle");
          return opens && groups.some((g) => name.includes(g)) ? "group" : "elsewhere";
        },
        { target, groups: [dimension?.name ?? "", strategy?.name ?? ""] },
      );
      if (where === "target") break;
      if (where === "group") {
        await page.keyboard.press("Enter");
        enters++;
      }
      await page.keyboard.press("Tab");
    }
    console.info(
      `editor at 107 size: height ${height}px, ${buttons} buttons, ${tabs} Tab presses and ${enters} Enter presses to a measure`,
    );
    // Before the tree was collapsed by default with one menu per row: 14,842 px, 795 buttons, 382 Tab presses.
    expect(height).toBeLessThan(4000);
    expect(buttons).toBeLessThan(60);
    expect(tabs + enters).toBeLessThan(60);
  }, 240_000);
});
