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

/**
 * The fields of the wire object of `schema`, by name (none when its wire form is not an object); for a union of
 * objects, the fields of any member.
 */
const wireFields = (schema: Schema.Top): ReadonlyMap<string, SchemaAST.AST> => {
  const ast = SchemaAST.toEncoded(schema.ast)
  const members = SchemaAST.isUnion(ast) ? ast.types : [ast]
  return new Map(
    members.flatMap((member) =>
      SchemaAST.isObjects(member) ? member.propertySignatures.map((ps) => [String(ps.name), ps.type] as const) : []
    )
  )
}

/** 获取商品券事件通知地址 documents no parameter: its request is the empty object. */
const withoutParameters = ["ProductCoupon.getNotifyConfig", "PartnerProductCoupon.getNotifyConfig"]

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
const bodyOnly = Endpoints.all.filter(
  (e) => e.pathParams.length + e.query.length === 0 && !withoutParameters.includes(e.name)
)
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

  it("its request is an object with at least one field (none where the page documents none)", () => {
    const ast = SchemaAST.toEncoded(endpoint.request.ast)
    // A union of objects: one request shape per kind (创建商品券's ten kinds, a budget's update_mode, …).
    const members = SchemaAST.isUnion(ast) ? ast.types : [ast]
    for (const member of members) expect(member._tag).toBe("Objects")
    if (withoutParameters.includes(endpoint.name)) expect(fieldsOf(endpoint)).toStrictEqual([])
    else expect(fieldsOf(endpoint).length).toBeGreaterThan(0)
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
  it("84 endpoints have path or query fields, 19 send every field in the body, 2 take no parameter", () => {
    expect(withParams).toHaveLength(84)
    expect(bodyOnly).toHaveLength(19)
    expect(withParams.length + bodyOnly.length + withoutParameters.length).toBe(Endpoints.all.length)
  })

  it.each(withParams)("$name: its path placeholders and query fields are distinct request fields", (endpoint) => {
    const fields = fieldsOf(endpoint)
    expect(fields).toEqual(expect.arrayContaining([...endpoint.pathParams, ...endpoint.query]))
    expect(endpoint.pathParams.filter((name) => endpoint.query.includes(name))).toStrictEqual([])
  })

  it.each(bodyOnly)("$name: is a POST, PUT or PATCH, its fields all in the body", (endpoint) => {
    expect(["POST", "PUT", "PATCH"]).toContain(endpoint.method)
  })

  it("33 endpoints are GET or DELETE", () => {
    expect(withoutBody).toHaveLength(33)
  })

  it.each(withoutBody)("$name: a $method has no body fields", (endpoint) => {
    const body = fieldsOf(endpoint).filter((f) => !endpoint.pathParams.includes(f) && !endpoint.query.includes(f))
    expect(body).toStrictEqual([])
  })
})

describe("pagination", () => {
  const productCouponLists = ["listStocks", "listAssociatedStores", "listUserProductCoupons"]
  it("twelve endpoints page: six by offset or page, six by token", () => {
    expect(names(paged)).toStrictEqual([
      "Busifavor.queryCouponCodeList",
      "Busifavor.listCouponsByFilter",
      "Favor.listStocks",
      "Favor.listAvailableMerchants",
      "Favor.listAvailableSingleitems",
      "Favor.listCouponsByFilter",
      ...productCouponLists.map((op) => `ProductCoupon.${op}`),
      ...productCouponLists.map((op) => `PartnerProductCoupon.${op}`)
    ])
    expect(paged.filter((e) => e.pagination?.style === "token").map((e) => e.operation)).toStrictEqual([
      ...productCouponLists,
      ...productCouponLists
    ])
  })

  it.effect.each(paged)("$name: names its query fields and its response's items and total", (endpoint) =>
    Effect.gen(function* () {
      const pagination = endpoint.pagination!
      const response = wireFields(endpoint.response)
      expect(isArrayField(response.get(pagination.items) ?? SchemaAST.never)).toBe(true)
      expect(response.has(pagination.total)).toBe(true)
      expect(Number.isSafeInteger(pagination.maxLimit) && pagination.maxLimit > 0).toBe(true)
      const request = yield* sampleRequest(endpoint)
      if (pagination.style === "token") {
        expect(endpoint.query).toEqual(expect.arrayContaining([pagination.token, pagination.limit]))
        expect(response.has(pagination.nextToken)).toBe(true)
        // The first page (no token) at the largest page size is a valid request; so is a later one.
        const { [pagination.token]: _token, ...first } = { ...request, [pagination.limit]: pagination.maxLimit }
        expect(Endpoint.decodeRequest(endpoint, first)).toStrictEqual(Result.succeed(first))
        const later = { ...first, [pagination.token]: "MTIzMjUK" }
        expect(Endpoint.decodeRequest(endpoint, later)).toStrictEqual(Result.succeed(later))
        const tooBig = { ...first, [pagination.limit]: pagination.maxLimit + 1 }
        expect(Result.isFailure(Endpoint.decodeRequest(endpoint, tooBig))).toBe(true)
      } else {
        expect(endpoint.query).toEqual(expect.arrayContaining([pagination.offset, pagination.limit]))
        // The first page at the largest page size is a valid request.
        const first = { ...request, [pagination.offset]: 0, [pagination.limit]: pagination.maxLimit }
        expect(Endpoint.decodeRequest(endpoint, first)).toStrictEqual(Result.succeed(first))
      }
    })
  )
})

describe("idempotency", () => {
  const productCouponWrites = [
    "createProductCoupon",
    "updateProductCoupon",
    "deactivateProductCoupon",
    "createStock",
    "updateStock",
    "updateStockBudget",
    "deactivateStock",
    "uploadCouponCodes",
    "createStockBundle",
    "updateStockBundle",
    "updateStockBundleBudget",
    "sendUserProductCoupon",
    "preSendUserProductCoupon",
    "confirmSendUserProductCoupon",
    "useUserProductCoupon",
    "deactivateUserProductCoupon",
    "returnUserProductCoupon",
    "sendUserProductCouponBundle",
    "deactivateUserProductCouponBundle"
  ]

  it("54 writes carry a request number", () => {
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
      "Favor.sendCoupon",
      ...productCouponWrites.map((op) => `ProductCoupon.${op}`),
      ...productCouponWrites.map((op) => `PartnerProductCoupon.${op}`)
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

  // A 商品券 path is declared once for both APIs: the part after the brand or partner prefix.
  const declared = (path: string) =>
    path.replace(/^\/brand\/marketing\/product-coupon(?=\/)|^\/v3\/marketing\/partner\/product-coupon(?=\/)/, "")

  it.each([...new Set(Endpoints.all.map((e) => declared(e.path)))])(
    "%s appears as a string literal in exactly one hand-written source file",
    (path) => {
      const holding = texts.filter((t) => t.code.includes(`"${path}"`)).map((t) => t.file)
      expect(holding).toHaveLength(1)
    }
  )
})
