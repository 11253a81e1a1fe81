import { defineProject, mergeConfig } from "vitest/config"
import { shared } from "../vitest.shared.ts"

// The demo test runs `tsx demo.ts` in a child process: node's `--conditions` makes it load the workspace packages
// from their sources, as `pnpm demo` does.
export default mergeConfig(
  shared,
  defineProject({ test: { env: { NODE_OPTIONS: "--conditions=@effect-wechatpay/source" } } })
)
