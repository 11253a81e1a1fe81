/**
 * Preparing a request from an endpoint descriptor and the caller's input (its wire form): validate, then split into
 * path, query and JSON body. Nothing here is sent; a failure is a `RequestValidationError`.
 */
import { createHash, randomBytes } from "node:crypto"
import * as Descriptor from "@effect-wechatpay/schema/Endpoint"
import * as Result from "effect/Result"
import type * as Endpoint from "../Endpoint.js"
import { RequestValidationError } from "../WechatPayError.js"

/** A request ready to sign and send: the target (path and query, as signed) and the body text. */
export interface Prepared {
  readonly target: string
  readonly body: string | undefined
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

const invalid = (endpoint: Endpoint.Any, issues: ReadonlyArray<Descriptor.Issue>) =>
  Result.fail(
    new RequestValidationError({
      message: `${endpoint.name}: invalid request: ${issues.map((i) => `${i.path || "/"}: ${i.message}`).join("; ")}`,
      issues
    })
  )

/**
 * Validates `input` against the endpoint's request schema and builds the target and body. A path parameter is
 * percent-encoded so that it stays one segment, and `.` / `..` (which URL normalisation would resolve against the
 * path) are rejected. An input that throws while being read (a getter) is a validation error, not a defect.
 */
export const prepare = (endpoint: Endpoint.Any, input: unknown): Result.Result<Prepared, RequestValidationError> => {
  let decoded: Result.Result<unknown, ReadonlyArray<Descriptor.Issue>>
  try {
    decoded = Descriptor.decodeRequest(endpoint, input)
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error
    return invalid(endpoint, [{ path: "", message: `reading the input threw (${name})` }])
  }
  if (Result.isFailure(decoded)) return invalid(endpoint, decoded.failure)
  const fields: Record<string, unknown> = isRecord(decoded.success) ? { ...decoded.success } : {}
  let target: string = endpoint.path
  for (const name of endpoint.pathParams) {
    const value = fields[name]
    if (typeof value !== "string" || value.length === 0) {
      return invalid(endpoint, [{ path: `/${name}`, message: "is missing" }])
    }
    if (value === "." || value === "..") {
      return invalid(endpoint, [{ path: `/${name}`, message: "must not be . or .. (a path segment of its own)" }])
    }
    target = target.replace(`{${name}}`, encodeURIComponent(value))
    delete fields[name]
  }
  const query: Array<string> = []
  for (const name of endpoint.query) {
    const value = fields[name]
    if (value !== undefined) query.push(`${name}=${encodeURIComponent(String(value))}`)
    delete fields[name]
  }
  if (query.length > 0) target += `?${query.join("&")}`
  const hasBody = endpoint.method !== "GET" && endpoint.method !== "DELETE"
  return Result.succeed({ target, body: hasBody ? JSON.stringify(fields) : undefined })
}

/**
 * An image upload ready to sign and send: the target, the meta JSON (`body`, the signed BODY line), the multipart
 * content type and bytes.
 */
export interface PreparedUpload extends Prepared {
  readonly body: string
  readonly contentType: string
  readonly multipart: Uint8Array
}

/** The image types the marketing upload accepts, as their first bytes tell. */
export type ImageKind = "jpg" | "png" | "bmp"

/** The type of an image by its first bytes (PNG signature, JPEG SOI + marker, BMP `BM` header); `undefined` else. */
export const imageKindOf = (bytes: Uint8Array): ImageKind | undefined => {
  const starts = (...magic: ReadonlyArray<number>) => magic.every((byte, i) => bytes[i] === byte)
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png"
  if (starts(0xff, 0xd8, 0xff)) return "jpg"
  // A BMP file header is 14 bytes and its info header at least 12 more.
  if (starts(0x42, 0x4d) && bytes.length >= 26) return "bmp"
  return undefined
}

const encoder = new TextEncoder()

const randomBoundary = (): string => randomBytes(16).toString("hex")

const concat = (chunks: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0))
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/**
 * Validates an image for a multipart endpoint (图片上传(营销专用), docs/sources/wechatpay-v3.md §1.11) and builds its request: a non-empty JPG,
 * PNG or BMP by its first bytes, at most `maxBytes`, named with the matching extension (`types`: extension → part
 * Content-Type); the meta `{"filename","sha256"}` (lower-case hex SHA-256) validated by the endpoint's request schema;
 * then the body, every line CRLF-terminated, the `meta` part first and the `file` part second. The meta JSON is
 * returned as `body`: it is what the signature covers, byte-identical to the `meta` part.
 */
export const prepareUpload = (
  endpoint: Endpoint.Any,
  file: { readonly filename: string; readonly bytes: Uint8Array },
  limits: { readonly maxBytes: number; readonly types: Readonly<Record<string, string>> }
): Result.Result<PreparedUpload, RequestValidationError> => {
  const { bytes, filename } = file
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    return invalid(endpoint, [{ path: "/bytes", message: "must be a non-empty Uint8Array (图片文件为空)" }])
  }
  if (bytes.length > limits.maxBytes) {
    return invalid(endpoint, [
      { path: "/bytes", message: `is ${bytes.length} bytes, more than the ${limits.maxBytes} allowed (2 MB)` }
    ])
  }
  const kind = imageKindOf(bytes)
  if (kind === undefined) {
    return invalid(endpoint, [{ path: "/bytes", message: "is not a JPG, PNG or BMP image (by its first bytes)" }])
  }
  const ext = typeof filename === "string" ? /\.([A-Za-z]+)$/.exec(filename)?.[1]?.toLowerCase() : undefined
  const nameKind = ext === "jpeg" ? "jpg" : ext
  if (ext !== undefined && Object.hasOwn(limits.types, ext) && nameKind !== kind) {
    return invalid(endpoint, [
      { path: "/filename", message: `ends in .${ext} but the file is a ${kind.toUpperCase()} image` }
    ])
  }
  const prepared = prepare(endpoint, { filename, sha256: createHash("sha256").update(bytes).digest("hex") })
  if (Result.isFailure(prepared)) return Result.fail(prepared.failure)
  const meta = prepared.success.body ?? ""
  const boundary = randomBoundary()
  const head =
    `--${boundary}\r\n` +
    'Content-Disposition: form-data; name="meta";\r\n' +
    "Content-Type: application/json\r\n\r\n" +
    `${meta}\r\n` +
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
    `Content-Type: ${limits.types[ext!]}\r\n\r\n`
  return Result.succeed({
    target: prepared.success.target,
    body: meta,
    contentType: `multipart/form-data; boundary=${boundary}`,
    multipart: concat([encoder.encode(head), bytes, encoder.encode(`\r\n--${boundary}--\r\n`)])
  })
}
