/**
 * The node:http(s) transport: keep-alive agents, one callback-driven round trip per request, the response body read
 * completely (up to a limit) before the response is returned, and the attempt's deadline (`AttemptDeadline`, when the
 * client sets it) as a timer inside the round trip's own callbacks.
 */
import * as Http from "node:http"
import * as Https from "node:https"
import { Readable } from "node:stream"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Cookies from "effect/http/Cookies"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as HttpTraceContext from "effect/http/HttpTraceContext"
import * as UrlParams from "effect/http/UrlParams"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import { pipeArguments } from "effect/Pipeable"
import * as References from "effect/References"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Socket from "effect/socket/Socket"
import * as Tracer from "effect/Tracer"
import {
  AttemptTimeoutError,
  BodyBytes,
  CurrentAttempt,
  DiscardBody,
  RawHeaders,
  RESPONSE_TOO_LARGE,
  RunsAttemptTimeout,
  StreamedBody
} from "./transport.js"
import { type Target, targetOf } from "./url.js"

/** Options of the transport (see `NodeTransport.Options`). */
export interface Options {
  readonly agent?: Https.AgentOptions | undefined
  readonly maxResponseBytes?: number | undefined
}

/** The default `maxResponseBytes`: 8 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024

interface Agents {
  readonly http: Http.Agent
  readonly https: Https.Agent
}

/** A transport with agents made from `options.agent`, destroyed when the scope closes. */
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

const fromAgents = (agents: Agents, maxResponseBytes: number): HttpClient.HttpClient => {
  const client = HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
    (effect) => Effect.flatMap(effect, (request) => send(agents, maxResponseBytes, request)),
    Effect.succeed
  )
  // The client's signal that this transport runs the attempt's deadline itself (a wrapped client is a new object
  // without it).
  Object.defineProperty(client, RunsAttemptTimeout, { value: true })
  return client
}

const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443 }

/**
 * The `http.client` span attributes of a request, as `HttpClient.make` sets them: `url.*` with the query parameters
 * in `UrlParams.CurrentRedactedNames` (and those given as `Redacted`) redacted, `server.address` the host,
 * `server.port` explicit or the scheme's default.
 */
const annotateRequest = (
  span: Tracer.Span,
  request: HttpClientRequest.HttpClientRequest,
  target: Target,
  urlRedactedNames: ReadonlyArray<string | RegExp>
): void => {
  const redactedParams = request.urlParams.params.filter(([, value]) => typeof value !== "string")
  const names =
    redactedParams.length === 0
      ? urlRedactedNames
      : [...urlRedactedNames, ...new URLSearchParams(redactedParams.map(([key]) => [key, ""])).keys()]
  const host = target.hostname.includes(":") ? `[${target.hostname}]` : target.hostname
  const hash = request.hash._tag === "Some" ? `#${request.hash.value}` : ""
  const queryStart = target.path.indexOf("?")
  const path = queryStart < 0 ? target.path : target.path.slice(0, queryStart)
  // The query redacted once (a URL parse), the full URL built around it.
  const query = queryStart < 0 ? "" : UrlParams.redactUrl(target.path.slice(queryStart), names).slice(1)
  const origin = `${target.protocol}//${host}${target.port === "" ? "" : `:${target.port}`}`
  span.attribute("http.request.method", request.method)
  span.attribute("url.full", `${origin}${path}${queryStart < 0 ? "" : `?${query}`}${hash}`)
  span.attribute("url.path", path)
  if (query !== "") span.attribute("url.query", query)
  span.attribute("url.scheme", target.protocol.slice(0, -1))
  span.attribute("server.address", target.hostname)
  span.attribute("server.port", target.port === "" ? DEFAULT_PORTS[target.protocol]! : Number(target.port))
}

/** Header attributes, as `HttpClient.make` records them: only those `TracerHeaderFilter` selects, redacted by name. */
const annotateHeaders = (
  span: Tracer.Span,
  phase: "request" | "response",
  headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>,
  filter: (name: string, phase: "request" | "response") => boolean,
  redactedNames: ReadonlyArray<string | RegExp>
): void => {
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined || !filter(name, phase)) continue
    span.attribute(
      `http.${phase}.header.${name}`,
      Headers.isRedactedName(name, redactedNames) ? "<redacted>" : typeof value === "string" ? value : value.join(", ")
    )
  }
}

const transportError = (request: HttpClientRequest.HttpClientRequest, cause: unknown, description?: string) =>
  new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError(
      description === undefined ? { request, cause } : { request, cause, description }
    )
  })

const encodeError = (request: HttpClientRequest.HttpClientRequest, cause: unknown) =>
  new HttpClientError.HttpClientError({ reason: new HttpClientError.EncodeError({ request, cause }) })

// Tracing, as `HttpClient.make` does it: a client span per request (unless the tracer is off, propagation is
// disabled or the request is excluded) with its attributes, the headers `TracerHeaderFilter` selects, trace headers
// unless propagation is off, and a 4xx/5xx answer marked as failed (`error.type`) though the response succeeds.
const send = (
  agents: Agents,
  maxResponseBytes: number,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.withFiber((fiber) => {
    const target = targetOf(request)
    if (Result.isFailure(target)) {
      return Effect.fail(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.InvalidUrlError({ request, cause: target.failure })
        })
      )
    }
    const attempt = fiber.getRef(CurrentAttempt)
    const deadline = attempt.deadline
    const streamed = fiber.getRef(StreamedBody)
    // What is left of the attempt's time: a pooled signature may have used some of it.
    const timeoutMillis = deadline === undefined ? undefined : Math.max(1, deadline - Date.now())
    const tracerOff =
      !fiber.getRef(References.TracerEnabled) ||
      fiber.getRef(Tracer.DisablePropagation) ||
      fiber.getRef(HttpClient.TracerDisabledWhen)(request)
    if (tracerOff) {
      return roundTrip(agents, maxResponseBytes, request, target.success, request.headers, timeoutMillis, streamed)
    }
    return Effect.useSpan(fiber.getRef(HttpClient.SpanNameGenerator)(request), { kind: "client" }, (span) => {
      annotateRequest(span, request, target.success, fiber.getRef(UrlParams.CurrentRedactedNames))
      const headerFilter = fiber.getRef(HttpClient.TracerHeaderFilter)
      const redactedHeaderNames = fiber.getRef(Headers.CurrentRedactedNames)
      annotateHeaders(span, "request", request.headers, headerFilter, redactedHeaderNames)
      const headers = fiber.getRef(HttpClient.TracerPropagationEnabled)
        ? { ...request.headers, ...HttpTraceContext.toHeaders(span) }
        : request.headers
      return Effect.map(
        Effect.withParentSpan(
          roundTrip(agents, maxResponseBytes, request, target.success, headers, timeoutMillis, streamed),
          span,
          { captureStackTrace: false }
        ),
        (response) => {
          span.attribute("http.response.status_code", response.status)
          annotateHeaders(span, "response", response.headers, headerFilter, redactedHeaderNames)
          if (response.status >= 400 && response.status < 600) {
            span.attribute("error.type", String(response.status))
            span.end(
              fiber.getRef(References.TracerTimingEnabled) ? fiber.getRef(Clock.Clock).currentTimeNanosUnsafe() : 0n,
              Exit.fail(
                new HttpClientError.HttpClientError({
                  reason: new HttpClientError.StatusCodeError({ request, response })
                })
              )
            )
          }
          return response
        }
      )
    })
  })

const roundTrip = (
  agents: Agents,
  maxResponseBytes: number,
  request: HttpClientRequest.HttpClientRequest,
  target: Target,
  headers: Readonly<Record<string, string>>,
  timeoutMillis: number | undefined,
  streamed: boolean
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  const body = request.body
  if (body._tag === "Stream") {
    return Effect.flatMap(
      Effect.mapError(Stream.toReadableStreamEffect(body.stream), (cause) => encodeError(request, cause)),
      (readable) =>
        exchange(
          agents,
          maxResponseBytes,
          request,
          target,
          headers,
          Readable.fromWeb(readable as never),
          timeoutMillis,
          streamed
        )
    )
  }
  return exchange(agents, maxResponseBytes, request, target, headers, body, timeoutMillis, streamed)
}

type Outgoing = HttpClientRequest.HttpClientRequest["body"] | Readable

const exchange = (
  agents: Agents,
  maxResponseBytes: number,
  request: HttpClientRequest.HttpClientRequest,
  target: Target,
  headers: Readonly<Record<string, string>>,
  body: Outgoing,
  timeoutMillis: number | undefined,
  streamed: boolean
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.callback<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>((resume) => {
    let settled = false
    let nodeRequest: Http.ClientRequest | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const fail = (error: HttpClientError.HttpClientError) => {
      if (settled) return
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      nodeRequest?.destroy()
      resume(Effect.fail(error))
    }
    const requestError = (cause: unknown) => fail(transportError(request, cause))

    const onResponse = (incoming: Http.IncomingMessage) => {
      if (streamed) {
        // The head is in: the attempt's timer stops here, the body is the caller's to read (or to discard).
        if (settled) return
        settled = true
        if (timer !== undefined) clearTimeout(timer)
        resume(Effect.succeed(new StreamedResponse(request, target, incoming, maxResponseBytes)))
        return
      }
      const chunks: Array<Buffer> = []
      let length = 0
      // Read now: on a keep-alive connection Node detaches the socket from the message when the body ends.
      const remoteAddress = incoming.socket?.remoteAddress
      const responseError = (cause: unknown, description?: string) => {
        const response = new BufferedResponse(request, target, incoming, Buffer.alloc(0), remoteAddress)
        fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.DecodeError(
              description === undefined ? { request, response, cause } : { request, response, cause, description }
            )
          })
        )
      }
      incoming.on("data", (chunk: Buffer) => {
        length += chunk.length
        if (length > maxResponseBytes) {
          const description = `response body longer than ${maxResponseBytes} bytes`
          responseError(Object.assign(new Error(description), { code: RESPONSE_TOO_LARGE }), description)
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
        const response = new BufferedResponse(request, target, incoming, bytes, remoteAddress)
        // Node hands the keep-alive socket back to the agent on the next tick after 'end'; resuming here would run the
        // caller's next request first (effect 4 resumes synchronously), on a second socket.
        process.nextTick(() => resume(Effect.succeed(response)))
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
      settled = true
      resume(Effect.fail(transportError(request, cause)))
      return
    }
    nodeRequest.on("error", requestError)
    // The attempt timeout, when the client hands it to this transport: a timer here instead of a fiber racing this one.
    if (timeoutMillis !== undefined) {
      timer = setTimeout(
        () =>
          fail(
            transportError(
              request,
              new AttemptTimeoutError({ millis: timeoutMillis }),
              `no response within ${timeoutMillis} ms`
            )
          ),
        timeoutMillis
      )
    }

    const pipeFrom = (readable: Readable) => {
      readable.on("error", (cause) => fail(encodeError(request, cause)))
      readable.pipe(nodeRequest!)
    }
    if (body instanceof Readable) {
      pipeFrom(body)
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
          else if (raw instanceof Readable) pipeFrom(raw)
          else fail(encodeError(request, new TypeError("a Raw body must be a string, a Uint8Array or a Readable")))
          break
        }
        case "FormData": {
          const encoded = new Response(body.formData)
          encoded.headers.forEach((value, key) => {
            nodeRequest!.setHeader(key, value)
          })
          pipeFrom(Readable.fromWeb(encoded.body as never))
          break
        }
        case "Stream":
          // Streams are turned into a Readable before the exchange.
          fail(encodeError(request, new TypeError("unexpected Stream body")))
          break
      }
    }
    return Effect.sync(() => {
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      nodeRequest?.destroy()
    })
  })

/**
 * A response returned as soon as its head is in (the client asked for a streamed body): `stream` reads the body from
 * the connection as it is pulled, with no size limit (the caller bounds it); `text`, `json` and the other readers
 * read it whole, bounded by `maxResponseBytes` (an error answer's body). Interrupting `stream` destroys the message.
 */
class StreamedResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: typeof HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: typeof HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly status: number
  readonly url: string
  readonly remoteAddress: Option.Option<string>
  private readonly head: BufferedResponse
  private buffered: Effect.Effect<BufferedResponse, HttpClientError.HttpClientError> | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    private readonly target: Target,
    private readonly source: Http.IncomingMessage,
    private readonly maxResponseBytes: number
  ) {
    super()
    const remoteAddress = source.socket?.remoteAddress
    this.head = new BufferedResponse(request, target, source, Buffer.alloc(0), remoteAddress)
    this.status = this.head.status
    this.url = this.head.url
    this.remoteAddress = this.head.remoteAddress
  }

  [DiscardBody](): void {
    this.source.destroy()
  }

  get headers(): Headers.Headers {
    return this.head.headers
  }

  get cookies(): Cookies.Cookies {
    return this.head.cookies
  }

  private decodeError(cause: unknown, description?: string): HttpClientError.HttpClientError {
    return new HttpClientError.HttpClientError({
      reason: new HttpClientError.DecodeError(
        description === undefined
          ? { request: this.request, response: this, cause }
          : { request: this.request, response: this, cause, description }
      )
    })
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.HttpClientError> {
    return Stream.fromAsyncIterable(this.source as AsyncIterable<Buffer>, (cause) => this.decodeError(cause))
  }

  /** The body read whole (once), bounded by `maxResponseBytes`, as a buffered response. */
  private get whole(): Effect.Effect<BufferedResponse, HttpClientError.HttpClientError> {
    this.buffered ??= Effect.cached(
      Effect.callback<BufferedResponse, HttpClientError.HttpClientError>((resume) => {
        const chunks: Array<Buffer> = []
        let length = 0
        let done = false
        const finish = (effect: Effect.Effect<BufferedResponse, HttpClientError.HttpClientError>) => {
          if (done) return
          done = true
          resume(effect)
        }
        this.source.on("data", (chunk: Buffer) => {
          length += chunk.length
          if (length > this.maxResponseBytes) {
            const description = `response body longer than ${this.maxResponseBytes} bytes`
            this.source.destroy()
            finish(
              Effect.fail(
                this.decodeError(Object.assign(new Error(description), { code: RESPONSE_TOO_LARGE }), description)
              )
            )
            return
          }
          chunks.push(chunk)
        })
        this.source.on("error", (cause) => finish(Effect.fail(this.decodeError(cause))))
        this.source.on("close", () => {
          if (!this.source.complete) finish(Effect.fail(this.decodeError(new Error("the connection closed early"))))
        })
        this.source.on("end", () =>
          finish(
            Effect.succeed(
              new BufferedResponse(
                this.request,
                this.target,
                this.source,
                Buffer.concat(chunks, length),
                this.source.socket?.remoteAddress
              )
            )
          )
        )
        return Effect.sync(() => this.source.destroy())
      })
    ).pipe(Effect.runSync)
    return this.buffered
  }

  get text(): Effect.Effect<string, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.whole, (response) => response.text)
  }

  get json(): Effect.Effect<Schema.Json, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.whole, (response) => response.json)
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.whole, (response) => response.urlParamsBody)
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.whole, (response) => response.arrayBuffer)
  }

  get formData(): Effect.Effect<FormData, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.whole, (response) => response.formData)
  }

  get upgrade(): Effect.Effect<Socket.Socket, HttpClientError.HttpClientError> {
    return this.head.upgrade
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "effect/http/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }

  pipe() {
    // biome-ignore lint/complexity/noArguments: Pipeable's contract
    return pipeArguments(this, arguments)
  }
}

/** A response whose body has been read completely. */
class BufferedResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: typeof HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: typeof HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [BodyBytes]: Buffer
  readonly [RawHeaders]: Http.IncomingHttpHeaders
  readonly status: number
  readonly url: string
  readonly remoteAddress: Option.Option<string>
  private cachedHeaders: Headers.Headers | undefined
  private cachedCookies: Cookies.Cookies | undefined
  private cachedText: string | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    target: Target,
    private readonly source: Http.IncomingMessage,
    readonly bytes: Buffer,
    remoteAddress: string | undefined
  ) {
    super()
    this[BodyBytes] = bytes
    this[RawHeaders] = source.headers
    this.status = source.statusCode ?? 0
    this.url = `${target.protocol}//${target.hostname.includes(":") ? `[${target.hostname}]` : target.hostname}${target.port === "" ? "" : `:${target.port}`}${target.path}`
    this.remoteAddress = Option.fromNullishOr(remoteAddress)
  }

  get headers(): Headers.Headers {
    this.cachedHeaders ??= Headers.fromInput(this.source.headers as Headers.Input)
    return this.cachedHeaders
  }

  get cookies(): Cookies.Cookies {
    this.cachedCookies ??= Cookies.fromSetCookie(this.source.headers["set-cookie"] ?? [])
    return this.cachedCookies
  }

  private decodeError(cause: unknown): HttpClientError.HttpClientError {
    return new HttpClientError.HttpClientError({
      reason: new HttpClientError.DecodeError({ request: this.request, response: this, cause })
    })
  }

  get text(): Effect.Effect<string, HttpClientError.HttpClientError> {
    return Effect.sync(() => {
      this.cachedText ??= this.bytes.toString("utf8")
      return this.cachedText
    })
  }

  get json(): Effect.Effect<Schema.Json, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({ try: () => (text === "" ? null : JSON.parse(text)), catch: (cause) => this.decodeError(cause) })
    )
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => UrlParams.fromInput(new URLSearchParams(text.replace(/^\?/, "%3F"))),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.HttpClientError> {
    // A copy: the bytes may sit in Node's shared allocation pool.
    return Effect.sync(
      () => this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength) as ArrayBuffer
    )
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.HttpClientError> {
    return Stream.succeed(new Uint8Array(this.bytes))
  }

  get formData(): Effect.Effect<FormData, HttpClientError.HttpClientError> {
    return Effect.tryPromise({
      try: () =>
        new Response(new Uint8Array(this.bytes), { headers: this.source.headers as Record<string, string> }).formData(),
      catch: (cause) => this.decodeError(cause)
    })
  }

  get upgrade(): Effect.Effect<Socket.Socket, HttpClientError.HttpClientError> {
    return Effect.fail(
      new HttpClientError.HttpClientError({
        reason: new HttpClientError.StatusCodeError({
          request: this.request,
          response: this,
          description: "NodeTransport does not upgrade connections"
        })
      })
    )
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "effect/http/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }

  pipe() {
    // biome-ignore lint/complexity/noArguments: Pipeable's contract
    return pipeArguments(this, arguments)
  }
}
