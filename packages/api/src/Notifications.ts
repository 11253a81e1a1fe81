/**
 * 回调通知 (notifications) from WeChat Pay: {@link parse} verifies, decrypts and decodes one into a typed
 * {@link Notification}; {@link httpApp} is the whole endpoint (reject forgeries, run your handler once per
 * notification id within WeChat Pay's 5 s, answer so that WeChat Pay redelivers on failure); {@link nodeHandler}
 * mounts it in node:http, Express, Koa or Fastify. See `docs/notifications.md`.
 *
 * @since 0.1.0
 */
import type * as Http from "node:http"
import type * as Verifier from "@effect-wechatpay/crypto/Verifier"
import type * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import type * as Favor from "@effect-wechatpay/schema/Favor"
import type * as ProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import type { NotificationError } from "./internal/notificationError.js"
import * as internal from "./internal/notifications.js"
import type { NotificationStore } from "./NotificationStore.js"
import type { WechatPayClient } from "./WechatPay.js"
import type { WechatPayBrand } from "./WechatPayBrand.js"

export {
  /**
   * A notification that was not accepted; its content must not be used. The message never contains key material
   * or the decrypted resource.
   *
   * @since 0.1.0
   * @category errors
   */
  NotificationError,
  /**
   * Why a notification was rejected. `MissingHeaders`, `BadSignature` (including WeChat Pay's `WECHATPAY/SIGNTEST/`
   * probes), `ClockSkew` (|Δ| ≥ 300 s) and `UnknownSerial` mean it may be forged or replayed (answered 401); the
   * others that it is malformed or not for this merchant (answered 400).
   *
   * @since 0.1.0
   * @category errors
   */
  NotificationErrorReason
} from "./internal/notificationError.js"

/**
 * What arrived: the raw body (bytes or text, exactly as received, never re-serialised) and the request headers (any
 * case; a record or a Fetch `Headers`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Incoming {
  readonly headers: Verifier.HeadersInput
  readonly body: string | Uint8Array
}

/**
 * The envelope fields every notification has.
 *
 * @since 0.1.0
 * @category models
 */
export interface Envelope {
  /** 通知ID: the same on every redelivery of one notification. */
  readonly id: string
  readonly create_time: string
  /** `encrypt-resource`. */
  readonly resource_type: string
  readonly summary: string
  /** `resource.original_type`, e.g. `coupon`. */
  readonly original_type: string | undefined
}

/**
 * 商家券 领券事件 (`COUPON.SEND`).
 *
 * @since 0.1.0
 * @category models
 */
export interface CouponSend extends Envelope {
  readonly _tag: "CouponSend"
  readonly event_type: "COUPON.SEND"
  readonly resource: Busifavor.CouponSendNotification
}

/**
 * 代金券 核销事件 (`COUPON.USE`): the coupon with its `consume_information`, amounts in fen.
 *
 * @since 0.1.0
 * @category models
 */
export interface CouponUse extends Envelope {
  readonly _tag: "CouponUse"
  readonly event_type: "COUPON.USE"
  readonly resource: Favor.CouponUseNotification
}

/**
 * 商品券 发放通知 (`PRODUCT_COUPON.SEND`, to a brand) or 商品券回调通知 (`PRODUCT_COUPON_SP.SEND`, to a service
 * provider): a user received a 商品券 (`CONFIRMING`); issue it in your own system, then call 确认发放用户商品券
 * (`ProductCoupon.confirmSendUserProductCoupon` / `PartnerProductCoupon.confirmSendUserProductCoupon`) with the
 * resource's `openid`, `coupon_code`, `product_coupon_id`, `stock_id` and `appid`. A brand's arrive at a
 * {@link brandHttpApp} (decrypted with the 品牌API密钥), a service provider's at {@link httpApp} (its APIv3 key).
 *
 * @since 0.2.0
 * @category models
 */
export interface ProductCouponSend extends Envelope {
  readonly _tag: "ProductCouponSend"
  readonly event_type: "PRODUCT_COUPON.SEND" | "PRODUCT_COUPON_SP.SEND"
  readonly resource: ProductCoupon.UserProductCouponNotification
}

/**
 * Any other `event_type`, verified and decrypted: `resource` is the decrypted JSON, not decoded.
 *
 * @since 0.1.0
 * @category models
 */
export interface Unknown extends Envelope {
  readonly _tag: "Unknown"
  readonly event_type: string
  readonly resource: unknown
}

/**
 * A verified, decrypted, decoded notification. Switch on `_tag` (`event_type` narrows too, except that `Unknown`
 * carries any string).
 *
 * @since 0.1.0
 * @category models
 */
export type Notification = CouponSend | CouponUse | ProductCouponSend | Unknown

/**
 * Options of {@link parse}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ParseOptions {
  /**
   * On a `Wechatpay-Serial` the keyring does not hold: `"reject"` (default) fails with `UnknownSerial`; `"refresh"`
   * (for a client with `platformCertificates: "auto"`) downloads the platform certificates with
   * `client.refreshCertificates`, at most once a minute per client, and verifies again.
   */
  readonly onUnknownSerial?: "reject" | "refresh" | undefined
}

/**
 * Verifies the signature and freshness with the client's keyring (|Δ| ≥ 300 s and `WECHATPAY/SIGNTEST/` probes are
 * rejected), checks `resource.algorithm`, decrypts with the APIv3 key, then decodes `resource` with the schema of its
 * `event_type` (tolerant: numeric strings become numbers, enums are open). Another `event_type` becomes
 * {@link Unknown}.
 *
 * @example
 * ```ts
 * import { Notifications } from "@effect-wechatpay/api"
 * import { Effect } from "effect"
 *
 * declare const headers: Record<string, string>
 * declare const body: Uint8Array
 *
 * const program = Notifications.parse({ headers, body }).pipe(
 *   Effect.tap((notification) =>
 *     notification._tag === "CouponUse"
 *       ? Effect.log(notification.resource.consume_information?.transaction_id)
 *       : Effect.void
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse: (
  incoming: Incoming,
  options?: ParseOptions
) => Effect.Effect<Notification, NotificationError, WechatPayClient> = internal.parse

/**
 * {@link parse} for a brand's notify URL (品牌API, e.g. 商品券's `PRODUCT_COUPON.SEND`): verified with the brand's
 * 微信支付公钥 (`Wechatpay-Serial` is its 微信支付公钥ID) and decrypted with the 品牌API密钥, both from the
 * `WechatPayBrand` client (`brandApiKey`; without it every notification fails `DecryptionFailed`). WeChat Pay signs
 * and encrypts a brand's notifications this way (总述-品牌API如何签名和验签, https://pay.weixin.qq.com/doc/brand/4015407568).
 *
 * @since 0.2.0
 * @category parsing
 */
export const parseBrand: (
  incoming: Incoming,
  options?: ParseOptions
) => Effect.Effect<Notification, NotificationError, WechatPayBrand> = internal.parseBrand

/**
 * The HTTP status {@link httpApp} answers a rejected notification with: 401 (forged, stale) or 400 (malformed).
 *
 * @since 0.1.0
 * @category parsing
 */
export const statusOf: (error: NotificationError) => 400 | 401 = internal.statusOf

/**
 * Options of {@link httpApp} and {@link nodeHandler}.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpAppOptions extends ParseOptions {
  /**
   * The handler's time budget (default 4 seconds; WeChat Pay gives up after 5). Past it 500 is answered at once and the
   * handler is interrupted; the id is not recorded, so WeChat Pay redelivers. The claim on the id lasts twice this.
   */
  readonly timeout?: Duration.Input | undefined
  /**
   * How long the request body may take to arrive (default 2 seconds; a notification is a few KiB sent at once).
   * Past it the read stops, 408 is answered and the connection closed, so a slow sender cannot hold it.
   */
  readonly bodyTimeout?: Duration.Input | undefined
}

/**
 * The handler's default time budget: 4 seconds.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_TIMEOUT: Duration.Duration = internal.DEFAULT_TIMEOUT

/**
 * How long the request body may take to arrive by default: 2 seconds.
 *
 * @since 0.2.0
 * @category constants
 */
export const DEFAULT_BODY_TIMEOUT: Duration.Duration = internal.DEFAULT_BODY_TIMEOUT

/**
 * The notify URL endpoint as an effect HTTP app (an `Effect` of an `HttpServerResponse` that reads the
 * `HttpServerRequest`), for `HttpRouter.add` / `HttpRouter.route`, `HttpServer.serve` or
 * `HttpEffect.toWebHandlerLayer` (Fetch-style servers). Any method but POST answers 405 unread. It reads the raw body
 * once, at most 1 MiB (a larger one answers 400 `MalformedBody`) within `bodyTimeout` (default 2 s; a slower body
 * answers 408), closing the connection on either, and {@link parse}s it. A rejected notification answers 401 or 400 with
 * `{"code":"FAIL","message":…}` and never reaches `handle`. Then it claims the id in the {@link NotificationStore}
 * (atomically, for twice the budget): an id already recorded answers 204 without calling `handle`; an id another
 * delivery holds is waited for within the budget. `handle` runs within the time budget: success records the id and
 * answers 204; failure, a defect or the budget running out answers 500 (`{"code":"FAIL"}`, naming no internals) so
 * that WeChat Pay redelivers. At the budget the answer goes at once, even if `handle` cannot be interrupted. Concurrent
 * deliveries of one id, to this app or to any instance sharing the store, run `handle` once.
 *
 * @example
 * ```ts
 * import { Notifications } from "@effect-wechatpay/api"
 * import { Effect } from "effect"
 * import { HttpRouter } from "effect/http"
 *
 * const notify = Notifications.httpApp((notification) =>
 *   notification._tag === "CouponSend" ? Effect.log(`coupon ${notification.resource.coupon_code} sent`) : Effect.void
 * )
 *
 * const NotifyRoute = HttpRouter.add("POST", "/wechatpay/notify", notify)
 * ```
 *
 * @since 0.1.0
 * @category http
 */
export const httpApp: <E, R>(
  handle: (notification: Notification) => Effect.Effect<void, E, R>,
  options?: HttpAppOptions
) => Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest | WechatPayClient | NotificationStore | R
> = internal.httpApp

/**
 * {@link httpApp} as a node:http `(request, response)` listener, for node:http, Express, Koa (`ctx.req`, `ctx.res`
 * with `ctx.respond = false`) or Fastify (`reply.hijack()`), run with the services of the current context. Mount it
 * without a body parser: the signature covers the raw bytes, and a request whose body was already read answers 500.
 * Whatever arrives is answered, never thrown: any method but POST (TRACE, CONNECT, …) answers 405 before anything is
 * built from the request, and the body is read under the same size limit and deadline as {@link httpApp}'s.
 *
 * @since 0.1.0
 * @category http
 */
export const nodeHandler: <E, R>(
  handle: (notification: Notification) => Effect.Effect<void, E, R>,
  options?: HttpAppOptions
) => Effect.Effect<
  (request: Http.IncomingMessage, response: Http.ServerResponse) => void,
  never,
  WechatPayClient | NotificationStore | R
> = internal.nodeHandler

/**
 * {@link httpApp} for a brand's notify URL (set with `ProductCoupon.setNotifyConfig`): the same endpoint (405, size
 * and time limits, 401/400 rejections, one handler run per id through the {@link NotificationStore}, 204/500), with
 * notifications parsed by {@link parseBrand}, so it needs the `WechatPayBrand` client instead of `WechatPayClient`.
 * A merchant and a brand endpoint can share one store.
 *
 * @example
 * ```ts
 * import { Notifications, ProductCoupon } from "@effect-wechatpay/api"
 * import { Effect } from "effect"
 * import { HttpRouter } from "effect/http"
 *
 * const notify = Notifications.brandHttpApp((notification) => {
 *   if (notification._tag !== "ProductCouponSend") return Effect.void
 *   const { appid, coupon_code, openid, product_coupon_id, stock_id } = notification.resource
 *   if (!appid || !coupon_code || !openid || !product_coupon_id || !stock_id) return Effect.void
 *   return ProductCoupon.confirmSendUserProductCoupon({
 *     openid,
 *     coupon_code,
 *     product_coupon_id,
 *     stock_id,
 *     appid,
 *     out_request_no: `confirm-${coupon_code}`
 *   })
 * })
 *
 * const BrandNotifyRoute = HttpRouter.add("POST", "/wechatpay/brand-notify", notify)
 * ```
 *
 * @since 0.2.0
 * @category http
 */
export const brandHttpApp: <E, R>(
  handle: (notification: Notification) => Effect.Effect<void, E, R>,
  options?: HttpAppOptions
) => Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest | WechatPayBrand | NotificationStore | R
> = internal.brandHttpApp

/**
 * {@link brandHttpApp} as a node:http `(request, response)` listener, as {@link nodeHandler} is for {@link httpApp}.
 *
 * @since 0.2.0
 * @category http
 */
export const brandNodeHandler: <E, R>(
  handle: (notification: Notification) => Effect.Effect<void, E, R>,
  options?: HttpAppOptions
) => Effect.Effect<
  (request: Http.IncomingMessage, response: Http.ServerResponse) => void,
  never,
  WechatPayBrand | NotificationStore | R
> = internal.brandNodeHandler
