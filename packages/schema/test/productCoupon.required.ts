/**
 * The required keys of every 商品券 2xx body, for ResponseRequired.test.ts. The sources: the official pages (their
 * response tables could not be read past the request part), the official skill's Go models (every field `omitempty`)
 * and the transcriptions (wechatpay-im marks most keys required). A key stays required only where it identifies the
 * thing answered or its state, which every source sends: the 商品券's `product_coupon_id` and `state`, a stock's ids
 * and `state`, a bundle's id, a user coupon's `coupon_code` and `coupon_state`, the 预发放 `token`, the notify URL.
 * Brand and partner API answer the same bodies.
 */
const productCoupon = ["product_coupon_id", "state"]
const stock = ["product_coupon_id", "stock_id", "state"]
const within = (prefix: string, keys: ReadonlyArray<string>) => keys.map((key) => `${prefix}${key}`)
const bundle = ["stock_bundle_id", ...within("stock_list[].", stock)]
const userCoupon = [
  "coupon_code",
  "coupon_state",
  ...within("product_coupon.", productCoupon),
  ...within("stock.", stock)
]

const byOperation: Record<string, ReadonlyArray<string>> = {
  createProductCoupon: [...productCoupon, ...within("stock.", stock), ...within("stock_bundle.", bundle)],
  getProductCoupon: productCoupon,
  updateProductCoupon: productCoupon,
  deactivateProductCoupon: productCoupon,
  createStock: stock,
  listStocks: within("stock_list[].", stock),
  getStock: stock,
  updateStock: stock,
  updateStockBudget: stock,
  deactivateStock: stock,
  associateStores: ["success_store_list[].store_id", "failed_store_list[].store_id"],
  disassociateStores: ["success_store_list[].store_id", "failed_store_list[].store_id"],
  listAssociatedStores: ["store_list[].store_id"],
  uploadCouponCodes: [],
  createStockBundle: bundle,
  updateStockBundle: bundle,
  updateStockBundleBudget: bundle,
  associateStoresForStockBundle: ["success_store_list[].store_id", "failed_store_list[].store_id"],
  disassociateStoresForStockBundle: ["success_store_list[].store_id", "failed_store_list[].store_id"],
  sendUserProductCoupon: userCoupon,
  preSendUserProductCoupon: ["token"],
  confirmSendUserProductCoupon: userCoupon,
  useUserProductCoupon: userCoupon,
  getUserProductCoupon: userCoupon,
  listUserProductCoupons: within("user_coupon_list[].", userCoupon),
  deactivateUserProductCoupon: userCoupon,
  returnUserProductCoupon: userCoupon,
  sendUserProductCouponBundle: ["user_coupon_bundle_id", ...within("user_product_coupon_list[].", userCoupon)],
  deactivateUserProductCouponBundle: ["user_coupon_bundle_id", ...within("user_product_coupon_list[].", userCoupon)],
  setNotifyConfig: ["notify_url"],
  getNotifyConfig: ["notify_url"],
  uploadImage: []
}

/** The audited required keys of the 商品券 endpoints of both APIs, by descriptor name. */
export const productCouponRequired: Record<string, ReadonlyArray<string>> = Object.fromEntries(
  Object.entries(byOperation).flatMap(([operation, keys]) => [
    [`ProductCoupon.${operation}`, keys],
    [`PartnerProductCoupon.${operation}`, keys]
  ])
)
