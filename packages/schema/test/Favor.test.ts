import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Result, Schema, type SchemaAST, SchemaIssue } from "effect"
import * as Endpoint from "../src/Endpoint.js"
import * as Favor from "../src/Favor.js"
import { Fen, MchId } from "../src/Ids.js"

// Local helpers until test/support.ts is on effect 4.

/** Reads a JSON fixture from test/fixtures. */
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"))

/** A deep copy of `value` with `path` set to `next` (or removed when `next` is `remove`). */
const remove: unique symbol = Symbol("remove")

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

const withPath = (value: unknown, path: ReadonlyArray<string | number>, next: unknown): unknown => {
  const copy: unknown = structuredClone(value)
  let cursor: unknown = copy
  for (const key of path.slice(0, -1)) {
    if (!isRecord(cursor)) throw new Error(`no object at ${String(key)}`)
    if (cursor[key] === undefined) cursor[key] = {}
    cursor = cursor[key]
  }
  const last = path[path.length - 1]
  if (!isRecord(cursor) || last === undefined) throw new Error("bad path")
  if (next === remove) delete cursor[last]
  else cursor[last] = next
  return copy
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

type Found = ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>

/**
 * The issues of a failed decode (or encode), one per failing leaf as `{ path, message }`, with the request parse
 * options (`Endpoint.requestParseOptions`: unknown keys rejected, every issue reported) unless told otherwise.
 */
const issues = (
  schema: Schema.Codec<unknown, unknown>,
  input: unknown,
  direction: "decode" | "encode" = "decode",
  options: SchemaAST.ParseOptions | undefined = Endpoint.requestParseOptions
): Effect.Effect<Found> =>
  (direction === "decode"
    ? Schema.decodeUnknownEffect(schema, options)(input)
    : Schema.encodeUnknownEffect(schema, options)(input)
  ).pipe(
    Effect.flip,
    Effect.map((error) =>
      formatter(error.issue).issues.map(({ message, path }) => ({
        path: (path ?? []).map((key) => (typeof key === "object" ? key.key : key)),
        message
      }))
    ),
    Effect.orDie
  )

// JSON has no -0: a generated -0 comes back from the wire as 0, the same JSON number.
expect.addEqualityTesters([(a, b) => (typeof a === "number" && typeof b === "number" ? a === b : undefined)])

const Request = Favor.CreateCouponStockRequest
const wire = fixture("favor-create-coupon-stock.request.json")

const accepts = (input: unknown) =>
  Effect.gen(function* () {
    const decoded = yield* Schema.decodeUnknownEffect(Request, Endpoint.requestParseOptions)(input)
    const encoded = yield* Schema.encodeEffect(Request)(decoded)
    expect(encoded).toStrictEqual(input)
    expect(yield* Schema.encodeUnknownEffect(Request, Endpoint.requestParseOptions)(input)).toStrictEqual(input)
    expect(Endpoint.decodeRequest(Favor.CreateCouponStock, input)).toStrictEqual(Result.succeed(input))
  })

/** Fails on decode and on encode with the given messages at `path`, in order, and nothing else. */
const rejects = (input: unknown, path: ReadonlyArray<PropertyKey>, message: string | ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const expected = (typeof message === "string" ? [message] : message).map((message) => ({ path, message }))
    expect(yield* issues(Request, input)).toStrictEqual(expected)
    expect(yield* issues(Request, input, "encode")).toStrictEqual(expected)
  })

const cjk = (n: number) => "券".repeat(n)
const ascii = (n: number) => "a".repeat(n)
const digits = (n: number) => "1".repeat(n)
const DAY = 24 * 60 * 60 * 1000

describe("Favor.CreateCouponStockRequest", () => {
  it.effect("decodes the seed example (repaired, see fixtures/README.md) and encodes it back unchanged", () =>
    Effect.gen(function* () {
      const request = yield* Schema.decodeUnknownEffect(Request, Endpoint.requestParseOptions)(wire)
      expect(request.stock_name).toBe("微信支付代金券批次")
      expect(request.coupon_use_rule.discount_coupon).toStrictEqual({
        discount_amount_max: 100,
        discount_percent: 88,
        transaction_minimum: 100
      })
      expect(request.coupon_use_rule.trade_type).toStrictEqual(["OTHER"])
      expect(yield* Schema.encodeEffect(Request)(request)).toStrictEqual(wire)
    })
  )

  it.effect("rejects the verbatim seed example, naming each doc defect (spec Q3, Q4)", () =>
    Effect.gen(function* () {
      const found = yield* issues(Request, fixture("favor-create-coupon-stock.request.seed.json"))
      expect(found.map(({ path }) => path)).toStrictEqual([
        ["pattern_info", "background_color"],
        ["coupon_use_rule", "disscount_coupon"],
        ["coupon_use_rule", "trade_type"],
        ["out_request_no"]
      ])
      expect(found[1]?.message).toBe("Expected no excess property")
      expect(found[3]?.message).toBe("must be 1–128 characters, got 0")
    })
  )

  it.effect("encodes a plain object literal built by the user, with integers and booleans as JSON values", () =>
    Effect.gen(function* () {
      const encoded = yield* Schema.encodeEffect(Request)({
        stock_name: "周末满100减10",
        belong_merchant: MchId.make("98568865"),
        available_begin_time: "2030-01-01T00:00:00+08:00",
        available_end_time: "2030-01-31T23:59:59+08:00",
        stock_use_rule: {
          max_coupons: 100,
          max_amount: Fen.make(100_000),
          max_coupons_per_user: 1,
          natural_person_limit: false,
          prevent_api_abuse: true
        },
        coupon_use_rule: {
          fixed_normal_coupon: { coupon_amount: Fen.make(1000), transaction_minimum: Fen.make(10_000) },
          available_merchants: [MchId.make("98568865")]
        },
        no_cash: false,
        stock_type: "NORMAL",
        out_request_no: "98568865-20300101-0001"
      })
      expect(JSON.parse(JSON.stringify(encoded))).toStrictEqual({
        stock_name: "周末满100减10",
        belong_merchant: "98568865",
        available_begin_time: "2030-01-01T00:00:00+08:00",
        available_end_time: "2030-01-31T23:59:59+08:00",
        stock_use_rule: {
          max_coupons: 100,
          max_amount: 100_000,
          max_coupons_per_user: 1,
          natural_person_limit: false,
          prevent_api_abuse: true
        },
        coupon_use_rule: {
          fixed_normal_coupon: { coupon_amount: 1000, transaction_minimum: 10_000 },
          available_merchants: ["98568865"]
        },
        no_cash: false,
        stock_type: "NORMAL",
        out_request_no: "98568865-20300101-0001"
      })
    })
  )

  it.effect("is strict about wire types: no numeric strings, no string booleans, no null", () =>
    Effect.gen(function* () {
      yield* rejects(
        withPath(wire, ["stock_use_rule", "max_amount"], "5000"),
        ["stock_use_rule", "max_amount"],
        "Expected number"
      )
      yield* rejects(withPath(wire, ["no_cash"], "false"), ["no_cash"], "Expected boolean")
      yield* rejects(withPath(wire, ["comment"], null), ["comment"], "Expected string")
      yield* rejects(
        withPath(wire, ["stock_use_rule", "max_amount"], 50.5),
        ["stock_use_rule", "max_amount"],
        "Expected an integer"
      )
      yield* rejects(
        withPath(wire, ["stock_use_rule", "max_amount"], -1),
        ["stock_use_rule", "max_amount"],
        // Every rule the value breaks: Fen's and the budget's own.
        ["must be a non-negative integer amount in fen", "must be at least 1 fen"]
      )
      yield* rejects(withPath(wire, ["disscount_coupon"], {}), ["disscount_coupon"], "Expected no excess property")
    })
  )

  describe("documented limits: accepted at the limit, rejected at limit + 1", () => {
    const cases: ReadonlyArray<{
      readonly rule: string
      readonly path: ReadonlyArray<string | number>
      readonly atLimit: unknown
      readonly overLimit: unknown
      readonly message: string | ReadonlyArray<string>
      readonly issuePath?: ReadonlyArray<string | number>
    }> = [
      {
        rule: "stock_name ≤ 20 letters",
        path: ["stock_name"],
        atLimit: ascii(20),
        overLimit: ascii(21),
        // 21 letters also weigh more than 20: both rules are reported.
        message: [
          "must be 1–20 characters, got 21",
          "must be at most 9 CJK characters or 20 letters (a CJK character counts as 20/9 letters)"
        ]
      },
      {
        rule: "stock_name ≤ 9 CJK characters",
        path: ["stock_name"],
        atLimit: cjk(9),
        overLimit: cjk(10),
        message: "must be at most 9 CJK characters or 20 letters (a CJK character counts as 20/9 letters)"
      },
      {
        rule: "stock_name mixed: 4 CJK + 11 letters weighs 179/180",
        path: ["stock_name"],
        atLimit: cjk(4) + ascii(11),
        overLimit: cjk(4) + ascii(12),
        message: "must be at most 9 CJK characters or 20 letters (a CJK character counts as 20/9 letters)"
      },
      {
        rule: "comment ≤ 60 characters (CJK count one each)",
        path: ["comment"],
        atLimit: cjk(60),
        overLimit: cjk(61),
        message: "must be 0–60 characters, got 61"
      },
      {
        rule: "belong_merchant ≤ 20",
        path: ["belong_merchant"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "out_request_no ≤ 128",
        path: ["out_request_no"],
        atLimit: `${digits(100)}|_*-${ascii(24)}`,
        overLimit: digits(129),
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "ext_info ≤ 128",
        path: ["ext_info"],
        atLimit: JSON.stringify({ k: ascii(120) }),
        overLimit: JSON.stringify({ k: ascii(121) }),
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "limit_card.name ≤ 4 characters",
        path: ["coupon_use_rule", "limit_card"],
        issuePath: ["coupon_use_rule", "limit_card", "name"],
        atLimit: { name: "精粹白金", bin: ["62123456"] },
        overLimit: { name: "精粹白金卡", bin: ["62123456"] },
        message: "must be 1–4 characters, got 5"
      },
      {
        rule: "limit_card.bin item ≤ 9 characters",
        path: ["coupon_use_rule", "limit_card"],
        issuePath: ["coupon_use_rule", "limit_card", "bin", 0],
        atLimit: { name: "卡", bin: [digits(9)] },
        overLimit: { name: "卡", bin: [digits(10)] },
        message: "must be 6–9 characters, got 10"
      },
      {
        rule: "limit_card.bin item ≥ 6 characters",
        path: ["coupon_use_rule", "limit_card"],
        issuePath: ["coupon_use_rule", "limit_card", "bin", 0],
        atLimit: { name: "卡", bin: [digits(6)] },
        overLimit: { name: "卡", bin: [digits(5)] },
        message: "must be 6–9 characters, got 5"
      },
      {
        rule: "limit_card.bin ≤ 10 items",
        path: ["coupon_use_rule", "limit_card"],
        issuePath: ["coupon_use_rule", "limit_card", "bin"],
        atLimit: { name: "卡", bin: Array.from({ length: 10 }, () => "621234") },
        overLimit: { name: "卡", bin: Array.from({ length: 11 }, () => "621234") },
        message: "must have at most 10 item(s)"
      },
      {
        rule: "limit_pay exactly 1 item",
        path: ["coupon_use_rule", "limit_pay"],
        atLimit: ["ICBC_CREDIT"],
        overLimit: ["ICBC_CREDIT", "CMB_DEBIT"],
        message: "must have exactly 1 item(s)"
      },
      {
        rule: "goods_tag ≤ 50 items",
        path: ["coupon_use_rule", "goods_tag"],
        atLimit: Array.from({ length: 50 }, (_, i) => `tag${i}`),
        overLimit: Array.from({ length: 51 }, (_, i) => `tag${i}`),
        message: "must have at most 50 item(s)"
      },
      {
        rule: "goods_tag item ≤ 128 characters",
        path: ["coupon_use_rule", "goods_tag"],
        issuePath: ["coupon_use_rule", "goods_tag", 0],
        atLimit: [cjk(128)],
        overLimit: [cjk(129)],
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "available_items ≤ 50 items",
        path: ["coupon_use_rule", "available_items"],
        atLimit: Array.from({ length: 50 }, (_, i) => `item${i}`),
        overLimit: Array.from({ length: 51 }, (_, i) => `item${i}`),
        message: "must have at most 50 item(s)"
      },
      {
        rule: "unavailable_items item ≤ 128 characters",
        path: ["coupon_use_rule", "unavailable_items"],
        issuePath: ["coupon_use_rule", "unavailable_items", 0],
        atLimit: [ascii(128)],
        overLimit: [ascii(129)],
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "discount_percent ≤ 99 (a 折扣 pays less than the price)",
        path: ["coupon_use_rule", "discount_coupon", "discount_percent"],
        atLimit: 99,
        overLimit: 250,
        message: "must be an integer in 1..99"
      },
      {
        rule: "discount_percent ≥ 1 (a 折扣 pays something)",
        path: ["coupon_use_rule", "discount_coupon", "discount_percent"],
        atLimit: 1,
        overLimit: 0,
        message: "must be an integer in 1..99"
      },
      {
        rule: "available_merchants item ≤ 20 characters",
        path: ["coupon_use_rule", "available_merchants"],
        issuePath: ["coupon_use_rule", "available_merchants", 0],
        atLimit: [digits(20)],
        overLimit: [digits(21)],
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "available_week_day in 0..6",
        path: ["coupon_use_rule", "coupon_available_time", "fix_available_time", "available_week_day"],
        issuePath: ["coupon_use_rule", "coupon_available_time", "fix_available_time", "available_week_day", 1],
        atLimit: [0, 6],
        overLimit: [0, 7],
        message: "must be an integer in 0..6"
      },
      {
        rule: "fix_available_time.begin_time ≤ 86400",
        path: ["coupon_use_rule", "coupon_available_time", "fix_available_time", "begin_time"],
        atLimit: 86_400,
        overLimit: 86_401,
        message: "must be an integer in 0..86400"
      },
      {
        rule: "fix_available_time.end_time ≤ 86399",
        path: ["coupon_use_rule", "coupon_available_time", "fix_available_time", "end_time"],
        atLimit: 86_399,
        overLimit: 86_400,
        message: "must be an integer in 1..86399"
      },
      {
        rule: "fix_available_time.end_time ≥ 1",
        path: ["coupon_use_rule", "coupon_available_time", "fix_available_time", "end_time"],
        atLimit: 1,
        overLimit: 0,
        message: "must be an integer in 1..86399"
      },
      {
        rule: "validity range ≤ 90 days",
        path: ["available_end_time"],
        atLimit: new Date(Date.parse("2015-05-20T13:29:35.120+08:00") + 90 * DAY).toISOString(),
        overLimit: new Date(Date.parse("2015-05-20T13:29:35.120+08:00") + 90 * DAY + 1).toISOString(),
        message: "must be at most 90 days after available_begin_time"
      }
    ]

    for (const c of cases) {
      it.effect(c.rule, () =>
        Effect.gen(function* () {
          yield* accepts(withPath(wire, c.path, c.atLimit))
          yield* rejects(withPath(wire, c.path, c.overLimit), c.issuePath ?? c.path, c.message)
        })
      )
    }
  })

  it.effect("rejects 4-byte UTF-8 characters (emoji) in every request string", () =>
    Effect.gen(function* () {
      const message = "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)"
      yield* rejects(withPath(wire, ["stock_name"], "满减券🎫"), ["stock_name"], message)
      yield* rejects(withPath(wire, ["comment"], "👍"), ["comment"], message)
      yield* rejects(
        withPath(wire, ["pattern_info", "description"], "𠮷野家"),
        ["pattern_info", "description"],
        message
      )
      yield* rejects(
        withPath(wire, ["coupon_use_rule", "goods_tag"], ["ok", "🎁"]),
        ["coupon_use_rule", "goods_tag", 1],
        message
      )
      // An emoji is also outside out_request_no's character set: both rules are reported.
      yield* rejects(
        withPath(wire, ["out_request_no"], "no-🎫"),
        ["out_request_no"],
        [message, "may contain only letters, digits, |, _, * and -"]
      )
      yield* accepts(withPath(wire, ["comment"], "满减ÀÉ—「券」"))
    })
  )

  it.effect("checks stock_name and out_request_no character rules", () =>
    Effect.gen(function* () {
      yield* rejects(withPath(wire, ["stock_name"], "a_b"), ["stock_name"], "must not contain _ , ; or |")
      yield* rejects(withPath(wire, ["stock_name"], ""), ["stock_name"], "must be 1–20 characters, got 0")
      yield* rejects(
        withPath(wire, ["out_request_no"], "abc#1"),
        ["out_request_no"],
        "may contain only letters, digits, |, _, * and -"
      )
      yield* rejects(withPath(wire, ["out_request_no"], ""), ["out_request_no"], "must be 1–128 characters, got 0")
      yield* rejects(
        withPath(wire, ["ext_info"], "{'exinfo1':'1234','exinfo2':'3456'}"),
        ["ext_info"],
        'must be JSON text, e.g. {"exinfo1":"1234"}'
      )
    })
  )

  it.effect("checks enums and times", () =>
    Effect.gen(function* () {
      yield* rejects(
        withPath(wire, ["stock_type"], "EXCHANGE"),
        ["stock_type"],
        "must be one of NORMAL, DISCOUNT, EXCHAHGE, RANDOM, DISCOUNT_CUT"
      )
      yield* rejects(
        withPath(wire, ["coupon_use_rule", "trade_type"], "OTHER"),
        ["coupon_use_rule", "trade_type"],
        "Expected array"
      )
      yield* rejects(
        withPath(wire, ["available_begin_time"], "2015-05-20 13:29:35"),
        ["available_begin_time"],
        "must be an RFC3339 date-time such as 2015-05-20T13:29:35+08:00 or 2015-05-20T13:29:35.120Z"
      )
      yield* rejects(
        withPath(wire, ["available_begin_time"], "2015-02-30T13:29:35+08:00"),
        ["available_begin_time"],
        "must be an RFC3339 date-time such as 2015-05-20T13:29:35+08:00 or 2015-05-20T13:29:35.120Z"
      )
      yield* accepts(withPath(wire, ["available_begin_time"], "2015-05-20T05:29:35Z"))
    })
  )

  it.effect("checks the documented cross-field rules", () =>
    Effect.gen(function* () {
      yield* rejects(
        withPath(wire, ["coupon_use_rule", "fixed_normal_coupon"], remove),
        ["coupon_use_rule", "fixed_normal_coupon"],
        "is required when stock_type is NORMAL"
      )
      yield* accepts(
        withPath(withPath(wire, ["coupon_use_rule", "fixed_normal_coupon"], remove), ["stock_type"], "DISCOUNT")
      )
      yield* rejects(
        withPath(wire, ["available_end_time"], "2015-05-20T13:29:35.120+08:00"),
        ["available_end_time"],
        "must be after available_begin_time"
      )
      yield* rejects(
        withPath(wire, ["available_end_time"], "2015-05-20T05:29:35.119Z"),
        ["available_end_time"],
        "must be after available_begin_time"
      )
      yield* rejects(
        withPath(
          withPath(
            wire,
            ["coupon_use_rule", "coupon_available_time", "available_begin_time"],
            "2015-05-21T00:00:00+08:00"
          ),
          ["coupon_use_rule", "coupon_available_time", "available_end_time"],
          "2015-05-20T00:00:00+08:00"
        ),
        ["coupon_use_rule", "coupon_available_time", "available_end_time"],
        "must be after available_begin_time"
      )
      expect(yield* issues(Request, withPath(wire, ["pattern_info", "jump_target"], "MINI_PROGRAM"))).toStrictEqual([
        { path: ["pattern_info", "mini_program_appid"], message: "is required when jump_target is MINI_PROGRAM" },
        { path: ["pattern_info", "mini_program_path"], message: "is required when jump_target is MINI_PROGRAM" }
      ])
      yield* accepts(
        withPath(wire, ["pattern_info"], {
          description: "小程序专享",
          jump_target: "MINI_PROGRAM",
          mini_program_appid: "wx1234567890abcdef",
          mini_program_path: "/pages/index/index"
        })
      )
    })
  )

  it.prop(
    "encode → JSON → decode round trip",
    [Request],
    ([request]) => {
      const json: unknown = JSON.parse(JSON.stringify(Schema.encodeSync(Request)(request)))
      // toEqual, not toStrictEqual: generated objects may have a null prototype, which JSON does not keep.
      expect(Schema.decodeUnknownSync(Request, Endpoint.requestParseOptions)(json)).toEqual(request)
    },
    { arbitrary: { runs: 100 } }
  )
})

describe("Favor.CreateCouponStockResponse", () => {
  it.effect("decodes the seed example", () =>
    Effect.gen(function* () {
      const response = yield* Schema.decodeUnknownEffect(Favor.CreateCouponStockResponse)(
        fixture("favor-create-coupon-stock.response.json")
      )
      expect(response).toStrictEqual(
        new Favor.CreateCouponStockResponse({
          stock_id: Schema.decodeSync(Favor.CreateCouponStockResponse.fields.stock_id)("98065001"),
          create_time: "2015-05-20T13:29:35.120+08:00"
        })
      )
    })
  )

  it.effect("requires both fields", () =>
    Effect.gen(function* () {
      expect(
        yield* issues(Favor.CreateCouponStockResponse, { stock_id: "98065001" }, "decode", undefined)
      ).toStrictEqual([{ path: ["create_time"], message: "Missing key" }])
    })
  )
})
