import * as Schema from "effect/Schema"
import { intBetween, itemsBetween, oneOf, text } from "../text.js"
import { optionalKey, optionalOnWire, WireInt } from "../tolerant.js"
import {
  AssignedCouponCode,
  CouponDisplayInfoInput,
  DeactivateReason,
  NotifyConfigInput,
  OutRequestNo,
  ProductCouponIdInput,
  StockBundleIdInput,
  StockEntity,
  StockForCreateInput,
  StockIdInput,
  StockStateInput,
  StoreListInput,
  StoreResult,
  StoresResult,
  UsageRuleDisplayInfoInput
} from "./common.js"
import { both, pageErrors, partnerFields, requests } from "./define.js"

/** `page_size`: "不填默认为20,最大值50" (200 for the store list). */
export const pageSize = (max: number) => intBetween(1, max)
/** `page_token`: the `next_page_token` of the page before. */
export const pageToken = text({ min: 1 })

/** The token paging of the 商品券 lists: `page_size` up to `maxLimit` (default 20), `page_token`, `next_page_token`. */
export const tokenPages = (items: string, maxLimit: number) =>
  ({
    style: "token",
    token: "page_token",
    nextToken: "next_page_token",
    limit: "page_size",
    maxLimit,
    items,
    total: "total_count"
  }) as const

// ---------------------------------------------------------------------------------------------------------------
// 添加商品券批次
// ---------------------------------------------------------------------------------------------------------------

/**
 * 添加商品券批次 request: the path `product_coupon_id`, `out_request_no` and the `stock` (as on 创建商品券, 单券).
 *
 * @since 0.2.0
 * @category requests
 */
export const CreateStockRequests = requests("CreateStockRequest", {
  product_coupon_id: ProductCouponIdInput,
  out_request_no: OutRequestNo,
  stock: StockForCreateInput
})

/**
 * 添加商品券批次: adds a stock to a 单券 商品券 (at most 200 stocks in effect per 商品券); idempotent on
 * `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const CreateStock = both({
  operation: "createStock",
  title: "添加商品券批次",
  summary: "Adds a stock to a 单券 商品券 (at most 200 stocks in effect per 商品券).",
  brand: { url: "https://pay.weixin.qq.com/doc/brand/4015736342", revision: "2025.08.28" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4015781304",
    revision: "2025.10.21",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stocks",
  request: CreateStockRequests,
  response: StockEntity,
  errors: pageErrors("createStock"),
  idempotency: { key: "out_request_no", conflict: "ALREADY_EXISTS" }
})

// ---------------------------------------------------------------------------------------------------------------
// 查询商品券批次列表
// ---------------------------------------------------------------------------------------------------------------

/**
 * 查询商品券批次列表 request: the path `product_coupon_id`; in the query an optional `state`, `stock_bundle_id` (the
 * stocks of one bundle), `page_size` 1..50 (default 20) and the `page_token` of the page before.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListStocksRequests = requests("ListStocksRequest", {
  product_coupon_id: ProductCouponIdInput,
  state: optionalKey(StockStateInput),
  stock_bundle_id: optionalKey(StockBundleIdInput),
  page_size: optionalKey(pageSize(50)),
  page_token: optionalKey(pageToken)
})

/**
 * 查询商品券批次列表 response: one page of stocks, the total (on the first page only: "当且仅当 page_token 为空时
 * 提供") and the token of the next page (none on the last).
 *
 * @since 0.2.0
 * @category responses
 */
export class ListStocksResponse extends Schema.Class<ListStocksResponse>("ProductCoupon.ListStocksResponse")({
  total_count: optionalOnWire(WireInt),
  stock_list: optionalOnWire(Schema.Array(StockEntity)),
  next_page_token: optionalOnWire(Schema.String)
}) {}

/**
 * 查询商品券批次列表: the stocks of a 商品券 (or of one of its bundles), one page at a time.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ListStocks = both({
  operation: "listStocks",
  title: "查询商品券批次列表",
  summary: "The stocks of a 商品券, or of one of its bundles, one page at a time.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4015736384",
    revision: "2025.08.28",
    rateLimit: { requests: 20, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016434641",
    revision: "2025.11.07",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "GET",
  path: "/product-coupons/{product_coupon_id}/stocks",
  request: ListStocksRequests,
  response: ListStocksResponse,
  errors: pageErrors("listStocks"),
  query: ["state", "stock_bundle_id", "page_size", "page_token"],
  pagination: tokenPages("stock_list", 50)
})

// ---------------------------------------------------------------------------------------------------------------
// 查询商品券指定批次
// ---------------------------------------------------------------------------------------------------------------

/**
 * 查询商品券指定批次 request: the path `product_coupon_id` and `stock_id`.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetStockRequests = requests("GetStockRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput
})

/**
 * 查询商品券指定批次: one stock of a 商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetStock = both({
  operation: "getStock",
  title: "查询商品券指定批次",
  summary: "One stock of a 商品券.",
  brand: { url: "https://pay.weixin.qq.com/doc/v3/partner/4016434649", revision: "brand page not read" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016434649",
    revision: "2025.11.07",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "GET",
  path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}",
  request: GetStockRequests,
  response: StockEntity,
  errors: pageErrors("getStock")
})

// ---------------------------------------------------------------------------------------------------------------
// 修改商品券批次, 修改商品券批次发放预算, 失效商品券批次
// ---------------------------------------------------------------------------------------------------------------

/** The fields 修改商品券批次 and 修改商品券批次组 change. */
export const updateFields = {
  out_request_no: OutRequestNo,
  remark: optionalKey(text({ min: 1, max: 20 })),
  usage_rule_display_info: optionalKey(UsageRuleDisplayInfoInput),
  coupon_display_info: optionalKey(CouponDisplayInfoInput),
  notify_config: optionalKey(NotifyConfigInput),
  store_scope: optionalKey(oneOf("NONE", "ALL", "SPECIFIC"))
}

/**
 * 修改商品券批次 request: the path ids, `out_request_no`, and what changes: remark (1–20 characters), usage display,
 * coupon display, notification, store scope.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockRequests = requests("UpdateStockRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput,
  ...updateFields
})

/**
 * 修改商品券批次: changes a 单券 stock's display and notification (coupons already sent keep theirs); idempotent on
 * `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStock = both({
  operation: "updateStock",
  title: "修改商品券批次",
  summary: "Changes a 单券 stock's display and notification settings; coupons already sent keep theirs.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4015736391",
    revision: "2025.08.28",
    rateLimit: { requests: 20, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4015781556",
    revision: "2025.10.21",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "PATCH",
  path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}",
  request: UpdateStockRequests,
  response: StockEntity,
  errors: pageErrors("updateStock"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

const budget = intBetween(1, 100_000_000)

/**
 * The budget of 修改商品券批次(组)发放预算, one per call: `update_mode` `MAX_COUNT` with the current and target total,
 * or `MAX_COUNT_PER_DAY` with the current and target daily count ("当且仅当 update_mode 为 MAX_COUNT 时必传,其他模式下
 * 不应填写").
 */
export const budgetModes = <const F extends Schema.Struct.Fields>(fields: F, identifier: string) =>
  Schema.Union([
    Schema.Struct({
      ...fields,
      out_request_no: OutRequestNo,
      update_mode: Schema.Literal("MAX_COUNT"),
      current_max_count: budget,
      target_max_count: budget
    }),
    Schema.Struct({
      ...fields,
      out_request_no: OutRequestNo,
      update_mode: Schema.Literal("MAX_COUNT_PER_DAY"),
      current_max_count_per_day: budget,
      target_max_count_per_day: budget
    })
  ]).annotate({
    identifier,
    message:
      "update_mode must be MAX_COUNT (with current_max_count, target_max_count) or MAX_COUNT_PER_DAY (with current_max_count_per_day, target_max_count_per_day)"
  })

/**
 * 修改商品券批次发放预算 request: the path ids, `out_request_no`, `update_mode` and the current and target values of that
 * mode only (one budget per call; 1..100,000,000).
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockBudgetRequests = {
  brand: budgetModes(
    { product_coupon_id: ProductCouponIdInput, stock_id: StockIdInput },
    "ProductCoupon.UpdateStockBudgetRequest"
  ),
  partner: budgetModes(
    { product_coupon_id: ProductCouponIdInput, stock_id: StockIdInput, ...partnerFields },
    "PartnerProductCoupon.UpdateStockBudgetRequest"
  )
}

/**
 * 修改商品券批次发放预算: changes one budget of a 单券 stock (its total or its daily count); idempotent on
 * `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStockBudget = both({
  operation: "updateStockBudget",
  title: "修改商品券批次发放预算",
  summary: "Changes one budget of a 单券 stock: its total or its daily count.",
  brand: { url: "https://pay.weixin.qq.com/doc/v3/partner/4015781561", revision: "brand page not read" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4015781561",
    revision: "2025.08.04",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/update-budget",
  request: UpdateStockBudgetRequests,
  response: StockEntity,
  errors: pageErrors("updateStockBudget"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

/**
 * 失效商品券批次 request: the path ids, `out_request_no` and the reason (1–150 characters).
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateStockRequests = requests("DeactivateStockRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput,
  out_request_no: OutRequestNo,
  deactivate_reason: DeactivateReason
})

/**
 * 失效商品券批次: stops one stock (coupons already sent stay valid); idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateStock = both({
  operation: "deactivateStock",
  title: "失效商品券批次",
  summary: "Stops one stock; coupons already sent from it stay valid.",
  brand: { url: "https://pay.weixin.qq.com/doc/brand/4015736352", revision: "2025.08.28" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4015781532",
    revision: "2025.10.21",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/deactivate",
  request: DeactivateStockRequests,
  response: StockEntity,
  errors: pageErrors("deactivateStock"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

// ---------------------------------------------------------------------------------------------------------------
// 批次关联门店, 批次取消关联门店, 查询批次关联门店列表
// ---------------------------------------------------------------------------------------------------------------

/**
 * 批次关联门店 request: the path ids and 1–200 stores (the stock's `store_scope` is `SPECIFIC`).
 *
 * @since 0.2.0
 * @category requests
 */
export const AssociateStoresRequests = requests("AssociateStoresRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput,
  store_list: StoreListInput
})

/**
 * 批次关联门店: makes up to 200 brand stores accept a `SPECIFIC`-scope stock; answers which stores succeeded.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const AssociateStores = both({
  operation: "associateStores",
  title: "批次关联门店",
  summary: "Makes up to 200 brand stores accept a stock whose store scope is SPECIFIC.",
  brand: { url: "https://pay.weixin.qq.com/doc/brand/4015736339", revision: "2025.08.28" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4015781302",
    revision: "2025.10.21",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/associate-stores",
  request: AssociateStoresRequests,
  response: StoresResult,
  errors: pageErrors("associateStores"),
  // No request number, and the answer lists the stores each call changed: a send applied before a 429 and sent again
  // would report those stores as failures. Not retried.
  retryAfter429: false
})

/**
 * 批次取消关联门店 request: the path ids and 1–200 stores.
 *
 * @since 0.2.0
 * @category requests
 */
export const DisassociateStoresRequests = requests("DisassociateStoresRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput,
  store_list: StoreListInput
})

/**
 * 批次取消关联门店: removes up to 200 stores from a `SPECIFIC`-scope stock; answers which stores succeeded.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DisassociateStores = both({
  operation: "disassociateStores",
  title: "批次取消关联门店",
  summary: "Removes up to 200 brand stores from a stock whose store scope is SPECIFIC.",
  brand: { url: "https://pay.weixin.qq.com/doc/brand/4015736372", revision: "2025.08.28" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4015781537",
    revision: "2025.08.04",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/disassociate-stores",
  request: DisassociateStoresRequests,
  response: StoresResult,
  errors: pageErrors("disassociateStores"),
  // No request number, and the answer lists the stores each call changed: a send applied before a 429 and sent again
  // would report those stores as failures. Not retried.
  retryAfter429: false
})

/**
 * 查询批次关联门店列表 request: the path ids, `page_size` 1..200 (default 20: "最大值200") and the `page_token` of the
 * page before.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListAssociatedStoresRequests = requests("ListAssociatedStoresRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput,
  page_size: optionalKey(pageSize(200)),
  page_token: optionalKey(pageToken)
})

/**
 * 查询批次关联门店列表 response: one page of stores, the total and the token of the next page.
 *
 * @since 0.2.0
 * @category responses
 */
export class ListAssociatedStoresResponse extends Schema.Class<ListAssociatedStoresResponse>(
  "ProductCoupon.ListAssociatedStoresResponse"
)({
  total_count: optionalOnWire(WireInt),
  store_list: optionalOnWire(Schema.Array(StoreResult)),
  next_page_token: optionalOnWire(Schema.String)
}) {}

/**
 * 查询批次关联门店列表: the stores a stock is associated with, one page at a time.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ListAssociatedStores = both({
  operation: "listAssociatedStores",
  title: "查询批次关联门店列表",
  summary: "The stores a stock is associated with, one page at a time.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4015736379",
    revision: "2025.08.28",
    rateLimit: { requests: 20, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4015781546",
    revision: "2025.08.04",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "GET",
  path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/associated-stores",
  request: ListAssociatedStoresRequests,
  response: ListAssociatedStoresResponse,
  errors: pageErrors("listAssociatedStores"),
  query: ["page_size", "page_token"],
  pagination: tokenPages("store_list", 200)
})

// ---------------------------------------------------------------------------------------------------------------
// 预上传券Code
// ---------------------------------------------------------------------------------------------------------------

/**
 * 预上传券Code request: the path ids, `out_request_no` and 1–200 codes, each at most 40 letters, digits, `_` or `-`
 * (the stock's `coupon_code_mode` is `UPLOAD`).
 *
 * @since 0.2.0
 * @category requests
 */
export const UploadCouponCodesRequests = requests("UploadCouponCodesRequest", {
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput,
  out_request_no: OutRequestNo,
  code_list: Schema.Array(AssignedCouponCode).check(itemsBetween(1, 200))
})

/**
 * A code 预上传券Code refused: the code, and why (`code`, `message`).
 *
 * @since 0.2.0
 * @category models
 */
export class FailedCouponCode extends Schema.Class<FailedCouponCode>("ProductCoupon.FailedCouponCode")({
  coupon_code: optionalOnWire(Schema.String),
  code: optionalOnWire(Schema.String),
  message: optionalOnWire(Schema.String)
}) {}

/**
 * 预上传券Code response: how many codes were sent, which were taken, which failed (objects with a reason in the
 * official SDK examples, plain codes in the transcription: both decode), already existed or were repeated.
 *
 * @since 0.2.0
 * @category responses
 */
export class UploadCouponCodesResponse extends Schema.Class<UploadCouponCodesResponse>(
  "ProductCoupon.UploadCouponCodesResponse"
)({
  total_count: optionalOnWire(WireInt),
  success_code_list: optionalOnWire(Schema.Array(Schema.String)),
  failed_code_list: optionalOnWire(Schema.Array(Schema.Union([FailedCouponCode, Schema.String]))),
  already_exist_code_list: optionalOnWire(Schema.Array(Schema.String)),
  duplicate_code_list: optionalOnWire(Schema.Array(Schema.String))
}) {}

/**
 * 预上传券Code: uploads up to 200 codes to an `UPLOAD`-mode stock; idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UploadCouponCodes = both({
  operation: "uploadCouponCodes",
  title: "预上传券Code",
  summary: "Uploads up to 200 coupon codes to a stock whose code mode is UPLOAD.",
  brand: { url: "https://pay.weixin.qq.com/doc/v3/partner/4016434668", revision: "brand page not read" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016434668",
    revision: "2025.11.07",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/upload-coupon-codes",
  request: UploadCouponCodesRequests,
  response: UploadCouponCodesResponse,
  errors: pageErrors("uploadCouponCodes"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})
