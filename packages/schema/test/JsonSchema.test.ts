import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Ajv, type ValidateFunction } from "ajv"
import formats from "ajv-formats"
import { Arbitrary, Effect, Result, Schema } from "effect"
import * as Busifavor from "../src/Busifavor.js"
import * as Endpoint from "../src/Endpoint.js"
import * as Endpoints from "../src/Endpoints.js"
import * as Favor from "../src/Favor.js"
import { fixture, remove, withPath } from "./support.js"

/**
 * Rules the Effect schemas check that a draft-07 JSON Schema cannot state: the JSON Schema accepts what breaks them.
 * The schema package README lists the same rules under "JSON Schema: what it cannot express".
 */
const inexpressible = {
  weightedLength: "a length where a CJK character weighs more than a letter (代金券 stock_name)",
  crossField: "a rule over several fields",
  jsonText: "a string that must hold JSON text (ext_info)"
} as const

/** A caching draft-07 validator; `unicodeRegExp: false` compiles patterns without the `u` flag, as older validators. */
const validator = (unicodeRegExp: boolean) => {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, unicodeRegExp })
  formats.default(ajv)
  const cache = new Map<object, ValidateFunction>()
  return (schema: object): ValidateFunction => {
    const cached = cache.get(schema)
    if (cached !== undefined) return cached
    const validate = ajv.compile(schema)
    cache.set(schema, validate)
    return validate
  }
}

const compile = validator(true)
const validators = [compile, validator(false)]

const acceptedByEffect = (endpoint: Endpoint.Any, input: unknown): boolean =>
  Result.isSuccess(Endpoint.decodeRequest(endpoint, input))

/**
 * Discard budgets above effect's default (ten per value, at least 100) for requests whose generated bodies seldom pass
 * their whole-body rules: about 1 in 50 generated 创建商家券 bodies does (its coupon rule matching its stock_type, its
 * times in order), so its 15 samples take between 750 and 1000 discards at seed 17. The samples stay generated from
 * the schema alone, rather than built from a fixture with generated leaves.
 */
const maxDiscards: Partial<Record<string, number>> = { [Busifavor.CreateStock.name]: 2000 }

const acceptedByJsonSchema = (endpoint: Endpoint.Any, input: unknown): ReadonlyArray<boolean> =>
  validators.map((compileWith) => compileWith(endpoint.jsonSchema.request)(input))

describe("JSON Schema (draft-07, checked with Ajv)", () => {
  it.each(Endpoints.all)("$name: its request and response JSON Schemas compile in strict mode", (endpoint) => {
    for (const compileWith of validators) {
      expect(() => compileWith(endpoint.jsonSchema.request), endpoint.name).not.toThrow()
      expect(() => compileWith(endpoint.jsonSchema.response), endpoint.name).not.toThrow()
    }
  })

  it("no $ref has validation keywords beside it (draft-07 validators ignore them)", () => {
    const inert = new Set(["$ref", "$schema", "definitions", "title", "description", "examples", "default", "$comment"])
    const offending: Array<string> = []
    const walk = (where: string, node: unknown): void => {
      if (typeof node !== "object" || node === null) return
      if ("$ref" in node && Object.keys(node).some((key) => !inert.has(key))) offending.push(where)
      for (const [key, value] of Object.entries(node)) walk(`${where}/${key}`, value)
    }
    for (const endpoint of Endpoints.all) {
      walk(`${endpoint.name} request`, endpoint.jsonSchema.request)
      walk(`${endpoint.name} response`, endpoint.jsonSchema.response)
    }
    expect(offending).toStrictEqual([])
  })

  it.effect.each(Endpoints.all)("$name: accepts the valid requests the Effect schema generates", (endpoint) =>
    Effect.gen(function* () {
      const encode = Schema.encodeSync(endpoint.request as Schema.Codec<unknown, unknown>)
      const samples = yield* Arbitrary.sampleEffect(Arbitrary.schema(endpoint.request), {
        count: 15,
        seed: 17,
        maxDiscards: maxDiscards[endpoint.name]
      })
      const wires = samples.map((value) => encode(value))
      expect(wires.filter((wire) => !acceptedByEffect(endpoint, wire))).toStrictEqual([])
      expect(wires.filter((wire) => acceptedByJsonSchema(endpoint, wire).includes(false))).toStrictEqual([])
    })
  )

  const busifavorStock = fixture("busifavor-create-stock.request.json")
  const favorStock = fixture("favor-create-coupon-stock.request.json")
  const listCoupons = { openid: "o4GgauInH_RCEdvrrNGrntXDu6D4", appid: "wx233544546545989", creator_mchid: "9856000" }

  interface Case {
    readonly name: string
    readonly endpoint: Endpoint.Any
    readonly input: unknown
    /** What the Effect schema says. */
    readonly valid: boolean
    /** The rule JSON Schema cannot express: the JSON Schema accepts this invalid input. */
    readonly inexpressible?: keyof typeof inexpressible
  }

  const limits = (
    endpoint: Endpoint.Any,
    base: unknown,
    path: ReadonlyArray<string | number>,
    atLimit: unknown,
    pastLimit: unknown
  ): ReadonlyArray<Case> => [
    {
      name: `${path.join(".")} = ${JSON.stringify(atLimit)}`,
      endpoint,
      input: withPath(base, path, atLimit),
      valid: true
    },
    {
      name: `${path.join(".")} = ${JSON.stringify(pastLimit)}`,
      endpoint,
      input: withPath(base, path, pastLimit),
      valid: false
    }
  ]

  const cases: ReadonlyArray<Case> = [
    // text length in characters (code points), CJK counting one
    ...limits(Busifavor.CreateStock, busifavorStock, ["stock_name"], "券".repeat(21), "券".repeat(22)),
    ...limits(Busifavor.CreateStock, busifavorStock, ["comment"], "a券".repeat(10), `${"a券".repeat(10)}b`),
    ...limits(Favor.CreateCouponStock, favorStock, ["stock_name"], "a".repeat(20), "a".repeat(21)),
    ...limits(Favor.CreateCouponStock, favorStock, ["out_request_no"], "a".repeat(128), "a".repeat(129)),
    // lengths of a branded id (a $ref beside its limits)
    ...limits(Busifavor.CreateStock, busifavorStock, ["belong_merchant"], "1".repeat(15), "1".repeat(16)),
    ...limits(Busifavor.CreateStock, busifavorStock, ["belong_merchant"], "1".repeat(8), "1".repeat(7)),
    // 4-byte UTF-8: an emoji, a supplementary CJK ideograph, a lone surrogate
    ...limits(Busifavor.CreateStock, busifavorStock, ["comment"], "开学季满减", "开学季😀"),
    ...limits(Favor.CreateCouponStock, favorStock, ["comment"], "零售批次", "零售𠀀"),
    ...limits(Favor.CreateCouponStock, favorStock, ["comment"], "零售批次", "零售\uD83D"),
    // patterns
    ...limits(Favor.CreateCouponStock, favorStock, ["out_request_no"], "A-z_0|9*", "A-z_0|9*#"),
    ...limits(Favor.CreateCouponStock, favorStock, ["stock_name"], "满减券", "满减_券"),
    ...limits(Busifavor.SetCouponNotify, {}, ["notify_url"], "https://a.example/n", "http://a.example/n"),
    ...limits(Favor.SetCallback, { mchid: "9856888" }, ["notify_url"], "HTTPS://a.example/n", "https://a example/n"),
    ...limits(Favor.UploadImage, { sha256: "0".repeat(64) }, ["filename"], "logo.JPEG", "logo.gif"),
    // request times: the documented shapes, a real date
    ...limits(
      Favor.CreateCouponStock,
      favorStock,
      ["available_begin_time"],
      "2015-05-20T13:29:35Z",
      "2015-05-20 13:29:35+08:00"
    ),
    ...limits(
      Favor.CreateCouponStock,
      favorStock,
      ["available_begin_time"],
      "2015-05-20T13:29:35.120+08:00",
      "2015-02-30T13:29:35.120+08:00"
    ),
    // integer ranges and integers
    ...limits(Busifavor.CreateStock, busifavorStock, ["stock_send_rule", "max_coupons_per_user"], 100, 101),
    ...limits(Busifavor.CreateStock, busifavorStock, ["stock_send_rule", "max_coupons_per_user"], 1, 0),
    ...limits(Busifavor.CreateStock, busifavorStock, ["stock_send_rule", "max_coupons_per_user"], 2, 2.5),
    ...limits(
      Busifavor.CreateStock,
      busifavorStock,
      ["coupon_use_rule", "coupon_available_time", "available_day_after_receive"],
      365,
      366
    ),
    ...limits(
      Busifavor.CreateStock,
      busifavorStock,
      ["coupon_use_rule", "fixed_normal_coupon", "discount_amount"],
      1,
      0
    ),
    ...limits(Favor.CreateCouponStock, favorStock, ["stock_use_rule", "max_coupons_per_user"], 100, 101),
    // enums
    ...limits(Busifavor.CreateStock, busifavorStock, ["coupon_use_rule", "use_method"], "OFF_LINE", "OFFLINE"),
    ...limits(Favor.CreateCouponStock, favorStock, ["pattern_info", "background_color"], "Color010", "Color999"),
    // array sizes
    ...limits(
      Busifavor.CreateStock,
      busifavorStock,
      ["coupon_use_rule", "coupon_available_time", "available_week", "available_day_time"],
      Array.from({ length: 3 }, () => ({ begin_time: 36000, end_time: 79200 })),
      Array.from({ length: 4 }, () => ({ begin_time: 36000, end_time: 79200 }))
    ),
    ...limits(Favor.CreateCouponStock, favorStock, ["coupon_use_rule", "limit_pay"], ["ICBC_CREDIT"], []),
    ...limits(Favor.CreateCouponStock, favorStock, ["coupon_use_rule", "limit_pay"], ["ICBC_CREDIT"], ["A", "B"]),
    ...limits(
      Favor.CreateCouponStock,
      favorStock,
      ["coupon_use_rule", "goods_tag"],
      Array.from({ length: 50 }, (_, i) => `tag${i}`),
      Array.from({ length: 51 }, (_, i) => `tag${i}`)
    ),
    // required fields and unknown keys
    ...limits(Busifavor.CreateStock, busifavorStock, ["stock_name"], "券", remove),
    ...limits(Busifavor.CreateStock, busifavorStock, ["stock_send_rule", "max_coupons"], 1, remove),
    ...limits(Busifavor.CreateStock, busifavorStock, ["goods_name"], "全场饮品可用", 1),
    ...limits(Favor.CreateCouponStock, favorStock, ["stock_name"], "满减券", null),
    { name: "an unknown key", endpoint: Favor.CreateCouponStock, input: withPath(favorStock, ["x"], 1), valid: false },
    {
      name: "an unknown nested key",
      endpoint: Busifavor.CreateStock,
      input: withPath(busifavorStock, ["stock_send_rule", "x"], 1),
      valid: false
    },
    // what JSON Schema cannot express
    {
      name: "stock_name of 10 CJK characters (9 at most, though 20 letters pass)",
      endpoint: Favor.CreateCouponStock,
      input: withPath(favorStock, ["stock_name"], "券".repeat(10)),
      valid: false,
      inexpressible: "weightedLength"
    },
    {
      name: "available_end_time before available_begin_time",
      endpoint: Favor.CreateCouponStock,
      input: withPath(favorStock, ["available_end_time"], "2015-05-19T13:29:35.120+08:00"),
      valid: false,
      inexpressible: "crossField"
    },
    {
      name: "stock_type DISCOUNT with a fixed_normal_coupon rule",
      endpoint: Busifavor.CreateStock,
      input: withPath(busifavorStock, ["stock_type"], "DISCOUNT"),
      valid: false,
      inexpressible: "crossField"
    },
    {
      name: "no merchant filter",
      endpoint: Favor.ListCouponsByFilter,
      input: withPath(listCoupons, ["creator_mchid"], remove),
      valid: false,
      inexpressible: "crossField"
    },
    {
      name: "ext_info that is not JSON text",
      endpoint: Favor.CreateCouponStock,
      input: withPath(favorStock, ["ext_info"], "{'exinfo1':'1234'}"),
      valid: false,
      inexpressible: "jsonText"
    }
  ]

  it.each(cases)("$endpoint.name: $name", ({ endpoint, input, inexpressible: rule, valid }) => {
    expect(acceptedByEffect(endpoint, input)).toBe(valid)
    expect(acceptedByJsonSchema(endpoint, input)).toStrictEqual(rule === undefined ? [valid, valid] : [true, true])
  })

  it("lists each inexpressible rule in a case and in the README", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    expect(readme).toContain("## JSON Schema: what it cannot express")
    expect(new Set(cases.flatMap((c) => (c.inexpressible === undefined ? [] : [c.inexpressible])))).toStrictEqual(
      new Set(Object.keys(inexpressible))
    )
  })

  it("allows unknown keys in responses", () => {
    const response = withPath(fixture("busifavor-query-stock.response.json"), ["new_field"], { x: 1 })
    expect(Result.isSuccess(Endpoint.decodeResponse(Busifavor.QueryStock, response))).toBe(true)
    expect(compile(Busifavor.QueryStock.jsonSchema.response)(response)).toBe(true)
  })
})
