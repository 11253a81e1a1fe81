import * as Schema from "effect/Schema"
import * as Time from "../../Time.js"
import { optionalKey, optionalOnWire, WireInt } from "../tolerant.js"
import {
  AppIdInput,
  AssignedCouponCode,
  AssociatedOrderInfoInput,
  AssociatedPayScoreOrderInfoInput,
  Attach,
  CouponCodeInput,
  CouponTagInfoInput,
  DeactivateReason,
  OpenIdInput,
  OutRequestNo,
  ProductCouponIdInput,
  SendRequestNo,
  StockBundleIdInput,
  StockIdInput,
  StoreIdInput,
  UserCouponBundleIdInput,
  UserCouponStateInput,
  UserProductCouponEntity
} from "./common.js"
import { both, pageErrors, requests } from "./define.js"
import { pageSize, pageToken, tokenPages } from "./stocks.js"

const couponFields = {
  openid: OpenIdInput,
  coupon_code: CouponCodeInput,
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput,
  appid: AppIdInput
}

// ---------------------------------------------------------------------------------------------------------------
// 向用户发放商品券, 向用户预发放商品券, 确认发放用户商品券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 向用户发放商品券 request: the path `openid`; the 商品券 and stock, `coupon_code` (only for `API_ASSIGN` stocks: "当且
 * 仅当 coupon_code_mode 为 API_ASSIGN 时必传", a rule the client cannot check), the AppID, `send_request_no` (6–128),
 * `attach` (at most 150 characters) and tags.
 *
 * @since 0.2.0
 * @category requests
 */
export const SendUserProductCouponRequests = requests("SendUserProductCouponRequest", {
  openid: OpenIdInput,
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput,
  coupon_code: optionalKey(AssignedCouponCode),
  appid: AppIdInput,
  send_request_no: SendRequestNo,
  attach: optionalKey(Attach),
  coupon_tag_info: optionalKey(CouponTagInfoInput)
})

/**
 * 向用户发放商品券: sends a coupon of a 单券 stock to a user (it waits in `CONFIRMING` for 确认发放); idempotent on
 * `send_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const SendUserProductCoupon = both({
  operation: "sendUserProductCoupon",
  title: "向用户发放商品券",
  summary: "Sends a coupon of a 单券 stock to a user; it waits in CONFIRMING for 确认发放.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4015736390",
    revision: "2025.08.28",
    rateLimit: { requests: 500, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4015781605",
    revision: "2025.11.07",
    rateLimit: { requests: 500, per: "1 second" }
  },
  method: "POST",
  path: "/users/{openid}/coupons",
  request: SendUserProductCouponRequests,
  response: UserProductCouponEntity,
  errors: pageErrors("sendUserProductCoupon"),
  idempotency: { key: "send_request_no", conflict: "ALREADY_EXISTS" }
})

/**
 * 向用户预发放商品券 request: as 向用户发放商品券, with a `send_request_no` of 6–40 characters and no tags.
 *
 * @since 0.2.0
 * @category requests
 */
export const PreSendUserProductCouponRequests = requests("PreSendUserProductCouponRequest", {
  openid: OpenIdInput,
  product_coupon_id: ProductCouponIdInput,
  stock_id: StockIdInput,
  coupon_code: optionalKey(AssignedCouponCode),
  appid: AppIdInput,
  send_request_no: OutRequestNo,
  attach: optionalKey(Attach)
})

/**
 * 向用户预发放商品券 response: the token the mini-program coupon component (领券组件) takes.
 *
 * @since 0.2.0
 * @category responses
 */
export class PreSendUserProductCouponResponse extends Schema.Class<PreSendUserProductCouponResponse>(
  "ProductCoupon.PreSendUserProductCouponResponse"
)({
  token: Schema.String
}) {}

/**
 * 向用户预发放商品券: a token for the 领券组件 to send a coupon of a stock to a user (the same parameters give a token
 * that shows "already received"); idempotent on `send_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const PreSendUserProductCoupon = both({
  operation: "preSendUserProductCoupon",
  title: "向用户预发放商品券",
  summary: "A token with which the mini-program coupon component sends a coupon of a stock to a user.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4016416620",
    revision: "2025.11.05",
    rateLimit: { requests: 500, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016434365",
    revision: "2025.11.07",
    rateLimit: { requests: 500, per: "1 second" }
  },
  method: "POST",
  path: "/users/{openid}/pre-send-coupon",
  request: PreSendUserProductCouponRequests,
  response: PreSendUserProductCouponResponse,
  errors: pageErrors("preSendUserProductCoupon"),
  idempotency: { key: "send_request_no", conflict: "ALREADY_EXISTS" }
})

/**
 * 确认发放用户商品券 request: the path `openid` and `coupon_code`; the 商品券, stock, AppID and `out_request_no`.
 *
 * @since 0.2.0
 * @category requests
 */
export const ConfirmSendUserProductCouponRequests = requests("ConfirmSendUserProductCouponRequest", {
  ...couponFields,
  out_request_no: OutRequestNo
})

/**
 * 确认发放用户商品券: confirms a coupon sent by any channel, after its 商品券回调通知 (`CONFIRMING` to `PENDING` or
 * `EFFECTIVE`); idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ConfirmSendUserProductCoupon = both({
  operation: "confirmSendUserProductCoupon",
  title: "确认发放用户商品券",
  summary: "Confirms a coupon sent to a user, after its notification: CONFIRMING becomes PENDING or EFFECTIVE.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4015736403",
    revision: "2025.08.28",
    rateLimit: { requests: 500, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016435562",
    revision: "2025.11.07",
    rateLimit: { requests: 500, per: "1 second" }
  },
  method: "POST",
  path: "/users/{openid}/coupons/{coupon_code}/confirm",
  request: ConfirmSendUserProductCouponRequests,
  response: UserProductCouponEntity,
  errors: pageErrors("confirmSendUserProductCoupon"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

// ---------------------------------------------------------------------------------------------------------------
// 核销用户商品券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 核销用户商品券 request: the coupon, the RFC3339 `use_time`, `out_request_no`, the store (optional), and the order it
 * was used on: exactly one of `associated_order_info` and `associated_pay_score_order_info` ("订单信息必须且只能传入
 * associated_order_info 与 associated_pay_score_order_info 之一"). On the partner page of 2025.09.02
 * `associated_order_info` was required and `sequential_coupon_index` (多次优惠 round) existed; 2025.11.07 added
 * `store_id` and the 微信支付分 order and dropped the index.
 *
 * @since 0.2.0
 * @category requests
 */
export const UseUserProductCouponRequests = requests(
  "UseUserProductCouponRequest",
  {
    ...couponFields,
    use_time: Time.Rfc3339,
    out_request_no: OutRequestNo,
    store_id: optionalKey(StoreIdInput),
    associated_order_info: optionalKey(AssociatedOrderInfoInput),
    associated_pay_score_order_info: optionalKey(AssociatedPayScoreOrderInfoInput)
  },
  {
    check: (r) =>
      (r.associated_order_info === undefined) !== (r.associated_pay_score_order_info === undefined)
        ? []
        : r.associated_order_info === undefined
          ? [
              {
                path: ["associated_order_info"],
                issue: "is required (or associated_pay_score_order_info): exactly one order"
              }
            ]
          : [
              {
                path: ["associated_pay_score_order_info"],
                issue: "must be absent when associated_order_info is set: exactly one order"
              }
            ],
    description: "exactly one of associated_order_info and associated_pay_score_order_info"
  }
)

/**
 * 核销用户商品券: redeems a coupon of a user (a 多次优惠 coupon: the current round, after which the next is sent);
 * idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UseUserProductCoupon = both({
  operation: "useUserProductCoupon",
  title: "核销用户商品券",
  summary: "Redeems a coupon of a user on an order; a 多次优惠 coupon then sends its next round.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4016427398",
    revision: "2025.12.02",
    rateLimit: { requests: 500, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016435636",
    revision: "2025.11.07",
    rateLimit: { requests: 500, per: "1 second" }
  },
  method: "POST",
  path: "/users/{openid}/coupons/{coupon_code}/use",
  request: UseUserProductCouponRequests,
  response: UserProductCouponEntity,
  errors: pageErrors("useUserProductCoupon"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

// ---------------------------------------------------------------------------------------------------------------
// 查询用户商品券详情, 指定券状态查询用户商品券列表
// ---------------------------------------------------------------------------------------------------------------

/**
 * 查询用户商品券详情 request: the path `openid` and `coupon_code`; the 商品券, stock and AppID in the query.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetUserProductCouponRequests = requests("GetUserProductCouponRequest", couponFields)

/**
 * 查询用户商品券详情: one coupon of a user, with its 商品券 and stock.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetUserProductCoupon = both({
  operation: "getUserProductCoupon",
  title: "查询用户商品券详情",
  summary: "One coupon of a user, with its 商品券 and stock.",
  brand: { url: "https://pay.weixin.qq.com/doc/v3/partner/4016435702", revision: "brand page not read" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016435702",
    revision: "2025.11.07",
    rateLimit: { requests: 500, per: "1 second" }
  },
  method: "GET",
  path: "/users/{openid}/coupons/{coupon_code}",
  request: GetUserProductCouponRequests,
  response: UserProductCouponEntity,
  errors: pageErrors("getUserProductCoupon"),
  query: ["product_coupon_id", "stock_id", "appid"]
})

/**
 * 指定券状态查询用户商品券列表 request: the path `openid`; in the query the AppID, and optional filters (商品券,
 * stock, state, user coupon bundle), `page_size` 1..50 (default 20) and `page_token`. The partner page of 2025.11.07
 * added `user_coupon_bundle_id`.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListUserProductCouponsRequests = requests("ListUserProductCouponsRequest", {
  openid: OpenIdInput,
  appid: AppIdInput,
  product_coupon_id: optionalKey(ProductCouponIdInput),
  stock_id: optionalKey(StockIdInput),
  coupon_state: optionalKey(UserCouponStateInput),
  user_coupon_bundle_id: optionalKey(UserCouponBundleIdInput),
  page_size: optionalKey(pageSize(50)),
  page_token: optionalKey(pageToken)
})

/**
 * 指定券状态查询用户商品券列表 response: one page of coupons, the total and the token of the next page.
 *
 * @since 0.2.0
 * @category responses
 */
export class ListUserProductCouponsResponse extends Schema.Class<ListUserProductCouponsResponse>(
  "ProductCoupon.ListUserProductCouponsResponse"
)({
  total_count: optionalOnWire(WireInt),
  user_coupon_list: optionalOnWire(Schema.Array(UserProductCouponEntity)),
  next_page_token: optionalOnWire(Schema.String)
}) {}

/**
 * 指定券状态查询用户商品券列表: a user's coupons of the brand, by 商品券, stock, state or bundle, one page at a time.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ListUserProductCoupons = both({
  operation: "listUserProductCoupons",
  title: "指定券状态查询用户商品券列表",
  summary: "A user's coupons of the brand, filtered by 商品券, stock, state or bundle, one page at a time.",
  brand: { url: "https://pay.weixin.qq.com/doc/brand/4015736420", revision: "2025.09.02" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016435703",
    revision: "2025.11.07",
    rateLimit: { requests: 500, per: "1 second" }
  },
  method: "GET",
  path: "/users/{openid}/coupons",
  request: ListUserProductCouponsRequests,
  response: ListUserProductCouponsResponse,
  errors: pageErrors("listUserProductCoupons"),
  query: ["appid", "product_coupon_id", "stock_id", "coupon_state", "user_coupon_bundle_id", "page_size", "page_token"],
  pagination: tokenPages("user_coupon_list", 50)
})

// ---------------------------------------------------------------------------------------------------------------
// 失效用户商品券, 退券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 失效用户商品券 request: the coupon, `out_request_no` and the reason (1–150 characters).
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateUserProductCouponRequests = requests("DeactivateUserProductCouponRequest", {
  ...couponFields,
  out_request_no: OutRequestNo,
  deactivate_reason: DeactivateReason
})

/**
 * 失效用户商品券: makes a user's coupon `DEACTIVATED`; idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateUserProductCoupon = both({
  operation: "deactivateUserProductCoupon",
  title: "失效用户商品券",
  summary: "Deactivates a coupon of a user.",
  brand: { url: "https://pay.weixin.qq.com/doc/brand/4015736411", revision: "2025.09.02" },
  partner: { url: "https://pay.weixin.qq.com/doc/v3/partner/4015781578", revision: "2025.09.02" },
  method: "POST",
  path: "/users/{openid}/coupons/{coupon_code}/deactivate",
  request: DeactivateUserProductCouponRequests,
  response: UserProductCouponEntity,
  errors: pageErrors("deactivateUserProductCoupon"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

/**
 * 退券 request: the coupon and `out_request_no`.
 *
 * @since 0.2.0
 * @category requests
 */
export const ReturnUserProductCouponRequests = requests("ReturnUserProductCouponRequest", {
  ...couponFields,
  out_request_no: OutRequestNo
})

/**
 * 退券: gives a redeemed coupon back to the user (of a 多次优惠 bundle, only the last one redeemed); idempotent on
 * `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ReturnUserProductCoupon = both({
  operation: "returnUserProductCoupon",
  title: "退券",
  summary: "Gives a redeemed coupon back to the user; of a 多次优惠 bundle, only the last one redeemed.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4015736429",
    revision: "2025.08.28",
    rateLimit: { requests: 500, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4015781599",
    revision: "2025.08.04",
    rateLimit: { requests: 500, per: "1 second" }
  },
  method: "POST",
  path: "/users/{openid}/coupons/{coupon_code}/return",
  request: ReturnUserProductCouponRequests,
  response: UserProductCouponEntity,
  errors: pageErrors("returnUserProductCoupon"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

// ---------------------------------------------------------------------------------------------------------------
// 向用户发放商品券批次组, 失效用户商品券组
// ---------------------------------------------------------------------------------------------------------------

/**
 * 向用户发放商品券批次组 request: the path `openid`; the 商品券 and bundle, AppID, `send_request_no` (6–128),
 * `attach` and tags.
 *
 * @since 0.2.0
 * @category requests
 */
export const SendUserProductCouponBundleRequests = requests("SendUserProductCouponBundleRequest", {
  openid: OpenIdInput,
  product_coupon_id: ProductCouponIdInput,
  stock_bundle_id: StockBundleIdInput,
  appid: AppIdInput,
  send_request_no: SendRequestNo,
  attach: optionalKey(Attach),
  coupon_tag_info: optionalKey(CouponTagInfoInput)
})

/**
 * A user's coupon bundle (用户商品券组) and its coupons, one per round.
 *
 * @since 0.2.0
 * @category responses
 */
export class UserCouponBundleResponse extends Schema.Class<UserCouponBundleResponse>(
  "ProductCoupon.UserCouponBundleResponse"
)({
  user_coupon_bundle_id: Schema.String,
  user_product_coupon_list: optionalOnWire(Schema.Array(UserProductCouponEntity))
}) {}

/**
 * 向用户发放商品券批次组: sends a 多次优惠 bundle to a user; idempotent on `send_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const SendUserProductCouponBundle = both({
  operation: "sendUserProductCouponBundle",
  title: "向用户发放商品券批次组",
  summary: "Sends a 多次优惠 stock bundle to a user.",
  brand: { url: "https://pay.weixin.qq.com/doc/v3/partner/4016280664", revision: "brand page not read" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016280664",
    revision: "2025.11.20",
    rateLimit: { requests: 500, per: "1 second" }
  },
  method: "POST",
  path: "/users/{openid}/coupon-bundles",
  request: SendUserProductCouponBundleRequests,
  response: UserCouponBundleResponse,
  errors: pageErrors("sendUserProductCouponBundle"),
  idempotency: { key: "send_request_no", conflict: "ALREADY_EXISTS" }
})

/**
 * 失效用户商品券组 request: the path `openid` and `user_coupon_bundle_id` (at most 40 characters); the 商品券, bundle,
 * AppID, `out_request_no` and the reason.
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateUserProductCouponBundleRequests = requests("DeactivateUserProductCouponBundleRequest", {
  openid: OpenIdInput,
  user_coupon_bundle_id: UserCouponBundleIdInput,
  product_coupon_id: ProductCouponIdInput,
  stock_bundle_id: StockBundleIdInput,
  appid: AppIdInput,
  out_request_no: OutRequestNo,
  deactivate_reason: DeactivateReason
})

/**
 * 失效用户商品券组: deactivates every coupon of a user's bundle; idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateUserProductCouponBundle = both({
  operation: "deactivateUserProductCouponBundle",
  title: "失效用户商品券组",
  summary: "Deactivates every coupon of a user's 多次优惠 bundle.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4016279743",
    revision: "2025.11.27",
    rateLimit: { requests: 500, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016280658",
    revision: "2025.11.20",
    rateLimit: { requests: 500, per: "1 second" }
  },
  method: "POST",
  path: "/users/{openid}/coupon-bundles/{user_coupon_bundle_id}/deactivate",
  request: DeactivateUserProductCouponBundleRequests,
  response: UserCouponBundleResponse,
  errors: pageErrors("deactivateUserProductCouponBundle"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})
