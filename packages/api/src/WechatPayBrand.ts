/**
 * A WeChat Pay client for a brand (品牌商户): the brand API (`/brand/…`, e.g. 商品券's `ProductCoupon`), signed with
 * the brand scheme. Its credentials are the brand's own, from 品牌经营平台, not a merchant's: the 品牌ID, the 品牌API证书
 * (its private key and serial), the brand's 微信支付公钥 and its ID, and the 品牌API密钥 for notifications. Every
 * request carries `Authorization: WECHATPAY-BRAND-SHA256-RSA2048 brand_id="…",nonce_str="…",signature="…",
 * timestamp="…",serial_no="…"` over the same five-line message as the merchant scheme, and `Wechatpay-Serial` set to
 * the 微信支付公钥ID; responses are verified with the 微信支付公钥 (the brand API has no 平台证书), as the merchant
 * client verifies them (品牌API概述, https://pay.weixin.qq.com/doc/brand/4015407523; 总述-品牌API如何签名和验签,
 * https://pay.weixin.qq.com/doc/brand/4015407568).
 *
 * The brand client is its own service, `WechatPayBrand`: the brand endpoints' functions require it and the merchant
 * endpoints' functions require `WechatPayClient`, so calling one with the other kind of credentials does not compile.
 *
 * @since 0.2.0
 */
import type { InvalidKeyError } from "@effect-wechatpay/crypto/CryptoError"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Endpoint from "./Endpoint.js"
import * as internal from "./internal/client.js"
import { type Labels, pemConfig } from "./internal/config.js"
import type { RetryOptions, Service } from "./WechatPay.js"
import { type CertificateDownloadError, WechatPayConfigError } from "./WechatPayError.js"

/**
 * A brand's credentials and the client's settings.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** 品牌ID. */
  readonly brandId: string
  /** 品牌API证书序列号. */
  readonly brandSerialNumber: string
  /** 品牌API证书私钥, PKCS#8 or PKCS#1 PEM. */
  readonly brandPrivateKey: Redacted.Redacted<string>
  /** The brand's 微信支付公钥 (PEM) and its ID (`PUB_KEY_ID_…`), sent as `Wechatpay-Serial` on every request. */
  readonly wechatpayPublicKey: { readonly id: string; readonly key: string }
  /** 品牌API密钥 (32 bytes): decrypts the brand's notifications. */
  readonly brandApiKey?: Redacted.Redacted<string> | undefined
  /** Default `https://api.mch.weixin.qq.com`. */
  readonly baseUrl?: string | undefined
  /** Per attempt; default 10 seconds (as `WechatPay.Options.timeout`). */
  readonly timeout?: Duration.Input | undefined
  /** One limit for a whole call, attempts and waits included (as `WechatPay.Options.deadline`); default none. */
  readonly deadline?: Duration.Input | undefined
  /** Default `effect-wechatpay/<version>`. */
  readonly userAgent?: string | undefined
  /** `false` turns retries off. */
  readonly retry?: RetryOptions | false | undefined
}

/**
 * The brand client: the same service as `WechatPayClient` (execute, httpClient, crypto…), under its own tag, signing
 * with the brand scheme. `mchid` holds the 品牌ID.
 *
 * @since 0.2.0
 * @category services
 */
export class WechatPayBrand extends Context.Service<WechatPayBrand, Service>()(
  "@effect-wechatpay/api/WechatPayBrand"
) {}

/**
 * An api function for a brand endpoint (`auth: "brand"`), run by the `WechatPayBrand` in the context. A merchant
 * endpoint is refused at compile time.
 *
 * @since 0.2.0
 * @category constructors
 */
export const operation =
  <E extends Endpoint.Any & { readonly auth: "brand" }>(endpoint: E) =>
  (input: Endpoint.Input<E>): Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>, WechatPayBrand> =>
    Effect.flatMap(WechatPayBrand, (client) => client.execute(endpoint, input))

/** The brand's option names, for the shared checks of the client (`internal/config.ts`). */
const labels: Labels = {
  id: "brandId",
  serial: "brandSerialNumber",
  certificate: "the brand API certificate's serial (品牌API证书序列号)"
}

/** What the shared checks cannot know: the brand API verifies with the 微信支付公钥 alone. */
const validate = (options: Options): Effect.Effect<void, WechatPayConfigError> =>
  !options.wechatpayPublicKey?.id || !options.wechatpayPublicKey.key
    ? Effect.fail(
        new WechatPayConfigError({
          message: "wechatpayPublicKey ({ id: 'PUB_KEY_ID_…', key: PEM }) is required: the brand API has no 平台证书"
        })
      )
    : Effect.void

/**
 * Builds a brand client: keys parsed once (a bad key fails here with `InvalidKeyError`), the application's
 * `HttpClient` as the transport.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<
  Service,
  InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient | Scope.Scope
> =>
  Effect.flatMap(validate(options), () =>
    internal.make(
      {
        mchid: options.brandId,
        merchantSerialNumber: options.brandSerialNumber,
        merchantPrivateKey: options.brandPrivateKey,
        apiV3Key: options.brandApiKey,
        wechatpayPublicKey: options.wechatpayPublicKey,
        baseUrl: options.baseUrl,
        timeout: options.timeout,
        deadline: options.deadline,
        userAgent: options.userAgent,
        retry: options.retry
      },
      { publicKeyId: options.wechatpayPublicKey.id, labels }
    )
  )

/**
 * The brand client as a layer.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<
  WechatPayBrand,
  InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient
> => Layer.effect(WechatPayBrand, make(options))

/**
 * The options from the `WECHATPAY_BRAND_*` environment variables: `WECHATPAY_BRAND_ID`,
 * `WECHATPAY_BRAND_SERIAL_NUMBER`, `WECHATPAY_BRAND_PRIVATE_KEY` (or `_FILE`), `WECHATPAY_BRAND_PUBLIC_KEY_ID`,
 * `WECHATPAY_BRAND_PUBLIC_KEY` (or `_FILE`), and optionally `WECHATPAY_BRAND_API_KEY` and `WECHATPAY_BASE_URL`.
 * Secrets are `Redacted`; no error shows a value.
 *
 * @since 0.2.0
 * @category config
 */
export const envConfig: Config.Config<Options> = Config.all({
  brandId: Config.String("WECHATPAY_BRAND_ID"),
  brandSerialNumber: Config.String("WECHATPAY_BRAND_SERIAL_NUMBER"),
  brandPrivateKey: Config.map(pemConfig("WECHATPAY_BRAND_PRIVATE_KEY"), Redacted.make),
  publicKeyId: Config.String("WECHATPAY_BRAND_PUBLIC_KEY_ID"),
  publicKey: pemConfig("WECHATPAY_BRAND_PUBLIC_KEY"),
  brandApiKey: Config.option(Config.Redacted("WECHATPAY_BRAND_API_KEY")),
  baseUrl: Config.option(Config.String("WECHATPAY_BASE_URL"))
}).pipe(
  Config.map(
    (c): Options => ({
      brandId: c.brandId,
      brandSerialNumber: c.brandSerialNumber,
      brandPrivateKey: c.brandPrivateKey,
      wechatpayPublicKey: { id: c.publicKeyId, key: c.publicKey },
      brandApiKey: Option.getOrUndefined(c.brandApiKey),
      baseUrl: Option.getOrUndefined(c.baseUrl)
    })
  )
)

/**
 * The brand client from `Config` (by default {@link envConfig}); `overrides` set options the environment does not
 * hold (timeout, retry…).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config<Options> = envConfig,
  overrides?: Partial<Options>
): Layer.Layer<
  WechatPayBrand,
  Config.ConfigError | InvalidKeyError | WechatPayConfigError | CertificateDownloadError,
  HttpClient.HttpClient
> => Layer.unwrap(Effect.map(config, (options) => layer({ ...options, ...overrides })))
