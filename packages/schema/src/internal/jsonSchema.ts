import * as JsonSchema from "effect/JsonSchema"
import * as Schema from "effect/Schema"

/** A draft-07 JSON Schema document as one object: `$schema`, the root's keywords and its `definitions`. */
export type JsonSchemaRoot = JsonSchema.JsonSchema & { readonly $schema: string }

/** Keywords that validate nothing: they may stay beside a `$ref`. */
const inertKeys: ReadonlySet<string> = new Set([
  "$schema",
  "$defs",
  "definitions",
  "title",
  "description",
  "examples",
  "default",
  "$comment"
])

/**
 * Moves each `$ref` that has validation keywords beside it into an `allOf`: draft-07 validators ignore every keyword
 * beside a `$ref`, so `{ $ref: "#/definitions/StockId", maxLength: 20 }` would not check the length.
 */
const refSiblingsToAllOf = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(refSiblingsToAllOf)
  if (typeof node !== "object" || node === null) return node
  const object: Record<string, unknown> = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, refSiblingsToAllOf(value)])
  )
  const { $ref, ...rest } = object
  if (typeof $ref !== "string" || Object.keys(rest).every((key) => inertKeys.has(key))) return object
  return { ...rest, allOf: [{ $ref }, ...(Array.isArray(rest.allOf) ? rest.allOf : [])] }
}

const draft07 = (schema: Schema.Top, onExcessProperty: "error" | "ignore"): JsonSchemaRoot => {
  const document = JsonSchema.toDocumentDraft07(Schema.toJsonSchemaDocument(schema, { onExcessProperty }))
  const definitions = document.definitions
  return refSiblingsToAllOf({
    $schema: JsonSchema.META_SCHEMA_URI_DRAFT_07,
    ...(Object.keys(definitions).length === 0 ? {} : { definitions }),
    ...document.schema
  }) as JsonSchemaRoot
}

/** The JSON Schema (draft-07) of a request: unknown keys are rejected, as request validation does. */
export const requestJsonSchema = (schema: Schema.Top): JsonSchemaRoot => draft07(schema, "error")

/**
 * The JSON Schema (draft-07) of a response: unknown keys are allowed, since new fields may appear at any time
 * (docs/sources/wechatpay-v3.md §1.12) and the response schemas ignore them.
 */
export const responseJsonSchema = (schema: Schema.Top): JsonSchemaRoot => draft07(schema, "ignore")
