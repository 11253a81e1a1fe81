import * as JSONSchema from "effect/JSONSchema"
import type * as Schema from "effect/Schema"

/** Keywords that validate nothing: they may stay beside a `$ref`. */
const inertKeys: ReadonlySet<string> = new Set([
  "$schema",
  "$defs",
  "title",
  "description",
  "examples",
  "default",
  "$comment"
])

/**
 * Moves each `$ref` that has validation keywords beside it into an `allOf`: draft-07 validators ignore every keyword
 * beside a `$ref`, so `{ $ref: "#/$defs/StockId", maxLength: 20 }` would not check the length.
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

const draft07 = (
  root: JSONSchema.JsonSchema7,
  definitions: Record<string, JSONSchema.JsonSchema7>
): JSONSchema.JsonSchema7Root =>
  refSiblingsToAllOf(
    Object.keys(definitions).length === 0
      ? { $schema: "http://json-schema.org/draft-07/schema#", ...root }
      : { $schema: "http://json-schema.org/draft-07/schema#", $defs: definitions, ...root }
  ) as JSONSchema.JsonSchema7Root

/**
 * The JSON Schema of a request: unknown keys are rejected, as the request schemas do.
 */
export const requestJsonSchema = <A, I>(schema: Schema.Schema<A, I>): JSONSchema.JsonSchema7Root => {
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  return draft07(JSONSchema.fromAST(schema.ast, { definitions }), definitions)
}

/**
 * The JSON Schema of a response: unknown keys are allowed, since new fields may appear at any time (spec §1.12)
 * and the response schemas ignore them.
 */
export const responseJsonSchema = <A, I>(schema: Schema.Schema<A, I>): JSONSchema.JsonSchema7Root => {
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  return draft07(JSONSchema.fromAST(schema.ast, { definitions, additionalPropertiesStrategy: "allow" }), definitions)
}
