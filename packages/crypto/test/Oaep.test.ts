import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { Rsa } from "wechatpay-axios-plugin"
import { Keyring, MerchantSigner, Oaep } from "../src/index.js"
import {
  fixture,
  fixturePath,
  MCHID,
  MERCHANT_SERIAL,
  merchantCertificate,
  merchantKey,
  PLATFORM2_SERIAL,
  PUBLIC_KEY_ID,
  platform2Certificate,
  platform2KeyPem,
  platformCertificate,
  publicKeyPem,
  VALID_NOW
} from "./fixtures.js"

describe("Oaep", () => {
  it.effect("encrypts with the newest certificate; openssl and wechatpay-axios-plugin decrypt it", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(VALID_NOW * 1000)
      const ring = yield* Keyring.make({ certificates: [platformCertificate, platform2Certificate] })
      const field = yield* Oaep.encrypt(ring, "张三 13800138000")
      expect(field.serial).toBe(PLATFORM2_SERIAL)
      expect(Rsa.decrypt(field.ciphertext, Rsa.from(platform2KeyPem, "private"))).toBe("张三 13800138000")
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-oaep-"))
      Fs.writeFileSync(Path.join(dir, "c"), Buffer.from(field.ciphertext, "base64"))
      const plain = ChildProcess.execFileSync("openssl", [
        "pkeyutl",
        "-decrypt",
        "-inkey",
        fixturePath("platform2-private-key.pem"),
        "-in",
        Path.join(dir, "c"),
        "-pkeyopt",
        "rsa_padding_mode:oaep",
        "-pkeyopt",
        "rsa_oaep_md:sha1",
        "-pkeyopt",
        "rsa_mgf1_md:sha1"
      ]).toString("utf8")
      expect(plain).toBe("张三 13800138000")
    })
  )

  it.effect("prefers the WeChat Pay public key and returns its id as the serial", () =>
    Effect.gen(function* () {
      const ring = yield* Keyring.make({
        publicKey: { id: PUBLIC_KEY_ID, key: publicKeyPem },
        certificates: [platform2Certificate]
      })
      const field = yield* Oaep.encrypt(ring, "x")
      expect(field.serial).toBe(PUBLIC_KEY_ID)
      expect(Rsa.decrypt(field.ciphertext, Rsa.from(fixture("wechatpay-public-key.private.pem"), "private"))).toBe("x")
    })
  )

  it.effect("decrypts downstream fields encrypted by wechatpay-axios-plugin with the merchant certificate", () =>
    Effect.gen(function* () {
      const signer = yield* MerchantSigner.make({
        mchid: MCHID,
        serialNumber: MERCHANT_SERIAL,
        privateKey: merchantKey
      })
      const ciphertext = Rsa.encrypt("李四", Rsa.from(merchantCertificate, "public"))
      expect(yield* signer.decryptSensitive(ciphertext)).toBe("李四")
      const error = yield* Effect.flip(signer.decryptSensitive("bm90IGEgY2lwaGVydGV4dA=="))
      expect(error.reason).toBe("AuthenticationFailed")
    })
  )

  it.effect("fails typed without a key, and above 214 bytes", () =>
    Effect.gen(function* () {
      expect((yield* Effect.flip(Oaep.encrypt(Keyring.empty, "x"))).reason).toBe("NoPublicKey")
      yield* TestClock.setTime(VALID_NOW * 1000)
      const ring = yield* Keyring.make({ certificates: [platformCertificate] })
      expect((yield* Oaep.encrypt(ring, "a".repeat(214))).ciphertext.length).toBeGreaterThan(0)
      expect((yield* Effect.flip(Oaep.encrypt(ring, "a".repeat(215)))).reason).toBe("PlaintextTooLong")
    })
  )
})
