/**
 * Endpoints are data: one descriptor per WeChat Pay endpoint holds its method, path template, request and response
 * schemas, documented errors, query fields and pagination. The api package derives its functions from these
 * descriptors, the sandbox routes and validates with them, the docs and the table-driven tests read them. Nothing
 * else restates an endpoint's path.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import { ProtocolErrors } from "./ApiError.js"
import { type JsonSchemaRoot, requestJsonSchema, responseJsonSchema } from "./internal/jsonSchema.js"
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
 * @since 0.2.0
 * @category models
 */
export interface OffsetPagination {
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
 * Token paging (the 商品券 lists): the first request has no token, each page names the token of the next one
 * (`next_page_token`), and the list ends on a page without one. The total may be sent on the first page only
 * ("当且仅当 page_token 为空时提供").
 *
 * @since 0.2.0
 * @category models
 */
export interface TokenPagination {
  readonly style: "token"
  /** The request's token field (a query field), e.g. `page_token`. */
  readonly token: string
  /** The response's token of the next page, e.g. `next_page_token`. */
  readonly nextToken: string
  /** The request's page-size field (a query field), e.g. `page_size`. */
  readonly limit: string
  /** The largest page size WeChat Pay accepts. */
  readonly maxLimit: number
  /** The response's array of items. */
  readonly items: string
  /** The response's total count of items (first page only). */
  readonly total: string
}

/**
 * How a paged endpoint pages: by offset or page index (`OffsetPagination`), or by token (`TokenPagination`).
 *
 * @since 0.1.0
 * @category models
 */
export type Pagination = OffsetPagination | TokenPagination

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
 * How a write is made idempotent: the request field that carries its request number (商户单据号), the request fields
 * within which that number is unique (beyond the calling merchant), and the documented code WeChat Pay answers when
 * the number is reused with another request. A retried call resends the same body, so WeChat Pay answers it as the
 * first.
 *
 * @since 0.2.0
 * @category models
 */
export interface Idempotency<Code extends string = string> {
  /** The request-number field, e.g. `out_request_no`. */
  readonly key: string
  /** The request fields the number is unique within, e.g. `["stock_id", "openid"]` for 发放商家券; often none. */
  readonly scope: ReadonlyArray<string>
  /** The code of the answer to a reused number with a different request. */
  readonly conflict: Code | ProtocolCode
}

/**
 * The credentials an endpoint is called with: `merchant`, a merchant or service provider (商户号, the
 * `WECHATPAY2-SHA256-RSA2048` scheme); `brand`, a brand (品牌ID, the `WECHATPAY-BRAND-SHA256-RSA2048` scheme, with
 * `Wechatpay-Serial` set to the brand's WeChat Pay public key id), for the `/brand/…` paths.
 *
 * @since 0.2.0
 * @category models
 */
export type AuthKind = "merchant" | "brand"

/**
 * A documented rate limit: `requests` per `per`, counted per `scope` (`brand`: per brand id, as the brand pages say
 * "接口限频:20/秒(品牌ID维度)"; `merchant`: per calling merchant or service provider; `endpoint`: the whole interface,
 * "接口级限制"), with the page that states it.
 *
 * @since 0.2.0
 * @category models
 */
export interface RateLimit {
  readonly requests: number
  readonly per: "1 second" | "1 minute"
  readonly scope: "brand" | "merchant" | "endpoint"
  /** The official page that states the limit. */
  readonly source: string
}

/**
 * An endpoint descriptor.
 *
 * `Name` and `Path` keep their literal types (`"Busifavor.queryStock"`, `"/v3/marketing/busifavor/stocks/{stock_id}"`);
 * `Request` and `Response` are the schemas (`Request["Encoded"]` is the wire form an api function takes,
 * `Response["Type"]` what it succeeds with; `Schema.Void` for a 204), `Code` the union of documented error codes.
 *
 * @since 0.1.0
 * @category models
 */
export interface Endpoint<
  out Name extends string = string,
  out Path extends string = string,
  out Request extends Schema.Top = Schema.Top,
  out Response extends Schema.Top = Schema.Top,
  out Code extends string = string,
  out Auth extends AuthKind = AuthKind
> {
  /** `Family.operation`, e.g. `Busifavor.queryStock`; also the span name. */
  readonly name: Name
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
  readonly path: Path
  /** The request schema: strict (see `decodeRequest`), no transformations, so its decoded value is its wire form. */
  readonly request: Request
  /** The 2xx body's schema; `Schema.Void` for an endpoint that answers 204 No Content. */
  readonly response: Response
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
   * How a write is idempotent (`undefined` for reads and for writes without a request number): a retried call resends
   * the same body, so WeChat Pay answers it as the first.
   */
  readonly idempotency: Idempotency<Code> | undefined
  /**
   * Whether a 429 answer is sent again. Always for a read and for a write with a request number (WeChat Pay answers
   * the retry as the first call). For a write without one, only where its descriptor says so, with the reason beside
   * it: where a second send cannot apply anything twice. Elsewhere the 429 reaches the caller, since a 429 that came
   * after the write was applied would apply it again.
   */
  readonly retryAfter429: boolean
  /** `json`, or `multipart` (image upload: the request schema is the signed `meta` part; see `MediaUpload`). */
  readonly body: BodyKind
  /** The credentials the endpoint is called with: `merchant` (the default) or `brand` (the `/brand/…` paths). */
  readonly auth: Auth
  /** The documented rate limit, where the page states one. */
  readonly rateLimit: RateLimit | undefined
  /** JSON Schemas (draft-07) of the request and response wire shapes, computed on first use. */
  readonly jsonSchema: {
    readonly request: JsonSchemaRoot
    readonly response: JsonSchemaRoot
  }
  /** Standard Schema V1 wrappers of the request (strict) and response, made on first use. */
  readonly standard: {
    readonly request: StandardSchema<Request["Type"], Request["Encoded"]>
    readonly response: StandardSchema<Response["Type"], Response["Encoded"]>
  }
}

/**
 * Any endpoint descriptor.
 *
 * @since 0.1.0
 * @category models
 */
// biome-ignore lint/suspicious/noExplicitAny: the widest descriptor type, for collections of endpoints.
export type Any = Endpoint<string, string, Schema.Top, Schema.Top, any>

/**
 * The request's wire form, what an api function takes.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Input<E> =
  E extends Endpoint<infer _N, infer _P, infer Request, infer _R, infer _C> ? Request["Encoded"] : never

/**
 * The decoded response, what an api function succeeds with (`void` for a 204).
 *
 * @since 0.1.0
 * @category type-level
 */
export type Success<E> =
  E extends Endpoint<infer _N, infer _P, infer _Q, infer Response, infer _C> ? Response["Type"] : never

/**
 * The documented error codes of an endpoint.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Codes<E> = E extends Endpoint<infer _N, infer _P, infer _Q, infer _R, infer Code> ? Code : never

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

/**
 * The parse options of every request: an unknown key is an error (a misspelt optional field must not be dropped
 * silently), and every issue is reported, not only the first.
 *
 * @since 0.2.0
 * @category constants
 */
export const requestParseOptions: SchemaAST.ParseOptions = { onExcessProperty: "error", errors: "all" }

/**
 * One failing field of a request or response: a JSON pointer (`/stock_send_rule/max_coupons`, `""` for the root) and
 * what is wrong with it.
 *
 * @since 0.2.0
 * @category models
 */
export interface Issue {
  readonly path: string
  readonly message: string
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * The failing fields of a schema issue, one per leaf, with JSON-pointer paths.
 *
 * @since 0.2.0
 * @category utils
 */
export const issuesOf = (issue: SchemaIssue.Issue): ReadonlyArray<Issue> =>
  formatter(issue).issues.map((leaf) => ({
    path: (leaf.path ?? []).map((key) => `/${String(typeof key === "object" ? key.key : key)}`).join(""),
    message: leaf.message
  }))

const once = <T>(make: () => T): (() => T) => {
  let value: { readonly value: T } | undefined
  return () => {
    if (value === undefined) value = { value: make() }
    return value.value
  }
}

const requestDecoders = new WeakMap<Schema.Top, (input: unknown) => Result.Result<unknown, SchemaIssue.Issue>>()
const responseDecoders = new WeakMap<Schema.Top, (input: unknown) => Result.Result<unknown, SchemaIssue.Issue>>()

/**
 * Validates a request input (its wire form) against the endpoint's request schema with `requestParseOptions`; keys
 * given as `undefined` count as absent. What the api runs before anything is sent, and the sandbox on what it
 * receives.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decodeRequest = <E extends Any>(
  endpoint: E,
  input: unknown
): Result.Result<Input<E>, ReadonlyArray<Issue>> => {
  let decode = requestDecoders.get(endpoint.request)
  if (decode === undefined) {
    decode = SchemaParser.decodeUnknownResult(endpoint.request as Schema.Decoder<unknown>, requestParseOptions)
    requestDecoders.set(endpoint.request, decode)
  }
  let decoded = decode(input)
  if (Result.isFailure(decoded)) {
    // Dropping `undefined` values costs nothing on the valid path.
    const defined = withoutUndefined(input)
    if (defined !== input) decoded = decode(defined)
  }
  return Result.isSuccess(decoded)
    ? Result.succeed(decoded.success as Input<E>)
    : Result.fail(issuesOf(decoded.failure))
}

/**
 * Decodes a 2xx body (parsed JSON) with the endpoint's response schema (tolerant: unknown keys are ignored).
 *
 * @since 0.2.0
 * @category decoding
 */
export const decodeResponse = <E extends Any>(
  endpoint: E,
  json: unknown
): Result.Result<Success<E>, ReadonlyArray<Issue>> => {
  let decode = responseDecoders.get(endpoint.response)
  if (decode === undefined) {
    decode = SchemaParser.decodeUnknownResult(endpoint.response as Schema.Decoder<unknown>)
    responseDecoders.set(endpoint.response, decode)
  }
  const decoded = decode(json)
  return Result.isSuccess(decoded)
    ? Result.succeed(decoded.success as Success<E>)
    : Result.fail(issuesOf(decoded.failure))
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
export const make = <
  const Name extends `${string}.${string}`,
  const Path extends `/${string}`,
  Request extends Schema.Top,
  Response extends Schema.Top = Schema.Void,
  const Code extends string = never,
  const Auth extends AuthKind = "merchant"
>(options: {
  readonly name: Name
  readonly title: string
  readonly summary: string
  readonly docs: string
  readonly method: Method
  readonly path: Path
  readonly request: Request
  /** Omitted for endpoints that answer 204 No Content. */
  readonly response?: Response | undefined
  readonly errors: ReadonlyArray<DocumentedError<Code>>
  /** `"family"` when the endpoint's page has no readable error table and the family's common table is used. */
  readonly errorsFrom?: "page" | "family" | undefined
  readonly query?: ReadonlyArray<string> | undefined
  readonly pagination?: Pagination | undefined
  readonly idempotency?: Idempotency<NoInfer<Code>> | undefined
  /**
   * A write without a request number: `true` to retry it after a 429 (give the reason in a comment). Reads and writes
   * with `idempotency` are retried in any case.
   */
  readonly retryAfter429?: boolean | undefined
  readonly body?: BodyKind | undefined
  /** `brand` for the brand API (`/brand/…` paths); `merchant` when omitted. */
  readonly auth?: Auth | undefined
  /** The rate limit the page documents, with its source. */
  readonly rateLimit?: RateLimit | undefined
}): Endpoint<Name, Path, Request, Response, Code, Auth> => {
  const [family, operation] = options.name.split(".") as [string, string]
  const { request } = options
  const noContent = options.response === undefined
  const response = options.response ?? (Schema.Void as Schema.Top as Response)
  const jsonSchemas = once(() => ({ request: requestJsonSchema(request), response: responseJsonSchema(response) }))
  const standards = once(() => ({
    request: standardRequest(
      request as unknown as Schema.Codec<Request["Type"], Request["Encoded"]>,
      requestParseOptions
    ),
    response: standard(response as unknown as Schema.Codec<Response["Type"], Response["Encoded"]>)
  }))
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
    idempotency: options.idempotency,
    retryAfter429: options.method === "GET" || options.idempotency !== undefined || options.retryAfter429 === true,
    body: options.body ?? "json",
    auth: options.auth ?? ("merchant" as Auth),
    rateLimit: options.rateLimit,
    // Computed on first use: building 45 JSON Schemas at import would slow every cold start.
    get jsonSchema() {
      return jsonSchemas()
    },
    get standard() {
      return standards()
    }
  }
}
