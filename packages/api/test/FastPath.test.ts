/**
 * NodeTransport under the client: an ordinary HttpClient under the signing middleware, the one exchange pipeline,
 * whose round trip runs the attempt's timeout as a timer of its own when the client hands it the deadline (an
 * unwrapped NodeTransport under the live clock). On a loopback server that signs its answers.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it, vi } from "@effect/vitest"
import { Testing } from "@effect-wechatpay/crypto"
import { Clock, Duration, Effect, Fiber, Layer, Option, Schema } from "effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import { TestClock } from "effect/testing"
import * as Endpoint from "../src/Endpoint.js"
import * as NodeTransport from "../src/NodeTransport.js"
import * as WechatPay from "../src/WechatPay.js"
import { recordingTracer } from "./recording.js"
import { options, PUBLIC_KEY_ID, type Seen, verifyAuthorization, wechatpay } from "./stub.js"

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

const Create = Endpoint.make({
  name: "Test.create",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "POST",
  path: "/v3/test/things",
  request: Schema.Struct({ out_request_no: Schema.String, name: Schema.String }),
  response: Schema.Struct({ id: Schema.String }),
  errors: [{ status: 400, code: "PARAM_ERROR" }],
  idempotency: { key: "out_request_no", scope: [], conflict: "PARAM_ERROR" }
})

interface Server {
  readonly origin: string
  readonly seen: Array<Seen>
  /** Requests whose connection closed before they were answered. */
  readonly abandoned: () => number
  /** Resolves when the first request has arrived. */
  readonly arrived: Promise<void>
}

/**
 * A loopback gateway answering `{"id":…}` (the last path segment) signed with the WeChat Pay key, after `delayMillis`
 * for ids starting with "slow"; ids starting with "never" are never answered.
 */
const serve = (delayMillis = 0) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: Http.Server; readonly info: Server }>((resume) => {
      const seen: Array<Seen> = []
      let abandoned = 0
      let arrive!: () => void
      const arrived = new Promise<void>((resolve) => {
        arrive = resolve
      })
      const server = Http.createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8")
          seen.push({
            method: request.method ?? "",
            target: request.url ?? "",
            headers: request.headers as Record<string, string>,
            body
          })
          arrive()
          response.on("close", () => {
            if (!response.writableEnded) abandoned++
          })
          const id = decodeURIComponent(request.url?.split("?")[0]?.split("/").at(-1) ?? "")
          const answer = JSON.stringify({ id: request.method === "POST" ? "created" : id })
          const send = () =>
            Effect.runPromise(
              Testing.signResponse({ privateKey: wechatpay.privateKey, serial: PUBLIC_KEY_ID, body: answer })
            ).then((signed) => {
              if (response.destroyed) return
              response.writeHead(200, { "content-type": "application/json", "request-id": "req-1", ...signed })
              response.end(answer)
            })
          if (id.startsWith("never")) return
          if (id.startsWith("slow")) setTimeout(send, delayMillis)
          else void send()
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        resume(Effect.succeed({ server, info: { origin, seen, abandoned: () => abandoned, arrived } }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ info }) => info))

const clientOver = (
  server: Server,
  transport: Layer.Layer<HttpClient.HttpClient>,
  overrides: Partial<WechatPay.Options> = {}
) => WechatPay.layer({ ...options, baseUrl: server.origin, ...overrides }).pipe(Layer.provide(transport))

/** NodeTransport behind a middleware: a new client object, which no longer runs the timeout itself. */
const wrappedNodeTransport = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(
    HttpClient.HttpClient,
    HttpClient.mapRequest((request) => request)
  )
).pipe(Layer.provide(NodeTransport.layer()))

const getThing = (id: string) => Effect.flatMap(WechatPay.WechatPayClient, (c) => c.execute(Thing, { id }))

/**
 * Runs `self` with the fiber's clock's `sleep` spied on: the durations (millis) of every sleep it started. A fiber
 * timeout (`Effect.timeoutOrElse`) races the attempt against such a sleep; NodeTransport's own timer is not one.
 */
const sleepsDuring = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const clock = yield* Clock.Clock
    const sleeps: Array<number> = []
    const sleep = clock.sleep
    const spy = vi.spyOn(clock, "sleep").mockImplementation((duration) => {
      sleeps.push(Duration.toMillis(duration))
      return sleep.call(clock, duration)
    })
    const result = yield* Effect.ensuring(
      self,
      Effect.sync(() => spy.mockRestore())
    )
    return { result, sleeps }
  })

describe("the same request over NodeTransport as over any HttpClient", () => {
  it.live("method, target, body and headers are identical, and both signatures verify over what was sent", () =>
    Effect.gen(function* () {
      const server = yield* serve()
      const calls = Effect.gen(function* () {
        const c = yield* WechatPay.WechatPayClient
        return [
          yield* c.execute(Thing, { id: "A/b c?d#é" }),
          yield* c.execute(Create, { out_request_no: "满减-1", name: "x y" })
        ]
      })
      const overNode = yield* Effect.provide(calls, clientOver(server, NodeTransport.layer()))
      const overFetch = yield* Effect.provide(calls, clientOver(server, FetchHttpClient.layer))
      expect(overNode).toEqual([{ id: "A/b c?d#é" }, { id: "created" }])
      expect(overFetch).toEqual(overNode)
      expect(server.seen).toHaveLength(4)
      const shape = (seen: Seen) => ({
        method: seen.method,
        target: seen.target,
        body: seen.body,
        accept: seen.headers["accept"],
        contentType: seen.headers["content-type"],
        userAgent: seen.headers["user-agent"]
      })
      const [nodeGet, nodePost, fetchGet, fetchPost] = server.seen as [Seen, Seen, Seen, Seen]
      expect(shape(nodeGet)).toEqual(shape(fetchGet))
      expect(shape(nodePost)).toEqual(shape(fetchPost))
      expect(nodeGet.target).toBe("/v3/test/things/A%2Fb%20c%3Fd%23%C3%A9")
      expect(nodePost.body).toBe('{"out_request_no":"满减-1","name":"x y"}')
      for (const seen of server.seen) expect(verifyAuthorization(seen)).toBe(true)
    })
  )
})

describe("the attempt's timeout", () => {
  it.live("over NodeTransport: a TransportError Timeout from its timer, no fiber racing it, the socket given up", () =>
    Effect.gen(function* () {
      const server = yield* serve(5_000)
      const started = Date.now()
      const { result, sleeps } = yield* sleepsDuring(
        Effect.flip(
          Effect.provide(
            getThing("slow"),
            clientOver(server, NodeTransport.layer(), { timeout: "100 millis", retry: false })
          )
        )
      )
      expect(result).toMatchObject({ _tag: "TransportError", reason: "Timeout", path: "/v3/test/things/{id}" })
      expect(result.message).toBe(
        "GET /v3/test/things/{id}: no response within 100ms (1 attempt); change the time per attempt with the client's `timeout` option, the number of attempts with `retry: { attempts }`, or bound the whole call with `deadline`"
      )
      expect(Date.now() - started).toBeLessThan(4_000)
      expect(sleeps).toEqual([])
      // The server sees the socket close a moment later; on a loaded machine that takes more than a fixed pause.
      for (let waited = 0; server.abandoned() === 0 && waited < 5_000; waited += 20) yield* Effect.sleep("20 millis")
      expect(server.abandoned()).toBe(1)
    })
  )

  it.live("over NodeTransport: retried after the timer's timeout, each attempt bounded", () =>
    Effect.gen(function* () {
      const server = yield* serve(300)
      const error = yield* Effect.flip(
        Effect.provide(
          getThing("slow"),
          clientOver(server, NodeTransport.layer(), { timeout: "50 millis", retry: { attempts: 2, base: "1 millis" } })
        )
      )
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout", path: "/v3/test/things/{id}" })
      expect(server.seen).toHaveLength(2)
    })
  )

  it.live.each([
    ["a wrapped NodeTransport", wrappedNodeTransport],
    ["FetchHttpClient", FetchHttpClient.layer]
  ] as const)("over %s: the same TransportError Timeout, from a fiber timeout", ([_name, transport]) =>
    Effect.gen(function* () {
      const server = yield* serve(2_000)
      const started = Date.now()
      const { result, sleeps } = yield* sleepsDuring(
        Effect.flip(
          Effect.provide(getThing("slow"), clientOver(server, transport, { timeout: "100 millis", retry: false }))
        )
      )
      expect(result).toMatchObject({ _tag: "TransportError", reason: "Timeout", path: "/v3/test/things/{id}" })
      expect(result.message).toBe(
        "GET /v3/test/things/{id}: no response within 100ms (1 attempt); change the time per attempt with the client's `timeout` option, the number of attempts with `retry: { attempts }`, or bound the whole call with `deadline`"
      )
      expect(Date.now() - started).toBeLessThan(1_500)
      expect(sleeps).toEqual([100])
    })
  )

  it.effect("under a TestClock: the timeout is the fiber's, driven by the TestClock, even over NodeTransport", () =>
    Effect.gen(function* () {
      const server = yield* serve()
      const fiber = yield* Effect.forkChild(
        Effect.flip(Effect.provide(getThing("never"), clientOver(server, NodeTransport.layer(), { retry: false })))
      )
      yield* Effect.promise(() => server.arrived)
      // The default 10 seconds pass on the TestClock alone: no real timer stands for them.
      yield* TestClock.adjust("10 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
      expect(error.message).toBe(
        "GET /v3/test/things/{id}: no response within 10s (1 attempt); change the time per attempt with the client's `timeout` option, the number of attempts with `retry: { attempts }`, or bound the whole call with `deadline`"
      )
    })
  )
})

describe("tracing over NodeTransport", () => {
  it.live("one client span under the operation span, its trace context sent as traceparent and b3", () =>
    Effect.gen(function* () {
      const server = yield* serve()
      const { spans, tracer } = recordingTracer()
      const thing = yield* getThing("T1").pipe(
        Effect.provide(clientOver(server, NodeTransport.layer())),
        Effect.withTracer(tracer)
      )
      expect(thing).toEqual({ id: "T1" })
      expect(spans.map((s) => [s.name, s.kind])).toEqual([
        ["Test.getThing", "client"],
        ["GET", "client"]
      ])
      const [operation, http] = spans as [(typeof spans)[0], (typeof spans)[0]]
      expect(Option.map(http.parent, (p) => p.spanId)).toEqual(Option.some(operation.spanId))
      expect(Object.fromEntries(operation.attributes)).toMatchObject({
        "http.request.method": "GET",
        "url.template": "/v3/test/things/{id}",
        "http.response.status_code": 200,
        "wechatpay.request_id": "req-1"
      })
      expect(Object.fromEntries(http.attributes)).toMatchObject({
        "http.request.method": "GET",
        "server.address": "127.0.0.1",
        "url.full": `${server.origin}/v3/test/things/T1`,
        "url.path": "/v3/test/things/T1",
        "url.scheme": "http",
        "http.response.status_code": 200
      })
      const traceId = "trace".padStart(32, "0")
      expect(server.seen[0]?.headers["traceparent"]).toBe(`00-${traceId}-${http.spanId}-01`)
      expect(server.seen[0]?.headers["b3"]).toBe(`trace-${http.spanId}-1-${operation.spanId}`)
    })
  )

  it.live("propagation off: the spans, no trace headers", () =>
    Effect.gen(function* () {
      const server = yield* serve()
      const { spans, tracer } = recordingTracer()
      yield* getThing("T1").pipe(
        Effect.provide(clientOver(server, NodeTransport.layer())),
        Effect.withTracer(tracer),
        Effect.provideService(HttpClient.TracerPropagationEnabled, false)
      )
      expect(spans.map((s) => s.name)).toEqual(["Test.getThing", "GET"])
      expect(server.seen[0]?.headers["traceparent"]).toBeUndefined()
      expect(server.seen[0]?.headers["b3"]).toBeUndefined()
    })
  )

  it.live("the tracer disabled: no span, no trace headers", () =>
    Effect.gen(function* () {
      const server = yield* serve()
      const { spans, tracer } = recordingTracer()
      const thing = yield* getThing("T1").pipe(
        Effect.provide(clientOver(server, NodeTransport.layer())),
        Effect.withTracer(tracer),
        Effect.withTracerEnabled(false)
      )
      expect(thing).toEqual({ id: "T1" })
      expect(spans).toEqual([])
      expect(server.seen[0]?.headers["traceparent"]).toBeUndefined()
    })
  )
})
