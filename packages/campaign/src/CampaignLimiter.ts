/**
 * The rate limit of a campaign's sends: one bucket per endpoint (the descriptor's name), at the rate the descriptor
 * documents unless the campaign overrides it, slowed down when WeChat Pay answers FREQUENCY_LIMITED or 429.
 *
 * The limiter is a service: the embedded mode keeps its buckets in memory (one process); the distributed mode
 * provides one whose buckets are shared by every runner (effect's `RateLimiter` over a shared `RateLimiterStore`).
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/persistence/RateLimiter"

/**
 * A rate: `requests` per `per`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Rate {
  readonly requests: number
  readonly per: Duration.Input
}

/**
 * What a campaign asks of its limiter.
 *
 * - `take(key, rate)` waits until one more request under `key` keeps within `rate`;
 * - `slowDown(key, retryAfter)` is told that WeChat Pay answered FREQUENCY_LIMITED or 429 (the sends under `key`
 *   pause for `retryAfter`, or a backoff when absent);
 * - `currentRate(key)` is the number of requests taken in the last second.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  readonly take: (key: string, rate: Rate) => Effect.Effect<void>
  readonly slowDown: (key: string, retryAfter: Duration.Duration | undefined) => Effect.Effect<void>
  readonly currentRate: (key: string) => Effect.Effect<number>
}

/**
 * The campaign limiter service.
 *
 * @since 0.2.0
 * @category services
 */
export class CampaignLimiter extends Context.Service<CampaignLimiter, Service>()(
  "@effect-wechatpay/campaign/CampaignLimiter"
) {}

/**
 * How long the sends under a key pause after FREQUENCY_LIMITED or 429 when WeChat Pay gives no `Retry-After`.
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultSlowDown: Duration.Duration = Duration.millis(200)

/**
 * The token bucket that keeps to a rate in every window of its length: a burst of at most a fiftieth of the rate
 * (at least 1), refilled at the rate less that burst and as many again (at least 3 requests) to spare, so that no window
 * of `per` sees more than `requests` (burst + refill) even when an event loop that stalled lets granted sends go out
 * together (CI saw 101 in a second at 100/s with one request to spare); a steady campaign runs at 95–96% of the rate.
 *
 * @since 0.2.0
 * @category utils
 */
export const bucketOf = (rate: Rate): { readonly capacity: number; readonly window: Duration.Duration } => {
  const perMillis = Duration.toMillis(Duration.fromInputUnsafe(rate.per))
  const requests = Math.max(1, Math.floor(rate.requests))
  const capacity = requests > 1 ? Math.max(1, Math.floor(requests / 50)) : 1
  const spare = Math.max(3, Math.floor(requests / 50))
  const refill =
    requests > capacity + spare ? requests - capacity - spare : requests > capacity ? requests - capacity : requests
  return { capacity, window: Duration.millis((capacity * perMillis) / refill) }
}

/**
 * A limiter over effect's `RateLimiter` (token bucket, waiting rather than failing): the buckets live wherever the
 * provided `RateLimiterStore` keeps them, so a store shared by several processes holds the limit across them all.
 * The pause after FREQUENCY_LIMITED and the current rate are kept in this process.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, RateLimiter.RateLimiter> = Effect.gen(function* () {
  const limiter = yield* RateLimiter.RateLimiter
  const pausedUntil = new Map<string, number>()
  const taken = new Map<string, Array<number>>()
  const record = (key: string, now: number) => {
    let times = taken.get(key)
    if (times === undefined) {
      times = []
      taken.set(key, times)
    }
    times.push(now)
    while (times.length > 0 && (times[0] ?? now) <= now - 1000) times.shift()
  }
  return {
    take: (key, rate) =>
      Effect.gen(function* () {
        const until = pausedUntil.get(key) ?? 0
        const now = Date.now()
        if (until > now) yield* Effect.sleep(Duration.millis(until - now))
        const bucket = bucketOf(rate)
        const result = yield* limiter
          .consume({
            algorithm: "token-bucket",
            onExceeded: "delay",
            key: `campaign/${key}`,
            limit: bucket.capacity,
            window: bucket.window
          })
          .pipe(Effect.orDie)
        if (Duration.toMillis(result.delay) > 0) yield* Effect.sleep(result.delay)
        record(key, Date.now())
      }),
    slowDown: (key, retryAfter) =>
      Effect.sync(() => {
        const until = Date.now() + Duration.toMillis(retryAfter ?? defaultSlowDown)
        if (until > (pausedUntil.get(key) ?? 0)) pausedUntil.set(key, until)
      }),
    currentRate: (key) =>
      Effect.sync(() => {
        const now = Date.now()
        return (taken.get(key) ?? []).filter((time) => time > now - 1000).length
      })
  }
})

/**
 * The limiter over effect's `RateLimiter`, given a `RateLimiterStore`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<CampaignLimiter, never, RateLimiter.RateLimiterStore> = Layer.effect(
  CampaignLimiter,
  make
).pipe(Layer.provide(RateLimiter.layer))

/**
 * The limiter of one process: buckets in memory (the embedded mode).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerMemory: Layer.Layer<CampaignLimiter> = layer.pipe(Layer.provide(RateLimiter.layerStoreMemory))
