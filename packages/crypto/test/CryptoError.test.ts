import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Data, Effect, Redacted } from "effect"
import {
  AesGcm,
  DecryptionError,
  EncryptionError,
  ErrorTypeId,
  InvalidKeyError,
  isCryptoError,
  NotificationDecodeError,
  SignatureVerificationError
} from "../src/index.js"

const errors = [
  new InvalidKeyError({ key: "apiV3Key", reason: "WrongLength", message: "APIv3 key is 31 bytes" }),
  new SignatureVerificationError({ reason: "ClockSkew", message: "skew", serial: "PUB_KEY_ID_1", skewSeconds: 301 }),
  new DecryptionError({ reason: "AuthenticationFailed", message: "APIv3 key mismatch or ciphertext tampered" }),
  new EncryptionError({ reason: "PlaintextTooLong", message: "plaintext is 215 bytes" }),
  new NotificationDecodeError({ reason: "MalformedBody", message: "notification body is not a JSON object" })
] as const

describe("CryptoError", () => {
  it("every error carries the shared type id on its prototype: `in` sees it, JSON and inspect do not", () => {
    expect(ErrorTypeId).toBe("~@effect-wechatpay/Error")
    for (const error of errors) {
      expect(ErrorTypeId in error).toBe(true)
      expect(error[ErrorTypeId]).toBe(ErrorTypeId)
      expect(Object.hasOwn(error, ErrorTypeId)).toBe(false)
      expect(Object.keys(error)).not.toContain(ErrorTypeId)
      expect(JSON.stringify(error)).not.toContain(ErrorTypeId)
      expect(Util.inspect(error)).not.toContain(ErrorTypeId)
      expect(Util.inspect(error, { showHidden: true, depth: 10 })).not.toContain(ErrorTypeId)
      expect(String(error)).not.toContain(ErrorTypeId)
    }
  })

  it.effect("an error raised by the package carries it too", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(AesGcm.makeKey(Redacted.make("too short")))
      expect(ErrorTypeId in error).toBe(true)
      expect(JSON.stringify(error)).toBe(
        JSON.stringify({
          _tag: "InvalidKeyError",
          key: "apiV3Key",
          reason: "WrongLength",
          message: "APIv3 key is 9 bytes: it must be exactly 32 (the key set under 账户中心 > API安全)"
        })
      )
    })
  )

  it("NotificationDecodeError is tagged NotificationDecodeError, under a namespaced identifier", () => {
    const error = new NotificationDecodeError({ reason: "MalformedPlaintext", message: "not JSON" })
    expect(error._tag).toBe("NotificationDecodeError")
    expect(NotificationDecodeError.identifier).toBe("@effect-wechatpay/crypto/NotificationDecodeError")
    expect(errors.map((e) => e._tag)).toEqual([
      "InvalidKeyError",
      "SignatureVerificationError",
      "DecryptionError",
      "EncryptionError",
      "NotificationDecodeError"
    ])
  })

  it("isCryptoError: the type id and one of this package's tags", () => {
    class Other extends Data.TaggedError("DecryptionError")<{ readonly message: string }> {}
    expect(errors.map(isCryptoError)).toEqual([true, true, true, true, true])
    expect(isCryptoError(new Error("DecryptionError"))).toBe(false)
    expect(isCryptoError(new Other({ message: "no type id" }))).toBe(false)
    expect(isCryptoError({ [ErrorTypeId]: ErrorTypeId, _tag: "NotificationError" })).toBe(false)
    expect(isCryptoError(null)).toBe(false)
  })
})
