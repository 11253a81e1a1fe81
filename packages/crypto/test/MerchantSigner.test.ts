import * as ChildProcess from "node:child_process"
import * as NodeCrypto from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, Result } from "effect"
import { TestClock } from "effect/testing"
import { Formatter, Rsa } from "wechatpay-axios-plugin"
import { InvalidKeyError, MerchantSigner } from "../src/index.js"
import { fixture, fixturePath, MCHID, MERCHANT_SERIAL, merchantCertificate, merchantKey, pemLines } from "./fixtures.js"

const signer = (privateKey = merchantKey) =>
  MerchantSigner.make({ mchid: MCHID, serialNumber: MERCHANT_SERIAL, privateKey })

const opensslVerify = (message: string, signatureB64: string): string => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-sign-"))
  Fs.writeFileSync(Path.join(dir, "msg"), message)
  Fs.writeFileSync(Path.join(dir, "sig"), Buffer.from(signatureB64, "base64"))
  const pub = Path.join(dir, "pub.pem")
  ChildProcess.execFileSync("openssl", [
    "x509",
    "-in",
    fixturePath("merchant-certificate.pem"),
    "-pubkey",
    "-noout",
    "-out",
    pub
  ])
  return ChildProcess.execFileSync(
    "openssl",
    ["dgst", "-sha256", "-verify", pub, "-signature", Path.join(dir, "sig"), Path.join(dir, "msg")],
    { encoding: "utf8" }
  ).trim()
}

const opensslSign = (message: string): string => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-sign-"))
  Fs.writeFileSync(Path.join(dir, "msg"), message)
  return ChildProcess.execFileSync("openssl", [
    "dgst",
    "-sha256",
    "-sign",
    fixturePath("merchant-private-key.pem"),
    Path.join(dir, "msg")
  ]).toString("base64")
}

describe("MerchantSigner", () => {
  it("builds the message of the official example, every line LF-terminated and the GET body line empty", () => {
    expect(
      MerchantSigner.message(
        { method: "GET", target: "/v3/certificates" },
        1554208460,
        "593BEC0C930BF1AFEB40B4A08C8FB242"
      )
    ).toBe("GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n")
  })

  it("signs the body and query exactly as sent", () => {
    const body = '{"stock_name":"测试批次"}'
    expect(MerchantSigner.message({ method: "post", target: "/v3/x?a=1%2B2&b=c", body }, 1700000000, "N")).toBe(
      `POST\n/v3/x?a=1%2B2&b=c\n1700000000\nN\n${body}\n`
    )
    expect(MerchantSigner.message({ method: "POST", target: "/v3/x", body: "line\n" }, 1, "N")).toBe(
      "POST\n/v3/x\n1\nN\nline\n\n"
    )
  })

  it("agrees with wechatpay-axios-plugin's Formatter on the message", () => {
    const body = '{"a":"微信"}'
    expect(
      MerchantSigner.message({ method: "POST", target: "/v3/marketing/favor/coupon-stocks", body }, 1554208460, "abc")
    ).toBe(Formatter.request("POST", "/v3/marketing/favor/coupon-stocks", 1554208460, "abc", body))
  })

  it.effect("produces the Authorization header with the five quoted pairs", () =>
    Effect.gen(function* () {
      const s = yield* signer()
      const sig = s.authorizeAt(
        { method: "GET", target: "/v3/certificates" },
        1554208460,
        "593BEC0C930BF1AFEB40B4A08C8FB242"
      )
      expect(sig.authorization).toBe(
        `WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",timestamp="1554208460",serial_no="${MERCHANT_SERIAL}",signature="${sig.signature}"`
      )
      expect(Buffer.from(sig.signature, "base64")).toHaveLength(256)
    })
  )

  it.effect(
    "signatures equal the openssl CLI's and wechatpay-axios-plugin's byte for byte, and verify with openssl",
    () =>
      Effect.gen(function* () {
        const s = yield* signer()
        const message = MerchantSigner.message(
          { method: "POST", target: "/v3/marketing/favor/coupon-stocks", body: '{"stock_name":"满100减10"}' },
          1700000000,
          "Q2ZtS3BzVjRmT0x2b1NtY2x1bkFhWk9F"
        )
        const ours = s.sign(message)
        expect(ours).toBe(opensslSign(message))
        expect(ours).toBe(Rsa.sign(message, Rsa.from(fixture("merchant-private-key.pem"), "private")))
        expect(opensslVerify(message, ours)).toBe("Verified OK")
        expect(Rsa.verify(message, ours, new NodeCrypto.X509Certificate(merchantCertificate).publicKey)).toBe(true)
      })
  )

  it.effect("loads PKCS#1 keys too, with identical signatures", () =>
    Effect.gen(function* () {
      const pkcs8 = yield* signer()
      const pkcs1 = yield* signer(Redacted.make(fixture("merchant-private-key.pkcs1.pem")))
      expect(pkcs1.sign("message\n")).toBe(pkcs8.sign("message\n"))
    })
  )

  it.effect("takes the timestamp from Effect's Clock and draws a fresh 32-character alphanumeric nonce", () =>
    Effect.gen(function* () {
      const s = yield* signer()
      yield* TestClock.setTime(1_700_000_123_999)
      const a = yield* s.authorize({ method: "GET", target: "/v3/certificates" })
      const b = yield* s.authorize({ method: "GET", target: "/v3/certificates" })
      expect(a.timestamp).toBe(1_700_000_123)
      expect(a.nonce).toMatch(/^[0-9A-Za-z]{32}$/)
      expect(b.nonce).toMatch(/^[0-9A-Za-z]{32}$/)
      expect(a.nonce).not.toBe(b.nonce)
      expect(
        opensslVerify(
          MerchantSigner.message({ method: "GET", target: "/v3/certificates" }, a.timestamp, a.nonce),
          a.signature
        )
      ).toBe("Verified OK")
    })
  )

  it("draws nonces uniformly enough: every alphanumeric appears over many nonces", () => {
    const seen = new Set(Array.from({ length: 200 }, () => MerchantSigner.nonce()).join(""))
    expect(seen.size).toBe(62)
  })

  describe("bad keys fail at load with a typed error that names the problem and echoes no key material", () => {
    const cases: ReadonlyArray<[string, string, InvalidKeyError["reason"]]> = [
      ["not PEM", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", "NotPem"],
      ["an EC key", fixture("ec-p256.pem"), "WrongKeyType"],
      ["a certificate", merchantCertificate, "WrongKeyType"],
      ["a public key", fixture("wechatpay-public-key.pem"), "WrongKeyType"],
      ["encrypted PKCS#8", fixture("merchant-private-key.encrypted.pem"), "Encrypted"],
      ["encrypted PKCS#1", fixture("merchant-private-key.pkcs1-encrypted.pem"), "Encrypted"],
      ["RSA-1024", fixture("short-rsa-1024.pem"), "TooShort"],
      ["a truncated body", fixture("merchant-private-key.pem").replace(/\n[A-Za-z0-9+/=]{64}\n/, "\n"), "Malformed"]
    ]
    for (const [name, pem, reason] of cases) {
      it.effect(name, () =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(signer(Redacted.make(pem)))
          expect(error).toBeInstanceOf(InvalidKeyError)
          expect(error.reason).toBe(reason)
          expect(error.key).toBe("merchantPrivateKey")
          const shown = `${error.message}\n${String(error)}\n${JSON.stringify(error)}`
          for (const line of pemLines(pem)) expect(shown).not.toContain(line.slice(0, 16))
        })
      )
    }
  })

  it("a failed load leaves nothing usable: Result-typed, not thrown", () => {
    const result = Effect.runSync(Effect.result(signer(Redacted.make("garbage"))))
    expect(Result.isFailure(result)).toBe(true)
  })
})
