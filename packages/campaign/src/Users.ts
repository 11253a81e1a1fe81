/**
 * The users of a campaign: a CSV file, a `Stream` or a SQL query. Every source yields {@link Entry} values: a user
 * (an `openid` with its line number) or a malformed line (its number, the reason, the text). A malformed line is
 * reported and skipped; it never stops the campaign.
 *
 * @since 0.2.0
 */
import * as NodeFs from "node:fs"
import { parse as parser } from "csv-parse"
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
 * The users of a CSV file, parsed by `csv-parse` as the stream is pulled (memory stays constant). A line with the
 * wrong number of fields, an unterminated quote, an empty or invalid openid is a {@link Malformed} entry with its line
 * number; blank lines are skipped; a missing file or a header without the column is a {@link UserSourceError}.
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
  await NodeFs.promises.access(path, NodeFs.constants.R_OK)
  const records = parser({
    delimiter: options.delimiter ?? ",",
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: false
  })
  const input = NodeFs.createReadStream(path, { highWaterMark: 256 * 1024 })
  input.on("error", (error) => records.destroy(error))
  input.pipe(records)
  let index: number | undefined = typeof column === "number" ? column : undefined
  let width: number | undefined
  let recovered = false
  try {
    while (true) {
      let record: { readonly record: Array<string>; readonly info: { readonly lines: number }; readonly raw: string }
      try {
        const next = await nextRecord(records)
        if (next === undefined) break
        record = next
      } catch (error) {
        const code = (error as { readonly code?: unknown } | null)?.code
        if (typeof code === "string" && code.startsWith("CSV_") && !recovered) {
          const line = (error as { readonly lines?: number }).lines ?? 0
          recovered = true
          yield new Malformed({ line, reason: `not CSV: ${(error as Error).message}`, text: "" })
          break
        }
        throw error
      }
      const line = record.info.lines
      const text = record.raw.replace(/\r?\n$/, "")
      if (header && width === undefined) {
        width = record.record.length
        if (typeof column === "string") {
          index = record.record.findIndex((name) => name.trim() === column)
          if (index < 0) throw new UserSourceError({ message: `${path}: the header has no column "${column}"` })
        }
        continue
      }
      width ??= record.record.length
      if (record.record.length !== width) {
        yield new Malformed({
          line,
          reason: `${record.record.length} fields where the file has ${width}`,
          text: clip(text)
        })
        continue
      }
      yield entry(line, record.record[index ?? 0] ?? "", text)
    }
  } finally {
    input.destroy()
    records.destroy()
  }
}

const nextRecord = (records: ReturnType<typeof parser>) =>
  new Promise<
    { readonly record: Array<string>; readonly info: { readonly lines: number }; readonly raw: string } | undefined
  >((resolve, reject) => {
    const read = () => {
      const value = records.read()
      if (value !== null) {
        cleanup()
        resolve(value)
      }
    }
    const end = () => {
      cleanup()
      resolve(undefined)
    }
    const fail = (error: unknown) => {
      cleanup()
      reject(error)
    }
    const cleanup = () => {
      records.off("readable", read)
      records.off("end", end)
      records.off("error", fail)
    }
    if (records.readableEnded) return resolve(undefined)
    records.on("readable", read)
    records.on("end", end)
    records.on("error", fail)
    read()
  })

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
