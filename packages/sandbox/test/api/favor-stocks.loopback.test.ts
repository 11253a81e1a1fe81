import { describe, expect, it } from "@effect/vitest"
import { Favor, type WechatPayClient } from "@effect-wechatpay/api"
import { Effect, Stream } from "effect"
import { cjk, digits, limitSuite, liveStockRequest, mchid, sendRequest } from "./favor-harness.js"
import { withSandbox } from "./harness.js"

const creator = { stock_creator_mchid: mchid }

type StockCall = (request: {
  readonly stock_id: string
  readonly stock_creator_mchid: string
}) => Effect.Effect<unknown, { readonly _tag: string }, WechatPayClient>

/** 激活, 暂停, 重启, 终止. */
const transitions: ReadonlyArray<StockCall> = [Favor.startStock, Favor.pauseStock, Favor.restartStock, Favor.stopStock]

const statusOf = (stock_id: string) => Effect.map(Favor.queryStock({ stock_id, ...creator }), (stock) => stock.status)

describe("loopback: 代金券 stock lifecycle (F1, F2, F4, F5, F6)", () => {
  it.live("a created stock starts unactivated; start → running, pause → paused, restart → running, stop → stoped", () =>
    withSandbox()(
      Effect.gen(function* () {
        const { stock_id } = yield* Favor.createCouponStock(liveStockRequest("EWP-LIFE-1"))
        expect(yield* statusOf(stock_id)).toBe("unactivated")
        const started = yield* Favor.startStock({ stock_id, ...creator })
        expect(started.stock_id).toBe(stock_id)
        expect(started.start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
        expect(yield* statusOf(stock_id)).toBe("running")
        const paused = yield* Favor.pauseStock({ stock_id, ...creator })
        expect(paused).toMatchObject({ stock_id, pause_time: expect.stringMatching(/\+08:00$/) })
        expect(yield* statusOf(stock_id)).toBe("paused")
        const restarted = yield* Favor.restartStock({ stock_id, ...creator })
        expect(restarted).toMatchObject({ stock_id, restart_time: expect.stringMatching(/\+08:00$/) })
        expect(yield* statusOf(stock_id)).toBe("running")
        const stopped = yield* Favor.stopStock({ stock_id, ...creator })
        expect(stopped).toMatchObject({ stock_id, stop_time: expect.stringMatching(/\+08:00$/) })
        const stock = yield* Favor.queryStock({ stock_id, ...creator })
        expect(stock.status).toBe("stoped")
        expect(stock.start_time).toBe(started.start_time)
        expect(stock.stop_time).toBe(stopped.stop_time)
      })
    )
  )

  it.live("an invalid transition answers PARAM_ERROR 非法的批次状态, and changes nothing", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const { stock_id } = yield* Favor.createCouponStock(liveStockRequest("EWP-LIFE-2"))
        const request = { stock_id, ...creator }
        const illegal = { _tag: "ParamError", status: 400, code: "PARAM_ERROR", description: "非法的批次状态" }
        expect(yield* Effect.flip(Favor.pauseStock(request))).toMatchObject(illegal)
        expect(yield* Effect.flip(Favor.restartStock(request))).toMatchObject(illegal)
        expect(yield* Effect.flip(Favor.stopStock(request))).toMatchObject(illegal)
        expect(yield* statusOf(stock_id)).toBe("unactivated")
        yield* Favor.startStock(request)
        expect(yield* Effect.flip(Favor.startStock(request))).toMatchObject(illegal)
        expect(yield* Effect.flip(Favor.restartStock(request))).toMatchObject(illegal)
        yield* Favor.stopStock(request)
        for (const call of transitions) {
          expect(yield* Effect.flip(call(request))).toMatchObject(illegal)
        }
        expect(yield* statusOf(stock_id)).toBe("stoped")
      })
    )
  )

  it.live("a stock whose validity has ended cannot be activated: INVALID_REQUEST 活动已结束或未激活", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const { stock_id } = yield* Favor.createCouponStock(
          liveStockRequest("EWP-LIFE-3", (r) => ({
            ...r,
            available_begin_time: "2026-01-01T00:00:00+08:00",
            available_end_time: "2026-01-31T23:59:59+08:00"
          }))
        )
        const error = yield* Effect.flip(Favor.startStock({ stock_id, ...creator }))
        expect(error).toMatchObject({
          _tag: "InvalidRequest",
          code: "INVALID_REQUEST",
          description: "活动已结束或未激活"
        })
        expect(error).toMatchObject({ requestId: expect.stringMatching(/-270079533$/) })
      })
    )
  )

  it.live("unknown stock: RESOURCE_NOT_EXISTS; another creator id: INVALID_REQUEST 非法的商户号", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const { stock_id } = yield* Favor.createCouponStock(liveStockRequest("EWP-LIFE-4"))
        for (const call of transitions) {
          expect(yield* Effect.flip(call({ stock_id: "99999999", ...creator }))).toMatchObject({
            _tag: "ResourceNotExists",
            status: 404
          })
          expect(yield* Effect.flip(call({ stock_id, stock_creator_mchid: "1900000002" }))).toMatchObject({
            _tag: "InvalidRequest",
            description: "非法的商户号"
          })
        }
      })
    )
  )
})

describe("loopback: 代金券 stock queries (F7, F8)", () => {
  it.live("queryStock answers the full Stock from what was created, with the counters", () =>
    withSandbox()(
      Effect.gen(function* () {
        const request = liveStockRequest("EWP-Q-1", (r) => ({
          ...r,
          pattern_info: { description: "全场满1元减5分" },
          coupon_use_rule: { ...r.coupon_use_rule, available_items: ["SKU-1"], trade_type: ["MICROAPP"] }
        }))
        const created = yield* Favor.createCouponStock(request)
        const stock_id = yield* Effect.as(
          Favor.startStock({ stock_id: created.stock_id, ...creator }),
          created.stock_id
        )
        yield* Favor.sendCoupon(sendRequest(stock_id, "o-query-stock", "EWP-Q-1-SEND"))
        const stock = yield* Favor.queryStock({ stock_id, ...creator })
        expect(stock).toMatchObject({
          stock_id,
          stock_creator_mchid: mchid,
          stock_name: request.stock_name,
          status: "running",
          create_time: created.create_time,
          description: "全场满1元减5分",
          distributed_coupons: 1,
          no_cash: false,
          singleitem: true,
          stock_type: "NORMAL",
          available_begin_time: request.available_begin_time,
          available_end_time: request.available_end_time
        })
        expect(stock.stock_use_rule).toMatchObject({
          max_coupons: 100,
          max_amount: 500,
          max_amount_by_day: 400,
          max_coupons_per_user: 3,
          fixed_normal_coupon: { coupon_amount: 5, transaction_minimum: 100 },
          coupon_type: "NORMAL",
          trade_type: ["MICROAPP"],
          natural_person_limit: false,
          prevent_api_abuse: false
        })
        expect(yield* Effect.flip(Favor.queryStock({ stock_id, stock_creator_mchid: "1900000002" }))).toMatchObject({
          _tag: "ResourceNotExists"
        })
      })
    )
  )

  it.live("listStocks: page index paging, the status filter and the create-time window", () =>
    withSandbox()(
      Effect.gen(function* () {
        const ids: Array<string> = []
        for (let i = 0; i < 12; i++) {
          ids.push((yield* Favor.createCouponStock(liveStockRequest(`EWP-L-${i}`))).stock_id)
        }
        for (const stock_id of ids.slice(0, 3)) yield* Favor.startStock({ stock_id, ...creator })
        yield* Favor.pauseStock({ stock_id: ids[0]!, ...creator })

        const first = yield* Favor.listStocks({ offset: 0, limit: 10, ...creator })
        expect(first.total_count).toBe(12)
        expect(first.data?.map((s) => s.stock_id)).toEqual(ids.slice(0, 10))
        const second = yield* Favor.listStocks({ offset: 1, limit: 10, ...creator })
        expect(second).toMatchObject({ total_count: 12, offset: 1, limit: 10 })
        expect(second.data?.map((s) => s.stock_id)).toEqual(ids.slice(10))
        const beyond = yield* Favor.listStocks({ offset: 2, limit: 10, ...creator })
        expect(beyond.data).toBeUndefined()

        const running = yield* Favor.listStocks({ offset: 0, limit: 10, status: "running", ...creator })
        expect(running.data?.map((s) => s.stock_id)).toEqual(ids.slice(1, 3))
        const paused = yield* Favor.listStocks({ offset: 0, limit: 10, status: "paused", ...creator })
        expect(paused.data?.map((s) => s.stock_id)).toEqual([ids[0]])
        expect((yield* Favor.listStocks({ offset: 0, limit: 10, status: "stoped", ...creator })).total_count).toBe(0)

        const created = first.data![0]!.create_time!
        const inWindow = yield* Favor.listStocks({
          offset: 0,
          limit: 10,
          create_start_time: "2020-01-01T00:00:00+08:00",
          create_end_time: "2099-01-01T00:00:00+08:00",
          ...creator
        })
        expect(inWindow.total_count).toBe(12)
        const after = yield* Favor.listStocks({
          offset: 0,
          limit: 10,
          create_start_time: "2099-01-01T00:00:00Z",
          ...creator
        })
        expect(after.total_count).toBe(0)
        const before = yield* Favor.listStocks({
          offset: 0,
          limit: 10,
          create_end_time: "2020-01-01T00:00:00Z",
          ...creator
        })
        expect(before.total_count).toBe(0)
        expect(created).toMatch(/\+08:00$/)
        const other = yield* Favor.listStocks({ offset: 0, limit: 10, stock_creator_mchid: "1900000002" })
        expect(other.total_count).toBe(0)

        const streamed = yield* Stream.runCollect(Favor.listStocksStream({ ...creator }))
        expect(streamed.map((s) => s.stock_id)).toEqual(ids)
      })
    )
  )
})

describe("loopback: 代金券 usable merchants and items (F10, F11)", () => {
  it.live("answer the created stock's available_merchants / available_items, paged by page index", () =>
    withSandbox()(
      Effect.gen(function* () {
        const merchants = Array.from({ length: 7 }, (_, i) => `19000000${10 + i}`)
        const items = Array.from({ length: 5 }, (_, i) => `SKU-${i}`)
        const { stock_id } = yield* Favor.createCouponStock(
          liveStockRequest("EWP-M-1", (r) => ({
            ...r,
            coupon_use_rule: { ...r.coupon_use_rule, available_merchants: merchants, available_items: items }
          }))
        )
        const page0 = yield* Favor.listAvailableMerchants({ stock_id, offset: 0, limit: 5, ...creator })
        expect(page0).toMatchObject({ stock_id, total_count: 7, offset: 0, limit: 5, data: merchants.slice(0, 5) })
        const page1 = yield* Favor.listAvailableMerchants({ stock_id, offset: 1, limit: 5, ...creator })
        expect(page1.data).toEqual(merchants.slice(5))
        const itemPage = yield* Favor.listAvailableSingleitems({ stock_id, offset: 1, limit: 2, ...creator })
        expect(itemPage).toMatchObject({ stock_id, total_count: 5, offset: 1, limit: 2, data: ["SKU-2", "SKU-3"] })
        const none = yield* Favor.listAvailableSingleitems({ stock_id, offset: 3, limit: 2, ...creator })
        expect(none.data).toBeUndefined()
        expect(
          yield* Effect.flip(Favor.listAvailableMerchants({ stock_id: "99999999", offset: 0, limit: 5, ...creator }))
        ).toMatchObject({ _tag: "ResourceNotExists" })
        expect(
          yield* Effect.flip(
            Favor.listAvailableSingleitems({ stock_id, offset: 0, limit: 5, stock_creator_mchid: "1900000002" })
          )
        ).toMatchObject({ _tag: "InvalidRequest", description: "非法的商户号" })
      })
    )
  )
})

limitSuite("loopback: 代金券 stock request limits", [
  ...transitions.map(
    (call, i) =>
      ({
        kind: "text",
        field: `${["start", "pause", "restart", "stop"][i]} stock_id`,
        at: cjk(20),
        past: cjk(21),
        call: (stock_id: string) => call({ stock_id, ...creator })
      }) as const
  ),
  {
    kind: "text",
    field: "start stock_creator_mchid",
    at: digits(20),
    past: digits(21),
    call: (stock_creator_mchid: string) => Favor.startStock({ stock_id: "1", stock_creator_mchid })
  },
  {
    kind: "text",
    field: "queryStock stock_id",
    at: cjk(20),
    past: cjk(21),
    call: (stock_id: string) => Favor.queryStock({ stock_id, ...creator })
  },
  {
    kind: "number",
    field: "listStocks limit",
    at: 10,
    past: 11,
    call: (limit: number) => Favor.listStocks({ offset: 0, limit, ...creator })
  },
  {
    kind: "number",
    field: "listAvailableMerchants limit",
    at: 50,
    past: 51,
    call: (limit: number) => Favor.listAvailableMerchants({ stock_id: "1", offset: 0, limit, ...creator })
  },
  {
    kind: "number",
    field: "listAvailableMerchants offset",
    at: 1000,
    past: 1001,
    call: (offset: number) => Favor.listAvailableMerchants({ stock_id: "1", offset, limit: 10, ...creator })
  },
  {
    kind: "number",
    field: "listAvailableSingleitems limit",
    at: 100,
    past: 101,
    call: (limit: number) => Favor.listAvailableSingleitems({ stock_id: "1", offset: 0, limit, ...creator })
  },
  {
    kind: "number",
    field: "listAvailableSingleitems offset",
    at: 500,
    past: 501,
    call: (offset: number) => Favor.listAvailableSingleitems({ stock_id: "1", offset, limit: 10, ...creator })
  }
])
