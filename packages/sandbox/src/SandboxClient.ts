/**
 * One line in a test: start a sandbox gateway and provide a `WechatPayClient` configured for it.
 *
 * @since 0.1.0
 */

import * as NodeTransport from "@effect-wechatpay/api/NodeTransport"
import type { WechatPayClient } from "@effect-wechatpay/api/WechatPay"
import * as WechatPay from "@effect-wechatpay/api/WechatPay"
import * as WechatPayBrand from "@effect-wechatpay/api/WechatPayBrand"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Sandbox from "./Sandbox.js"

/**
 * How the client verifies the sandbox's responses.
 *
 * - `publicKey`: the 微信支付公钥 (the sandbox signs with it).
 * - `certificates`: the platform certificates, configured as PEM (the sandbox signs with the certificate).
 * - `both`: both configured, as during a migration; the sandbox signs with the certificate.
 * - `auto`: certificates downloaded from `/v3/certificates` and kept fresh.
 *
 * @since 0.1.0
 * @category models
 */
export type Verification = "publicKey" | "certificates" | "both" | "auto"

/**
 * Options of {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly sandbox?: Sandbox.Options
  /** Default `publicKey`. */
  readonly verification?: Verification
  /** Client options to override (timeout, retry, …). */
  readonly client?: Partial<WechatPay.Options>
}

/**
 * The client options that talk to a running sandbox.
 *
 * @since 0.1.0
 * @category utils
 */
export const clientOptions = (
  sandbox: Sandbox.Sandbox,
  verification: Verification = "publicKey"
): WechatPay.Options => {
  const { credentials } = sandbox
  return {
    mchid: credentials.mchid,
    merchantSerialNumber: credentials.merchantSerialNumber,
    merchantPrivateKey: credentials.merchantPrivateKey,
    apiV3Key: credentials.apiV3Key,
    baseUrl: sandbox.baseUrl,
    wechatpayPublicKey:
      verification === "publicKey" || verification === "both" ? credentials.wechatpayPublicKey : undefined,
    platformCertificates:
      verification === "certificates" || verification === "both"
        ? [...credentials.platformCertificates]
        : verification === "auto"
          ? "auto"
          : undefined
  }
}

/**
 * Starts a sandbox (in the layer's scope) and provides it with a `WechatPayClient` configured for it, over the
 * HttpClient the test provides.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWithoutTransport = (
  options: Options = {}
): Layer.Layer<
  WechatPayClient | Sandbox.SandboxGateway,
  Layer.Error<ReturnType<typeof WechatPay.layer>>,
  HttpClient.HttpClient
> => {
  const verification = options.verification ?? "publicKey"
  const gateway = Sandbox.layer({
    signingMode: verification === "publicKey" ? "publicKey" : "certificate",
    ...options.sandbox
  })
  const client = Layer.unwrap(
    Effect.map(Sandbox.SandboxGateway, (sandbox) =>
      WechatPay.layer({ ...clientOptions(sandbox, verification), ...options.client })
    )
  )
  return Layer.provideMerge(client, gateway)
}

/**
 * {@link layerWithoutTransport} over `NodeTransport.layer()` from `@effect-wechatpay/api` (node:http, keep-alive).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<WechatPayClient | Sandbox.SandboxGateway, Layer.Error<ReturnType<typeof WechatPay.layer>>> =>
  layerWithoutTransport(options).pipe(Layer.provide(NodeTransport.layer()))

/**
 * The brand client options that talk to a running sandbox: its 品牌ID, brand key and serial, its 微信支付公钥
 * (sent as `Wechatpay-Serial`, and the key answers and notifications are verified with) and its 品牌API密钥 (which
 * decrypts the brand's notifications, for `Notifications.brandHttpApp`).
 *
 * @since 0.2.0
 * @category utils
 */
export const brandOptions = (sandbox: Sandbox.Sandbox): WechatPayBrand.Options => {
  const { credentials } = sandbox
  return {
    brandId: credentials.brand.brandId,
    brandSerialNumber: credentials.brand.brandSerialNumber,
    brandPrivateKey: credentials.brand.brandPrivateKey,
    brandApiKey: credentials.brand.brandApiKey,
    wechatpayPublicKey: credentials.wechatpayPublicKey,
    baseUrl: sandbox.baseUrl
  }
}

/**
 * Options of {@link brandLayer}.
 *
 * @since 0.2.0
 * @category models
 */
export interface BrandOptions {
  readonly sandbox?: Sandbox.Options
  /** Brand client options to override (timeout, retry, …). */
  readonly client?: Partial<WechatPayBrand.Options>
}

/**
 * Starts a sandbox (in the layer's scope) and provides it with a `WechatPayBrand` (the brand API client, 商品券's
 * `ProductCoupon`) configured for it, over the HttpClient the test provides.
 *
 * @since 0.2.0
 * @category layers
 */
export const brandLayerWithoutTransport = (
  options: BrandOptions = {}
): Layer.Layer<
  WechatPayBrand.WechatPayBrand | Sandbox.SandboxGateway,
  Layer.Error<ReturnType<typeof WechatPayBrand.layer>>,
  HttpClient.HttpClient
> => {
  const client = Layer.unwrap(
    Effect.map(Sandbox.SandboxGateway, (sandbox) =>
      WechatPayBrand.layer({ ...brandOptions(sandbox), ...options.client })
    )
  )
  return Layer.provideMerge(client, Sandbox.layer(options.sandbox))
}

/**
 * {@link brandLayerWithoutTransport} over `NodeTransport.layer()`.
 *
 * @example
 * ```ts
 * import * as ProductCoupon from "@effect-wechatpay/api/ProductCoupon"
 * import * as SandboxClient from "@effect-wechatpay/sandbox/SandboxClient"
 * import { Effect } from "effect"
 *
 * const program = ProductCoupon.getNotifyConfig({}).pipe(Effect.provide(SandboxClient.brandLayer()))
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const brandLayer = (
  options: BrandOptions = {}
): Layer.Layer<
  WechatPayBrand.WechatPayBrand | Sandbox.SandboxGateway,
  Layer.Error<ReturnType<typeof WechatPayBrand.layer>>
> => brandLayerWithoutTransport(options).pipe(Layer.provide(NodeTransport.layer()))

/**
 * A sandbox with both clients: the merchant's `WechatPayClient` (as {@link layer}) and the brand's `WechatPayBrand`,
 * talking to the same gateway and state.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerWithBrand = (
  options: Options & { readonly brandClient?: Partial<WechatPayBrand.Options> } = {}
): Layer.Layer<
  WechatPayClient | WechatPayBrand.WechatPayBrand | Sandbox.SandboxGateway,
  Layer.Error<ReturnType<typeof WechatPay.layer>> | Layer.Error<ReturnType<typeof WechatPayBrand.layer>>
> => {
  const brand = Layer.unwrap(
    Effect.map(Sandbox.SandboxGateway, (sandbox) =>
      WechatPayBrand.layer({ ...brandOptions(sandbox), ...options.brandClient })
    )
  )
  return Layer.provideMerge(brand, layerWithoutTransport(options)).pipe(Layer.provide(NodeTransport.layer()))
}
