/**
 * Why WeChat Pay answered `401 SIGN_ERROR`: compares what the gateway says it checked (`detail.sign_information`: the
 * method, URL, length and a truncated copy of the message it verified, or the field it rejected) with what was sent,
 * and with the merchant's own key and certificate when they are given, and names the causes: a wrong serial, a clock
 * out of the 5-minute window, a URL or query encoded differently from what was signed, a body changed after signing (a
 * proxy or middleware re-serialised it), a private key that is not the one of the serial's certificate. Pure: nothing
 * is sent; no key material appears in any finding.
 *
 * The signed message is `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` (签名生成,
 * https://pay.weixin.qq.com/doc/v3/merchant/4012365336); what the gateway reports is described on 签名相关问题
 * (https://pay.weixin.qq.com/doc/v3/merchant/4012072670).
 *
 * @since 0.2.0
 */
import * as NodeCrypto from "node:crypto"
import * as Verifier from "@effect-wechatpay/crypto/Verifier"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

/**
 * The request as it left the client (what it signed): method, target (path and query, as on the request line), body
 * text (empty for none) and the `Authorization` header it carried.
 *
 * @since 0.2.0
 * @category models
 */
export interface SentRequest {
  readonly method: string
  readonly target: string
  readonly body: string
  readonly authorization: string | undefined
}

/**
 * The `SIGN_ERROR` answer: status, body text, and its headers when known (`Wechatpay-Timestamp` or `Date` tell the
 * gateway's clock; `Request-ID` is quoted to support).
 *
 * @since 0.2.0
 * @category models
 */
export interface Answer {
  readonly status: number
  readonly body: string
  readonly headers?: Verifier.HeadersInput | undefined
}

/**
 * What is known locally, all optional: the configured merchant id and serial, the private key that signs (to check the
 * signature the request carried) and the merchant API certificate (`apiclient_cert.pem`: its serial and public key).
 *
 * @since 0.2.0
 * @category models
 */
export interface Context {
  readonly mchid?: string | undefined
  readonly merchantSerialNumber?: string | undefined
  readonly merchantPrivateKey?: Redacted.Redacted<string> | undefined
  readonly merchantCertificate?: string | undefined
}

/**
 * `detail.sign_information` of a SIGN_ERROR: what the gateway verified.
 *
 * @since 0.2.0
 * @category models
 */
export interface SignInformation {
  readonly method?: string | undefined
  readonly url?: string | undefined
  readonly sign_message_length?: number | undefined
  readonly truncated_sign_message?: string | undefined
}

/**
 * Where a mismatch arose: `"transit"`, between the client and the gateway (the request changed after it was signed
 * and sent); `"signing"`, in the client (it signed other bytes than it sent).
 *
 * @since 0.2.0
 * @category models
 */
export type Stage = "transit" | "signing"

/**
 * One cause found. Each carries a one-sentence `message` (what is wrong) and `fix` (what to do).
 *
 * @since 0.2.0
 * @category models
 */
export type Finding =
  | { readonly _tag: "NotSignError"; readonly message: string; readonly fix: string; readonly code: string | undefined }
  | { readonly _tag: "MissingAuthorization"; readonly message: string; readonly fix: string }
  | { readonly _tag: "MalformedAuthorization"; readonly message: string; readonly fix: string; readonly reason: string }
  | {
      readonly _tag: "MchidMismatch"
      readonly message: string
      readonly fix: string
      readonly sent: string
      readonly expected: string | undefined
    }
  | {
      readonly _tag: "WrongSerial"
      readonly message: string
      readonly fix: string
      readonly sent: string
      readonly expected: string | undefined
    }
  | {
      readonly _tag: "MillisecondTimestamp"
      readonly message: string
      readonly fix: string
      readonly timestamp: string
    }
  | {
      readonly _tag: "ClockSkew"
      readonly message: string
      readonly fix: string
      readonly timestamp: number
      /** Seconds the request's timestamp is ahead of the reference clock (negative: behind). */
      readonly skewSeconds: number
      readonly reference: "gateway" | "local"
    }
  | { readonly _tag: "BadNonce"; readonly message: string; readonly fix: string; readonly nonce: string }
  | {
      readonly _tag: "MethodMismatch"
      readonly message: string
      readonly fix: string
      readonly signed: string
      readonly received: string
    }
  | {
      readonly _tag: "UrlMismatch"
      readonly message: string
      readonly fix: string
      readonly stage: Stage
      readonly signed: string
      readonly received: string
      /** The two differ only in percent-encoding (or `+` for a space). */
      readonly encodingOnly: boolean
    }
  | {
      readonly _tag: "BodyChanged"
      readonly message: string
      readonly fix: string
      readonly stage: Stage
      readonly signedLength: number
      readonly receivedLength: number | undefined
      /** The first byte offset in the body where they differ, when the gateway's copy reaches it. */
      readonly offset: number | undefined
      /** Both are JSON and equal as values: the body was re-serialised. */
      readonly reserialised: boolean | undefined
    }
  | {
      readonly _tag: "WrongKey"
      readonly message: string
      readonly fix: string
      readonly serial: string
      /** Whether the configured key verified the request's signature (undefined: no key was given to check it). */
      readonly confirmed: boolean
    }
  | { readonly _tag: "SignatureNotFromKey"; readonly message: string; readonly fix: string }
  | { readonly _tag: "Undetermined"; readonly message: string; readonly fix: string }

/**
 * The result: the answer's code, message and request id, what the gateway reported it verified, and the causes found
 * (most specific first; `Undetermined` alone when none could be established).
 *
 * @since 0.2.0
 * @category models
 */
export interface Diagnosis {
  readonly status: number
  readonly code: string | undefined
  readonly message: string | undefined
  readonly requestId: string | undefined
  readonly signInformation: SignInformation | undefined
  readonly findings: ReadonlyArray<Finding>
}

/**
 * The time window WeChat Pay accepts a request's timestamp in: 5 minutes either way.
 *
 * @since 0.2.0
 * @category constants
 */
export const MAX_SKEW_SECONDS = 300

const SCHEME = "WECHATPAY2-SHA256-RSA2048"

type Json = Record<string, unknown>

const isRecord = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const headerOf = (headers: Verifier.HeadersInput | undefined, name: string): string | undefined =>
  headers === undefined ? undefined : Verifier.header(headers, name)

/** The parameters of an `Authorization` header, or why it cannot be read. */
type ParsedAuthorization =
  | {
      readonly _tag: "Parsed"
      readonly mchid: string
      readonly nonce: string
      readonly timestamp: string
      readonly serial: string
      readonly signature: string
    }
  | { readonly _tag: "Malformed"; readonly reason: string }

const parseAuthorization = (header: string): ParsedAuthorization => {
  const trimmed = header.trim()
  const space = trimmed.search(/\s/)
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space)
  if (scheme !== SCHEME) {
    return { _tag: "Malformed", reason: `the scheme is '${scheme.slice(0, 40)}', not ${SCHEME}` }
  }
  const values = new Map<string, string>()
  for (const match of trimmed.slice(space + 1).matchAll(/([A-Za-z_]+)\s*=\s*"([^"]*)"/g)) {
    values.set(match[1]!, match[2]!)
  }
  const missing = ["mchid", "nonce_str", "timestamp", "serial_no", "signature"].filter((k) => !values.has(k))
  if (missing.length > 0) return { _tag: "Malformed", reason: `it has no ${missing.join(", ")}` }
  return {
    _tag: "Parsed",
    mchid: values.get("mchid")!,
    nonce: values.get("nonce_str")!,
    timestamp: values.get("timestamp")!,
    serial: values.get("serial_no")!,
    signature: values.get("signature")!
  }
}

/** A serial as hex digits without leading zeros, upper case (certificates and headers write them differently). */
const normaliseSerial = (serial: string): string =>
  serial
    .trim()
    .toUpperCase()
    .replace(/^0+(?=.)/, "")

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "))
  } catch {
    return text
  }
}

const rawDecode = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Whether two targets are the same once percent-decoded (with or without `+` read as a space). */
const sameDecoded = (a: string, b: string): boolean => rawDecode(a) === rawDecode(b) || safeDecode(a) === safeDecode(b)

const readSignInformation = (detail: Json | undefined): SignInformation | undefined => {
  const info = detail?.["sign_information"]
  if (!isRecord(info)) return undefined
  const str = (key: string) => (typeof info[key] === "string" ? (info[key] as string) : undefined)
  const length = info["sign_message_length"]
  return {
    method: str("method"),
    url: str("url"),
    sign_message_length: typeof length === "number" ? length : typeof length === "string" ? Number(length) : undefined,
    truncated_sign_message: str("truncated_sign_message")
  }
}

const publicKeyOf = (key: Redacted.Redacted<string>): NodeCrypto.KeyObject | undefined => {
  try {
    return NodeCrypto.createPublicKey(NodeCrypto.createPrivateKey(Redacted.value(key)))
  } catch {
    return undefined
  }
}

const certificateOf = (pem: string): NodeCrypto.X509Certificate | undefined => {
  try {
    return new NodeCrypto.X509Certificate(pem)
  } catch {
    return undefined
  }
}

const sameKey = (a: NodeCrypto.KeyObject, b: NodeCrypto.KeyObject): boolean =>
  a.export({ type: "spki", format: "der" }).equals(b.export({ type: "spki", format: "der" }))

const verifies = (key: NodeCrypto.KeyObject, message: string, signature: string): boolean => {
  try {
    return NodeCrypto.verify("sha256", Buffer.from(message, "utf8"), key, Buffer.from(signature, "base64"))
  } catch {
    return false
  }
}

const messageOf = (method: string, target: string, timestamp: string, nonce: string, body: string): string =>
  `${method}\n${target}\n${timestamp}\n${nonce}\n${body}\n`

/** Other targets a client may have signed for the one it sent: decoded, re-encoded, without the query. */
const targetVariants = (target: string): ReadonlyArray<string> => {
  const [path = "", query] = target.split(/\?(.*)/s, 2)
  const variants = [
    rawDecode(target),
    safeDecode(target),
    query === undefined ? undefined : `${path}?${rawDecode(query)}`,
    query === undefined ? undefined : `${path}?${safeDecode(query)}`,
    query === undefined ? undefined : path,
    target.replace(/\+/g, "%20"),
    target.replace(/%20/g, "+"),
    (() => {
      try {
        return encodeURI(rawDecode(target))
      } catch {
        return undefined
      }
    })()
  ]
  return [...new Set(variants.filter((v): v is string => v !== undefined && v !== target))]
}

/** Other bodies a client may have signed for the one it sent: none, or the same JSON serialised another way. */
const bodyVariants = (body: string): ReadonlyArray<string> => {
  const parsed = parseJson(body)
  const variants = [
    "",
    body.trim(),
    parsed === undefined ? undefined : JSON.stringify(parsed),
    parsed === undefined ? undefined : JSON.stringify(parsed, null, 2)
  ]
  return [...new Set(variants.filter((v): v is string => v !== undefined && v !== body))]
}

const sameJson = (a: string, b: string): boolean | undefined => {
  const x = parseJson(a)
  const y = parseJson(b)
  if (x === undefined || y === undefined) return undefined
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : isRecord(value)
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical(value[k])])
          )
        : value
  return JSON.stringify(canonical(x)) === JSON.stringify(canonical(y))
}

/** The first byte at which two texts differ (their UTF-8 bytes, as the gateway counts). */
const firstDifference = (text: string, other: string | Buffer): number => {
  const a = Buffer.from(text, "utf8")
  const b = typeof other === "string" ? Buffer.from(other, "utf8") : other
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return n
}

const quote = (text: string, max = 120): string => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text)

const fixOf = {
  serial:
    "sign with the serial of the merchant API certificate whose private key signs: set merchantSerialNumber " +
    "(WECHATPAY_MERCHANT_SERIAL_NUMBER) to what `openssl x509 -in apiclient_cert.pem -noout -serial` prints",
  clock: "synchronise this machine's clock (NTP); the timestamp is Unix seconds of the moment the request is signed",
  url:
    "sign the URL exactly as it is sent (path and query, percent-encoded as on the request line), and make sure no " +
    "proxy or HTTP library re-encodes it after signing",
  body:
    "sign the exact body bytes that are sent, and send them unchanged: no proxy, gateway or middleware may " +
    "re-serialise the JSON (whitespace, key order, escaping) after signing",
  key:
    "use the private key of the certificate whose serial you send (apiclient_key.pem from the same download as " +
    "apiclient_cert.pem); after replacing the API certificate, update both the key and the serial"
} as const

/**
 * Diagnoses a SIGN_ERROR answer at `nowMillis` (for the local clock check). `sent` and `context` sharpen it: without
 * `sent`, only what the gateway reports can be read.
 *
 * @since 0.2.0
 * @category diagnosis
 */
export const diagnoseAt = (
  answer: Answer,
  options: { readonly sent?: SentRequest | undefined; readonly context?: Context | undefined },
  nowMillis: number
): Diagnosis => {
  const body = parseJson(answer.body)
  const json = isRecord(body) ? body : undefined
  const code = typeof json?.["code"] === "string" ? (json["code"] as string) : undefined
  const gatewayMessage = typeof json?.["message"] === "string" ? (json["message"] as string) : undefined
  const detail = isRecord(json?.["detail"]) ? (json["detail"] as Json) : undefined
  const info = readSignInformation(detail)
  const requestId = headerOf(answer.headers, "request-id")
  const base = { status: answer.status, code, message: gatewayMessage, requestId, signInformation: info }
  if (code !== "SIGN_ERROR") {
    return {
      ...base,
      findings: [
        {
          _tag: "NotSignError",
          code,
          message: `the answer is ${answer.status} ${code ?? "(no WeChat Pay error code)"}, not SIGN_ERROR: its signature was accepted`,
          fix: "diagnose the answer by its own code (docs/errors.md)"
        }
      ]
    }
  }
  const findings: Array<Finding> = []
  const { context = {}, sent } = options
  const field = [detail?.["field"], detail?.["issue"]].filter((v): v is string => typeof v === "string")
  const gatewaySays = (...names: ReadonlyArray<string>) => field.some((f) => names.includes(f))

  const auth = sent?.authorization === undefined ? undefined : parseAuthorization(sent.authorization)
  if (sent !== undefined && sent.authorization === undefined) {
    findings.push({
      _tag: "MissingAuthorization",
      message: "the request carried no Authorization header",
      fix: "sign every request (WECHATPAY2-SHA256-RSA2048) and send the Authorization header"
    })
  } else if (auth?._tag === "Malformed") {
    findings.push({
      _tag: "MalformedAuthorization",
      reason: auth.reason,
      message: `the Authorization header cannot be read: ${auth.reason}`,
      fix: `send ${SCHEME} mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"`
    })
  } else if (sent === undefined && gatewaySays("Authorization", "missing_authorization", "malformed_authorization")) {
    findings.push({
      _tag: "MalformedAuthorization",
      reason: gatewayMessage ?? "rejected by the gateway",
      message: `the gateway could not read the Authorization header: ${gatewayMessage ?? ""}`.trim(),
      fix: `send ${SCHEME} mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"`
    })
  }
  const parsed = auth?._tag === "Parsed" ? auth : undefined
  const detailValue = typeof detail?.["value"] === "string" ? (detail["value"] as string) : undefined

  // mchid
  const sentMchid = parsed?.mchid ?? (gatewaySays("mchid") ? detailValue : undefined)
  if (
    sentMchid !== undefined &&
    (gatewaySays("mchid") || (context.mchid !== undefined && context.mchid !== sentMchid))
  ) {
    findings.push({
      _tag: "MchidMismatch",
      sent: sentMchid,
      expected: context.mchid !== sentMchid ? context.mchid : undefined,
      message: `the request was signed for merchant ${sentMchid}, which does not own the certificate of its serial${
        context.mchid !== undefined && context.mchid !== sentMchid ? ` (configured: ${context.mchid})` : ""
      }`,
      fix: "send the merchant id (mchid) the API certificate was issued to"
    })
  }

  // serial
  const certificate = context.merchantCertificate === undefined ? undefined : certificateOf(context.merchantCertificate)
  const sentSerial = parsed?.serial ?? (gatewaySays("serial_no") ? detailValue : undefined)
  if (sentSerial !== undefined) {
    const expected =
      certificate !== undefined && normaliseSerial(certificate.serialNumber) !== normaliseSerial(sentSerial)
        ? certificate.serialNumber.toUpperCase()
        : context.merchantSerialNumber !== undefined &&
            normaliseSerial(context.merchantSerialNumber) !== normaliseSerial(sentSerial)
          ? context.merchantSerialNumber
          : undefined
    const gatewayRejected =
      gatewaySays("serial_no") ||
      (field.length === 0 && gatewayMessage !== undefined && /序列号|serial/i.test(gatewayMessage))
    if (gatewayRejected || expected !== undefined) {
      findings.push({
        _tag: "WrongSerial",
        sent: sentSerial,
        expected,
        message: `the request was signed under serial_no ${sentSerial}, which ${
          gatewayRejected ? "WeChat Pay does not know as this merchant's API certificate" : "is not your certificate's"
        }${expected === undefined ? "" : ` (expected ${expected})`}`,
        fix: fixOf.serial
      })
    }
  }

  // timestamp
  const sentTimestamp = parsed?.timestamp ?? (gatewaySays("timestamp") ? detailValue : undefined)
  if (sentTimestamp !== undefined && /^\d{13}$/.test(sentTimestamp)) {
    findings.push({
      _tag: "MillisecondTimestamp",
      timestamp: sentTimestamp,
      message: `the timestamp ${sentTimestamp} is in milliseconds`,
      fix: "send Unix seconds (10 digits): Math.floor(Date.now() / 1000)"
    })
  } else if (sentTimestamp !== undefined && /^\d{1,12}$/.test(sentTimestamp)) {
    const timestamp = Number(sentTimestamp)
    const gatewayClock = Number(headerOf(answer.headers, "wechatpay-timestamp"))
    const date = Date.parse(headerOf(answer.headers, "date") ?? "")
    const [reference, source] =
      Number.isFinite(gatewayClock) && gatewayClock > 0
        ? [gatewayClock, "gateway" as const]
        : Number.isFinite(date)
          ? [Math.floor(date / 1000), "gateway" as const]
          : [Math.floor(nowMillis / 1000), "local" as const]
    const reported = typeof detail?.["skew_seconds"] === "number" ? (detail["skew_seconds"] as number) : undefined
    const skewSeconds = timestamp - reference
    // The local clock is a reference only when nothing shows the gateway accepted the timestamp (a capture diagnosed
    // later would look stale against it).
    const accepted = info !== undefined || gatewaySays("signature", "serial_no", "mchid", "nonce_str")
    const outside = Math.abs(skewSeconds) > MAX_SKEW_SECONDS && (source === "gateway" || !accepted)
    if (outside || gatewaySays("timestamp_expired")) {
      const off = source === "local" && reported !== undefined ? reported : Math.abs(skewSeconds)
      findings.push({
        _tag: "ClockSkew",
        timestamp,
        skewSeconds,
        reference: source,
        message: `the request's timestamp is ${off} s ${skewSeconds >= 0 ? "ahead of" : "behind"} ${
          source === "gateway" ? "WeChat Pay's clock" : "this machine's clock"
        } (the limit is ${MAX_SKEW_SECONDS} s either way)`,
        fix: fixOf.clock
      })
    }
  }

  // nonce
  const sentNonce = parsed?.nonce ?? (gatewaySays("nonce_str") ? detailValue : undefined)
  if (sentNonce !== undefined && (gatewaySays("nonce_str") || !/^[0-9A-Za-z]{1,32}$/.test(sentNonce))) {
    findings.push({
      _tag: "BadNonce",
      nonce: sentNonce,
      message: `the nonce_str ${quote(sentNonce, 40)} is not 1 to 32 letters and digits`,
      fix: "send a random string of 32 letters and digits"
    })
  }

  // the signature itself: what the gateway checked against what was sent, then the key
  const signatureRejected = info !== undefined || gatewaySays("signature") || field.length === 0
  if (parsed !== undefined && sent !== undefined && signatureRejected && findings.length === 0) {
    const method = sent.method.toUpperCase()
    const signedMessage = messageOf(method, sent.target, parsed.timestamp, parsed.nonce, sent.body)
    let transit = false
    if (info !== undefined) {
      if (info.method !== undefined && info.method.toUpperCase() !== method) {
        transit = true
        findings.push({
          _tag: "MethodMismatch",
          signed: method,
          received: info.method,
          message: `the request was signed as ${method} but WeChat Pay received ${info.method}`,
          fix: "sign the method that is sent"
        })
      }
      if (info.url !== undefined && info.url !== sent.target) {
        transit = true
        const encodingOnly = sameDecoded(info.url, sent.target)
        findings.push({
          _tag: "UrlMismatch",
          stage: "transit",
          signed: sent.target,
          received: info.url,
          encodingOnly,
          message: `the URL was signed as ${quote(sent.target)} but WeChat Pay received ${quote(info.url)}${
            encodingOnly ? ": they differ only in percent-encoding" : ""
          }`,
          fix: fixOf.url
        })
      }
      const receivedHead = messageOf(info.method ?? method, info.url ?? sent.target, parsed.timestamp, parsed.nonce, "")
      const headBytes = Buffer.byteLength(receivedHead.slice(0, -1), "utf8")
      const receivedBodyLength =
        info.sign_message_length === undefined ? undefined : info.sign_message_length - headBytes - 1
      const truncated = info.truncated_sign_message
      const receivedBodyPrefix = truncated?.startsWith(receivedHead.slice(0, -1))
        ? Buffer.from(truncated.slice(receivedHead.length - 1).replace(/(…|\.\.\.)$/, ""), "utf8")
        : undefined
      const sentBodyLength = Buffer.byteLength(sent.body, "utf8")
      const lengthDiffers = receivedBodyLength !== undefined && receivedBodyLength !== sentBodyLength
      const offset =
        receivedBodyPrefix === undefined ? undefined : firstDifference(`${sent.body}\n`, receivedBodyPrefix)
      const prefixDiffers = receivedBodyPrefix !== undefined && offset! < receivedBodyPrefix.length
      if (lengthDiffers || prefixDiffers) {
        transit = true
        const whole =
          receivedBodyPrefix !== undefined &&
          receivedBodyLength !== undefined &&
          receivedBodyPrefix.length >= receivedBodyLength
            ? receivedBodyPrefix.subarray(0, receivedBodyLength).toString("utf8")
            : undefined
        const reserialised = whole === undefined ? undefined : sameJson(sent.body, whole)
        findings.push({
          _tag: "BodyChanged",
          stage: "transit",
          signedLength: sentBodyLength,
          receivedLength: receivedBodyLength,
          offset: prefixDiffers ? offset : undefined,
          reserialised,
          message: `the body was changed after signing: ${sentBodyLength} bytes were signed, WeChat Pay received ${
            receivedBodyLength ?? "other"
          }${receivedBodyLength === undefined ? " bytes" : " bytes"}${
            prefixDiffers ? `, first different at byte ${offset}` : ""
          }${reserialised === true ? " (the same JSON, serialised differently)" : ""}`,
          fix: fixOf.body
        })
      }
    }
    if (!transit) {
      const key = context.merchantPrivateKey === undefined ? undefined : publicKeyOf(context.merchantPrivateKey)
      const certificateKeyDiffers =
        certificate !== undefined && key !== undefined ? !sameKey(certificate.publicKey, key) : undefined
      if (key === undefined) {
        findings.push({
          _tag: "WrongKey",
          serial: parsed.serial,
          confirmed: false,
          message: `WeChat Pay verified exactly the message that was sent, and the signature does not match the certificate of serial ${parsed.serial}: the private key that signed is not that certificate's (give the merchant private key to confirm)`,
          fix: fixOf.key
        })
      } else if (verifies(key, signedMessage, parsed.signature)) {
        findings.push({
          _tag: "WrongKey",
          serial: parsed.serial,
          confirmed: true,
          message: `WeChat Pay verified exactly the message that was sent, and the signature is valid for your private key: the certificate WeChat Pay holds under serial ${parsed.serial} has another key${
            certificateKeyDiffers === true
              ? " (and your apiclient_cert.pem does not belong to this private key either)"
              : ""
          }`,
          fix: fixOf.key
        })
      } else {
        const found = findSignedVariant(key, method, sent, parsed)
        if (found !== undefined) findings.push(found)
        else
          findings.push({
            _tag: "SignatureNotFromKey",
            message:
              "the request's signature does not verify with your private key over the request as sent: it was made with another key, or over other bytes than were sent",
            fix: `${fixOf.key}; sign exactly the method, URL and body that are sent`
          })
      }
    }
  }
  if (findings.length === 0) {
    findings.push({
      _tag: "Undetermined",
      message:
        sent === undefined
          ? `WeChat Pay rejected the signature${gatewayMessage === undefined ? "" : ` (${gatewayMessage})`}; give the request as sent to find out why`
          : "no cause could be established from the request and the answer",
      fix: "check the serial, the clock, and that the exact URL and body sent are the ones signed, with the certificate's key"
    })
  }
  return { ...base, findings }
}

/** Tries the messages a client may have signed instead of the one it sent; the first that verifies names the part. */
const findSignedVariant = (
  key: NodeCrypto.KeyObject,
  method: string,
  sent: SentRequest,
  auth: { readonly timestamp: string; readonly nonce: string; readonly signature: string }
): Finding | undefined => {
  for (const target of targetVariants(sent.target)) {
    if (verifies(key, messageOf(method, target, auth.timestamp, auth.nonce, sent.body), auth.signature)) {
      const encodingOnly = sameDecoded(target, sent.target)
      return {
        _tag: "UrlMismatch",
        stage: "signing",
        signed: target,
        received: sent.target,
        encodingOnly,
        message: `the signature covers the URL ${quote(target)}, but the request was sent to ${quote(sent.target)}${
          encodingOnly ? ": they differ only in percent-encoding" : ""
        }`,
        fix: fixOf.url
      }
    }
  }
  for (const body of bodyVariants(sent.body)) {
    if (verifies(key, messageOf(method, sent.target, auth.timestamp, auth.nonce, body), auth.signature)) {
      const reserialised = body === "" ? false : sameJson(body, sent.body)
      return {
        _tag: "BodyChanged",
        stage: "signing",
        signedLength: Buffer.byteLength(body, "utf8"),
        receivedLength: Buffer.byteLength(sent.body, "utf8"),
        offset: firstDifference(body, sent.body),
        reserialised,
        message: `the signature covers ${body === "" ? "an empty body" : "another serialisation of the body"} (${Buffer.byteLength(body, "utf8")} bytes), but ${Buffer.byteLength(sent.body, "utf8")} bytes were sent`,
        fix: fixOf.body
      }
    }
  }
  return undefined
}

/**
 * Diagnoses a SIGN_ERROR answer now (the local clock from Effect's `Clock`).
 *
 * @example
 * ```ts
 * import { SignErrorDiagnosis } from "@effect-wechatpay/api"
 * import { Effect } from "effect"
 *
 * const answer = {
 *   status: 401,
 *   body: JSON.stringify({ code: "SIGN_ERROR", message: "错误的签名，验签失败", detail: { field: "serial_no" } })
 * }
 * const program = Effect.map(SignErrorDiagnosis.diagnose(answer), (d) => d.findings.map((f) => f._tag))
 * ```
 *
 * @since 0.2.0
 * @category diagnosis
 */
export const diagnose = (
  answer: Answer,
  options: { readonly sent?: SentRequest | undefined; readonly context?: Context | undefined } = {}
): Effect.Effect<Diagnosis> => Effect.map(Clock.currentTimeMillis, (now) => diagnoseAt(answer, options, now))
