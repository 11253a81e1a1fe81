/**
 * The executor's fast path over `NodeTransport` (a node:http round trip, the timeout a timer in its callbacks, one
 * span per call), on a loopback server that signs its answers.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-wechatpay/crypto"
import { Effect, Layer, Schema } from "effect"
import * as Endpoint from "../src/Endpoint.js"
import * as NodeTransport from "../src/NodeTransport.js"
import * as WechatPay from "../src/WechatPay.js"
import { recordingTracer } from "./recording.js"
import { options, PUBLIC_KEY_ID, wechatpay } from "./stub.js"

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

/** A loopback server answering `{"id":…}` signed, after `delayMillis` for ids starting with "slow". */
const serve = (delayMillis: number) =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: Http.Server; readonly seen: Array<Http.IncomingHttpHeaders> }>((resume) => {
      const seen: Array<Http.IncomingHttpHeaders> = []
      const server = Http.createServer((request, response) => {
        seen.push(request.headers)
        const body = JSON.stringify({ id: request.url?.split("/").at(-1) ?? "" })
        const answer = () =>
          Effect.runPromise(
            Testing.signResponse({ privateKey: wechatpay.privateKey, serial: PUBLIC_KEY_ID, body })
          ).then((signed) => {
            response.writeHead(200, { "content-type": "application/json", "request-id": "req-1", ...signed })
            response.end(body)
          })
        if (request.url?.includes("slow")) setTimeout(answer, delayMillis)
        else void answer()
      })
      server.listen(0, "127.0.0.1", () => {
        resume(Effect.succeed({ server, seen }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
      })
  )

const layerAt = (server: Http.Server, overrides: Partial<WechatPay.Options> = {}) =>
  WechatPay.layer({
    ...options,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ...overrides
  }).pipe(Layer.provide(NodeTransport.layer()))

describe("over NodeTransport itself", () => {
  it.scopedLive("one span per call, with the http.client attributes, propagated as traceparent", () =>
    Effect.gen(function* () {
      const { server, seen } = yield* serve(0)
      const { spans, tracer } = recordingTracer()
      const thing = yield* Effect.flatMap(WechatPay.WechatPayClient, (c) => c.execute(Thing, { id: "T1" })).pipe(
        Effect.provide(layerAt(server)),
        Effect.withTracer(tracer)
      )
      expect(thing).toEqual({ id: "T1" })
      expect(spans.map((s) => s.name)).toEqual(["Test.getThing"])
      const attributes = spans[0]!.attributes
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      expect(Object.fromEntries(attributes)).toMatchObject({
        "http.request.method": "GET",
        "url.template": "/v3/test/things/{id}",
        "server.address": origin,
        "url.full": `${origin}/v3/test/things/T1`,
        "url.path": "/v3/test/things/T1",
        "url.scheme": "http",
        "http.response.status_code": 200,
        "wechatpay.request_id": "req-1"
      })
      expect(seen[0]?.traceparent).toBe("00-trace-1-01")
    })
  )

  it.scopedLive("no traceparent when propagation is off", () =>
    Effect.gen(function* () {
      const { server, seen } = yield* serve(0)
      yield* Effect.flatMap(WechatPay.WechatPayClient, (c) => c.execute(Thing, { id: "T1" })).pipe(
        Effect.provide(layerAt(server)),
        Effect.locally(HttpClient.currentTracerPropagation, false)
      )
      expect(seen[0]?.traceparent).toBeUndefined()
    })
  )

  it.scopedLive("a slow answer: TransportError Timeout from the timer, retried, the socket given up", () =>
    Effect.gen(function* () {
      const { server, seen } = yield* serve(300)
      const error = yield* Effect.flatMap(WechatPay.WechatPayClient, (c) => c.execute(Thing, { id: "slow" })).pipe(
        Effect.provide(layerAt(server, { timeout: "50 millis", retry: { attempts: 2, base: "1 millis" } })),
        Effect.flip
      )
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout", path: "/v3/test/things/{id}" })
      expect(seen).toHaveLength(2)
    })
  )
})
