import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc, ParseResult, Schema } from "effect"
import { Busifavor, Compiled, Endpoints, Favor } from "../src/index.js"
import { fixture } from "./support.js"

/**
 * Where two decoded values differ, as a path, or `undefined`: `Object.is` on leaves, the same prototype and the same
 * own keys in the same order on objects (what `toStrictEqual` does not check: key order).
 */
const difference = (a: unknown, b: unknown, path = ""): string | undefined => {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    return Object.is(a, b) ? undefined : `${path || "/"}: ${String(a)} ≠ ${String(b)}`
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path || "/"}: another prototype`
  const keysA = Reflect.ownKeys(a)
  const keysB = Reflect.ownKeys(b)
  if (keysA.join() !== keysB.join()) return `${path || "/"}: keys [${keysA.join()}] ≠ [${keysB.join()}]`
  for (const key of keysA) {
    const found = difference(
      (a as Record<PropertyKey, unknown>)[key],
      (b as Record<PropertyKey, unknown>)[key],
      `${path}/${String(key)}`
    )
    if (found !== undefined) return found
  }
  return undefined
}

/** The compiled decode answers exactly as the full decode: the same value (prototypes, key order) or a failure. */
const expectAgreement = <A, I>(schema: Schema.Schema<A, I>, input: unknown): void => {
  const full = Schema.decodeUnknownEither(schema)(input)
  const compiled = Compiled.decodeUnknownEither(schema)(input)
  if (Compiled.isCanonical(schema)(input)) expect(Either.isRight(full)).toBe(true)
  if (Either.isLeft(full)) {
    expect(Either.isLeft(compiled)).toBe(true)
    return
  }
  expect(Either.isRight(compiled)).toBe(true)
  if (Either.isRight(compiled)) {
    expect(compiled.right).toStrictEqual(full.right)
    expect(difference(compiled.right, full.right)).toBeUndefined()
  }
}

const wireOf = <A, I>(schema: Schema.Schema<A, I>, value: A): unknown =>
  JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value)) ?? "null")

/** Every path to a value inside a JSON value (objects' keys and arrays' indexes), the root excluded. */
const pathsOf = (value: unknown, prefix: ReadonlyArray<string | number> = []): Array<Array<string | number>> => {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])])
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])])
  }
  return []
}

const REMOVE = Symbol("remove")
const EXCESS = Symbol("excess")

/** `value` with the value at `path` replaced, removed, or given an excess sibling key. */
const mutate = (value: unknown, path: ReadonlyArray<string | number>, next: unknown): unknown => {
  const copy: unknown = structuredClone(value)
  if (path.length === 0) return next === REMOVE || next === EXCESS ? copy : next
  let cursor = copy as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (next === REMOVE) {
    if (Array.isArray(cursor)) cursor.splice(Number(last), 1)
    else delete cursor[last]
  } else if (next === EXCESS) {
    if (!Array.isArray(cursor)) cursor.zz_excess = 1
  } else {
    cursor[last] = next
  }
  return copy
}

/** A swap for one value: another JSON type, a tolerant shape (numeric string, "true", null), or any JSON value. */
const replacement = fc.oneof(
  fc.constantFrom<unknown>(REMOVE, EXCESS, null, "1", 1, 1.5, -1, 0, true, false, "true", "false", "", "x", [], {}),
  fc.constantFrom<unknown>(["1", "2"], [1, 2], [null], [{}], { a: 1 }, 2 ** 53, "-3", "1.5", "Color999"),
  fc.jsonValue({ maxDepth: 2 })
)

/** A canonical wire value (`encode` of an `Arbitrary` value, through JSON) with one value swapped. */
const mutatedWire = <A, I>(schema: Schema.Schema<A, I>) =>
  Arbitrary.make(schema).chain((value) => {
    const wire = wireOf(schema, value)
    const paths: Array<ReadonlyArray<string | number>> = [[], ...pathsOf(wire)]
    return fc.tuple(fc.nat({ max: paths.length - 1 }), replacement).map(([i, next]) => mutate(wire, paths[i]!, next))
  })

const schemasOf = Endpoints.all.flatMap((endpoint) => [
  { name: `${endpoint.name} response`, schema: endpoint.response as Schema.Schema<unknown, unknown> },
  { name: `${endpoint.name} request`, schema: endpoint.request as Schema.Schema<unknown, unknown> }
])

describe("Compiled.decodeUnknownEither agrees with Schema.decodeUnknownEither", () => {
  for (const { name, schema } of schemasOf) {
    it(name, () => {
      // Canonical wire forms: the compiled check answers for every one of them, with the full decode's value.
      fc.assert(
        fc.property(Arbitrary.make(schema), (value) => {
          const wire = wireOf(schema, value)
          expect(Compiled.isCanonical(schema)(wire)).toBe(true)
          expectAgreement(schema, wire)
        }),
        { numRuns: 40 }
      )
      // Any encoded form (numeric strings, "true"/"false", nulls, bare strings where an array is expected, …).
      fc.assert(
        fc.property(Arbitrary.make(Schema.encodedSchema(schema)), (wire) =>
          expectAgreement(schema, JSON.parse(JSON.stringify(wire) ?? "null"))
        ),
        { numRuns: 40 }
      )
      // Canonical forms with one value swapped for another type, removed, or given an excess key.
      fc.assert(
        fc.property(mutatedWire(schema), (input) => expectAgreement(schema, input)),
        { numRuns: 60 }
      )
      // Anything at all.
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (input) => expectAgreement(schema, input)),
        { numRuns: 20 }
      )
    })
  }
})

describe("Compiled: which inputs the compiled check answers", () => {
  const week = (week_day: unknown) => ({ week_day, available_day_time: [{ begin_time: 36000, end_time: 50399 }] })

  it("week_day as numbers is canonical; as numeric strings it goes to the full decode and decodes to numbers", () => {
    const canonical = Compiled.isCanonical(Busifavor.AvailableWeek)
    const decode = Compiled.decodeUnknownEither(Busifavor.AvailableWeek)
    expect(canonical(week([1, 2]))).toBe(true)
    expect(canonical(week(["1", "2"]))).toBe(false)
    const tolerant = Either.getOrThrow(decode(week(["1", "2"])))
    expect(tolerant).toBeInstanceOf(Busifavor.AvailableWeek)
    expect(tolerant.week_day).toStrictEqual([1, 2])
    expect(tolerant).toStrictEqual(Either.getOrThrow(decode(week([1, 2]))))
    expectAgreement(Busifavor.AvailableWeek, week(["1", "2"]))
  })

  it("the fast path builds the classes, drops unknown keys and keeps the schema's key order", () => {
    const decode = Compiled.decodeUnknownEither(Busifavor.AvailableWeek)
    const input = { zz: 1, available_day_time: [{ end_time: 2, begin_time: 1, extra: true }], week_day: [3] }
    expect(Compiled.isCanonical(Busifavor.AvailableWeek)(input)).toBe(true)
    const week = Either.getOrThrow(decode(input))
    expect(week).toBeInstanceOf(Busifavor.AvailableWeek)
    expect(week.available_day_time?.[0]).toBeInstanceOf(Busifavor.AvailableDayTime)
    expect(Reflect.ownKeys(week)).toStrictEqual(["week_day", "available_day_time"])
    expect(Reflect.ownKeys(week.available_day_time![0]!)).toStrictEqual(["begin_time", "end_time"])
    expectAgreement(Busifavor.AvailableWeek, input)
  })

  it("null for an optional key, a boolean as a string, a bare trade_type string: the full decode", () => {
    expect(Compiled.isCanonical(Busifavor.AvailableDayTime)({ begin_time: null })).toBe(false)
    expectAgreement(Busifavor.AvailableDayTime, { begin_time: null })
    const rule = { max_coupons_per_user: 1, transferable: "true" }
    expect(Compiled.isCanonical(Busifavor.StockSendRule)(rule)).toBe(false)
    expect(Compiled.isCanonical(Busifavor.StockSendRule)({ ...rule, transferable: true })).toBe(true)
    expectAgreement(Busifavor.StockSendRule, rule)
    const stockRule = { max_coupons: 1, max_amount: 100, max_coupons_per_user: 1 }
    expect(Compiled.isCanonical(Favor.StockUseRuleInfo)({ ...stockRule, trade_type: ["APPPAY"] })).toBe(true)
    expect(Compiled.isCanonical(Favor.StockUseRuleInfo)({ ...stockRule, trade_type: "APPPAY" })).toBe(false)
    expectAgreement(Favor.StockUseRuleInfo, { ...stockRule, trade_type: "APPPAY" })
  })

  it("an invalid body fails with the full decode's error", () => {
    const body = { stock_id: 1, create_time: "2015-05-20T13:29:35.120+08:00" }
    const compiled = Compiled.decodeUnknownEither(Favor.CreateCouponStockResponse)(body)
    const full = Schema.decodeUnknownEither(Favor.CreateCouponStockResponse)(body)
    expect(Either.isLeft(compiled)).toBe(true)
    expect(
      Either.isLeft(compiled) && Either.isLeft(full) && ParseResult.TreeFormatter.formatErrorSync(compiled.left)
    ).toBe(Either.isLeft(full) && ParseResult.TreeFormatter.formatErrorSync(full.left))
  })

  it("a request: an excess key or a failing filter is the full decode's error; a valid one is canonical", () => {
    const request = fixture("favor-create-coupon-stock.request.json")
    expect(Compiled.isCanonical(Favor.CreateCouponStockRequest)(request)).toBe(true)
    expectAgreement(Favor.CreateCouponStockRequest, request)
    const excess = { ...(request as object), zz: 1 }
    expect(Compiled.isCanonical(Favor.CreateCouponStockRequest)(excess)).toBe(false)
    expect(Either.isLeft(Compiled.decodeUnknownEither(Favor.CreateCouponStockRequest)(excess))).toBe(true)
    const badTime = { ...(request as object), available_begin_time: "2015-05-20 13:29:35" }
    expect(Compiled.isCanonical(Favor.CreateCouponStockRequest)(badTime)).toBe(false)
    expectAgreement(Favor.CreateCouponStockRequest, badTime)
  })

  it("a union member that could still succeed through a transformation sends the input to the full decode", () => {
    // The full decode takes NumberFromString for "1" (→ 1); the check must not answer "1" from the String member.
    const schema = Schema.Union(Schema.NumberFromString, Schema.String)
    expect(Compiled.isCanonical(schema)("1")).toBe(false)
    expect(Compiled.decodeUnknownEither(schema)("1")).toStrictEqual(Either.right(1))
    // A member that fails without any transformation is skipped, as the full decode skips it.
    const canonicalFirst = Schema.Union(Schema.Number, Schema.NumberFromString)
    expect(Compiled.isCanonical(canonicalFirst)(1)).toBe(true)
    expect(Compiled.isCanonical(canonicalFirst)("1")).toBe(false)
    expect(Compiled.decodeUnknownEither(canonicalFirst)("1")).toStrictEqual(Either.right(1))
  })

  it("what it never answers: other transformations and declarations, suspensions, literal-keyed unions", () => {
    const never = [
      [Schema.NumberFromString, "1"],
      [Schema.DateFromSelf, new Date(0)],
      [Schema.suspend((): Schema.Schema<string> => Schema.String), "a"],
      [
        Schema.Union(Schema.Struct({ kind: Schema.Literal("a") }), Schema.Struct({ kind: Schema.Literal("b") })),
        { kind: "a" }
      ],
      [Schema.Struct({ a: Schema.String }).annotations({ parseOptions: { onExcessProperty: "preserve" } }), { a: "" }],
      [Schema.TemplateLiteral("a", Schema.String), "ab"]
    ] as const
    for (const [schema, input] of never) {
      expect(Compiled.isCanonical(schema as Schema.Schema<unknown, unknown>)(input)).toBe(false)
      expectAgreement(schema as Schema.Schema<unknown, unknown>, input)
    }
  })

  it("what it answers: keywords, literals, enums, tuples, records, compose, renamed and defaulted keys", () => {
    enum Color {
      Red = "red"
    }
    const cases = [
      [Schema.Tuple(Schema.String, Schema.optionalElement(Schema.Number)), ["a"]],
      [Schema.Tuple([Schema.String], Schema.Number, Schema.Boolean), ["a", 1, 2, true]],
      [Schema.Record({ key: Schema.String, value: Schema.Number }), { a: 1, b: 2 }],
      [
        Schema.Struct({ a: Schema.Number }, Schema.Record({ key: Schema.String, value: Schema.Number })),
        { b: 2, a: 1 }
      ],
      [Schema.Enums(Color), "red"],
      [Schema.compose(Schema.Union(Schema.Number, Schema.NumberFromString), Schema.Int), 3],
      [Schema.Struct({ a: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("b")) }), { b: "x" }],
      [Schema.Struct({ a: Schema.optionalWith(Schema.Number, { default: () => 7 }) }), {}],
      [Schema.Struct({ a: Schema.Unknown }), {}]
    ] as const
    for (const [schema, input] of cases) {
      expect(Compiled.isCanonical(schema as Schema.Schema<unknown, unknown>)(input)).toBe(true)
      expectAgreement(schema as Schema.Schema<unknown, unknown>, input)
    }
  })
})
