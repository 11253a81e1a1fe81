// Started by scripts/api-docs.mjs (with tsx, the packages resolving to their sources): prints, as one JSON document,
// the request and response fields of every endpoint descriptor (`Endpoints.all`), for the API reference. Each field is
// a row (name, where it is sent, type, required, limits, description) read from a JSON Schema:
// - the request from the descriptor's own `jsonSchema.request` (requests have no transformations: the wire form is
//   what the api function takes);
// - the response from the JSON Schema of its decoded side (`Schema.toType`): what the api function succeeds with
//   (the wire side, `jsonSchema.response`, also admits the numeric strings and nulls the decoder tolerates).
// Nested objects and array items are flattened into dotted rows (`coupon_use_rule.fixed_normal_coupon.discount_amount`,
// `available_day_time[].begin_time`).
import * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import type * as Endpoint from "@effect-wechatpay/schema/Endpoint"
import * as Endpoints from "@effect-wechatpay/schema/Endpoints"
import * as Favor from "@effect-wechatpay/schema/Favor"
import * as PartnerProductCoupon from "@effect-wechatpay/schema/PartnerProductCoupon"
import * as ProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import * as JsonSchema from "effect/JsonSchema"
import * as Schema from "effect/Schema"

type Node = Readonly<Record<string, unknown>>

interface Row {
  readonly field: string
  readonly in?: string
  readonly type: string
  readonly required: boolean
  readonly limits: string
  readonly description: string
}

/** A schema node with its `$ref`s, `allOf` and `anyOf` resolved into one shape. */
interface Shape {
  types: Set<string>
  format?: string
  enum?: ReadonlyArray<unknown>
  openEnum: boolean
  properties?: Record<string, Node>
  required: Set<string>
  items?: Node
  limits: Array<string>
  descriptions: Array<string>
}

const SAFE = Number.MAX_SAFE_INTEGER
// Every request string carries this pattern: it excludes the surrogate range, i.e. 4-byte UTF-8 (docs/sources/wechatpay-v3.md §1.12).
const NO_FOUR_BYTE = "^[\\u0000-\\uD7FF\\uE000-\\uFFFF]*$"
// The description of the catch-all member of an open enum (packages/schema/src/internal/tolerant.ts).
const OPEN_ENUM = "a value not documented yet, kept as sent"

const isNode = (u: unknown): u is Node => typeof u === "object" && u !== null && !Array.isArray(u)

const range = (min: number | undefined, max: number | undefined, unit: string) => {
  const lo = min === undefined || min <= -SAFE ? undefined : min
  const hi = max === undefined || max >= SAFE ? undefined : max
  if (lo !== undefined && hi !== undefined) return lo === hi ? `exactly ${lo}${unit}` : `${lo}–${hi}${unit}`
  if (lo !== undefined) return lo === 1 && unit === " characters" ? "not empty" : `≥ ${lo}${unit}`
  if (hi !== undefined) return `≤ ${hi}${unit}`
  return undefined
}

const empty = (): Shape => ({ types: new Set(), openEnum: false, required: new Set(), limits: [], descriptions: [] })

const merge = (into: Shape, from: Shape): Shape => {
  for (const t of from.types) into.types.add(t)
  if (from.format !== undefined) into.format = from.format
  if (from.enum !== undefined) into.enum = from.enum
  if (from.openEnum) into.openEnum = true
  if (from.properties !== undefined) into.properties = { ...(into.properties ?? {}), ...from.properties }
  for (const r of from.required) into.required.add(r)
  if (from.items !== undefined) into.items = from.items
  for (const l of from.limits) if (!into.limits.includes(l)) into.limits.push(l)
  for (const d of from.descriptions) if (!into.descriptions.includes(d)) into.descriptions.push(d)
  return into
}

const shapeOf = (definitions: Record<string, Node>, node: Node, seen: ReadonlySet<string> = new Set()): Shape => {
  const shape = empty()
  if (typeof node.$ref === "string") {
    const name = node.$ref.replace(/^#\/definitions\//, "")
    const target = definitions[name]
    if (target !== undefined && !seen.has(name)) merge(shape, shapeOf(definitions, target, new Set([...seen, name])))
  }
  if (Array.isArray(node.allOf)) {
    for (const part of node.allOf) if (isNode(part)) merge(shape, shapeOf(definitions, part, seen))
  }
  if (Array.isArray(node.anyOf)) {
    const branches = node.anyOf.filter(isNode).map((b) => shapeOf(definitions, b, seen))
    const open = branches.filter((b) => b.descriptions.includes(OPEN_ENUM) && b.enum === undefined)
    const rest = branches.filter((b) => !open.includes(b) && !(b.types.size === 1 && b.types.has("null")))
    for (const b of rest) {
      b.descriptions = b.descriptions.filter((d) => d !== OPEN_ENUM)
      merge(shape, b)
    }
    if (open.length > 0) shape.openEnum = true
  }
  if (typeof node.type === "string") shape.types.add(node.type)
  if (Array.isArray(node.type)) for (const t of node.type) if (typeof t === "string") shape.types.add(t)
  if (typeof node.format === "string") shape.format = node.format
  if (Array.isArray(node.enum)) shape.enum = node.enum
  if (node.const !== undefined) shape.enum = [node.const]
  if (isNode(node.properties))
    shape.properties = { ...(shape.properties ?? {}), ...(node.properties as Record<string, Node>) }
  if (Array.isArray(node.required)) for (const r of node.required) shape.required.add(String(r))
  if (isNode(node.items)) shape.items = node.items
  const limits: Array<string | undefined> = [
    range(node.minLength as number | undefined, node.maxLength as number | undefined, " characters"),
    range(node.minimum as number | undefined, node.maximum as number | undefined, ""),
    node.exclusiveMinimum === undefined ? undefined : `> ${node.exclusiveMinimum}`,
    node.exclusiveMaximum === undefined ? undefined : `< ${node.exclusiveMaximum}`,
    range(node.minItems as number | undefined, node.maxItems as number | undefined, " items"),
    typeof node.pattern !== "string"
      ? undefined
      : node.pattern === NO_FOUR_BYTE
        ? "no 4-byte UTF-8 (emoji)"
        : `pattern \`${node.pattern}\``,
    node.contentMediaType === "application/json" ? "JSON text" : undefined
  ]
  for (const l of limits) if (l !== undefined && !shape.limits.includes(l)) shape.limits.push(l)
  if (typeof node.description === "string" && !shape.descriptions.includes(node.description)) {
    shape.descriptions.push(node.description)
  }
  return shape
}

const typeLabel = (definitions: Record<string, Node>, shape: Shape): string => {
  const types = [...shape.types].filter((t) => t !== "null")
  if (shape.enum !== undefined && types.length === 0)
    types.push(typeof shape.enum[0] === "number" ? "number" : "string")
  const labels = types.map((t) =>
    t === "array" && shape.items !== undefined
      ? `array of ${typeLabel(definitions, shapeOf(definitions, shape.items))}`
      : t === "string" && shape.format !== undefined
        ? `string (${shape.format})`
        : t
  )
  return labels.length === 0 ? "any" : [...new Set(labels)].join(" or ")
}

const enumLimit = (shape: Shape): string | undefined =>
  shape.enum === undefined
    ? undefined
    : `${shape.enum.length === 1 ? "" : "one of "}${shape.enum.map((v) => `\`${String(v)}\``).join(", ")}` +
      (shape.openEnum ? "; another value is kept as sent" : "")

const rowsOf = (
  document: { readonly definitions?: Record<string, Node> } & Node,
  root: Node,
  where: (field: string) => string | undefined
): Array<Row> => {
  const definitions = (document.definitions ?? {}) as Record<string, Node>
  const rows: Array<Row> = []
  const walk = (shape: Shape, prefix: string, depth: number, place: string | undefined) => {
    if (depth > 12) return
    for (const [name, child] of Object.entries(shape.properties ?? {})) {
      const field = prefix === "" ? name : `${prefix}.${name}`
      const inner = shapeOf(definitions, child)
      const item = inner.items === undefined ? undefined : shapeOf(definitions, inner.items)
      const at = depth === 0 ? where(name) : place
      const limits = [
        enumLimit(inner),
        ...inner.limits,
        ...(item === undefined ? [] : item.limits.map((l) => `each: ${l}`))
      ]
      rows.push({
        field,
        ...(at === undefined ? {} : { in: at }),
        type: typeLabel(definitions, inner),
        required: shape.required.has(name),
        limits: limits.filter((l) => l !== undefined).join("; "),
        description: [...inner.descriptions, ...(item?.descriptions ?? [])]
          .filter((d, i, all) => all.indexOf(d) === i)
          .join("; ")
      })
      if (inner.properties !== undefined) walk(inner, field, depth + 1, at)
      if (item?.properties !== undefined) walk(item, `${field}[]`, depth + 1, at)
    }
  }
  walk(shapeOf(definitions, root), "", 0, undefined)
  return rows
}

const requestRows = (endpoint: Endpoint.Any): Array<Row> => {
  const document = endpoint.jsonSchema.request as unknown as Node
  const where = (field: string) =>
    endpoint.pathParams.includes(field)
      ? "path"
      : endpoint.query.includes(field)
        ? "query"
        : endpoint.body === "multipart"
          ? "meta"
          : "body"
  return rowsOf(document, document, where)
}

const responseRows = (endpoint: Endpoint.Any): Array<Row> | null => {
  if (endpoint.noContent) return null
  const document = JsonSchema.toDocumentDraft07(Schema.toJsonSchemaDocument(Schema.toType(endpoint.response)))
  return rowsOf({ definitions: document.definitions as Record<string, Node> }, document.schema as Node, () => undefined)
}

/** Which export of each family module is which descriptor: `Busifavor.CreateStock` → `Busifavor.createStock`. */
const exportsOf = (family: string, module: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(module).flatMap(([name, value]) => {
      const endpoint = Endpoints.all.find((e) => e === value)
      return endpoint === undefined ? [] : [[`${family}.${name}`, endpoint.name]]
    })
  )

/** The export of the family module that is this schema, e.g. `CreateStockRequest`. */
const schemaName = (endpoint: Endpoint.Any, schema: unknown) =>
  Object.entries(endpoint.family === "Busifavor" ? Busifavor : Favor).find(([, value]) => value === schema)?.[0]

const endpoints = Object.fromEntries(
  Endpoints.all.map((endpoint) => [
    endpoint.name,
    {
      requestSchema: schemaName(endpoint, endpoint.request),
      responseSchema: endpoint.noContent ? undefined : schemaName(endpoint, endpoint.response),
      family: endpoint.family,
      operation: endpoint.operation,
      method: endpoint.method,
      path: endpoint.path,
      body: endpoint.body,
      request: requestRows(endpoint),
      response: responseRows(endpoint)
    }
  ])
)

process.stdout.write(
  JSON.stringify({
    endpoints,
    schemaExports: {
      ...exportsOf("Busifavor", Busifavor),
      ...exportsOf("Favor", Favor),
      ...exportsOf("ProductCoupon", ProductCoupon),
      ...exportsOf("PartnerProductCoupon", PartnerProductCoupon)
    }
  })
)
