/**
 * Behaviours: what the sandbox does for one endpoint, declared once per descriptor. `behaviour(descriptor, handle)`
 * compiles the descriptor's request checks once (which query fields are numbers on the wire) and returns what the
 * gateway runs: merge the path parameters, query fields and JSON body into one object, decode it with
 * `Endpoint.decodeRequest` (the descriptor's request schema, strict; a failure answers 400 PARAM_ERROR naming the first
 * failing field and where it came from), then call `handle` with the decoded request. `handle` must answer the
 * descriptor's response wire type (the `Encoded` type of its response), or 204 for a no-content endpoint, or an API
 * error. A write whose descriptor declares `idempotency` runs once per request number (see `idempotency.ts`).
 *
 * @internal
 */
import * as Endpoint from "@effect-wechatpay/schema/Endpoint"
import * as Effect from "effect/Effect"
import type * as Ref from "effect/Ref"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import type * as Semaphore from "effect/Semaphore"
import * as Idempotency from "./idempotency.js"
import * as Multipart from "./multipart.js"
import type { GatewayConfig, GatewayState } from "./state.js"

/** A 2xx JSON answer. @internal */
export interface Ok<AE> {
  readonly _tag: "Ok"
  readonly body: AE
}

/** A 204 No Content answer, signed over the empty body. @internal */
export interface NoContent {
  readonly _tag: "NoContent"
}

/** An API error answer `{ code, message, detail? }`. @internal */
export interface ApiError {
  readonly _tag: "ApiError"
  readonly status: number
  readonly code: string
  readonly message: string
  readonly detail: unknown
  /** The number after the dash of the `Request-ID`. */
  readonly internalCode: number
}

/**
 * What a handler of an endpoint with response wire type `AE` may answer: `AE` itself (or 204 when `AE` is `void`),
 * or an API error.
 *
 * @internal
 */
// biome-ignore lint/suspicious/noConfusingVoidType: `void` is the wire type of Schema.Void, a 204 endpoint's response.
export type Outcome<AE> = ([AE] extends [void] ? NoContent : Ok<AE>) | ApiError

/** Any outcome, once the endpoint's type is erased. @internal */
export type AnyOutcome = Ok<unknown> | NoContent | ApiError

/** What a handler gets besides the decoded request. @internal */
export interface Context {
  /** The calling merchant (the Authorization's mchid, already checked). */
  readonly mchid: string
  readonly config: GatewayConfig
  readonly state: Ref.Ref<GatewayState>
  /** Serializes the idempotent writes: a request number is looked up, written and remembered as one step. */
  readonly writes: Semaphore.Semaphore
  /** `http://host:port` as the client addressed the gateway (its `Host` header): for URLs the sandbox hands out. */
  readonly origin: string
  /** A multipart endpoint's `file` part (the request schema decodes the `meta` part); absent otherwise. */
  readonly file?: Multipart.Part | undefined
}

/** A handler: the decoded request (the `Type` of the descriptor's request) in, an outcome out. @internal */
export type Handler<I, AE> = (request: I, context: Context) => Effect.Effect<Outcome<AE>>

/** The request as it arrived, once routed. @internal */
export interface RawRequest {
  readonly method: string
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  /** Request headers, names lower-case. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

/** One endpoint's behaviour, its types erased, as the gateway runs it. @internal */
export interface Behaviour {
  readonly endpoint: Endpoint.Any
  readonly run: (request: RawRequest, context: Context) => Effect.Effect<AnyOutcome>
}

/** @internal */
export const ok = <AE>(body: AE): Ok<AE> => ({ _tag: "Ok", body })

/** @internal */
export const noContent: NoContent = { _tag: "NoContent" }

/** @internal */
export const apiError = (
  status: number,
  code: string,
  message: string,
  detail?: unknown,
  internalCode = 268435456 + status
): ApiError => ({ _tag: "ApiError", status, code, message, detail, internalCode })

/** 404 RESOURCE_NOT_EXISTS. @internal */
export const notExists = (message: string): ApiError =>
  apiError(404, "RESOURCE_NOT_EXISTS", message, undefined, 270079488)

/** Where a request field came from. @internal */
export type Location = "body" | "query" | "path"

/**
 * 400 PARAM_ERROR for one field: `field` is a JSON pointer within its location; the default message follows the
 * real gateway's `输入源“/body/…”` form.
 *
 * @internal
 */
export const paramError = (
  field: string,
  location: Location,
  issue: string,
  value?: unknown,
  message = `输入源“/${location}${field === "/" ? "" : field}”规则校验失败：${issue}`
): ApiError =>
  apiError(
    400,
    "PARAM_ERROR",
    message,
    value === undefined ? { field, location, issue } : { field, location, issue, value }
  )

/** 501 NOT_IMPLEMENTED: the endpoint has a descriptor but the sandbox has no behaviour for it yet. @internal */
export const notImplemented = (endpoint: Endpoint.Any, reason = "no behaviour yet"): ApiError =>
  apiError(501, "NOT_IMPLEMENTED", `沙箱尚未实现该接口：${endpoint.name} (${reason})`, {
    endpoint: endpoint.name,
    method: endpoint.method,
    path: endpoint.path
  })

const isNumeric = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "Number":
      return true
    case "Literal":
      return typeof ast.literal === "number"
    case "Union":
      return ast.types.some(isNumeric)
    case "Suspend":
      return isNumeric(ast.thunk())
    default:
      return false
  }
}

/** The query fields whose wire type is a number: their string values are coerced before decoding. */
const numericQueryFields = (endpoint: Endpoint.Any): ReadonlySet<string> => {
  if (endpoint.query.length === 0) return new Set()
  const encoded = AST.toEncoded(endpoint.request.ast)
  const objects = encoded._tag === "Suspend" ? AST.toEncoded(encoded.thunk()) : encoded
  if (objects._tag !== "Objects") return new Set()
  return new Set(
    objects.propertySignatures.flatMap((ps) =>
      typeof ps.name === "string" && endpoint.query.includes(ps.name) && isNumeric(ps.type) ? [ps.name] : []
    )
  )
}

const decimal = /^-?\d+(\.\d+)?$/
const decoder = new TextDecoder("utf-8", { fatal: true })

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** The keys of a JSON pointer as `Endpoint.issuesOf` writes it (`""` is the root). */
const keysOf = (pointer: string): ReadonlyArray<string> => (pointer === "" ? [] : pointer.slice(1).split("/"))

/**
 * The answer to a request number reused with another request: the descriptor's `conflict` code, with the status and
 * description of its documented row when the row's solution names the request-number field (创建商家券's
 * RESOURCE_ALREADY_EXISTS 批次已存在), else 400 and a generic message.
 */
const conflictOf = (endpoint: Endpoint.Any, idempotency: Endpoint.Idempotency): ApiError => {
  const rows = endpoint.errors.filter((row) => row.code === idempotency.conflict)
  const named = rows.find((row) => row.solution?.includes(idempotency.key) === true)
  return apiError(
    (named ?? rows[0])?.status ?? 400,
    idempotency.conflict,
    named?.description ?? "商户单据号重复，请求参数与原请求不一致",
    {
      field: `/${idempotency.key}`,
      location: endpoint.query.includes(idempotency.key) ? "query" : "body",
      issue: "the request number was used before with another request"
    }
  )
}

/**
 * Declares the behaviour of one endpoint. The handler's types come from the descriptor: it receives
 * `request["Type"]` and must answer `Outcome<response["Encoded"]>`.
 *
 * @internal
 */
export const behaviour = <Request extends Schema.Top, Response extends Schema.Top>(
  endpoint: Endpoint.Endpoint<string, string, Request, Response, string>,
  handle: Handler<Request["Type"], Response["Encoded"]>
): Behaviour => {
  const numeric = numericQueryFields(endpoint)
  const pathParams = new Set(endpoint.pathParams)
  const queryFields = new Set(endpoint.query)
  const idempotency: Idempotency.Rule | undefined =
    endpoint.idempotency === undefined
      ? undefined
      : {
          endpoint: endpoint.name,
          key: endpoint.idempotency.key,
          scope: endpoint.idempotency.scope,
          conflict: conflictOf(endpoint, endpoint.idempotency)
        }
  const locate = (key: string | undefined): Location =>
    key !== undefined && pathParams.has(key) ? "path" : key !== undefined && queryFields.has(key) ? "query" : "body"

  const parseBody = (request: RawRequest): Result.Result<Readonly<Record<string, unknown>>, ApiError> => {
    if (request.body.length === 0 && (request.method === "GET" || request.method === "DELETE")) {
      return Result.succeed({})
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(decoder.decode(request.body))
    } catch {
      return Result.fail(paramError("/", "body", "invalid JSON"))
    }
    return isRecord(parsed)
      ? Result.succeed(parsed)
      : Result.fail(paramError("/", "body", "body must be a JSON object"))
  }

  /**
   * A multipart body: the `meta` part first (its JSON is the request), then the `file` part, nothing else
   * (docs/sources/wechatpay-v3.md §1.11). Which code a malformed body answers is not documented: PARAM_ERROR is our choice.
   */
  const parseMultipart = (
    request: RawRequest
  ): Result.Result<{ readonly meta: Readonly<Record<string, unknown>>; readonly file: Multipart.Part }, ApiError> => {
    const parts = Multipart.parse(request.headers, request.body)
    if (Result.isFailure(parts)) return Result.fail(paramError("/", "body", `invalid multipart body: ${parts.failure}`))
    const [meta, file, ...rest] = parts.success
    if (meta?.name !== "meta" || file?.name !== "file" || rest.length > 0) {
      return Result.fail(
        paramError(
          "/",
          "body",
          `the multipart body must have a "meta" part, then a "file" part, got [${parts.success.map((p) => JSON.stringify(p.name)).join(", ")}]`
        )
      )
    }
    return Result.map(parseBody({ ...request, body: meta.bytes }), (json) => ({ meta: json, file }))
  }

  const run = (request: RawRequest, context: Context): Effect.Effect<AnyOutcome> => {
    let fields: Readonly<Record<string, unknown>>
    let file: Multipart.Part | undefined
    if (endpoint.body === "multipart") {
      const multipart = parseMultipart(request)
      if (Result.isFailure(multipart)) return Effect.succeed(multipart.failure)
      fields = multipart.success.meta
      file = multipart.success.file
    } else {
      const body = parseBody(request)
      if (Result.isFailure(body)) return Effect.succeed(body.failure)
      fields = body.success
    }
    const input: Record<string, unknown> = { ...fields }
    for (const name of queryFields) {
      const value = request.query.get(name)
      if (value !== null) input[name] = numeric.has(name) && decimal.test(value) ? Number(value) : value
    }
    for (const [name, value] of Object.entries(request.params)) input[name] = value
    const decoded = Endpoint.decodeRequest(endpoint, input)
    if (Result.isFailure(decoded)) {
      const first = decoded.failure[0]
      const keys = keysOf(first?.path ?? "")
      const value = keys.reduce<unknown>(
        (at, key) =>
          typeof at === "object" && at !== null ? (at as Readonly<Record<string, unknown>>)[key] : undefined,
        input
      )
      return Effect.succeed(
        paramError(keys.length === 0 ? "/" : first!.path, locate(keys[0]), first?.message ?? "invalid request", value)
      )
    }
    // The request schema has no transformations (see `Endpoint.request`): the decoded value is its `Type`.
    const valid = decoded.success as Request["Type"]
    const answer = handle(valid, file === undefined ? context : { ...context, file })
    return idempotency === undefined
      ? answer
      : Idempotency.once(idempotency, context, context.mchid, valid as Readonly<Record<string, unknown>>, answer)
  }
  return { endpoint, run }
}
