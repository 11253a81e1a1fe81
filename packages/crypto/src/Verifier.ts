/**
 * 应答验签: verifies the `Wechatpay-*` signature of a response or notification over its raw body.
 *
 * @since 0.1.0
 */
import * as NodeCrypto from "node:crypto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import { SignatureVerificationError } from "./CryptoError.js"
import { decodeCanonical } from "./internal/base64.js"
import { describeValidity, isoSeconds } from "./internal/keys.js"
import * as Keyring from "./Keyring.js"

/**
 * A response is rejected when |local time − `Wechatpay-Timestamp`| is this many seconds or more, as the official
 * Go and Java SDKs do (299 s passes, 300 s fails).
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_CLOCK_SKEW_SECONDS = 300

/**
 * The prefix of WeChat Pay's deliberately wrong probe signatures; they simply fail verification.
 *
 * @since 0.1.0
 * @category constants
 */
export const SIGNTEST_PREFIX = "WECHATPAY/SIGNTEST/"

/**
 * Headers as a plain record (any case, as node:http or effect's `Headers` give them) or a Fetch `Headers`.
 *
 * @since 0.1.0
 * @category models
 */
export type HeadersInput =
  | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  | { readonly get: (name: string) => string | null }

/**
 * The signature headers of a response or notification.
 *
 * @since 0.1.0
 * @category models
 */
export interface WechatpayHeaders {
  readonly timestamp: string
  readonly nonce: string
  readonly signature: string
  readonly serial: string
}

/**
 * Reads one header case-insensitively. A header given as an array (repeated on the wire) is joined with ", ", as
 * node:http and Fetch `Headers` join repeated headers, so a repetition is never silently reduced to one value.
 *
 * @since 0.1.0
 * @category utils
 */
export const header = (headers: HeadersInput, name: string): string | undefined => {
  if (typeof headers.get === "function") {
    return (headers as { readonly get: (name: string) => string | null }).get(name) ?? undefined
  }
  const record = headers as Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  const lower = name.toLowerCase()
  let value = record[lower]
  if (value === undefined) {
    for (const key in record) {
      if (key.toLowerCase() === lower) {
        value = record[key]
        break
      }
    }
  }
  return typeof value === "string" || value === undefined ? value : value.join(", ")
}

const HEADER_NAMES = ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"] as const

/**
 * Reads the four `Wechatpay-*` headers; fails with `MissingHeaders` naming the absent ones.
 *
 * @since 0.1.0
 * @category utils
 */
export const readHeaders = (headers: HeadersInput): Result.Result<WechatpayHeaders, SignatureVerificationError> => {
  const values = HEADER_NAMES.map((name) => header(headers, name))
  const missing = HEADER_NAMES.filter((_, i) => values[i] === undefined || values[i] === "")
  if (missing.length > 0) {
    return Result.fail(
      new SignatureVerificationError({
        reason: "MissingHeaders",
        message: `response is not signed: missing ${missing.join(", ")} (a proxy may strip Wechatpay-* headers)`,
        missing
      })
    )
  }
  const [timestamp, nonce, signature, serial] = values as [string, string, string, string]
  return Result.succeed({ timestamp, nonce, signature, serial })
}

/**
 * The verified message: three lines, each terminated by LF; an empty body leaves an empty third line.
 *
 * @since 0.1.0
 * @category utils
 */
export const message = (timestamp: string, nonce: string, body: string | Uint8Array): Buffer =>
  typeof body === "string"
    ? Buffer.from(`${timestamp}\n${nonce}\n${body}\n`, "utf8")
    : Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, "utf8"), body, LF])

const LF = Buffer.from("\n", "utf8")
const TIMESTAMP = /^\d{1,15}$/

/**
 * Verifies at a given time (Unix seconds), synchronously: headers present, timestamp fresh, serial known (a platform
 * certificate outside its validity at `nowSeconds` counts as unknown: `UnknownSerial`, saying why), signature
 * valid over the raw body bytes. `Wechatpay-Signature` must be one header holding canonical base64 (standard alphabet,
 * `=` padding, nothing else, not even surrounding spaces, which every HTTP parser strips); anything looser, a
 * repeated header included, is `BadSignature` (Node's own base64 decoder would skip what it does not understand).
 *
 * @since 0.1.0
 * @category utils
 */
export const verifyAt = (
  keyring: Keyring.Keyring,
  headers: HeadersInput,
  body: string | Uint8Array,
  nowSeconds: number
): Result.Result<WechatpayHeaders, SignatureVerificationError> => {
  const read = readHeaders(headers)
  if (Result.isFailure(read)) return read
  const values = read.success
  if (!TIMESTAMP.test(values.timestamp)) {
    return Result.fail(
      new SignatureVerificationError({
        reason: "BadSignature",
        message: "Wechatpay-Timestamp is not a Unix time in seconds",
        serial: values.serial
      })
    )
  }
  const skewSeconds = nowSeconds - Number(values.timestamp)
  if (Math.abs(skewSeconds) >= MAX_CLOCK_SKEW_SECONDS) {
    return Result.fail(
      new SignatureVerificationError({
        reason: "ClockSkew",
        message: `Wechatpay-Timestamp is ${skewSeconds} s away from local time (limit: under ${MAX_CLOCK_SKEW_SECONDS} s): a replay, or a wrong local clock`,
        serial: values.serial,
        skewSeconds
      })
    )
  }
  const entry = Keyring.get(keyring, values.serial)
  if (Option.isNone(entry)) {
    return Result.fail(
      new SignatureVerificationError({
        reason: "UnknownSerial",
        message: `no WeChat Pay key with serial ${values.serial}: configure its platform certificate or public key (PUB_KEY_ID_…)`,
        serial: values.serial
      })
    )
  }
  if (!Keyring.isValidAt(entry.value, nowSeconds * 1000)) {
    return Result.fail(
      new SignatureVerificationError({
        reason: "UnknownSerial",
        message: `platform certificate ${describeValidity(entry.value, nowSeconds * 1000)} is not used to verify at ${isoSeconds(nowSeconds * 1000)}: configure a current platform certificate (GET /v3/certificates) or the WeChat Pay public key (PUB_KEY_ID_…)`,
        serial: values.serial
      })
    )
  }
  const bad = (message: string) =>
    Result.fail(new SignatureVerificationError({ reason: "BadSignature", message, serial: values.serial }))
  if (values.signature.includes(",")) {
    return bad("Wechatpay-Signature is present more than once (repeated headers are joined with ', ')")
  }
  if (values.signature.startsWith(SIGNTEST_PREFIX)) {
    return bad("signature is a WECHATPAY/SIGNTEST probe: WeChat Pay checks that unsigned data is rejected")
  }
  const signature = decodeCanonical(values.signature)
  if (signature === undefined) {
    return bad(
      "Wechatpay-Signature is not canonical base64 (standard alphabet, '=' padding, length a multiple of 4, nothing else)"
    )
  }
  let valid = false
  try {
    valid = NodeCrypto.verify("sha256", message(values.timestamp, values.nonce, body), entry.value.key, signature)
  } catch {
    valid = false
  }
  if (!valid) {
    // What is likelier differs by mode: the 微信支付公钥 id is configured by hand next to a key file, so a mismatched
    // pair is common; a certificate's serial is read from the certificate itself, so it names exactly this key.
    return bad(
      entry.value.kind === "publicKey"
        ? `Wechatpay-Signature does not verify with the WeChat Pay public key ${entry.value.serial}: the configured WeChat Pay public key does not match the one that signed this response (or notification), or the body was altered`
        : `Wechatpay-Signature does not verify with platform certificate ${entry.value.serial}: the body was altered after WeChat Pay signed it (verify the raw bytes as received), or it was signed by a key other than this certificate's`
    )
  }
  return Result.succeed(values)
}

/**
 * Verifies a response or notification now (time from Effect's `Clock`).
 *
 * @since 0.1.0
 * @category utils
 */
export const verify = (
  keyring: Keyring.Keyring,
  headers: HeadersInput,
  body: string | Uint8Array
): Effect.Effect<WechatpayHeaders, SignatureVerificationError> =>
  Effect.flatMap(Clock.currentTimeMillis, (millis) =>
    Effect.fromResult(verifyAt(keyring, headers, body, Math.floor(millis / 1000)))
  )
