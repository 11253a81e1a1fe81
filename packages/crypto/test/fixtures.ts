import * as Fs from "node:fs"
import * as Path from "node:path"
import { Redacted } from "effect"

const dir = Path.join(import.meta.dirname, "fixtures")

/** Reads a test-only fixture (see test/fixtures/README.md). */
export const fixture = (name: string): string => Fs.readFileSync(Path.join(dir, name), "utf8")
export const fixturePath = (name: string): string => Path.join(dir, name)

export const MCHID = "1900000001"
export const MERCHANT_SERIAL = "4C6F43A1B2C3D4E5F60718293A4B5C6D7E8F9012"
export const PLATFORM_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
export const PLATFORM2_SERIAL = "6A0E1D2C3B4A59687766554433221100FFEEDDCC"
export const PUBLIC_KEY_ID = "PUB_KEY_ID_0119000000012026112300000000000001"
export const API_V3_KEY = "0123456789abcdefghijKLMNOPQRSTUV"

export const merchantKeyPem = fixture("merchant-private-key.pem")
export const merchantKey = Redacted.make(merchantKeyPem)
export const merchantCertificate = fixture("merchant-certificate.pem")
export const platformKeyPem = fixture("platform-private-key.pem")
export const platformCertificate = fixture("platform-certificate.pem")
export const platform2KeyPem = fixture("platform2-private-key.pem")
export const platform2Certificate = fixture("platform2-certificate.pem")
export const publicKeyPrivatePem = fixture("wechatpay-public-key.private.pem")
export const publicKeyPem = fixture("wechatpay-public-key.pem")

/** Platform certificates outside their validity (one test-only key): 2015-01-01 to 2016-01-01, 2030-01-01 to 2031-01-01. */
export const datedKeyPem = fixture("platform-dated-private-key.pem")
export const expiredCertificate = fixture("platform-expired-certificate.pem")
export const futureCertificate = fixture("platform-future-certificate.pem")
export const EXPIRED_SERIAL = "7E57ED0000000000000000000000000000002015"
export const FUTURE_SERIAL = "7E57ED0000000000000000000000000000002030"

/** A time inside platform-certificate.pem's validity (2026-11-23 to 2036-11-20): 2027-01-15T08:00:00Z. */
export const VALID_NOW = 1_800_000_000

/** Every base64 line of a PEM body: none of them may appear in any error, log or JSON. */
export const pemLines = (pem: string): ReadonlyArray<string> =>
  pem.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----") && !line.includes(":"))
