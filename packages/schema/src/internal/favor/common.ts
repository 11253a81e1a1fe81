import * as Schema from "effect/Schema"
import { FavorCreateCouponStockErrors } from "../../ApiError.js"
import * as Endpoint from "../../Endpoint.js"
import { AppId, Fen, MchId, StockId } from "../../Ids.js"
import * as Time from "../../Time.js"
import { endAfterBegin, spanAtMost } from "../rules.js"
import { charCount, charLength, intBetween, itemsBetween, noFourByteUtf8, nonAsciiCount, oneOf, text } from "../text.js"
import { optionalKey } from "../tolerant.js"

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { message: "must be a non-negative integer" }))

/** An amount in fen of at least 1: the gateway rejects 0 budgets and 0 face values with PARAM_ERROR. */
const PositiveFen = Fen.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be at least 1 fen" }))

/**
 * `noFourByteUtf8` without its generation hint, for a field whose own filter says what generated values look like:
 * generation draws one of the hints at random, and the mixed text `noFourByteUtf8` suggests would fail the stricter
 * filter and be discarded.
 */
const noFourByteUtf8Unguided = noFourByteUtf8.annotate({ arbitraryConstraint: {} })

/** The issues of a cross-field rule, the passing checks (`undefined`) left out. */
const crossFieldIssues = (
  ...issues: ReadonlyArray<Schema.FilterIssue | undefined>
): ReadonlyArray<Schema.FilterIssue> => issues.filter((issue) => issue !== undefined)

const forbiddenInStockName = /[_,;|]/

// Letters, digits, space and `-`, or CJK, or a few CJK then letters: every generated name is within both limits.
const generatedStockName =
  "^(?:[A-Za-z0-9 \\-]{1,20}|[\\u4E00-\\u9FA5]{1,9}|[\\u4E00-\\u9FA5]{1,4}[A-Za-z0-9 \\-]{0,10})$"

/**
 * 批次名称: at most 9 CJK characters or 20 letters (seed C). The doc gives only the two ends, so a mixed name is
 * weighed linearly: a non-ASCII character counts 20/9 of an ASCII one (spec Q5). `_ , ; |` are not allowed.
 *
 * @since 0.1.0
 * @category requests
 */
export const StockName = Schema.String.check(
  noFourByteUtf8Unguided,
  charLength(1, 20),
  Schema.makeFilter<string>(
    (s) => {
      const wide = nonAsciiCount(s)
      return (
        20 * wide + 9 * (charCount(s) - wide) <= 180 ||
        "must be at most 9 CJK characters or 20 letters (a CJK character counts as 20/9 letters)"
      )
    },
    { expected: "at most 9 CJK characters or 20 letters", toJsonSchema: () => [{}, true] }
  ),
  Schema.makeFilter<string>((s) => !forbiddenInStockName.test(s) || "must not contain _ , ; or |", {
    expected: "no _ , ; or |",
    toJsonSchema: () => ({ pattern: "^[^_,;|]*$" }),
    arbitraryConstraint: { patterns: [{ source: generatedStockName, flags: "u" }] }
  })
)

/**
 * 商户单据号: 1–128 characters of letters, digits, `|`, `_`, `*` and `-`. The seed lists `|, *, *, -`; the repeated
 * `*` is read as the `_` that the 商家券 docs list (spec §2.4).
 *
 * @since 0.1.0
 * @category requests
 */
export const OutRequestNo = Schema.String.check(
  noFourByteUtf8Unguided,
  charLength(1, 128),
  // `*`, not `+`: the length is charLength's rule, so an empty number gets one message.
  Schema.isPattern(/^[0-9A-Za-z|_*-]*$/u, { message: "may contain only letters, digits, |, _, * and -" })
)

const isJsonText = (s: string): boolean => {
  try {
    JSON.parse(s)
    return true
  } catch {
    return false
  }
}

/**
 * 扩展属性: at most 128 characters of JSON text ("按json格式"; the seed's single-quoted example is not JSON, spec Q4).
 *
 * @since 0.1.0
 * @category requests
 */
export const ExtInfo = Schema.String.check(
  noFourByteUtf8Unguided,
  charLength(1, 128),
  Schema.makeFilter<string>((s) => isJsonText(s) || 'must be JSON text, e.g. {"exinfo1":"1234"}', {
    expected: "JSON text",
    toJsonSchema: () => ({ contentMediaType: "application/json" }),
    // Objects of up to 4 short string members: always JSON, always within 128 characters.
    arbitraryConstraint: {
      patterns: [
        {
          source: '^\\{(?:"[a-z0-9]{1,8}":"[0-9]{0,8}"(?:,"[a-z0-9]{1,8}":"[0-9]{0,8}"){0,3})?\\}$',
          flags: "u"
        }
      ]
    }
  })
)

/**
 * 发放规则: budget and per-user limits.
 *
 * @since 0.1.0
 * @category requests
 */
export const StockUseRule = Schema.Struct({
  // The gateway answers PARAM_ERROR for 0: at least one coupon, one fen of budget.
  max_coupons: intBetween(1, 1_000_000_000),
  max_amount: PositiveFen,
  max_amount_by_day: optionalKey(PositiveFen),
  max_coupons_per_user: intBetween(1, 100),
  natural_person_limit: Schema.Boolean,
  prevent_api_abuse: Schema.Boolean
}).annotate({ identifier: "Favor.StockUseRule" })

/**
 * The type of `StockUseRule`.
 *
 * @since 0.1.0
 * @category requests
 */
export type StockUseRule = typeof StockUseRule.Type

/**
 * 背景颜色: the IM/doc names `Color010`…`Color100` and the Go/Java SDK names `COLOR010`…`COLOR102` (spec Q8).
 *
 * @since 0.1.0
 * @category requests
 */
export const BackgroundColor = oneOf(
  "Color010",
  "Color020",
  "Color030",
  "Color040",
  "Color050",
  "Color060",
  "Color070",
  "Color080",
  "Color090",
  "Color100",
  "COLOR010",
  "COLOR020",
  "COLOR030",
  "COLOR040",
  "COLOR050",
  "COLOR060",
  "COLOR070",
  "COLOR080",
  "COLOR081",
  "COLOR082",
  "COLOR090",
  "COLOR100",
  "COLOR101",
  "COLOR102"
)

/**
 * The type of `BackgroundColor`.
 *
 * @since 0.1.0
 * @category requests
 */
export type BackgroundColor = typeof BackgroundColor.Type

/**
 * 跳转目标: `PAYMENT_CODE`, `MINI_PROGRAM` or `DEFAULT_PAGE` (the default).
 *
 * @since 0.1.0
 * @category requests
 */
export const JumpTarget = oneOf("PAYMENT_CODE", "MINI_PROGRAM", "DEFAULT_PAGE")

/**
 * The type of `JumpTarget`.
 *
 * @since 0.1.0
 * @category requests
 */
export type JumpTarget = typeof JumpTarget.Type

/**
 * 样式信息: the coupon detail page; `mini_program_appid` and `mini_program_path` are required when `jump_target`
 * is `MINI_PROGRAM`.
 *
 * @since 0.1.0
 * @category requests
 */
export const PatternInfo = Schema.Struct({
  description: text(),
  merchant_logo: optionalKey(text()),
  merchant_name: optionalKey(text()),
  background_color: optionalKey(BackgroundColor),
  coupon_image: optionalKey(text()),
  jump_target: optionalKey(JumpTarget),
  mini_program_appid: optionalKey(AppId.check(noFourByteUtf8)),
  mini_program_path: optionalKey(text())
})
  .check(
    Schema.makeFilter(
      (p) =>
        p.jump_target === "MINI_PROGRAM"
          ? crossFieldIssues(
              p.mini_program_appid === undefined
                ? { path: ["mini_program_appid"], issue: "is required when jump_target is MINI_PROGRAM" }
                : undefined,
              p.mini_program_path === undefined
                ? { path: ["mini_program_path"], issue: "is required when jump_target is MINI_PROGRAM" }
                : undefined
            )
          : undefined,
      {
        expected: "mini_program_appid and mini_program_path when jump_target is MINI_PROGRAM",
        // No JSON Schema keyword states the rule: described, not enforced.
        toJsonSchema: () => [
          { description: "jump_target MINI_PROGRAM needs mini_program_appid and mini_program_path" },
          true
        ]
      }
    )
  )
  .annotate({ identifier: "Favor.PatternInfo" })

/**
 * The type of `PatternInfo`.
 *
 * @since 0.1.0
 * @category requests
 */
export type PatternInfo = typeof PatternInfo.Type

/**
 * 固定时间段可用: week days 0..6 (0 = Sunday), `begin_time` 0..86400 and `end_time` 1..86399 seconds of the day
 * (OAPI bounds; `end_time` defaults to 23:59:59).
 *
 * @since 0.1.0
 * @category requests
 */
export const FixAvailableTime = Schema.Struct({
  available_week_day: optionalKey(Schema.Array(intBetween(0, 6))),
  begin_time: intBetween(0, 86_400),
  end_time: optionalKey(intBetween(1, 86_399))
}).annotate({ identifier: "Favor.FixAvailableTime" })

/**
 * The type of `FixAvailableTime`.
 *
 * @since 0.1.0
 * @category requests
 */
export type FixAvailableTime = typeof FixAvailableTime.Type

/**
 * 券可核销时间: fixed weekly windows, next-day activation, or minutes of validity after receipt.
 *
 * @since 0.1.0
 * @category requests
 */
export const CouponAvailableTime = Schema.Struct({
  available_begin_time: optionalKey(Time.Rfc3339),
  available_end_time: optionalKey(Time.Rfc3339),
  fix_available_time: optionalKey(FixAvailableTime),
  second_day_available: optionalKey(Schema.Boolean),
  available_time_after_receive: optionalKey(NonNegativeInt)
})
  .check(
    Schema.makeFilter(
      (t) =>
        endAfterBegin(
          t.available_begin_time,
          t.available_end_time,
          ["available_end_time"],
          "must be after available_begin_time"
        ),
      {
        expected: "available_end_time after available_begin_time",
        toJsonSchema: () => [{ description: "available_end_time is after available_begin_time" }, true]
      }
    )
  )
  .annotate({ identifier: "Favor.CouponAvailableTime" })

/**
 * The type of `CouponAvailableTime`.
 *
 * @since 0.1.0
 * @category requests
 */
export type CouponAvailableTime = typeof CouponAvailableTime.Type

/**
 * 固定面额满减券使用规则: face value and threshold in fen; required when `stock_type` is `NORMAL`.
 *
 * @since 0.1.0
 * @category requests
 */
export const FixedNormalCoupon = Schema.Struct({
  coupon_amount: PositiveFen.check(
    Schema.isLessThanOrEqualTo(10_000_000, { message: "must be at most 10,000,000 fen" })
  ),
  transaction_minimum: PositiveFen
}).annotate({ identifier: "Favor.FixedNormalCoupon" })

/**
 * The type of `FixedNormalCoupon`.
 *
 * @since 0.1.0
 * @category requests
 */
export type FixedNormalCoupon = typeof FixedNormalCoupon.Type

/**
 * 折扣券使用规则 (`discount_coupon`; the seed's `disscount_coupon` is a doc typo, spec Q3): `discount_percent` in
 * 1..99.
 *
 * @since 0.1.0
 * @category requests
 */
export const DiscountCoupon = Schema.Struct({
  discount_amount_max: optionalKey(Fen),
  // 创建代金券批次 (https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/stock/create-coupon-stock.html,
  // discount_coupon.discount_percent 折扣百分比): a percentage of the price, as on the 商家券 page ("88为八八折"); 0 and
  // 100 or more are no 折扣, so 1..99.
  discount_percent: optionalKey(intBetween(1, 99)),
  transaction_minimum: optionalKey(Fen)
}).annotate({ identifier: "Favor.DiscountCoupon" })

/**
 * The type of `DiscountCoupon`.
 *
 * @since 0.1.0
 * @category requests
 */
export type DiscountCoupon = typeof DiscountCoupon.Type

/**
 * 换购券使用规则: exchange price and threshold in fen (`single_price_max` appears in the seed example).
 *
 * @since 0.1.0
 * @category requests
 */
export const ExchangeCoupon = Schema.Struct({
  exchange_price: optionalKey(Fen),
  transaction_minimum: optionalKey(Fen),
  single_price_max: optionalKey(Fen)
}).annotate({ identifier: "Favor.ExchangeCoupon" })

/**
 * The type of `ExchangeCoupon`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ExchangeCoupon = typeof ExchangeCoupon.Type

/**
 * 指定银行卡BIN: card name (at most 4 characters) and 1–10 BINs of 6–9 characters.
 *
 * @since 0.1.0
 * @category requests
 */
export const LimitCard = Schema.Struct({
  name: text({ min: 1, max: 4 }),
  bin: Schema.Array(text({ min: 6, max: 9 })).check(itemsBetween(1, 10))
}).annotate({ identifier: "Favor.LimitCard" })

/**
 * The type of `LimitCard`.
 *
 * @since 0.1.0
 * @category requests
 */
export type LimitCard = typeof LimitCard.Type

/**
 * 支付方式: `MICROAPP`, `APPPAY`, `PPAY`, `CARD`, `FACE`, `OTHER`.
 *
 * @since 0.1.0
 * @category requests
 */
export const TradeType = oneOf("MICROAPP", "APPPAY", "PPAY", "CARD", "FACE", "OTHER")

/**
 * The type of `TradeType`.
 *
 * @since 0.1.0
 * @category requests
 */
export type TradeType = typeof TradeType.Type

const codeList = (maxLength: number) => Schema.Array(text({ min: 1, max: maxLength })).check(itemsBetween(0, 50))

/**
 * 核销规则: validity, the coupon kind's rule, and where and how the coupon can be used.
 *
 * @since 0.1.0
 * @category requests
 */
export const CouponUseRule = Schema.Struct({
  coupon_available_time: optionalKey(CouponAvailableTime),
  fixed_normal_coupon: optionalKey(FixedNormalCoupon),
  discount_coupon: optionalKey(DiscountCoupon),
  exchange_coupon: optionalKey(ExchangeCoupon),
  goods_tag: optionalKey(codeList(128)),
  limit_pay: optionalKey(Schema.Array(text({ min: 1 })).check(itemsBetween(1, 1))),
  limit_card: optionalKey(LimitCard),
  // Q4: an array, although the seed example sends a bare string.
  trade_type: optionalKey(Schema.Array(TradeType)),
  combine_use: optionalKey(Schema.Boolean),
  available_items: optionalKey(codeList(128)),
  unavailable_items: optionalKey(codeList(128)),
  available_merchants: optionalKey(
    Schema.Array(MchId.check(noFourByteUtf8, charLength(1, 20))).check(itemsBetween(0, 50))
  )
}).annotate({ identifier: "Favor.CouponUseRule" })

/**
 * The type of `CouponUseRule`.
 *
 * @since 0.1.0
 * @category requests
 */
export type CouponUseRule = typeof CouponUseRule.Type

/**
 * 批次类型: as documented, including the doc spelling `EXCHAHGE` (spec Q3).
 *
 * @since 0.1.0
 * @category requests
 */
export const StockType = oneOf("NORMAL", "DISCOUNT", "EXCHAHGE", "RANDOM", "DISCOUNT_CUT")

/**
 * The type of `StockType`.
 *
 * @since 0.1.0
 * @category requests
 */
export type StockType = typeof StockType.Type

const NINETY_DAYS_MILLIS = 90 * 24 * 60 * 60 * 1000

/**
 * 创建代金券批次 request body. Rules beyond single fields: the end time is after the begin time, the range is at
 * most 90 days, and a `NORMAL` batch has `coupon_use_rule.fixed_normal_coupon`.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateCouponStockRequest = Schema.Struct({
  stock_name: StockName,
  comment: optionalKey(text({ max: 60 })),
  belong_merchant: MchId.check(noFourByteUtf8, charLength(1, 20)),
  available_begin_time: Time.Rfc3339,
  available_end_time: Time.Rfc3339,
  stock_use_rule: StockUseRule,
  pattern_info: optionalKey(PatternInfo),
  coupon_use_rule: CouponUseRule,
  no_cash: Schema.Boolean,
  stock_type: StockType,
  out_request_no: OutRequestNo,
  ext_info: optionalKey(ExtInfo)
})
  .check(
    Schema.makeFilter(
      (r) =>
        crossFieldIssues(
          endAfterBegin(
            r.available_begin_time,
            r.available_end_time,
            ["available_end_time"],
            "must be after available_begin_time"
          ),
          spanAtMost(
            r.available_begin_time,
            r.available_end_time,
            NINETY_DAYS_MILLIS,
            ["available_end_time"],
            "must be at most 90 days after available_begin_time"
          ),
          r.stock_type === "NORMAL" && r.coupon_use_rule.fixed_normal_coupon === undefined
            ? { path: ["coupon_use_rule", "fixed_normal_coupon"], issue: "is required when stock_type is NORMAL" }
            : undefined
        ),
      {
        expected: "a validity of at most 90 days, and fixed_normal_coupon for a NORMAL stock",
        toJsonSchema: () => [
          {
            description:
              "available_end_time is after available_begin_time and at most 90 days later; stock_type NORMAL needs coupon_use_rule.fixed_normal_coupon"
          },
          true
        ]
      }
    )
  )
  .annotate({ identifier: "Favor.CreateCouponStockRequest" })

/**
 * The type of `CreateCouponStockRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type CreateCouponStockRequest = typeof CreateCouponStockRequest.Type

/**
 * 创建代金券批次 response: the new batch id and its creation time (both always present).
 *
 * @since 0.1.0
 * @category responses
 */
export class CreateCouponStockResponse extends Schema.Class<CreateCouponStockResponse>(
  "Favor.CreateCouponStockResponse"
)({
  stock_id: StockId,
  create_time: Time.WireTime
}) {}

/**
 * 创建代金券批次: creates a 代金券 stock; idempotent on `out_request_no`, which the page asks to keep unique on the
 * merchant's side (商户侧需保持唯一性).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const CreateCouponStock = Endpoint.make({
  name: "Favor.createCouponStock",
  title: "创建代金券批次",
  summary: "Creates a 代金券 stock (idempotent on out_request_no).",
  docs: "https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/stock/create-coupon-stock.html",
  method: "POST",
  path: "/v3/marketing/favor/coupon-stocks",
  request: CreateCouponStockRequest,
  response: CreateCouponStockResponse,
  errors: FavorCreateCouponStockErrors,
  idempotency: {
    key: "out_request_no",
    scope: [],
    // Our choice: the 代金券 error table ties no code to a reused out_request_no; INVALID_REQUEST is in that table.
    conflict: "INVALID_REQUEST"
  }
})
