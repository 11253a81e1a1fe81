/**
 * Running the `wechatpay` bin against a sandbox: the built `dist/bin.js` (compiled once by test/build.ts, the global
 * setup), or the bin's program from its sources (node with the workspace's source condition and tsx), in a child
 * process with the sandbox's `WECHATPAY_*` variables (key files in a temporary directory). Children are spawned
 * asynchronously: the sandbox answers from this process.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { Sandbox } from "@effect-wechatpay/sandbox"
import { Effect, Exit, Redacted, Scope } from "effect"

export const packageDir = Path.join(import.meta.dirname, "..")
export const sourceArgs = [
  "--conditions=@effect-wechatpay/source",
  "--import",
  "tsx",
  Path.join(packageDir, "src", "bin.ts")
]
export const distBin = Path.join(packageDir, "dist", "bin.js")

export interface Ran {
  readonly status: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment without anything of ours (WECHATPAY_*, the source condition in NODE_OPTIONS). */
export const baseEnv = (): Record<string, string> =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !entry[0].startsWith("WECHATPAY_") && entry[0] !== "NODE_OPTIONS"
    )
  )

/** Runs `wechatpay args…`: the built `dist/bin.js`, or the sources with `source: true`. */
export const wechatpay = (
  args: ReadonlyArray<string>,
  options: {
    readonly env?: Readonly<Record<string, string>>
    readonly stdin?: string
    readonly source?: boolean
    readonly cwd?: string
  } = {}
): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const child = ChildProcess.spawn(process.execPath, [...(options.source ? sourceArgs : [distBin]), ...args], {
      cwd: options.cwd ?? packageDir,
      env: { ...baseEnv(), NO_COLOR: "1", ...options.env },
      stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8")
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    if (options.stdin !== undefined) child.stdin?.end(options.stdin)
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000)
    child.once("error", (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once("close", (status, signal) => {
      clearTimeout(timer)
      resolve({ status, signal, stdout, stderr })
    })
  })

/** Parses stdout as JSON (the whole of it). */
export const jsonOf = (ran: Ran): unknown => JSON.parse(ran.stdout)

export const tempDir = (prefix = "wechatpay-cli-test-"): string => Fs.mkdtempSync(Path.join(Os.tmpdir(), prefix))

let material: Promise<Sandbox.Material> | undefined
/** Keys and certificates, generated once per test file (RSA generation is the slow part). */
export const sharedMaterial = (): Promise<Sandbox.Material> => {
  material ??= Effect.runPromise(Sandbox.generateMaterial())
  return material
}

export interface Running {
  readonly sandbox: Sandbox.Sandbox
  /** The sandbox's WECHATPAY_* variables; key files in `dir`. */
  readonly env: Readonly<Record<string, string>>
  readonly dir: string
  readonly close: () => Promise<void>
}

/** Starts a sandbox (signing in public-key mode, as the sandbox bin does) and writes its client configuration, as the bin prints it. */
export const startSandbox = async (options: Sandbox.Options = {}): Promise<Running> => {
  const scope = Effect.runSync(Scope.make())
  const sandbox = await Effect.runPromise(
    Sandbox.make({ material: await sharedMaterial(), signingMode: "publicKey", ...options }).pipe(Scope.provide(scope))
  )
  const dir = tempDir()
  const write = (name: string, text: string) => {
    const file = Path.join(dir, name)
    Fs.writeFileSync(file, text, { mode: 0o600 })
    return file
  }
  const { credentials } = sandbox
  const env = {
    WECHATPAY_BASE_URL: sandbox.baseUrl,
    WECHATPAY_MCHID: credentials.mchid,
    WECHATPAY_MERCHANT_SERIAL_NUMBER: credentials.merchantSerialNumber,
    WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: write("apiclient_key.pem", Redacted.value(credentials.merchantPrivateKey)),
    WECHATPAY_APIV3_KEY: Redacted.value(credentials.apiV3Key),
    WECHATPAY_PUBLIC_KEY_ID: credentials.wechatpayPublicKey.id,
    WECHATPAY_PUBLIC_KEY_FILE: write("pub_key.pem", credentials.wechatpayPublicKey.key)
  }
  return {
    sandbox,
    env,
    dir,
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void))
      Fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Runs an Effect of the sandbox (inject a fault, deliver a notification, …). */
export const run = <A>(effect: Effect.Effect<A>): Promise<A> => Effect.runPromise(effect)

/** A loopback HTTP server; `handle` answers each request (its body read whole). */
export const listen = async (
  handle: (request: Http.IncomingMessage, body: Buffer, response: Http.ServerResponse) => void
): Promise<{ readonly url: string; readonly close: () => Promise<void> }> => {
  const server = Http.createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => handle(request, Buffer.concat(chunks), response))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/**
 * A reverse proxy in front of `target` that rewrites each request on its way (`rewrite` gets the request line's
 * target and the body, and returns what to forward), as a misbehaving proxy or middleware would.
 */
export const proxy = (
  target: string,
  rewrite: (request: { readonly target: string; readonly body: Buffer }) => {
    readonly target: string
    readonly body: Buffer
  }
) =>
  listen((request, body, response) => {
    const changed = rewrite({ target: request.url ?? "/", body })
    const headers: Http.OutgoingHttpHeaders = { ...request.headers, host: new URL(target).host }
    if (changed.body.length > 0) headers["content-length"] = String(changed.body.length)
    else delete headers["content-length"]
    const upstream = Http.request(`${target}${changed.target}`, { method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(response)
    })
    upstream.on("error", () => {
      response.writeHead(502)
      response.end()
    })
    upstream.end(changed.body)
  })
