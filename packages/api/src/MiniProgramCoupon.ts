/**
 * 小程序发券插件 (the mini-program coupon plugin, `<send-coupon>`): the signed attributes the plugin takes,
 * `send_coupon_params`, `sign` and `send_coupon_merchant`. The plugin follows the APIv2 rules: `sign` is HMAC-SHA256
 * with the APIv2 key (API密钥, a credential of its own, not the APIv3 key) over the coupons flattened with their index
 * (`stock_id0`, `out_request_no0`, `coupon_code0`, `stock_id1`, …) and `send_coupon_merchant`, sorted by name.
 * Compute it on your server, never in the mini program. https://pay.weixin.qq.com/doc/v3/merchant/4012285674
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
 * One coupon to send: its batch, the request number that makes the send idempotent (unique per batch and user), and,
 * for a batch whose codes the merchant assigns when sending, the code.
 *
 * @since 0.2.0
 * @category schemas
 */
export const SendCouponParam = Schema.Struct({
  /** 批次号, 1–20 characters. */
  stock_id: V2.signable(1, 20),
  /** 发券凭证, 1–128 letters, digits, `|`, `_`, `*` or `-`. */
  out_request_no: Schema.String.check(
    Schema.isPattern(/^[0-9A-Za-z|_*-]{1,128}$/, {
      message: "must be 1 to 128 letters, digits, |, _, * or -"
    })
  ),
  /** 券code, for a batch whose codes are given when sending (1–32 characters). */
  coupon_code: Schema.optionalKey(V2.signable(1, 32))
}).annotate({ identifier: "MiniProgramCoupon.SendCouponParam" })

/**
 * What {@link sign} takes: the sending merchant and one to ten coupons.
 *
 * @since 0.2.0
 * @category schemas
 */
export const SignRequest = Schema.Struct({
  /** 发券商户号: 8–15 digits. */
  send_coupon_merchant: V2.merchantId,
  /** 发券参数: one to ten coupons, in the order the plugin sends them. */
  send_coupon_params: Schema.Array(SendCouponParam).check(
    Schema.isMinLength(1, { message: "must hold at least one coupon" }),
    Schema.isMaxLength(10, { message: "must hold at most 10 coupons (the plugin sends at most 10 at once)" })
  )
}).annotate({ identifier: "MiniProgramCoupon.SignRequest" })

/**
 * The input of {@link sign}.
 *
 * @since 0.2.0
 * @category models
 */
export type SignInput = typeof SignRequest.Encoded

/**
 * The plugin's signed attributes: bind them to `<send-coupon send_coupon_params=… sign=… send_coupon_merchant=…>`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Signed {
  readonly send_coupon_params: ReadonlyArray<typeof SendCouponParam.Type>
  readonly send_coupon_merchant: string
  /** HMAC-SHA256, upper-case hex (64 characters). */
  readonly sign: string
}

/**
 * Options of {@link sign}.
 *
 * @since 0.2.0
 * @category models
 */
export interface SignOptions {
  /** The APIv2 key (API密钥): 32 letters and digits. */
  readonly apiV2Key: Redacted.Redacted<string>
}

const flatten = (request: typeof SignRequest.Type): Record<string, string | undefined> => {
  const params: Record<string, string | undefined> = { send_coupon_merchant: request.send_coupon_merchant }
  request.send_coupon_params.forEach((coupon, index) => {
    params[`stock_id${index}`] = coupon.stock_id
    params[`out_request_no${index}`] = coupon.out_request_no
    params[`coupon_code${index}`] = coupon.coupon_code
  })
  return params
}

/**
 * The string the signature covers, without the `&key=…` suffix (`stringA` of the V2 rules): for checking a signature
 * by hand against the plugin's documentation.
 *
 * @example
 * ```ts
 * import { MiniProgramCoupon } from "@effect-wechatpay/api"
 *
 * const stringA = MiniProgramCoupon.stringToSign({
 *   send_coupon_merchant: "10016226",
 *   send_coupon_params: [{ stock_id: "1234567", out_request_no: "abc123" }]
 * })
 * // Result.succeed("out_request_no0=abc123&send_coupon_merchant=10016226&stock_id0=1234567")
 * ```
 *
 * @since 0.2.0
 * @category signing
 */
export const stringToSign = (input: SignInput): Result.Result<string, RequestValidationError> =>
  Result.map(V2.validate("MiniProgramCoupon.sign", SignRequest, input), (request) => V2.stringA(flatten(request)))

/**
 * Validates the coupons and signs them with the APIv2 key: `send_coupon_params`, `send_coupon_merchant` and `sign`,
 * ready for the `<send-coupon>` component. Bad input fails with `RequestValidationError` (naming each field), a key
 * that is not an APIv2 key with `WechatPayConfigError` (never showing it).
 *
 * @example
 * ```ts
 * import { MiniProgramCoupon } from "@effect-wechatpay/api"
 * import { Effect, Redacted } from "effect"
 *
 * const attributes = MiniProgramCoupon.sign(
 *   {
 *     send_coupon_merchant: "10016226",
 *     send_coupon_params: [{ stock_id: "1234567", out_request_no: "abc123" }]
 *   },
 *   { apiV2Key: Redacted.make("192006250b4c09247ec02edce69f6a2d") }
 * )
 * // Effect.runSync(attributes).sign: 64 upper-case hex digits
 * const program = Effect.map(attributes, ({ sign }) => sign.length)
 * ```
 *
 * @since 0.2.0
 * @category signing
 */
export const sign = (
  input: SignInput,
  options: SignOptions
): Effect.Effect<Signed, RequestValidationError | WechatPayConfigError> =>
  Effect.suspend((): Effect.Effect<Signed, RequestValidationError | WechatPayConfigError> => {
    const key = V2.checkKey(options.apiV2Key)
    if (Result.isFailure(key)) return Effect.fail(key.failure)
    const request = V2.validate("MiniProgramCoupon.sign", SignRequest, input)
    if (Result.isFailure(request)) return Effect.fail(request.failure)
    const { send_coupon_merchant, send_coupon_params } = request.success
    return Effect.succeed({
      send_coupon_params,
      send_coupon_merchant,
      sign: V2.hmacSha256(flatten(request.success), key.success)
    })
  })
