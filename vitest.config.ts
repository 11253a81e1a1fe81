import { defineConfig } from "vitest/config"

/** One vitest run over every package; each package's own vitest.config.ts extends ./vitest.shared.ts. */
export default defineConfig({
  test: {
    projects: ["packages/*", "examples", "scripts"]
  }
})
