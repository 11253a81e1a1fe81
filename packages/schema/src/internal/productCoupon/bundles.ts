import {
  OutRequestNo,
  ProductCouponIdInput,
  StockBundleEntity,
  StockBundleForCreateInput,
  StockBundleIdInput,
  StoreListInput,
  StoresResult
} from "./common.js"
import { both, pageErrors, partnerFields, requests } from "./define.js"
import { budgetModes, updateFields } from "./stocks.js"

// ---------------------------------------------------------------------------------------------------------------
// 添加商品券批次组
// ---------------------------------------------------------------------------------------------------------------

/**
 * 添加商品券批次组 request: the path `product_coupon_id`, `out_request_no` and the `stock_bundle` (as on 创建商品券,
 * 多次优惠).
 *
 * @since 0.2.0
 * @category requests
 */
export const CreateStockBundleRequests = requests("CreateStockBundleRequest", {
  product_coupon_id: ProductCouponIdInput,
  out_request_no: OutRequestNo,
  stock_bundle: StockBundleForCreateInput
})

/**
 * 添加商品券批次组: adds a stock bundle (one stock per use) to a 多次优惠 商品券; idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const CreateStockBundle = both({
  operation: "createStockBundle",
  title: "添加商品券批次组",
  summary: "Adds a stock bundle, one stock per use, to a 多次优惠 商品券.",
  brand: { url: "https://pay.weixin.qq.com/doc/v3/partner/4016280622", revision: "brand page not read" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016280622",
    revision: "2025.11.20",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stock-bundles",
  request: CreateStockBundleRequests,
  response: StockBundleEntity,
  errors: pageErrors("createStockBundle"),
  idempotency: { key: "out_request_no", conflict: "ALREADY_EXISTS" }
})

// ---------------------------------------------------------------------------------------------------------------
// 修改商品券批次组, 修改商品券批次组发放预算
// ---------------------------------------------------------------------------------------------------------------

/**
 * 修改商品券批次组 request: the path ids, `out_request_no`, and what changes in every stock of the bundle, as on
 * 修改商品券批次.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockBundleRequests = requests("UpdateStockBundleRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_bundle_id: StockBundleIdInput,
  ...updateFields
})

/**
 * 修改商品券批次组: changes the display and notification of every stock of a bundle; idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStockBundle = both({
  operation: "updateStockBundle",
  title: "修改商品券批次组",
  summary: "Changes the display and notification settings of every stock of a bundle.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4016279735",
    revision: "2025.11.27",
    rateLimit: { requests: 20, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016280633",
    revision: "2025.11.20",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "PATCH",
  path: "/product-coupons/{product_coupon_id}/stock-bundles/{stock_bundle_id}",
  request: UpdateStockBundleRequests,
  response: StockBundleEntity,
  errors: pageErrors("updateStockBundle"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

/**
 * 修改商品券批次组发放预算 request: as 修改商品券批次发放预算, for every stock of the bundle.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockBundleBudgetRequests = {
  brand: budgetModes(
    { product_coupon_id: ProductCouponIdInput, stock_bundle_id: StockBundleIdInput },
    "ProductCoupon.UpdateStockBundleBudgetRequest"
  ),
  partner: budgetModes(
    { product_coupon_id: ProductCouponIdInput, stock_bundle_id: StockBundleIdInput, ...partnerFields },
    "PartnerProductCoupon.UpdateStockBundleBudgetRequest"
  )
}

/**
 * 修改商品券批次组发放预算: changes one budget of every stock of a bundle; idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStockBundleBudget = both({
  operation: "updateStockBundleBudget",
  title: "修改商品券批次组发放预算",
  summary: "Changes one budget, the total or the daily count, of every stock of a bundle.",
  brand: { url: "https://pay.weixin.qq.com/doc/v3/partner/4016280642", revision: "brand page not read" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016280642",
    revision: "2025.11.20",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stock-bundles/{stock_bundle_id}/update-budget",
  request: UpdateStockBundleBudgetRequests,
  response: StockBundleEntity,
  errors: pageErrors("updateStockBundleBudget"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

// ---------------------------------------------------------------------------------------------------------------
// 批次组批量关联门店, 批次组批量取消关联门店
// ---------------------------------------------------------------------------------------------------------------

/**
 * 批次组批量关联门店 request: the path ids and 1–200 stores.
 *
 * @since 0.2.0
 * @category requests
 */
export const AssociateStoresForStockBundleRequests = requests("AssociateStoresForStockBundleRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_bundle_id: StockBundleIdInput,
  store_list: StoreListInput
})

/**
 * 批次组批量关联门店: makes up to 200 stores accept every stock of a bundle whose store scope is `SPECIFIC`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const AssociateStoresForStockBundle = both({
  operation: "associateStoresForStockBundle",
  title: "批次组批量关联门店",
  summary: "Makes up to 200 brand stores accept every stock of a bundle whose store scope is SPECIFIC.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4016279709",
    revision: "2025.11.27",
    rateLimit: { requests: 20, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016280620",
    revision: "2025.11.20",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stock-bundles/{stock_bundle_id}/associate-stores",
  request: AssociateStoresForStockBundleRequests,
  response: StoresResult,
  errors: pageErrors("associateStoresForStockBundle"),
  // No request number, and the answer lists the stores each call changed: a send applied before a 429 and sent again
  // would report those stores as failures. Not retried.
  retryAfter429: false
})

/**
 * 批次组批量取消关联门店 request: the path ids and 1–200 stores.
 *
 * @since 0.2.0
 * @category requests
 */
export const DisassociateStoresForStockBundleRequests = requests("DisassociateStoresForStockBundleRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_bundle_id: StockBundleIdInput,
  store_list: StoreListInput
})

/**
 * 批次组批量取消关联门店: removes up to 200 stores from every stock of a bundle.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DisassociateStoresForStockBundle = both({
  operation: "disassociateStoresForStockBundle",
  title: "批次组批量取消关联门店",
  summary: "Removes up to 200 brand stores from every stock of a bundle.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4016279734",
    revision: "2025.11.27",
    rateLimit: { requests: 20, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016280629",
    revision: "2025.11.20",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stock-bundles/{stock_bundle_id}/disassociate-stores",
  request: DisassociateStoresForStockBundleRequests,
  response: StoresResult,
  errors: pageErrors("disassociateStoresForStockBundle"),
  // No request number, and the answer lists the stores each call changed: a send applied before a 429 and sent again
  // would report those stores as failures. Not retried.
  retryAfter429: false
})
