/**
 * The retry and timeout policy: which failures are retried, how long to wait between attempts (exponential backoff
 * with jitter, or the server's `Retry-After`, capped by the timeout budget), and the per-attempt timeout.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import type { RetryOptions } from "../WechatPay.js"

/** What the policy needs to know of a failure. */
export interface Failure {
  readonly _tag: string
  readonly status?: number | undefined
  readonly reason?: string | undefined
}

/** The normalised retry settings of a client. */
export interface Policy {
  /** Attempts in all, the first included; 1 means no retries. */
  readonly attempts: number
  readonly baseMillis: number
  /** The per-attempt timeout; also the cap on any wait between attempts. */
  readonly timeout: Duration.Duration
  /** `timeout` in milliseconds. */
  readonly timeoutMillis: number
}

/** Normalises the options' `retry` and `timeout`. */
export const policyOf = (retry: RetryOptions | false | undefined, timeout: Duration.Input | undefined): Policy => {
  const decoded = Duration.fromInputUnsafe(timeout ?? "10 seconds")
  return {
    attempts: retry === false ? 1 : Math.max(1, Math.floor(retry?.attempts ?? 3)),
    baseMillis: retry === false ? 0 : Duration.toMillis(Duration.fromInputUnsafe(retry?.base ?? "200 millis")),
    timeout: decoded,
    timeoutMillis: Duration.toMillis(decoded)
  }
}

/** What the policy needs to know of the call: the descriptor's answers (`Endpoint.retryAfter429`, idempotency). */
export interface Retries {
  /**
   * A read, or a write that carries its request number (`out_request_no`, …), which WeChat Pay answers as the first
   * call: a transport failure, a timeout and a 5xx may be sent again.
   */
  readonly idempotent: boolean
  /** A 429 may be sent again: the descriptor's `retryAfter429`. */
  readonly after429: boolean
}

/** The retry inputs of an endpoint, from its descriptor. */
export const retriesOf = (endpoint: {
  readonly method: string
  readonly idempotency: unknown
  readonly retryAfter429: boolean
}): Retries => ({
  idempotent: endpoint.method === "GET" || endpoint.idempotency !== undefined,
  after429: endpoint.retryAfter429
})

/** A read: everything transient is retried. */
export const READ: Retries = { idempotent: true, after429: true }

/**
 * Whether a failure is worth another attempt. A 429 (whatever its code) when the descriptor says a second send is safe
 * (`retryAfter429`: reads, writes with a request number, and the writes whose replay cannot apply anything twice). A
 * transport failure, a timeout and a 5xx (a WeChat Pay `SYSTEM_ERROR`, or a proxy's 502/503/504 or HTML 500) only for
 * an idempotent call. A body over the size limit is never transient. A 4xx business error never is.
 */
export const isRetryable = (failure: Failure, retries: Retries): boolean => {
  if (failure.status === 429) return retries.after429
  if (failure._tag === "TransportError") return retries.idempotent && failure.reason !== "ResponseTooLarge"
  return retries.idempotent && failure.status !== undefined && failure.status >= 500
}

/** Where a failed response's Retry-After (millis) is kept on the error it became: a symbol, not enumerable. */
const RetryAfter = Symbol.for("@effect-wechatpay/api/RetryAfter")

const retryAfterOf = (error: object): number | undefined => (error as { readonly [RetryAfter]?: number })[RetryAfter]

/** Remembers a response's `Retry-After` (seconds or an HTTP date) on the error it became. */
export const rememberRetryAfter = <E extends object>(error: E, header: string | undefined, nowMillis: number): E => {
  if (header === undefined) return error
  const trimmed = header.trim()
  const millis = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - nowMillis
  if (Number.isFinite(millis) && millis > 0) {
    Object.defineProperty(error, RetryAfter, { value: millis, enumerable: false })
  }
  return error
}

/**
 * Runs `attempt`, and again after a retryable failure, up to `policy.attempts` times. The wait is the larger of the
 * jittered exponential backoff and the server's `Retry-After`, never longer than the timeout. The retry machinery is
 * only built after a failure, so a call that succeeds first time pays nothing for it.
 */
export const retrying = <A, E extends Failure>(
  attempt: Effect.Effect<A, E>,
  policy: Policy,
  retries: Retries
): Effect.Effect<A, E> => {
  if (policy.attempts <= 1) return attempt
  const cap = Duration.toMillis(policy.timeout)
  const loop = (error: E, retry: number): Effect.Effect<A, E> => {
    if (retry >= policy.attempts || !isRetryable(error, retries)) return Effect.fail(error)
    return Effect.flatMap(Random.next, (jitter) => {
      const backoff = policy.baseMillis * 2 ** (retry - 1) * (0.8 + 0.4 * jitter)
      const wait = Math.min(Math.max(backoff, retryAfterOf(error) ?? 0), cap)
      return Effect.andThen(
        Effect.sleep(Duration.millis(wait)),
        Effect.catch(attempt, (next) => loop(next, retry + 1))
      )
    })
  }
  return Effect.catch(attempt, (first) => loop(first, 1))
}

/**
 * The live Clock, the one a fiber gets when no Clock is provided: a transport's own timer stands for the timeout only
 * under it (not under a TestClock). `Context.get` of the reference gives its memoised default, the instance fibers
 * use; calling `defaultValue()` would build another.
 */
export const liveClock: Clock.Clock = Context.get(Context.empty(), Clock.Clock)

/** The longest delay `setTimeout` can hold. */
export const MAX_TIMER_MILLIS = 2 ** 31 - 1
