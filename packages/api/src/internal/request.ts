/**
 * Preparing a request from an endpoint descriptor and the caller's input (its wire form): validate, then split into
 * path, query and JSON body. Nothing here is sent; a failure is a `RequestValidationError`.
 */
import { withoutUndefined } from "@effect-wechatpay/schema/Endpoint"
import { Either, ParseResult, Schema } from "effect"
import type * as Endpoint from "../Endpoint.js"
import { RequestValidationError } from "../WechatPayError.js"

/** A request ready to sign and send: the target (path and query, as signed) and the body text. */
export interface Prepared {
  readonly target: string
  readonly body: string | undefined
}

const pathOf = (path: ReadonlyArray<PropertyKey>): string => path.map((p) => `/${String(p)}`).join("")

/** The issues of a parse error, one per failing field, with JSON-pointer paths. */
export const issuesOf = (error: ParseResult.ParseError) =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    path: pathOf(issue.path),
    message: issue.message
  }))

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

// Request schemas have no transformation (a test over every descriptor checks it), so the decoded value is the
// wire form: decoding once both validates and gives what is sent. Memoised per descriptor.
const decoders = new WeakMap<object, (input: unknown) => Either.Either<unknown, ParseResult.ParseError>>()

const decoderOf = (endpoint: Endpoint.Any) => {
  let decode = decoders.get(endpoint)
  if (decode === undefined) {
    decode = Schema.decodeUnknownEither(endpoint.request)
    decoders.set(endpoint, decode)
  }
  return decode
}

const invalid = (endpoint: Endpoint.Any, issues: ReadonlyArray<{ path: string; message: string }>) =>
  Either.left(
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
export const prepare = (endpoint: Endpoint.Any, input: unknown): Either.Either<Prepared, RequestValidationError> => {
  let decoded: Either.Either<unknown, ParseResult.ParseError>
  try {
    decoded = decoderOf(endpoint)(input)
    if (Either.isLeft(decoded)) {
      // Keys given as `undefined` are absent (JSON drops them); dropping them costs nothing on the valid path.
      const defined = withoutUndefined(input)
      if (defined !== input) decoded = decoderOf(endpoint)(defined)
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error
    return invalid(endpoint, [{ path: "", message: `reading the input threw (${name})` }])
  }
  if (Either.isLeft(decoded)) return invalid(endpoint, issuesOf(decoded.left))
  const fields: Record<string, unknown> = isRecord(decoded.right) ? { ...decoded.right } : {}
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
  return Either.right({ target, body: hasBody ? JSON.stringify(fields) : undefined })
}
