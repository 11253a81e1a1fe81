/**
 * The client: one pipeline (sign, send, read the body once as bytes, verify a 2xx over those bytes) serves both the
 * endpoint executor and the public `httpClient`; every attempt is bounded by the timeout; the executor adds request
 * validation, decoding, error mapping, retries and a span.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import type { InvalidKeyError, SignatureVerificationError } from "@effect-wechatpay/crypto/CryptoError"
import * as MerchantSigner from "@effect-wechatpay/crypto/MerchantSigner"
import * as Verifier from "@effect-wechatpay/crypto/Verifier"
import * as WechatPayCrypto from "@effect-wechatpay/crypto/WechatPayCrypto"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import type * as Scope from "effect/Scope"
import type * as Tracer from "effect/Tracer"
import type * as Endpoint from "../Endpoint.js"
import type { Options, Service } from "../WechatPay.js"
import { type CertificateDownloadError, RequestValidationError, type WechatPayConfigError } from "../WechatPayError.js"
import * as Certificates from "./certificates.js"
import { validate } from "./config.js"
import { annotateRequest, directOf } from "./direct.js"
import * as Extensions from "./extensions.js"
import { liveClock, MAX_TIMER_MILLIS, policyOf, rememberRetryAfter, retrying } from "./policy.js"
import { type PreparedUpload, prepare } from "./request.js"
import { decodeSuccess, timeoutError, toApiError, transportError } from "./response.js"
import { pooledAuthorize } from "./signing.js"
import { targetOf } from "./url.js"
import { VERSION } from "./version.js"

/** The production API host. */
export const DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com"

const REDACTED_HEADERS = ["authorization", "cookie", "set-cookie", "x-api-key", "wechatpay-signature"]

/** Response headers: `Headers` on the generic path, node:http's own on the `NodeTransport` fast path. */
type ReceivedHeaders = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/** What one exchange received: status, headers and the body bytes, read once. */
interface Received<H extends ReceivedHeaders = ReceivedHeaders> {
  readonly status: number
  readonly headers: H
  readonly bytes: Buffer
}

/** One header's value (node:http joins a repeated one, bar `set-cookie`; so does `Headers`). */
const headerOf = (headers: ReceivedHeaders, name: string): string | undefined => {
  const value = headers[name]
  return value === undefined || typeof value === "string" ? value : value.join(", ")
}

const textDecoder = new TextDecoder()

/** The application's redacted header names with ours added (memoised on the array the fiber holds). */
const extendRedacted = (() => {
  let last: ReadonlyArray<string | RegExp> | undefined
  let extended: ReadonlyArray<string | RegExp> = REDACTED_HEADERS
  return (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> => {
    if (names !== last) {
      last = names
      extended = [...names, ...REDACTED_HEADERS.filter((name) => !names.includes(name))]
    }
    return extended
  }
})()

/** Runs `self` with our header names added to the fiber's redacted names (extended, never replaced). */
const redacting = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.locallyWith(self, Headers.currentRedactedNames, extendRedacted)

/**
 * `@effect/platform-node`'s agent service, by its key (equal to theirs; we do not import the package). Its
 * `NodeHttpClient.layer` captures it in the client's context (`HttpClient.layerMergedContext`).
 */
const NodeHttpAgent = Context.GenericTag<{ readonly http?: { readonly keepAlive?: boolean } }>(
  "@effect/platform-node/Http/NodeClient/HttpAgent"
)

/** The warning logged once, when the client is built, over a keep-alive-off `NodeHttpClient.layer`. */
export const KEEP_ALIVE_OFF_WARNING =
  "effect-wechatpay: the HttpClient provided is @effect/platform-node's NodeHttpClient.layer, whose agent has " +
  "keep-alive off (a new TCP and TLS connection per call, about 3× the CPU per call). Provide NodeTransport.layer() " +
  "from @effect-wechatpay/api instead, or NodeHttpClient.layerWithoutAgent with " +
  "NodeHttpClient.makeAgentLayer({ keepAlive: true })."

/**
 * Whether `client` runs its requests with `@effect/platform-node`'s agent with keep-alive off. Nothing is sent: the
 * request is mapped to an Effect that reads the context the client runs it in and dies, so no retry policy (which
 * retries failures, not defects) and no transport ever sees a request.
 */
const keepAliveOff = (client: HttpClient.HttpClient): Effect.Effect<boolean> => {
  let off = false
  const probe = Effect.flatMap(Effect.context<never>(), (context) => {
    const agent = Context.getOption(context, NodeHttpAgent)
    off = agent._tag === "Some" && agent.value.http?.keepAlive === false
    return Effect.die("effect-wechatpay: keep-alive probe")
  })
  const probing = HttpClient.mapRequestEffect(client, () => probe)
  return Effect.map(Effect.exit(probing.execute(HttpClientRequest.get("/"))), () => off)
}

/** Builds the client; see `WechatPay.make`. */
export const make = (
  options: Options
): Effect.Effect<
  Service,
  InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient | Scope.Scope
> =>
  Effect.gen(function* () {
    yield* validate(options)
    const auto = options.platformCertificates === "auto"
    const crypto = yield* WechatPayCrypto.make({
      mchid: options.mchid,
      merchantSerialNumber: options.merchantSerialNumber,
      merchantPrivateKey: options.merchantPrivateKey,
      apiV3Key: options.apiV3Key,
      wechatpayPublicKey: options.wechatpayPublicKey,
      platformCertificates: auto ? undefined : (options.platformCertificates as ReadonlyArray<string> | undefined)
    })
    const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "")
    const policy = policyOf(options.retry, options.timeout)
    const timeoutText = Duration.format(policy.timeout)
    const timeoutMillis = Duration.toMillis(policy.timeout)
    const userAgent = options.userAgent ?? `effect-wechatpay/${VERSION} (${process.platform}; node ${process.version})`
    const baseHeaders = { accept: "application/json", "user-agent": userAgent }
    const signer = crypto.signer
    // With a `SigningPool` in the context (opt-in), the RSA signature of each attempt is made on its worker threads.
    const pooled = yield* pooledAuthorize(signer, options.merchantPrivateKey)
    const base = yield* HttpClient.HttpClient
    if (yield* keepAliveOff(base)) yield* Effect.logWarning(KEEP_ALIVE_OFF_WARNING)

    /**
     * One attempt: sign over the target and body as they will be sent (a fresh nonce and timestamp each time), send,
     * read the body once as bytes; bounded by the timeout. Fails with the transport's error, or `undefined` on
     * timeout, for the caller to map. `signedBody` replaces the body in the signature (a multipart upload signs its
     * meta JSON).
     */
    // What one attempt signs: the target as sent (URL-normalised), the body text (or `signedBody`: a multipart upload
    // signs its meta JSON). With a fresh nonce and the time from the Clock, both paths below sign it inline, or on
    // the pool within `millis` (failing with `undefined` past it, as a timeout).
    const signableOf = (
      request: HttpClientRequest.HttpClientRequest,
      target: string,
      signedBody: string | undefined
    ): MerchantSigner.SignableRequest => ({
      method: request.method,
      target,
      body: signedBody ?? (request.body._tag === "Uint8Array" ? textDecoder.decode(request.body.body) : "")
    })
    const authorizationOf = (
      request: HttpClientRequest.HttpClientRequest,
      target: string,
      signedBody: string | undefined,
      nowMillis: number
    ): string =>
      signer.authorizeAt(signableOf(request, target, signedBody), Math.floor(nowMillis / 1000), MerchantSigner.nonce())
        .authorization
    const authorizationOnPool = (
      pool: NonNullable<typeof pooled>,
      request: HttpClientRequest.HttpClientRequest,
      target: string,
      signedBody: string | undefined,
      nowMillis: number,
      millis: number
    ): Effect.Effect<string, unknown> =>
      pool(signableOf(request, target, signedBody), Math.floor(nowMillis / 1000), MerchantSigner.nonce(), millis)

    const exchange = (
      request: HttpClientRequest.HttpClientRequest,
      signedBody?: string
    ): Effect.Effect<Received<Headers.Headers>, unknown> =>
      // Any HttpClient: the timeout is Effect's own (a forked attempt raced by a sleeping fiber). The default,
      // `NodeTransport`, takes the fast path below, whose timer lives in node:http's callbacks. A hand-rolled
      // one-fiber race here saved about 37 µs per attempt (micro-benchmark) but leaned on fiber observers: gone.
      Effect.timeoutFail(
        Effect.clockWith((clock) => {
          const url = targetOf(request)
          const target = Either.isRight(url) ? url.right.path : request.url
          const send = (authorization: string) =>
            Effect.flatMap(
              base.execute(HttpClientRequest.setHeader(request, "authorization", authorization)),
              (response) =>
                Effect.map(response.arrayBuffer, (buffer) => ({
                  status: response.status,
                  headers: response.headers,
                  bytes: Buffer.from(buffer)
                }))
            )
          const now = clock.unsafeCurrentTimeMillis()
          return pooled === undefined
            ? send(authorizationOf(request, target, signedBody, now))
            : Effect.flatMap(authorizationOnPool(pooled, request, target, signedBody, now, timeoutMillis), send)
        }),
        { duration: policy.timeout, onTimeout: () => undefined }
      )

    // The fast path when the HttpClient is a `NodeTransport` itself: one node:http round trip, signed inline, bounded
    // by a timer in its callbacks, with the operation span as the only span (it takes the `http.client` span's
    // attributes and is the one propagated). Under another Clock (a TestClock) or a timeout a timer cannot hold,
    // the generic path.
    const direct = directOf(base)
    const fast = direct !== undefined && timeoutMillis <= MAX_TIMER_MILLIS ? direct : undefined

    const exchangeDirect = (
      request: HttpClientRequest.HttpClientRequest,
      signedBody: string | undefined,
      span: Tracer.Span
    ): Effect.Effect<Received, unknown> =>
      Effect.clockWith((clock) => {
        const url = targetOf(request)
        if (fast === undefined || clock !== liveClock || Either.isLeft(url) || request.body._tag === "Stream") {
          return exchange(request, signedBody)
        }
        const target = url.right
        return Effect.withFiberRuntime((fiber) => {
          const send = (authorization: string, millis: number): Effect.Effect<Received, unknown> => {
            let headers: Record<string, string> = { ...request.headers, authorization }
            if (
              fiber.getFiberRef(FiberRef.currentTracerEnabled) &&
              !fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)(request)
            ) {
              annotateRequest(span, request.method, target)
              if (fiber.getFiberRef(HttpClient.currentTracerPropagation)) {
                headers = { ...headers, ...HttpTraceContext.toHeaders(span) }
              }
            }
            return Effect.map(fast(request, target, headers, millis), (response) => ({
              status: response.status,
              headers: response.rawHeaders,
              bytes: response.bytes
            }))
          }
          const now = clock.unsafeCurrentTimeMillis()
          if (pooled === undefined) return send(authorizationOf(request, target.path, signedBody, now), timeoutMillis)
          // Signed on the pool within the timeout; the round trip gets what is left of it.
          return Effect.flatMap(
            authorizationOnPool(pooled, request, target.path, signedBody, now, timeoutMillis),
            (authorization) => send(authorization, Math.max(1, timeoutMillis - (clock.unsafeCurrentTimeMillis() - now)))
          )
        })
      })

    const signedGet: Certificates.SignedGet = (path) =>
      Effect.map(
        exchange(HttpClientRequest.setHeaders(HttpClientRequest.get(baseUrl + path), baseHeaders)).pipe(
          Effect.mapError((error) =>
            error === undefined ? timeoutError("GET", path, timeoutText) : transportError("GET", path, error)
          ),
          redacting
        ),
        (received) => ({ status: received.status, headers: received.headers, text: received.bytes.toString("utf8") })
      )

    const certificates = yield* Certificates.make({
      crypto,
      get: signedGet,
      auto,
      hasPublicKey: options.wechatpayPublicKey !== undefined,
      refreshInterval: options.certificateRefreshInterval ?? "12 hours"
    })

    // Verification of a 2xx body, over the bytes received: synchronous when the serial is known; in "auto" mode an
    // unknown serial refreshes the platform certificates once (at most once a minute) and verifies again.
    const verify = (received: Received, nowMillis: number): Effect.Effect<void, SignatureVerificationError> =>
      Effect.flatMap(crypto.keyring, (keyring) => {
        const result = Verifier.verifyAt(keyring, received.headers, received.bytes, Math.floor(nowMillis / 1000))
        if (Either.isRight(result)) return Effect.void
        if (!auto || result.left.reason !== "UnknownSerial") return Effect.fail(result.left)
        return Effect.flatMap(certificates.refreshForUnknownSerial, (refreshed) =>
          refreshed
            ? Effect.asVoid(
                Effect.flatMap(crypto.keyring, (next) => Verifier.verify(next, received.headers, received.bytes))
              )
            : Effect.fail(result.left)
        )
      })

    // The public HttpClient: base URL prepended, signed, bounded, 2xx verified over the bytes received.
    const httpClient: Service["httpClient"] = HttpClient.makeWith<
      never,
      never,
      HttpClientError.HttpClientError | SignatureVerificationError,
      never
    >(
      (effect) =>
        Effect.flatMap(effect, (request) => {
          const outgoing = HttpClientRequest.setHeaders(HttpClientRequest.prependUrl(request, baseUrl), baseHeaders)
          return Effect.flatMap(
            Effect.mapError(
              exchange(outgoing),
              (error) =>
                new HttpClientError.RequestError({
                  request,
                  reason: "Transport",
                  description:
                    error === undefined
                      ? `no response within ${timeoutText}`
                      : transportError(request.method, request.url, error).message
                })
            ),
            (received) => {
              const response = HttpClientResponse.fromWeb(
                request,
                new Response(received.status === 204 ? null : (received.bytes as unknown as BodyInit), {
                  status: received.status,
                  headers: received.headers
                })
              )
              if (received.status < 200 || received.status >= 300) return Effect.succeed(response)
              return Effect.clockWith((clock) => Effect.as(verify(received, clock.unsafeCurrentTimeMillis()), response))
            }
          ).pipe(redacting)
        }),
      Effect.succeed
    )

    const spanOptions = new WeakMap<object, Tracer.SpanOptions>()
    const spanOptionsOf = (endpoint: Endpoint.Any): Tracer.SpanOptions => {
      let found = spanOptions.get(endpoint)
      if (found === undefined) {
        found = {
          kind: "client",
          // The call site would always be this line of the library: not worth an Error (and its stack) per call.
          captureStackTrace: false,
          attributes: {
            "http.request.method": endpoint.method,
            "url.template": endpoint.path,
            "wechatpay.mchid": options.mchid
          }
        }
        spanOptions.set(endpoint, found)
      }
      return found
    }

    /** One endpoint call once prepared: the attempt (send, map errors, verify, decode), retried, in a span. */
    const run = <I, IE, A, AE, Code extends string>(
      endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
      request: HttpClientRequest.HttpClientRequest,
      signedBody: string | undefined
    ): Effect.Effect<A, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>> => {
      type E = Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>
      const idempotent = endpoint.method === "GET" || endpoint.idempotencyKey !== undefined
      return Effect.useSpan(endpoint.name, spanOptionsOf(endpoint), (span) => {
        const attempt: Effect.Effect<A, E> = Effect.flatMap(
          Effect.mapError(
            fast === undefined ? exchange(request, signedBody) : exchangeDirect(request, signedBody, span),
            (error) =>
              error === undefined
                ? (timeoutError(endpoint.method, endpoint.path, timeoutText) as E)
                : (transportError(endpoint.method, endpoint.path, error) as E)
          ),
          (received): Effect.Effect<A, E> => {
            const status = received.status
            const requestId = headerOf(received.headers, "request-id")
            span.attribute("http.response.status_code", status)
            span.attribute("wechatpay.request_id", requestId ?? "")
            if (status < 200 || status >= 300) {
              const error = toApiError(endpoint, status, received.bytes.toString("utf8"), requestId)
              span.attribute("wechatpay.code", error.code ?? "")
              return Effect.clockWith((clock) =>
                Effect.fail(
                  rememberRetryAfter(
                    error,
                    headerOf(received.headers, "retry-after"),
                    clock.unsafeCurrentTimeMillis()
                  ) as E
                )
              )
            }
            return Effect.clockWith((clock) =>
              Effect.flatMap(verify(received, clock.unsafeCurrentTimeMillis()) as Effect.Effect<void, E>, () => {
                const decoded = decodeSuccess(endpoint, received.bytes.toString("utf8"), requestId)
                return Either.isRight(decoded) ? Effect.succeed(decoded.right as A) : Effect.fail(decoded.left as E)
              })
            )
          }
        )
        // Over `NodeTransport` no header is recorded anywhere (its span takes none): no redacted names to add.
        const retried = retrying(attempt, policy, idempotent)
        return Effect.withParentSpan(fast === undefined ? redacting(retried) : retried, span)
      })
    }

    const failValidation = <E>(endpoint: Endpoint.Any, error: E) =>
      Effect.withSpan(Effect.fail(error), endpoint.name, spanOptionsOf(endpoint))

    const execute = <I, IE, A, AE, Code extends string>(
      endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
      input: IE
    ): Effect.Effect<A, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>> => {
      type E = Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>
      if (endpoint.body === "multipart") {
        // The descriptor's request is only the meta part: without the file nothing valid can be sent.
        return failValidation(
          endpoint,
          new RequestValidationError({
            message: `${endpoint.name}: a multipart endpoint needs the file's bytes: call MediaUpload.uploadImage`,
            issues: [{ path: "/bytes", message: "is missing (use MediaUpload.uploadImage)" }]
          }) as E
        )
      }
      const prepared = prepare(endpoint, input)
      if (Either.isLeft(prepared)) return failValidation(endpoint, prepared.left as E)
      const { body, target } = prepared.right
      let request = HttpClientRequest.setHeaders(HttpClientRequest.make(endpoint.method)(baseUrl + target), baseHeaders)
      if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")
      // The body text is what is signed: passed on, it is not decoded back from the request's bytes per attempt.
      return run(endpoint, request, body ?? "")
    }

    const executeUpload = <I, IE, A, AE, Code extends string>(
      endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
      upload: PreparedUpload
    ): Effect.Effect<A, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>> =>
      run(
        endpoint,
        HttpClientRequest.bodyUint8Array(
          HttpClientRequest.setHeaders(HttpClientRequest.post(baseUrl + upload.target), baseHeaders),
          upload.multipart,
          upload.contentType
        ),
        upload.body
      )

    const getUnverified = <I, IE, A, AE, Code extends string>(
      endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
      url: string
    ): Effect.Effect<Uint8Array, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>> => {
      type E = Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>
      const request = HttpClientRequest.setHeaders(HttpClientRequest.get(url), baseHeaders)
      const path = Either.getOrElse(
        Either.map(targetOf(request), (target) => target.path.split("?")[0]!),
        () => endpoint.path
      )
      const attempt: Effect.Effect<Uint8Array, E> = Effect.flatMap(
        Effect.mapError(exchange(request), (error) =>
          error === undefined
            ? (timeoutError("GET", path, timeoutText) as E)
            : (transportError("GET", path, error) as E)
        ),
        (received): Effect.Effect<Uint8Array, E> => {
          if (received.status >= 200 && received.status < 300) return Effect.succeed(new Uint8Array(received.bytes))
          const error = toApiError(
            endpoint,
            received.status,
            received.bytes.toString("utf8"),
            received.headers["request-id"]
          )
          return Effect.clockWith((clock) =>
            Effect.fail(
              rememberRetryAfter(error, received.headers["retry-after"], clock.unsafeCurrentTimeMillis()) as E
            )
          )
        }
      )
      return redacting(retrying(attempt, policy, true))
    }

    const service = {
      mchid: options.mchid,
      baseUrl,
      crypto,
      httpClient,
      execute,
      refreshCertificates: certificates.refresh
    } satisfies Service
    return Extensions.register(service, { executeUpload, getUnverified })
  })
