/**
 * The WeChat Pay APIv3 client service (微信支付 APIv3 客户端): credentials injected with a Layer, every request
 * signed and every 2xx response verified (inline in the one executor for every endpoint; as HttpClient middleware
 * on the `httpClient` it exposes).
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import { Headers, HttpClient, type HttpClientError, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import {
  type InvalidKeyError,
  Keyring,
  MerchantSigner,
  type SignatureVerificationError,
  Verifier,
  WechatPayCrypto
} from "@effect-wechatpay/crypto"
import {
  Clock,
  Config,
  ConfigError,
  Context,
  DefaultServices,
  Duration,
  Effect,
  Either,
  Fiber,
  Layer,
  Option,
  ParseResult,
  Redacted,
  Ref,
  Schedule,
  Schema,
  type SchemaAST,
  type Scope,
  type Tracer
} from "effect"
import type * as Endpoint from "./Endpoint.js"
import { targetOf } from "./internal/url.js"
import { VERSION } from "./internal/version.js"
import {
  CertificateDownloadError,
  DecodeError,
  ErrorClasses,
  ErrorDetail,
  type KnownCode,
  RequestValidationError,
  TransportError,
  UnknownApiError,
  WechatPayConfigError
} from "./WechatPayError.js"

/**
 * Retry policy: exponential backoff with jitter over transport errors, timeouts, `SYSTEM_ERROR` (5xx) and
 * `FREQUENCY_LIMITED` / `FREQUENCY_LIMIT_EXCEED` (429). Never a 4xx business error.
 *
 * @since 0.1.0
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3). */
  readonly attempts?: number | undefined
  /** First backoff delay (default 200 millis), doubled each retry, with jitter. */
  readonly base?: Duration.DurationInput | undefined
}

/**
 * Options of {@link layer}.
 *
 * @since 0.1.0
 */
export interface Options extends Omit<WechatPayCrypto.Options, "platformCertificates"> {
  /** 平台证书 as PEM, or `"auto"` to download them from `/v3/certificates` and keep them fresh. */
  readonly platformCertificates?: ReadonlyArray<string> | "auto" | undefined
  /** Default `https://api.mch.weixin.qq.com`. */
  readonly baseUrl?: string | undefined
  /** Per attempt; default 10 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Default `effect-wechatpay/<version>`. */
  readonly userAgent?: string | undefined
  /** `false` turns retries off. */
  readonly retry?: RetryOptions | false | undefined
  /** How often `"auto"` platform certificates are refreshed; default 12 hours. */
  readonly certificateRefreshInterval?: Duration.DurationInput | undefined
}

/**
 * What the client offers beyond the endpoint functions.
 *
 * @since 0.1.0
 */
export interface Service {
  readonly mchid: string
  readonly baseUrl: string
  /** The merchant's cryptography (keys parsed once): notifications, sensitive-field encryption. */
  readonly crypto: WechatPayCrypto.Service
  /**
   * The application's HttpClient with the base URL prepended, requests signed and 2xx responses verified: for
   * endpoints this library does not describe yet.
   */
  readonly httpClient: HttpClient.HttpClient.With<HttpClientError.HttpClientError | SignatureVerificationError>
  /**
   * Runs an endpoint: validate the input (its wire form: plain strings and numbers), build, sign, send, verify,
   * decode; retries and timeout as configured.
   */
  readonly execute: <I, IE, A, AE, Code extends string>(
    endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
    input: IE
  ) => Effect.Effect<A, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>>
  /** Downloads platform certificates now (`"auto"` mode); returns the serials held. */
  readonly refreshCertificates: Effect.Effect<ReadonlyArray<string>, CertificateDownloadError>
}

/**
 * The client service tag.
 *
 * @since 0.1.0
 */
export class WechatPayClient extends Context.Tag("@effect-wechatpay/api/WechatPayClient")<WechatPayClient, Service>() {}

/**
 * Turns an endpoint descriptor into its function: `input` (the wire form) to an Effect that needs the client.
 *
 * @since 0.1.0
 */
export const operation =
  <I, IE, A, AE, Code extends string>(endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>) =>
  (input: IE): Effect.Effect<A, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>, WechatPayClient> =>
    Effect.flatMap(WechatPayClient, (client) => client.execute(endpoint, input))

/**
 * The production API host.
 *
 * @since 0.1.0
 */
export const DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com"

const REDACTED_HEADERS = ["authorization", "cookie", "set-cookie", "x-api-key", "wechatpay-signature"]
const MAX_ERROR_BODY = 2048
const UNKNOWN_SERIAL_REFRESH_MILLIS = 60_000

const ErrorBody = Schema.Struct({
  code: Schema.String,
  message: Schema.optionalWith(Schema.String, { default: () => "" }),
  detail: Schema.optional(ErrorDetail)
})
const decodeErrorBody = Schema.decodeUnknownOption(ErrorBody)

const CertificatesBody = Schema.Struct({
  data: Schema.Array(
    Schema.Struct({
      serial_no: Schema.String,
      encrypt_certificate: Schema.Struct({
        algorithm: Schema.String,
        nonce: Schema.String,
        associated_data: Schema.optional(Schema.String),
        ciphertext: Schema.String
      })
    })
  )
})
const decodeCertificatesBody = Schema.decodeUnknownEither(Schema.parseJson(CertificatesBody))

const pathOf = (path: ReadonlyArray<PropertyKey>): string => path.map((p) => `/${String(p)}`).join("")

const issuesOf = (error: ParseResult.ParseError) =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    path: pathOf(issue.path),
    message: issue.message
  }))

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

interface Prepared {
  readonly target: string
  readonly body: string | undefined
}

/**
 * Whether decoding can change a value's shape (a transformation, a declaration or a recursive schema somewhere):
 * when it cannot, the decoded value already is the wire form and encoding it again would only copy it.
 */
const hasTransformation = (ast: SchemaAST.AST): boolean => {
  switch (ast._tag) {
    case "Transformation":
    case "Declaration":
    case "Suspend":
      return true
    case "Refinement":
      return hasTransformation(ast.from)
    case "TypeLiteral":
      return (
        ast.propertySignatures.some((p) => hasTransformation(p.type)) ||
        ast.indexSignatures.some((i) => hasTransformation(i.type))
      )
    case "Union":
      return ast.types.some(hasTransformation)
    case "TupleType":
      return ast.elements.some((e) => hasTransformation(e.type)) || ast.rest.some((e) => hasTransformation(e.type))
    default:
      return false
  }
}

/** An endpoint's compiled parsers, made once per endpoint descriptor. */
interface Codec {
  /** Validates the input (its wire form) and gives the wire form to send. */
  readonly request: (input: unknown) => Either.Either<unknown, ParseResult.ParseError>
  readonly response: ((json: unknown) => Either.Either<unknown, ParseResult.ParseError>) | undefined
}

const codecs = new WeakMap<object, Codec>()

const codecOf = <I, IE, A, AE, Code extends string>(endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>): Codec => {
  let codec = codecs.get(endpoint)
  if (codec === undefined) {
    const decode = Schema.decodeUnknownEither(endpoint.request)
    const encode = Schema.encodeEither(endpoint.request)
    codec = {
      request: hasTransformation(endpoint.request.ast)
        ? (input) => Either.flatMap(decode(input), encode)
        : (input) => decode(input),
      response: endpoint.noContent ? undefined : Schema.decodeUnknownEither(endpoint.response)
    }
    codecs.set(endpoint, codec)
  }
  return codec
}

const prepare = <I, IE, A, AE, Code extends string>(
  endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
  input: IE
): Either.Either<Prepared, RequestValidationError> => {
  const encoded = codecOf(endpoint).request(input)
  if (Either.isLeft(encoded)) {
    const issues = issuesOf(encoded.left)
    return Either.left(
      new RequestValidationError({
        message: `${endpoint.name}: invalid request: ${issues.map((i) => `${i.path || "/"}: ${i.message}`).join("; ")}`,
        issues
      })
    )
  }
  const fields: Record<string, unknown> = isRecord(encoded.right) ? { ...encoded.right } : {}
  let target = endpoint.path
  for (const name of endpoint.pathParams) {
    const value = fields[name]
    if (typeof value !== "string" || value.length === 0) {
      return Either.left(
        new RequestValidationError({
          message: `${endpoint.name}: path parameter ${name} is missing`,
          issues: [{ path: `/${name}`, message: "is missing" }]
        })
      )
    }
    target = target.replace(`{${name}}`, encodeURIComponent(value))
    delete fields[name]
  }
  const query: Array<string> = []
  for (const name of endpoint.query) {
    const value = fields[name]
    if (value !== undefined) query.push(`${name}=${encodeURIComponent(String(value))}`)
    delete fields[name]
  }
  if (query.length > 0) target += `?${query.join("&")}`
  const hasBody = endpoint.method !== "GET" && endpoint.method !== "DELETE"
  return Either.right({ target, body: hasBody ? JSON.stringify(fields) : undefined })
}

const textDecoder = new TextDecoder()

const isRetryable = (error: { readonly _tag: string; readonly status?: number }): boolean =>
  error._tag === "TransportError" ||
  (error._tag === "SystemError" && (error.status ?? 0) >= 500) ||
  error._tag === "FrequencyLimited" ||
  error._tag === "FrequencyLimitExceed"

const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)
const MAX_TIMER_MILLIS = 2 ** 31 - 1

/**
 * `Effect.timeoutFail` with one fiber instead of two: the attempt runs in a child fiber, a timer of the live clock
 * races it; on timeout the child is interrupted (and awaited) before failing, as `Effect.timeoutFail` does. Under
 * any other Clock (a TestClock) or a duration a timer cannot hold, `Effect.timeoutFail` itself is used.
 */
const timeoutFail = <A, E>(
  self: Effect.Effect<A, E>,
  clock: Clock.Clock,
  duration: Duration.Duration,
  onTimeout: () => E
): Effect.Effect<A, E> => {
  const millis = Duration.toMillis(duration)
  if (clock !== liveClock || !(millis <= MAX_TIMER_MILLIS)) return Effect.timeoutFail(self, { duration, onTimeout })
  return Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(Effect.fork(restore(self)), (fiber) =>
      // Uninterruptible wait: interrupting this fiber interrupts the child, whose exit then resumes it.
      Effect.async<A, E>((resume) => {
        let settled = false
        const timer = setTimeout(() => {
          if (settled) return
          settled = true
          resume(Effect.zipRight(Fiber.interrupt(fiber), Effect.fail(onTimeout())))
        }, millis)
        fiber.addObserver((exit) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          resume(Effect.zipRight(fiber.inheritAll, exit))
        })
      })
    )
  )
}

const validate = (options: Options): Effect.Effect<void, WechatPayConfigError> => {
  const certificates = options.platformCertificates
  const hasCertificates = certificates === "auto" || (certificates !== undefined && certificates.length > 0)
  if (options.wechatpayPublicKey === undefined && !hasCertificates) {
    return Effect.fail(
      new WechatPayConfigError({
        message:
          "no key to verify WeChat Pay responses with: configure wechatpayPublicKey ({ id: 'PUB_KEY_ID_…', key: PEM }) and/or platformCertificates (PEM list or \"auto\")"
      })
    )
  }
  if (certificates === "auto" && options.apiV3Key === undefined) {
    return Effect.fail(
      new WechatPayConfigError({
        message: 'platformCertificates: "auto" needs apiV3Key to decrypt the downloaded certificates'
      })
    )
  }
  if (!options.mchid || !options.merchantSerialNumber) {
    return Effect.fail(new WechatPayConfigError({ message: "mchid and merchantSerialNumber are required" }))
  }
  return Effect.void
}

/**
 * Builds the client: parses keys once, wires the signing and verifying middleware onto the application's
 * HttpClient, and in `"auto"` certificate mode downloads the platform certificates and keeps them fresh in a
 * scoped fiber.
 *
 * @since 0.1.0
 */
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
    const timeout = Duration.decode(options.timeout ?? "10 seconds")
    const userAgent = options.userAgent ?? `effect-wechatpay/${VERSION} (${process.platform}; node ${process.version})`
    const retry = options.retry === false ? undefined : options.retry
    const attempts = options.retry === false ? 1 : Math.max(1, retry?.attempts ?? 3)
    const retrySchedule = Schedule.exponential(retry?.base ?? "200 millis", 2).pipe(
      Schedule.jittered,
      Schedule.intersect(Schedule.recurs(attempts - 1))
    )
    const signer = crypto.signer

    // The Authorization of one request: the exact target as sent (URL-normalised), the body text, time from the Clock.
    const authorizationAt = (method: string, target: string, body: string, millis: number): string =>
      signer.authorizeAt({ method, target, body }, Math.floor(millis / 1000), MerchantSigner.nonce()).authorization

    const signRequest = (request: HttpClientRequest.HttpClientRequest) => {
      const url = targetOf(request)
      const target = Either.isRight(url) ? url.right.path : request.url
      const body = request.body._tag === "Uint8Array" ? textDecoder.decode(request.body.body) : ""
      return Effect.clockWith((clock) =>
        Effect.succeed(
          HttpClientRequest.setHeader(
            request,
            "authorization",
            authorizationAt(request.method, target, body, clock.unsafeCurrentTimeMillis())
          )
        )
      )
    }

    const base = yield* HttpClient.HttpClient
    // Signing is HttpClient middleware: it runs on every attempt, over the URL and body bytes as they will be sent.
    const signingClient = base.pipe(HttpClient.mapRequestEffect(signRequest))
    const signedClient = base.pipe(
      HttpClient.mapRequest(HttpClientRequest.prependUrl(baseUrl)),
      HttpClient.mapRequest(HttpClientRequest.setHeaders({ accept: "application/json", "user-agent": userAgent })),
      HttpClient.mapRequestEffect(signRequest)
    )

    // Platform certificates: download, decrypt with the APIv3 key, verify the download with what it contains.
    const refreshLock = yield* Effect.makeSemaphore(1)
    const downloadFailed = (message: string, cause?: unknown) =>
      new CertificateDownloadError({ reason: "Failed", message, cause })
    const refreshCertificates: Effect.Effect<ReadonlyArray<string>, CertificateDownloadError> = Effect.gen(
      function* () {
        const response = yield* signedClient
          .get("/v3/certificates")
          .pipe(Effect.mapError((cause) => downloadFailed("GET /v3/certificates failed", cause)))
        const text = yield* response.text.pipe(
          Effect.mapError((cause) => downloadFailed("reading /v3/certificates failed", cause))
        )
        if (response.status < 200 || response.status >= 300) {
          const body = decodeErrorBody(safeJson(text))
          const code = Option.getOrUndefined(Option.map(body, (b) => b.code))
          if (code === "RESOURCE_NOT_EXISTS" || response.status === 404) {
            return yield* new CertificateDownloadError({
              reason: "NoPlatformCertificates",
              message:
                "this merchant has no platform certificates (RESOURCE_NOT_EXISTS from /v3/certificates): configure the WeChat Pay public key instead (wechatpayPublicKey, or WECHATPAY_PUBLIC_KEY_ID + WECHATPAY_PUBLIC_KEY)"
            })
          }
          return yield* downloadFailed(`GET /v3/certificates answered ${response.status} ${code ?? ""}`.trim())
        }
        const parsed = decodeCertificatesBody(text)
        if (Either.isLeft(parsed)) return yield* downloadFailed("/v3/certificates body is not the documented shape")
        const pems = yield* Effect.forEach(parsed.right.data, (item) =>
          crypto.decryptResource(item.encrypt_certificate)
        ).pipe(Effect.mapError((cause) => downloadFailed(cause.message, cause)))
        const current = yield* crypto.keyring
        const candidate = yield* Keyring.replaceCertificates(current, pems).pipe(
          Effect.mapError((cause) => downloadFailed(cause.message, cause))
        )
        yield* Verifier.verify(candidate, response.headers, text).pipe(
          Effect.mapError(
            (cause) =>
              new CertificateDownloadError({
                reason: "Unverified",
                message: `the certificate download does not verify with the certificates it contains: ${cause.message}`,
                cause
              })
          )
        )
        yield* crypto.setKeyring(candidate)
        return Keyring.serials(candidate)
      }
    ).pipe(refreshLock.withPermits(1), Effect.withSpan("WechatPay.refreshCertificates"))

    if (auto) {
      yield* refreshCertificates.pipe(
        Effect.catchIf(
          (error) => error.reason === "NoPlatformCertificates" && options.wechatpayPublicKey !== undefined,
          (error) => Effect.logWarning(`${error.message}; continuing with the WeChat Pay public key only`)
        )
      )
      const interval = options.certificateRefreshInterval ?? "12 hours"
      yield* Effect.sleep(interval).pipe(
        Effect.zipRight(
          refreshCertificates.pipe(
            Effect.catchAll((error) => Effect.logWarning(`platform certificate refresh failed: ${error.message}`))
          )
        ),
        Effect.forever,
        Effect.forkScoped
      )
    }

    // On an unknown serial in "auto" mode, refresh once (at most once a minute) and verify again.
    const lastUnknownSerialRefresh = yield* Ref.make(Number.NEGATIVE_INFINITY)
    const refreshForUnknownSerial = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      if (now - (yield* Ref.get(lastUnknownSerialRefresh)) < UNKNOWN_SERIAL_REFRESH_MILLIS) return false
      yield* Ref.set(lastUnknownSerialRefresh, now)
      return yield* refreshCertificates.pipe(
        Effect.as(true),
        Effect.catchAll((error) =>
          Effect.as(Effect.logWarning(`platform certificate refresh failed: ${error.message}`), false)
        )
      )
    })

    // Verification of a 2xx body: synchronous when the serial is known; in "auto" mode an unknown serial refreshes the
    // platform certificates once (at most once a minute) and verifies again.
    const verifyBody = (
      headers: Headers.Headers,
      body: string | Uint8Array,
      nowMillis: number
    ): Effect.Effect<void, SignatureVerificationError> =>
      Effect.flatMap(crypto.keyring, (keyring) => {
        const result = Verifier.verifyAt(keyring, headers, body, Math.floor(nowMillis / 1000))
        if (Either.isRight(result)) return Effect.void
        if (!auto || result.left.reason !== "UnknownSerial") return Effect.fail(result.left)
        return Effect.flatMap(refreshForUnknownSerial, (refreshed) =>
          refreshed
            ? Effect.asVoid(Effect.flatMap(crypto.keyring, (next) => Verifier.verify(next, headers, body)))
            : Effect.fail(result.left)
        )
      })

    const verifyResponse = (
      response: HttpClientResponse.HttpClientResponse
    ): Effect.Effect<
      HttpClientResponse.HttpClientResponse,
      SignatureVerificationError | HttpClientError.ResponseError
    > => {
      if (response.status < 200 || response.status >= 300) return Effect.succeed(response)
      return Effect.flatMap(response.text, (text) =>
        Effect.clockWith((clock) =>
          Effect.as(verifyBody(response.headers, text, clock.unsafeCurrentTimeMillis()), response)
        )
      )
    }

    const httpClient = signedClient.pipe(HttpClient.transformResponse(Effect.flatMap(verifyResponse)))

    // The executor's hot path: one request built per call, signed per attempt, sent on the application's client
    // (`base`), the body read once, verified and decoded in place; the retry schedule only starts after a failure.
    const baseHeaders = { accept: "application/json", "user-agent": userAgent }
    const spanOptions = new WeakMap<object, Tracer.SpanOptions>()
    const spanOptionsOf = <I, IE, A, AE, Code extends string>(
      endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>
    ): Tracer.SpanOptions => {
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

    const retrying = <A, E extends { readonly _tag: string; readonly status?: number }>(
      attempt: Effect.Effect<A, E>
    ): Effect.Effect<A, E> => {
      if (attempts <= 1) return attempt
      return Effect.catchIf(attempt, isRetryable, (first) =>
        Effect.flatMap(Schedule.driver(retrySchedule), (driver) => {
          const loop = (error: E): Effect.Effect<A, E> =>
            Effect.matchEffect(driver.next(error), {
              onFailure: () => Effect.fail(error),
              onSuccess: () => Effect.catchIf(attempt, isRetryable, loop)
            })
          return loop(first)
        })
      )
    }

    const execute = <I, IE, A, AE, Code extends string>(
      endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
      input: IE
    ): Effect.Effect<A, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>> => {
      type E = Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>
      const prepared = prepare(endpoint, input)
      if (Either.isLeft(prepared)) {
        return Effect.withSpan(Effect.fail(prepared.left as E), endpoint.name, spanOptionsOf(endpoint))
      }
      const { body, target } = prepared.right
      const url = baseUrl + target
      let request = HttpClientRequest.setHeaders(HttpClientRequest.make(endpoint.method)(url), baseHeaders)
      if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")
      const label = `${endpoint.method} ${endpoint.path}`
      const transportError = (error: HttpClientError.HttpClientError): E =>
        new TransportError({ reason: "Transport", message: `${label}: ${error.message}`, cause: error }) as E

      return Effect.useSpan(endpoint.name, spanOptionsOf(endpoint), (span) => {
        const succeed = (status: number, requestId: string | undefined, text: string): Effect.Effect<A, E> => {
          span.attribute("http.response.status_code", status)
          span.attribute("wechatpay.request_id", requestId ?? "")
          return decodeSuccess(endpoint, text, requestId) as Effect.Effect<A, E>
        }
        const failure = (status: number, requestId: string | undefined, text: string): Effect.Effect<A, E> => {
          const error = toApiError(endpoint, status, text, requestId)
          span.attribute("http.response.status_code", status)
          span.attribute("wechatpay.code", error.code ?? "")
          span.attribute("wechatpay.request_id", requestId ?? "")
          return Effect.fail(error as E)
        }
        const attempt: Effect.Effect<A, E> = Effect.clockWith((clock) =>
          timeoutFail(
            Effect.flatMap(
              Effect.mapError(signingClient.execute(request), transportError),
              (response): Effect.Effect<A, E> => {
                // One read of the body, as bytes (verified as received), and one read of the headers.
                const status = response.status
                const headers = response.headers
                const requestId = headers["request-id"]
                const ok = status >= 200 && status < 300
                return Effect.matchEffect(response.arrayBuffer, {
                  onFailure: (error) => (ok ? Effect.fail(transportError(error)) : failure(status, requestId, "")),
                  onSuccess: (buffer) => {
                    const bytes = Buffer.from(buffer)
                    const text = bytes.toString("utf8")
                    if (!ok) return failure(status, requestId, text)
                    return Effect.flatMap(
                      verifyBody(headers, bytes, clock.unsafeCurrentTimeMillis()) as Effect.Effect<void, E>,
                      () => succeed(status, requestId, text)
                    )
                  }
                })
              }
            ),
            clock,
            timeout,
            () =>
              new TransportError({
                reason: "Timeout",
                message: `${label}: no response within ${Duration.format(timeout)}`
              }) as E
          )
        )
        return Effect.withParentSpan(
          Effect.locally(retrying(attempt), Headers.currentRedactedNames, REDACTED_HEADERS),
          span
        )
      })
    }

    return {
      mchid: options.mchid,
      baseUrl,
      crypto,
      httpClient,
      execute,
      refreshCertificates
    } satisfies Service
  })

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const decodeSuccess = <I, IE, A, AE, Code extends string>(
  endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
  text: string,
  requestId: string | undefined
): Effect.Effect<A, DecodeError> => {
  const decode = codecOf(endpoint).response
  if (decode === undefined) return Effect.succeed(undefined as A)
  const json = safeJson(text)
  if (json === undefined) {
    return Effect.fail(
      new DecodeError({ message: `${endpoint.name}: the response body is not JSON`, path: "", requestId })
    )
  }
  const decoded = decode(json)
  if (Either.isRight(decoded)) return Effect.succeed(decoded.right as A)
  const issues = issuesOf(decoded.left)
  return Effect.fail(
    new DecodeError({
      message: `${endpoint.name}: the response does not match its schema: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      path: issues[0]?.path ?? "",
      requestId
    })
  )
}

const toApiError = <I, IE, A, AE, Code extends string>(
  endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
  status: number,
  text: string,
  requestId: string | undefined
) => {
  const body = decodeErrorBody(safeJson(text))
  if (Option.isNone(body)) {
    return new UnknownApiError({
      status,
      message: `${endpoint.name}: HTTP ${status} with a body that is not a WeChat Pay error`,
      body: text.slice(0, MAX_ERROR_BODY),
      requestId
    })
  }
  const { code, detail, message } = body.value
  if (endpoint.codes.has(code) && code in ErrorClasses) {
    const ErrorClass = ErrorClasses[code as KnownCode]
    return new ErrorClass({ status, code, message, detail, requestId })
  }
  return new UnknownApiError({ status, code, message, detail, body: text.slice(0, MAX_ERROR_BODY), requestId })
}

/**
 * The client as a Layer; the application provides the `HttpClient` (node:http, undici or fetch).
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options
): Layer.Layer<
  WechatPayClient,
  InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient
> => Layer.scoped(WechatPayClient, make(options))

/**
 * Reads a PEM from `NAME` (PEM text; `\n` escapes allowed) or from the file named by `NAME_FILE`.
 *
 * @since 0.1.0
 */
export const pemConfig = (name: string): Config.Config<string> =>
  Config.string(name).pipe(
    Config.map(unescapePem),
    Config.orElse(() => Config.string(`${name}_FILE`).pipe(Config.mapOrFail(readPemFile(`${name}_FILE`))))
  )

const unescapePem = (text: string): string => (text.includes("\n") ? text : text.replace(/\\n/g, "\n"))

const readPemFile =
  (name: string) =>
  (path: string): Either.Either<string, ConfigError.ConfigError> => {
    try {
      return Either.right(Fs.readFileSync(path, "utf8"))
    } catch {
      return Either.left(ConfigError.InvalidData([name], `cannot read the file ${JSON.stringify(path)}`))
    }
  }

const splitPems = (text: string): ReadonlyArray<string> =>
  text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []

/**
 * `WECHATPAY_PLATFORM_CERTIFICATES`: `auto`, PEM text, or comma-separated PEM file paths.
 *
 * @since 0.1.0
 */
export const platformCertificatesConfig = (name: string): Config.Config<ReadonlyArray<string> | "auto"> =>
  Config.string(name).pipe(
    Config.mapOrFail((value): Either.Either<ReadonlyArray<string> | "auto", ConfigError.ConfigError> => {
      const trimmed = value.trim()
      if (trimmed === "auto") return Either.right("auto")
      if (trimmed.includes("-----BEGIN")) return Either.right(splitPems(unescapePem(trimmed)))
      const pems: Array<string> = []
      for (const path of trimmed
        .split(",")
        .map((p) => p.trim())
        .filter((p) => p.length > 0)) {
        const read = readPemFile(name)(path)
        if (Either.isLeft(read)) return Either.left(read.left)
        pems.push(...splitPems(read.right))
      }
      return Either.right(pems)
    })
  )

/**
 * The options read from the environment: `WECHATPAY_MCHID`, `WECHATPAY_MERCHANT_SERIAL_NUMBER`,
 * `WECHATPAY_MERCHANT_PRIVATE_KEY` (or `_FILE`), `WECHATPAY_APIV3_KEY`, `WECHATPAY_PUBLIC_KEY_ID` with
 * `WECHATPAY_PUBLIC_KEY` (or `_FILE`), `WECHATPAY_PLATFORM_CERTIFICATES` (`auto` or PEM files),
 * `WECHATPAY_BASE_URL`. Secrets are read as `Redacted`.
 *
 * @since 0.1.0
 */
export const envConfig: Config.Config<Options> = Config.all({
  mchid: Config.string("WECHATPAY_MCHID"),
  merchantSerialNumber: Config.string("WECHATPAY_MERCHANT_SERIAL_NUMBER"),
  merchantPrivateKey: Config.map(pemConfig("WECHATPAY_MERCHANT_PRIVATE_KEY"), Redacted.make),
  apiV3Key: Config.option(Config.redacted("WECHATPAY_APIV3_KEY")),
  publicKeyId: Config.option(Config.string("WECHATPAY_PUBLIC_KEY_ID")),
  publicKey: Config.option(pemConfig("WECHATPAY_PUBLIC_KEY")),
  platformCertificates: Config.option(platformCertificatesConfig("WECHATPAY_PLATFORM_CERTIFICATES")),
  baseUrl: Config.option(Config.string("WECHATPAY_BASE_URL"))
}).pipe(
  Config.mapOrFail((c): Either.Either<Options, ConfigError.ConfigError> => {
    if (Option.isSome(c.publicKeyId) !== Option.isSome(c.publicKey)) {
      return Either.left(
        ConfigError.MissingData(
          [Option.isSome(c.publicKeyId) ? "WECHATPAY_PUBLIC_KEY" : "WECHATPAY_PUBLIC_KEY_ID"],
          "WECHATPAY_PUBLIC_KEY_ID and WECHATPAY_PUBLIC_KEY (or WECHATPAY_PUBLIC_KEY_FILE) go together"
        )
      )
    }
    return Either.right({
      mchid: c.mchid,
      merchantSerialNumber: c.merchantSerialNumber,
      merchantPrivateKey: c.merchantPrivateKey,
      apiV3Key: Option.getOrUndefined(c.apiV3Key),
      wechatpayPublicKey:
        Option.isSome(c.publicKeyId) && Option.isSome(c.publicKey)
          ? { id: c.publicKeyId.value, key: c.publicKey.value }
          : undefined,
      platformCertificates: Option.getOrUndefined(c.platformCertificates),
      baseUrl: Option.getOrUndefined(c.baseUrl)
    })
  })
)

/**
 * The client as a Layer configured from `Config` (by default {@link envConfig}, the `WECHATPAY_*` environment
 * variables). Options given in `overrides` win over the config.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  config: Config.Config<Options> = envConfig,
  overrides?: Partial<Options>
): Layer.Layer<
  WechatPayClient,
  ConfigError.ConfigError | InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient
> => Layer.unwrapEffect(Effect.map(config, (options) => layer({ ...options, ...overrides })))
