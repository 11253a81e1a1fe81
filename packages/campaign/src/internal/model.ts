/** The campaign's data: what it sends, its progress, why it paused. Re-exported by `Campaign`. */
import * as Schema from "effect/Schema"

/** 商家券: sends one coupon of a 商家券 stock per user (`Busifavor.sendCoupon`). */
export const BusifavorTarget = Schema.TaggedStruct("Busifavor", {
  stockId: Schema.String,
  appid: Schema.String
})

/** 代金券: sends one coupon of a 代金券 stock per user (`Favor.sendCoupon`). */
export const FavorTarget = Schema.TaggedStruct("Favor", {
  stockId: Schema.String,
  stockCreatorMchid: Schema.String,
  appid: Schema.String
})

/**
 * 商品券, brand API: sends one coupon of a 商品券 stock per user (`ProductCoupon.sendUserProductCoupon`), then
 * confirms it (`confirmSendUserProductCoupon`), with the brand's credentials (`WechatPayBrand`).
 */
export const ProductCouponTarget = Schema.TaggedStruct("ProductCoupon", {
  productCouponId: Schema.String,
  stockId: Schema.String,
  appid: Schema.String
})

/**
 * 商品券, partner API: the same for a brand that granted the service provider its 商品券 permission
 * (`PartnerProductCoupon`), with the service provider's merchant credentials (`WechatPayClient`).
 */
export const PartnerProductCouponTarget = Schema.TaggedStruct("PartnerProductCoupon", {
  brandId: Schema.String,
  productCouponId: Schema.String,
  stockId: Schema.String,
  appid: Schema.String
})

/** What a campaign sends. */
export const Target = Schema.Union([BusifavorTarget, FavorTarget, ProductCouponTarget, PartnerProductCouponTarget])

/** The reason a campaign paused: the stock ran out of budget (or of coupons, or of today's budget). */
export class StockExhausted extends Schema.TaggedClass<StockExhausted>("@effect-wechatpay/campaign/StockExhausted")(
  "StockExhausted",
  {
    stockId: Schema.String,
    code: Schema.String,
    message: Schema.String
  }
) {}

/** Why a campaign paused. */
export const PauseReason = Schema.Union([StockExhausted])

/** The status of a campaign. */
export const Status = Schema.Literals(["running", "paused", "completed"])

/** The progress of a campaign. */
export class Progress extends Schema.Class<Progress>("@effect-wechatpay/campaign/Progress")({
  campaignId: Schema.String,
  status: Status,
  paused: Schema.optional(PauseReason),
  listed: Schema.Number,
  sent: Schema.Number,
  alreadySent: Schema.Number,
  duplicates: Schema.Number,
  failed: Schema.Record(Schema.String, Schema.Number),
  malformed: Schema.Number,
  remaining: Schema.Number,
  rate: Schema.Number
}) {
  /** The number of users whose send failed, whatever the error. */
  get failedTotal(): number {
    return Object.values(this.failed).reduce((sum, count) => sum + count, 0)
  }
}
