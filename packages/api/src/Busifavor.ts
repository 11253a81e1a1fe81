/**
 * 商家券 (busifavor): merchant-exclusive coupons.
 *
 * @since 0.1.0
 */
import { Busifavor } from "@effect-wechatpay/schema"
import type { Effect } from "effect"
import * as Endpoint from "./Endpoint.js"
import { operation, type WechatPayClient } from "./WechatPay.js"

/**
 * The descriptor of `queryStock`.
 *
 * @since 0.1.0
 */
export const QueryStockEndpoint = Busifavor.QueryStock

/**
 * The errors of {@link queryStock}.
 *
 * @since 0.1.0
 */
export type QueryStockError = Endpoint.Error<typeof QueryStockEndpoint>

/**
 * Queries a 商家券 stock (查询商家券批次详情).
 *
 * @since 0.1.0
 */
export const queryStock: (
  request: typeof Busifavor.QueryStockRequest.Encoded
) => Effect.Effect<Busifavor.QueryStockResponse, QueryStockError, WechatPayClient> = operation(QueryStockEndpoint)

/**
 * The descriptor of `queryCoupon`.
 *
 * @since 0.1.0
 */
export const QueryCouponEndpoint = Busifavor.QueryCoupon

/**
 * The errors of {@link queryCoupon}.
 *
 * @since 0.1.0
 */
export type QueryCouponError = Endpoint.Error<typeof QueryCouponEndpoint>

/**
 * Queries one user coupon (查询用户单张券详情); the openid's case is preserved.
 *
 * @since 0.1.0
 */
export const queryCoupon: (
  request: typeof Busifavor.QueryCouponRequest.Encoded
) => Effect.Effect<Busifavor.QueryCouponResponse, QueryCouponError, WechatPayClient> = operation(QueryCouponEndpoint)
