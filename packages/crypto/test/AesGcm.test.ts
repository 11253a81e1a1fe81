import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Aes } from "wechatpay-axios-plugin"
import { AesGcm, DecryptionError, InvalidKeyError } from "../src/index.js"
import { API_V3_KEY, platformCertificate } from "./fixtures.js"

const key = Effect.runSync(AesGcm.makeKey(Redacted.make(API_V3_KEY)))

describe("AesGcm", () => {
  it.effect("decrypts wechatpay-axios-plugin's ciphertext (tag = last 16 bytes, nonce and AAD as UTF-8)", () =>
    Effect.gen(function* () {
      const ciphertext = Aes.AesGcm.encrypt(platformCertificate, API_V3_KEY, "61f9c719728a", "certificate")
      const plain = yield* AesGcm.decryptToString(key, {
        algorithm: "AEAD_AES_256_GCM",
        ciphertext,
        nonce: "61f9c719728a",
        associated_data: "certificate"
      })
      expect(plain).toBe(platformCertificate)
    })
  )

  it("its ciphertext decrypts with wechatpay-axios-plugin", () => {
    const ciphertext = AesGcm.encrypt(key, {
      plaintext: '{"coupon_id":"9865000"}',
      nonce: "0123456789ab",
      associated_data: "coupon"
    })
    expect(Aes.AesGcm.decrypt(ciphertext, API_V3_KEY, "0123456789ab", "coupon")).toBe('{"coupon_id":"9865000"}')
  })

  it.effect("empty associated data", () =>
    Effect.gen(function* () {
      const ciphertext = Aes.AesGcm.encrypt("plain", API_V3_KEY, "abcdefghijkl", "")
      expect(yield* AesGcm.decryptToString(key, { ciphertext, nonce: "abcdefghijkl" })).toBe("plain")
    })
  )

  it.effect("a key of any other length than 32 bytes fails at load", () =>
    Effect.gen(function* () {
      for (const bad of [API_V3_KEY.slice(1), `${API_V3_KEY}x`, "密".repeat(32)]) {
        const error = yield* Effect.flip(AesGcm.makeKey(Redacted.make(bad)))
        expect(error).toBeInstanceOf(InvalidKeyError)
        expect([error.key, error.reason]).toEqual(["apiV3Key", "WrongLength"])
        expect(error.message).not.toContain(bad)
      }
    })
  )

  it.effect("a tampered ciphertext, tag, AAD or a wrong key: 'APIv3 key mismatch or ciphertext tampered'", () =>
    Effect.gen(function* () {
      const nonce = "61f9c719728a"
      const ciphertext = Aes.AesGcm.encrypt("secret resource", API_V3_KEY, nonce, "certificate")
      const bytes = Buffer.from(ciphertext, "base64")
      const flip = (i: number) => {
        const b = Buffer.from(bytes)
        b[i] = b[i]! ^ 1
        return b.toString("base64")
      }
      const other = yield* AesGcm.makeKey(Redacted.make("ZYXWVUTSRQPONMLKJIHGFEDCBA012345"))
      const attempts = [
        AesGcm.decrypt(key, { ciphertext: flip(0), nonce, associated_data: "certificate" }),
        AesGcm.decrypt(key, { ciphertext: flip(bytes.length - 1), nonce, associated_data: "certificate" }),
        AesGcm.decrypt(key, { ciphertext, nonce, associated_data: "coupon" }),
        AesGcm.decrypt(other, { ciphertext, nonce, associated_data: "certificate" })
      ]
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt)
        expect(error).toBeInstanceOf(DecryptionError)
        expect(error.reason).toBe("AuthenticationFailed")
        expect(error.message).toBe("APIv3 key mismatch or ciphertext tampered")
        expect(error.message).not.toContain("Unsupported state")
      }
    })
  )

  it.effect("an unsupported algorithm or a ciphertext shorter than its tag", () =>
    Effect.gen(function* () {
      const a = yield* Effect.flip(AesGcm.decrypt(key, { algorithm: "AEAD_SM4_GCM", ciphertext: "AAAA", nonce: "n" }))
      expect(a.reason).toBe("UnsupportedAlgorithm")
      const b = yield* Effect.flip(AesGcm.decrypt(key, { ciphertext: "AAAA", nonce: "n" }))
      expect(b.reason).toBe("Malformed")
    })
  )
})
