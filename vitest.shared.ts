import { defineConfig } from "vitest/config"

/**
 * The export condition under which each workspace package resolves to its TypeScript sources (`src/*.ts`) instead
 * of the compiled `dist/`: tests run on the sources without a prior `pnpm build`. Vite's own defaults for the
 * server (`module`, `node`, `development|production`) are restated because setting `conditions` replaces them.
 */
export const sourceConditions = ["@effect-wechatpay/source", "module", "node", "development|production"]

/** Settings shared by every package's tests. */
export const shared = defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: [new URL("./vitest.setup.ts", import.meta.url).pathname],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    sequence: { concurrent: false }
  }
})
