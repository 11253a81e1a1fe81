/**
 * 代金券 (favor, cash coupons): create, activate, pause, restart and stop stocks; send coupons to users; query and
 * list stocks, coupons, usable merchants and items; the flow files (核销明细, 退款明细); the marketing notify URL;
 * the marketing image upload; and the `COUPON.USE` notification resource.
 *
 * The request is strict: integers and booleans are JSON numbers and booleans, every documented limit is checked
 * (characters, not bytes, unless a doc says bytes), 4-byte UTF-8 characters are rejected, and the documented
 * cross-field rules hold. A failure names the field path and the rule.
 *
 * @since 0.1.0
 */
import { CreateCouponStock } from "./internal/favor/common.js"
import { QueryCallback, RefundFlow, SetCallback, UploadImage, UseFlow } from "./internal/favor/files.js"
import {
  ListAvailableMerchants,
  ListAvailableSingleitems,
  ListCouponsByFilter,
  ListStocks,
  PauseStock,
  QueryCoupon,
  QueryStock,
  RestartStock,
  SendCoupon,
  StartStock,
  StopStock
} from "./internal/favor/stocks.js"

/**
 * The schemas shared by the family, and its first endpoints.
 *
 * @since 0.1.0
 */
export * from "./internal/favor/common.js"
/**
 * Flow-file links (下载批次核销明细, 下载批次退款明细), the marketing notify URL (设置/查询消息通知地址) and the
 * marketing image upload (图片上传(营销专用)).
 *
 * @since 0.1.0
 */
export * from "./internal/favor/files.js"
/**
 * The rows of the 核销明细 and 退款明细 CSV files.
 *
 * @since 0.1.0
 */
export * from "./internal/favor/flow.js"
/**
 * The decrypted resource of the 核销事件回调 (COUPON.USE).
 *
 * @since 0.1.0
 */
export * from "./internal/favor/notification.js"
/**
 * Stocks and coupons: activate (激活), send (发放), pause, restart, stop, list and query stocks and coupons, usable
 * merchants and single items.
 *
 * @since 0.1.0
 */
export * from "./internal/favor/stocks.js"

/**
 * Every 代金券 endpoint, in docs order.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [
  CreateCouponStock,
  StartStock,
  SendCoupon,
  PauseStock,
  RestartStock,
  StopStock,
  ListStocks,
  QueryStock,
  QueryCoupon,
  ListAvailableMerchants,
  ListAvailableSingleitems,
  ListCouponsByFilter,
  UseFlow,
  RefundFlow,
  SetCallback,
  QueryCallback,
  UploadImage
] as const
