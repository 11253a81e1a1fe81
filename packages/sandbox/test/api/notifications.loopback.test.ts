import * as Http from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor } from "@effect-wechatpay/api"
import { Effect, Exit, Option, Ref, Scope } from "effect"
import { Sandbox, type SandboxClient } from "../../src/index.js"
import { user } from "./busifavor-support.js"
import { mchid, runningStock, sendRequest } from "./favor-harness.js"
import { eventually, material, receiver, withSandbox } from "./harness.js"

/** Redeliveries every 60 ms instead of every minute; https notify URLs delivered to a plain-HTTP receiver. */
const fast = (options: SandboxClient.Options = {}): SandboxClient.Options => ({
  ...options,
  sandbox: { redeliveryScale: 0.001, plainHttpNotifications: true, ...options.sandbox }
})

const notifications = Effect.flatMap(Sandbox.SandboxGateway, (sandbox) => sandbox.notifications)

/** Creates a RUNNING 商家券 batch and sends one coupon; its code. */
const sendBusifavorCoupon = (outRequestNo: string) =>
  Effect.gen(function* () {
    const { stock_id } = yield* Busifavor.createStock(Sandbox.sampleCreateBusifavorStockRequest(`${outRequestNo}-S`))
    const sent = yield* Busifavor.sendCoupon({ ...user, stock_id, out_request_no: outRequestNo })
    return { stock_id, coupon_code: sent.result.coupon_code ?? "" }
  })

/** Sends a 代金券 of a new running stock and marks it used; its id. */
const useFavorCoupon = (outRequestNo: string) =>
  Effect.gen(function* () {
    const sandbox = yield* Sandbox.SandboxGateway
    const stock_id = yield* runningStock(`${outRequestNo}-S`)
    const { coupon_id } = yield* Favor.sendCoupon(sendRequest(stock_id, user.openid, outRequestNo))
    yield* sandbox.markFavorCouponUsed({ coupon_id, consume_amount: 12_300 })
    return { stock_id, coupon_id }
  })

/** A COUPON.USE the sandbox delivers directly, for the fault tests. */
const deliverUse = Effect.flatMap(Sandbox.SandboxGateway, (sandbox) =>
  sandbox.deliverNotification({
    eventType: "COUPON.USE",
    resource: {
      stock_creator_mchid: mchid,
      stock_id: "9856000",
      coupon_id: "9856888",
      coupon_name: "满100减5",
      status: "USED",
      description: "沙箱",
      create_time: "2026-11-20T10:00:00+08:00",
      coupon_type: "NORMAL",
      available_begin_time: "2026-11-20T00:00:00+08:00",
      available_end_time: "2026-12-20T23:59:59+08:00",
      normal_coupon_information: { coupon_amount: 500, transaction_minimum: 10_000 },
      consume_information: {
        consume_time: "2026-11-21T12:00:00+08:00",
        consume_mchid: mchid,
        transaction_id: "4200000000202611210000000001"
      }
    }
  })
)

/** Listens on 127.0.0.1 (port 0) until the scope closes; the port. */
const listen = (server: Http.Server) =>
  Effect.acquireRelease(
    Effect.callback<number>((resume) => {
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        resume(typeof address === "object" && address !== null ? Effect.succeed(address.port) : Effect.die("no port"))
      })
    }),
    () =>
      Effect.callback<void>((resume) => {
        server.close(() => resume(Effect.void))
      })
  )

describe("loopback: the sandbox delivers notifications", () => {
  for (const verification of ["publicKey", "certificates"] as const) {
    it.live(`COUPON.SEND: a coupon sent through the API reaches the handler once, typed (${verification})`, () =>
      withSandbox(fast({ verification }))(
        Effect.gen(function* () {
          const { handled, url } = yield* receiver()
          yield* Busifavor.setCouponNotify({ notify_url: url })
          const { coupon_code, stock_id } = yield* sendBusifavorCoupon("NT-SEND-1")

          const [notification] = yield* eventually(handled, (all) => all.length >= 1)
          expect(notification?._tag).toBe("CouponSend")
          if (notification?._tag !== "CouponSend") return
          expect(notification.event_type).toBe("COUPON.SEND")
          expect(notification.resource_type).toBe("encrypt-resource")
          expect(notification.original_type).toBe("coupon")
          expect(notification.resource).toMatchObject({
            event_type: "EVENT_TYPE_BUSICOUPON_SEND",
            coupon_code,
            stock_id,
            openid: user.openid,
            send_channel: "BUSICOUPON_SEND_CHANNEL_API",
            send_merchant: mchid
          })

          // Three redelivery intervals later: still once, one POST, answered 204.
          yield* Effect.sleep("200 millis")
          expect((yield* handled).length).toBe(1)
          const records = yield* notifications
          expect(records.map((r) => [r.id, r.eventType, r.url, r.attempt, r.status, r.delivered])).toEqual([
            [notification.id, "COUPON.SEND", url, 1, Option.some(204), true]
          ])
        })
      )
    )
  }

  it.live("COUPON.SEND: a replayed send (same out_request_no) notifies nothing more; no URL set, nothing is sent", () =>
    withSandbox(fast())(
      Effect.gen(function* () {
        yield* sendBusifavorCoupon("NT-NOURL-1")
        const { handled, url } = yield* receiver()
        yield* Busifavor.setCouponNotify({ notify_url: url })
        const { stock_id } = yield* sendBusifavorCoupon("NT-REPLAY-1")
        yield* Busifavor.sendCoupon({ ...user, stock_id, out_request_no: "NT-REPLAY-1" })
        yield* eventually(handled, (all) => all.length >= 1)
        yield* Effect.sleep("200 millis")
        expect((yield* handled).length).toBe(1)
        expect((yield* notifications).length).toBe(1)
      })
    )
  )

  it.live("COUPON.USE: a coupon marked used reaches the handler once, typed", () =>
    withSandbox(fast())(
      Effect.gen(function* () {
        const { handled, url } = yield* receiver()
        yield* Favor.setCallback({ mchid, notify_url: url })
        const { coupon_id, stock_id } = yield* useFavorCoupon("NT-USE-1")

        const [notification] = yield* eventually(handled, (all) => all.length >= 1)
        expect(notification?._tag).toBe("CouponUse")
        if (notification?._tag !== "CouponUse") return
        expect(notification.resource).toMatchObject({
          stock_creator_mchid: mchid,
          stock_id,
          coupon_id,
          status: "USED",
          coupon_type: "NORMAL",
          normal_coupon_information: { coupon_amount: 5, transaction_minimum: 100 }
        })
        expect(notification.resource.consume_information).toMatchObject({
          consume_mchid: mchid,
          consume_amount: 12_300
        })
        expect(notification.resource.consume_information?.transaction_id).toMatch(/^\d{28}$/)

        yield* Effect.sleep("200 millis")
        expect((yield* handled).length).toBe(1)
        expect((yield* notifications).map((r) => [r.eventType, r.attempt, r.status])).toEqual([
          ["COUPON.USE", 1, Option.some(204)]
        ])
      })
    )
  )

  it.live("COUPON.USE: switch false sends nothing", () =>
    withSandbox(fast())(
      Effect.gen(function* () {
        const { handled, url } = yield* receiver()
        yield* Favor.setCallback({ mchid, notify_url: url, switch: false })
        yield* useFavorCoupon("NT-OFF-1")
        yield* Effect.sleep("200 millis")
        expect(yield* handled).toEqual([])
        expect(yield* notifications).toEqual([])
      })
    )
  )

  it.live("a failing handler is redelivered until it succeeds, then handled once", () =>
    withSandbox(fast())(
      Effect.gen(function* () {
        const calls = yield* Ref.make(0)
        const { handled, url } = yield* receiver(() =>
          Effect.flatMap(
            Ref.updateAndGet(calls, (n) => n + 1),
            (n) => (n <= 2 ? Effect.fail("not yet") : Effect.void)
          )
        )
        yield* Busifavor.setCouponNotify({ notify_url: url })
        yield* sendBusifavorCoupon("NT-RETRY-1")
        const records = yield* eventually(notifications, (all) => all.some((r) => r.delivered))
        expect(records.map((r) => [r.attempt, r.status])).toEqual([
          [1, Option.some(500)],
          [2, Option.some(500)],
          [3, Option.some(204)]
        ])
        expect(new Set(records.map((r) => r.id)).size).toBe(1)
        expect(records[0]?.response).toContain("FAIL")
        yield* Effect.sleep("200 millis")
        expect((yield* handled).length).toBe(1)
        expect(yield* Ref.get(calls)).toBe(3)
      })
    )
  )

  it.live("nobody answers: COUPON.SEND is tried 11 times, COUPON.USE 9 times, then given up", () =>
    withSandbox(fast())(
      Effect.gen(function* () {
        // Port 1 on loopback: connection refused.
        yield* Busifavor.setCouponNotify({ notify_url: "https://127.0.0.1:1/notify" })
        yield* Favor.setCallback({ mchid, notify_url: "https://127.0.0.1:1/notify" })
        yield* sendBusifavorCoupon("NT-DOWN-1")
        yield* useFavorCoupon("NT-DOWN-2")
        const count = (all: ReadonlyArray<Sandbox.DeliveryRecord>, eventType: string) =>
          all.filter((r) => r.eventType === eventType).length
        yield* eventually(notifications, (all) => count(all, "COUPON.SEND") === 11 && count(all, "COUPON.USE") === 9)
        yield* Effect.sleep("300 millis")
        const records = yield* notifications
        expect([count(records, "COUPON.SEND"), count(records, "COUPON.USE")]).toEqual([11, 9])
        expect(records.every((r) => Option.isNone(r.status) && Option.isSome(r.error) && !r.delivered)).toBe(true)
        expect(records.filter((r) => r.eventType === "COUPON.USE").map((r) => r.attempt)).toEqual([
          1, 2, 3, 4, 5, 6, 7, 8, 9
        ])
      })
    )
  )

  it.live("an answer later than the timeout is a failure, redelivered", () =>
    withSandbox(fast({ sandbox: { notificationTimeoutMillis: 100 } }))(
      Effect.gen(function* () {
        const calls = yield* Ref.make(0)
        const { handled, url } = yield* receiver(() =>
          Effect.flatMap(
            Ref.updateAndGet(calls, (n) => n + 1),
            (n) => (n === 1 ? Effect.sleep("300 millis") : Effect.void)
          )
        )
        yield* Favor.setCallback({ mchid, notify_url: url })
        yield* useFavorCoupon("NT-SLOW-1")
        const records = yield* eventually(notifications, (all) => all.some((r) => r.delivered))
        expect(records[0]?.error).toEqual(Option.some("no answer within 100 ms"))
        expect(records.at(-1)?.status).toEqual(Option.some(204))
        yield* Effect.sleep("400 millis")
        // The slow first run completed and recorded the id: the handler ran once.
        expect((yield* handled).length).toBe(1)
      })
    )
  )

  const forgeries: ReadonlyArray<readonly [string, Sandbox.NotificationFaultKind]> = [
    ["TamperBody", { _tag: "TamperBody" }],
    ["Stale (10 minutes old)", { _tag: "Stale", seconds: 600 }],
    ["Stale (10 minutes ahead)", { _tag: "Stale", seconds: -600 }],
    ["SignTest", { _tag: "SignTest" }],
    ["UnknownSerial", { _tag: "UnknownSerial" }]
  ]
  for (const [name, kind] of forgeries) {
    it.live(`fault ${name}: httpApp answers 401 and never calls the handler; the redelivery is handled`, () =>
      withSandbox(fast())(
        Effect.gen(function* () {
          const sandbox = yield* Sandbox.SandboxGateway
          const { handled, url } = yield* receiver()
          yield* Favor.setCallback({ mchid, notify_url: url })
          yield* sandbox.injectNotificationFault({ kind })
          const id = yield* deliverUse
          const records = yield* eventually(notifications, (all) => all.some((r) => r.delivered))
          expect(records.map((r) => [r.id, r.attempt, r.status, r.fault])).toEqual([
            [id, 1, Option.some(401), Option.some(kind._tag)],
            [id, 2, Option.some(204), Option.none()]
          ])
          expect((yield* handled).map((n) => n.id)).toEqual([id])
        })
      )
    )
  }

  it.live("fault Duplicate: the same id twice, each signed afresh, handled once", () =>
    withSandbox(fast())(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const { handled, url } = yield* receiver()
        yield* sandbox.injectNotificationFault({ kind: { _tag: "Duplicate" }, eventType: "COUPON.SEND" })
        yield* sandbox.injectNotificationFault({ kind: { _tag: "SignTest" }, eventType: "COUPON.SEND" })
        // The COUPON.USE matches neither fault.
        yield* Favor.setCallback({ mchid, notify_url: url })
        const id = yield* deliverUse
        yield* sandbox.deliverNotification({
          eventType: "COUPON.SEND",
          url,
          id: "SBX-DUPLICATE-1",
          resource: { send_channel: "BUSICOUPON_SEND_CHANNEL_API", send_merchant: mchid, coupon_code: "C1" }
        })
        yield* eventually(notifications, (all) => all.filter((r) => r.delivered).length >= 2)
        yield* Effect.sleep("200 millis")
        const sends = (yield* notifications).filter((r) => r.eventType === "COUPON.SEND")
        expect(sends.map((r) => [r.id, r.attempt, r.status, r.fault])).toEqual([
          ["SBX-DUPLICATE-1", 1, Option.some(204), Option.some("Duplicate")],
          ["SBX-DUPLICATE-1", 1, Option.some(204), Option.some("Duplicate")]
        ])
        expect((yield* handled).map((n) => n.id).sort()).toEqual([id, "SBX-DUPLICATE-1"].sort())
        // The SignTest fault is still queued: no COUPON.SEND attempt consumed it.
        const next = yield* sandbox.deliverNotification({
          eventType: "COUPON.SEND",
          url,
          resource: { send_channel: "BUSICOUPON_SEND_CHANNEL_API", send_merchant: mchid }
        })
        const after = yield* eventually(notifications, (all) => all.some((r) => r.id === next && r.delivered))
        expect(after.filter((r) => r.id === next).map((r) => r.status)).toEqual([Option.some(401), Option.some(204)])
      })
    )
  )

  it.live("reset stops pending redeliveries and clears the record", () =>
    withSandbox(fast({ sandbox: { redeliveryScale: 1 } }))(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* Favor.setCallback({ mchid, notify_url: "https://127.0.0.1:1/notify" })
        yield* deliverUse
        yield* eventually(notifications, (all) => all.length === 1)
        yield* sandbox.reset()
        expect(yield* notifications).toEqual([])
        const dieWithoutUrl = yield* Effect.exit(deliverUse)
        expect(dieWithoutUrl._tag).toBe("Failure")
      })
    )
  )

  it.live("the wire: exactly the documented headers and body, a fresh signature per attempt", () =>
    Effect.gen(function* () {
      const received: Array<{ headers: Http.IncomingHttpHeaders; body: string }> = []
      const raw = Http.createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") })
          response.statusCode = received.length === 1 ? 500 : 200
          response.end()
        })
      })
      const port = yield* listen(raw)
      const sandbox = yield* Sandbox.make({ material, signingMode: "publicKey", redeliveryScale: 0.001 })
      const id = yield* sandbox.deliverNotification({
        eventType: "COUPON.SEND",
        url: `http://127.0.0.1:${port}/n`,
        resource: { send_channel: "BUSICOUPON_SEND_CHANNEL_API", send_merchant: mchid }
      })
      yield* eventually(
        Effect.sync(() => received.length),
        (n) => n === 2
      )
      const [first, second] = received
      expect(Object.keys(first?.headers ?? {}).sort()).toEqual([
        "connection",
        "content-length",
        "content-type",
        "host",
        "request-id",
        "wechatpay-nonce",
        "wechatpay-serial",
        "wechatpay-signature",
        "wechatpay-signature-type",
        "wechatpay-timestamp"
      ])
      expect(first?.headers["wechatpay-serial"]).toBe(sandbox.credentials.wechatpayPublicKey.id)
      expect(first?.headers["wechatpay-signature-type"]).toBe("WECHATPAY2-SHA256-RSA2048")
      expect(second?.body).toBe(first?.body)
      expect(second?.headers["wechatpay-nonce"]).not.toBe(first?.headers["wechatpay-nonce"])
      const body = JSON.parse(first?.body ?? "{}")
      expect(body).toEqual({
        id,
        create_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
        event_type: "COUPON.SEND",
        resource_type: "encrypt-resource",
        summary: expect.any(String),
        resource: {
          original_type: "coupon",
          algorithm: "AEAD_AES_256_GCM",
          ciphertext: expect.stringMatching(/^[A-Za-z0-9+/]+={0,2}$/),
          associated_data: "coupon",
          nonce: expect.stringMatching(/^[0-9A-Za-z]{12}$/)
        }
      })
    }).pipe(Effect.scoped)
  )

  it.live("deliveries stop when the sandbox's scope closes", () =>
    Effect.gen(function* () {
      let posts = 0
      const raw = Http.createServer((_request, response) => {
        posts++
        response.statusCode = 503
        response.end()
      })
      const port = yield* listen(raw)
      const scope = yield* Scope.make()
      const sandbox = yield* Scope.provide(Sandbox.make({ material, redeliveryScale: 0.002 }), scope)
      yield* sandbox.deliverNotification({
        eventType: "COUPON.SEND",
        url: `http://127.0.0.1:${port}/n`,
        resource: { send_channel: "BUSICOUPON_SEND_CHANNEL_API", send_merchant: mchid }
      })
      yield* eventually(
        Effect.sync(() => posts),
        (n) => n >= 2
      )
      yield* Scope.close(scope, Exit.void)
      const closedAt = posts
      yield* Effect.sleep("500 millis")
      expect(posts).toBe(closedAt)
      expect(closedAt).toBeLessThan(11)
    }).pipe(Effect.scoped)
  )

  it.live("notifyUrl: every notification goes to the plain-HTTP URL given, whatever https URL the merchant set", () =>
    Effect.gen(function* () {
      const bodies: Array<{ readonly path: string; readonly body: string }> = []
      const raw = Http.createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          bodies.push({ path: request.url ?? "", body: Buffer.concat(chunks).toString("utf8") })
          response.writeHead(204).end()
        })
      })
      const local = `http://127.0.0.1:${yield* listen(raw)}/local/notify`
      yield* withSandbox({ sandbox: { redeliveryScale: 0.001, notifyUrl: local } })(
        Effect.gen(function* () {
          yield* Busifavor.setCouponNotify({ notify_url: "https://shop.example.com/wechatpay/notify" })
          yield* Favor.setCallback({ mchid, notify_url: "https://shop.example.com/wechatpay/notify" })
          yield* sendBusifavorCoupon("NT-OVERRIDE-1")
          yield* useFavorCoupon("NT-OVERRIDE-2")
          const sandbox = yield* Sandbox.SandboxGateway
          // deliverNotification without a url: the override too.
          const direct = yield* sandbox.deliverNotification({
            eventType: "COUPON.SEND",
            resource: { send_channel: "BUSICOUPON_SEND_CHANNEL_API", send_merchant: mchid, coupon_code: "DIRECT-1" }
          })
          const records = yield* eventually(notifications, (all) => all.filter((r) => r.delivered).length >= 3)
          expect(records.map((r) => [r.eventType, r.url, r.attempt, r.delivered]).sort()).toEqual(
            [
              ["COUPON.SEND", local, 1, true],
              ["COUPON.SEND", local, 1, true],
              ["COUPON.USE", local, 1, true]
            ].sort()
          )
          expect(bodies.map((b) => b.path)).toEqual(["/local/notify", "/local/notify", "/local/notify"])
          expect(bodies.map((b) => (JSON.parse(b.body) as { id: string }).id)).toContain(direct)
          // The API still answers the URL the merchant set.
          expect((yield* Busifavor.getCouponNotify({})).notify_url).toBe("https://shop.example.com/wechatpay/notify")
        })
      )
    }).pipe(Effect.scoped)
  )

  it.live("notifyUrl: no URL set through the API, no notification (as WeChat Pay)", () =>
    withSandbox({ sandbox: { redeliveryScale: 0.001, notifyUrl: "http://127.0.0.1:9/never" } })(
      Effect.gen(function* () {
        yield* sendBusifavorCoupon("NT-OVERRIDE-NONE")
        yield* Effect.sleep("100 millis")
        expect(yield* notifications).toEqual([])
      })
    )
  )

  it.live("a notifyUrl that is not an http(s) URL is a defect at start", () =>
    Effect.gen(function* () {
      for (const notifyUrl of ["ftp://127.0.0.1/n", "127.0.0.1:3000/notify"]) {
        const exit = yield* Effect.exit(Effect.scoped(Sandbox.make({ material, notifyUrl })))
        expect(Exit.isFailure(exit) && String(exit.cause)).toContain(
          `notifyUrl must be an http:// or https:// URL, got ${notifyUrl}`
        )
      }
    })
  )

  it.live("a redeliveryScale or notificationTimeoutMillis out of range is a defect at start", () =>
    Effect.gen(function* () {
      for (const options of [
        { redeliveryScale: -1 },
        { redeliveryScale: Number.NaN },
        { notificationTimeoutMillis: 0 }
      ] satisfies ReadonlyArray<Sandbox.Options>) {
        const exit = yield* Effect.exit(Effect.scoped(Sandbox.make({ material, ...options })))
        expect(Exit.isFailure(exit) && String(exit.cause)).toMatch(/redeliveryScale|notificationTimeoutMillis/)
      }
    })
  )
})
