import { defineConfig } from "vitest/config"

/** `pnpm test:consumer:ci` (CI, `.ci/run`): the consumer test (scripts/consumer.test.mjs) on its own; not part of `pnpm test`. */
export default defineConfig({
  test: {
    include: ["scripts/consumer.test.mjs"],
    testTimeout: 120_000,
    hookTimeout: 600_000
  }
})
