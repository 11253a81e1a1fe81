/**
 * 代金券 (favor): cash coupons.
 *
 * @since 0.1.0
 */
import { Favor } from "@effect-wechatpay/schema"
import type { Effect } from "effect"
import * as Endpoint from "./Endpoint.js"
import { operation, type WechatPayClient } from "./WechatPay.js"

/**
 * The descriptor of `createCouponStock`.
 *
 * @since 0.1.0
 */
export const CreateCouponStockEndpoint = Favor.CreateCouponStock

/**
 * The errors of {@link createCouponStock}.
 *
 * @since 0.1.0
 */
export type CreateCouponStockError = Endpoint.Error<typeof CreateCouponStockEndpoint>

/**
 * Creates a 代金券 stock (创建代金券批次). A retried call resends the same body, so its `out_request_no` keeps it
 * idempotent.
 *
 * @since 0.1.0
 */
export const createCouponStock: (
  request: typeof Favor.CreateCouponStockRequest.Encoded
) => Effect.Effect<Favor.CreateCouponStockResponse, CreateCouponStockError, WechatPayClient> =
  operation(CreateCouponStockEndpoint)
