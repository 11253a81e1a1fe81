/**
 * Every endpoint descriptor, in docs order: the source of the api functions, the sandbox's routes, the generated
 * endpoint index and the table-driven tests.
 *
 * @since 0.1.0
 */
import * as Busifavor from "./Busifavor.js"
import type * as Endpoint from "./Endpoint.js"
import * as Favor from "./Favor.js"
import * as PartnerProductCoupon from "./PartnerProductCoupon.js"
import * as ProductCoupon from "./ProductCoupon.js"

/**
 * All endpoints: 商家券, 代金券, then 商品券 (brand API, then partner API).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const all: ReadonlyArray<Endpoint.Any> = [
  ...Busifavor.endpoints,
  ...Favor.endpoints,
  ...ProductCoupon.endpoints,
  ...PartnerProductCoupon.endpoints
]

/**
 * The endpoints of each family, keyed by the family's module name.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const families = {
  Busifavor: Busifavor.endpoints,
  Favor: Favor.endpoints,
  ProductCoupon: ProductCoupon.endpoints,
  PartnerProductCoupon: PartnerProductCoupon.endpoints
} as const
