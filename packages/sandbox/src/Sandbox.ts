/**
 * A local stand-in for the WeChat Pay APIv3 gateway (微信支付 APIv3 网关) on 127.0.0.1: it checks request
 * signatures like the real gateway, signs every response, serves platform certificates and the marketing
 * endpoints from memory, and injects faults on demand.
 *
 * @since 0.1.0
 */

import type * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import type * as Favor from "@effect-wechatpay/schema/Favor"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Fixtures from "./internal/fixtures.js"
import * as Keys from "./internal/material.js"
import { beijingTime } from "./internal/protocol.js"
import * as Server from "./internal/server.js"
import type { BusifavorStock, Material, Options, Sandbox, UserCouponSeed } from "./SandboxTypes.js"

/**
 * The public types (options, handle, faults, request log, fixture shapes), defined in `SandboxTypes`.
 *
 * @since 0.1.0
 */
export * from "./SandboxTypes.js"

/**
 * The running sandbox as a service.
 *
 * @since 0.1.0
 * @category tags
 */
export class SandboxGateway extends Context.Service<SandboxGateway, Sandbox>()(
  "@effect-wechatpay/sandbox/SandboxGateway"
) {}

/**
 * Ids of the data every new sandbox serves.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = {
  mchid: Fixtures.DEFAULT_MCHID,
  brandId: Fixtures.DEFAULT_BRAND_ID,
  stockId: Fixtures.DEFAULT_STOCK_ID,
  openid: Fixtures.DEFAULT_OPENID,
  appid: Fixtures.DEFAULT_APPID,
  couponCode: Fixtures.DEFAULT_COUPON_CODE,
  usedCouponCode: Fixtures.USED_COUPON_CODE
} as const

/**
 * The default 商家券 batch a sandbox for `mchid` serves under {@link defaults}.stockId.
 *
 * @since 0.1.0
 * @category fixtures
 */
export const defaultBusifavorStock = (mchid: string = defaults.mchid): BusifavorStock =>
  Fixtures.defaultBusifavorStock(mchid)

/**
 * The default user coupons a sandbox for `mchid` serves (one SENDED, one USED).
 *
 * @since 0.1.0
 * @category fixtures
 */
export const defaultUserCoupons = (mchid: string = defaults.mchid): ReadonlyArray<UserCouponSeed> =>
  Fixtures.defaultUserCoupons(mchid)

/**
 * Generates a merchant key and API certificate, a platform key and certificate, a 微信支付公钥 and an APIv3 key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const generateMaterial = (): Effect.Effect<Material> => Effect.promise(() => Keys.generate())

/**
 * Starts a sandbox gateway in the current scope; it stops when the scope closes. Dies when it cannot listen (e.g.
 * `port 3000 on 127.0.0.1 is in use`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Sandbox, never, Scope.Scope> =>
  Effect.orDie(Server.make(options))

/**
 * A layer that starts a sandbox and provides it as {@link SandboxGateway}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<SandboxGateway> => Layer.effect(SandboxGateway, make(options))

/**
 * A valid 创建代金券批次 request for a sandbox merchant (the wire form `Favor.createCouponStock` takes): a NORMAL
 * stock, 5 元 off 100 元, 100 coupons, in January 2027. For tests, demos and benchmarks.
 *
 * @since 0.1.0
 * @category fixtures
 */
export const sampleCreateCouponStockRequest = (
  outRequestNo: string,
  mchid: string = defaults.mchid
): typeof Favor.CreateCouponStockRequest.Encoded => ({
  stock_name: "满100减5",
  comment: "零售批次",
  belong_merchant: mchid,
  available_begin_time: "2027-01-01T00:00:00+08:00",
  available_end_time: "2027-01-31T23:59:59+08:00",
  stock_use_rule: {
    max_coupons: 100,
    max_amount: 500,
    max_amount_by_day: 400,
    max_coupons_per_user: 3,
    natural_person_limit: false,
    prevent_api_abuse: false
  },
  coupon_use_rule: {
    fixed_normal_coupon: { coupon_amount: 5, transaction_minimum: 100 },
    available_merchants: [mchid]
  },
  no_cash: false,
  stock_type: "NORMAL",
  out_request_no: outRequestNo
})

/**
 * A valid 创建商家券 request for a sandbox merchant (the wire form `Busifavor.createStock` takes): a NORMAL batch,
 * 10 元 off 100 元, 100 coupons, at most 5 per user, redeemable from a day before `now` to 90 days after it, with the
 * given code mode (default `WECHATPAY_MODE`: WeChat Pay generates the codes). For tests, demos and benchmarks.
 *
 * @since 0.1.0
 * @category fixtures
 */
export const sampleCreateBusifavorStockRequest = (
  outRequestNo: string,
  options: {
    readonly codeMode?: "WECHATPAY_MODE" | "MERCHANT_API" | "MERCHANT_UPLOAD"
    readonly mchid?: string
    /** Epoch milliseconds the validity window is placed around; default `Date.now()`. */
    readonly now?: number
  } = {}
): typeof Busifavor.CreateStockRequest.Encoded => {
  const now = options.now ?? Date.now()
  const day = 24 * 60 * 60 * 1000
  return {
    stock_name: "满100减10元",
    belong_merchant: options.mchid ?? defaults.mchid,
    comment: "沙箱示例批次",
    goods_name: "全场可用",
    stock_type: "NORMAL",
    coupon_use_rule: {
      coupon_available_time: {
        available_begin_time: beijingTime(now - day),
        available_end_time: beijingTime(now + 90 * day)
      },
      fixed_normal_coupon: { discount_amount: 1000, transaction_minimum: 10000 },
      use_method: "OFF_LINE"
    },
    stock_send_rule: { max_coupons: 100, max_coupons_per_user: 5 },
    out_request_no: outRequestNo,
    coupon_code_mode: options.codeMode ?? "WECHATPAY_MODE"
  }
}
