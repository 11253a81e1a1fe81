/**
 * Errors a new user meets first: a configuration that cannot work fails the layer with one sentence that names the
 * option or variable (never its value); a timeout says how many attempts of how long, and how to change either; a
 * business error's message names its code, HTTP status and Request-ID; a 2xx answer that does not decode keeps the
 * verified body.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, ConfigProvider, Effect, Exit, Layer, Redacted } from "effect"
import { HttpClient } from "effect/http"
import * as WechatPay from "../src/WechatPay.js"
import { API_V3_KEY, clientLayer, MCHID, merchant, PUBLIC_KEY_ID, SERIAL, stub, wechatpay } from "./stub.js"

/** The error a layer fails with while it is built, and how many requests went out. */
const built = (layerOf: (client: HttpClient.HttpClient) => Layer.Layer<WechatPay.WechatPayClient, unknown>) =>
  Effect.gen(function* () {
    const { client, seen } = yield* stub([{ status: 200, body: "{}" }])
    const exit = yield* Effect.exit(Effect.provide(Effect.asVoid(WechatPay.WechatPayClient), layerOf(client)))
    return { exit, sent: (yield* seen).length }
  })

const squashed = (exit: Exit.Exit<unknown, unknown>): unknown =>
  Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined

const fromEnv = (env: Record<string, string>) =>
  built((client) =>
    WechatPay.layerConfig().pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
      Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
    )
  )

const env = {
  WECHATPAY_MCHID: MCHID,
  WECHATPAY_MERCHANT_SERIAL_NUMBER: SERIAL,
  WECHATPAY_MERCHANT_PRIVATE_KEY: Redacted.value(merchant.privateKey),
  WECHATPAY_APIV3_KEY: API_V3_KEY,
  WECHATPAY_PUBLIC_KEY_ID: PUBLIC_KEY_ID,
  WECHATPAY_PUBLIC_KEY: wechatpay.publicKey
}

describe("the base URL and the merchant serial are checked when the layer is built", () => {
  const badUrls = ["not-a-url", "ftp://api.mch.weixin.qq.com", "https://user:secret-pass@api.mch.weixin.qq.com", ""]
  const badSerials = ["abc", `${SERIAL}\r\n`, `${SERIAL.slice(0, 39)}G`, `${SERIAL} `, `${SERIAL}00`]

  it.live.each(badUrls)("layer: baseUrl %j fails the layer, typed, without the value", (baseUrl) =>
    Effect.gen(function* () {
      const { exit, sent } = yield* built((client) => clientLayer(client, { baseUrl }))
      const error = squashed(exit) as WechatPay.Service | { _tag: string; message: string }
      expect(error).toEqual(expect.objectContaining({ _tag: "WechatPayConfigError" }))
      const { message } = error as { message: string }
      expect(message).toContain("baseUrl")
      if (baseUrl !== "") expect(JSON.stringify(exit)).not.toContain(baseUrl)
      expect(JSON.stringify(exit)).not.toContain("secret-pass")
      expect(sent).toBe(0)
    })
  )

  it.live.each(badSerials)("layer: merchantSerialNumber %j fails the layer, typed, without the value", (serial) =>
    Effect.gen(function* () {
      const { exit, sent } = yield* built((client) => clientLayer(client, { merchantSerialNumber: serial }))
      const error = squashed(exit) as { _tag: string; message: string }
      expect(error._tag).toBe("WechatPayConfigError")
      expect(error.message).toContain("merchantSerialNumber")
      expect(error.message).toContain("40 hexadecimal characters")
      expect(JSON.stringify(exit)).not.toContain(serial.trim())
      expect(sent).toBe(0)
    })
  )

  it.live.each(badUrls.filter((u) => u !== ""))("layerConfig: WECHATPAY_BASE_URL=%j is a ConfigError", (url) =>
    Effect.gen(function* () {
      const { exit, sent } = yield* fromEnv({ ...env, WECHATPAY_BASE_URL: url })
      const error = squashed(exit) as { _tag: string; message: string }
      expect(error._tag).toBe("ConfigError")
      expect(error.message).toContain("WECHATPAY_BASE_URL")
      expect(error.message).not.toContain(url)
      expect(String(error)).not.toContain("secret-pass")
      expect(sent).toBe(0)
    })
  )

  it.live.each(badSerials)("layerConfig: WECHATPAY_MERCHANT_SERIAL_NUMBER=%j is a ConfigError", (serial) =>
    Effect.gen(function* () {
      const { exit, sent } = yield* fromEnv({ ...env, WECHATPAY_MERCHANT_SERIAL_NUMBER: serial })
      const error = squashed(exit) as { _tag: string; message: string }
      expect(error._tag).toBe("ConfigError")
      expect(error.message).toContain("WECHATPAY_MERCHANT_SERIAL_NUMBER")
      expect(error.message).toContain("40 hexadecimal characters")
      expect(error.message).not.toContain(serial.trim())
      expect(sent).toBe(0)
    })
  )

  it.live("a good base URL (with a path prefix, or http on loopback) and a lower-case serial are accepted", () =>
    Effect.gen(function* () {
      for (const overrides of [
        { baseUrl: "https://proxy.test.invalid/wechatpay/" },
        { baseUrl: "http://127.0.0.1:8080" },
        { merchantSerialNumber: SERIAL.toLowerCase() }
      ]) {
        const { exit } = yield* built((client) => clientLayer(client, overrides))
        expect(exit).toEqual(Exit.void)
      }
    })
  )
})

describe("a PEM variable's configuration error is one sentence", () => {
  const { WECHATPAY_MERCHANT_PRIVATE_KEY: pem, ...withoutKey } = env
  const messageOf = (exit: Exit.Exit<unknown, unknown>): string => {
    const error = squashed(exit) as { _tag: string; message: string }
    expect(error._tag).toBe("ConfigError")
    return error.message
  }
  const count = (text: string, part: string) => text.split(part).length - 1

  it.live("PEM text in the _FILE variable: the variable once, the fix, no value", () =>
    Effect.gen(function* () {
      const { exit, sent } = yield* fromEnv({ ...withoutKey, WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: pem })
      const message = messageOf(exit)
      expect(message).toBe(
        "SourceError: WECHATPAY_MERCHANT_PRIVATE_KEY_FILE holds PEM text, not a file path: use WECHATPAY_MERCHANT_PRIVATE_KEY for PEM text (the value is not shown)"
      )
      expect(count(message, "WECHATPAY_MERCHANT_PRIVATE_KEY_FILE")).toBe(1)
      expect(JSON.stringify(exit)).not.toContain("PRIVATE KEY-----")
      expect(sent).toBe(0)
    })
  )

  it.live("neither variable set: one sentence naming both, not only the _FILE one", () =>
    Effect.gen(function* () {
      const { exit } = yield* fromEnv(withoutKey)
      expect(messageOf(exit)).toBe(
        "SourceError: WECHATPAY_MERCHANT_PRIVATE_KEY is missing: set it to the PEM text, or WECHATPAY_MERCHANT_PRIVATE_KEY_FILE to the path of a PEM file"
      )
    })
  )

  it.live("the public key's pair: a key id without the key names both variables once", () =>
    Effect.gen(function* () {
      const { WECHATPAY_PUBLIC_KEY: _, ...withoutPublicKey } = env
      const { exit } = yield* fromEnv(withoutPublicKey)
      const message = messageOf(exit)
      expect(message).toMatch(/^SourceError: [^\n]+$/)
      expect(count(message, "WECHATPAY_PUBLIC_KEY_FILE")).toBe(1)
    })
  )
})
