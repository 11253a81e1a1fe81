/**
 * What a new user and an attacker try: configuration errors that never echo a value, transport errors without the
 * request, verified bytes on the public httpClient, every request bounded by the timeout, path parameters kept to one
 * segment, documented minimums, hostile inputs as typed errors, retries, and only valid certificates kept.
 */

import { X509Certificate } from "node:crypto"
import * as Fs from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { AesGcm, Keyring, Testing } from "@effect-wechatpay/crypto"
import { Endpoint as Descriptor, Favor } from "@effect-wechatpay/schema"
import { Cause, ConfigProvider, Duration, Effect, Exit, Layer, Redacted, Result, Schema } from "effect"
import { HttpClient } from "effect/http"
import * as Endpoint from "../src/Endpoint.js"
import * as NodeTransport from "../src/NodeTransport.js"
import * as WechatPay from "../src/WechatPay.js"
import {
  API_V3_KEY,
  clientLayer,
  MCHID,
  merchant,
  options,
  PUBLIC_KEY_ID,
  plainExit,
  SERIAL,
  stub,
  wechatpay
} from "./stub.js"

const Thing = Endpoint.make({
  name: "Test.getThing",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "GET",
  path: "/v3/test/things/{id}",
  request: Schema.Struct({ id: Schema.String, note: Schema.optional(Schema.String) }),
  response: Schema.Struct({ id: Schema.String }),
  errors: [{ status: 400, code: "PARAM_ERROR" }]
})

const Write = Endpoint.make({
  name: "Test.write",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "POST",
  path: "/v3/test/things",
  request: Schema.Struct({ name: Schema.String }),
  response: Schema.Struct({ id: Schema.String }),
  errors: [{ status: 400, code: "PARAM_ERROR" }]
})

const ok = { status: 200, body: '{"id":"T1"}' }

const run = <A, E>(
  answers: Parameters<typeof stub>[0],
  program: Effect.Effect<A, E, WechatPay.WechatPayClient>,
  overrides: Partial<WechatPay.Options> = {}
) =>
  Effect.gen(function* () {
    const { client, seen } = yield* stub(answers)
    const exit = plainExit(yield* Effect.exit(Effect.provide(program, clientLayer(client, overrides))))
    return { exit, seen: yield* seen }
  })

const getThing = (input: unknown) =>
  Effect.flatMap(WechatPay.WechatPayClient, (c) => c.execute(Thing, input as { id: string }))
const write = (input: { name: string }) => Effect.flatMap(WechatPay.WechatPayClient, (c) => c.execute(Write, input))

const privateKeyLines = Redacted.value(merchant.privateKey)
  .split("\n")
  .filter((line) => line.length > 16 && !line.startsWith("-----"))

const fromEnv = (env: Record<string, string>) =>
  Effect.gen(function* () {
    const { client } = yield* stub([ok])
    const layer = WechatPay.layerConfig().pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
      Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
    )
    return yield* Effect.exit(Effect.provide(WechatPay.WechatPayClient, layer))
  })

const baseEnv = {
  WECHATPAY_MCHID: MCHID,
  WECHATPAY_MERCHANT_SERIAL_NUMBER: SERIAL,
  WECHATPAY_PUBLIC_KEY_ID: PUBLIC_KEY_ID,
  WECHATPAY_PUBLIC_KEY: wechatpay.publicKey
}

describe("configuration errors never echo a value", () => {
  it.effect("a PEM pasted into a _FILE variable: named, with a hint, and no key material in the error", () =>
    Effect.gen(function* () {
      const exit = yield* fromEnv({
        ...baseEnv,
        WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: Redacted.value(merchant.privateKey)
      })
      expect(Exit.isFailure(exit)).toBe(true)
      const text = `${JSON.stringify(exit)} ${Util.inspect(exit, { depth: 20 })}`
      expect(text).toContain("WECHATPAY_MERCHANT_PRIVATE_KEY_FILE")
      expect(text).toContain("use WECHATPAY_MERCHANT_PRIVATE_KEY")
      expect(text).not.toContain("BEGIN")
      for (const line of privateKeyLines) expect(text).not.toContain(line.slice(0, 24))
    })
  )

  it.effect("an unreadable file: the variable and the OS reason, not the path", () =>
    Effect.gen(function* () {
      const missing = Path.join(Os.tmpdir(), "no-such-dir-4c6f", "secret-name.pem")
      const exit = yield* fromEnv({ ...baseEnv, WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: missing })
      const text = `${JSON.stringify(exit)} ${Util.inspect(exit, { depth: 20 })}`
      expect(text).toContain("WECHATPAY_MERCHANT_PRIVATE_KEY_FILE")
      expect(text).toContain("ENOENT")
      expect(text).not.toContain("secret-name")
    })
  )

  it.effect("WECHATPAY_PLATFORM_CERTIFICATES with an unreadable path: no path echoed", () =>
    Effect.gen(function* () {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "wxp-"))
      const keyFile = Path.join(dir, "key.pem")
      Fs.writeFileSync(keyFile, Redacted.value(merchant.privateKey))
      const exit = yield* fromEnv({
        ...baseEnv,
        WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: keyFile,
        WECHATPAY_PLATFORM_CERTIFICATES: "/nope/secret-cert-name.pem"
      })
      Fs.rmSync(dir, { recursive: true })
      const text = `${JSON.stringify(exit)} ${Util.inspect(exit, { depth: 20 })}`
      expect(text).toContain("WECHATPAY_PLATFORM_CERTIFICATES")
      expect(text).toContain("ENOENT")
      expect(text).not.toContain("secret-cert-name")
    })
  )
})

const closedPort = () =>
  Effect.promise(
    () =>
      new Promise<number>((resolve) => {
        const server = Http.createServer()
        server.listen(0, "127.0.0.1", () => {
          const port = (server.address() as AddressInfo).port
          server.close(() => resolve(port))
        })
      })
  )

describe("TransportError names the OS error and carries no request", () => {
  it.live("connection refused: ECONNREFUSED in the message; no Authorization or body in JSON or inspect", () =>
    Effect.gen(function* () {
      const port = yield* closedPort()
      const exit = yield* Effect.exit(
        Effect.provide(
          write({ name: "secret-body-value" }),
          WechatPay.layer({ ...options, baseUrl: `http://127.0.0.1:${port}`, retry: false }).pipe(
            Layer.provide(NodeTransport.layer())
          )
        )
      )
      expect(plainExit(exit)).toEqual(
        Exit.fail(
          expect.objectContaining({
            _tag: "TransportError",
            reason: "Transport",
            method: "POST",
            path: "/v3/test/things",
            errno: "ECONNREFUSED"
          })
        )
      )
      const error = Exit.isFailure(exit)
        ? Cause.findErrorOption(exit.cause).pipe((o) => (o._tag === "Some" ? o.value : undefined))
        : undefined
      expect(String((error as Error).message)).toContain("ECONNREFUSED")
      const text = `${JSON.stringify(error)} ${Util.inspect(error, { depth: 20 })} ${JSON.stringify(exit)}`
      expect(text).not.toMatch(/WECHATPAY2-SHA256-RSA2048|authorization|secret-body-value/i)
    })
  )
})

describe("the public httpClient verifies the received bytes", () => {
  it.live("a signed body whose bytes were replaced by invalid UTF-8 is rejected", () =>
    Effect.gen(function* () {
      const body = '{"id":"\uFFFD"}'
      const bytes = Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xff]), Buffer.from('"}')])
      const { exit } = yield* run(
        [{ status: 200, body, bytes }],
        Effect.flatMap(WechatPay.WechatPayClient, (c) =>
          Effect.flatMap(c.httpClient.get("/v3/test/things/1"), (r) => r.text)
        ),
        { retry: false }
      )
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "SignatureVerificationError" })))
    })
  )
})

describe("every request is bounded by the timeout", () => {
  it.live('an "auto" certificate download that never answers fails the layer within the timeout', () =>
    Effect.gen(function* () {
      const { client } = yield* stub([{ status: 200, body: "{}", delayMillis: 60_000 }])
      const started = Date.now()
      const exit = plainExit(
        yield* Effect.exit(
          Effect.provide(
            WechatPay.WechatPayClient,
            clientLayer(client, { platformCertificates: "auto", wechatpayPublicKey: undefined, timeout: "200 millis" })
          )
        )
      )
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "CertificateDownloadError", reason: "Failed" })))
    })
  )

  it.live("the public httpClient is bounded too", () =>
    Effect.gen(function* () {
      const started = Date.now()
      const { exit } = yield* run(
        [{ ...ok, delayMillis: 60_000 }],
        Effect.flatMap(WechatPay.WechatPayClient, (c) => c.httpClient.get("/v3/test/things/1")),
        { timeout: "200 millis", retry: false }
      )
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(Exit.isFailure(exit)).toBe(true)
    })
  )

  it.live("over NodeTransport, whose own timer bounds them: the certificate download and the public httpClient", () =>
    Effect.gen(function* () {
      const server = Http.createServer(() => {})
      yield* Effect.acquireRelease(
        Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
        () =>
          Effect.promise(() => {
            server.closeAllConnections()
            return new Promise((resolve) => server.close(resolve))
          })
      )
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const over = (overrides: Partial<WechatPay.Options>) =>
        WechatPay.layer({ ...options, baseUrl, timeout: "200 millis", retry: false, ...overrides }).pipe(
          Layer.provide(NodeTransport.layer())
        )
      const started = Date.now()
      const download = plainExit(
        yield* Effect.exit(
          Effect.provide(
            WechatPay.WechatPayClient,
            over({ platformCertificates: "auto", wechatpayPublicKey: undefined })
          )
        )
      )
      expect(download).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "CertificateDownloadError", reason: "Failed" }))
      )
      const publicClient = yield* Effect.flip(
        Effect.provide(
          Effect.flatMap(WechatPay.WechatPayClient, (c) => c.httpClient.get("/v3/test/things/1")),
          over({})
        )
      )
      expect(publicClient.message).toContain("no response within 200ms")
      expect(Date.now() - started).toBeLessThan(5_000)
    })
  )
})

describe("a path parameter stays one segment", () => {
  it.live.each([".", "..", "%2e", "%2E%2E", "a/../..", "./x"])("%s: rejected or encoded, never a dot segment", (id) =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run([ok], getThing({ id }), { retry: false })
      if (Exit.isFailure(exit)) {
        expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "RequestValidationError" })))
        expect(seen).toHaveLength(0)
      } else {
        expect(seen).toHaveLength(1)
        const segments = seen[0]!.target.split("/")
        expect(segments).toHaveLength(5)
        expect(segments[4]).not.toMatch(/^(\.|\.\.)$/)
      }
    })
  )
})

describe("documented minimums: amounts the gateway rejects are not sent", () => {
  it.each([
    ["coupon_amount", ["coupon_use_rule", "fixed_normal_coupon", "coupon_amount"]],
    ["max_amount", ["stock_use_rule", "max_amount"]],
    ["max_coupons", ["stock_use_rule", "max_coupons"]]
  ] as const)("%s: 0 is rejected", (_name, path) => {
    const request = structuredClone(validCreateCouponStock) as Record<string, unknown>
    let cursor = request as Record<string, unknown>
    for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>
    cursor[path.at(-1)!] = 0
    const result = Descriptor.decodeRequest(Favor.CreateCouponStock, request)
    expect(Result.isFailure(result)).toBe(true)
    expect(Result.isFailure(result) && result.failure.map((issue) => issue.path)).toContain(`/${path.join("/")}`)
  })
})

describe("an input whose getter throws is a RequestValidationError, not a defect", () => {
  it.live("a throwing getter", () =>
    Effect.gen(function* () {
      const input = Object.defineProperty({}, "id", {
        enumerable: true,
        get() {
          throw new Error("boom")
        }
      })
      const { exit, seen } = yield* run([ok], getThing(input))
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "RequestValidationError" })))
      expect(seen).toHaveLength(0)
    })
  )
})

describe("an optional request key given as undefined is absent", () => {
  it.live("through the executor", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run([ok], getThing({ id: "1", note: undefined }))
      expect(exit).toEqual(Exit.succeed({ id: "T1" }))
      expect(seen).toHaveLength(1)
    })
  )
  it("through the Standard Schema path (plain JavaScript)", async () => {
    const result = await Favor.CreateCouponStock.standard.request["~standard"].validate({
      ...validCreateCouponStock,
      ext_info: undefined
    })
    expect(result.issues).toBeUndefined()
  })
})

describe("retries as an operator expects", () => {
  it.live("every 429 is retried, whatever its code; the typed error stays exact", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [{ status: 429, body: '{"code":"RATELIMIT_EXCEEDED","message":"slow down"}' }, ok],
        getThing({ id: "1" })
      )
      expect(exit).toEqual(Exit.succeed({ id: "T1" }))
      expect(seen).toHaveLength(2)
      const failed = yield* run(
        [{ status: 429, body: '{"code":"RATELIMIT_EXCEEDED","message":"slow down"}' }],
        getThing({ id: "1" })
      )
      expect(failed.exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "UnknownApiError", status: 429 })))
      expect(failed.seen).toHaveLength(3)
    })
  )

  it.live.each([502, 503, 504])("%i from a proxy is retried for an idempotent call", (status) =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [{ status, body: "<html>Bad Gateway</html>", sign: false }, ok],
        getThing({ id: "1" })
      )
      expect(exit).toEqual(Exit.succeed({ id: "T1" }))
      expect(seen).toHaveLength(2)
    })
  )

  it.live("an HTML 500 is retried for an idempotent call; not for a write without a request number", () =>
    Effect.gen(function* () {
      const html = { status: 500, body: "<html>Internal Server Error</html>", sign: false }
      const read = yield* run([html, ok], getThing({ id: "1" }))
      expect(read.exit).toEqual(Exit.succeed({ id: "T1" }))
      const unsafe = yield* run([html, ok], write({ name: "x" }))
      expect(unsafe.exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "UnknownApiError", status: 500 })))
      expect(unsafe.seen).toHaveLength(1)
    })
  )

  it.live("Retry-After (seconds) is honoured", () =>
    Effect.gen(function* () {
      const started = Date.now()
      const { exit, seen } = yield* run(
        [{ status: 429, body: '{"code":"FREQUENCY_LIMITED","message":"x"}', headers: { "retry-after": "1" } }, ok],
        getThing({ id: "1" })
      )
      expect(exit).toEqual(Exit.succeed({ id: "T1" }))
      expect(seen).toHaveLength(2)
      expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    })
  )

  it.live("Retry-After is capped by the timeout budget", () =>
    Effect.gen(function* () {
      const started = Date.now()
      const { exit } = yield* run(
        [{ status: 503, body: "busy", sign: false, headers: { "retry-after": "3600" } }, ok],
        getThing({ id: "1" }),
        { timeout: "300 millis" }
      )
      expect(exit).toEqual(Exit.succeed({ id: "T1" }))
      expect(Date.now() - started).toBeLessThan(Duration.toMillis("5 seconds"))
    })
  )

  it.live("a body over the size limit is not retried", () =>
    Effect.gen(function* () {
      let requests = 0
      const server = Http.createServer((_req, res) => {
        requests++
        res.writeHead(200, { "content-type": "application/json" })
        res.end(`{"id":"${"x".repeat(4096)}"}`)
      })
      yield* Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)))
      const port = (server.address() as AddressInfo).port
      const exit = plainExit(
        yield* Effect.exit(
          Effect.provide(
            getThing({ id: "1" }),
            WechatPay.layer({ ...options, baseUrl: `http://127.0.0.1:${port}` }).pipe(
              Layer.provide(NodeTransport.layer({ maxResponseBytes: 1024 }))
            )
          )
        )
      )
      yield* Effect.promise(() => new Promise((resolve) => server.close(resolve)))
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "TransportError", reason: "ResponseTooLarge" })))
      expect(requests).toBe(1)
    })
  )
})

const validCreateCouponStock: Record<string, unknown> = JSON.parse(
  Fs.readFileSync(new URL("../../schema/test/fixtures/favor-create-coupon-stock.request.json", import.meta.url), "utf8")
)

describe('"auto" mode keeps only the certificates valid now', () => {
  const fixture = (name: string) =>
    Fs.readFileSync(new URL(`../../crypto/test/fixtures/${name}`, import.meta.url), "utf8")
  const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toUpperCase()

  it.live("a download holding an expired and a valid certificate verifies only with the valid one", () =>
    Effect.gen(function* () {
      const valid = fixture("platform-certificate.pem")
      const expired = fixture("platform-expired-certificate.pem")
      const key = yield* AesGcm.makeKey(Redacted.make(API_V3_KEY))
      const entry = (pem: string, nonce: string) => ({
        serial_no: serialOf(pem),
        encrypt_certificate: {
          algorithm: "AEAD_AES_256_GCM",
          nonce,
          associated_data: "certificate",
          ciphertext: AesGcm.encrypt(key, { nonce, associated_data: "certificate", plaintext: pem })
        }
      })
      const body = JSON.stringify({ data: [entry(expired, "aaaaaaaaaaaa"), entry(valid, "bbbbbbbbbbbb")] })
      const signed = yield* Testing.signResponse({
        privateKey: Redacted.make(fixture("platform-private-key.pem")),
        serial: serialOf(valid),
        body
      })
      const { client } = yield* stub([{ status: 200, body, sign: false, headers: signed }])
      const serials = yield* Effect.provide(
        Effect.flatMap(WechatPay.WechatPayClient, (c) => Effect.map(c.crypto.keyring, Keyring.serials)),
        clientLayer(client, { platformCertificates: "auto", wechatpayPublicKey: undefined })
      )
      expect(serials).toEqual([serialOf(valid)])
    })
  )
})

describe("WechatPayError", () => {
  it("isWechatPayError recognises the library's errors and nothing else", async () => {
    const { isWechatPayError, ParamError, TransportError } = await import("../src/WechatPayError.js")
    expect(isWechatPayError(new ParamError({ status: 400, code: "PARAM_ERROR", message: "x" }))).toBe(true)
    expect(isWechatPayError(new TransportError({ reason: "Timeout", message: "x" }))).toBe(true)
    expect(isWechatPayError(new Error("x"))).toBe(false)
    expect(isWechatPayError({ _tag: "ParamError" })).toBe(false)
  })
})
