import type { Page } from "playwright-core";

/** Opens every dimension and strategy of the editor's tree: they show closed. */
export async function expandAll(page: Page): Promise<void> {
  await page.getByRole("button", { name: "全部展開" }).click();
}

/** Opens the action menu of one row, named as its edit button names it (without the 「」). */
export async function openRowMenu(page: Page, name: string | RegExp): Promise<void> {
  const label = typeof name === "string" ? `「${name}」的動作` : name;
  await page.getByRole("button", { name: label }).click();
}
