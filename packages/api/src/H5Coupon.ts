/**
 * H5发券: the URL of WeChat Pay's coupon page (`https://action.weixin.qq.com/busifavor/getcouponinfo`) your H5 page
 * redirects a user to, to receive one 商家券. The page follows the APIv2 rules: `sign` is HMAC-SHA256 with the APIv2
 * key (API密钥, a credential of its own, not the APIv3 key) over `stock_id`, `out_request_no`, `send_coupon_merchant`,
 * `open_id` and, when given, `coupon_code`, sorted by name; the URL ends in `#wechat_pay&wechat_redirect`, without which
 * the page answers error 268435461. Compute it on your server, never in the page.
 * https://pay.weixin.qq.com/doc/v3/merchant/4012285783
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as V2 from "./internal/v2sign.js"
import type { RequestValidationError, WechatPayConfigError } from "./WechatPayError.js"

/**
 * The page's address, before the query.
 *
 * @since 0.2.0
 * @category constants
 */
export const PAGE = "https://action.weixin.qq.com/busifavor/getcouponinfo"

/**
 * The fragment the page needs (`#wechat_pay&wechat_redirect`).
 *
 * @since 0.2.0
 * @category constants
 */
export const FRAGMENT = "#wechat_pay&wechat_redirect"

/**
 * What {@link url} takes.
 *
 * @since 0.2.0
 * @category schemas
 */
export const UrlRequest = Schema.Struct({
  /** 批次号, 1–20 characters. */
  stock_id: V2.signable(1, 20),
  /** 发券凭证, 1–128 letters and digits (nothing else is allowed), unique per merchant. */
  out_request_no: Schema.String.check(
    Schema.isPattern(/^[0-9A-Za-z]{1,128}$/, { message: "must be 1 to 128 letters and digits" })
  ),
  /** 发券商户号: 8–15 digits. */
  send_coupon_merchant: V2.merchantId,
  /** The user's openid under an AppID bound to the batch's merchant, 1–128 characters. */
  open_id: V2.signable(1, 128),
  /** 券code, for a batch whose codes are given when sending (1–32 characters). */
  coupon_code: Schema.optionalKey(V2.signable(1, 32))
}).annotate({ identifier: "H5Coupon.UrlRequest" })

/**
 * The input of {@link url}.
 *
 * @since 0.2.0
 * @category models
 */
export type UrlInput = typeof UrlRequest.Encoded

/**
 * The signed parameters, in the order the URL carries them.
 *
 * @since 0.2.0
 * @category models
 */
export interface Signed {
  readonly stock_id: string
  readonly out_request_no: string
  /** HMAC-SHA256, upper-case hex (64 characters). */
  readonly sign: string
  readonly send_coupon_merchant: string
  readonly open_id: string
  readonly coupon_code?: string
}

/**
 * Options of {@link sign} and {@link url}.
 *
 * @since 0.2.0
 * @category models
 */
export interface SignOptions {
  /** The APIv2 key (API密钥): 32 letters and digits. */
  readonly apiV2Key: Redacted.Redacted<string>
}

const signedFields = (request: typeof UrlRequest.Type): Record<string, string | undefined> => ({
  stock_id: request.stock_id,
  out_request_no: request.out_request_no,
  send_coupon_merchant: request.send_coupon_merchant,
  open_id: request.open_id,
  coupon_code: request.coupon_code
})

/**
 * The string the signature covers, without the `&key=…` suffix (`stringA` of the V2 rules).
 *
 * @since 0.2.0
 * @category signing
 */
export const stringToSign = (input: UrlInput): Result.Result<string, RequestValidationError> =>
  Result.map(V2.validate("H5Coupon.url", UrlRequest, input), (request) => V2.stringA(signedFields(request)))

/**
 * Validates the parameters and signs them with the APIv2 key. Bad input fails with `RequestValidationError`, a key
 * that is not an APIv2 key with `WechatPayConfigError` (never showing it).
 *
 * @since 0.2.0
 * @category signing
 */
export const sign = (
  input: UrlInput,
  options: SignOptions
): Effect.Effect<Signed, RequestValidationError | WechatPayConfigError> =>
  Effect.suspend((): Effect.Effect<Signed, RequestValidationError | WechatPayConfigError> => {
    const key = V2.checkKey(options.apiV2Key)
    if (Result.isFailure(key)) return Effect.fail(key.failure)
    const request = V2.validate("H5Coupon.url", UrlRequest, input)
    if (Result.isFailure(request)) return Effect.fail(request.failure)
    const r = request.success
    return Effect.succeed({
      stock_id: r.stock_id,
      out_request_no: r.out_request_no,
      sign: V2.hmacSha256(signedFields(r), key.success),
      send_coupon_merchant: r.send_coupon_merchant,
      open_id: r.open_id,
      ...(r.coupon_code === undefined ? {} : { coupon_code: r.coupon_code })
    })
  })

/**
 * The signed URL to redirect the user to: {@link PAGE}, the parameters (percent-encoded) in the documented order, and
 * {@link FRAGMENT}.
 *
 * @example
 * ```ts
 * import { H5Coupon } from "@effect-wechatpay/api"
 * import { Effect, Redacted } from "effect"
 *
 * const redirect = H5Coupon.url(
 *   {
 *     stock_id: "1234567890000000",
 *     out_request_no: "201911280000",
 *     send_coupon_merchant: "123456789",
 *     open_id: "oiSFDIOoijdsf"
 *   },
 *   { apiV2Key: Redacted.make("192006250b4c09247ec02edce69f6a2d") }
 * )
 * const program = Effect.map(redirect, (url) => url.endsWith("#wechat_pay&wechat_redirect"))
 * ```
 *
 * @since 0.2.0
 * @category signing
 */
export const url = (
  input: UrlInput,
  options: SignOptions
): Effect.Effect<string, RequestValidationError | WechatPayConfigError> =>
  Effect.map(sign(input, options), (signed) => {
    const query = Object.entries(signed)
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join("&")
    return `${PAGE}?${query}${FRAGMENT}`
  })
