/**
 * 商品券 notifications: the service provider's `PRODUCT_COUPON_SP.SEND` (the merchant client, its APIv3 key) and the
 * brand's `PRODUCT_COUPON.SEND` (the `WechatPayBrand` client: signed with the brand's 微信支付公钥, encrypted with the
 * 品牌API密钥), parsed, served over real HTTP and answered by 确认发放.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Testing from "@effect-wechatpay/crypto/Testing"
import { ProductCoupon as ProductCouponSchema } from "@effect-wechatpay/schema"
import { Effect, Layer, Redacted, Ref } from "effect"
import { HttpClient } from "effect/http"
import * as NotificationStore from "../src/NotificationStore.js"
import * as Notifications from "../src/Notifications.js"
import * as NotificationTesting from "../src/NotificationTesting.js"
import * as ProductCoupon from "../src/ProductCoupon.js"
import * as WechatPayBrand from "../src/WechatPayBrand.js"
import { apiV3Key, layer, noNetwork, sign } from "./notificationFixtures.js"
import { listen, post } from "./notificationServers.js"
import { API_V3_KEY, PUBLIC_KEY_ID, stub, wechatpay } from "./stub.js"

const BRAND_API_KEY = "brandApiKey0123456789abcdefghijk"
const brandKey = Testing.generateKeyPair()

const brandOptions: WechatPayBrand.Options = {
  brandId: "120344",
  brandSerialNumber: "3493DE0D9BB4EB98A8C65EAA7E8EE887EC24B71A",
  brandPrivateKey: brandKey.privateKey,
  wechatpayPublicKey: { id: PUBLIC_KEY_ID, key: wechatpay.publicKey },
  brandApiKey: Redacted.make(BRAND_API_KEY),
  baseUrl: "https://api.test.invalid",
  retry: false
}

const brandLayer = (client: HttpClient.HttpClient = noNetwork, options: Partial<WechatPayBrand.Options> = {}) =>
  Layer.merge(
    WechatPayBrand.layer({ ...brandOptions, ...options }).pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
    ),
    NotificationStore.layerMemory()
  )

/** A 商品券 issued to a user, as the notification's resource carries it on the wire. */
const issued = {
  coupon_code: "PC-0000000001",
  coupon_state: "CONFIRMING",
  openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4",
  appid: "wx233544546545989",
  product_coupon_id: "1000000013",
  stock_id: "1000000013001",
  brand_id: "120344",
  receive_time: "2026-11-23T12:00:00+08:00",
  send_channel: "BRAND_MANAGE",
  attach: "order-42"
} as const

/** Signed as WeChat Pay signs a brand's notification: its 微信支付公钥, the 品牌API密钥. */
const signBrand = (extra: { id?: string; key?: string; resource?: unknown } = {}) =>
  NotificationTesting.signNotification({
    privateKey: wechatpay.privateKey,
    serial: PUBLIC_KEY_ID,
    apiV3Key: Redacted.make(extra.key ?? BRAND_API_KEY),
    eventType: "PRODUCT_COUPON.SEND",
    resource: (extra.resource ?? issued) as typeof issued,
    ...(extra.id === undefined ? {} : { id: extra.id })
  })

const recorder = Effect.map(Ref.make<ReadonlyArray<Notifications.Notification>>([]), (calls) => ({
  calls: Ref.get(calls),
  handle: (notification: Notifications.Notification) => Ref.update(calls, (all) => [...all, notification])
}))

describe("商品券 notifications", () => {
  it.effect("a service provider's PRODUCT_COUPON_SP.SEND decodes with its APIv3 key into the typed user 商品券", () =>
    Effect.gen(function* () {
      const notification = yield* Notifications.parse(
        yield* sign({ eventType: "PRODUCT_COUPON_SP.SEND", resource: issued }, { id: "EV-PC-SP-1" })
      )
      expect(notification._tag).toBe("ProductCouponSend")
      if (notification._tag !== "ProductCouponSend") return
      expect(notification.event_type).toBe("PRODUCT_COUPON_SP.SEND")
      expect(notification.resource).toBeInstanceOf(ProductCouponSchema.UserProductCouponNotification)
      expect(notification.resource).toMatchObject({
        coupon_code: "PC-0000000001",
        coupon_state: "CONFIRMING",
        openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4",
        product_coupon_id: "1000000013",
        stock_id: "1000000013001",
        attach: "order-42"
      })
    }).pipe(Effect.provide(layer))
  )

  it.effect(
    "a brand's PRODUCT_COUPON.SEND decodes with the 品牌API密钥 via parseBrand; fields are optional, enums open",
    () =>
      Effect.gen(function* () {
        const full = yield* Notifications.parseBrand(yield* signBrand({ id: "EV-PC-1" }))
        expect(full).toMatchObject({
          _tag: "ProductCouponSend",
          event_type: "PRODUCT_COUPON.SEND",
          id: "EV-PC-1",
          original_type: "product_coupon"
        })
        const sparse = yield* Notifications.parseBrand(
          yield* signBrand({ resource: { coupon_code: "PC-2", coupon_state: "SOME_NEW_STATE" } })
        )
        expect(sparse._tag === "ProductCouponSend" && sparse.resource.coupon_state).toBe("SOME_NEW_STATE")
        expect(sparse._tag === "ProductCouponSend" && sparse.resource.openid).toBeUndefined()
      }).pipe(Effect.provide(brandLayer()))
  )

  it.effect("a brand notification encrypted with another key, or tampered with, is rejected typed (400 / 401)", () =>
    Effect.gen(function* () {
      const wrongKey = yield* Effect.flip(Notifications.parseBrand(yield* signBrand({ key: API_V3_KEY })))
      expect(wrongKey.reason).toBe("DecryptionFailed")
      expect(wrongKey.message).not.toContain(BRAND_API_KEY)
      const signed = yield* signBrand()
      const tampered = yield* Effect.flip(
        Notifications.parseBrand({ ...signed, body: signed.body.replace("PRODUCT_COUPON.SEND", "PRODUCT_COUPON.SENT") })
      )
      expect(tampered.reason).toBe("BadSignature")
      const { calls, handle } = yield* recorder
      const app = Notifications.brandHttpApp(handle)
      expect((yield* NotificationTesting.deliver(app, yield* signBrand({ key: API_V3_KEY }))).status).toBe(400)
      expect(
        (yield* NotificationTesting.deliver(app, { ...signed, body: signed.body.replace("coupon", "coupom") })).status
      ).toBe(401)
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(brandLayer()))
  )

  it.effect(
    "the merchant endpoint does not accept a brand notification (another key), and no brandApiKey is typed",
    () =>
      Effect.gen(function* () {
        const merchant = yield* Effect.provide(Effect.flip(Notifications.parse(yield* signBrand())), layer)
        expect(merchant.reason).toBe("DecryptionFailed")
        const missing = yield* Effect.provide(
          Effect.flip(Notifications.parseBrand(yield* signBrand())),
          brandLayer(noNetwork, { brandApiKey: undefined })
        )
        expect(missing.reason).toBe("DecryptionFailed")
        expect(missing.message).toContain("brandApiKey")
      })
  )

  it.effect("a resource that contradicts its schema is UndecodableResource, naming the path and not the value", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Notifications.parseBrand(
          yield* Testing.signNotification({
            privateKey: wechatpay.privateKey,
            serial: PUBLIC_KEY_ID,
            apiV3Key: Redacted.make(BRAND_API_KEY),
            eventType: "PRODUCT_COUPON.SEND",
            resource: { ...issued, coupon_code: 42 }
          })
        )
      )
      expect(error.reason).toBe("UndecodableResource")
      expect(error.message).toContain("coupon_code")
      expect(error.message).not.toContain("oh-394z")
    }).pipe(Effect.provide(brandLayer()))
  )

  it.effect("another 商品券 event (PRODUCT_COUPON_SP.IMAGE_GENERATION) is answered and handed over as Unknown", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const signed = yield* Testing.signNotification({
        privateKey: wechatpay.privateKey,
        serial: PUBLIC_KEY_ID,
        apiV3Key,
        eventType: "PRODUCT_COUPON_SP.IMAGE_GENERATION",
        resource: { image_url: "https://wxpaylogo.qpic.cn/x.png" }
      })
      expect((yield* NotificationTesting.deliver(Notifications.httpApp(handle), signed)).status).toBe(204)
      expect(yield* calls).toMatchObject([
        {
          _tag: "Unknown",
          event_type: "PRODUCT_COUPON_SP.IMAGE_GENERATION",
          resource: { image_url: expect.any(String) }
        }
      ])
    }).pipe(Effect.provide(layer))
  )

  it.live(
    "发放通知 → 确认发放 over real HTTP: brandNodeHandler in node:http, once per id, confirm signed as the brand",
    () =>
      Effect.gen(function* () {
        const confirmed = JSON.stringify({
          ...issued,
          coupon_state: "EFFECTIVE",
          confirm_request_no: "confirm-EV-PC-E2E"
        })
        const { client, seen } = yield* stub([{ status: 200, body: confirmed }])
        const states = yield* Ref.make<ReadonlyArray<string | undefined>>([])
        const handle = (notification: Notifications.Notification) =>
          notification._tag !== "ProductCouponSend"
            ? Effect.void
            : Effect.gen(function* () {
                const { appid, coupon_code, openid, product_coupon_id, stock_id } = notification.resource
                if (!appid || !coupon_code || !openid || !product_coupon_id || !stock_id) {
                  return yield* Effect.die("incomplete notification")
                }
                const coupon = yield* ProductCoupon.confirmSendUserProductCoupon({
                  openid,
                  coupon_code,
                  product_coupon_id,
                  stock_id,
                  appid,
                  out_request_no: `confirm-${notification.id}`
                })
                yield* Ref.update(states, (all) => [...all, coupon.coupon_state])
              })
        yield* Effect.gen(function* () {
          const origin = yield* listen(yield* Notifications.brandNodeHandler(handle))
          const first = yield* post(origin, yield* signBrand({ id: "EV-PC-E2E" }))
          const again = yield* post(origin, yield* signBrand({ id: "EV-PC-E2E" }))
          expect([first.status, again.status]).toEqual([204, 204])
        }).pipe(Effect.provide(brandLayer(client)))
        expect(yield* Ref.get(states)).toEqual(["EFFECTIVE"])
        const [request, ...more] = yield* seen
        expect(more).toEqual([])
        expect(request?.target).toBe(
          "/brand/marketing/product-coupon/users/oh-394z-6CGkNoJrsDLTTUKiAnp4/coupons/PC-0000000001/confirm"
        )
        expect(request?.headers["authorization"]).toMatch(/^WECHATPAY-BRAND-SHA256-RSA2048 brand_id="120344",/)
        expect(JSON.parse(request?.body ?? "{}")).toEqual({
          product_coupon_id: "1000000013",
          stock_id: "1000000013001",
          appid: "wx233544546545989",
          out_request_no: "confirm-EV-PC-E2E"
        })
      }).pipe(Effect.scoped)
  )
})
