/**
 * 商品券 notifications: which a send decides, and their resource in wire form. A user coupon sent (CONFIRMING)
 * notifies the brand (`PRODUCT_COUPON.SEND`, brand API) or the service provider (`PRODUCT_COUPON_SP.SEND`, partner
 * API) at the 商品券事件通知地址 it set with `setNotifyConfig`, if it set one; it is then to call 确认发放
 * ("给用户发券后，微信支付会给品牌发送「商品券发放通知」，此时品牌应调用本接口确认发放成功", 确认发放用户商品券,
 * https://pay.weixin.qq.com/doc/brand/4015736403; https://pay.weixin.qq.com/doc/v3/partner/4016435717). Like the
 * outbox's other events, it is part of the state: a replayed send (state unchanged) notifies nothing again.
 *
 * @internal
 */
import { enqueue } from "./outbox.js"
import type { UserCouponRecord } from "./productCoupon.js"
import type { GatewayState } from "./state.js"

/**
 * Where a caller's 商品券 event notify URL is kept in `ProductCouponState.notifyConfigs`: by brand (the brand API's
 * caller is the brand) or by service provider (`partner:<mchid>`), as `setNotifyConfig` stores it.
 *
 * @internal
 */
export const notifyConfigKey = (partner: boolean, caller: string): string => (partner ? `partner:${caller}` : caller)

/**
 * `current` with the 发放通知 of `record` in its outbox, when the caller (the brand, or the service provider for a
 * partner send) set a 商品券事件通知地址; `current` unchanged otherwise. The resource is the user coupon as 查询用户商品券详情
 * serves it, with the identifiers 确认发放 takes (`openid`, `appid`, `product_coupon_id`, `stock_id`).
 *
 * @internal
 */
export const couponSent = (
  current: GatewayState,
  partner: boolean,
  caller: string,
  record: UserCouponRecord
): GatewayState => {
  const url = current.productCoupon.notifyConfigs.get(notifyConfigKey(partner, caller))?.notify_url
  if (url === undefined) return current
  const { coupon } = record
  const productCouponId = coupon.product_coupon?.product_coupon_id
  const stockId = coupon.stock?.stock_id
  return enqueue(current, {
    eventType: partner ? "PRODUCT_COUPON_SP.SEND" : "PRODUCT_COUPON.SEND",
    url,
    resource: {
      ...coupon,
      openid: record.openid,
      appid: record.appid,
      ...(productCouponId == null ? {} : { product_coupon_id: productCouponId }),
      ...(stockId == null ? {} : { stock_id: stockId })
    }
  })
}
