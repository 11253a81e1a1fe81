import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-wechatpay/crypto"
import { Busifavor, Favor } from "@effect-wechatpay/schema"
import { Cause, Deferred, Duration, Effect, Exit, Fiber, Layer, Ref, Result, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as NotificationStore from "../src/NotificationStore.js"
import * as Notifications from "../src/Notifications.js"
import * as NotificationTesting from "../src/NotificationTesting.js"
import { isWechatPayError } from "../src/WechatPayError.js"
import { couponSend, couponUse, envelope, layer, noNetwork, sign, signBody, signSend } from "./notificationFixtures.js"
import { API_V3_KEY, clientLayer, stub } from "./stub.js"

const NOW = 1_800_000_000

/** Parses and returns the error, or fails the test. */
const rejection = (incoming: Notifications.Incoming) =>
  Effect.flip(Notifications.parse(incoming)).pipe(
    Effect.tap((error) =>
      Effect.sync(() => {
        expect(error.message).not.toContain(API_V3_KEY)
        expect(error.message).not.toContain(couponSend.coupon_code)
      })
    )
  )

/** A handler that records what it receives. */
const recorder = Effect.map(Ref.make<ReadonlyArray<Notifications.Notification>>([]), (calls) => ({
  calls: Ref.get(calls),
  handle: (notification: Notifications.Notification) => Ref.update(calls, (all) => [...all, notification])
}))

describe("Notifications.parse", () => {
  it.effect("decodes COUPON.SEND into the typed 商家券 resource (numeric strings become numbers)", () =>
    Effect.gen(function* () {
      const notification = yield* Notifications.parse(yield* signSend({ id: "EV-SEND-1" }))
      expect(notification._tag).toBe("CouponSend")
      if (notification._tag !== "CouponSend") return
      expect(notification.id).toBe("EV-SEND-1")
      expect(notification.event_type).toBe("COUPON.SEND")
      expect(notification.original_type).toBe("coupon")
      expect(notification.resource).toBeInstanceOf(Busifavor.CouponSendNotification)
      expect(notification.resource.coupon_code).toBe("SBXCOUPON0000001")
      expect(notification.resource.attach_info?.hall_belong_mch_id).toBe(1900000002)
    }).pipe(Effect.provide(layer))
  )

  it.effect("decodes COUPON.USE into the 代金券 coupon with consume_information, amounts in fen", () =>
    Effect.gen(function* () {
      const notification = yield* Notifications.parse(
        yield* sign({ eventType: "COUPON.USE", resource: { ...couponUse, status: "REFUNDED" } })
      )
      expect(notification._tag).toBe("CouponUse")
      if (notification._tag !== "CouponUse") return
      expect(notification.resource).toBeInstanceOf(Favor.CouponUseNotification)
      expect(notification.resource.status).toBe("REFUNDED")
      expect(notification.resource.normal_coupon_information).toEqual({ coupon_amount: 100, transaction_minimum: 1000 })
      expect(notification.resource.consume_information?.transaction_id).toBe("4200000000000000000000000001")
      expect(notification.resource.consume_information?.goods_detail?.[0]?.price).toBe(500)
    }).pipe(Effect.provide(layer))
  )

  it.effect("keeps another event_type as Unknown with its decrypted JSON", () =>
    Effect.gen(function* () {
      const body = yield* envelope(JSON.stringify({ anything: [1, "two"] }), { eventType: "COUPON.EXPIRE" })
      const notification = yield* Notifications.parse(yield* signBody(body))
      expect(notification).toMatchObject({
        _tag: "Unknown",
        event_type: "COUPON.EXPIRE",
        id: "EV-0001",
        resource: { anything: [1, "two"] }
      })
    }).pipe(Effect.provide(layer))
  )

  it.effect("reads headers in any case, and the body as bytes or text", () =>
    Effect.gen(function* () {
      const { body, headers } = yield* signSend()
      const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]))
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
      expect((yield* Notifications.parse({ headers: upper, body }))._tag).toBe("CouponSend")
      expect((yield* Notifications.parse({ headers: lower, body: new TextEncoder().encode(body) }))._tag).toBe(
        "CouponSend"
      )
    }).pipe(Effect.provide(layer))
  )

  it.effect("a resource that does not match its event_type's schema is UndecodableResource", () =>
    Effect.gen(function* () {
      const resource = { ...couponUse, coupon_id: 1, stock_id: { phone: "SECRET-13800000000" } }
      const body = yield* envelope(JSON.stringify(resource), { eventType: "COUPON.USE" })
      const error = yield* rejection(yield* signBody(body))
      expect(error.reason).toBe("UndecodableResource")
      expect(error.message).toBe("COUPON.USE resource does not match its schema at: stock_id, coupon_id")
      expect(Notifications.statusOf(error)).toBe(400)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a rejection is a WechatPayError, with the shared type id off its JSON", () =>
    Effect.gen(function* () {
      const error = yield* rejection(yield* signBody("<xml>not json</xml>"))
      expect(error).toBeInstanceOf(Notifications.NotificationError)
      expect(isWechatPayError(error)).toBe(true)
      expect(Object.keys(error)).not.toContain("~@effect-wechatpay/Error")
      expect(JSON.stringify(error)).not.toContain("~@effect-wechatpay/Error")
    }).pipe(Effect.provide(layer))
  )
})

/** Each forgery: how to build it, the reason and the status. */
const forgeries: ReadonlyArray<{
  readonly name: string
  readonly make: Effect.Effect<NotificationTesting.SignedNotification, unknown>
  readonly reason: Notifications.NotificationError["reason"]
  readonly status: 400 | 401
}> = [
  {
    name: "tampered body",
    make: Effect.map(signSend(), ({ body, headers }) => ({ headers, body: body.replace("test notification", "x") })),
    reason: "BadSignature",
    status: 401
  },
  {
    name: "SIGNTEST probe",
    make: Effect.map(signSend(), ({ body, headers }) => ({
      headers: { ...headers, "Wechatpay-Signature": `WECHATPAY/SIGNTEST/${headers["Wechatpay-Signature"]}` },
      body
    })),
    reason: "BadSignature",
    status: 401
  },
  {
    name: "signed with another key",
    make: Effect.flatMap(envelope(JSON.stringify(couponSend)), (body) =>
      signBody(body, { privateKey: Testing.generateKeyPair().privateKey })
    ),
    reason: "BadSignature",
    status: 401
  },
  {
    name: "unknown serial",
    make: Effect.flatMap(envelope(JSON.stringify(couponSend)), (body) =>
      signBody(body, { serial: "PUB_KEY_ID_0000000000000000000000000000000099" })
    ),
    reason: "UnknownSerial",
    status: 401
  },
  {
    name: "encrypted with another APIv3 key",
    make: Effect.flatMap(envelope(JSON.stringify(couponSend), { key: "ZYXWVUTSRQPONMLKJIHGfedcba987654" }), (body) =>
      signBody(body)
    ),
    reason: "DecryptionFailed",
    status: 400
  },
  {
    name: "another algorithm",
    make: Effect.flatMap(envelope(JSON.stringify(couponSend), { algorithm: "AEAD_SM4_GCM" }), (body) => signBody(body)),
    reason: "UnsupportedAlgorithm",
    status: 400
  },
  {
    name: "missing headers",
    make: Effect.map(signSend(), ({ body, headers }) => {
      const { "Wechatpay-Signature": _, ...rest } = headers
      return { headers: rest, body }
    }),
    reason: "MissingHeaders",
    status: 401
  },
  {
    name: "a body that is not JSON",
    make: signBody("<xml>not json</xml>"),
    reason: "MalformedBody",
    status: 400
  },
  {
    name: "JSON without id",
    make: signBody(JSON.stringify({ event_type: "COUPON.SEND", resource: {} })),
    reason: "MalformedBody",
    status: 400
  }
]

/** Signed at NOW, received at NOW + skew. */
const skews = [-301, -300, -299, 299, 300, 301].map((skew) => ({
  name: `received ${skew} s from its timestamp`,
  skew,
  reason: Math.abs(skew) >= 300 ? ("ClockSkew" as const) : undefined
}))

describe("NotificationTesting.signNotification", () => {
  it.effect("accepts the decoded resource as well as its wire form", () =>
    Effect.gen(function* () {
      const decoded = yield* Schema.decodeUnknownEffect(Favor.CouponUseNotification)(couponUse)
      const notification = yield* Notifications.parse(yield* sign({ eventType: "COUPON.USE", resource: decoded }))
      expect(notification.resource).toEqual(decoded)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a resource that does not match its schema is a defect (a bug in the test)", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        sign({ eventType: "COUPON.SEND", resource: { ...couponSend, send_merchant: undefined as unknown as string } })
      )
      expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause)).toBe(true)
    })
  )
})

describe("forgery matrix", () => {
  for (const forgery of forgeries) {
    it.effect(`parse: ${forgery.name} → ${forgery.reason}`, () =>
      Effect.gen(function* () {
        const error = yield* rejection(yield* forgery.make)
        expect(error.reason).toBe(forgery.reason)
        expect(Notifications.statusOf(error)).toBe(forgery.status)
      }).pipe(Effect.provide(layer))
    )

    it.effect(`httpApp: ${forgery.name} → ${forgery.status}, handler not called`, () =>
      Effect.gen(function* () {
        const { calls, handle } = yield* recorder
        const answer = yield* NotificationTesting.deliver(Notifications.httpApp(handle), yield* forgery.make)
        expect(answer.status).toBe(forgery.status)
        expect(JSON.parse(answer.body)).toEqual({ code: "FAIL", message: expect.stringMatching(forgery.reason) })
        expect(answer.body).not.toContain(API_V3_KEY)
        expect(yield* calls).toEqual([])
      }).pipe(Effect.provide(layer))
    )
  }

  for (const { name, reason, skew } of skews) {
    it.effect(`parse and httpApp: ${name} → ${reason ?? "accepted"}`, () =>
      Effect.gen(function* () {
        const incoming = yield* signSend({ timestamp: NOW })
        yield* TestClock.setTime((NOW + skew) * 1000)
        const parsed = yield* Effect.result(Notifications.parse(incoming))
        expect(Result.isFailure(parsed) ? parsed.failure.reason : undefined).toBe(reason)
        const { calls, handle } = yield* recorder
        const answer = yield* NotificationTesting.deliver(Notifications.httpApp(handle), incoming)
        expect(answer.status).toBe(reason === undefined ? 204 : 401)
        expect((yield* calls).length).toBe(reason === undefined ? 1 : 0)
      }).pipe(Effect.provide(layer))
    )
  }

  it.effect("onUnknownSerial: refresh downloads certificates at most once a minute, then still rejects", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* stub([{ status: 500, body: '{"code":"SYSTEM_ERROR","message":"x"}' }])
      const forged = Effect.flatMap(envelope(JSON.stringify(couponSend)), (body) =>
        signBody(body, { serial: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1" })
      )
      const parseOnce = Effect.flatMap(forged, (incoming) =>
        Effect.flip(Notifications.parse(incoming, { onUnknownSerial: "refresh" }))
      )
      const program = Effect.gen(function* () {
        expect((yield* parseOnce).reason).toBe("UnknownSerial")
        expect((yield* parseOnce).reason).toBe("UnknownSerial")
        const downloads = () => Effect.map(seen, (all) => all.filter((r) => r.target === "/v3/certificates").length)
        expect(yield* downloads()).toBe(1)
        yield* TestClock.adjust("61 seconds")
        expect((yield* parseOnce).reason).toBe("UnknownSerial")
        expect(yield* downloads()).toBe(2)
        // The default is to reject without a download.
        yield* TestClock.adjust("61 seconds")
        expect((yield* Effect.flip(Notifications.parse(yield* forged))).reason).toBe("UnknownSerial")
        expect(yield* downloads()).toBe(2)
      })
      yield* Effect.provide(program, clientLayer(client, { retry: false }))
    })
  )
})

describe("redelivery", () => {
  it.effect("a failing handler then a succeeding one: two calls, one record; then no more calls", () =>
    Effect.gen(function* () {
      const attempts = yield* Ref.make(0)
      const handle = () =>
        Effect.flatMap(
          Ref.updateAndGet(attempts, (n) => n + 1),
          (n) => (n === 1 ? Effect.fail(new Error("database password=hunter2 unavailable")) : Effect.void)
        )
      const app = Notifications.httpApp(handle)
      const first = yield* NotificationTesting.deliver(app, yield* signSend({ id: "EV-REDELIVER" }))
      expect(first.status).toBe(500)
      expect(JSON.parse(first.body)).toEqual({ code: "FAIL", message: "notification not processed, please retry" })
      const store = yield* NotificationStore.NotificationStore
      expect(yield* store.has("EV-REDELIVER")).toBe(false)
      // WeChat Pay signs each delivery afresh.
      const second = yield* NotificationTesting.deliver(app, yield* signSend({ id: "EV-REDELIVER" }))
      expect(second.status).toBe(204)
      expect(yield* store.has("EV-REDELIVER")).toBe(true)
      const third = yield* NotificationTesting.deliver(app, yield* signSend({ id: "EV-REDELIVER" }))
      expect(third.status).toBe(204)
      expect(yield* Ref.get(attempts)).toBe(2)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a defect in the handler answers 500 and is not recorded", () =>
    Effect.gen(function* () {
      const app = Notifications.httpApp(() => Effect.die(new Error("boom: internal detail")))
      const answer = yield* NotificationTesting.deliver(app, yield* signSend({ id: "EV-DIE" }))
      expect(answer.status).toBe(500)
      expect(answer.body).not.toContain("boom")
      expect(yield* (yield* NotificationStore.NotificationStore).has("EV-DIE")).toBe(false)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a recorded id answers 204 without calling the handler", () =>
    Effect.gen(function* () {
      yield* (yield* NotificationStore.NotificationStore).record("EV-RECORDED")
      const { calls, handle } = yield* recorder
      const answer = yield* NotificationTesting.deliver(
        Notifications.httpApp(handle),
        yield* signSend({ id: "EV-RECORDED" })
      )
      expect(answer).toEqual({ status: 204, body: "" })
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(layer))
  )

  it.live("concurrent duplicates run the handler once", () =>
    Effect.gen(function* () {
      const started = yield* Deferred.make<void>()
      const gate = yield* Deferred.make<void>()
      const calls = yield* Ref.make(0)
      const app = Notifications.httpApp(() =>
        Effect.all([Ref.update(calls, (n) => n + 1), Deferred.succeed(started, undefined), Deferred.await(gate)])
      )
      const deliveries = yield* Effect.forEach([1, 2, 3], () => signSend({ id: "EV-CONCURRENT" }))
      const fiber = yield* Effect.forkChild(
        Effect.forEach(deliveries, (d) => NotificationTesting.deliver(app, d), { concurrency: "unbounded" })
      )
      yield* Deferred.await(started)
      // Give the two duplicates time to read their bodies, verify and reach the in-flight first delivery.
      yield* Effect.sleep("100 millis")
      expect(yield* Ref.get(calls)).toBe(1)
      yield* Deferred.succeed(gate, undefined)
      const answers = yield* Fiber.join(fiber)
      expect(answers.map((a) => a.status)).toEqual([204, 204, 204])
      expect(yield* Ref.get(calls)).toBe(1)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a slow handler: 500 within the budget, interrupted, not recorded", () =>
    Effect.gen(function* () {
      const interrupted = yield* Ref.make(false)
      const app = Notifications.httpApp(
        () => Effect.sleep("10 seconds").pipe(Effect.onInterrupt(() => Ref.set(interrupted, true))),
        { timeout: "2 seconds" }
      )
      const fiber = yield* Effect.forkChild(NotificationTesting.deliver(app, yield* signSend({ id: "EV-SLOW" })))
      yield* TestClock.adjust("1999 millis")
      expect(fiber.pollUnsafe()).toBeUndefined()
      yield* TestClock.adjust("1 millis")
      const answer = yield* Fiber.join(fiber)
      expect(answer.status).toBe(500)
      expect(yield* Ref.get(interrupted)).toBe(true)
      expect(yield* (yield* NotificationStore.NotificationStore).has("EV-SLOW")).toBe(false)
    }).pipe(Effect.provide(layer))
  )

  it.effect("the default budget is 4 seconds", () =>
    Effect.gen(function* () {
      const app = Notifications.httpApp(() => Effect.sleep("5 seconds"))
      const fiber = yield* Effect.forkChild(NotificationTesting.deliver(app, yield* signSend()))
      yield* TestClock.adjust("4 seconds")
      expect((yield* Fiber.join(fiber)).status).toBe(500)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a store that fails answers 500 and the handler is not called", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const down = () => new NotificationStore.NotificationStoreError({ reason: "Unavailable", message: "down" })
      const failing = Layer.succeed(NotificationStore.NotificationStore, {
        has: () => Effect.fail(down()),
        claim: () => Effect.fail(down()),
        record: () => Effect.void,
        release: () => Effect.void
      })
      const answer = yield* NotificationTesting.deliver(Notifications.httpApp(handle), yield* signSend()).pipe(
        Effect.provide(failing)
      )
      expect(answer.status).toBe(500)
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(layer))
  )
})

/** The in-memory store with its `record` failing the first `failures` times (all of them by default). */
const recordFailing = (failures = Number.POSITIVE_INFINITY) =>
  Layer.effect(
    NotificationStore.NotificationStore,
    Effect.gen(function* () {
      const inner = yield* NotificationStore.makeMemory()
      let failed = 0
      return {
        ...inner,
        record: (id: string) =>
          Effect.suspend(() =>
            failed++ < failures
              ? Effect.fail(new NotificationStore.NotificationStoreError({ reason: "Unavailable", message: "down" }))
              : inner.record(id)
          )
      }
    })
  )

describe("the store fails after the handler succeeded", () => {
  it.live("recording is retried: a store that recovers records the id", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const app = Notifications.httpApp(handle)
      expect((yield* NotificationTesting.deliver(app, yield* signSend({ id: "EV-FLAKY" }))).status).toBe(204)
      expect(yield* (yield* NotificationStore.NotificationStore).has("EV-FLAKY")).toBe(true)
      expect((yield* calls).length).toBe(1)
    }).pipe(Effect.provide(Layer.merge(clientLayer(noNetwork), recordFailing(2))))
  )

  it.live("a store that stays down: 204 (the work is done), and a redelivery does not run the handler again", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const app = Notifications.httpApp(handle)
      const deliverNow = (id: string) => Effect.flatMap(signSend({ id }), (d) => NotificationTesting.deliver(app, d))
      expect(yield* deliverNow("EV-UNRECORDED")).toEqual({ status: 204, body: "" })
      expect(yield* (yield* NotificationStore.NotificationStore).has("EV-UNRECORDED")).toBe(false)
      // WeChat Pay got its 2xx; should it deliver again anyway (the answer lost on the way), this instance remembers.
      expect(yield* deliverNow("EV-UNRECORDED")).toEqual({ status: 204, body: "" })
      expect((yield* calls).map((n) => n.id)).toEqual(["EV-UNRECORDED"])
    }).pipe(Effect.provide(Layer.merge(clientLayer(noNetwork), recordFailing())))
  )
})

describe("two app instances over one store", () => {
  it.live("concurrent deliveries of one id to two instances run the handler once; both answer 204", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make<ReadonlyArray<string>>([])
      const handle = (notification: Notifications.Notification) =>
        Effect.andThen(
          Ref.update(calls, (all) => [...all, notification.id]),
          Effect.sleep("50 millis")
        )
      // Two instances: each httpApp keeps its own state; only the store is shared.
      const instances = [Notifications.httpApp(handle), Notifications.httpApp(handle)]
      const ids = Array.from({ length: 8 }, (_, i) => `EV-TWO-${i}`)
      const deliveries = yield* Effect.forEach(ids, (id) =>
        Effect.map(Effect.all([signSend({ id }), signSend({ id })]), (pair) =>
          pair.map((d, i) => [instances[i]!, d] as const)
        )
      )
      const answers = yield* Effect.forEach(
        deliveries.flat(),
        ([app, delivery]) => NotificationTesting.deliver(app, delivery),
        { concurrency: "unbounded" }
      )
      expect(answers.map((a) => a.status)).toEqual(ids.flatMap(() => [204, 204]))
      expect([...(yield* Ref.get(calls))].sort()).toEqual(ids)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a claim whose instance died expires after twice the budget, and the redelivery runs the handler", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const store = yield* NotificationStore.NotificationStore
      const app = Notifications.httpApp(handle, { timeout: "1 second" })
      // An instance claimed the id with a 2 s lease (twice its budget) and died in the handler.
      expect(yield* store.claim("EV-ORPHAN", "dead-instance", Duration.seconds(2))).toBe("Claimed")
      const first = yield* Effect.forkChild(NotificationTesting.deliver(app, yield* signSend({ id: "EV-ORPHAN" })))
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(first)).status).toBe(500)
      expect(yield* calls).toEqual([])
      yield* TestClock.adjust("1 second")
      const again = yield* Effect.forkChild(NotificationTesting.deliver(app, yield* signSend({ id: "EV-ORPHAN" })))
      yield* TestClock.adjust("100 millis")
      expect((yield* Fiber.join(again)).status).toBe(204)
      expect((yield* calls).map((n) => n.id)).toEqual(["EV-ORPHAN"])
      expect(yield* store.has("EV-ORPHAN")).toBe(true)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a delivery waits for another instance's claim: 204 when it succeeds, the handler once", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const store = yield* NotificationStore.NotificationStore
      const app = Notifications.httpApp(handle)
      expect(yield* store.claim("EV-ELSEWHERE", "other-instance", Duration.seconds(8))).toBe("Claimed")
      const fiber = yield* Effect.forkChild(NotificationTesting.deliver(app, yield* signSend({ id: "EV-ELSEWHERE" })))
      yield* TestClock.adjust("1 second")
      expect(fiber.pollUnsafe()).toBeUndefined()
      // The other instance's handler succeeded.
      yield* store.record("EV-ELSEWHERE")
      yield* TestClock.adjust("100 millis")
      expect(yield* Fiber.join(fiber)).toEqual({ status: 204, body: "" })
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(layer))
  )
})

/** A COUPON.SEND envelope padded to exactly `bytes` bytes, signed: valid in every respect but its size. */
const signedOfSize = (bytes: number) =>
  Effect.gen(function* () {
    const body = JSON.parse(yield* envelope(JSON.stringify(couponSend), { id: `EV-SIZE-${bytes}` }))
    const base = new TextEncoder().encode(JSON.stringify({ ...body, padding: "" })).length
    return yield* signBody(JSON.stringify({ ...body, padding: "x".repeat(bytes - base) }))
  })

describe("body size", () => {
  it.effect("a body of 1 MiB is handled; one byte more answers 400 MalformedBody and never reaches the handler", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const app = Notifications.httpApp(handle)
      const limit = yield* signedOfSize(1024 * 1024)
      const over = yield* signedOfSize(1024 * 1024 + 1)
      expect(new TextEncoder().encode(over.body).length).toBe(1024 * 1024 + 1)
      expect(yield* NotificationTesting.deliver(app, limit)).toEqual({ status: 204, body: "" })
      const answer = yield* NotificationTesting.deliver(app, over)
      expect(answer.status).toBe(400)
      expect(JSON.parse(answer.body)).toEqual({
        code: "FAIL",
        message: "MalformedBody: the request body could not be read"
      })
      expect((yield* calls).map((n) => n.id)).toEqual(["EV-SIZE-1048576"])
    }).pipe(Effect.provide(layer))
  )
})
