import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, Option, Result, Schema } from "effect"
import { TestClock } from "effect/testing"
import { Formatter, Rsa } from "wechatpay-axios-plugin"
import { Keyring, SignatureVerificationError, Testing, Verifier } from "../src/index.js"
import {
  fixturePath,
  PLATFORM_SERIAL,
  PLATFORM2_SERIAL,
  PUBLIC_KEY_ID,
  platform2Certificate,
  platform2KeyPem,
  platformCertificate,
  platformKeyPem,
  publicKeyPem,
  publicKeyPrivatePem,
  VALID_NOW
} from "./fixtures.js"

const NOW = VALID_NOW
const ring = Effect.runSync(
  Keyring.make({ publicKey: { id: PUBLIC_KEY_ID, key: publicKeyPem }, certificates: [platformCertificate] })
)

const oracleHeaders = (
  body: string,
  timestamp = NOW,
  nonce = "n0nce",
  serial = PLATFORM_SERIAL,
  key = platformKeyPem
) => ({
  "Wechatpay-Timestamp": String(timestamp),
  "Wechatpay-Nonce": nonce,
  "Wechatpay-Signature": Rsa.sign(Formatter.response(timestamp, nonce, body), Rsa.from(key, "private")),
  "Wechatpay-Serial": serial
})

const reasonOf = (result: Result.Result<unknown, SignatureVerificationError>) =>
  Result.match(result, { onFailure: (e) => e.reason, onSuccess: () => "ok" })

const int = (minimum: number, maximum: number) =>
  Arbitrary.schema(Schema.Int.check(Schema.isBetween({ minimum, maximum })))

/** Any Unicode scalar value, its UTF-8 width (1 to 4 bytes) drawn first so that every width is as likely. */
const codePoint = Arbitrary.map(Arbitrary.all([int(1, 4), int(0, 0x10ffff)]), ([width, n]) => {
  if (width === 1) return n % 0x80
  if (width === 2) return 0x80 + (n % 0x780)
  if (width === 3) {
    const c = 0x800 + (n % (0x10000 - 0x800 - 0x800))
    return c >= 0xd800 ? c + 0x800 : c
  }
  return 0x10000 + (n % 0x100000)
})

/** Any text, control characters and astral code points included (no lone surrogates: a body is UTF-8). */
const anyText = Arbitrary.map(Arbitrary.array(codePoint, { maxLength: 64 }), (codePoints) =>
  String.fromCodePoint(...codePoints)
)

const alphanumeric = Arbitrary.schema(Schema.String.check(Schema.isPattern(/^[0-9A-Za-z]{1,32}$/)))

describe("Keyring", () => {
  it("reads the serial from the certificate and keys the public key by its id", () => {
    expect(Keyring.serials(ring)).toEqual([PUBLIC_KEY_ID, PLATFORM_SERIAL])
    expect(Option.map(Keyring.get(ring, PLATFORM_SERIAL.toLowerCase()), (e) => e.kind)).toEqual(
      Option.some("certificate")
    )
    expect(Option.map(Keyring.get(ring, PUBLIC_KEY_ID), (e) => e.kind)).toEqual(Option.some("publicKey"))
  })

  it.effect("newest: the public key when configured, else the certificate with the latest notBefore", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW * 1000)
      const certs = yield* Keyring.make({ certificates: [platform2Certificate, platformCertificate] })
      expect(Option.map(Keyring.newest(certs), (e) => e.serial)).toEqual(Option.some(PLATFORM2_SERIAL))
      expect(Option.map(Keyring.newest(ring), (e) => e.serial)).toEqual(Option.some(PUBLIC_KEY_ID))
      const replaced = yield* Keyring.replaceCertificates(ring, [platform2Certificate])
      expect(Keyring.serials(replaced)).toEqual([PUBLIC_KEY_ID, PLATFORM2_SERIAL])
    })
  )

  it.effect("rejects a certificate that is not one, and a private key given as the public key", () =>
    Effect.gen(function* () {
      const a = yield* Effect.flip(Keyring.make({ certificates: [publicKeyPem] }))
      expect([a.key, a.reason]).toEqual(["platformCertificate", "WrongKeyType"])
      const b = yield* Effect.flip(Keyring.make({ publicKey: { id: PUBLIC_KEY_ID, key: publicKeyPrivatePem } }))
      expect([b.key, b.reason]).toEqual(["wechatpayPublicKey", "WrongKeyType"])
    })
  )
})

describe("Verifier", () => {
  const body = '{"stock_id":"1212000000000000000001","stock_name":"满100减10"}'

  it("verifies wechatpay-axios-plugin's signatures in certificate mode and public-key mode", () => {
    expect(reasonOf(Verifier.verifyAt(ring, oracleHeaders(body), body, NOW))).toBe("ok")
    const pk = oracleHeaders(body, NOW, "n", PUBLIC_KEY_ID, publicKeyPrivatePem)
    expect(reasonOf(Verifier.verifyAt(ring, pk, body, NOW))).toBe("ok")
  })

  it("verifies an openssl CLI signature over the raw bytes", () => {
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-verify-"))
    const raw = Buffer.from(`${NOW}\nabc\n${body}\n`, "utf8")
    Fs.writeFileSync(Path.join(dir, "msg"), raw)
    const signature = ChildProcess.execFileSync("openssl", [
      "dgst",
      "-sha256",
      "-sign",
      fixturePath("platform-private-key.pem"),
      Path.join(dir, "msg")
    ]).toString("base64")
    const headers = {
      "wechatpay-timestamp": String(NOW),
      "wechatpay-nonce": "abc",
      "wechatpay-signature": signature,
      "wechatpay-serial": PLATFORM_SERIAL
    }
    expect(reasonOf(Verifier.verifyAt(ring, headers, Buffer.from(body, "utf8"), NOW))).toBe("ok")
    expect(reasonOf(Verifier.verifyAt(ring, headers, body, NOW))).toBe("ok")
  })

  it("reads the headers in any case, from a record or a Fetch Headers", () => {
    const upper = Object.fromEntries(Object.entries(oracleHeaders(body)).map(([k, v]) => [k.toUpperCase(), v]))
    expect(reasonOf(Verifier.verifyAt(ring, upper, body, NOW))).toBe("ok")
    expect(reasonOf(Verifier.verifyAt(ring, new Headers(oracleHeaders(body)), body, NOW))).toBe("ok")
  })

  it("an empty body is verified over an empty third line", () => {
    expect(Verifier.message("1", "n", "").toString()).toBe("1\nn\n\n")
    expect(reasonOf(Verifier.verifyAt(ring, oracleHeaders(""), "", NOW))).toBe("ok")
  })

  it("missing headers: MissingHeaders, naming each", () => {
    for (const name of ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"]) {
      const headers: Record<string, string> = { ...oracleHeaders(body) }
      delete headers[name]
      const result = Verifier.verifyAt(ring, headers, body, NOW)
      expect(reasonOf(result)).toBe("MissingHeaders")
      expect(Result.getFailure(result).pipe(Option.map((e) => e.missing))).toEqual(Option.some([name]))
    }
  })

  it("an unknown serial: UnknownSerial carrying the serial", () => {
    const result = Verifier.verifyAt(ring, oracleHeaders(body, NOW, "n", PLATFORM2_SERIAL), body, NOW)
    expect(reasonOf(result)).toBe("UnknownSerial")
    expect(Result.getFailure(result).pipe(Option.map((e) => e.serial))).toEqual(Option.some(PLATFORM2_SERIAL))
  })

  it("clock skew: 299 s passes, 300 and 301 s fail in either direction, with the measured skew", () => {
    const at = (delta: number) => Verifier.verifyAt(ring, oracleHeaders(body, NOW - delta), body, NOW)
    expect(reasonOf(at(299))).toBe("ok")
    expect(reasonOf(at(-299))).toBe("ok")
    for (const delta of [300, 301, -300, -301]) {
      const result = at(delta)
      expect(reasonOf(result)).toBe("ClockSkew")
      expect(Result.getFailure(result).pipe(Option.map((e) => e.skewSeconds))).toEqual(Option.some(delta))
    }
  })

  it("a signature that does not verify says what is most likely, for the public key and for a certificate", () => {
    const messageOf = (result: Result.Result<unknown, SignatureVerificationError>) =>
      Result.match(result, { onFailure: (e) => `${e.reason}: ${e.message}`, onSuccess: () => "ok" })
    const otherKey = platform2KeyPem
    const publicKeyCase =
      `BadSignature: Wechatpay-Signature does not verify with the WeChat Pay public key ${PUBLIC_KEY_ID}: ` +
      "the configured WeChat Pay public key does not match the one that signed this response (or notification), " +
      "or the body was altered"
    const wrongPublicKey = oracleHeaders(body, NOW, "n", PUBLIC_KEY_ID, otherKey)
    expect(messageOf(Verifier.verifyAt(ring, wrongPublicKey, body, NOW))).toBe(publicKeyCase)
    const tamperedPublicKey = oracleHeaders(body, NOW, "n", PUBLIC_KEY_ID, publicKeyPrivatePem)
    expect(messageOf(Verifier.verifyAt(ring, tamperedPublicKey, `${body} `, NOW))).toBe(publicKeyCase)
    const certificateCase =
      `BadSignature: Wechatpay-Signature does not verify with platform certificate ${PLATFORM_SERIAL}: ` +
      "the body was altered after WeChat Pay signed it (verify the raw bytes as received), " +
      "or it was signed by a key other than this certificate's"
    expect(messageOf(Verifier.verifyAt(ring, oracleHeaders(body), `${body} `, NOW))).toBe(certificateCase)
    const wrongCertificateKey = oracleHeaders(body, NOW, "n", PLATFORM_SERIAL, otherKey)
    expect(messageOf(Verifier.verifyAt(ring, wrongCertificateKey, body, NOW))).toBe(certificateCase)
  })

  it("a WECHATPAY/SIGNTEST probe fails as BadSignature", () => {
    const headers = { ...oracleHeaders(body), "Wechatpay-Signature": "WECHATPAY/SIGNTEST/ZmFrZS1zaWduYXR1cmU=" }
    expect(reasonOf(Verifier.verifyAt(ring, headers, body, NOW))).toBe("BadSignature")
  })

  it("a millisecond or non-numeric timestamp is rejected", () => {
    expect(reasonOf(Verifier.verifyAt(ring, oracleHeaders(body, NOW * 1000), body, NOW))).toBe("ClockSkew")
    expect(
      reasonOf(Verifier.verifyAt(ring, { ...oracleHeaders(body), "Wechatpay-Timestamp": "soon" }, body, NOW))
    ).toBe("BadSignature")
  })

  it.effect("verify reads the time from Effect's Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW * 1000)
      const headers = yield* Testing.signResponse({ privateKey: platformKeyPem, serial: PLATFORM_SERIAL, body })
      const ok = yield* Verifier.verify(ring, headers, body)
      expect(ok.serial).toBe(PLATFORM_SERIAL)
      const stale = yield* Testing.signResponse({
        privateKey: platformKeyPem,
        serial: PLATFORM_SERIAL,
        body,
        timestamp: 1000
      })
      const error = yield* Effect.flip(Verifier.verify(ring, stale, body))
      expect(error.reason).toBe("ClockSkew")
    })
  )

  it.prop(
    "property: sign → verify round trip; any single-byte change in body, timestamp, nonce or signature fails",
    [anyText, alphanumeric, int(0, 299), int(0, 2 ** 31 - 1)],
    ([text, nonce, age, pick]) => {
      const ts = NOW - age
      const headers = oracleHeaders(text, ts, nonce)
      expect(reasonOf(Verifier.verifyAt(ring, headers, text, NOW))).toBe("ok")
      const bytes = Buffer.from(text, "utf8")
      if (bytes.length > 0) {
        const changed = Buffer.from(bytes)
        changed[pick % changed.length] = changed[pick % changed.length]! ^ 0x01
        expect(reasonOf(Verifier.verifyAt(ring, headers, changed, NOW))).toBe("BadSignature")
      }
      const otherTs = String(ts === NOW ? ts - 1 : ts + 1)
      expect(reasonOf(Verifier.verifyAt(ring, { ...headers, "Wechatpay-Timestamp": otherTs }, text, NOW))).toBe(
        "BadSignature"
      )
      const n = nonce.split("")
      n[pick % n.length] = n[pick % n.length] === "a" ? "b" : "a"
      expect(reasonOf(Verifier.verifyAt(ring, { ...headers, "Wechatpay-Nonce": n.join("") }, text, NOW))).toBe(
        "BadSignature"
      )
      const sig = Buffer.from(headers["Wechatpay-Signature"], "base64")
      sig[pick % sig.length] = sig[pick % sig.length]! ^ 0x80
      expect(
        reasonOf(Verifier.verifyAt(ring, { ...headers, "Wechatpay-Signature": sig.toString("base64") }, text, NOW))
      ).toBe("BadSignature")
    },
    { arbitrary: { runs: 60 } }
  )
})

describe("Wechatpay-Signature: canonical base64 only, one header", () => {
  const body = '{"stock_id":"1212000000000000000001"}'
  const good = oracleHeaders(body)
  const sig = good["Wechatpay-Signature"]
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  // An RSA-2048 signature is 256 bytes: 344 characters ending in "==", the last data character carrying 4 unused bits.
  const last = sig.length - 3
  const loose = {
    "URL-safe alphabet": sig.replace(/\+/g, "-").replace(/\//g, "_"),
    "missing padding": sig.replace(/=+$/, ""),
    "extra padding": `${sig}=`,
    "an inner space": `${sig.slice(0, 100)} ${sig.slice(100)}`,
    "an inner tab": `${sig.slice(0, 100)}\t${sig.slice(100)}`,
    "junk after": `${sig}!`,
    "junk before": `*${sig}`,
    "surrounding whitespace": ` ${sig} `,
    "non-zero unused bits": `${sig.slice(0, last)}${ALPHABET[ALPHABET.indexOf(sig[last]!) ^ 1]}${sig.slice(last + 1)}`,
    "the header twice": `${sig}, ${sig}`,
    "the header twice, the second a SIGNTEST probe": `${sig}, WECHATPAY/SIGNTEST/${sig}`
  }

  it("the canonical form verifies, and every loose form decodes to the same bytes in Node", () => {
    expect(reasonOf(Verifier.verifyAt(ring, good, body, NOW))).toBe("ok")
    expect(sig).toMatch(/[+/]/)
    for (const variant of Object.values(loose)) {
      expect(variant).not.toBe(sig)
      expect(Buffer.from(variant, "base64").subarray(0, 256)).toEqual(Buffer.from(sig, "base64"))
    }
  })

  it("each loose form is BadSignature", () => {
    const results = Object.fromEntries(
      Object.entries(loose).map(([name, variant]) => [
        name,
        reasonOf(Verifier.verifyAt(ring, { ...good, "Wechatpay-Signature": variant }, body, NOW))
      ])
    )
    expect(results).toEqual(Object.fromEntries(Object.keys(loose).map((name) => [name, "BadSignature"])))
  })

  it("a repeated header is BadSignature from a record array and from Fetch Headers, with a message that says so", () => {
    const fromArray = Verifier.verifyAt(ring, { ...good, "Wechatpay-Signature": [sig, sig] }, body, NOW)
    expect(reasonOf(fromArray)).toBe("BadSignature")
    expect(Result.getFailure(fromArray).pipe(Option.map((e) => e.message))).toEqual(
      Option.some("Wechatpay-Signature is present more than once (repeated headers are joined with ', ')")
    )
    const fetchHeaders = new Headers(good)
    fetchHeaders.append("Wechatpay-Signature", sig)
    expect(reasonOf(Verifier.verifyAt(ring, fetchHeaders, body, NOW))).toBe("BadSignature")
  })

  it("a non-canonical signature says what is wrong", () => {
    const result = Verifier.verifyAt(ring, { ...good, "Wechatpay-Signature": loose["URL-safe alphabet"] }, body, NOW)
    expect(Result.getFailure(result).pipe(Option.map((e) => e.message))).toEqual(
      Option.some(
        "Wechatpay-Signature is not canonical base64 (standard alphabet, '=' padding, length a multiple of 4, nothing else)"
      )
    )
  })
})
