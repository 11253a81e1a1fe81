/**
 * `wechatpay coupon mini-program` and `wechatpay coupon h5`: the 小程序发券插件 attributes and the H5发券 URL, signed
 * with the APIv2 key from `WECHATPAY_APIV2_KEY` (a credential of its own, read as `Redacted`, never printed), for the
 * merchant `--merchant` (default `WECHATPAY_MCHID`).
 */
import * as H5Coupon from "@effect-wechatpay/api/H5Coupon"
import * as MiniProgramCoupon from "@effect-wechatpay/api/MiniProgramCoupon"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { usage } from "./failure.js"

/** The APIv2 key (API密钥), from `WECHATPAY_APIV2_KEY`. */
export const apiV2KeyConfig = Config.Redacted("WECHATPAY_APIV2_KEY")

const merchantOf = (merchant: Option.Option<string>) =>
  Option.isSome(merchant)
    ? Effect.succeed(merchant.value)
    : Effect.mapError(Config.String("WECHATPAY_MCHID"), () =>
        usage("--merchant is missing (and WECHATPAY_MCHID is not set): the merchant that sends the coupons")
      )

/** `STOCK_ID:OUT_REQUEST_NO[:COUPON_CODE]`. */
const parseCoupon = (text: string) => {
  const [stock_id, out_request_no, coupon_code, ...rest] = text.split(":")
  if (stock_id === undefined || out_request_no === undefined || rest.length > 0) {
    return Effect.fail(
      usage(`--coupon must be STOCK_ID:OUT_REQUEST_NO or STOCK_ID:OUT_REQUEST_NO:COUPON_CODE, got '${text}'`)
    )
  }
  return Effect.succeed({ stock_id, out_request_no, ...(coupon_code === undefined ? {} : { coupon_code }) })
}

export const miniProgram = (options: {
  readonly coupons: ReadonlyArray<string>
  readonly merchant: Option.Option<string>
  readonly json: boolean
}) =>
  Effect.gen(function* () {
    const send_coupon_params = yield* Effect.forEach(options.coupons, parseCoupon)
    const send_coupon_merchant = yield* merchantOf(options.merchant)
    const apiV2Key = yield* apiV2KeyConfig
    const signed = yield* MiniProgramCoupon.sign({ send_coupon_merchant, send_coupon_params }, { apiV2Key })
    yield* Console.log(JSON.stringify(signed, null, options.json ? undefined : 2))
  })

export const h5 = (options: {
  readonly stockId: string
  readonly outRequestNo: string
  readonly openId: string
  readonly couponCode: Option.Option<string>
  readonly merchant: Option.Option<string>
  readonly json: boolean
}) =>
  Effect.gen(function* () {
    const send_coupon_merchant = yield* merchantOf(options.merchant)
    const apiV2Key = yield* apiV2KeyConfig
    const input = {
      stock_id: options.stockId,
      out_request_no: options.outRequestNo,
      send_coupon_merchant,
      open_id: options.openId,
      ...(Option.isSome(options.couponCode) ? { coupon_code: options.couponCode.value } : {})
    }
    const url = yield* H5Coupon.url(input, { apiV2Key })
    if (options.json) {
      const signed = yield* H5Coupon.sign(input, { apiV2Key })
      return yield* Console.log(JSON.stringify({ url, ...signed }, null, 2))
    }
    yield* Console.log(url)
  })
