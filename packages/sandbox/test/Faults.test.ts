import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import { Sandbox } from "../src/index.js"
import * as T from "./support.js"

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

const stockTarget = `/v3/marketing/busifavor/stocks/${Sandbox.defaults.stockId}`

const wechatpayHeaders = (reply: T.Reply) => {
  const names: Array<string> = []
  reply.headers.forEach((_value, name) => {
    if (name.startsWith("wechatpay-")) names.push(name)
  })
  return names
}

describe("fault injection", () => {
  it.live("Error answers a signed error `times` times, then normal behaviour resumes", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.inject({
        times: 2,
        kind: { _tag: "Error", status: 500, code: "SYSTEM_ERROR", message: "系统错误", detail: { retry: true } }
      })
      const statuses: Array<number> = []
      for (let i = 0; i < 3; i++) {
        const reply = yield* T.call(sandbox, { target: stockTarget })
        statuses.push(reply.status)
        if (reply.status === 500) {
          expect(reply.json).toEqual({ code: "SYSTEM_ERROR", message: "系统错误", detail: { retry: true } })
          expect(T.verifies(reply, T.currentPlatformCertificate(sandbox))).toBe(true)
        }
      }
      expect(statuses).toEqual([500, 500, 200])
      const log = yield* sandbox.requests
      expect(log.map((entry) => Option.getOrUndefined(entry.fault))).toEqual(["Error", "Error", undefined])
      expect(log.map((entry) => Option.getOrUndefined(entry.code))).toEqual(["SYSTEM_ERROR", "SYSTEM_ERROR", undefined])
    })
  )

  it.live("a fault applies only to matching requests; by default /v3/certificates is spared", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.inject({
        match: { path: "/v3/marketing/busifavor/stocks/{stock_id}" },
        kind: { _tag: "Error", status: 429, code: "FREQUENCY_LIMITED", message: "频率限制" }
      })
      yield* sandbox.inject({
        match: { method: "post" },
        kind: { _tag: "Error", status: 503, code: "SERVICE_UNAVAILABLE" }
      })
      yield* sandbox.inject({ kind: { _tag: "Error", status: 500, code: "SYSTEM_ERROR" } })

      const certificates = yield* T.call(sandbox, { target: "/v3/certificates" })
      expect(certificates.status).toBe(200)
      const coupon = yield* T.call(sandbox, {
        target: `/v3/marketing/busifavor/users/${Sandbox.defaults.openid}/coupons/${Sandbox.defaults.couponCode}/appids/${Sandbox.defaults.appid}`
      })
      expect(coupon.status).toBe(500)
      const limited = yield* T.call(sandbox, { target: stockTarget })
      expect(limited.status).toBe(429)
      expect(T.apiError(limited).code).toBe("FREQUENCY_LIMITED")
      const ok = yield* T.call(sandbox, { target: stockTarget })
      expect(ok.status).toBe(200)
      const post = yield* T.call(sandbox, { method: "POST", target: "/v3/marketing/favor/coupon-stocks", body: "{}" })
      expect(post.status).toBe(503)
    })
  )

  it.live("an explicit path can target /v3/certificates, and a RegExp matches the raw path", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.inject({ match: { path: "/v3/certificates" }, kind: { _tag: "DropHeaders" } })
      yield* sandbox.inject({ match: { path: /\/stocks\/\d+$/ }, kind: { _tag: "SignTest" } })
      const certificates = yield* T.call(sandbox, { target: "/v3/certificates" })
      expect(wechatpayHeaders(certificates)).toEqual([])
      const stock = yield* T.call(sandbox, { target: stockTarget })
      expect(stock.headers.get("wechatpay-signature")).toMatch(/^WECHATPAY\/SIGNTEST\//)
    })
  )

  it.live("RawError answers an unsigned non-JSON body", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
      yield* sandbox.inject({ kind: { _tag: "RawError", status: 502, body: html } })
      const reply = yield* T.call(sandbox, { target: stockTarget })
      expect(reply.status).toBe(502)
      expect(reply.text).toBe(html)
      expect(reply.headers.get("content-type")).toBe("text/html; charset=utf-8")
      expect(wechatpayHeaders(reply)).toEqual([])
      yield* sandbox.inject({ kind: { _tag: "RawError", status: 503, body: "busy", contentType: "text/plain" } })
      const plain = yield* T.call(sandbox, { target: stockTarget })
      expect(plain.headers.get("content-type")).toBe("text/plain")
    })
  )

  it.live("TamperBody changes one byte after signing", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const original = yield* T.call(sandbox, { target: stockTarget })
      yield* sandbox.inject({ kind: { _tag: "TamperBody" } })
      const tampered = yield* T.call(sandbox, { target: stockTarget })
      expect(tampered.status).toBe(200)
      expect(tampered.bytes.length).toBe(original.bytes.length)
      const differing = original.bytes.filter((byte, i) => tampered.bytes[i] !== byte)
      expect(differing.length).toBe(1)
      expect(() => JSON.parse(tampered.text)).not.toThrow()
      expect(T.verifies(tampered, T.currentPlatformCertificate(sandbox))).toBe(false)
    })
  )

  it.live("StaleTimestamp signs correctly with an old timestamp", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.inject({ kind: { _tag: "StaleTimestamp", seconds: 301 } })
      const reply = yield* T.call(sandbox, { target: stockTarget })
      expect(reply.status).toBe(200)
      const age = T.nowSeconds() - Number(reply.headers.get("wechatpay-timestamp"))
      expect(age).toBeGreaterThanOrEqual(300)
      expect(age).toBeLessThanOrEqual(303)
      expect(T.verifies(reply, T.currentPlatformCertificate(sandbox))).toBe(true)
    })
  )

  it.live("UnknownSerial signs with a key and serial the client does not know, in both modes", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.inject({ times: 2, kind: { _tag: "UnknownSerial" } })
      const certificateMode = yield* T.call(sandbox, { target: stockTarget })
      const serial = certificateMode.headers.get("wechatpay-serial")!
      expect(serial).toMatch(/^[0-9A-F]{40}$/)
      expect(serial).not.toBe(material.platform.serialNumber)
      expect(T.verifies(certificateMode, T.currentPlatformCertificate(sandbox))).toBe(false)

      yield* sandbox.setSigningMode("publicKey")
      const publicKeyMode = yield* T.call(sandbox, { target: stockTarget })
      const id = publicKeyMode.headers.get("wechatpay-serial")!
      expect(id).toMatch(/^PUB_KEY_ID_\d+$/)
      expect(id).not.toBe(sandbox.credentials.wechatpayPublicKey.id)
      expect(T.verifies(publicKeyMode, sandbox.credentials.wechatpayPublicKey.key)).toBe(false)
    })
  )

  it.live("SignTest sends a WECHATPAY/SIGNTEST/ probe signature", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.inject({ kind: { _tag: "SignTest" } })
      const reply = yield* T.call(sandbox, { target: stockTarget })
      expect(reply.status).toBe(200)
      expect(reply.headers.get("wechatpay-signature")).toMatch(/^WECHATPAY\/SIGNTEST\/[A-Za-z0-9+/]+=*$/)
      expect(reply.headers.get("wechatpay-serial")).toBe(material.platform.serialNumber)
      expect(T.verifies(reply, T.currentPlatformCertificate(sandbox))).toBe(false)
    })
  )

  it.live("DropHeaders omits every Wechatpay-* header but keeps Request-ID", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.inject({ kind: { _tag: "DropHeaders" } })
      const reply = yield* T.call(sandbox, { target: stockTarget })
      expect(reply.status).toBe(200)
      expect(wechatpayHeaders(reply)).toEqual([])
      expect(reply.headers.get("request-id")).not.toBeNull()
      expect(reply.json).toEqual(Sandbox.defaultBusifavorStock())
    })
  )

  it.live("Latency delays the normal answer", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* sandbox.inject({ kind: { _tag: "Latency", millis: 300 } })
      const started = Date.now()
      const slow = yield* T.call(sandbox, { target: stockTarget })
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      expect(slow.status).toBe(200)
      expect(T.verifies(slow, T.currentPlatformCertificate(sandbox))).toBe(true)
    })
  )

  it.live("inject rejects a times value that is not a positive integer", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const exit = yield* Effect.exit(sandbox.inject({ times: 0, kind: { _tag: "SignTest" } }))
      expect(Exit.isFailure(exit)).toBe(true)
    })
  )
})
