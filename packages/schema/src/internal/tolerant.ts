import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaTransformation from "effect/SchemaTransformation"
import type { StandardSchemaV1 } from "effect/StandardSchema"

const tolerantBooleanMessage = 'must be a boolean or "true"/"false"'

/** `true`/`false`, or the strings `"true"`/`"false"` seen in doc examples (docs/sources/wechatpay-v3.md Q2); encodes to a JSON boolean. */
export const TolerantBoolean: Schema.Codec<boolean, boolean | "true" | "false"> = Schema.Union([
  Schema.Boolean,
  // The message here too: a string input selects this member, and its issue is what gets reported.
  Schema.Literals(["true", "false"])
    .annotate({ message: tolerantBooleanMessage })
    .pipe(
      Schema.decodeTo(
        Schema.Boolean,
        SchemaTransformation.transform({
          decode: (s) => s === "true",
          encode: (b) => (b ? ("true" as const) : ("false" as const))
        })
      )
    )
]).annotate({ message: tolerantBooleanMessage })

const numberMessage = "must be a number or a string of decimal digits"

// The message on the pattern too: a string input selects this member, and its issue is what gets reported.
const NumberFromIntegerString = Schema.String.check(Schema.isPattern(/^-?\d+$/u, { message: numberMessage })).pipe(
  Schema.decodeTo(Schema.Finite, SchemaTransformation.transform({ decode: (s) => Number(s), encode: (n) => String(n) }))
)

const NumberOrIntegerString = Schema.Union([Schema.Finite, NumberFromIntegerString]).annotate({
  message: numberMessage
})

/**
 * Decodes a JSON number or a numeric string (e.g. `week_day: ["1","2"]`, docs/sources/wechatpay-v3.md Q1) into `to`; encodes to a JSON
 * number.
 */
export const tolerantInt = <A>(to: Schema.Codec<A, number>): Schema.Codec<A, number | string> =>
  NumberOrIntegerString.pipe(Schema.decodeTo(to))

/** A response integer that may arrive as a numeric string. */
export const WireInt: Schema.Codec<number, number | string> = tolerantInt(Schema.Int)

const UnknownMember = Schema.String.pipe(
  Schema.refine((_: string): _ is string & {} => true, {
    description: "a value not documented yet, kept as sent",
    toJsonSchema: () => ({})
  })
)

/**
 * An open enum: the documented literals are typed, any other string is kept as sent, never rejected (docs/sources/wechatpay-v3.md Q8).
 */
export const openEnum = <const L extends readonly [string, ...Array<string>]>(
  ...literals: L
): Schema.Codec<L[number] | (string & {})> => Schema.Union([Schema.Literals(literals), UnknownMember])

/**
 * An optional response key: absent and `null` both decode to an absent key (docs/sources/wechatpay-v3.md §1.12:
 * null-valued keys may be omitted; and Q2 there).
 */
export const optionalOnWire = <S extends Schema.Top>(self: S) =>
  Schema.optionalKey(Schema.NullOr(self)).pipe(
    Schema.decodeTo(Schema.optionalKey(Schema.toType(self)), {
      decode: SchemaGetter.transformOptional(Option.filter(Predicate.isNotNull)),
      encode: SchemaGetter.passthroughSupertype()
    })
  )

/** An optional request key: may be absent, never `null` (an `undefined` value is dropped first, see `withoutUndefined`). */
export const optionalKey: <S extends Schema.Constraint>(self: S) => Schema.optionalKey<S> = Schema.optionalKey

/**
 * A copy of a plain JSON-like value without the object keys whose value is `undefined` (at any depth), as
 * `JSON.stringify` would drop them: an optional request key given as `undefined` from plain JavaScript is absent.
 * Returns the value itself when there is nothing to drop.
 */
export const withoutUndefined = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    let copy: Array<unknown> | undefined
    value.forEach((item, i) => {
      const next = withoutUndefined(item)
      if (next !== item) {
        copy ??= value.slice()
        copy[i] = next
      }
    })
    return copy ?? value
  }
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value
  let copy: Record<string, unknown> | undefined
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) {
      copy ??= { ...value }
      delete copy[key]
      continue
    }
    const next = withoutUndefined(item)
    if (next !== item) {
      copy ??= { ...value }
      copy[key] = next
    }
  }
  return copy ?? value
}

/** The Standard Schema V1 interface of a codec (`~standard`), on a value of its own. */
export interface StandardSchema<A, I> {
  readonly "~standard": StandardSchemaV1<I, A>["~standard"]
}

/** The Standard Schema V1 wrapper of a codec. */
export const standard = <A, I>(
  schema: Schema.Codec<A, I>,
  parseOptions?: SchemaAST.ParseOptions
): StandardSchema<A, I> => {
  const wrapped = Schema.toStandardSchemaV1(schema, parseOptions === undefined ? undefined : { parseOptions })
  return { "~standard": wrapped["~standard"] }
}

/**
 * The Standard Schema of a request: as `standard` with the request parse options (unknown keys rejected), keys given
 * as `undefined` dropped first.
 */
export const standardRequest = <A, I>(
  schema: Schema.Codec<A, I>,
  parseOptions: SchemaAST.ParseOptions
): StandardSchema<A, I> => {
  const inner = standard(schema, parseOptions)["~standard"]
  return { "~standard": { ...inner, validate: (value: unknown) => inner.validate(withoutUndefined(value)) } }
}
