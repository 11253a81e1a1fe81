/**
 * The outbox: which notifications a state transition decides to send, and their resources in wire form. A transition
 * appends to `GatewayState.notifications.outbox` only when the merchant set a URL for the event (B18 for `COUPON.SEND`, F18 with
 * `switch` on for `COUPON.USE`; the 商品券 events are decided in productCouponNotify.ts); the notifier drains it after
 * the request. Being part of the state, a replayed
 * request (which leaves the state unchanged) sends nothing again.
 *
 * @internal
 */
import type * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import type * as Favor from "@effect-wechatpay/schema/Favor"
import { type FavorCoupon, type GatewayState, type OutgoingNotification, withNotifications } from "./state.js"

/** `current` with `outgoing` appended to its outbox. @internal */
export const enqueue = (current: GatewayState, outgoing: OutgoingNotification): GatewayState =>
  withNotifications(current, { outbox: [...current.notifications.outbox, outgoing] })

/**
 * 商家券 领券事件 (`COUPON.SEND`) of a coupon sent through the API, when `mchid` set a 商家券事件通知地址 (B18).
 *
 * @internal
 */
export const couponSent = (
  current: GatewayState,
  mchid: string,
  coupon: {
    readonly coupon_code: string
    readonly stock_id: string
    readonly openid: string
    readonly send_time: string
  }
): GatewayState => {
  const url = current.busifavor.notifyUrls.get(mchid)?.notify_url
  if (url === undefined) return current
  const resource: typeof Busifavor.CouponSendNotification.Encoded = {
    event_type: "EVENT_TYPE_BUSICOUPON_SEND",
    coupon_code: coupon.coupon_code,
    stock_id: coupon.stock_id,
    send_time: coupon.send_time,
    openid: coupon.openid,
    send_channel: "BUSICOUPON_SEND_CHANNEL_API",
    send_merchant: mchid
  }
  return enqueue(current, { eventType: "COUPON.SEND", url, resource })
}

/** What a redemption adds to the coupon: `consume_information` of the COUPON.USE resource. @internal */
export type Consumption = NonNullable<(typeof Favor.CouponUseNotification.Encoded)["consume_information"]>

/**
 * 代金券 核销事件 (`COUPON.USE`) of a coupon just used, when its stock's creator set a 消息通知地址 (F18) and did not
 * switch it off.
 *
 * @internal
 */
export const couponUsed = (
  current: GatewayState,
  creator: string,
  coupon: FavorCoupon,
  consumption: Consumption
): GatewayState => {
  const setting = current.favor.notifyUrls.get(creator)
  if (setting === undefined || !setting.switch) return current
  const resource: typeof Favor.CouponUseNotification.Encoded = {
    stock_creator_mchid: creator,
    stock_id: coupon.stock_id ?? "",
    coupon_id: coupon.coupon_id ?? "",
    ...(coupon.singleitem_discount_off == null ? {} : { singleitem_discount_off: coupon.singleitem_discount_off }),
    ...(coupon.discount_to == null ? {} : { discount_to: coupon.discount_to }),
    coupon_name: coupon.coupon_name ?? "",
    status: "USED",
    description: coupon.description ?? "",
    create_time: coupon.create_time ?? "",
    coupon_type: coupon.coupon_type ?? "NORMAL",
    ...(coupon.no_cash == null ? {} : { no_cash: coupon.no_cash }),
    available_begin_time: coupon.available_begin_time ?? "",
    available_end_time: coupon.available_end_time ?? "",
    ...(coupon.singleitem == null ? {} : { singleitem: coupon.singleitem }),
    ...(coupon.normal_coupon_information == null
      ? {}
      : { normal_coupon_information: coupon.normal_coupon_information }),
    consume_information: consumption,
    ...(coupon.business_type == null ? {} : { business_type: coupon.business_type })
  }
  return enqueue(current, { eventType: "COUPON.USE", url: setting.notify_url, resource })
}
