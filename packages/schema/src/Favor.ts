/**
 * 代金券 (favor, cash coupons): create a coupon batch (创建代金券批次).
 *
 * The request is strict: integers and booleans are JSON numbers and booleans, every documented limit is checked
 * (characters, not bytes, unless a doc says bytes), 4-byte UTF-8 characters are rejected, and the documented
 * cross-field rules hold. A failure names the field path and the rule.
 *
 * @since 0.1.0
 */
import { CreateCouponStock } from "./internal/favor/common.js"
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
 * Batches and coupons: activate, send, pause, restart, stop, list and query batches, query and list a user's
 * coupons, list a batch's usable merchants and single items.
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
  ListCouponsByFilter
] as const
