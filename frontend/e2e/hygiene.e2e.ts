import { beforeEach, describe, expect, it } from "vitest";
import { browserPerFile } from "./browser";

// The server's Content-Security-Policy must let the web app and Swagger UI run as they are.
const session = browserPerFile();

let refused: string[];

beforeEach(() => {
  refused = [];
  session.page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) refused.push(message.text());
  });
});

describe("the Content-Security-Policy", () => {
  it("lets the web app run", async () => {
    const response = await session.page.goto("/");
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await session.page.locator(".plan-tree").first().waitFor();
    expect(refused).toEqual([]);
  });

  it("lets Swagger UI run its start-up script and show the operations", async () => {
    await session.page.goto("/docs");
    await session.page.getByText("List plans").first().waitFor();
    expect(refused).toEqual([]);
  });
});
