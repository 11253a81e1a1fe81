import * as Schema from "effect/Schema"
import { BusifavorQueryCouponErrors, BusifavorQueryStockErrors } from "../../ApiError.js"
import * as Endpoint from "../../Endpoint.js"
import { AppId, CouponCode, Fen, MchId, OpenId, StockId } from "../../Ids.js"
import * as Time from "../../Time.js"
import { endAfterBegin } from "../rules.js"
import { charLength, intBetween, itemsBetween, noFourByteUtf8, oneOf, text } from "../text.js"
import { openEnum, optionalKey, optionalOnWire, TolerantBoolean, tolerantInt, WireInt } from "../tolerant.js"

const WireFen = tolerantInt(Fen)

/**
 * 批次类型: `NORMAL` (固定面额满减), `DISCOUNT` (折扣), `EXCHANGE` (换购); open.
 *
 * @since 0.1.0
 * @category models
 */
export const StockType = openEnum("NORMAL", "DISCOUNT", "EXCHANGE")

/**
 * The type of `StockType`.
 *
 * @since 0.1.0
 * @category models
 */
export type StockType = typeof StockType.Type

/**
 * 批次状态: `UNAUDIT`, `RUNNING`, `STOPED` (the real wire spelling, spec Q3), `PAUSED`; open.
 *
 * @since 0.1.0
 * @category models
 */
export const StockState = openEnum("UNAUDIT", "RUNNING", "STOPED", "PAUSED")

/**
 * The type of `StockState`.
 *
 * @since 0.1.0
 * @category models
 */
export type StockState = typeof StockState.Type

/**
 * 券code模式: `WECHATPAY_MODE`, `MERCHANT_API`, `MERCHANT_UPLOAD`; open.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponCodeMode = openEnum("WECHATPAY_MODE", "MERCHANT_API", "MERCHANT_UPLOAD")

/**
 * The type of `CouponCodeMode`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponCodeMode = typeof CouponCodeMode.Type

/**
 * 核销方式: `OFF_LINE`, `MINI_PROGRAMS`, `SELF_CONSUME`, `PAYMENT_CODE`; open.
 *
 * @since 0.1.0
 * @category models
 */
export const UseMethod = openEnum("OFF_LINE", "MINI_PROGRAMS", "SELF_CONSUME", "PAYMENT_CODE")

/**
 * The type of `UseMethod`.
 *
 * @since 0.1.0
 * @category models
 */
export type UseMethod = typeof UseMethod.Type

/**
 * 券状态: the SDK's five values plus the four newer documented ones (spec Q8); open.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponState = openEnum(
  "SENDED",
  "USED",
  "EXPIRED",
  "DELETED",
  "DEACTIVATED",
  "PENDING_REDEEM",
  "REDEEM_CONFIRMING",
  "REDEEM_FAILED",
  "REDEEM_EXPIRED"
)

/**
 * The type of `CouponState`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponState = typeof CouponState.Type

/**
 * code展示模式: `NOT_SHOW`, `BARCODE`, `QRCODE`; open.
 *
 * @since 0.1.0
 * @category models
 */
export const CodeDisplayMode = openEnum("NOT_SHOW", "BARCODE", "QRCODE")

/**
 * The type of `CodeDisplayMode`.
 *
 * @since 0.1.0
 * @category models
 */
export type CodeDisplayMode = typeof CodeDisplayMode.Type

/**
 * The documented 背景颜色 values, `Color010` … `Color100`: the request side accepts only these, the response side
 * keeps any other value as sent.
 *
 * @since 0.1.0
 * @category constants
 */
export const BackgroundColors = [
  "Color010",
  "Color020",
  "Color030",
  "Color040",
  "Color050",
  "Color060",
  "Color070",
  "Color080",
  "Color090",
  "Color100"
] as const

/**
 * 背景颜色: `Color010` … `Color100`; open (doc examples send placeholders such as `"xxxxx"`).
 *
 * @since 0.1.0
 * @category models
 */
export const BackgroundColor = openEnum(...BackgroundColors)

/**
 * The type of `BackgroundColor`.
 *
 * @since 0.1.0
 * @category models
 */
export type BackgroundColor = typeof BackgroundColor.Type

/**
 * 当天可用时间段: seconds since midnight (1 = 00:00:01, 86399 = 23:59:59).
 *
 * @since 0.1.0
 * @category models
 */
export class AvailableDayTime extends Schema.Class<AvailableDayTime>("Busifavor.AvailableDayTime")({
  begin_time: optionalOnWire(WireInt),
  end_time: optionalOnWire(WireInt)
}) {}

/**
 * 固定周期有效时间段: week days (0 = Sunday) and day-time ranges.
 *
 * @since 0.1.0
 * @category models
 */
export class AvailableWeek extends Schema.Class<AvailableWeek>("Busifavor.AvailableWeek")({
  // Q1: docs show "week_day": ["1","2"]; numbers and numeric strings both decode to numbers.
  week_day: optionalOnWire(Schema.Array(WireInt)),
  // Q18: an array, although a popular third-party SDK modelled it as an object.
  available_day_time: optionalOnWire(Schema.Array(AvailableDayTime))
}) {}

/**
 * 无规律的有效时间段: one irregular validity window.
 *
 * @since 0.1.0
 * @category models
 */
export class IrregularAvailableTime extends Schema.Class<IrregularAvailableTime>("Busifavor.IrregularAvailableTime")({
  begin_time: optionalOnWire(Time.WireTime),
  end_time: optionalOnWire(Time.WireTime)
}) {}

/**
 * 券可核销时间: when coupons of the batch can be redeemed. The begin and end times are optional: the user-coupon
 * pages do not promise them (spec Q11).
 *
 * @since 0.1.0
 * @category models
 */
export class CouponAvailableTime extends Schema.Class<CouponAvailableTime>("Busifavor.CouponAvailableTime")({
  // Q11: required in the Go SDK (FavorAvailableTime) and in 查询商家券详情; optional in 查询用户单张券详情 and
  // 根据过滤条件查询用户券 (wechatpay-im, OpenAPI transcription). One class for both, so optional.
  available_begin_time: optionalOnWire(Time.WireTime),
  available_end_time: optionalOnWire(Time.WireTime),
  available_day_after_receive: optionalOnWire(WireInt),
  available_week: optionalOnWire(AvailableWeek),
  // Q3: `irregulary_avaliable_time` (sic) is the real wire name.
  irregulary_avaliable_time: optionalOnWire(Schema.Array(IrregularAvailableTime)),
  wait_days_after_receive: optionalOnWire(WireInt)
}) {}

/**
 * 固定面额满减券使用规则 (stock_type NORMAL).
 *
 * @since 0.1.0
 * @category models
 */
export class FixedNormalCoupon extends Schema.Class<FixedNormalCoupon>("Busifavor.FixedNormalCoupon")({
  discount_amount: optionalOnWire(WireFen),
  transaction_minimum: optionalOnWire(WireFen)
}) {}

/**
 * 折扣券使用规则 (stock_type DISCOUNT); `discount_percent` 88 means pay 88%.
 *
 * @since 0.1.0
 * @category models
 */
export class DiscountCoupon extends Schema.Class<DiscountCoupon>("Busifavor.DiscountCoupon")({
  discount_percent: optionalOnWire(WireInt),
  transaction_minimum: optionalOnWire(WireFen)
}) {}

/**
 * 换购券使用规则 (stock_type EXCHANGE).
 *
 * @since 0.1.0
 * @category models
 */
export class ExchangeCoupon extends Schema.Class<ExchangeCoupon>("Busifavor.ExchangeCoupon")({
  exchange_price: optionalOnWire(WireFen),
  transaction_minimum: optionalOnWire(WireFen)
}) {}

/**
 * 核销规则: validity, the coupon kind's rule, and how the coupon is redeemed.
 *
 * @since 0.1.0
 * @category models
 */
export class CouponUseRule extends Schema.Class<CouponUseRule>("Busifavor.CouponUseRule")({
  coupon_available_time: CouponAvailableTime,
  fixed_normal_coupon: optionalOnWire(FixedNormalCoupon),
  discount_coupon: optionalOnWire(DiscountCoupon),
  exchange_coupon: optionalOnWire(ExchangeCoupon),
  use_method: UseMethod,
  mini_programs_appid: optionalOnWire(AppId),
  mini_programs_path: optionalOnWire(Schema.String)
}) {}

/**
 * 发放规则: budget and per-user limits of a batch.
 *
 * @since 0.1.0
 * @category models
 */
export class StockSendRule extends Schema.Class<StockSendRule>("Busifavor.StockSendRule")({
  // Q11: OAPI marks max_amount required, the Go SDK says "not yet open" and optional.
  max_amount: optionalOnWire(WireFen),
  max_coupons: optionalOnWire(WireInt),
  max_coupons_per_user: WireInt,
  max_amount_by_day: optionalOnWire(WireFen),
  max_coupons_by_day: optionalOnWire(WireInt),
  // Q2: docs show these as "false" strings.
  natural_person_limit: optionalOnWire(TolerantBoolean),
  prevent_api_abuse: optionalOnWire(TolerantBoolean),
  transferable: optionalOnWire(TolerantBoolean),
  shareable: optionalOnWire(TolerantBoolean)
}) {}

/**
 * 小程序入口: a mini-program entrance on the coupon detail page.
 *
 * @since 0.1.0
 * @category models
 */
export class MiniProgramsInfo extends Schema.Class<MiniProgramsInfo>("Busifavor.MiniProgramsInfo")({
  mini_programs_appid: AppId,
  mini_programs_path: Schema.String,
  entrance_words: Schema.String,
  guiding_words: optionalOnWire(Schema.String)
}) {}

/**
 * 自定义入口: entrances shown on the coupon detail page.
 *
 * @since 0.1.0
 * @category models
 */
export class CustomEntrance extends Schema.Class<CustomEntrance>("Busifavor.CustomEntrance")({
  mini_programs_info: optionalOnWire(MiniProgramsInfo),
  appid: optionalOnWire(AppId),
  hall_id: optionalOnWire(Schema.String),
  store_id: optionalOnWire(Schema.String),
  code_display_mode: optionalOnWire(CodeDisplayMode)
}) {}

/**
 * 视频号相关信息: WeChat Channels (视频号) links.
 *
 * @since 0.1.0
 * @category models
 */
export class FinderInfo extends Schema.Class<FinderInfo>("Busifavor.FinderInfo")({
  finder_id: optionalOnWire(Schema.String),
  finder_video_id: optionalOnWire(Schema.String),
  finder_video_cover_image_url: optionalOnWire(Schema.String)
}) {}

/**
 * 样式信息: how the coupon looks in the card pack.
 *
 * @since 0.1.0
 * @category models
 */
export class DisplayPatternInfo extends Schema.Class<DisplayPatternInfo>("Busifavor.DisplayPatternInfo")({
  description: optionalOnWire(Schema.String),
  merchant_logo_url: optionalOnWire(Schema.String),
  merchant_name: optionalOnWire(Schema.String),
  background_color: optionalOnWire(BackgroundColor),
  coupon_image_url: optionalOnWire(Schema.String),
  finder_info: optionalOnWire(FinderInfo)
}) {}

/**
 * 券code数量: uploaded and available codes, returned only in `MERCHANT_UPLOAD` mode.
 *
 * @since 0.1.0
 * @category models
 */
export class CouponCodeCount extends Schema.Class<CouponCodeCount>("Busifavor.CouponCodeCount")({
  total_count: WireInt,
  available_count: WireInt
}) {}

/**
 * 事件通知配置: the AppID used to compute openid/unionid in callbacks.
 *
 * @since 0.1.0
 * @category models
 */
export class NotifyConfig extends Schema.Class<NotifyConfig>("Busifavor.NotifyConfig")({
  notify_appid: optionalOnWire(AppId)
}) {}

/**
 * 批次发放情况: coupons and budget sent so far, in total and today.
 *
 * @since 0.1.0
 * @category models
 */
export class SendCountInformation extends Schema.Class<SendCountInformation>("Busifavor.SendCountInformation")({
  total_send_num: optionalOnWire(WireInt),
  total_send_amount: optionalOnWire(WireFen),
  today_send_num: optionalOnWire(WireInt),
  today_send_amount: optionalOnWire(WireFen)
}) {}

/**
 * 查询商家券批次详情 response: the configuration and state of a batch.
 *
 * @since 0.1.0
 * @category responses
 */
export class QueryStockResponse extends Schema.Class<QueryStockResponse>("Busifavor.QueryStockResponse")({
  stock_name: Schema.String,
  belong_merchant: MchId,
  comment: optionalOnWire(Schema.String),
  goods_name: Schema.String,
  stock_type: StockType,
  coupon_use_rule: CouponUseRule,
  stock_send_rule: StockSendRule,
  custom_entrance: optionalOnWire(CustomEntrance),
  display_pattern_info: optionalOnWire(DisplayPatternInfo),
  stock_state: StockState,
  coupon_code_mode: CouponCodeMode,
  stock_id: StockId,
  coupon_code_count: optionalOnWire(CouponCodeCount),
  notify_config: optionalOnWire(NotifyConfig),
  send_count_information: optionalOnWire(SendCountInformation),
  subsidy: optionalOnWire(TolerantBoolean)
}) {}

/**
 * 查询用户单张券详情 response: one coupon in a user's card pack.
 *
 * @since 0.1.0
 * @category responses
 */
export class QueryCouponResponse extends Schema.Class<QueryCouponResponse>("Busifavor.QueryCouponResponse")({
  belong_merchant: MchId,
  stock_name: Schema.String,
  comment: optionalOnWire(Schema.String),
  goods_name: Schema.String,
  stock_type: StockType,
  transferable: optionalOnWire(TolerantBoolean),
  shareable: optionalOnWire(TolerantBoolean),
  coupon_state: optionalOnWire(CouponState),
  // Q11: IM marks display_pattern_info required, the Go SDK optional.
  display_pattern_info: optionalOnWire(DisplayPatternInfo),
  coupon_use_rule: CouponUseRule,
  custom_entrance: optionalOnWire(CustomEntrance),
  coupon_code: optionalOnWire(CouponCode),
  stock_id: optionalOnWire(StockId),
  // Q11: the next four are required in IM and the 2020 docs, optional in the Go SDK.
  available_start_time: optionalOnWire(Time.WireTime),
  expire_time: optionalOnWire(Time.WireTime),
  receive_time: optionalOnWire(Time.WireTime),
  send_request_no: optionalOnWire(Schema.String),
  use_request_no: optionalOnWire(Schema.String),
  use_time: optionalOnWire(Time.WireTime),
  associate_out_trade_no: optionalOnWire(Schema.String),
  return_request_no: optionalOnWire(Schema.String),
  return_time: optionalOnWire(Time.WireTime),
  deactivate_request_no: optionalOnWire(Schema.String),
  deactivate_time: optionalOnWire(Time.WireTime),
  deactivate_reason: optionalOnWire(Schema.String)
}) {}

const pathParam = <S extends Schema.Codec<string, string>>(id: S, max: number) =>
  id.check(noFourByteUtf8, charLength(1, max))

/**
 * 查询商家券批次详情 request: the path parameter `stock_id` (1–20 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const QueryStockRequest = Schema.Struct({
  stock_id: pathParam(StockId, 20)
}).annotate({ identifier: "Busifavor.QueryStockRequest" })

/**
 * The type of `QueryStockRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type QueryStockRequest = typeof QueryStockRequest.Type

/**
 * 查询用户单张券详情 request: the path parameters `openid` (1–128), `coupon_code` (1–32) and `appid` (1–32), in
 * path order.
 *
 * @since 0.1.0
 * @category requests
 */
export const QueryCouponRequest = Schema.Struct({
  openid: pathParam(OpenId, 128),
  coupon_code: pathParam(CouponCode, 32),
  appid: pathParam(AppId, 32)
}).annotate({ identifier: "Busifavor.QueryCouponRequest" })

/**
 * The type of `QueryCouponRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type QueryCouponRequest = typeof QueryCouponRequest.Type

const MAX_FEN = 10_000_000

const amount = (min: number) =>
  Fen.check(
    Schema.isBetween({ minimum: min, maximum: MAX_FEN }, { message: `must be an amount in fen in ${min}..${MAX_FEN}` })
  )

/**
 * 当天可用时间段, strict: seconds since midnight in 0..86399.
 *
 * @since 0.1.0
 * @category requests
 */
export const AvailableDayTimeInput = Schema.Struct({
  begin_time: intBetween(0, 86_399),
  end_time: intBetween(0, 86_399)
}).annotate({ identifier: "Busifavor.AvailableDayTimeInput" })

/**
 * 固定周期有效时间段, strict: week days 0..6 and at most 3 day-time ranges (the seed says 3, the Go SDK 2);
 * `week_day` is required when `available_day_time` is set.
 *
 * @since 0.1.0
 * @category requests
 */
export const AvailableWeekInput = Schema.Struct({
  week_day: optionalKey(Schema.Array(intBetween(0, 6))),
  available_day_time: optionalKey(Schema.Array(AvailableDayTimeInput).check(itemsBetween(0, 3)))
})
  .check(
    Schema.makeFilter(
      (w) =>
        w.available_day_time !== undefined && w.week_day === undefined
          ? { path: ["week_day"], issue: "is required when available_day_time is set" }
          : undefined,
      { toJsonSchema: () => [{ description: "week_day is required when available_day_time is set" }, true] }
    )
  )
  .annotate({ identifier: "Busifavor.AvailableWeekInput" })

/**
 * 无规律的有效时间段, strict: RFC3339 begin and end, end after begin.
 *
 * @since 0.1.0
 * @category requests
 */
export const IrregularAvailableTimeInput = Schema.Struct({
  begin_time: Time.Rfc3339,
  end_time: Time.Rfc3339
})
  .check(
    Schema.makeFilter((t) => endAfterBegin(t.begin_time, t.end_time, ["end_time"], "must be after begin_time"), {
      toJsonSchema: () => [{ description: "end_time is after begin_time" }, true]
    })
  )
  .annotate({ identifier: "Busifavor.IrregularAvailableTimeInput" })

/**
 * 券可核销时间, strict: RFC3339 times with the end after the begin, `available_day_after_receive` in 1..365,
 * `wait_days_after_receive` at most 30 and only together with `available_day_after_receive`.
 *
 * @since 0.1.0
 * @category requests
 */
export const CouponAvailableTimeInput = Schema.Struct({
  available_begin_time: Time.Rfc3339,
  available_end_time: Time.Rfc3339,
  available_day_after_receive: optionalKey(intBetween(1, 365)),
  available_week: optionalKey(AvailableWeekInput),
  irregulary_avaliable_time: optionalKey(Schema.Array(IrregularAvailableTimeInput)),
  wait_days_after_receive: optionalKey(intBetween(0, 30))
})
  .check(
    Schema.makeFilter(
      (t) =>
        [
          endAfterBegin(
            t.available_begin_time,
            t.available_end_time,
            ["available_end_time"],
            "must be after available_begin_time"
          ),
          t.wait_days_after_receive !== undefined && t.available_day_after_receive === undefined
            ? { path: ["available_day_after_receive"], issue: "is required when wait_days_after_receive is set" }
            : undefined
        ].filter((issue) => issue !== undefined),
      {
        toJsonSchema: () => [
          {
            description:
              "available_end_time is after available_begin_time; wait_days_after_receive needs available_day_after_receive"
          },
          true
        ]
      }
    )
  )
  .annotate({ identifier: "Busifavor.CouponAvailableTimeInput" })

/**
 * 固定面额满减券使用规则, strict: both amounts in fen 1..10,000,000.
 *
 * @since 0.1.0
 * @category requests
 */
export const FixedNormalCouponInput = Schema.Struct({
  discount_amount: amount(1),
  transaction_minimum: amount(1)
}).annotate({ identifier: "Busifavor.FixedNormalCouponInput" })

/**
 * 折扣券使用规则, strict: `discount_percent` in 1..99, `transaction_minimum` in fen 1..10,000,000.
 *
 * @since 0.1.0
 * @category requests
 */
export const DiscountCouponInput = Schema.Struct({
  // 创建商家券 (https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_1.shtml, 折扣比例): "折扣百分比，例如：88为八八折",
  // the share of the price the user pays. 0 would make the goods free, 100 and above no 折扣 at all, a negative
  // value nothing WeChat Pay can apply: 1..99 is every 折扣 the page can mean.
  discount_percent: intBetween(1, 99),
  transaction_minimum: amount(1)
}).annotate({ identifier: "Busifavor.DiscountCouponInput" })

/**
 * 换购券使用规则, strict: `exchange_price` in fen 0..10,000,000 (Go SDK; the 2020 doc says from 1),
 * `transaction_minimum` in 1..10,000,000.
 *
 * @since 0.1.0
 * @category requests
 */
export const ExchangeCouponInput = Schema.Struct({
  exchange_price: amount(0),
  transaction_minimum: amount(1)
}).annotate({ identifier: "Busifavor.ExchangeCouponInput" })

/**
 * 核销规则, strict request side: what a create/modify batch body (B1/B3) sends, with every documented range.
 *
 * @since 0.1.0
 * @category requests
 */
export const CouponUseRuleInput = Schema.Struct({
  coupon_available_time: CouponAvailableTimeInput,
  fixed_normal_coupon: optionalKey(FixedNormalCouponInput),
  discount_coupon: optionalKey(DiscountCouponInput),
  exchange_coupon: optionalKey(ExchangeCouponInput),
  use_method: oneOf("OFF_LINE", "MINI_PROGRAMS", "SELF_CONSUME", "PAYMENT_CODE"),
  mini_programs_appid: optionalKey(AppId.check(noFourByteUtf8, charLength(1, 32))),
  mini_programs_path: optionalKey(text({ min: 1, max: 128 }))
}).annotate({ identifier: "Busifavor.CouponUseRuleInput" })

/**
 * The type of `CouponUseRuleInput`.
 *
 * @since 0.1.0
 * @category requests
 */
export type CouponUseRuleInput = typeof CouponUseRuleInput.Type

/**
 * 查询商家券批次详情: the configuration and state of a 商家券 stock.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const QueryStock = Endpoint.make({
  name: "Busifavor.queryStock",
  title: "查询商家券批次详情",
  summary: "The configuration and state of a 商家券 stock.",
  docs: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/busi-favor/query-stock.html",
  method: "GET",
  path: "/v3/marketing/busifavor/stocks/{stock_id}",
  request: QueryStockRequest,
  response: QueryStockResponse,
  errors: BusifavorQueryStockErrors
})

/**
 * 查询用户单张券详情: one 商家券 in a user's card pack (the openid's case is preserved).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const QueryCoupon = Endpoint.make({
  name: "Busifavor.queryCoupon",
  title: "查询用户单张券详情",
  summary: "One 商家券 in a user's card pack.",
  docs: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/coupon/query-coupon.html",
  method: "GET",
  path: "/v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}",
  request: QueryCouponRequest,
  response: QueryCouponResponse,
  errors: BusifavorQueryCouponErrors
})
