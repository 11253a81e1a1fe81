/**
 * A campaign process of `pnpm bench:campaign` (forked by `campaign.ts`, configured by `CAMPAIGN_BENCH`, JSON: see
 * `RunnerConfig`). Embedded: one process, `Embedded.layer` over a SQLite file. Distributed: one of the runners,
 * `Distributed.layer` over the bench's PostgreSQL; the `driver` runs the campaign (it reads the CSV and drives the
 * chunks, which the workflow engine spreads over every runner's shards), the `host`s only host shards and send.
 *
 * The driver waits for `go`, then runs `Campaign.run` with the CSV (`Users.csv`), telling the bench when the CSV was
 * read to its end (`loaded`: the load phase is over, the send phase begins) and, at the end, the final progress, the
 * times and the size of the campaign's state. After the bench has read every process's CPU it may ask for `check`:
 * the campaign's report, read and checked (every line sent, one coupon each, the request numbers the campaign's).
 */
import * as Fs from "node:fs"
import { NodeTransport, WechatPay } from "@effect-wechatpay/api"
import { Campaign, Distributed, Embedded, Users } from "@effect-wechatpay/campaign"
import { Effect, Layer, Redacted, Stream } from "effect"
import * as SqlClient from "effect/sql/SqlClient"
import {
  childStats,
  type ReportCheck,
  type RunnerConfig,
  type RunnerMessage,
  type RunnerReply,
  type RunResult
} from "./campaignProtocol.js"

const config = JSON.parse(process.env.CAMPAIGN_BENCH ?? "{}") as RunnerConfig
const reply = (message: RunnerReply) => process.send?.(message)
const now = () => performance.timeOrigin + performance.now()

let go: () => void = () => {}
const started = new Promise<void>((resolve) => {
  go = resolve
})
let check: () => void = () => {}
const checkAsked = new Promise<void>((resolve) => {
  check = resolve
})
process.on("message", (message: RunnerMessage) => {
  if (message.type === "stats") reply({ type: "stats", stats: childStats() })
  else if (message.type === "check") check()
  else if (message.type === "stop") process.exit(0)
  else if (message.type === "go") go()
})
process.on("disconnect", () => process.exit(0))

const WechatPayLive = WechatPay.layer({
  ...config.credentials,
  merchantPrivateKey: Redacted.make(config.credentials.merchantPrivateKey),
  apiV3Key: Redacted.make(config.credentials.apiV3Key),
  baseUrl: config.baseUrl
}).pipe(Layer.provide(NodeTransport.layer()))

const CampaignLive =
  config.distributed !== undefined
    ? Distributed.layer({
        postgres: { ...config.distributed.postgres, maxConnections: 16 },
        runner: { host: "127.0.0.1", port: config.distributed.runnerPort }
      })
    : Embedded.layer({ filename: config.embedded?.filename ?? ":memory:" })

const fileSize = (path: string) => (Fs.existsSync(path) ? Fs.statSync(path).size : 0)

/** The bytes of the campaign's state: the SQLite file and its -wal and -shm, or the PostgreSQL database. */
const storage = Effect.gen(function* () {
  if (config.embedded !== undefined) {
    const file = config.embedded.filename
    const parts: Array<readonly [string, number]> = [
      ["database file", fileSize(file)],
      ["-wal", fileSize(`${file}-wal`)],
      ["-shm", fileSize(`${file}-shm`)]
    ]
    return { total: parts.reduce((sum, [, bytes]) => sum + bytes, 0), parts }
  }
  const sql = yield* SqlClient.SqlClient
  const [database] = yield* sql<{ readonly bytes: string }>`SELECT pg_database_size(current_database()) AS bytes`
  const tables = yield* sql<{ readonly name: string; readonly bytes: string }>`
    SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 4`
  return {
    total: Number(database?.bytes ?? 0),
    parts: tables.map((table) => [table.name, Number(table.bytes)] as const)
  }
})

/** Reads the campaign's report (CSV) and checks it line by line. */
const checkReport = Effect.gen(function* () {
  const openids = new Set<string>()
  const coupons = new Set<string>()
  const sample: Array<{ readonly openid: string; readonly coupon: string }> = []
  const every = Math.max(1, Math.floor(config.campaign.users / 200))
  let lines = 0
  let sent = 0
  let wrongRequestNumbers = 0
  let header = true
  let pending = ""
  yield* Campaign.report(config.campaign.id).pipe(
    Stream.runForEach((chunk) =>
      Effect.sync(() => {
        pending += chunk
        let end = pending.indexOf("\n")
        while (end >= 0) {
          const text = pending.slice(0, end)
          pending = pending.slice(end + 1)
          end = pending.indexOf("\n")
          if (header) {
            header = false
            continue
          }
          const [, openid = "", status, outRequestNo, coupon = ""] = text.split(",")
          lines++
          if (status === "sent") sent++
          openids.add(openid)
          if (coupon !== "") coupons.add(coupon)
          if (outRequestNo !== Campaign.requestNumber(config.campaign.id, openid)) wrongRequestNumbers++
          if (lines % every === 0) sample.push({ openid, coupon })
        }
      })
    )
  )
  return {
    lines,
    sent,
    distinctOpenids: openids.size,
    distinctCoupons: coupons.size,
    wrongRequestNumbers,
    sample
  } satisfies ReportCheck
})

const driver = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  if (config.distributed !== undefined) {
    // Every runner in the cluster before the campaign starts, so that its chunks are spread over all of them.
    while (true) {
      const [row] = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM cluster_runners`
      if ((row?.n ?? 0) >= config.distributed.runners) break
      yield* Effect.sleep("100 millis")
    }
  }
  yield* Campaign.migrate
  const storageBefore = (yield* storage).total
  reply({ type: "ready" })
  yield* Effect.promise(() => started)
  const startedAt = now()
  let loadedAt = 0
  const users = Users.csv(config.campaign.csv).pipe(
    Stream.onEnd(
      Effect.sync(() => {
        loadedAt = now()
        reply({ type: "loaded", at: loadedAt })
      })
    )
  )
  const progress = yield* Campaign.run({
    id: config.campaign.id,
    target: Campaign.busifavor({ stockId: config.campaign.stockId, appid: config.appid }),
    users,
    rate: { requests: config.campaign.rate, per: "1 second" },
    concurrency: config.campaign.concurrency,
    progressInterval: `${config.campaign.progressSeconds ?? 5} seconds`,
    onProgress: (p) => Effect.sync(() => reply({ type: "progress", sent: p.sent, listed: p.listed, rate: p.rate }))
  })
  const endedAt = now()
  const result: RunResult = {
    progress: {
      status: progress.status,
      listed: progress.listed,
      sent: progress.sent,
      alreadySent: progress.alreadySent,
      duplicates: progress.duplicates,
      failed: progress.failed,
      malformed: progress.malformed,
      remaining: progress.remaining
    },
    startedAt,
    loadedAt,
    endedAt,
    storage: yield* storage,
    storageBefore
  }
  reply({ type: "result", result })
  yield* Effect.promise(() => checkAsked)
  reply({ type: "check", check: yield* checkReport })
  return yield* Effect.never
})

const host = Effect.gen(function* () {
  reply({ type: "ready" })
  return yield* Effect.never
})

Effect.runPromise(
  (config.role === "driver" ? driver : host).pipe(Effect.provide(CampaignLive.pipe(Layer.provideMerge(WechatPayLive))))
).catch((error: unknown) => {
  reply({ type: "failed", message: String(error) })
  process.exit(1)
})
