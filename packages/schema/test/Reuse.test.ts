import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import { Either, JSONSchema, ParseResult, Schema } from "effect"
import * as ApiError from "../src/ApiError.js"
import * as Busifavor from "../src/Busifavor.js"
import * as Favor from "../src/Favor.js"
import * as Ids from "../src/Ids.js"
import * as Package from "../src/index.js"
import * as Time from "../src/Time.js"
import { fixture, withPath } from "./support.js"

const modules = { ApiError, Busifavor, Favor, Ids, Time }

describe("JSON Schema", () => {
  it("can be generated for every exported schema", () => {
    const generated = Object.entries(modules).flatMap(([module, exports]) =>
      Object.entries(exports)
        .filter(([, value]) => Schema.isSchema(value))
        .map(([name, value]) => [`${module}.${name}`, Schema.isSchema(value) ? typeof JSONSchema.make(value) : ""])
    )
    expect(generated.length).toBeGreaterThan(50)
    expect(generated.filter(([, type]) => type !== "object")).toStrictEqual([])
  })

  it("describes the wire: limits on requests, tolerant shapes on responses", () => {
    const request = Favor.CreateCouponStock.jsonSchema.request
    expect(request.$defs?.["Favor.CreateCouponStockRequest"]).toMatchObject({
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
      properties: { out_request_no: { minLength: 1, maxLength: 128, pattern: "^[0-9A-Za-z|_*-]+$" } },
      additionalProperties: false
    })
    expect(Busifavor.QueryStock.jsonSchema.request).toMatchObject({
      $defs: { "Busifavor.QueryStockRequest": { properties: { stock_id: { minLength: 1, maxLength: 20 } } } }
    })
    expect(Busifavor.QueryStock.jsonSchema.response).toMatchObject({
      additionalProperties: true,
      properties: {
        stock_state: { anyOf: [{ enum: ["UNAUDIT", "RUNNING", "STOPED", "PAUSED"] }, { type: "string" }] },
        coupon_use_rule: {
          properties: {
            coupon_available_time: {
              properties: {
                available_week: {
                  anyOf: [
                    {
                      additionalProperties: true,
                      properties: {
                        week_day: {
                          anyOf: [
                            {
                              type: "array",
                              items: { anyOf: [{ type: "number" }, { type: "string", pattern: "^-?\\d+$" }] }
                            },
                            { type: "null" }
                          ]
                        }
                      }
                    },
                    { type: "null" }
                  ]
                }
              }
            }
          }
        }
      }
    })
    expect(Busifavor.QueryCoupon.jsonSchema.response).toHaveProperty("properties.transferable.anyOf", [
      { anyOf: [{ type: "boolean" }, { type: "string", enum: ["true", "false"] }] },
      { type: "null" }
    ])
    expect(Favor.CreateCouponStock.jsonSchema.response).toMatchObject({
      $ref: "#/$defs/Favor.CreateCouponStockResponse",
      $defs: {
        "Favor.CreateCouponStockResponse": { required: ["stock_id", "create_time"], additionalProperties: true }
      }
    })
  })
})

describe("Standard Schema", () => {
  it("validates a request without Effect", () => {
    const standard = Favor.CreateCouponStock.standard.request["~standard"]
    const wire = fixture("favor-create-coupon-stock.request.json")
    expect(standard.vendor).toBe("effect")
    expect(standard.validate(wire)).toStrictEqual({ value: wire })
    expect(standard.validate(withPath(wire, ["stock_name"], "券".repeat(10)))).toStrictEqual({
      issues: [
        {
          path: ["stock_name"],
          message: "must be at most 9 CJK characters or 20 letters (a CJK character counts as 20/9 letters)"
        }
      ]
    })
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
      "Compiled",
      "Endpoint",
      "Endpoints",
      "Favor",
      "Ids",
      "Time"
    ])
    expect(Package.Busifavor.QueryStockResponse).toBe(Busifavor.QueryStockResponse)
    expect(Package.Favor.CreateCouponStock.errors).toBe(ApiError.FavorCreateCouponStockErrors)
  })
})

describe("README claims", () => {
  it("formats a failure with its path and rule", () => {
    const result = Schema.decodeUnknownEither(Favor.CreateCouponStockRequest)(
      withPath(fixture("favor-create-coupon-stock.request.json"), ["stock_name"], "券".repeat(10))
    )
    expect(Either.isLeft(result) && ParseResult.ArrayFormatter.formatErrorSync(result.left)).toStrictEqual([
      {
        _tag: "Refinement",
        path: ["stock_name"],
        message: "must be at most 9 CJK characters or 20 letters (a CJK character counts as 20/9 letters)"
      }
    ])
  })

  it("types enums as open unions and requests as plain objects", () => {
    expectTypeOf<Busifavor.StockState>().toEqualTypeOf<"UNAUDIT" | "RUNNING" | "STOPED" | "PAUSED" | (string & {})>()
    expectTypeOf<Favor.CreateCouponStockRequest["stock_type"]>().toEqualTypeOf<
      "NORMAL" | "DISCOUNT" | "EXCHAHGE" | "RANDOM" | "DISCOUNT_CUT"
    >()
    expectTypeOf<Favor.CreateCouponStockRequest["stock_use_rule"]["max_amount"]>().toEqualTypeOf<Ids.Fen>()
    expectTypeOf<typeof Favor.CreateCouponStockRequest.Encoded>().toHaveProperty("no_cash").toEqualTypeOf<boolean>()
    expectTypeOf<typeof Busifavor.QueryStockResponse.Encoded>()
      .toHaveProperty("subsidy")
      .toEqualTypeOf<boolean | "true" | "false" | null | undefined>()
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
      const roundTrip = <A, I>(schema: Schema.Schema<A, I>, value: A) =>
        Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value))))
      expect(roundTrip(Busifavor.QueryStockResponse, stock)).toStrictEqual(stock)
      expect(roundTrip(Busifavor.QueryCouponResponse, coupon)).toStrictEqual(coupon)
      expect(roundTrip(Favor.CreateCouponStockResponse, created)).toStrictEqual(created)
      expect(roundTrip(ApiError.ApiErrorBody, error)).toStrictEqual(error)
    },
    { fastCheck: { numRuns: 50 } }
  )
})
