import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { BusifavorErrors } from "../src/ApiError.js"
import * as Busifavor from "../src/Busifavor.js"
import { requestParseOptions } from "../src/Endpoint.js"
import { fixture, issues, listRequestIssues, remove, withPath } from "./support.js"

const createWire = fixture("busifavor-create-stock.request.json")
const uploadWire = fixture("busifavor-upload-coupon-code.response.json")
const listWire = fixture("busifavor-query-coupon-code-list.response.json")
const codeInfoWire = fixture("busifavor-coupon-code-info.response.json")

const emoji = "券😀"
const cjk = (n: number) => "券".repeat(n)
const ascii = (n: number, c = "a") => c.repeat(n)

/** The issues of decoding `input` as the request `schema` (request parse options); `[]` when it decodes. */
const check = (schema: Schema.Top, input: unknown) => Effect.sync(() => listRequestIssues(schema, input))

/** Decodes `input` and expects no issue, then `next` and expects the first issue at `path`. */
const atLimit = (schema: Schema.Top, valid: unknown, path: ReadonlyArray<string | number>, ok: unknown, bad: unknown) =>
  Effect.gen(function* () {
    expect(yield* check(schema, withPath(valid, path, ok))).toStrictEqual([])
    const found = yield* check(schema, withPath(valid, path, bad))
    expect(found.length).toBeGreaterThan(0)
    expect(found[0]?.path).toStrictEqual(path)
    return found[0]?.message
  })

describe("Busifavor.CreateStockRequest", () => {
  const schema = Busifavor.CreateStockRequest

  it.effect("decodes the hand-written example and encodes it back to the same JSON", () =>
    Effect.gen(function* () {
      const request = yield* Schema.decodeUnknownEffect(schema)(createWire, requestParseOptions)
      expect(request.stock_type).toBe("NORMAL")
      expect(request.coupon_use_rule.fixed_normal_coupon?.discount_amount).toBe(300)
      expect(Schema.encodeSync(schema)(request)).toStrictEqual(createWire)
    })
  )

  it.effect("checks text limits in characters: a CJK character counts 1, a 4-byte emoji is rejected", () =>
    Effect.gen(function* () {
      expect(yield* atLimit(schema, createWire, ["stock_name"], cjk(21), cjk(22))).toBe(
        "must be 1–21 characters, got 22"
      )
      yield* atLimit(schema, createWire, ["stock_name"], ascii(21), ascii(22))
      yield* atLimit(schema, createWire, ["stock_name"], "a", "")
      expect(yield* atLimit(schema, createWire, ["stock_name"], "券", emoji)).toMatch(/4-byte UTF-8/)
      yield* atLimit(schema, createWire, ["comment"], cjk(20), cjk(21))
      yield* atLimit(schema, createWire, ["goods_name"], cjk(15), cjk(16))
      yield* atLimit(schema, createWire, ["goods_name"], "券", emoji)
      yield* atLimit(schema, createWire, ["belong_merchant"], "12345678", "1234567")
      yield* atLimit(schema, createWire, ["belong_merchant"], ascii(15, "1"), ascii(16, "1"))
    })
  )

  it.effect("checks out_request_no: 1–128 characters of letters, digits, |, _, * and -", () =>
    Effect.gen(function* () {
      yield* atLimit(schema, createWire, ["out_request_no"], ascii(128, "A"), ascii(129, "A"))
      expect(yield* atLimit(schema, createWire, ["out_request_no"], "a|b_c*d-e", "a#b")).toBe(
        "may contain only letters, digits, |, _, * and -"
      )
      yield* atLimit(schema, createWire, ["out_request_no"], "1", "")
    })
  )

  it.effect("checks stock_send_rule ranges", () =>
    Effect.gen(function* () {
      const rule = ["stock_send_rule"]
      expect(yield* atLimit(schema, createWire, [...rule, "max_coupons"], 1, 0)).toBe(
        "must be an integer in 1..1000000000"
      )
      yield* atLimit(schema, createWire, [...rule, "max_coupons"], 1_000_000_000, 1_000_000_001)
      yield* atLimit(schema, createWire, [...rule, "max_coupons"], 10, 10.5)
      yield* atLimit(schema, createWire, [...rule, "max_coupons_per_user"], 100, 101)
      yield* atLimit(schema, createWire, [...rule, "max_coupons_per_user"], 1, 0)
      yield* atLimit(schema, createWire, [...rule, "max_coupons_by_day"], 1_000_000_000, 1_000_000_001)
      yield* atLimit(schema, createWire, [...rule, "max_amount"], 0, -1)
      yield* atLimit(schema, createWire, [...rule, "shareable"], false, "false")
      expect(yield* check(schema, withPath(createWire, [...rule, "max_coupons"], remove))).toStrictEqual([
        { path: [...rule, "max_coupons"], message: "Missing key" }
      ])
    })
  )

  it.effect("checks custom_entrance, display_pattern_info and notify_config", () =>
    Effect.gen(function* () {
      const mini = ["custom_entrance", "mini_programs_info"]
      yield* atLimit(schema, createWire, [...mini, "entrance_words"], cjk(5), cjk(6))
      yield* atLimit(schema, createWire, [...mini, "entrance_words"], "去", emoji)
      yield* atLimit(schema, createWire, [...mini, "guiding_words"], cjk(6), cjk(7))
      yield* atLimit(schema, createWire, ["custom_entrance", "code_display_mode"], "NOT_SHOW", "TEXT")
      yield* atLimit(schema, createWire, ["custom_entrance", "appid"], ascii(32, "w"), ascii(33, "w"))
      yield* atLimit(schema, createWire, ["display_pattern_info", "merchant_name"], cjk(12), cjk(13))
      expect(
        yield* atLimit(schema, createWire, ["display_pattern_info", "background_color"], "Color100", "xxxxx")
      ).toMatch(/^must be one of Color010/)
      yield* atLimit(schema, createWire, ["notify_config", "notify_appid"], "wx1", "")
      expect(
        yield* check(schema, withPath(createWire, ["display_pattern_info", "finder_info", "finder_id"], remove))
      ).toStrictEqual([{ path: ["display_pattern_info", "finder_info", "finder_id"], message: "Missing key" }])
      expect(yield* check(schema, withPath(createWire, [...mini, "mini_programs_path"], remove))).toStrictEqual([
        { path: [...mini, "mini_programs_path"], message: "Missing key" }
      ])
    })
  )

  it.effect("checks the enums", () =>
    Effect.gen(function* () {
      yield* atLimit(schema, createWire, ["coupon_code_mode"], "MERCHANT_API", "MERCHANT")
      expect(yield* check(schema, withPath(createWire, ["stock_type"], "RANDOM"))).toStrictEqual([
        { path: ["stock_type"], message: "must be one of NORMAL, DISCOUNT, EXCHANGE" }
      ])
    })
  )

  it.effect("needs the coupon rule matching stock_type, and only that one (三选一)", () =>
    Effect.gen(function* () {
      const discount = withPath(
        withPath(withPath(createWire, ["stock_type"], "DISCOUNT"), ["coupon_use_rule", "fixed_normal_coupon"], remove),
        ["coupon_use_rule", "discount_coupon"],
        { discount_percent: 88, transaction_minimum: 100 }
      )
      expect(yield* check(schema, discount)).toStrictEqual([])
      expect(yield* check(schema, withPath(createWire, ["stock_type"], "DISCOUNT"))).toStrictEqual([
        { path: ["coupon_use_rule", "fixed_normal_coupon"], message: "must be absent when stock_type is DISCOUNT" },
        { path: ["coupon_use_rule", "discount_coupon"], message: "is required when stock_type is DISCOUNT" }
      ])
      expect(
        yield* check(
          schema,
          withPath(createWire, ["coupon_use_rule", "exchange_coupon"], { exchange_price: 0, transaction_minimum: 1 })
        )
      ).toStrictEqual([
        { path: ["coupon_use_rule", "exchange_coupon"], message: "must be absent when stock_type is NORMAL" }
      ])
    })
  )

  it.effect("discount_percent is 1..99 (88 pays 88%: 0, 100 and negative values are no 折扣)", () =>
    Effect.gen(function* () {
      const discount = (discount_percent: number) =>
        withPath(
          withPath(
            withPath(createWire, ["stock_type"], "DISCOUNT"),
            ["coupon_use_rule", "fixed_normal_coupon"],
            remove
          ),
          ["coupon_use_rule", "discount_coupon"],
          { discount_percent, transaction_minimum: 100 }
        )
      const path = ["coupon_use_rule", "discount_coupon", "discount_percent"]
      for (const ok of [1, 88, 99]) expect(yield* check(schema, discount(ok))).toStrictEqual([])
      for (const bad of [0, 100, -20]) {
        expect(yield* check(schema, discount(bad))).toStrictEqual([{ path, message: "must be an integer in 1..99" }])
      }
    })
  )

  it.effect("rejects unknown keys at the top and in nested inputs", () =>
    Effect.gen(function* () {
      const top = yield* check(schema, withPath(createWire, ["stock_id"], "1"))
      expect(top[0]?.path).toStrictEqual(["stock_id"])
      expect(top[0]?.message).toBe("Expected no excess property")
      const nested = yield* check(schema, withPath(createWire, ["stock_send_rule", "max_coupons_per_day"], 1))
      expect(nested[0]?.path).toStrictEqual(["stock_send_rule", "max_coupons_per_day"])
    })
  )
})

describe("Busifavor.ModifyStockInfoRequest", () => {
  const schema = Busifavor.ModifyStockInfoRequest
  const minimal = { stock_id: "1212000000000098", out_request_no: "1900000109-20260820-0001" }
  const full = {
    ...minimal,
    custom_entrance: {
      mini_programs_info: {
        mini_programs_appid: "wx1a2b3c4d5e6f7a8b",
        mini_programs_path: "/p",
        entrance_words: "去看看"
      },
      hall_id: "100200300",
      code_display_mode: "BARCODE"
    },
    comment: "改备注",
    goods_name: "部分饮品",
    display_pattern_info: { description: "新的使用须知" },
    coupon_use_rule: { use_method: "OFF_LINE" },
    stock_send_rule: { prevent_api_abuse: true },
    notify_config: { notify_appid: "wx1a2b3c4d5e6f7a8b" },
    subsidy: true
  }

  it.effect("decodes a minimal and a full body and encodes them back", () =>
    Effect.gen(function* () {
      for (const input of [minimal, full]) {
        const request = yield* Schema.decodeUnknownEffect(schema)(input, requestParseOptions)
        expect(Schema.encodeSync(schema)(request)).toStrictEqual(input)
      }
    })
  )

  it.effect("checks the limits", () =>
    Effect.gen(function* () {
      yield* atLimit(schema, full, ["stock_id"], ascii(20, "1"), ascii(21, "1"))
      yield* atLimit(schema, full, ["stock_id"], "1", "")
      yield* atLimit(schema, full, ["stock_name"], cjk(21), cjk(22))
      yield* atLimit(schema, full, ["comment"], cjk(20), cjk(21))
      yield* atLimit(schema, full, ["goods_name"], cjk(15), emoji)
      yield* atLimit(schema, full, ["out_request_no"], ascii(128, "Z"), ascii(129, "Z"))
      yield* atLimit(schema, full, ["coupon_use_rule", "use_method"], "PAYMENT_CODE", "ONLINE")
      yield* atLimit(schema, full, ["custom_entrance", "mini_programs_info", "entrance_words"], cjk(5), cjk(6))
      expect(yield* check(schema, withPath(full, ["out_request_no"], remove))).toStrictEqual([
        { path: ["out_request_no"], message: "Missing key" }
      ])
    })
  )

  it.effect("rejects fields that cannot be modified (store_id, max_coupons)", () =>
    Effect.gen(function* () {
      const storeId = yield* check(schema, withPath(full, ["custom_entrance", "store_id"], "sz-1"))
      expect(storeId[0]?.path).toStrictEqual(["custom_entrance", "store_id"])
      const maxCoupons = yield* check(schema, withPath(full, ["stock_send_rule", "max_coupons"], 10))
      expect(maxCoupons[0]?.path).toStrictEqual(["stock_send_rule", "max_coupons"])
    })
  )
})

describe("Busifavor.ModifyBudgetRequest", () => {
  const schema = Busifavor.ModifyBudgetRequest
  const total = {
    stock_id: "98065001",
    target_max_coupons: 3000,
    current_max_coupons: 500,
    modify_budget_request_no: "1002600620019090123143254436"
  }
  const byDay = {
    stock_id: "98065001",
    target_max_coupons_by_day: 800,
    current_max_coupons_by_day: 300,
    modify_budget_request_no: "1002600620019090123143254437"
  }

  it.effect("decodes a total change, a per-day change, and the doc's shape with the other target at 0", () =>
    Effect.gen(function* () {
      for (const input of [total, byDay, { ...total, target_max_coupons_by_day: 0, current_max_coupons_by_day: 300 }]) {
        const request = yield* Schema.decodeUnknownEffect(schema)(input, requestParseOptions)
        expect(Schema.encodeSync(schema)(request)).toStrictEqual(input)
      }
    })
  )

  it.effect("changes exactly one budget per call, with its current value", () =>
    Effect.gen(function* () {
      expect(yield* check(schema, { ...total, ...byDay })).toStrictEqual([
        {
          path: ["target_max_coupons_by_day"],
          message: "must be absent or 0 when target_max_coupons is set: change one budget per call"
        }
      ])
      expect(
        yield* check(schema, { stock_id: "1", target_max_coupons: 0, modify_budget_request_no: "n" })
      ).toStrictEqual([
        {
          path: ["target_max_coupons"],
          message: "one of target_max_coupons or target_max_coupons_by_day must be above 0"
        }
      ])
      expect(yield* check(schema, withPath(total, ["current_max_coupons"], remove))).toStrictEqual([
        { path: ["current_max_coupons"], message: "is required when target_max_coupons is above 0" }
      ])
      expect(yield* check(schema, withPath(byDay, ["current_max_coupons_by_day"], remove))).toStrictEqual([
        { path: ["current_max_coupons_by_day"], message: "is required when target_max_coupons_by_day is above 0" }
      ])
    })
  )

  it.effect("checks the ranges and the request number", () =>
    Effect.gen(function* () {
      yield* atLimit(schema, total, ["target_max_coupons"], 1_000_000_000, 1_000_000_001)
      yield* atLimit(schema, total, ["current_max_coupons"], 0, -1)
      yield* atLimit(schema, byDay, ["target_max_coupons_by_day"], 1_000_000_000, 1_000_000_001)
      yield* atLimit(schema, total, ["modify_budget_request_no"], ascii(128, "9"), ascii(129, "9"))
      yield* atLimit(schema, total, ["modify_budget_request_no"], "9", "9 9")
    })
  )
})

describe("Busifavor.UploadCouponCodeRequest", () => {
  const schema = Busifavor.UploadCouponCodeRequest
  const valid = { stock_id: "98065001", coupon_code_list: ["ABC9588200"], upload_request_no: "UP20260815-0001" }

  it.effect("accepts every documented code character and encodes back", () =>
    Effect.gen(function* () {
      const input = withPath(valid, ["coupon_code_list"], ["aZ09 -_\\/=|", "A B", "=="])
      const request = yield* Schema.decodeUnknownEffect(schema)(input, requestParseOptions)
      expect(Schema.encodeSync(schema)(request)).toStrictEqual(input)
    })
  )

  it.effect("checks each code: 1–32 characters of the alphabet, space only as U+0020", () =>
    Effect.gen(function* () {
      const code = ["coupon_code_list", 0]
      yield* atLimit(schema, valid, code, ascii(32, "Z"), ascii(33, "Z"))
      yield* atLimit(schema, valid, code, "Z", "")
      expect(yield* atLimit(schema, valid, code, "A B", "A\tB")).toBe(
        "may contain only letters, digits, space, -, _, \\, /, = and |"
      )
      yield* atLimit(schema, valid, code, "AB", "A\u00a0B")
      yield* atLimit(schema, valid, code, "AB", "A#B")
      yield* atLimit(schema, valid, code, "AB", cjk(2))
      yield* atLimit(schema, valid, code, "AB", emoji)
    })
  )

  it.effect("takes 1–200 codes per call, repeats allowed (reported in duplicate_codes)", () =>
    Effect.gen(function* () {
      const codes = (n: number) => Array.from({ length: n }, (_, i) => `C${i}`)
      yield* atLimit(schema, valid, ["coupon_code_list"], codes(200), codes(201))
      expect(yield* atLimit(schema, valid, ["coupon_code_list"], codes(1), [])).toBe("must have at least 1 item(s)")
      expect(yield* check(schema, withPath(valid, ["coupon_code_list"], ["X", "X"]))).toStrictEqual([])
      yield* atLimit(schema, valid, ["upload_request_no"], ascii(128, "u"), ascii(129, "u"))
      yield* atLimit(schema, valid, ["stock_id"], ascii(20, "1"), ascii(21, "1"))
    })
  )
})

describe("Busifavor.QueryCouponCodeListRequest, CouponCodeInfoRequest, DeleteCouponCodeRequest", () => {
  it.effect("decode the query fields and encode them back", () =>
    Effect.gen(function* () {
      const list = { stock_id: "98065001", limit: 100, offset: 10, appid: "wx233544546545989", status: "AVAILABLE" }
      expect(
        Schema.encodeSync(Busifavor.QueryCouponCodeListRequest)(
          yield* Schema.decodeUnknownEffect(Busifavor.QueryCouponCodeListRequest)(list, requestParseOptions)
        )
      ).toStrictEqual(list)
      const info = { stock_id: "98065001", coupon_code: "SUMMER 0001", appid: "wx233544546545989" }
      expect(
        Schema.encodeSync(Busifavor.CouponCodeInfoRequest)(
          yield* Schema.decodeUnknownEffect(Busifavor.CouponCodeInfoRequest)(info, requestParseOptions)
        )
      ).toStrictEqual(info)
      const del = { stock_id: "98065001", coupon_code: "SUMMER/0001", delete_request_no: "DEL-20260901-01" }
      expect(
        Schema.encodeSync(Busifavor.DeleteCouponCodeRequest)(
          yield* Schema.decodeUnknownEffect(Busifavor.DeleteCouponCodeRequest)(del, requestParseOptions)
        )
      ).toStrictEqual(del)
      expect(yield* check(Busifavor.QueryCouponCodeListRequest, { stock_id: "1" })).toStrictEqual([])
    })
  )

  it.effect("check the limits", () =>
    Effect.gen(function* () {
      const list = { stock_id: "98065001" }
      expect(yield* atLimit(Busifavor.QueryCouponCodeListRequest, list, ["limit"], 1, 0)).toBe(
        "must be an integer of at least 1"
      )
      expect(yield* atLimit(Busifavor.QueryCouponCodeListRequest, list, ["offset"], 0, -1)).toBe(
        "must be a non-negative integer"
      )
      yield* atLimit(Busifavor.QueryCouponCodeListRequest, list, ["offset"], 20, "20")
      yield* atLimit(Busifavor.QueryCouponCodeListRequest, list, ["status"], "SENDED", "FROZEN")
      yield* atLimit(Busifavor.QueryCouponCodeListRequest, list, ["appid"], ascii(32, "w"), ascii(33, "w"))
      const info = { stock_id: "98065001", coupon_code: "A" }
      yield* atLimit(Busifavor.CouponCodeInfoRequest, info, ["coupon_code"], ascii(32, "c"), ascii(33, "c"))
      yield* atLimit(Busifavor.CouponCodeInfoRequest, info, ["stock_id"], ascii(20, "1"), emoji)
      const del = { stock_id: "98065001", coupon_code: "A", delete_request_no: "D1" }
      yield* atLimit(Busifavor.DeleteCouponCodeRequest, del, ["delete_request_no"], ascii(128, "d"), ascii(129, "d"))
      yield* atLimit(Busifavor.DeleteCouponCodeRequest, del, ["coupon_code"], "A", "A\nB")
      expect(
        yield* check(Busifavor.DeleteCouponCodeRequest, withPath(del, ["delete_request_no"], remove))
      ).toStrictEqual([{ path: ["delete_request_no"], message: "Missing key" }])
    })
  )
})

describe("Busifavor stock responses", () => {
  it.effect("CreateStockResponse: both fields are always present; the time is kept as sent", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.CreateStockResponse)
      const created = yield* decode({
        stock_id: "1212000000000098",
        create_time: "2026-08-15T10:20:30.120+08:00",
        x: 1
      })
      expect(created).toStrictEqual(
        new Busifavor.CreateStockResponse({
          stock_id: Busifavor.CreateStockResponse.fields.stock_id.make("1212000000000098"),
          create_time: "2026-08-15T10:20:30.120+08:00"
        })
      )
      expect(yield* issues(Busifavor.CreateStockResponse, { create_time: "2026-08-15T10:20:30+08:00" })).toStrictEqual([
        { path: ["stock_id"], message: "Missing key" }
      ])
    })
  )

  it.effect("ModifyBudgetResponse: numbers or numeric strings; max_coupons_by_day optional", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.ModifyBudgetResponse)
      expect(yield* decode({ max_coupons: "3000", max_coupons_by_day: 100 })).toStrictEqual(
        new Busifavor.ModifyBudgetResponse({ max_coupons: 3000, max_coupons_by_day: 100 })
      )
      expect(yield* decode({ max_coupons: 3000, max_coupons_by_day: null })).toStrictEqual(
        new Busifavor.ModifyBudgetResponse({ max_coupons: 3000 })
      )
    })
  )

  it.effect("UploadCouponCodeResponse: per-code results are typed", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.UploadCouponCodeResponse)
      const result = yield* decode(uploadWire)
      expect(result.fail_codes?.[0]).toStrictEqual(
        new Busifavor.UploadCouponCodeFailReason({
          coupon_code: Busifavor.UploadCouponCodeFailReason.fields.coupon_code.make(
            "SUMMER-TOO-LONG-0000000000000000000"
          ),
          code: "LENGTH_LIMIT",
          message: "长度超过最大值32位"
        })
      )
      expect(result.exist_codes).toStrictEqual(["SUMMER-0000"])
      expect(result.duplicate_codes).toStrictEqual(["SUMMER-0001"])
      expect(yield* Schema.encodeEffect(Busifavor.UploadCouponCodeResponse)(result)).toStrictEqual(uploadWire)
      const minimal = yield* decode({
        stock_id: "1",
        total_count: "0",
        success_count: "0",
        success_time: "2026-08-15T10:20:30+08:00",
        unknown_key: [1]
      })
      expect(minimal.total_count).toBe(0)
      expect(minimal.fail_codes).toBeUndefined()
      expect(Object.keys(minimal)).not.toContain("unknown_key")
      expect(
        yield* issues(Busifavor.UploadCouponCodeResponse, withPath(uploadWire, ["success_time"], remove))
      ).toStrictEqual([{ path: ["success_time"], message: "Missing key" }])
    })
  )

  it.effect("QueryCouponCodeListResponse: a page of codes; unknown code states kept", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.QueryCouponCodeListResponse)
      const page = yield* decode(listWire)
      expect(page.data?.map((c) => c.code_status)).toStrictEqual(["DISPATCHED", "AVAILABLE"])
      expect(page.data?.[0]?.dispatched_time).toBe("2026-08-16T09:00:01.250+08:00")
      expect(yield* Schema.encodeEffect(Busifavor.QueryCouponCodeListResponse)(page)).toStrictEqual(listWire)
      const minimal = yield* decode({ stock_id: "1", total_count: "0", offset: "0", limit: "0" })
      expect(minimal.data).toBeUndefined()
      const unknown = yield* decode(withPath(listWire, ["data", 1, "code_status"], "FROZEN"))
      expect(unknown.data?.[1]?.code_status).toBe("FROZEN")
      expect(yield* issues(Busifavor.QueryCouponCodeListResponse, withPath(listWire, ["offset"], "one"))).toStrictEqual(
        [{ path: ["offset"], message: "must be a number or a string of decimal digits" }]
      )
    })
  )

  it.effect("CouponCodeInfoResponse: the code, and the coupon once dispatched (string booleans and week days)", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.CouponCodeInfoResponse)
      const info = yield* decode(codeInfoWire)
      expect(info.code_information.code_status).toBe("DISPATCHED")
      expect(info.coupon_information).toBeInstanceOf(Busifavor.QueryCouponResponse)
      expect(info.coupon_information?.transferable).toBe(false)
      expect(info.coupon_information?.coupon_use_rule.fixed_normal_coupon?.discount_amount).toBe(300)
      expect(info.coupon_information?.coupon_use_rule.coupon_available_time.available_week?.week_day).toStrictEqual([
        1, 3
      ])
      const available = yield* decode({ code_information: { code: "SUMMER-0002", code_status: "AVAILABLE" } })
      expect(available.coupon_information).toBeUndefined()
      expect(yield* decode({ code_information: {}, coupon_information: null })).toStrictEqual(
        new Busifavor.CouponCodeInfoResponse({ code_information: new Busifavor.CouponCodeEntity({}) })
      )
      expect(yield* issues(Busifavor.CouponCodeInfoResponse, {})).toStrictEqual([
        { path: ["code_information"], message: "Missing key" }
      ])
    })
  )

  it.effect("DeleteCouponCodeResponse: both fields optional (Q11)", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.DeleteCouponCodeResponse)
      const deleted = yield* decode({ stock_id: "98065001", delete_time: "2026-09-01T08:00:00+08:00" })
      expect(deleted.delete_time).toBe("2026-09-01T08:00:00+08:00")
      expect(yield* decode({})).toStrictEqual(new Busifavor.DeleteCouponCodeResponse({}))
    })
  )
})

describe("Busifavor stock descriptors", () => {
  it("state method, path, query, idempotency key, paging and errors", () => {
    const rows = [
      Busifavor.CreateStock,
      Busifavor.ModifyStockInfo,
      Busifavor.ModifyBudget,
      Busifavor.UploadCouponCode,
      Busifavor.QueryCouponCodeList,
      Busifavor.CouponCodeInfo,
      Busifavor.DeleteCouponCode
    ].map((e) => [e.name, e.method, e.path, e.query, e.idempotency, e.noContent])
    const our = (key: string) => ({ key, scope: [], conflict: "INVALID_REQUEST" })
    expect(rows).toStrictEqual([
      [
        "Busifavor.createStock",
        "POST",
        "/v3/marketing/busifavor/stocks",
        [],
        { key: "out_request_no", scope: [], conflict: "RESOURCE_ALREADY_EXISTS" },
        false
      ],
      [
        "Busifavor.modifyStockInfo",
        "PATCH",
        "/v3/marketing/busifavor/stocks/{stock_id}",
        [],
        our("out_request_no"),
        true
      ],
      [
        "Busifavor.modifyBudget",
        "PATCH",
        "/v3/marketing/busifavor/stocks/{stock_id}/budget",
        [],
        our("modify_budget_request_no"),
        false
      ],
      [
        "Busifavor.uploadCouponCode",
        "POST",
        "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes",
        [],
        our("upload_request_no"),
        false
      ],
      [
        "Busifavor.queryCouponCodeList",
        "GET",
        "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes",
        ["limit", "offset", "appid", "status"],
        undefined,
        false
      ],
      [
        "Busifavor.couponCodeInfo",
        "GET",
        "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes/{coupon_code}",
        ["appid"],
        undefined,
        false
      ],
      [
        "Busifavor.deleteCouponCode",
        "DELETE",
        "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes/{coupon_code}",
        ["delete_request_no"],
        our("delete_request_no"),
        false
      ]
    ])
    expect(Busifavor.QueryCouponCodeList.pagination).toStrictEqual({
      style: "offset",
      offset: "offset",
      limit: "limit",
      maxLimit: 100,
      items: "data",
      total: "total_count"
    })
    expect(Busifavor.UploadCouponCode.errors).toBe(BusifavorErrors)
    expect(Busifavor.UploadCouponCode.codes.has("INVALID_REQUEST")).toBe(true)
    expect(Busifavor.endpoints.map((e) => e.operation)).toEqual(
      expect.arrayContaining([
        "createStock",
        "queryStock",
        "modifyStockInfo",
        "modifyBudget",
        "uploadCouponCode",
        "queryCouponCodeList",
        "couponCodeInfo",
        "deleteCouponCode",
        "queryCoupon"
      ])
    )
  })
})
