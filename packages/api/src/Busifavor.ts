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
 * `GET /v3/marketing/busifavor/stocks/{stock_id}` (查询商家券批次详情).
 *
 * @since 0.1.0
 */
export const QueryStockEndpoint = Endpoint.make({
  name: "Busifavor.queryStock",
  summary: "查询商家券批次详情: the configuration and state of a 商家券 stock",
  method: "GET",
  path: "/v3/marketing/busifavor/stocks/{stock_id}",
  request: Busifavor.QueryStock.request,
  response: Busifavor.QueryStock.response,
  errors: Busifavor.QueryStock.errors
})

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
 * `GET /v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}` (查询用户单张券详情).
 *
 * @since 0.1.0
 */
export const QueryCouponEndpoint = Endpoint.make({
  name: "Busifavor.queryCoupon",
  summary: "查询用户单张券详情: one 商家券 in a user's card pack",
  method: "GET",
  path: "/v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}",
  request: Busifavor.QueryCoupon.request,
  response: Busifavor.QueryCoupon.response,
  errors: Busifavor.QueryCoupon.errors
})

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
