import { readFileSync } from "node:fs"
import { Effect, ParseResult, Schema } from "effect"

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

/** The issues of a failed decode or encode, flattened by ArrayFormatter to `{ path, message }`. */
export const issues = <A, I>(
  schema: Schema.Schema<A, I>,
  input: unknown,
  direction: "decode" | "encode" = "decode"
): Effect.Effect<ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>> => {
  const run: Effect.Effect<unknown, ParseResult.ParseError> =
    direction === "decode" ? Schema.decodeUnknown(schema)(input) : Schema.encodeUnknown(schema)(input)
  return run.pipe(
    Effect.flip,
    Effect.flatMap(ParseResult.ArrayFormatter.formatError),
    Effect.map((list) => list.map(({ message, path }) => ({ path, message }))),
    Effect.orDie
  )
}
