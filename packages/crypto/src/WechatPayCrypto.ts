/**
 * The one service that holds a merchant's WeChat Pay keys and does all of its cryptography, implemented with
 * node:crypto. Keys are parsed once, when the service is built.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as AesGcm from "./AesGcm.js"
import {
  DecryptionError,
  type EncryptionError,
  type InvalidKeyError,
  type SignatureVerificationError
} from "./CryptoError.js"
import * as Keyring from "./Keyring.js"
import * as MerchantSigner from "./MerchantSigner.js"
import * as Notification from "./Notification.js"
import * as Oaep from "./Oaep.js"
import * as Verifier from "./Verifier.js"

/**
 * Credentials of one merchant.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** 商户号 */
  readonly mchid: string
  /** 商户API证书序列号 */
  readonly merchantSerialNumber: string
  /** 商户API证书私钥 (apiclient_key.pem), PKCS#8 or PKCS#1 PEM. */
  readonly merchantPrivateKey: Redacted.Redacted<string>
  /** APIv3密钥: needed to decrypt platform certificates and notifications. */
  readonly apiV3Key?: Redacted.Redacted<string> | undefined
  /** 微信支付公钥 and its `PUB_KEY_ID_…`. */
  readonly wechatpayPublicKey?: Keyring.PublicKeyConfig | undefined
  /** 平台证书, X.509 PEM. */
  readonly platformCertificates?: ReadonlyArray<string> | undefined
}

/**
 * What the service does.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly signer: MerchantSigner.MerchantSigner
  /** The current verification keys. */
  readonly keyring: Effect.Effect<Keyring.Keyring>
  /** Replaces the verification keys (for platform certificate refresh). */
  readonly setKeyring: (keyring: Keyring.Keyring) => Effect.Effect<void>
  readonly apiV3Key: Option.Option<AesGcm.ApiV3Key>
  /** Signs a request now. */
  readonly authorize: (request: MerchantSigner.SignableRequest) => Effect.Effect<MerchantSigner.Signature>
  /** Verifies a response over its raw body. */
  readonly verify: (
    headers: Verifier.HeadersInput,
    body: string | Uint8Array
  ) => Effect.Effect<Verifier.WechatpayHeaders, SignatureVerificationError>
  /** Decrypts an AEAD_AES_256_GCM resource with the APIv3 key. */
  readonly decryptResource: (resource: AesGcm.EncryptedResource) => Effect.Effect<string, DecryptionError>
  /** Encrypts a sensitive field with the newest WeChat Pay key. */
  readonly encryptSensitive: (plaintext: string) => Effect.Effect<Oaep.EncryptedField, EncryptionError>
  /** Decrypts a downstream sensitive field with the merchant private key. */
  readonly decryptSensitive: (ciphertext: string) => Effect.Effect<string, DecryptionError>
  /** Verifies, decrypts and parses a notification. */
  readonly parseNotification: (
    incoming: Notification.IncomingNotification
  ) => Effect.Effect<Notification.Notification, Notification.ParseError>
}

/**
 * The service key: `yield* WechatPayCrypto.WechatPayCrypto` gives the {@link Service}.
 *
 * @since 0.1.0
 * @category services
 */
export class WechatPayCrypto extends Context.Service<WechatPayCrypto, Service>()(
  "@effect-wechatpay/crypto/WechatPayCrypto"
) {}

const missingApiV3Key = new DecryptionError({
  reason: "MissingApiV3Key",
  message: "no APIv3 key is configured: it is needed to decrypt platform certificates and notifications"
})

/**
 * Parses every key once and builds the service; a bad key fails here with a typed error.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, InvalidKeyError> =>
  Effect.gen(function* () {
    const signer = yield* MerchantSigner.make({
      mchid: options.mchid,
      serialNumber: options.merchantSerialNumber,
      privateKey: options.merchantPrivateKey
    })
    const apiV3Key =
      options.apiV3Key === undefined ? Option.none() : Option.some(yield* AesGcm.makeKey(options.apiV3Key))
    const keyringRef = yield* Ref.make(
      yield* Keyring.make({ publicKey: options.wechatpayPublicKey, certificates: options.platformCertificates })
    )
    const keyring = Ref.get(keyringRef)
    return {
      signer,
      keyring,
      setKeyring: (next) => Ref.set(keyringRef, next),
      apiV3Key,
      authorize: signer.authorize,
      verify: (headers, body) => Effect.flatMap(keyring, (ring) => Verifier.verify(ring, headers, body)),
      decryptResource: (resource) =>
        Option.match(apiV3Key, {
          onNone: () => Effect.fail(missingApiV3Key),
          onSome: (key) => AesGcm.decryptToString(key, resource)
        }),
      encryptSensitive: (plaintext) => Effect.flatMap(keyring, (ring) => Oaep.encrypt(ring, plaintext)),
      decryptSensitive: signer.decryptSensitive,
      parseNotification: (incoming) =>
        Option.match(apiV3Key, {
          onNone: () => Effect.fail(missingApiV3Key),
          onSome: (key) =>
            Effect.flatMap(keyring, (ring) => Notification.parse({ keyring: ring, apiV3Key: key }, incoming))
        })
    } satisfies Service
  })

/**
 * A layer of the node:crypto implementation.
 *
 * @example
 * ```ts
 * import { WechatPayCrypto } from "@effect-wechatpay/crypto"
 * import { Effect, Redacted } from "effect"
 *
 * declare const privateKeyPem: string
 * declare const publicKeyPem: string
 *
 * const CryptoLive = WechatPayCrypto.layer({
 *   mchid: "1900000001",
 *   merchantSerialNumber: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
 *   merchantPrivateKey: Redacted.make(privateKeyPem),
 *   wechatpayPublicKey: { id: "PUB_KEY_ID_0119000000012026112300000000000001", key: publicKeyPem }
 * })
 *
 * const signature = Effect.gen(function* () {
 *   const crypto = yield* WechatPayCrypto.WechatPayCrypto
 *   return yield* crypto.authorize({ method: "GET", target: "/v3/marketing/busifavor/stocks/1212" })
 * }).pipe(Effect.provide(CryptoLive))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<WechatPayCrypto, InvalidKeyError> =>
  Layer.effect(WechatPayCrypto, make(options))
