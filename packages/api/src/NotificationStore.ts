/**
 * Which notifications (回调通知) were already handled, by notification `id`: WeChat Pay redelivers a notification
 * (signed afresh each time) until it is acknowledged, for up to about 24 hours, so a handler runs once per id only if
 * its ids are remembered that long. Several instances behind one notify URL must share one store (Redis, a
 * database), or a redelivery landing on another instance runs the handler again.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as KeyValueStore from "effect/persistence/KeyValueStore"
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
 * What a store does: tell whether an id was recorded, and record one (after its handler succeeded). An entry must
 * be kept at least 24 hours, WeChat Pay's redelivery horizon.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly has: (id: string) => Effect.Effect<boolean, NotificationStoreError>
  readonly record: (id: string) => Effect.Effect<void, NotificationStoreError>
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
 * Options of {@link layerMemory}.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemoryOptions {
  /** How long an id is kept (default 25 hours; keep it at least 24 hours). */
  readonly ttl?: Duration.Input | undefined
  /** At most this many ids (default 100,000); expired ids go first, then the oldest. */
  readonly capacity?: number | undefined
}

/**
 * A bounded in-memory store, for a single instance. Time is read from Effect's `Clock`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory: (options?: MemoryOptions) => Effect.Effect<Service> = (options) =>
  Effect.sync(() => internal.makeMemory(options))

/**
 * The in-memory store as a layer (what `Notifications.httpApp` needs when you provide nothing else).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (options?: MemoryOptions): Layer.Layer<NotificationStore> =>
  Layer.effect(NotificationStore, makeMemory(options))

/**
 * Options of {@link layerKeyValueStore}.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyValueStoreOptions {
  /** How long an id counts as recorded (default 25 hours). */
  readonly ttl?: Duration.Input | undefined
  /** Key prefix (default `wechatpay:notification:`). */
  readonly prefix?: string | undefined
}

/**
 * A store over effect's `KeyValueStore` (`effect/persistence/KeyValueStore`: file system, browser storage, SQL, or
 * your own over Redis): each id is stored with its expiry time and read back as absent once expired. `KeyValueStore`
 * has no TTL, so expired keys stay until read; prefer a backend that expires keys itself (see `docs/notifications.md`)
 * for a busy merchant.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeKeyValueStore: (store: KeyValueStore.KeyValueStore, options?: KeyValueStoreOptions) => Service =
  internal.makeKeyValueStore

/**
 * {@link makeKeyValueStore} over the `KeyValueStore` in the context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerKeyValueStore = (
  options?: KeyValueStoreOptions
): Layer.Layer<NotificationStore, never, KeyValueStore.KeyValueStore> =>
  Layer.effect(NotificationStore, internal.fromContext(options))
