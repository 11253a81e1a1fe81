/**
 * The WeChat Pay APIv3 client service (微信支付 APIv3 客户端): credentials injected with a Layer, every request
 * signed, bounded by a timeout, and every 2xx response verified over the bytes received, both in the executor that
 * runs every endpoint and on the `httpClient` it exposes. This module is the typed facade; the implementation is in
 * `internal/` (configuration, certificates, the executor, the retry and timeout policy).
 *
 * @since 0.1.0
 */
import type { InvalidKeyError, SignatureVerificationError } from "@effect-wechatpay/crypto/CryptoError"
import type * as WechatPayCrypto from "@effect-wechatpay/crypto/WechatPayCrypto"
import type * as Config from "effect/Config"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type * as Endpoint from "./Endpoint.js"
import * as internal from "./internal/client.js"
import * as config from "./internal/config.js"
import type { CertificateDownloadError, WechatPayConfigError } from "./WechatPayError.js"

/**
 * Retry policy: exponential backoff with jitter, or the server's `Retry-After` when longer, never longer than the
 * timeout. A 429 is retried where the endpoint's descriptor allows it (`retryAfter429`: reads, writes that carry their
 * request number, and the writes a second send cannot apply twice); transport errors, timeouts and 5xx answers (WeChat
 * Pay's `SYSTEM_ERROR`, a proxy's 502/503/504 or HTML 500) are retried for idempotent calls: reads, and writes that
 * carry their request number. A 4xx business error and a body over the size limit never are.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3). */
  readonly attempts?: number | undefined
  /** First backoff delay (default 200 millis), doubled each retry, with jitter. */
  readonly base?: Duration.Input | undefined
}

/**
 * Options of {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Omit<WechatPayCrypto.Options, "platformCertificates"> {
  /** 平台证书 as PEM, or `"auto"` to download them from `/v3/certificates` and keep them fresh. */
  readonly platformCertificates?: ReadonlyArray<string> | "auto" | undefined
  /** Default `https://api.mch.weixin.qq.com`. */
  readonly baseUrl?: string | undefined
  /**
   * Per attempt; default 10 seconds. A call that gets no response fails with `TransportError` `Timeout` once its
   * attempts are spent (3 by default, see `retry`): up to `attempts × timeout` plus the waits between them.
   */
  readonly timeout?: Duration.Input | undefined
  /**
   * One limit for a whole call: every attempt and every wait between them (default none). When it passes, the attempt
   * in flight is interrupted and the call fails with `TransportError` `Deadline`; a wait that would end past it is
   * not started (the call fails with its last error).
   */
  readonly deadline?: Duration.Input | undefined
  /** Default `effect-wechatpay/<version>`. */
  readonly userAgent?: string | undefined
  /** `false` turns retries off. */
  readonly retry?: RetryOptions | false | undefined
  /** How often `"auto"` platform certificates are refreshed; default 12 hours. */
  readonly certificateRefreshInterval?: Duration.Input | undefined
}

/**
 * A multipart request ready to send (see `MediaUpload`, which builds one from an image): the target (path and query),
 * the meta JSON the signature covers (`body`, byte-identical to the `meta` part), the content type with its boundary,
 * and the multipart bytes.
 *
 * @since 0.2.0
 * @category models
 */
export interface MultipartUpload {
  readonly target: string
  readonly body: string
  readonly contentType: string
  readonly multipart: Uint8Array
}

/**
 * Options of a streamed download (`WechatPayClient.downloadStream`).
 *
 * @since 0.2.0
 * @category models
 */
export interface DownloadStreamOptions {
  /**
   * The largest body accepted, in bytes (default 1 GiB): a larger `Content-Length` fails before the body is read, a
   * longer body as soon as it passes the limit, with `TransportError` `ResponseTooLarge`.
   */
  readonly maxBytes?: number | undefined
}

/**
 * What the client offers: the endpoint executor, the multipart and download exchanges that `MediaUpload` and
 * `FlowFiles` run on, the signed `httpClient`, the merchant's cryptography and the certificate refresh. Every
 * exchange is signed, bounded by the timeout, and (but for file downloads, which WeChat Pay does not sign) verified
 * over the bytes received.
 *
 * @since 0.1.0
 * @category models
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
  readonly execute: <E extends Endpoint.Any>(
    endpoint: E,
    input: Endpoint.Input<E>
  ) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>
  /**
   * Runs a multipart endpoint with a prepared upload: the same pipeline as `execute` (sign, send, verify, decode,
   * retry policy, span), the signature over the meta JSON instead of the raw body.
   */
  readonly executeMultipart: <E extends Endpoint.Any>(
    endpoint: E,
    upload: MultipartUpload
  ) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>
  /**
   * A signed GET of an absolute URL whose 2xx answer is NOT verified (file downloads are unsigned, docs/sources/wechatpay-v3.md §1.4.6): the
   * body bytes, or the tagged error of a non-2xx answer as `endpoint` documents it. Bounded by the timeout, retried
   * as a read.
   */
  readonly download: <E extends Endpoint.Any>(endpoint: E, url: string) => Effect.Effect<Uint8Array, Endpoint.Error<E>>
  /**
   * {@link Service.download} with the 2xx body as a `Stream` of chunks, read from the connection as it is pulled (in
   * constant memory, whatever the transport's size limit for buffered bodies), NOT verified. The response head is
   * awaited within the timeout and a failure before the body (a non-2xx answer, a transport error) is retried as a
   * read; once the body flows, each chunk must come within the timeout (`TransportError` `Timeout`) and the body may
   * not pass `options.maxBytes`; nothing is retried. Optional, so that a hand-written service need not have it
   * (`FlowFiles` then uses `download`).
   */
  readonly downloadStream?: <E extends Endpoint.Any>(
    endpoint: E,
    url: string,
    options?: DownloadStreamOptions
  ) => Stream.Stream<Uint8Array, Endpoint.Error<E>>
  /** Downloads platform certificates now (`"auto"` mode); returns the serials held. */
  readonly refreshCertificates: Effect.Effect<ReadonlyArray<string>, CertificateDownloadError>
}

/**
 * The client service tag.
 *
 * @since 0.1.0
 * @category tags
 */
export class WechatPayClient extends Context.Service<WechatPayClient, Service>()(
  "@effect-wechatpay/api/WechatPayClient"
) {}

/**
 * Turns an endpoint descriptor into its function: `input` (the wire form) to an Effect that needs the client. A
 * brand endpoint (`auth: "brand"`) does not compile here: `WechatPayBrand.operation` runs those.
 *
 * @example
 * ```ts
 * import { Endpoints, WechatPay } from "@effect-wechatpay/api"
 * import { Favor } from "@effect-wechatpay/schema"
 *
 * // What the generated `Favor.queryStock` is: one descriptor, one executor.
 * const queryStock = WechatPay.operation(Favor.QueryStock)
 * const program = queryStock({ stock_id: "9856000", stock_creator_mchid: "1900000001" })
 * const every = Endpoints.all.length
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const operation =
  <E extends Endpoint.Any & { readonly auth: "merchant" }>(endpoint: E) =>
  (input: Endpoint.Input<E>): Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>, WechatPayClient> =>
    Effect.flatMap(WechatPayClient, (client) => client.execute(endpoint, input))

/**
 * The production API host.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_BASE_URL: string = internal.DEFAULT_BASE_URL

/**
 * Builds the client: parses keys once, checks the options, and in `"auto"` certificate mode downloads the platform
 * certificates and keeps them fresh in a scoped fiber. Every request it makes (endpoint calls, the certificate
 * download, the public `httpClient`) is signed, bounded by `timeout`, and verified over the bytes received. Signing
 * is inline unless a `SigningPool` (from `@effect-wechatpay/api/SigningPool`) is in the context: then the key is
 * registered with its workers, once, and each signature is made there.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (
  options: Options
) => Effect.Effect<
  Service,
  InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient | Scope.Scope
> = internal.make

/**
 * The client as a Layer; the application provides the `HttpClient` (node:http, undici or fetch).
 *
 * @example
 * ```ts
 * import { NodeTransport, WechatPay } from "@effect-wechatpay/api"
 * import { Layer, Redacted } from "effect"
 *
 * declare const privateKeyPem: string
 * declare const publicKeyPem: string
 *
 * const WechatPayLive = WechatPay.layer({
 *   mchid: "1900000001",
 *   merchantSerialNumber: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
 *   merchantPrivateKey: Redacted.make(privateKeyPem),
 *   apiV3Key: Redacted.make("0123456789abcdefghijKLMNOPQRSTUV"),
 *   wechatpayPublicKey: { id: "PUB_KEY_ID_0119000000012026112300000000000001", key: publicKeyPem }
 * }).pipe(Layer.provide(NodeTransport.layer()))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<
  WechatPayClient,
  InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient
> => Layer.effect(WechatPayClient, make(options))

/**
 * Reads a PEM from `NAME` (PEM text; `\n` escapes allowed) or from the file named by `NAME_FILE`. A failure names
 * the variable and the OS reason (`ENOENT`, `EACCES`), never the value; PEM text in `NAME_FILE` gets a hint to use
 * `NAME`.
 *
 * @since 0.1.0
 * @category config
 */
export const pemConfig: (name: string) => Config.Config<string> = config.pemConfig

/**
 * `WECHATPAY_PLATFORM_CERTIFICATES`: `auto`, PEM text, or comma-separated PEM file paths.
 *
 * @since 0.1.0
 * @category config
 */
export const platformCertificatesConfig: (name: string) => Config.Config<ReadonlyArray<string> | "auto"> =
  config.platformCertificatesConfig

/**
 * The options read from the environment: `WECHATPAY_MCHID`, `WECHATPAY_MERCHANT_SERIAL_NUMBER`,
 * `WECHATPAY_MERCHANT_PRIVATE_KEY` (or `_FILE`), `WECHATPAY_APIV3_KEY`, `WECHATPAY_PUBLIC_KEY_ID` with
 * `WECHATPAY_PUBLIC_KEY` (or `_FILE`), `WECHATPAY_PLATFORM_CERTIFICATES` (`auto` or PEM files),
 * `WECHATPAY_BASE_URL`. Secrets are read as `Redacted`.
 *
 * @since 0.1.0
 * @category config
 */
export const envConfig: Config.Config<Options> = config.envConfig

/**
 * The client as a Layer configured from `Config` (by default {@link envConfig}, the `WECHATPAY_*` environment
 * variables). Options given in `overrides` win over the config.
 *
 * @example
 * ```ts
 * import { Busifavor, NodeTransport, WechatPay } from "@effect-wechatpay/api"
 * import { Effect, Layer } from "effect"
 *
 * // WECHATPAY_MCHID, WECHATPAY_MERCHANT_PRIVATE_KEY_FILE, … from the environment; a 20 s timeout on top.
 * const WechatPayLive = WechatPay.layerConfig(undefined, { timeout: "20 seconds" }).pipe(
 *   Layer.provide(NodeTransport.layer())
 * )
 *
 * const program = Busifavor.queryStock({ stock_id: "1212" }).pipe(Effect.provide(WechatPayLive))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config<Options> = envConfig,
  overrides?: Partial<Options>
): Layer.Layer<
  WechatPayClient,
  Config.ConfigError | InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient
> => Layer.unwrap(Effect.map(config, (options) => layer({ ...options, ...overrides })))
