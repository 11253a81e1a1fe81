import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Sandbox } from "@effect-wechatpay/sandbox"
import { distBin, jsonOf, packageDir, type Running, startSandbox, wechatpay } from "./support.js"

// The built bin, dist/bin.js, as npm links it: the packages compiled (tsc -b, incremental: a no-op when dist is up to
// date), then run with plain node, every workspace package resolved to its dist/ (no source condition, no tsx).
// scripts/consumer-test.mjs runs it again from the packed tarball (npx @effect-wechatpay/cli).

let gateway: Running
beforeAll(async () => {
  const root = Path.join(packageDir, "..", "..")
  const tsc = Path.join(root, "node_modules", "typescript", "bin", "tsc")
  await new Promise<void>((resolve, reject) => {
    const build = ChildProcess.spawn(process.execPath, [tsc, "-b", Path.join(packageDir, "tsconfig.build.json")], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    build.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
    })
    build.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`tsc -b failed (${code}): ${output}`))))
  })
  gateway = await startSandbox()
}, 300_000)
afterAll(() => gateway?.close())

describe("the built bin (dist/bin.js)", () => {
  it("starts with its shebang, and answers --version and --help", async () => {
    const [version, help] = await Promise.all([
      wechatpay(["--version"], { dist: true }),
      wechatpay(["--help"], { dist: true })
    ])
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
    expect(help.status).toBe(0)
    expect(help.stdout).toContain("certificates")
    expect(Fs.readFileSync(distBin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true)
  }, 60_000)

  it("runs the sandbox's built bin for `wechatpay sandbox`", async () => {
    const ran = await wechatpay(["sandbox", "--host", "0.0.0.0"], { dist: true })
    expect(ran.status).toBe(2)
    expect(ran.stderr).toContain("wechatpay-sandbox: --host '0.0.0.0' is not supported")
  }, 60_000)

  it("calls the sandbox", async () => {
    const ran = await wechatpay(
      ["call", "Busifavor.queryStock", "--json", JSON.stringify({ stock_id: Sandbox.defaults.stockId })],
      {
        env: gateway.env,
        dist: true
      }
    )
    expect(ran.stderr).toBe("")
    expect(jsonOf(ran)).toMatchObject({ stock_id: Sandbox.defaults.stockId, stock_state: "RUNNING" })
  }, 60_000)
})
