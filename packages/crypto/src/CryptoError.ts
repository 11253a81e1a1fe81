/**
 * Typed failures of the WeChat Pay APIv3 cryptography.
 *
 * None of them ever carries key material: messages are built from the failure's reason only.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * The type id every error of the effect-wechatpay packages carries, on its class prototype (never an own field, so it
 * shows in neither JSON nor `inspect`): `ErrorTypeId in error` tells an error of ours from any other.
 *
 * @since 0.2.0
 * @category type ids
 */
export const ErrorTypeId = "~@effect-wechatpay/Error" as const

/**
 * The type of {@link ErrorTypeId}.
 *
 * @since 0.2.0
 * @category type ids
 */
export type ErrorTypeId = typeof ErrorTypeId

/**
 * Which credential a {@link InvalidKeyError} is about.
 *
 * @since 0.1.0
 * @category errors
 */
export const KeyName = Schema.Literals(["merchantPrivateKey", "wechatpayPublicKey", "platformCertificate", "apiV3Key"])

/**
 * A credential that cannot be used: not PEM, the wrong kind of key, encrypted, too short, (for the APIv3 key) not
 * 32 bytes, or (`OutsideValidity`) platform certificates none of which is valid now, with nothing else to verify
 * with; that message names each certificate's serial and validity dates. Raised once, when the key is loaded,
 * never per call.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidKeyError extends Schema.TaggedError<InvalidKeyError>("@effect-wechatpay/crypto/InvalidKeyError")(
  "InvalidKeyError",
  {
    key: KeyName,
    reason: Schema.Literals([
      "NotPem",
      "WrongKeyType",
      "Encrypted",
      "TooShort",
      "WrongLength",
      "Malformed",
      "OutsideValidity"
    ]),
    message: Schema.String
  }
) {
  /**
   * The shared {@link ErrorTypeId}, held by the prototype.
   *
   * @since 0.2.0
   */
  get [ErrorTypeId](): ErrorTypeId {
    return ErrorTypeId
  }
}

/**
 * Why a WeChat Pay signature (on a response or a notification) was not accepted.
 *
 * @since 0.1.0
 * @category errors
 */
export const VerificationReason = Schema.Literals(["MissingHeaders", "UnknownSerial", "BadSignature", "ClockSkew"])

/**
 * A response or notification whose `Wechatpay-*` signature does not verify. Its body must not be used.
 *
 * `skewSeconds` (for `ClockSkew`) is local time minus `Wechatpay-Timestamp`; `serial` is the
 * `Wechatpay-Serial` that was sent; `missing` lists absent headers. `UnknownSerial` also covers a platform
 * certificate that is held but expired or not yet valid at the time of verification (the message says which).
 *
 * @since 0.1.0
 * @category errors
 */
export class SignatureVerificationError extends Schema.TaggedError<SignatureVerificationError>(
  "@effect-wechatpay/crypto/SignatureVerificationError"
)("SignatureVerificationError", {
  reason: VerificationReason,
  message: Schema.String,
  serial: Schema.optional(Schema.String),
  skewSeconds: Schema.optional(Schema.Number),
  missing: Schema.optional(Schema.Array(Schema.String))
}) {
  /**
   * The shared {@link ErrorTypeId}, held by the prototype.
   *
   * @since 0.2.0
   */
  get [ErrorTypeId](): ErrorTypeId {
    return ErrorTypeId
  }
}

/**
 * An AEAD_AES_256_GCM ciphertext (certificate download or notification) that could not be decrypted.
 *
 * @since 0.1.0
 * @category errors
 */
export class DecryptionError extends Schema.TaggedError<DecryptionError>("@effect-wechatpay/crypto/DecryptionError")(
  "DecryptionError",
  {
    reason: Schema.Literals(["AuthenticationFailed", "Malformed", "UnsupportedAlgorithm", "MissingApiV3Key"]),
    message: Schema.String
  }
) {
  /**
   * The shared {@link ErrorTypeId}, held by the prototype.
   *
   * @since 0.2.0
   */
  get [ErrorTypeId](): ErrorTypeId {
    return ErrorTypeId
  }
}

/**
 * A sensitive field that could not be RSA-OAEP encrypted (no WeChat Pay key configured, or the plaintext is longer
 * than 214 bytes).
 *
 * @since 0.1.0
 * @category errors
 */
export class EncryptionError extends Schema.TaggedError<EncryptionError>("@effect-wechatpay/crypto/EncryptionError")(
  "EncryptionError",
  {
    reason: Schema.Literals(["NoPublicKey", "PlaintextTooLong", "Failed"]),
    message: Schema.String
  }
) {
  /**
   * The shared {@link ErrorTypeId}, held by the prototype.
   *
   * @since 0.2.0
   */
  get [ErrorTypeId](): ErrorTypeId {
    return ErrorTypeId
  }
}

/**
 * A notification (回调通知) whose body is not the documented envelope, or whose decrypted resource is not JSON.
 * (`NotificationError` before 0.2.0: renamed so that its `_tag` differs from the api package's `NotificationError`.)
 *
 * @since 0.2.0
 * @category errors
 */
export class NotificationDecodeError extends Schema.TaggedError<NotificationDecodeError>(
  "@effect-wechatpay/crypto/NotificationDecodeError"
)("NotificationDecodeError", {
  reason: Schema.Literals(["MalformedBody", "MalformedPlaintext"]),
  message: Schema.String
}) {
  /**
   * The shared {@link ErrorTypeId}, held by the prototype.
   *
   * @since 0.2.0
   */
  get [ErrorTypeId](): ErrorTypeId {
    return ErrorTypeId
  }
}

/**
 * Any failure of this package.
 *
 * @since 0.2.0
 * @category errors
 */
export type CryptoError =
  | InvalidKeyError
  | SignatureVerificationError
  | DecryptionError
  | EncryptionError
  | NotificationDecodeError

const tags: ReadonlySet<unknown> = new Set<CryptoError["_tag"]>([
  "InvalidKeyError",
  "SignatureVerificationError",
  "DecryptionError",
  "EncryptionError",
  "NotificationDecodeError"
])

/**
 * Whether a value is a {@link CryptoError}: it carries {@link ErrorTypeId} and the `_tag` of one of this package's
 * errors.
 *
 * @since 0.2.0
 * @category guards
 */
export const isCryptoError = (u: unknown): u is CryptoError =>
  Predicate.hasProperty(u, ErrorTypeId) && Predicate.hasProperty(u, "_tag") && tags.has(u._tag)
