import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, type SchemaAST, SchemaIssue } from "effect"
import { FavorCreateCouponStockErrors } from "../src/ApiError.js"
import * as Endpoint from "../src/Endpoint.js"
import * as Favor from "../src/Favor.js"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * The issues of a failed decode, one per failing leaf as `{ path, message }` (local until test/support.ts is on
 * effect 4). Requests are decoded as the api decodes them: with `Endpoint.requestParseOptions`.
 */
const issues = (
  schema: Schema.Decoder<unknown>,
  input: unknown,
  options?: SchemaAST.ParseOptions
): Effect.Effect<ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>> =>
  Schema.decodeUnknownEffect(
    schema,
    options
  )(input).pipe(
    Effect.flip,
    Effect.map((error) =>
      formatter(error.issue).issues.map(({ message, path }) => ({
        path: (path ?? []).map((key) => (typeof key === "object" ? key.key : key)),
        message
      }))
    ),
    Effect.orDie
  )

const accepts =
  <S extends Schema.Codec<unknown, unknown>>(schema: S) =>
  (input: unknown) =>
    Effect.gen(function* () {
      const decoded = yield* Schema.decodeUnknownEffect(schema, Endpoint.requestParseOptions)(input)
      expect(Schema.encodeSync(schema)(decoded)).toStrictEqual(input)
    })

const rejects =
  <S extends Schema.Codec<unknown, unknown>>(schema: S) =>
  (input: unknown, path: ReadonlyArray<PropertyKey>, message: string) =>
    Effect.gen(function* () {
      expect(yield* issues(schema, input, Endpoint.requestParseOptions)).toStrictEqual([{ path, message }])
    })

const emoji = "😀"

describe("Favor.UseFlow / Favor.RefundFlow", () => {
  for (const [name, endpoint] of [
    ["UseFlow", Favor.UseFlow],
    ["RefundFlow", Favor.RefundFlow]
  ] as const) {
    describe(name, () => {
      const ok = accepts(endpoint.request)
      const bad = rejects(endpoint.request)

      it.effect("request: stock_id 1–20 characters, no 4-byte UTF-8, no other keys", () =>
        Effect.gen(function* () {
          yield* ok({ stock_id: "9865000" })
          yield* ok({ stock_id: "1".repeat(20) })
          yield* bad({ stock_id: "1".repeat(21) }, ["stock_id"], "must be 1–20 characters, got 21")
          yield* bad({ stock_id: "" }, ["stock_id"], "must be 1–20 characters, got 0")
          yield* bad(
            { stock_id: `12${emoji}` },
            ["stock_id"],
            "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)"
          )
          yield* bad({ stock_id: "1", extra: 1 }, ["extra"], "Expected no excess property")
        })
      )

      it("describes a GET with the stock id in the path and no query", () => {
        expect(endpoint.method).toBe("GET")
        expect(endpoint.pathParams).toStrictEqual(["stock_id"])
        expect(endpoint.query).toStrictEqual([])
        expect(endpoint.errors).toBe(FavorCreateCouponStockErrors)
      })

      it.effect("response: decodes a full body, keeps an unknown hash type, ignores unknown keys", () =>
        Effect.gen(function* () {
          const decode = Schema.decodeUnknownEffect(endpoint.response)
          const full = yield* decode({
            url: "https://api.mch.weixin.qq.com/v3/billdownload/file?token=abc123",
            hash_value: "0a4d55a8d778e5022fab701977c5d840bbc486d0",
            hash_type: "SHA1",
            more: { x: 1 }
          })
          expect(full.hash_type).toBe("SHA1")
          expect(full.url).toBe("https://api.mch.weixin.qq.com/v3/billdownload/file?token=abc123")
          const other = yield* decode({ url: "u", hash_value: "h", hash_type: "SHA256" })
          expect(other.hash_type).toBe("SHA256")
          const missing = yield* issues(endpoint.response, { url: "u", hash_type: "SHA1" })
          expect(missing).toStrictEqual([{ path: ["hash_value"], message: "Missing key" }])
        })
      )
    })
  }
})

describe("Favor.SetCallback", () => {
  const Request = Favor.SetCallbackRequest
  const ok = accepts(Request)
  const bad = rejects(Request)
  const base = { mchid: "9856888", notify_url: "https://pay.example.com/wx/coupon" }

  it.effect("request: a valid body, with and without switch, encodes back unchanged", () =>
    Effect.gen(function* () {
      yield* ok(base)
      yield* ok({ ...base, switch: true })
      yield* ok({ ...base, switch: false })
    })
  )

  it.effect("request: mchid 1–20 characters", () =>
    Effect.gen(function* () {
      yield* ok({ ...base, mchid: "1".repeat(20) })
      yield* bad({ ...base, mchid: "1".repeat(21) }, ["mchid"], "must be 1–20 characters, got 21")
      yield* bad({ ...base, mchid: "" }, ["mchid"], "must be 1–20 characters, got 0")
    })
  )

  it.effect("request: notify_url is https, at most 256 characters, CJK counted as one, no emoji", () =>
    Effect.gen(function* () {
      const prefix = "https://a.cn/"
      yield* ok({ ...base, notify_url: prefix + "a".repeat(256 - prefix.length) })
      yield* ok({ ...base, notify_url: prefix + "券".repeat(256 - prefix.length) })
      yield* bad(
        { ...base, notify_url: prefix + "a".repeat(257 - prefix.length) },
        ["notify_url"],
        "must be 1–256 characters, got 257"
      )
      yield* bad(
        { ...base, notify_url: "http://pay.example.com/wx" },
        ["notify_url"],
        "must be an https:// URL without spaces"
      )
      yield* bad(
        { ...base, notify_url: "https://pay.example.com/a b" },
        ["notify_url"],
        "must be an https:// URL without spaces"
      )
      yield* bad(
        { ...base, notify_url: `https://pay.example.com/${emoji}` },
        ["notify_url"],
        "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)"
      )
    })
  )

  it.effect("request: strict wire types", () =>
    Effect.gen(function* () {
      yield* bad({ ...base, switch: "true" }, ["switch"], "Expected boolean")
      yield* bad({ notify_url: base.notify_url }, ["mchid"], "Missing key")
    })
  )

  it("describes a POST with a JSON body", () => {
    expect(Favor.SetCallback.method).toBe("POST")
    expect(Favor.SetCallback.query).toStrictEqual([])
    expect(Favor.SetCallback.body).toBe("json")
    expect(Favor.SetCallback.idempotency).toBeUndefined()
  })

  it.effect("response: the documented shape, the shape seen in a real response, and null", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Favor.SetCallbackResponse)
      const documented = yield* decode({
        update_time: "2024-03-01T10:20:30.120+08:00",
        notify_url: "https://pay.example.com/wx/coupon"
      })
      expect(documented.update_time).toBe("2024-03-01T10:20:30.120+08:00")
      const seen = yield* decode({ mchid: "1900000001", notify_url: "https://pay.example.com/wx/coupon" })
      expect(seen.mchid).toBe("1900000001")
      expect(seen.update_time).toBeUndefined()
      const nulls = yield* decode({ notify_url: "https://a.cn/", update_time: null, unknown: 1 })
      expect(nulls.update_time).toBeUndefined()
    })
  )
})

describe("Favor.QueryCallback", () => {
  const ok = accepts(Favor.QueryCallbackRequest)
  const bad = rejects(Favor.QueryCallbackRequest)

  it.effect("request: mchid as a query parameter, 1–20 characters", () =>
    Effect.gen(function* () {
      yield* ok({ mchid: "9856888" })
      yield* ok({ mchid: "1".repeat(20) })
      yield* bad({ mchid: "1".repeat(21) }, ["mchid"], "must be 1–20 characters, got 21")
      yield* bad({}, ["mchid"], "Missing key")
      expect(Favor.QueryCallback.query).toStrictEqual(["mchid"])
      expect(Favor.QueryCallback.method).toBe("GET")
    })
  )

  it.effect("response: both fields, unknown keys ignored; both required", () =>
    Effect.gen(function* () {
      const r = yield* Schema.decodeUnknownEffect(Favor.QueryCallbackResponse)({
        mchid: "9856888",
        notify_url: "https://pay.example.com/wx",
        extra: true
      })
      expect(r.notify_url).toBe("https://pay.example.com/wx")
      expect(yield* issues(Favor.QueryCallbackResponse, { mchid: "1" })).toStrictEqual([
        { path: ["notify_url"], message: "Missing key" }
      ])
    })
  )
})

describe("Favor.UploadImage", () => {
  const Request = Favor.UploadImageRequest
  const ok = accepts(Request)
  const bad = rejects(Request)
  const sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

  it.effect("request: the meta part, filename ending .jpg/.jpeg/.png/.bmp in any case", () =>
    Effect.gen(function* () {
      for (const filename of ["logo.jpg", "logo.jpeg", "logo.png", "logo.bmp", "LOGO.PNG", "店铺标志.jpg"]) {
        yield* ok({ filename, sha256: sha })
      }
      for (const filename of ["logo.gif", "logo", ".png", "logo.png.txt"]) {
        yield* bad({ filename, sha256: sha }, ["filename"], "must be a file name ending in .jpg, .jpeg, .png or .bmp")
      }
      yield* bad(
        { filename: `a${emoji}.png`, sha256: sha },
        ["filename"],
        "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)"
      )
      yield* bad(
        { filename: 'a".png', sha256: sha },
        ["filename"],
        'must not contain ", \\, CR or LF (it goes into a multipart header)'
      )
      // Every rule a value breaks is reported: `.` does not cross a line break, so this is no file name either.
      expect(
        yield* issues(Request, { filename: "a\r\n.png", sha256: sha }, Endpoint.requestParseOptions)
      ).toStrictEqual([
        { path: ["filename"], message: 'must not contain ", \\, CR or LF (it goes into a multipart header)' },
        { path: ["filename"], message: "must be a file name ending in .jpg, .jpeg, .png or .bmp" }
      ])
    })
  )

  it.effect("request: sha256 is 64 lower-case hex digits", () =>
    Effect.gen(function* () {
      const message = "must be 64 lower-case hex digits (the file's SHA-256)"
      yield* bad({ filename: "a.png", sha256: sha.toUpperCase() }, ["sha256"], message)
      yield* bad({ filename: "a.png", sha256: sha.slice(1) }, ["sha256"], message)
      yield* bad({ filename: "a.png", sha256: `${sha}0` }, ["sha256"], message)
      yield* bad({ filename: "a.png", sha256: sha, file: "x" }, ["file"], "Expected no excess property")
    })
  )

  it("encodes meta with filename first, the signed BODY line", () => {
    const meta = Schema.encodeSync(Request)(
      Schema.decodeUnknownSync(Request, Endpoint.requestParseOptions)({ sha256: sha, filename: "a.png" })
    )
    expect(JSON.stringify(meta)).toBe(`{"filename":"a.png","sha256":"${sha}"}`)
  })

  it("describes a multipart POST, with the documented limits as constants", () => {
    expect(Favor.UploadImage.body).toBe("multipart")
    expect(Favor.UploadImage.method).toBe("POST")
    expect(Favor.IMAGE_UPLOAD_MAX_BYTES).toBe(2_097_152)
    expect(Favor.UploadImage.errors.map((e) => e.code)).toStrictEqual([
      "PARAM_ERROR",
      "REQUEST_BLOCKED",
      "REQUEST_BLOCKED",
      "REQUEST_BLOCKED"
    ])
  })

  it.effect("response: media_url kept as sent, unknown keys ignored", () =>
    Effect.gen(function* () {
      const r = yield* Schema.decodeUnknownEffect(Favor.UploadImageResponse)({
        media_url: "https://wxpaylogo.qpic.cn/wxpaylogo/abcdEFGH/0",
        other: 1
      })
      expect(r.media_url).toBe("https://wxpaylogo.qpic.cn/wxpaylogo/abcdEFGH/0")
    })
  )
})

describe("Favor.UseFlowRow / Favor.RefundFlowRow", () => {
  const header = Favor.USE_FLOW_HEADER_LINE.split(",")
  const row = (cells: ReadonlyArray<string>) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""]))

  it("the header line is the one of a real file", () => {
    expect(Favor.USE_FLOW_HEADER_LINE).toBe(
      "批次id,优惠id,优惠类型,优惠金额（元）,订单总金额（元）,交易类型,支付单号,消耗时间,消耗商户号,设备号,银行流水号,单品信息"
    )
  })

  it.effect("decodes a row shaped like a real one: backticks dropped, yuan to fen, empty cells absent", () =>
    Effect.gen(function* () {
      const r = yield* Schema.decodeUnknownEffect(Favor.UseFlowRow)(
        row([
          "`16000001",
          "`20001234567",
          "`全场代金券",
          "`1.00",
          "`25.5",
          "`支付",
          "`4200000123202401010000000001",
          "`2024-01-01 12:30:05",
          "`1900000001",
          "POS-01",
          "",
          ""
        ])
      )
      expect(r.stock_id).toBe("16000001")
      expect(r.coupon_id).toBe("20001234567")
      expect(r.coupon_type).toBe("全场代金券")
      expect(r.coupon_amount).toBe(100)
      expect(r.order_amount).toBe(2550)
      expect(r.consume_time).toBe("2024-01-01 12:30:05")
      expect(r.device_no).toBe("POS-01")
      expect(r.bank_serial_no).toBeUndefined()
      expect(r.extra).toBeUndefined()
    })
  )

  it.effect("matches headers loosely and keeps unknown columns in extra", () =>
    Effect.gen(function* () {
      const r = yield* Schema.decodeUnknownEffect(Favor.UseFlowRow)({
        "\uFEFF批次ID": "`1",
        优惠id: "`2",
        "优惠金额(元)": "0.01",
        "合单优惠 总金额": "`3.00",
        新列: "x"
      })
      expect(r.stock_id).toBe("1")
      expect(r.coupon_amount).toBe(1)
      expect(r.combine_discount_amount).toBe("3.00")
      expect(r.extra).toStrictEqual({ 新列: "x" })
    })
  )

  it.effect("encodes back to printed headers with amounts in yuan", () =>
    Effect.gen(function* () {
      const r = yield* Schema.decodeUnknownEffect(Favor.UseFlowRow)({
        批次id: "1",
        优惠id: "2",
        "优惠金额（元）": "`-0.5"
      })
      expect(r.coupon_amount).toBe(-50)
      expect(Schema.encodeSync(Favor.UseFlowRow)(r)).toStrictEqual({
        批次id: "1",
        优惠id: "2",
        "优惠金额（元）": "-0.50"
      })
    })
  )

  it.effect("rejects an amount that is not yuan with at most two decimals, naming the column key", () =>
    Effect.gen(function* () {
      const found = yield* issues(Favor.UseFlowRow, { 批次id: "1", 优惠id: "2", "优惠金额（元）": "1.005" })
      expect(found).toStrictEqual([
        { path: ["coupon_amount"], message: "must be an amount in yuan with at most two decimals, e.g. 1.00" }
      ])
      expect(yield* issues(Favor.UseFlowRow, { 优惠id: "2" })).toStrictEqual([
        { path: ["stock_id"], message: "Missing key" }
      ])
    })
  )

  it.effect("a refund row needs no known column; every unknown one is kept", () =>
    Effect.gen(function* () {
      const r = yield* Schema.decodeUnknownEffect(Favor.RefundFlowRow)({
        批次id: "`16000001",
        退款单号: "`50300001",
        "退款金额（元）": "`1.00"
      })
      expect(r.stock_id).toBe("16000001")
      expect(r.extra).toStrictEqual({ 退款单号: "`50300001", "退款金额（元）": "`1.00" })
      const empty = yield* Schema.decodeUnknownEffect(Favor.RefundFlowRow)({})
      expect(empty.stock_id).toBeUndefined()
    })
  )
})

describe("formula cells: a decoded cell never starts a spreadsheet formula", () => {
  const decodeText = Schema.decodeUnknownSync(Favor.FlowText)

  it("the leading backtick is dropped only where the value cannot start a formula", () => {
    expect(decodeText("`1900000001")).toBe("1900000001")
    expect(decodeText("`全场代金券")).toBe("全场代金券")
    expect(decodeText("`=cmd|' /C calc'!A0")).toBe("`=cmd|' /C calc'!A0")
    for (const cell of ["`+1+1", "`-2+3", "`@SUM(A1)", "`\t=1", "`\r=1", "`\n=1", "`＝1+1", "`＋1", "`－1", "`＠A1"]) {
      expect(decodeText(cell)).toBe(cell)
    }
  })

  it("a formula-leading cell sent without the backtick gets one", () => {
    expect(decodeText('=HYPERLINK("http://x")')).toBe('`=HYPERLINK("http://x")')
    expect(decodeText("@cmd")).toBe("`@cmd")
    expect(decodeText("plain")).toBe("plain")
    expect(decodeText("")).toBe("")
  })

  it.effect("in a row: text columns and extra cells alike; amounts are numbers", () =>
    Effect.gen(function* () {
      const r = yield* Schema.decodeUnknownEffect(Favor.UseFlowRow)({
        批次id: "`16000001",
        优惠id: "`2",
        单品信息: "`=cmd|' /C calc'!A0",
        设备号: "+SUM(1,2)",
        "优惠金额（元）": "`-0.01",
        新列: "=1+1",
        旧列: "`@x"
      })
      expect(r.goods_info).toBe("`=cmd|' /C calc'!A0")
      expect(r.device_no).toBe("`+SUM(1,2)")
      expect(r.coupon_amount).toBe(-1)
      expect(r.extra).toStrictEqual({ 新列: "`=1+1", 旧列: "`@x" })
    })
  )
})

describe("Favor.CouponUseNotification", () => {
  const full = {
    stock_creator_mchid: "1900000001",
    stock_id: "16000001",
    coupon_id: "20001234567",
    singleitem_discount_off: { single_price_max: 500 },
    discount_to: { cut_to_price: 100, max_price: 1000 },
    coupon_name: "满20减10",
    status: "USED",
    description: "限周末使用",
    create_time: "2024-11-07T16:10:29+08:00",
    coupon_type: "NORMAL",
    no_cash: false,
    available_begin_time: "2024-11-07T00:00:00+08:00",
    available_end_time: "2025-02-01T23:59:59+08:00",
    singleitem: false,
    normal_coupon_information: { coupon_amount: 1000, transaction_minimum: 2000 },
    consume_information: {
      consume_time: "2024-11-12T15:52:59+08:00",
      consume_mchid: "1900000002",
      transaction_id: "4200000123202411120000000001",
      goods_detail: [{ goods_id: "sku-1", quantity: 2, price: 1500, discount_amount: 1000 }]
    }
  }
  const minimal = {
    stock_creator_mchid: "1900000001",
    stock_id: "16000001",
    coupon_id: "20001234567",
    coupon_name: "满20减10",
    description: "",
    create_time: "2024-11-07T16:10:29+08:00",
    coupon_type: "NORMAL",
    available_begin_time: "2024-11-07T00:00:00+08:00",
    available_end_time: "2025-02-01T23:59:59+08:00"
  }
  const decode = Schema.decodeUnknownEffect(Favor.CouponUseNotification)

  it.effect("decodes a full resource, amounts in fen", () =>
    Effect.gen(function* () {
      const n = yield* decode(full)
      expect(n.status).toBe("USED")
      expect(n.normal_coupon_information?.coupon_amount).toBe(1000)
      expect(n.consume_information?.goods_detail?.[0]?.discount_amount).toBe(1000)
      expect(n.consume_information?.consume_amount).toBeUndefined()
    })
  )

  it.effect("decodes the minimal resource", () =>
    Effect.gen(function* () {
      const n = yield* decode(minimal)
      expect(n.status).toBeUndefined()
      expect(n.consume_information).toBeUndefined()
    })
  )

  it.effect("tolerates numeric strings, string booleans, null, unknown enums and keys (spec Q2, Q8)", () =>
    Effect.gen(function* () {
      const n = yield* decode({
        ...minimal,
        status: "RECOVER",
        coupon_type: "DISCOUNT",
        no_cash: "true",
        singleitem: null,
        state: "EXPIRED",
        business_type: "MULTIUSE",
        normal_coupon_information: { coupon_amount: "1000", transaction_minimum: "0" },
        consume_information: {
          consume_time: "2024-11-12T15:52:59+08:00",
          consume_mchid: "1900000002",
          transaction_id: "4200000123202411120000000001",
          consume_amount: "800",
          goods_detail: [{ goods_id: "sku-1", quantity: "1", price: "1500", discount_amount: "800" }]
        }
      })
      expect(n.status).toBe("RECOVER")
      expect(n.coupon_type).toBe("DISCOUNT")
      expect(n.no_cash).toBe(true)
      expect(n.singleitem).toBeUndefined()
      expect(n.business_type).toBe("MULTIUSE")
      expect(n.normal_coupon_information?.coupon_amount).toBe(1000)
      expect(n.consume_information?.consume_amount).toBe(800)
      expect(n.consume_information?.goods_detail?.[0]?.quantity).toBe(1)
    })
  )

  it.effect("names the path of a missing required field", () =>
    Effect.gen(function* () {
      const { coupon_id: _, ...rest } = minimal
      expect(yield* issues(Favor.CouponUseNotification, rest)).toStrictEqual([
        { path: ["coupon_id"], message: "Missing key" }
      ])
    })
  )
})
