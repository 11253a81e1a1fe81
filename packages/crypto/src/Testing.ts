/**
 * Test helpers for applications: sign fake WeChat Pay responses and notifications with a key you control, so your
 * own handlers can be tested without WeChat Pay (as stripe's `generateTestHeaderString`).
 *
 * @since 0.1.0
 */
import * as NodeCrypto from "node:crypto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as AesGcm from "./AesGcm.js"
import type { InvalidKeyError } from "./CryptoError.js"
import { randomAlphanumeric } from "./internal/nonce.js"
import { SCHEME } from "./MerchantSigner.js"
import * as Verifier from "./Verifier.js"

/**
 * A signing key for tests: a PEM private key (string or `Redacted`) or a node `KeyObject`.
 *
 * @since 0.1.0
 * @category models
 */
export type TestKey = string | Redacted.Redacted<string> | NodeCrypto.KeyObject

const toKey = (key: TestKey): NodeCrypto.KeyObject =>
  key instanceof NodeCrypto.KeyObject
    ? key
    : NodeCrypto.createPrivateKey(typeof key === "string" ? key : Redacted.value(key))

/**
 * Options of {@link signResponse}.
 *
 * @since 0.1.0
 * @category models
 */
export interface SignOptions {
  /** The private half of the platform certificate or WeChat Pay public key the client trusts. */
  readonly privateKey: TestKey
  /** The `Wechatpay-Serial` to send: the certificate serial or `PUB_KEY_ID_…`. */
  readonly serial: string
  readonly body: string
  /** Unix seconds; defaults to now from Effect's `Clock`. */
  readonly timestamp?: number
  readonly nonce?: string
}

/**
 * Signs a body as WeChat Pay does and returns the response headers to send with it.
 *
 * @since 0.1.0
 * @category testing
 */
export const signResponse = (options: SignOptions): Effect.Effect<Record<string, string>> =>
  Effect.map(Clock.currentTimeMillis, (millis) => {
    const timestamp = String(options.timestamp ?? Math.floor(millis / 1000))
    const nonce = options.nonce ?? randomAlphanumeric(32)
    const signature = NodeCrypto.sign(
      "sha256",
      Verifier.message(timestamp, nonce, options.body),
      toKey(options.privateKey)
    ).toString("base64")
    return {
      "Wechatpay-Timestamp": timestamp,
      "Wechatpay-Nonce": nonce,
      "Wechatpay-Signature": signature,
      "Wechatpay-Serial": options.serial,
      "Wechatpay-Signature-Type": SCHEME
    }
  })

/**
 * Options of {@link signNotification}.
 *
 * @since 0.1.0
 * @category models
 */
export interface NotificationOptions {
  readonly privateKey: TestKey
  readonly serial: string
  /** The merchant's APIv3 key the resource is encrypted with. */
  readonly apiV3Key: Redacted.Redacted<string>
  /** e.g. `COUPON.SEND` or `COUPON.USE`. */
  readonly eventType: string
  /** The plaintext resource, serialised as JSON before encryption. */
  readonly resource: unknown
  readonly id?: string
  readonly summary?: string
  readonly originalType?: string
  readonly associatedData?: string
  readonly createTime?: string
  readonly timestamp?: number
  readonly nonce?: string
}

/**
 * Builds a notification as WeChat Pay sends it: the JSON body with the resource encrypted (AEAD_AES_256_GCM) and
 * the signed headers.
 *
 * @example
 * ```ts
 * import { Testing } from "@effect-wechatpay/crypto"
 * import { Effect, Redacted } from "effect"
 *
 * const { privateKey } = Testing.generateKeyPair()
 * const delivery = Testing.signNotification({
 *   privateKey,
 *   serial: "PUB_KEY_ID_0119000000012026112300000000000001",
 *   apiV3Key: Redacted.make("0123456789abcdefghijKLMNOPQRSTUV"),
 *   eventType: "COUPON.SEND",
 *   resource: { coupon_code: "C-1", stock_id: "1212" }
 * }).pipe(Effect.map(({ body, headers }) => new Request("http://localhost/notify", { method: "POST", headers, body })))
 * ```
 *
 * @since 0.1.0
 * @category testing
 */
export const signNotification = (
  options: NotificationOptions
): Effect.Effect<{ readonly headers: Record<string, string>; readonly body: string }, InvalidKeyError> =>
  Effect.gen(function* () {
    const key = yield* AesGcm.makeKey(options.apiV3Key)
    const nonce = randomAlphanumeric(12)
    const associated_data = options.associatedData ?? "coupon"
    const body = JSON.stringify({
      id: options.id ?? NodeCrypto.randomUUID(),
      create_time: options.createTime ?? "2026-11-23T12:00:00+08:00",
      resource_type: "encrypt-resource",
      event_type: options.eventType,
      summary: options.summary ?? "test notification",
      resource: {
        original_type: options.originalType ?? "coupon",
        algorithm: "AEAD_AES_256_GCM",
        ciphertext: AesGcm.encrypt(key, { plaintext: JSON.stringify(options.resource), nonce, associated_data }),
        associated_data,
        nonce
      }
    })
    const headers = yield* signResponse({
      privateKey: options.privateKey,
      serial: options.serial,
      body,
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
      ...(options.nonce === undefined ? {} : { nonce: options.nonce })
    })
    return { headers: { ...headers, "Content-Type": "application/json" }, body }
  })

/**
 * Generates an RSA-2048 key pair for tests: a PKCS#8 private key (Redacted) and its SPKI public key.
 *
 * @since 0.1.0
 * @category testing
 */
export const generateKeyPair = (): { readonly privateKey: Redacted.Redacted<string>; readonly publicKey: string } => {
  const { privateKey, publicKey } = NodeCrypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" }
  })
  return { privateKey: Redacted.make(privateKey), publicKey }
}
