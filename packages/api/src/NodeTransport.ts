/**
 * A lean node:http(s) `HttpClient` for WeChat Pay's small JSON exchanges: keep-alive agents, one callback-driven
 * round trip per request, the response body read completely (up to a limit) before the response is returned.
 *
 * It is an ordinary `@effect/platform` `HttpClient`, so it can stand in for `NodeHttpClient.layer` anywhere; what it
 * saves is measured in `docs/performance.md` (`@effect/platform-node`'s client forks two fibers per request, builds
 * a `URL`, registers an `AbortController`, rebuilds the headers on every access and reads the body through a
 * cached Effect).
 *
 * @example
 * ```ts
 * import { NodeTransport, WechatPay } from "@effect-wechatpay/api"
 * import { Layer } from "effect"
 *
 * declare const options: WechatPay.Options
 * const WechatPayLive = WechatPay.layer(options).pipe(Layer.provide(NodeTransport.layer()))
 * ```
 *
 * @since 0.1.0
 */
import * as Http from "node:http"
import * as Https from "node:https"
import { Readable } from "node:stream"
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { pipeArguments } from "effect/Pipeable"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { annotateRequest, type Direct, register } from "./internal/direct.js"
import { type Target, targetOf } from "./internal/url.js"

/**
 * Options of the transport.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Options of the node:http and node:https agents the transport creates (and destroys with its scope). Default
   * `{ keepAlive: true, timeout: 60_000 }`: with a socket timeout set, Node retires idle sockets on the server's
   * `Keep-Alive: timeout=…` hint instead of reusing one the server is closing.
   */
  readonly agent?: Https.AgentOptions
  /**
   * The largest response body read, in bytes (default 8 MiB); a longer body fails with a `ResponseError`
   * (`Decode`) and its connection is closed.
   */
  readonly maxResponseBytes?: number
}

/**
 * The `code` of the error a response body over `maxResponseBytes` fails with (the `cause` of its `ResponseError`):
 * the client does not retry it, since a body over the limit is not transient.
 *
 * @since 0.1.0
 * @category constants
 */
export const RESPONSE_TOO_LARGE = "ERR_WECHATPAY_RESPONSE_TOO_LARGE"

/**
 * The default `maxResponseBytes`: 8 MiB.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024

/**
 * A transport over node:http and node:https with agents made from `options.agent`; the agents are destroyed when
 * the scope closes.
 *
 * @param options agents and limits
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => {
        const agentOptions = options.agent ?? { keepAlive: true, timeout: 60_000 }
        return { http: new Http.Agent(agentOptions), https: new Https.Agent(agentOptions) }
      }),
      (agents) =>
        Effect.sync(() => {
          agents.http.destroy()
          agents.https.destroy()
        })
    ),
    (agents) => fromAgents(agents, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)
  )

/**
 * The transport as a layer of `HttpClient.HttpClient`.
 *
 * @param options agents and limits
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  Layer.scoped(HttpClient.HttpClient, make(options))

interface Agents {
  readonly http: Http.Agent
  readonly https: Https.Agent
}

const fromAgents = (agents: Agents, maxResponseBytes: number): HttpClient.HttpClient => {
  // The executor's fast path (see internal/direct.ts): the round trip alone, bounded by a timer in its callbacks.
  const direct: Direct = (request, target, headers, timeoutMillis) =>
    Effect.map(
      exchange(agents, maxResponseBytes, request, target, headers, request.body, {
        millis: timeoutMillis,
        error: undefined
      }),
      (response) => ({ status: response.status, rawHeaders: response.rawHeaders, bytes: response.bytes })
    )
  return register(
    HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
      (effect) => Effect.flatMap(effect, (request) => send(agents, maxResponseBytes, request)),
      Effect.succeed
    ),
    direct
  )
}

// Tracing, as `HttpClient.make` does it: an `http.client` span per request (unless the tracer is off or disabled for
// the request), trace propagation headers unless `withTracerPropagation(false)`. Request and response headers are
// not recorded as span attributes.
const send = (
  agents: Agents,
  maxResponseBytes: number,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.withFiberRuntime((fiber) => {
    const target = targetOf(request)
    if (Either.isLeft(target)) {
      return Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: target.left }))
    }
    const tracerOff =
      !fiber.getFiberRef(FiberRef.currentTracerEnabled) ||
      fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)(request)
    if (tracerOff) return roundTrip(agents, maxResponseBytes, request, target.right, request.headers)
    const name = Context.get(fiber.currentContext, HttpClient.SpanNameGenerator)(request)
    return Effect.useSpan(name, { kind: "client", captureStackTrace: false }, (span) => {
      annotateRequest(span, request.method, target.right)
      const headers = fiber.getFiberRef(HttpClient.currentTracerPropagation)
        ? { ...request.headers, ...HttpTraceContext.toHeaders(span) }
        : request.headers
      return Effect.tap(
        Effect.withParentSpan(roundTrip(agents, maxResponseBytes, request, target.right, headers), span),
        (response) => span.attribute("http.response.status_code", response.status)
      )
    })
  })

const roundTrip = (
  agents: Agents,
  maxResponseBytes: number,
  request: HttpClientRequest.HttpClientRequest,
  target: Target,
  headers: Record<string, string>
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  const body = request.body
  if (body._tag === "Stream") {
    return Effect.flatMap(
      Effect.mapError(
        Stream.toReadableStreamEffect(body.stream),
        (cause) => new HttpClientError.RequestError({ request, reason: "Encode", cause })
      ),
      (readable) => exchange(agents, maxResponseBytes, request, target, headers, Readable.fromWeb(readable as never))
    )
  }
  return exchange(agents, maxResponseBytes, request, target, headers, body)
}

type Outgoing = HttpClientRequest.HttpClientRequest["body"] | Readable

const exchange = <T = never>(
  agents: Agents,
  maxResponseBytes: number,
  request: HttpClientRequest.HttpClientRequest,
  target: Target,
  headers: Record<string, string>,
  body: Outgoing,
  timeout?: { readonly millis: number; readonly error: T }
): Effect.Effect<BufferedResponse, HttpClientError.HttpClientError | T> =>
  Effect.async<BufferedResponse, HttpClientError.HttpClientError | T>((resume) => {
    let settled = false
    let nodeRequest: Http.ClientRequest
    let timer: ReturnType<typeof setTimeout> | undefined
    const fail = (error: HttpClientError.HttpClientError | T) => {
      if (settled) return
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      nodeRequest.destroy()
      resume(Effect.fail(error))
    }
    const requestError = (cause: unknown, reason: "Transport" | "Encode" = "Transport") =>
      fail(new HttpClientError.RequestError({ request, reason, cause }))

    const onResponse = (incoming: Http.IncomingMessage) => {
      const chunks: Array<Buffer> = []
      let length = 0
      // Read now: on a keep-alive connection Node detaches the socket from the message when the body ends.
      const remoteAddress = incoming.socket?.remoteAddress
      const responseError = (cause: unknown, description?: string) => {
        const response = new BufferedResponse(request, incoming, Buffer.alloc(0), remoteAddress)
        fail(
          new HttpClientError.ResponseError({
            request,
            response,
            reason: "Decode",
            cause,
            ...(description === undefined ? {} : { description })
          })
        )
      }
      incoming.on("data", (chunk: Buffer) => {
        length += chunk.length
        if (length > maxResponseBytes) {
          responseError(
            Object.assign(new Error(`response body longer than ${maxResponseBytes} bytes`), {
              code: RESPONSE_TOO_LARGE
            }),
            `response body longer than ${maxResponseBytes} bytes`
          )
          return
        }
        chunks.push(chunk)
      })
      incoming.on("error", (cause) => responseError(cause))
      incoming.on("close", () => {
        if (!incoming.complete) responseError(new Error("the connection closed before the response ended"))
      })
      incoming.on("end", () => {
        if (settled) return
        settled = true
        if (timer !== undefined) clearTimeout(timer)
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)
        resume(Effect.succeed(new BufferedResponse(request, incoming, bytes, remoteAddress)))
      })
    }

    try {
      const secure = target.protocol === "https:"
      const requestOptions: Http.RequestOptions = {
        agent: secure ? agents.https : agents.http,
        host: target.hostname,
        method: request.method,
        path: target.path,
        headers
      }
      if (target.port !== "") requestOptions.port = Number(target.port)
      nodeRequest = secure ? Https.request(requestOptions, onResponse) : Http.request(requestOptions, onResponse)
    } catch (cause) {
      resume(Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause })))
      return
    }
    nodeRequest.on("error", (cause) => requestError(cause))
    // The per-attempt timeout of the executor's fast path: a timer here instead of a fiber racing this one.
    if (timeout !== undefined) timer = setTimeout(() => fail(timeout.error), timeout.millis)

    if (body instanceof Readable) {
      body.on("error", (cause) => requestError(cause, "Encode"))
      body.pipe(nodeRequest)
    } else {
      switch (body._tag) {
        case "Empty":
          nodeRequest.end()
          break
        case "Uint8Array":
          nodeRequest.end(body.body)
          break
        case "Raw": {
          const raw = body.body
          if (typeof raw === "string" || raw instanceof Uint8Array) nodeRequest.end(raw)
          else if (raw instanceof Readable) {
            raw.on("error", (cause) => requestError(cause, "Encode"))
            raw.pipe(nodeRequest)
          } else {
            requestError(new TypeError("a Raw body must be a string, a Uint8Array or a Readable"), "Encode")
          }
          break
        }
        case "FormData": {
          const encoded = new Response(body.formData)
          encoded.headers.forEach((value, key) => {
            nodeRequest.setHeader(key, value)
          })
          const readable = Readable.fromWeb(encoded.body as never)
          readable.on("error", (cause) => requestError(cause, "Encode"))
          readable.pipe(nodeRequest)
          break
        }
        case "Stream":
          // Streams are turned into a Readable before the exchange.
          requestError(new TypeError("unexpected Stream body"), "Encode")
          break
      }
    }
    return Effect.sync(() => {
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      nodeRequest.destroy()
    })
  })

/** A response whose body has been read completely. */
class BufferedResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly status: number
  readonly remoteAddress: Option.Option<string>
  private cachedHeaders: Headers.Headers | undefined
  private cachedCookies: Cookies.Cookies | undefined
  private cachedText: string | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    private readonly source: Http.IncomingMessage,
    readonly bytes: Buffer,
    remoteAddress: string | undefined
  ) {
    super()
    this.status = source.statusCode ?? 0
    this.remoteAddress = Option.fromNullable(remoteAddress)
  }

  get headers(): Headers.Headers {
    this.cachedHeaders ??= Headers.fromInput(this.source.headers as Headers.Input)
    return this.cachedHeaders
  }

  /** The headers as node:http parsed them. */
  get rawHeaders(): Http.IncomingHttpHeaders {
    return this.source.headers
  }

  get cookies(): Cookies.Cookies {
    this.cachedCookies ??= Cookies.fromSetCookie(this.source.headers["set-cookie"] ?? [])
    return this.cachedCookies
  }

  private decodeError(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.sync(() => {
      this.cachedText ??= this.bytes.toString("utf8")
      return this.cachedText
    })
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({ try: () => (text === "" ? null : JSON.parse(text)), catch: (cause) => this.decodeError(cause) })
    )
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => UrlParams.fromInput(new URLSearchParams(text)),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    // A copy: the bytes may sit in Node's shared allocation pool.
    return Effect.sync(
      () => this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength) as ArrayBuffer
    )
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.succeed(new Uint8Array(this.bytes))
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.tryPromise({
      try: () => new Response(new Uint8Array(this.bytes), { headers: this.headers as HeadersInit }).formData(),
      catch: (cause) => this.decodeError(cause)
    })
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }

  pipe() {
    // biome-ignore lint/complexity/noArguments: Pipeable's contract
    return pipeArguments(this, arguments)
  }
}
