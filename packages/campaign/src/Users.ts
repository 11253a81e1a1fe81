/**
 * The users of a campaign: a CSV file, a `Stream` or a SQL query. Every source yields {@link Entry} values: a user
 * (an `openid` with its line number) or a malformed line (its number, the reason, the text). A malformed line is
 * reported and skipped; it never stops the campaign.
 *
 * @since 0.2.0
 */
import * as NodeFs from "node:fs"
import * as Readline from "node:readline"
import { parse } from "csv-parse/sync"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as SqlClient from "effect/sql/SqlClient"
import type * as Statement from "effect/sql/Statement"
import { marked } from "./internal/typeId.js"

/**
 * A user of the campaign: the `openid` read on `line` (1-based; for a CSV file with a header, the header is line 1).
 *
 * @since 0.2.0
 * @category models
 */
export class User extends Schema.TaggedClass<User>("@effect-wechatpay/campaign/User")("User", {
  line: Schema.Number,
  openid: Schema.String
}) {}

/**
 * A line that names no usable user: its number, why, and its text (cut to 200 characters).
 *
 * @since 0.2.0
 * @category models
 */
export class Malformed extends Schema.TaggedClass<Malformed>("@effect-wechatpay/campaign/Malformed")("Malformed", {
  line: Schema.Number,
  reason: Schema.String,
  text: Schema.String
}) {}

/**
 * What a source yields.
 *
 * @since 0.2.0
 * @category models
 */
export type Entry = User | Malformed

/**
 * A source that could not be read at all (a missing file, a failed query): the campaign does not start, or stops
 * where it was and resumes from there.
 *
 * @since 0.2.0
 * @category errors
 */
export class UserSourceError extends Schema.TaggedError<UserSourceError>("@effect-wechatpay/campaign/UserSourceError")(
  "UserSourceError",
  { message: Schema.String }
) {}
marked(UserSourceError)

/**
 * A source of users.
 *
 * @since 0.2.0
 * @category models
 */
export type UserSource<R = never> = Stream.Stream<Entry, UserSourceError, R>

/**
 * The pattern an `openid` must have to be sent a coupon: 1–128 letters, digits, `_` or `-` (the 用户标识 of the
 * send endpoints' request schemas).
 *
 * @since 0.2.0
 * @category constants
 */
export const openidPattern: RegExp = /^[0-9A-Za-z_-]{1,128}$/

const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text)

/**
 * Checks one `openid` read on `line`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const entry = (line: number, openid: string, text: string = openid): Entry => {
  const trimmed = openid.trim()
  if (trimmed === "") return new Malformed({ line, reason: "no openid", text: clip(text) })
  if (!openidPattern.test(trimmed)) {
    return new Malformed({ line, reason: "not an openid (1-128 letters, digits, _ or -)", text: clip(text) })
  }
  return new User({ line, openid: trimmed })
}

/**
 * Options of {@link csv}.
 *
 * @since 0.2.0
 * @category models
 */
export interface CsvOptions {
  /** The column holding the openid: its header name (default `openid`), or its 0-based index when `header` is false. */
  readonly column?: string | number | undefined
  /** Whether the first line names the columns (default true). */
  readonly header?: boolean | undefined
  /** The field delimiter (default `,`). */
  readonly delimiter?: string | undefined
}

/**
 * The users of a CSV file, read line by line as the stream is pulled (memory stays constant), each line parsed by
 * `csv-parse`. One record per line: a stray or unclosed quote spoils its own line only (a multi-line field is not
 * a user list's). A line that is not CSV, has the wrong number of fields, or an empty or invalid openid is a
 * {@link Malformed} entry with its line number; blank lines are skipped; a missing file or a header without the
 * column is a {@link UserSourceError}.
 *
 * @example
 * ```ts fragment
 * import { Users } from "@effect-wechatpay/campaign"
 *
 * const users = Users.csv("users.csv", { column: "openid" })
 * ```
 *
 * @since 0.2.0
 * @category sources
 */
export const csv = (path: string, options?: CsvOptions): UserSource =>
  Stream.fromAsyncIterable(csvEntries(path, options ?? {}), (error) =>
    error instanceof UserSourceError
      ? error
      : new UserSourceError({ message: `${path}: ${error instanceof Error ? error.message : String(error)}` })
  )

async function* csvEntries(path: string, options: CsvOptions): AsyncGenerator<Entry> {
  const header = options.header ?? true
  const column = options.column ?? (header ? "openid" : 0)
  const delimiter = options.delimiter ?? ","
  await NodeFs.promises.access(path, NodeFs.constants.R_OK)
  const input = NodeFs.createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 })
  const lines = Readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  let index: number | undefined = typeof column === "number" ? column : undefined
  let width: number | undefined
  let line = 0
  try {
    for await (const raw of lines) {
      line++
      const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw
      if (text.trim() === "") continue
      let fields: Array<string>
      try {
        const [record] = parse(text, { delimiter, relax_column_count: true }) as Array<Array<string>>
        fields = record ?? []
      } catch (error) {
        yield new Malformed({
          line,
          reason: `not CSV: ${error instanceof Error ? error.message.replace(/^Invalid Record Length: |\s*$/, "") : String(error)}`,
          text: clip(text)
        })
        continue
      }
      if (header && width === undefined) {
        width = fields.length
        if (typeof column === "string") {
          index = fields.findIndex((name) => name.trim() === column)
          if (index < 0) throw new UserSourceError({ message: `${path}: the header has no column "${column}"` })
        }
        continue
      }
      width ??= fields.length
      if (fields.length !== width) {
        yield new Malformed({ line, reason: `${fields.length} fields where the file has ${width}`, text: clip(text) })
        continue
      }
      yield entry(line, fields[index ?? 0] ?? "", text)
    }
  } finally {
    lines.close()
    input.destroy()
  }
}

/**
 * The users of a stream of openids, numbered from 1 in the stream's order; invalid ones are {@link Malformed}.
 *
 * @since 0.2.0
 * @category sources
 */
export const fromIterable = (openids: Iterable<string>): UserSource =>
  Stream.fromIterable(openids).pipe(
    Stream.zipWithIndex,
    Stream.map(([openid, index]) => entry(index + 1, openid))
  )

/**
 * The users of a `Stream` of openids, numbered from 1 in the stream's order; invalid ones are {@link Malformed}. The
 * stream's failure becomes a {@link UserSourceError}.
 *
 * @since 0.2.0
 * @category sources
 */
export const fromStream = <E, R>(openids: Stream.Stream<string, E, R>): UserSource<R> =>
  openids.pipe(
    Stream.mapError((error) => new UserSourceError({ message: `the user stream failed: ${String(error)}` })),
    Stream.zipWithIndex,
    Stream.map(([openid, index]) => entry(index + 1, openid))
  )

/**
 * The users a SQL query returns: its `openid` column (or the column named `column`), row numbers from 1 in the
 * query's order (give it an `ORDER BY` so that a resumed campaign reads the same order).
 *
 * @since 0.2.0
 * @category sources
 */
export const fromSql = (
  query: (sql: SqlClient.SqlClient) => Statement.Statement<Record<string, unknown>>,
  options?: { readonly column?: string | undefined }
): UserSource<SqlClient.SqlClient> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const rows = yield* query(sql).pipe(
        Effect.mapError((error) => new UserSourceError({ message: `the user query failed: ${error.message}` }))
      )
      const column = options?.column ?? "openid"
      return Stream.fromIterable(rows).pipe(
        Stream.zipWithIndex,
        Stream.map(([row, index]) => {
          const value = row[column]
          return typeof value === "string"
            ? entry(index + 1, value)
            : new Malformed({
                line: index + 1,
                reason: `no string "${column}" column`,
                text: clip(JSON.stringify(row))
              })
        })
      )
    })
  )
