import { defineProject, mergeConfig } from "vitest/config"
import { shared } from "../../vitest.shared.ts"

// Every test runs the built bin (dist/bin.js): test/build.ts compiles the packages once before the tests.
export default mergeConfig(
  shared,
  defineProject({ test: { globalSetup: [new URL("./test/build.ts", import.meta.url).pathname] } })
)
