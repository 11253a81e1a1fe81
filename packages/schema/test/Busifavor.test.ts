import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as ApiError from "../src/ApiError.js"
import * as Busifavor from "../src/Busifavor.js"
import { expectEquivalent, fixture, issues, jsonRoundTrip, plain, remove, requestIssues, withPath } from "./support.js"

const stockWire = fixture("busifavor-query-stock.response.json")
const couponWire = fixture("busifavor-query-user-coupon.response.json")

const decodeStock = Schema.decodeUnknownEffect(Busifavor.QueryStockResponse)
const decodeCoupon = Schema.decodeUnknownEffect(Busifavor.QueryCouponResponse)

const minimalStock = {
  stock_name: "8月1日活动券",
  belong_merchant: "10000022",
  goods_name: "全场可用",
  stock_type: "NORMAL",
  coupon_use_rule: {
    coupon_available_time: {
      available_begin_time: "2015-05-20T13:29:35+08:00",
      available_end_time: "2015-06-20T13:29:35+08:00"
    },
    use_method: "OFF_LINE"
  },
  stock_send_rule: { max_coupons_per_user: 1 },
  stock_state: "RUNNING",
  coupon_code_mode: "WECHATPAY_MODE",
  stock_id: "1212"
}

describe("Busifavor.QueryStockResponse", () => {
  it.effect("decodes the official example, normalising string week days and string booleans", () =>
    Effect.gen(function* () {
      const stock = yield* decodeStock(stockWire)
      expect(stock).toBeInstanceOf(Busifavor.QueryStockResponse)
      expect(stock.stock_state).toBe("RUNNING")
      expect(stock.coupon_use_rule.coupon_available_time.available_week?.week_day).toStrictEqual([1, 2])
      expect(stock.coupon_use_rule.coupon_available_time.irregulary_avaliable_time?.[0]?.begin_time).toBe(
        "2015-05-20T13:29:35.120+08:00"
      )
      expect(stock.stock_send_rule.natural_person_limit).toBe(false)
      expect(stock.display_pattern_info?.background_color).toBe("xxxxx")
      expect(stock.coupon_code_count).toStrictEqual(
        new Busifavor.CouponCodeCount({ total_count: 100, available_count: 50 })
      )
      const normalised = [
        [
          ["coupon_use_rule", "coupon_available_time", "available_week", "week_day"],
          [1, 2]
        ],
        [["stock_send_rule", "natural_person_limit"], false],
        [["stock_send_rule", "prevent_api_abuse"], false],
        [["stock_send_rule", "transferable"], false],
        [["stock_send_rule", "shareable"], false]
      ] as const
      const expected = normalised.reduce<unknown>((json, [path, value]) => withPath(json, path, value), stockWire)
      expect(yield* Schema.encodeEffect(Busifavor.QueryStockResponse)(stock)).toStrictEqual(expected)
    })
  )

  it.effect("decodes week_day given as numbers or as numeric strings", () =>
    Effect.gen(function* () {
      const path = ["coupon_use_rule", "coupon_available_time", "available_week", "week_day"]
      const numbers = yield* decodeStock(withPath(minimalStock, path, [0, 6]))
      const strings = yield* decodeStock(withPath(minimalStock, path, ["0", "6"]))
      const mixed = yield* decodeStock(withPath(minimalStock, path, [0, "6"]))
      expect(numbers.coupon_use_rule.coupon_available_time.available_week?.week_day).toStrictEqual([0, 6])
      expect(strings.coupon_use_rule.coupon_available_time.available_week?.week_day).toStrictEqual([0, 6])
      expect(mixed.coupon_use_rule.coupon_available_time.available_week?.week_day).toStrictEqual([0, 6])
      const bad = yield* issues(Busifavor.QueryStockResponse, withPath(minimalStock, path, ["Mon"]))
      expect(bad[0]).toStrictEqual({ path: [...path, 0], message: "must be a number or a string of decimal digits" })
    })
  )

  it.effect('decodes booleans given as true/false or as "true"/"false", and encodes JSON booleans', () =>
    Effect.gen(function* () {
      const real = yield* decodeStock(
        withPath(minimalStock, ["stock_send_rule"], {
          max_coupons_per_user: 1,
          natural_person_limit: true,
          shareable: false
        })
      )
      const strings = yield* decodeStock(
        withPath(minimalStock, ["stock_send_rule"], {
          max_coupons_per_user: "1",
          natural_person_limit: "true",
          shareable: "false"
        })
      )
      expect(real.stock_send_rule).toStrictEqual(strings.stock_send_rule)
      expect(strings.stock_send_rule.natural_person_limit).toBe(true)
      expect(strings.stock_send_rule.shareable).toBe(false)
      expect((yield* Schema.encodeEffect(Busifavor.QueryStockResponse)(strings)).stock_send_rule).toStrictEqual({
        max_coupons_per_user: 1,
        natural_person_limit: true,
        shareable: false
      })
      const bad = yield* issues(
        Busifavor.QueryStockResponse,
        withPath(minimalStock, ["stock_send_rule", "shareable"], "yes")
      )
      expect(bad[0]).toStrictEqual({
        path: ["stock_send_rule", "shareable"],
        message: 'must be a boolean or "true"/"false"'
      })
    })
  )

  it.effect("keeps an unknown enum value as sent and ignores unknown fields", () =>
    Effect.gen(function* () {
      const input = withPath(
        withPath(
          withPath(withPath(minimalStock, ["stock_state"], "ARCHIVED"), ["coupon_use_rule", "use_method"], "FACE_PAY"),
          ["brand_new_field"],
          { nested: true }
        ),
        ["coupon_use_rule", "coupon_available_time", "available_second_after_receive"],
        60
      )
      const stock = yield* decodeStock(input)
      expect(stock.stock_state).toBe("ARCHIVED")
      expect(stock.coupon_use_rule.use_method).toBe("FACE_PAY")
      expect(Object.keys(stock)).not.toContain("brand_new_field")
      expect(Object.keys(stock.coupon_use_rule.coupon_available_time)).toStrictEqual([
        "available_begin_time",
        "available_end_time"
      ])
      expect((yield* Schema.encodeEffect(Busifavor.QueryStockResponse)(stock)).stock_state).toBe("ARCHIVED")
    })
  )

  it.effect("decodes a minimal body: optional objects absent or null", () =>
    Effect.gen(function* () {
      const stock = yield* decodeStock(withPath(withPath(minimalStock, ["custom_entrance"], null), ["comment"], null))
      expect(stock.custom_entrance).toBeUndefined()
      expect(Object.keys(stock)).not.toContain("comment")
      expect(stock.display_pattern_info).toBeUndefined()
      expect(stock.stock_send_rule).toStrictEqual(new Busifavor.StockSendRule({ max_coupons_per_user: 1 }))
    })
  )

  it.effect("names the path of a missing required field", () =>
    Effect.gen(function* () {
      expect(yield* issues(Busifavor.QueryStockResponse, withPath(minimalStock, ["stock_id"], remove))).toStrictEqual([
        { path: ["stock_id"], message: "Missing key" }
      ])
      expect(
        yield* issues(Busifavor.QueryStockResponse, withPath(minimalStock, ["coupon_use_rule", "use_method"], remove))
      ).toStrictEqual([{ path: ["coupon_use_rule", "use_method"], message: "Missing key" }])
    })
  )
})

describe("Busifavor.QueryCouponResponse", () => {
  it.effect("decodes the official example (missing commas repaired)", () =>
    Effect.gen(function* () {
      const coupon = yield* decodeCoupon(couponWire)
      expect(coupon.coupon_state).toBe("SENDED")
      expect(coupon.transferable).toBe(false)
      expect(coupon.shareable).toBe(false)
      expect(coupon.available_start_time).toBe("2019-12-30T13:29:35.120+08:00")
      expect(coupon.expire_time).toBe("2019-12-31T13:29:35.120+08:00")
      expect(coupon.receive_time).toBe("2019-12-30T13:29:35.120+08:00")
      expect(coupon.send_request_no).toBe("MCHSEND202003101234")
      expect(coupon.use_request_no).toBe("MCHSEND202003101234")
      expect(coupon.use_time).toBe("2019-12-30T13:29:35.120+08:00")
      expect(coupon.coupon_use_rule.coupon_available_time?.available_week?.week_day).toStrictEqual([1, 2])
    })
  )

  it.effect("keeps newer coupon states and unknown ones", () =>
    Effect.gen(function* () {
      const documented = yield* decodeCoupon(withPath(couponWire, ["coupon_state"], "PENDING_REDEEM"))
      const unknown = yield* decodeCoupon(withPath(couponWire, ["coupon_state"], "FROZEN"))
      expect(documented.coupon_state).toBe("PENDING_REDEEM")
      expect(unknown.coupon_state).toBe("FROZEN")
    })
  )

  it.effect("needs only the fields every source marks required", () =>
    Effect.gen(function* () {
      const coupon = yield* decodeCoupon({
        belong_merchant: "10000022",
        stock_name: "商家券",
        goods_name: "全场",
        stock_type: "DISCOUNT",
        coupon_use_rule: minimalStock.coupon_use_rule
      })
      expect(coupon.coupon_code).toBeUndefined()
      expect(coupon.display_pattern_info).toBeUndefined()
      expect(coupon.stock_type).toBe("DISCOUNT")
    })
  )
})

describe("Busifavor requests", () => {
  const message4 = "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)"

  it.effect("QueryStockRequest: stock_id is 1–20 characters", () =>
    Effect.gen(function* () {
      const ok = yield* Schema.decodeUnknownEffect(Busifavor.QueryStockRequest)({ stock_id: "1".repeat(20) })
      expect(ok.stock_id).toBe("11111111111111111111")
      expect(yield* requestIssues(Busifavor.QueryStockRequest, { stock_id: "1".repeat(21) }, "encode")).toStrictEqual([
        { path: ["stock_id"], message: "must be 1–20 characters, got 21" }
      ])
      expect(yield* requestIssues(Busifavor.QueryStockRequest, { stock_id: "" })).toStrictEqual([
        { path: ["stock_id"], message: "must be 1–20 characters, got 0" }
      ])
      expect(yield* requestIssues(Busifavor.QueryStockRequest, { stock_id: "12🎫" })).toStrictEqual([
        { path: ["stock_id"], message: message4 }
      ])
      expect(yield* requestIssues(Busifavor.QueryStockRequest, { stock_id: "1", extra: 1 })).toStrictEqual([
        { path: ["extra"], message: "Expected no excess property" }
      ])
    })
  )

  it.effect("QueryCouponRequest: openid ≤ 128, coupon_code ≤ 32, appid ≤ 32 characters", () =>
    Effect.gen(function* () {
      const atLimit = { openid: "o".repeat(128), coupon_code: "券".repeat(32), appid: "w".repeat(32) }
      expect(yield* Schema.encodeUnknownEffect(Busifavor.QueryCouponRequest)(atLimit)).toStrictEqual(atLimit)
      expect(yield* requestIssues(Busifavor.QueryCouponRequest, { ...atLimit, openid: "o".repeat(129) })).toStrictEqual(
        [{ path: ["openid"], message: "must be 1–128 characters, got 129" }]
      )
      expect(
        yield* requestIssues(Busifavor.QueryCouponRequest, { ...atLimit, coupon_code: "券".repeat(33) })
      ).toStrictEqual([{ path: ["coupon_code"], message: "must be 1–32 characters, got 33" }])
      expect(yield* requestIssues(Busifavor.QueryCouponRequest, { ...atLimit, appid: "w".repeat(33) })).toStrictEqual([
        { path: ["appid"], message: "must be 1–32 characters, got 33" }
      ])
    })
  )

  it.prop(
    "QueryStockRequest: encode → decode round trip",
    [Busifavor.QueryStockRequest],
    ([request]) => {
      expect(
        Schema.decodeUnknownSync(Busifavor.QueryStockRequest)(Schema.encodeSync(Busifavor.QueryStockRequest)(request))
      ).toStrictEqual(plain(request))
    },
    { arbitrary: { runs: 100 } }
  )

  it.prop(
    "QueryCouponRequest: encode → decode round trip",
    [Busifavor.QueryCouponRequest],
    ([request]) => {
      expect(
        Schema.decodeUnknownSync(Busifavor.QueryCouponRequest)(Schema.encodeSync(Busifavor.QueryCouponRequest)(request))
      ).toStrictEqual(plain(request))
    },
    { arbitrary: { runs: 100 } }
  )
})

describe("Busifavor.CouponUseRuleInput (strict, for create/modify bodies)", () => {
  const rule = {
    coupon_available_time: {
      available_begin_time: "2030-01-01T00:00:00+08:00",
      available_end_time: "2030-03-31T23:59:59+08:00",
      available_day_after_receive: 365,
      available_week: {
        week_day: [0, 6],
        available_day_time: [
          { begin_time: 0, end_time: 3600 },
          { begin_time: 36_000, end_time: 43_200 },
          { begin_time: 72_000, end_time: 86_399 }
        ]
      },
      wait_days_after_receive: 30
    },
    fixed_normal_coupon: { discount_amount: 10_000_000, transaction_minimum: 1 },
    exchange_coupon: { exchange_price: 0, transaction_minimum: 10_000_000 },
    use_method: "MINI_PROGRAMS",
    mini_programs_appid: "wx1234567890abcdef",
    mini_programs_path: "页".repeat(128)
  }
  const Input = Busifavor.CouponUseRuleInput
  const at = (path: ReadonlyArray<string | number>, value: unknown) => withPath(rule, path, value)

  it.effect("accepts every value at its documented limit", () =>
    Effect.gen(function* () {
      expect(yield* Schema.encodeUnknownEffect(Input)(rule)).toStrictEqual(rule)
      yield* Schema.decodeUnknownEffect(Input)(
        at(["fixed_normal_coupon"], { discount_amount: 1, transaction_minimum: 10_000_000 })
      )
      yield* Schema.decodeUnknownEffect(Input)(at(["coupon_available_time", "available_day_after_receive"], 1))
    })
  )

  it.effect("rejects amounts outside 1..10,000,000 fen", () =>
    Effect.gen(function* () {
      const message = "must be an amount in fen in 1..10000000"
      for (const [path, value] of [
        [["fixed_normal_coupon", "discount_amount"], 0],
        [["fixed_normal_coupon", "discount_amount"], 10_000_001],
        [["fixed_normal_coupon", "transaction_minimum"], 0],
        [["exchange_coupon", "transaction_minimum"], 10_000_001]
      ] as const) {
        expect(yield* requestIssues(Input, at(path, value), "encode")).toStrictEqual([{ path, message }])
      }
      expect(yield* requestIssues(Input, at(["exchange_coupon", "exchange_price"], 10_000_001))).toStrictEqual([
        { path: ["exchange_coupon", "exchange_price"], message: "must be an amount in fen in 0..10000000" }
      ])
      // Every issue is reported: -1 is below both Fen's 0 and the range's 0.
      expect(yield* requestIssues(Input, at(["exchange_coupon", "exchange_price"], -1))).toStrictEqual([
        { path: ["exchange_coupon", "exchange_price"], message: "must be a non-negative integer amount in fen" },
        { path: ["exchange_coupon", "exchange_price"], message: "must be an amount in fen in 0..10000000" }
      ])
    })
  )

  it.effect("rejects available_day_after_receive outside 1..365 and more than 3 day-time ranges", () =>
    Effect.gen(function* () {
      const days = ["coupon_available_time", "available_day_after_receive"]
      expect(yield* requestIssues(Input, at(days, 366))).toStrictEqual([
        { path: days, message: "must be an integer in 1..365" }
      ])
      expect(yield* requestIssues(Input, at(days, 0))).toStrictEqual([
        { path: days, message: "must be an integer in 1..365" }
      ])
      const ranges = ["coupon_available_time", "available_week", "available_day_time"]
      expect(
        yield* requestIssues(
          Input,
          at(
            ranges,
            Array.from({ length: 4 }, () => ({ begin_time: 0, end_time: 1 }))
          )
        )
      ).toStrictEqual([{ path: ranges, message: "must have at most 3 item(s)" }])
      expect(yield* requestIssues(Input, at([...ranges, 0, "end_time"], 86_400))).toStrictEqual([
        { path: [...ranges, 0, "end_time"], message: "must be an integer in 0..86399" }
      ])
      const wait = ["coupon_available_time", "wait_days_after_receive"]
      expect(yield* requestIssues(Input, at(wait, 31))).toStrictEqual([
        { path: wait, message: "must be an integer in 0..30" }
      ])
    })
  )

  it.effect("checks the documented conditional rules", () =>
    Effect.gen(function* () {
      expect(
        yield* requestIssues(Input, at(["coupon_available_time", "available_week", "week_day"], remove))
      ).toStrictEqual([
        {
          path: ["coupon_available_time", "available_week", "week_day"],
          message: "is required when available_day_time is set"
        }
      ])
      expect(
        yield* requestIssues(Input, at(["coupon_available_time", "available_day_after_receive"], remove))
      ).toStrictEqual([
        {
          path: ["coupon_available_time", "available_day_after_receive"],
          message: "is required when wait_days_after_receive is set"
        }
      ])
      expect(
        yield* requestIssues(Input, at(["coupon_available_time", "available_end_time"], "2029-12-31T16:00:00Z"))
      ).toStrictEqual([
        { path: ["coupon_available_time", "available_end_time"], message: "must be after available_begin_time" }
      ])
      expect(
        yield* requestIssues(
          Input,
          at(
            ["coupon_available_time", "irregulary_avaliable_time"],
            [{ begin_time: "2030-01-02T00:00:00+08:00", end_time: "2030-01-01T00:00:00+08:00" }]
          )
        )
      ).toStrictEqual([
        {
          path: ["coupon_available_time", "irregulary_avaliable_time", 0, "end_time"],
          message: "must be after begin_time"
        }
      ])
      expect(yield* requestIssues(Input, at(["mini_programs_path"], "页".repeat(129)))).toStrictEqual([
        { path: ["mini_programs_path"], message: "must be 1–128 characters, got 129" }
      ])
      expect(yield* requestIssues(Input, at(["use_method"], "FACE"))).toStrictEqual([
        { path: ["use_method"], message: "must be one of OFF_LINE, MINI_PROGRAMS, SELF_CONSUME, PAYMENT_CODE" }
      ])
    })
  )

  it.prop(
    "encode → decode round trip",
    [Input],
    ([input]) => {
      expectEquivalent(Input, jsonRoundTrip(Input, input), input)
    },
    { arbitrary: { runs: 100 } }
  )
})

describe("Busifavor endpoint bundles", () => {
  it("pair each request and response with its documented errors", () => {
    expect(Busifavor.QueryStock.request).toBe(Busifavor.QueryStockRequest)
    expect(Busifavor.QueryStock.response).toBe(Busifavor.QueryStockResponse)
    expect(Busifavor.QueryStock.errors).toBe(ApiError.BusifavorQueryStockErrors)
    expect(Busifavor.QueryCoupon.request).toBe(Busifavor.QueryCouponRequest)
    expect(Busifavor.QueryCoupon.response).toBe(Busifavor.QueryCouponResponse)
    expect(Busifavor.QueryCoupon.errors).toBe(ApiError.BusifavorQueryCouponErrors)
  })
})
