import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { Sandbox } from "../src/index.js"
import * as T from "./support.js"

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

const couponTarget = (openid: string, couponCode: string, appid: string) =>
  `/v3/marketing/busifavor/users/${encodeURIComponent(openid)}/coupons/${encodeURIComponent(couponCode)}/appids/${encodeURIComponent(appid)}`

const createTarget = "/v3/marketing/favor/coupon-stocks"

const createBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  stock_name: "微信支付代金券批次",
  comment: "零售批次",
  belong_merchant: Sandbox.defaults.mchid,
  available_begin_time: "2026-12-01T00:00:00.000+08:00",
  available_end_time: "2026-12-31T23:59:59.000+08:00",
  stock_use_rule: {
    max_coupons: 100,
    max_amount: 5000,
    max_amount_by_day: 400,
    max_coupons_per_user: 3,
    natural_person_limit: false,
    prevent_api_abuse: false
  },
  pattern_info: { description: "微信支付营销代金券", merchant_name: "微信支付", background_color: "COLOR020" },
  coupon_use_rule: {
    coupon_available_time: {
      fix_available_time: { available_week_day: [1, 2], begin_time: 0, end_time: 3600 },
      second_day_available: false,
      available_time_after_receive: 1440
    },
    fixed_normal_coupon: { coupon_amount: 50, transaction_minimum: 100 },
    goods_tag: ["123321", "123322"],
    trade_type: ["OTHER"],
    combine_use: false,
    available_items: ["123321"],
    available_merchants: ["1900009191"]
  },
  no_cash: false,
  stock_type: "NORMAL",
  out_request_no: "190000919120261123000001",
  ...overrides
})

const create = (sandbox: Sandbox.Sandbox, body: unknown) => {
  const text = JSON.stringify(body)
  return T.call(sandbox, { method: "POST", target: createTarget, body: text })
}

const expectParamError = (reply: T.Reply, field: string) => {
  expect(reply.status).toBe(400)
  const error = T.apiError(reply)
  expect(error.code).toBe("PARAM_ERROR")
  expect(error.detail?.["field"]).toBe(field)
  expect(error.detail?.["location"]).toBe("body")
  expect(typeof error.detail?.["issue"]).toBe("string")
  return error
}

describe("商家券 busifavor", () => {
  it.live("serves the default stock with every nested object", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const reply = yield* T.call(sandbox, { target: `/v3/marketing/busifavor/stocks/${Sandbox.defaults.stockId}` })
      expect(reply.status).toBe(200)
      const stock = reply.json as Sandbox.BusifavorStock
      expect(stock.stock_id).toBe(Sandbox.defaults.stockId)
      expect(stock.belong_merchant).toBe(Sandbox.defaults.mchid)
      expect(stock.coupon_use_rule.coupon_available_time.available_week?.week_day).toEqual([1, 2, 3, 4, 5])
      expect(stock.coupon_use_rule.coupon_available_time.available_week?.available_day_time).toHaveLength(2)
      expect(stock.coupon_use_rule.coupon_available_time.irregulary_avaliable_time).toHaveLength(2)
      expect(stock.coupon_use_rule.fixed_normal_coupon).toEqual({ discount_amount: 1000, transaction_minimum: 10000 })
      expect(stock.stock_send_rule.max_coupons_per_user).toBe(5)
      expect(stock.custom_entrance?.mini_programs_info?.entrance_words).toBe("欢迎选购")
      expect(stock.display_pattern_info?.finder_info?.finder_id).toBe("sph6Rngt2T4RlUf")
      expect(stock.notify_config?.notify_appid).toBe(Sandbox.defaults.appid)
      expect(stock.send_count_information?.total_send_num).toBe(1234)
      expect(stock.coupon_code_count).toEqual({ total_count: 10000, available_count: 8766 })
    })
  )

  it.live("answers 404 RESOURCE_NOT_EXISTS for an unknown stock and serves a seeded one", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const missing = yield* T.call(sandbox, { target: "/v3/marketing/busifavor/stocks/404404" })
      expect(missing.status).toBe(404)
      expect(T.apiError(missing).code).toBe("RESOURCE_NOT_EXISTS")
      const seeded: Sandbox.BusifavorStock = {
        ...Sandbox.defaultBusifavorStock(),
        stock_id: "404404",
        stock_type: "DISCOUNT",
        stock_state: "PAUSED",
        coupon_use_rule: {
          coupon_available_time: {
            available_begin_time: "2026-11-01T00:00:00+08:00",
            available_end_time: "2026-11-30T23:59:59+08:00"
          },
          discount_coupon: { discount_percent: 88, transaction_minimum: 100 },
          use_method: "OFF_LINE"
        }
      }
      yield* sandbox.seedBusifavorStock(seeded)
      const found = yield* T.call(sandbox, { target: "/v3/marketing/busifavor/stocks/404404" })
      expect(found.status).toBe(200)
      expect(found.json).toEqual(seeded)
    })
  )

  it.live("serves the default coupons by openid, coupon_code and appid", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const { openid, couponCode, usedCouponCode, appid } = Sandbox.defaults
      const sent = yield* T.call(sandbox, { target: couponTarget(openid, couponCode, appid) })
      expect(sent.status).toBe(200)
      expect(sent.json).toEqual(Sandbox.defaultUserCoupons()[0]!.coupon)
      const coupon = sent.json as Sandbox.BusifavorCoupon
      expect(coupon.coupon_state).toBe("SENDED")
      expect(coupon.receive_time).toBe("2026-11-20T10:15:30.120+08:00")
      expect(coupon.send_request_no).toMatch(/^\d+$/)
      const used = yield* T.call(sandbox, { target: couponTarget(openid, usedCouponCode, appid) })
      expect((used.json as Sandbox.BusifavorCoupon).coupon_state).toBe("USED")
      expect((used.json as Sandbox.BusifavorCoupon).use_time).toBe("2026-11-15T12:30:45+08:00")
      for (const target of [
        couponTarget(openid.toLowerCase(), couponCode, appid),
        couponTarget(openid, couponCode, "wx0000000000000000"),
        couponTarget(openid, couponCode.toLowerCase(), appid)
      ]) {
        const reply = yield* T.call(sandbox, { target })
        expect(reply.status).toBe(404)
        expect(T.apiError(reply).code).toBe("RESOURCE_NOT_EXISTS")
      }
    })
  )

  it.live("decodes percent-encoded path parameters and keeps their case", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const openid = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
      const couponCode = "AB/cd=12|x y+Z\\9"
      const appid = "wxABCDEF0123456789"
      const coupon: Sandbox.UserCouponSeed["coupon"] = {
        ...Sandbox.defaultUserCoupons()[0]!.coupon,
        coupon_code: couponCode
      }
      yield* sandbox.seedUserCoupon({ openid, appid, coupon })
      const target = couponTarget(openid, couponCode, appid)
      expect(target).toContain("AB%2Fcd%3D12%7Cx%20y%2BZ%5C9")
      const reply = yield* T.call(sandbox, { target })
      expect(reply.status).toBe(200)
      expect((reply.json as Sandbox.BusifavorCoupon).coupon_code).toBe(couponCode)
      const [entry] = yield* sandbox.requests
      expect(entry!.path).toBe(target)
      const unencodedSlash = yield* T.call(sandbox, {
        target: `/v3/marketing/busifavor/users/${openid}/coupons/AB/cd=12/appids/${appid}`
      })
      expect(unencodedSlash.status).toBe(404)
      expect(T.apiError(unencodedSlash).code).toBe("NOT_FOUND")
    })
  )
})

describe("商家券 busifavor writes", () => {
  const post = (sandbox: Sandbox.Sandbox, target: string, body: unknown) =>
    T.call(sandbox, { method: "POST", target, body: JSON.stringify(body) })

  it.live("are idempotent within the descriptor's scope, and a conflict answers the descriptor's code", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const request = Sandbox.sampleCreateBusifavorStockRequest("BF-STOCK-1")
      const created = yield* post(sandbox, "/v3/marketing/busifavor/stocks", request)
      expect(created.status).toBe(200)
      const { stock_id } = created.json as { readonly stock_id: string }
      // 创建商家券 documents its conflict: RESOURCE_ALREADY_EXISTS 批次已存在.
      const reused = yield* post(sandbox, "/v3/marketing/busifavor/stocks", { ...request, goods_name: "其他商品" })
      expect(reused.status).toBe(400)
      expect(T.apiError(reused)).toMatchObject({ code: "RESOURCE_ALREADY_EXISTS", message: "批次已存在" })

      // 发放商家券: out_request_no is unique per stock and user (the descriptor's scope).
      const send = (openid: string, overrides: Record<string, unknown> = {}) =>
        post(sandbox, "/v3/marketing/busifavor/coupons/send", {
          openid,
          appid: Sandbox.defaults.appid,
          stock_id,
          out_request_no: "BF-SEND-1",
          ...overrides
        })
      const first = yield* send(Sandbox.defaults.openid)
      expect(first.status).toBe(200)
      const replay = yield* send(Sandbox.defaults.openid)
      expect(replay.json).toEqual(first.json)
      const otherUser = yield* send("oOtherUser0000001")
      expect(otherUser.status).toBe(200)
      expect(otherUser.json).not.toEqual(first.json)
      const conflict = yield* send(Sandbox.defaults.openid, { appid: "wx0000000000000000" })
      expect(conflict.status).toBe(400)
      expect(T.apiError(conflict)).toMatchObject({ code: "INVALID_REQUEST", detail: { field: "/out_request_no" } })
      const stock = yield* T.call(sandbox, { target: `/v3/marketing/busifavor/stocks/${stock_id}` })
      expect((stock.json as Sandbox.BusifavorStock).send_count_information?.total_send_num).toBe(2)
    })
  )
})

describe("代金券 favor create-coupon-stock", () => {
  it.live("creates a stock and is idempotent on out_request_no; another request under it is INVALID_REQUEST", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const first = yield* create(sandbox, createBody())
      expect(first.status).toBe(200)
      expect(T.verifies(first, T.currentPlatformCertificate(sandbox))).toBe(true)
      const created = first.json as { readonly stock_id: string; readonly create_time: string }
      expect(Object.keys(created).sort()).toEqual(["create_time", "stock_id"])
      expect(created.stock_id).toMatch(/^\d{1,20}$/)
      expect(created.create_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
      const again = yield* create(sandbox, createBody())
      expect(again.json).toEqual(created)
      // The same out_request_no with another request: the descriptor's conflict code.
      const conflict = yield* create(sandbox, createBody({ comment: "retry" }))
      expect(conflict.status).toBe(400)
      expect(T.apiError(conflict)).toMatchObject({ code: "INVALID_REQUEST", detail: { field: "/out_request_no" } })
      const other = yield* create(sandbox, createBody({ out_request_no: "190000919120261123000002" }))
      expect((other.json as { readonly stock_id: string }).stock_id).not.toBe(created.stock_id)
      const log = yield* sandbox.requests
      expect(log[0]!.body).toBe(JSON.stringify(createBody()))
      expect(log.map((entry) => entry.code)).toEqual([
        Option.none(),
        Option.none(),
        Option.some("INVALID_REQUEST"),
        Option.none()
      ])
    })
  )

  it.live("requires fixed_normal_coupon for a NORMAL stock", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const body = createBody()
      const { fixed_normal_coupon: _, ...rule } = body["coupon_use_rule"] as Record<string, unknown>
      const reply = yield* create(sandbox, { ...body, coupon_use_rule: rule })
      const error = expectParamError(reply, "/coupon_use_rule/fixed_normal_coupon")
      expect(error.message).toContain("/coupon_use_rule/fixed_normal_coupon")
      expect(T.verifies(reply, T.currentPlatformCertificate(sandbox))).toBe(true)
    })
  )

  it.live("checks the body with the descriptor's request schema, then the business rules", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const body = createBody()
      const useRule = body["stock_use_rule"] as Record<string, unknown>
      const couponRule = body["coupon_use_rule"] as Record<string, unknown>
      const cases: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
        [{ ...body, stock_name: undefined }, "/stock_name"],
        [{ ...body, stock_use_rule: { ...useRule, max_amount: 50.5 } }, "/stock_use_rule/max_amount"],
        [{ ...body, stock_use_rule: { ...useRule, max_coupons: "100" } }, "/stock_use_rule/max_coupons"],
        [
          { ...body, stock_use_rule: { ...useRule, natural_person_limit: "false" } },
          "/stock_use_rule/natural_person_limit"
        ],
        [
          { ...body, stock_use_rule: { ...useRule, prevent_api_abuse: undefined } },
          "/stock_use_rule/prevent_api_abuse"
        ],
        [{ ...body, coupon_use_rule: { ...couponRule, trade_type: "OTHER" } }, "/coupon_use_rule/trade_type"],
        [{ ...body, available_begin_time: "2026-12-01 00:00:00" }, "/available_begin_time"],
        [{ ...body, no_cash: undefined }, "/no_cash"],
        [{ ...body, stock_type: "SPECIAL" }, "/stock_type"],
        [{ ...body, out_request_no: "" }, "/out_request_no"],
        [{ ...body, out_request_no: "has space" }, "/out_request_no"],
        // Stricter than the old hand validator, from the schema: forbidden characters, the 90-day span, unknown keys.
        [{ ...body, stock_name: "满100_减5" }, "/stock_name"],
        [{ ...body, available_end_time: "2027-03-31T23:59:59.000+08:00" }, "/available_end_time"],
        [{ ...body, comment: null }, "/comment"],
        [{ ...body, stock_id: "1" }, "/stock_id"],
        // Not schema rules: the sandbox behaviour checks them (they need the caller's mchid or two fields).
        [{ ...body, belong_merchant: "1230000109" }, "/belong_merchant"],
        [{ ...body, stock_use_rule: { ...useRule, max_amount: 4000 } }, "/stock_use_rule/max_amount"]
      ]
      for (const [input, field] of cases) {
        expectParamError(yield* create(sandbox, input), field)
      }
      const notJson = yield* T.call(sandbox, { method: "POST", target: createTarget, body: "{not json" })
      expect(notJson.status).toBe(400)
      expect(T.apiError(notJson).code).toBe("PARAM_ERROR")
    })
  )
})
