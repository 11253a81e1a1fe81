import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { KeyValueStore } from "effect/persistence"
import { TestClock } from "effect/testing"
import * as NotificationStore from "../src/NotificationStore.js"
import { isWechatPayError } from "../src/WechatPayError.js"

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
})

describe("NotificationStore.layerKeyValueStore", () => {
  it.effect("stores each id under the prefix with its expiry; an expired id is absent and removed", () =>
    Effect.gen(function* () {
      const kv = yield* KeyValueStore.KeyValueStore
      const store = NotificationStore.makeKeyValueStore(kv, { ttl: "25 hours", prefix: "n:" })
      yield* store.record("EV-1")
      expect(yield* kv.get("n:EV-1")).toBe(String(25 * 3600 * 1000))
      expect(yield* store.has("EV-1")).toBe(true)
      yield* TestClock.adjust("25 hours")
      expect(yield* store.has("EV-1")).toBe(false)
      expect(yield* kv.has("n:EV-1")).toBe(false)
    }).pipe(Effect.provide(KeyValueStore.layerMemory))
  )

  it.effect("is the service when provided with a KeyValueStore; two instances over one store share ids", () =>
    Effect.gen(function* () {
      const kv = yield* KeyValueStore.KeyValueStore
      const instanceA = yield* Effect.provide(
        NotificationStore.NotificationStore,
        NotificationStore.layerKeyValueStore()
      ).pipe(Effect.provideService(KeyValueStore.KeyValueStore, kv))
      const instanceB = NotificationStore.makeKeyValueStore(kv)
      yield* instanceA.record("EV-SHARED")
      expect(yield* instanceB.has("EV-SHARED")).toBe(true)
      expect(yield* kv.has("wechatpay:notification:EV-SHARED")).toBe(true)
    }).pipe(Effect.provide(KeyValueStore.layerMemory))
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
      const error = yield* Effect.flip(NotificationStore.makeKeyValueStore(failing).has("EV-1"))
      expect(error).toMatchObject({ _tag: "NotificationStoreError", reason: "Unavailable" })
      expect(error.message).toBe("notification store read failed")
      expect(isWechatPayError(error)).toBe(true)
      expect(JSON.stringify(error)).not.toContain("~@effect-wechatpay/Error")
    })
  )
})
