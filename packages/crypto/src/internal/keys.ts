import * as NodeCrypto from "node:crypto"
import * as Result from "effect/Result"
import { InvalidKeyError } from "../CryptoError.js"

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/

const labelOf = (text: string): string | undefined => PEM_BLOCK.exec(text)?.[1]

const fail = (key: InvalidKeyError["key"], reason: InvalidKeyError["reason"], message: string) =>
  Result.fail(new InvalidKeyError({ key, reason, message }))

/** Minimum RSA modulus WeChat Pay issues and accepts (RSA-2048). */
export const MIN_MODULUS_BITS = 2048

/** Loads a merchant API private key (PKCS#8 or PKCS#1 PEM) into a KeyObject, once. */
export const loadPrivateKey = (pem: string): Result.Result<NodeCrypto.KeyObject, InvalidKeyError> => {
  const text = pem.trim()
  const label = labelOf(text)
  if (label === undefined) {
    return fail(
      "merchantPrivateKey",
      "NotPem",
      "merchant private key is not PEM: expected a '-----BEGIN PRIVATE KEY-----' (PKCS#8) or '-----BEGIN RSA PRIVATE KEY-----' (PKCS#1) block, as in apiclient_key.pem"
    )
  }
  if (label === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    return fail(
      "merchantPrivateKey",
      "Encrypted",
      "merchant private key is encrypted with a passphrase: decrypt it first (openssl pkey -in key.pem -out plain.pem)"
    )
  }
  if (label !== "PRIVATE KEY" && label !== "RSA PRIVATE KEY") {
    return fail(
      "merchantPrivateKey",
      "WrongKeyType",
      `merchant private key has a '${label}' PEM block: expected the merchant API private key (apiclient_key.pem)`
    )
  }
  let key: NodeCrypto.KeyObject
  try {
    key = NodeCrypto.createPrivateKey({ key: text, format: "pem" })
  } catch {
    return fail("merchantPrivateKey", "Malformed", `merchant private key: the '${label}' PEM block does not decode`)
  }
  return checkRsa("merchantPrivateKey", "merchant private key", key)
}

/** Loads the 微信支付公钥 (SPKI or PKCS#1 public key PEM). */
export const loadPublicKey = (pem: string): Result.Result<NodeCrypto.KeyObject, InvalidKeyError> => {
  const text = pem.trim()
  const label = labelOf(text)
  if (label === undefined) {
    return fail(
      "wechatpayPublicKey",
      "NotPem",
      "WeChat Pay public key is not PEM: expected a '-----BEGIN PUBLIC KEY-----' block (pub_key.pem from the merchant platform)"
    )
  }
  if (label !== "PUBLIC KEY" && label !== "RSA PUBLIC KEY") {
    return fail(
      "wechatpayPublicKey",
      "WrongKeyType",
      `WeChat Pay public key has a '${label}' PEM block: expected '-----BEGIN PUBLIC KEY-----'`
    )
  }
  let key: NodeCrypto.KeyObject
  try {
    key = NodeCrypto.createPublicKey({ key: text, format: "pem" })
  } catch {
    return fail("wechatpayPublicKey", "Malformed", `WeChat Pay public key: the '${label}' PEM block does not decode`)
  }
  return checkRsa("wechatpayPublicKey", "WeChat Pay public key", key)
}

/** A parsed platform certificate (平台证书). */
export interface LoadedCertificate {
  readonly serial: string
  readonly key: NodeCrypto.KeyObject
  readonly notBefore: Date
  readonly notAfter: Date
  readonly pem: string
}

/** Loads a platform certificate (X.509 PEM) and reads its serial from the certificate itself. */
export const loadCertificate = (pem: string): Result.Result<LoadedCertificate, InvalidKeyError> => {
  const text = pem.trim()
  const label = labelOf(text)
  if (label === undefined) {
    return fail(
      "platformCertificate",
      "NotPem",
      "platform certificate is not PEM: expected a '-----BEGIN CERTIFICATE-----' block"
    )
  }
  if (label !== "CERTIFICATE") {
    return fail(
      "platformCertificate",
      "WrongKeyType",
      `platform certificate has a '${label}' PEM block: expected '-----BEGIN CERTIFICATE-----'`
    )
  }
  let certificate: NodeCrypto.X509Certificate
  try {
    certificate = new NodeCrypto.X509Certificate(text)
  } catch {
    return fail("platformCertificate", "Malformed", "platform certificate: the PEM block is not an X.509 certificate")
  }
  return Result.map(checkRsa("platformCertificate", "platform certificate", certificate.publicKey), (key) => ({
    serial: normalizeSerial(certificate.serialNumber),
    key,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    pem: text
  }))
}

/** A time as ISO 8601 UTC to the second, as certificate validity is given. */
export const isoSeconds = (millis: number): string => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

/** Whether `nowMillis`, truncated to the second, lies from `notBefore` through `notAfter` inclusive (RFC 5280 §4.1.2.5). */
export const withinValidity = (validity: { readonly notBefore: Date; readonly notAfter: Date }, nowMillis: number) => {
  const now = Math.floor(nowMillis / 1000) * 1000
  return now >= validity.notBefore.getTime() && now <= validity.notAfter.getTime()
}

/** `SERIAL (valid from … to …: expired)`: what a message about a certificate's validity says; no key material. */
export const describeValidity = (
  certificate: { readonly serial: string; readonly notBefore?: Date | undefined; readonly notAfter?: Date | undefined },
  nowMillis: number
): string =>
  certificate.notBefore === undefined || certificate.notAfter === undefined
    ? certificate.serial
    : describeDates(
        { serial: certificate.serial, notBefore: certificate.notBefore, notAfter: certificate.notAfter },
        nowMillis
      )

const describeDates = (
  certificate: { readonly serial: string; readonly notBefore: Date; readonly notAfter: Date },
  nowMillis: number
): string =>
  `${certificate.serial} (valid from ${isoSeconds(certificate.notBefore.getTime())} to ${isoSeconds(certificate.notAfter.getTime())}: ${
    withinValidity(certificate, nowMillis)
      ? "valid"
      : Math.floor(nowMillis / 1000) * 1000 < certificate.notBefore.getTime()
        ? "not yet valid"
        : "expired"
  })`

/** The load failure when no platform certificate is valid at `nowMillis`. */
export const noneValid = (described: ReadonlyArray<string>, nowMillis: number): InvalidKeyError =>
  new InvalidKeyError({
    key: "platformCertificate",
    reason: "OutsideValidity",
    message: `no platform certificate is valid at ${isoSeconds(nowMillis)}: ${described.join("; ")}. Configure current platform certificates (GET /v3/certificates) or the WeChat Pay public key (PUB_KEY_ID_…)`
  })

/** Serials compare case-insensitively; platform certificate serials are upper-case hex on the wire. */
export const normalizeSerial = (serial: string): string => serial.trim().toUpperCase()

const checkRsa = (
  name: InvalidKeyError["key"],
  what: string,
  key: NodeCrypto.KeyObject
): Result.Result<NodeCrypto.KeyObject, InvalidKeyError> => {
  if (key.asymmetricKeyType !== "rsa") {
    return fail(name, "WrongKeyType", `${what} is a ${key.asymmetricKeyType ?? "non-asymmetric"} key: expected RSA`)
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (bits < MIN_MODULUS_BITS) {
    return fail(name, "TooShort", `${what} is RSA-${bits}: WeChat Pay requires at least RSA-${MIN_MODULUS_BITS}`)
  }
  return Result.succeed(key)
}
