/**
 * Test helpers for notification handlers: sign a typed `COUPON.SEND` / `COUPON.USE` / 商品券 `PRODUCT_COUPON.SEND`
 * notification with a key your
 * client trusts (as WeChat Pay would send it) and deliver it to a `Notifications.httpApp` in memory. They live here,
 * not in `@effect-wechatpay/crypto`, because the typed resources come from `@effect-wechatpay/schema`.
 *
 * @since 0.1.0
 */
import type { InvalidKeyError } from "@effect-wechatpay/crypto/CryptoError"
import * as Testing from "@effect-wechatpay/crypto/Testing"
import * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import * as Favor from "@effect-wechatpay/schema/Favor"
import * as ProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"

/**
 * A resource as its schema's type (a decoded instance) or as its wire form (plain strings and numbers).
 *
 * @since 0.1.0
 * @category models
 */
export type ResourceInput<S extends Schema.Top> = S["Type"] | S["Encoded"]

/**
 * The typed event and its resource.
 *
 * @since 0.1.0
 * @category models
 */
export type TypedEvent =
  | {
      readonly eventType: "COUPON.SEND"
      readonly resource: ResourceInput<typeof Busifavor.CouponSendNotification>
    }
  | {
      readonly eventType: "COUPON.USE"
      readonly resource: ResourceInput<typeof Favor.CouponUseNotification>
    }
  | {
      /** A brand's (sign with the 品牌API密钥 as `apiV3Key`) or a service provider's 商品券 issuance. */
      readonly eventType: "PRODUCT_COUPON.SEND" | "PRODUCT_COUPON_SP.SEND"
      readonly resource: ResourceInput<typeof ProductCoupon.UserProductCouponNotification>
    }

/**
 * Options of {@link signNotification}: the signing key and serial your client trusts, the merchant's APIv3 key,
 * and the typed event.
 *
 * @since 0.1.0
 * @category models
 */
export type SignOptions = {
  /** The private half of the WeChat Pay public key (or platform certificate) configured in the client. */
  readonly privateKey: Testing.TestKey
  /** Its `PUB_KEY_ID_…` or certificate serial. */
  readonly serial: string
  readonly apiV3Key: Redacted.Redacted<string>
  /** The notification id (default: a random UUID); reuse it to simulate a redelivery. */
  readonly id?: string
  /** Unix seconds (default: now from Effect's `Clock`). */
  readonly timestamp?: number
} & TypedEvent

/**
 * A signed notification: the headers and the raw body to POST.
 *
 * @since 0.1.0
 * @category models
 */
export interface SignedNotification {
  readonly headers: Record<string, string>
  readonly body: string
}

/** The resource checked against its schema (a decoded instance is taken as is), then encoded to the wire. */
const wire = <S extends Schema.Codec<object, unknown>>(schema: S, resource: unknown): unknown =>
  Schema.encodeUnknownSync(schema)(
    resource instanceof (schema as unknown as new (...args: Array<never>) => object)
      ? resource
      : Schema.decodeUnknownSync(schema)(resource)
  )

const toWire = (event: TypedEvent): unknown => {
  switch (event.eventType) {
    case "COUPON.SEND":
      return wire(Busifavor.CouponSendNotification, event.resource)
    case "COUPON.USE":
      return wire(Favor.CouponUseNotification, event.resource)
    case "PRODUCT_COUPON.SEND":
    case "PRODUCT_COUPON_SP.SEND":
      return wire(ProductCoupon.UserProductCouponNotification, event.resource)
  }
}

/** What WeChat Pay puts in `resource.original_type` and `associated_data` for each event. */
const resourceLabels = (eventType: TypedEvent["eventType"]) => {
  switch (eventType) {
    case "PRODUCT_COUPON.SEND":
      return { originalType: "product_coupon", associatedData: "product_coupon", summary: "商品券领券通知" }
    case "PRODUCT_COUPON_SP.SEND":
      return { originalType: "coupon", associatedData: "product_coupon_sp", summary: "商品券领券通知" }
    default:
      return {}
  }
}

/**
 * Builds a typed `COUPON.SEND`, `COUPON.USE`, `PRODUCT_COUPON.SEND` or `PRODUCT_COUPON_SP.SEND` notification as
 * WeChat Pay sends it: the resource checked against its schema, encrypted with the APIv3 key (for a brand's
 * `PRODUCT_COUPON.SEND`, pass the 品牌API密钥 as `apiV3Key`), the body signed. An invalid resource is a defect (a bug in the test).
 *
 * @example
 * ```ts
 * import { NotificationTesting } from "@effect-wechatpay/api"
 * import { Testing } from "@effect-wechatpay/crypto"
 * import { Redacted } from "effect"
 *
 * const { privateKey } = Testing.generateKeyPair()
 * const signed = NotificationTesting.signNotification({
 *   privateKey,
 *   serial: "PUB_KEY_ID_0119000000012026112300000000000001",
 *   apiV3Key: Redacted.make("0123456789abcdefghijKLMNOPQRSTUV"),
 *   eventType: "COUPON.SEND",
 *   resource: { send_channel: "BUSICOUPON_SEND_CHANNEL_API", send_merchant: "1900000001", coupon_code: "C-1" }
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const signNotification = (options: SignOptions): Effect.Effect<SignedNotification, InvalidKeyError> =>
  Effect.flatMap(
    Effect.sync(() => toWire(options)),
    (resource) =>
      Testing.signNotification({
        privateKey: options.privateKey,
        serial: options.serial,
        apiV3Key: options.apiV3Key,
        eventType: options.eventType,
        resource,
        ...resourceLabels(options.eventType),
        ...(options.id === undefined ? {} : { id: options.id }),
        ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp })
      })
  )

/**
 * What an app answered: the status and the body text.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delivered {
  readonly status: number
  readonly body: string
}

const textDecoder = new TextDecoder()

/**
 * POSTs a notification to an HTTP app (an `Effect` of an `HttpServerResponse`, such as
 * `Notifications.httpApp(handle)`) in memory, without a server.
 *
 * @since 0.1.0
 * @category testing
 */
export const deliver = <E, R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>,
  notification: { readonly headers: Record<string, string>; readonly body: string | Uint8Array }
): Effect.Effect<Delivered, E, Exclude<Exclude<R, HttpServerRequest.HttpServerRequest>, Scope.Scope>> =>
  Effect.scoped(
    Effect.map(
      Effect.provideService(
        app,
        HttpServerRequest.HttpServerRequest,
        HttpServerRequest.fromWeb(
          new Request("http://localhost/wechatpay/notify", {
            method: "POST",
            headers: notification.headers,
            body: typeof notification.body === "string" ? notification.body : new Uint8Array(notification.body).buffer
          })
        )
      ),
      (response): Delivered => {
        const body = response.body
        return {
          status: response.status,
          body: body._tag === "Uint8Array" ? textDecoder.decode(body.body) : ""
        }
      }
    )
  )
