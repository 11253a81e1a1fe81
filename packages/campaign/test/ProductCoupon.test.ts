import * as Http from "node:http"
import * as Path from "node:path"
import { NodeHttpServer } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { NotificationStore, Notifications, PartnerProductCoupon, ProductCoupon } from "@effect-wechatpay/api"
import { Campaign, CampaignLimiter, Embedded, Users } from "@effect-wechatpay/campaign"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Context, Effect, Layer, Ref, Stream } from "effect"
import * as ClusterWorkflowEngine from "effect/cluster/ClusterWorkflowEngine"
import * as SingleRunner from "effect/cluster/SingleRunner"
import * as Digest from "effect/crypto/Digest"
import { HttpRouter, HttpServer } from "effect/http"
import * as SqlClient from "effect/sql/SqlClient"
import * as P from "./process.js"
import * as T from "./support.js"

const appid = Sandbox.defaults.appid

const layer = (dir: string) =>
  Embedded.layer({ filename: Path.join(dir, "campaigns.db") }).pipe(
    Layer.provideMerge(SandboxClient.layerWithBrand({ sandbox: { maxLogEntries: 200_000 } }))
  )

const SEND_PATH = /\/product-coupon\/users\/([^/]+)\/coupons$/
const CONFIRM_PATH = /\/product-coupon\/users\/[^/]+\/coupons\/[^/]+\/confirm$/

/**
 * The request numbers of the sends the sandbox answered 200, per openid (a number may repeat: a send retried after a
 * failure in transit is answered as the first one).
 */
const sendRequestNos = (log: ReadonlyArray<Sandbox.RecordedRequest>) => {
  const sends = new Map<string, Array<string>>()
  for (const entry of log) {
    const match = entry.method === "POST" ? SEND_PATH.exec(entry.path) : null
    if (match === null || entry.status !== 200) continue
    const openid = decodeURIComponent(match[1]!)
    const list = sends.get(openid) ?? []
    list.push((JSON.parse(entry.body) as { readonly send_request_no: string }).send_request_no)
    sends.set(openid, list)
  }
  return sends
}

type Held = ReadonlyArray<readonly [code: string, state: string]>

const heldOf = (page: {
  readonly user_coupon_list?: ReadonlyArray<{ readonly coupon_code: string; readonly coupon_state: string }> | undefined
}): Held => (page.user_coupon_list ?? []).map((c) => [c.coupon_code, c.coupon_state] as const)

/** The coupons of the stock each user holds, with their state (queried from the sandbox, brand API). */
const brandCoupons = (stockId: string, openids: ReadonlyArray<string>) =>
  Effect.forEach(
    openids,
    (openid) =>
      Effect.map(ProductCoupon.listUserProductCoupons({ openid, appid, stock_id: stockId, page_size: 10 }), heldOf),
    { concurrency: 16 }
  )

/** The same, through the partner API. */
const partnerCoupons = (brandId: string, stockId: string, openids: ReadonlyArray<string>) =>
  Effect.forEach(
    openids,
    (openid) =>
      Effect.map(
        PartnerProductCoupon.listUserProductCoupons({
          brand_id: brandId,
          openid,
          appid,
          stock_id: stockId,
          page_size: 10
        }),
        heldOf
      ),
    { concurrency: 16 }
  )

/** A 商品券 with one stock of `maxCount` coupons, created with the brand API. */
const brandStock = (outRequestNo: string, maxCount: number) =>
  ProductCoupon.createProductCoupon(T.productCouponRequest(outRequestNo, maxCount)).pipe(
    Effect.map((created) => ({ productCouponId: created.product_coupon_id, stockId: created.stock!.stock_id }))
  )

/** The same, created by the service provider for the sandbox's brand (partner API). */
const partnerStock = (brandId: string, outRequestNo: string, maxCount: number) =>
  PartnerProductCoupon.createProductCoupon({
    ...T.productCouponRequest(outRequestNo, maxCount),
    brand_id: brandId
  }).pipe(Effect.map((created) => ({ productCouponId: created.product_coupon_id, stockId: created.stock!.stock_id })))

const reportRows = (campaignId: string) =>
  Effect.map(Stream.runCollect(Campaign.report(campaignId)), (chunks) => {
    const lines = chunks.join("").trim().split("\n")
    return { header: lines[0], rows: lines.slice(1).map((line) => line.split(",")) }
  })

describe("商品券 campaigns (brand API)", () => {
  it.live(
    "1,000 users: each is sent exactly one 商品券 and it is confirmed (EFFECTIVE); the report has its code",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const ids = yield* brandStock("CAMPAIGN_BRAND_0001", 5_000)
        const openids = T.users(1_000, "o-pc-")
        const progress = yield* Campaign.run({
          id: "pc-brand",
          target: Campaign.productCoupon({ ...ids, appid }),
          users: Users.fromIterable(openids)
        })
        expect(progress.status).toBe("completed")
        expect([progress.listed, progress.sent, progress.remaining]).toEqual([1_000, 1_000, 0])
        expect(progress.failed).toEqual({})

        const held = yield* brandCoupons(ids.stockId, openids)
        expect(held.filter((coupons) => coupons.length !== 1)).toEqual([])
        expect(held.filter((coupons) => coupons[0]?.[1] !== "EFFECTIVE")).toEqual([])
        const stock = yield* ProductCoupon.getStock({ product_coupon_id: ids.productCouponId, stock_id: ids.stockId })
        expect(stock.sent_count_info?.total_count).toBe(1_000)

        const sends = sendRequestNos(yield* sandbox.requests)
        expect(sends.size).toBe(1_000)
        expect(
          [...sends.entries()].filter(
            ([openid, numbers]) =>
              new Set(numbers).size !== 1 || numbers[0] !== Campaign.requestNumber("pc-brand", openid)
          )
        ).toEqual([])

        // The report: the coupon code each user holds, and confirmed.
        const { header, rows } = yield* reportRows("pc-brand")
        expect(header).toBe("line,openid,status,out_request_no,coupon,error_tag,error_code,sent_at,confirmed")
        expect(rows).toHaveLength(1_000)
        const codes = new Map(openids.map((openid, i) => [openid, held[i]![0]![0]]))
        expect(rows.filter((row) => row[2] !== "sent" || row[8] !== "true" || row[4] !== codes.get(row[1]!))).toEqual(
          []
        )
      }).pipe(Effect.provide(layer(T.tempDir()))),
    180_000
  )

  it.live(
    "a crash between send and confirm is resumed by confirming the coupon sent, never by sending another",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const ids = yield* brandStock("CAMPAIGN_BRAND_0002", 1_000)
        const openids = T.users(200, "o-crash-")
        // The first 30 confirms fail (not a transient failure: the campaign records them as failed).
        yield* sandbox.inject({
          match: { path: CONFIRM_PATH },
          times: 30,
          kind: { _tag: "Error", status: 400, code: "PARAM_ERROR", message: "确认失败" }
        })
        const target = Campaign.productCoupon({ ...ids, appid })
        const first = yield* Campaign.run({ id: "pc-crash", target, users: Users.fromIterable(openids) })
        expect(first.status).toBe("completed")
        expect([first.sent, first.failed]).toEqual([170, { ParamError: 30 }])
        const before = yield* reportRows("pc-crash")
        const unconfirmed = before.rows.filter((row) => row[2] === "failed")
        expect(unconfirmed).toHaveLength(30)
        // Sent, not confirmed: the report has the coupon code and says so.
        expect(unconfirmed.filter((row) => row[4] === "" || row[8] !== "false")).toEqual([])

        const sentBefore = sendRequestNos(yield* sandbox.requests)
        const done = yield* Campaign.resume("pc-crash", { retryFailed: true })
        expect(done.status).toBe("completed")
        expect([done.sent, done.failed, done.remaining]).toEqual([200, {}, 0])

        // The resumed users were not sent again; each user holds one confirmed coupon: the one sent.
        const sends = sendRequestNos(yield* sandbox.requests)
        expect(unconfirmed.map((row) => sends.get(row[1]!)?.length)).toEqual(
          unconfirmed.map((row) => sentBefore.get(row[1]!)?.length)
        )
        expect([...sends.values()].filter((numbers) => new Set(numbers).size !== 1)).toEqual([])
        const held = yield* brandCoupons(ids.stockId, openids)
        expect(held.filter((coupons) => coupons.length !== 1 || coupons[0]![1] !== "EFFECTIVE")).toEqual([])
        const after = yield* reportRows("pc-crash")
        for (const row of unconfirmed) {
          expect(after.rows.find((r) => r[1] === row[1])?.slice(2, 5)).toEqual(["sent", row[3], row[4]])
        }
      }).pipe(Effect.provide(layer(T.tempDir()))),
    120_000
  )

  it.live(
    "a stock out of budget pauses the campaign with StockExhausted; resume after 修改商品券批次发放预算 finishes it",
    () =>
      Effect.gen(function* () {
        const ids = yield* brandStock("CAMPAIGN_BRAND_0003", 150)
        const openids = T.users(250, "o-budget-")
        const target = Campaign.productCoupon({ ...ids, appid })
        const paused = yield* Campaign.run({ id: "pc-budget", target, users: Users.fromIterable(openids) })
        expect(paused.status).toBe("paused")
        expect(paused.paused).toBeInstanceOf(Campaign.StockExhausted)
        expect(paused.paused?.stockId).toBe(ids.stockId)
        expect([paused.sent, paused.remaining, paused.failed]).toEqual([150, 100, {}])

        yield* ProductCoupon.updateStockBudget({
          product_coupon_id: ids.productCouponId,
          stock_id: ids.stockId,
          out_request_no: "BUDGET_RAISE_0001",
          update_mode: "MAX_COUNT",
          current_max_count: 150,
          target_max_count: 250
        })
        const done = yield* Campaign.resume("pc-budget")
        expect(done.status).toBe("completed")
        expect([done.sent, done.alreadySent, done.remaining, done.failed]).toEqual([250, 150, 0, {}])
        const stock = yield* ProductCoupon.getStock({ product_coupon_id: ids.productCouponId, stock_id: ids.stockId })
        expect(stock.sent_count_info?.total_count).toBe(250)
      }).pipe(Effect.provide(layer(T.tempDir()))),
    120_000
  )

  it.live(
    "FREQUENCY_LIMITED and RATELIMIT_EXCEEDED on 20% of sends and confirms: the campaign slows down, no send fails",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const ids = yield* brandStock("CAMPAIGN_BRAND_0004", 1_000)
        for (const path of [SEND_PATH, CONFIRM_PATH]) {
          // Faults apply oldest first, one per matching request: four no-op faults, then one throttle.
          for (let i = 0; i < 60; i++) {
            yield* sandbox.inject({ match: { path }, times: 4, kind: { _tag: "Latency", millis: 0 } })
            yield* sandbox.inject({
              match: { path },
              kind:
                i % 2 === 0
                  ? { _tag: "Error", status: 403, code: "FREQUENCY_LIMITED", message: "频率超限" }
                  : { _tag: "Error", status: 429, code: "RATELIMIT_EXCEEDED", message: "超过频率限制" }
            })
          }
        }
        const openids = T.users(300, "o-throttled-")
        const progress = yield* Campaign.run({
          id: "pc-throttled",
          target: Campaign.productCoupon({ ...ids, appid }),
          users: Users.fromIterable(openids)
        })
        expect(progress.status).toBe("completed")
        expect(progress.failed).toEqual({})
        expect(progress.sent).toBe(300)
        const log = yield* sandbox.requests
        expect(log.filter((entry) => entry.status === 403 || entry.status === 429).length).toBeGreaterThanOrEqual(100)
        expect([...sendRequestNos(log).values()].filter((numbers) => new Set(numbers).size !== 1)).toEqual([])
        const held = yield* brandCoupons(ids.stockId, openids)
        expect(held.filter((coupons) => coupons.length !== 1 || coupons[0]![1] !== "EFFECTIVE")).toEqual([])
      }).pipe(Effect.provide(layer(T.tempDir()))),
    120_000
  )
})

describe("商品券 campaign in a child process, killed between send and confirm", () => {
  it.live(
    "SIGKILL while coupons wait for their confirm; run again: they are confirmed, not sent again; 0 duplicates, 0 missing",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const n = 500
        const ids = yield* brandStock("CAMPAIGN_BRAND_KILL", n)
        const dir = T.tempDir()
        P.writeCsv(
          dir,
          T.users(n, "o-killed-").map((openid, i) => `${openid},user ${i}`)
        )
        // The first 200 confirms answer after 2 s: the process is killed while sent coupons wait for theirs.
        yield* sandbox.inject({ match: { path: CONFIRM_PATH }, times: 200, kind: { _tag: "Latency", millis: 2_000 } })
        const settings = {
          dir,
          campaignId: "pc-killed",
          stockId: ids.stockId,
          productCouponId: ids.productCouponId,
          rate: 500
        }
        const first = P.start(sandbox, settings)
        const reached = yield* Effect.promise(() =>
          P.waitFor(first.child, () => (first.progress.at(-1)?.sent ?? 0) >= 50)
        )
        expect(reached).toBe(true)
        first.child.kill("SIGKILL")
        yield* Effect.promise(() => first.exited)

        // What the killed process left: coupons sent and recorded, not confirmed.
        const between = yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          return yield* sql<{ readonly openid: string }>`SELECT openid FROM wechatpay_campaign_user
            WHERE campaign_id = 'pc-killed' AND status = 'pending' AND coupon IS NOT NULL`
        }).pipe(Effect.provide(Embedded.layerSql({ filename: Path.join(dir, "campaigns.db") })))
        expect(between.length).toBeGreaterThan(0)
        const sentBefore = sendRequestNos(yield* sandbox.requests)

        const last = P.start(sandbox, settings)
        expect(yield* Effect.promise(() => last.exited)).toBe(0)
        expect(last.stderr).toBe("")
        expect(last.done).toMatchObject({ status: "completed", listed: n, sent: n, remaining: 0, failed: {} })

        const sends = sendRequestNos(yield* sandbox.requests)
        expect(between.map(({ openid }) => sends.get(openid)?.length)).toEqual(
          between.map(({ openid }) => sentBefore.get(openid)?.length)
        )
        expect(sends.size).toBe(n)
        expect([...sends.values()].filter((numbers) => new Set(numbers).size !== 1)).toEqual([])
        const held = yield* brandCoupons(ids.stockId, T.users(n, "o-killed-"))
        expect(held.filter((coupons) => coupons.length !== 1 || coupons[0]![1] !== "EFFECTIVE")).toEqual([])
        const stock = yield* ProductCoupon.getStock({ product_coupon_id: ids.productCouponId, stock_id: ids.stockId })
        expect(stock.sent_count_info?.total_count).toBe(n)
      }).pipe(Effect.provide(SandboxClient.brandLayer({ sandbox: { maxLogEntries: 200_000 } }))),
    300_000
  )
})

describe("商品券 campaigns beside the merchant's 发放通知 handler", () => {
  it.live(
    "a coupon the handler confirmed first (its own request number) counts as confirmed: 0 failures, one coupon each",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const confirmedByHandler = yield* Ref.make(0)
        // The brand's notify endpoint confirms every coupon it is told about, as docs/product-coupons.md shows.
        const handler = (notification: Notifications.Notification) => {
          if (notification._tag !== "ProductCouponSend") return Effect.void
          const { appid, coupon_code, openid, product_coupon_id, stock_id } = notification.resource
          if (!appid || !coupon_code || !openid || !product_coupon_id || !stock_id) return Effect.void
          return ProductCoupon.confirmSendUserProductCoupon({
            openid,
            coupon_code,
            product_coupon_id,
            stock_id,
            appid,
            out_request_no: `notify-${coupon_code}`.slice(0, 40)
          }).pipe(Effect.andThen(Ref.update(confirmedByHandler, (n) => n + 1)))
        }
        const services = yield* Layer.build(
          HttpRouter.serve(HttpRouter.add("POST", "/brand-notify", Notifications.brandHttpApp(handler)), {
            disableLogger: true,
            disableListenLog: true
          }).pipe(
            Layer.provideMerge(NodeHttpServer.layer(() => Http.createServer(), { port: 0, host: "127.0.0.1" })),
            Layer.provide(NotificationStore.layerMemory())
          )
        )
        const address = Context.get(services, HttpServer.HttpServer).address
        if (address._tag === "UnixPathAddress") return yield* Effect.die("expected a TCP address")
        yield* ProductCoupon.setNotifyConfig({ notify_url: `https://127.0.0.1:${address.port}/brand-notify` })
        const ids = yield* brandStock("CAMPAIGN_BRAND_0005", 1_000)
        // The campaign's confirms arrive late: the handler's come first.
        yield* sandbox.inject({ match: { path: CONFIRM_PATH }, times: 40, kind: { _tag: "Latency", millis: 1_500 } })
        const openids = T.users(40, "o-notified-")
        const progress = yield* Campaign.run({
          id: "pc-notified",
          target: Campaign.productCoupon({ ...ids, appid }),
          users: Users.fromIterable(openids)
        })
        expect([progress.status, progress.sent, progress.failed]).toEqual(["completed", 40, {}])
        expect(yield* Ref.get(confirmedByHandler)).toBeGreaterThan(0)
        const held = yield* brandCoupons(ids.stockId, openids)
        expect(held.filter((coupons) => coupons.length !== 1 || coupons[0]![1] !== "EFFECTIVE")).toEqual([])
      }).pipe(
        Effect.provide(
          Embedded.layer({ filename: Path.join(T.tempDir(), "campaigns.db") }).pipe(
            Layer.provideMerge(SandboxClient.brandLayer({ sandbox: { plainHttpNotifications: true } }))
          )
        )
      ),
    120_000
  )
})

describe("商品券 campaigns within the documented limits", () => {
  /** The embedded mode's services, with a limiter that records each slot taken (key and rate). */
  const recording = (dir: string, taken: Array<readonly [string, string]>) =>
    Campaign.layerWorkflows.pipe(
      Layer.provideMerge(ClusterWorkflowEngine.layer),
      Layer.provide(SingleRunner.layer({ runnerStorage: "memory" })),
      Layer.provide(Digest.layerWebCrypto),
      Layer.provideMerge(
        Layer.effect(
          CampaignLimiter.CampaignLimiter,
          Effect.map(CampaignLimiter.CampaignLimiter, (limiter) =>
            CampaignLimiter.CampaignLimiter.of({
              ...limiter,
              take: (key, rate) =>
                Effect.andThen(
                  Effect.sync(() => taken.push([key, `${rate.requests}/${String(rate.per)}`])),
                  limiter.take(key, rate)
                )
            })
          )
        ).pipe(Layer.provide(CampaignLimiter.layerMemory))
      ),
      Layer.provideMerge(Embedded.layerSql({ filename: Path.join(dir, "campaigns.db") }))
    )

  it.live(
    "send and confirm each take a slot of their own endpoint, at its documented limit (brand and partner API)",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const brandId = sandbox.credentials.brand.brandId
        const brand = yield* brandStock("CAMPAIGN_BRAND_0006", 100)
        const partner = yield* partnerStock(brandId, "CAMPAIGN_PARTNER_0002", 100)
        const taken: Array<readonly [string, string]> = []
        yield* Effect.gen(function* () {
          yield* Campaign.run({
            id: "pc-limits",
            target: Campaign.productCoupon({ ...brand, appid }),
            users: Users.fromIterable(T.users(20, "o-limits-"))
          })
          yield* Campaign.run({
            id: "sp-limits",
            target: Campaign.partnerProductCoupon({ brandId, ...partner, appid }),
            users: Users.fromIterable(T.users(20, "o-limits-"))
          })
        }).pipe(Effect.provide(recording(T.tempDir(), taken)))
        const counts = new Map<string, number>()
        for (const [key, rate] of taken) counts.set(`${key} ${rate}`, (counts.get(`${key} ${rate}`) ?? 0) + 1)
        const documented = (endpoint: {
          readonly name: string
          readonly rateLimit?: { readonly requests: number; readonly per: string } | undefined
        }) => `${endpoint.name} ${endpoint.rateLimit?.requests}/${endpoint.rateLimit?.per}`
        expect(Object.fromEntries(counts)).toEqual({
          [documented(ProductCoupon.SendUserProductCouponEndpoint)]: 20,
          [documented(ProductCoupon.ConfirmSendUserProductCouponEndpoint)]: 20,
          [documented(PartnerProductCoupon.SendUserProductCouponEndpoint)]: 20,
          [documented(PartnerProductCoupon.ConfirmSendUserProductCouponEndpoint)]: 20
        })
        expect(documented(ProductCoupon.SendUserProductCouponEndpoint)).toBe(
          "ProductCoupon.sendUserProductCoupon 500/1 second"
        )
      }).pipe(Effect.provide(SandboxClient.layerWithBrand())),
    120_000
  )
})

describe("商品券 campaigns (partner API)", () => {
  it.live(
    "1,000 users for a brand: each is sent exactly one 商品券 and it is confirmed",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const brandId = sandbox.credentials.brand.brandId
        const ids = yield* partnerStock(brandId, "CAMPAIGN_PARTNER_0001", 5_000)
        const openids = T.users(1_000, "o-sp-")
        const progress = yield* Campaign.run({
          id: "pc-partner",
          target: Campaign.partnerProductCoupon({ brandId, ...ids, appid }),
          users: Users.fromIterable(openids)
        })
        expect(progress.status).toBe("completed")
        expect([progress.listed, progress.sent, progress.remaining]).toEqual([1_000, 1_000, 0])
        expect(progress.failed).toEqual({})
        const held = yield* partnerCoupons(brandId, ids.stockId, openids)
        expect(held.filter((coupons) => coupons.length !== 1 || coupons[0]![1] !== "EFFECTIVE")).toEqual([])
        const sends = sendRequestNos(yield* sandbox.requests)
        expect(sends.size).toBe(1_000)
        expect([...sends.values()].filter((numbers) => new Set(numbers).size !== 1)).toEqual([])
        const stock = yield* PartnerProductCoupon.getStock({
          brand_id: brandId,
          product_coupon_id: ids.productCouponId,
          stock_id: ids.stockId
        })
        expect(stock.sent_count_info?.total_count).toBe(1_000)
      }).pipe(Effect.provide(layer(T.tempDir()))),
    180_000
  )
})
