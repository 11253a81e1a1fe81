import { JSONSchema, type Schema } from "effect"

/**
 * The JSON Schema of a request: unknown keys are rejected, as the request schemas do.
 */
export const requestJsonSchema = <A, I>(schema: Schema.Schema<A, I>): JSONSchema.JsonSchema7Root =>
  JSONSchema.make(schema)

/**
 * The JSON Schema of a response: unknown keys are allowed, since new fields may appear at any time (spec §1.12)
 * and the response schemas ignore them.
 */
export const responseJsonSchema = <A, I>(schema: Schema.Schema<A, I>): JSONSchema.JsonSchema7Root => {
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  const root = JSONSchema.fromAST(schema.ast, { definitions, additionalPropertiesStrategy: "allow" })
  return Object.keys(definitions).length === 0
    ? { $schema: "http://json-schema.org/draft-07/schema#", ...root }
    : { $schema: "http://json-schema.org/draft-07/schema#", $defs: definitions, ...root }
}
