/**
 * The client: one exchange pipeline for everything it sends (endpoint calls, multipart uploads, file downloads, the
 * certificate download and the public `httpClient`). Signing is request middleware of the application's
 * `HttpClient` (a fresh nonce and timestamp per attempt, over the target and body as sent); each attempt is bounded
 * by the timeout (run by the transport itself when it is a `NodeTransport`, by a fiber otherwise); the body is read
 * once as bytes, and a 2xx is verified over those bytes before anything decodes it. The executor adds request
 * validation, error mapping, decoding, retries and a span.
 */
import type { InvalidKeyError, SignatureVerificationError } from "@effect-wechatpay/crypto/CryptoError"
import * as MerchantSigner from "@effect-wechatpay/crypto/MerchantSigner"
import * as Verifier from "@effect-wechatpay/crypto/Verifier"
import * as WechatPayCrypto from "@effect-wechatpay/crypto/WechatPayCrypto"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Result from "effect/Result"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import type * as Endpoint from "../Endpoint.js"
import type { DownloadStreamOptions, MultipartUpload, Options, Service } from "../WechatPay.js"
import {
  type ApiError,
  type CertificateDownloadError,
  type DecodeError,
  RequestValidationError,
  TransportError,
  type UnknownApiError,
  type WechatPayConfigError
} from "../WechatPayError.js"
import * as Certificates from "./certificates.js"
import { type Labels, validate } from "./config.js"
import { type Ending, liveClock, policyOf, READ, rememberRetryAfter, retriesOf, retrying } from "./policy.js"
import { prepare } from "./request.js"
import {
  callTimeoutError,
  deadlineError,
  decodeSuccess,
  isTimeout,
  timeoutError,
  toApiError,
  transportError
} from "./response.js"
import { pooledAuthorize } from "./signing.js"
import type { SigningPoolError } from "./signingPool.js"
import {
  type Attempt,
  AttemptTimeoutError,
  bodyBytesOf,
  CurrentAttempt,
  discardBody,
  RawHeaders,
  runsAttemptTimeout,
  StreamedBody
} from "./transport.js"
import { targetOf } from "./url.js"
import { VERSION } from "./version.js"

/** The production API host. */
export const DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com"

/** The default `maxBytes` of a streamed download: 1 GiB. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024

const REDACTED_HEADERS = ["authorization", "cookie", "set-cookie", "x-api-key", "wechatpay-signature"]

/** Response headers: node:http's own (lower-case names) from `NodeTransport`, `Headers` from any other client. */
type ReceivedHeaders = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/** What one exchange received: status, headers and the body bytes, read once. */
interface Received {
  readonly status: number
  readonly headers: ReceivedHeaders
  readonly bytes: Buffer
}

/** One header's value (a repeated one joined, as `Headers` joins it). */
const headerOf = (headers: ReceivedHeaders, name: string): string | undefined => {
  const value = headers[name]
  return value === undefined || typeof value === "string" ? value : value.join(", ")
}

/** Why an exchange got no response: the transport's error, a pooled signature's, or the attempt's timeout. */
type ExchangeError = HttpClientError.HttpClientError | SigningPoolError | AttemptTimeoutError

/** What an attempt of an endpoint call fails with, before the descriptor narrows it to the endpoint's codes. */
type AttemptError = ApiError | UnknownApiError | SignatureVerificationError | DecodeError | TransportError

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
const redacting = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withFiber((fiber) =>
    Effect.provideService(
      self,
      Headers.CurrentRedactedNames,
      extendRedacted(fiber.getRef(Headers.CurrentRedactedNames))
    )
  )

/**
 * `@effect/platform-node`'s agent service, by its key (equal to theirs; we do not import the package). Its
 * `NodeHttpClient.layerNodeHttp` captures it in the client's context (`HttpClient.layerMergedContext`).
 */
const NodeHttpAgent = Context.Service<{ readonly http?: { readonly keepAlive?: boolean } }>(
  "@effect/platform-node/NodeHttpClient/HttpAgent"
)

/** The warning logged once, when the client is built, over a keep-alive-off node:http client. */
export const KEEP_ALIVE_OFF_WARNING =
  "effect-wechatpay: the HttpClient provided is @effect/platform-node's NodeHttpClient.layerNodeHttp, whose agent has " +
  "keep-alive off (a new TCP and TLS connection per call, about 3× the CPU per call). Provide NodeTransport.layer() " +
  "from @effect-wechatpay/api instead, or NodeHttpClient.layerNodeHttpOptions({ keepAlive: true }), or " +
  "NodeHttpClient.layerUndici."

/**
 * Whether `client` runs its requests with `@effect/platform-node`'s agent with keep-alive off. Nothing is sent: the
 * request is mapped to an Effect that reads the context the client runs it in and dies, so no retry policy (which
 * retries failures, not defects) and no transport ever sees a request.
 */
const keepAliveOff = (client: HttpClient.HttpClient): Effect.Effect<boolean> => {
  let off = false
  const probe = Effect.flatMap(Effect.context<never>(), (context) => {
    const agent = Context.getOption(context, NodeHttpAgent)
    off = agent._tag === "Some" && agent.value.http?.keepAlive !== true
    return Effect.die("effect-wechatpay: keep-alive probe")
  })
  const probing = HttpClient.mapRequestEffect(client, () => probe)
  return Effect.map(Effect.exit(probing.execute(HttpClientRequest.get("http://localhost/"))), () => off)
}

/** The brand signing scheme of the brand API (品牌API, `/brand/…` paths). */
export const BRAND_SCHEME = "WECHATPAY-BRAND-SHA256-RSA2048"

/**
 * The `Authorization` of a brand request: `WECHATPAY-BRAND-SHA256-RSA2048` and `brand_id` in place of the merchant
 * scheme and `mchid`, the same five-line message and RSA signature (品牌API概述,
 * https://pay.weixin.qq.com/doc/brand/4015407523; the parameters as the example of
 * https://pay.weixin.qq.com/doc/brand/4015597833 lists them).
 */
export const brandAuthorizationHeader = (values: {
  readonly brandId: string
  readonly nonce: string
  readonly timestamp: number
  readonly serialNumber: string
  readonly signature: string
}): string =>
  `${BRAND_SCHEME} brand_id="${values.brandId}",nonce_str="${values.nonce}",signature="${values.signature}",timestamp="${values.timestamp}",serial_no="${values.serialNumber}"`

/** What a brand client adds: its 微信支付公钥ID, sent as `Wechatpay-Serial` on every request. */
export interface Brand {
  readonly publicKeyId: string
  /** The brand's option names, for configuration errors. */
  readonly labels: Labels
}

/** Builds the client; see `WechatPay.make` (and `WechatPayBrand.make`, with `brand`). */
export const make = (
  options: Options,
  brand?: Brand
): Effect.Effect<
  Service,
  InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient | Scope.Scope
> =>
  Effect.gen(function* () {
    yield* validate(options, brand?.labels)
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
    const policy = policyOf(options.retry, options.timeout, options.deadline)
    const timeoutText = Duration.format(policy.timeout)
    const deadlineText = policy.deadline === undefined ? "" : Duration.format(policy.deadline)
    /** How a call to `method path` ends: a timeout says how many attempts of how long; a deadline, its own reason. */
    const ending = <E extends { readonly _tag: string; readonly reason?: string | undefined }>(
      method: string,
      path: string
    ): Ending<E | TransportError> => ({
      failed: (error, attempts, timeouts) =>
        error._tag === "TransportError" && error.reason === "Timeout"
          ? callTimeoutError(method, path, timeoutText, attempts, timeouts)
          : error,
      deadlinePassed: (attempts) => deadlineError(method, path, deadlineText, timeoutText, attempts)
    })
    const timeoutMillis = policy.timeoutMillis
    const userAgent = options.userAgent ?? `effect-wechatpay/${VERSION} (${process.platform}; node ${process.version})`
    const baseHeaders: Record<string, string> =
      brand === undefined
        ? { accept: "application/json", "user-agent": userAgent }
        : { accept: "application/json", "user-agent": userAgent, "wechatpay-serial": brand.publicKeyId }
    const merchant = crypto.signer
    const signer: Pick<MerchantSigner.MerchantSigner, "mchid" | "serialNumber" | "authorizeAt"> =
      brand === undefined
        ? merchant
        : {
            mchid: merchant.mchid,
            serialNumber: merchant.serialNumber,
            authorizeAt: (request, timestamp, nonce) => {
              const signature = merchant.sign(MerchantSigner.message(request, timestamp, nonce))
              const authorization = brandAuthorizationHeader({
                brandId: merchant.mchid,
                nonce,
                timestamp,
                serialNumber: merchant.serialNumber,
                signature
              })
              return { timestamp, nonce, signature, authorization }
            }
          }
    // With a `SigningPool` in the context (opt-in), the RSA signature of each attempt is made on its worker threads
    // (merchant scheme only: a brand client signs inline).
    const pooled = brand === undefined ? yield* pooledAuthorize(merchant, options.merchantPrivateKey) : undefined
    const base = yield* HttpClient.HttpClient
    if (yield* keepAliveOff(base)) yield* Effect.logWarning(KEEP_ALIVE_OFF_WARNING)
    // A `NodeTransport` runs the attempt's timeout as a timer in its own callbacks: no fiber races it.
    const ownTimer = runsAttemptTimeout(base)

    // Signing, as request middleware: over the method, the target as sent (URL-normalised) and the body text (or, for
    // a multipart upload, the meta JSON in the attempt's `signedBody`), with a fresh nonce and the time from the Clock.
    const sign = (
      request: HttpClientRequest.HttpClientRequest
    ): Effect.Effect<HttpClientRequest.HttpClientRequest, SigningPoolError | AttemptTimeoutError> =>
      Effect.withFiber((fiber) => {
        const url = targetOf(request)
        const signable: MerchantSigner.SignableRequest = {
          method: request.method,
          target: Result.isSuccess(url) ? url.success.path : request.url,
          body:
            fiber.getRef(CurrentAttempt).signedBody ??
            (request.body._tag === "Uint8Array" ? textDecoder.decode(request.body.body) : "")
        }
        const timestamp = Math.floor(fiber.getRef(Clock.Clock).currentTimeMillisUnsafe() / 1000)
        const nonce = MerchantSigner.nonce()
        if (pooled === undefined) {
          const { authorization } = signer.authorizeAt(signable, timestamp, nonce)
          return Effect.succeed(HttpClientRequest.setHeader(request, "authorization", authorization))
        }
        return Effect.map(pooled(signable, timestamp, nonce, timeoutMillis), (authorization) =>
          HttpClientRequest.setHeader(request, "authorization", authorization)
        )
      })
    const signed = HttpClient.mapRequestEffect(base, sign)

    const received = (
      response: HttpClientResponse.HttpClientResponse
    ): Effect.Effect<Received, HttpClientError.HttpClientError> => {
      const bytes = bodyBytesOf(response)
      if (bytes !== undefined) {
        // NodeTransport's response: its body read already, its headers as node:http parsed them (no `Headers` built).
        const headers = (response as unknown as { readonly [RawHeaders]: ReceivedHeaders })[RawHeaders]
        return Effect.succeed({ status: response.status, headers, bytes })
      }
      return Effect.map(response.arrayBuffer, (buffer) => ({
        status: response.status,
        headers: response.headers,
        bytes: Buffer.from(buffer)
      }))
    }

    /**
     * One attempt: sign, send, read the body once as bytes; bounded by the timeout. `signedBody` replaces the body in
     * the signature (a multipart upload signs its meta JSON).
     */
    const exchange = (
      request: HttpClientRequest.HttpClientRequest,
      signedBody?: string
    ): Effect.Effect<Received, ExchangeError> => {
      const attempt = Effect.flatMap(signed.execute(request), received)
      return Effect.withFiber((fiber) => {
        const clock = fiber.getRef(Clock.Clock)
        // The transport's own timer stands for the timeout only under the live clock (a TestClock drives the fiber's).
        const own = ownTimer && clock === liveClock
        // One context update per attempt: what the signing middleware and the transport read of it.
        const context: Attempt = own
          ? { deadline: clock.currentTimeMillisUnsafe() + timeoutMillis, signedBody }
          : { signedBody }
        const bounded = own
          ? attempt
          : Effect.timeoutOrElse(attempt, {
              duration: policy.timeout,
              orElse: () => Effect.fail(new AttemptTimeoutError({ millis: timeoutMillis }))
            })
        return context.signedBody === undefined && context.deadline === undefined
          ? bounded
          : Effect.provideService(bounded, CurrentAttempt, context)
      })
    }

    /** The `TransportError` of a failed exchange: a timeout, or what the transport says (never the request). */
    const transportFailure =
      (method: string, path: string) =>
      (error: ExchangeError): TransportError =>
        isTimeout(error) ? timeoutError(method, path, timeoutText) : transportError(method, path, error)

    const signedGet: Certificates.SignedGet = (path) =>
      exchange(HttpClientRequest.setHeaders(HttpClientRequest.get(baseUrl + path), baseHeaders)).pipe(
        Effect.mapError(transportFailure("GET", path)),
        Effect.map((answer) => ({
          status: answer.status,
          headers: answer.headers,
          text: answer.bytes.toString("utf8")
        })),
        redacting
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
    const verify = (answer: Received): Effect.Effect<void, SignatureVerificationError> =>
      Effect.withFiber((fiber) =>
        Effect.flatMap(crypto.keyring, (keyring) => {
          const now = Math.floor(fiber.getRef(Clock.Clock).currentTimeMillisUnsafe() / 1000)
          const result = Verifier.verifyAt(keyring, answer.headers, answer.bytes, now)
          if (Result.isSuccess(result)) return Effect.void
          if (!auto || result.failure.reason !== "UnknownSerial") return Effect.fail(result.failure)
          return Effect.flatMap(certificates.refreshForUnknownSerial, (refreshed) =>
            refreshed
              ? Effect.asVoid(
                  Effect.flatMap(crypto.keyring, (next) => Verifier.verify(next, answer.headers, answer.bytes))
                )
              : Effect.fail(result.failure)
          )
        })
      )

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
                new HttpClientError.HttpClientError({
                  reason: new HttpClientError.TransportError({
                    request,
                    description: transportFailure(request.method, request.url)(error).message
                  })
                })
            ),
            (answer) => {
              const response = HttpClientResponse.fromWeb(
                request,
                new Response(answer.status === 204 ? null : new Uint8Array(answer.bytes), {
                  status: answer.status,
                  headers: Object.entries(answer.headers).flatMap(
                    ([name, value]): Array<[string, string]> =>
                      value === undefined
                        ? []
                        : typeof value === "string"
                          ? [[name, value]]
                          : value.map((v) => [name, v])
                  )
                })
              )
              if (answer.status < 200 || answer.status >= 300) return Effect.succeed(response)
              return Effect.as(verify(answer), response)
            }
          ).pipe(redacting)
        }),
      Effect.succeed
    )

    const spanOptions = new Map<string, Tracer.SpanOptionsNoTrace>()
    const spanOptionsOf = (endpoint: Endpoint.Any): Tracer.SpanOptionsNoTrace => {
      let found = spanOptions.get(endpoint.name)
      if (found === undefined) {
        found = {
          kind: "client",
          attributes: {
            "http.request.method": endpoint.method,
            "url.template": endpoint.path,
            "wechatpay.mchid": options.mchid
          }
        }
        spanOptions.set(endpoint.name, found)
      }
      return found
    }

    /** The answer of a failed call as the tagged error of its code, with its `Retry-After` remembered. */
    const failure = (endpoint: Endpoint.Any, answer: Received, span: Tracer.Span) =>
      Effect.withFiber<never, ApiError | UnknownApiError>((fiber) => {
        const requestId = headerOf(answer.headers, "request-id")
        const error = toApiError(endpoint, answer.status, answer.bytes.toString("utf8"), requestId)
        span.attribute("wechatpay.code", error.code ?? "")
        const now = fiber.getRef(Clock.Clock).currentTimeMillisUnsafe()
        return Effect.fail(rememberRetryAfter(error, headerOf(answer.headers, "retry-after"), now))
      })

    /** One endpoint call once prepared: the attempt (send, map errors, verify, decode), retried, in a span. */
    const run = <E extends Endpoint.Any>(
      endpoint: E,
      request: HttpClientRequest.HttpClientRequest,
      signedBody?: string
    ): Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>> => {
      const call = Effect.useSpan(endpoint.name, spanOptionsOf(endpoint), (span) => {
        const attempt: Effect.Effect<unknown, AttemptError> = Effect.flatMap(
          Effect.mapError(exchange(request, signedBody), transportFailure(endpoint.method, endpoint.path)),
          (answer): Effect.Effect<unknown, AttemptError> => {
            span.attribute("http.response.status_code", answer.status)
            const requestId = headerOf(answer.headers, "request-id")
            span.attribute("wechatpay.request_id", requestId ?? "")
            if (answer.status < 200 || answer.status >= 300) return failure(endpoint, answer, span)
            return Effect.flatMap(
              verify(answer),
              (): Effect.Effect<unknown, AttemptError> =>
                Effect.fromResult(decodeSuccess(endpoint, answer.bytes.toString("utf8"), requestId))
            )
          }
        )
        return Effect.withParentSpan(
          redacting(retrying(attempt, policy, retriesOf(endpoint), ending(endpoint.method, endpoint.path))),
          span,
          {
            captureStackTrace: false
          }
        )
      })
      // The one place the run-time error table meets the endpoint's static error union: `toApiError` gives an error
      // class only to a code in `endpoint.codes`, the codes of `Endpoint.Error<E>`.
      return call as Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>
    }

    const failValidation = <E extends Endpoint.Any>(endpoint: E, error: RequestValidationError) =>
      Effect.withSpan(Effect.fail(error), endpoint.name, spanOptionsOf(endpoint))

    const execute = <E extends Endpoint.Any>(
      endpoint: E,
      input: Endpoint.Input<E>
    ): Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>> => {
      if (endpoint.body === "multipart") {
        // The descriptor's request is only the meta part: without the file nothing valid can be sent.
        return failValidation(
          endpoint,
          new RequestValidationError({
            message: `${endpoint.name}: a multipart endpoint needs the file's bytes: call MediaUpload.uploadImage`,
            issues: [{ path: "/bytes", message: "is missing (use MediaUpload.uploadImage)" }]
          })
        )
      }
      const prepared = prepare(endpoint, input)
      if (Result.isFailure(prepared)) return failValidation(endpoint, prepared.failure)
      const { body, target } = prepared.success
      let request = HttpClientRequest.setHeaders(HttpClientRequest.make(endpoint.method)(baseUrl + target), baseHeaders)
      if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")
      return run(endpoint, request)
    }

    const executeMultipart = <E extends Endpoint.Any>(
      endpoint: E,
      upload: MultipartUpload
    ): Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>> =>
      run(
        endpoint,
        HttpClientRequest.bodyUint8Array(
          HttpClientRequest.setHeaders(HttpClientRequest.post(baseUrl + upload.target), baseHeaders),
          upload.multipart,
          upload.contentType
        ),
        upload.body
      )

    const download = <E extends Endpoint.Any>(
      endpoint: E,
      url: string
    ): Effect.Effect<Uint8Array, Endpoint.Error<E>> => {
      const request = HttpClientRequest.setHeaders(HttpClientRequest.get(url), baseHeaders)
      const target = targetOf(request)
      const path = Result.isSuccess(target) ? target.success.path.split("?")[0]! : endpoint.path
      const attempt: Effect.Effect<Uint8Array, TransportError | ApiError | UnknownApiError> = Effect.flatMap(
        Effect.mapError(exchange(request), transportFailure("GET", path)),
        (answer) =>
          Effect.withFiber((fiber) => {
            if (answer.status >= 200 && answer.status < 300) return Effect.succeed(new Uint8Array(answer.bytes))
            const error = toApiError(
              endpoint,
              answer.status,
              answer.bytes.toString("utf8"),
              headerOf(answer.headers, "request-id")
            )
            const now = fiber.getRef(Clock.Clock).currentTimeMillisUnsafe()
            return Effect.fail(rememberRetryAfter(error, headerOf(answer.headers, "retry-after"), now))
          })
      )
      // As in `run`: `toApiError` types only the endpoint's own codes.
      return redacting(retrying(attempt, policy, READ, ending("GET", path))) as Effect.Effect<
        Uint8Array,
        Endpoint.Error<E>
      >
    }

    /**
     * One attempt of a streamed download: sign and send, and the response as soon as its head is in (the body unread),
     * within the timeout; a non-2xx answer is read (bounded by the transport) into its tagged error.
     */
    const openStream = (
      endpoint: Endpoint.Any,
      request: HttpClientRequest.HttpClientRequest,
      path: string
    ): Effect.Effect<HttpClientResponse.HttpClientResponse, TransportError | ApiError | UnknownApiError> => {
      const head = Effect.provideService(signed.execute(request), StreamedBody, true)
      const bounded = Effect.withFiber((fiber) => {
        const clock = fiber.getRef(Clock.Clock)
        if (ownTimer && clock === liveClock) {
          return Effect.provideService(head, CurrentAttempt, {
            deadline: clock.currentTimeMillisUnsafe() + timeoutMillis
          })
        }
        return Effect.timeoutOrElse(head, {
          duration: policy.timeout,
          orElse: () => Effect.fail(new AttemptTimeoutError({ millis: timeoutMillis }))
        })
      })
      return Effect.flatMap(Effect.mapError(bounded, transportFailure("GET", path)), (response) => {
        if (response.status >= 200 && response.status < 300) return Effect.succeed(response)
        return Effect.flatMap(
          Effect.mapError(response.text, transportFailure("GET", path)),
          (text): Effect.Effect<never, TransportError | ApiError | UnknownApiError> =>
            Effect.withFiber((fiber) => {
              const error = toApiError(endpoint, response.status, text, response.headers["request-id"])
              const now = fiber.getRef(Clock.Clock).currentTimeMillisUnsafe()
              return Effect.fail(rememberRetryAfter(error, response.headers["retry-after"], now))
            })
        )
      })
    }

    const downloadStream = <E extends Endpoint.Any>(
      endpoint: E,
      url: string,
      streamOptions?: DownloadStreamOptions
    ): Stream.Stream<Uint8Array, Endpoint.Error<E>> => {
      const maxBytes = streamOptions?.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES
      const request = HttpClientRequest.setHeaders(HttpClientRequest.get(url), baseHeaders)
      const target = targetOf(request)
      const path = Result.isSuccess(target) ? target.success.path.split("?")[0]! : endpoint.path
      const tooLarge = () =>
        new TransportError({
          reason: "ResponseTooLarge",
          message: `GET ${path}: response body longer than ${maxBytes} bytes`,
          method: "GET",
          path
        })
      const body = (response: HttpClientResponse.HttpClientResponse): Stream.Stream<Uint8Array, TransportError> => {
        const declared = Number(response.headers["content-length"])
        if (Number.isFinite(declared) && declared > maxBytes) return Stream.fail(tooLarge())
        let received = 0
        return response.stream.pipe(
          Stream.mapError(transportFailure("GET", path)),
          Stream.mapEffect((chunk) => {
            received += chunk.length
            return received > maxBytes ? Effect.fail(tooLarge()) : Effect.succeed(chunk)
          }),
          Stream.timeoutOrElse({
            duration: policy.timeout,
            orElse: () => Stream.fail(timeoutError("GET", path, timeoutText))
          })
        )
      }
      const opened = Effect.tap(
        redacting(retrying(openStream(endpoint, request, path), policy, READ, ending("GET", path))),
        (response) =>
          // Whatever ends the stream (the last chunk, a failure, an interruption), the body is not left half-read.
          Effect.addFinalizer(() => Effect.sync(() => discardBody(response)))
      )
      // As in `run`: `toApiError` types only the endpoint's own codes.
      // `unwrap` runs `opened` in the stream's scope: the finalizer runs when the stream ends.
      return Stream.unwrap(Effect.map(opened, body)) as Stream.Stream<Uint8Array, Endpoint.Error<E>>
    }

    return {
      mchid: options.mchid,
      baseUrl,
      crypto,
      httpClient,
      execute,
      executeMultipart,
      download,
      downloadStream,
      refreshCertificates: certificates.refresh
    } satisfies Service
  })
