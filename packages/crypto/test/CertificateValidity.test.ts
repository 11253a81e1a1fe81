import * as ChildProcess from "node:child_process"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted, Result } from "effect"
import { TestClock } from "effect/testing"
import { Formatter, Rsa } from "wechatpay-axios-plugin"
import { Keyring, type SignatureVerificationError, Verifier, WechatPayCrypto } from "../src/index.js"
import {
  datedKeyPem,
  EXPIRED_SERIAL,
  expiredCertificate,
  FUTURE_SERIAL,
  fixturePath,
  futureCertificate,
  MCHID,
  MERCHANT_SERIAL,
  merchantKey,
  PLATFORM_SERIAL,
  PUBLIC_KEY_ID,
  pemLines,
  platformCertificate,
  platformKeyPem,
  publicKeyPem,
  VALID_NOW
} from "./fixtures.js"

const EXPIRED = { notBefore: Date.UTC(2015, 0, 1) / 1000, notAfter: Date.UTC(2016, 0, 1) / 1000 }
const FUTURE = { notBefore: Date.UTC(2030, 0, 1) / 1000, notAfter: Date.UTC(2031, 0, 1) / 1000 }

const body = '{"stock_id":"1212000000000000000001"}'
const signedAt = (timestamp: number, serial: string, key = datedKeyPem) => ({
  "Wechatpay-Timestamp": String(timestamp),
  "Wechatpay-Nonce": "n0nce",
  "Wechatpay-Signature": Rsa.sign(Formatter.response(timestamp, "n0nce", body), Rsa.from(key, "private")),
  "Wechatpay-Serial": serial
})

const outcome = (result: Result.Result<unknown, SignatureVerificationError>) =>
  Result.match(result, { onFailure: (e) => e.reason, onSuccess: () => "ok" })

const EXPIRED_TEXT = `${EXPIRED_SERIAL} (valid from 2015-01-01T00:00:00Z to 2016-01-01T00:00:00Z: expired)`
const FUTURE_TEXT = `${FUTURE_SERIAL} (valid from 2030-01-01T00:00:00Z to 2031-01-01T00:00:00Z: not yet valid)`
const noneValid = (at: string, ...certificates: ReadonlyArray<string>) =>
  `no platform certificate is valid at ${at}: ${certificates.join("; ")}. ` +
  "Configure current platform certificates (GET /v3/certificates) or the WeChat Pay public key (PUB_KEY_ID_…)"

describe("platform certificate validity", () => {
  it("the fixtures' validity as openssl reads it", () => {
    const dates = (file: string) =>
      ChildProcess.execFileSync("openssl", ["x509", "-in", fixturePath(file), "-noout", "-serial", "-dates"])
        .toString("utf8")
        .trim()
        .split("\n")
    expect(dates("platform-expired-certificate.pem")).toEqual([
      `serial=${EXPIRED_SERIAL}`,
      "notBefore=Jan  1 00:00:00 2015 GMT",
      "notAfter=Jan  1 00:00:00 2016 GMT"
    ])
    expect(dates("platform-future-certificate.pem")).toEqual([
      `serial=${FUTURE_SERIAL}`,
      "notBefore=Jan  1 00:00:00 2030 GMT",
      "notAfter=Jan  1 00:00:00 2031 GMT"
    ])
  })

  it.effect("load: only expired or not-yet-valid certificates fail, naming serials and dates, never key material", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(VALID_NOW * 1000)
      const expired = yield* Effect.flip(Keyring.make({ certificates: [expiredCertificate] }))
      expect([expired.key, expired.reason, expired.message]).toEqual([
        "platformCertificate",
        "OutsideValidity",
        noneValid("2027-01-15T08:00:00Z", EXPIRED_TEXT)
      ])
      const both = yield* Effect.flip(Keyring.make({ certificates: [expiredCertificate, futureCertificate] }))
      expect(both.message).toBe(noneValid("2027-01-15T08:00:00Z", EXPIRED_TEXT, FUTURE_TEXT))
      const service = yield* Effect.flip(
        WechatPayCrypto.make({
          mchid: MCHID,
          merchantSerialNumber: MERCHANT_SERIAL,
          merchantPrivateKey: merchantKey,
          apiV3Key: Redacted.make("0123456789abcdefghijKLMNOPQRSTUV"),
          platformCertificates: [futureCertificate]
        })
      )
      expect([service.reason, service.message]).toEqual([
        "OutsideValidity",
        noneValid("2027-01-15T08:00:00Z", FUTURE_TEXT)
      ])
      const text = JSON.stringify([expired, both, service, String(both)])
      for (const line of [...pemLines(expiredCertificate), ...pemLines(futureCertificate), ...pemLines(datedKeyPem)]) {
        expect(text).not.toContain(line)
      }
    })
  )

  it.effect("load at the edges: 1 s before notBefore fails, at notBefore and at notAfter loads, 1 s after fails", () =>
    Effect.gen(function* () {
      const loadsAt = (certificate: string, seconds: number) =>
        Effect.gen(function* () {
          yield* TestClock.setTime(seconds * 1000)
          return yield* Keyring.make({ certificates: [certificate] }).pipe(
            Effect.match({ onFailure: (e) => e.reason, onSuccess: () => "ok" })
          )
        })
      for (const [certificate, { notAfter, notBefore }] of [
        [expiredCertificate, EXPIRED],
        [futureCertificate, FUTURE]
      ] as const) {
        const results = [
          yield* loadsAt(certificate, notBefore - 1),
          yield* loadsAt(certificate, notBefore),
          yield* loadsAt(certificate, notAfter),
          yield* loadsAt(certificate, notAfter + 1)
        ]
        expect(results).toEqual(["OutsideValidity", "ok", "ok", "OutsideValidity"])
      }
    })
  )

  it.effect("load: a mix keeps the valid ones; the others never verify, and say why", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(VALID_NOW * 1000)
      const ring = yield* Keyring.make({ certificates: [expiredCertificate, platformCertificate, futureCertificate] })
      const valid = yield* Verifier.verify(ring, signedAt(VALID_NOW, PLATFORM_SERIAL, platformKeyPem), body)
      expect(valid.serial).toBe(PLATFORM_SERIAL)
      const expired = yield* Effect.flip(Verifier.verify(ring, signedAt(VALID_NOW, EXPIRED_SERIAL), body))
      expect([expired.reason, expired.message]).toEqual([
        "UnknownSerial",
        `platform certificate ${EXPIRED_TEXT} is not used to verify at 2027-01-15T08:00:00Z: configure a current platform certificate (GET /v3/certificates) or the WeChat Pay public key (PUB_KEY_ID_…)`
      ])
      const future = yield* Effect.flip(Verifier.verify(ring, signedAt(VALID_NOW, FUTURE_SERIAL), body))
      expect([future.reason, future.serial]).toEqual(["UnknownSerial", FUTURE_SERIAL])
    })
  )

  it.effect("with the WeChat Pay public key configured, certificates outside their validity do not fail the load", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(VALID_NOW * 1000)
      const ring = yield* Keyring.make({
        publicKey: { id: PUBLIC_KEY_ID, key: publicKeyPem },
        certificates: [expiredCertificate]
      })
      expect(Keyring.serials(ring)).toEqual([PUBLIC_KEY_ID, EXPIRED_SERIAL])
      const expired = yield* Effect.flip(Verifier.verify(ring, signedAt(VALID_NOW, EXPIRED_SERIAL), body))
      expect(expired.reason).toBe("UnknownSerial")
    })
  )

  it("verification at the edges: 1 s before notBefore and 1 s after notAfter are UnknownSerial, both ends verify", () => {
    const ring = Effect.runSync(
      Keyring.make({
        publicKey: { id: PUBLIC_KEY_ID, key: publicKeyPem },
        certificates: [expiredCertificate, futureCertificate]
      })
    )
    for (const [serial, { notAfter, notBefore }] of [
      [EXPIRED_SERIAL, EXPIRED],
      [FUTURE_SERIAL, FUTURE]
    ] as const) {
      const at = (seconds: number) => outcome(Verifier.verifyAt(ring, signedAt(seconds, serial), body, seconds))
      expect([at(notBefore - 1), at(notBefore), at(notAfter), at(notAfter + 1)]).toEqual([
        "UnknownSerial",
        "ok",
        "ok",
        "UnknownSerial"
      ])
    }
  })

  it("Keyring.isValidAt: a certificate from notBefore through notAfter, to the second; the public key always", () => {
    const ring = Effect.runSync(
      Keyring.make({ publicKey: { id: PUBLIC_KEY_ID, key: publicKeyPem }, certificates: [expiredCertificate] })
    )
    const expired = Option.getOrThrow(Keyring.get(ring, EXPIRED_SERIAL))
    const publicKey = Option.getOrThrow(Keyring.get(ring, PUBLIC_KEY_ID))
    const at = (millis: number) => Keyring.isValidAt(expired, millis)
    expect([
      at(EXPIRED.notBefore * 1000 - 1),
      at(EXPIRED.notBefore * 1000),
      at(EXPIRED.notAfter * 1000 + 999),
      at(EXPIRED.notAfter * 1000 + 1000)
    ]).toEqual([false, true, true, false])
    expect([Keyring.isValidAt(publicKey, 0), Keyring.isValidAt(publicKey, VALID_NOW * 1000)]).toEqual([true, true])
  })

  it("Keyring.validCertificates keeps those valid at a time, in order; none valid or a non-certificate fails", () => {
    const all = [expiredCertificate, platformCertificate, futureCertificate]
    expect(Keyring.validCertificates(all, VALID_NOW * 1000)).toEqual(Result.succeed([platformCertificate]))
    expect(Keyring.validCertificates(all, FUTURE.notBefore * 1000)).toEqual(
      Result.succeed([platformCertificate, futureCertificate])
    )
    expect(Keyring.validCertificates([], VALID_NOW * 1000)).toEqual(Result.succeed([]))
    const none = Keyring.validCertificates([expiredCertificate, futureCertificate], VALID_NOW * 1000)
    expect(Result.getFailure(none).pipe(Option.map((e) => [e.reason, e.message]))).toEqual(
      Option.some(["OutsideValidity", noneValid("2027-01-15T08:00:00Z", EXPIRED_TEXT, FUTURE_TEXT)])
    )
    const notCertificate = Keyring.validCertificates([publicKeyPem], VALID_NOW * 1000)
    expect(Result.getFailure(notCertificate).pipe(Option.map((e) => e.reason))).toEqual(Option.some("WrongKeyType"))
  })
})
