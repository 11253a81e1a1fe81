import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import { type ErrorRow, FavorCreateCouponStockErrors } from "../../ApiError.js"
import * as Endpoint from "../../Endpoint.js"
import { AppId, Fen, MchId, OpenId, StockId } from "../../Ids.js"
import * as Time from "../../Time.js"
import { charLength, intBetween, noFourByteUtf8, oneOf } from "../text.js"
import { openEnum, optionalKey, optionalOnWire, TolerantBoolean, tolerantInt, WireInt } from "../tolerant.js"
import { OutRequestNo } from "./common.js"

// Sources (see /work/research/favor-stocks.md): the 2020 copy of the official pages (W20, with their field limits and
// the one 代金券 error table every page prints), the current field tables (IM, OAPI) and the Go SDK models
// (services/cashcoupons/models.go). The current official pages could only be read in excerpts (page tops).

const WireFen = tolerantInt(Fen)

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { message: "must be a non-negative integer" }))

/** An id in the request, with its documented length in characters. */
const requestId = <S extends Schema.Codec<string>>(id: S, max: number): S["Rebuild"] =>
  id.check(noFourByteUtf8, charLength(1, max))

/** 批次号 in a request: 1–20 characters. */
const StockIdInput = requestId(StockId, 20)

/** 创建批次的商户号 in a request: 1–20 characters. */
const StockCreatorMchidInput = requestId(MchId, 20)

/** 用户openid in a request: 1–128 characters. */
const OpenIdInput = requestId(OpenId, 128)

/** 公众账号ID in a request: the 代金券 pages give string(128). */
const AppIdInput = requestId(AppId, 128)

/** 代金券id in a request: 1–20 characters. */
const CouponIdInput = Schema.String.check(noFourByteUtf8, charLength(1, 20))

// ---------------------------------------------------------------------------------------------------------------
// Error tables
// ---------------------------------------------------------------------------------------------------------------

/**
 * 激活代金券批次: documented errors. The page prints the 代金券 common table (公共错误码), the same rows as 创建代金券批次.
 *
 * @since 0.1.0
 * @category errors
 */
export const StartStockErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 发放代金券批次: documented errors (the 代金券 common table, 公共错误码).
 *
 * @since 0.1.0
 * @category errors
 */
export const SendCouponErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 暂停代金券批次: documented errors (the 代金券 common table, 公共错误码).
 *
 * @since 0.1.0
 * @category errors
 */
export const PauseStockErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 重启代金券批次: documented errors (the 代金券 common table, 公共错误码).
 *
 * @since 0.1.0
 * @category errors
 */
export const RestartStockErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 终止代金券批次: error table: the family common table; no official page was found (the endpoint is known from the Go
 * and Java SDKs only, spec Q12).
 *
 * @since 0.1.0
 * @category errors
 */
export const StopStockErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 条件查询批次列表: documented errors (the 代金券 common table, 公共错误码).
 *
 * @since 0.1.0
 * @category errors
 */
export const ListStocksErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 查询批次详情: documented errors (the 代金券 common table, 公共错误码).
 *
 * @since 0.1.0
 * @category errors
 */
export const QueryStockErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 查询代金券详情: documented errors (the 代金券 common table, 公共错误码).
 *
 * @since 0.1.0
 * @category errors
 */
export const QueryCouponErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 查询代金券可用商户: documented errors (the 代金券 common table, 公共错误码).
 *
 * @since 0.1.0
 * @category errors
 */
export const ListAvailableMerchantsErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 查询代金券可用单品: documented errors (the 代金券 common table, 公共错误码).
 *
 * @since 0.1.0
 * @category errors
 */
export const ListAvailableSingleitemsErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

/**
 * 根据商户号查用户的券: documented errors (the 代金券 common table, 公共错误码).
 *
 * @since 0.1.0
 * @category errors
 */
export const ListCouponsByFilterErrors = FavorCreateCouponStockErrors satisfies ReadonlyArray<ErrorRow>

// ---------------------------------------------------------------------------------------------------------------
// Response models
// ---------------------------------------------------------------------------------------------------------------

/**
 * 批次状态 (代金券, lower case): `unactivated` 未激活, `audit` 审核中, `running` 运行中, `stoped` 已停止 (the real
 * wire spelling, spec Q3), `paused` 暂停发放; open.
 *
 * @since 0.1.0
 * @category models
 */
export const StockStatus = openEnum("unactivated", "audit", "running", "stoped", "paused")

/**
 * The type of `StockStatus`.
 *
 * @since 0.1.0
 * @category models
 */
export type StockStatus = typeof StockStatus.Type

/**
 * 券类型: `NORMAL` 满减券, `CUT_TO` 减至券; open.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponType = openEnum("NORMAL", "CUT_TO")

/**
 * The type of `CouponType`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponType = typeof CouponType.Type

/**
 * 代金券状态: `SENDED` 可用, `USED` 已实扣, `EXPIRED` 已过期, `RECOVER` (current docs, spec Q8); open.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponStatus = openEnum("SENDED", "USED", "EXPIRED", "RECOVER")

/**
 * The type of `CouponStatus`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponStatus = typeof CouponStatus.Type

/**
 * 业务类型: `MULTIUSE` (消费金); open.
 *
 * @since 0.1.0
 * @category models
 */
export const BusinessType = openEnum("MULTIUSE")

/**
 * The type of `BusinessType`.
 *
 * @since 0.1.0
 * @category models
 */
export type BusinessType = typeof BusinessType.Type

const WireTradeType = openEnum("MICROAPP", "APPPAY", "PPAY", "CARD", "FACE", "OTHER")

/**
 * 支付方式 in a response: an array, also decoded from the bare string of the doc examples (spec Q4); always an array
 * once decoded, and encoded as one. The array comes first, so an array never goes through the transformation.
 */
const WireTradeTypes = Schema.Union([
  Schema.Array(WireTradeType),
  WireTradeType.pipe(
    Schema.decodeTo(Schema.Array(Schema.toType(WireTradeType)), {
      decode: SchemaGetter.transform((value) => [value]),
      // Never reached: the array member above encodes every array.
      encode: SchemaGetter.forbidden(() => "encodes as an array")
    })
  )
])

/**
 * 固定面额满减信息 (Go `FixedValueStockMsg`): face value and threshold in fen.
 *
 * @since 0.1.0
 * @category models
 */
export class FixedValueStockMsg extends Schema.Class<FixedValueStockMsg>("Favor.FixedValueStockMsg")({
  coupon_amount: WireFen,
  transaction_minimum: WireFen
}) {}

/**
 * 减至批次特定信息 (Go `CutTypeMsg`): the highest unit price the coupon applies to and the price it cuts to, in fen.
 *
 * @since 0.1.0
 * @category models
 */
export class CutTypeMsg extends Schema.Class<CutTypeMsg>("Favor.CutTypeMsg")({
  single_price_max: optionalOnWire(WireFen),
  cut_to_price: optionalOnWire(WireFen)
}) {}

/**
 * 批次发放规则 as a batch query returns it: the Go SDK's `StockUseRule` fields and the docs' `natural_person_limit`
 * and `prevent_api_abuse` (IM).
 *
 * @since 0.1.0
 * @category models
 */
export class StockUseRuleInfo extends Schema.Class<StockUseRuleInfo>("Favor.StockUseRuleInfo")({
  max_coupons: WireInt,
  max_amount: WireFen,
  // Q11: the Go SDK marks max_amount_by_day required, IM optional.
  max_amount_by_day: optionalOnWire(WireFen),
  max_coupons_per_user: WireInt,
  fixed_normal_coupon: optionalOnWire(FixedValueStockMsg),
  coupon_type: optionalOnWire(CouponType),
  goods_tag: optionalOnWire(Schema.Array(Schema.String)),
  // Q4: an array, although the doc examples send a bare string.
  trade_type: optionalOnWire(WireTradeTypes),
  combine_use: optionalOnWire(TolerantBoolean),
  natural_person_limit: optionalOnWire(TolerantBoolean),
  prevent_api_abuse: optionalOnWire(TolerantBoolean)
}) {}

/**
 * 消费金可用地域: one region where a 消费金 batch can be used.
 *
 * @since 0.1.0
 * @category models
 */
export class AvailableRegion extends Schema.Class<AvailableRegion>("Favor.AvailableRegion")({
  type: optionalOnWire(Schema.String),
  province: optionalOnWire(Schema.String),
  city: optionalOnWire(Schema.String),
  district: optionalOnWire(Schema.String),
  country: optionalOnWire(Schema.String)
}) {}

/**
 * 批次详情: one 代金券 batch, as 查询批次详情 returns it and as each item of 条件查询批次列表. Required are only the fields
 * every source marks required (the 2020 page, IM and the Go SDK, spec Q11): name, description, validity, `no_cash`
 * and `stock_type`. `stock_use_rule` is required in IM only, so optional here.
 *
 * @since 0.1.0
 * @category models
 */
export class Stock extends Schema.Class<Stock>("Favor.Stock")({
  // Q11: required in the 2020 table and the Go SDK, optional in IM.
  stock_id: optionalOnWire(StockId),
  stock_creator_mchid: optionalOnWire(MchId),
  stock_name: Schema.String,
  status: optionalOnWire(StockStatus),
  create_time: optionalOnWire(Time.WireTime),
  description: Schema.String,
  stock_use_rule: optionalOnWire(StockUseRuleInfo),
  available_begin_time: Time.WireTime,
  available_end_time: Time.WireTime,
  distributed_coupons: optionalOnWire(WireInt),
  // Q2: sent as a JSON boolean; "true"/"false" also decode.
  no_cash: TolerantBoolean,
  start_time: optionalOnWire(Time.WireTime),
  stop_time: optionalOnWire(Time.WireTime),
  cut_to_message: optionalOnWire(CutTypeMsg),
  singleitem: optionalOnWire(TolerantBoolean),
  // The 2020 page lists NORMAL/DISCOUNT_CUT/OTHER, the current docs NORMAL/DISCOUNT/EXCHAHGE/RANDOM/DISCOUNT_CUT.
  stock_type: openEnum("NORMAL", "DISCOUNT", "EXCHAHGE", "RANDOM", "DISCOUNT_CUT", "OTHER"),
  card_id: optionalOnWire(Schema.String),
  business_type: optionalOnWire(BusinessType),
  available_region_list: optionalOnWire(Schema.Array(AvailableRegion)),
  available_industry_list: optionalOnWire(Schema.Array(Schema.String))
}) {}

/**
 * 单品信息 of a redeemed coupon: goods id, quantity, unit price and discount (fen).
 *
 * @since 0.1.0
 * @category models
 */
export class GoodsDetail extends Schema.Class<GoodsDetail>("Favor.GoodsDetail")({
  goods_id: optionalOnWire(Schema.String),
  quantity: optionalOnWire(WireInt),
  price: optionalOnWire(WireFen),
  discount_amount: optionalOnWire(WireFen)
}) {}

/**
 * 已实扣代金券核销信息: when and where a coupon was redeemed. `consume_amount` is sent for `MULTIUSE` (消费金) only
 * (COUPON.USE notification).
 *
 * @since 0.1.0
 * @category models
 */
export class ConsumeInformation extends Schema.Class<ConsumeInformation>("Favor.ConsumeInformation")({
  consume_time: optionalOnWire(Time.WireTime),
  consume_mchid: optionalOnWire(MchId),
  transaction_id: optionalOnWire(Schema.String),
  consume_amount: optionalOnWire(WireFen),
  goods_detail: optionalOnWire(Schema.Array(GoodsDetail))
}) {}

/**
 * 单品优惠特定信息 of the COUPON.USE notification: the highest unit price the coupon applies to (fen).
 *
 * @since 0.1.0
 * @category models
 */
export class SingleitemDiscountOff extends Schema.Class<SingleitemDiscountOff>("Favor.SingleitemDiscountOff")({
  single_price_max: optionalOnWire(WireFen)
}) {}

/**
 * 减至优惠特定信息 of the COUPON.USE notification: the price the coupon cuts to and the highest price (fen).
 *
 * @since 0.1.0
 * @category models
 */
export class DiscountTo extends Schema.Class<DiscountTo>("Favor.DiscountTo")({
  cut_to_price: optionalOnWire(WireFen),
  max_price: optionalOnWire(WireFen)
}) {}

/**
 * 代金券详情: one coupon, as 查询代金券详情 returns it, as each item of 根据商户号查用户的券, and as the COUPON.USE
 * notification's resource. Every field is optional: IM marks none required (spec Q11). The 2020 examples send
 * `"no_cash": null` and `"singleitem": null` (Q2): null decodes to an absent key.
 *
 * @since 0.1.0
 * @category models
 */
export class Coupon extends Schema.Class<Coupon>("Favor.Coupon")({
  stock_creator_mchid: optionalOnWire(MchId),
  stock_id: optionalOnWire(StockId),
  coupon_id: optionalOnWire(Schema.String),
  cut_to_message: optionalOnWire(CutTypeMsg),
  singleitem_discount_off: optionalOnWire(SingleitemDiscountOff),
  discount_to: optionalOnWire(DiscountTo),
  coupon_name: optionalOnWire(Schema.String),
  status: optionalOnWire(CouponStatus),
  description: optionalOnWire(Schema.String),
  create_time: optionalOnWire(Time.WireTime),
  coupon_type: optionalOnWire(CouponType),
  no_cash: optionalOnWire(TolerantBoolean),
  start_time: optionalOnWire(Time.WireTime),
  stop_time: optionalOnWire(Time.WireTime),
  available_begin_time: optionalOnWire(Time.WireTime),
  available_end_time: optionalOnWire(Time.WireTime),
  singleitem: optionalOnWire(TolerantBoolean),
  normal_coupon_information: optionalOnWire(FixedValueStockMsg),
  consume_information: optionalOnWire(ConsumeInformation),
  // IM types 剩余金额 as `number`; the amounts of this family are fen.
  available_balance: optionalOnWire(WireFen),
  business_type: optionalOnWire(BusinessType)
}) {}

// ---------------------------------------------------------------------------------------------------------------
// F2, F4, F5, F6: batch state changes
// ---------------------------------------------------------------------------------------------------------------

const stockStateChangeRequest = (identifier: string) =>
  Schema.Struct({
    stock_id: StockIdInput,
    stock_creator_mchid: StockCreatorMchidInput
  }).annotate({ identifier })

/**
 * 激活代金券批次 request: the path parameter `stock_id` (1–20 characters) and the body field `stock_creator_mchid`
 * (1–20 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const StartStockRequest = stockStateChangeRequest("Favor.StartStockRequest")

/**
 * The type of `StartStockRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type StartStockRequest = typeof StartStockRequest.Type

/**
 * 激活代金券批次 response: when the batch became active and its id (both required everywhere).
 *
 * @since 0.1.0
 * @category responses
 */
export class StartStockResponse extends Schema.Class<StartStockResponse>("Favor.StartStockResponse")({
  start_time: Time.WireTime,
  stock_id: StockId
}) {}

/**
 * 激活代金券批次: activates a 代金券 stock; a prepaid (预充值) stock's budget is locked from the merchant's balance.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const StartStock = Endpoint.make({
  name: "Favor.startStock",
  title: "激活代金券批次",
  summary: "Activates a 代金券 stock; a prepaid stock's budget is locked from the merchant's balance.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012460137",
  method: "POST",
  path: "/v3/marketing/favor/stocks/{stock_id}/start",
  request: StartStockRequest,
  response: StartStockResponse,
  errors: StartStockErrors,
  // The page lists 429 FREQUENCY_LIMIT_EXCEED only as 接口限频; the general "429 请求未受理"
  // (https://pay.weixin.qq.com/wiki/doc/apiv3/Share/error_code.shtml) has documented exceptions, and a state change applied before a 429 and sent
  // again answers a state error that hides the change: not retried (query the stock to see its state).
  retryAfter429: false
})

/**
 * 发放代金券批次 request: the path parameter `openid` (1–128 characters) and the body. `out_request_no` makes the call
 * idempotent (1–128 characters of letters, digits, `|`, `_`, `*`, `-`). `coupon_value` (fen, at least 1) and
 * `coupon_minimum` (fen) are for fixed-denomination sending (指定面额发券) only; the page does not say they must come
 * together, so each is optional on its own.
 *
 * @since 0.1.0
 * @category requests
 */
export const SendCouponRequest = Schema.Struct({
  openid: OpenIdInput,
  stock_id: StockIdInput,
  out_request_no: OutRequestNo,
  appid: AppIdInput,
  stock_creator_mchid: StockCreatorMchidInput,
  coupon_value: optionalKey(
    Fen.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be an amount in fen of at least 1" }))
  ),
  coupon_minimum: optionalKey(Fen)
}).annotate({ identifier: "Favor.SendCouponRequest" })

/**
 * The type of `SendCouponRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type SendCouponRequest = typeof SendCouponRequest.Type

/**
 * 发放代金券批次 response: the id of the coupon sent (required everywhere).
 *
 * @since 0.1.0
 * @category responses
 */
export class SendCouponResponse extends Schema.Class<SendCouponResponse>("Favor.SendCouponResponse")({
  coupon_id: Schema.String
}) {}

/**
 * 发放代金券批次: sends one coupon of a stock to a user; idempotent on `out_request_no`, which the page asks to keep
 * unique on the sending merchant's side (商户侧需保持唯一性), whatever the stock or user.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const SendCoupon = Endpoint.make({
  name: "Favor.sendCoupon",
  title: "发放代金券批次",
  summary: "Sends one coupon of a 代金券 stock to a user (idempotent on out_request_no).",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012463767",
  method: "POST",
  path: "/v3/marketing/favor/users/{openid}/coupons",
  request: SendCouponRequest,
  response: SendCouponResponse,
  errors: SendCouponErrors,
  idempotency: {
    key: "out_request_no",
    scope: [],
    // Our choice: the 代金券 error table ties no code to a reused out_request_no; INVALID_REQUEST is in that table.
    conflict: "INVALID_REQUEST"
  }
})

/**
 * 暂停代金券批次 request: `stock_id` (path, 1–20 characters) and `stock_creator_mchid` (body, 1–20 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const PauseStockRequest = stockStateChangeRequest("Favor.PauseStockRequest")

/**
 * The type of `PauseStockRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type PauseStockRequest = typeof PauseStockRequest.Type

/**
 * 暂停代金券批次 response: when the batch was paused and its id.
 *
 * @since 0.1.0
 * @category responses
 */
export class PauseStockResponse extends Schema.Class<PauseStockResponse>("Favor.PauseStockResponse")({
  // Q10/Q11: IM and the Go SDK require pause_time; the 2020 page's table names it start_time (its example pause_time).
  pause_time: optionalOnWire(Time.WireTime),
  stock_id: StockId
}) {}

/**
 * 暂停代金券批次: pauses sending; users can no longer receive coupons of the stock through any channel.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const PauseStock = Endpoint.make({
  name: "Favor.pauseStock",
  title: "暂停代金券批次",
  summary: "Pauses a 代金券 stock: no coupon of it can be received until it is restarted.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012460305",
  method: "POST",
  path: "/v3/marketing/favor/stocks/{stock_id}/pause",
  request: PauseStockRequest,
  response: PauseStockResponse,
  errors: PauseStockErrors,
  // The page lists 429 FREQUENCY_LIMIT_EXCEED only as 接口限频; the general "429 请求未受理"
  // (https://pay.weixin.qq.com/wiki/doc/apiv3/Share/error_code.shtml) has documented exceptions, and a state change applied before a 429 and sent
  // again answers a state error that hides the change: not retried (query the stock to see its state).
  retryAfter429: false
})

/**
 * 重启代金券批次 request: `stock_id` (path, 1–20 characters) and `stock_creator_mchid` (body, 1–20 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const RestartStockRequest = stockStateChangeRequest("Favor.RestartStockRequest")

/**
 * The type of `RestartStockRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type RestartStockRequest = typeof RestartStockRequest.Type

/**
 * 重启代金券批次 response: when the batch was restarted and its id.
 *
 * @since 0.1.0
 * @category responses
 */
export class RestartStockResponse extends Schema.Class<RestartStockResponse>("Favor.RestartStockResponse")({
  // Q10/Q11: IM and the Go SDK name it restart_time; the 2020 page's table says start_time, its example pause_time.
  restart_time: optionalOnWire(Time.WireTime),
  stock_id: StockId
}) {}

/**
 * 重启代金券批次: restarts a paused stock, so its coupons can be sent again.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const RestartStock = Endpoint.make({
  name: "Favor.restartStock",
  title: "重启代金券批次",
  summary: "Restarts a paused 代金券 stock, so its coupons can be sent again.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012460411",
  method: "POST",
  path: "/v3/marketing/favor/stocks/{stock_id}/restart",
  request: RestartStockRequest,
  response: RestartStockResponse,
  errors: RestartStockErrors,
  // The page lists 429 FREQUENCY_LIMIT_EXCEED only as 接口限频; the general "429 请求未受理"
  // (https://pay.weixin.qq.com/wiki/doc/apiv3/Share/error_code.shtml) has documented exceptions, and a state change applied before a 429 and sent
  // again answers a state error that hides the change: not retried (query the stock to see its state).
  retryAfter429: false
})

/**
 * 终止代金券批次 request: `stock_id` (path) and `stock_creator_mchid` (body), as in the Go/Java SDKs; the limits
 * (1–20 characters) are those of the other batch calls, since no official page was found.
 *
 * @since 0.1.0
 * @category requests
 */
export const StopStockRequest = stockStateChangeRequest("Favor.StopStockRequest")

/**
 * The type of `StopStockRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type StopStockRequest = typeof StopStockRequest.Type

/**
 * 终止代金券批次 response (Go/Java SDK models only): when the batch was stopped and its id.
 *
 * @since 0.1.0
 * @category responses
 */
export class StopStockResponse extends Schema.Class<StopStockResponse>("Favor.StopStockResponse")({
  // Q12: only the SDKs describe this response; optional when in doubt.
  stop_time: optionalOnWire(Time.WireTime),
  stock_id: StockId
}) {}

/**
 * 终止代金券批次: stops a stock for good. Known from the official Go and Java SDKs only (`StopStock`); no official
 * documentation page was found (spec Q12), so `docs` points at the Go SDK.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const StopStock = Endpoint.make({
  name: "Favor.stopStock",
  title: "终止代金券批次",
  summary: "Stops a 代金券 stock for good (known from the official SDKs only; no documentation page).",
  docs: "https://github.com/wechatpay-apiv3/wechatpay-go/blob/main/services/cashcoupons/api_stock.go",
  method: "POST",
  path: "/v3/marketing/favor/stocks/{stock_id}/stop",
  request: StopStockRequest,
  response: StopStockResponse,
  errors: StopStockErrors,
  // The page lists 429 FREQUENCY_LIMIT_EXCEED only as 接口限频; the general "429 请求未受理"
  // (https://pay.weixin.qq.com/wiki/doc/apiv3/Share/error_code.shtml) has documented exceptions, and a state change applied before a 429 and sent
  // again answers a state error that hides the change: not retried (query the stock to see its state).
  retryAfter429: false
})

// ---------------------------------------------------------------------------------------------------------------
// F7, F8: batch queries
// ---------------------------------------------------------------------------------------------------------------

/**
 * 条件查询批次列表 request (query string): `offset` a page index from 0 (“页码从0开始”), `limit` 1–10,
 * `stock_creator_mchid` (1–20 characters), optional RFC3339 `create_start_time`/`create_end_time` (the executor
 * URL-encodes `+`) and `status` (lower case).
 *
 * @since 0.1.0
 * @category requests
 */
export const ListStocksRequest = Schema.Struct({
  offset: NonNegativeInt,
  limit: intBetween(1, 10),
  stock_creator_mchid: StockCreatorMchidInput,
  create_start_time: optionalKey(Time.Rfc3339),
  create_end_time: optionalKey(Time.Rfc3339),
  status: optionalKey(oneOf("unactivated", "audit", "running", "stoped", "paused"))
}).annotate({ identifier: "Favor.ListStocksRequest" })

/**
 * The type of `ListStocksRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ListStocksRequest = typeof ListStocksRequest.Type

/**
 * 条件查询批次列表 response: the matching total, one page of batches (absent when empty), and the page echoed back.
 *
 * @since 0.1.0
 * @category responses
 */
export class ListStocksResponse extends Schema.Class<ListStocksResponse>("Favor.ListStocksResponse")({
  total_count: WireInt,
  data: optionalOnWire(Schema.Array(Stock)),
  limit: WireInt,
  offset: WireInt
}) {}

/**
 * 条件查询批次列表: pages through the stocks a merchant created, filtered by creation time and status.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ListStocks = Endpoint.make({
  name: "Favor.listStocks",
  title: "条件查询批次列表",
  summary: "Pages through the 代金券 stocks a merchant created, filtered by creation time and status.",
  docs: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/stock/list-stocks.html",
  method: "GET",
  path: "/v3/marketing/favor/stocks",
  request: ListStocksRequest,
  response: ListStocksResponse,
  errors: ListStocksErrors,
  query: ["offset", "limit", "stock_creator_mchid", "create_start_time", "create_end_time", "status"],
  // A page index: every source says “页码从0开始，默认第0页” (page number from 0).
  pagination: { style: "page", offset: "offset", limit: "limit", maxLimit: 10, items: "data", total: "total_count" }
})

/**
 * 查询批次详情 request: `stock_id` (path, 1–20 characters) and `stock_creator_mchid` (query, 1–20 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const QueryStockRequest = Schema.Struct({
  stock_id: StockIdInput,
  stock_creator_mchid: StockCreatorMchidInput
}).annotate({ identifier: "Favor.QueryStockRequest" })

/**
 * The type of `QueryStockRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type QueryStockRequest = typeof QueryStockRequest.Type

/**
 * 查询批次详情: the configuration and counters of one 代金券 stock (a `Stock`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const QueryStock = Endpoint.make({
  name: "Favor.queryStock",
  title: "查询批次详情",
  summary: "The configuration and counters of one 代金券 stock.",
  docs: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/stock/query-stock.html",
  method: "GET",
  path: "/v3/marketing/favor/stocks/{stock_id}",
  request: QueryStockRequest,
  response: Stock,
  errors: QueryStockErrors,
  query: ["stock_creator_mchid"]
})

// ---------------------------------------------------------------------------------------------------------------
// F9: one coupon
// ---------------------------------------------------------------------------------------------------------------

/**
 * 查询代金券详情 request: `openid` (path, 1–128 characters), `coupon_id` (path, 1–20 characters) and `appid`
 * (query, 1–128 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const QueryCouponRequest = Schema.Struct({
  openid: OpenIdInput,
  coupon_id: CouponIdInput,
  appid: AppIdInput
}).annotate({ identifier: "Favor.QueryCouponRequest" })

/**
 * The type of `QueryCouponRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type QueryCouponRequest = typeof QueryCouponRequest.Type

/**
 * 查询代金券详情: one coupon of a user (a `Coupon`), with its redemption when it was used.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const QueryCoupon = Endpoint.make({
  name: "Favor.queryCoupon",
  title: "查询代金券详情",
  summary: "One 代金券 of a user, with its redemption details once used.",
  docs: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/coupon/query-coupon.html",
  method: "GET",
  path: "/v3/marketing/favor/users/{openid}/coupons/{coupon_id}",
  request: QueryCouponRequest,
  response: Coupon,
  errors: QueryCouponErrors,
  query: ["appid"]
})

// ---------------------------------------------------------------------------------------------------------------
// F10, F11: usable merchants and single items
// ---------------------------------------------------------------------------------------------------------------

/**
 * 查询代金券可用商户 request (query string but `stock_id`): `offset` a page index 0–1000, `limit` 1–50,
 * `stock_creator_mchid` (1–20 characters), and `stock_id` (path, 1–20 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const ListAvailableMerchantsRequest = Schema.Struct({
  offset: intBetween(0, 1000),
  limit: intBetween(1, 50),
  stock_creator_mchid: StockCreatorMchidInput,
  stock_id: StockIdInput
}).annotate({ identifier: "Favor.ListAvailableMerchantsRequest" })

/**
 * The type of `ListAvailableMerchantsRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ListAvailableMerchantsRequest = typeof ListAvailableMerchantsRequest.Type

/**
 * 查询代金券可用商户 response: the total, one page of merchant ids (absent when empty), the page echoed back and the
 * stock id. The 2020 example sends the counters as strings (`"total_count": "200"`), which decode.
 *
 * @since 0.1.0
 * @category responses
 */
export class ListAvailableMerchantsResponse extends Schema.Class<ListAvailableMerchantsResponse>(
  "Favor.ListAvailableMerchantsResponse"
)({
  total_count: WireInt,
  data: optionalOnWire(Schema.Array(MchId)),
  offset: WireInt,
  limit: WireInt,
  stock_id: StockId
}) {}

/**
 * 查询代金券可用商户: pages through the merchant ids where coupons of a stock can be used.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ListAvailableMerchants = Endpoint.make({
  name: "Favor.listAvailableMerchants",
  title: "查询代金券可用商户",
  summary: "Pages through the merchant ids where coupons of a 代金券 stock can be used.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012463358",
  method: "GET",
  path: "/v3/marketing/favor/stocks/{stock_id}/merchants",
  request: ListAvailableMerchantsRequest,
  response: ListAvailableMerchantsResponse,
  errors: ListAvailableMerchantsErrors,
  query: ["offset", "limit", "stock_creator_mchid"],
  // Every source calls offset 分页页码 (page number), as on 条件查询批次列表, where it is a page index from 0; the
  // maximum (1000) is stated for the page number. Spec Q17: not checked against the live API.
  pagination: { style: "page", offset: "offset", limit: "limit", maxLimit: 50, items: "data", total: "total_count" }
})

/**
 * 查询代金券可用单品 request: `offset` a page index 0–500, `limit` 1–100, `stock_creator_mchid` (1–20 characters)
 * and `stock_id` (path, 1–20 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const ListAvailableSingleitemsRequest = Schema.Struct({
  offset: intBetween(0, 500),
  limit: intBetween(1, 100),
  stock_creator_mchid: StockCreatorMchidInput,
  stock_id: StockIdInput
}).annotate({ identifier: "Favor.ListAvailableSingleitemsRequest" })

/**
 * The type of `ListAvailableSingleitemsRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ListAvailableSingleitemsRequest = typeof ListAvailableSingleitemsRequest.Type

/**
 * 查询代金券可用单品 response: the total, one page of goods ids (absent when empty), the page echoed back and the stock
 * id.
 *
 * @since 0.1.0
 * @category responses
 */
export class ListAvailableSingleitemsResponse extends Schema.Class<ListAvailableSingleitemsResponse>(
  "Favor.ListAvailableSingleitemsResponse"
)({
  total_count: WireInt,
  data: optionalOnWire(Schema.Array(Schema.String)),
  offset: WireInt,
  limit: WireInt,
  stock_id: StockId
}) {}

/**
 * 查询代金券可用单品: pages through the goods ids (单品编码) a stock's coupons apply to.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ListAvailableSingleitems = Endpoint.make({
  name: "Favor.listAvailableSingleitems",
  title: "查询代金券可用单品",
  summary: "Pages through the goods ids a 代金券 stock's coupons apply to.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012463442",
  method: "GET",
  path: "/v3/marketing/favor/stocks/{stock_id}/items",
  request: ListAvailableSingleitemsRequest,
  response: ListAvailableSingleitemsResponse,
  errors: ListAvailableSingleitemsErrors,
  query: ["offset", "limit", "stock_creator_mchid"],
  // A page index, as on 查询代金券可用商户 (分页页码, maximum 500). Spec Q17: not checked against the live API.
  pagination: { style: "page", offset: "offset", limit: "limit", maxLimit: 100, items: "data", total: "total_count" }
})

// ---------------------------------------------------------------------------------------------------------------
// F12: a user's coupons
// ---------------------------------------------------------------------------------------------------------------

const merchantFilters = ["creator_mchid", "sender_mchid", "available_mchid"] as const

/**
 * 根据商户号查用户的券 request: `openid` (path, 1–128 characters), `appid` (1–128), optional `stock_id` (1–20),
 * `status` (`SENDED`, `USED`), `creator_mchid`/`sender_mchid`/`available_mchid` (1–20 each), `offset` (a page
 * index, default 0), `limit` (default 20; no maximum is documented) and `business_type` (`MULTIUSE`).
 *
 * One of the three merchant filters is required: the field descriptions say “三个参数，任意选填一个” (fill in any one
 * of the three) and the error table has 商户号必填. Several are not rejected: the page says `creator_mchid` wins
 * when it comes with `available_mchid`. With `available_mchid`, WeChat Pay ignores `stock_id`, `status`, `offset`
 * and `limit` and returns usable coupons only.
 *
 * @since 0.1.0
 * @category requests
 */
export const ListCouponsByFilterRequest = Schema.Struct({
  openid: OpenIdInput,
  appid: AppIdInput,
  stock_id: optionalKey(StockIdInput),
  status: optionalKey(oneOf("SENDED", "USED")),
  creator_mchid: optionalKey(requestId(MchId, 20)),
  sender_mchid: optionalKey(requestId(MchId, 20)),
  available_mchid: optionalKey(requestId(MchId, 20)),
  offset: optionalKey(NonNegativeInt),
  limit: optionalKey(Schema.Int.check(Schema.isGreaterThan(0, { message: "must be a positive integer" }))),
  business_type: optionalKey(oneOf("MULTIUSE"))
})
  .check(
    Schema.makeFilter(
      (r) =>
        merchantFilters.some((key) => r[key] !== undefined)
          ? undefined
          : { path: ["creator_mchid"], issue: "one of creator_mchid, sender_mchid or available_mchid is required" },
      {
        expected: "one of creator_mchid, sender_mchid or available_mchid",
        toJsonSchema: () => [
          { description: "one of creator_mchid, sender_mchid or available_mchid is required" },
          true
        ],
        // openid, appid and a merchant filter: generation then always tries at least one optional key.
        arbitraryConstraint: { minProperties: 3 }
      }
    )
  )
  .annotate({ identifier: "Favor.ListCouponsByFilterRequest" })

/**
 * The type of `ListCouponsByFilterRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ListCouponsByFilterRequest = typeof ListCouponsByFilterRequest.Type

/**
 * 根据商户号查用户的券 response: the total, one page of coupons (absent when empty; IM marks it required, the 2020
 * page and the Go SDK optional) and the page echoed back.
 *
 * @since 0.1.0
 * @category responses
 */
export class ListCouponsByFilterResponse extends Schema.Class<ListCouponsByFilterResponse>(
  "Favor.ListCouponsByFilterResponse"
)({
  data: optionalOnWire(Schema.Array(Coupon)),
  total_count: WireInt,
  limit: WireInt,
  offset: WireInt
}) {}

/**
 * 根据商户号查用户的券: pages through a user's 代金券, filtered by creating, sending or usable merchant.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ListCouponsByFilter = Endpoint.make({
  name: "Favor.listCouponsByFilter",
  title: "根据商户号查用户的券",
  summary: "Pages through a user's 代金券, filtered by creating, sending or usable merchant.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012534690",
  method: "GET",
  path: "/v3/marketing/favor/users/{openid}/coupons",
  request: ListCouponsByFilterRequest,
  response: ListCouponsByFilterResponse,
  errors: ListCouponsByFilterErrors,
  query: [
    "appid",
    "stock_id",
    "status",
    "creator_mchid",
    "sender_mchid",
    "available_mchid",
    "offset",
    "limit",
    "business_type"
  ],
  // 分页页码 (page number), default 0, as on 条件查询批次列表. No maximum page size is documented; 20 (the documented
  // default) is the largest size known to work.
  pagination: { style: "page", offset: "offset", limit: "limit", maxLimit: 20, items: "data", total: "total_count" }
})
