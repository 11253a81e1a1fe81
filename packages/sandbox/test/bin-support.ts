/**
 * Running the `wechatpay-sandbox` bin from its sources (tsx, the workspace's source condition) and talking to it the
 * way a user does: the `WECHATPAY_*` variables it prints, a plain node:http receiver, fetch.
 */
import * as ChildProcess from "node:child_process"
import * as Http from "node:http"
import * as Path from "node:path"
import { NodeTransport, WechatPay, WechatPayBrand } from "@effect-wechatpay/api"
import { ConfigProvider, type Effect, Layer } from "effect"

export const packageDir = Path.join(import.meta.dirname, "..")
export const nodeArgs = ["--conditions=@effect-wechatpay/source", "--import", "tsx", "src/bin.ts"]

/** The child's environment: no workspace NODE_OPTIONS. */
export const childEnv = (): NodeJS.ProcessEnv => ({ ...process.env, NODE_OPTIONS: "" })

/** Runs the bin to completion (usage errors, --help). */
export const run = (args: ReadonlyArray<string>) =>
  ChildProcess.spawnSync(process.execPath, [...nodeArgs, ...args], {
    cwd: packageDir,
    encoding: "utf8",
    timeout: 30_000,
    env: childEnv()
  })

/** Runs the bin to completion without blocking the event loop (a test's own server keeps answering meanwhile). */
export const runAsync = (args: ReadonlyArray<string>) =>
  new Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resolve) => {
    const child = ChildProcess.spawn(process.execPath, [...nodeArgs, ...args], { cwd: packageDir, env: childEnv() })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8")
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000)
    child.once("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })

export interface Exited {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  /** `Date.now()` when the process exited. */
  readonly at: number
}

export interface RunningBin {
  readonly child: ChildProcess.ChildProcessWithoutNullStreams
  /** The `WECHATPAY_*` variables of its banner. */
  readonly env: Readonly<Record<string, string>>
  readonly baseUrl: string
  /** The directory of the key files. */
  readonly dir: string
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exited: Promise<Exited>
  /** SIGKILLs the process if it still runs (test clean-up). */
  readonly kill: () => void
}

/** Starts the bin and waits for its banner. */
export const start = (args: ReadonlyArray<string> = []): Promise<RunningBin> => {
  const child = ChildProcess.spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: packageDir,
    env: childEnv(),
    stdio: ["pipe", "pipe", "pipe"]
  })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8")
  })
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8")
  })
  const exited = new Promise<Exited>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() }))
  )
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
  }
  return new Promise<RunningBin>((resolve, reject) => {
    const timer = setTimeout(() => {
      kill()
      reject(new Error(`no start-up banner in 25 s:\n${stdout}\n${stderr}`))
    }, 25_000)
    const onData = () => {
      const dir = /key files in (\S+), removed on exit/.exec(stdout)?.[1]
      if (dir === undefined || !stdout.includes("Ctrl-C stops")) return
      clearTimeout(timer)
      child.stdout.off("data", onData)
      const env: Record<string, string> = {}
      for (const match of stdout.matchAll(/^ {2}export (WECHATPAY_\w+)=(\S+)/gm)) env[match[1]!] = match[2]!
      resolve({
        child,
        env,
        baseUrl: env["WECHATPAY_BASE_URL"]!,
        dir,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        kill
      })
    }
    child.stdout.on("data", onData)
    void exited.then((e) => {
      clearTimeout(timer)
      reject(new Error(`exited early (${e.code ?? e.signal}):\n${stdout}\n${stderr}`))
    })
  })
}

/** Our client, configured from the variables the bin printed (as `WechatPay.layerConfig()` reads them). */
export const clientLayer = (env: Readonly<Record<string, string>>) =>
  WechatPay.layerConfig(undefined, { retry: { attempts: 1 } }).pipe(
    Layer.provide(NodeTransport.layer()),
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { ...env } })))
  )

export type Client = Effect.Services<ReturnType<typeof clientLayer>>

/** A brand client configured from the `WECHATPAY_BRAND_*` variables the bin printed (`WechatPayBrand.layerConfig()`). */
export const brandLayer = (env: Readonly<Record<string, string>>) =>
  WechatPayBrand.layerConfig(undefined, { retry: { attempts: 1 } }).pipe(
    Layer.provide(NodeTransport.layer()),
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { ...env } })))
  )

export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
  readonly at: number
}

/** A plain node:http receiver on 127.0.0.1: records every request, answers each with the next of `statuses`. */
export const receiver = async (statuses: ReadonlyArray<number> | ((n: number) => number | "hang") = [204]) => {
  const received: Array<Received> = []
  const server = Http.createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const n = received.length
      received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now()
      })
      const status = typeof statuses === "function" ? statuses(n) : (statuses[n] ?? statuses[statuses.length - 1]!)
      if (status === "hang") return
      response.writeHead(status).end()
    })
  })
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port))
  )
  return {
    port,
    url: `http://127.0.0.1:${port}/wechatpay/notify`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** Polls `check` every 20 ms until it returns a value (not undefined), failing after `millis`. */
export const eventually = async <A>(check: () => A | undefined, millis = 10_000, what = "a condition"): Promise<A> => {
  const deadline = Date.now() + millis
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
