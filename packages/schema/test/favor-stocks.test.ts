import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, type SchemaAST, SchemaIssue } from "effect"
import * as ApiError from "../src/ApiError.js"
import * as Endpoint from "../src/Endpoint.js"
import * as Favor from "../src/Favor.js"

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

/** The issues of a failed decode, one per failing leaf as `{ path, message }`. */
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

// JSON has no -0: a generated -0 comes back from the wire as 0, the same JSON number.
expect.addEqualityTesters([(a, b) => (typeof a === "number" && typeof b === "number" ? a === b : undefined)])

// biome-ignore lint/suspicious/noExplicitAny: any request schema, for table-driven tests.
type AnySchema = Schema.Codec<any, any>

/** A request decodes as the api decodes it (`Endpoint.requestParseOptions`) and encodes back to the same JSON. */
const accepts = (schema: AnySchema, input: unknown) =>
  Effect.gen(function* () {
    const decoded = yield* Schema.decodeUnknownEffect(schema, Endpoint.requestParseOptions)(input)
    expect(yield* Schema.encodeEffect(schema)(decoded)).toStrictEqual(input)
  })

const rejects = (schema: AnySchema, input: unknown, path: ReadonlyArray<PropertyKey>, message: string) =>
  Effect.gen(function* () {
    expect(yield* issues(schema, input, Endpoint.requestParseOptions)).toStrictEqual([{ path, message }])
  })

const cjk = (n: number) => "券".repeat(n)
const ascii = (n: number) => "a".repeat(n)
const digits = (n: number) => "1".repeat(n)
const EMOJI = "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)"

const stateChange = { stock_id: "9856000", stock_creator_mchid: "8956000" }

const examples = {
  start: stateChange,
  pause: stateChange,
  restart: stateChange,
  stop: stateChange,
  send: {
    openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
    stock_id: "9856000",
    out_request_no: "89560002019101000121",
    appid: "wx233544546545989",
    stock_creator_mchid: "8956000",
    coupon_value: 100,
    coupon_minimum: 100
  },
  listStocks: {
    offset: 0,
    limit: 10,
    stock_creator_mchid: "9856888",
    create_start_time: "2030-05-20T13:29:35.120+08:00",
    create_end_time: "2030-05-21T13:29:35+08:00",
    status: "paused"
  },
  queryStock: { stock_id: "9856888", stock_creator_mchid: "123456" },
  queryCoupon: { openid: "2323dfsdf342342", coupon_id: "9856888", appid: "wx233544546545989" },
  merchants: { offset: 0, limit: 50, stock_creator_mchid: "9865000", stock_id: "9865000" },
  items: { offset: 0, limit: 100, stock_creator_mchid: "9865000", stock_id: "9865000" },
  listCoupons: {
    openid: "2323dfsdf342342",
    appid: "wx233544546545989",
    stock_id: "9865000",
    status: "USED",
    creator_mchid: "9865002",
    offset: 0,
    limit: 20,
    business_type: "MULTIUSE"
  }
} as const

const requests: ReadonlyArray<readonly [string, AnySchema, unknown]> = [
  ["StartStockRequest", Favor.StartStockRequest, examples.start],
  ["PauseStockRequest", Favor.PauseStockRequest, examples.pause],
  ["RestartStockRequest", Favor.RestartStockRequest, examples.restart],
  ["StopStockRequest", Favor.StopStockRequest, examples.stop],
  ["SendCouponRequest", Favor.SendCouponRequest, examples.send],
  ["ListStocksRequest", Favor.ListStocksRequest, examples.listStocks],
  ["QueryStockRequest", Favor.QueryStockRequest, examples.queryStock],
  ["QueryCouponRequest", Favor.QueryCouponRequest, examples.queryCoupon],
  ["ListAvailableMerchantsRequest", Favor.ListAvailableMerchantsRequest, examples.merchants],
  ["ListAvailableSingleitemsRequest", Favor.ListAvailableSingleitemsRequest, examples.items],
  ["ListCouponsByFilterRequest", Favor.ListCouponsByFilterRequest, examples.listCoupons]
]

describe("Favor batch and coupon requests", () => {
  for (const [name, schema, example] of requests) {
    it.effect(`${name}: the example decodes and encodes back to the same JSON`, () => accepts(schema, example))

    it.effect(`${name}: unknown keys are rejected`, () =>
      Effect.gen(function* () {
        expect(yield* issues(schema, withPath(example, ["extra"], "x"), Endpoint.requestParseOptions)).toStrictEqual([
          { path: ["extra"], message: "Expected no excess property" }
        ])
      })
    )
  }

  it.effect("the state-change requests need both fields", () =>
    Effect.gen(function* () {
      for (const schema of [
        Favor.StartStockRequest,
        Favor.PauseStockRequest,
        Favor.RestartStockRequest,
        Favor.StopStockRequest
      ]) {
        yield* rejects(schema, { stock_id: "9856000" }, ["stock_creator_mchid"], "Missing key")
      }
    })
  )

  describe("documented limits: accepted at the limit, rejected one past it", () => {
    const cases: ReadonlyArray<{
      readonly rule: string
      readonly schema: AnySchema
      readonly base: unknown
      readonly path: ReadonlyArray<string>
      readonly atLimit: unknown
      readonly overLimit: unknown
      readonly message: string
    }> = [
      {
        rule: "start: stock_id ≤ 20",
        schema: Favor.StartStockRequest,
        base: examples.start,
        path: ["stock_id"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "start: stock_id ≥ 1",
        schema: Favor.StartStockRequest,
        base: examples.start,
        path: ["stock_id"],
        atLimit: "1",
        overLimit: "",
        message: "must be 1–20 characters, got 0"
      },
      {
        rule: "pause: stock_creator_mchid ≤ 20 (CJK count one each)",
        schema: Favor.PauseStockRequest,
        base: examples.pause,
        path: ["stock_creator_mchid"],
        atLimit: cjk(20),
        overLimit: cjk(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "restart: stock_creator_mchid ≤ 20",
        schema: Favor.RestartStockRequest,
        base: examples.restart,
        path: ["stock_creator_mchid"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "stop: stock_id ≤ 20",
        schema: Favor.StopStockRequest,
        base: examples.stop,
        path: ["stock_id"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "send: openid ≤ 128",
        schema: Favor.SendCouponRequest,
        base: examples.send,
        path: ["openid"],
        atLimit: ascii(128),
        overLimit: ascii(129),
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "send: appid ≤ 128",
        schema: Favor.SendCouponRequest,
        base: examples.send,
        path: ["appid"],
        atLimit: ascii(128),
        overLimit: ascii(129),
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "send: out_request_no ≤ 128",
        schema: Favor.SendCouponRequest,
        base: examples.send,
        path: ["out_request_no"],
        atLimit: `${digits(124)}|_*-`,
        overLimit: digits(129),
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "send: stock_id ≤ 20",
        schema: Favor.SendCouponRequest,
        base: examples.send,
        path: ["stock_id"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "send: stock_creator_mchid ≤ 20",
        schema: Favor.SendCouponRequest,
        base: examples.send,
        path: ["stock_creator_mchid"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "send: coupon_value ≥ 1 fen",
        schema: Favor.SendCouponRequest,
        base: examples.send,
        path: ["coupon_value"],
        atLimit: 1,
        overLimit: 0,
        message: "must be an amount in fen of at least 1"
      },
      {
        rule: "send: coupon_minimum ≥ 0 fen",
        schema: Favor.SendCouponRequest,
        base: examples.send,
        path: ["coupon_minimum"],
        atLimit: 0,
        overLimit: -1,
        message: "must be a non-negative integer amount in fen"
      },
      {
        rule: "list stocks: limit ≤ 10",
        schema: Favor.ListStocksRequest,
        base: examples.listStocks,
        path: ["limit"],
        atLimit: 10,
        overLimit: 11,
        message: "must be an integer in 1..10"
      },
      {
        rule: "list stocks: limit ≥ 1",
        schema: Favor.ListStocksRequest,
        base: examples.listStocks,
        path: ["limit"],
        atLimit: 1,
        overLimit: 0,
        message: "must be an integer in 1..10"
      },
      {
        rule: "list stocks: offset (page index) ≥ 0",
        schema: Favor.ListStocksRequest,
        base: examples.listStocks,
        path: ["offset"],
        atLimit: 0,
        overLimit: -1,
        message: "must be a non-negative integer"
      },
      {
        rule: "list stocks: stock_creator_mchid ≤ 20",
        schema: Favor.ListStocksRequest,
        base: examples.listStocks,
        path: ["stock_creator_mchid"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "query stock: stock_id ≤ 20",
        schema: Favor.QueryStockRequest,
        base: examples.queryStock,
        path: ["stock_id"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "query stock: stock_creator_mchid ≤ 20",
        schema: Favor.QueryStockRequest,
        base: examples.queryStock,
        path: ["stock_creator_mchid"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "query coupon: coupon_id ≤ 20",
        schema: Favor.QueryCouponRequest,
        base: examples.queryCoupon,
        path: ["coupon_id"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "query coupon: openid ≤ 128 (CJK count one each)",
        schema: Favor.QueryCouponRequest,
        base: examples.queryCoupon,
        path: ["openid"],
        atLimit: cjk(128),
        overLimit: cjk(129),
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "query coupon: appid ≤ 128",
        schema: Favor.QueryCouponRequest,
        base: examples.queryCoupon,
        path: ["appid"],
        atLimit: ascii(128),
        overLimit: ascii(129),
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "merchants: offset ≤ 1000",
        schema: Favor.ListAvailableMerchantsRequest,
        base: examples.merchants,
        path: ["offset"],
        atLimit: 1000,
        overLimit: 1001,
        message: "must be an integer in 0..1000"
      },
      {
        rule: "merchants: limit ≤ 50",
        schema: Favor.ListAvailableMerchantsRequest,
        base: examples.merchants,
        path: ["limit"],
        atLimit: 50,
        overLimit: 51,
        message: "must be an integer in 1..50"
      },
      {
        rule: "merchants: limit ≥ 1",
        schema: Favor.ListAvailableMerchantsRequest,
        base: examples.merchants,
        path: ["limit"],
        atLimit: 1,
        overLimit: 0,
        message: "must be an integer in 1..50"
      },
      {
        rule: "merchants: stock_id ≤ 20",
        schema: Favor.ListAvailableMerchantsRequest,
        base: examples.merchants,
        path: ["stock_id"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "items: offset ≤ 500",
        schema: Favor.ListAvailableSingleitemsRequest,
        base: examples.items,
        path: ["offset"],
        atLimit: 500,
        overLimit: 501,
        message: "must be an integer in 0..500"
      },
      {
        rule: "items: offset ≥ 0",
        schema: Favor.ListAvailableSingleitemsRequest,
        base: examples.items,
        path: ["offset"],
        atLimit: 0,
        overLimit: -1,
        message: "must be an integer in 0..500"
      },
      {
        rule: "items: limit ≤ 100",
        schema: Favor.ListAvailableSingleitemsRequest,
        base: examples.items,
        path: ["limit"],
        atLimit: 100,
        overLimit: 101,
        message: "must be an integer in 1..100"
      },
      {
        rule: "items: stock_creator_mchid ≤ 20",
        schema: Favor.ListAvailableSingleitemsRequest,
        base: examples.items,
        path: ["stock_creator_mchid"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "user coupons: appid ≤ 128",
        schema: Favor.ListCouponsByFilterRequest,
        base: examples.listCoupons,
        path: ["appid"],
        atLimit: ascii(128),
        overLimit: ascii(129),
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "user coupons: openid ≤ 128",
        schema: Favor.ListCouponsByFilterRequest,
        base: examples.listCoupons,
        path: ["openid"],
        atLimit: ascii(128),
        overLimit: ascii(129),
        message: "must be 1–128 characters, got 129"
      },
      {
        rule: "user coupons: stock_id ≤ 20",
        schema: Favor.ListCouponsByFilterRequest,
        base: examples.listCoupons,
        path: ["stock_id"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "user coupons: creator_mchid ≤ 20",
        schema: Favor.ListCouponsByFilterRequest,
        base: examples.listCoupons,
        path: ["creator_mchid"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "user coupons: sender_mchid ≤ 20",
        schema: Favor.ListCouponsByFilterRequest,
        base: examples.listCoupons,
        path: ["sender_mchid"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "user coupons: available_mchid ≤ 20",
        schema: Favor.ListCouponsByFilterRequest,
        base: examples.listCoupons,
        path: ["available_mchid"],
        atLimit: digits(20),
        overLimit: digits(21),
        message: "must be 1–20 characters, got 21"
      },
      {
        rule: "user coupons: offset ≥ 0",
        schema: Favor.ListCouponsByFilterRequest,
        base: examples.listCoupons,
        path: ["offset"],
        atLimit: 0,
        overLimit: -1,
        message: "must be a non-negative integer"
      },
      {
        rule: "user coupons: limit ≥ 1",
        schema: Favor.ListCouponsByFilterRequest,
        base: examples.listCoupons,
        path: ["limit"],
        atLimit: 1,
        overLimit: 0,
        message: "must be a positive integer"
      }
    ]

    for (const c of cases) {
      it.effect(c.rule, () =>
        Effect.gen(function* () {
          yield* accepts(c.schema, withPath(c.base, c.path, c.atLimit))
          yield* rejects(c.schema, withPath(c.base, c.path, c.overLimit), c.path, c.message)
        })
      )
    }
  })

  it.effect("rejects 4-byte UTF-8 characters (emoji) in every request string", () =>
    Effect.gen(function* () {
      const strings: ReadonlyArray<readonly [AnySchema, unknown, string]> = [
        [Favor.StartStockRequest, examples.start, "stock_id"],
        [Favor.StartStockRequest, examples.start, "stock_creator_mchid"],
        [Favor.SendCouponRequest, examples.send, "openid"],
        [Favor.SendCouponRequest, examples.send, "stock_id"],
        [Favor.SendCouponRequest, examples.send, "out_request_no"],
        [Favor.SendCouponRequest, examples.send, "appid"],
        [Favor.SendCouponRequest, examples.send, "stock_creator_mchid"],
        [Favor.ListStocksRequest, examples.listStocks, "stock_creator_mchid"],
        [Favor.QueryStockRequest, examples.queryStock, "stock_id"],
        [Favor.QueryCouponRequest, examples.queryCoupon, "openid"],
        [Favor.QueryCouponRequest, examples.queryCoupon, "coupon_id"],
        [Favor.QueryCouponRequest, examples.queryCoupon, "appid"],
        [Favor.ListAvailableMerchantsRequest, examples.merchants, "stock_id"],
        [Favor.ListAvailableSingleitemsRequest, examples.items, "stock_creator_mchid"],
        [Favor.ListCouponsByFilterRequest, examples.listCoupons, "openid"],
        [Favor.ListCouponsByFilterRequest, examples.listCoupons, "creator_mchid"],
        [Favor.ListCouponsByFilterRequest, examples.listCoupons, "stock_id"]
      ]
      for (const [schema, base, field] of strings) {
        if (field === "out_request_no") continue
        yield* rejects(schema, withPath(base, [field], "98🎫"), [field], EMOJI)
      }
      // Every rule a value breaks is reported: an emoji is also outside out_request_no's character set.
      expect(
        yield* issues(
          Favor.SendCouponRequest,
          withPath(examples.send, ["out_request_no"], "98🎫"),
          Endpoint.requestParseOptions
        )
      ).toStrictEqual([
        { path: ["out_request_no"], message: EMOJI },
        { path: ["out_request_no"], message: "may contain only letters, digits, |, _, * and -" }
      ])
    })
  )

  it.effect("is strict about wire types: no numeric strings, no null", () =>
    Effect.gen(function* () {
      yield* rejects(
        Favor.SendCouponRequest,
        withPath(examples.send, ["coupon_value"], "100"),
        ["coupon_value"],
        "Expected number"
      )
      yield* rejects(
        Favor.ListStocksRequest,
        withPath(examples.listStocks, ["limit"], "10"),
        ["limit"],
        "Expected number"
      )
      yield* rejects(
        Favor.ListStocksRequest,
        withPath(examples.listStocks, ["limit"], 2.5),
        ["limit"],
        "Expected an integer"
      )
      yield* rejects(
        Favor.ListStocksRequest,
        withPath(examples.listStocks, ["status"], null),
        ["status"],
        "must be one of unactivated, audit, running, stoped, paused"
      )
    })
  )

  it.effect("send: out_request_no character set; coupon_value and coupon_minimum are each optional", () =>
    Effect.gen(function* () {
      yield* rejects(
        Favor.SendCouponRequest,
        withPath(examples.send, ["out_request_no"], "8956000#1"),
        ["out_request_no"],
        "may contain only letters, digits, |, _, * and -"
      )
      yield* accepts(
        Favor.SendCouponRequest,
        withPath(withPath(examples.send, ["coupon_value"], remove), ["coupon_minimum"], remove)
      )
      yield* accepts(Favor.SendCouponRequest, withPath(examples.send, ["coupon_minimum"], remove))
      yield* accepts(Favor.SendCouponRequest, withPath(examples.send, ["coupon_value"], remove))
    })
  )

  it.effect("list stocks: status is one of the lower-case values; times are RFC3339", () =>
    Effect.gen(function* () {
      for (const status of ["unactivated", "audit", "running", "stoped", "paused"]) {
        yield* accepts(Favor.ListStocksRequest, withPath(examples.listStocks, ["status"], status))
      }
      yield* rejects(
        Favor.ListStocksRequest,
        withPath(examples.listStocks, ["status"], "RUNNING"),
        ["status"],
        "must be one of unactivated, audit, running, stoped, paused"
      )
      yield* rejects(
        Favor.ListStocksRequest,
        withPath(examples.listStocks, ["status"], "stopped"),
        ["status"],
        "must be one of unactivated, audit, running, stoped, paused"
      )
      yield* rejects(
        Favor.ListStocksRequest,
        withPath(examples.listStocks, ["create_start_time"], "2030-05-20 13:29:35"),
        ["create_start_time"],
        "must be an RFC3339 date-time such as 2015-05-20T13:29:35+08:00 or 2015-05-20T13:29:35.120Z"
      )
      yield* accepts(
        Favor.ListStocksRequest,
        withPath(examples.listStocks, ["create_end_time"], "2030-05-21T05:29:35Z")
      )
      yield* accepts(Favor.ListStocksRequest, { offset: 3, limit: 5, stock_creator_mchid: "9856888" })
    })
  )

  it.effect("user coupons: status and business_type enums", () =>
    Effect.gen(function* () {
      yield* accepts(Favor.ListCouponsByFilterRequest, withPath(examples.listCoupons, ["status"], "SENDED"))
      yield* rejects(
        Favor.ListCouponsByFilterRequest,
        withPath(examples.listCoupons, ["status"], "EXPIRED"),
        ["status"],
        "must be one of SENDED, USED"
      )
      yield* rejects(
        Favor.ListCouponsByFilterRequest,
        withPath(examples.listCoupons, ["business_type"], "NORMAL"),
        ["business_type"],
        "must be one of MULTIUSE"
      )
    })
  )

  it.effect("user coupons: one of creator_mchid, sender_mchid, available_mchid is required; several are allowed", () =>
    Effect.gen(function* () {
      const bare = { openid: "2323dfsdf342342", appid: "wx233544546545989" }
      yield* rejects(
        Favor.ListCouponsByFilterRequest,
        bare,
        ["creator_mchid"],
        "one of creator_mchid, sender_mchid or available_mchid is required"
      )
      yield* accepts(Favor.ListCouponsByFilterRequest, { ...bare, creator_mchid: "9865002" })
      yield* accepts(Favor.ListCouponsByFilterRequest, { ...bare, sender_mchid: "9865001" })
      yield* accepts(Favor.ListCouponsByFilterRequest, { ...bare, available_mchid: "9865000" })
      // The page: creator_mchid wins when both are sent, so both is a valid request.
      yield* accepts(Favor.ListCouponsByFilterRequest, {
        ...bare,
        creator_mchid: "9865002",
        available_mchid: "9865000"
      })
    })
  )

  it.prop(
    "requests survive encode → JSON → decode",
    requests.map(([, schema]) => schema),
    (values) => {
      values.forEach((value, i) => {
        const schema = requests[i]![1]
        const json: unknown = JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value)))
        // toEqual, not toStrictEqual: generated objects may have a null prototype, which JSON does not keep.
        expect(Schema.decodeUnknownSync(schema, Endpoint.requestParseOptions)(json)).toEqual(value)
      })
    },
    { arbitrary: { runs: 30 } }
  )
})

describe("Favor batch and coupon responses", () => {
  it.effect("Stock: a fixture shaped like the official example decodes", () =>
    Effect.gen(function* () {
      const stock = yield* Schema.decodeUnknownEffect(Favor.Stock)(fixture("favor-query-stock.response.json"))
      expect(stock.stock_id).toBe("9836588")
      expect(stock.status).toBe("running")
      expect(stock.no_cash).toBe(false)
      expect(stock.stock_use_rule?.fixed_normal_coupon).toStrictEqual(
        new Favor.FixedValueStockMsg({
          coupon_amount: Schema.decodeSync(Favor.FixedValueStockMsg.fields.coupon_amount)(1000),
          transaction_minimum: Schema.decodeSync(Favor.FixedValueStockMsg.fields.transaction_minimum)(10_000)
        })
      )
      expect(stock.stock_use_rule?.trade_type).toStrictEqual(["MICROAPP", "APPPAY"])
      expect(stock.stock_use_rule?.prevent_api_abuse).toBe(true)
      expect(stock.cut_to_message?.cut_to_price).toBe(100)
      expect(stock.start_time).toBe("2030-05-21T09:00:00.000+08:00")
      expect(stock.card_id).toBe("pIJMr5MMiIkO_93VtPyIiEk2DZ4w")
    })
  )

  it.effect("Stock: only the always-present fields is enough", () =>
    Effect.gen(function* () {
      const minimal = {
        stock_name: "满100减10",
        description: "全场可用",
        available_begin_time: "2030-06-01T00:00:00+08:00",
        available_end_time: "2030-06-30T23:59:59+08:00",
        no_cash: false,
        stock_type: "NORMAL"
      }
      const stock = yield* Schema.decodeUnknownEffect(Favor.Stock)(minimal)
      expect(stock.stock_id).toBeUndefined()
      expect(stock.stock_use_rule).toBeUndefined()
      expect(yield* issues(Favor.Stock, withPath(minimal, ["description"], remove))).toStrictEqual([
        { path: ["description"], message: "Missing key" }
      ])
    })
  )

  it.effect("Stock: numeric strings, string booleans, null, unknown enum values and unknown keys", () =>
    Effect.gen(function* () {
      const base = fixture("favor-query-stock.response.json")
      const loose = [
        [["distributed_coupons"], "120"],
        [["no_cash"], "true"],
        [["singleitem"], "false"],
        [["stock_use_rule", "max_amount"], "1000000"],
        [["stock_use_rule", "combine_use"], "true"],
        [["stock_use_rule", "fixed_normal_coupon", "coupon_amount"], "1000"],
        [["status"], "archived"],
        [["stock_type"], "PREMIUM"],
        [["stop_time"], null],
        [["brand_new_field"], { nested: true }]
      ] as const
      const input = loose.reduce<unknown>((acc, [path, value]) => withPath(acc, path, value), base)
      const stock = yield* Schema.decodeUnknownEffect(Favor.Stock)(input)
      expect(stock.distributed_coupons).toBe(120)
      expect(stock.no_cash).toBe(true)
      expect(stock.singleitem).toBe(false)
      expect(stock.stock_use_rule?.max_amount).toBe(1_000_000)
      expect(stock.stock_use_rule?.combine_use).toBe(true)
      expect(stock.stock_use_rule?.fixed_normal_coupon?.coupon_amount).toBe(1000)
      expect(stock.status).toBe("archived")
      expect(stock.stock_type).toBe("PREMIUM")
      expect("stop_time" in stock).toBe(false)
      expect("brand_new_field" in stock).toBe(false)
    })
  )

  it.effect("ListStocksResponse: the page decodes; a bare trade_type string becomes an array", () =>
    Effect.gen(function* () {
      const page = yield* Schema.decodeUnknownEffect(Favor.ListStocksResponse)(
        fixture("favor-list-stocks.response.json")
      )
      expect(page.total_count).toBe(11)
      expect(page.data?.length).toBe(2)
      expect(page.data?.[0]?.stock_use_rule?.trade_type).toStrictEqual(["APPPAY"])
      expect(page.data?.[1]?.business_type).toBe("MULTIUSE")
      expect(page.data?.[1]?.available_region_list?.[0]?.city).toBe("深圳市")
      expect(page.data?.[1]?.available_industry_list).toStrictEqual(["餐饮"])
      const empty = yield* Schema.decodeUnknownEffect(Favor.ListStocksResponse)({
        total_count: 0,
        limit: 10,
        offset: 0
      })
      expect(empty.data).toBeUndefined()
      expect(yield* issues(Favor.ListStocksResponse, { total_count: 0, limit: 10 })).toStrictEqual([
        { path: ["offset"], message: "Missing key" }
      ])
    })
  )

  it.effect("Coupon: a fixture shaped like the official example decodes, null booleans become absent", () =>
    Effect.gen(function* () {
      const coupon = yield* Schema.decodeUnknownEffect(Favor.Coupon)(fixture("favor-query-coupon.response.json"))
      expect(coupon.coupon_id).toBe("98674556")
      expect(coupon.status).toBe("USED")
      expect(coupon.coupon_type).toBe("CUT_TO")
      expect("no_cash" in coupon).toBe(false)
      expect("singleitem" in coupon).toBe(false)
      expect(coupon.consume_information?.consume_mchid).toBe("1900000110")
      expect(coupon.consume_information?.goods_detail?.[0]?.discount_amount).toBe(1000)
      expect(coupon.normal_coupon_information?.transaction_minimum).toBe(10_000)
    })
  )

  it.effect("Coupon: an empty object decodes (nothing is always present); loose values decode", () =>
    Effect.gen(function* () {
      expect(yield* Schema.decodeUnknownEffect(Favor.Coupon)({})).toStrictEqual(new Favor.Coupon({}))
      const coupon = yield* Schema.decodeUnknownEffect(Favor.Coupon)({
        status: "RECOVER",
        coupon_type: "EXCHANGE_TO",
        no_cash: "false",
        available_balance: "8800",
        business_type: "MULTIUSE",
        singleitem_discount_off: { single_price_max: "5000" },
        discount_to: { cut_to_price: 100, max_price: 5000 },
        consume_information: { consume_amount: "1200", goods_detail: [{ quantity: "2" }] },
        unknown_key: 1
      })
      expect(coupon.status).toBe("RECOVER")
      expect(coupon.coupon_type).toBe("EXCHANGE_TO")
      expect(coupon.no_cash).toBe(false)
      expect(coupon.available_balance).toBe(8800)
      expect(coupon.singleitem_discount_off?.single_price_max).toBe(5000)
      expect(coupon.discount_to?.max_price).toBe(5000)
      expect(coupon.consume_information?.consume_amount).toBe(1200)
      expect(coupon.consume_information?.goods_detail?.[0]?.quantity).toBe(2)
      expect("unknown_key" in coupon).toBe(false)
    })
  )

  it.effect("ListCouponsByFilterResponse: the page decodes", () =>
    Effect.gen(function* () {
      const page = yield* Schema.decodeUnknownEffect(Favor.ListCouponsByFilterResponse)(
        fixture("favor-list-coupons-by-filter.response.json")
      )
      expect(page.total_count).toBe(2)
      expect(page.data?.map((c) => c.coupon_id)).toStrictEqual(["98674556", "98674557"])
      expect(page.data?.[1]?.available_balance).toBe(8800)
      const empty = yield* Schema.decodeUnknownEffect(Favor.ListCouponsByFilterResponse)({
        total_count: "0",
        limit: "20",
        offset: "0"
      })
      expect(empty).toStrictEqual(new Favor.ListCouponsByFilterResponse({ total_count: 0, limit: 20, offset: 0 }))
    })
  )

  it.effect("ListAvailableMerchantsResponse / ListAvailableSingleitemsResponse: string counters decode", () =>
    Effect.gen(function* () {
      const merchants = yield* Schema.decodeUnknownEffect(Favor.ListAvailableMerchantsResponse)(
        fixture("favor-list-available-merchants.response.json")
      )
      expect([merchants.total_count, merchants.offset, merchants.limit]).toStrictEqual([120, 1, 2])
      expect(merchants.data).toStrictEqual(["1900000109", "1900000110"])
      const items = yield* Schema.decodeUnknownEffect(Favor.ListAvailableSingleitemsResponse)({
        stock_id: "9865000",
        total_count: 200,
        offset: 10,
        limit: 10
      })
      expect(items.data).toBeUndefined()
      expect(
        yield* issues(Favor.ListAvailableSingleitemsResponse, { total_count: 1, offset: 0, limit: 1 })
      ).toStrictEqual([{ path: ["stock_id"], message: "Missing key" }])
    })
  )

  it.effect("state-change and send responses", () =>
    Effect.gen(function* () {
      const started = yield* Schema.decodeUnknownEffect(Favor.StartStockResponse)({
        start_time: "2030-05-20T13:29:35.120+08:00",
        stock_id: "9865000"
      })
      expect(started.start_time).toBe("2030-05-20T13:29:35.120+08:00")
      expect(yield* issues(Favor.StartStockResponse, { stock_id: "9865000" })).toStrictEqual([
        { path: ["start_time"], message: "Missing key" }
      ])
      const paused = yield* Schema.decodeUnknownEffect(Favor.PauseStockResponse)({
        pause_time: "2030-05-20T13:29:35+08:00",
        stock_id: "9865000",
        extra: true
      })
      expect(paused.pause_time).toBe("2030-05-20T13:29:35+08:00")
      // docs/sources/wechatpay-v3.md Q10: the 2020 page's restart example names the time pause_time; the stock id still decodes.
      const restarted = yield* Schema.decodeUnknownEffect(Favor.RestartStockResponse)({
        pause_time: "2030-05-20T13:29:35+08:00",
        stock_id: "9865000"
      })
      expect(restarted.restart_time).toBeUndefined()
      expect(restarted.stock_id).toBe("9865000")
      const stopped = yield* Schema.decodeUnknownEffect(Favor.StopStockResponse)({
        stop_time: "2030-05-20T13:29:35+08:00",
        stock_id: "9865000"
      })
      expect(stopped.stop_time).toBe("2030-05-20T13:29:35+08:00")
      const sent = yield* Schema.decodeUnknownEffect(Favor.SendCouponResponse)({ coupon_id: "9867041" })
      expect(sent.coupon_id).toBe("9867041")
      expect(yield* issues(Favor.SendCouponResponse, {})).toStrictEqual([
        { path: ["coupon_id"], message: "Missing key" }
      ])
    })
  )

  it.prop(
    "responses survive encode → JSON → decode, so a fake gateway can serve them",
    [
      Favor.Stock,
      Favor.Coupon,
      Favor.ListStocksResponse,
      Favor.ListCouponsByFilterResponse,
      Favor.ListAvailableMerchantsResponse,
      Favor.ListAvailableSingleitemsResponse,
      Favor.StartStockResponse,
      Favor.PauseStockResponse,
      Favor.RestartStockResponse,
      Favor.StopStockResponse,
      Favor.SendCouponResponse
    ],
    (values) => {
      const schemas: ReadonlyArray<AnySchema> = [
        Favor.Stock,
        Favor.Coupon,
        Favor.ListStocksResponse,
        Favor.ListCouponsByFilterResponse,
        Favor.ListAvailableMerchantsResponse,
        Favor.ListAvailableSingleitemsResponse,
        Favor.StartStockResponse,
        Favor.PauseStockResponse,
        Favor.RestartStockResponse,
        Favor.StopStockResponse,
        Favor.SendCouponResponse
      ]
      values.forEach((value, i) => {
        const schema = schemas[i]!
        expect(
          Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value))))
        ).toStrictEqual(value)
      })
    },
    { arbitrary: { runs: 20 } }
  )
})

describe("Favor batch and coupon endpoints", () => {
  const table: ReadonlyArray<
    readonly [Endpoint.Any, string, string, string, ReadonlyArray<string>, ReadonlyArray<string>]
  > = [
    [Favor.StartStock, "Favor.startStock", "POST", "/v3/marketing/favor/stocks/{stock_id}/start", ["stock_id"], []],
    [Favor.SendCoupon, "Favor.sendCoupon", "POST", "/v3/marketing/favor/users/{openid}/coupons", ["openid"], []],
    [Favor.PauseStock, "Favor.pauseStock", "POST", "/v3/marketing/favor/stocks/{stock_id}/pause", ["stock_id"], []],
    [
      Favor.RestartStock,
      "Favor.restartStock",
      "POST",
      "/v3/marketing/favor/stocks/{stock_id}/restart",
      ["stock_id"],
      []
    ],
    [Favor.StopStock, "Favor.stopStock", "POST", "/v3/marketing/favor/stocks/{stock_id}/stop", ["stock_id"], []],
    [
      Favor.ListStocks,
      "Favor.listStocks",
      "GET",
      "/v3/marketing/favor/stocks",
      [],
      ["offset", "limit", "stock_creator_mchid", "create_start_time", "create_end_time", "status"]
    ],
    [
      Favor.QueryStock,
      "Favor.queryStock",
      "GET",
      "/v3/marketing/favor/stocks/{stock_id}",
      ["stock_id"],
      ["stock_creator_mchid"]
    ],
    [
      Favor.QueryCoupon,
      "Favor.queryCoupon",
      "GET",
      "/v3/marketing/favor/users/{openid}/coupons/{coupon_id}",
      ["openid", "coupon_id"],
      ["appid"]
    ],
    [
      Favor.ListAvailableMerchants,
      "Favor.listAvailableMerchants",
      "GET",
      "/v3/marketing/favor/stocks/{stock_id}/merchants",
      ["stock_id"],
      ["offset", "limit", "stock_creator_mchid"]
    ],
    [
      Favor.ListAvailableSingleitems,
      "Favor.listAvailableSingleitems",
      "GET",
      "/v3/marketing/favor/stocks/{stock_id}/items",
      ["stock_id"],
      ["offset", "limit", "stock_creator_mchid"]
    ],
    [
      Favor.ListCouponsByFilter,
      "Favor.listCouponsByFilter",
      "GET",
      "/v3/marketing/favor/users/{openid}/coupons",
      ["openid"],
      [
        "appid",
        "stock_id",
        "status",
        "creator_mchid",
        "sender_mchid",
        "available_mchid",
        "offset",
        "limit",
        "business_type"
      ]
    ]
  ]

  for (const [endpoint, name, method, path, pathParams, query] of table) {
    it(`${name}: ${method} ${path}`, () => {
      expect(endpoint.name).toBe(name)
      expect(endpoint.family).toBe("Favor")
      expect(endpoint.method).toBe(method)
      expect(endpoint.path).toBe(path)
      expect(endpoint.pathParams).toStrictEqual(pathParams)
      expect(endpoint.query).toStrictEqual(query)
      expect(endpoint.errors).toBe(ApiError.FavorCreateCouponStockErrors)
      expect(endpoint.summary).toMatch(/\.$/)
      expect(endpoint.docs).toMatch(/^https:\/\//)
      expect(Favor.endpoints).toContain(endpoint)
      expect(endpoint.jsonSchema.request).toHaveProperty("$schema")
      expect(endpoint.jsonSchema.response).toHaveProperty("$schema")
    })
  }

  it("paging and idempotency", () => {
    expect(Favor.ListStocks.pagination).toStrictEqual({
      style: "page",
      offset: "offset",
      limit: "limit",
      maxLimit: 10,
      items: "data",
      total: "total_count"
    })
    expect(Favor.ListAvailableMerchants.pagination).toMatchObject({ style: "page", maxLimit: 50 })
    expect(Favor.ListAvailableSingleitems.pagination).toMatchObject({ style: "page", maxLimit: 100 })
    expect(Favor.ListCouponsByFilter.pagination).toMatchObject({ style: "page", maxLimit: 20 })
    expect(Favor.SendCoupon.idempotency).toStrictEqual({
      key: "out_request_no",
      scope: [],
      conflict: "INVALID_REQUEST"
    })
    expect(Favor.StartStock.idempotency).toBeUndefined()
    expect(Favor.QueryStock.response).toBe(Favor.Stock)
    expect(Favor.QueryCoupon.response).toBe(Favor.Coupon)
    expect(Favor.endpoints.map((e) => e.operation)).toEqual(
      expect.arrayContaining([
        "createCouponStock",
        "startStock",
        "sendCoupon",
        "pauseStock",
        "restartStock",
        "stopStock",
        "listStocks",
        "queryStock",
        "queryCoupon",
        "listAvailableMerchants",
        "listAvailableSingleitems",
        "listCouponsByFilter"
      ])
    )
  })

  it("the request JSON Schemas carry the limits", () => {
    expect(Favor.ListAvailableMerchants.jsonSchema.request).toMatchObject({
      definitions: {
        "Favor.ListAvailableMerchantsRequest": {
          properties: { offset: { minimum: 0, maximum: 1000 }, limit: { minimum: 1, maximum: 50 } },
          additionalProperties: false
        }
      }
    })
  })
})
