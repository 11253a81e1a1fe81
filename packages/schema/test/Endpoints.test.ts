import * as Fs from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, Result, Schema, SchemaAST } from "effect"
import { Busifavor, Endpoint, Endpoints } from "../src/index.js"
import { WireInt } from "../src/internal/tolerant.js"

/**
 * Whether decoding with `ast` can give a value other than its input: a node with an encoding (a `decodeTo`, a
 * `Schema.Class`, a tolerant integer), or a declaration or suspension, which this walk does not look into.
 */
const hasTransformation = (ast: SchemaAST.AST): boolean => {
  if (ast.encoding !== undefined) return true
  switch (ast._tag) {
    case "Declaration":
    case "Suspend":
      return true
    case "Objects":
      return (
        ast.propertySignatures.some((ps) => hasTransformation(ps.type)) ||
        ast.indexSignatures.some((is) => hasTransformation(is.type))
      )
    case "Union":
      return ast.types.some(hasTransformation)
    case "Arrays":
      return ast.elements.some(hasTransformation) || ast.rest.some(hasTransformation)
    default:
      return false
  }
}

/** The fields of the wire object of `schema`, by name (none when its wire form is not an object). */
const wireFields = (schema: Schema.Top): ReadonlyMap<string, SchemaAST.AST> => {
  const ast = SchemaAST.toEncoded(schema.ast)
  return new Map(SchemaAST.isObjects(ast) ? ast.propertySignatures.map((ps) => [String(ps.name), ps.type]) : [])
}

const fieldsOf = (endpoint: Endpoint.Any): ReadonlyArray<string> => [...wireFields(endpoint.request).keys()]

/** Whether values of `ast` may be arrays (an array, or a union with an array member). */
const isArrayField = (ast: SchemaAST.AST): boolean =>
  SchemaAST.isArrays(ast) || (SchemaAST.isUnion(ast) && ast.types.some(isArrayField))

/** One generated valid request of `endpoint`, in its wire form. */
const sampleRequest = (endpoint: Endpoint.Any) =>
  Effect.gen(function* () {
    const [value] = yield* Arbitrary.sampleEffect(Arbitrary.schema(endpoint.request), { count: 1, seed: 5 })
    return Schema.encodeSync(endpoint.request as Schema.Codec<unknown, Record<string, unknown>>)(value)
  })

const names = (endpoints: ReadonlyArray<Endpoint.Any>) => endpoints.map((endpoint) => endpoint.name)

const withParams = Endpoints.all.filter((e) => e.pathParams.length + e.query.length > 0)
const bodyOnly = Endpoints.all.filter((e) => e.pathParams.length + e.query.length === 0)
const withoutBody = Endpoints.all.filter((e) => e.method === "GET" || e.method === "DELETE")
const paged = Endpoints.all.filter((e) => e.pagination !== undefined)
const idempotent = Endpoints.all.filter((e) => e.idempotency !== undefined)

describe("the transformation detector", () => {
  it("sees a schema class and a tolerant integer nested in a struct", () => {
    expect(hasTransformation(Busifavor.QueryStockResponse.ast)).toBe(true)
    expect(hasTransformation(Schema.Struct({ page: Schema.Array(Schema.Struct({ n: WireInt })) }).ast)).toBe(true)
    expect(hasTransformation(Schema.Struct({ n: Schema.Array(Schema.Int) }).ast)).toBe(false)
  })
})

describe.each(Endpoints.all.map((e) => [e.name, e] as const))("%s", (_name, endpoint) => {
  it("its request schema has no transformation: the decoded value is the wire form the executor sends", () => {
    expect(hasTransformation(endpoint.request.ast)).toBe(false)
  })

  it("its request is an object with at least one field", () => {
    expect(SchemaAST.toEncoded(endpoint.request.ast)._tag).toBe("Objects")
    expect(fieldsOf(endpoint).length).toBeGreaterThan(0)
  })

  it("has a title, a summary, an official docs URL and documented errors with classes", () => {
    expect(endpoint.title).toMatch(/\p{Script=Han}/u)
    expect(endpoint.summary).toMatch(/\.$/)
    expect(endpoint.docs).toMatch(/^https:\/\//)
    expect(endpoint.errors.length).toBeGreaterThan(0)
    expect(endpoint.name).toBe(`${endpoint.family}.${endpoint.operation}`)
  })
})

describe("where request fields travel", () => {
  it("28 endpoints have path or query fields, the other 13 send every field in the body", () => {
    expect(withParams).toHaveLength(28)
    expect(bodyOnly).toHaveLength(13)
    expect(withParams.length + bodyOnly.length).toBe(Endpoints.all.length)
  })

  it.each(withParams)("$name: its path placeholders and query fields are distinct request fields", (endpoint) => {
    const fields = fieldsOf(endpoint)
    expect(fields).toEqual(expect.arrayContaining([...endpoint.pathParams, ...endpoint.query]))
    expect(endpoint.pathParams.filter((name) => endpoint.query.includes(name))).toStrictEqual([])
  })

  it.each(bodyOnly)("$name: is a POST, PUT or PATCH, its fields all in the body", (endpoint) => {
    expect(["POST", "PUT", "PATCH"]).toContain(endpoint.method)
  })

  it("19 endpoints are GET or DELETE", () => {
    expect(withoutBody).toHaveLength(19)
  })

  it.each(withoutBody)("$name: a $method has no body fields", (endpoint) => {
    const body = fieldsOf(endpoint).filter((f) => !endpoint.pathParams.includes(f) && !endpoint.query.includes(f))
    expect(body).toStrictEqual([])
  })
})

describe("pagination", () => {
  it("six endpoints page", () => {
    expect(names(paged)).toStrictEqual([
      "Busifavor.queryCouponCodeList",
      "Busifavor.listCouponsByFilter",
      "Favor.listStocks",
      "Favor.listAvailableMerchants",
      "Favor.listAvailableSingleitems",
      "Favor.listCouponsByFilter"
    ])
  })

  it.effect.each(paged)("$name: names its query fields and its response's items and total", (endpoint) =>
    Effect.gen(function* () {
      const pagination = endpoint.pagination!
      expect(endpoint.query).toEqual(expect.arrayContaining([pagination.offset, pagination.limit]))
      const response = wireFields(endpoint.response)
      expect(isArrayField(response.get(pagination.items) ?? SchemaAST.never)).toBe(true)
      expect(response.has(pagination.total)).toBe(true)
      expect(Number.isSafeInteger(pagination.maxLimit) && pagination.maxLimit > 0).toBe(true)
      // The first page at the largest page size is a valid request.
      const request = yield* sampleRequest(endpoint)
      const first = { ...request, [pagination.offset]: 0, [pagination.limit]: pagination.maxLimit }
      expect(Endpoint.decodeRequest(endpoint, first)).toStrictEqual(Result.succeed(first))
    })
  )
})

describe("idempotency", () => {
  it("16 writes carry a request number", () => {
    expect(names(idempotent)).toStrictEqual([
      "Busifavor.createStock",
      "Busifavor.modifyStockInfo",
      "Busifavor.modifyBudget",
      "Busifavor.uploadCouponCode",
      "Busifavor.deleteCouponCode",
      "Busifavor.useCoupon",
      "Busifavor.returnCoupon",
      "Busifavor.deactivateCoupon",
      "Busifavor.associateTradeInfo",
      "Busifavor.disassociateTradeInfo",
      "Busifavor.sendCoupon",
      "Busifavor.sendGovCard",
      "Busifavor.subsidyPay",
      "Busifavor.subsidyReturn",
      "Favor.createCouponStock",
      "Favor.sendCoupon"
    ])
  })

  it.each(idempotent)(
    "$name: its key and scope are request fields, its conflict a code it answers, and it is a write",
    (endpoint) => {
      const { conflict, key, scope } = endpoint.idempotency!
      const fields = fieldsOf(endpoint)
      expect(fields).toContain(key)
      expect(fields).toEqual(expect.arrayContaining([...scope]))
      expect(scope).not.toContain(key)
      expect(endpoint.codes.has(conflict)).toBe(true)
      expect(endpoint.method).not.toBe("GET")
    }
  )
})

describe("Endpoints.all", () => {
  it("names each endpoint once and each method + path once", () => {
    const names = Endpoints.all.map((e) => e.name)
    expect(new Set(names).size).toBe(names.length)
    const routes = Endpoints.all.map((e) => `${e.method} ${e.path}`)
    expect(new Set(routes).size).toBe(routes.length)
  })
})

describe("one place per endpoint", () => {
  const root = new URL("../../", import.meta.url)
  const sources = (dir: URL): ReadonlyArray<string> =>
    Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const url = new URL(entry.name + (entry.isDirectory() ? "/" : ""), dir)
      if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "dist" ? [] : sources(url)
      return entry.name.endsWith(".ts") ? [url.pathname] : []
    })
  const files = Fs.readdirSync(root).flatMap((pkg) => {
    const src = new URL(`${pkg}/src/`, root)
    return Fs.existsSync(src) ? sources(src) : []
  })
  const generated = (text: string) => text.startsWith("// This file is generated")
  // The code of a source file: a path quoted in a comment (an example in a JSDoc) is not a second declaration.
  const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "")
  const texts = files.flatMap((file) => {
    const text = Fs.readFileSync(file, "utf8")
    return generated(text) ? [] : [{ file: file.slice(file.indexOf("packages/")), code: code(text) }]
  })

  it("reads the hand-written sources of every package", () => {
    expect(texts.map((t) => t.file)).toEqual(
      expect.arrayContaining(["packages/schema/src/internal/busifavor/common.ts", "packages/schema/src/Endpoint.ts"])
    )
  })

  it.each([...new Set(Endpoints.all.map((e) => e.path))])(
    "%s appears as a string literal in exactly one hand-written source file",
    (path) => {
      const holding = texts.filter((t) => t.code.includes(`"${path}"`)).map((t) => t.file)
      expect(holding).toHaveLength(1)
    }
  )
})
