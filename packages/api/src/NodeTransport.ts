/**
 * A lean node:http(s) `HttpClient` for WeChat Pay's small JSON exchanges: keep-alive agents, one callback-driven
 * round trip per request, the response body read completely (up to a limit) before the response is returned.
 *
 * It is an ordinary effect `HttpClient`, so it can stand in for `@effect/platform-node`'s `NodeHttpClient` layers
 * anywhere; what it saves is measured in `docs/performance.md` (no `URL` built, no `AbortController`, headers parsed
 * once, the body read in the request's own callbacks). When the WeChat Pay client uses it directly, each attempt's
 * timeout runs as a timer inside the round trip instead of a fiber racing it.
 *
 * @example
 * ```ts
 * import { NodeTransport, WechatPay } from "@effect-wechatpay/api"
 * import { Layer } from "effect"
 *
 * declare const options: WechatPay.Options
 * const WechatPayLive = WechatPay.layer(options).pipe(Layer.provide(NodeTransport.layer()))
 * ```
 *
 * @since 0.1.0
 */
import type * as Https from "node:https"
import type * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as internal from "./internal/nodeTransport.js"
import * as transport from "./internal/transport.js"

/**
 * Options of the transport.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Options of the node:http and node:https agents the transport creates (and destroys with its scope). Default
   * `{ keepAlive: true, timeout: 60_000 }`: with a socket timeout set, Node retires idle sockets on the server's
   * `Keep-Alive: timeout=…` hint instead of reusing one the server is closing.
   */
  readonly agent?: Https.AgentOptions | undefined
  /**
   * The largest response body read, in bytes (default 8 MiB); a longer body fails with an `HttpClientError`
   * (`DecodeError`) and its connection is closed.
   */
  readonly maxResponseBytes?: number | undefined
}

/**
 * The `code` of the error a response body over `maxResponseBytes` fails with (the `cause` of its `HttpClientError`):
 * the WeChat Pay client does not retry it, since a body over the limit is not transient.
 *
 * @since 0.1.0
 * @category constants
 */
export const RESPONSE_TOO_LARGE: string = transport.RESPONSE_TOO_LARGE

/**
 * The default `maxResponseBytes`: 8 MiB.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_MAX_RESPONSE_BYTES: number = internal.DEFAULT_MAX_RESPONSE_BYTES

/**
 * A transport over node:http and node:https with agents made from `options.agent`; the agents are destroyed when
 * the scope closes.
 *
 * @param options agents and limits
 * @since 0.1.0
 * @category constructors
 */
export const make: (options?: Options) => Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> = internal.make

/**
 * The transport as a layer of `HttpClient.HttpClient`.
 *
 * @param options agents and limits
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  Layer.effect(HttpClient.HttpClient, internal.make(options))
