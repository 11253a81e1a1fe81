/**
 * Flow files of real size, over a real gateway on loopback: a node:http server that answers the link (signed) and
 * serves the file unsigned, generated on the fly (the server holds one chunk at a time), through the real transports.
 * The 1,000,000-row test reports the memory it took.
 */
import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-wechatpay/crypto"
import { Favor as SchemaFavor } from "@effect-wechatpay/schema"
import { Effect, Exit, Fiber, Layer, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import * as FlowFiles from "../src/FlowFiles.js"
import * as NodeTransport from "../src/NodeTransport.js"
import * as WechatPay from "../src/WechatPay.js"
import { options, PUBLIC_KEY_ID, plainExit, wechatpay } from "./stub.js"

const STOCK = "9856000"
const TOKEN = "T0K3N"
const LINK_PATH = `/v3/marketing/favor/stocks/${STOCK}/use-flow`
const FILE_PATH = "/v3/billdownload/file"

/** Row `i` of a 核销明细 file as WeChat Pay writes it (about 125 bytes): 优惠金额 1.05 元, 订单总金额 10.00 元. */
const rowLine = (i: number) =>
  `\`${STOCK},\`${9_800_000_000 + i},\`全场代金券,\`1.05,\`10.00,\`支付,\`42000000002027${String(i).padStart(14, "0")},\`2027-01-01 16:23:05,\`1900009191,\`,\`,\`\r\n`

/** The file, chunk by chunk (1,000 rows each): header, rows, the 总条数 trailer. */
function* fileChunks(rows: number): Generator<Buffer> {
  yield Buffer.from(`${SchemaFavor.USE_FLOW_HEADER_LINE}\r\n`)
  for (let start = 0; start < rows; start += 1000) {
    let text = ""
    for (let i = start; i < Math.min(rows, start + 1000); i++) text += rowLine(i)
    yield Buffer.from(text)
  }
  yield Buffer.from(`总条数\r\n\`${rows}\r\n`)
}

/** Writes the file of `rows` rows to `path` chunk by chunk (never held whole): its SHA-1 and length. */
const writeFile = (path: string, rows: number) => {
  const hash = createHash("sha1")
  let length = 0
  const fd = Fs.openSync(path, "w")
  try {
    for (const chunk of fileChunks(rows)) {
      hash.update(chunk)
      Fs.writeSync(fd, chunk)
      length += chunk.length
    }
  } finally {
    Fs.closeSync(fd)
  }
  return { sha1: hash.digest("hex"), length }
}

interface FileBehaviour {
  readonly rows: number
  /** Sent as `hash_value` instead of the file's SHA-1. */
  readonly hash?: string
  /** Send a `Content-Length` header (default: chunked). */
  readonly contentLength?: boolean
  /** Stop sending (but keep the connection open) after this many bytes. */
  readonly stallAfter?: number
  /** Status answers to the file request before the file is served. */
  readonly before?: ReadonlyArray<{ readonly status: number; readonly body: string }>
}

interface Gateway {
  readonly origin: string
  /** The file's size in bytes. */
  readonly length: number
  /** Requests to the file path, by status. */
  readonly fileRequests: Array<number>
  /** Open server-side sockets. */
  readonly openSockets: () => number
}

/**
 * A loopback gateway for one flow file: the signed link, then the file (unsigned) from a file on disk the server
 * wrote first (so the test process never holds it), read and sent with backpressure.
 */
const gateway = (behaviour: FileBehaviour) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: Http.Server; readonly dir: string; readonly gateway: Gateway }>((resume) => {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-flow-gateway-"))
      const served = Path.join(dir, "served.csv")
      const { sha1, length } = writeFile(served, behaviour.rows)
      const fileRequests: Array<number> = []
      const sockets = new Set<import("node:net").Socket>()
      let origin = ""
      const server = Http.createServer((request, response) => {
        if (request.url === LINK_PATH) {
          const body = JSON.stringify({
            url: `${origin}${FILE_PATH}?token=${TOKEN}`,
            hash_value: behaviour.hash ?? sha1,
            hash_type: "SHA1"
          })
          const headers = Effect.runSync(
            Testing.signResponse({ privateKey: wechatpay.privateKey, serial: PUBLIC_KEY_ID, body })
          )
          response.writeHead(200, { "content-type": "application/json", ...headers })
          response.end(body)
          return
        }
        if (request.url !== `${FILE_PATH}?token=${TOKEN}`) {
          response.writeHead(404).end()
          return
        }
        const early = behaviour.before?.[fileRequests.length]
        if (early !== undefined) {
          fileRequests.push(early.status)
          response.writeHead(early.status, { "content-type": "application/json" }).end(early.body)
          return
        }
        fileRequests.push(200)
        response.writeHead(200, {
          "content-type": "text/csv",
          ...(behaviour.contentLength === true ? { "content-length": String(length) } : {})
        })
        const stall = behaviour.stallAfter
        const source = Fs.createReadStream(served, stall === undefined ? {} : { end: stall - 1 })
        response.on("close", () => source.destroy())
        // A stalled body: the bytes up to `stallAfter`, then nothing (the response is never ended).
        source.pipe(response, { end: stall === undefined })
      })
      server.on("connection", (socket) => {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
      })
      server.listen(0, "127.0.0.1", () => {
        origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        resume(
          Effect.succeed({
            server,
            dir,
            gateway: { origin, length, fileRequests, openSockets: () => sockets.size }
          })
        )
      })
    }),
    ({ server, dir }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => {
          Fs.rmSync(dir, { recursive: true, force: true })
          resume(Effect.void)
        })
      })
  ).pipe(Effect.map(({ gateway }) => gateway))

/** A fresh directory for the temporary file, removed with the test's scope. */
const tempDirectory = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-flow-test-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

const nodeClient = (origin: string, overrides: Partial<WechatPay.Options> = {}) =>
  WechatPay.layer({ ...options, baseUrl: origin, retry: { base: "1 millis" }, ...overrides }).pipe(
    Layer.provide(NodeTransport.layer())
  )

const MiB = 1024 * 1024

interface Memory {
  readonly heapUsed: number
  readonly arrayBuffers: number
  readonly rss: number
}

// A full collection before each sample, so that what is measured is what the stream holds, not garbage a busy machine
// has not collected yet (CI saw 56 MiB "peak" over fetch with the other core loaded; what a stream holds is far less).
V8.setFlagsFromString("--expose-gc")
const gc = Vm.runInNewContext("gc") as () => void

const sample = (): Memory => {
  gc()
  const { heapUsed, arrayBuffers, rss } = process.memoryUsage()
  return { heapUsed, arrayBuffers, rss }
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`

/**
 * Streams every row, sampling memory (after a full GC) every 25,000 rows; the count, the fen redeemed and the peaks
 * above `before`.
 */
const reconcile = (stream: Stream.Stream<SchemaFavor.UseFlowRecord, unknown, WechatPay.WechatPayClient>) =>
  Effect.gen(function* () {
    const before = sample()
    const peak = { heapUsed: 0, arrayBuffers: 0, rss: 0, heapAndBuffers: 0 }
    const observe = () => {
      const now = sample()
      peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed - before.heapUsed)
      peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers - before.arrayBuffers)
      peak.rss = Math.max(peak.rss, now.rss - before.rss)
      peak.heapAndBuffers = Math.max(
        peak.heapAndBuffers,
        now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers
      )
    }
    const started = Date.now()
    const total = yield* Stream.runFold(
      stream,
      () => ({ rows: 0, fen: 0 }),
      (acc, row) => {
        acc.rows += 1
        acc.fen += row.coupon_amount ?? 0
        if (acc.rows % 25_000 === 0) observe()
        return acc
      }
    )
    observe()
    return { ...total, before, peak, seconds: (Date.now() - started) / 1000 }
  })

describe("FlowFiles over a loopback gateway: files of any size, in constant memory", () => {
  it.live(
    "1,000,000 rows (~125 MB) through NodeTransport: every row, constant memory (reported)",
    () =>
      Effect.gen(function* () {
        const rows = 1_000_000
        const server = yield* gateway({ rows, contentLength: true })
        const dir = yield* tempDirectory
        const result = yield* reconcile(FlowFiles.useFlow(STOCK, { tempDirectory: dir })).pipe(
          Effect.provide(nodeClient(server.origin))
        )
        console.log(
          `flow file: ${rows} rows, ${mib(server.length)} in ${result.seconds.toFixed(1)} s; memory above the start: ` +
            `heap ${mib(result.peak.heapUsed)}, array buffers ${mib(result.peak.arrayBuffers)}, ` +
            `heap + buffers ${mib(result.peak.heapAndBuffers)}, RSS ${mib(result.peak.rss)} ` +
            `(start: heap ${mib(result.before.heapUsed)}, RSS ${mib(result.before.rss)})`
        )
        expect(result.rows).toBe(rows)
        expect(result.fen).toBe(rows * 105)
        // The file is ~125 MB; holding it (or its rows) would add at least that much.
        expect(result.peak.heapAndBuffers).toBeLessThan(48 * MiB)
        expect(Fs.readdirSync(dir)).toEqual([])
      }),
    300_000
  )

  it.live(
    "FetchHttpClient: 200,000 rows streamed too, in constant memory",
    () =>
      Effect.gen(function* () {
        const rows = 200_000
        const server = yield* gateway({ rows })
        const dir = yield* tempDirectory
        const layer = WechatPay.layer({ ...options, baseUrl: server.origin }).pipe(Layer.provide(FetchHttpClient.layer))
        const result = yield* reconcile(FlowFiles.useFlow(STOCK, { tempDirectory: dir })).pipe(Effect.provide(layer))
        console.log(
          `flow file over fetch: ${rows} rows in ${result.seconds.toFixed(1)} s; heap + buffers above the start ` +
            `${mib(result.peak.heapAndBuffers)}, RSS ${mib(result.peak.rss)}`
        )
        expect(result.rows).toBe(rows)
        // The file is ~25 MB: holding it (or its rows) would go over.
        expect(result.peak.heapAndBuffers).toBeLessThan(20 * MiB)
        expect(Fs.readdirSync(dir)).toEqual([])
      }),
    120_000
  )

  it.live("a file over maxBytes: TransportError ResponseTooLarge, no row, the temporary file removed", () =>
    Effect.gen(function* () {
      for (const contentLength of [true, false]) {
        const server = yield* gateway({ rows: 10_000, contentLength })
        const dir = yield* tempDirectory
        const emitted: Array<unknown> = []
        const exit = yield* Effect.exit(
          Stream.runForEach(FlowFiles.useFlow(STOCK, { tempDirectory: dir, maxBytes: 100_000 }), (row) =>
            Effect.sync(() => emitted.push(row))
          ).pipe(Effect.provide(nodeClient(server.origin)))
        )
        expect(plainExit(exit)).toEqual(
          Exit.fail(expect.objectContaining({ _tag: "TransportError", reason: "ResponseTooLarge" }))
        )
        expect(emitted).toEqual([])
        expect(Fs.readdirSync(dir)).toEqual([])
        expect(server.fileRequests).toEqual([200])
      }
    })
  )

  it.live("a SHA-1 that is not hash_value: HashMismatch after the whole file, no row emitted, nothing left", () =>
    Effect.gen(function* () {
      const server = yield* gateway({ rows: 5_000, hash: "0".repeat(40) })
      const dir = yield* tempDirectory
      const emitted: Array<unknown> = []
      const exit = yield* Effect.exit(
        Stream.runForEach(FlowFiles.useFlow(STOCK, { tempDirectory: dir }), (row) =>
          Effect.sync(() => emitted.push(row))
        ).pipe(Effect.provide(nodeClient(server.origin)))
      )
      expect(plainExit(exit)).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "FlowFileError", reason: "HashMismatch" }))
      )
      expect(emitted).toEqual([])
      expect(Fs.readdirSync(dir)).toEqual([])
    })
  )

  it.live("a body that stops coming: TransportError Timeout after the client's timeout, no row", () =>
    Effect.gen(function* () {
      const server = yield* gateway({ rows: 5_000, stallAfter: 50_000 })
      const dir = yield* tempDirectory
      const started = Date.now()
      const exit = yield* Effect.exit(
        Stream.runCollect(FlowFiles.useFlow(STOCK, { tempDirectory: dir })).pipe(
          Effect.provide(nodeClient(server.origin, { timeout: "500 millis" }))
        )
      )
      expect(plainExit(exit)).toEqual(Exit.fail(expect.objectContaining({ _tag: "TransportError", reason: "Timeout" })))
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(Fs.readdirSync(dir)).toEqual([])
    })
  )

  it.live("a 429 or 500 before the body is retried as a read; a 404 is the endpoint's typed error", () =>
    Effect.gen(function* () {
      const server = yield* gateway({
        rows: 3,
        before: [
          { status: 429, body: '{"code":"FREQUENCY_LIMIT_EXCEED","message":"频率超限"}' },
          { status: 500, body: '{"code":"SYSTEM_ERROR","message":"系统错误"}' }
        ]
      })
      const rows = yield* Stream.runCollect(FlowFiles.useFlow(STOCK)).pipe(Effect.provide(nodeClient(server.origin)))
      expect(rows.map((row) => row.coupon_id)).toEqual(["9800000000", "9800000001", "9800000002"])
      expect(server.fileRequests).toEqual([429, 500, 200])

      const missing = yield* gateway({
        rows: 3,
        before: [{ status: 404, body: '{"code":"RESOURCE_NOT_EXISTS","message":"下载链接已过期"}' }]
      })
      const exit = yield* Effect.exit(
        Stream.runCollect(FlowFiles.useFlow(STOCK)).pipe(Effect.provide(nodeClient(missing.origin)))
      )
      expect(plainExit(exit)).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "ResourceNotExists", description: "下载链接已过期" }))
      )
      expect(missing.fileRequests).toEqual([404])
    })
  )

  it.live("interrupted mid-file: the temporary file is removed and the connection closed", () =>
    Effect.gen(function* () {
      const server = yield* gateway({ rows: 5_000, stallAfter: 200_000 })
      const dir = yield* tempDirectory
      const fiber = yield* Effect.forkChild(
        Stream.runDrain(FlowFiles.useFlow(STOCK, { tempDirectory: dir })).pipe(
          Effect.provide(nodeClient(server.origin, { timeout: "30 seconds" }))
        )
      )
      // Wait until the download has started writing.
      for (let i = 0; i < 200 && Fs.readdirSync(dir).length === 0; i++) yield* Effect.sleep("10 millis")
      expect(Fs.readdirSync(dir)).toHaveLength(1)
      yield* Effect.sleep("100 millis")
      yield* Fiber.interrupt(fiber)
      expect(Fs.readdirSync(dir)).toEqual([])
      for (let i = 0; i < 100 && server.openSockets() > 0; i++) yield* Effect.sleep("10 millis")
      expect(server.openSockets()).toBe(0)
    })
  )

  it.live("the temporary file is private: 0600 in a 0700 directory", () =>
    Effect.gen(function* () {
      const server = yield* gateway({ rows: 5_000, stallAfter: 100_000 })
      const dir = yield* tempDirectory
      const fiber = yield* Effect.forkChild(
        Stream.runDrain(FlowFiles.useFlow(STOCK, { tempDirectory: dir })).pipe(
          Effect.provide(nodeClient(server.origin, { timeout: "30 seconds" }))
        )
      )
      const files = () => Fs.readdirSync(dir).flatMap((sub) => Fs.readdirSync(Path.join(dir, sub)).map((f) => [sub, f]))
      for (let i = 0; i < 200 && files().length === 0; i++) yield* Effect.sleep("10 millis")
      const [[sub, file]] = files() as [[string, string]]
      expect(file).toBe("flow.csv")
      expect(Fs.statSync(Path.join(dir, sub)).mode & 0o777).toBe(0o700)
      expect(Fs.statSync(Path.join(dir, sub, file)).mode & 0o777).toBe(0o600)
      yield* Fiber.interrupt(fiber)
    })
  )
})
