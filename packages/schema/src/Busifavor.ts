/**
 * 商家券 (busifavor, merchant exclusive coupons): query a batch (查询商家券批次详情) and query one user coupon
 * (查询用户单张券详情).
 *
 * Responses decode what the gateway really sends (spec Part 3): numeric strings for integers, `"true"`/`"false"`
 * for booleans, `null` for absent keys, open enums, unknown keys ignored, times kept as sent. A field is required
 * only where every source agrees it is always present (spec Q11).
 *
 * @since 0.1.0
 */
import { QueryCoupon, QueryStock } from "./internal/busifavor/common.js"
import {
  PayReceiptInfo,
  PayReceiptList,
  ReturnReceiptInfo,
  SubsidyPay,
  SubsidyReturn
} from "./internal/busifavor/subsidy.js"

/**
 * The schemas shared by the family, and its first endpoints.
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/common.js"
/**
 * 领券事件回调通知 (`COUPON.SEND`): the decrypted notification resource.
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/notification.js"
/**
 * 营销补差: subsidy payments and returns between merchants for redeemed coupons, and their receipts.
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/subsidy.js"

/**
 * Every 商家券 endpoint, in docs order.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [
  QueryStock,
  QueryCoupon,
  SubsidyPay,
  SubsidyReturn,
  PayReceiptInfo,
  PayReceiptList,
  ReturnReceiptInfo
] as const
