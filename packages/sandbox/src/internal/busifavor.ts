/**
 * 商家券 (busifavor) behaviours, one per descriptor of `Busifavor.endpoints`.
 *
 * @internal
 */
import { Busifavor } from "@effect-wechatpay/schema"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { behaviour, notExists, ok } from "./behaviour.js"
import { couponKey } from "./state.js"

/** @internal */
export const behaviours = {
  queryStock: behaviour(Busifavor.QueryStock, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const stock = current.stocks.get(request.stock_id)
      return stock === undefined ? notExists("查询的资源不存在") : ok(stock)
    })
  ),
  queryCoupon: behaviour(Busifavor.QueryCoupon, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const seed = current.coupons.get(couponKey(request.openid, request.coupon_code, request.appid))
      return seed === undefined ? notExists("查询的资源不存在") : ok(seed.coupon)
    })
  )
}
