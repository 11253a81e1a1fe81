import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-wechatpay/crypto"
import { Cause, Effect, Exit, Layer, Option, Redacted, Schema } from "effect"
import { HttpClient } from "effect/http"
import * as Endpoint from "../src/Endpoint.js"
import * as NodeTransport from "../src/NodeTransport.js"
import * as WechatPay from "../src/WechatPay.js"
import { recordingLogger, recordingTracer, withLogger } from "./recording.js"
import { API_V3_KEY, clientLayer, merchant, options, PUBLIC_KEY_ID, type Seen, stub, wechatpay } from "./stub.js"

const Thing = Endpoint.make({
  name: "Test.getThing",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "GET",
  path: "/v3/test/things/{id}",
  request: Schema.Struct({ id: Schema.String.check(Schema.isMinLength(1)) }),
  response: Schema.Struct({ id: Schema.String }),
  errors: [{ status: 400, code: "PARAM_ERROR" }]
})

const privateKeyLines = Redacted.value(merchant.privateKey)
  .split("\n")
  .filter((line) => line.length > 16 && !line.startsWith("-----"))
const secrets = [API_V3_KEY, ...privateKeyLines, ...privateKeyLines.map((l) => l.slice(10, 30))]

/**
 * Five calls through `layer` (a success, an API error, a forged response signature, an input that fails validation,
 * a timeout), every failure logged with its cause and the client itself logged, under a recording tracer that records
 * every header: then no secret, request signature or Authorization appears in the spans, the logs, or the JSON or
 * inspect of the exits.
 */
const noLeaks = (
  layer: Layer.Layer<WechatPay.WechatPayClient, unknown>,
  seen: Effect.Effect<ReadonlyArray<Seen>>,
  firstRequestId: string
) =>
  Effect.gen(function* () {
    const { dump, spans, tracer } = recordingTracer()
    const { lines, logger } = recordingLogger()
    const exits = yield* Effect.gen(function* () {
      const c = yield* WechatPay.WechatPayClient
      const results: Array<Exit.Exit<unknown, unknown>> = []
      for (const id of ["ok", "bad", "forged", "", "slow"]) {
        const exit = yield* Effect.exit(c.execute(Thing, { id }))
        if (Exit.isFailure(exit)) yield* Effect.logError("call failed", exit.cause)
        results.push(exit)
      }
      yield* Effect.logDebug("client", c)
      return results
    }).pipe(
      Effect.provide(layer),
      Effect.withTracer(tracer),
      // Every header on the client spans (effect 4 records none by default): the redaction must hold anyway.
      Effect.provideService(HttpClient.TracerHeaderFilter, () => true),
      withLogger(logger)
    )
    const tagOf = (exit: Exit.Exit<unknown, unknown>) =>
      Exit.isSuccess(exit)
        ? "ok"
        : Option.match(Cause.findErrorOption(exit.cause), {
            onNone: () => "no typed failure",
            onSome: (error) => (error as { readonly _tag: string })._tag
          })
    expect(exits.map(tagOf)).toEqual([
      "ok",
      "ParamError",
      "SignatureVerificationError",
      "RequestValidationError",
      "TransportError"
    ])
    expect(lines.filter((line) => line.includes("call failed"))).toHaveLength(4)
    expect(lines.some((line) => line.startsWith("Debug") && line.includes("client"))).toBe(true)

    const requestSignatures = (yield* seen).map(
      (s) => /signature="([^"]+)"/.exec(s.headers["authorization"] ?? "")![1]!
    )
    expect(requestSignatures).toHaveLength(4)
    const everything = [
      dump(),
      lines.join("\n"),
      ...exits.map((e) => `${Util.inspect(e, { depth: 20 })} ${JSON.stringify(e)}`)
    ].join("\n")
    for (const secret of [...secrets, ...requestSignatures.map((s) => s.slice(0, 40))]) {
      expect(everything).not.toContain(secret)
    }
    expect(everything).not.toMatch(/WECHATPAY2-SHA256-RSA2048 mchid=/)

    const operation = spans.filter((s) => s.name === "Test.getThing")
    expect(operation).toHaveLength(5)
    expect(operation[0]!.attributes.get("http.request.method")).toBe("GET")
    expect(operation[0]!.attributes.get("url.template")).toBe("/v3/test/things/{id}")
    expect(operation[0]!.attributes.get("http.response.status_code")).toBe(200)
    expect(operation[0]!.attributes.get("wechatpay.request_id")).toBe(firstRequestId)
    expect(operation[1]!.attributes.get("wechatpay.code")).toBe("PARAM_ERROR")
    const http = spans.filter((s) => s.name === "GET")
    expect(http).toHaveLength(4)
    for (const span of http) {
      expect(span.attributes.get("http.request.header.authorization")).toBe("<redacted>")
    }
    expect(http[0]!.attributes.get("http.response.header.wechatpay-signature")).toBe("<redacted>")
  })

describe("secrets and signatures never leak into errors, logs or spans", () => {
  it.live("over a stub HttpClient: successes, API errors, verification failures, validation failures, timeouts", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* stub([
        { status: 200, body: '{"id":"T1"}' },
        { status: 400, body: '{"code":"PARAM_ERROR","message":"bad","detail":{"field":"/id","value":"x"}}' },
        { status: 200, body: '{"id":"T1"}', headers: { "wechatpay-signature": "AAAA" } },
        { status: 200, body: '{"id":"T1"}', delayMillis: 500 }
      ])
      yield* noLeaks(clientLayer(client, { retry: false, timeout: "100 millis" }), seen, "req-0")
    })
  )

  it.live("over NodeTransport on loopback (its own spans and its own timer), the same", () =>
    Effect.gen(function* () {
      const seen: Array<Seen> = []
      const server = Http.createServer((request, response) => {
        seen.push({
          method: request.method ?? "",
          target: request.url ?? "",
          headers: request.headers as Record<string, string>,
          body: ""
        })
        const id = request.url?.split("/").at(-1) ?? ""
        const body =
          id === "bad"
            ? '{"code":"PARAM_ERROR","message":"bad","detail":{"field":"/id","value":"x"}}'
            : JSON.stringify({ id })
        void Effect.runPromise(
          Testing.signResponse({ privateKey: wechatpay.privateKey, serial: PUBLIC_KEY_ID, body })
        ).then((signed) => {
          const answer = () => {
            if (response.destroyed) return
            response.writeHead(id === "bad" ? 400 : 200, {
              "content-type": "application/json",
              "request-id": `req-${id}`,
              ...signed,
              ...(id === "forged" ? { "wechatpay-signature": "AAAA" } : {})
            })
            response.end(body)
          }
          if (id === "slow") setTimeout(answer, 500)
          else answer()
        })
      })
      yield* Effect.acquireRelease(
        Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
        () =>
          Effect.promise(() => {
            server.closeAllConnections()
            return new Promise((resolve) => server.close(resolve))
          })
      )
      const layer = WechatPay.layer({
        ...options,
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        retry: false,
        timeout: "100 millis"
      }).pipe(Layer.provide(NodeTransport.layer()))
      yield* noLeaks(
        layer,
        Effect.sync(() => seen),
        "req-ok"
      )
    })
  )
})
