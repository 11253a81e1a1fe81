/**
 * The notification id stores: a bounded in-memory map with expiry, one over effect's `KeyValueStore` (each entry
 * stored with its expiry time, since the interface has no TTL of its own) and one over effect's `Redis` service
 * (SET NX PX). Each offers the atomic claim `Notifications.httpApp` runs a handler under.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as KeyValueStore from "effect/persistence/KeyValueStore"
import * as Redis from "effect/persistence/Redis"
import * as Schema from "effect/Schema"
import * as Semaphore from "effect/Semaphore"
import type { Claim, Service } from "../NotificationStore.js"
import { marked } from "./typeId.js"

/** The store could not be read or written, or was given an option it cannot work with (re-exported). */
export class NotificationStoreError extends Schema.TaggedError<NotificationStoreError>(
  "@effect-wechatpay/api/NotificationStoreError"
)("NotificationStoreError", {
  reason: Schema.Literals(["Unavailable", "InvalidOption"]),
  message: Schema.String,
  /** For `InvalidOption`: the option's name (never its value). */
  option: Schema.optional(Schema.String),
  cause: Schema.optional(Schema.Defect())
}) {}
marked(NotificationStoreError)

/** WeChat Pay's generic retry schedule ends about 24 h 4 min after the first delivery; an hour of margin on top. */
export const DEFAULT_TTL: Duration.Duration = Duration.hours(25)
export const DEFAULT_CAPACITY = 100_000
export const DEFAULT_PREFIX = "wechatpay:notification:"

const invalid = (store: string, option: string, requirement: string) =>
  new NotificationStoreError({
    reason: "InvalidOption",
    option,
    message: `NotificationStore.${store}: \`${option}\` must be ${requirement}`
  })

/** A TTL option as whole milliseconds: a duration of at least 1 ms that ends (0, NaN, negative, Infinity refused). */
const ttlMillis = (store: string, input: Duration.Input | undefined): Effect.Effect<number, NotificationStoreError> =>
  Effect.suspend(() => {
    const duration = input === undefined ? Option.some(DEFAULT_TTL) : Duration.fromInput(input)
    const millis = Option.isSome(duration) && Duration.isFinite(duration.value) ? Duration.toMillis(duration.value) : 0
    return millis >= 1
      ? Effect.succeed(Math.ceil(millis))
      : Effect.fail(invalid(store, "ttl", "a finite duration of at least 1 millisecond"))
  })

const prefixOption = (store: string, input: string | undefined): Effect.Effect<string, NotificationStoreError> =>
  input === undefined
    ? Effect.succeed(DEFAULT_PREFIX)
    : typeof input === "string"
      ? Effect.succeed(input)
      : Effect.fail(invalid(store, "prefix", "a string"))

/** A lease as whole milliseconds, at least 1 (the app passes twice its budget). */
const leaseMillis = (lease: Duration.Duration) => Math.max(1, Math.ceil(Duration.toMillis(lease)))

/** An entry of the in-memory store: `token` is the claim's holder, undefined once the id is recorded. */
interface Entry {
  readonly expires: number
  readonly token: string | undefined
}

/** In memory: ids in insertion order with their expiry; expired ids are dropped first, then the oldest over capacity. */
export const makeMemoryUnsafe = (options: { readonly ttlMillis: number; readonly capacity: number }): Service => {
  const { capacity, ttlMillis } = options
  const entries = new Map<string, Entry>()
  const sweep = (now: number) => {
    for (const [id, entry] of entries) {
      if (entry.expires > now && entries.size <= capacity) break
      entries.delete(id)
    }
  }
  const live = (id: string, now: number): Entry | undefined => {
    const entry = entries.get(id)
    if (entry === undefined || entry.expires > now) return entry
    entries.delete(id)
    return undefined
  }
  return {
    has: (id) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const entry = live(id, now)
        return entry !== undefined && entry.token === undefined
      }),
    claim: (id, token, lease) =>
      Effect.map(Clock.currentTimeMillis, (now): Claim => {
        const entry = live(id, now)
        if (entry !== undefined) return entry.token === undefined ? "Handled" : "Busy"
        entries.set(id, { expires: now + leaseMillis(lease), token })
        sweep(now)
        return "Claimed"
      }),
    record: (id) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        entries.delete(id)
        entries.set(id, { expires: now + ttlMillis, token: undefined })
        sweep(now)
      }),
    release: (id, token) =>
      Effect.sync(() => {
        if (entries.get(id)?.token === token) entries.delete(id)
      })
  }
}

export const makeMemory = (options?: {
  readonly ttl?: Duration.Input | undefined
  readonly capacity?: number | undefined
}): Effect.Effect<Service, NotificationStoreError> =>
  Effect.flatMap(ttlMillis("layerMemory", options?.ttl), (ttl) => {
    const capacity = options?.capacity === undefined ? DEFAULT_CAPACITY : options.capacity
    return typeof capacity === "number" && Number.isSafeInteger(capacity) && capacity >= 1
      ? Effect.succeed(makeMemoryUnsafe({ ttlMillis: ttl, capacity }))
      : Effect.fail(invalid("layerMemory", "capacity", "a whole number of at least 1"))
  })

const unavailable = (operation: string) => (cause: unknown) =>
  new NotificationStoreError({
    reason: "Unavailable",
    message: `notification store ${operation} failed`,
    cause
  })

/**
 * A `KeyValueStore` entry: a recorded id is its expiry (Unix millis, decimal, as 0.1 stored it), a claim is
 * `claim:<expiry>:<token>`. Anything else (unreadable, or expired) counts as absent.
 */
type KeyValueEntry = { readonly _tag: "Recorded" } | { readonly _tag: "Claimed"; readonly token: string }

const CLAIM = /^claim:(\d+):(.+)$/

const readEntry = (value: string | undefined, now: number): KeyValueEntry | undefined => {
  if (value === undefined) return undefined
  const claim = CLAIM.exec(value)
  if (claim !== null) return Number(claim[1]) > now ? { _tag: "Claimed", token: claim[2]! } : undefined
  const expires = Number(value)
  return Number.isFinite(expires) && expires > now ? { _tag: "Recorded" } : undefined
}

/**
 * Over a `KeyValueStore`. It has no atomic set-if-absent, so a claim is a read, a write and a read-back, run one at
 * a time per store instance: atomic among everything in this process that uses the instance; across processes
 * sharing the backend, two claims of one id within the same few milliseconds can both win.
 */
export const makeKeyValueStore = (
  store: KeyValueStore.KeyValueStore,
  options?: { readonly ttl?: Duration.Input | undefined; readonly prefix?: string | undefined }
): Effect.Effect<Service, NotificationStoreError> =>
  Effect.gen(function* () {
    const ttl = yield* ttlMillis("layerKeyValueStore", options?.ttl)
    const prefix = yield* prefixOption("layerKeyValueStore", options?.prefix)
    const serial = Semaphore.makeUnsafe(1).withPermits(1)
    const read = (id: string) =>
      Effect.flatMap(store.get(prefix + id), (value) =>
        Effect.map(Clock.currentTimeMillis, (now) => readEntry(value, now))
      )
    return {
      has: (id) =>
        read(id).pipe(
          Effect.map((entry) => entry?._tag === "Recorded"),
          Effect.mapError(unavailable("read"))
        ),
      claim: (id, token, lease) =>
        serial(
          Effect.gen(function* () {
            const entry = yield* read(id)
            if (entry !== undefined) return entry._tag === "Recorded" ? "Handled" : "Busy"
            const now = yield* Clock.currentTimeMillis
            const value = `claim:${now + leaseMillis(lease)}:${token}`
            yield* store.set(prefix + id, value)
            return (yield* store.get(prefix + id)) === value ? "Claimed" : "Busy"
          })
        ).pipe(Effect.mapError(unavailable("claim"))),
      record: (id) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => store.set(prefix + id, String(now + ttl))).pipe(
          Effect.mapError(unavailable("write"))
        ),
      release: (id, token) =>
        serial(
          Effect.flatMap(read(id), (entry) =>
            entry?._tag === "Claimed" && entry.token === token ? store.remove(prefix + id) : Effect.void
          )
        ).pipe(Effect.mapError(unavailable("release")))
    } satisfies Service
  })

/** The `KeyValueStore` from the context. */
export const fromContext = (options?: {
  readonly ttl?: Duration.Input | undefined
  readonly prefix?: string | undefined
}): Effect.Effect<Service, NotificationStoreError, KeyValueStore.KeyValueStore> =>
  Effect.flatMap(KeyValueStore.KeyValueStore, (store) => makeKeyValueStore(store, options))

const RECORDED = "done"
const CLAIM_PREFIX = "claim:"

/** Deletes the claim only if `token` still holds it (a claim another delivery took since is kept). */
const releaseScript = Redis.script((key: string, value: string) => [key, value], {
  lua: `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`,
  numberOfKeys: 1
})

/**
 * Over effect's `Redis` service: a claim is `SET key claim:<token> NX PX lease` (atomic on the server), a record
 * `SET key done PX ttl`, a release a compare-and-delete script. Keys expire on the server.
 */
export const makeRedis = (
  redis: Redis.Redis["Service"],
  options?: { readonly ttl?: Duration.Input | undefined; readonly prefix?: string | undefined }
): Effect.Effect<Service, NotificationStoreError> =>
  Effect.gen(function* () {
    const ttl = yield* ttlMillis("layerRedis", options?.ttl)
    const prefix = yield* prefixOption("layerRedis", options?.prefix)
    const release = redis.eval(releaseScript)
    const claim = (
      key: string,
      token: string,
      lease: Duration.Duration,
      again: boolean
    ): Effect.Effect<Claim, Redis.RedisError> =>
      Effect.flatMap(
        redis.send<string | null>("SET", key, CLAIM_PREFIX + token, "NX", "PX", String(leaseMillis(lease))),
        (set) =>
          set === "OK"
            ? Effect.succeed<Claim>("Claimed")
            : Effect.flatMap(redis.send<string | null>("GET", key), (value) =>
                value === RECORDED
                  ? Effect.succeed<Claim>("Handled")
                  : value === null && again
                    ? claim(key, token, lease, false) // expired between the two commands
                    : Effect.succeed<Claim>("Busy")
              )
      )
    return {
      has: (id) =>
        redis.send<string | null>("GET", prefix + id).pipe(
          Effect.map((value) => value === RECORDED),
          Effect.mapError(unavailable("read"))
        ),
      claim: (id, token, lease) => claim(prefix + id, token, lease, true).pipe(Effect.mapError(unavailable("claim"))),
      record: (id) =>
        redis
          .send("SET", prefix + id, RECORDED, "PX", String(ttl))
          .pipe(Effect.asVoid, Effect.mapError(unavailable("write"))),
      release: (id, token) =>
        release(prefix + id, CLAIM_PREFIX + token).pipe(Effect.asVoid, Effect.mapError(unavailable("release")))
    } satisfies Service
  })

/** The `Redis` service from the context. */
export const redisFromContext = (options?: {
  readonly ttl?: Duration.Input | undefined
  readonly prefix?: string | undefined
}): Effect.Effect<Service, NotificationStoreError, Redis.Redis> =>
  Effect.flatMap(Redis.Redis, (redis) => makeRedis(redis, options))
