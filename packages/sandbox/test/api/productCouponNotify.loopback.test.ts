import * as Http from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { NotificationStore, Notifications, PartnerProductCoupon, ProductCoupon } from "@effect-wechatpay/api"
import { Effect, Option, Ref } from "effect"
import { Sandbox, SandboxClient } from "../../src/index.js"
import { productCouponFixture } from "../productCouponFixtures.js"
import { eventually, material, receiver as merchantReceiver } from "./harness.js"

/** The create example of the schema package's tests (written from the official page). */
const createSingle = productCouponFixture("product-coupon-create-single.request.json") as Parameters<
  typeof ProductCoupon.createProductCoupon
>[0]

const OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
const APPID = "wxd678efh567hg6787"
const BRAND_ID = Sandbox.defaults.brandId

/**
 * A sandbox with both clients; redeliveries 1000 times faster (15 ms for the first 15 s), https notify URLs delivered
 * to a plain-HTTP receiver.
 */
const both = (
  options: { readonly verification?: SandboxClient.Verification; readonly sandbox?: Sandbox.Options } = {}
) =>
  SandboxClient.layerWithBrand({
    ...(options.verification === undefined ? {} : { verification: options.verification }),
    sandbox: { material, redeliveryScale: 0.001, plainHttpNotifications: true, ...options.sandbox },
    client: { retry: false },
    brandClient: { retry: false }
  })

/** A node:http server on 127.0.0.1 (port 0) running `listener` until the scope closes; its `https://` notify URL. */
const listen = (path: string, listener: (request: Http.IncomingMessage, response: Http.ServerResponse) => void) =>
  Effect.gen(function* () {
    const server = Http.createServer(listener)
    const port = yield* Effect.acquireRelease(
      Effect.callback<number>((resume) => {
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          resume(typeof address === "object" && address !== null ? Effect.succeed(address.port) : Effect.die("no port"))
        })
      }),
      () =>
        Effect.callback<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    return `https://127.0.0.1:${port}${path}`
  })

/**
 * The brand's notify endpoint: `Notifications.brandNodeHandler` in node:http, recording each delivery's headers and
 * each notification the handler accepted. `handle` runs in the handler (e.g. 确认发放).
 */
const brandReceiver = <E, R>(handle: (notification: Notifications.Notification) => Effect.Effect<void, E, R>) =>
  Effect.gen(function* () {
    const headers = yield* Ref.make<ReadonlyArray<Http.IncomingHttpHeaders>>([])
    const handled = yield* Ref.make<ReadonlyArray<Notifications.Notification>>([])
    const handler = yield* Notifications.brandNodeHandler((notification) =>
      Effect.andThen(
        handle(notification),
        Ref.update(handled, (all) => [...all, notification])
      )
    ).pipe(Effect.provide(NotificationStore.layerMemory()))
    const url = yield* listen("/wechatpay/brand-notify", (request, response) => {
      Effect.runSync(Ref.update(headers, (all) => [...all, request.headers]))
      handler(request, response)
    })
    return { url, headers: Ref.get(headers), handled: Ref.get(handled) }
  })

const deliveries = Effect.flatMap(Sandbox.SandboxGateway, (sandbox) => sandbox.notifications)

/** 确认发放 of the coupon a 发放通知 names, with the brand client. */
const confirmWithBrand = (notification: Notifications.Notification) => {
  if (notification._tag !== "ProductCouponSend") return Effect.void
  const { appid, coupon_code, openid, product_coupon_id, stock_id } = notification.resource
  if (!appid || !coupon_code || !openid || !product_coupon_id || !stock_id) return Effect.die("incomplete resource")
  return ProductCoupon.confirmSendUserProductCoupon({
    openid,
    coupon_code,
    product_coupon_id,
    stock_id,
    appid,
    out_request_no: `CONFIRM-${coupon_code}`
  })
}

/** Creates a 商品券 and sends one coupon with the brand API; the ids 确认发放 and the queries take. */
const brandSend = (sendNo: string) =>
  Effect.gen(function* () {
    const created = yield* ProductCoupon.createProductCoupon({ ...createSingle, out_request_no: `${sendNo}-C` })
    const sent = yield* ProductCoupon.sendUserProductCoupon({
      openid: OPENID,
      product_coupon_id: created.product_coupon_id,
      stock_id: created.stock!.stock_id,
      appid: APPID,
      send_request_no: sendNo
    })
    expect(sent.coupon_state).toBe("CONFIRMING")
    return {
      openid: OPENID,
      appid: APPID,
      coupon_code: sent.coupon_code,
      product_coupon_id: created.product_coupon_id,
      stock_id: created.stock!.stock_id
    }
  })

const brandState = (ids: Parameters<typeof ProductCoupon.getUserProductCoupon>[0]) =>
  Effect.map(ProductCoupon.getUserProductCoupon(ids), (coupon) => coupon.coupon_state)

describe("loopback: 商品券发放通知 (PRODUCT_COUPON.SEND) → 确认发放, brand API", () => {
  for (const verification of ["publicKey", "certificates"] as const) {
    it.live(
      `the brand's endpoint receives it and confirms: the coupon ends EFFECTIVE (merchant mode ${verification})`,
      () =>
        Effect.gen(function* () {
          const sandbox = yield* Sandbox.SandboxGateway
          const receiver = yield* brandReceiver(confirmWithBrand)
          yield* ProductCoupon.setNotifyConfig({ notify_url: receiver.url })
          const ids = yield* brandSend("PCN-SEND-0001")

          const [notification] = yield* eventually(receiver.handled, (all) => all.length >= 1)
          expect(notification?._tag).toBe("ProductCouponSend")
          if (notification?._tag !== "ProductCouponSend") return
          expect(notification.event_type).toBe("PRODUCT_COUPON.SEND")
          expect(notification.resource_type).toBe("encrypt-resource")
          expect(notification.original_type).toBe("coupon")
          expect(notification.resource).toMatchObject({ ...ids, coupon_state: "CONFIRMING", brand_id: BRAND_ID })
          expect(yield* brandState(ids)).toBe("EFFECTIVE")

          // Signed with the 微信支付公钥 whatever the merchant's mode: Wechatpay-Serial is its id.
          const [first] = yield* receiver.headers
          expect(first?.["wechatpay-serial"]).toBe(sandbox.credentials.wechatpayPublicKey.id)
          expect(first?.["wechatpay-signature-type"]).toBe("WECHATPAY2-SHA256-RSA2048")

          yield* Effect.sleep("100 millis")
          expect((yield* receiver.handled).length).toBe(1)
          expect((yield* deliveries).map((r) => [r.id, r.eventType, r.url, r.attempt, r.status, r.delivered])).toEqual([
            [notification.id, "PRODUCT_COUPON.SEND", receiver.url, 1, Option.some(204), true]
          ])
        }).pipe(Effect.scoped, Effect.provide(both({ verification })))
    )
  }

  it.live("a failed delivery is redelivered (same id) until the handler succeeds; then EFFECTIVE", () =>
    Effect.gen(function* () {
      const failures = yield* Ref.make(2)
      const receiver = yield* brandReceiver((notification) =>
        Effect.gen(function* () {
          if ((yield* Ref.getAndUpdate(failures, (n) => n - 1)) > 0) return yield* Effect.fail("not yet")
          yield* confirmWithBrand(notification)
        })
      )
      yield* ProductCoupon.setNotifyConfig({ notify_url: receiver.url })
      const ids = yield* brandSend("PCN-RETRY-0001")
      yield* eventually(receiver.handled, (all) => all.length >= 1)
      expect(yield* brandState(ids)).toBe("EFFECTIVE")
      const records = yield* deliveries
      expect(records.map((r) => [r.attempt, r.status, r.delivered])).toEqual([
        [1, Option.some(500), false],
        [2, Option.some(500), false],
        [3, Option.some(204), true]
      ])
      expect(new Set(records.map((r) => r.id)).size).toBe(1)
    }).pipe(Effect.scoped, Effect.provide(both()))
  )

  it.live("no notify URL set: nothing is sent; a replayed send (same send_request_no) notifies nothing more", () =>
    Effect.gen(function* () {
      yield* brandSend("PCN-NOURL-0001")
      expect(yield* deliveries).toEqual([])
      const receiver = yield* brandReceiver(() => Effect.void)
      yield* ProductCoupon.setNotifyConfig({ notify_url: receiver.url })
      const ids = yield* brandSend("PCN-REPLAY-0001")
      yield* ProductCoupon.sendUserProductCoupon({
        openid: OPENID,
        product_coupon_id: ids.product_coupon_id,
        stock_id: ids.stock_id,
        appid: APPID,
        send_request_no: "PCN-REPLAY-0001"
      })
      yield* eventually(receiver.handled, (all) => all.length >= 1)
      yield* Effect.sleep("100 millis")
      expect((yield* deliveries).length).toBe(1)
      expect(yield* brandState(ids)).toBe("CONFIRMING")
    }).pipe(Effect.scoped, Effect.provide(both()))
  )

  it.live("encrypted with the 品牌API密钥: the merchant's endpoint (APIv3 key) cannot read it and answers 400", () =>
    Effect.gen(function* () {
      const merchant = yield* merchantReceiver(() => Effect.void)
      yield* ProductCoupon.setNotifyConfig({ notify_url: merchant.url })
      yield* brandSend("PCN-WRONGKEY-0001")
      const [record] = yield* eventually(deliveries, (all) => all.length >= 1)
      expect(record?.status).toEqual(Option.some(400))
      expect(record?.response).toContain("FAIL")
      expect(yield* merchant.handled).toEqual([])
    }).pipe(Effect.scoped, Effect.provide(both()))
  )

  it.live("brandNotifyUrl redirects the brand's notifications; notifyUrl does not", () =>
    Effect.gen(function* () {
      // A bare receiver (the brand's endpoint needs the sandbox's keys, which exist only once it runs).
      const received = yield* Ref.make(0)
      const url = (yield* listen("/brand", (_request, response) => {
        Effect.runSync(Ref.update(received, (n) => n + 1))
        response.writeHead(204).end()
      })).replace("https:", "http:")
      yield* Effect.gen(function* () {
        yield* ProductCoupon.setNotifyConfig({ notify_url: "https://brand.example.com/notify" })
        yield* brandSend("PCN-REDIRECT-0001")
        const records = yield* eventually(deliveries, (all) => all.some((r) => r.delivered))
        expect(records.map((r) => [r.eventType, r.url, r.delivered])).toEqual([["PRODUCT_COUPON.SEND", url, true]])
        expect(yield* Ref.get(received)).toBe(1)
      }).pipe(Effect.provide(both({ sandbox: { brandNotifyUrl: url, notifyUrl: "http://127.0.0.1:9/merchant" } })))
    }).pipe(Effect.scoped)
  )
})

describe("loopback: 商品券回调通知 (PRODUCT_COUPON_SP.SEND) → 确认发放, partner API", () => {
  for (const verification of ["publicKey", "certificates"] as const) {
    it.live(`the service provider's endpoint receives it and confirms: EFFECTIVE (${verification})`, () =>
      Effect.gen(function* () {
        const receiver = yield* merchantReceiver((notification) => {
          if (notification._tag !== "ProductCouponSend") return Effect.void
          const { appid, coupon_code, openid, product_coupon_id, stock_id, brand_id } = notification.resource
          if (!appid || !coupon_code || !openid || !product_coupon_id || !stock_id || !brand_id) {
            return Effect.die("incomplete resource")
          }
          return PartnerProductCoupon.confirmSendUserProductCoupon({
            openid,
            coupon_code,
            product_coupon_id,
            stock_id,
            appid,
            brand_id,
            out_request_no: `CONFIRM-${coupon_code}`
          })
        })
        yield* PartnerProductCoupon.setNotifyConfig({ notify_url: receiver.url })
        const created = yield* PartnerProductCoupon.createProductCoupon({
          ...createSingle,
          brand_id: BRAND_ID
        } as Parameters<typeof PartnerProductCoupon.createProductCoupon>[0])
        const sent = yield* PartnerProductCoupon.sendUserProductCoupon({
          brand_id: BRAND_ID,
          openid: OPENID,
          product_coupon_id: created.product_coupon_id,
          stock_id: created.stock!.stock_id,
          appid: APPID,
          send_request_no: "PCN-SP-SEND-0001"
        })
        const [notification] = yield* eventually(receiver.handled, (all) => all.length >= 1)
        expect(notification?._tag).toBe("ProductCouponSend")
        if (notification?._tag !== "ProductCouponSend") return
        expect(notification.event_type).toBe("PRODUCT_COUPON_SP.SEND")
        expect(notification.resource).toMatchObject({ coupon_code: sent.coupon_code, brand_id: BRAND_ID })
        const coupon = yield* PartnerProductCoupon.getUserProductCoupon({
          brand_id: BRAND_ID,
          openid: OPENID,
          appid: APPID,
          coupon_code: sent.coupon_code,
          product_coupon_id: created.product_coupon_id,
          stock_id: created.stock!.stock_id
        })
        expect(coupon.coupon_state).toBe("EFFECTIVE")
        expect((yield* deliveries).map((r) => [r.eventType, r.attempt, r.status])).toEqual([
          ["PRODUCT_COUPON_SP.SEND", 1, Option.some(204)]
        ])
      }).pipe(Effect.scoped, Effect.provide(both({ verification })))
    )
  }

  it.live("the brand's notify URL gets nothing from a partner send (and the partner's nothing from a brand send)", () =>
    Effect.gen(function* () {
      const brand = yield* brandReceiver(() => Effect.void)
      yield* ProductCoupon.setNotifyConfig({ notify_url: brand.url })
      const created = yield* PartnerProductCoupon.createProductCoupon({
        ...createSingle,
        brand_id: BRAND_ID
      } as Parameters<typeof PartnerProductCoupon.createProductCoupon>[0])
      yield* PartnerProductCoupon.sendUserProductCoupon({
        brand_id: BRAND_ID,
        openid: OPENID,
        product_coupon_id: created.product_coupon_id,
        stock_id: created.stock!.stock_id,
        appid: APPID,
        send_request_no: "PCN-SP-NONE-0001"
      })
      yield* Effect.sleep("100 millis")
      expect(yield* deliveries).toEqual([])
    }).pipe(Effect.scoped, Effect.provide(both()))
  )
})

describe("deliverNotification: a 商品券 event with a given resource", () => {
  it.live("without a URL it goes to the brand's (or service provider's) notify URL; over HTTP controls too", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.SandboxGateway
      const brand = yield* brandReceiver(() => Effect.void)
      const merchant = yield* merchantReceiver(() => Effect.void)
      yield* ProductCoupon.setNotifyConfig({ notify_url: brand.url })
      yield* PartnerProductCoupon.setNotifyConfig({ notify_url: merchant.url })
      const resource = { coupon_code: "PC-GIVEN-1", openid: OPENID, appid: APPID, coupon_state: "CONFIRMING" }
      const id = yield* sandbox.deliverNotification({ eventType: "PRODUCT_COUPON.SEND", resource, id: "EV-PC-1" })
      expect(id).toBe("EV-PC-1")
      const response = yield* Effect.promise(() =>
        fetch(`${sandbox.baseUrl}/_sandbox/deliverNotification`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ eventType: "PRODUCT_COUPON_SP.SEND", resource, id: "EV-PC-2" })
        })
      )
      expect(response.status).toBe(200)
      const [toBrand] = yield* eventually(brand.handled, (all) => all.length >= 1)
      const [toMerchant] = yield* eventually(merchant.handled, (all) => all.length >= 1)
      expect([toBrand?.id, toBrand?.event_type, toBrand?.resource]).toMatchObject([
        "EV-PC-1",
        "PRODUCT_COUPON.SEND",
        { coupon_code: "PC-GIVEN-1" }
      ])
      expect([toMerchant?.id, toMerchant?.event_type]).toStrictEqual(["EV-PC-2", "PRODUCT_COUPON_SP.SEND"])
      const bad = yield* Effect.promise(() =>
        fetch(`${sandbox.baseUrl}/_sandbox/deliverNotification`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ eventType: "PRODUCT_COUPON.SEND", resource: { coupon_code: 42 } })
        })
      )
      expect(bad.status).toBe(400)
    }).pipe(Effect.scoped, Effect.provide(both({ sandbox: { httpControls: true } })))
  )
})
