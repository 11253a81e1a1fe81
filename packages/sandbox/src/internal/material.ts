import { KeyObject, randomBytes, randomInt } from "node:crypto"
import type * as X509 from "@peculiar/x509"
import * as Redacted from "effect/Redacted"
import type { CertifiedKey, Material, PublicKeyMaterial } from "../SandboxTypes.js"

const rsa = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048
} as const

const alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/** @internal */
export const randomAlphanumeric = (length: number): string => {
  let out = ""
  for (let i = 0; i < length; i++) out += alphanumeric[randomInt(alphanumeric.length)]
  return out
}

/** @internal */
export const randomDigits = (length: number): string => {
  let out = ""
  for (let i = 0; i < length; i++) out += String(randomInt(10))
  return out
}

/** A positive 20-byte serial whose hex form always has 40 digits. @internal */
export const randomSerial = (): string => {
  const bytes = randomBytes(20)
  bytes[0] = (bytes[0]! & 0x7f) | 0x10
  return bytes.toString("hex").toUpperCase()
}

let x509Module: Promise<typeof X509> | undefined

const loadX509 = (): Promise<typeof X509> => {
  if (x509Module === undefined) {
    // @peculiar/x509 (through tsyringe) needs the Reflect metadata API before it loads.
    x509Module = import("reflect-metadata").then(() => import("@peculiar/x509"))
  }
  return x509Module
}

/** Node's Web Crypto (`globalThis.crypto` is `require("node:crypto").webcrypto`), typed as the DOM `Crypto` @peculiar/x509 expects. */
const crypto: Crypto = globalThis.crypto

const generateKeyPair = (): Promise<CryptoKeyPair> => crypto.subtle.generateKey(rsa, true, ["sign", "verify"])

const privateKeyPem = (key: CryptoKey): Redacted.Redacted<string> =>
  Redacted.make(KeyObject.from(key).export({ type: "pkcs8", format: "pem" }).toString())

const publicKeyPem = (key: CryptoKey): string => KeyObject.from(key).export({ type: "spki", format: "pem" }).toString()

const yearMillis = 365 * 24 * 60 * 60 * 1000

const selfSigned = async (subject: string, years: number, now: Date): Promise<CertifiedKey> => {
  const [x509, keys] = await Promise.all([loadX509(), generateKeyPair()])
  const serialNumber = randomSerial()
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000)
  const notAfter = new Date(notBefore.getTime() + years * yearMillis)
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber,
      name: subject,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: rsa,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true)
      ]
    },
    crypto
  )
  return {
    serialNumber,
    certificatePem: certificate.toString("pem"),
    privateKeyPem: privateKeyPem(keys.privateKey),
    notBefore,
    notAfter
  }
}

/** A new self-signed platform certificate (平台证书), valid five years. @internal */
export const generatePlatformCertificate = (now: Date): Promise<CertifiedKey> =>
  selfSigned("C=CN, L=Shenzhen, O=Tenpay.com, OU=Tenpay.com CA Center, CN=Tenpay.com Sandbox Sign", 5, now)

/** A new merchant API certificate (商户API证书), valid five years. @internal */
export const generateMerchantCertificate = (now: Date): Promise<CertifiedKey> =>
  selfSigned("C=CN, O=effect-wechatpay sandbox, OU=Merchant API, CN=WeChat Pay Sandbox Merchant", 5, now)

/** A new brand API certificate (品牌API证书), valid five years. @internal */
export const generateBrandCertificate = (now: Date): Promise<CertifiedKey> =>
  selfSigned("C=CN, O=effect-wechatpay sandbox, OU=Brand API, CN=WeChat Pay Sandbox Brand", 5, now)

/** A new 微信支付公钥 with a `PUB_KEY_ID_` id. @internal */
export const generatePublicKey = async (): Promise<PublicKeyMaterial> => {
  const keys = await generateKeyPair()
  return {
    id: `PUB_KEY_ID_0112${randomDigits(30)}`,
    publicKeyPem: publicKeyPem(keys.publicKey),
    privateKeyPem: privateKeyPem(keys.privateKey)
  }
}

/** Every key, certificate and secret a sandbox needs. @internal */
export const generate = async (now: Date = new Date()): Promise<Material> => {
  const [merchant, platform, wechatpayPublicKey, brand] = await Promise.all([
    generateMerchantCertificate(now),
    generatePlatformCertificate(now),
    generatePublicKey(),
    generateBrandCertificate(now)
  ])
  return {
    merchant,
    platform,
    wechatpayPublicKey,
    apiV3Key: Redacted.make(randomAlphanumeric(32)),
    brand,
    brandApiKey: Redacted.make(randomAlphanumeric(32))
  }
}
