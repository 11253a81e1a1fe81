import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Layer, Redacted, Result, Schema } from "effect"
import { HttpClient } from "effect/http"
import * as Endpoint from "../src/Endpoint.js"
import { VERSION } from "../src/internal/version.js"
import * as WechatPay from "../src/WechatPay.js"
import { API_V3_KEY, MCHID, merchant, PUBLIC_KEY_ID, SERIAL, stub, verifyAuthorization, wechatpay } from "./stub.js"

const Thing = Endpoint.make({
  name: "Test.getThing",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "GET",
  path: "/v3/test/things/{id}",
  request: Schema.Struct({ id: Schema.String }),
  response: Schema.Struct({ id: Schema.String }),
  errors: []
})

const fromEnv = (env: Record<string, string>) =>
  Effect.gen(function* () {
    const { client, seen } = yield* stub([{ status: 200, body: '{"id":"T1"}' }])
    const layer = WechatPay.layerConfig().pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
      Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
    )
    const exit = yield* Effect.exit(
      Effect.provide(
        Effect.flatMap(WechatPay.WechatPayClient, (c) =>
          Effect.map(c.execute(Thing, { id: "1" }), (result) => ({ result, mchid: c.mchid, baseUrl: c.baseUrl }))
        ),
        layer
      )
    )
    return { exit, seen: yield* seen }
  })

const tmp = (name: string, text: string) => {
  const file = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-config-")), name)
  Fs.writeFileSync(file, text)
  return file
}

const base = {
  WECHATPAY_MCHID: MCHID,
  WECHATPAY_MERCHANT_SERIAL_NUMBER: SERIAL,
  WECHATPAY_APIV3_KEY: API_V3_KEY,
  WECHATPAY_PUBLIC_KEY_ID: PUBLIC_KEY_ID,
  WECHATPAY_BASE_URL: "https://sandbox.test.invalid/"
}

describe("WechatPay.layerConfig", () => {
  it.live("reads PEM text from the environment", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* fromEnv({
        ...base,
        WECHATPAY_MERCHANT_PRIVATE_KEY: Redacted.value(merchant.privateKey),
        WECHATPAY_PUBLIC_KEY: wechatpay.publicKey
      })
      expect(exit).toEqual(
        Exit.succeed({ result: { id: "T1" }, mchid: MCHID, baseUrl: "https://sandbox.test.invalid" })
      )
      expect(verifyAuthorization(seen[0]!)).toBe(true)
    })
  )

  it.live("reads PEM text with \\n escapes (one-line environment values)", () =>
    Effect.gen(function* () {
      const { exit } = yield* fromEnv({
        ...base,
        WECHATPAY_MERCHANT_PRIVATE_KEY: Redacted.value(merchant.privateKey).replace(/\n/g, "\\n"),
        WECHATPAY_PUBLIC_KEY: wechatpay.publicKey.replace(/\n/g, "\\n")
      })
      expect(Exit.isSuccess(exit)).toBe(true)
    })
  )

  it.live("reads the _FILE forms", () =>
    Effect.gen(function* () {
      const { exit } = yield* fromEnv({
        ...base,
        WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: tmp("apiclient_key.pem", Redacted.value(merchant.privateKey)),
        WECHATPAY_PUBLIC_KEY_FILE: tmp("pub_key.pem", wechatpay.publicKey)
      })
      expect(Exit.isSuccess(exit)).toBe(true)
    })
  )

  it.live("fails typed: a missing variable, an unreadable file, a public key id without its key", () =>
    Effect.gen(function* () {
      const missing = yield* fromEnv({ ...base, WECHATPAY_PUBLIC_KEY: wechatpay.publicKey })
      expect(JSON.stringify(missing.exit)).toContain("WECHATPAY_MERCHANT_PRIVATE_KEY")
      const unreadable = yield* fromEnv({
        ...base,
        WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: "/nonexistent/apiclient_key.pem",
        WECHATPAY_PUBLIC_KEY: wechatpay.publicKey
      })
      // The variable and the OS reason, never the value.
      expect(JSON.stringify(unreadable.exit)).toContain("WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: ENOENT")
      expect(JSON.stringify(unreadable.exit)).not.toContain("/nonexistent/apiclient_key.pem")
      const halfKey = yield* fromEnv({ ...base, WECHATPAY_MERCHANT_PRIVATE_KEY: Redacted.value(merchant.privateKey) })
      expect(JSON.stringify(halfKey.exit)).toContain("WECHATPAY_PUBLIC_KEY")
      for (const r of [missing, unreadable, halfKey]) expect(r.seen).toHaveLength(0)
    })
  )

  it.live("a configuration with no verification key fails the layer with WechatPayConfigError", () =>
    Effect.gen(function* () {
      const { exit } = yield* fromEnv({
        WECHATPAY_MCHID: MCHID,
        WECHATPAY_MERCHANT_SERIAL_NUMBER: SERIAL,
        WECHATPAY_MERCHANT_PRIVATE_KEY: Redacted.value(merchant.privateKey)
      })
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "WechatPayConfigError" })))
    })
  )
})

describe("User-Agent version", () => {
  it("equals package.json's version", () => {
    const pkg = Schema.decodeUnknownSync(Schema.fromJsonString(Schema.Struct({ version: Schema.String })))(
      Fs.readFileSync(Path.join(import.meta.dirname, "..", "package.json"), "utf8")
    )
    expect(VERSION).toBe(pkg.version)
  })
})

describe("WECHATPAY_PLATFORM_CERTIFICATES", () => {
  const cert = (n: number) => `-----BEGIN CERTIFICATE-----\nMIIB${n}test\n-----END CERTIFICATE-----`
  const read = (value: string) =>
    Effect.result(
      WechatPay.platformCertificatesConfig("WECHATPAY_PLATFORM_CERTIFICATES").parse(
        ConfigProvider.fromEnv({ env: { WECHATPAY_PLATFORM_CERTIFICATES: value } })
      )
    )

  it.effect("auto, PEM text (escaped or not), and comma-separated files holding one or more certificates", () =>
    Effect.gen(function* () {
      expect(yield* read(" auto ")).toEqual(Result.succeed("auto"))
      expect(yield* read(`${cert(1)}\n${cert(2)}`)).toEqual(Result.succeed([cert(1), cert(2)]))
      expect(yield* read(`${cert(1)}`.replace(/\n/g, "\\n"))).toEqual(Result.succeed([cert(1)]))
      const a = tmp("platform_a.pem", cert(1))
      const b = tmp("platform_b.pem", `${cert(2)}\n${cert(3)}\n`)
      expect(yield* read(`${a}, ${b}`)).toEqual(Result.succeed([cert(1), cert(2), cert(3)]))
      const missing = yield* read("/nonexistent/platform.pem")
      expect(Result.isFailure(missing) && String(missing.failure)).toContain("ENOENT")
      expect(Result.isFailure(missing) && String(missing.failure)).not.toContain("/nonexistent/platform.pem")
    })
  )
})
