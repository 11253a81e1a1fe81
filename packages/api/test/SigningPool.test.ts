/**
 * The signing pool: the same Authorization as the inline signer, the client signing there on both paths, a crashed
 * worker retried or a typed error, every request bounded by the timeout, the workers gone with the scope, and the
 * private key in no error or log.
 */
import * as ChildProcess from "node:child_process"
import * as NodeCrypto from "node:crypto"
import * as Fs from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Util from "node:util"
import type { Worker } from "node:worker_threads"
import { describe, expect, it } from "@effect/vitest"
import { MerchantSigner, Testing } from "@effect-wechatpay/crypto"
import { Cause, Effect, Exit, Layer, Logger, Redacted, References, Schema, Scope } from "effect"
import { HttpClient } from "effect/http"
import ts from "typescript"
import * as Endpoint from "../src/Endpoint.js"
import { pooledAuthorize } from "../src/internal/signing.js"
import * as Internal from "../src/internal/signingPool.js"
import { AttemptTimeoutError } from "../src/internal/transport.js"
import * as NodeTransport from "../src/NodeTransport.js"
import * as SigningPool from "../src/SigningPool.js"
import * as WechatPay from "../src/WechatPay.js"
import * as WechatPayError from "../src/WechatPayError.js"
import { MCHID, merchant, options, PUBLIC_KEY_ID, SERIAL, stub, verifyAuthorization, wechatpay } from "./stub.js"

const Thing = Endpoint.make({
  name: "Test.putThing",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "POST",
  path: "/v3/test/things/{id}",
  request: Schema.Struct({ id: Schema.String, name: Schema.String }),
  response: Schema.Struct({ id: Schema.String }),
  errors: []
})

/** A pool over the internal constructor (its workers visible to the test), provided as `SigningPool`. */
const poolLayer = (pool: Internal.Pool) => Layer.succeed(SigningPool.SigningPool, pool)

const withPool = <A, E, R>(
  internalOptions: Internal.Options,
  body: (pool: Internal.Pool) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | Internal.SigningPoolError, R | Scope.Scope> =>
  Effect.flatMap(Internal.make(internalOptions), body)

const signer = { mchid: MCHID, serialNumber: SERIAL }

const requests: ReadonlyArray<MerchantSigner.SignableRequest> = [
  { method: "GET", target: "/v3/marketing/busifavor/stocks/1212" },
  { method: "GET", target: "/v3/marketing/favor/stocks?offset=0&limit=10&stock_creator_mchid=1900000001" },
  {
    method: "POST",
    target: "/v3/marketing/favor/coupon-stocks",
    body: '{"stock_name":"满100减10 🎉","comment":"测试"}'
  },
  { method: "PATCH", target: "/v3/marketing/busifavor/stocks/1212/budget", body: "" }
]

describe("the pool's Authorization", () => {
  it.live("is the inline signer's, byte for byte, for the same nonce and timestamp", () =>
    Effect.gen(function* () {
      const inline = yield* MerchantSigner.make({
        mchid: MCHID,
        serialNumber: SERIAL,
        privateKey: merchant.privateKey
      })
      const authorize = (yield* pooledAuthorize(signer, merchant.privateKey))!
      expect(authorize).toBeDefined()
      for (const [i, request] of requests.entries()) {
        const nonce = MerchantSigner.nonce()
        const timestamp = 1_790_000_000 + i
        const pooled = yield* authorize(request, timestamp, nonce, 10_000)
        expect(pooled).toBe(inline.authorizeAt(request, timestamp, nonce).authorization)
        const signature = /signature="([^"]+)"/.exec(pooled)![1]!
        expect(
          NodeCrypto.verify(
            "sha256",
            Buffer.from(MerchantSigner.message(request, timestamp, nonce), "utf8"),
            merchant.publicKey,
            Buffer.from(signature, "base64")
          )
        ).toBe(true)
      }
    }).pipe(Effect.provide(SigningPool.layer({ size: 2 })))
  )

  it.live("has the signature openssl makes over the same message", () =>
    Effect.gen(function* () {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "signing-pool-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true })))
      const keyFile = Path.join(dir, "key.pem")
      Fs.writeFileSync(keyFile, Redacted.value(merchant.privateKey), { mode: 0o600 })
      const authorize = (yield* pooledAuthorize(signer, merchant.privateKey))!
      const request = requests[2]!
      const nonce = MerchantSigner.nonce()
      const pooled = yield* authorize(request, 1_790_000_000, nonce, 10_000)
      const openssl = ChildProcess.spawnSync("openssl", ["dgst", "-sha256", "-sign", keyFile], {
        input: Buffer.from(MerchantSigner.message(request, 1_790_000_000, nonce), "utf8")
      })
      // openssl is part of the toolchain (the crypto fixtures are made with it): its absence fails the test.
      expect(openssl.error).toBeUndefined()
      expect(openssl.status).toBe(0)
      expect(/signature="([^"]+)"/.exec(pooled)![1]).toBe(openssl.stdout.toString("base64"))
    }).pipe(Effect.provide(SigningPool.layer({ size: 1 })))
  )
})

describe("a client with a SigningPool in its context", () => {
  it.live("signs every attempt there on the generic path (each verified independently)", () =>
    withPool({ size: 2 }, (pool) =>
      Effect.gen(function* () {
        const { client, seen } = yield* stub([{ status: 200, body: '{"id":"T1"}' }])
        const results = yield* Effect.flatMap(WechatPay.WechatPayClient, (c) =>
          Effect.forEach(["T1", "T1", "T1", "T1"], (id) => c.execute(Thing, { id, name: "满减" }), {
            concurrency: 4
          })
        ).pipe(
          Effect.provide(
            WechatPay.layer(options).pipe(
              Layer.provide(Layer.merge(Layer.succeed(HttpClient.HttpClient, client), poolLayer(pool)))
            )
          )
        )
        expect(results).toEqual([{ id: "T1" }, { id: "T1" }, { id: "T1" }, { id: "T1" }])
        const sent = yield* seen
        expect(sent.map(verifyAuthorization)).toEqual([true, true, true, true])
        expect((yield* pool.stats).signed).toBe(4)
      })
    )
  )

  it.live("signs every attempt there on the NodeTransport fast path (each verified independently)", () =>
    withPool({ size: 2 }, (pool) =>
      Effect.gen(function* () {
        const { server, seen } = yield* serve()
        const results = yield* Effect.flatMap(WechatPay.WechatPayClient, (c) =>
          Effect.forEach(["A", "B", "C"], (id) => c.execute(Thing, { id, name: "满减" }), { concurrency: 3 })
        ).pipe(Effect.provide(layerAt(server, pool)))
        expect(results).toEqual([{ id: "A" }, { id: "B" }, { id: "C" }])
        expect(seen.map(verifyAuthorization)).toEqual([true, true, true])
        expect((yield* pool.stats).signed).toBe(3)
      })
    )
  )

  it.live("the key goes to each worker once, when the client is built; again only to a restarted worker", () =>
    Effect.gen(function* () {
      const log = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "signing-pool-")), "registrations")
      yield* withPool({ size: 2, source: countingRegistrations(log) }, (pool) =>
        Effect.gen(function* () {
          const { client, seen } = yield* stub([{ status: 200, body: '{"id":"T1"}' }])
          const registrations = () => (Fs.existsSync(log) ? Fs.readFileSync(log, "utf8").split("\n").length - 1 : 0)
          yield* Effect.gen(function* () {
            const c = yield* WechatPay.WechatPayClient
            yield* Effect.forEach(
              Array.from({ length: 6 }, () => "T1"),
              (id) => c.execute(Thing, { id, name: "x" }),
              {
                concurrency: 3
              }
            )
            expect(registrations()).toBe(2)
            yield* exited(pool.workers()[0]!)
            yield* Effect.forEach(
              Array.from({ length: 4 }, () => "T1"),
              (id) => c.execute(Thing, { id, name: "x" }),
              {
                concurrency: 2
              }
            )
            expect(registrations()).toBe(3)
          }).pipe(
            Effect.provide(
              WechatPay.layer(options).pipe(
                Layer.provide(Layer.merge(Layer.succeed(HttpClient.HttpClient, client), poolLayer(pool)))
              )
            )
          )
          expect((yield* seen).map(verifyAuthorization)).toEqual(Array(10).fill(true))
          expect(yield* pool.stats).toEqual({ signed: 10, inFlight: 0, restarts: 1 })
        })
      )
    })
  )

  it.live("without a pool, signs inline (no worker involved)", () =>
    withPool({ size: 1 }, (pool) =>
      Effect.gen(function* () {
        const { server, seen } = yield* serve()
        yield* Effect.flatMap(WechatPay.WechatPayClient, (c) => c.execute(Thing, { id: "A", name: "x" })).pipe(
          Effect.provide(WechatPay.layer(baseAt(server)).pipe(Layer.provide(NodeTransport.layer())))
        )
        expect(seen.map(verifyAuthorization)).toEqual([true])
        expect((yield* pool.stats).signed).toBe(0)
      })
    )
  )

  it.live("a worker that never answers: TransportError Timeout within the client's timeout, nothing sent", () =>
    withPool({ size: 1, source: SILENT_WORKER }, (pool) =>
      Effect.gen(function* () {
        const { server, seen } = yield* serve()
        for (const transport of ["fast", "generic"] as const) {
          const layer = layerAt(server, pool, { timeout: "100 millis", retry: false }, transport)
          const error = yield* Effect.flatMap(WechatPay.WechatPayClient, (c) =>
            c.execute(Thing, { id: "A", name: "x" })
          ).pipe(Effect.provide(layer), Effect.flip)
          expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout", path: "/v3/test/things/{id}" })
        }
        expect(seen).toHaveLength(0)
      })
    )
  )
})

describe("the timeout bounds signing and sending together", () => {
  it.live("a pooled signature past its time fails with the tagged AttemptTimeoutError, on time", () =>
    withPool({ size: 1, source: SILENT_WORKER }, (pool) =>
      Effect.gen(function* () {
        const authorize = (yield* pooledAuthorize(signer, merchant.privateKey).pipe(Effect.provide(poolLayer(pool))))!
        const started = Date.now()
        const error = yield* Effect.flip(authorize(requests[0]!, 1_790_000_000, "n".repeat(32), 100))
        const elapsed = Date.now() - started
        expect(error).toBeInstanceOf(AttemptTimeoutError)
        expect(error).toMatchObject({ _tag: "AttemptTimeoutError", millis: 100 })
        expect(elapsed).toBeGreaterThanOrEqual(90)
        expect(elapsed).toBeLessThan(1_000)
        expect(yield* pool.stats).toEqual({ signed: 0, inFlight: 0, restarts: 0 })
      })
    )
  )

  it.live("a slow signature leaves the round trip only what is left of the timeout", () =>
    withPool({ size: 1, source: slowWorker(150) }, (pool) =>
      Effect.gen(function* () {
        // 150 ms to sign and 150 ms to answer: each within the 200 ms timeout, not both.
        const { server, seen } = yield* serve(150)
        const error = yield* Effect.flatMap(WechatPay.WechatPayClient, (c) =>
          c.execute(Thing, { id: "A", name: "x" })
        ).pipe(Effect.provide(layerAt(server, pool, { timeout: "200 millis", retry: false })), Effect.flip)
        expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
        expect(seen.length).toBeLessThanOrEqual(1)
      })
    )
  )
})

describe("a worker that exits", () => {
  it.live("while signing: the request goes to its restarted successor and succeeds", () =>
    Effect.gen(function* () {
      const marker = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "signing-pool-")), "crashed")
      yield* withPool({ size: 1, source: crashOnce(marker) }, (pool) =>
        Effect.gen(function* () {
          const authorize = (yield* pooledAuthorize(signer, merchant.privateKey).pipe(Effect.provide(poolLayer(pool))))!
          const request = requests[0]!
          const pooled = yield* authorize(request, 1_790_000_000, "n".repeat(32), 10_000)
          expect(Fs.existsSync(marker)).toBe(true)
          expect((yield* pool.stats).restarts).toBe(1)
          expect(verifyAuthorization({ ...request, body: "", headers: { authorization: pooled } })).toBe(true)
        })
      )
    })
  )

  it.live("twice while signing one request: SigningPoolError WorkerExited, a TransportError to the caller", () =>
    withPool({ size: 1, source: crashAlways }, (pool) =>
      Effect.gen(function* () {
        const { lines, logger } = linesLogger()
        const authorize = (yield* pooledAuthorize(signer, merchant.privateKey).pipe(Effect.provide(poolLayer(pool))))!
        const error = yield* Effect.flip(authorize(requests[0]!, 1_790_000_000, "n".repeat(32), 10_000))
        expect(error).toMatchObject({ _tag: "SigningPoolError", reason: "WorkerExited" })
        const { server, seen } = yield* serve()
        const failure = yield* Effect.flatMap(WechatPay.WechatPayClient, (c) =>
          c.execute(Thing, { id: "A", name: "x" })
        ).pipe(
          Effect.provide(layerAt(server, pool, { retry: false })),
          Effect.flip,
          Effect.provide(Logger.layer([logger])),
          Effect.provideService(References.MinimumLogLevel, "All")
        )
        expect(failure).toMatchObject({ _tag: "TransportError", reason: "Transport" })
        expect(failure.message).toContain("signing workers exited twice")
        expect(seen).toHaveLength(0)
        const everything = [Util.inspect(error), JSON.stringify(error), Util.inspect(failure), ...lines].join("\n")
        for (const line of keyLines) expect(everything).not.toContain(line)
      })
    )
  )

  it.live("while idle: restarted with the keys registered, the next request signed", () =>
    withPool({ size: 1 }, (pool) =>
      Effect.gen(function* () {
        const authorize = (yield* pooledAuthorize(signer, merchant.privateKey).pipe(Effect.provide(poolLayer(pool))))!
        yield* exited(pool.workers()[0]!)
        expect((yield* pool.stats).restarts).toBe(1)
        const request = requests[1]!
        const pooled = yield* authorize(request, 1_790_000_000, "n".repeat(32), 10_000)
        expect(verifyAuthorization({ ...request, body: "", headers: { authorization: pooled } })).toBe(true)
      })
    )
  )
})

describe("the pool's lifetime", () => {
  it.live("the scope terminates the workers; a request after that fails with Closed", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const pool = yield* Internal.make({ size: 2 }).pipe(Scope.provide(scope))
      const authorize = (yield* pooledAuthorize(signer, merchant.privateKey).pipe(
        Effect.provide(poolLayer(pool)),
        Scope.provide(scope)
      ))!
      const workers = pool.workers()
      expect(workers).toHaveLength(2)
      const exits = workers.map((worker) => new Promise((resolve) => worker.once("exit", resolve)))
      yield* Scope.close(scope, Exit.void)
      yield* Effect.promise(() => Promise.all(exits))
      expect(pool.workers()).toHaveLength(0)
      expect((yield* pool.stats).restarts).toBe(0)
      const error = yield* Effect.flip(authorize(requests[0]!, 1_790_000_000, "n".repeat(32), 10_000))
      expect(error).toMatchObject({ _tag: "SigningPoolError", reason: "Closed" })
    })
  )

  it.live("a worker that cannot start fails the layer with SigningPoolError Spawn", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Effect.scoped(Internal.make({ size: 2, source: "throw new Error('no')" })))
      expect(error).toMatchObject({ _tag: "SigningPoolError", reason: "Spawn" })
      expect(error.message).toContain("a signing worker did not start")
      expect(WechatPayError.isWechatPayError(error)).toBe(true)
      expect(Object.keys(JSON.parse(JSON.stringify(error)))).not.toContain(WechatPayError.TypeId)
    })
  )

  it("under Node's permission model: the layer fails with SigningPoolError Spawn without --allow-worker", () => {
    const denied = buildLayerIn(["--permission", "--allow-fs-read=*"])
    expect(denied).toEqual({
      _tag: "SigningPoolError",
      reason: "Spawn",
      message: expect.stringContaining("--allow-worker")
    })
    expect(buildLayerIn(["--permission", "--allow-fs-read=*", "--allow-worker"])).toEqual({ built: true })
  }, 30_000)

  it.live("the service shows its size and counters, never the key", () =>
    Effect.gen(function* () {
      const pool = yield* SigningPool.SigningPool
      const authorize = (yield* pooledAuthorize(signer, merchant.privateKey))!
      yield* authorize(requests[0]!, 1_790_000_000, "n".repeat(32), 10_000)
      expect(pool.size).toBe(1)
      expect(Object.keys(pool).sort()).toEqual(["register", "size", "stats"])
      expect(yield* pool.stats).toEqual({ signed: 1, inFlight: 0, restarts: 0 })
      const shown = [Util.inspect(pool, { depth: 10, showHidden: true }), JSON.stringify(pool)].join("\n")
      for (const line of keyLines) expect(shown).not.toContain(line)
    }).pipe(Effect.provide(SigningPool.layer({ size: 1 })))
  )
})

describe("its own entry module", () => {
  it("nothing the package index imports at run time, directly or not, imports the pool", () => {
    const src = Path.resolve(import.meta.dirname, "..", "src")
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      // The module as it runs: type-only imports (and imports of types only) are gone once transpiled.
      const { outputText } = ts.transpileModule(Fs.readFileSync(file, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false }
      })
      for (const match of outputText.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g)) {
        visit(Path.resolve(Path.dirname(file), `${match[1]}.ts`))
      }
    }
    visit(Path.join(src, "index.ts"))
    expect(seen.has(Path.join(src, "internal", "client.ts"))).toBe(true)
    expect(seen.has(Path.join(src, "internal", "signing.ts"))).toBe(true)
    expect(seen.has(Path.join(src, "SigningPool.ts"))).toBe(false)
    expect(seen.has(Path.join(src, "internal", "signingPool.ts"))).toBe(false)
  })
})

const keyLines = Redacted.value(merchant.privateKey)
  .split("\n")
  .filter((line) => line.length > 16 && !line.startsWith("-----"))

/** Listens, never answers. */
const SILENT_WORKER = `require("node:worker_threads").parentPort.on("message", () => {});
require("node:worker_threads").parentPort.postMessage([-1]);`

/** The real worker, but the first sign request any of its instances sees (marked by a file) kills it. */
const crashOnce = (marker: string) => `{
  const { parentPort } = require("node:worker_threads");
  const fs = require("node:fs");
  parentPort.on("message", (m) => {
    if (m[0] === 0 && !fs.existsSync(${JSON.stringify(marker)})) {
      fs.writeFileSync(${JSON.stringify(marker)}, "");
      process.exit(7);
    }
  });
}
${Internal.WORKER_SOURCE}`

/** The real worker, appending a line to `log` for each key it is handed. */
const countingRegistrations = (log: string) => `{
  const { parentPort } = require("node:worker_threads");
  const fs = require("node:fs");
  parentPort.on("message", (m) => {
    if (m[0] === 1) fs.appendFileSync(${JSON.stringify(log)}, "registered\\n");
  });
}
${Internal.WORKER_SOURCE}`

/** Every sign request kills the worker. */
const crashAlways = `{
  const { parentPort } = require("node:worker_threads");
  parentPort.on("message", (m) => {
    if (m[0] === 0) process.exit(7);
  });
}
${Internal.WORKER_SOURCE}`

/** The real worker, answering each signature after `millis`. */
const slowWorker = (millis: number) => `{
  const { parentPort } = require("node:worker_threads");
  const post = parentPort.postMessage.bind(parentPort);
  parentPort.postMessage = (m) => (m[0] === -1 ? post(m) : setTimeout(() => post(m), ${millis}));
}
${Internal.WORKER_SOURCE}`

/** Terminates a worker from outside (as a crash would end it) and waits for its exit. */
const exited = (worker: Worker) => Effect.promise(() => worker.terminate())

/** A loopback server answering `{"id":…}` signed after `delayMillis`; records each request (target, body, headers). */
const serve = (delayMillis = 0) =>
  Effect.acquireRelease(
    Effect.callback<{
      readonly server: Http.Server
      readonly seen: Array<{ method: string; target: string; body: string; headers: Record<string, string> }>
    }>((resume) => {
      const seen: Array<{ method: string; target: string; body: string; headers: Record<string, string> }> = []
      const server = Http.createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          seen.push({
            method: request.method ?? "",
            target: request.url ?? "",
            body: Buffer.concat(chunks).toString("utf8"),
            headers: request.headers as Record<string, string>
          })
          const body = JSON.stringify({ id: request.url?.split("/").at(-1) ?? "" })
          void Effect.runPromise(
            Testing.signResponse({ privateKey: wechatpay.privateKey, serial: PUBLIC_KEY_ID, body })
          ).then((signed) =>
            setTimeout(() => {
              response.writeHead(200, { "content-type": "application/json", "request-id": "req-1", ...signed })
              response.end(body)
            }, delayMillis)
          )
        })
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed({ server, seen })))
    }),
    ({ server }) => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void)))
  )

const baseAt = (server: Http.Server, overrides: Partial<WechatPay.Options> = {}): WechatPay.Options => ({
  ...options,
  baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  ...overrides
})

/** The client over NodeTransport itself (the fast path) or behind an identity `mapRequest` (the generic path). */
const layerAt = (
  server: Http.Server,
  pool: Internal.Pool,
  overrides: Partial<WechatPay.Options> = {},
  path: "fast" | "generic" = "fast"
) =>
  WechatPay.layer(baseAt(server, overrides)).pipe(
    Layer.provide(
      Layer.merge(
        path === "fast"
          ? NodeTransport.layer()
          : Layer.effect(
              HttpClient.HttpClient,
              Effect.map(
                HttpClient.HttpClient,
                HttpClient.mapRequest((request) => request)
              )
            ).pipe(Layer.provide(NodeTransport.layer())),
        poolLayer(pool)
      )
    )
  )

/** A logger that keeps every line (message and cause) as text. */
const linesLogger = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ cause, message }) => {
    lines.push(`${Util.inspect(message, { depth: 10 })} ${Cause.pretty(cause)}`)
  })
  return { logger, lines }
}

/**
 * Builds `SigningPool.layer({ size: 1 })` in a node process started with `flags` (the sources run with node's type
 * stripping, `.js` specifiers resolved to the `.ts` files): what the build failed with, or `{ built: true }`.
 */
const buildLayerIn = (flags: ReadonlyArray<string>): unknown => {
  const program = `
import { registerHooks } from "node:module"
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context)
    } catch (error) {
      if (specifier.startsWith(".") && specifier.endsWith(".js")) return next(specifier.slice(0, -3) + ".ts", context)
      throw error
    }
  }
})
const { Cause, Effect, Exit, Layer } = await import("effect")
const SigningPool = await import(${JSON.stringify(Path.resolve(import.meta.dirname, "..", "src", "SigningPool.ts"))})
const exit = await Effect.runPromiseExit(Effect.scoped(Layer.build(SigningPool.layer({ size: 1 }))))
const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
process.stdout.write(JSON.stringify(error === undefined ? { built: true } : { _tag: error._tag, reason: error.reason, message: error.message }))
`
  const child = ChildProcess.spawnSync(
    process.execPath,
    [...flags, "--conditions=@effect-wechatpay/source", "--input-type=module", "--eval", program],
    { cwd: Path.resolve(import.meta.dirname, ".."), encoding: "utf8", timeout: 25_000 }
  )
  if (child.status !== 0) throw new Error(`the child process failed: ${child.stderr}`)
  return JSON.parse(child.stdout)
}
