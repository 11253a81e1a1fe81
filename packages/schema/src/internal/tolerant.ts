import { Schema } from "effect"

/** `true`/`false`, or the strings `"true"`/`"false"` seen in doc examples (spec Q2); encodes to a JSON boolean. */
export const TolerantBoolean: Schema.Schema<boolean, boolean | "true" | "false"> = Schema.Union(
  Schema.Boolean,
  Schema.transform(Schema.Literal("true", "false"), Schema.Boolean, {
    strict: true,
    decode: (s) => s === "true",
    encode: (b) => (b ? "true" : "false")
  })
).annotations({ message: () => ({ message: 'must be a boolean or "true"/"false"', override: true }) })

const IntegerString = Schema.String.pipe(Schema.pattern(/^-?\d+$/))

const NumberFromIntegerString = Schema.transform(IntegerString, Schema.Number, {
  strict: true,
  decode: (s) => Number(s),
  encode: (n) => String(n)
})

const NumberOrIntegerString = Schema.Union(Schema.Number, NumberFromIntegerString).annotations({
  message: () => ({ message: "must be a number or a string of decimal digits", override: true })
})

/**
 * Decodes a JSON number or a numeric string (e.g. `week_day: ["1","2"]`, spec Q1) into `to`; encodes to a JSON
 * number.
 */
export const tolerantInt = <A>(to: Schema.Schema<A, number>): Schema.Schema<A, number | string> =>
  Schema.compose(NumberOrIntegerString, to)

/** A response integer that may arrive as a numeric string. */
export const WireInt: Schema.Schema<number, number | string> = tolerantInt(Schema.Int)

const UnknownMember = Schema.String.pipe(
  Schema.filter((_: string): _ is string & {} => true, {
    jsonSchema: {},
    description: "a value not documented yet, kept as sent"
  })
)

/**
 * An open enum: the documented literals are typed, any other string is kept as sent, never rejected (spec Q8).
 */
export const openEnum = <const L extends readonly [string, ...Array<string>]>(
  ...literals: L
): Schema.Schema<L[number] | (string & {})> => Schema.Union(Schema.Literal(...literals), UnknownMember)

/**
 * An optional response key: absent and `null` both decode to an absent key (spec §1.12: null-valued keys may be
 * omitted; Q2).
 */
export const optionalOnWire = <A, I>(self: Schema.Schema<A, I>) =>
  Schema.optionalWith(self, { exact: true, nullable: true })

/** An optional request key: may be absent, never `undefined` or `null`. */
export const optionalKey = <A, I>(self: Schema.Schema<A, I>) => Schema.optionalWith(self, { exact: true })

/** The Standard Schema V1 wrapper type, named through `effect` so declarations stay portable. */
export interface StandardSchema<A, I> extends ReturnType<typeof Schema.standardSchemaV1<A, I>> {}

/** `Schema.standardSchemaV1` with a portable declared type. */
export const standard = <A, I>(schema: Schema.Schema<A, I>): StandardSchema<A, I> => Schema.standardSchemaV1(schema)
