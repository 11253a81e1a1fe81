/**
 * Which notifications (回调通知) were already handled, by notification `id`: WeChat Pay redelivers a notification
 * (signed afresh each time) until it is acknowledged, for up to about 24 hours, so a handler runs once per id only if
 * its ids are remembered that long. `Notifications.httpApp` runs a handler under an atomic claim on the id (SET NX PX
 * semantics) and records the id after it succeeded. Several instances behind one notify URL must share one store
 * ({@link layerRedis}, or your own over a database), or a redelivery landing on another instance runs the handler
 * again.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as KeyValueStore from "effect/persistence/KeyValueStore"
import type * as Redis from "effect/persistence/Redis"
import type { NotificationStoreError } from "./internal/notificationStore.js"
import * as internal from "./internal/notificationStore.js"

export {
  /**
   * The store could not be read or written. `Notifications.httpApp` answers 500 so that WeChat Pay redelivers.
   *
   * @since 0.1.0
   * @category errors
   */
  NotificationStoreError
} from "./internal/notificationStore.js"

/**
 * What {@link Service.claim} found: `Claimed` (this delivery now holds the id), `Handled` (the id is recorded) or
 * `Busy` (another delivery's claim on it has not expired).
 *
 * @since 0.2.0
 * @category models
 */
export type Claim = "Claimed" | "Handled" | "Busy"

/**
 * What a store does. `claim` must be atomic across every instance sharing the store (Redis `SET key token NX PX
 * lease`; SQL `INSERT … ON CONFLICT DO NOTHING` on the id, taking over a row whose claim expired): it is what keeps two
 * instances from running one handler twice. A recorded id must be kept at least 24 hours, WeChat Pay's redelivery
 * horizon.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Whether `id` is recorded as handled. */
  readonly has: (id: string) => Effect.Effect<boolean, NotificationStoreError>
  /**
   * Atomically: `Handled` if `id` is recorded, `Busy` while another delivery's claim on it lasts, otherwise claims it
   * for the delivery `token` until `lease` has passed and answers `Claimed`. A claim whose holder died expires with
   * its lease, so a redelivery then runs the handler.
   *
   * @since 0.2.0
   */
  readonly claim: (id: string, token: string, lease: Duration.Duration) => Effect.Effect<Claim, NotificationStoreError>
  /** Records `id` as handled (after its handler succeeded), replacing any claim, for the store's TTL. */
  readonly record: (id: string) => Effect.Effect<void, NotificationStoreError>
  /**
   * Drops the claim `token` holds on `id` (after its handler failed), so a redelivery runs the handler at once; a
   * claim another delivery took since, or a record, is kept.
   *
   * @since 0.2.0
   */
  readonly release: (id: string, token: string) => Effect.Effect<void, NotificationStoreError>
}

/**
 * The store service tag.
 *
 * @since 0.1.0
 * @category tags
 */
export class NotificationStore extends Context.Service<NotificationStore, Service>()(
  "@effect-wechatpay/api/NotificationStore"
) {}

/**
 * How long an id is kept by default: 25 hours (the generic retry schedule spans about 24 h 4 min).
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_TTL: Duration.Duration = internal.DEFAULT_TTL

/**
 * How many ids the in-memory store keeps by default (100,000); past it the oldest are dropped first.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_CAPACITY: number = internal.DEFAULT_CAPACITY

/**
 * The key prefix of the shared stores by default: `wechatpay:notification:`.
 *
 * @since 0.2.0
 * @category constants
 */
export const DEFAULT_PREFIX: string = internal.DEFAULT_PREFIX

/**
 * Options of {@link layerMemory}.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemoryOptions {
  /** How long an id is kept (default 25 hours; keep it at least 24 hours). At least 1 ms, and finite. */
  readonly ttl?: Duration.Input | undefined
  /** At most this many ids and claims (default 100,000; a whole number ≥ 1); expired ones go first, then the oldest. */
  readonly capacity?: number | undefined
}

/**
 * A bounded in-memory store, for a single instance (its claims are atomic within the process). Time is read from
 * Effect's `Clock`. An option it cannot work with (a `capacity` that is not a whole number ≥ 1, a `ttl` that is 0,
 * negative, NaN or infinite) fails with `NotificationStoreError` `InvalidOption`, naming the option.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory: (options?: MemoryOptions) => Effect.Effect<Service, NotificationStoreError> =
  internal.makeMemory

/**
 * The in-memory store as a layer (what `Notifications.httpApp` needs when you provide nothing else); bad options fail
 * the layer when it is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (options?: MemoryOptions): Layer.Layer<NotificationStore, NotificationStoreError> =>
  Layer.effect(NotificationStore, makeMemory(options))

/**
 * Options of {@link layerKeyValueStore} and {@link layerRedis}.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyValueStoreOptions {
  /** How long an id counts as recorded (default 25 hours). At least 1 ms, and finite. */
  readonly ttl?: Duration.Input | undefined
  /** Key prefix (default `wechatpay:notification:`). */
  readonly prefix?: string | undefined
}

/**
 * A store over effect's `KeyValueStore` (`effect/persistence/KeyValueStore`: file system, browser storage, SQL, or
 * your own): each id is stored with its expiry time and read back as absent once expired. `KeyValueStore` has no
 * atomic set-if-absent and no TTL, so: a claim is a read, a write and a read-back, run one at a time per store
 * instance, which makes it atomic for every app in this process using the instance, but two processes claiming one id
 * within the same few milliseconds can both win; and expired keys stay until read. For several instances use
 * {@link layerRedis} or a store with a real atomic claim.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeKeyValueStore: (
  store: KeyValueStore.KeyValueStore,
  options?: KeyValueStoreOptions
) => Effect.Effect<Service, NotificationStoreError> = internal.makeKeyValueStore

/**
 * {@link makeKeyValueStore} over the `KeyValueStore` in the context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerKeyValueStore = (
  options?: KeyValueStoreOptions
): Layer.Layer<NotificationStore, NotificationStoreError, KeyValueStore.KeyValueStore> =>
  Layer.effect(NotificationStore, internal.fromContext(options))

/**
 * A store over effect's `Redis` service (`effect/persistence/Redis`; `NodeRedis.layer` of `@effect/platform-node`
 * provides it over node-redis), for several instances: a claim is `SET key claim:<token> NX PX <lease>` (atomic on
 * the server), a record `SET key done PX <ttl>`, a release a compare-and-delete script. Redis expires the keys.
 *
 * @example
 * ```ts
 * import { NodeRedis } from "@effect/platform-node"
 * import { NotificationStore } from "@effect-wechatpay/api"
 * import { Layer } from "effect"
 *
 * const Store = NotificationStore.layerRedis().pipe(Layer.provide(NodeRedis.layer({ url: "redis://10.0.0.5:6379" })))
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layerRedis = (
  options?: KeyValueStoreOptions
): Layer.Layer<NotificationStore, NotificationStoreError, Redis.Redis> =>
  Layer.effect(NotificationStore, internal.redisFromContext(options))

/**
 * {@link layerRedis}'s store over a given `Redis` service.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeRedis: (
  redis: Redis.Redis["Service"],
  options?: KeyValueStoreOptions
) => Effect.Effect<Service, NotificationStoreError> = internal.makeRedis
