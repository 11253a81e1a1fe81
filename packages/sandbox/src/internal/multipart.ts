/**
 * `multipart/form-data` bodies, parsed with `multipasta` over the bytes
 * received, synchronously: every part in order, with its bytes.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Multipasta from "multipasta"

/** One part of a multipart body. @internal */
export interface Part {
  readonly name: string
  readonly filename: string | undefined
  readonly contentType: string
  readonly bytes: Uint8Array
}

/** The most a sandbox reads of one multipart body: room for a 2 MB image and a test that goes past it. */
const MAX_TOTAL_BYTES = 8 * 1024 * 1024

/**
 * `Content-Disposition` parameters, read leniently: WeChat Pay's own example and its Go SDK write
 * `form-data; name="meta";` (a trailing `;`) and file names may be UTF-8, which multipasta's strict RFC 7231 reading
 * turns into an empty disposition. Quoted values keep everything up to the closing quote.
 */
const dispositionOf = (header: string | ReadonlyArray<string> | undefined) => {
  const text = typeof header === "string" ? header : (header?.[0] ?? "")
  const params: Record<string, string> = {}
  const pattern = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))/g
  for (const match of text.matchAll(pattern)) params[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? ""
  return { type: text.split(";")[0]!.trim().toLowerCase(), params }
}

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
 * Every part of a `multipart/form-data` body, in order; a failure with the reason when the Content-Type is not multipart
 * with a boundary, a part's headers are malformed, or the closing boundary is missing.
 *
 * @internal
 */
export const parse = (
  headers: Readonly<Record<string, string>>,
  body: Uint8Array
): Result.Result<ReadonlyArray<Part>, string> => {
  const contentType = headers["content-type"] ?? ""
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    return Result.fail(`Content-Type must be multipart/form-data, got ${JSON.stringify(contentType)}`)
  }
  const parts: Array<Part> = []
  let failure: string | undefined
  let done = false
  const parser = Multipasta.make({
    headers: { "content-type": contentType },
    isFile: () => true,
    maxParts: 8,
    maxTotalSize: MAX_TOTAL_BYTES,
    onField: () => {},
    onFile: (info) => {
      const chunks: Array<Uint8Array> = []
      const disposition = dispositionOf(info.headers["content-disposition"])
      return (chunk) => {
        if (chunk !== null) chunks.push(chunk)
        else {
          parts.push({
            name: disposition.params["name"] ?? "",
            filename: disposition.params["filename"],
            contentType: (typeof info.headers["content-type"] === "string" ? info.headers["content-type"] : "").trim(),
            bytes: concat(chunks)
          })
        }
      }
    },
    onError: (error) => {
      failure ??=
        error._tag === "ReachedLimit"
          ? `multipart limit reached: ${error.limit}`
          : error._tag === "BadHeaders"
            ? "malformed part headers"
            : error._tag
    },
    onDone: () => {
      done = true
    }
  })
  parser.write(body)
  parser.end()
  if (failure !== undefined) return Result.fail(failure)
  if (!done) return Result.fail("the closing boundary is missing")
  return Result.succeed(parts)
}

/**
 * What the request signature covers for the image upload: the `meta` part's bytes when the body parses and `meta`
 * comes first (docs/sources/wechatpay-v3.md §1.11: "参与签名计算的请求主体为 meta 的 json 串"); otherwise the raw body, which then fails the
 * signature check as a client that signed the wrong thing would.
 *
 * @internal
 */
export const signedMeta = (headers: Readonly<Record<string, string>>, body: Uint8Array): Uint8Array => {
  const parsed = parse(headers, body)
  if (Result.isFailure(parsed)) return body
  const first = parsed.success[0]
  return first?.name === "meta" ? first.bytes : body
}
