/**
 * Every endpoint descriptor, in docs order: the source of the generated endpoint index.
 *
 * @since 0.1.0
 */
import * as Busifavor from "./Busifavor.js"
import * as Favor from "./Favor.js"

/**
 * All endpoints this client implements.
 *
 * @since 0.1.0
 */
export const all = [
  Busifavor.QueryStockEndpoint,
  Busifavor.QueryCouponEndpoint,
  Favor.CreateCouponStockEndpoint
] as const
