/**
 * The golden wire table: one row per endpoint, written from WeChat Pay's documentation of it and never from the
 * descriptors in `src/`, so that what the descriptors say (`Wire.test.ts`) and what the api client puts on the wire
 * and the sandbox receives (`packages/sandbox/test/api/Wire.loopback.test.ts`) are each held to what WeChat Pay
 * documents, not to each other.
 *
 * A row holds the HTTP method, the path template as the page prints it, the query parameters and the top-level body
 * fields with their 必填 (`"required"`) or 选填 (`"optional"`), the request-number field the page makes unique per
 * request (the idempotency key), and the documented error table as distinct `[status, code]` pairs.
 *
 * Where the facts come from:
 *
 * - The request tables were read on the current official pages (`page`); the long pages could be read down to their
 *   request table only. Where no per-endpoint page could be found, `page` is the product page that lists the call and
 *   `notes` says so.
 * - The error tables sit at the bottom of the pages and could be read on the short pages only. Every current page
 *   prints a 公共错误码 block (`PUBLIC`) above its 业务错误码; the 业务错误码 of every 商家券 page is one table
 *   (`BUSIFAVOR`), and of every 代金券 page another (`FAVOR`), both read in full on the 2020 copies of the official
 *   pages (`COPY_2020`, whose `## 错误码` sections print them) and, as far as the page could be read, on the current
 *   pages. `errors.source` says where each row's table was read.
 */

/** 必填 or 选填, as the page's request table marks the field. */
export type Presence = "required" | "optional"

/** Field name → presence. */
export type Fields = Readonly<Record<string, Presence>>

/** One documented error: HTTP status and code. */
export type ErrorPair = readonly [status: number, code: string]

/** One endpoint as its official page documents it. */
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
  /** Where the row departs from the page, or the page from the other sources, and why. */
  readonly notes?: ReadonlyArray<string>
}

/** The 2020 copies of the official pages, with their error tables: a public repository of the docs' sources. */
export const COPY_2020 = "https://github.com/wohugb/wepay/blob/master/content/zh/docs/marketing"

/**
 * The protocol codes any endpoint can answer (接口规则 · 基本规则: 401 签名验证不通过, 403 无权限, 500 系统异常).
 * https://pay.weixin.qq.com/docs/merchant/development/interface-rules/basic-rules.html
 */
export const PROTOCOL: ReadonlyArray<ErrorPair> = [
  [401, "SIGN_ERROR"],
  [403, "NO_AUTH"],
  [500, "SYSTEM_ERROR"]
]

/**
 * 公共错误码, as every current page prints it above its 业务错误码. Read on
 * https://pay.weixin.qq.com/doc/v3/partner/4012465557 (获取商家券事件通知地址),
 * https://pay.weixin.qq.com/docs/partner/apis/cash-coupons/call-back-url/query-callback.html (查询代金券消息通知地址)
 * and https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/coupon/return-coupon.html (申请退券).
 */
export const PUBLIC: ReadonlyArray<ErrorPair> = [
  [400, "PARAM_ERROR"],
  [400, "INVALID_REQUEST"],
  [401, "SIGN_ERROR"],
  [500, "SYSTEM_ERROR"]
]

/**
 * The 商家券 业务错误码, the same on every 商家券 page (2020 copies: `${COPY_2020}/busifavor/stocks_get.md`,
 * `stocks.md`, `stocks_couponcodes.md`, `coupons_use.md`, `users_coupons.md`, `users_coupons_appids.md`,
 * `callbacks.md`, `callbacks_get.md`; the current 获取商家券事件通知地址 page prints the same rows as far as it could be
 * read). `SYSTEM_ERROR` is listed twice, under 400 (系统错误) and under 500 (系统失败); `NOAUTH` is spelled so.
 */
export const BUSIFAVOR: ReadonlyArray<ErrorPair> = [
  [400, "PARAM_ERROR"],
  [400, "SYSTEM_ERROR"],
  [400, "RESOURCE_ALREADY_EXISTS"],
  [404, "RESOURCE_NOT_EXISTS"],
  [403, "NOAUTH"],
  [400, "APPID_MCHID_NOT_MATCH"],
  [400, "MCH_NOT_EXISTS"],
  [404, "USER_NOT_EXISTS"],
  [500, "SYSTEM_ERROR"],
  [429, "FREQUENCY_LIMITED"],
  [403, "RULELIMIT"],
  [400, "INVALID_REQUEST"]
]

/**
 * The 代金券 业务错误码, the same on every 代金券 page (2020 copies: every `${COPY_2020}/favor/*.md` API page; the
 * current 查询代金券消息通知地址 page prints the same rows as far as it could be read).
 */
export const FAVOR: ReadonlyArray<ErrorPair> = [
  [400, "PARAM_ERROR"],
  [400, "MCH_NOT_EXISTS"],
  [400, "INVALID_REQUEST"],
  [400, "APPID_MCHID_NOT_MATCH"],
  [403, "USER_ACCOUNT_ABNORMAL"],
  [403, "NOT_ENOUGH"],
  [403, "REQUEST_BLOCKED"],
  [404, "RESOURCE_NOT_EXISTS"],
  [429, "FREQUENCY_LIMIT_EXCEED"]
]

/** 公共错误码 plus the 商家券 业务错误码, the table of a 商家券 page; `copy` is its 2020 copy when there is one. */
const busifavorErrors = (copy?: string) => ({
  source:
    copy === undefined
      ? "公共错误码 + the 商家券 业务错误码 (this page's own table could not be read; no 2020 copy exists)"
      : `公共错误码 + the 商家券 业务错误码, as printed on the 2020 copy ${COPY_2020}/busifavor/${copy}`,
  pairs: [...PUBLIC, ...BUSIFAVOR]
})

/** 公共错误码 plus the 代金券 业务错误码, the table of a 代金券 page; `copy` is its 2020 copy. */
const favorErrors = (copy: string) => ({
  source: `公共错误码 + the 代金券 业务错误码, as printed on the 2020 copy ${COPY_2020}/favor/${copy}`,
  pairs: [...PUBLIC, ...FAVOR]
})

const R = "required" as const
const O = "optional" as const

/** 商家券 (busifavor): 24 endpoints, in the family's docs order. */
export const busifavor: ReadonlyArray<WireRow> = [
  {
    name: "Busifavor.createStock",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/busi-favor/create-busifavor-stock.html",
    method: "POST",
    path: "/v3/marketing/busifavor/stocks",
    query: {},
    body: {
      stock_name: R,
      belong_merchant: R,
      comment: O,
      goods_name: R,
      stock_type: R,
      coupon_use_rule: R,
      stock_send_rule: R,
      out_request_no: R,
      custom_entrance: O,
      display_pattern_info: O,
      coupon_code_mode: R,
      notify_config: O,
      subsidy: O
    },
    idempotencyKey: "out_request_no",
    errors: busifavorErrors("stocks.md")
  },
  {
    name: "Busifavor.queryStock",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/busi-favor/query-stock.html",
    method: "GET",
    path: "/v3/marketing/busifavor/stocks/{stock_id}",
    query: {},
    body: {},
    errors: busifavorErrors("stocks_get.md")
  },
  {
    name: "Busifavor.modifyStockInfo",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012535020",
    method: "PATCH",
    path: "/v3/marketing/busifavor/stocks/{stock_id}",
    query: {},
    body: {
      custom_entrance: O,
      stock_name: O,
      comment: O,
      goods_name: O,
      out_request_no: R,
      display_pattern_info: O,
      coupon_use_rule: O,
      stock_send_rule: O,
      notify_config: O,
      subsidy: O
    },
    idempotencyKey: "out_request_no",
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.modifyBudget",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012465739",
    method: "PATCH",
    path: "/v3/marketing/busifavor/stocks/{stock_id}/budget",
    query: {},
    body: {
      target_max_coupons: O,
      current_max_coupons: O,
      target_max_coupons_by_day: O,
      current_max_coupons_by_day: O,
      modify_budget_request_no: R
    },
    idempotencyKey: "modify_budget_request_no",
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.uploadCouponCode",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/busi-favor/upload-coupon-code.html",
    method: "POST",
    path: "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes",
    query: {},
    body: { coupon_code_list: R, upload_request_no: R },
    idempotencyKey: "upload_request_no",
    errors: busifavorErrors("stocks_couponcodes.md"),
    notes: ["coupon_code_list is 必填 on the page (the wechatpay.im transcription marks it optional)."]
  },
  {
    name: "Busifavor.queryCouponCodeList",
    page: "https://pay.weixin.qq.com/docs/merchant/products/merchant-exclusive-coupon/introduction.html",
    method: "GET",
    path: "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes",
    query: { limit: O, offset: O, appid: O, status: O },
    body: {},
    errors: busifavorErrors(),
    notes: [
      "No page of its own was found: the product page lists the call; the parameters are those of the transcription at https://wechatpay.im/openapi/v3/marketing/busifavor/stocks/%7Bstock_id%7D/couponcodes."
    ]
  },
  {
    name: "Busifavor.couponCodeInfo",
    page: "https://pay.weixin.qq.com/docs/merchant/products/merchant-exclusive-coupon/introduction.html",
    method: "GET",
    path: "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes/{coupon_code}",
    query: { appid: O },
    body: {},
    errors: busifavorErrors(),
    notes: [
      "No page of its own was found: the product page lists the call; the parameters are those of the transcription at https://wechatpay.im/openapi/v3/marketing/busifavor/stocks/%7Bstock_id%7D/couponcodes/%7Bcoupon_code%7D."
    ]
  },
  {
    name: "Busifavor.deleteCouponCode",
    page: "https://pay.weixin.qq.com/docs/merchant/products/merchant-exclusive-coupon/introduction.html",
    method: "DELETE",
    path: "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes/{coupon_code}",
    query: { delete_request_no: R },
    body: {},
    idempotencyKey: "delete_request_no",
    errors: busifavorErrors(),
    notes: [
      "No page of its own was found: the product page lists the call; the parameters are those of the transcription at https://wechatpay.im/openapi/v3/marketing/busifavor/stocks/%7Bstock_id%7D/couponcodes/%7Bcoupon_code%7D."
    ]
  },
  {
    name: "Busifavor.useCoupon",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012465292",
    method: "POST",
    path: "/v3/marketing/busifavor/coupons/use",
    query: {},
    body: {
      coupon_code: R,
      stock_id: O,
      appid: R,
      use_time: R,
      use_request_no: R,
      openid: O,
      out_trade_no: O,
      mch_id: O,
      transaction_id: O
    },
    idempotencyKey: "use_request_no",
    errors: busifavorErrors("coupons_use.md"),
    notes: [
      "stock_id is 选填, required in fact for MERCHANT_API and MERCHANT_UPLOAD stocks (the page says so).",
      "out_trade_no, mch_id and transaction_id are listed by the transcription of the current merchant page (https://wechatpay.im/openapi/v3/marketing/busifavor/coupons/use); the partner page of 2024-11-18 (https://pay.weixin.qq.com/docs/partner/apis/merchant-exclusive-coupon/coupon/use-coupon.html) does not list them."
    ]
  },
  {
    name: "Busifavor.listCouponsByFilter",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012534963",
    method: "GET",
    path: "/v3/marketing/busifavor/users/{openid}/coupons",
    query: {
      appid: R,
      stock_id: O,
      coupon_state: O,
      creator_merchant: O,
      belong_merchant: O,
      sender_merchant: O,
      offset: O,
      limit: O
    },
    body: {},
    errors: busifavorErrors("users_coupons.md")
  },
  {
    name: "Busifavor.queryCoupon",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4015715938",
    method: "GET",
    path: "/v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}",
    query: {},
    body: {},
    errors: busifavorErrors("users_coupons_appids.md")
  },
  {
    name: "Busifavor.returnCoupon",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/coupon/return-coupon.html",
    method: "POST",
    path: "/v3/marketing/busifavor/coupons/return",
    query: {},
    body: { coupon_code: R, stock_id: R, return_request_no: R },
    idempotencyKey: "return_request_no",
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.deactivateCoupon",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012465890",
    method: "POST",
    path: "/v3/marketing/busifavor/coupons/deactivate",
    query: {},
    body: { coupon_code: R, stock_id: R, deactivate_request_no: R, deactivate_reason: O },
    idempotencyKey: "deactivate_request_no",
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.associateTradeInfo",
    page: "https://pay.weixin.qq.com/docs/partner/apis/merchant-exclusive-coupon/coupon/associate-trade-info.html",
    method: "POST",
    path: "/v3/marketing/busifavor/coupons/associate",
    query: {},
    body: { stock_id: R, coupon_code: R, out_trade_no: R, out_request_no: R },
    idempotencyKey: "out_request_no",
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.disassociateTradeInfo",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012465673",
    method: "POST",
    path: "/v3/marketing/busifavor/coupons/disassociate",
    query: {},
    body: { stock_id: R, coupon_code: R, out_trade_no: R, out_request_no: R },
    idempotencyKey: "out_request_no",
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.sendCoupon",
    page: "https://pay.weixin.qq.com/docs/merchant/products/merchant-exclusive-coupon/introduction.html",
    method: "POST",
    path: "/v3/marketing/busifavor/coupons/send",
    query: {},
    body: { openid: R, appid: R, stock_id: R, out_request_no: R, coupon_code: O },
    idempotencyKey: "out_request_no",
    errors: busifavorErrors(),
    notes: [
      "No page of its own was found: the product page lists the call; the fields are those of the transcription at https://wechatpay.im/openapi/v3/marketing/busifavor/coupons/send (coupon_code required in fact for MERCHANT_API stocks)."
    ]
  },
  {
    name: "Busifavor.sendGovCard",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4017164666",
    method: "POST",
    path: "/v3/marketing/busifavor/coupons/{card_id}/send",
    query: {},
    body: { appid: R, openid: R, out_request_no: R, send_time: R },
    idempotencyKey: "out_request_no",
    errors: busifavorErrors(),
    notes: [
      "The page makes out_request_no unique together with send_time (商户需保证同一次请求的out_request_no和send_time唯一)."
    ]
  },
  {
    name: "Busifavor.setCouponNotify",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/call-back/set-coupon-notify.html",
    method: "POST",
    path: "/v3/marketing/busifavor/callbacks",
    query: {},
    body: { mchid: O, notify_url: R },
    errors: busifavorErrors("callbacks.md")
  },
  {
    name: "Busifavor.getCouponNotify",
    page: "https://pay.weixin.qq.com/doc/v3/partner/4012465557",
    method: "GET",
    path: "/v3/marketing/busifavor/callbacks",
    query: { mchid: O },
    body: {},
    errors: busifavorErrors("callbacks_get.md"),
    notes: ["mchid is 选填 on the page (不填默认查询调用方商户号); the wechatpay.im transcription marks it required."]
  },
  {
    name: "Busifavor.subsidyPay",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4017147321",
    method: "POST",
    path: "/v3/marketing/busifavor/subsidy/pay-receipts",
    query: {},
    body: {
      stock_id: R,
      coupon_code: R,
      transaction_id: R,
      payer_merchant: R,
      payee_merchant: R,
      amount: R,
      description: R,
      out_subsidy_no: R
    },
    idempotencyKey: "out_subsidy_no",
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.payReceiptList",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4017147338",
    method: "GET",
    path: "/v3/marketing/busifavor/subsidy/pay-receipts",
    query: { stock_id: R, coupon_code: R, out_subsidy_no: O },
    body: {},
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.payReceiptInfo",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4017147336",
    method: "GET",
    path: "/v3/marketing/busifavor/subsidy/pay-receipts/{subsidy_receipt_id}",
    query: {},
    body: {},
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.subsidyReturn",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4017147332",
    method: "POST",
    path: "/v3/marketing/busifavor/subsidy/return-receipts",
    query: {},
    body: {
      stock_id: R,
      coupon_code: R,
      transaction_id: R,
      refund_id: R,
      payer_merchant: R,
      payee_merchant: R,
      amount: R,
      description: R,
      out_subsidy_return_no: R
    },
    idempotencyKey: "out_subsidy_return_no",
    errors: busifavorErrors()
  },
  {
    name: "Busifavor.returnReceiptInfo",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4017147344",
    method: "GET",
    path: "/v3/marketing/busifavor/subsidy/return-receipts/{subsidy_return_receipt_id}",
    query: {},
    body: {},
    errors: busifavorErrors()
  }
]

/** 代金券 (favor): 17 endpoints, in the family's docs order. */
export const favor: ReadonlyArray<WireRow> = [
  {
    name: "Favor.createCouponStock",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/stock/create-coupon-stock.html",
    method: "POST",
    path: "/v3/marketing/favor/coupon-stocks",
    query: {},
    body: {
      stock_name: R,
      comment: O,
      belong_merchant: R,
      available_begin_time: R,
      available_end_time: R,
      stock_use_rule: R,
      pattern_info: O,
      coupon_use_rule: R,
      no_cash: R,
      stock_type: R,
      out_request_no: R,
      ext_info: O
    },
    idempotencyKey: "out_request_no",
    errors: favorErrors("coupon-stocks.md")
  },
  {
    name: "Favor.startStock",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012460137",
    method: "POST",
    path: "/v3/marketing/favor/stocks/{stock_id}/start",
    query: {},
    body: { stock_creator_mchid: R },
    errors: favorErrors("stocks_start.md")
  },
  {
    name: "Favor.sendCoupon",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012463767",
    method: "POST",
    path: "/v3/marketing/favor/users/{openid}/coupons",
    query: {},
    body: {
      stock_id: R,
      out_request_no: R,
      appid: R,
      stock_creator_mchid: R,
      coupon_value: O,
      coupon_minimum: O
    },
    idempotencyKey: "out_request_no",
    errors: favorErrors("users_coupons.md")
  },
  {
    name: "Favor.pauseStock",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012460305",
    method: "POST",
    path: "/v3/marketing/favor/stocks/{stock_id}/pause",
    query: {},
    body: { stock_creator_mchid: R },
    errors: favorErrors("stocks_pause.md")
  },
  {
    name: "Favor.restartStock",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012460411",
    method: "POST",
    path: "/v3/marketing/favor/stocks/{stock_id}/restart",
    query: {},
    body: { stock_creator_mchid: R },
    errors: favorErrors("stocks_restart.md")
  },
  {
    name: "Favor.stopStock",
    page: "https://github.com/wechatpay-apiv3/wechatpay-go/blob/main/services/cashcoupons/api_stock.go",
    method: "POST",
    path: "/v3/marketing/favor/stocks/{stock_id}/stop",
    query: {},
    body: { stock_creator_mchid: R },
    errors: {
      source: "no official page: the 代金券 业务错误码 of the sibling pages (start, pause, restart)",
      pairs: [...FAVOR]
    },
    notes: [
      "Deliberate (spec Part 2 §2.5 F6): no official page documents 终止代金券批次; the row follows the official Go SDK's StopStock (wechatpay-go, services/cashcoupons/api_stock.go) and the body of its sibling pause/restart pages."
    ]
  },
  {
    name: "Favor.listStocks",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/stock/list-stocks.html",
    method: "GET",
    path: "/v3/marketing/favor/stocks",
    query: {
      offset: R,
      limit: R,
      stock_creator_mchid: R,
      create_start_time: O,
      create_end_time: O,
      status: O
    },
    body: {},
    errors: favorErrors("stocks_list.md")
  },
  {
    name: "Favor.queryStock",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/stock/query-stock.html",
    method: "GET",
    path: "/v3/marketing/favor/stocks/{stock_id}",
    query: { stock_creator_mchid: R },
    body: {},
    errors: favorErrors("stocks_get.md")
  },
  {
    name: "Favor.queryCoupon",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/coupon/query-coupon.html",
    method: "GET",
    path: "/v3/marketing/favor/users/{openid}/coupons/{coupon_id}",
    query: { appid: R },
    body: {},
    errors: favorErrors("users_coupons_get.md")
  },
  {
    name: "Favor.listAvailableMerchants",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012463358",
    method: "GET",
    path: "/v3/marketing/favor/stocks/{stock_id}/merchants",
    query: { offset: R, limit: R, stock_creator_mchid: R },
    body: {},
    errors: favorErrors("stocks_merchants.md")
  },
  {
    name: "Favor.listAvailableSingleitems",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012463442",
    method: "GET",
    path: "/v3/marketing/favor/stocks/{stock_id}/items",
    query: { offset: R, limit: R, stock_creator_mchid: R },
    body: {},
    errors: favorErrors("stocks_items.md")
  },
  {
    name: "Favor.listCouponsByFilter",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012534690",
    method: "GET",
    path: "/v3/marketing/favor/users/{openid}/coupons",
    query: {
      appid: R,
      stock_id: O,
      status: O,
      creator_mchid: O,
      sender_mchid: O,
      available_mchid: O,
      offset: O,
      limit: O,
      business_type: O
    },
    body: {},
    errors: favorErrors("users_coupons_list.md")
  },
  {
    name: "Favor.useFlow",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012463585",
    method: "GET",
    path: "/v3/marketing/favor/stocks/{stock_id}/use-flow",
    query: {},
    body: {},
    errors: favorErrors("stocks_use-flow.md")
  },
  {
    name: "Favor.refundFlow",
    page: "https://pay.weixin.qq.com/doc/v3/merchant/4012463523",
    method: "GET",
    path: "/v3/marketing/favor/stocks/{stock_id}/refund-flow",
    query: {},
    body: {},
    errors: favorErrors("stocks_refund-flow.md")
  },
  {
    name: "Favor.setCallback",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/call-back-url/set-callback.html",
    method: "POST",
    path: "/v3/marketing/favor/callbacks",
    query: {},
    body: { mchid: R, notify_url: R, switch: O },
    errors: favorErrors("callbacks.md")
  },
  {
    name: "Favor.queryCallback",
    page: "https://pay.weixin.qq.com/docs/partner/apis/cash-coupons/call-back-url/query-callback.html",
    method: "GET",
    path: "/v3/marketing/favor/callbacks",
    query: { mchid: R },
    body: {},
    errors: {
      source:
        "公共错误码 + the 代金券 业务错误码, read on this page as far as it could be read (no 2020 copy of this page)",
      pairs: [...PUBLIC, ...FAVOR]
    }
  },
  {
    name: "Favor.uploadImage",
    page: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/upload-image.html",
    method: "POST",
    path: "/v3/marketing/favor/media/image-upload",
    query: {},
    body: { filename: R, sha256: R },
    multipart: true,
    errors: {
      source: `the 2020 copy ${COPY_2020}/favor/image-upload.md (the current page's table could not be read)`,
      pairs: [
        [400, "PARAM_ERROR"],
        [403, "REQUEST_BLOCKED"]
      ]
    },
    notes: [
      "multipart/form-data: a `meta` part {filename, sha256} (both 必填) and a `file` part, signed over the meta JSON."
    ]
  }
]

/** Every row, 商家券 first. */
export const rows: ReadonlyArray<WireRow> = [...busifavor, ...favor]
