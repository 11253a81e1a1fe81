import { describe, expect, it } from "@effect/vitest"
import { SchemaAST } from "effect"
import { ApiError, type Endpoint, Endpoints } from "../src/index.js"
import * as ProductCouponGolden from "./golden/productCoupon.js"
import * as Golden from "./golden/wire.js"

/** The request schema's wire fields, each `required` or `optional`. */
const presenceOf = (endpoint: Endpoint.Any): ReadonlyMap<string, Golden.Presence> => {
  const ast = SchemaAST.toEncoded(endpoint.request.ast)
  return new Map(
    SchemaAST.isObjects(ast)
      ? ast.propertySignatures.map((ps) => [String(ps.name), SchemaAST.isOptional(ps.type) ? "optional" : "required"])
      : []
  )
}

const pick = (
  fields: ReadonlyMap<string, Golden.Presence>,
  names: Iterable<string>
): Readonly<Record<string, Golden.Presence | "absent from the request schema">> =>
  Object.fromEntries([...names].map((name) => [name, fields.get(name) ?? "absent from the request schema"]))

/** `[status, code]` pairs, each once, in a stable order. */
const pairs = (all: Iterable<Golden.ErrorPair>): ReadonlyArray<string> =>
  [...new Set([...all].map(([status, code]) => `${status} ${code}`))].sort()

/** The placeholders of a path template, read here rather than taken from the descriptor. */
const placeholders = (path: string): ReadonlyArray<string> => Array.from(path.matchAll(/\{(\w+)\}/g), (m) => m[1]!)

/** What a descriptor says about the wire, in the golden table's terms. */
const wireOf = (endpoint: Endpoint.Any) => {
  const fields = presenceOf(endpoint)
  const inPathOrQuery = new Set([...placeholders(endpoint.path), ...endpoint.query])
  return {
    method: endpoint.method,
    path: endpoint.path,
    pathParams: pick(fields, placeholders(endpoint.path)),
    query: pick(fields, endpoint.query),
    body: pick(
      fields,
      [...fields.keys()].filter((name) => !inPathOrQuery.has(name))
    ),
    multipart: endpoint.body === "multipart",
    idempotencyKey: endpoint.idempotency?.key,
    // The descriptor's own table plus the one protocol table every endpoint answers with.
    errors: pairs([...endpoint.errors.map((row) => [row.status, row.code] as const), ...Golden.PROTOCOL]),
    codes: [...endpoint.codes].sort()
  }
}

/** What the official page says, in the same terms. */
const expectedOf = (row: Golden.WireRow) => ({
  method: row.method,
  path: row.path,
  pathParams: Object.fromEntries(placeholders(row.path).map((name) => [name, "required"])),
  query: row.query,
  body: row.body,
  multipart: row.multipart ?? false,
  idempotencyKey: row.idempotencyKey,
  errors: pairs([...row.errors.pairs, ...Golden.PROTOCOL]),
  codes: [...new Set([...row.errors.pairs, ...Golden.PROTOCOL].map(([, code]) => code))].sort()
})

const rows = new Map(Golden.rows.map((row) => [row.name, row]))

/** The 商品券 families have their own golden table (`golden/productCoupon.ts`, held by `golden/productCoupon.test.ts`). */
const productCouponFamilies = new Set(["ProductCoupon", "PartnerProductCoupon"])
const covered = Endpoints.all.filter((endpoint) => !productCouponFamilies.has(endpoint.family))

describe("the golden wire table", () => {
  it("has one row for each of the 41 endpoints, and no row without an endpoint", () => {
    expect(Golden.busifavor).toHaveLength(24)
    expect(Golden.favor).toHaveLength(17)
    expect(rows.size).toBe(Golden.rows.length)
    expect([...rows.keys()].sort()).toStrictEqual(covered.map((endpoint) => endpoint.name).sort())
  })

  it("with the 商品券 table, has a row for every endpoint", () => {
    expect(
      [...Golden.rows, ...ProductCouponGolden.productCoupon, ...ProductCouponGolden.partnerProductCoupon]
        .map((row) => row.name)
        .sort()
    ).toStrictEqual(Endpoints.all.map((endpoint) => endpoint.name).sort())
  })

  it("cites an official page for every row but the one documented as having none", () => {
    const elsewhere = Golden.rows.filter((row) => !row.page.startsWith("https://pay.weixin.qq.com/"))
    expect(elsewhere.map((row) => row.name)).toStrictEqual(["Favor.stopStock"])
  })

  it("names an idempotency key that is a required request field", () => {
    const keyed = Golden.rows.filter((row) => row.idempotencyKey !== undefined)
    expect(keyed).toHaveLength(16)
    for (const row of keyed) {
      expect({ ...row.body, ...row.query }[row.idempotencyKey!], row.name).toBe("required")
    }
  })

  it("the protocol table is the one the schema package declares", () => {
    expect(pairs(ApiError.ProtocolErrors.map((row) => [row.status, row.code] as const))).toStrictEqual(
      pairs(Golden.PROTOCOL)
    )
  })
})

describe.each(covered.map((endpoint) => [endpoint.name, endpoint] as const))("%s", (name, endpoint) => {
  it("is on the wire what its official page documents: method, path, query, body, idempotency key, errors", () => {
    const row = rows.get(name)
    expect(row, `${name} has no row in the golden wire table`).toBeDefined()
    expect(wireOf(endpoint)).toStrictEqual(expectedOf(row!))
  })
})
