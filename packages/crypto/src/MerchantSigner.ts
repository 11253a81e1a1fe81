/**
 * 请求签名: signs API requests with the merchant API private key (商户API证书私钥).
 *
 * @since 0.1.0
 */
import * as NodeCrypto from "node:crypto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { DecryptionError, type InvalidKeyError } from "./CryptoError.js"
import { loadPrivateKey } from "./internal/keys.js"
import { randomAlphanumeric } from "./internal/nonce.js"

/**
 * The authorization scheme of WeChat Pay APIv3 requests.
 *
 * @since 0.1.0
 * @category constants
 */
export const SCHEME = "WECHATPAY2-SHA256-RSA2048"

/**
 * What is signed of a request: the method, the request target exactly as sent (path and, if any, `?` and the
 * query) and the body text (empty for GET).
 *
 * @since 0.1.0
 * @category models
 */
export interface SignableRequest {
  readonly method: string
  readonly target: string
  readonly body?: string | undefined
}

/**
 * The values that went into one request signature.
 *
 * @since 0.1.0
 * @category models
 */
export interface Signature {
  readonly timestamp: number
  readonly nonce: string
  readonly signature: string
  /** The full `Authorization` header value. */
  readonly authorization: string
}

/**
 * A merchant's signer. The private key was parsed once, when the signer was made, and is never exposed.
 *
 * @since 0.1.0
 * @category models
 */
export interface MerchantSigner {
  readonly mchid: string
  readonly serialNumber: string
  /** SHA256-RSA (PKCS#1 v1.5) signature of a message, standard Base64. */
  readonly sign: (message: string | Uint8Array) => string
  /** Signs a request now: timestamp from Effect's `Clock`, a fresh 32-character nonce. */
  readonly authorize: (request: SignableRequest) => Effect.Effect<Signature>
  /** Signs a request with a given timestamp (seconds) and nonce. */
  readonly authorizeAt: (request: SignableRequest, timestamp: number, nonce: string) => Signature
  /** Decrypts a downstream sensitive field (RSA-OAEP, SHA-1, MGF1-SHA-1) encrypted with the merchant certificate. */
  readonly decryptSensitive: (ciphertext: string) => Effect.Effect<string, DecryptionError>
}

/**
 * Options of {@link make}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** 商户号 */
  readonly mchid: string
  /** Serial number of the merchant API certificate (商户API证书序列号). */
  readonly serialNumber: string
  /** The merchant API private key, PKCS#8 or PKCS#1 PEM (apiclient_key.pem). */
  readonly privateKey: Redacted.Redacted<string>
}

/**
 * The message to sign: five lines, each terminated by LF, the body line empty for a request without body.
 *
 * @since 0.1.0
 * @category utils
 */
export const message = (request: SignableRequest, timestamp: number, nonce: string): string =>
  `${request.method.toUpperCase()}\n${request.target}\n${timestamp}\n${nonce}\n${request.body ?? ""}\n`

/**
 * Formats the `Authorization` header value (pairs in the order of the official Go and Java SDKs).
 *
 * @since 0.1.0
 * @category utils
 */
export const authorizationHeader = (values: {
  readonly mchid: string
  readonly nonce: string
  readonly timestamp: number
  readonly serialNumber: string
  readonly signature: string
}): string =>
  `${SCHEME} mchid="${values.mchid}",nonce_str="${values.nonce}",timestamp="${values.timestamp}",serial_no="${values.serialNumber}",signature="${values.signature}"`

/**
 * A nonce: 32 alphanumeric characters from the CSPRNG.
 *
 * @since 0.1.0
 * @category utils
 */
export const nonce = (): string => randomAlphanumeric(32)

/**
 * Loads the private key once and returns the merchant's signer; a bad key fails here with an
 * {@link InvalidKeyError} that says what is wrong and never echoes key material.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<MerchantSigner, InvalidKeyError> =>
  Effect.map(
    Effect.suspend(() => Effect.fromResult(loadPrivateKey(Redacted.value(options.privateKey)))),
    (key) => unsafeFromKeyObject(options, key)
  )

const unsafeFromKeyObject = (options: Options, key: NodeCrypto.KeyObject): MerchantSigner => {
  const { mchid, serialNumber } = options
  const sign = (data: string | Uint8Array): string =>
    NodeCrypto.sign("sha256", typeof data === "string" ? Buffer.from(data, "utf8") : data, key).toString("base64")
  const authorizeAt = (request: SignableRequest, timestamp: number, nonceStr: string): Signature => {
    const signature = sign(message(request, timestamp, nonceStr))
    return {
      timestamp,
      nonce: nonceStr,
      signature,
      authorization: authorizationHeader({ mchid, nonce: nonceStr, timestamp, serialNumber, signature })
    }
  }
  return {
    mchid,
    serialNumber,
    sign,
    authorizeAt,
    authorize: (request) =>
      Effect.map(Clock.currentTimeMillis, (millis) => authorizeAt(request, Math.floor(millis / 1000), nonce())),
    decryptSensitive: (ciphertext) =>
      Effect.try({
        try: () =>
          NodeCrypto.privateDecrypt(
            { key, padding: NodeCrypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
            Buffer.from(ciphertext, "base64")
          ).toString("utf8"),
        catch: () =>
          new DecryptionError({
            reason: "AuthenticationFailed",
            message: "RSA-OAEP decryption failed: the field was not encrypted for this merchant certificate"
          })
      })
  }
}
