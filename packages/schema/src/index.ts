/**
 * Effect Schemas for the WeChat Pay APIv3 marketing endpoints: 商家券 (busifavor), 代金券 (favor) and 商品券 (product
 * coupons, brand and partner APIs) requests and responses, the documented error codes, branded ids and wire time
 * helpers. Depends on `effect` only.
 *
 * @since 0.1.0
 */

/**
 * Error bodies, documented error tables and the code → tag mapping.
 *
 * @since 0.1.0
 * @category modules
 */
export * as ApiError from "./ApiError.js"

/**
 * 商家券 (busifavor) requests and responses.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Busifavor from "./Busifavor.js"

/**
 * Endpoint descriptors: method, path, schemas, documented errors, pagination.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Endpoint from "./Endpoint.js"

/**
 * Every endpoint descriptor.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Endpoints from "./Endpoints.js"

/**
 * 代金券 (favor) requests and responses.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Favor from "./Favor.js"
/**
 * Branded ids and money in fen.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Ids from "./Ids.js"
/**
 * 商品券 (product coupons), partner API: requests, responses and descriptors.
 *
 * @since 0.2.0
 * @category modules
 */
export * as PartnerProductCoupon from "./PartnerProductCoupon.js"
/**
 * 商品券 (product coupons), brand API: requests, responses and descriptors.
 *
 * @since 0.2.0
 * @category modules
 */
export * as ProductCoupon from "./ProductCoupon.js"

/**
 * Wire date-times: lossless response strings, strict request strings, a tolerant parser.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Time from "./Time.js"
