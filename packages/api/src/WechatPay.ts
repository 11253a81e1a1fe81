/**
 * The WeChat Pay APIv3 client service (微信支付 APIv3 客户端): credentials injected with a Layer, every request
 * signed and every 2xx response verified by HttpClient middleware, one executor for every endpoint.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import {
  Headers,
  HttpClient,
  type HttpClientError,
  HttpClientRequest,
  type HttpClientResponse,
  UrlParams
} from "@effect/platform"
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
  Duration,
  Effect,
  Either,
  Layer,
  Option,
  ParseResult,
  Redacted,
  Ref,
  Schedule,
  Schema,
  type Scope
} from "effect"
import type * as Endpoint from "./Endpoint.js"
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
export interface Options {
  /** 商户号 */
  readonly mchid: string
  /** 商户API证书序列号 */
  readonly merchantSerialNumber: string
  /** 商户API证书私钥 (apiclient_key.pem), PKCS#8 or PKCS#1 PEM. */
  readonly merchantPrivateKey: Redacted.Redacted<string>
  /** APIv3密钥: required for `platformCertificates: "auto"` and for notifications. */
  readonly apiV3Key?: Redacted.Redacted<string> | undefined
  /** 微信支付公钥 and its id (`PUB_KEY_ID_…`). */
  readonly wechatpayPublicKey?: Keyring.PublicKeyConfig | undefined
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

const prepare = <I, IE, A, AE, Code extends string>(
  endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
  input: IE
): Either.Either<Prepared, RequestValidationError> => {
  const encoded = Either.flatMap(Schema.decodeUnknownEither(endpoint.request)(input), (value) =>
    Schema.encodeEither(endpoint.request)(value)
  )
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

    const signRequest = (request: HttpClientRequest.HttpClientRequest) => {
      const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
      const target = Either.isRight(url) ? url.right.pathname + url.right.search : request.url
      const body = request.body._tag === "Uint8Array" ? textDecoder.decode(request.body.body) : ""
      return Effect.map(Clock.currentTimeMillis, (millis) =>
        HttpClientRequest.setHeader(
          request,
          "authorization",
          signer.authorizeAt(
            { method: request.method, target, body },
            Math.floor(millis / 1000),
            MerchantSigner.nonce()
          ).authorization
        )
      )
    }

    const base = yield* HttpClient.HttpClient
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

    const verifyResponse = (
      response: HttpClientResponse.HttpClientResponse
    ): Effect.Effect<
      HttpClientResponse.HttpClientResponse,
      SignatureVerificationError | HttpClientError.ResponseError
    > => {
      if (response.status < 200 || response.status >= 300) return Effect.succeed(response)
      return Effect.flatMap(response.text, (text) =>
        Effect.flatMap(crypto.keyring, (keyring) =>
          Effect.flatMap(Clock.currentTimeMillis, (millis) => {
            const result = Verifier.verifyAt(keyring, response.headers, text, Math.floor(millis / 1000))
            if (Either.isRight(result)) return Effect.succeed(response)
            if (!auto || result.left.reason !== "UnknownSerial") return Effect.fail(result.left)
            return Effect.flatMap(refreshForUnknownSerial, (refreshed) =>
              refreshed
                ? Effect.as(
                    Effect.flatMap(crypto.keyring, (next) => Verifier.verify(next, response.headers, text)),
                    response
                  )
                : Effect.fail(result.left)
            )
          })
        )
      )
    }

    const httpClient = signedClient.pipe(HttpClient.transformResponse(Effect.flatMap(verifyResponse)))

    const execute = <I, IE, A, AE, Code extends string>(
      endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
      input: IE
    ): Effect.Effect<A, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>> => {
      type E = Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>
      const span = Effect.withSpan(endpoint.name, {
        kind: "client",
        attributes: {
          "http.request.method": endpoint.method,
          "url.template": endpoint.path,
          "wechatpay.mchid": options.mchid
        }
      })
      const prepared = prepare(endpoint, input)
      if (Either.isLeft(prepared)) return span(Effect.fail(prepared.left as E))
      const { body, target } = prepared.right
      let request = HttpClientRequest.make(endpoint.method)(target)
      if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")

      const handle = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<A, E> =>
        Effect.flatMap(
          Effect.orElseSucceed(response.text, () => ""),
          (text): Effect.Effect<A, E> => {
            const requestId = response.headers["request-id"]
            if (response.status >= 200 && response.status < 300) {
              return Effect.zipRight(
                Effect.annotateCurrentSpan({
                  "http.response.status_code": response.status,
                  "wechatpay.request_id": requestId ?? ""
                }),
                decodeSuccess(endpoint, text, requestId)
              )
            }
            const error = toApiError(endpoint, response.status, text, requestId)
            return Effect.zipRight(
              Effect.annotateCurrentSpan({
                "http.response.status_code": response.status,
                "wechatpay.code": error.code ?? "",
                "wechatpay.request_id": requestId ?? ""
              }),
              Effect.fail(error as E)
            )
          }
        )

      const attempt = httpClient.execute(request).pipe(
        Effect.catchAll((error): Effect.Effect<never, E> => {
          if (error._tag === "SignatureVerificationError") return Effect.fail(error as E)
          return Effect.fail(
            new TransportError({
              reason: "Transport",
              message: `${endpoint.method} ${endpoint.path}: ${error.message}`,
              cause: error
            }) as E
          )
        }),
        Effect.flatMap(handle),
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () =>
            new TransportError({
              reason: "Timeout",
              message: `${endpoint.method} ${endpoint.path}: no response within ${Duration.format(timeout)}`
            }) as E
        })
      )
      return (attempts > 1 ? Effect.retry(attempt, { schedule: retrySchedule, while: isRetryable }) : attempt).pipe(
        Effect.locally(Headers.currentRedactedNames, REDACTED_HEADERS),
        span
      )
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
  if (endpoint.response === undefined) return Effect.succeed(undefined as A)
  const json = safeJson(text)
  if (json === undefined) {
    return Effect.fail(
      new DecodeError({ message: `${endpoint.name}: the response body is not JSON`, path: "", requestId })
    )
  }
  const decoded = Schema.decodeUnknownEither(endpoint.response)(json)
  if (Either.isRight(decoded)) return Effect.succeed(decoded.right)
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
