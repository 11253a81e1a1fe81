import * as Schema from "effect/Schema"
import { BusifavorErrors, type ErrorRow } from "../../ApiError.js"
import * as Endpoint from "../../Endpoint.js"
import { AppId, CouponCode, MchId, OpenId, StockId } from "../../Ids.js"
import * as Time from "../../Time.js"
import { charLength, noFourByteUtf8, oneOf, text } from "../text.js"
import { optionalKey, optionalOnWire, WireInt } from "../tolerant.js"
import { QueryCouponResponse } from "./common.js"

/**
 * A `*_request_no`: 1–`max` characters of letters, digits, `|`, `_`, `*` and `-` (spec §2.4). Generated from the
 * pattern alone (the emoji rule's generation pattern, CJK text, would be rejected by it).
 */
const requestNo = (max: number) =>
  Schema.String.check(
    noFourByteUtf8.annotate({ arbitraryConstraint: undefined }),
    charLength(1, max),
    Schema.isPattern(/^[0-9A-Za-z|_*-]+$/u, { message: "may contain only letters, digits, |, _, * and -" })
  )

/** A branded id in a request: no 4-byte UTF-8, `min`–`max` characters. */
const id = <S extends Schema.Codec<string, string>>(brand: S, min: number, max: number) =>
  brand.check(noFourByteUtf8, charLength(min, max))

const stockId = id(StockId, 1, 20)
const couponCode = id(CouponCode, 1, 32)
const appId = id(AppId, 1, 32)
const openId = id(OpenId, 1, 128)
const mchId = id(MchId, 8, 15)

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { message: "must be a non-negative integer" }))
const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0, { message: "must be a positive integer" }))

/**
 * The 公共错误码 block every current 商家券 page prints above its 业务错误码 (read on the current 申请退券 page;
 * the 业务错误码 below it could not be read).
 */
const PublicErrors = [
  { status: 400, code: "PARAM_ERROR", description: "参数错误", solution: "请根据错误提示正确传入参数" },
  {
    status: 400,
    code: "INVALID_REQUEST",
    description: "HTTP 请求不符合微信支付 APIv3 接口规则",
    solution: "请参阅 接口规则"
  },
  { status: 401, code: "SIGN_ERROR", description: "验证不通过", solution: "请参阅 签名常见问题" },
  { status: 500, code: "SYSTEM_ERROR", description: "系统异常，请稍后重试", solution: "请稍后重试" }
] as const satisfies ReadonlyArray<ErrorRow>

// ---------------------------------------------------------------------------------------------------------------
// B9 核销用户券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 核销用户券 request. `stock_id` is required by WeChat Pay when the stock's `coupon_code_mode` is `MERCHANT_API` or
 * `MERCHANT_UPLOAD` and may be omitted otherwise; the client cannot know the mode, so it stays optional here.
 * `use_request_no` is 1–128 characters (current page `string(128)`; the 2019 wiki said 1–32). `out_trade_no`,
 * `mch_id` and `transaction_id` are newer optional fields (OpenAPI transcription, 2025) without documented limits.
 *
 * @since 0.1.0
 * @category requests
 */
export const UseCouponRequest = Schema.Struct({
  coupon_code: couponCode,
  stock_id: optionalKey(stockId),
  appid: appId,
  use_time: Time.Rfc3339,
  use_request_no: requestNo(128),
  openid: optionalKey(openId),
  out_trade_no: optionalKey(text({ min: 1, max: 128 })),
  mch_id: optionalKey(id(MchId, 1, 32)),
  transaction_id: optionalKey(text({ min: 1, max: 32 }))
}).annotate({ identifier: "Busifavor.UseCouponRequest" })

/**
 * The type of `UseCouponRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type UseCouponRequest = typeof UseCouponRequest.Type

/**
 * 核销用户券 response: the stock, the user's openid under the request's `appid`, and the redemption time.
 *
 * @since 0.1.0
 * @category responses
 */
export class UseCouponResponse extends Schema.Class<UseCouponResponse>("Busifavor.UseCouponResponse")({
  stock_id: StockId,
  openid: OpenId,
  wechatpay_use_time: Time.WireTime
}) {}

/**
 * 核销用户券 documented errors: the current 公共错误码 plus the 商家券 table of the page (2020 copy of
 * https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_3.shtml; the current page's 业务错误码 were not readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const UseCouponErrors = [...PublicErrors, ...BusifavorErrors] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 核销用户券: redeems one 商家券 in a user's card pack; idempotent on `use_request_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const UseCoupon = Endpoint.make({
  name: "Busifavor.useCoupon",
  title: "核销用户券",
  summary: "Redeems one 商家券 in a user's card pack.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_3.shtml",
  method: "POST",
  path: "/v3/marketing/busifavor/coupons/use",
  request: UseCouponRequest,
  response: UseCouponResponse,
  errors: UseCouponErrors,
  idempotency: {
    key: "use_request_no",
    scope: [],
    // Our choice: no documented code answers a reused use_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

// ---------------------------------------------------------------------------------------------------------------
// B10 根据过滤条件查询用户券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 根据过滤条件查询用户券 request: path `openid`, query `appid` (required) and optional filters. `coupon_state`
 * accepts the documented `SENDED`/`USED`/`EXPIRED` and the Go SDK's `DELETED`/`DEACTIVATED`. `offset` is a page
 * index from 0 (分页页码), `limit` a page size (分页大小); no maximum is documented.
 *
 * @since 0.1.0
 * @category requests
 */
export const ListCouponsByFilterRequest = Schema.Struct({
  openid: openId,
  appid: appId,
  stock_id: optionalKey(stockId),
  coupon_state: optionalKey(oneOf("SENDED", "USED", "EXPIRED", "DELETED", "DEACTIVATED")),
  creator_merchant: optionalKey(id(MchId, 1, 32)),
  belong_merchant: optionalKey(mchId),
  sender_merchant: optionalKey(id(MchId, 1, 32)),
  offset: optionalKey(NonNegativeInt),
  limit: optionalKey(PositiveInt)
}).annotate({ identifier: "Busifavor.ListCouponsByFilterRequest" })

/**
 * The type of `ListCouponsByFilterRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ListCouponsByFilterRequest = typeof ListCouponsByFilterRequest.Type

/**
 * One coupon of a 根据过滤条件查询用户券 page: the same shape as 查询用户单张券详情 (`CouponEntity` in the SDKs).
 *
 * @since 0.1.0
 * @category models
 */
export class CouponListItem extends QueryCouponResponse.extend<CouponListItem>("Busifavor.CouponListItem")({}) {}

/**
 * 根据过滤条件查询用户券 response: one page of coupons. `data` may be absent on an empty page (Go SDK `omitempty`;
 * the docs mark it required, spec Q11); `total_count`, `offset` and `limit` are required by every source.
 *
 * @since 0.1.0
 * @category responses
 */
export class ListCouponsByFilterResponse extends Schema.Class<ListCouponsByFilterResponse>(
  "Busifavor.ListCouponsByFilterResponse"
)({
  data: optionalOnWire(Schema.Array(CouponListItem)),
  total_count: WireInt,
  offset: WireInt,
  limit: WireInt
}) {}

/**
 * 根据过滤条件查询用户券 documented errors: the current 公共错误码 plus the 商家券 table of the page (2020 copy of
 * https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_4.shtml; the current page's 业务错误码 were not readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const ListCouponsByFilterErrors = [
  ...PublicErrors,
  ...BusifavorErrors
] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 根据过滤条件查询用户券: the 商家券 in a user's card pack that match the filters, one page at a time.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ListCouponsByFilter = Endpoint.make({
  name: "Busifavor.listCouponsByFilter",
  title: "根据过滤条件查询用户券",
  summary: "The 商家券 in a user's card pack that match the given filters, one page at a time.",
  docs: "https://pay.weixin.qq.com/doc/v3/partner/4012693087",
  method: "GET",
  path: "/v3/marketing/busifavor/users/{openid}/coupons",
  request: ListCouponsByFilterRequest,
  response: ListCouponsByFilterResponse,
  errors: ListCouponsByFilterErrors,
  query: [
    "appid",
    "stock_id",
    "coupon_state",
    "creator_merchant",
    "belong_merchant",
    "sender_merchant",
    "offset",
    "limit"
  ],
  // Q17: every source names this `offset` 分页页码 (page number: Go SDK, official page, wechatpay.im, the OpenAPI
  // transcription), while the same SDK names B6's `offset` 分页查询的起始位置 (start row): the docs tell the two
  // apart, so this one is a page index. No maximum page size is documented; 20 is the size every example uses.
  pagination: { style: "page", offset: "offset", limit: "limit", maxLimit: 20, items: "data", total: "total_count" }
})

// ---------------------------------------------------------------------------------------------------------------
// B12 申请退券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 申请退券 request: all three fields required. `return_request_no` has no limit on the page; 1–128 characters like
 * the family's other request numbers.
 *
 * @since 0.1.0
 * @category requests
 */
export const ReturnCouponRequest = Schema.Struct({
  coupon_code: couponCode,
  stock_id: stockId,
  return_request_no: requestNo(128)
}).annotate({ identifier: "Busifavor.ReturnCouponRequest" })

/**
 * The type of `ReturnCouponRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ReturnCouponRequest = typeof ReturnCouponRequest.Type

/**
 * 申请退券 response: when WeChat Pay returned the coupon to the user's card pack.
 *
 * @since 0.1.0
 * @category responses
 */
export class ReturnCouponResponse extends Schema.Class<ReturnCouponResponse>("Busifavor.ReturnCouponResponse")({
  wechatpay_return_time: Time.WireTime
}) {}

/**
 * 申请退券 documented errors: the page's 公共错误码 (read) plus the 商家券 table (its 业务错误码 were not readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const ReturnCouponErrors = [...PublicErrors, ...BusifavorErrors] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 申请退券: puts a redeemed (`USED`) 商家券 back into the user's card pack after a refund; idempotent on
 * `return_request_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ReturnCoupon = Endpoint.make({
  name: "Busifavor.returnCoupon",
  title: "申请退券",
  summary: "Puts a redeemed 商家券 back into the user's card pack after a refund.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_13.shtml",
  method: "POST",
  path: "/v3/marketing/busifavor/coupons/return",
  request: ReturnCouponRequest,
  response: ReturnCouponResponse,
  errors: ReturnCouponErrors,
  errorsFrom: "family",
  idempotency: {
    key: "return_request_no",
    scope: [],
    // Our choice: no documented code answers a reused return_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

// ---------------------------------------------------------------------------------------------------------------
// B13 使券失效
// ---------------------------------------------------------------------------------------------------------------

/**
 * 使券失效 request: `deactivate_request_no` 1–128 characters, optional `deactivate_reason` at most 64 characters
 * (https://pay.weixin.qq.com/doc/v3/merchant/4015716887).
 *
 * @since 0.1.0
 * @category requests
 */
export const DeactivateCouponRequest = Schema.Struct({
  coupon_code: couponCode,
  stock_id: stockId,
  deactivate_request_no: requestNo(128),
  deactivate_reason: optionalKey(text({ min: 1, max: 64 }))
}).annotate({ identifier: "Busifavor.DeactivateCouponRequest" })

/**
 * The type of `DeactivateCouponRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type DeactivateCouponRequest = typeof DeactivateCouponRequest.Type

/**
 * 使券失效 response: when the coupon became invalid.
 *
 * @since 0.1.0
 * @category responses
 */
export class DeactivateCouponResponse extends Schema.Class<DeactivateCouponResponse>(
  "Busifavor.DeactivateCouponResponse"
)({
  wechatpay_deactivate_time: Time.WireTime
}) {}

/**
 * 使券失效 documented errors: 公共错误码 plus the 商家券 table (the page's 业务错误码 were not readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const DeactivateCouponErrors = [...PublicErrors, ...BusifavorErrors] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 使券失效: makes an available 商家券 invalid so it can no longer be redeemed; idempotent on
 * `deactivate_request_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const DeactivateCoupon = Endpoint.make({
  name: "Busifavor.deactivateCoupon",
  title: "使券失效",
  summary: "Makes an available 商家券 invalid so that it can no longer be redeemed.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4015716887",
  method: "POST",
  path: "/v3/marketing/busifavor/coupons/deactivate",
  request: DeactivateCouponRequest,
  response: DeactivateCouponResponse,
  errors: DeactivateCouponErrors,
  errorsFrom: "family",
  idempotency: {
    key: "deactivate_request_no",
    scope: [],
    // Our choice: no documented code answers a reused deactivate_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

// ---------------------------------------------------------------------------------------------------------------
// B14 关联订单信息, B15 取消关联订单信息
// ---------------------------------------------------------------------------------------------------------------

const tradeInfoFields = {
  stock_id: stockId,
  coupon_code: couponCode,
  out_trade_no: text({ min: 1, max: 128 }),
  out_request_no: requestNo(128)
}

/**
 * 关联订单信息 request: all four fields required; `out_trade_no` and `out_request_no` 1–128 characters (the
 * OpenAPI transcription misplaces these limits as `minLength: 128`, and gives `coupon_code` 8–15, which belongs to
 * a merchant id: not applied).
 *
 * @since 0.1.0
 * @category requests
 */
export const AssociateTradeInfoRequest = Schema.Struct(tradeInfoFields).annotate({
  identifier: "Busifavor.AssociateTradeInfoRequest"
})

/**
 * The type of `AssociateTradeInfoRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type AssociateTradeInfoRequest = typeof AssociateTradeInfoRequest.Type

/**
 * 关联订单信息 response: when the coupon was linked to the order.
 *
 * @since 0.1.0
 * @category responses
 */
export class AssociateTradeInfoResponse extends Schema.Class<AssociateTradeInfoResponse>(
  "Busifavor.AssociateTradeInfoResponse"
)({
  wechatpay_associate_time: Time.WireTime
}) {}

/**
 * 关联订单信息 documented errors: 公共错误码 plus the 商家券 table (the page's 业务错误码 were not readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const AssociateTradeInfoErrors = [...PublicErrors, ...BusifavorErrors] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 关联订单信息: links an unredeemed 商家券 to a WeChat Pay order (for lottery and commission statistics);
 * idempotent on `out_request_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const AssociateTradeInfo = Endpoint.make({
  name: "Busifavor.associateTradeInfo",
  title: "关联订单信息",
  summary: "Links an unredeemed 商家券 to a WeChat Pay order.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_9.shtml",
  method: "POST",
  path: "/v3/marketing/busifavor/coupons/associate",
  request: AssociateTradeInfoRequest,
  response: AssociateTradeInfoResponse,
  errors: AssociateTradeInfoErrors,
  errorsFrom: "family",
  idempotency: {
    key: "out_request_no",
    scope: [],
    // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

/**
 * 取消关联订单信息 request: the same fields as 关联订单信息; `out_trade_no` must have been linked before.
 *
 * @since 0.1.0
 * @category requests
 */
export const DisassociateTradeInfoRequest = Schema.Struct(tradeInfoFields).annotate({
  identifier: "Busifavor.DisassociateTradeInfoRequest"
})

/**
 * The type of `DisassociateTradeInfoRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type DisassociateTradeInfoRequest = typeof DisassociateTradeInfoRequest.Type

/**
 * 取消关联订单信息 response: when the link was removed.
 *
 * @since 0.1.0
 * @category responses
 */
export class DisassociateTradeInfoResponse extends Schema.Class<DisassociateTradeInfoResponse>(
  "Busifavor.DisassociateTradeInfoResponse"
)({
  wechatpay_disassociate_time: Time.WireTime
}) {}

/**
 * 取消关联订单信息 documented errors: 公共错误码 plus the 商家券 table (the page's 业务错误码 were not readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const DisassociateTradeInfoErrors = [
  ...PublicErrors,
  ...BusifavorErrors
] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 取消关联订单信息: removes the link between a 商家券 and an order; idempotent on `out_request_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const DisassociateTradeInfo = Endpoint.make({
  name: "Busifavor.disassociateTradeInfo",
  title: "取消关联订单信息",
  summary: "Removes the link between a 商家券 and a WeChat Pay order.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_10.shtml",
  method: "POST",
  path: "/v3/marketing/busifavor/coupons/disassociate",
  request: DisassociateTradeInfoRequest,
  response: DisassociateTradeInfoResponse,
  errors: DisassociateTradeInfoErrors,
  errorsFrom: "family",
  idempotency: {
    key: "out_request_no",
    scope: [],
    // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

// ---------------------------------------------------------------------------------------------------------------
// B16 向用户发券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 向用户发券 request. `coupon_code` is required for stocks whose codes are given by the send call
 * (`MERCHANT_API`), which the client cannot know, so it stays optional. `out_request_no` must be unique per user
 * and stock.
 *
 * @since 0.1.0
 * @category requests
 */
export const SendCouponRequest = Schema.Struct({
  openid: openId,
  appid: appId,
  stock_id: stockId,
  out_request_no: requestNo(128),
  coupon_code: optionalKey(couponCode)
}).annotate({ identifier: "Busifavor.SendCouponRequest" })

/**
 * The type of `SendCouponRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type SendCouponRequest = typeof SendCouponRequest.Type

/**
 * 发券结果: the stock, the request number and the code of the coupon sent.
 *
 * @since 0.1.0
 * @category models
 */
export class SendCouponResult extends Schema.Class<SendCouponResult>("Busifavor.SendCouponResult")({
  stock_id: optionalOnWire(StockId),
  out_request_no: optionalOnWire(Schema.String),
  coupon_code: optionalOnWire(CouponCode)
}) {}

/**
 * 向用户发券 response. The Go SDK nests the result in `send_coupon_result`, wechatpay.im and the OpenAPI
 * transcription show the same three fields flat (spec Q11): both shapes decode, every field optional. `result`
 * reads whichever was sent.
 *
 * @since 0.1.0
 * @category responses
 */
export class SendCouponResponse extends Schema.Class<SendCouponResponse>("Busifavor.SendCouponResponse")({
  send_coupon_result: optionalOnWire(SendCouponResult),
  stock_id: optionalOnWire(StockId),
  out_request_no: optionalOnWire(Schema.String),
  coupon_code: optionalOnWire(CouponCode)
}) {
  /** The sent coupon, from `send_coupon_result` when present, else from the flat fields. */
  get result(): SendCouponResult {
    const nested = this.send_coupon_result
    const stock_id = nested?.stock_id ?? this.stock_id
    const out_request_no = nested?.out_request_no ?? this.out_request_no
    const coupon_code = nested?.coupon_code ?? this.coupon_code
    return new SendCouponResult({
      ...(stock_id === undefined ? {} : { stock_id }),
      ...(out_request_no === undefined ? {} : { out_request_no }),
      ...(coupon_code === undefined ? {} : { coupon_code })
    })
  }
}

/**
 * 向用户发券 documented errors: 公共错误码 plus the 商家券 table (the page's 业务错误码 were not readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const SendCouponErrors = [...PublicErrors, ...BusifavorErrors] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 向用户发券: sends one 商家券 of a stock to a user by API; idempotent on `out_request_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const SendCoupon = Endpoint.make({
  name: "Busifavor.sendCoupon",
  title: "向用户发券",
  summary: "Sends one 商家券 of a stock to a user.",
  docs: "https://pay.weixin.qq.com/docs/merchant/products/merchant-exclusive-coupon/introduction.html",
  method: "POST",
  path: "/v3/marketing/busifavor/coupons/send",
  request: SendCouponRequest,
  response: SendCouponResponse,
  errors: SendCouponErrors,
  errorsFrom: "family",
  // 发券凭证 "需在单个批次单个用户下确保唯一性": unique per stock and user (wechatpay-go SendCouponRequest).
  idempotency: {
    key: "out_request_no",
    scope: ["stock_id", "openid"],
    // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

// ---------------------------------------------------------------------------------------------------------------
// B17 发放消费卡
// ---------------------------------------------------------------------------------------------------------------

/**
 * 发放消费卡 request: path `card_id` and four required body fields. `send_time` is RFC3339 (the SDKs say Beijing
 * time; WeChat Pay refuses times more than 24 hours in the past, a rule left to the server). No length limits are
 * documented for `card_id`; `out_request_no` (with `send_time`) must be unique.
 *
 * @since 0.1.0
 * @category requests
 */
export const SendGovCardRequest = Schema.Struct({
  card_id: text({ min: 1 }),
  appid: appId,
  openid: openId,
  out_request_no: requestNo(128),
  send_time: Time.Rfc3339
}).annotate({ identifier: "Busifavor.SendGovCardRequest" })

/**
 * The type of `SendGovCardRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type SendGovCardRequest = typeof SendGovCardRequest.Type

/**
 * 发放消费卡 response: the code of the card sent.
 *
 * @since 0.1.0
 * @category responses
 */
export class SendGovCardResponse extends Schema.Class<SendGovCardResponse>("Busifavor.SendGovCardResponse")({
  card_code: Schema.String
}) {}

/**
 * 发放消费卡 documented errors: 公共错误码 plus the 商家券 table (official page not readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const SendGovCardErrors = [...PublicErrors, ...BusifavorErrors] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 发放消费卡: sends a consumer card (with its batch of coupons) into a user's card pack; idempotent on
 * `out_request_no` + `send_time`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const SendGovCard = Endpoint.make({
  name: "Busifavor.sendGovCard",
  title: "发放消费卡",
  summary: "Sends a consumer card, with its batch of coupons, into a user's card pack.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/wxpay/marketing/coupons/chapter3_1.shtml",
  method: "POST",
  path: "/v3/marketing/busifavor/coupons/{card_id}/send",
  request: SendGovCardRequest,
  response: SendGovCardResponse,
  errors: SendGovCardErrors,
  errorsFrom: "family",
  // "商户侧需保证同一发券请求的out_request_no+send_time唯一性": the number is unique per send_time (wechatpay-go
  // SendGovCardRequest).
  idempotency: {
    key: "out_request_no",
    scope: ["send_time"],
    // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

// ---------------------------------------------------------------------------------------------------------------
// B18 设置商家券事件通知地址, B19 查询商家券事件通知地址
// ---------------------------------------------------------------------------------------------------------------

/**
 * 设置商家券事件通知地址 request: `notify_url` an `https://` URL of 10–256 characters; `mchid` (8–15) defaults to
 * the caller.
 *
 * @since 0.1.0
 * @category requests
 */
export const SetCouponNotifyRequest = Schema.Struct({
  mchid: optionalKey(mchId),
  notify_url: text({ min: 10, max: 256 }).check(
    Schema.isPattern(/^https:\/\//u, { message: "must be an https:// URL" })
  )
}).annotate({ identifier: "Busifavor.SetCouponNotifyRequest" })

/**
 * The type of `SetCouponNotifyRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type SetCouponNotifyRequest = typeof SetCouponNotifyRequest.Type

/**
 * 设置商家券事件通知地址 response: the merchant, the URL set and when (`update_time` optional: wechatpay.im does
 * not mark it required, spec Q11).
 *
 * @since 0.1.0
 * @category responses
 */
export class SetCouponNotifyResponse extends Schema.Class<SetCouponNotifyResponse>("Busifavor.SetCouponNotifyResponse")(
  {
    update_time: optionalOnWire(Time.WireTime),
    notify_url: Schema.String,
    mchid: MchId
  }
) {}

/**
 * 设置商家券事件通知地址 documented errors: 公共错误码 plus the 商家券 table (the page's 业务错误码 were not
 * readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const SetCouponNotifyErrors = [...PublicErrors, ...BusifavorErrors] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 设置商家券事件通知地址: sets the URL that receives 商家券 events such as `COUPON.SEND`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const SetCouponNotify = Endpoint.make({
  name: "Busifavor.setCouponNotify",
  title: "设置商家券事件通知地址",
  summary: "Sets the URL that receives 商家券 events such as COUPON.SEND.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_7.shtml",
  method: "POST",
  path: "/v3/marketing/busifavor/callbacks",
  request: SetCouponNotifyRequest,
  response: SetCouponNotifyResponse,
  errors: SetCouponNotifyErrors,
  errorsFrom: "family",
  // A 429 is "请求未受理" (https://pay.weixin.qq.com/wiki/doc/apiv3/Share/error_code.shtml), and a second send of the same notify_url sets
  // what one send sets: retried after a 429.
  retryAfter429: true
})

/**
 * 查询商家券事件通知地址 request: query `mchid` (8–15). Optional: the Go SDK says it defaults to the caller,
 * wechatpay.im and the OpenAPI transcription mark it required.
 *
 * @since 0.1.0
 * @category requests
 */
export const GetCouponNotifyRequest = Schema.Struct({
  mchid: optionalKey(mchId)
}).annotate({ identifier: "Busifavor.GetCouponNotifyRequest" })

/**
 * The type of `GetCouponNotifyRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type GetCouponNotifyRequest = typeof GetCouponNotifyRequest.Type

/**
 * 查询商家券事件通知地址 response: the merchant and its notify URL.
 *
 * @since 0.1.0
 * @category responses
 */
export class GetCouponNotifyResponse extends Schema.Class<GetCouponNotifyResponse>("Busifavor.GetCouponNotifyResponse")(
  {
    mchid: MchId,
    notify_url: Schema.String
  }
) {}

/**
 * 查询商家券事件通知地址 documented errors: 公共错误码 plus the 商家券 table (the page's 业务错误码 were not
 * readable).
 *
 * @since 0.1.0
 * @category errors
 */
export const GetCouponNotifyErrors = [...PublicErrors, ...BusifavorErrors] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 查询商家券事件通知地址: the URL that receives the merchant's 商家券 events.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const GetCouponNotify = Endpoint.make({
  name: "Busifavor.getCouponNotify",
  title: "查询商家券事件通知地址",
  summary: "The URL that receives the merchant's 商家券 events.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_8.shtml",
  method: "GET",
  path: "/v3/marketing/busifavor/callbacks",
  request: GetCouponNotifyRequest,
  response: GetCouponNotifyResponse,
  errors: GetCouponNotifyErrors,
  errorsFrom: "family",
  query: ["mchid"]
})
