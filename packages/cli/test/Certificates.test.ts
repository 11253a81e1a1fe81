import * as NodeCrypto from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { jsonOf, type Running, startSandbox, wechatpay } from "./support.js"

let gateway: Running
beforeAll(async () => {
  gateway = await startSandbox()
}, 60_000)
afterAll(() => gateway.close())

const serialOf = (pem: string): string => new NodeCrypto.X509Certificate(pem).serialNumber

describe("wechatpay certificates download", () => {
  it("writes each platform certificate, mode 0600, and prints its validity", async () => {
    const out = Path.join(gateway.dir, "certs")
    const ran = await wechatpay(["certificates", "download", "--out", out], { env: gateway.env })
    expect(ran.stderr).toBe("")
    expect(ran.status).toBe(0)
    const [served] = gateway.sandbox.credentials.platformCertificates
    const serial = serialOf(served!).toUpperCase()
    const file = Path.join(out, `wechatpay_${serial}.pem`)
    expect(Fs.readFileSync(file, "utf8").trim()).toBe(served!.trim())
    expect(Fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(ran.stdout).toContain(`  ${serial}\n    valid from `)
    expect(ran.stdout).toMatch(/valid from \d{4}-\d\d-\d\dT.+Z to \d{4}-.+Z \(\d+ days left\)/)
    expect(ran.stdout).toContain(`written to ${file} (mode 0600)`)
  }, 60_000)

  it("--json: the certificates with their validity and PEM", async () => {
    const ran = await wechatpay(["certificates", "download", "--json"], { env: gateway.env })
    expect(ran.status).toBe(0)
    const [served] = gateway.sandbox.credentials.platformCertificates
    expect(jsonOf(ran)).toMatchObject({
      verified: true,
      certificates: [{ serial: serialOf(served!).toUpperCase(), pem: served, daysLeft: expect.any(Number) }]
    })
  }, 60_000)

  it("a merchant without platform certificates: NoPlatformCertificates, exit 1", async () => {
    const publicKeyOnly = await startSandbox({ platformCertificates: false })
    try {
      const ran = await wechatpay(["certificates", "download"], { env: publicKeyOnly.env })
      expect(ran.status).toBe(1)
      expect(ran.stderr).toMatch(
        /^wechatpay: CertificateDownloadError \[NoPlatformCertificates\]: this merchant has no platform certificates/
      )
    } finally {
      await publicKeyOnly.close()
    }
  }, 60_000)

  it("without the APIv3 key: a configuration error (exit 3) that shows no key", async () => {
    const { WECHATPAY_APIV3_KEY: _, ...env } = gateway.env
    const ran = await wechatpay(["certificates", "download"], { env })
    expect(ran.status).toBe(3)
    expect(ran.stderr).toContain('"auto" needs apiV3Key')
  }, 60_000)
})
