/**
 * 代金券 flow files (下载批次核销明细 / 下载批次退款明细) as streams of typed rows: ask for the link, download it with a
 * signed GET (the file itself is not signed, spec §1.4.6), check its SHA-1 against `hash_value` before anything is
 * emitted, parse the CSV (`csv-parse`) and decode each row with `Favor.UseFlowRow` / `Favor.RefundFlowRow`.
 *
 * @since 0.1.0
 */

import { createHash } from "node:crypto"
import * as Descriptor from "@effect-wechatpay/schema/Endpoint"
import * as SchemaFavor from "@effect-wechatpay/schema/Favor"
import { parse } from "csv-parse/sync"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaParser from "effect/SchemaParser"
import * as Stream from "effect/Stream"
import type * as Endpoint from "./Endpoint.js"
import * as Favor from "./Favor.js"
import { marked } from "./internal/typeId.js"
import { WechatPayClient } from "./WechatPay.js"
import { DecodeError } from "./WechatPayError.js"

/**
 * A flow file that cannot be trusted or read: its SHA-1 is not `hash_value` (`HashMismatch`), the link names a hash
 * other than SHA-1 (`UnsupportedHashType`) or a host other than the client's base URL (`ForeignUrl`: the download is
 * signed, so it goes nowhere else), or the file is not the CSV layout WeChat Pay writes (`Malformed`: not UTF-8, no
 * `总条数` trailer, a count that is not the number of rows, a row longer or shorter than the header, a header that names a
 * column twice).
 *
 * @since 0.1.0
 * @category errors
 */
export class FlowFileError extends Schema.TaggedError<FlowFileError>("@effect-wechatpay/api/FlowFileError")(
  "FlowFileError",
  {
    reason: Schema.Literals(["HashMismatch", "UnsupportedHashType", "ForeignUrl", "Malformed"]),
    message: Schema.String
  }
) {}
marked(FlowFileError)

/**
 * The link a flow endpoint answers: `url`, `hash_value` and `hash_type`.
 *
 * @since 0.1.0
 * @category models
 */
export interface FlowLink {
  readonly url: string
  readonly hash_value: string
  readonly hash_type: string
}

/**
 * A parsed flow file: its header cells, and each data row keyed by header as printed (the cells as printed too,
 * leading backticks kept for the row schemas to drop).
 *
 * @since 0.1.0
 * @category models
 */
export interface FlowTable {
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<Readonly<Record<string, string>>>
}

const TRAILER = "总条数"

const malformed = (message: string) => new FlowFileError({ reason: "Malformed", message })

const utf8 = new TextDecoder("utf-8", { fatal: true })

/**
 * A header that names one column twice (as printed, or the same after `Favor.normalizeFlowHeader`, which is how the row
 * schemas match columns): one of the two cells would overwrite the other in every row.
 */
const repeatedColumn = (header: ReadonlyArray<string>): FlowFileError | undefined => {
  const seen = new Map<string, number>()
  for (const [index, name] of header.entries()) {
    const key = SchemaFavor.normalizeFlowHeader(name)
    const first = seen.get(key)
    if (first !== undefined) {
      return malformed(`the header names the column ${name} twice (columns ${first + 1} and ${index + 1})`)
    }
    seen.set(key, index)
  }
  return undefined
}

/**
 * Parses a flow file's bytes (layout of a real 核销明细 file: a header line, data rows, then `总条数` and `` `N `` on two
 * lines; CRLF; a BOM is dropped). Fails with `Malformed` when the trailer is missing, its count is not the number of
 * rows, a row has not as many cells as the header, or the header names a column twice.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseFlowFile = (bytes: Uint8Array): Result.Result<FlowTable, FlowFileError> => {
  let records: Array<Array<string>>
  try {
    records = parse(utf8.decode(bytes), { bom: true, relax_column_count: true, skip_empty_lines: true })
  } catch (error) {
    return Result.fail(malformed(`not a UTF-8 CSV file: ${error instanceof Error ? error.message : String(error)}`))
  }
  const [header, ...rest] = records
  if (header === undefined) return Result.fail(malformed("the file is empty"))
  const repeated = repeatedColumn(header)
  if (repeated !== undefined) return Result.fail(repeated)
  const end = rest.findIndex((record) => record.length === 1 && record[0]!.trim() === TRAILER)
  if (end === -1) return Result.fail(malformed(`no ${TRAILER} trailer after the rows`))
  const count = rest[end + 1]?.[0]?.replace(/^`/, "").trim()
  const data = rest.slice(0, end)
  if (count !== String(data.length)) {
    return Result.fail(malformed(`${TRAILER} says ${count ?? "nothing"}, the file has ${data.length} rows`))
  }
  const rows: Array<Record<string, string>> = []
  for (const [index, record] of data.entries()) {
    if (record.length !== header.length) {
      return Result.fail(malformed(`row ${index + 1} has ${record.length} cells, the header ${header.length}`))
    }
    rows.push(Object.fromEntries(header.map((name, i) => [name, record[i]!])))
  }
  return Result.succeed({ header, rows })
}

/**
 * Downloads a flow file from its link with a signed GET through the client, without response verification (file
 * downloads are not signed), and checks its SHA-1 against `hash_value` (case-insensitive). Succeeds only with bytes
 * that match.
 *
 * @since 0.1.0
 * @category downloads
 */
export const download = <E extends Endpoint.Any>(
  endpoint: E,
  link: FlowLink
): Effect.Effect<Uint8Array, Endpoint.Error<E> | FlowFileError, WechatPayClient> =>
  Effect.flatMap(WechatPayClient, (client) => {
    if (link.hash_type.toUpperCase() !== "SHA1") {
      return Effect.fail(
        new FlowFileError({ reason: "UnsupportedHashType", message: `hash_type ${link.hash_type}, expected SHA1` })
      )
    }
    let sameOrigin = false
    try {
      sameOrigin = new URL(link.url).origin === new URL(client.baseUrl).origin
    } catch {
      sameOrigin = false
    }
    if (!sameOrigin) {
      return Effect.fail(
        new FlowFileError({ reason: "ForeignUrl", message: `the file URL is not on ${client.baseUrl}` })
      )
    }
    return Effect.flatMap(client.download(endpoint, link.url), (bytes) => {
      const sha1 = createHash("sha1").update(bytes).digest("hex")
      return sha1 === link.hash_value.trim().toLowerCase()
        ? Effect.succeed(bytes)
        : Effect.fail(
            new FlowFileError({
              reason: "HashMismatch",
              message: `the file's SHA-1 is ${sha1}, the link says ${link.hash_value}`
            })
          )
    })
  })

/**
 * The rows of the file a link endpoint answers: the link, the checked download, the parse, then each row decoded
 * with `row` as the stream is pulled (a row that does not decode is a `DecodeError` locating it).
 */
const rowsOf = <E extends Endpoint.Any, R>(
  endpoint: E,
  link: Effect.Effect<FlowLink, Endpoint.Error<E>, WechatPayClient>,
  row: Schema.ConstraintDecoder<R>
): Stream.Stream<R, Endpoint.Error<E> | FlowFileError, WechatPayClient> => {
  const decode = SchemaParser.decodeUnknownResult(row)
  return Stream.unwrap(
    Effect.gen(function* () {
      const bytes = yield* download(endpoint, yield* link)
      const table = yield* Effect.fromResult(parseFlowFile(bytes))
      return Stream.mapEffect(Stream.fromIterable(table.rows.entries()), ([index, cells]) =>
        Effect.fromResult(
          Result.mapError(decode(cells), (issue) => {
            const [first] = Descriptor.issuesOf(issue)
            const path = first?.path ?? ""
            return new DecodeError({
              message: `${endpoint.name}: row ${index + 1} of the file: ${path || "/"}: ${first?.message ?? "invalid"}`,
              path: `/${index}${path}`
            })
          })
        )
      )
    })
  )
}

/**
 * 下载批次核销明细 as rows: the redemption records of a 代金券 batch, decoded to `Favor.UseFlowRecord` (amounts in
 * fen). Nothing is emitted unless the whole file's SHA-1 matches the link's `hash_value`; a mismatch fails with
 * `FlowFileError` `HashMismatch`.
 *
 * @example
 * ```ts
 * import { FlowFiles } from "@effect-wechatpay/api"
 * import { Effect, Stream } from "effect"
 *
 * const redeemed = FlowFiles.useFlow("9856000").pipe(
 *   Stream.runFold(() => 0, (fen, row) => fen + (row.coupon_amount ?? 0)),
 *   Effect.map((fen) => `${fen / 100} 元 redeemed`)
 * )
 * ```
 *
 * @since 0.1.0
 * @category streams
 */
export const useFlow = (
  stock_id: string
): Stream.Stream<SchemaFavor.UseFlowRecord, Favor.UseFlowError | FlowFileError, WechatPayClient> =>
  rowsOf(SchemaFavor.UseFlow, Favor.useFlow({ stock_id }), SchemaFavor.UseFlowRow)

/**
 * 下载批次退款明细 as rows, decoded to `Favor.RefundFlowRecord` (every field optional: no source shows this file's
 * columns; the 核销明细 headers are matched, other columns kept in `extra`). Checked as {@link useFlow}.
 *
 * @since 0.1.0
 * @category streams
 */
export const refundFlow = (
  stock_id: string
): Stream.Stream<SchemaFavor.RefundFlowRecord, Favor.RefundFlowError | FlowFileError, WechatPayClient> =>
  rowsOf(SchemaFavor.RefundFlow, Favor.refundFlow({ stock_id }), SchemaFavor.RefundFlowRow)
