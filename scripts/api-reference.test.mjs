// The API reference in docs/api (written by scripts/api-docs.mjs, kept current by `pnpm docs:api:check`) as a reader
// meets it: no type cut short, every {@link} a working link, and each endpoint's request and response fields.
import * as Fs from "node:fs"
import * as Path from "node:path"
import { Endpoints } from "@effect-wechatpay/schema"
import * as SchemaBusifavor from "@effect-wechatpay/schema/Busifavor"
import * as SchemaFavor from "@effect-wechatpay/schema/Favor"
import * as SchemaPartnerProductCoupon from "@effect-wechatpay/schema/PartnerProductCoupon"
import * as SchemaProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import { describe, expect, it } from "vitest"

const root = Path.resolve(import.meta.dirname, "..")
const apiDir = Path.join(root, "docs", "api")
const pages = new Map(
  Fs.readdirSync(apiDir, { recursive: true })
    .filter((f) => f.endsWith(".md"))
    .map((f) => [f.split(Path.sep).join("/"), Fs.readFileSync(Path.join(apiDir, f), "utf8")])
)

/** The `### name` sections of a page, by name. */
const sections = (page) =>
  new Map(
    page
      .split(/^### /m)
      .slice(1)
      .map((s) => [s.slice(0, s.indexOf("\n")).trim(), s])
  )

/** GitHub's heading anchors of a page, in order (a repeated one gets -1, -2, …). */
const anchorsOf = (page) => {
  const seen = new Map()
  const anchors = new Set()
  let fenced = false
  for (const line of page.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced
    const heading = !fenced && /^#{1,6} (.*)$/.exec(line)
    if (!heading) continue
    const base = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-")
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}

/** The top-level properties of a draft-07 document's root object, and which are required. */
const rootObject = (document) => {
  const ref = document.$ref?.replace("#/definitions/", "")
  const schema = ref === undefined ? document : document.definitions[ref]
  return { properties: Object.keys(schema.properties ?? {}), required: new Set(schema.required ?? []) }
}

/** The rows of the table that follows `title` in a section: field name → its cells. */
const table = (section, title) => {
  const start = section.indexOf(title)
  if (start < 0) return undefined
  const rows = new Map()
  for (const line of section.slice(start).split("\n").slice(1)) {
    if (line.trim() === "") {
      if (rows.size > 0) break
      continue
    }
    if (!line.startsWith("|")) break
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim())
    const field = /^`([^`]+)`$/.exec(cells[0] ?? "")
    if (field) rows.set(field[1], cells)
  }
  return rows
}

const schemaExportOf = (endpoint) =>
  Object.entries(
    {
      Busifavor: SchemaBusifavor,
      Favor: SchemaFavor,
      ProductCoupon: SchemaProductCoupon,
      PartnerProductCoupon: SchemaPartnerProductCoupon
    }[endpoint.family]
  ).find(([, v]) => v === endpoint)?.[0]

describe("docs/api", () => {
  it("prints every type in full", () => {
    const truncated = [/\.\.\. \d+ more \.\.\./, /\{ \.\.\.; \}/, /<\.\.\.>/, /\w\.\.\.$/m, /["\w]\.\.\.(?=[\s|,>)\]])/]
    for (const [name, page] of pages) {
      for (const pattern of truncated) {
        expect(pattern.exec(page)?.[0], `${name} has a truncated type (${pattern})`).toBeUndefined()
      }
    }
  })

  it("renders every {@link} as a link whose target exists", () => {
    const anchors = new Map([...pages].map(([name, page]) => [name, anchorsOf(page)]))
    for (const [name, page] of pages) {
      // Outside code: a signature printed from the source keeps its members' comments as written.
      const prose = page.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "``")
      expect(prose.match(/\{@link[^}]*\}/g) ?? [], `${name} has unrendered {@link} tags`).toEqual([])
      for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue
        const [file, anchor] = target.split("#")
        const resolved = file === "" ? name : Path.posix.normalize(Path.posix.join(Path.posix.dirname(name), file))
        if (resolved.startsWith("..")) continue
        expect(pages.has(resolved), `${name} links to a missing page ${target}`).toBe(true)
        if (anchor !== undefined) {
          expect(anchors.get(resolved)?.has(anchor), `${name} links to a missing anchor ${target}`).toBe(true)
        }
      }
    }
  })

  it.each(Endpoints.all.map((e) => [e.name, e]))("lists the request and response fields of %s", (_, endpoint) => {
    const exportName = schemaExportOf(endpoint)
    expect(exportName).toBeDefined()
    const places = [[`schema/${endpoint.family}.md`, exportName]]
    if (sections(pages.get(`api/${endpoint.family}.md`)).has(endpoint.operation)) {
      places.push([`api/${endpoint.family}.md`, endpoint.operation])
    }
    for (const [page, entry] of places) {
      const section = sections(pages.get(page)).get(entry)
      expect(section, `${page} has no section ${entry}`).toBeDefined()
      const request = rootObject(endpoint.jsonSchema.request)
      const requestRows = table(section, "**Request fields**")
      expect(requestRows, `${page}#${entry} has no request fields`).toBeDefined()
      for (const field of request.properties) {
        const row = requestRows.get(field)
        expect(row, `${page}#${entry}: request field ${field}`).toBeDefined()
        expect(row.join(" | "), `${page}#${entry}: request field ${field}`).toMatch(
          request.required.has(field) ? /\| yes \|/ : /\| no \|/
        )
      }
      if (endpoint.noContent) {
        expect(section).toMatch(/204 No Content/)
        continue
      }
      const response = rootObject(endpoint.jsonSchema.response)
      const responseRows = table(section, "**Response fields**")
      expect(responseRows, `${page}#${entry} has no response fields`).toBeDefined()
      for (const field of response.properties) {
        expect(responseRows.get(field), `${page}#${entry}: response field ${field}`).toBeDefined()
      }
    }
  })
})
