import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin"
import { AesGcm, Keyring, Notification, Testing } from "../src/index.js"
import {
  API_V3_KEY,
  PLATFORM_SERIAL,
  PUBLIC_KEY_ID,
  platformCertificate,
  platformKeyPem,
  publicKeyPem,
  publicKeyPrivatePem,
  VALID_NOW
} from "./fixtures.js"

const NOW = VALID_NOW
const setup = Effect.gen(function* () {
  yield* TestClock.setTime(NOW * 1000)
  const keyring = yield* Keyring.make({
    publicKey: { id: PUBLIC_KEY_ID, key: publicKeyPem },
    certificates: [platformCertificate]
  })
  const apiV3Key = yield* AesGcm.makeKey(Redacted.make(API_V3_KEY))
  return { keyring, apiV3Key }
})

const coupon = {
  stock_id: "1212000000000000000001",
  coupon_code: "AbC123",
  openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
  send_time: "2026-11-23T12:00:00+08:00"
}

describe("Notification", () => {
  it.effect("a notification built by wechatpay-axios-plugin verifies, decrypts and parses", () =>
    Effect.gen(function* () {
      const keys = yield* setup
      const nonce = "fdasflkja484"
      const body = JSON.stringify({
        id: "EV-2018022511223320873",
        create_time: "2026-11-23T12:00:00+08:00",
        resource_type: "encrypt-resource",
        event_type: "COUPON.SEND",
        summary: "商家券领券通知",
        resource: {
          original_type: "busifavor",
          algorithm: "AEAD_AES_256_GCM",
          ciphertext: Aes.AesGcm.encrypt(JSON.stringify(coupon), API_V3_KEY, nonce, "busifavor"),
          associated_data: "busifavor",
          nonce
        }
      })
      const headers = {
        "wechatpay-timestamp": String(NOW),
        "wechatpay-nonce": "Nc1",
        "wechatpay-serial": PUBLIC_KEY_ID,
        "wechatpay-signature": Rsa.sign(Formatter.response(NOW, "Nc1", body), Rsa.from(publicKeyPrivatePem, "private")),
        "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048"
      }
      const parsed = yield* Notification.parse(keys, { headers, body: Buffer.from(body) })
      expect(parsed.id).toBe("EV-2018022511223320873")
      expect(parsed.event_type).toBe("COUPON.SEND")
      expect(parsed.original_type).toBe("busifavor")
      expect(parsed.resource).toEqual(coupon)
      expect(parsed.signature.serial).toBe(PUBLIC_KEY_ID)
    })
  )

  it.effect("Testing.signNotification produces what parse accepts; a tampered body does not", () =>
    Effect.gen(function* () {
      const keys = yield* setup
      const signed = yield* Testing.signNotification({
        privateKey: platformKeyPem,
        serial: PLATFORM_SERIAL,
        apiV3Key: Redacted.make(API_V3_KEY),
        eventType: "COUPON.USE",
        resource: coupon
      })
      const parsed = yield* Notification.parse(keys, signed)
      expect(parsed.resource).toEqual(coupon)
      const tampered = yield* Effect.flip(
        Notification.parse(keys, { ...signed, body: signed.body.replace("COUPON.USE", "COUPON.USF") })
      )
      expect(tampered._tag).toBe("SignatureVerificationError")
    })
  )

  it.effect("the signature header is held to canonical base64 and one occurrence, as for responses", () =>
    Effect.gen(function* () {
      const keys = yield* setup
      const signed = yield* Testing.signNotification({
        privateKey: platformKeyPem,
        serial: PLATFORM_SERIAL,
        apiV3Key: Redacted.make(API_V3_KEY),
        eventType: "COUPON.USE",
        resource: coupon
      })
      const sig = signed.headers["Wechatpay-Signature"]!
      const variants = [
        sig.replace(/=+$/, ""),
        `${sig.slice(0, 50)} ${sig.slice(50)}`,
        `${sig}#`,
        `${sig}, ${sig}`,
        `${sig}, WECHATPAY/SIGNTEST/${sig}`
      ]
      const reasons = yield* Effect.forEach(variants, (variant) =>
        Notification.parse(keys, { ...signed, headers: { ...signed.headers, "Wechatpay-Signature": variant } }).pipe(
          Effect.flip,
          Effect.map((error) => error._tag === "SignatureVerificationError" && error.reason)
        )
      )
      expect(reasons).toEqual(variants.map(() => "BadSignature"))
      const repeated = yield* Effect.flip(
        Notification.parse(keys, { ...signed, headers: { ...signed.headers, "Wechatpay-Signature": [sig, sig] } })
      )
      expect(repeated._tag === "SignatureVerificationError" && repeated.reason).toBe("BadSignature")
    })
  )

  it.effect("headers and bodies of any shape a caller hands over fail typed, never die", () =>
    Effect.gen(function* () {
      const keys = yield* setup
      const signed = yield* Testing.signNotification({
        privateKey: platformKeyPem,
        serial: PLATFORM_SERIAL,
        apiV3Key: Redacted.make(API_V3_KEY),
        eventType: "COUPON.USE",
        resource: coupon
      })
      // What plain JavaScript callers and frameworks hand over: null, numbers, objects, arrays with holes, no
      // headers object at all, a `get` that answers undefined or throws.
      const outcome = (headers: unknown, body: unknown = signed.body) =>
        Notification.parse(keys, { headers, body } as unknown as Notification.IncomingNotification).pipe(
          Effect.flip,
          Effect.map((error) => `${error._tag}/${error.reason}`),
          Effect.exit,
          Effect.map((exit) => (exit._tag === "Success" ? exit.value : "died"))
        )
      const withSignature = (value: unknown) => ({ ...signed.headers, "Wechatpay-Signature": value })
      const withTimestamp = (value: unknown) => ({ ...signed.headers, "Wechatpay-Timestamp": value })
      const cases: ReadonlyArray<readonly [unknown, unknown?]> = [
        [withSignature(null)],
        [withSignature(undefined)],
        [withTimestamp(null)],
        [withTimestamp(Number(signed.headers["Wechatpay-Timestamp"]))],
        [withSignature({ toString: () => signed.headers["Wechatpay-Signature"] })],
        [null],
        [undefined],
        ["Wechatpay-Signature"],
        [{ get: () => undefined }],
        [
          {
            get: () => {
              throw new Error("framework bug")
            }
          }
        ],
        [withSignature([signed.headers["Wechatpay-Signature"], null])],
        [withTimestamp([null])],
        [signed.headers, null],
        [signed.headers, 42],
        [signed.headers, { length: 3 }]
      ]
      const outcomes = yield* Effect.forEach(cases, ([headers, ...body]) =>
        body.length === 0 ? outcome(headers) : outcome(headers, body[0])
      )
      expect(outcomes).toEqual([
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/MissingHeaders",
        "SignatureVerificationError/BadSignature",
        "SignatureVerificationError/MissingHeaders",
        "NotificationDecodeError/MalformedBody",
        "NotificationDecodeError/MalformedBody",
        "NotificationDecodeError/MalformedBody"
      ])
      // The well-formed notification still parses.
      expect((yield* Notification.parse(keys, signed)).resource).toEqual(coupon)
    })
  )

  it.effect("stale, wrong algorithm, wrong APIv3 key, malformed envelope and plaintext each fail typed", () =>
    Effect.gen(function* () {
      const keys = yield* setup
      const sign = (body: string, timestamp = NOW) =>
        Effect.map(
          Testing.signResponse({ privateKey: platformKeyPem, serial: PLATFORM_SERIAL, body, timestamp }),
          (headers) => ({ headers, body })
        )
      const envelope = (resource: object) => JSON.stringify({ id: "1", event_type: "COUPON.USE", resource })
      const good = {
        algorithm: "AEAD_AES_256_GCM",
        nonce: "abcdefghijkl",
        associated_data: "coupon",
        ciphertext: Aes.AesGcm.encrypt("{}", API_V3_KEY, "abcdefghijkl", "coupon")
      }

      const stale = yield* Effect.flip(Notification.parse(keys, yield* sign(envelope(good), NOW - 301)))
      expect(stale._tag === "SignatureVerificationError" && stale.reason).toBe("ClockSkew")

      const algorithm = yield* Effect.flip(
        Notification.parse(keys, yield* sign(envelope({ ...good, algorithm: "AEAD_SM4_GCM" })))
      )
      expect(algorithm._tag === "DecryptionError" && algorithm.reason).toBe("UnsupportedAlgorithm")

      const otherKey = {
        ...good,
        ciphertext: Aes.AesGcm.encrypt("{}", "ZYXWVUTSRQPONMLKJIHGFEDCBA012345", "abcdefghijkl", "coupon")
      }
      const mismatch = yield* Effect.flip(Notification.parse(keys, yield* sign(envelope(otherKey))))
      expect(mismatch.message).toBe("APIv3 key mismatch or ciphertext tampered")

      const notJson = yield* Effect.flip(Notification.parse(keys, yield* sign("not json")))
      expect(notJson._tag === "NotificationDecodeError" && notJson.reason).toBe("MalformedBody")

      const noResource = yield* Effect.flip(Notification.parse(keys, yield* sign(JSON.stringify({ id: "1" }))))
      expect(noResource._tag === "NotificationDecodeError" && noResource.reason).toBe("MalformedBody")

      const badPlain = { ...good, ciphertext: Aes.AesGcm.encrypt("<xml/>", API_V3_KEY, "abcdefghijkl", "coupon") }
      const plaintext = yield* Effect.flip(Notification.parse(keys, yield* sign(envelope(badPlain))))
      expect(plaintext._tag === "NotificationDecodeError" && plaintext.reason).toBe("MalformedPlaintext")
    })
  )
})
