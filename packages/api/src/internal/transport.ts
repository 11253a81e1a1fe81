/**
 * What the client and a transport agree on without either importing the other: the per-attempt timeout a transport
 * may run itself, the tagged error of a timeout, the body bytes a buffering transport already holds, and the error
 * code of a body over the size limit. Nothing here loads node:http.
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import { hasProperty } from "effect/Predicate"

/**
 * What the client tells a transport about the attempt in flight, set around one `execute` (one context update per
 * attempt); empty everywhere else:
 * - `deadline`: when the attempt must have its response (epoch milliseconds, live clock), for a transport that runs the
 *   timer itself (`runsAttemptTimeout`). A deadline rather than a duration: time spent before the round trip (a
 *   signature made on a worker thread) is not given to it again.
 * - `signedBody`: the body text the signature covers when it is not the body sent (a multipart upload signs its meta
 *   JSON).
 */
export interface Attempt {
  readonly deadline?: number | undefined
  readonly signedBody?: string | undefined
}

/** The attempt in flight (see `Attempt`). */
export const CurrentAttempt = Context.Reference<Attempt>("@effect-wechatpay/api/CurrentAttempt", {
  defaultValue: () => ({})
})

/** No response completed within the attempt's timeout (a transport's own timer, or the client's). */
export class AttemptTimeoutError extends Data.TaggedError("AttemptTimeoutError")<{ readonly millis: number }> {}

/** Marks a transport whose `execute` honours `CurrentAttempt`'s deadline with a timer of its own. */
export const RunsAttemptTimeout: unique symbol = Symbol.for("@effect-wechatpay/api/RunsAttemptTimeout")

/** Whether `client` runs the attempt timeout itself (a `NodeTransport` client, not wrapped). */
export const runsAttemptTimeout = (client: HttpClient.HttpClient): boolean =>
  hasProperty(client, RunsAttemptTimeout) && client[RunsAttemptTimeout] === true

/** Where a buffering transport's response keeps the headers as node:http parsed them (lower-case names). */
export const RawHeaders: unique symbol = Symbol.for("@effect-wechatpay/api/RawHeaders")

/** Where a buffering transport's response keeps the body it has read completely. */
export const BodyBytes: unique symbol = Symbol.for("@effect-wechatpay/api/BodyBytes")

/** The body bytes of a response that holds them already (a `NodeTransport` response), `undefined` otherwise. */
export const bodyBytesOf = (response: HttpClientResponse.HttpClientResponse): Buffer | undefined =>
  hasProperty(response, BodyBytes) ? (response[BodyBytes] as Buffer) : undefined

/**
 * The `code` of the error a response body over the transport's size limit fails with (the `cause` of its
 * `HttpClientError`): the client does not retry it, since a body over the limit is not transient.
 */
export const RESPONSE_TOO_LARGE = "ERR_WECHATPAY_RESPONSE_TOO_LARGE"

/**
 * Set by the client around one `execute` whose body it reads as a stream (a file download): a transport that buffers
 * bodies answers as soon as the response head is in, with the body unread and not bounded by its size limit (the
 * client bounds it); `false` everywhere else.
 */
export const StreamedBody = Context.Reference<boolean>("@effect-wechatpay/api/StreamedBody", {
  defaultValue: () => false
})

/** Where a streamed response keeps the function that abandons its unread body (and the connection under it). */
export const DiscardBody: unique symbol = Symbol.for("@effect-wechatpay/api/DiscardBody")

/** Abandons a streamed response's body if the transport can (a `NodeTransport` response); otherwise nothing. */
export const discardBody = (response: HttpClientResponse.HttpClientResponse): void => {
  if (hasProperty(response, DiscardBody) && typeof response[DiscardBody] === "function") {
    ;(response[DiscardBody] as () => void)()
  }
}
