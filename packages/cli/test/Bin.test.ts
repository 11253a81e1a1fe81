import * as Fs from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Sandbox } from "@effect-wechatpay/sandbox"
import { distBin, jsonOf, type Running, startSandbox, wechatpay } from "./support.js"

// The other test files run the built bin (dist/bin.js, compiled by test/build.ts); these check how it starts, and
// that the sources run as well (`pnpm --filter @effect-wechatpay/cli run wechatpay`, node with the source condition
// and tsx). scripts/consumer-test.mjs runs it again from the packed tarball (npx @effect-wechatpay/cli).

let gateway: Running
beforeAll(async () => {
  gateway = await startSandbox()
}, 120_000)
afterAll(() => gateway?.close())

describe("the bin", () => {
  it("dist/bin.js starts with its shebang, and answers --version and --help", async () => {
    const [version, help] = await Promise.all([wechatpay(["--version"]), wechatpay(["--help"])])
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
    expect(help.status).toBe(0)
    expect(help.stdout).toContain("certificates")
    expect(Fs.readFileSync(distBin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true)
  }, 60_000)

  it("from its sources: calls the sandbox", async () => {
    const ran = await wechatpay(
      ["call", "Busifavor.queryStock", "--json", JSON.stringify({ stock_id: Sandbox.defaults.stockId })],
      { env: gateway.env, source: true }
    )
    expect(ran.stderr).toBe("")
    expect(jsonOf(ran)).toMatchObject({ stock_id: Sandbox.defaults.stockId, stock_state: "RUNNING" })
  }, 60_000)
})
