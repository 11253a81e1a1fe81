import * as NodeCrypto from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { Aes, Rsa } from "wechatpay-axios-plugin"
import { InvalidKeyError, Keyring, MerchantSigner, Testing, WechatPayCrypto } from "../src/index.js"
import {
  API_V3_KEY,
  MCHID,
  MERCHANT_SERIAL,
  merchantCertificate,
  merchantKey,
  PLATFORM_SERIAL,
  PUBLIC_KEY_ID,
  platformCertificate,
  publicKeyPem,
  publicKeyPrivatePem,
  VALID_NOW
} from "./fixtures.js"

const options: WechatPayCrypto.Options = {
  mchid: MCHID,
  merchantSerialNumber: MERCHANT_SERIAL,
  merchantPrivateKey: merchantKey,
  apiV3Key: Redacted.make(API_V3_KEY),
  wechatpayPublicKey: { id: PUBLIC_KEY_ID, key: publicKeyPem },
  platformCertificates: [platformCertificate]
}

const body = '{"stock_id":"1212000000000000000001"}'
const coupon = { stock_id: "1212000000000000000001", coupon_code: "AbC123" }

describe("WechatPayCrypto", () => {
  it.effect("the layer provides the service: sign, verify, decrypt, encrypt, notifications, key replacement", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(VALID_NOW * 1000 + 999)
      const crypto = yield* WechatPayCrypto.WechatPayCrypto

      const request = { method: "GET", target: "/v3/certificates" }
      const signed = yield* crypto.authorize(request)
      expect(signed.timestamp).toBe(VALID_NOW)
      expect(signed.authorization).toContain(`mchid="${MCHID}"`)
      const merchantPublicKey = new NodeCrypto.X509Certificate(merchantCertificate).publicKey
      const message = Buffer.from(MerchantSigner.message(request, signed.timestamp, signed.nonce), "utf8")
      expect(NodeCrypto.verify("sha256", message, merchantPublicKey, Buffer.from(signed.signature, "base64"))).toBe(
        true
      )

      const headers = yield* Testing.signResponse({ privateKey: publicKeyPrivatePem, serial: PUBLIC_KEY_ID, body })
      expect((yield* crypto.verify(headers, body)).serial).toBe(PUBLIC_KEY_ID)

      const ciphertext = Aes.AesGcm.encrypt("-----BEGIN CERTIFICATE-----", API_V3_KEY, "61f9c719728a", "certificate")
      expect(yield* crypto.decryptResource({ ciphertext, nonce: "61f9c719728a", associated_data: "certificate" })).toBe(
        "-----BEGIN CERTIFICATE-----"
      )

      const field = yield* crypto.encryptSensitive("张三")
      expect(field.serial).toBe(PUBLIC_KEY_ID)
      expect(Rsa.decrypt(field.ciphertext, Rsa.from(publicKeyPrivatePem, "private"))).toBe("张三")
      const downstream = Rsa.encrypt("李四", Rsa.from(merchantCertificate, "public"))
      expect(yield* crypto.decryptSensitive(downstream)).toBe("李四")

      const notification = yield* Testing.signNotification({
        privateKey: publicKeyPrivatePem,
        serial: PUBLIC_KEY_ID,
        apiV3Key: Redacted.make(API_V3_KEY),
        eventType: "COUPON.SEND",
        resource: coupon
      })
      const parsed = yield* crypto.parseNotification(notification)
      expect([parsed.event_type, parsed.resource]).toEqual(["COUPON.SEND", coupon])

      expect(Keyring.serials(yield* crypto.keyring)).toEqual([PUBLIC_KEY_ID, PLATFORM_SERIAL])
      yield* crypto.setKeyring(Keyring.empty)
      expect(Keyring.serials(yield* crypto.keyring)).toEqual([])
      const unknown = yield* Effect.flip(crypto.verify(headers, body))
      expect([unknown.reason, unknown.serial]).toEqual(["UnknownSerial", PUBLIC_KEY_ID])
    }).pipe(Effect.provide(WechatPayCrypto.layer(options)))
  )

  it.effect("without an APIv3 key, resources and notifications fail with MissingApiV3Key", () =>
    Effect.gen(function* () {
      const { apiV3Key: _, ...withoutKey } = options
      const crypto = yield* WechatPayCrypto.make(withoutKey)
      const resource = yield* Effect.flip(crypto.decryptResource({ ciphertext: "AAAA", nonce: "n" }))
      const notification = yield* Effect.flip(crypto.parseNotification({ headers: {}, body: "{}" }))
      expect([resource.reason, notification._tag === "DecryptionError" && notification.reason]).toEqual([
        "MissingApiV3Key",
        "MissingApiV3Key"
      ])
    })
  )

  it.effect("a bad key fails the layer, once, with InvalidKeyError", () =>
    Effect.gen(function* () {
      const bad = WechatPayCrypto.layer({ ...options, merchantPrivateKey: Redacted.make("not a key") })
      const error = yield* Effect.flip(Layer.build(bad))
      expect(error).toBeInstanceOf(InvalidKeyError)
      expect([error.key, error.reason]).toEqual(["merchantPrivateKey", "NotPem"])
    })
  )
})
