import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor } from "@effect-wechatpay/api"
import { Campaign, Embedded, Users } from "@effect-wechatpay/campaign"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Effect, Layer, Stream } from "effect"
import * as T from "./support.js"

const appid = Sandbox.defaults.appid

const layer = (dir: string) =>
  Embedded.layer({ filename: Path.join(dir, "campaigns.db") }).pipe(
    Layer.provideMerge(SandboxClient.layer({ sandbox: { maxLogEntries: 200_000 } }))
  )

describe("Campaign (embedded)", () => {
  it.live(
    "sends one coupon to each listed user, exactly once, and reports it",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9900001", 1_000)
        const openids = T.users(300)
        const progress = yield* Campaign.run({
          id: "small",
          target: Campaign.busifavor({ stockId: "9900001", appid }),
          users: Users.fromIterable([...openids, openids[0]!, "bad openid!"]),
          rate: { requests: 500, per: "1 second" }
        })
        expect(progress.status).toBe("completed")
        expect([progress.listed, progress.sent, progress.duplicates, progress.malformed, progress.remaining]).toEqual([
          300, 300, 1, 1, 0
        ])
        expect(progress.failed).toEqual({})
        const view = yield* T.sandboxView(sandbox, "9900001")
        expect(view.issued).toBe(300)
        expect(view.answered.size).toBe(300)
        expect([...view.answered.values()].every((numbers) => numbers.size === 1)).toBe(true)
        const report = (yield* Stream.runCollect(Campaign.report("small"))).join("")
        const lines = report.trim().split("\n")
        expect(lines[0]).toBe("line,openid,status,out_request_no,coupon,error_tag,error_code,sent_at")
        expect(lines).toHaveLength(1 + 300 + 1)
        expect(lines[1]).toMatch(new RegExp(`^1,o-user-0,sent,${Campaign.requestNumber("small", "o-user-0")},\\w+,,,`))
        expect(lines.at(-1)).toMatch(/^302,,malformed,,,"not an openid/)
        // Run again: nothing is sent twice.
        const again = yield* Campaign.run({
          id: "small",
          target: Campaign.busifavor({ stockId: "9900001", appid }),
          users: Users.fromIterable(openids)
        })
        expect([again.sent, again.alreadySent]).toEqual([300, 300])
        expect((yield* Busifavor.queryStock({ stock_id: "9900001" })).send_count_information?.total_send_num).toBe(300)
      }).pipe(Effect.provide(layer(T.tempDir()))),
    120_000
  )
})

describe("Campaign within the limits", () => {
  it.live(
    "a stock out of budget pauses the campaign with a typed reason; resume after the budget is raised finishes it",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9900002", 150, 10_000)
        const openids = T.users(250)
        const target = Campaign.busifavor({ stockId: "9900002", appid })
        const paused = yield* Campaign.run({ id: "budget", target, users: Users.fromIterable(openids) })
        expect(paused.status).toBe("paused")
        expect(paused.paused).toBeInstanceOf(Campaign.StockExhausted)
        expect(paused.paused?.stockId).toBe("9900002")
        expect(paused.sent).toBe(150)
        expect(paused.remaining).toBe(100)
        expect(paused.failed).toEqual({})
        // Still paused when run again: nothing is sent until the campaign is resumed.
        expect((yield* Campaign.status("budget")).status).toBe("paused")

        yield* Busifavor.modifyBudget({
          stock_id: "9900002",
          target_max_coupons: 250,
          current_max_coupons: 150,
          modify_budget_request_no: "budget-raise-1"
        })
        const done = yield* Campaign.resume("budget")
        expect(done.status).toBe("completed")
        expect([done.sent, done.alreadySent, done.remaining]).toEqual([250, 150, 0])
        const view = yield* T.sandboxView(sandbox, "9900002")
        expect(view.issued).toBe(250)
        expect(view.answered.size).toBe(250)
        expect([...view.answered.values()].every((numbers) => numbers.size === 1)).toBe(true)
      }).pipe(Effect.provide(layer(T.tempDir()))),
    120_000
  )

  it.live(
    "代金券: the documented NOT_ENOUGH pauses the campaign with StockExhausted; the users past it stay pending",
    () =>
      Effect.gen(function* () {
        const mchid = Sandbox.defaults.mchid
        const beijing = (millis: number) => `${new Date(millis + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`
        const now = Date.now()
        // 100 coupons of 5 fen (budget 500), at most 80 a day (400 fen).
        const { stock_id } = yield* Favor.createCouponStock({
          ...Sandbox.sampleCreateCouponStockRequest("NOT-ENOUGH-1", mchid),
          available_begin_time: beijing(now + 1_000),
          available_end_time: beijing(now + 30 * 86_400_000)
        })
        yield* Favor.startStock({ stock_id, stock_creator_mchid: mchid })
        yield* Effect.sleep("1100 millis")
        const progress = yield* Campaign.run({
          id: "favor-budget",
          target: Campaign.favor({ stockId: stock_id, stockCreatorMchid: mchid, appid }),
          users: Users.fromIterable(T.users(120)),
          concurrency: 1
        })
        expect(progress.status).toBe("paused")
        expect(progress.paused).toBeInstanceOf(Campaign.StockExhausted)
        expect(progress.paused?.code).toBe("NOT_ENOUGH")
        expect([progress.sent, progress.remaining, progress.failed]).toEqual([80, 40, {}])
        expect((yield* Favor.queryStock({ stock_id, stock_creator_mchid: mchid })).distributed_coupons).toBe(80)
      }).pipe(Effect.provide(layer(T.tempDir()))),
    120_000
  )

  it.live(
    "FREQUENCY_LIMITED on 20% of sends (403 and 429): the campaign slows down and no send fails",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9900003", 1_000)
        const match = { path: "/v3/marketing/busifavor/coupons/send" }
        // Faults apply oldest first, one per matching request: four no-op faults, then one FREQUENCY_LIMITED.
        for (let i = 0; i < 100; i++) {
          yield* sandbox.inject({ match, times: 4, kind: { _tag: "Latency", millis: 0 } })
          yield* sandbox.inject({
            match,
            kind: { _tag: "Error", status: i % 2 === 0 ? 403 : 429, code: "FREQUENCY_LIMITED", message: "频率超限" }
          })
        }
        const progress = yield* Campaign.run({
          id: "throttled",
          target: Campaign.busifavor({ stockId: "9900003", appid }),
          users: Users.fromIterable(T.users(400)),
          rate: { requests: 400, per: "1 second" }
        })
        expect(progress.status).toBe("completed")
        expect(progress.failed).toEqual({})
        expect(progress.sent).toBe(400)
        const view = yield* T.sandboxView(sandbox, "9900003")
        expect(view.throttled).toBeGreaterThanOrEqual(80)
        expect(view.issued).toBe(400)
        expect([...view.answered.values()].every((numbers) => numbers.size === 1)).toBe(true)
      }).pipe(Effect.provide(layer(T.tempDir()))),
    120_000
  )
})
