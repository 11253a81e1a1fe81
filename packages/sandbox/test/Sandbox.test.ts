import { X509Certificate } from "node:crypto"
import * as Net from "node:net"
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Scope from "effect/Scope"
import { Sandbox } from "../src/index.js"
import * as T from "./support.js"

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

const stockTarget = `/v3/marketing/busifavor/stocks/${Sandbox.defaults.stockId}`

const certificates = (sandbox: Sandbox.Sandbox) =>
  Effect.map(T.call(sandbox, { target: "/v3/certificates" }), (reply) => ({
    reply,
    data: (reply.json as { readonly data: ReadonlyArray<T.CertificateEntry> }).data
  }))

describe("Sandbox", () => {
  it.live("exposes credentials that match the generated keys and certificates", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const { credentials } = sandbox
      expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(credentials.mchid).toBe(Sandbox.defaults.mchid)
      expect(credentials.merchantSerialNumber).toMatch(/^[0-9A-F]{40}$/)
      expect(new X509Certificate(credentials.merchantCertificate).serialNumber).toBe(credentials.merchantSerialNumber)
      expect(Redacted.value(credentials.merchantPrivateKey)).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
      expect(String(credentials.merchantPrivateKey)).toBe("<redacted>")
      expect(Redacted.value(credentials.apiV3Key)).toMatch(/^[0-9A-Za-z]{32}$/)
      expect(credentials.wechatpayPublicKey.id).toMatch(/^PUB_KEY_ID_0112\d{30}$/)
      expect(credentials.wechatpayPublicKey.key).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
      expect(credentials.platformCertificates).toHaveLength(1)
      const platform = new X509Certificate(credentials.platformCertificates[0]!)
      expect(platform.serialNumber).toBe(material.platform.serialNumber)
      expect(platform.serialNumber).not.toBe(credentials.merchantSerialNumber)
    })
  )

  it.live("answers a correctly signed GET with 200 and a response signed by the platform certificate", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const reply = yield* T.call(sandbox, { target: stockTarget })
      expect(reply.status).toBe(200)
      expect(reply.json).toEqual(Sandbox.defaultBusifavorStock())
      expect(reply.headers.get("content-type")).toBe("application/json")
      expect(reply.headers.get("wechatpay-serial")).toBe(material.platform.serialNumber)
      expect(reply.headers.get("wechatpay-signature-type")).toBe("WECHATPAY2-SHA256-RSA2048")
      expect(reply.headers.get("wechatpay-nonce")).toMatch(/^[0-9A-Za-z]{32}$/)
      expect(reply.headers.get("request-id")).toMatch(/^[0-9A-F]{44}-0$/)
      expect(Math.abs(Number(reply.headers.get("wechatpay-timestamp")) - T.nowSeconds())).toBeLessThanOrEqual(2)
      expect(T.verifies(reply, T.currentPlatformCertificate(sandbox))).toBe(true)
      expect(T.verifies(reply, sandbox.credentials.wechatpayPublicKey.key)).toBe(false)
    })
  )

  it.live("signs with the WeChat Pay public key in public-key mode, switchable at run time", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material, signingMode: "publicKey" })
      const first = yield* T.call(sandbox, { target: stockTarget })
      expect(first.headers.get("wechatpay-serial")).toBe(sandbox.credentials.wechatpayPublicKey.id)
      expect(T.verifies(first, sandbox.credentials.wechatpayPublicKey.key)).toBe(true)
      expect(T.verifies(first, T.currentPlatformCertificate(sandbox))).toBe(false)

      yield* sandbox.setSigningMode("certificate")
      const second = yield* T.call(sandbox, { target: stockTarget })
      expect(second.headers.get("wechatpay-serial")).toBe(material.platform.serialNumber)
      expect(T.verifies(second, T.currentPlatformCertificate(sandbox))).toBe(true)
    })
  )

  it.live("serves /v3/certificates encrypted with the APIv3 key and signed by the platform certificate", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material, signingMode: "publicKey" })
      const { reply, data } = yield* certificates(sandbox)
      expect(reply.status).toBe(200)
      expect(reply.headers.get("wechatpay-serial")).toBe(material.platform.serialNumber)
      expect(T.verifies(reply, T.currentPlatformCertificate(sandbox))).toBe(true)
      expect(data).toHaveLength(1)
      const entry = data[0]!
      expect(entry.serial_no).toBe(material.platform.serialNumber)
      expect(entry.effective_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
      expect(entry.expire_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
      expect(entry.encrypt_certificate.algorithm).toBe("AEAD_AES_256_GCM")
      expect(entry.encrypt_certificate.associated_data).toBe("certificate")
      expect(entry.encrypt_certificate.nonce).toMatch(/^[0-9A-Za-z]{12}$/)
      const pem = T.decrypt(Redacted.value(sandbox.credentials.apiV3Key), entry.encrypt_certificate)
      expect(pem).toBe(sandbox.credentials.platformCertificates[0])
      expect(new X509Certificate(pem).serialNumber).toBe(entry.serial_no)
    })
  )

  it.live("rotation serves both certificates and signs with the new serial", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const oldSerial = material.platform.serialNumber
      const newSerial = yield* sandbox.rotateCertificate()
      expect(newSerial).toMatch(/^[0-9A-F]{40}$/)
      expect(newSerial).not.toBe(oldSerial)
      expect(sandbox.credentials.platformCertificates).toHaveLength(2)

      const { reply, data } = yield* certificates(sandbox)
      expect(data.map((entry) => entry.serial_no)).toEqual([oldSerial, newSerial])
      expect(reply.headers.get("wechatpay-serial")).toBe(newSerial)
      const apiV3Key = Redacted.value(sandbox.credentials.apiV3Key)
      expect(data.map((entry) => T.decrypt(apiV3Key, entry.encrypt_certificate))).toEqual(
        sandbox.credentials.platformCertificates
      )

      const stock = yield* T.call(sandbox, { target: stockTarget })
      expect(stock.headers.get("wechatpay-serial")).toBe(newSerial)
      const newPem = T.currentPlatformCertificate(sandbox)
      expect(new X509Certificate(newPem).serialNumber).toBe(newSerial)
      expect(T.verifies(stock, newPem)).toBe(true)
      expect(T.verifies(stock, sandbox.credentials.platformCertificates[0]!)).toBe(false)
    })
  )

  it.live("without platform certificates answers /v3/certificates with 404 and signs with the public key", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material, platformCertificates: false })
      expect(sandbox.credentials.platformCertificates).toEqual([])
      const reply = yield* T.call(sandbox, { target: "/v3/certificates" })
      expect(reply.status).toBe(404)
      expect(reply.json).toEqual({
        code: "RESOURCE_NOT_EXISTS",
        message: "无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥"
      })
      expect(reply.headers.get("wechatpay-serial")).toBe(sandbox.credentials.wechatpayPublicKey.id)
      expect(T.verifies(reply, sandbox.credentials.wechatpayPublicKey.key)).toBe(true)
    })
  )

  it.live("records every request with its parsed Authorization and answer", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const ok = yield* T.call(sandbox, { target: `${stockTarget}?a=1&b=x%2By` })
      yield* T.call(sandbox, { target: stockTarget, auth: { mchid: "1230000109" } })
      const log = yield* sandbox.requests
      expect(log).toHaveLength(2)
      const [first, second] = log
      expect(first!.method).toBe("GET")
      expect(first!.target).toBe(`${stockTarget}?a=1&b=x%2By`)
      expect(first!.path).toBe(stockTarget)
      expect(first!.query).toBe("a=1&b=x%2By")
      expect(first!.body).toBe("")
      expect(first!.headers["user-agent"]).toBe("sandbox-test/0.1.0")
      expect(first!.status).toBe(200)
      expect(first!.code).toEqual(Option.none())
      expect(first!.fault).toEqual(Option.none())
      expect(first!.requestId).toBe(ok.headers.get("request-id"))
      const authorization = Option.getOrThrow(first!.authorization)
      expect(authorization.scheme).toBe("WECHATPAY2-SHA256-RSA2048")
      expect(authorization.mchid).toBe(sandbox.credentials.mchid)
      expect(authorization.serialNo).toBe(sandbox.credentials.merchantSerialNumber)
      expect(authorization.nonceStr).toMatch(/^[0-9A-Za-z]{32}$/)
      expect(second!.status).toBe(401)
      expect(second!.code).toEqual(Option.some("SIGN_ERROR"))
    })
  )

  it.live("two sandboxes in one process do not share state", () =>
    Effect.gen(function* () {
      const a = yield* Sandbox.make({ material })
      const b = yield* Sandbox.make({ material })
      expect(a.baseUrl).not.toBe(b.baseUrl)
      yield* a.seedBusifavorStock({ ...Sandbox.defaultBusifavorStock(), stock_id: "1212999" })
      yield* a.inject({ kind: { _tag: "Error", status: 500, code: "SYSTEM_ERROR" } })
      yield* a.setSigningMode("publicKey")

      const fromB = yield* T.call(b, { target: "/v3/marketing/busifavor/stocks/1212999" })
      expect(fromB.status).toBe(404)
      expect(fromB.headers.get("wechatpay-serial")).toBe(material.platform.serialNumber)
      const faulted = yield* T.call(a, { target: "/v3/marketing/busifavor/stocks/1212999" })
      expect(faulted.status).toBe(500)
      const fromA = yield* T.call(a, { target: "/v3/marketing/busifavor/stocks/1212999" })
      expect(fromA.status).toBe(200)
      expect(fromA.headers.get("wechatpay-serial")).toBe(a.credentials.wechatpayPublicKey.id)
      expect((yield* a.requests).length).toBe(2)
      expect((yield* b.requests).length).toBe(1)
    })
  )

  it.live("reset restores fixtures, certificates and signing mode and clears faults and the log", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.seedBusifavorStock({ ...Sandbox.defaultBusifavorStock(), stock_id: "777" })
      yield* sandbox.rotateCertificate()
      yield* sandbox.setSigningMode("publicKey")
      yield* sandbox.inject({ kind: { _tag: "Error", status: 500, code: "SYSTEM_ERROR" } })
      yield* sandbox.reset()
      expect(yield* sandbox.requests).toEqual([])
      expect(sandbox.credentials.platformCertificates).toHaveLength(1)
      const seeded = yield* T.call(sandbox, { target: "/v3/marketing/busifavor/stocks/777" })
      expect(seeded.status).toBe(404)
      expect(seeded.headers.get("wechatpay-serial")).toBe(material.platform.serialNumber)
      const stock = yield* T.call(sandbox, { target: stockTarget })
      expect(stock.status).toBe(200)
    })
  )

  it.live("Sandbox.layer provides the running gateway as SandboxGateway", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.SandboxGateway
      const reply = yield* T.call(sandbox, { target: stockTarget })
      expect(reply.status).toBe(200)
    }).pipe(Effect.provide(Sandbox.layer({ material, mchid: "1230000109" })))
  )

  it.live("stops listening when its scope closes", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const sandbox = yield* Sandbox.make({ material }).pipe(Scope.provide(scope))
      const before = yield* T.call(sandbox, { target: stockTarget })
      expect(before.status).toBe(200)
      yield* Scope.close(scope, Exit.void)
      const after = yield* Effect.exit(Effect.tryPromise(() => fetch(`${sandbox.baseUrl}/v3/certificates`)))
      expect(Exit.isFailure(after)).toBe(true)
    })
  )

  it.live("closing its scope does not wait for a request under way (its connection is closed)", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const sandbox = yield* Sandbox.make({ material }).pipe(Scope.provide(scope))
      const port = Number(new URL(sandbox.baseUrl).port)
      // Headers sent, the body never finishes: the gateway is waiting for it.
      const socket = yield* Effect.callback<Net.Socket>((resume) => {
        const socket = Net.connect(port, "127.0.0.1", () => {
          socket.write(
            `POST /v3/marketing/busifavor/stocks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{`
          )
          resume(Effect.succeed(socket))
        })
      })
      const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()))
      yield* Effect.sleep("50 millis")
      const started = Date.now()
      yield* Scope.close(scope, Exit.void)
      yield* Effect.promise(() => closed).pipe(Effect.timeout("1 second"))
      expect(Date.now() - started).toBeLessThan(1_000)
    })
  )

  it.live("advanceTime moves the gateway clock, not the signing clock; reset moves it back; a bad duration dies", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.advanceTime("2 days")
      expect((yield* sandbox.now) - Date.now()).toBeGreaterThan(2 * 86_400_000 - 10_000)
      const reply = yield* T.call(sandbox, { target: stockTarget })
      expect(reply.status).toBe(200)
      expect(Math.abs(Number(reply.headers.get("wechatpay-timestamp")) - Date.now() / 1000)).toBeLessThan(60)
      expect((yield* sandbox.requests)[0]?.receivedAt).toBeGreaterThan(Date.now() + 86_400_000)
      yield* sandbox.reset()
      expect(Math.abs((yield* sandbox.now) - Date.now())).toBeLessThan(10_000)
      const exit = yield* Effect.exit(sandbox.advanceTime(-1))
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain("advanceTime takes a finite duration ≥ 0")
    })
  )

  it.live("a port in use is a defect that names it", () =>
    Effect.gen(function* () {
      const first = yield* Sandbox.make({ material })
      const port = Number(new URL(first.baseUrl).port)
      const exit = yield* Effect.exit(Effect.scoped(Sandbox.make({ material, port })))
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain(`port ${port} on 127.0.0.1 is in use`)
    })
  )

  it.live("logs each request at Debug without secrets", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const capture = Logger.make(({ fiber, logLevel, message }) => {
        lines.push(`${logLevel} ${String(message)} ${JSON.stringify(fiber.getRef(References.CurrentLogAnnotations))}`)
      })
      const sandbox = yield* Sandbox.make({ material }).pipe(
        Effect.provide(Logger.layer([capture])),
        Effect.provideService(References.MinimumLogLevel, "Debug")
      )
      yield* T.call(sandbox, { target: stockTarget })
      yield* T.call(sandbox, { target: "/v3/unknown" })
      expect(lines).toHaveLength(2)
      expect(lines[0]).toContain("Debug")
      expect(lines[0]).toContain(`"path":"${stockTarget}"`)
      expect(lines[0]).toContain(`"status":200`)
      expect(lines[1]).toContain(`"code":"NOT_FOUND"`)
      const all = lines.join("\n")
      expect(all).not.toContain(Redacted.value(sandbox.credentials.apiV3Key))
      expect(all).not.toContain("PRIVATE KEY")
    })
  )

  it.live("generates its own material when none is given", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make()
      expect(sandbox.credentials.merchantSerialNumber).not.toBe(material.merchant.serialNumber)
      const reply = yield* T.call(sandbox, { target: stockTarget })
      expect(reply.status).toBe(200)
      expect(T.verifies(reply, T.currentPlatformCertificate(sandbox))).toBe(true)
    })
  )
})
