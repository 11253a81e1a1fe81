/**
 * The executor's fast path over `NodeTransport`: the transport registers, for each client it makes, a function that
 * does one node:http round trip with the per-attempt timeout as a timer inside its callbacks. The executor looks it
 * up on the `HttpClient` it is given; any other client (a wrapped `NodeTransport` included) takes the generic path.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as Effect from "effect/Effect"
import type * as Tracer from "effect/Tracer"
import type { Target } from "./url.js"

/** What one direct round trip received, the body read completely. */
export interface DirectResponse {
  readonly status: number
  /** The response headers as node:http gives them (lower-case names). */
  readonly rawHeaders: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly bytes: Buffer
}

/**
 * One round trip of `request` to `target` with `headers`; fails with the transport's error, exactly as the
 * `HttpClient` would, or with `undefined` when no response completed within `timeoutMillis`.
 */
export type Direct = (
  request: HttpClientRequest.HttpClientRequest,
  target: Target,
  headers: Record<string, string>,
  timeoutMillis: number
) => Effect.Effect<DirectResponse, HttpClientError.HttpClientError | undefined>

const registry = new WeakMap<HttpClient.HttpClient, Direct>()

/** Registers the direct round trip of a client. */
export const register = (client: HttpClient.HttpClient, direct: Direct): HttpClient.HttpClient => {
  registry.set(client, direct)
  return client
}

/** The direct round trip of `client`, if it is a `NodeTransport` client itself. */
export const directOf = (client: HttpClient.HttpClient): Direct | undefined => registry.get(client)

/** The `http.client` span attributes of a request (as `HttpClient.make` sets them, without headers). */
export const annotateRequest = (span: Tracer.Span, method: string, target: Target): void => {
  const origin = `${target.protocol}//${target.hostname.includes(":") ? `[${target.hostname}]` : target.hostname}${target.port === "" ? "" : `:${target.port}`}`
  span.attribute("http.request.method", method)
  span.attribute("server.address", origin)
  if (target.port !== "") span.attribute("server.port", Number(target.port))
  span.attribute("url.full", origin + target.path)
  const query = target.path.indexOf("?")
  span.attribute("url.path", query < 0 ? target.path : target.path.slice(0, query))
  if (query >= 0 && query < target.path.length - 1) span.attribute("url.query", target.path.slice(query + 1))
  span.attribute("url.scheme", target.protocol.slice(0, -1))
}
