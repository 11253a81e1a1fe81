import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { baseEnv, distBin, packageDir, wechatpay } from "./support.js"

describe("wechatpay sandbox (the sandbox's own bin)", () => {
  it("passes its flags through: the sandbox's own usage errors and exit code", async () => {
    const [host, port, notifyUrl, scale] = await Promise.all([
      wechatpay(["sandbox", "--host", "0.0.0.0"]),
      wechatpay(["sandbox", "--port", "abc"]),
      wechatpay(["sandbox", "--notify-url", "ftp://127.0.0.1/notify"]),
      wechatpay(["sandbox", "--redelivery-scale=-1"])
    ])
    expect(host.status).toBe(2)
    expect(host.stderr).toContain("--host '0.0.0.0' is not supported: the sandbox listens on 127.0.0.1 only")
    expect(port.status).toBe(2)
    expect(port.stderr.split("\n")[0]).toMatch(/^wechatpay: .*port/i)
    expect(notifyUrl.status).toBe(2)
    expect(notifyUrl.stderr).toContain(
      "wechatpay-sandbox: --notify-url must be an http:// or https:// URL, got 'ftp://127.0.0.1/notify'"
    )
    expect(scale.status).toBe(2)
    expect(scale.stderr).toContain("wechatpay-sandbox: --redelivery-scale must be a number ≥ 0 (e.g. 0.001), got '-1'")
  }, 60_000)

  it("takes every flag of the sandbox's own bin", async () => {
    const sandboxBin = Path.join(packageDir, "..", "sandbox", "dist", "bin.js")
    const [own, ours] = await Promise.all([
      new Promise<string>((resolve, reject) =>
        ChildProcess.execFile(process.execPath, [sandboxBin, "--help"], (error, stdout) =>
          error ? reject(error) : resolve(stdout)
        )
      ),
      wechatpay(["sandbox", "--help"])
    ])
    const flags = [...own.matchAll(/^\s+(?:-\w, )?--([a-z][a-z-]*)/gm)]
      .map((m) => m[1]!)
      .filter((flag) => flag !== "help" && flag !== "version")
    expect(flags).toContain("notify-url")
    expect(ours.status).toBe(0)
    for (const flag of flags) expect(ours.stdout, `wechatpay sandbox --${flag}`).toContain(`--${flag}`)
  }, 60_000)

  it("starts the gateway, prints the WECHATPAY_* variables, and on SIGTERM waits for it to remove its key files", async () => {
    const child = ChildProcess.spawn(
      process.execPath,
      [distBin, "sandbox", "--notify-url", "http://127.0.0.1:9/notify", "--redelivery-scale", "0.001"],
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
    expect(stdout).toContain("Notifications go to http://127.0.0.1:9/notify (--notify-url)")
    expect(stdout).toContain("redelivered every 60 ms (--redelivery-scale 0.001)")
    expect(Fs.existsSync(dir)).toBe(true)
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
    child.kill("SIGTERM")
    await exited
    expect(Fs.existsSync(dir)).toBe(false)
  }, 120_000)
})
