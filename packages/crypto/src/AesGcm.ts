/**
 * AEAD_AES_256_GCM with the APIv3 key (APIv3密钥): decrypts platform certificates and notification resources.
 *
 * @since 0.1.0
 */
import * as NodeCrypto from "node:crypto"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { DecryptionError, InvalidKeyError } from "./CryptoError.js"

const TAG_LENGTH = 16
const ALGORITHM = "AEAD_AES_256_GCM"
const REDACTED = "<redacted>"
const NodeInspect = Symbol.for("nodejs.util.inspect.custom")

/**
 * The APIv3 key, loaded once: 32 bytes. Its bytes are held privately and never printed.
 *
 * @since 0.1.0
 * @category models
 */
export class ApiV3Key {
  readonly #bytes: Buffer
  /** @internal */
  constructor(bytes: Buffer) {
    this.#bytes = bytes
  }
  /** @internal */
  static bytes(key: ApiV3Key): Buffer {
    return key.#bytes
  }
  /** @since 0.1.0 */
  toString(): string {
    return `ApiV3Key(${REDACTED})`
  }
  /** @since 0.1.0 */
  toJSON(): string {
    return REDACTED
  }
  /** @since 0.1.0 */
  [NodeInspect](): string {
    return this.toString()
  }
}

/**
 * Loads the APIv3 key: the UTF-8 bytes of the 32-character key set in the merchant platform. Any other length fails.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeKey = (key: Redacted.Redacted<string>): Effect.Effect<ApiV3Key, InvalidKeyError> =>
  Effect.suspend(() => {
    const bytes = Buffer.from(Redacted.value(key), "utf8")
    if (bytes.length !== 32) {
      return Effect.fail(
        new InvalidKeyError({
          key: "apiV3Key",
          reason: "WrongLength",
          message: `APIv3 key is ${bytes.length} bytes: it must be exactly 32 (the key set under 账户中心 > API安全)`
        })
      )
    }
    return Effect.succeed(new ApiV3Key(bytes))
  })

/**
 * An encrypted resource, as in `encrypt_certificate` and a notification's `resource`.
 *
 * @since 0.1.0
 * @category models
 */
export interface EncryptedResource {
  readonly algorithm?: string | undefined
  /** Base64 of ciphertext ‖ 16-byte tag. */
  readonly ciphertext: string
  readonly nonce: string
  readonly associated_data?: string | undefined
}

/**
 * Decrypts a resource to bytes. The tag is the last 16 bytes; nonce and associated data are UTF-8.
 *
 * @since 0.1.0
 * @category utils
 */
export const decrypt = (key: ApiV3Key, resource: EncryptedResource): Effect.Effect<Uint8Array, DecryptionError> =>
  Effect.suspend(() => {
    if (resource.algorithm !== undefined && resource.algorithm !== ALGORITHM) {
      return Effect.fail(
        new DecryptionError({
          reason: "UnsupportedAlgorithm",
          message: `resource algorithm is ${JSON.stringify(resource.algorithm)}: only ${ALGORITHM} is supported`
        })
      )
    }
    const data = Buffer.from(resource.ciphertext, "base64")
    if (data.length < TAG_LENGTH || resource.nonce.length === 0) {
      return Effect.fail(
        new DecryptionError({ reason: "Malformed", message: "ciphertext is shorter than its 16-byte tag, or no nonce" })
      )
    }
    try {
      const decipher = NodeCrypto.createDecipheriv("aes-256-gcm", ApiV3Key.bytes(key), Buffer.from(resource.nonce))
      decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"))
      decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH))
      return Effect.succeed(
        new Uint8Array(Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_LENGTH)), decipher.final()]))
      )
    } catch {
      return Effect.fail(
        new DecryptionError({ reason: "AuthenticationFailed", message: "APIv3 key mismatch or ciphertext tampered" })
      )
    }
  })

/**
 * Decrypts a resource to UTF-8 text (a certificate PEM or notification JSON).
 *
 * @since 0.1.0
 * @category utils
 */
export const decryptToString = (key: ApiV3Key, resource: EncryptedResource): Effect.Effect<string, DecryptionError> =>
  Effect.map(decrypt(key, resource), (bytes) => Buffer.from(bytes).toString("utf8"))

/**
 * Encrypts text the way WeChat Pay does (for test helpers and local gateways): Base64 of ciphertext ‖ tag.
 *
 * @since 0.1.0
 * @category utils
 */
export const encrypt = (
  key: ApiV3Key,
  input: { readonly plaintext: string | Uint8Array; readonly nonce: string; readonly associated_data?: string }
): string => {
  const cipher = NodeCrypto.createCipheriv("aes-256-gcm", ApiV3Key.bytes(key), Buffer.from(input.nonce, "utf8"))
  cipher.setAAD(Buffer.from(input.associated_data ?? "", "utf8"))
  const body = Buffer.concat([
    cipher.update(typeof input.plaintext === "string" ? Buffer.from(input.plaintext, "utf8") : input.plaintext),
    cipher.final()
  ])
  return Buffer.concat([body, cipher.getAuthTag()]).toString("base64")
}
