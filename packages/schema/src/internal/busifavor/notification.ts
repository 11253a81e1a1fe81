import * as Schema from "effect/Schema"
import { CouponCode, MchId, OpenId, StockId } from "../../Ids.js"
import * as Time from "../../Time.js"
import { openEnum, optionalOnWire, WireInt } from "../tolerant.js"

/**
 * 领券事件 `event_type` of the decrypted resource: `EVENT_TYPE_BUSICOUPON_SEND`; open.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponSendEventType = openEnum("EVENT_TYPE_BUSICOUPON_SEND")

/**
 * The type of `CouponSendEventType`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponSendEventType = typeof CouponSendEventType.Type

/**
 * 发放渠道 of a 领券事件: the documented values, including the bare `API` and `JSAPI` the docs also list; open.
 * The docs print `BUSICOUPON_SEND_CHANNEL_H` (read as `BUSICOUPON_SEND_CHANNEL_H5`, the H5 channel); any spelling
 * is kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponSendChannel = openEnum(
  "BUSICOUPON_SEND_CHANNEL_MINIAPP",
  "BUSICOUPON_SEND_CHANNEL_API",
  "API",
  "BUSICOUPON_SEND_CHANNEL_PAYGIFT",
  "BUSICOUPON_SEND_CHANNEL_H5",
  "BUSICOUPON_SEND_CHANNEL_FTOF",
  "BUSICOUPON_SEND_CHANNEL_MEMBERCARD_ACT",
  "BUSICOUPON_SEND_CHANNEL_HALL",
  "BUSICOUPON_SEND_CHANNEL_JSAPI",
  "JSAPI",
  "BUSICOUPON_SEND_CHANNEL_MINI_APP_LIVE",
  "BUSICOUPON_SEND_CHANNEL_WECHAT_SEARCH",
  "BUSICOUPON_SEND_CHANNEL_PAY_HAS_DISCOUNT",
  "BUSICOUPON_SEND_CHANNEL_WECHAT_AD",
  "BUSICOUPON_SEND_CHANNEL_RIGHTS_PLATFORM",
  "BUSICOUPON_SEND_CHANNEL_RECEIVE_MONEY_GIFT",
  "BUSICOUPON_SEND_CHANNEL_MEMBER_PAY_RIGHT",
  "BUSICOUPON_SEND_CHANNEL_BUSI_SMART_RETAIL",
  "BUSICOUPON_SEND_CHANNEL_FINDER_LIVEROOM",
  "BUSICOUPON_SEND_CHANNEL_SHAKE"
)

/**
 * The type of `CouponSendChannel`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponSendChannel = typeof CouponSendChannel.Type

/**
 * 领券事件附加信息: present only for the 支付有礼, 扫码领券 (营销馆), 会员有礼 and 摇一摇有优惠 channels; every member
 * belongs to one channel, so all are optional.
 *
 * @since 0.1.0
 * @category models
 */
export class CouponSendAttachInfo extends Schema.Class<CouponSendAttachInfo>("Busifavor.CouponSendAttachInfo")({
  /** 支付有礼: the payment order shown the gift. */
  transaction_id: optionalOnWire(Schema.String),
  /** 扫码领券 (营销馆): the hall's activity id. */
  act_code: optionalOnWire(Schema.String),
  /** 扫码领券 (营销馆): the hall id. */
  hall_code: optionalOnWire(Schema.String),
  /** 扫码领券 (营销馆): the hall's merchant id, documented as a number (a numeric string also decodes). */
  hall_belong_mch_id: optionalOnWire(WireInt),
  /** 会员卡活动: the membership card's card_id. */
  card_id: optionalOnWire(Schema.String),
  /** 会员卡活动: the user's membership card code. */
  code: optionalOnWire(Schema.String),
  /** 会员卡活动: the 会员有礼 activity id. */
  activity_id: optionalOnWire(Schema.String),
  /** 摇一摇有优惠 with the 核销组件 only: the phone number that claimed the coupon. */
  phone_number: optionalOnWire(Schema.String),
  /** 摇一摇有优惠 with the 核销组件 only: its country code. */
  country_code: optionalOnWire(Schema.String)
}) {}

/**
 * 商家券 领券事件回调通知 (`COUPON.SEND`): the decrypted `resource` of the notification sent when a user receives a
 * 商家券 (notify URL set with 设置商家券事件通知地址). Tolerant: only `send_channel` and `send_merchant` are required,
 * the fields every version of the docs marks required.
 *
 * @since 0.1.0
 * @category models
 */
export class CouponSendNotification extends Schema.Class<CouponSendNotification>("Busifavor.CouponSendNotification")({
  event_type: optionalOnWire(CouponSendEventType),
  // docs/sources/wechatpay-v3.md Q11: coupon_code, stock_id and send_time are required in the current docs, optional in earlier versions.
  coupon_code: optionalOnWire(CouponCode),
  stock_id: optionalOnWire(StockId),
  send_time: optionalOnWire(Time.WireTime),
  openid: optionalOnWire(OpenId),
  unionid: optionalOnWire(Schema.String),
  send_channel: CouponSendChannel,
  send_merchant: MchId,
  /** 摇一摇活动ID (added in later docs). */
  act_id: optionalOnWire(Schema.String),
  attach_info: optionalOnWire(CouponSendAttachInfo)
}) {}
