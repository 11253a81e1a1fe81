import * as Schema from "effect/Schema"
import { Fen, MchId, StockId } from "../../Ids.js"
import * as Time from "../../Time.js"
import { openEnum, optionalOnWire, TolerantBoolean, tolerantInt, WireInt } from "../tolerant.js"

const WireFen = tolerantInt(Fen)

/**
 * 券状态 in a COUPON.USE notification: `SENDED` (可用), `USED` (已实扣), `EXPIRED` (已过期); others kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponUseStatus = openEnum("SENDED", "USED", "EXPIRED")

/**
 * The type of `CouponUseStatus`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponUseStatus = typeof CouponUseStatus.Type

/**
 * 券类型: `NORMAL` (满减券) or `CUT_TO` (减至券); others kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponUseCouponType = openEnum("NORMAL", "CUT_TO")

/**
 * The type of `CouponUseCouponType`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponUseCouponType = typeof CouponUseCouponType.Type

/**
 * 单品优惠特定信息: the highest single-item price the discount applies to, in fen.
 *
 * @since 0.1.0
 * @category models
 */
export class CouponUseSingleitemDiscountOff extends Schema.Class<CouponUseSingleitemDiscountOff>(
  "Favor.CouponUseSingleitemDiscountOff"
)({
  single_price_max: optionalOnWire(WireFen)
}) {}

/**
 * 减至优惠限定字段 (减至券 only): the price cut to, and the highest price it applies to, in fen.
 *
 * @since 0.1.0
 * @category models
 */
export class CouponUseDiscountTo extends Schema.Class<CouponUseDiscountTo>("Favor.CouponUseDiscountTo")({
  cut_to_price: optionalOnWire(WireFen),
  max_price: optionalOnWire(WireFen)
}) {}

/**
 * 普通满减券面额、门槛信息: face value and threshold, in fen (both required by the IM page and the 2020 page).
 *
 * @since 0.1.0
 * @category models
 */
export class CouponUseNormalCouponInformation extends Schema.Class<CouponUseNormalCouponInformation>(
  "Favor.CouponUseNormalCouponInformation"
)({
  coupon_amount: WireFen,
  transaction_minimum: WireFen
}) {}

/**
 * 单品信息 of the order that used the coupon: goods id, quantity, unit price and discount (money in fen).
 *
 * @since 0.1.0
 * @category models
 */
export class CouponUseGoodsDetail extends Schema.Class<CouponUseGoodsDetail>("Favor.CouponUseGoodsDetail")({
  goods_id: Schema.String,
  quantity: WireInt,
  price: WireFen,
  discount_amount: WireFen
}) {}

/**
 * 实扣代金券信息: when, where and in which payment the coupon was used. `consume_amount` (fen) is sent only when
 * `business_type` is `MULTIUSE` (消费金). `consume_mchid` is the receiving merchant (in indirect mode a UnionPay or
 * NetsUnion merchant id).
 *
 * @since 0.1.0
 * @category models
 */
export class CouponUseConsumeInformation extends Schema.Class<CouponUseConsumeInformation>(
  "Favor.CouponUseConsumeInformation"
)({
  consume_time: Time.WireTime,
  consume_mchid: MchId,
  /** 微信支付系统生成的订单号 (docs/sources/wechatpay-v3.md Q10: IM's description calls it 核销商户号). */
  transaction_id: Schema.String,
  consume_amount: optionalOnWire(WireFen),
  goods_detail: optionalOnWire(Schema.Array(CouponUseGoodsDetail))
}) {}

/**
 * 细分业务类型: `MULTIUSE` (消费金); absent for an ordinary 代金券. Others kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponUseBusinessType = openEnum("MULTIUSE")

/**
 * The type of `CouponUseBusinessType`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponUseBusinessType = typeof CouponUseBusinessType.Type

/**
 * 核销事件回调 (`COUPON.USE`): the decrypted `resource` of the notification, a 代金券 (or 消费金) coupon with its
 * `consume_information`. Amounts are in fen. Tolerant: `status` is optional because the 2020 example names it
 * `state` (docs/sources/wechatpay-v3.md Q10), `no_cash`/`singleitem` are optional because that example sends `null` (docs/sources/wechatpay-v3.md Q2), and
 * booleans and integers also decode from strings.
 *
 * @since 0.1.0
 * @category models
 */
export class CouponUseNotification extends Schema.Class<CouponUseNotification>("Favor.CouponUseNotification")({
  stock_creator_mchid: MchId,
  stock_id: StockId,
  coupon_id: Schema.String,
  singleitem_discount_off: optionalOnWire(CouponUseSingleitemDiscountOff),
  discount_to: optionalOnWire(CouponUseDiscountTo),
  coupon_name: Schema.String,
  status: optionalOnWire(CouponUseStatus),
  description: Schema.String,
  /** 领券时间, kept as sent. */
  create_time: Time.WireTime,
  coupon_type: CouponUseCouponType,
  no_cash: optionalOnWire(TolerantBoolean),
  available_begin_time: Time.WireTime,
  available_end_time: Time.WireTime,
  singleitem: optionalOnWire(TolerantBoolean),
  normal_coupon_information: optionalOnWire(CouponUseNormalCouponInformation),
  consume_information: optionalOnWire(CouponUseConsumeInformation),
  business_type: optionalOnWire(CouponUseBusinessType)
}) {}
