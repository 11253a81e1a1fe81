import { AesGcm, Testing } from "@effect-wechatpay/crypto"
import { Effect, Layer, Redacted } from "effect"
import { HttpClient } from "effect/http"
import * as NotificationStore from "../src/NotificationStore.js"
import * as NotificationTesting from "../src/NotificationTesting.js"
import { API_V3_KEY, clientLayer, PUBLIC_KEY_ID, wechatpay } from "./stub.js"

/** A COUPON.SEND resource on the wire, with a numeric string where the docs say number. */
export const couponSend = {
  event_type: "EVENT_TYPE_BUSICOUPON_SEND",
  coupon_code: "SBXCOUPON0000001",
  stock_id: "1212000000000000000001",
  send_time: "2026-11-23T12:00:00+08:00",
  openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
  send_channel: "BUSICOUPON_SEND_CHANNEL_API",
  send_merchant: "1900000001",
  attach_info: { hall_belong_mch_id: "1900000002" }
} as const

/** A COUPON.USE resource on the wire (amounts in fen, one as a numeric string, an undocumented status). */
export const couponUse = {
  stock_creator_mchid: "1900000001",
  stock_id: "9856000",
  coupon_id: "98674556",
  coupon_name: "微信支付代金券",
  status: "USED",
  description: "微信支付营销",
  create_time: "2026-11-23T12:00:00+08:00",
  coupon_type: "NORMAL",
  no_cash: false,
  available_begin_time: "2026-11-01T00:00:00+08:00",
  available_end_time: "2026-12-31T23:59:59+08:00",
  singleitem: false,
  normal_coupon_information: { coupon_amount: 100, transaction_minimum: "1000" },
  consume_information: {
    consume_time: "2026-11-23T12:30:00+08:00",
    consume_mchid: "1900000001",
    transaction_id: "4200000000000000000000000001",
    goods_detail: [{ goods_id: "G1", quantity: 2, price: 500, discount_amount: 100 }]
  }
} as const

export const apiV3Key = Redacted.make(API_V3_KEY)

/** A typed notification signed with the key the test client trusts. */
export const sign = (event: NotificationTesting.TypedEvent, extra: { id?: string; timestamp?: number } = {}) =>
  NotificationTesting.signNotification({
    privateKey: wechatpay.privateKey,
    serial: PUBLIC_KEY_ID,
    apiV3Key,
    ...event,
    ...extra
  })

export const signSend = (extra: { id?: string; timestamp?: number } = {}) =>
  sign({ eventType: "COUPON.SEND", resource: couponSend }, extra)

/** Signs any body as WeChat Pay would (for bodies the typed helper cannot build). */
export const signBody = (
  body: string,
  options: { privateKey?: Testing.TestKey; serial?: string; timestamp?: number } = {}
) =>
  Effect.map(
    Testing.signResponse({
      privateKey: options.privateKey ?? wechatpay.privateKey,
      serial: options.serial ?? PUBLIC_KEY_ID,
      body,
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp })
    }),
    (headers) => ({ headers, body })
  )

/** An envelope whose resource is `plaintext` encrypted with `key`, under `algorithm`. */
export const envelope = (
  plaintext: string,
  options: { key?: string; algorithm?: string; eventType?: string; id?: string } = {}
) =>
  Effect.map(AesGcm.makeKey(Redacted.make(options.key ?? API_V3_KEY)), (key) =>
    JSON.stringify({
      id: options.id ?? "EV-0001",
      create_time: "2026-11-23T12:00:00+08:00",
      resource_type: "encrypt-resource",
      event_type: options.eventType ?? "COUPON.SEND",
      summary: "领券通知",
      resource: {
        original_type: "coupon",
        algorithm: options.algorithm ?? "AEAD_AES_256_GCM",
        ciphertext: AesGcm.encrypt(key, { plaintext, nonce: "0123456789ab", associated_data: "coupon" }),
        associated_data: "coupon",
        nonce: "0123456789ab"
      }
    })
  )

/** No request may reach WeChat Pay in these tests, unless a test scripts the transport. */
export const noNetwork = HttpClient.make(() => Effect.die("unexpected request"))

/** The client (WeChat Pay public key mode) and an in-memory store. */
export const layer = Layer.merge(clientLayer(noNetwork), NotificationStore.layerMemory())
