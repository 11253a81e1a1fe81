import * as Schema from "effect/Schema"
import { AppId, CouponCode, OpenId, ProductCouponId, StockId } from "../../Ids.js"
import { openEnum, optionalOnWire } from "../tolerant.js"
import { UserCouponState, UserProductCouponEntity } from "./common.js"

/**
 * The `event_type` of a 商品券 issuance notification: `PRODUCT_COUPON.SEND` for a brand (品牌API, notify URL set with
 * `POST /brand/marketing/product-coupon/notify-configs`, encrypted with the 品牌API密钥) and `PRODUCT_COUPON_SP.SEND`
 * for a service provider (服务商, `POST /v3/marketing/partner/product-coupon/notify-configs`, encrypted with its
 * APIv3 key; 商品券回调通知, https://pay.weixin.qq.com/doc/v3/partner/4016435717, 2025.12.05).
 *
 * @since 0.2.0
 * @category models
 */
export const ProductCouponSendEventType = openEnum("PRODUCT_COUPON.SEND", "PRODUCT_COUPON_SP.SEND")

/**
 * 商品券回调通知 / 商品券发放通知 (`PRODUCT_COUPON.SEND`, `PRODUCT_COUPON_SP.SEND`): the decrypted `resource` of the
 * notification sent when a user receives a 商品券 from any channel ("不论由何渠道发放，微信支付均会发送该通知"); the
 * brand (or the service provider for it) issues the same coupon in its own system, then calls 确认发放用户商品券 with
 * `openid`, `coupon_code`, `product_coupon_id`, `stock_id` and `appid`. The pages we could read name the event and
 * what it asks for, but not the resource's fields, so it is decoded as a user 商品券 (the 用户商品券 entity of
 * 查询用户商品券详情, plus the identifiers 确认发放 needs) with every field optional, enums open.
 *
 * @since 0.2.0
 * @category models
 */
export class UserProductCouponNotification extends Schema.Class<UserProductCouponNotification>(
  "ProductCoupon.UserProductCouponNotification"
)({
  ...UserProductCouponEntity.fields,
  coupon_code: optionalOnWire(CouponCode),
  coupon_state: optionalOnWire(UserCouponState),
  openid: optionalOnWire(OpenId),
  appid: optionalOnWire(AppId),
  product_coupon_id: optionalOnWire(ProductCouponId),
  stock_id: optionalOnWire(StockId)
}) {}
