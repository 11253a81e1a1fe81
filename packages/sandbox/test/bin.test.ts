import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"

// The CLI from its sources (tsx, the workspace's source condition). The compiled bin, installed from the packed
// tarball, is exercised the same way by scripts/consumer-test.mjs.
const packageDir = Path.join(import.meta.dirname, "..")
const nodeArgs = ["--conditions=@effect-wechatpay/source", "--import", "tsx", "src/bin.ts"]

const run = (args: ReadonlyArray<string>) =>
  ChildProcess.spawnSync(process.execPath, [...nodeArgs, ...args], {
    cwd: packageDir,
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, NODE_OPTIONS: "" }
  })

describe("wechatpay-sandbox (bin)", () => {
  it("rejects a port that is not a number with exit code 2", () => {
    const result = run(["--port", "abc"])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain("--port must be an integer from 1 to 65535, got 'abc'")
  })

  it("rejects an out-of-range port, an unknown mode and an unknown flag with exit code 2", () => {
    expect(run(["--port", "65536"]).status).toBe(2)
    const mode = run(["--mode", "publickey"])
    expect(mode.status).toBe(2)
    expect(mode.stderr).toContain("--mode must be 'publicKey' or 'certificate', got 'publickey'")
    const unknown = run(["--verbose"])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain("Unknown option '--verbose'")
  })

  it("lists its flags under --help", () => {
    const result = run(["--help"])
    expect(result.status).toBe(0)
    for (const flag of ["--port", "--host", "--mode", "--no-platform-certificates", "--help"]) {
      expect(result.stdout).toContain(flag)
    }
  })

  it("removes the key files it wrote when it receives SIGTERM", async () => {
    const child = ChildProcess.spawn(process.execPath, [...nodeArgs], {
      cwd: packageDir,
      env: { ...process.env, NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    const dir = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up banner: ${stdout}`)), 25_000)
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
    expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/)
    // #10.20: in public-key mode the printed configuration is the one that works; it does not suggest "auto".
    expect(stdout).not.toMatch(/WECHATPAY_PLATFORM_CERTIFICATES=auto/)
    expect(Fs.readdirSync(dir).sort()).toEqual(["apiclient_key.pem", "platform_cert_0.pem", "pub_key.pem"])
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
    child.kill("SIGTERM")
    await exited
    expect(Fs.existsSync(dir)).toBe(false)
  }, 30_000)
})
