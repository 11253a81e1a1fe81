/**
 * The golden wire table of the 商品券 endpoints: one row per endpoint of the brand API and of the partner API, written
 * from WeChat Pay's pages and never from the descriptors in `src/`, so that `productCoupon.test.ts` holds the
 * descriptors to what WeChat Pay documents.
 *
 * The row shape is the one of the golden table of the other families (`wire.ts`: method, path template, query and
 * top-level body fields with 必填 `"required"` or 选填 `"optional"`, the idempotency key, the error table as
 * `[status, code]` pairs), with two more facts the 商品券 pages print at their top: the page's 更新时间 (`revision`) and
 * its rate limit (`rateLimit`: "接口限频:20/秒(品牌ID维度)" on the brand pages, "频率限制:20/s" on the partner pages).
 *
 * Where the facts come from:
 *
 * - The pages could be read from their top down to their request table (the response and error tables sit below).
 *   A field the page marks 选填 but requires under a condition (条件必填: `stock` for `usage_mode` `SINGLE`, …) is
 *   `"optional"` here, the condition in `notes`.
 * - Where no brand page could be found, the brand row is read on the partner page: the brand request is the partner
 *   request without `brand_id` ("品牌直连模式不需要在请求体中传 brand_id", the official skill's API清单); `notes` says so.
 * - The 公共错误码 block was read on the short brand pages (图片上传, https://pay.weixin.qq.com/doc/brand/4015736285;
 *   获取商品券事件通知地址, https://pay.weixin.qq.com/doc/brand/4015736292). The 业务错误码 tables (`errorTable`) were
 *   read on the partner pages' Markdown form (`https://pay.weixin.qq.com/doc/v3/partner/<id>.md`, the form WeChat Pay's
 *   `llms.txt` lists, which prints the whole page); the brand pages' tables could not be read, so the brand rows take
 *   the partner page's table of the same operation. 403 `NO_AUTH` (a service provider the brand has not authorised)
 *   is the official WeChat Pay skill's (wechatpay-apiv3/wechatpay-skills, `wechatpay-product-coupon`): no table
 *   prints it.
 */

/** 必填 or 选填, as the page's request table marks the field. */
export type Presence = "required" | "optional"

/** Field name → presence. */
export type Fields = Readonly<Record<string, Presence>>

/** One documented error: HTTP status and code. */
export type ErrorPair = readonly [status: number, code: string]

/** One endpoint as its official page documents it (the `wire.ts` row, with the page's revision and rate limit). */
export interface WireRow {
  /** The descriptor it is compared with, `Family.operation`. */
  readonly name: string
  /** The official page the request table was read on. */
  readonly page: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  /** The path template, placeholders as `{name}`. */
  readonly path: string
  readonly query: Fields
  /** The top-level JSON body fields; for a multipart upload, the fields of its `meta` part. */
  readonly body: Fields
  /** `multipart/form-data` with a `meta` JSON part and a `file` part, instead of a JSON body. */
  readonly multipart?: true
  /** The request field the page makes unique per request, when there is one. */
  readonly idempotencyKey?: string
  readonly errors: { readonly source: string; readonly pairs: ReadonlyArray<ErrorPair> }
  /** The page's 更新时间. */
  readonly revision?: string
  /** The page's rate limit, when it prints one. */
  readonly rateLimit?: { readonly requests: number; readonly per: "1 second" | "1 minute" }
  /** Where the row departs from the page, or the page from the other sources, and why. */
  readonly notes?: ReadonlyArray<string>
}

/** 公共错误码, read on https://pay.weixin.qq.com/doc/brand/4015736285 and https://pay.weixin.qq.com/doc/brand/4015736292. */
export const PUBLIC: ReadonlyArray<ErrorPair> = [
  [400, "PARAM_ERROR"],
  [400, "INVALID_REQUEST"],
  [401, "SIGN_ERROR"],
  [500, "SYSTEM_ERROR"]
]

const SKILL = "wechatpay-apiv3/wechatpay-skills, wechatpay-product-coupon"
const UNAUTHORISED: ErrorPair = [403, "NO_AUTH"]

/** One page's 业务错误码 table. */
interface ErrorTable {
  readonly page: string
  readonly pairs: ReadonlyArray<ErrorPair>
}

/**
 * The 业务错误码 table of a partner page, read on its Markdown form (`https://pay.weixin.qq.com/doc/v3/partner/<id>.md`,
 * the form WeChat Pay's `llms.txt` lists; the HTML page could only be read down to its request table).
 */
const table = (id: string, pairs: ReadonlyArray<ErrorPair>): ErrorTable => ({
  page: `https://pay.weixin.qq.com/doc/v3/partner/${id}`,
  pairs
})

const R = "required" as const
const O = "optional" as const

const BRAND = "/brand/marketing/product-coupon"
const PARTNER = "/v3/marketing/partner/product-coupon"
const perSecond = (requests: number) => ({ requests, per: "1 second" as const })

/** What one page of an API documents. */
interface Page {
  readonly page: string
  readonly revision: string
  readonly rateLimit?: { readonly requests: number; readonly per: "1 second" | "1 minute" }
  readonly notes?: ReadonlyArray<string>
}

/** One operation: its request as the pages print it (the brand request; the partner page adds `brand_id`). */
interface Operation {
  readonly operation: string
  readonly method: WireRow["method"]
  readonly path: string
  readonly query?: Fields
  readonly body?: Fields
  readonly multipart?: true
  readonly idempotencyKey?: string
  /** The partner page has no `brand_id` (the notify URL and the image upload belong to the service provider). */
  readonly noBrandId?: true
  readonly create?: true
  /** The 业务错误码 of the operation's partner page (below its 公共错误码), as `[status, code]`. */
  readonly errorTable: ErrorTable
  readonly brand: Page
  readonly partner: Page
  readonly notes?: ReadonlyArray<string>
}

const notRead = (partner: string): Page => ({
  page: partner,
  revision: "—",
  notes: ["No brand page was found: read on the partner page, without brand_id."]
})

const operations: ReadonlyArray<Operation> = [
  {
    operation: "createProductCoupon",
    errorTable: table("4016434630", [
      [400, "INVALID_REQUEST"],
      [400, "ALREADY_EXISTS"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons",
    create: true,
    body: {
      out_request_no: R,
      scope: R,
      type: R,
      usage_mode: R,
      single_usage_info: O,
      progressive_bundle_usage_info: O,
      display_info: R,
      out_product_no: O,
      stock: O,
      stock_bundle: O
    },
    idempotencyKey: "out_request_no",
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736297", revision: "2025.12.31", rateLimit: perSecond(20) },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016434630",
      revision: "2025.11.07",
      rateLimit: perSecond(20)
    },
    notes: [
      "single_usage_info: 选填, only for usage_mode SINGLE (a 全场券's rule; the brand page of 2025.12.31: required when scope is ALL).",
      "progressive_bundle_usage_info: 当且仅当 usage_mode 为 PROGRESSIVE_BUNDLE 时必传.",
      'stock / stock_bundle: below the part of the page that could be read; the batch (单券) or batch group (多次优惠) the call creates ("创建商品券和批次(或批次组)"), one of the two by usage_mode.',
      "The revision of 2025.08.04 (https://pay.weixin.qq.com/doc/v3/partner/4015781289) had usage_mode SEQUENTIAL with sequential_usage_info and 1000/min."
    ]
  },
  {
    operation: "getProductCoupon",
    errorTable: table("4016434632", [
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "GET",
    path: "/product-coupons/{product_coupon_id}",
    brand: notRead("https://pay.weixin.qq.com/doc/v3/partner/4016434632"),
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016434632",
      revision: "2025.11.07",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "updateProductCoupon",
    errorTable: table("4016434633", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "PATCH",
    path: "/product-coupons/{product_coupon_id}",
    body: { out_request_no: R, display_info: R },
    idempotencyKey: "out_request_no",
    brand: notRead("https://pay.weixin.qq.com/doc/v3/partner/4016434633"),
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016434633",
      revision: "2025.11.07",
      rateLimit: perSecond(20),
      notes: [
        "Read on the page's Markdown form (https://pay.weixin.qq.com/doc/v3/partner/4016434633.md): out_request_no, display_info, brand_id."
      ]
    }
  },
  {
    operation: "deactivateProductCoupon",
    errorTable: table("4016434631", [
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/deactivate",
    body: { out_request_no: R, deactivate_reason: R },
    idempotencyKey: "out_request_no",
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736315", revision: "2025.08.20" },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016434631",
      revision: "2025.11.07",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "createStock",
    errorTable: table("4015781304", [
      [400, "INVALID_REQUEST"],
      [400, "ALREADY_EXISTS"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stocks",
    body: { out_request_no: R, stock: R },
    idempotencyKey: "out_request_no",
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736342", revision: "2025.08.28" },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4015781304",
      revision: "2025.10.21",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "listStocks",
    errorTable: table("4016434641", [
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "GET",
    path: "/product-coupons/{product_coupon_id}/stocks",
    query: { state: O, page_size: O, page_token: O, stock_bundle_id: O },
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736384", revision: "2025.08.28", rateLimit: perSecond(20) },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016434641",
      revision: "2025.11.07",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "getStock",
    errorTable: table("4016434649", [
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "GET",
    path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}",
    brand: notRead("https://pay.weixin.qq.com/doc/v3/partner/4016434649"),
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016434649",
      revision: "2025.11.07",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "updateStock",
    errorTable: table("4015781556", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "PATCH",
    path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}",
    body: {
      out_request_no: R,
      remark: O,
      usage_rule_display_info: O,
      coupon_display_info: O,
      notify_config: O,
      store_scope: O
    },
    idempotencyKey: "out_request_no",
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736391", revision: "2025.08.28", rateLimit: perSecond(20) },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4015781556",
      revision: "2025.10.21",
      rateLimit: perSecond(20)
    },
    notes: [
      "notify_config and store_scope: below the part of the page that could be read (the official skill's UpdateStock)."
    ]
  },
  {
    operation: "updateStockBudget",
    errorTable: table("4015781561", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/update-budget",
    body: {
      out_request_no: R,
      update_mode: R,
      current_max_count: O,
      target_max_count: O,
      current_max_count_per_day: O,
      target_max_count_per_day: O
    },
    idempotencyKey: "out_request_no",
    brand: notRead("https://pay.weixin.qq.com/doc/v3/partner/4015781561"),
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4015781561",
      revision: "2025.08.04",
      rateLimit: perSecond(20)
    },
    notes: ["The two fields of update_mode are 必传, the other two 不应填写 (当且仅当 update_mode 为 …)."]
  },
  {
    operation: "deactivateStock",
    errorTable: table("4015781532", [
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/deactivate",
    body: { out_request_no: R, deactivate_reason: R },
    idempotencyKey: "out_request_no",
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736352", revision: "2025.08.28" },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4015781532",
      revision: "2025.10.21",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "associateStores",
    errorTable: table("4015781302", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/associate-stores",
    body: { store_list: R },
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736339", revision: "2025.08.28" },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4015781302",
      revision: "2025.10.21",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "disassociateStores",
    errorTable: table("4015781537", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/disassociate-stores",
    body: { store_list: R },
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736372", revision: "2025.08.28" },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4015781537",
      revision: "2025.08.04",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "listAssociatedStores",
    errorTable: table("4015781546", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "GET",
    path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/associated-stores",
    query: { page_size: O, page_token: O },
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736379", revision: "2025.08.28", rateLimit: perSecond(20) },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4015781546",
      revision: "2025.08.04",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "uploadCouponCodes",
    errorTable: table("4016434668", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stocks/{stock_id}/upload-coupon-codes",
    body: { out_request_no: R, code_list: R },
    idempotencyKey: "out_request_no",
    brand: notRead("https://pay.weixin.qq.com/doc/v3/partner/4016434668"),
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016434668",
      revision: "2025.11.07",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "createStockBundle",
    errorTable: table("4016280622", [
      [400, "INVALID_REQUEST"],
      [400, "ALREADY_EXISTS"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stock-bundles",
    body: { out_request_no: R, stock_bundle: R },
    idempotencyKey: "out_request_no",
    brand: notRead("https://pay.weixin.qq.com/doc/v3/partner/4016280622"),
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016280622",
      revision: "2025.11.20",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "updateStockBundle",
    errorTable: table("4016280633", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "PATCH",
    path: "/product-coupons/{product_coupon_id}/stock-bundles/{stock_bundle_id}",
    body: {
      out_request_no: R,
      remark: O,
      usage_rule_display_info: O,
      coupon_display_info: O,
      notify_config: O,
      store_scope: O
    },
    idempotencyKey: "out_request_no",
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4016279735", revision: "2025.11.27", rateLimit: perSecond(20) },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016280633",
      revision: "2025.11.20",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "updateStockBundleBudget",
    errorTable: table("4016280642", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stock-bundles/{stock_bundle_id}/update-budget",
    body: {
      out_request_no: R,
      update_mode: R,
      current_max_count: O,
      target_max_count: O,
      current_max_count_per_day: O,
      target_max_count_per_day: O
    },
    idempotencyKey: "out_request_no",
    brand: notRead("https://pay.weixin.qq.com/doc/v3/partner/4016280642"),
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016280642",
      revision: "2025.11.20",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "associateStoresForStockBundle",
    errorTable: table("4016280620", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stock-bundles/{stock_bundle_id}/associate-stores",
    body: { store_list: R },
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4016279709", revision: "2025.11.27", rateLimit: perSecond(20) },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016280620",
      revision: "2025.11.20",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "disassociateStoresForStockBundle",
    errorTable: table("4016280629", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/product-coupons/{product_coupon_id}/stock-bundles/{stock_bundle_id}/disassociate-stores",
    body: { store_list: R },
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4016279734", revision: "2025.11.27", rateLimit: perSecond(20) },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016280629",
      revision: "2025.11.20",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "sendUserProductCoupon",
    errorTable: table("4015781605", [
      [400, "INVALID_REQUEST"],
      [400, "ALREADY_EXISTS"],
      [403, "NOT_ENOUGH"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/users/{openid}/coupons",
    body: {
      product_coupon_id: R,
      stock_id: R,
      coupon_code: O,
      appid: R,
      send_request_no: R,
      attach: O,
      coupon_tag_info: O
    },
    idempotencyKey: "send_request_no",
    brand: {
      page: "https://pay.weixin.qq.com/doc/brand/4015736390",
      revision: "2025.08.28",
      rateLimit: perSecond(500)
    },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4015781605",
      revision: "2025.11.07",
      rateLimit: perSecond(500)
    },
    notes: [
      "coupon_code: 当且仅当 coupon_code_mode 为 API_ASSIGN 时必传.",
      "coupon_tag_info: below the part of the page that could be read (as on 向用户发放商品券批次组)."
    ]
  },
  {
    operation: "preSendUserProductCoupon",
    errorTable: table("4016434365", [
      [400, "INVALID_REQUEST"],
      [400, "ALREADY_EXISTS"],
      [403, "NOT_ENOUGH"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/users/{openid}/pre-send-coupon",
    body: { product_coupon_id: R, stock_id: R, coupon_code: O, appid: R, send_request_no: R, attach: O },
    idempotencyKey: "send_request_no",
    brand: {
      page: "https://pay.weixin.qq.com/doc/brand/4016416620",
      revision: "2025.11.05",
      rateLimit: perSecond(500)
    },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016434365",
      revision: "2025.11.07",
      rateLimit: perSecond(500)
    }
  },
  {
    operation: "confirmSendUserProductCoupon",
    errorTable: table("4016435562", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/users/{openid}/coupons/{coupon_code}/confirm",
    body: { product_coupon_id: R, stock_id: R, appid: R, out_request_no: R },
    idempotencyKey: "out_request_no",
    brand: {
      page: "https://pay.weixin.qq.com/doc/brand/4015736403",
      revision: "2025.08.28",
      rateLimit: perSecond(500)
    },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016435562",
      revision: "2025.11.07",
      rateLimit: perSecond(500)
    }
  },
  {
    operation: "useUserProductCoupon",
    errorTable: table("4016435636", [
      [400, "INVALID_REQUEST"],
      [403, "NOT_ENOUGH"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/users/{openid}/coupons/{coupon_code}/use",
    body: {
      product_coupon_id: R,
      stock_id: R,
      appid: R,
      use_time: R,
      out_request_no: R,
      store_id: O,
      associated_order_info: O,
      associated_pay_score_order_info: O
    },
    idempotencyKey: "out_request_no",
    brand: {
      page: "https://pay.weixin.qq.com/doc/brand/4016427398",
      revision: "2025.12.02",
      rateLimit: perSecond(500)
    },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016435636",
      revision: "2025.11.07",
      rateLimit: perSecond(500)
    },
    notes: [
      "订单信息必须且只能传入 associated_order_info 与 associated_pay_score_order_info 之一.",
      "The revision of 2025.09.02 (https://pay.weixin.qq.com/doc/v3/partner/4015781608): associated_order_info 必填, sequential_coupon_index 选填, no store_id."
    ]
  },
  {
    operation: "getUserProductCoupon",
    errorTable: table("4016435702", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "GET",
    path: "/users/{openid}/coupons/{coupon_code}",
    query: { product_coupon_id: R, stock_id: R, appid: R },
    brand: notRead("https://pay.weixin.qq.com/doc/v3/partner/4016435702"),
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016435702",
      revision: "2025.11.07",
      rateLimit: perSecond(500)
    }
  },
  {
    operation: "listUserProductCoupons",
    errorTable: table("4016435703", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "GET",
    path: "/users/{openid}/coupons",
    query: {
      product_coupon_id: O,
      stock_id: O,
      appid: R,
      coupon_state: O,
      user_coupon_bundle_id: O,
      page_size: O,
      page_token: O
    },
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736420", revision: "2025.09.02" },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016435703",
      revision: "2025.11.07",
      rateLimit: perSecond(500)
    },
    notes: [
      "user_coupon_bundle_id: on the partner page of 2025.11.07 (not on the revision of 2025.09.02, https://pay.weixin.qq.com/doc/v3/partner/4015781590, nor on the brand page of 2025.09.02)."
    ]
  },
  {
    operation: "deactivateUserProductCoupon",
    errorTable: table("4015781578", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/users/{openid}/coupons/{coupon_code}/deactivate",
    body: { product_coupon_id: R, stock_id: R, appid: R, out_request_no: R, deactivate_reason: R },
    idempotencyKey: "out_request_no",
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736411", revision: "2025.09.02" },
    partner: { page: "https://pay.weixin.qq.com/doc/v3/partner/4015781578", revision: "2025.09.02" }
  },
  {
    operation: "returnUserProductCoupon",
    errorTable: table("4015781599", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/users/{openid}/coupons/{coupon_code}/return",
    body: { product_coupon_id: R, stock_id: R, appid: R, out_request_no: R },
    idempotencyKey: "out_request_no",
    brand: {
      page: "https://pay.weixin.qq.com/doc/brand/4015736429",
      revision: "2025.08.28",
      rateLimit: perSecond(500)
    },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4015781599",
      revision: "2025.08.04",
      rateLimit: perSecond(500)
    }
  },
  {
    operation: "sendUserProductCouponBundle",
    errorTable: table("4016280664", [
      [400, "INVALID_REQUEST"],
      [400, "ALREADY_EXISTS"],
      [403, "NOT_ENOUGH"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/users/{openid}/coupon-bundles",
    body: {
      product_coupon_id: R,
      stock_bundle_id: R,
      appid: R,
      send_request_no: R,
      attach: O,
      coupon_tag_info: O
    },
    idempotencyKey: "send_request_no",
    brand: notRead("https://pay.weixin.qq.com/doc/v3/partner/4016280664"),
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016280664",
      revision: "2025.11.20",
      rateLimit: perSecond(500)
    }
  },
  {
    operation: "deactivateUserProductCouponBundle",
    errorTable: table("4016280658", [
      [400, "INVALID_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/users/{openid}/coupon-bundles/{user_coupon_bundle_id}/deactivate",
    body: { product_coupon_id: R, stock_bundle_id: R, appid: R, out_request_no: R, deactivate_reason: R },
    idempotencyKey: "out_request_no",
    brand: {
      page: "https://pay.weixin.qq.com/doc/brand/4016279743",
      revision: "2025.11.27",
      rateLimit: perSecond(500)
    },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016280658",
      revision: "2025.11.20",
      rateLimit: perSecond(500)
    }
  },
  {
    operation: "setNotifyConfig",
    errorTable: table("4016435719", [[429, "RATELIMIT_EXCEEDED"]]),
    method: "POST",
    path: "/notify-configs",
    body: { notify_url: R },
    noBrandId: true,
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736293", revision: "2025.08.28", rateLimit: perSecond(20) },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016435719",
      revision: "2025.11.07",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "getNotifyConfig",
    errorTable: table("4016435718", [
      [404, "NOT_FOUND"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "GET",
    path: "/notify-configs",
    noBrandId: true,
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4016427364", revision: "2025.11.06", rateLimit: perSecond(20) },
    partner: {
      page: "https://pay.weixin.qq.com/doc/v3/partner/4016435718",
      revision: "2025.11.07",
      rateLimit: perSecond(20)
    }
  },
  {
    operation: "uploadImage",
    errorTable: table("4015781275", [
      [400, "INVALID_REQUEST"],
      [429, "RATELIMIT_EXCEEDED"]
    ]),
    method: "POST",
    path: "/media/upload-image",
    body: { filename: R, sha256: R },
    multipart: true,
    noBrandId: true,
    brand: { page: "https://pay.weixin.qq.com/doc/brand/4015736285", revision: "2025.08.28" },
    partner: { page: "https://pay.weixin.qq.com/doc/v3/partner/4015781275", revision: "2025.08.04" }
  }
]

const row = (operation: Operation, api: "brand" | "partner"): WireRow => {
  const page = operation[api]
  const brandId = api === "partner" && operation.noBrandId !== true
  const get = operation.method === "GET"
  const notes = [...(operation.notes ?? []), ...(page.notes ?? [])]
  return {
    name: `${api === "brand" ? "ProductCoupon" : "PartnerProductCoupon"}.${operation.operation}`,
    page: page.page,
    method: operation.method,
    path: `${api === "brand" ? BRAND : PARTNER}${operation.path}`,
    query: { ...operation.query, ...(brandId && get ? { brand_id: R } : {}) },
    body: { ...operation.body, ...(brandId && !get ? { brand_id: R } : {}) },
    ...(operation.multipart === true ? { multipart: true as const } : {}),
    ...(operation.idempotencyKey === undefined ? {} : { idempotencyKey: operation.idempotencyKey }),
    errors: {
      source: `公共错误码 + the 业务错误码 of ${operation.errorTable.page}${api === "partner" ? ` + NO_AUTH (${SKILL}: MAB关系说明文档)` : " (the brand page's table could not be read)"}`,
      pairs: [...PUBLIC, ...(api === "partner" ? [UNAUTHORISED] : []), ...operation.errorTable.pairs]
    },
    revision: page.revision,
    ...(page.rateLimit === undefined ? {} : { rateLimit: page.rateLimit }),
    ...(notes.length === 0 ? {} : { notes })
  }
}

/** The brand API (支持商户:【品牌商户】): 32 endpoints. */
export const productCoupon: ReadonlyArray<WireRow> = operations.map((operation) => row(operation, "brand"))

/** The partner API (支持商户:【普通服务商】): 32 endpoints. */
export const partnerProductCoupon: ReadonlyArray<WireRow> = operations.map((operation) => row(operation, "partner"))
