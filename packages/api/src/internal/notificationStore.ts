/**
 * The notification id stores: a bounded in-memory map with expiry, and one over effect's `KeyValueStore` (each id
 * stored with its expiry time, since the interface has no TTL of its own).
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as KeyValueStore from "effect/persistence/KeyValueStore"
import * as Schema from "effect/Schema"
import type { Service } from "../NotificationStore.js"
import { marked } from "./typeId.js"

/** The store could not be read or written (re-exported by `NotificationStore`). */
export class NotificationStoreError extends Schema.TaggedError<NotificationStoreError>(
  "@effect-wechatpay/api/NotificationStoreError"
)("NotificationStoreError", {
  reason: Schema.Literal("Unavailable"),
  message: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {}
marked(NotificationStoreError)

/** WeChat Pay's generic retry schedule ends about 24 h 4 min after the first delivery; an hour of margin on top. */
export const DEFAULT_TTL: Duration.Duration = Duration.hours(25)
export const DEFAULT_CAPACITY = 100_000

/** In memory: ids in insertion order with their expiry; expired ids are dropped first, then the oldest over capacity. */
export const makeMemory = (options?: {
  readonly ttl?: Duration.Input | undefined
  readonly capacity?: number | undefined
}): Service => {
  const ttl = Duration.toMillis(options?.ttl ?? DEFAULT_TTL)
  const capacity = Math.max(1, options?.capacity ?? DEFAULT_CAPACITY)
  const entries = new Map<string, number>()
  const sweep = (now: number) => {
    for (const [id, expires] of entries) {
      if (expires > now && entries.size <= capacity) break
      entries.delete(id)
    }
  }
  return {
    has: (id) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const expires = entries.get(id)
        if (expires === undefined) return false
        if (expires > now) return true
        entries.delete(id)
        return false
      }),
    record: (id) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        entries.delete(id)
        entries.set(id, now + ttl)
        sweep(now)
      })
  }
}

const unavailable = (operation: string) => (cause: unknown) =>
  new NotificationStoreError({
    reason: "Unavailable",
    message: `notification store ${operation} failed`,
    cause
  })

/** Over a `KeyValueStore`: `prefix + id` → expiry (Unix millis, decimal); an expired or unreadable entry is absent. */
export const makeKeyValueStore = (
  store: KeyValueStore.KeyValueStore,
  options?: { readonly ttl?: Duration.Input | undefined; readonly prefix?: string | undefined }
): Service => {
  const ttl = Duration.toMillis(options?.ttl ?? DEFAULT_TTL)
  const prefix = options?.prefix ?? "wechatpay:notification:"
  return {
    has: (id) =>
      Effect.gen(function* () {
        const value = yield* store.get(prefix + id)
        if (value === undefined) return false
        const expires = Number(value)
        if (Number.isFinite(expires) && expires > (yield* Clock.currentTimeMillis)) return true
        yield* store.remove(prefix + id)
        return false
      }).pipe(Effect.mapError(unavailable("read"))),
    record: (id) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => store.set(prefix + id, String(now + ttl))).pipe(
        Effect.mapError(unavailable("write"))
      )
  }
}

/** The `KeyValueStore` from the context. */
export const fromContext = (options?: {
  readonly ttl?: Duration.Input | undefined
  readonly prefix?: string | undefined
}): Effect.Effect<Service, never, KeyValueStore.KeyValueStore> =>
  Effect.map(KeyValueStore.KeyValueStore, (store) => makeKeyValueStore(store, options))
