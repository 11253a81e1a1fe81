import * as Fs from "node:fs"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor, NodeTransport, WechatPay } from "@effect-wechatpay/api"
import { Sandbox } from "@effect-wechatpay/sandbox"
import { Effect, Layer, Redacted } from "effect"
import { jsonOf, type Running, run, startSandbox, tempDir, wechatpay } from "./support.js"

// `wechatpay campaign …` (the commands of @effect-wechatpay/campaign, mounted by the cli) run as the built bin
// against a sandbox; the campaign's state in a SQLite file of a temporary directory.

let gateway: Running
let dir: string
beforeAll(async () => {
  gateway = await startSandbox({ maxLogEntries: 50_000 })
  dir = tempDir("wechatpay-campaign-cli-")
}, 120_000)
afterAll(async () => {
  await gateway?.close()
  if (dir !== undefined) Fs.rmSync(dir, { recursive: true, force: true })
})

const appid = Sandbox.defaults.appid

/** Seeds a 商家券 stock that can send `maxCoupons` coupons (at most 5 per user: a duplicate would be visible). */
const seedStock = (stockId: string, maxCoupons: number) =>
  run(
    gateway.sandbox.seedBusifavorStock({
      ...Sandbox.defaultBusifavorStock(gateway.sandbox.credentials.mchid),
      stock_id: stockId,
      coupon_code_mode: "WECHATPAY_MODE",
      stock_send_rule: {
        ...Sandbox.defaultBusifavorStock(gateway.sandbox.credentials.mchid).stock_send_rule,
        max_coupons: maxCoupons,
        max_coupons_by_day: 100_000,
        max_amount: 1_000_000_000,
        max_amount_by_day: 1_000_000_000
      },
      send_count_information: { total_send_num: 0, total_send_amount: 0, today_send_num: 0, today_send_amount: 0 }
    })
  )

/** A CSV of `n` users under an `openid` header, with `extra` lines appended. */
const usersFile = (name: string, n: number, extra: ReadonlyArray<string> = []) => {
  const file = Path.join(dir, name)
  const lines = ["openid", ...Array.from({ length: n }, (_, i) => `o-${name}-${i}`), ...extra]
  Fs.writeFileSync(file, `${lines.join("\n")}\n`)
  return file
}

/** Per openid, the request numbers of the sends the sandbox answered 200; and the stock's own counter. */
const sandboxView = (stockId: string) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const log = yield* gateway.sandbox.requests
      const answered = new Map<string, Set<string>>()
      for (const entry of log) {
        if (entry.method !== "POST" || entry.path !== "/v3/marketing/busifavor/coupons/send" || entry.status !== 200) {
          continue
        }
        const body = JSON.parse(entry.body) as {
          readonly stock_id: string
          readonly openid: string
          readonly out_request_no: string
        }
        if (body.stock_id !== stockId) continue
        const numbers = answered.get(body.openid) ?? new Set<string>()
        numbers.add(body.out_request_no)
        answered.set(body.openid, numbers)
      }
      const stock = yield* Busifavor.queryStock({ stock_id: stockId }).pipe(Effect.provide(client))
      return { answered, issued: Number(stock.send_count_information?.total_send_num ?? 0) }
    })
  )

const client = Layer.unwrap(
  Effect.sync(() => {
    const { credentials } = gateway.sandbox
    return WechatPay.layer({
      mchid: credentials.mchid,
      merchantSerialNumber: credentials.merchantSerialNumber,
      merchantPrivateKey: credentials.merchantPrivateKey,
      apiV3Key: credentials.apiV3Key,
      wechatpayPublicKey: credentials.wechatpayPublicKey,
      baseUrl: gateway.sandbox.baseUrl
    })
  })
).pipe(Layer.provide(NodeTransport.layer()))

describe("wechatpay campaign", () => {
  it("run: a CSV of 300 users and a malformed line completes (exit 0), one coupon each; status --json says completed", async () => {
    await seedStock("9910001", 1_000)
    const users = usersFile("small", 300, ["bad openid!"])
    const db = Path.join(dir, "campaigns.db")
    const report = Path.join(dir, "small-report.csv")
    const ran = await wechatpay(
      [
        "campaign",
        "run",
        "--id",
        "small",
        "--stock",
        "9910001",
        "--busifavor",
        "--appid",
        appid,
        "--users",
        users,
        "--rate",
        "600/s",
        "--db",
        db,
        "--report",
        report,
        "--progress-interval",
        "0.2"
      ],
      { env: gateway.env }
    )
    expect([ran.status, ran.stderr.split("\n").filter((line) => line.startsWith("wechatpay: "))]).toEqual([0, []])
    expect(ran.stdout).toBe(
      `campaign small completed: sent 300/300, already sent 0, failed 0, remaining 0, malformed 1, ${/(\d+)\/s\n/.exec(ran.stdout)?.[1]}/s\nreport: ${report}\n`
    )
    // Not a terminal: progress as plain lines on stderr, nothing else.
    const progressLines = ran.stderr.trim().split("\n")
    expect(progressLines.length).toBeGreaterThanOrEqual(1)
    for (const line of progressLines) expect(line).toMatch(/^campaign small (running|completed): sent \d+\/\d+, /)
    const view = await sandboxView("9910001")
    expect(view.issued).toBe(300)
    expect(view.answered.size).toBe(300)
    expect([...view.answered.values()].every((numbers) => numbers.size === 1)).toBe(true)
    const lines = Fs.readFileSync(report, "utf8").trim().split("\n")
    expect(lines[0]).toBe("line,openid,status,out_request_no,coupon,error_tag,error_code,sent_at")
    expect(lines).toHaveLength(1 + 300 + 1)
    expect(lines.at(-1)).toMatch(/^302,,malformed,/)

    const status = await wechatpay(["campaign", "status", "--id", "small", "--db", db, "--json"])
    expect(status.status).toBe(0)
    expect(jsonOf(status)).toMatchObject({
      campaignId: "small",
      status: "completed",
      listed: 300,
      sent: 300,
      failed: {},
      malformed: 1,
      remaining: 0
    })
    // Run again: nothing is sent twice.
    const again = await wechatpay(
      ["campaign", "run", "--id", "small", "--stock", "9910001", "--busifavor", "--appid", appid, "--users", users],
      { env: gateway.env, cwd: dir }
    )
    expect(again.status).toBe(0)
    expect(again.stdout).toContain("sent 300/300, already sent 300")
    expect((await sandboxView("9910001")).issued).toBe(300)
  }, 120_000)

  it("a stock out of budget: run exits 4 with the reason in one line; after the budget is raised, resume completes", async () => {
    await seedStock("9910002", 100)
    const users = usersFile("budget", 160)
    const db = Path.join(dir, "budget.db")
    const args = ["--id", "budget", "--db", db]
    const paused = await wechatpay(
      ["campaign", "run", ...args, "--stock", "9910002", "--busifavor", "--appid", appid, "--users", users],
      { env: gateway.env }
    )
    expect(paused.status).toBe(4)
    const errors = paused.stderr.split("\n").filter((line) => line.startsWith("wechatpay: "))
    expect(errors).toEqual([
      `wechatpay: campaign budget paused: stock 9910002 is out of budget (INVALID_REQUEST: 批次已发完): raise its budget, then run 'wechatpay campaign resume --id budget --db ${db}'`
    ])
    expect(paused.stdout).toContain("campaign budget paused: sent 100/160")
    const status = await wechatpay(["campaign", "status", ...args, "--json"])
    expect(jsonOf(status)).toMatchObject({
      status: "paused",
      paused: { _tag: "StockExhausted", stockId: "9910002" },
      remaining: 60
    })

    await Effect.runPromise(
      Busifavor.modifyBudget({
        stock_id: "9910002",
        target_max_coupons: 160,
        current_max_coupons: 100,
        modify_budget_request_no: "cli-budget-raise-1"
      }).pipe(Effect.provide(client))
    )
    const resumed = await wechatpay(["campaign", "resume", ...args, "--json"], { env: gateway.env })
    expect(resumed.status).toBe(0)
    expect(jsonOf(resumed)).toMatchObject({ status: "completed", sent: 160, alreadySent: 100, remaining: 0 })
    const view = await sandboxView("9910002")
    expect(view.issued).toBe(160)
    expect(view.answered.size).toBe(160)
    expect([...view.answered.values()].every((numbers) => numbers.size === 1)).toBe(true)
  }, 120_000)

  it("failed sends: run exits 1 naming them by tag; resume --retry-failed sends them again (exit 0)", async () => {
    await seedStock("9910004", 1_000)
    const users = usersFile("failing", 40)
    const db = Path.join(dir, "failing.db")
    await run(
      gateway.sandbox.inject({
        match: { path: "/v3/marketing/busifavor/coupons/send" },
        times: 3,
        kind: { _tag: "Error", status: 400, code: "PARAM_ERROR", message: "参数错误" }
      })
    )
    const args = ["--id", "failing", "--db", db]
    const ran = await wechatpay(
      ["campaign", "run", ...args, "--stock", "9910004", "--busifavor", "--appid", appid, "--users", users, "--json"],
      { env: gateway.env }
    )
    expect(ran.status).toBe(1)
    expect(ran.stderr.split("\n").filter((line) => line.startsWith("wechatpay: "))).toEqual([
      `wechatpay: campaign failing completed with 3 failed sends (ParamError 3): the report lists them; 'wechatpay campaign resume --id failing --db ${db} --retry-failed' sends them again`
    ])
    expect(jsonOf(ran)).toMatchObject({ status: "completed", sent: 37, failed: { ParamError: 3 }, remaining: 0 })
    const report = await wechatpay(["campaign", "report", ...args, "--format", "jsonl"])
    const lines = report.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { readonly status: string; readonly errorCode?: string })
    expect(lines.filter((line) => line.status === "failed").map((line) => line.errorCode)).toEqual([
      "PARAM_ERROR",
      "PARAM_ERROR",
      "PARAM_ERROR"
    ])
    const resumed = await wechatpay(["campaign", "resume", ...args, "--retry-failed"], { env: gateway.env })
    expect(resumed.status).toBe(0)
    expect(resumed.stdout).toContain("campaign failing completed: sent 40/40, already sent 37, failed 0")
    const view = await sandboxView("9910004")
    expect([view.issued, view.answered.size]).toEqual([40, 40])
  }, 120_000)

  it("代金券: --favor --stock-creator-mchid sends one coupon of the stock to each user", async () => {
    const mchid = gateway.sandbox.credentials.mchid
    const beijing = (millis: number) => `${new Date(millis + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`
    const now = Date.now()
    const stockId = await Effect.runPromise(
      Effect.gen(function* () {
        const { stock_id } = yield* Favor.createCouponStock({
          ...Sandbox.sampleCreateCouponStockRequest("CLI-FAVOR-1", mchid),
          available_begin_time: beijing(now + 1_000),
          available_end_time: beijing(now + 30 * 86_400_000)
        })
        yield* Favor.startStock({ stock_id, stock_creator_mchid: mchid })
        yield* Effect.sleep("1100 millis")
        return stock_id
      }).pipe(Effect.provide(client))
    )
    const users = usersFile("favor", 30)
    const db = Path.join(dir, "favor.db")
    const ran = await wechatpay(
      [
        "campaign",
        "run",
        "--id",
        "favor",
        "--db",
        db,
        "--stock",
        stockId,
        "--favor",
        "--stock-creator-mchid",
        mchid,
        "--appid",
        appid,
        "--users",
        users
      ],
      { env: gateway.env }
    )
    expect([ran.status, ran.stderr.split("\n").filter((line) => line.startsWith("wechatpay: "))]).toEqual([0, []])
    expect(ran.stdout).toContain("campaign favor completed: sent 30/30")
    const distributed = await Effect.runPromise(
      Favor.queryStock({ stock_id: stockId, stock_creator_mchid: mchid }).pipe(Effect.provide(client))
    )
    expect(distributed.distributed_coupons).toBe(30)
  }, 120_000)

  it("a missing WECHATPAY_* variable: one configuration line (exit 3), no secret printed", async () => {
    const users = usersFile("config", 3)
    const env = { ...gateway.env }
    delete (env as Record<string, string>)["WECHATPAY_MCHID"]
    const ran = await wechatpay(
      [
        "campaign",
        "run",
        "--id",
        "config",
        "--stock",
        "9910003",
        "--busifavor",
        "--appid",
        appid,
        "--users",
        users,
        "--db",
        Path.join(dir, "config.db")
      ],
      { env }
    )
    expect(ran.status).toBe(3)
    expect(ran.stderr).toBe(
      "wechatpay: configuration: WECHATPAY_MCHID is not set (docs/configuration.md lists the WECHATPAY_* variables)\n"
    )
    expect(ran.stdout).toBe("")
    const apiV3Key = Redacted.value(gateway.sandbox.credentials.apiV3Key)
    expect(ran.stderr).not.toContain(apiV3Key)
  }, 60_000)

  it("usage: one of --favor and --busifavor, --favor with its creator, a rate it can read, an existing database and campaign", async () => {
    const users = usersFile("usage", 1)
    const empty = Path.join(dir, "empty.db")
    Fs.writeFileSync(empty, "")
    const base = ["campaign", "run", "--id", "usage", "--stock", "1", "--appid", appid, "--users", users]
    const [neither, favor, rate, status, unknown] = await Promise.all([
      wechatpay(base),
      wechatpay([...base, "--favor"]),
      wechatpay([...base, "--busifavor", "--rate", "fast"]),
      wechatpay(["campaign", "status", "--id", "usage", "--db", Path.join(dir, "absent.db")]),
      wechatpay(["campaign", "report", "--id", "nobody", "--db", empty])
    ])
    expect([neither, favor, rate, status, unknown].map((ran) => [ran.status, ran.stderr])).toEqual([
      [2, "wechatpay: give one of --favor (代金券), --busifavor (商家券) and --product-coupon (商品券)\n"],
      [2, "wechatpay: --favor needs --stock-creator-mchid\n"],
      [2, "wechatpay: --rate: 'fast' is not N/s, N/min or N/h with N > 0\n"],
      [2, `wechatpay: no campaign database at '${Path.join(dir, "absent.db")}' (--db)\n`],
      [2, 'wechatpay: campaign: no campaign "nobody"\n']
    ])
  }, 60_000)
})
