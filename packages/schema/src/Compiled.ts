/**
 * Decoding through a check compiled from the schema's AST, with the full `Schema` decode as the fallback.
 *
 * A response almost always arrives in its canonical form: integers as JSON numbers, booleans as booleans, no `null`
 * for an absent key. For such an input the compiled check builds the decoded value directly, by the same steps the
 * full decode takes (the same refinement filters, `new Class(fields, true)` for each `Schema.Class`, the same
 * property-signature transformations, unknown keys dropped, keys in the schema's order), without allocating the
 * `Either`s and parse issues of the general interpreter. Any other input (a tolerant shape such as
 * `week_day: ["1","2"]`, an invalid body) goes to `Schema.decodeUnknownEither`, which gives the same value, or the
 * same error, as if it had been called directly.
 *
 * What the check handles: literals, keywords, enums, refinements (their filters run as the full decode runs them),
 * structs and records with string keys, arrays and tuples, unions without literal-keyed members, `Schema.compose`,
 * optional property signatures (`Schema.optionalWith`, `fromKey`, …) and `Schema.Class`. What it leaves to the full
 * decode, always: any other transformation (`Schema.transform`, `transformOrFail`, …: a non-canonical form), any
 * other declaration, `Schema.suspend`, template literals, unions keyed by a literal property, structs decoded with
 * `onExcessProperty: "preserve"` or `propertyOrder: "original"`. In a union, a member that fails the check but
 * could still succeed through such a node sends the whole input to the full decode, so that the member the full
 * decode would pick is always the one picked.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import { compile, Fail, guarded, isNeverSure, type Run, Unsure } from "./internal/compiled.js"

interface Decoders {
  readonly check: Run | undefined
  /** The compiled check with the full decode as its fallback: made once, so a caller per call allocates nothing. */
  readonly decode: (u: unknown) => Either.Either<unknown, ParseResult.ParseError>
}

const isAnswer = (u: unknown): boolean => u !== Unsure && u !== Fail

const cache = new WeakMap<SchemaAST.AST, Decoders>()

const decodersOf = (schema: Schema.Schema.AnyNoContext): Decoders => {
  let decoders = cache.get(schema.ast)
  if (decoders === undefined) {
    const compiled = compile(schema.ast, undefined)
    const check = isNeverSure(compiled) ? undefined : guarded(compiled)
    const full = Schema.decodeUnknownEither(schema)
    const decode =
      check === undefined
        ? full
        : (u: unknown) => {
            const out = check(u)
            return isAnswer(out) ? Either.right(out) : full(u)
          }
    decoders = { check, decode }
    cache.set(schema.ast, decoders)
  }
  return decoders
}

/**
 * `Schema.decodeUnknownEither(schema)` through the compiled check: the same result for every input, cheaper when the
 * input is already in its canonical form. Compiled once per schema, on first use.
 *
 * @example
 * ```ts
 * import { Busifavor, Compiled } from "@effect-wechatpay/schema"
 * import { Either } from "effect"
 *
 * const decode = Compiled.decodeUnknownEither(Busifavor.AvailableWeek)
 * const canonical = decode({ week_day: [1, 2] }) // the compiled check answers
 * const tolerant = decode({ week_day: ["1", "2"] }) // the full decode answers: week_day [1, 2] too
 * console.log(Either.isRight(canonical) && Either.isRight(tolerant)) // true
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeUnknownEither = <A, I>(
  schema: Schema.Schema<A, I, never>
): ((u: unknown) => Either.Either<A, ParseResult.ParseError>) =>
  decodersOf(schema).decode as (u: unknown) => Either.Either<A, ParseResult.ParseError>

/**
 * Whether the compiled check of `schema` answers for `u` by itself (the input is in canonical form), without the full
 * decode: for tests and diagnostics.
 *
 * @since 0.1.0
 * @category decoding
 */
export const isCanonical =
  <A, I>(schema: Schema.Schema<A, I, never>) =>
  (u: unknown): boolean => {
    const { check } = decodersOf(schema)
    return check !== undefined && isAnswer(check(u))
  }
