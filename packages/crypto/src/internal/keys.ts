import * as NodeCrypto from "node:crypto"
import { Either } from "effect"
import { InvalidKeyError } from "../CryptoError.js"

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/

const labelOf = (text: string): string | undefined => PEM_BLOCK.exec(text)?.[1]

const fail = (key: InvalidKeyError["key"], reason: InvalidKeyError["reason"], message: string) =>
  Either.left(new InvalidKeyError({ key, reason, message }))

/** Minimum RSA modulus WeChat Pay issues and accepts (RSA-2048). */
export const MIN_MODULUS_BITS = 2048

/** Loads a merchant API private key (PKCS#8 or PKCS#1 PEM) into a KeyObject, once. */
export const loadPrivateKey = (pem: string): Either.Either<NodeCrypto.KeyObject, InvalidKeyError> => {
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
export const loadPublicKey = (pem: string): Either.Either<NodeCrypto.KeyObject, InvalidKeyError> => {
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
export const loadCertificate = (pem: string): Either.Either<LoadedCertificate, InvalidKeyError> => {
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
  return Either.map(checkRsa("platformCertificate", "platform certificate", certificate.publicKey), (key) => ({
    serial: normalizeSerial(certificate.serialNumber),
    key,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    pem: text
  }))
}

/** Serials compare case-insensitively; platform certificate serials are upper-case hex on the wire. */
export const normalizeSerial = (serial: string): string => serial.trim().toUpperCase()

const checkRsa = (
  name: InvalidKeyError["key"],
  what: string,
  key: NodeCrypto.KeyObject
): Either.Either<NodeCrypto.KeyObject, InvalidKeyError> => {
  if (key.asymmetricKeyType !== "rsa") {
    return fail(name, "WrongKeyType", `${what} is a ${key.asymmetricKeyType ?? "non-asymmetric"} key: expected RSA`)
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (bits < MIN_MODULUS_BITS) {
    return fail(name, "TooShort", `${what} is RSA-${bits}: WeChat Pay requires at least RSA-${MIN_MODULUS_BITS}`)
  }
  return Either.right(key)
}
