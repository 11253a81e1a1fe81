/**
 * Endpoints are data: method, path template, request and response schemas, and the error codes WeChat Pay
 * documents for them. One executor (`WechatPayClient.execute`) runs every endpoint.
 *
 * @since 0.1.0
 */
import type { Schema } from "effect"
import type { EndpointError } from "./WechatPayError.js"

/**
 * One documented error of an endpoint, as in the schema package's error tables.
 *
 * @since 0.1.0
 */
export interface DocumentedError<Code extends string = string> {
  readonly status: number
  readonly code: Code
  readonly description?: string
  readonly solution?: string
}

/**
 * An endpoint descriptor.
 *
 * @since 0.1.0
 */
export interface Endpoint<I, IE, A, AE, Code extends string> {
  /** The operation name, e.g. `Busifavor.queryStock`; also the span name. */
  readonly name: string
  /** What the call does, for the docs (Chinese product name included). */
  readonly summary: string
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  /** Path template with `{param}` placeholders, e.g. `/v3/marketing/busifavor/stocks/{stock_id}`. */
  readonly path: string
  readonly request: Schema.Schema<I, IE>
  /** `undefined` for endpoints that answer 204 No Content. */
  readonly response: Schema.Schema<A, AE> | undefined
  /** Encoded request fields sent in the query string (the rest, minus path parameters, is the JSON body). */
  readonly query: ReadonlyArray<string>
  readonly errors: ReadonlyArray<DocumentedError<Code>>
  /** Names of the path template's placeholders. */
  readonly pathParams: ReadonlyArray<string>
  /** Every code this endpoint can answer with a typed error (documented + protocol codes). */
  readonly codes: ReadonlySet<string>
}

/**
 * Protocol codes any endpoint can return (401 `SIGN_ERROR`, 403 `NO_AUTH`, 500 `SYSTEM_ERROR`).
 *
 * @since 0.1.0
 */
export const PROTOCOL_CODES = ["SIGN_ERROR", "NO_AUTH", "SYSTEM_ERROR"] as const

/**
 * A protocol code.
 *
 * @since 0.1.0
 */
export type ProtocolCode = (typeof PROTOCOL_CODES)[number]

/**
 * The error channel of an endpoint.
 *
 * @since 0.1.0
 */
export type Error<E> =
  E extends Endpoint<infer _I, infer _IE, infer _A, infer _AE, infer Code> ? EndpointError<Code | ProtocolCode> : never

/**
 * Builds a descriptor; the placeholders and the set of typed codes are computed once, here.
 *
 * @since 0.1.0
 */
export const make = <I, IE, A, AE, const Code extends string>(options: {
  readonly name: string
  readonly summary: string
  readonly method: Endpoint<I, IE, A, AE, Code>["method"]
  readonly path: string
  readonly request: Schema.Schema<I, IE>
  readonly response: Schema.Schema<A, AE> | undefined
  readonly query?: ReadonlyArray<string>
  readonly errors: ReadonlyArray<DocumentedError<Code>>
}): Endpoint<I, IE, A, AE, Code> => ({
  ...options,
  query: options.query ?? [],
  pathParams: [...options.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!),
  codes: new Set<string>([...options.errors.map((e) => e.code), ...PROTOCOL_CODES])
})
