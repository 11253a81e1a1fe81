/**
 * Notifications over real HTTP on loopback: an @effect/platform-node HttpServer with `Notifications.httpApp` as an
 * HttpRouter route, node:http and Express with `Notifications.nodeHandler`. Notifications are signed with the test
 * helpers and POSTed with fetch.
 */
import { describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor } from "@effect-wechatpay/schema"
import { Effect, Ref } from "effect"
import express from "express"
import * as NotificationStore from "../src/NotificationStore.js"
import * as Notifications from "../src/Notifications.js"
import { couponUse, layer, sign, signSend } from "./notificationFixtures.js"
import { effectServer, listen, post } from "./notificationServers.js"

const recorder = Effect.map(Ref.make<ReadonlyArray<Notifications.Notification>>([]), (calls) => ({
  calls: Ref.get(calls),
  handle: (notification: Notifications.Notification) => Ref.update(calls, (all) => [...all, notification])
}))

describe("end to end: @effect/platform-node HttpServer with Notifications.httpApp", () => {
  it.effect("the handler receives the typed COUPON.SEND once, however often it is delivered", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const origin = yield* effectServer(handle)
      const first = yield* post(origin, yield* signSend({ id: "EV-E2E-SEND" }))
      const again = yield* post(origin, yield* signSend({ id: "EV-E2E-SEND" }))
      expect([first, again]).toEqual([
        { status: 204, body: "" },
        { status: 204, body: "" }
      ])
      const received = yield* calls
      expect(received.length).toBe(1)
      expect(received[0]?._tag).toBe("CouponSend")
      expect(received[0]?.resource).toBeInstanceOf(Busifavor.CouponSendNotification)
      expect(received[0]).toMatchObject({ id: "EV-E2E-SEND", resource: { coupon_code: "SBXCOUPON0000001" } })
    }).pipe(Effect.provide(layer))
  )

  it.effect("the handler receives the typed COUPON.USE once", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const origin = yield* effectServer(handle)
      const signed = yield* sign({ eventType: "COUPON.USE", resource: couponUse }, { id: "EV-E2E-USE" })
      expect((yield* post(origin, signed)).status).toBe(204)
      const received = yield* calls
      expect(received.length).toBe(1)
      const [notification] = received
      if (notification?._tag !== "CouponUse") return expect.fail("not COUPON.USE")
      expect(notification.resource).toBeInstanceOf(Favor.CouponUseNotification)
      expect(notification.resource.consume_information?.consume_mchid).toBe("1900000001")
      expect(notification.resource.normal_coupon_information?.transaction_minimum).toBe(1000)
    }).pipe(Effect.provide(layer))
  )

  it.effect("a forged notification answers 401 over HTTP and never reaches the handler", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const origin = yield* effectServer(handle)
      const signed = yield* signSend()
      const answer = yield* post(origin, { ...signed, body: signed.body.replace("coupon", "coupom") })
      expect(answer.status).toBe(401)
      expect(JSON.parse(answer.body)).toMatchObject({ code: "FAIL" })
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(layer))
  )
})

/** A handler that never finishes, and says when it is interrupted. */
const stuck = Effect.map(Ref.make(false), (interrupted) => ({
  interrupted: Ref.get(interrupted),
  handle: (_: Notifications.Notification) => Effect.never.pipe(Effect.onInterrupt(() => Ref.set(interrupted, true)))
}))

describe("the time budget on a real server", () => {
  const servers = [
    {
      name: "HttpServer with httpApp",
      origin: (handle: (notification: Notifications.Notification) => Effect.Effect<void>) =>
        effectServer(handle, { timeout: "200 millis" })
    },
    {
      name: "node:http with nodeHandler",
      origin: (handle: (notification: Notifications.Notification) => Effect.Effect<void>) =>
        Effect.flatMap(Notifications.nodeHandler(handle, { timeout: "200 millis" }), listen)
    }
  ]
  for (const server of servers) {
    it.live(`${server.name}: a handler past the budget is interrupted, not recorded, answered 500`, () =>
      Effect.gen(function* () {
        const { handle, interrupted } = yield* stuck
        const origin = yield* server.origin(handle)
        const answer = yield* post(origin, yield* signSend({ id: "EV-STUCK" }))
        expect(answer).toEqual({
          status: 500,
          body: '{"code":"FAIL","message":"notification not processed, please retry"}'
        })
        expect(yield* interrupted).toBe(true)
        expect(yield* (yield* NotificationStore.NotificationStore).has("EV-STUCK")).toBe(false)
      }).pipe(Effect.provide(layer))
    )
  }
})

describe("Notifications.nodeHandler", () => {
  it.effect("node:http: typed COUPON.SEND once; a forgery 401", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const origin = yield* listen(yield* Notifications.nodeHandler(handle))
      const signed = yield* signSend({ id: "EV-NODE" })
      expect((yield* post(origin, signed)).status).toBe(204)
      expect((yield* post(origin, yield* signSend({ id: "EV-NODE" }))).status).toBe(204)
      expect((yield* post(origin, { ...signed, body: `${signed.body} ` })).status).toBe(401)
      const received = yield* calls
      expect(received.map((n) => [n._tag, n.id])).toEqual([["CouponSend", "EV-NODE"]])
    }).pipe(Effect.provide(layer))
  )

  it.effect("Express: mounted before express.json(), it gets the raw bytes", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const app = express()
      app.post("/wechatpay/notify", yield* Notifications.nodeHandler(handle))
      app.use(express.json())
      app.post("/other", (request, response) => {
        response.json({ echoed: request.body })
      })
      const origin = yield* listen(app)
      expect((yield* post(origin, yield* signSend({ id: "EV-EXPRESS" }))).status).toBe(204)
      expect((yield* calls).map((n) => n.id)).toEqual(["EV-EXPRESS"])
      // The JSON parser still serves the other routes.
      const other = yield* Effect.promise(() =>
        fetch(`${origin}/other`, { method: "POST", headers: { "content-type": "application/json" }, body: "[1]" })
      )
      expect(yield* Effect.promise(() => other.json())).toEqual({ echoed: [1] })
    }).pipe(Effect.provide(layer))
  )

  it.effect("Express: behind express.json() the signed bytes are gone: 500, handler not called", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const app = express()
      app.use(express.json())
      app.post("/wechatpay/notify", yield* Notifications.nodeHandler(handle))
      const origin = yield* listen(app)
      const answer = yield* post(origin, yield* signSend())
      expect(answer.status).toBe(500)
      expect(JSON.parse(answer.body)).toEqual({ code: "FAIL", message: "notification not processed, please retry" })
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(layer))
  )
})

describe("two instances over one store, on real servers", () => {
  it.live("an HttpServer and a node:http server sharing an in-memory store run the handler once per id", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make<ReadonlyArray<string>>([])
      const handle = (notification: Notifications.Notification) =>
        Effect.andThen(
          Ref.update(calls, (all) => [...all, notification.id]),
          Effect.sleep("50 millis")
        )
      // Two app instances, each with its own state; the store in the context is the one they share.
      const origins = [yield* effectServer(handle), yield* listen(yield* Notifications.nodeHandler(handle))]
      const ids = Array.from({ length: 8 }, (_, i) => `EV-SHARED-${i}`)
      const deliveries = yield* Effect.forEach(ids, (id) =>
        Effect.map(Effect.all([signSend({ id }), signSend({ id })]), ([a, b]) => [
          [origins[0]!, a] as const,
          [origins[1]!, b] as const
        ])
      )
      const answers = yield* Effect.forEach(deliveries.flat(), ([origin, delivery]) => post(origin, delivery), {
        concurrency: "unbounded"
      })
      expect(answers.map((a) => a.status)).toEqual(ids.flatMap(() => [204, 204]))
      expect([...(yield* Ref.get(calls))].sort()).toEqual(ids)
    }).pipe(Effect.provide(layer))
  )
})
