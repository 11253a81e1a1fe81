/**
 * Errors a new user meets first: a configuration that cannot work fails the layer with one sentence that names the
 * option or variable (never its value); a timeout says how many attempts of how long, and how to change either; a
 * business error's message names its code, HTTP status and Request-ID; a 2xx answer that does not decode keeps the
 * verified body.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Cause, ConfigProvider, Effect, Exit, Layer, Redacted, Schema } from "effect"
import { HttpClient } from "effect/http"
import * as Busifavor from "../src/Busifavor.js"
import * as Endpoint from "../src/Endpoint.js"
import * as NodeTransport from "../src/NodeTransport.js"
import * as WechatPay from "../src/WechatPay.js"
import * as WechatPayError from "../src/WechatPayError.js"
import { API_V3_KEY, clientLayer, MCHID, merchant, options, PUBLIC_KEY_ID, SERIAL, stub, wechatpay } from "./stub.js"

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

describe("a business error's message names its code, HTTP status and Request-ID", () => {
  const body = JSON.stringify({ code: "RESOURCE_NOT_EXISTS", message: "批次不存在", detail: { field: "stock_id" } })
  const failed = (headers: Record<string, string>) =>
    Effect.gen(function* () {
      const { client, seen } = yield* stub([{ status: 404, body, headers }])
      const error = yield* Effect.flip(
        Effect.provide(Busifavor.queryStock({ stock_id: "1212" }), clientLayer(client, { retry: false }))
      )
      return { error, seen: yield* seen }
    })

  it.live("in the message, the pretty-printed cause, the thrown error's stack and inspect; the fields unchanged", () =>
    Effect.gen(function* () {
      const { error, seen } = yield* failed({ "request-id": "08F8A3B2C1D0-REQ" })
      expect(error).toMatchObject({
        _tag: "ResourceNotExists",
        status: 404,
        code: "RESOURCE_NOT_EXISTS",
        description: "批次不存在",
        requestId: "08F8A3B2C1D0-REQ"
      })
      const expected = "Busifavor.queryStock: RESOURCE_NOT_EXISTS (HTTP 404, Request-ID 08F8A3B2C1D0-REQ): 批次不存在"
      expect(error.message).toBe(expected)
      const pretty = Cause.pretty(Cause.fail(error))
      expect(pretty.split("\n")[0]).toContain(expected)
      const thrown = yield* Effect.promise(() =>
        Effect.runPromise(Effect.fail(error)).then(
          () => undefined,
          (e: unknown) => e as Error
        )
      )
      expect(thrown?.stack?.split("\n")[0]).toContain(expected)
      expect(Util.inspect(error)).toContain(expected)
      const printed = [pretty, String(error), Util.inspect(error, { depth: 5 }), JSON.stringify(error)].join("\n")
      const authorization = seen[0]!.headers["authorization"]!
      expect(printed).not.toContain(authorization.slice(-40))
      expect(printed).not.toContain(API_V3_KEY)
      expect(printed).not.toContain("PRIVATE KEY")
    })
  )

  it.live("without a Request-ID header it says so", () =>
    Effect.gen(function* () {
      const { error } = yield* failed({ "request-id": "" })
      expect(error.message).toBe("Busifavor.queryStock: RESOURCE_NOT_EXISTS (HTTP 404, no Request-ID): 批次不存在")
    })
  )

  it.live("an undocumented code (UnknownApiError) reads the same", () =>
    Effect.gen(function* () {
      const { client } = yield* stub([
        {
          status: 400,
          body: JSON.stringify({ code: "BRAND_NEW_CODE", message: "新错误" }),
          headers: { "request-id": "R1" }
        }
      ])
      const error = yield* Effect.flip(
        Effect.provide(Busifavor.queryStock({ stock_id: "1212" }), clientLayer(client, { retry: false }))
      )
      expect(error).toMatchObject({ _tag: "UnknownApiError", code: "BRAND_NEW_CODE", description: "新错误" })
      expect(error.message).toBe("Busifavor.queryStock: BRAND_NEW_CODE (HTTP 400, Request-ID R1): 新错误")
    })
  )
})

describe("a silent server: the timeout says how many attempts of how long; one deadline bounds the whole call", () => {
  /** A real listening server that accepts every request and never answers. */
  const silentServer = Effect.acquireRelease(
    Effect.promise(
      () =>
        new Promise<Http.Server>((resolve) => {
          const server = Http.createServer(() => {})
          server.listen(0, "127.0.0.1", () => resolve(server))
        })
    ),
    (server) =>
      Effect.promise(() => {
        server.closeAllConnections()
        return new Promise<void>((resolve) => server.close(() => resolve()))
      })
  )
  const call = (server: Http.Server, overrides: Partial<WechatPay.Options>) =>
    Effect.flip(
      Effect.provide(
        Busifavor.queryStock({ stock_id: "1212" }),
        WechatPay.layer({
          ...options,
          baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          ...overrides
        }).pipe(Layer.provide(NodeTransport.layer()))
      )
    )

  it.live("three attempts of 150 ms: the message says so, and names the options that change either", () =>
    Effect.gen(function* () {
      const server = yield* silentServer
      const requests: Array<number> = []
      server.on("request", () => requests.push(Date.now()))
      const error = yield* call(server, { timeout: "150 millis", retry: { attempts: 3, base: "1 millis" } })
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout", attempts: 3 })
      expect(error.message).toBe(
        "GET /v3/marketing/busifavor/stocks/{stock_id}: no response within 150ms on each of 3 attempts; change the time per attempt with the client's `timeout` option, the number of attempts with `retry: { attempts }`, or bound the whole call with `deadline`"
      )
      expect(requests).toHaveLength(3)
    })
  )

  it.live("one attempt when retries are off says that too", () =>
    Effect.gen(function* () {
      const server = yield* silentServer
      const error = yield* call(server, { timeout: "100 millis", retry: false })
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout", attempts: 1 })
      expect(error.message).toContain("no response within 100ms (1 attempt)")
    })
  )

  it.live("`deadline` ends the call, mid-attempt, with its own reason", () =>
    Effect.gen(function* () {
      const server = yield* silentServer
      const started = Date.now()
      const error = yield* call(server, { timeout: "5 seconds", deadline: "300 millis" })
      const took = Date.now() - started
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Deadline", attempts: 1 })
      expect(error.message).toBe(
        "GET /v3/marketing/busifavor/stocks/{stock_id}: no answer within the call's deadline of 300ms (1 attempt started, each bounded by the client's `timeout` of 5s); change it with the client's `deadline` option"
      )
      expect(took).toBeGreaterThanOrEqual(290)
      expect(took).toBeLessThan(3_000)
    })
  )

  it.live(
    "`deadline` counts the waits between attempts: a wait that would pass it ends the call with the last error",
    () =>
      Effect.gen(function* () {
        const { client, seen } = yield* stub([
          {
            status: 500,
            body: JSON.stringify({ code: "SYSTEM_ERROR", message: "系统失败" }),
            headers: { "retry-after": "2" }
          }
        ])
        const started = Date.now()
        const error = yield* Effect.flip(
          Effect.provide(
            Busifavor.queryStock({ stock_id: "1212" }),
            clientLayer(client, { timeout: "10 seconds", deadline: "1 second" })
          )
        )
        expect(error).toMatchObject({ _tag: "SystemError", status: 500 })
        expect(yield* seen).toHaveLength(1)
        expect(Date.now() - started).toBeLessThan(900)
      })
  )

  it.live("a deadline that is not a duration fails the layer", () =>
    Effect.gen(function* () {
      const { exit } = yield* built((client) => clientLayer(client, { deadline: "soon" as never }))
      expect(squashed(exit)).toMatchObject({ _tag: "WechatPayConfigError" })
      expect((squashed(exit) as { message: string }).message).toContain("deadline")
    })
  )
})

describe("a 2xx answer that does not decode keeps its verified body", () => {
  const CreateThing = Endpoint.make({
    name: "Test.createThing",
    title: "测试",
    docs: "https://example.test/docs",
    summary: "test write",
    method: "POST",
    path: "/v3/test/things",
    request: Schema.Struct({ out_request_no: Schema.String }),
    response: Schema.Struct({ stock_id: Schema.String, create_time: Schema.String }),
    errors: []
  })
  const answer = { stock_id: "9856000", create_time: 20261203, note: "a".repeat(5_000) }

  it.live("on the error as `body`, never in its message, JSON, inspect or pretty print", () =>
    Effect.gen(function* () {
      const { client } = yield* stub([{ status: 200, body: JSON.stringify(answer) }])
      const error = yield* Effect.flip(
        Effect.provide(
          Effect.flatMap(WechatPay.WechatPayClient, (c) => c.execute(CreateThing, { out_request_no: "R-1" })),
          clientLayer(client, { retry: false })
        )
      )
      expect(error).toMatchObject({ _tag: "DecodeError", path: "/create_time", requestId: "req-0" })
      const decodeError = error as WechatPayError.DecodeError
      expect(decodeError.body).toEqual(answer)
      const printed = [
        decodeError.message,
        JSON.stringify(decodeError),
        Util.inspect(decodeError),
        Cause.pretty(Cause.fail(decodeError)),
        String(decodeError)
      ].join("\n")
      expect(printed).not.toContain("9856000")
      expect(printed).not.toContain("aaaaaaaaaa")
      expect(decodeError.message.length).toBeLessThan(300)
    })
  )

  it.live("a body that is not JSON leaves `body` undefined", () =>
    Effect.gen(function* () {
      const { client } = yield* stub([{ status: 200, body: "<html>" }])
      const error = yield* Effect.flip(
        Effect.provide(
          Effect.flatMap(WechatPay.WechatPayClient, (c) => c.execute(CreateThing, { out_request_no: "R-1" })),
          clientLayer(client, { retry: false })
        )
      )
      expect(error).toMatchObject({ _tag: "DecodeError", path: "" })
      expect((error as WechatPayError.DecodeError).body).toBeUndefined()
    })
  )
})
