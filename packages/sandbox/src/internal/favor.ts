/**
 * 代金券 (favor) behaviours, one per descriptor of `Favor.endpoints`.
 *
 * @internal
 */
import { Favor } from "@effect-wechatpay/schema"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { behaviour, type Outcome, ok, paramError } from "./behaviour.js"
import { beijingTime } from "./protocol.js"
import type { FavorStockCreated, GatewayState } from "./state.js"

/**
 * The rules the request schema cannot know: the budget of a NORMAL stock is face value × count (批次预算等于批次面额
 * 乘以发券数), and the stock belongs to the calling merchant.
 */
const businessRules = (request: Favor.CreateCouponStockRequest, mchid: string) => {
  const fixed = request.coupon_use_rule.fixed_normal_coupon
  const rule = request.stock_use_rule
  if (
    request.stock_type === "NORMAL" &&
    fixed !== undefined &&
    fixed.coupon_amount * rule.max_coupons !== rule.max_amount
  ) {
    return paramError(
      "/stock_use_rule/max_amount",
      "body",
      "max_amount must equal coupon_amount × max_coupons",
      rule.max_amount,
      "批次预算等于批次面额乘以发券数"
    )
  }
  if (request.belong_merchant !== mchid) {
    return paramError(
      "/belong_merchant",
      "body",
      "belong_merchant must equal the calling merchant id",
      request.belong_merchant,
      "批次归属商户号与请求方商户号不一致"
    )
  }
  return undefined
}

/** @internal */
export const behaviours = {
  createCouponStock: behaviour(Favor.CreateCouponStock, (request, { config, mchid, state }) => {
    const broken = businessRules(request, mchid)
    if (broken !== undefined) return Effect.succeed(broken)
    return Ref.modify(state, (current): [Outcome<FavorStockCreated>, GatewayState] => {
      const existing = current.favorStocks.get(request.out_request_no)
      if (existing !== undefined) return [ok(existing), current]
      const sequence = current.favorSequence + 1
      const created: FavorStockCreated = {
        stock_id: String(16_000_000 + sequence),
        create_time: beijingTime(config.now())
      }
      const favorStocks = new Map(current.favorStocks).set(request.out_request_no, created)
      return [ok(created), { ...current, favorStocks, favorSequence: sequence }]
    })
  })
}
