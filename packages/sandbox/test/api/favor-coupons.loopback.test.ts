import { describe, expect, it } from "@effect/vitest"
import { Favor } from "@effect-wechatpay/api"
import { Effect } from "effect"
import { Sandbox } from "../../src/index.js"
import { appid, cjk, digits, limitSuite, liveStockRequest, mchid, runningStock, sendRequest } from "./favor-harness.js"
import { withSandbox } from "./harness.js"

const creator = { stock_creator_mchid: mchid }
const openid = "o-favor-user-1"

describe("loopback: 发放代金券批次 (F3)", () => {
  it.live("sends a coupon with the stock's face value and validity; the same out_request_no answers it again", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stock_id = yield* runningStock("EWP-S-1")
        const sent = yield* Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-1-A"))
        expect(sent.coupon_id).toMatch(/^\d+$/)
        const again = yield* Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-1-A"))
        expect(again.coupon_id).toBe(sent.coupon_id)
        const stock = yield* Favor.queryStock({ stock_id, ...creator })
        expect(stock.distributed_coupons).toBe(1)
        const coupon = yield* Favor.queryCoupon({ openid, coupon_id: sent.coupon_id, appid })
        expect(coupon).toMatchObject({
          coupon_id: sent.coupon_id,
          stock_id,
          stock_creator_mchid: mchid,
          coupon_name: stock.stock_name,
          status: "SENDED",
          coupon_type: "NORMAL",
          no_cash: false,
          singleitem: false,
          available_begin_time: stock.available_begin_time,
          available_end_time: stock.available_end_time,
          normal_coupon_information: { coupon_amount: 5, transaction_minimum: 100 }
        })
        expect(coupon.consume_information).toBeUndefined()
      })
    )
  )

  it.live("the same out_request_no with another body is INVALID_REQUEST, for a stock and for a coupon", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const conflict = {
          _tag: "InvalidRequest",
          status: 400,
          code: "INVALID_REQUEST",
          detail: { field: "/out_request_no" }
        }
        const stock_id = yield* runningStock("EWP-S-DUP")
        const other = liveStockRequest("EWP-S-DUP", (r) => ({ ...r, stock_name: "另一个批次" }))
        expect(yield* Effect.flip(Favor.createCouponStock(other))).toMatchObject(conflict)
        expect((yield* Favor.listStocks({ offset: 0, limit: 10, ...creator })).total_count).toBe(1)
        yield* Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-DUP-A"))
        const resent = yield* Effect.flip(Favor.sendCoupon(sendRequest(stock_id, "o-favor-user-2", "EWP-S-DUP-A")))
        expect(resent).toMatchObject(conflict)
        expect((yield* Favor.queryStock({ stock_id, ...creator })).distributed_coupons).toBe(1)
      })
    )
  )

  it.live("an unactivated, paused or stopped stock answers INVALID_REQUEST 活动已结束或未激活", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const inactive = {
          _tag: "InvalidRequest",
          status: 400,
          code: "INVALID_REQUEST",
          description: "活动已结束或未激活"
        }
        const { stock_id } = yield* Favor.createCouponStock(liveStockRequest("EWP-S-2"))
        expect(yield* Effect.flip(Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-2-A")))).toMatchObject(inactive)
        yield* Favor.startStock({ stock_id, ...creator })
        yield* Favor.pauseStock({ stock_id, ...creator })
        const paused = yield* Effect.flip(Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-2-B")))
        expect(paused).toMatchObject(inactive)
        expect(paused).toMatchObject({ requestId: expect.stringMatching(/-270079533$/) })
        yield* Favor.restartStock({ stock_id, ...creator })
        const sent = yield* Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-2-C"))
        yield* Favor.stopStock({ stock_id, ...creator })
        expect(yield* Effect.flip(Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-2-D")))).toMatchObject(inactive)
        // A retry of a send that succeeded still answers its coupon.
        expect((yield* Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-2-C"))).coupon_id).toBe(sent.coupon_id)
        expect((yield* Favor.queryStock({ stock_id, ...creator })).distributed_coupons).toBe(1)
      })
    )
  )

  it.live("a stock outside its validity answers INVALID_REQUEST, even when running", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        // The sample stock is valid in January 2027 only.
        const { stock_id } = yield* Favor.createCouponStock(Sandbox.sampleCreateCouponStockRequest("EWP-S-3"))
        yield* Favor.startStock({ stock_id, ...creator })
        expect(yield* Effect.flip(Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-3-A")))).toMatchObject({
          _tag: "InvalidRequest",
          description: "活动已结束或未激活"
        })
      })
    )
  )

  it.live("max_coupons_per_user: the next send answers REQUEST_BLOCKED 用户被限领拦截; other users still receive", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const stock_id = yield* runningStock("EWP-S-4")
        for (const n of [1, 2, 3]) yield* Favor.sendCoupon(sendRequest(stock_id, openid, `EWP-S-4-${n}`))
        const blocked = yield* Effect.flip(Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-S-4-4")))
        expect(blocked).toMatchObject({ _tag: "RequestBlocked", status: 403, description: "用户被限领拦截" })
        expect(blocked).toMatchObject({ requestId: expect.stringMatching(/-270079532$/) })
        yield* Favor.sendCoupon(sendRequest(stock_id, "o-favor-user-2", "EWP-S-4-5"))
        expect((yield* Favor.queryStock({ stock_id, ...creator })).distributed_coupons).toBe(4)
      })
    )
  )

  it.live("natural_person_limit counts every openid of one natural person together", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.setFavorNaturalPerson({ openid: "o-person-a-1", person: "张三" })
        yield* sandbox.setFavorNaturalPerson({ openid: "o-person-a-2", person: "张三" })
        const limited = yield* runningStock("EWP-S-5", (r) => ({
          ...r,
          stock_use_rule: { ...r.stock_use_rule, max_coupons_per_user: 1, natural_person_limit: true }
        }))
        yield* Favor.sendCoupon(sendRequest(limited, "o-person-a-1", "EWP-S-5-1"))
        expect(yield* Effect.flip(Favor.sendCoupon(sendRequest(limited, "o-person-a-2", "EWP-S-5-2")))).toMatchObject({
          _tag: "RequestBlocked",
          description: "用户被限领拦截"
        })
        // Without the limit, each openid counts on its own.
        const open = yield* runningStock("EWP-S-6", (r) => ({
          ...r,
          stock_use_rule: { ...r.stock_use_rule, max_coupons_per_user: 1, natural_person_limit: false }
        }))
        yield* Favor.sendCoupon(sendRequest(open, "o-person-a-1", "EWP-S-6-1"))
        yield* Favor.sendCoupon(sendRequest(open, "o-person-a-2", "EWP-S-6-2"))
      })
    )
  )

  it.live("budget: max_coupons, max_amount and max_amount_by_day answer NOT_ENOUGH 批次预算不足", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const short = { _tag: "NotEnough", status: 403, code: "NOT_ENOUGH", description: "批次预算不足" }
        // 2 coupons of 5 fen: the third has no budget left.
        const two = yield* runningStock("EWP-S-7", (r) => ({
          ...r,
          stock_use_rule: { ...r.stock_use_rule, max_coupons: 2, max_amount: 10, max_amount_by_day: 10 }
        }))
        yield* Favor.sendCoupon(sendRequest(two, "o-b-1", "EWP-S-7-1"))
        yield* Favor.sendCoupon(sendRequest(two, "o-b-2", "EWP-S-7-2"))
        const error = yield* Effect.flip(Favor.sendCoupon(sendRequest(two, "o-b-3", "EWP-S-7-3")))
        expect(error).toMatchObject(short)
        expect(error).toMatchObject({ requestId: expect.stringMatching(/-270079534$/) })
        // 10 coupons, but 15 fen a day: the fourth of the day is refused.
        const daily = yield* runningStock("EWP-S-8", (r) => ({
          ...r,
          stock_use_rule: { ...r.stock_use_rule, max_coupons: 10, max_amount: 50, max_amount_by_day: 15 }
        }))
        for (const n of [1, 2, 3]) yield* Favor.sendCoupon(sendRequest(daily, `o-d-${n}`, `EWP-S-8-${n}`))
        expect(yield* Effect.flip(Favor.sendCoupon(sendRequest(daily, "o-d-4", "EWP-S-8-4")))).toMatchObject(short)
        // coupon_value (指定面额) counts against max_amount.
        const valued = yield* runningStock("EWP-S-9")
        yield* Favor.sendCoupon({
          ...sendRequest(valued, "o-v-1", "EWP-S-9-1"),
          coupon_value: 395,
          coupon_minimum: 1000
        })
        expect(
          yield* Effect.flip(Favor.sendCoupon({ ...sendRequest(valued, "o-v-2", "EWP-S-9-2"), coupon_value: 10 }))
        ).toMatchObject(short)
      })
    )
  )

  it.live("unknown stock: RESOURCE_NOT_EXISTS; another creator id: INVALID_REQUEST 非法的商户号", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const stock_id = yield* runningStock("EWP-S-10")
        expect(yield* Effect.flip(Favor.sendCoupon(sendRequest("99999999", openid, "EWP-S-10-1")))).toMatchObject({
          _tag: "ResourceNotExists"
        })
        expect(
          yield* Effect.flip(
            Favor.sendCoupon({ ...sendRequest(stock_id, openid, "EWP-S-10-2"), stock_creator_mchid: "1900000002" })
          )
        ).toMatchObject({ _tag: "InvalidRequest", description: "非法的商户号" })
      })
    )
  )
})

describe("loopback: 查询代金券详情 (F9) and markFavorCouponUsed", () => {
  it.live("a used coupon shows USED with consume_information; unknown or another user's: RESOURCE_NOT_EXISTS", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const stock_id = yield* runningStock("EWP-C-1")
        const { coupon_id } = yield* Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-C-1-A"))
        yield* sandbox.markFavorCouponUsed({
          coupon_id,
          transaction_id: "4200000000202611290000000001",
          consume_time: "2026-11-29T12:00:00+08:00",
          consume_amount: 1200
        })
        const used = yield* Favor.queryCoupon({ openid, coupon_id, appid })
        expect(used.status).toBe("USED")
        expect(used.consume_information).toMatchObject({
          consume_time: "2026-11-29T12:00:00+08:00",
          consume_mchid: mchid,
          transaction_id: "4200000000202611290000000001",
          consume_amount: 1200
        })
        const notFound = { _tag: "ResourceNotExists", status: 404, code: "RESOURCE_NOT_EXISTS" }
        expect(yield* Effect.flip(Favor.queryCoupon({ openid, coupon_id: "1", appid }))).toMatchObject(notFound)
        expect(yield* Effect.flip(Favor.queryCoupon({ openid: "o-someone-else", coupon_id, appid }))).toMatchObject(
          notFound
        )
        expect(yield* Effect.flip(Favor.queryCoupon({ openid, coupon_id, appid: "wx0000000000000000" }))).toMatchObject(
          notFound
        )
        expect(yield* sandbox.favorUseFlow).toEqual([
          {
            stock_id,
            coupon_id,
            coupon_amount: 5,
            transaction_id: "4200000000202611290000000001",
            consume_time: "2026-11-29T12:00:00+08:00",
            consume_mchid: mchid,
            order_amount: 1200
          }
        ])
        const defaults = yield* Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-C-1-B"))
        yield* sandbox.markFavorCouponUsed({ coupon_id: defaults.coupon_id })
        const info = (yield* Favor.queryCoupon({ openid, coupon_id: defaults.coupon_id, appid })).consume_information
        expect(info?.transaction_id).toMatch(/^4200000000\d{18}$/)
        expect(info?.consume_time).toMatch(/\+08:00$/)
        expect(info?.consume_amount).toBeUndefined()
        const flow = yield* sandbox.favorUseFlow
        expect(flow).toHaveLength(2)
        expect(flow[1]).toEqual({
          stock_id,
          coupon_id: defaults.coupon_id,
          coupon_amount: 5,
          transaction_id: info?.transaction_id,
          consume_time: info?.consume_time,
          consume_mchid: mchid
        })
      })
    )
  )

  it.live("markFavorCouponUsed dies for an unknown coupon and for one already used", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const stock_id = yield* runningStock("EWP-C-2")
        const { coupon_id } = yield* Favor.sendCoupon(sendRequest(stock_id, openid, "EWP-C-2-A"))
        yield* sandbox.markFavorCouponUsed({ coupon_id })
        const twice = yield* Effect.exit(sandbox.markFavorCouponUsed({ coupon_id }))
        expect(String(twice)).toContain("not SENDED")
        const unknown = yield* Effect.exit(sandbox.markFavorCouponUsed({ coupon_id: "404" }))
        expect(unknown._tag).toBe("Failure")
        expect(yield* sandbox.favorUseFlow).toHaveLength(1)
      })
    )
  )
})

describe("loopback: 根据商户号查用户的券 (F12)", () => {
  it.live("creator and sender filters with status, stock_id and page index; available_mchid alone ignores them", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const elsewhere = "1900000010"
        const a = yield* runningStock("EWP-F-A", (r) => ({
          ...r,
          coupon_use_rule: { ...r.coupon_use_rule, available_merchants: [mchid, elsewhere] }
        }))
        const b = yield* runningStock("EWP-F-B")
        const ids: Array<string> = []
        for (const [stock, n] of [
          [a, 1],
          [a, 2],
          [a, 3],
          [b, 4],
          [b, 5]
        ] as const) {
          ids.push((yield* Favor.sendCoupon(sendRequest(stock, openid, `EWP-F-${n}`))).coupon_id)
        }
        yield* Favor.sendCoupon(sendRequest(a, "o-other-user", "EWP-F-6"))
        yield* sandbox.markFavorCouponUsed({ coupon_id: ids[0]! })
        yield* sandbox.markFavorCouponUsed({ coupon_id: ids[3]! })
        const list = (request: Omit<Parameters<typeof Favor.listCouponsByFilter>[0], "openid" | "appid">) =>
          Effect.map(Favor.listCouponsByFilter({ openid, appid, ...request }), (r) => ({
            total: r.total_count,
            ids: (r.data ?? []).map((c) => c.coupon_id)
          }))

        expect(yield* list({ creator_mchid: mchid })).toEqual({ total: 5, ids })
        expect(yield* list({ creator_mchid: mchid, status: "SENDED" })).toEqual({
          total: 3,
          ids: [ids[1], ids[2], ids[4]]
        })
        expect((yield* list({ creator_mchid: mchid, status: "USED" })).total).toBe(5)
        expect(yield* list({ creator_mchid: mchid, stock_id: b })).toEqual({ total: 2, ids: ids.slice(3) })
        expect(yield* list({ creator_mchid: mchid, offset: 1, limit: 2 })).toEqual({ total: 5, ids: ids.slice(2, 4) })
        expect(yield* list({ sender_mchid: mchid, limit: 20 })).toEqual({ total: 5, ids })
        expect((yield* list({ creator_mchid: "1900000002" })).total).toBe(0)
        expect((yield* list({ creator_mchid: mchid, business_type: "MULTIUSE" })).total).toBe(0)
        // available_mchid alone: usable coupons only; stock_id, status, offset and limit ignored.
        expect(yield* list({ available_mchid: elsewhere, stock_id: b, status: "USED", offset: 3, limit: 1 })).toEqual({
          total: 2,
          ids: [ids[1], ids[2]]
        })
        expect(yield* list({ available_mchid: mchid })).toEqual({ total: 3, ids: [ids[1], ids[2], ids[4]] })
        // creator_mchid wins over available_mchid.
        expect(yield* list({ creator_mchid: mchid, available_mchid: elsewhere, stock_id: b })).toEqual({
          total: 2,
          ids: ids.slice(3)
        })
      })
    )
  )

  it.live("none of the three merchant filters: a RequestValidationError, nothing sent", () =>
    withSandbox()(
      Effect.gen(function* () {
        const error = yield* Effect.flip(Favor.listCouponsByFilter({ openid, appid }))
        expect(error._tag).toBe("RequestValidationError")
      })
    )
  )
})

limitSuite("loopback: 代金券 coupon request limits", [
  {
    kind: "text",
    field: "sendCoupon openid",
    at: cjk(128),
    past: cjk(129),
    call: (o: string) => Favor.sendCoupon(sendRequest("1", o, "EWP-LIMIT"))
  },
  {
    kind: "text",
    field: "sendCoupon stock_id",
    at: digits(20),
    past: digits(21),
    call: (stock: string) => Favor.sendCoupon(sendRequest(stock, openid, "EWP-LIMIT"))
  },
  {
    kind: "text",
    field: "sendCoupon out_request_no",
    at: "A".repeat(128),
    past: "A".repeat(129),
    call: (no: string) => Favor.sendCoupon(sendRequest("1", openid, no))
  },
  {
    kind: "text",
    field: "sendCoupon appid",
    at: cjk(128),
    past: cjk(129),
    call: (id: string) => Favor.sendCoupon({ ...sendRequest("1", openid, "EWP-LIMIT"), appid: id })
  },
  {
    kind: "number",
    field: "sendCoupon coupon_value",
    at: 1,
    past: 0,
    call: (coupon_value: number) => Favor.sendCoupon({ ...sendRequest("1", openid, "EWP-LIMIT"), coupon_value })
  },
  {
    kind: "text",
    field: "queryCoupon coupon_id",
    at: cjk(20),
    past: cjk(21),
    call: (coupon_id: string) => Favor.queryCoupon({ openid, coupon_id, appid })
  },
  {
    kind: "text",
    field: "queryCoupon openid",
    at: cjk(128),
    past: cjk(129),
    call: (o: string) => Favor.queryCoupon({ openid: o, coupon_id: "1", appid })
  },
  {
    kind: "text",
    field: "listCouponsByFilter creator_mchid",
    at: digits(20),
    past: digits(21),
    call: (creator_mchid: string) => Favor.listCouponsByFilter({ openid, appid, creator_mchid })
  },
  {
    kind: "number",
    field: "listCouponsByFilter offset",
    at: 0,
    past: -1,
    call: (offset: number) => Favor.listCouponsByFilter({ openid, appid, creator_mchid: mchid, offset })
  }
])
