import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Exit, Layer } from "effect"
import type { Redis } from "effect/persistence"
import { KeyValueStore } from "effect/persistence"
import { TestClock } from "effect/testing"
import * as NotificationStore from "../src/NotificationStore.js"
import { isWechatPayError } from "../src/WechatPayError.js"

const lease = Duration.seconds(8)

/** The claim contract every store keeps (SET NX PX semantics), checked on the store in the context. */
const claimContract = Effect.gen(function* () {
  const store = yield* NotificationStore.NotificationStore
  expect(yield* store.claim("EV-C", "delivery-1", lease)).toBe("Claimed")
  // Another delivery, here or on another instance, finds it held.
  expect(yield* store.claim("EV-C", "delivery-2", lease)).toBe("Busy")
  expect(yield* store.has("EV-C")).toBe(false)
  // A release by a delivery that does not hold the claim changes nothing.
  yield* store.release("EV-C", "delivery-2")
  expect(yield* store.claim("EV-C", "delivery-3", lease)).toBe("Busy")
  // The holder's handler failed: released, the next delivery claims it at once.
  yield* store.release("EV-C", "delivery-1")
  expect(yield* store.claim("EV-C", "delivery-4", lease)).toBe("Claimed")
  // Its handler succeeded: recorded, and every later delivery finds it handled; a stale release keeps the record.
  yield* store.record("EV-C")
  yield* store.release("EV-C", "delivery-4")
  expect(yield* store.has("EV-C")).toBe(true)
  expect(yield* store.claim("EV-C", "delivery-5", lease)).toBe("Handled")
  // A claim whose holder died (no record, no release) expires with its lease.
  expect(yield* store.claim("EV-D", "dead-instance", lease)).toBe("Claimed")
  yield* TestClock.adjust("7999 millis")
  expect(yield* store.claim("EV-D", "delivery-6", lease)).toBe("Busy")
  yield* TestClock.adjust("1 millis")
  expect(yield* store.claim("EV-D", "delivery-6", lease)).toBe("Claimed")
})

/** Concurrent claims of one id on one store: exactly one wins. */
const oneWinner = Effect.gen(function* () {
  const store = yield* NotificationStore.NotificationStore
  const claims = yield* Effect.forEach(
    Array.from({ length: 16 }, (_, i) => `delivery-${i}`),
    (token) => store.claim("EV-RACE", token, lease),
    { concurrency: "unbounded" }
  )
  expect(claims.filter((claim) => claim === "Claimed").length).toBe(1)
  expect(claims.filter((claim) => claim === "Busy").length).toBe(15)
})

/** A KeyValueStore whose every operation yields first, so that concurrent claims interleave. */
const yieldingKeyValueStore = Layer.effect(
  KeyValueStore.KeyValueStore,
  Effect.map(Effect.provide(KeyValueStore.KeyValueStore, KeyValueStore.layerMemory), (inner) =>
    KeyValueStore.makeStringOnly({
      get: (key) => Effect.andThen(Effect.yieldNow, inner.get(key)),
      set: (key, value) => Effect.andThen(Effect.yieldNow, inner.set(key, value)),
      remove: (key) => Effect.andThen(Effect.yieldNow, inner.remove(key)),
      clear: inner.clear,
      size: inner.size,
      keys: inner.keys
    })
  )
)

describe("NotificationStore.layerMemory", () => {
  it.effect("keeps an id 25 hours by default (WeChat Pay redelivers for about 24 h 4 min)", () =>
    Effect.gen(function* () {
      const store = yield* NotificationStore.NotificationStore
      expect(yield* store.has("EV-1")).toBe(false)
      yield* store.record("EV-1")
      yield* TestClock.adjust("24 hours")
      expect(yield* store.has("EV-1")).toBe(true)
      yield* TestClock.adjust("1 hours")
      expect(yield* store.has("EV-1")).toBe(false)
    }).pipe(Effect.provide(NotificationStore.layerMemory()))
  )

  it.effect("is bounded: past capacity the oldest ids go first", () =>
    Effect.gen(function* () {
      const store = yield* NotificationStore.NotificationStore
      for (const id of ["A", "B", "C", "D"]) {
        yield* store.record(id)
        yield* TestClock.adjust("1 second")
      }
      expect(yield* Effect.forEach(["A", "B", "C", "D"], store.has)).toEqual([false, true, true, true])
    }).pipe(Effect.provide(NotificationStore.layerMemory({ capacity: 3 })))
  )

  it.effect("drops expired ids when recording", () =>
    Effect.gen(function* () {
      const store = yield* NotificationStore.NotificationStore
      yield* store.record("A")
      yield* TestClock.adjust("2 hours")
      yield* store.record("B")
      yield* store.record("C")
      expect(yield* Effect.forEach(["A", "B", "C"], store.has)).toEqual([false, true, true])
    }).pipe(Effect.provide(NotificationStore.layerMemory({ ttl: "1 hour", capacity: 2 })))
  )

  it.effect("claims atomically: claim, busy, release, record, handled, expiry", () =>
    claimContract.pipe(Effect.provide(NotificationStore.layerMemory()))
  )

  it.effect("concurrent claims of one id: one wins", () =>
    oneWinner.pipe(Effect.provide(NotificationStore.layerMemory()))
  )
})

describe("NotificationStore.layerKeyValueStore", () => {
  it.effect("stores each id under the prefix with its expiry; an expired id is absent", () =>
    Effect.gen(function* () {
      const kv = yield* KeyValueStore.KeyValueStore
      const store = yield* NotificationStore.makeKeyValueStore(kv, { ttl: "25 hours", prefix: "n:" })
      yield* store.record("EV-1")
      expect(yield* kv.get("n:EV-1")).toBe(String(25 * 3600 * 1000))
      expect(yield* store.has("EV-1")).toBe(true)
      yield* TestClock.adjust("25 hours")
      expect(yield* store.has("EV-1")).toBe(false)
      expect(yield* store.claim("EV-1", "delivery-1", lease)).toBe("Claimed")
      expect(yield* kv.get("n:EV-1")).toBe(`claim:${25 * 3600 * 1000 + 8000}:delivery-1`)
    }).pipe(Effect.provide(KeyValueStore.layerMemory))
  )

  it.effect("is the service when provided with a KeyValueStore; two instances over one store share ids", () =>
    Effect.gen(function* () {
      const kv = yield* KeyValueStore.KeyValueStore
      const instanceA = yield* Effect.provide(
        NotificationStore.NotificationStore,
        NotificationStore.layerKeyValueStore()
      ).pipe(Effect.provideService(KeyValueStore.KeyValueStore, kv))
      const instanceB = yield* NotificationStore.makeKeyValueStore(kv)
      yield* instanceA.record("EV-SHARED")
      expect(yield* instanceB.has("EV-SHARED")).toBe(true)
      expect(yield* kv.has("wechatpay:notification:EV-SHARED")).toBe(true)
      expect(yield* instanceA.claim("EV-HELD", "a", lease)).toBe("Claimed")
      expect(yield* instanceB.claim("EV-HELD", "b", lease)).toBe("Busy")
    }).pipe(Effect.provide(KeyValueStore.layerMemory))
  )

  it.effect("claims atomically: claim, busy, release, record, handled, expiry", () =>
    claimContract.pipe(
      Effect.provide(NotificationStore.layerKeyValueStore().pipe(Layer.provide(KeyValueStore.layerMemory)))
    )
  )

  it.effect("concurrent claims of one id on one store instance: one wins, though every operation yields", () =>
    oneWinner.pipe(Effect.provide(NotificationStore.layerKeyValueStore().pipe(Layer.provide(yieldingKeyValueStore))))
  )

  it.effect("a failing KeyValueStore is a NotificationStoreError", () =>
    Effect.gen(function* () {
      const failing = KeyValueStore.makeStringOnly({
        get: (key) =>
          Effect.fail(new KeyValueStore.KeyValueStoreError({ message: "disk on fire", method: "get", key })),
        set: () => Effect.void,
        remove: () => Effect.void,
        clear: Effect.void,
        size: Effect.succeed(0),
        keys: Effect.succeed([])
      })
      const store = yield* NotificationStore.makeKeyValueStore(failing)
      const error = yield* Effect.flip(store.has("EV-1"))
      expect(error).toMatchObject({ _tag: "NotificationStoreError", reason: "Unavailable" })
      expect(error.message).toBe("notification store read failed")
      expect(isWechatPayError(error)).toBe(true)
      expect(JSON.stringify(error)).not.toContain("~@effect-wechatpay/Error")
      expect(yield* Effect.flip(store.claim("EV-1", "a", lease))).toMatchObject({
        reason: "Unavailable",
        message: "notification store claim failed"
      })
    })
  )
})

/** A Redis service that is never called: the options are checked before any command. */
const unusedRedis = {
  send: () => Effect.die("no command expected"),
  subscribe: () => Effect.die("no command expected"),
  eval: () => () => Effect.die("no command expected"),
  reserve: Effect.die("no command expected")
} as unknown as Redis.Redis["Service"]

describe("store options are checked when the layer is built", () => {
  const memory = (options: NotificationStore.MemoryOptions) =>
    Layer.build(NotificationStore.layerMemory(options)).pipe(Effect.scoped, Effect.flip)
  const keyValue = (options: NotificationStore.KeyValueStoreOptions) =>
    Layer.build(NotificationStore.layerKeyValueStore(options).pipe(Layer.provide(KeyValueStore.layerMemory))).pipe(
      Effect.scoped,
      Effect.flip
    )
  const redis = (options: NotificationStore.KeyValueStoreOptions) =>
    Effect.flip(NotificationStore.makeRedis(unusedRedis, options))

  const badCapacities: ReadonlyArray<unknown> = [Number.NaN, 0, -1, 2.5, Number.POSITIVE_INFINITY, "10", null]
  const badTtls: ReadonlyArray<unknown> = [
    0,
    Number.NaN,
    -1,
    "-5 seconds",
    "0 millis",
    "soon",
    Number.POSITIVE_INFINITY,
    "Infinity",
    0.5,
    -1n
  ]

  it.effect(
    "layerMemory: a capacity or ttl it cannot work with is a typed error naming the option, not its value",
    () =>
      Effect.gen(function* () {
        for (const capacity of badCapacities) {
          const error = yield* memory({ capacity: capacity as number })
          expect(error).toMatchObject({ _tag: "NotificationStoreError", reason: "InvalidOption", option: "capacity" })
          expect(error.message).toBe("NotificationStore.layerMemory: `capacity` must be a whole number of at least 1")
        }
        for (const ttl of badTtls) {
          const error = yield* memory({ ttl: ttl as Duration.Input })
          expect(error).toMatchObject({ _tag: "NotificationStoreError", reason: "InvalidOption", option: "ttl" })
          expect(error.message).toBe(
            "NotificationStore.layerMemory: `ttl` must be a finite duration of at least 1 millisecond"
          )
          expect(JSON.stringify(error)).not.toContain(String(ttl))
        }
      })
  )

  it.effect("layerKeyValueStore and layerRedis: the same for ttl, and a prefix that is not a string", () =>
    Effect.gen(function* () {
      for (const ttl of badTtls) {
        expect(yield* keyValue({ ttl: ttl as Duration.Input })).toMatchObject({
          reason: "InvalidOption",
          option: "ttl"
        })
        expect(yield* redis({ ttl: ttl as Duration.Input })).toMatchObject({ reason: "InvalidOption", option: "ttl" })
      }
      expect(yield* keyValue({ prefix: 7 as unknown as string })).toMatchObject({ option: "prefix" })
      expect(yield* redis({ prefix: null as unknown as string })).toMatchObject({ option: "prefix" })
    })
  )

  it.effect("good options build", () =>
    Effect.gen(function* () {
      const built = yield* Layer.build(NotificationStore.layerMemory({ capacity: 1, ttl: "1 millis" })).pipe(
        Effect.scoped,
        Effect.exit
      )
      expect(Exit.isSuccess(built)).toBe(true)
      expect(Exit.isSuccess(yield* Effect.exit(NotificationStore.makeRedis(unusedRedis, { ttl: "24 hours" })))).toBe(
        true
      )
    })
  )
})
