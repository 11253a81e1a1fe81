import { describe, expect, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as ApiError from "../src/ApiError.js"
import * as Busifavor from "../src/Busifavor.js"
import * as Endpoint from "../src/Endpoint.js"
import * as Favor from "../src/Favor.js"
import * as Ids from "../src/Ids.js"
import * as Package from "../src/index.js"
import * as Time from "../src/Time.js"
import { expectEquivalent, fixture, jsonRoundTrip, withPath } from "./support.js"

const modules = { ApiError, Busifavor, Favor, Ids, Time }

/**
 * The node at `path` in a draft-07 JSON Schema document, each `$ref` on the way and at the end followed into the
 * document's `definitions` (the documents name every identified schema once and refer to it).
 */
const at = (document: object, ...path: ReadonlyArray<string | number>): unknown => {
  const definitions = (document as { readonly definitions?: Record<string, unknown> }).definitions ?? {}
  const deref = (node: unknown): unknown => {
    let current = node
    while (typeof current === "object" && current !== null && "$ref" in current) {
      const ref = String(current.$ref)
      current = definitions[ref.replace("#/definitions/", "")]
      if (current === undefined) throw new Error(`no definition for ${ref}`)
    }
    return current
  }
  return deref(
    path.reduce<unknown>((node, key) => {
      const next = (deref(node) as Record<string | number, unknown> | undefined)?.[key]
      if (next === undefined) throw new Error(`nothing at ${path.join("/")}`)
      return next
    }, document)
  )
}

const stockName = "must be at most 9 CJK characters or 20 letters (a CJK character counts as 20/9 letters)"

describe("JSON Schema", () => {
  it("can be generated for every exported schema", () => {
    const generated = Object.entries(modules).flatMap(([module, exports]) =>
      Object.entries(exports)
        .filter(([, value]) => Schema.isSchema(value))
        .map(([name, value]) => [
          `${module}.${name}`,
          Schema.isSchema(value) ? typeof Schema.toJsonSchemaDocument(value).schema : ""
        ])
    )
    expect(generated.length).toBeGreaterThan(50)
    expect(generated.filter(([, type]) => type !== "object")).toStrictEqual([])
  })

  it("describes the wire: limits on requests, tolerant shapes on responses", () => {
    const request = Favor.CreateCouponStock.jsonSchema.request
    expect(request.$schema).toBe("http://json-schema.org/draft-07/schema#")
    expect(request.$ref).toBe("#/definitions/Favor.CreateCouponStockRequest")
    expect(at(request)).toMatchObject({
      required: [
        "stock_name",
        "belong_merchant",
        "available_begin_time",
        "available_end_time",
        "stock_use_rule",
        "coupon_use_rule",
        "no_cash",
        "stock_type",
        "out_request_no"
      ],
      properties: {
        out_request_no: { minLength: 1, maxLength: 128, allOf: [{ pattern: "^[0-9A-Za-z|_*-]*$" }] }
      },
      additionalProperties: false
    })
    expect(at(Busifavor.QueryStock.jsonSchema.request, "properties", "stock_id")).toMatchObject({
      minLength: 1,
      maxLength: 20
    })

    const stock = Busifavor.QueryStock.jsonSchema.response
    expect(at(stock)).toMatchObject({ additionalProperties: true })
    expect(at(stock, "properties", "stock_state")).toMatchObject({
      anyOf: [{ enum: ["UNAUDIT", "RUNNING", "STOPED", "PAUSED"] }, { type: "string" }]
    })
    const week = [
      "properties",
      "coupon_use_rule",
      "properties",
      "coupon_available_time",
      "properties",
      "available_week"
    ]
    expect(at(stock, ...week, "anyOf", 1)).toStrictEqual({ type: "null" })
    expect(at(stock, ...week, "anyOf", 0)).toMatchObject({ additionalProperties: true })
    expect(at(stock, ...week, "anyOf", 0, "properties", "week_day")).toStrictEqual({
      anyOf: [
        { type: "array", items: { anyOf: [{ type: "number" }, { type: "string", pattern: "^-?\\d+$" }] } },
        { type: "null" }
      ]
    })
    expect(at(Busifavor.QueryCoupon.jsonSchema.response, "properties", "transferable")).toStrictEqual({
      anyOf: [{ type: "boolean" }, { type: "string", enum: ["true", "false"] }, { type: "null" }]
    })

    const created = Favor.CreateCouponStock.jsonSchema.response
    expect(created.$ref).toBe("#/definitions/Favor.CreateCouponStockResponseEncoded")
    expect(at(created)).toMatchObject({ required: ["stock_id", "create_time"], additionalProperties: true })
  })
})

describe("Standard Schema", () => {
  it("validates a request without Effect", () => {
    const standard = Favor.CreateCouponStock.standard.request["~standard"]
    const wire = fixture("favor-create-coupon-stock.request.json")
    expect(standard.vendor).toBe("effect")
    expect(standard.version).toBe(1)
    expect(standard.validate(wire)).toStrictEqual({ value: wire })
    expect(standard.validate(withPath(wire, ["stock_name"], "券".repeat(10)))).toStrictEqual({
      issues: [{ path: ["stock_name"], message: stockName }]
    })
  })

  it("rejects an unknown key in a request, as request validation does", () => {
    const standard = Favor.CreateCouponStock.standard.request["~standard"]
    const result = standard.validate(withPath(fixture("favor-create-coupon-stock.request.json"), ["stock_nmae"], "x"))
    expect(result).toHaveProperty("issues", [{ path: ["stock_nmae"], message: "Expected no excess property" }])
  })

  it("decodes a response without Effect", () => {
    const result = Busifavor.QueryStock.standard.response["~standard"].validate(
      fixture("busifavor-query-stock.response.json")
    )
    expect(result).toHaveProperty("value.stock_state", "RUNNING")
    expect(result).toHaveProperty("value.coupon_use_rule.coupon_available_time.available_week.week_day", [1, 2])
  })
})

describe("package entry", () => {
  it("re-exports every module as a namespace", () => {
    expect(Object.keys(Package).sort()).toStrictEqual([
      "ApiError",
      "Busifavor",
      "Endpoint",
      "Endpoints",
      "Favor",
      "Ids",
      "PartnerProductCoupon",
      "ProductCoupon",
      "Time"
    ])
    expect(Package.Busifavor.QueryStockResponse).toBe(Busifavor.QueryStockResponse)
    expect(Package.Favor.CreateCouponStock.errors).toBe(ApiError.FavorCreateCouponStockErrors)
  })
})

describe("README claims", () => {
  it("formats a failure with its path and rule", () => {
    const input = withPath(fixture("favor-create-coupon-stock.request.json"), ["stock_name"], "券".repeat(10))
    expect(Endpoint.decodeRequest(Favor.CreateCouponStock, input)).toStrictEqual(
      Result.fail([{ path: "/stock_name", message: stockName }])
    )
    const result = Schema.decodeUnknownResult(Favor.CreateCouponStockRequest, Endpoint.requestParseOptions)(input)
    expect(Result.isFailure(result) && Endpoint.issuesOf(result.failure.issue)).toStrictEqual([
      { path: "/stock_name", message: stockName }
    ])
  })
})

describe("responses", () => {
  it.prop(
    "survive encode → JSON → decode, so a fake gateway can serve them",
    [
      Busifavor.QueryStockResponse,
      Busifavor.QueryCouponResponse,
      Favor.CreateCouponStockResponse,
      ApiError.ApiErrorBody
    ],
    ([stock, coupon, created, error]) => {
      expectEquivalent(Busifavor.QueryStockResponse, jsonRoundTrip(Busifavor.QueryStockResponse, stock), stock)
      expectEquivalent(Busifavor.QueryCouponResponse, jsonRoundTrip(Busifavor.QueryCouponResponse, coupon), coupon)
      expectEquivalent(
        Favor.CreateCouponStockResponse,
        jsonRoundTrip(Favor.CreateCouponStockResponse, created),
        created
      )
      expectEquivalent(ApiError.ApiErrorBody, jsonRoundTrip(ApiError.ApiErrorBody, error), error)
    },
    { arbitrary: { runs: 50 } }
  )
})
