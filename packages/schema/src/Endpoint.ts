/**
 * Endpoints are data: one descriptor per WeChat Pay endpoint holds its method, path template, request and response
 * schemas, documented errors, query fields and pagination. The api package derives its functions from these
 * descriptors, the sandbox routes and validates with them, the docs and the table-driven tests read them. Nothing
 * else restates an endpoint's path.
 *
 * @since 0.1.0
 */
import type * as JSONSchema from "effect/JSONSchema"
import * as Schema from "effect/Schema"
import { ProtocolErrors } from "./ApiError.js"
import { requestJsonSchema, responseJsonSchema } from "./internal/jsonSchema.js"
import * as tolerant from "./internal/tolerant.js"
import { type StandardSchema, standard, standardRequest } from "./internal/tolerant.js"

/**
 * An HTTP method WeChat Pay uses.
 *
 * @since 0.1.0
 * @category models
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * How a paged endpoint pages: `offset` is a row offset (`offset += page length`), `page` is a page index
 * (`offset += 1`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Pagination {
  readonly style: "offset" | "page"
  /** The request's offset field (a query field). */
  readonly offset: string
  /** The request's page-size field (a query field). */
  readonly limit: string
  /** The largest page size WeChat Pay accepts. */
  readonly maxLimit: number
  /** The response's array of items. */
  readonly items: string
  /** The response's total count of items. */
  readonly total: string
}

/**
 * How a request's body is sent: JSON (the default), or `multipart/form-data` with a signed `meta` part (image upload).
 *
 * @since 0.1.0
 * @category models
 */
export type BodyKind = "json" | "multipart"

/**
 * One documented error of an endpoint: a row of its official error table (`description` and `solution` as printed).
 *
 * @since 0.1.0
 * @category models
 */
export interface DocumentedError<Code extends string = string> {
  readonly status: number
  readonly code: Code
  readonly description?: string | undefined
  readonly solution?: string | undefined
}

/**
 * An endpoint descriptor.
 *
 * `I`/`IE` are the request's decoded and wire types, `A`/`AE` the response's (`void` for a 204), `Code` the union of
 * documented error codes.
 *
 * @since 0.1.0
 * @category models
 */
export interface Endpoint<I, IE, A, AE, Code extends string> {
  /** `Family.operation`, e.g. `Busifavor.queryStock`; also the span name. */
  readonly name: string
  /** The API family a WeChat Pay user sees in the URL, e.g. `Busifavor`. */
  readonly family: string
  /** The function name in the api package, e.g. `queryStock` (named after the official SDKs). */
  readonly operation: string
  /** The official Chinese name, e.g. `查询商家券批次详情`. */
  readonly title: string
  /** One sentence on what the call does, for the docs. */
  readonly summary: string
  /** The official documentation page. */
  readonly docs: string
  readonly method: Method
  /** Path template with `{param}` placeholders, e.g. `/v3/marketing/busifavor/stocks/{stock_id}`. */
  readonly path: `/v3/${string}`
  readonly request: Schema.Schema<I, IE>
  /** The 2xx body's schema; `Schema.Void` for an endpoint that answers 204 No Content. */
  readonly response: Schema.Schema<A, AE>
  /** The endpoint answers 204 No Content: success is `void`, and no body is read or decoded. */
  readonly noContent: boolean
  /** Request fields sent in the query string (the rest, minus path parameters, is the body). */
  readonly query: ReadonlyArray<string>
  /** Names of the path template's placeholders, in order. */
  readonly pathParams: ReadonlyArray<string>
  /** The documented errors of this endpoint, row by row from its official page. */
  readonly errors: ReadonlyArray<DocumentedError<Code>>
  /**
   * Where `errors` comes from: `"page"`, the endpoint's own official page; `"family"`, the family's common table,
   * because the endpoint's page has no error table that could be read.
   */
  readonly errorsFrom: "page" | "family"
  /** Every code this endpoint answers with a typed error: its documented codes and the protocol codes. */
  readonly codes: ReadonlySet<string>
  /** Paging, for list endpoints. */
  readonly pagination: Pagination | undefined
  /**
   * The request field that makes a write idempotent (`out_request_no`, `use_request_no`, …): a retried call resends
   * the same body, so WeChat Pay answers it as the first. `undefined` for reads and for writes without one.
   */
  readonly idempotencyKey: string | undefined
  readonly body: BodyKind
  /** JSON Schemas (draft-07) of the request and response wire shapes, computed on first use. */
  readonly jsonSchema: {
    readonly request: JSONSchema.JsonSchema7Root
    readonly response: JSONSchema.JsonSchema7Root
  }
  /** Standard Schema V1 wrappers of the request and response, made on first use. */
  readonly standard: {
    readonly request: StandardSchema<I, IE>
    readonly response: StandardSchema<A, AE>
  }
}

/**
 * Any endpoint descriptor.
 *
 * @since 0.1.0
 * @category models
 */
// biome-ignore lint/suspicious/noExplicitAny: the widest descriptor type, for collections of endpoints.
export type Any = Endpoint<any, any, any, any, string>

/**
 * The request's wire form, what an api function takes.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Input<E> = E extends Endpoint<infer _I, infer IE, infer _A, infer _AE, infer _Code> ? IE : never

/**
 * The decoded response, what an api function succeeds with (`void` for a 204).
 *
 * @since 0.1.0
 * @category type-level
 */
export type Success<E> = E extends Endpoint<infer _I, infer _IE, infer A, infer _AE, infer _Code> ? A : never

/**
 * The documented error codes of an endpoint.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Codes<E> = E extends Endpoint<infer _I, infer _IE, infer _A, infer _AE, infer Code> ? Code : never

/**
 * Protocol codes any endpoint can answer (401 `SIGN_ERROR`, 403 `NO_AUTH`, 500 `SYSTEM_ERROR`): the codes of the one
 * protocol table, `ApiError.ProtocolErrors`.
 *
 * @since 0.1.0
 * @category constants
 */
export const PROTOCOL_CODES: ReadonlyArray<ProtocolCode> = ProtocolErrors.map((row) => row.code)

/**
 * A protocol code.
 *
 * @since 0.1.0
 * @category models
 */
export type ProtocolCode = (typeof ProtocolErrors)[number]["code"]

/**
 * The placeholders of a path template, in order: `/a/{x}/b/{y}` → `["x", "y"]`.
 *
 * @since 0.1.0
 * @category utils
 */
export const pathParamsOf = (path: string): ReadonlyArray<string> =>
  Array.from(path.matchAll(/\{([a-z_]+)\}/g), (m) => m[1]!)

/**
 * A copy of a request input without the object keys whose value is `undefined`, at any depth (as JSON drops them):
 * plain JavaScript callers may pass `{ key: undefined }` for an absent optional key. The value itself when there is
 * nothing to drop.
 *
 * @since 0.1.0
 * @category utils
 */
export const withoutUndefined: (value: unknown) => unknown = tolerant.withoutUndefined

const once = <T>(make: () => T): (() => T) => {
  let value: { readonly value: T } | undefined
  return () => {
    if (value === undefined) value = { value: make() }
    return value.value
  }
}

/**
 * Builds a descriptor: the placeholders and the set of typed codes are computed once, here. (A table-driven test over
 * `Endpoints.all` checks that every placeholder and query field is a request field.)
 *
 * @example
 * ```ts
 * import { ApiError, Endpoint, Ids } from "@effect-wechatpay/schema"
 * import { Schema } from "effect"
 *
 * // A made-up endpoint (the real ones are declared in the family modules, each path in one place).
 * const QueryThing = Endpoint.make({
 *   name: "Example.queryThing",
 *   title: "查询示例",
 *   summary: "The configuration and state of an example stock.",
 *   docs: "https://pay.weixin.qq.com/docs/merchant/apis/",
 *   method: "GET",
 *   path: "/v3/example/stocks/{stock_id}",
 *   request: Schema.Struct({ stock_id: Ids.StockId }),
 *   response: Schema.Struct({ stock_id: Ids.StockId, stock_name: Schema.String }),
 *   errors: ApiError.BusifavorQueryStockErrors
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <I, IE, A = void, AE = void, const Code extends string = never>(options: {
  readonly name: `${string}.${string}`
  readonly title: string
  readonly summary: string
  readonly docs: string
  readonly method: Method
  readonly path: `/v3/${string}`
  readonly request: Schema.Schema<I, IE>
  /** Omitted for endpoints that answer 204 No Content. */
  readonly response?: Schema.Schema<A, AE> | undefined
  readonly errors: ReadonlyArray<DocumentedError<Code>>
  /** `"family"` when the endpoint's page has no readable error table and the family's common table is used. */
  readonly errorsFrom?: "page" | "family" | undefined
  readonly query?: ReadonlyArray<string> | undefined
  readonly pagination?: Pagination | undefined
  readonly idempotencyKey?: string | undefined
  readonly body?: BodyKind | undefined
}): Endpoint<I, IE, A, AE, Code> => {
  const [family, operation] = options.name.split(".") as [string, string]
  const { request } = options
  const noContent = options.response === undefined
  const response = options.response ?? (Schema.Void as unknown as Schema.Schema<A, AE>)
  const jsonSchemas = once(() => ({ request: requestJsonSchema(request), response: responseJsonSchema(response) }))
  const standards = once(() => ({ request: standardRequest(request), response: standard(response) }))
  return {
    name: options.name,
    family,
    operation,
    title: options.title,
    summary: options.summary,
    docs: options.docs,
    method: options.method,
    path: options.path,
    request,
    response,
    noContent,
    query: options.query ?? [],
    pathParams: pathParamsOf(options.path),
    errors: options.errors,
    errorsFrom: options.errorsFrom ?? "page",
    codes: new Set<string>([...options.errors.map((e) => e.code), ...PROTOCOL_CODES]),
    pagination: options.pagination,
    idempotencyKey: options.idempotencyKey,
    body: options.body ?? "json",
    // Computed on first use: building 45 JSON Schemas at import would slow every cold start.
    get jsonSchema() {
      return jsonSchemas()
    },
    get standard() {
      return standards()
    }
  }
}
