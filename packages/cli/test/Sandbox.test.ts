import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { baseEnv, packageDir, wechatpay } from "./support.js"

describe("wechatpay sandbox (the sandbox's own bin)", () => {
  it("passes its flags through: the sandbox's own usage errors and exit code", async () => {
    const [host, port] = await Promise.all([
      wechatpay(["sandbox", "--host", "0.0.0.0"]),
      wechatpay(["sandbox", "--port", "abc"])
    ])
    expect(host.status).toBe(2)
    expect(host.stderr).toContain("--host '0.0.0.0' is not supported: the sandbox listens on 127.0.0.1 only")
    expect(port.status).toBe(2)
    expect(port.stderr.split("\n")[0]).toMatch(/^wechatpay: .*port/i)
  }, 60_000)

  it("starts the gateway, prints the WECHATPAY_* variables, and on SIGTERM waits for it to remove its key files", async () => {
    const child = ChildProcess.spawn(
      process.execPath,
      ["--conditions=@effect-wechatpay/source", "--import", "tsx", Path.join(packageDir, "src", "bin.ts"), "sandbox"],
      { cwd: packageDir, env: baseEnv(), stdio: ["ignore", "pipe", "pipe"] }
    )
    let stdout = ""
    const dir = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${stdout}`)), 90_000)
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8")
        const match = /key files in (\S+), removed on exit/.exec(stdout)
        if (match?.[1] !== undefined && stdout.includes("Ctrl-C stops")) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
      child.once("exit", (code) => reject(new Error(`exited early (${code}): ${stdout}`)))
    })
    expect(stdout).toMatch(/export WECHATPAY_BASE_URL=http:\/\/127\.0\.0\.1:\d+/)
    expect(stdout).toContain("export WECHATPAY_MERCHANT_PRIVATE_KEY_FILE=")
    expect(Fs.existsSync(dir)).toBe(true)
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
    child.kill("SIGTERM")
    await exited
    expect(Fs.existsSync(dir)).toBe(false)
  }, 120_000)
})
