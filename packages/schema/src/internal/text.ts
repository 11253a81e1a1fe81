import type * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"

const surrogate = /[\uD800-\uDFFF]/

/** Number of Unicode code points, the way the WeChat Pay docs count "characters". */
export const charCount = (s: string): number => {
  let n = 0
  for (const _ of s) n++
  return n
}

/** Number of bytes of the UTF-8 encoding. */
export const utf8ByteLength = (s: string): number => new TextEncoder().encode(s).length

/** Number of non-ASCII code points (CJK and other wide characters). */
export const nonAsciiCount = (s: string): number => {
  let n = 0
  for (const c of s) if ((c.codePointAt(0) ?? 0) > 0x7f) n++
  return n
}

const ascii = (fc: typeof FastCheck) => fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c))
const cjk = (fc: typeof FastCheck) => fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c))
const twoByte = (fc: typeof FastCheck) => fc.integer({ min: 0xa1, max: 0x7ff }).map((c) => String.fromCharCode(c))

/** Strings of 1–3-byte UTF-8 characters: ASCII, CJK and Latin supplements. */
export const textArbitrary = (
  fc: typeof FastCheck,
  options: { readonly min?: number | undefined; readonly max?: number | undefined }
): FastCheck.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof({ arbitrary: ascii(fc), weight: 3 }, { arbitrary: cjk(fc), weight: 2 }, twoByte(fc)),
    minLength: options.min ?? 0,
    maxLength: options.max ?? 24
  })

/** Strings over an explicit alphabet. */
export const alphabetArbitrary = (
  fc: typeof FastCheck,
  alphabet: string,
  options: { readonly min: number; readonly max: number }
): FastCheck.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet.split("")), minLength: options.min, maxLength: options.max })

/** Pure-CJK strings. */
export const cjkArbitrary = (
  fc: typeof FastCheck,
  options: { readonly min: number; readonly max: number }
): FastCheck.Arbitrary<string> => fc.string({ unit: cjk(fc), minLength: options.min, maxLength: options.max })

/**
 * Rejects characters that need 4 bytes in UTF-8 (emoji, supplementary planes) and lone surrogates:
 * APIv3 accepts 1–3-byte UTF-8 only (spec §1.12).
 */
export const noFourByteUtf8 = <A extends string, I, R>(self: Schema.Schema<A, I, R>) =>
  self.pipe(
    Schema.filter((s) => !surrogate.test(s), {
      message: () => "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)",
      // Excludes the surrogate range itself, so validators with and without the regex `u` flag agree: without it an
      // emoji is two surrogate code units, with it one code point above U+FFFF, and neither is in the class.
      jsonSchema: { pattern: "^[\\u0000-\\uD7FF\\uE000-\\uFFFF]*$" }
    })
  )

/** Length in characters (code points), inclusive bounds. */
export const charLength =
  (min: number, max: number | undefined) =>
  <A extends string, I, R>(self: Schema.Schema<A, I, R>) =>
    self.pipe(
      Schema.filter(
        (s) => {
          const n = charCount(s)
          return n >= min && (max === undefined || n <= max)
        },
        {
          message: (issue) => {
            const n = typeof issue.actual === "string" ? charCount(issue.actual) : 0
            return max === undefined
              ? `must be at least ${min} character(s), got ${n}`
              : min === max
                ? `must be exactly ${min} character(s), got ${n}`
                : `must be ${min}–${max} characters, got ${n}`
          },
          jsonSchema: max === undefined ? { minLength: min } : { minLength: min, maxLength: max }
        }
      )
    )

/** Length in UTF-8 bytes, at most `max`. */
export const maxUtf8Bytes =
  (max: number) =>
  <A extends string, I, R>(self: Schema.Schema<A, I, R>) =>
    self.pipe(
      Schema.filter((s) => utf8ByteLength(s) <= max, {
        message: (issue) =>
          `must be at most ${max} UTF-8 bytes (a CJK character counts 3), got ${
            typeof issue.actual === "string" ? utf8ByteLength(issue.actual) : 0
          }`,
        jsonSchema: {}
      })
    )

/**
 * A request string: no 4-byte UTF-8, and `min`–`max` characters when given. Its arbitrary mixes ASCII, CJK and
 * 2-byte characters within the bounds.
 */
export const text = (options: { readonly min?: number; readonly max?: number } = {}) => {
  const min = options.min ?? 0
  const base = Schema.String.pipe(noFourByteUtf8)
  const bounded = min > 0 || options.max !== undefined ? base.pipe(charLength(min, options.max)) : base
  return bounded.annotations({
    arbitrary: () => (fc) => textArbitrary(fc, { min, max: options.max })
  })
}

/** An integer in an inclusive range, with a message naming the range. */
export const intBetween = (min: number, max: number) =>
  Schema.Int.pipe(Schema.between(min, max, { message: () => `must be an integer in ${min}..${max}` }))

/** Array size bounds, with a message naming the bound. */
export const itemsBetween =
  (min: number, max: number) =>
  <A extends ReadonlyArray<unknown>, I, R>(self: Schema.Schema<A, I, R>) =>
    min === max
      ? self.pipe(Schema.itemsCount(min, { message: () => `must have exactly ${min} item(s)` }))
      : min > 0
        ? self.pipe(
            Schema.minItems(min, { message: () => `must have at least ${min} item(s)` }),
            Schema.maxItems(max, { message: () => `must have at most ${max} item(s)` })
          )
        : self.pipe(Schema.maxItems(max, { message: () => `must have at most ${max} item(s)` }))

/** A closed set of request literals, with a message listing them. */
export const oneOf = <const L extends readonly [string, ...Array<string>]>(...literals: L) =>
  Schema.Literal(...literals).annotations({
    message: () => ({ message: `must be one of ${literals.join(", ")}`, override: true })
  })
