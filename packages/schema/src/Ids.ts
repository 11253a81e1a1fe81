/**
 * Branded identifiers and money.
 *
 * The brands carry no length rule of their own, so responses decode whatever the gateway sends; each request
 * field adds the limit its document states.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * 批次号: a batch (stock) id, as assigned by WeChat Pay.
 *
 * @since 0.1.0
 * @category schemas
 */
export const StockId = Schema.String.pipe(Schema.brand("StockId")).annotate({
  identifier: "StockId",
  description: "批次号 (stock id)"
})

/**
 * The type of `StockId`.
 *
 * @since 0.1.0
 * @category schemas
 */
export type StockId = typeof StockId.Type

/**
 * 券code: the code of one coupon.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CouponCode = Schema.String.pipe(Schema.brand("CouponCode")).annotate({
  identifier: "CouponCode",
  description: "券code (coupon code)"
})

/**
 * The type of `CouponCode`.
 *
 * @since 0.1.0
 * @category schemas
 */
export type CouponCode = typeof CouponCode.Type

/**
 * 用户标识 openid: a user's id under one AppID.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OpenId = Schema.String.pipe(Schema.brand("OpenId")).annotate({
  identifier: "OpenId",
  description: "openid (user id under an AppID)"
})

/**
 * The type of `OpenId`.
 *
 * @since 0.1.0
 * @category schemas
 */
export type OpenId = typeof OpenId.Type

/**
 * AppID of an official account or mini program (公众号/小程序).
 *
 * @since 0.1.0
 * @category schemas
 */
export const AppId = Schema.String.pipe(Schema.brand("AppId")).annotate({
  identifier: "AppId",
  description: "AppID (official account or mini program)"
})

/**
 * The type of `AppId`.
 *
 * @since 0.1.0
 * @category schemas
 */
export type AppId = typeof AppId.Type

/**
 * 商户号: a merchant id.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MchId = Schema.String.pipe(Schema.brand("MchId")).annotate({
  identifier: "MchId",
  description: "商户号 (merchant id)"
})

/**
 * The type of `MchId`.
 *
 * @since 0.1.0
 * @category schemas
 */
export type MchId = typeof MchId.Type

/**
 * 品牌ID: a brand, as WeChat Pay assigns it to a brand merchant (品牌方).
 *
 * @since 0.2.0
 * @category schemas
 */
export const BrandId = Schema.String.pipe(Schema.brand("BrandId")).annotate({
  identifier: "BrandId",
  description: "品牌ID (brand id)"
})

/**
 * The type of `BrandId`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type BrandId = typeof BrandId.Type

/**
 * 商品券ID: a 商品券 (product coupon), as WeChat Pay assigns it on creation.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ProductCouponId = Schema.String.pipe(Schema.brand("ProductCouponId")).annotate({
  identifier: "ProductCouponId",
  description: "商品券ID (product coupon id)"
})

/**
 * The type of `ProductCouponId`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type ProductCouponId = typeof ProductCouponId.Type

/**
 * 批次组ID: a group of 商品券 stocks that make up a 多次优惠 (progressive bundle) coupon.
 *
 * @since 0.2.0
 * @category schemas
 */
export const StockBundleId = Schema.String.pipe(Schema.brand("StockBundleId")).annotate({
  identifier: "StockBundleId",
  description: "批次组ID (stock bundle id)"
})

/**
 * The type of `StockBundleId`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type StockBundleId = typeof StockBundleId.Type

/**
 * 门店ID: a brand store, as WeChat Pay assigns it when the store is created (创建品牌门店).
 *
 * @since 0.2.0
 * @category schemas
 */
export const StoreId = Schema.String.pipe(Schema.brand("StoreId")).annotate({
  identifier: "StoreId",
  description: "门店ID (store id)"
})

/**
 * The type of `StoreId`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type StoreId = typeof StoreId.Type

/**
 * Money as a non-negative integer number of fen (分, 1/100 yuan), the unit of every amount in these APIs.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Fen = Schema.Int.check(
  Schema.isGreaterThanOrEqualTo(0, { message: "must be a non-negative integer amount in fen" })
)
  .pipe(Schema.brand("Fen"))
  .annotate({ identifier: "Fen", description: "amount in fen (分), a non-negative integer" })

/**
 * The type of `Fen`.
 *
 * @since 0.1.0
 * @category schemas
 */
export type Fen = typeof Fen.Type
