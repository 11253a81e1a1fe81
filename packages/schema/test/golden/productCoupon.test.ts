import { describe, expect, it } from "@effect/vitest"
import { SchemaAST } from "effect"
import type * as Endpoint from "../../src/Endpoint.js"
import * as Endpoints from "../../src/Endpoints.js"
import { type Fields, partnerProductCoupon, productCoupon, type WireRow } from "./productCoupon.js"

/**
 * The presence of each top-level wire field of a request: `required` where every request shape has it and requires
 * it, `optional` otherwise (a field of some shapes only is 条件必填, which a page prints as 选填).
 */
const presence = (endpoint: Endpoint.Any): Readonly<Record<string, "required" | "optional">> => {
  const ast = SchemaAST.toEncoded(endpoint.request.ast)
  const shapes = (SchemaAST.isUnion(ast) ? ast.types : [ast]).filter(SchemaAST.isObjects)
  const names = [...new Set(shapes.flatMap((shape) => shape.propertySignatures.map((ps) => String(ps.name))))]
  return Object.fromEntries(
    names.map((name) => {
      const required = shapes.every((shape) =>
        shape.propertySignatures.some((ps) => String(ps.name) === name && !SchemaAST.isOptional(ps.type))
      )
      return [name, required ? "required" : "optional"] as const
    })
  )
}

const pick = (all: Readonly<Record<string, string>>, keep: (name: string) => boolean): Fields =>
  Object.fromEntries(Object.entries(all).filter(([name]) => keep(name))) as Fields

const pairs = (rows: ReadonlyArray<readonly [number, string]>) => [...new Set(rows.map(([s, c]) => `${s} ${c}`))].sort()

const descriptors = Endpoints.all.filter((e) => e.family === "ProductCoupon" || e.family === "PartnerProductCoupon")
const rows: ReadonlyArray<WireRow> = [...productCoupon, ...partnerProductCoupon]

describe("the 商品券 golden wire table", () => {
  it("has one row per 商品券 descriptor, in the descriptors' order", () => {
    expect(rows.map((row) => row.name)).toStrictEqual(descriptors.map((endpoint) => endpoint.name))
    expect(rows).toHaveLength(64)
  })

  it("sends a write without a request number again after a 429 only where a second send sets what one sets", () => {
    const unkeyedWrites = descriptors.filter((e) => e.method !== "GET" && e.idempotency === undefined)
    expect(unkeyedWrites.filter((e) => e.retryAfter429).map((e) => e.name)).toStrictEqual([
      "ProductCoupon.setNotifyConfig",
      "PartnerProductCoupon.setNotifyConfig"
    ])
    expect(unkeyedWrites.filter((e) => !e.retryAfter429).map((e) => e.operation)).toStrictEqual([
      ...["associateStores", "disassociateStores", "associateStoresForStockBundle"],
      ...["disassociateStoresForStockBundle", "uploadImage"],
      ...["associateStores", "disassociateStores", "associateStoresForStockBundle"],
      ...["disassociateStoresForStockBundle", "uploadImage"]
    ])
    expect(
      descriptors.filter((e) => e.method === "GET" || e.idempotency !== undefined).every((e) => e.retryAfter429)
    ).toBe(true)
  })

  describe.each(rows.map((row) => [row.name, row] as const))("%s", (name, row) => {
    const endpoint = descriptors.find((e) => e.name === name)!

    it("method, path template and official page", () => {
      expect(endpoint.method).toBe(row.method)
      expect(endpoint.path).toBe(row.path)
      expect(endpoint.docs).toBe(row.page)
      expect(endpoint.auth).toBe(name.startsWith("ProductCoupon.") ? "brand" : "merchant")
    })

    it("query parameters and body fields, with their presence", () => {
      const fields = presence(endpoint)
      const inQuery = (field: string) => endpoint.query.includes(field)
      expect(pick(fields, inQuery)).toStrictEqual(row.query)
      expect(pick(fields, (field) => !inQuery(field) && !endpoint.pathParams.includes(field))).toStrictEqual(row.body)
      expect(endpoint.body === "multipart").toBe(row.multipart === true)
    })

    it("idempotency key", () => {
      expect(endpoint.idempotency?.key).toBe(row.idempotencyKey)
    })

    it("documented errors", () => {
      expect(pairs(endpoint.errors.map((e) => [e.status, e.code] as const))).toStrictEqual(pairs(row.errors.pairs))
    })

    it("rate limit", () => {
      const limit = endpoint.rateLimit
      expect(limit === undefined ? undefined : { requests: limit.requests, per: limit.per }).toStrictEqual(
        row.rateLimit
      )
      if (limit !== undefined) {
        expect(limit.source).toBe(row.page)
        expect(limit.scope).toBe(name.startsWith("ProductCoupon.") ? "brand" : "merchant")
      }
    })
  })
})
