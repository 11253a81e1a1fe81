import * as Fs from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { SchemaAST } from "effect"
import { Endpoint, Endpoints } from "../src/index.js"

const hasTransformation = (ast: SchemaAST.AST): boolean => {
  switch (ast._tag) {
    case "Transformation":
    case "Declaration":
    case "Suspend":
      return true
    case "Refinement":
      return hasTransformation(ast.from)
    case "TypeLiteral":
      return (
        ast.propertySignatures.some((p) => hasTransformation(p.type)) ||
        ast.indexSignatures.some((i) => hasTransformation(i.type))
      )
    case "Union":
      return ast.types.some(hasTransformation)
    case "TupleType":
      return ast.elements.some((e) => hasTransformation(e.type)) || ast.rest.some((e) => hasTransformation(e.type))
    default:
      return false
  }
}

const fieldsOf = (endpoint: Endpoint.Any): ReadonlyArray<string> => {
  const ast = SchemaAST.encodedAST(endpoint.request.ast)
  const literal = ast._tag === "Refinement" ? ast.from : ast
  return literal._tag === "TypeLiteral" ? literal.propertySignatures.map((p) => String(p.name)) : []
}

describe.each(Endpoints.all.map((e) => [e.name, e] as const))("%s", (_name, endpoint) => {
  it("its request schema has no transformation: the decoded value is the wire form the executor sends", () => {
    expect(hasTransformation(endpoint.request.ast)).toBe(false)
  })

  it("its path placeholders and query fields are request fields; GET and DELETE have no body fields", () => {
    const fields = fieldsOf(endpoint)
    for (const name of [...endpoint.pathParams, ...endpoint.query]) expect(fields).toContain(name)
    if (endpoint.method === "GET" || endpoint.method === "DELETE") {
      expect(fields.filter((f) => !endpoint.pathParams.includes(f) && !endpoint.query.includes(f))).toEqual([])
    }
  })

  it("has a title, a summary, an official docs URL and documented errors with classes", () => {
    expect(endpoint.title).toMatch(/\p{Script=Han}/u)
    expect(endpoint.summary).toMatch(/\.$/)
    expect(endpoint.docs).toMatch(/^https:\/\//)
    expect(endpoint.errors.length).toBeGreaterThan(0)
    expect(endpoint.name).toBe(`${endpoint.family}.${endpoint.operation}`)
  })

  it("pagination names request and response fields", () => {
    const pagination = endpoint.pagination
    if (pagination === undefined) return
    expect(endpoint.query).toEqual(expect.arrayContaining([pagination.offset, pagination.limit]))
    expect(JSON.stringify(endpoint.jsonSchema.response)).toContain(`"${pagination.items}"`)
  })
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

  it.each([...new Set(Endpoints.all.map((e) => e.path))])(
    "%s appears as a string literal in exactly one hand-written source file",
    (path) => {
      const holding = files.filter((file) => {
        const text = Fs.readFileSync(file, "utf8")
        return !generated(text) && text.includes(`"${path}"`)
      })
      expect(holding.map((file) => file.slice(file.indexOf("packages/")))).toHaveLength(1)
    }
  )
})
