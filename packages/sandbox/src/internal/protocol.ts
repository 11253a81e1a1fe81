import { createCipheriv, type KeyObject, randomBytes, sign, verify } from "node:crypto"
import type { Authorization } from "../SandboxTypes.js"

/** @internal */
export const SIGNATURE_SCHEME = "WECHATPAY2-SHA256-RSA2048"

/** The brand API's scheme (品牌API, `/brand/…` paths): `brand_id` in place of `mchid`. @internal */
export const BRAND_SIGNATURE_SCHEME = "WECHATPAY-BRAND-SHA256-RSA2048"

/** @internal */
export type AuthorizationParse =
  | { readonly _tag: "Parsed"; readonly authorization: Authorization }
  | { readonly _tag: "Scheme"; readonly scheme: string }
  | { readonly _tag: "Malformed"; readonly reason: string }

const pairPattern = /\s*([A-Za-z_]+)\s*=\s*"([^"]*)"\s*(,|$)/y
/**
 * Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"`;
 * the five pairs may come in any order. With `BRAND_SIGNATURE_SCHEME` as `expected`, the brand header
 * (`brand_id="…"` in place of `mchid`), whose 品牌ID is answered as `mchid`.
 *
 * @internal
 */
export const parseAuthorization = (header: string, expected: string = SIGNATURE_SCHEME): AuthorizationParse => {
  const idKey = expected === BRAND_SIGNATURE_SCHEME ? "brand_id" : "mchid"
  const authorizationKeys = [idKey, "nonce_str", "timestamp", "serial_no", "signature"] as const
  const trimmed = header.trim()
  const space = trimmed.search(/\s/)
  if (space === -1) {
    return trimmed === expected
      ? { _tag: "Malformed", reason: "no parameters after the scheme" }
      : { _tag: "Scheme", scheme: trimmed }
  }
  const scheme = trimmed.slice(0, space)
  if (scheme !== expected) return { _tag: "Scheme", scheme }
  const params = trimmed.slice(space + 1)
  const values = new Map<string, string>()
  pairPattern.lastIndex = 0
  while (pairPattern.lastIndex < params.length) {
    const start = pairPattern.lastIndex
    const match = pairPattern.exec(params)
    if (match === null || pairPattern.lastIndex === start) {
      return { _tag: "Malformed", reason: `cannot parse parameters at offset ${start}` }
    }
    const [, key, value, separator] = match
    if (values.has(key!)) return { _tag: "Malformed", reason: `duplicate parameter ${key}` }
    values.set(key!, value!)
    if (separator === "") break
  }
  for (const key of authorizationKeys) {
    if (!values.has(key)) return { _tag: "Malformed", reason: `missing parameter ${key}` }
  }
  return {
    _tag: "Parsed",
    authorization: {
      scheme,
      mchid: values.get(idKey)!,
      nonceStr: values.get("nonce_str")!,
      timestamp: values.get("timestamp")!,
      serialNo: values.get("serial_no")!,
      signature: values.get("signature")!
    }
  }
}

const encoder = new TextEncoder()

/**
 * Request message: `METHOD\nTARGET\nTIMESTAMP\nNONCE\nBODY\n`, every line LF-terminated including the last,
 * TARGET the raw request target from the request line, BODY the raw body bytes (empty for GET).
 *
 * @internal
 */
export const requestMessage = (
  method: string,
  target: string,
  timestamp: string,
  nonce: string,
  body: Uint8Array
): Buffer =>
  Buffer.concat([encoder.encode(`${method}\n${target}\n${timestamp}\n${nonce}\n`), body, encoder.encode("\n")])

/**
 * Response message: `TIMESTAMP\nNONCE\nBODY\n` over the exact body bytes sent.
 *
 * @internal
 */
export const responseMessage = (timestamp: string, nonce: string, body: Uint8Array): Buffer =>
  Buffer.concat([encoder.encode(`${timestamp}\n${nonce}\n`), body, encoder.encode("\n")])

/** SHA256-RSA (PKCS#1 v1.5), standard Base64. @internal */
export const signBase64 = (key: KeyObject, message: Uint8Array): string =>
  sign("sha256", message, key).toString("base64")

/** @internal */
export const verifyBase64 = (key: KeyObject, message: Uint8Array, signature: string): boolean => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false
  try {
    return verify("sha256", message, key, Buffer.from(signature, "base64"))
  } catch {
    return false
  }
}

/**
 * AEAD_AES_256_GCM as WeChat Pay uses it: key = UTF-8 bytes of the APIv3 key, IV = UTF-8 bytes of the
 * nonce, AAD = UTF-8 bytes of associated_data; output Base64(ciphertext || 16-byte tag).
 *
 * @internal
 */
export const encryptAesGcm = (apiV3Key: string, nonce: string, associatedData: string, plaintext: string): string => {
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(nonce, "utf8"))
  cipher.setAAD(Buffer.from(associatedData, "utf8"))
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
  return Buffer.concat([ciphertext, cipher.getAuthTag()]).toString("base64")
}

/** A `Request-ID` shaped like the real ones: hex, a dash, then an internal numeric code. @internal */
export const requestId = (internalCode: number): string =>
  `${randomBytes(22).toString("hex").toUpperCase()}-${internalCode}`

/** RFC3339 in Beijing time, e.g. `2026-11-23T12:04:05+08:00`. @internal */
export const beijingTime = (epochMillis: number): string =>
  `${new Date(epochMillis + 8 * 60 * 60 * 1000).toISOString().slice(0, 19)}+08:00`

/** A `WECHATPAY/SIGNTEST/…` probe signature: WeChat Pay's test of whether a receiver really verifies. @internal */
export const signTestSignature = (): string => `WECHATPAY/SIGNTEST/${randomBytes(256).toString("base64")}`

/**
 * Changes one byte: the first ASCII letter swaps case, so the JSON stays valid but the signature does not.
 *
 * @internal
 */
export const tamper = (body: Uint8Array): Uint8Array => {
  const copy = new Uint8Array(body)
  const index = copy.findIndex((byte) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a))
  if (index === -1) return new Uint8Array([...copy, 0x20])
  copy[index] = copy[index]! ^ 0x20
  return copy
}
