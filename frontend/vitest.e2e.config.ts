import { defineConfig } from "vitest/config";

// End-to-end tests: Debian's Chromium against a running server (E2E_BASE_URL).
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    fileParallelism: false,
    // Bounds for a slow or busy machine; a test on an idle one takes a few seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One server serves every file, so a test that fails once is tried once more. It still
    // fails the run if it fails again, and tests/e2e/run.sh lists it either way.
    retry: 1,
    reporters: ["verbose"],
  },
});
