import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The JSON report is what .ci/run counts; the default reporter is for people.
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 60_000,
  },
});
