import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as ApiError from "../src/ApiError.js"
import * as Busifavor from "../src/Busifavor.js"
import { requestParseOptions } from "../src/Endpoint.js"
import { CouponCode, StockId } from "../src/Ids.js"
import { expectEquivalent, issues, jsonRoundTrip, remove, requestIssues, withPath } from "./support.js"

type Path = ReadonlyArray<string | number>

/** A documented limit: `ok` decodes, `bad` fails with an issue at `path` whose message contains `message`. */
interface Limit {
  readonly name: string
  readonly path: Path
  readonly ok: unknown
  readonly bad: unknown
  readonly message: string
}

const x = (n: number) => "x".repeat(n)
const cjk = (n: number) => "券".repeat(n)
const emoji = "\u{1F600}"
const tooLong = (n: number) => `must be 1–${n} characters, got ${n + 1}`
const charset = "may contain only letters, digits, |, _, * and -"
const fourByte = "must not contain 4-byte UTF-8 characters"

const checkRequest = (
  schema: Schema.Codec<unknown, unknown>,
  valid: Record<string, unknown>,
  limits: ReadonlyArray<Limit>
) => {
  it.effect("decodes a valid example and encodes it back to the same JSON", () =>
    Effect.gen(function* () {
      const decoded = yield* Schema.decodeUnknownEffect(schema)(valid, requestParseOptions)
      expect(Schema.encodeSync(schema)(decoded)).toStrictEqual(valid)
      expect(JSON.parse(JSON.stringify(Schema.encodeSync(schema)(decoded)))).toStrictEqual(valid)
    })
  )

  it.effect("rejects an unknown field, naming it", () =>
    Effect.gen(function* () {
      const found = yield* requestIssues(schema, { ...valid, surprise: 1 })
      expect(found).toStrictEqual([{ path: ["surprise"], message: "Expected no excess property" }])
    })
  )

  for (const limit of limits) {
    it.effect(`${limit.name}: accepted at the limit, rejected past it`, () =>
      Effect.gen(function* () {
        yield* Schema.decodeUnknownEffect(schema)(withPath(valid, limit.path, limit.ok), requestParseOptions)
        const found = yield* requestIssues(schema, withPath(valid, limit.path, limit.bad))
        expect(found[0]?.path).toStrictEqual(limit.path)
        expect(found[0]?.message).toContain(limit.message)
      })
    )
  }
}

const requestNoLimits = (field: string, max: number): ReadonlyArray<Limit> => [
  { name: `${field} length`, path: [field], ok: x(max), bad: x(max + 1), message: tooLong(max) },
  { name: `${field} empty`, path: [field], ok: "a", bad: "", message: "must be 1–" },
  { name: `${field} charset`, path: [field], ok: "Ab09|_*-", bad: "no.dots", message: charset },
  { name: `${field} CJK`, path: [field], ok: "a-1", bad: cjk(3), message: charset },
  { name: `${field} emoji`, path: [field], ok: "a-1", bad: `a${emoji}`, message: fourByte }
]

const idLimits = (field: string, min: number, max: number): ReadonlyArray<Limit> => [
  { name: `${field} length`, path: [field], ok: "1".repeat(max), bad: "1".repeat(max + 1), message: `got ${max + 1}` },
  {
    name: `${field} minimum`,
    path: [field],
    ok: "1".repeat(min),
    bad: "1".repeat(min - 1),
    message: `got ${min - 1}`
  },
  { name: `${field} emoji`, path: [field], ok: "1".repeat(min), bad: `${"1".repeat(min)}${emoji}`, message: fourByte }
]

const rfc3339 = (field: string): Limit => ({
  name: `${field} RFC3339`,
  path: [field],
  ok: "2026-05-20T13:29:35.120Z",
  bad: "2026-05-20 13:29:35",
  message: "must be an RFC3339 date-time"
})

const missing = (field: string): Limit => ({
  name: `${field} required`,
  path: [field],
  ok: "1",
  bad: remove,
  message: "Missing key"
})

describe("Busifavor.UseCouponRequest", () => {
  checkRequest(
    Busifavor.UseCouponRequest,
    {
      coupon_code: "CPN0001",
      stock_id: "1212000",
      appid: "wx8888888888888888",
      use_time: "2026-05-20T13:29:35+08:00",
      use_request_no: "USE-20260520-0001",
      openid: "oUser_0001"
    },
    [
      ...idLimits("coupon_code", 1, 32),
      ...idLimits("stock_id", 1, 20),
      ...idLimits("appid", 1, 32),
      ...idLimits("openid", 1, 128),
      ...requestNoLimits("use_request_no", 128),
      rfc3339("use_time"),
      missing("coupon_code"),
      missing("appid"),
      {
        name: "out_trade_no CJK and emoji",
        path: ["out_trade_no"],
        ok: cjk(128),
        bad: `${cjk(3)}${emoji}`,
        message: fourByte
      },
      { name: "out_trade_no length", path: ["out_trade_no"], ok: x(128), bad: x(129), message: tooLong(128) },
      { name: "transaction_id length", path: ["transaction_id"], ok: x(32), bad: x(33), message: tooLong(32) }
    ]
  )

  it.effect("stock_id may be omitted (required by the server only for MERCHANT_API/MERCHANT_UPLOAD stocks)", () =>
    Effect.gen(function* () {
      const decoded = yield* Schema.decodeUnknownEffect(Busifavor.UseCouponRequest)(
        {
          coupon_code: "CPN0001",
          appid: "wx8888888888888888",
          use_time: "2026-05-20T13:29:35Z",
          use_request_no: "USE-1"
        },
        requestParseOptions
      )
      expect(decoded.stock_id).toBeUndefined()
    })
  )
})

describe("Busifavor.ListCouponsByFilterRequest", () => {
  checkRequest(
    Busifavor.ListCouponsByFilterRequest,
    {
      openid: "oUser_0001",
      appid: "wx8888888888888888",
      stock_id: "1212000",
      coupon_state: "SENDED",
      creator_merchant: "1900000001",
      belong_merchant: "1900000002",
      sender_merchant: "1900000003",
      offset: 0,
      limit: 20
    },
    [
      ...idLimits("openid", 1, 128),
      ...idLimits("appid", 1, 32),
      ...idLimits("stock_id", 1, 20),
      ...idLimits("belong_merchant", 8, 15),
      ...idLimits("creator_merchant", 1, 32),
      ...idLimits("sender_merchant", 1, 32),
      missing("appid"),
      {
        name: "coupon_state enum",
        path: ["coupon_state"],
        ok: "DEACTIVATED",
        bad: "FROZEN",
        message: "must be one of SENDED, USED, EXPIRED, DELETED, DEACTIVATED"
      },
      { name: "offset from 0", path: ["offset"], ok: 0, bad: -1, message: "must be a non-negative integer" },
      { name: "offset integral", path: ["offset"], ok: 3, bad: 1.5, message: "integer" },
      { name: "limit from 1", path: ["limit"], ok: 1, bad: 0, message: "must be a positive integer" }
    ]
  )

  it("puts every field but openid in the query string, and pages by page index (spec Q17)", () => {
    expect(Busifavor.ListCouponsByFilter.pathParams).toStrictEqual(["openid"])
    expect(Busifavor.ListCouponsByFilter.query).toStrictEqual([
      "appid",
      "stock_id",
      "coupon_state",
      "creator_merchant",
      "belong_merchant",
      "sender_merchant",
      "offset",
      "limit"
    ])
    expect(Busifavor.ListCouponsByFilter.pagination).toStrictEqual({
      style: "page",
      offset: "offset",
      limit: "limit",
      maxLimit: 20,
      items: "data",
      total: "total_count"
    })
  })
})

describe("Busifavor.ReturnCouponRequest", () => {
  checkRequest(
    Busifavor.ReturnCouponRequest,
    { coupon_code: "CPN0001", stock_id: "1212000", return_request_no: "RET-20260520-0001" },
    [
      ...idLimits("coupon_code", 1, 32),
      ...idLimits("stock_id", 1, 20),
      ...requestNoLimits("return_request_no", 128),
      missing("stock_id")
    ]
  )
})

describe("Busifavor.DeactivateCouponRequest", () => {
  checkRequest(
    Busifavor.DeactivateCouponRequest,
    {
      coupon_code: "CPN0001",
      stock_id: "1212000",
      deactivate_request_no: "DEACT-0001",
      deactivate_reason: "此券使用时间设置错误"
    },
    [
      ...idLimits("coupon_code", 1, 32),
      ...idLimits("stock_id", 1, 20),
      ...requestNoLimits("deactivate_request_no", 128),
      { name: "deactivate_reason CJK", path: ["deactivate_reason"], ok: cjk(64), bad: cjk(65), message: tooLong(64) },
      {
        name: "deactivate_reason letters",
        path: ["deactivate_reason"],
        ok: x(64),
        bad: x(65),
        message: tooLong(64)
      },
      {
        name: "deactivate_reason emoji",
        path: ["deactivate_reason"],
        ok: "失效",
        bad: `失效${emoji}`,
        message: fourByte
      }
    ]
  )
})

const tradeInfo = (schema: typeof Busifavor.AssociateTradeInfoRequest) =>
  checkRequest(
    schema,
    { stock_id: "1212000", coupon_code: "CPN0001", out_trade_no: "ORDER-20260520-1", out_request_no: "REQ-0001" },
    [
      ...idLimits("stock_id", 1, 20),
      ...idLimits("coupon_code", 1, 32),
      ...requestNoLimits("out_request_no", 128),
      { name: "out_trade_no length", path: ["out_trade_no"], ok: x(128), bad: x(129), message: tooLong(128) },
      { name: "out_trade_no emoji", path: ["out_trade_no"], ok: cjk(2), bad: emoji, message: fourByte },
      missing("out_trade_no"),
      missing("stock_id")
    ]
  )

describe("Busifavor.AssociateTradeInfoRequest", () => {
  tradeInfo(Busifavor.AssociateTradeInfoRequest)
})

describe("Busifavor.DisassociateTradeInfoRequest", () => {
  tradeInfo(Busifavor.DisassociateTradeInfoRequest)
})

describe("Busifavor.SendCouponRequest", () => {
  checkRequest(
    Busifavor.SendCouponRequest,
    {
      openid: "oUser_0001",
      appid: "wx8888888888888888",
      stock_id: "1212000",
      out_request_no: "SEND-0001",
      coupon_code: "CPN0001"
    },
    [
      ...idLimits("openid", 1, 128),
      ...idLimits("appid", 1, 32),
      ...idLimits("stock_id", 1, 20),
      ...idLimits("coupon_code", 1, 32),
      ...requestNoLimits("out_request_no", 128),
      missing("openid")
    ]
  )
})

describe("Busifavor.SendGovCardRequest", () => {
  checkRequest(
    Busifavor.SendGovCardRequest,
    {
      card_id: "pCard_00001",
      appid: "wx8888888888888888",
      openid: "oUser_0001",
      out_request_no: "CARD-0001",
      send_time: "2026-05-20T13:29:35+08:00"
    },
    [
      ...idLimits("appid", 1, 32),
      ...idLimits("openid", 1, 128),
      ...requestNoLimits("out_request_no", 128),
      rfc3339("send_time"),
      { name: "card_id non-empty", path: ["card_id"], ok: "c", bad: "", message: "at least 1" },
      { name: "card_id emoji", path: ["card_id"], ok: "卡1", bad: `卡${emoji}`, message: fourByte },
      missing("card_id")
    ]
  )

  it("sends card_id in the path", () => {
    expect(Busifavor.SendGovCard.pathParams).toStrictEqual(["card_id"])
  })
})

describe("Busifavor.SetCouponNotifyRequest", () => {
  const url = (n: number) => `https://${"a".repeat(n - 8)}`
  checkRequest(
    Busifavor.SetCouponNotifyRequest,
    { mchid: "1900000001", notify_url: "https://example.com/wechatpay/coupon" },
    [
      ...idLimits("mchid", 8, 15),
      { name: "notify_url length", path: ["notify_url"], ok: url(256), bad: url(257), message: "must be 10–256" },
      { name: "notify_url minimum", path: ["notify_url"], ok: url(10), bad: url(9), message: "got 9" },
      {
        name: "notify_url https",
        path: ["notify_url"],
        ok: "https://example.com",
        bad: "http://example.com",
        message: "must be an https:// URL"
      },
      {
        name: "notify_url emoji",
        path: ["notify_url"],
        ok: "https://例子.cn",
        bad: `https://${emoji}.cn`,
        message: fourByte
      },
      { name: "notify_url required", path: ["notify_url"], ok: "https://a.cn", bad: remove, message: "Missing key" }
    ]
  )
})

describe("Busifavor.GetCouponNotifyRequest", () => {
  checkRequest(Busifavor.GetCouponNotifyRequest, { mchid: "1900000001" }, idLimits("mchid", 8, 15))

  it("takes mchid from the query string, and may omit it", () => {
    expect(Busifavor.GetCouponNotify.query).toStrictEqual(["mchid"])
    expect(Schema.decodeUnknownSync(Busifavor.GetCouponNotifyRequest)({}, requestParseOptions)).toStrictEqual({})
  })
})

const coupon = {
  belong_merchant: "1900000002",
  stock_name: "周末满减券",
  comment: "门店可用",
  goods_name: "全场商品",
  stock_type: "NORMAL",
  transferable: "false",
  shareable: false,
  coupon_state: "USED",
  display_pattern_info: {
    description: "门店使用",
    merchant_logo_url: "https://example.com/logo.png",
    merchant_name: "示例商户",
    background_color: "Color020",
    coupon_image_url: "https://example.com/coupon.png"
  },
  coupon_use_rule: {
    coupon_available_time: {
      available_begin_time: "2026-05-01T00:00:00+08:00",
      available_end_time: "2026-05-31T23:59:59+08:00",
      available_day_after_receive: 3,
      available_week: { week_day: ["1", 2], available_day_time: [{ begin_time: 3600, end_time: "86399" }] }
    },
    fixed_normal_coupon: { discount_amount: 500, transaction_minimum: "1000" },
    use_method: "OFF_LINE"
  },
  custom_entrance: { appid: "wx8888888888888888", hall_id: "233455656" },
  coupon_code: "CPN0001",
  stock_id: "1212000",
  available_start_time: "2026-05-02T10:00:00+08:00",
  expire_time: "2026-05-31T23:59:59+08:00",
  receive_time: "2026-05-02T10:00:00+08:00",
  send_request_no: "SEND-0001",
  use_request_no: "USE-0001",
  use_time: "2026-05-03T12:00:00.120+08:00"
}

const minimalCoupon = {
  belong_merchant: "1900000002",
  stock_name: "折扣券",
  goods_name: "全场",
  stock_type: "DISCOUNT",
  coupon_use_rule: {
    coupon_available_time: {
      available_begin_time: "2026-05-01T00:00:00+08:00",
      available_end_time: "2026-05-31T23:59:59+08:00"
    },
    use_method: "MINI_PROGRAMS"
  }
}

describe("Busifavor.ListCouponsByFilterResponse", () => {
  const decode = Schema.decodeUnknownEffect(Busifavor.ListCouponsByFilterResponse)

  it.effect("decodes a page shaped like the official example, normalising numeric strings and string booleans", () =>
    Effect.gen(function* () {
      const page = yield* decode({ data: [coupon], total_count: 100, limit: "10", offset: 1 })
      expect(page.total_count).toBe(100)
      expect(page.limit).toBe(10)
      expect(page.offset).toBe(1)
      const first = page.data?.[0]
      expect(first).toBeInstanceOf(Busifavor.CouponListItem)
      expect(first).toBeInstanceOf(Busifavor.QueryCouponResponse)
      expect(first?.transferable).toBe(false)
      expect(first?.coupon_state).toBe("USED")
      expect(first?.use_time).toBe("2026-05-03T12:00:00.120+08:00")
      expect(first?.coupon_use_rule.coupon_available_time.available_week?.week_day).toStrictEqual([1, 2])
      expect(first?.coupon_use_rule.fixed_normal_coupon?.transaction_minimum).toBe(1000)
      const encoded = Schema.encodeSync(Busifavor.ListCouponsByFilterResponse)(page)
      expect(encoded.limit).toBe(10)
      expect(encoded.data?.[0]?.transferable).toBe(false)
    })
  )

  it.effect("decodes a minimal page: no data, counts only, and items with only the always-present fields", () =>
    Effect.gen(function* () {
      const empty = yield* decode({ total_count: 0, offset: 0, limit: 20 })
      expect(empty.data).toBeUndefined()
      const nulled = yield* decode({ data: null, total_count: "0", offset: "0", limit: "20" })
      expect(nulled.data).toBeUndefined()
      expect(nulled.total_count).toBe(0)
      const one = yield* decode({ data: [minimalCoupon], total_count: 1, offset: 0, limit: 20 })
      expect(one.data?.[0]?.coupon_code).toBeUndefined()
      expect(one.data?.[0]?.stock_type).toBe("DISCOUNT")
    })
  )

  it.effect("keeps unknown enum values and ignores unknown keys", () =>
    Effect.gen(function* () {
      const page = yield* decode({
        data: [{ ...coupon, coupon_state: "FROZEN", stock_type: "GIFT", brand_new: { a: 1 } }],
        total_count: 1,
        offset: 0,
        limit: 20,
        next_cursor: "abc"
      })
      expect(page.data?.[0]?.coupon_state).toBe("FROZEN")
      expect(page.data?.[0]?.stock_type).toBe("GIFT")
      expect(Object.keys(page)).not.toContain("next_cursor")
      expect(Object.keys(page.data?.[0] ?? {})).not.toContain("brand_new")
    })
  )

  it.effect("names the path of a missing required field", () =>
    Effect.gen(function* () {
      expect(
        yield* issues(Busifavor.ListCouponsByFilterResponse, { data: [], total_count: 1, offset: 0 })
      ).toStrictEqual([{ path: ["limit"], message: "Missing key" }])
      expect(
        yield* issues(Busifavor.ListCouponsByFilterResponse, {
          data: [withPath(minimalCoupon, ["stock_type"], remove)],
          total_count: 1,
          offset: 0,
          limit: 20
        })
      ).toContainEqual({ path: ["data", 0, "stock_type"], message: "Missing key" })
    })
  )
})

describe("Busifavor.SendCouponResponse", () => {
  const decode = Schema.decodeUnknownEffect(Busifavor.SendCouponResponse)

  it.effect("decodes the Go SDK's nested shape and the flat documented shape to the same result", () =>
    Effect.gen(function* () {
      const nested = yield* decode({
        send_coupon_result: { stock_id: "1212000", out_request_no: "SEND-0001", coupon_code: "CPN0001" }
      })
      const flat = yield* decode({ stock_id: "1212000", out_request_no: "SEND-0001", coupon_code: "CPN0001" })
      const expected = new Busifavor.SendCouponResult({
        stock_id: StockId.make("1212000"),
        out_request_no: "SEND-0001",
        coupon_code: CouponCode.make("CPN0001")
      })
      expect(nested.result).toStrictEqual(expected)
      expect(flat.result).toStrictEqual(expected)
      expect(Schema.encodeSync(Busifavor.SendCouponResponse)(flat)).toStrictEqual({
        stock_id: "1212000",
        out_request_no: "SEND-0001",
        coupon_code: "CPN0001"
      })
    })
  )

  it.effect("decodes an empty body, null members and unknown keys", () =>
    Effect.gen(function* () {
      const empty = yield* decode({})
      expect(empty.result).toStrictEqual(new Busifavor.SendCouponResult({}))
      const nulls = yield* decode({ send_coupon_result: null, coupon_code: null, extra: true })
      expect(nulls.send_coupon_result).toBeUndefined()
      expect(Object.keys(nulls)).not.toContain("extra")
    })
  )
})

describe("small responses", () => {
  const cases = [
    [
      Busifavor.UseCouponResponse,
      { stock_id: "1212000", openid: "oUser_0001", wechatpay_use_time: "2026-05-20T13:29:35.120+08:00" },
      "wechatpay_use_time"
    ],
    [Busifavor.ReturnCouponResponse, { wechatpay_return_time: "2026-05-20T13:29:35+08:00" }, "wechatpay_return_time"],
    [
      Busifavor.DeactivateCouponResponse,
      { wechatpay_deactivate_time: "2026-05-20T13:29:35+08:00" },
      "wechatpay_deactivate_time"
    ],
    [
      Busifavor.AssociateTradeInfoResponse,
      { wechatpay_associate_time: "2026-05-20T13:29:35+08:00" },
      "wechatpay_associate_time"
    ],
    [
      Busifavor.DisassociateTradeInfoResponse,
      { wechatpay_disassociate_time: "2026-05-20T13:29:35+08:00" },
      "wechatpay_disassociate_time"
    ],
    [Busifavor.SendGovCardResponse, { card_code: "CARD-CODE-0001" }, "card_code"],
    [
      Busifavor.SetCouponNotifyResponse,
      { update_time: "2026-05-20T13:29:35+08:00", notify_url: "https://example.com/n", mchid: "1900000001" },
      "notify_url"
    ],
    [Busifavor.GetCouponNotifyResponse, { notify_url: "https://example.com/n", mchid: "1900000001" }, "mchid"]
  ] as const

  for (const [schema, body, required] of cases) {
    it.effect(`${schema.identifier}: decodes an example, keeps times as sent, ignores unknown keys`, () =>
      Effect.gen(function* () {
        const codec = schema as Schema.Codec<unknown, unknown>
        const decoded = yield* Schema.decodeUnknownEffect(codec)({ ...body, unknown_key: 1 })
        expect(Schema.encodeSync(codec)(decoded)).toStrictEqual(body)
        expect(yield* issues(codec, withPath(body, [required], remove))).toStrictEqual([
          { path: [required], message: "Missing key" }
        ])
      })
    )
  }

  it.effect("SetCouponNotifyResponse: update_time may be absent or null", () =>
    Effect.gen(function* () {
      const decoded = yield* Schema.decodeUnknownEffect(Busifavor.SetCouponNotifyResponse)({
        update_time: null,
        notify_url: "https://example.com/n",
        mchid: "1900000001"
      })
      expect(decoded.update_time).toBeUndefined()
    })
  )
})

describe("descriptors", () => {
  const our = "INVALID_REQUEST"
  const ours = [
    [
      Busifavor.UseCoupon,
      "Busifavor.useCoupon",
      "POST",
      "/v3/marketing/busifavor/coupons/use",
      { key: "use_request_no", scope: [], conflict: our }
    ],
    [
      Busifavor.ListCouponsByFilter,
      "Busifavor.listCouponsByFilter",
      "GET",
      "/v3/marketing/busifavor/users/{openid}/coupons",
      undefined
    ],
    [
      Busifavor.ReturnCoupon,
      "Busifavor.returnCoupon",
      "POST",
      "/v3/marketing/busifavor/coupons/return",
      { key: "return_request_no", scope: [], conflict: our }
    ],
    [
      Busifavor.DeactivateCoupon,
      "Busifavor.deactivateCoupon",
      "POST",
      "/v3/marketing/busifavor/coupons/deactivate",
      { key: "deactivate_request_no", scope: [], conflict: our }
    ],
    [
      Busifavor.AssociateTradeInfo,
      "Busifavor.associateTradeInfo",
      "POST",
      "/v3/marketing/busifavor/coupons/associate",
      { key: "out_request_no", scope: [], conflict: our }
    ],
    [
      Busifavor.DisassociateTradeInfo,
      "Busifavor.disassociateTradeInfo",
      "POST",
      "/v3/marketing/busifavor/coupons/disassociate",
      { key: "out_request_no", scope: [], conflict: our }
    ],
    [
      Busifavor.SendCoupon,
      "Busifavor.sendCoupon",
      "POST",
      "/v3/marketing/busifavor/coupons/send",
      { key: "out_request_no", scope: ["stock_id", "openid"], conflict: our }
    ],
    [
      Busifavor.SendGovCard,
      "Busifavor.sendGovCard",
      "POST",
      "/v3/marketing/busifavor/coupons/{card_id}/send",
      { key: "out_request_no", scope: ["send_time"], conflict: our }
    ],
    [Busifavor.SetCouponNotify, "Busifavor.setCouponNotify", "POST", "/v3/marketing/busifavor/callbacks", undefined],
    [Busifavor.GetCouponNotify, "Busifavor.getCouponNotify", "GET", "/v3/marketing/busifavor/callbacks", undefined]
  ] as const

  it("name, method, path and idempotency of each endpoint", () => {
    expect(
      ours.map(([endpoint]) => [
        endpoint.name,
        endpoint.method,
        endpoint.path,
        endpoint.idempotency,
        endpoint.noContent
      ])
    ).toStrictEqual(ours.map(([, name, method, path, idempotency]) => [name, method, path, idempotency, false]))
  })

  it("a request number's scope names request fields, and its conflict code is one the endpoint answers", () => {
    const idempotent = ours.flatMap(([endpoint]) =>
      endpoint.idempotency === undefined ? [] : [[endpoint, endpoint.idempotency] as const]
    )
    expect(idempotent.map(([endpoint]) => endpoint.name)).toStrictEqual(
      ours.filter(([, , , , key]) => key !== undefined).map(([, name]) => name)
    )
    for (const [endpoint, idempotency] of idempotent) {
      const fields = Object.keys(endpoint.request.fields)
      expect(fields).toEqual(expect.arrayContaining([idempotency.key, ...idempotency.scope]))
      expect(endpoint.codes.has(idempotency.conflict)).toBe(true)
    }
  })

  it("are listed in the family's endpoints, in docs order", () => {
    const names = Busifavor.endpoints.map((endpoint) => endpoint.name)
    expect(names.filter((name) => ours.some(([, ourName]) => ourName === name))).toStrictEqual(
      ours.map(([, name]) => name)
    )
    expect(names.indexOf("Busifavor.listCouponsByFilter")).toBeLessThan(names.indexOf("Busifavor.queryCoupon"))
  })

  it("every documented code maps to an error class, and each table keeps the family's rows", () => {
    for (const [endpoint] of ours) {
      for (const row of endpoint.errors) expect(Object.hasOwn(ApiError.ErrorClasses, row.code)).toBe(true)
      expect(endpoint.errors).toEqual(expect.arrayContaining([...ApiError.BusifavorErrors]))
      expect(endpoint.codes.has("RESOURCE_ALREADY_EXISTS")).toBe(true)
    }
  })
})

describe("responses round trip", () => {
  it.prop(
    "survive encode → JSON → decode, so a fake gateway can serve them",
    [
      Busifavor.ListCouponsByFilterResponse,
      Busifavor.SendCouponResponse,
      Busifavor.UseCouponResponse,
      Busifavor.SetCouponNotifyResponse
    ],
    ([page, sent, used, notify]) => {
      const roundTrip = <A>(schema: Schema.Codec<A, unknown>, value: A) =>
        expectEquivalent(schema, jsonRoundTrip(schema, value), value)
      roundTrip(Busifavor.ListCouponsByFilterResponse, page)
      roundTrip(Busifavor.SendCouponResponse, sent)
      roundTrip(Busifavor.UseCouponResponse, used)
      roundTrip(Busifavor.SetCouponNotifyResponse, notify)
    },
    { arbitrary: { runs: 30 } }
  )
})
