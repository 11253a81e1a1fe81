import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"

const surrogate = /[\uD800-\uDFFF]/

/** Number of Unicode code points, the way the WeChat Pay docs count "characters". */
export const charCount = (s: string): number => {
  let n = 0
  for (const _ of s) n++
  return n
}

/** Number of bytes of the UTF-8 encoding. */
export const utf8ByteLength = (s: string): number => Buffer.byteLength(s, "utf8")

/** Number of non-ASCII code points (CJK and other wide characters). */
export const nonAsciiCount = (s: string): number => {
  let n = 0
  for (const c of s) if ((c.codePointAt(0) ?? 0) > 0x7f) n++
  return n
}

/**
 * What generated request text is made of: printable ASCII, CJK ideographs and 2-byte Latin supplements (all 1–3-byte
 * UTF-8), so property tests exercise character counts that differ from byte counts.
 */
const textPattern = { source: "^[ -~\\u4E00-\\u9FA5\\u00A1-\\u07FF]*$", flags: "u" } as const

/**
 * Rejects characters that need 4 bytes in UTF-8 (emoji, supplementary planes) and lone surrogates: APIv3 accepts
 * 1–3-byte UTF-8 only (docs/sources/wechatpay-v3.md §1.12).
 */
export const noFourByteUtf8: SchemaAST.Filter<string> = Schema.makeFilter<string>(
  (s) =>
    !surrogate.test(s) || "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)",
  {
    expected: "1–3-byte UTF-8 text (no emoji)",
    // Excludes the surrogate range itself, so validators with and without the regex `u` flag agree: without it an
    // emoji is two surrogate code units, with it one code point above U+FFFF, and neither is in the class.
    toJsonSchema: () => ({ pattern: "^[\\u0000-\\uD7FF\\uE000-\\uFFFF]*$" }),
    arbitraryConstraint: { patterns: [textPattern] }
  }
)

/** Length in characters (code points), inclusive bounds; the message says how many there were. */
export const charLength = (min: number, max: number | undefined): SchemaAST.Filter<string> =>
  Schema.makeFilter<string>(
    (s) => {
      const n = charCount(s)
      if (n >= min && (max === undefined || n <= max)) return undefined
      return max === undefined
        ? `must be at least ${min} character(s), got ${n}`
        : min === max
          ? `must be exactly ${min} character(s), got ${n}`
          : `must be ${min}–${max} characters, got ${n}`
    },
    {
      expected: max === undefined ? `at least ${min} character(s)` : `${min}–${max} characters`,
      toJsonSchema: () => (max === undefined ? { minLength: min } : { minLength: min, maxLength: max }),
      // Generation only: `maxLength` (UTF-16 units) bounds generated strings too. Without it they may run to twice
      // `max` units and are discarded past `max` code points; with the 1–3-byte text requests take, a code point is one
      // unit, so nothing valid is left out.
      arbitraryConstraint:
        max === undefined ? { minCodePoints: min } : { minCodePoints: min, maxCodePoints: max, maxLength: max }
    }
  )

/** Length in UTF-8 bytes, at most `max`. */
export const maxUtf8Bytes = (max: number): SchemaAST.Filter<string> =>
  Schema.makeFilter<string>(
    (s) => {
      const n = utf8ByteLength(s)
      return n <= max || `must be at most ${max} UTF-8 bytes (a CJK character counts 3), got ${n}`
    },
    {
      expected: `at most ${max} UTF-8 bytes`,
      // JSON Schema counts characters, not bytes: no keyword states this exactly, and a character count of `max`
      // would accept what this rejects. Left out, as an approximation.
      toJsonSchema: () => [{}, true],
      // At most 3 bytes a generated character: a third of the bytes in characters always fits.
      arbitraryConstraint: { maxCodePoints: Math.floor(max / 3) }
    }
  )

/**
 * A request string: no 4-byte UTF-8, and `min`–`max` characters when given. Generated values mix ASCII, CJK and
 * 2-byte characters within the bounds.
 */
export const text = (options: { readonly min?: number; readonly max?: number } = {}) => {
  const min = options.min ?? 0
  return min > 0 || options.max !== undefined
    ? Schema.String.check(noFourByteUtf8, charLength(min, options.max))
    : Schema.String.check(noFourByteUtf8)
}

/** An integer in an inclusive range, with a message naming the range. */
export const intBetween = (min: number, max: number) =>
  Schema.Int.check(
    Schema.isBetween({ minimum: min, maximum: max }, { message: `must be an integer in ${min}..${max}` })
  )

/** Array size bounds, with a message naming the bound. */
export const itemsBetween = (min: number, max: number): SchemaAST.Check<ReadonlyArray<unknown>> =>
  min === max
    ? Schema.isBetweenLength(min, max, { message: `must have exactly ${min} item(s)` })
    : min > 0
      ? Schema.makeFilterGroup([
          Schema.isMinLength(min, { message: `must have at least ${min} item(s)` }),
          Schema.isMaxLength(max, { message: `must have at most ${max} item(s)` })
        ])
      : Schema.isMaxLength(max, { message: `must have at most ${max} item(s)` })

/** A closed set of request literals, with a message listing them. */
export const oneOf = <const L extends readonly [string, ...Array<string>]>(...literals: L) =>
  Schema.Literals(literals).annotate({ message: `must be one of ${literals.join(", ")}` })
