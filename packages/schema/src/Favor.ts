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

/**
 * The schemas shared by the family, and its first endpoints.
 *
 * @since 0.1.0
 */
export * from "./internal/favor/common.js"

/**
 * Every 代金券 endpoint, in docs order.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [CreateCouponStock] as const
