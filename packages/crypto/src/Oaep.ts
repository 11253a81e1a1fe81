/**
 * 敏感信息加密: RSA-OAEP (SHA-1, MGF1-SHA-1) encryption of sensitive request fields with WeChat Pay's key.
 *
 * @since 0.1.0
 */
import * as NodeCrypto from "node:crypto"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { EncryptionError } from "./CryptoError.js"
import * as Keyring from "./Keyring.js"

/**
 * The longest plaintext RSA-2048 OAEP-SHA-1 can encrypt: 256 − 2 × 20 − 2 bytes.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_PLAINTEXT_BYTES = 214

/**
 * An encrypted field and the serial to send as the `Wechatpay-Serial` request header.
 *
 * @since 0.1.0
 * @category models
 */
export interface EncryptedField {
  readonly ciphertext: string
  readonly serial: string
}

/**
 * Encrypts with the newest key in the keyring (see {@link Keyring.newest}).
 *
 * @since 0.1.0
 * @category utils
 */
export const encrypt = (keyring: Keyring.Keyring, plaintext: string): Effect.Effect<EncryptedField, EncryptionError> =>
  Effect.suspend(() => {
    const entry = Keyring.newest(keyring)
    if (Option.isNone(entry)) {
      return Effect.fail(
        new EncryptionError({
          reason: "NoPublicKey",
          message: "no WeChat Pay public key or platform certificate is configured to encrypt with"
        })
      )
    }
    const data = Buffer.from(plaintext, "utf8")
    if (data.length > MAX_PLAINTEXT_BYTES) {
      return Effect.fail(
        new EncryptionError({
          reason: "PlaintextTooLong",
          message: `plaintext is ${data.length} bytes: RSA-OAEP with a 2048-bit key takes at most ${MAX_PLAINTEXT_BYTES}`
        })
      )
    }
    try {
      const ciphertext = NodeCrypto.publicEncrypt(
        { key: entry.value.key, padding: NodeCrypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
        data
      ).toString("base64")
      return Effect.succeed({ ciphertext, serial: entry.value.serial })
    } catch {
      return Effect.fail(new EncryptionError({ reason: "Failed", message: "RSA-OAEP encryption failed" }))
    }
  })
