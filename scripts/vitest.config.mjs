import { defineProject } from "vitest/config"

// The workspace packages resolve to their TypeScript sources (the export condition vitest.shared.ts documents).
const conditions = ["@effect-wechatpay/source", "module", "node", "development|production"]

/**
 * The tests of the repository's scripts (the docs checker, the README claims), part of `pnpm test`. The consumer test
 * (scripts/consumer.test.mjs) builds and installs the packages: it runs on its own (scripts/vitest.consumer.config.mjs).
 */
export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: "scripts",
    include: ["*.test.mjs"],
    exclude: ["consumer.test.mjs"],
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
