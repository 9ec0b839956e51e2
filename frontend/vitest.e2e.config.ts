import { defineConfig } from "vitest/config";

// End-to-end tests: Debian's Chromium against a running server (E2E_BASE_URL).
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
