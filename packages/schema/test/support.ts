import { readFileSync } from "node:fs"
import { expect } from "@effect/vitest"
import { Effect, Result, Schema, SchemaIssue } from "effect"
import type * as SchemaAST from "effect/SchemaAST"
import * as SchemaParser from "effect/SchemaParser"
import { requestParseOptions } from "../src/Endpoint.js"

/** Reads a JSON fixture from test/fixtures. */
export const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"))

/** A deep copy of `value` with `path` set to `next` (or removed when `next` is `remove`). */
export const remove: unique symbol = Symbol("remove")

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

export const withPath = (value: unknown, path: ReadonlyArray<string | number>, next: unknown): unknown => {
  const copy: unknown = structuredClone(value)
  let cursor: unknown = copy
  for (const key of path.slice(0, -1)) {
    if (!isRecord(cursor)) throw new Error(`no object at ${String(key)}`)
    if (cursor[key] === undefined) cursor[key] = {}
    cursor = cursor[key]
  }
  const last = path[path.length - 1]
  if (!isRecord(cursor) || last === undefined) throw new Error("bad path")
  if (next === remove) delete cursor[last]
  else cursor[last] = next
  return copy
}

/** One failing leaf of a decode or encode: the path as an array of keys, and the message. */
export interface Issue {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * The issues of decoding (or encoding) `input` with `schema`, one per leaf, with the messages effect's default
 * formatter gives (the one `Endpoint.issuesOf` uses); `[]` when it succeeds. `options` are the parse options
 * (effect's default: unknown keys ignored, the first issue only).
 */
export const listIssues = (
  schema: Schema.Top,
  input: unknown,
  direction: "decode" | "encode" = "decode",
  options?: SchemaAST.ParseOptions
): ReadonlyArray<Issue> => {
  const result =
    direction === "decode"
      ? SchemaParser.decodeUnknownResult(schema as Schema.Decoder<unknown>, options)(input)
      : SchemaParser.encodeUnknownResult(schema as Schema.Encoder<unknown>, options)(input)
  return Result.isSuccess(result)
    ? []
    : formatter(result.failure).issues.map(({ message, path }) => ({
        path: (path ?? []).map((key) => (typeof key === "object" ? key.key : key)),
        message
      }))
}

/**
 * The issues of a failed decode or encode, as `listIssues` gives them; the effect dies when `input` does not fail, so a
 * test of a rejection cannot pass on an accepted input.
 */
export const issues = (
  schema: Schema.Top,
  input: unknown,
  direction: "decode" | "encode" = "decode",
  options?: SchemaAST.ParseOptions
): Effect.Effect<ReadonlyArray<Issue>> =>
  Effect.suspend(() => {
    const found = listIssues(schema, input, direction, options)
    return found.length === 0 ? Effect.die(new Error(`expected ${direction} to fail`)) : Effect.succeed(found)
  })

/**
 * `listIssues` with the request parse options (`Endpoint.requestParseOptions`: an unknown key is an issue, every issue is
 * reported), the way the api and the sandbox validate a request.
 */
export const listRequestIssues = (
  schema: Schema.Top,
  input: unknown,
  direction: "decode" | "encode" = "decode"
): ReadonlyArray<Issue> => listIssues(schema, input, direction, requestParseOptions)

/** `issues` with the request parse options (see `listRequestIssues`). */
export const requestIssues = (
  schema: Schema.Top,
  input: unknown,
  direction: "decode" | "encode" = "decode"
): Effect.Effect<ReadonlyArray<Issue>> => issues(schema, input, direction, requestParseOptions)

/**
 * A copy of a generated value with ordinary prototypes: effect's `Arbitrary` also generates structs as objects with a
 * `null` prototype, which decoding never returns, so a round-trip test compares decoded values with `plain(value)`.
 * Class instances keep their class.
 */
export const plain = <A>(value: A): A => {
  if (Array.isArray(value)) return value.map(plain) as A
  if (typeof value !== "object" || value === null) return value
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== null && proto !== Object.prototype) return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)])) as A
}

/**
 * Asserts that `actual` is `expected` as the schema sees it (`Schema.toEquivalence`): prototypes of generated structs
 * do not matter, and -0 is 0 (JSON has no -0, so a value sent as JSON comes back as 0). A mismatch fails with the
 * diff of the two values.
 */
export const expectEquivalent = <A>(schema: Schema.Codec<A, unknown>, actual: A, expected: A): void => {
  const equivalent = Schema.toEquivalence(schema)(actual, expected)
  // The diff first, when there is one to show.
  if (!equivalent) expect(actual).toStrictEqual(expected)
  expect(equivalent, "equivalent under the schema").toBe(true)
}

/** Encodes `value`, sends it through JSON text and decodes it back, as a fake gateway's answer would travel. */
export const jsonRoundTrip = <A>(schema: Schema.Codec<A, unknown>, value: A): A =>
  Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value))))
