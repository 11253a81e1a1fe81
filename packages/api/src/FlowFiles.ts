/**
 * 代金券 flow files (下载批次核销明细 / 下载批次退款明细) as streams of typed rows: ask for the link, download it with a
 * signed GET (the file itself is not signed, spec §1.4.6) into a private temporary file while its SHA-1 is computed,
 * compare the SHA-1 with `hash_value`, and only then parse the file (`csv-parse`) and decode each row with
 * `Favor.UseFlowRow` / `Favor.RefundFlowRow` as the stream is pulled. Memory stays constant whatever the file's size
 * (a campaign of a million coupons writes ~130 MB); the file is removed when the stream ends.
 *
 * @since 0.1.0
 */

import { createHash } from "node:crypto"
import * as NodeFs from "node:fs"
import * as FsPromises from "node:fs/promises"
import * as Os from "node:os"
import * as NodePath from "node:path"
import { pipeline } from "node:stream"
import * as Descriptor from "@effect-wechatpay/schema/Endpoint"
import * as SchemaFavor from "@effect-wechatpay/schema/Favor"
import { parse as parser } from "csv-parse"
import { parse } from "csv-parse/sync"
import type * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Endpoint from "./Endpoint.js"
import * as Favor from "./Favor.js"
import { marked } from "./internal/typeId.js"
import { WechatPayClient } from "./WechatPay.js"
import { DecodeError } from "./WechatPayError.js"

/**
 * A flow file that cannot be trusted or read: its SHA-1 is not `hash_value` (`HashMismatch`), the link names a hash
 * other than SHA-1 (`UnsupportedHashType`) or a host other than the client's base URL (`ForeignUrl`: the download is
 * signed, so it goes nowhere else), the file is not the CSV layout WeChat Pay writes (`Malformed`: not UTF-8, no
 * `总条数` trailer, a count that is not the number of rows, a row longer or shorter than the header, a header that names a
 * column twice), or the temporary file could not be written or read (`TempFile`: a full disk, no permission; the
 * message names the OS error).
 *
 * @since 0.1.0
 * @category errors
 */
export class FlowFileError extends Schema.TaggedError<FlowFileError>("@effect-wechatpay/api/FlowFileError")(
  "FlowFileError",
  {
    reason: Schema.Literals(["HashMismatch", "UnsupportedHashType", "ForeignUrl", "Malformed", "TempFile"]),
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

/**
 * Options of {@link useFlow} and {@link refundFlow}.
 *
 * @since 0.2.0
 * @category models
 */
export interface FlowFileOptions {
  /**
   * The largest file accepted, in bytes (default 1 GiB, about 8 million rows): a larger one fails with
   * `TransportError` `ResponseTooLarge` as soon as it passes the limit, and no row is emitted.
   */
  readonly maxBytes?: number | undefined
  /**
   * The directory the file is kept in while it is checked and read (default `os.tmpdir()`): a directory of its own
   * (mode 0700) holding the file (mode 0600), removed when the stream ends, fails or is interrupted.
   */
  readonly tempDirectory?: string | undefined
}

const TRAILER = "总条数"

const malformed = (message: string) => new FlowFileError({ reason: "Malformed", message })

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** The options every parse of a flow file uses (a BOM dropped, empty lines skipped, rows of any length kept). */
const CSV_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true } as const

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
 * Reads a flow file's records in order (layout of a real 核销明细 file: a header line, data rows, then `总条数` and
 * `` `N `` on two lines): `next` answers a data row keyed by header, `undefined` for the header and the trailer, or the
 * `Malformed` error of a record; `end` checks the trailer's count against the rows. Records after the count are ignored.
 */
class FlowReader {
  header: ReadonlyArray<string> | undefined
  rows = 0
  private state: "header" | "rows" | "count" | "done" = "header"
  private count: string | undefined

  next(record: ReadonlyArray<string>): Record<string, string> | undefined | FlowFileError {
    switch (this.state) {
      case "header": {
        this.header = record
        this.state = "rows"
        return repeatedColumn(record)
      }
      case "rows": {
        if (record.length === 1 && record[0]!.trim() === TRAILER) {
          this.state = "count"
          return undefined
        }
        const header = this.header!
        if (record.length !== header.length) {
          return malformed(`row ${this.rows + 1} has ${record.length} cells, the header ${header.length}`)
        }
        this.rows += 1
        const row: Record<string, string> = {}
        for (let i = 0; i < header.length; i++) row[header[i]!] = record[i]!
        return row
      }
      case "count": {
        this.count = record[0]?.replace(/^`/, "").trim()
        this.state = "done"
        return undefined
      }
      case "done":
        return undefined
    }
  }

  end(): FlowFileError | undefined {
    if (this.state === "header") return malformed("the file is empty")
    if (this.state === "rows") return malformed(`no ${TRAILER} trailer after the rows`)
    if (this.count !== String(this.rows)) {
      return malformed(`${TRAILER} says ${this.count ?? "nothing"}, the file has ${this.rows} rows`)
    }
    return undefined
  }
}

/**
 * Parses a flow file's bytes (layout of a real 核销明细 file: a header line, data rows, then `总条数` and `` `N `` on two
 * lines; CRLF; a BOM is dropped). Fails with `Malformed` when the trailer is missing, its count is not the number of
 * rows, a row has not as many cells as the header, or the header names a column twice. The whole file is held: for
 * files of any size, {@link useFlow} and {@link refundFlow} stream from a temporary file instead.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseFlowFile = (bytes: Uint8Array): Result.Result<FlowTable, FlowFileError> => {
  let records: Array<Array<string>>
  try {
    records = parse(utf8.decode(bytes), CSV_OPTIONS)
  } catch (error) {
    return Result.fail(malformed(`not a UTF-8 CSV file: ${error instanceof Error ? error.message : String(error)}`))
  }
  const reader = new FlowReader()
  const rows: Array<Record<string, string>> = []
  for (const record of records) {
    const next = reader.next(record)
    if (next instanceof FlowFileError) return Result.fail(next)
    if (next !== undefined) rows.push(next)
  }
  const ended = reader.end()
  return ended === undefined ? Result.succeed({ header: reader.header!, rows }) : Result.fail(ended)
}

/** The SHA-1 link check and the same-origin check, before anything is fetched. */
const checkLink = (link: FlowLink, baseUrl: string): FlowFileError | undefined => {
  if (link.hash_type.toUpperCase() !== "SHA1") {
    return new FlowFileError({ reason: "UnsupportedHashType", message: `hash_type ${link.hash_type}, expected SHA1` })
  }
  let sameOrigin = false
  try {
    sameOrigin = new URL(link.url).origin === new URL(baseUrl).origin
  } catch {
    sameOrigin = false
  }
  return sameOrigin
    ? undefined
    : new FlowFileError({ reason: "ForeignUrl", message: `the file URL is not on ${baseUrl}` })
}

const hashMismatch = (sha1: string, link: FlowLink) =>
  new FlowFileError({
    reason: "HashMismatch",
    message: `the file's SHA-1 is ${sha1}, the link says ${link.hash_value}`
  })

/**
 * Downloads a flow file from its link with a signed GET through the client, without response verification (file
 * downloads are not signed), and checks its SHA-1 against `hash_value` (case-insensitive). Succeeds only with bytes
 * that match. The bytes are held in memory (and bounded by the transport's limit for buffered bodies, 8 MiB for
 * `NodeTransport`): {@link useFlow} and {@link refundFlow} stream files of any size.
 *
 * @since 0.1.0
 * @category downloads
 */
export const download = <E extends Endpoint.Any>(
  endpoint: E,
  link: FlowLink
): Effect.Effect<Uint8Array, Endpoint.Error<E> | FlowFileError, WechatPayClient> =>
  Effect.flatMap(WechatPayClient, (client) => {
    const refused = checkLink(link, client.baseUrl)
    if (refused !== undefined) return Effect.fail(refused)
    return Effect.flatMap(client.download(endpoint, link.url), (bytes) => {
      const sha1 = createHash("sha1").update(bytes).digest("hex")
      return sha1 === link.hash_value.trim().toLowerCase()
        ? Effect.succeed(bytes)
        : Effect.fail(hashMismatch(sha1, link))
    })
  })

/** The `TempFile` error of a failed file operation, naming the OS error (never the file's content). */
const tempFileError = (cause: unknown) =>
  new FlowFileError({
    reason: "TempFile",
    message: `the temporary flow file: ${cause instanceof Error ? cause.message : String(cause)}`
  })

interface TempFile {
  readonly path: string
  readonly handle: FsPromises.FileHandle
}

/**
 * A private temporary file in a directory of its own (`mkdtemp`: mode 0700; the file 0600, created exclusively),
 * removed with the scope.
 */
const tempFile = (directory: string | undefined): Effect.Effect<TempFile, FlowFileError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const dir = await FsPromises.mkdtemp(NodePath.join(directory ?? Os.tmpdir(), "effect-wechatpay-flow-"))
        const path = NodePath.join(dir, "flow.csv")
        try {
          return { dir, path, handle: await FsPromises.open(path, "wx", 0o600) }
        } catch (error) {
          await FsPromises.rm(dir, { recursive: true, force: true })
          throw error
        }
      },
      catch: tempFileError
    }),
    ({ dir, handle }) =>
      Effect.promise(async () => {
        await handle.close().catch(() => undefined)
        await FsPromises.rm(dir, { recursive: true, force: true }).catch(() => undefined)
      })
  )

/** Writes all of `chunk` (a write may take part of it). */
const writeAll = async (handle: FsPromises.FileHandle, chunk: Uint8Array): Promise<void> => {
  let offset = 0
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset)
    offset += bytesWritten
  }
}

/**
 * Runs the download into the file, computing its SHA-1 and checking it is UTF-8 on the way; the hex SHA-1, or
 * `Malformed` for bytes that are not UTF-8. One chunk is held at a time: the next is pulled once this one is written.
 */
const save = <E>(bytes: Stream.Stream<Uint8Array, E>, file: TempFile): Effect.Effect<string, E | FlowFileError> =>
  Effect.suspend(() => {
    const hash = createHash("sha1")
    const decoder = new TextDecoder("utf-8", { fatal: true })
    let notUtf8: string | undefined
    const checkUtf8 = (decode: () => unknown) => {
      if (notUtf8 !== undefined) return
      try {
        decode()
      } catch (error) {
        notUtf8 = error instanceof Error ? error.message : String(error)
      }
    }
    return Effect.flatMap(
      Stream.runForEach(bytes, (chunk) => {
        hash.update(chunk)
        checkUtf8(() => decoder.decode(chunk, { stream: true }))
        return Effect.tryPromise({ try: () => writeAll(file.handle, chunk), catch: tempFileError })
      }),
      () => {
        checkUtf8(() => decoder.decode())
        if (notUtf8 !== undefined) return Effect.fail(malformed(`not a UTF-8 CSV file: ${notUtf8}`))
        return Effect.succeed(hash.digest("hex"))
      }
    )
  })

/** Records are parsed and decoded this many at a time, and emitted as one chunk. */
const BATCH = 1000

/**
 * The decoded rows of a checked file, read from disk as they are pulled: `csv-parse`'s stream parser over a read
 * stream, the records through {@link FlowReader}, each row decoded with `decode`. Throws the `FlowFileError` or the
 * `DecodeError` that ends it (after yielding the rows before it).
 */
async function* rowsFromFile<R>(
  path: string,
  endpointName: string,
  decode: (cells: Record<string, string>) => Result.Result<R, SchemaIssue.Issue>
): AsyncGenerator<Arr.NonEmptyReadonlyArray<R>> {
  const records = parser(CSV_OPTIONS)
  pipeline(NodeFs.createReadStream(path, { highWaterMark: 1024 * 1024 }), records, () => undefined)
  const reader = new FlowReader()
  let batch: Array<R> = []
  let failure: FlowFileError | DecodeError | undefined
  try {
    for await (const record of records as AsyncIterable<Array<string>>) {
      const cells = reader.next(record)
      if (cells === undefined) continue
      if (cells instanceof FlowFileError) {
        failure = cells
        break
      }
      const decoded = decode(cells)
      if (Result.isFailure(decoded)) {
        const [first] = Descriptor.issuesOf(decoded.failure)
        const path = first?.path ?? ""
        const index = reader.rows - 1
        failure = new DecodeError({
          message: `${endpointName}: row ${index + 1} of the file: ${path || "/"}: ${first?.message ?? "invalid"}`,
          path: `/${index}${path}`
        })
        break
      }
      batch.push(decoded.success)
      if (batch.length === BATCH) {
        yield batch as unknown as Arr.NonEmptyReadonlyArray<R>
        batch = []
      }
    }
  } finally {
    records.destroy()
  }
  if (batch.length > 0) yield batch as unknown as Arr.NonEmptyReadonlyArray<R>
  if (failure !== undefined) throw failure
  const ended = reader.end()
  if (ended !== undefined) throw ended
}

/** What ends the row stream: our errors as they are, a CSV syntax error as `Malformed`, a read error as `TempFile`. */
const rowError = (error: unknown): FlowFileError | DecodeError => {
  if (error instanceof FlowFileError || error instanceof DecodeError) return error
  const code = (error as { readonly code?: unknown } | null)?.code
  if (typeof code === "string" && code.startsWith("CSV_")) {
    return malformed(`not a CSV file: ${error instanceof Error ? error.message : String(error)}`)
  }
  return tempFileError(error)
}

/**
 * The rows of the file a link endpoint answers: the link, the download into a private temporary file with its
 * SHA-1 computed on the way, the SHA-1 compared with `hash_value`, and only then the file parsed and each row decoded
 * with `row` as the stream is pulled. The file is removed when the stream ends, fails or is interrupted.
 */
const rowsOf = <E extends Endpoint.Any, R>(
  endpoint: E,
  link: Effect.Effect<FlowLink, Endpoint.Error<E>, WechatPayClient>,
  row: Schema.ConstraintDecoder<R>,
  options: FlowFileOptions | undefined
): Stream.Stream<R, Endpoint.Error<E> | FlowFileError, WechatPayClient> => {
  const decode = SchemaParser.decodeUnknownResult(row)
  return Stream.unwrap(
    Effect.gen(function* () {
      const client = yield* WechatPayClient
      const answered = yield* link
      const refused = checkLink(answered, client.baseUrl)
      if (refused !== undefined) return yield* refused
      const bytes: Stream.Stream<Uint8Array, Endpoint.Error<E>> = client.downloadStream?.(endpoint, answered.url, {
        maxBytes: options?.maxBytes
      }) ?? Stream.fromEffect(client.download(endpoint, answered.url))
      const file = yield* tempFile(options?.tempDirectory)
      const sha1 = yield* save(bytes, file)
      if (sha1 !== answered.hash_value.trim().toLowerCase()) return yield* hashMismatch(sha1, answered)
      return Stream.flattenArray(Stream.fromAsyncIterable(rowsFromFile(file.path, endpoint.name, decode), rowError))
    })
  )
}

/**
 * 下载批次核销明细 as rows: the redemption records of a 代金券 batch, decoded to `Favor.UseFlowRecord` (amounts in
 * fen). The file is downloaded into a private temporary file (see {@link FlowFileOptions}) while its SHA-1 is
 * computed; nothing is emitted unless that SHA-1 matches the link's `hash_value` (a mismatch fails with
 * `FlowFileError` `HashMismatch`). The rows are then parsed from the file as the stream is pulled, so memory stays
 * constant for files of any size. A row that does not decode fails the stream with a `DecodeError` locating it, and a
 * layout error found later in the file (a short row, a wrong `总条数`) with `Malformed`, after the rows before it.
 * Once the body flows, each chunk must come within the client's timeout.
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
  stock_id: string,
  options?: FlowFileOptions
): Stream.Stream<SchemaFavor.UseFlowRecord, Favor.UseFlowError | FlowFileError, WechatPayClient> =>
  rowsOf(SchemaFavor.UseFlow, Favor.useFlow({ stock_id }), SchemaFavor.UseFlowRow, options)

/**
 * 下载批次退款明细 as rows, decoded to `Favor.RefundFlowRecord` (every field optional: no source shows this file's
 * columns; the 核销明细 headers are matched, other columns kept in `extra`). Downloaded, checked and streamed as
 * {@link useFlow}.
 *
 * @since 0.1.0
 * @category streams
 */
export const refundFlow = (
  stock_id: string,
  options?: FlowFileOptions
): Stream.Stream<SchemaFavor.RefundFlowRecord, Favor.RefundFlowError | FlowFileError, WechatPayClient> =>
  rowsOf(SchemaFavor.RefundFlow, Favor.refundFlow({ stock_id }), SchemaFavor.RefundFlowRow, options)
