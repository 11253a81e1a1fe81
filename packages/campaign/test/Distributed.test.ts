/**
 * The distributed mode against the sandbox: three runner processes (test/support/runner.ts) over a PostgreSQL server
 * of the test's own (test/support/postgres.ts) share one campaign, each driving it; one is killed (SIGKILL) when about
 * a third of the users were sent. The other two finish it: every listed user has exactly one coupon (the stock's own
 * count and the sandbox's request log: one request number per openid, the campaign's), none is missing, and the
 * sends the sandbox received, counted over every 1 s window of its request log, never exceed the campaign's rate.
 * Outside CI a machine without PostgreSQL skips these tests (and says so); in CI (CI=true) a missing server fails them.
 */
import * as ChildProcess from "node:child_process"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Busifavor } from "@effect-wechatpay/api"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Context, Deferred, Duration, Effect, Fiber, Layer, Redacted } from "effect"
import * as Campaign from "../src/Campaign.js"
import * as CampaignLimiter from "../src/CampaignLimiter.js"
import * as Distributed from "../src/Distributed.js"
import * as Postgres from "./support/postgres.js"
import type { RunnerConfig } from "./support/runner.js"

const SEND_PATH = "/v3/marketing/busifavor/coupons/send"

const freePort = Effect.callback<number, Error>((resume) => {
  const server = Net.createServer()
  server.on("error", (error) => resume(Effect.fail(error)))
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as Net.AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})

interface Runner {
  readonly child: ChildProcess.ChildProcess
  readonly ready: Deferred.Deferred<void, Error>
  readonly result: Deferred.Deferred<Campaign.Progress, Error>
  readonly output: () => string
}

/** Starts a runner process; it is killed (if still alive) with the scope. */
const startRunner = (config: RunnerConfig) =>
  Effect.gen(function* () {
    const ready = yield* Deferred.make<void, Error>()
    const result = yield* Deferred.make<Campaign.Progress, Error>()
    let output = ""
    let pending = ""
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        ChildProcess.spawn(
          process.execPath,
          [
            "--conditions=@effect-wechatpay/source",
            "--import",
            "tsx",
            Path.join(import.meta.dirname, "support", "runner.ts")
          ],
          {
            cwd: Path.join(import.meta.dirname, ".."),
            env: { ...process.env, CAMPAIGN_RUNNER: JSON.stringify(config), NO_COLOR: "1" },
            stdio: ["ignore", "pipe", "pipe"]
          }
        )
      ),
      (child) =>
        Effect.callback<void>((resume) => {
          if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
          child.once("exit", () => resume(Effect.void))
          child.kill("SIGKILL")
        })
    )
    // The sandbox stands for WeChat Pay's servers, which do not share the runners' CPU: on this machine they do, and a
    // sandbox starved of CPU stamps the requests it could not read in time all at once when it catches up (a burst in
    // its log that no runner sent). The runners run at a lower priority, so the sandbox reads each request when it comes.
    if (child.pid !== undefined) Os.setPriority(child.pid, 10)
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      pending += chunk.toString()
      let newline = pending.indexOf("\n")
      while (newline >= 0) {
        const line = pending.slice(0, newline)
        pending = pending.slice(newline + 1)
        if (line === "READY") Deferred.doneUnsafe(ready, Effect.void)
        if (line.startsWith("RESULT ")) Deferred.doneUnsafe(result, Effect.succeed(JSON.parse(line.slice(7))))
        newline = pending.indexOf("\n")
      }
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on("exit", (code, signal) => {
      const error = new Error(`runner exited (${code ?? signal}):\n${output.slice(-4000)}`)
      Deferred.doneUnsafe(ready, Effect.fail(error))
      Deferred.doneUnsafe(result, Effect.fail(error))
    })
    return { child, ready, result, output: () => output } satisfies Runner
  })

/** The most requests in any window `[t, t + window)` of the sorted arrival times. */
const busiestWindow = (times: ReadonlyArray<number>, window: number) => {
  let most = 0
  let start = 0
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= window) start++
    most = Math.max(most, end - start + 1)
  }
  return most
}

describe.skipIf(!Postgres.hasPostgres && process.env.CI !== "true")(
  "Distributed (PostgreSQL; skipped without PostgreSQL)",
  () => {
    it.live(
      "the limiter held in PostgreSQL: three processes' pools share one slot sequence, no burst, one pause for all",
      () =>
        Effect.gen(function* () {
          const server = Context.get(yield* Layer.build(Postgres.layer), Postgres.PostgresServer)
          const database = yield* server.createDatabase("limiter")
          // Three pools, as three runners would have: each its own limiter over the same table.
          const limiters = yield* Effect.forEach([1, 2, 3], () =>
            Layer.build(
              Distributed.layerLimiter({ guard: 50 }).pipe(Layer.provide(Postgres.clientLayer(server, database)))
            ).pipe(
              Effect.orDie,
              Effect.map((context) => Context.get(context, CampaignLimiter.CampaignLimiter))
            )
          )
          const rate = { requests: 100, per: "1 second" } as const
          const times: Array<number> = []
          // currentRate counts the slots of the last complete second: read while the sends run, over a run that holds
          // at least one whole second, its highest reading is that second's (about 95). A single read after the run
          // could land on a second the run only began in.
          let highestRate = 0
          const sampler = yield* Effect.forkChild(
            Effect.forever(
              Effect.andThen(limiters[1]!.currentRate("send"), (rate) =>
                Effect.andThen(
                  Effect.sync(() => (highestRate = Math.max(highestRate, rate))),
                  Effect.sleep("50 millis")
                )
              )
            )
          )
          const started = Date.now()
          // 3 limiters x 80 fibers, all at once: 240 sends at 100/s (slots 10.5 ms apart with a 50 ms guard) take
          // over 2.4 s, evenly spaced: a token bucket would let the first 100 go at once.
          yield* Effect.forEach(
            Array.from({ length: 240 }, (_, i) => limiters[i % 3]!),
            (limiter) =>
              Effect.andThen(
                limiter.take("send", rate),
                Effect.sync(() => times.push(Date.now()))
              ),
            { concurrency: "unbounded", discard: true }
          )
          yield* Fiber.interrupt(sampler)
          times.sort((a, b) => a - b)
          expect(times.at(-1)! - started).toBeGreaterThanOrEqual(2400)
          expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(101)
          expect(busiestWindow(times, 100)).toBeLessThanOrEqual(15)
          expect(highestRate).toBeGreaterThan(50)
          expect(highestRate).toBeLessThanOrEqual(101)
          // FREQUENCY_LIMITED seen by one runner pauses them all.
          yield* limiters[0]!.slowDown("send", Duration.millis(600))
          const before = Date.now()
          yield* limiters[2]!.take("send", rate)
          expect(Date.now() - before).toBeGreaterThanOrEqual(550)
          // Another key is another sequence.
          const other = Date.now()
          yield* limiters[1]!.take("other", rate)
          expect(Date.now() - other).toBeLessThan(300)
        }),
      { timeout: 60_000 }
    )

    it.live(
      "three runners share one campaign, one killed mid-way: 0 duplicates, 0 missing, never above the rate",
      () =>
        Effect.gen(function* () {
          const users = 2400
          const rate = 150
          const stockId = "9900101"
          const server = Context.get(yield* Layer.build(Postgres.layer), Postgres.PostgresServer)
          const database = yield* server.createDatabase("distributed")
          const sandbox = yield* Sandbox.SandboxGateway
          // A stock whose codes WeChat Pay makes, nothing sent yet, room for twice the users (at most 5 per user): a
          // duplicate send would be counted, not refused.
          const stock = Sandbox.defaultBusifavorStock(sandbox.credentials.mchid)
          yield* sandbox.seedBusifavorStock({
            ...stock,
            stock_id: stockId,
            coupon_code_mode: "WECHATPAY_MODE",
            coupon_code_count: null,
            send_count_information: {
              total_send_num: 0,
              total_send_amount: 0,
              today_send_num: 0,
              today_send_amount: 0
            },
            stock_send_rule: {
              ...stock.stock_send_rule,
              max_coupons: users * 2,
              max_coupons_by_day: users * 2,
              max_coupons_per_user: 5,
              max_amount: 1_000_000_000,
              max_amount_by_day: 1_000_000_000
            }
          })
          const campaign = { id: "distributed", stockId, appid: Sandbox.defaults.appid, users, prefix: "o-dist-", rate }
          const runners: Array<Runner> = []
          for (let i = 0; i < 3; i++) {
            runners.push(
              yield* startRunner({
                postgres: { host: server.socketDir, port: server.port, username: server.username, database },
                runnerPort: yield* freePort,
                runners: 3,
                // This machine's runners, sandbox and PostgreSQL share two cores with the rest of the test suite: a send
                // may reach the sandbox well after its slot, so the limiter's guard is larger than its default.
                guard: 400,
                client: {
                  mchid: sandbox.credentials.mchid,
                  merchantSerialNumber: sandbox.credentials.merchantSerialNumber,
                  merchantPrivateKey: Redacted.value(sandbox.credentials.merchantPrivateKey),
                  apiV3Key: Redacted.value(sandbox.credentials.apiV3Key),
                  baseUrl: sandbox.baseUrl,
                  wechatpayPublicKey: sandbox.credentials.wechatpayPublicKey
                },
                campaign
              })
            )
          }
          const dump = () => runners.map((runner, i) => `--- runner ${i}\n${runner.output().slice(-3000)}`).join("\n")
          const within = <A, E, R>(what: string, seconds: number, effect: Effect.Effect<A, E, R>) =>
            effect.pipe(
              Effect.timeoutOrElse({
                duration: `${seconds} seconds`,
                orElse: () => Effect.die(new Error(`${what}: not within ${seconds} s\n${dump()}`))
              })
            )
          yield* within(
            "runners ready",
            60,
            Effect.forEach(runners, (runner) => Deferred.await(runner.ready), { concurrency: "unbounded" })
          )

          // Kill the first runner once about a third of the users have their coupon.
          const sends = Effect.map(sandbox.requests, (log) =>
            log.filter((entry) => entry.path === SEND_PATH && entry.status === 200)
          )
          yield* within(
            "a third sent",
            60,
            Effect.gen(function* () {
              while ((yield* sends).length < users / 3) {
                if (runners[0]!.child.exitCode !== null) break
                yield* Effect.sleep("50 millis")
              }
            })
          )

          const sentAtKill = (yield* sends).length
          runners[0]!.child.kill("SIGKILL")
          expect(sentAtKill).toBeGreaterThan(0)
          expect(sentAtKill).toBeLessThan(users)

          const results = yield* within(
            "the campaign completed",
            90,
            Effect.forEach(runners.slice(1), (runner) => Deferred.await(runner.result), { concurrency: "unbounded" })
          )

          for (const progress of results) {
            expect(progress.status).toBe("completed")
            expect([progress.listed, progress.remaining, progress.sent]).toEqual([users, 0, users])
            expect(progress.failed).toEqual({})
          }

          // A client of the cluster (no shards: what a command-line tool uses) reads the campaign from PostgreSQL.
          const client = yield* Layer.build(
            Distributed.layerClient({
              postgres: { host: server.socketDir, port: server.port, username: server.username, database }
            })
          ).pipe(Effect.orDie)
          const status = yield* Campaign.status(campaign.id).pipe(Effect.provide(client))
          expect([status.status, status.listed, status.sent, status.remaining]).toEqual(["completed", users, users, 0])

          // 0 duplicates, 0 missing: the stock issued one coupon per listed user, and each openid was answered for
          // exactly one request number, the campaign's.
          const sent = yield* Busifavor.queryStock({ stock_id: stockId })
          expect(sent.send_count_information?.total_send_num).toBe(users)
          const log = yield* sandbox.requests
          const answered = new Map<string, Set<string>>()
          for (const entry of log) {
            if (entry.path !== SEND_PATH || entry.status !== 200) continue
            const body = JSON.parse(entry.body) as { readonly openid: string; readonly out_request_no: string }
            answered.set(body.openid, (answered.get(body.openid) ?? new Set()).add(body.out_request_no))
          }
          expect(answered.size).toBe(users)
          for (let i = 0; i < users; i++) {
            const openid = `${campaign.prefix}${i}`
            expect([...(answered.get(openid) ?? [])]).toEqual([Campaign.requestNumber(campaign.id, openid)])
          }

          // The combined rate the sandbox saw: every send request (answered or not), over every 1 s window.
          const arrivals = log
            .filter((entry) => entry.path === SEND_PATH)
            .map((entry) => entry.receivedAt)
            .sort((a, b) => a - b)
          const busiest = busiestWindow(arrivals, 1000)
          console.log(
            `distributed: ${arrivals.length} send requests for ${users} users, busiest 1 s window ${busiest} (limit ${rate}), ` +
              `${sentAtKill} sent when a runner was killed, ${((arrivals.at(-1)! - arrivals[0]!) / 1000).toFixed(1)} s of sending`
          )
          expect(busiest).toBeLessThanOrEqual(rate)
        }).pipe(Effect.provide(SandboxClient.layer({ sandbox: { maxLogEntries: Number.POSITIVE_INFINITY } }))),
      { timeout: 180_000 }
    )
  }
)
