import * as Schema from "effect/Schema"

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

/** An optional request key: may be absent, never `null` (an `undefined` value is dropped first, see `withoutUndefined`). */
export const optionalKey = <A, I>(self: Schema.Schema<A, I>) => Schema.optionalWith(self, { exact: true })

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

/** The Standard Schema V1 wrapper type, named through `effect` so declarations stay portable. */
export interface StandardSchema<A, I> extends ReturnType<typeof Schema.standardSchemaV1<A, I>> {}

/** `Schema.standardSchemaV1` with a portable declared type. */
export const standard = <A, I>(schema: Schema.Schema<A, I>): StandardSchema<A, I> => Schema.standardSchemaV1(schema)

/** The Standard Schema of a request: as `standard`, with keys given as `undefined` dropped first. */
export const standardRequest = <A, I>(schema: Schema.Schema<A, I>): StandardSchema<A, I> => {
  const inner = standard(schema)
  const validate = inner["~standard"].validate
  return Object.assign(Object.create(inner) as StandardSchema<A, I>, {
    "~standard": { ...inner["~standard"], validate: (value: unknown) => validate(withoutUndefined(value)) }
  })
}
