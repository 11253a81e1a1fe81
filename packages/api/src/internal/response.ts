/**
 * Turning what came back into a result: a verified 2xx body decoded with the endpoint's response schema, a non-2xx
 * body into the tagged error of its code (or `UnknownApiError`), a transport failure into a `TransportError` that
 * names the OS error and carries nothing of the request.
 */
import * as ApiError from "@effect-wechatpay/schema/ApiError"
import * as Descriptor from "@effect-wechatpay/schema/Endpoint"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Endpoint from "../Endpoint.js"
import { DecodeError, ErrorClasses, TransportError, UnknownApiError } from "../WechatPayError.js"
import { AttemptTimeoutError, RESPONSE_TOO_LARGE } from "./transport.js"

const MAX_ERROR_BODY = 2048

/** The one error-body schema: the schema package's, decoded leniently (no `message` is an empty message). */
const decodeErrorBody = Schema.decodeUnknownOption(ApiError.ApiErrorBody)

/** JSON.parse that answers `undefined` instead of throwing. */
export const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The code of a WeChat Pay error body, if it is one. */
export const errorCodeOf = (text: string): string | undefined =>
  Option.getOrUndefined(Option.map(decodeErrorBody(safeJson(text)), (body) => body.code))

/** Decodes a verified 2xx body; a 204 endpoint succeeds with `undefined` without reading it. */
export const decodeSuccess = (
  endpoint: Endpoint.Any,
  text: string,
  requestId: string | undefined
): Result.Result<unknown, DecodeError> => {
  if (endpoint.noContent) return Result.succeed(undefined)
  const json = safeJson(text)
  if (json === undefined) {
    return Result.fail(
      new DecodeError({ message: `${endpoint.name}: the response body is not JSON`, path: "", requestId })
    )
  }
  const decoded = Descriptor.decodeResponse(endpoint, json)
  if (Result.isSuccess(decoded)) return Result.succeed(decoded.success)
  const issues = decoded.failure
  const error = new DecodeError({
    message: `${endpoint.name}: the response does not match its schema: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    path: issues[0]?.path ?? "",
    requestId
  })
  // The verified body, for a caller to recover what a write's answer says (not enumerable: never printed).
  Object.defineProperty(error, "body", { value: json, enumerable: false })
  return Result.fail(error)
}

/**
 * The message of a WeChat Pay error: what a printed cause shows, so it carries what support asks for (the code, the
 * HTTP status, the `Request-ID`) before WeChat Pay's own description. Nothing of the request is in it.
 */
const apiErrorMessage = (
  name: string,
  code: string,
  status: number,
  requestId: string | undefined,
  description: string
): string =>
  `${name}: ${code} (HTTP ${status}, ${requestId ? `Request-ID ${requestId}` : "no Request-ID"})${description === "" ? "" : `: ${description}`}`

/** The tagged error of a non-2xx answer: the class of its code where this endpoint documents it. */
export const toApiError = (endpoint: Endpoint.Any, status: number, text: string, requestId: string | undefined) => {
  const body = decodeErrorBody(safeJson(text))
  if (Option.isNone(body)) {
    return new UnknownApiError({
      status,
      message: `${endpoint.name}: HTTP ${status} with a body that is not a WeChat Pay error`,
      body: text.slice(0, MAX_ERROR_BODY),
      requestId
    })
  }
  const { code, detail, message: description } = body.value
  const message = apiErrorMessage(endpoint.name, code, status, requestId, description)
  if (endpoint.codes.has(code) && Object.hasOwn(ErrorClasses, code)) {
    const ErrorClass = ErrorClasses[code as keyof typeof ErrorClasses]
    return new ErrorClass({ status, code, message, description, detail, requestId })
  }
  return new UnknownApiError({
    status,
    code,
    message,
    description,
    detail,
    body: text.slice(0, MAX_ERROR_BODY),
    requestId
  })
}

interface OsError {
  readonly code: string | undefined
  readonly message: string
}

/**
 * The innermost error of a transport failure that says what happened (a Node system error with its `code`), found by
 * walking `cause` links; an `HttpClientError`'s reason description otherwise. Only its code and message are kept.
 */
const osErrorOf = (error: unknown): OsError => {
  let current: unknown = error
  let fallback: string | undefined
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const record = current as { code?: unknown; message?: unknown; reason?: unknown; cause?: unknown }
    if (typeof record.code === "string" && /^(E[A-Z_]+|ERR_[A-Z_]+|UND_[A-Z_]+)$/.test(record.code)) {
      return { code: record.code, message: typeof record.message === "string" ? record.message : record.code }
    }
    // An effect `HttpClientError`: its reason's description says what happened (its `cause` is the reason's cause).
    const description = (record.reason as { readonly description?: unknown } | undefined)?.description
    if (fallback === undefined && typeof description === "string") fallback = description
    current = record.cause
  }
  return { code: undefined, message: fallback ?? (error instanceof Error ? error.message : "transport failure") }
}

/** A `TransportError` for a failed exchange: the OS error in the message, no request in the error. */
export const transportError = (method: string, path: string, error: unknown): TransportError => {
  const os = osErrorOf(error)
  const reason = os.code === RESPONSE_TOO_LARGE ? "ResponseTooLarge" : "Transport"
  const message = `${method} ${path}: ${os.message}`
  return new TransportError(
    os.code === undefined ? { reason, message, method, path } : { reason, message, method, path, errno: os.code }
  )
}

/** A `TransportError` for an attempt (or a body's next chunk) that got no response in time. */
export const timeoutError = (method: string, path: string, timeout: string): TransportError =>
  new TransportError({ reason: "Timeout", message: `${method} ${path}: no response within ${timeout}`, method, path })

/** What changes the limits, at the end of every timeout message of a call. */
const LIMITS_HINT =
  "change the time per attempt with the client's `timeout` option, the number of attempts with `retry: { attempts }`, or bound the whole call with `deadline`"

/**
 * The `Timeout` error a call ends with once no attempt follows: how many attempts of how long, and how to change
 * either. `timeouts` of the `attempts` timed out (the others failed otherwise and were retried).
 */
export const callTimeoutError = (
  method: string,
  path: string,
  timeout: string,
  attempts: number,
  timeouts: number
): TransportError => {
  const which =
    attempts === 1
      ? " (1 attempt)"
      : timeouts >= attempts
        ? ` on each of ${attempts} attempts`
        : ` on the last of ${attempts} attempts`
  return new TransportError({
    reason: "Timeout",
    message: `${method} ${path}: no response within ${timeout}${which}; ${LIMITS_HINT}`,
    method,
    path,
    attempts
  })
}

/** The error of a call whose `deadline` passed: how long, how many attempts, how to change it. */
export const deadlineError = (
  method: string,
  path: string,
  deadline: string,
  timeout: string,
  attempts: number
): TransportError =>
  new TransportError({
    reason: "Deadline",
    message: `${method} ${path}: no answer within the call's deadline of ${deadline} (${attempts} attempt${attempts === 1 ? "" : "s"} started, each bounded by the client's \`timeout\` of ${timeout}); change it with the client's \`deadline\` option`,
    method,
    path,
    attempts
  })

/** Whether a transport failure is the attempt's timeout (the client's own, or a transport's timer: its cause). */
export const isTimeout = (error: unknown): boolean => {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    if (current instanceof AttemptTimeoutError) return true
    current = (current as { readonly cause?: unknown }).cause
  }
  return false
}
