import * as Schema from "effect/Schema"
import {
  AppId,
  BrandId,
  CouponCode,
  Fen,
  MchId,
  OpenId,
  ProductCouponId,
  StockBundleId,
  StockId,
  StoreId
} from "../../Ids.js"
import * as Time from "../../Time.js"
import { BackgroundColors } from "../busifavor/common.js"
import { endAfterBegin, spanAtMost } from "../rules.js"
import { charLength, intBetween, itemsBetween, noFourByteUtf8, oneOf, text } from "../text.js"
import { openEnum, optionalKey, optionalOnWire, tolerantInt, WireInt } from "../tolerant.js"

const WireFen = tolerantInt(Fen)

// ---------------------------------------------------------------------------------------------------------------
// Request texts and ids
// ---------------------------------------------------------------------------------------------------------------

const codeCharacters = Schema.isPattern(/^[0-9A-Za-z_-]+$/u, {
  message: "may contain only letters, digits, _ and -"
})

// Generated from the pattern alone: the emoji rule's generation pattern (CJK text) would be rejected by it.
const requestNumber = (min: number, max: number) =>
  Schema.String.check(noFourByteUtf8.annotate({ arbitraryConstraint: undefined }), charLength(min, max), codeCharacters)

/**
 * A 商品券 request number (创建/修改/失效/确认发放/核销/退券请求单号): 6–40 letters, digits, `_` or `-`, unique per brand
 * ("品牌侧需保持唯一性,可使用 数字、大小写字母、下划线_、短横线- 组成,长度在6-40个字符之间").
 *
 * @since 0.2.0
 * @category requests
 */
export const OutRequestNo = requestNumber(6, 40).annotate({ identifier: "ProductCoupon.OutRequestNo" })

/**
 * 发券请求单号 of 向用户发放商品券 and 向用户发放商品券批次组: 6–128 letters, digits, `_` or `-` (the 预发放 page
 * allows 6–40, see `OutRequestNo`).
 *
 * @since 0.2.0
 * @category requests
 */
export const SendRequestNo = requestNumber(6, 128).annotate({ identifier: "ProductCoupon.SendRequestNo" })

/**
 * A 用户商品券Code the brand assigns (`coupon_code_mode` `API_ASSIGN`, or uploaded with `UPLOAD`): at most 40 letters,
 * digits, `_` or `-` ("可使用 数字、大小写字母、下划线_、短横线- 组成,长度不超过40个字符").
 *
 * @since 0.2.0
 * @category requests
 */
export const AssignedCouponCode = CouponCode.check(
  noFourByteUtf8.annotate({ arbitraryConstraint: undefined }),
  charLength(1, 40),
  codeCharacters
).annotate({ identifier: "ProductCoupon.AssignedCouponCode" })

/**
 * A 用户商品券Code in a path: `string(40)`; codes WeChat Pay assigns are not restricted to a character set.
 *
 * @since 0.2.0
 * @category requests
 */
export const CouponCodeInput = CouponCode.check(noFourByteUtf8, charLength(1, 40))

const idInput = <S extends Schema.Codec<string, string>>(id: S) => id.check(noFourByteUtf8, charLength(1, undefined))

/**
 * 商品券ID in a request (no length is documented).
 *
 * @since 0.2.0
 * @category requests
 */
export const ProductCouponIdInput = idInput(ProductCouponId)

/**
 * 批次ID in a request (no length is documented).
 *
 * @since 0.2.0
 * @category requests
 */
export const StockIdInput = idInput(StockId)

/**
 * 批次组ID in a request (no length is documented).
 *
 * @since 0.2.0
 * @category requests
 */
export const StockBundleIdInput = idInput(StockBundleId)

/**
 * 门店ID in a request (no length is documented).
 *
 * @since 0.2.0
 * @category requests
 */
export const StoreIdInput = idInput(StoreId)

/**
 * 用户OpenID in a request path (no length is documented on the 商品券 pages).
 *
 * @since 0.2.0
 * @category requests
 */
export const OpenIdInput = idInput(OpenId)

/**
 * 公众账号ID / 小程序AppID in a request (no length is documented on the 商品券 pages).
 *
 * @since 0.2.0
 * @category requests
 */
export const AppIdInput = idInput(AppId)

/**
 * 用户券组ID: `string(40)`.
 *
 * @since 0.2.0
 * @category requests
 */
export const UserCouponBundleIdInput = Schema.String.check(noFourByteUtf8, charLength(1, 40))

/**
 * 失效原因: 1–150 characters ("长度不超过150个UTF-8字符").
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateReason = text({ min: 1, max: 150 })

/**
 * 自定义附加信息 (`attach`): at most 150 characters, returned as sent in queries and notifications.
 *
 * @since 0.2.0
 * @category requests
 */
export const Attach = text({ min: 1, max: 150 })

const nonEmpty = text({ min: 1 })

// ---------------------------------------------------------------------------------------------------------------
// Enums: closed on requests (`oneOf`), open on responses (`openEnum`)
// ---------------------------------------------------------------------------------------------------------------

const scopes = ["ALL", "SINGLE"] as const
const types = ["NORMAL", "DISCOUNT", "EXCHANGE"] as const
const usageModes = ["SINGLE", "PROGRESSIVE_BUNDLE"] as const
const codeModes = ["WECHATPAY", "UPLOAD", "API_ASSIGN"] as const
const storeScopes = ["NONE", "ALL", "SPECIFIC"] as const
const usageMethods = ["OFFLINE", "MINI_PROGRAM", "APP", "PAYMENT_CODE"] as const
const displayModes = ["INVISIBLE", "BARCODE", "QRCODE"] as const
const weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const
const stockStates = ["AUDITING", "SENDING", "PAUSED", "STOPPED", "DEACTIVATED"] as const
const userCouponStates = ["CONFIRMING", "PENDING", "EFFECTIVE", "USED", "EXPIRED", "DELETED", "DEACTIVATED"] as const

/**
 * 优惠范围: `ALL` (全场券, NORMAL or DISCOUNT only), `SINGLE` (单品券); open.
 *
 * @since 0.2.0
 * @category models
 */
export const Scope = openEnum(...scopes)

/**
 * 商品券类型: `NORMAL` (满减券), `DISCOUNT` (折扣券), `EXCHANGE` (兑换券, `SINGLE` scope only); open.
 *
 * @since 0.2.0
 * @category models
 */
export const CouponType = openEnum(...types)

/**
 * 使用模式: `SINGLE` (单券) or `PROGRESSIVE_BUNDLE` (多次优惠: a bundle of stocks used in order); open (the
 * 2025.08 revision of the partner pages sent `SEQUENTIAL`).
 *
 * @since 0.2.0
 * @category models
 */
export const UsageMode = openEnum(...usageModes)

/**
 * 商品券状态: `AUDITING`, `EFFECTIVE`, `DEACTIVATED`; open.
 *
 * @since 0.2.0
 * @category models
 */
export const ProductCouponState = openEnum("AUDITING", "EFFECTIVE", "DEACTIVATED")

/**
 * 券Code分配模式: `WECHATPAY` (WeChat Pay assigns), `UPLOAD` (pre-uploaded), `API_ASSIGN` (given on send); open.
 *
 * @since 0.2.0
 * @category models
 */
export const CouponCodeMode = openEnum(...codeModes)

/**
 * 可用门店范围: `NONE`, `ALL`, `SPECIFIC` (the stores associated with the stock); open.
 *
 * @since 0.2.0
 * @category models
 */
export const StoreScope = openEnum(...storeScopes)

/**
 * 券使用方式: `OFFLINE`, `MINI_PROGRAM`, `APP`, `PAYMENT_CODE`; open.
 *
 * @since 0.2.0
 * @category models
 */
export const CouponUsageMethod = openEnum(...usageMethods)

/**
 * 用户商品券Code展示模式: `INVISIBLE`, `BARCODE`, `QRCODE`; open.
 *
 * @since 0.2.0
 * @category models
 */
export const CodeDisplayMode = openEnum(...displayModes)

/**
 * 批次状态: `AUDITING`, `SENDING`, `PAUSED`, `STOPPED`, `DEACTIVATED`; open.
 *
 * @since 0.2.0
 * @category models
 */
export const StockState = openEnum(...stockStates)

/**
 * 用户商品券状态: `CONFIRMING` (sent, waiting for 确认发放), `PENDING`, `EFFECTIVE`, `USED`, `EXPIRED`, `DELETED`,
 * `DEACTIVATED`; open.
 *
 * @since 0.2.0
 * @category models
 */
export const UserCouponState = openEnum(...userCouponStates)

/**
 * 发券渠道: `API`, `BRAND_MANAGE`, `MERCHANT_CARD`, `MEMBER`, `SMALL_ACTIVITY`, `RECEIVE_COMPONENT`; open.
 *
 * @since 0.2.0
 * @category models
 */
export const SendChannel = openEnum(
  "API",
  "BRAND_MANAGE",
  "MERCHANT_CARD",
  "MEMBER",
  "SMALL_ACTIVITY",
  "RECEIVE_COMPONENT"
)

/**
 * A 批次状态 in a request (查询商品券批次列表's `state`).
 *
 * @since 0.2.0
 * @category requests
 */
export const StockStateInput = oneOf(...stockStates)

/**
 * A 用户商品券状态 in a request (查询用户商品券列表's `coupon_state`).
 *
 * @since 0.2.0
 * @category requests
 */
export const UserCouponStateInput = oneOf(...userCouponStates)

// ---------------------------------------------------------------------------------------------------------------
// Strict request parts
// ---------------------------------------------------------------------------------------------------------------

const MAX_COUNT = 100_000_000

const amount = (min: number) =>
  Fen.check(Schema.isGreaterThanOrEqualTo(min, { message: `must be an amount in fen of at least ${min}` }))

/**
 * 满减券使用规则: `threshold` in fen (0 = no threshold), `discount_amount` in fen, at least 1.
 *
 * @since 0.2.0
 * @category requests
 */
export const NormalCouponInput = Schema.Struct({
  threshold: amount(0),
  discount_amount: amount(1)
}).annotate({ identifier: "ProductCoupon.NormalCouponInput" })

/**
 * 折扣券使用规则: `threshold` in fen, `percent_off` the percentage taken off (30 = 7折). No range is printed; 1..99
 * is our bound (0 gives nothing, 100 is a free item, which is an EXCHANGE coupon at price 0).
 *
 * @since 0.2.0
 * @category requests
 */
export const DiscountCouponInput = Schema.Struct({
  threshold: amount(0),
  percent_off: intBetween(1, 99)
}).annotate({ identifier: "ProductCoupon.DiscountCouponInput" })

/**
 * 兑换券使用规则: `threshold` and `exchange_price` in fen.
 *
 * @since 0.2.0
 * @category requests
 */
export const ExchangeCouponInput = Schema.Struct({
  threshold: amount(0),
  exchange_price: amount(0)
}).annotate({ identifier: "ProductCoupon.ExchangeCouponInput" })

/**
 * A list of 1–15 coupon rules of one kind, one per use of a 多次优惠 bundle.
 *
 * @since 0.2.0
 * @category requests
 */
export const ruleList = <S extends Schema.Top>(rule: S) => Schema.Array(rule).check(itemsBetween(1, 15))

/**
 * 当天可用时间段: a begin and an end within the day.
 *
 * @since 0.2.0
 * @category requests
 */
export const DayPeriodInput = Schema.Struct({
  begin_time: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { message: "must be a non-negative integer" })),
  end_time: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { message: "must be a non-negative integer" }))
}).annotate({ identifier: "ProductCoupon.DayPeriodInput" })

/**
 * 每周固定可用时间: the week days and the periods of the day.
 *
 * @since 0.2.0
 * @category requests
 */
export const WeeklyAvailablePeriodInput = Schema.Struct({
  day_list: optionalKey(Schema.Array(oneOf(...weekdays)).check(itemsBetween(1, 7))),
  day_period_list: optionalKey(Schema.Array(DayPeriodInput).check(itemsBetween(1, 24)))
}).annotate({ identifier: "ProductCoupon.WeeklyAvailablePeriodInput" })

/**
 * 无规律的可用时间段: an RFC3339 begin and end, the end after the begin.
 *
 * @since 0.2.0
 * @category requests
 */
export const TimePeriodInput = Schema.Struct({
  begin_time: Time.Rfc3339,
  end_time: Time.Rfc3339
})
  .check(
    Schema.makeFilter((t) => endAfterBegin(t.begin_time, t.end_time, ["end_time"], "must be after begin_time"), {
      toJsonSchema: () => [{ description: "end_time is after begin_time" }, true]
    })
  )
  .annotate({ identifier: "ProductCoupon.TimePeriodInput" })

const DAY = 24 * 60 * 60 * 1000

/**
 * 券可核销时间: RFC3339 begin and end (the end after the begin, at most 365 days later: "批次有效期最长 365 天"),
 * `available_days` 1..365 (生效后N天内有效), `wait_days_after_receive` 0..30 and only with `available_days`
 * ("需配合 available_days，不可单独填写"), a weekly period, and at most 2 irregular periods, which exclude the other
 * three ("不可与 available_days/wait_days_after_receive/weekly_available_period 同时配置").
 *
 * @since 0.2.0
 * @category requests
 */
export const CouponAvailablePeriodInput = Schema.Struct({
  available_begin_time: Time.Rfc3339,
  available_end_time: Time.Rfc3339,
  available_days: optionalKey(intBetween(1, 365)),
  wait_days_after_receive: optionalKey(intBetween(0, 30)),
  weekly_available_period: optionalKey(WeeklyAvailablePeriodInput),
  irregular_available_period_list: optionalKey(Schema.Array(TimePeriodInput).check(itemsBetween(1, 2)))
})
  .check(
    Schema.makeFilter(
      (p) => {
        const issues: Array<Schema.FilterIssue> = []
        const order = endAfterBegin(
          p.available_begin_time,
          p.available_end_time,
          ["available_end_time"],
          "must be after available_begin_time"
        )
        if (order !== undefined) issues.push(order)
        const span = spanAtMost(
          p.available_begin_time,
          p.available_end_time,
          365 * DAY,
          ["available_end_time"],
          "must be at most 365 days after available_begin_time"
        )
        if (span !== undefined) issues.push(span)
        if (p.wait_days_after_receive !== undefined && p.available_days === undefined) {
          issues.push({ path: ["available_days"], issue: "is required when wait_days_after_receive is set" })
        }
        if (p.irregular_available_period_list !== undefined) {
          for (const key of ["available_days", "wait_days_after_receive", "weekly_available_period"] as const) {
            if (p[key] !== undefined) {
              issues.push({ path: [key], issue: "must be absent when irregular_available_period_list is set" })
            }
          }
        }
        return issues
      },
      {
        toJsonSchema: () => [
          {
            description:
              "available_end_time is after available_begin_time and at most 365 days later; wait_days_after_receive needs available_days; irregular_available_period_list excludes available_days, wait_days_after_receive and weekly_available_period"
          },
          true
        ]
      }
    )
  )
  .annotate({ identifier: "ProductCoupon.CouponAvailablePeriodInput" })

/**
 * 单券使用规则: when coupons of the stock are valid, and (单品券) the coupon rule of its type: one of
 * `normal_coupon`, `discount_coupon`, `exchange_coupon`, or none (a 全场券's rule is in the coupon's
 * `single_usage_info`).
 *
 * @since 0.2.0
 * @category requests
 */
export const SingleUsageRuleInput = Schema.Union([
  Schema.Struct({ coupon_available_period: CouponAvailablePeriodInput }),
  Schema.Struct({ coupon_available_period: CouponAvailablePeriodInput, normal_coupon: NormalCouponInput }),
  Schema.Struct({ coupon_available_period: CouponAvailablePeriodInput, discount_coupon: DiscountCouponInput }),
  Schema.Struct({ coupon_available_period: CouponAvailablePeriodInput, exchange_coupon: ExchangeCouponInput })
]).annotate({
  identifier: "ProductCoupon.SingleUsageRuleInput",
  message:
    "must have coupon_available_period and at most one coupon rule (normal_coupon, discount_coupon or exchange_coupon)"
})

/**
 * 多次优惠批次组使用规则: when coupons are valid, and one list of coupon rules, one per use in order ("会根据内部的
 * 优惠规则列表依次创建批次放入批次组"): exactly one of the three lists, the one of the coupon's type, with 1–15
 * rules (a bundle is used 3–15 times).
 *
 * @since 0.2.0
 * @category requests
 */
export const ProgressiveBundleUsageRuleInput = Schema.Union([
  Schema.Struct({
    coupon_available_period: CouponAvailablePeriodInput,
    normal_coupon_list: ruleList(NormalCouponInput)
  }),
  Schema.Struct({
    coupon_available_period: CouponAvailablePeriodInput,
    discount_coupon_list: ruleList(DiscountCouponInput)
  }),
  Schema.Struct({
    coupon_available_period: CouponAvailablePeriodInput,
    exchange_coupon_list: ruleList(ExchangeCouponInput)
  })
]).annotate({
  identifier: "ProductCoupon.ProgressiveBundleUsageRuleInput",
  message:
    "must have coupon_available_period and exactly one list of coupon rules (normal_coupon_list, discount_coupon_list or exchange_coupon_list)"
})

/**
 * 发放规则: `max_count` 1..100,000,000, `max_count_per_day` 1..100,000,000 (unlimited when absent),
 * `max_count_per_user` 1..100.
 *
 * @since 0.2.0
 * @category requests
 */
export const StockSendRuleInput = Schema.Struct({
  max_count: intBetween(1, MAX_COUNT),
  max_count_per_day: optionalKey(intBetween(1, MAX_COUNT)),
  max_count_per_user: intBetween(1, 100)
}).annotate({ identifier: "ProductCoupon.StockSendRuleInput" })

/**
 * 券可用门店信息: a description of 1–1000 characters and an optional mini-program link.
 *
 * @since 0.2.0
 * @category requests
 */
export const CouponAvailableStoreInfoInput = Schema.Struct({
  description: text({ min: 1, max: 1000 }),
  mini_program_appid: optionalKey(AppIdInput),
  mini_program_path: optionalKey(nonEmpty)
}).annotate({ identifier: "ProductCoupon.CouponAvailableStoreInfoInput" })

/**
 * 券使用规则展示信息: how the coupon is used (at least one way), the usage text (1–1000 characters), and the
 * links each way needs: a mini-program AppID and path for `MINI_PROGRAM` ("需和 mini_program_path 一同填写"), an
 * `app_path` for `APP`.
 *
 * @since 0.2.0
 * @category requests
 */
export const UsageRuleDisplayInfoInput = Schema.Struct({
  coupon_usage_method_list: Schema.Array(oneOf(...usageMethods)).check(itemsBetween(1, 4)),
  mini_program_appid: optionalKey(AppIdInput),
  mini_program_path: optionalKey(nonEmpty),
  app_path: optionalKey(nonEmpty),
  usage_description: text({ min: 1, max: 1000 }),
  coupon_available_store_info: optionalKey(CouponAvailableStoreInfoInput)
})
  .check(
    Schema.makeFilter(
      (info) => {
        const issues: Array<Schema.FilterIssue> = []
        if (info.coupon_usage_method_list.includes("MINI_PROGRAM")) {
          for (const key of ["mini_program_appid", "mini_program_path"] as const) {
            if (info[key] === undefined) issues.push({ path: [key], issue: "is required for MINI_PROGRAM" })
          }
        }
        if (info.coupon_usage_method_list.includes("APP") && info.app_path === undefined) {
          issues.push({ path: ["app_path"], issue: "is required for APP" })
        }
        return issues
      },
      {
        toJsonSchema: () => [
          { description: "MINI_PROGRAM needs mini_program_appid and mini_program_path; APP needs app_path" },
          true
        ]
      }
    )
  )
  .annotate({ identifier: "ProductCoupon.UsageRuleDisplayInfoInput" })

/**
 * 小程序入口: AppID, path, 入口文案 (1–5 characters) and 引导文案 (1–6 characters).
 *
 * @since 0.2.0
 * @category requests
 */
export const EntranceMiniProgramInput = Schema.Struct({
  appid: AppIdInput,
  path: nonEmpty,
  entrance_wording: text({ min: 1, max: 5 }),
  guidance_wording: text({ min: 1, max: 6 })
}).annotate({ identifier: "ProductCoupon.EntranceMiniProgramInput" })

/**
 * 用户商品券展示信息: the code display mode, a background colour (`Color010` … `Color100`, default `Color020`), and
 * entrances to a mini program, an official account and WeChat Channels.
 *
 * @since 0.2.0
 * @category requests
 */
export const CouponDisplayInfoInput = Schema.Struct({
  code_display_mode: oneOf(...displayModes),
  background_color: optionalKey(oneOf(...BackgroundColors)),
  entrance_mini_program: optionalKey(EntranceMiniProgramInput),
  entrance_official_account: optionalKey(Schema.Struct({ appid: AppIdInput })),
  entrance_finder: optionalKey(
    Schema.Struct({
      finder_id: nonEmpty,
      finder_video_id: nonEmpty,
      finder_video_cover_image_url: nonEmpty
    })
  )
}).annotate({ identifier: "ProductCoupon.CouponDisplayInfoInput" })

/**
 * 事件通知配置: the AppID (bound to the brand or the service provider) under which notifications give the openid.
 *
 * @since 0.2.0
 * @category requests
 */
export const NotifyConfigInput = Schema.Struct({
  notify_appid: AppIdInput
}).annotate({ identifier: "ProductCoupon.NotifyConfigInput" })

/** The fields of a stock to create, but its usage rule. */
const stockFields = {
  remark: optionalKey(text({ min: 1, max: 20 })),
  coupon_code_mode: oneOf(...codeModes),
  stock_send_rule: StockSendRuleInput,
  usage_rule_display_info: UsageRuleDisplayInfoInput,
  coupon_display_info: CouponDisplayInfoInput,
  notify_config: NotifyConfigInput,
  store_scope: oneOf(...storeScopes)
}

/**
 * 批次 of 添加商品券批次: remark (1–20 characters, seen by the brand only), code mode, send rule, usage rule, display,
 * notification and store scope. (创建商品券 takes the stock of its coupon type, see `CreateProductCouponRequest`.)
 *
 * @since 0.2.0
 * @category requests
 */
export const StockForCreateInput = Schema.Struct({
  ...stockFields,
  single_usage_rule: SingleUsageRuleInput
}).annotate({ identifier: "ProductCoupon.StockForCreateInput" })

/**
 * 批次组 of 添加商品券批次组: as a stock, with the bundle's usage rule instead of the single one; every stock of the
 * bundle gets these values.
 *
 * @since 0.2.0
 * @category requests
 */
export const StockBundleForCreateInput = Schema.Struct({
  ...stockFields,
  progressive_bundle_usage_rule: ProgressiveBundleUsageRuleInput
}).annotate({ identifier: "ProductCoupon.StockBundleForCreateInput" })

const choiceFields = {
  name: text({ min: 1, max: 15 }),
  price: amount(0),
  count: intBetween(1, 99),
  image_url: optionalKey(nonEmpty)
}

/**
 * One item of a 套餐: name (1–15 characters), price in fen, count 1..99, and an optional image and mini-program
 * link (AppID and path together: "需和 mini_program_appid 一同填写").
 *
 * @since 0.2.0
 * @category requests
 */
export const ComboChoiceInput = Schema.Union([
  Schema.Struct(choiceFields),
  Schema.Struct({ ...choiceFields, mini_program_appid: AppIdInput, mini_program_path: nonEmpty })
]).annotate({
  identifier: "ProductCoupon.ComboChoiceInput",
  message:
    "must be an item with name, price and count (and image_url), and mini_program_appid and mini_program_path together or neither"
})

/**
 * 套餐组合: name (1–15 characters), how many items the user picks (at least 1) and the items (1–99).
 *
 * @since 0.2.0
 * @category requests
 */
export const ComboPackageInput = Schema.Struct({
  name: text({ min: 1, max: 15 }),
  pick_count: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be a positive integer" })),
  choice_list: Schema.Array(ComboChoiceInput).check(itemsBetween(1, 99))
}).annotate({ identifier: "ProductCoupon.ComboPackageInput" })

const displayFields = {
  name: text({ min: 3, max: 15 }),
  image_url: nonEmpty,
  background_url: nonEmpty,
  detail_image_url_list: optionalKey(Schema.Array(nonEmpty).check(itemsBetween(1, 8)))
}

/**
 * 展示信息 of a 商品券: name (3–15 characters), image and background (URLs from the image upload), at most 8 detail
 * images, and the original price in fen and 1–50 套餐 (required for a 单品券, see `SingleProductDisplayInfoInput`).
 *
 * @since 0.2.0
 * @category requests
 */
export const ProductCouponDisplayInfoInput = Schema.Struct({
  ...displayFields,
  original_price: optionalKey(amount(0)),
  combo_package_list: optionalKey(Schema.Array(ComboPackageInput).check(itemsBetween(1, 50)))
}).annotate({ identifier: "ProductCoupon.ProductCouponDisplayInfoInput" })

/**
 * 展示信息 of a 单品券 (scope `SINGLE`): the original price and the 套餐 are required ("scope=SINGLE 时必填").
 *
 * @since 0.2.0
 * @category requests
 */
export const SingleProductDisplayInfoInput = Schema.Struct({
  ...displayFields,
  original_price: amount(0),
  combo_package_list: Schema.Array(ComboPackageInput).check(itemsBetween(1, 50))
}).annotate({ identifier: "ProductCoupon.SingleProductDisplayInfoInput" })

/**
 * 多次优惠模式信息: how many times a user may use it (3..15) and the days between two uses (0..7).
 *
 * @since 0.2.0
 * @category requests
 */
export const ProgressiveBundleUsageInfoInput = Schema.Struct({
  count: intBetween(3, 15),
  interval_days: optionalKey(intBetween(0, 7))
}).annotate({ identifier: "ProductCoupon.ProgressiveBundleUsageInfoInput" })

/**
 * 门店: a store id in a store list.
 *
 * @since 0.2.0
 * @category requests
 */
export const StoreInput = Schema.Struct({ store_id: StoreIdInput }).annotate({ identifier: "ProductCoupon.StoreInput" })

/**
 * 门店列表: 1–200 stores ("单次最多可批量关联200个门店").
 *
 * @since 0.2.0
 * @category requests
 */
export const StoreListInput = Schema.Array(StoreInput).check(itemsBetween(1, 200))

/**
 * 关联微信支付订单信息 of 核销用户商品券: the order the coupon was used on (by WeChat Pay order number, or the
 * merchant's order number with its merchant).
 *
 * @since 0.2.0
 * @category requests
 */
export const AssociatedOrderInfoInput = Schema.Struct({
  transaction_id: optionalKey(nonEmpty),
  out_trade_no: optionalKey(nonEmpty),
  mchid: optionalKey(MchId.check(noFourByteUtf8, charLength(1, undefined))),
  sub_mchid: optionalKey(MchId.check(noFourByteUtf8, charLength(1, undefined)))
})
  .check(
    Schema.makeFilter(
      (order) =>
        order.transaction_id === undefined && order.out_trade_no === undefined
          ? { path: ["transaction_id"], issue: "transaction_id or out_trade_no is required" }
          : order.out_trade_no !== undefined && order.mchid === undefined
            ? { path: ["mchid"], issue: "is required with out_trade_no" }
            : undefined,
      { toJsonSchema: () => [{ description: "transaction_id or out_trade_no (with mchid)" }, true] }
    )
  )
  .annotate({ identifier: "ProductCoupon.AssociatedOrderInfoInput" })

/**
 * 券核销的关联微信支付分订单信息: the 微信支付分 order the coupon was used on.
 *
 * @since 0.2.0
 * @category requests
 */
export const AssociatedPayScoreOrderInfoInput = Schema.Struct({
  order_id: optionalKey(nonEmpty),
  out_order_no: optionalKey(nonEmpty),
  mchid: optionalKey(MchId.check(noFourByteUtf8, charLength(1, undefined))),
  sub_mchid: optionalKey(MchId.check(noFourByteUtf8, charLength(1, undefined)))
})
  .check(
    Schema.makeFilter(
      (order) =>
        order.order_id === undefined && order.out_order_no === undefined
          ? { path: ["order_id"], issue: "order_id or out_order_no is required" }
          : undefined,
      { toJsonSchema: () => [{ description: "order_id or out_order_no" }, true] }
    )
  )
  .annotate({ identifier: "ProductCoupon.AssociatedPayScoreOrderInfoInput" })

/**
 * 用户商品券标签信息: tags (`MEMBER`) and, for a member coupon, the member card.
 *
 * @since 0.2.0
 * @category requests
 */
export const CouponTagInfoInput = Schema.Struct({
  coupon_tag_list: optionalKey(Schema.Array(oneOf("MEMBER")).check(itemsBetween(1, 1))),
  member_tag_info: optionalKey(Schema.Struct({ member_card_id: nonEmpty }))
}).annotate({ identifier: "ProductCoupon.CouponTagInfoInput" })

// ---------------------------------------------------------------------------------------------------------------
// Tolerant response entities
// ---------------------------------------------------------------------------------------------------------------

/**
 * 满减券使用规则.
 *
 * @since 0.2.0
 * @category models
 */
export class NormalCoupon extends Schema.Class<NormalCoupon>("ProductCoupon.NormalCoupon")({
  threshold: optionalOnWire(WireFen),
  discount_amount: optionalOnWire(WireFen)
}) {}

/**
 * 折扣券使用规则.
 *
 * @since 0.2.0
 * @category models
 */
export class DiscountCoupon extends Schema.Class<DiscountCoupon>("ProductCoupon.DiscountCoupon")({
  threshold: optionalOnWire(WireFen),
  percent_off: optionalOnWire(WireInt)
}) {}

/**
 * 兑换券使用规则.
 *
 * @since 0.2.0
 * @category models
 */
export class ExchangeCoupon extends Schema.Class<ExchangeCoupon>("ProductCoupon.ExchangeCoupon")({
  threshold: optionalOnWire(WireFen),
  exchange_price: optionalOnWire(WireFen)
}) {}

/**
 * 单券模式信息.
 *
 * @since 0.2.0
 * @category models
 */
export class SingleUsageInfo extends Schema.Class<SingleUsageInfo>("ProductCoupon.SingleUsageInfo")({
  normal_coupon: optionalOnWire(NormalCoupon),
  discount_coupon: optionalOnWire(DiscountCoupon)
}) {}

/**
 * 多次优惠模式信息.
 *
 * @since 0.2.0
 * @category models
 */
export class ProgressiveBundleUsageInfo extends Schema.Class<ProgressiveBundleUsageInfo>(
  "ProductCoupon.ProgressiveBundleUsageInfo"
)({
  count: optionalOnWire(WireInt),
  interval_days: optionalOnWire(WireInt)
}) {}

/**
 * One item of a 套餐.
 *
 * @since 0.2.0
 * @category models
 */
export class ComboChoice extends Schema.Class<ComboChoice>("ProductCoupon.ComboChoice")({
  name: optionalOnWire(Schema.String),
  price: optionalOnWire(WireFen),
  count: optionalOnWire(WireInt),
  image_url: optionalOnWire(Schema.String),
  mini_program_appid: optionalOnWire(AppId),
  mini_program_path: optionalOnWire(Schema.String)
}) {}

/**
 * 套餐组合.
 *
 * @since 0.2.0
 * @category models
 */
export class ComboPackage extends Schema.Class<ComboPackage>("ProductCoupon.ComboPackage")({
  name: optionalOnWire(Schema.String),
  pick_count: optionalOnWire(WireInt),
  choice_list: optionalOnWire(Schema.Array(ComboChoice))
}) {}

/**
 * 展示信息 of a 商品券.
 *
 * @since 0.2.0
 * @category models
 */
export class ProductCouponDisplayInfo extends Schema.Class<ProductCouponDisplayInfo>(
  "ProductCoupon.ProductCouponDisplayInfo"
)({
  name: optionalOnWire(Schema.String),
  image_url: optionalOnWire(Schema.String),
  background_url: optionalOnWire(Schema.String),
  detail_image_url_list: optionalOnWire(Schema.Array(Schema.String)),
  original_price: optionalOnWire(WireFen),
  combo_package_list: optionalOnWire(Schema.Array(ComboPackage))
}) {}

/**
 * A 商品券: its id and state, scope, type, usage mode and rule, display, and deactivation.
 *
 * @since 0.2.0
 * @category models
 */
export class ProductCouponEntity extends Schema.Class<ProductCouponEntity>("ProductCoupon.ProductCouponEntity")({
  product_coupon_id: ProductCouponId,
  state: ProductCouponState,
  brand_id: optionalOnWire(BrandId),
  scope: optionalOnWire(Scope),
  type: optionalOnWire(CouponType),
  usage_mode: optionalOnWire(UsageMode),
  single_usage_info: optionalOnWire(SingleUsageInfo),
  progressive_bundle_usage_info: optionalOnWire(ProgressiveBundleUsageInfo),
  display_info: optionalOnWire(ProductCouponDisplayInfo),
  out_product_no: optionalOnWire(Schema.String),
  deactivate_request_no: optionalOnWire(Schema.String),
  deactivate_time: optionalOnWire(Time.WireTime),
  deactivate_reason: optionalOnWire(Schema.String)
}) {}

/**
 * 当天可用时间段.
 *
 * @since 0.2.0
 * @category models
 */
export class DayPeriod extends Schema.Class<DayPeriod>("ProductCoupon.DayPeriod")({
  begin_time: optionalOnWire(WireInt),
  end_time: optionalOnWire(WireInt)
}) {}

/**
 * 每周固定可用时间.
 *
 * @since 0.2.0
 * @category models
 */
export class WeeklyAvailablePeriod extends Schema.Class<WeeklyAvailablePeriod>("ProductCoupon.WeeklyAvailablePeriod")({
  day_list: optionalOnWire(Schema.Array(openEnum(...weekdays))),
  day_period_list: optionalOnWire(Schema.Array(DayPeriod))
}) {}

/**
 * 无规律的可用时间段.
 *
 * @since 0.2.0
 * @category models
 */
export class TimePeriod extends Schema.Class<TimePeriod>("ProductCoupon.TimePeriod")({
  begin_time: optionalOnWire(Time.WireTime),
  end_time: optionalOnWire(Time.WireTime)
}) {}

/**
 * 券可核销时间.
 *
 * @since 0.2.0
 * @category models
 */
export class CouponAvailablePeriod extends Schema.Class<CouponAvailablePeriod>("ProductCoupon.CouponAvailablePeriod")({
  available_begin_time: optionalOnWire(Time.WireTime),
  available_end_time: optionalOnWire(Time.WireTime),
  available_days: optionalOnWire(WireInt),
  wait_days_after_receive: optionalOnWire(WireInt),
  weekly_available_period: optionalOnWire(WeeklyAvailablePeriod),
  irregular_available_period_list: optionalOnWire(Schema.Array(TimePeriod))
}) {}

/**
 * The usage rule of a stock: its validity and the coupon rule of its type (单券 stocks, and each stock of a bundle).
 *
 * @since 0.2.0
 * @category models
 */
export class StockUsageRule extends Schema.Class<StockUsageRule>("ProductCoupon.StockUsageRule")({
  coupon_available_period: optionalOnWire(CouponAvailablePeriod),
  normal_coupon: optionalOnWire(NormalCoupon),
  discount_coupon: optionalOnWire(DiscountCoupon),
  exchange_coupon: optionalOnWire(ExchangeCoupon)
}) {}

/**
 * 发放规则.
 *
 * @since 0.2.0
 * @category models
 */
export class StockSendRule extends Schema.Class<StockSendRule>("ProductCoupon.StockSendRule")({
  max_count: optionalOnWire(WireInt),
  max_count_per_day: optionalOnWire(WireInt),
  max_count_per_user: optionalOnWire(WireInt)
}) {}

/**
 * 券可用门店信息.
 *
 * @since 0.2.0
 * @category models
 */
export class CouponAvailableStoreInfo extends Schema.Class<CouponAvailableStoreInfo>(
  "ProductCoupon.CouponAvailableStoreInfo"
)({
  description: optionalOnWire(Schema.String),
  mini_program_appid: optionalOnWire(AppId),
  mini_program_path: optionalOnWire(Schema.String)
}) {}

/**
 * 券使用规则展示信息.
 *
 * @since 0.2.0
 * @category models
 */
export class UsageRuleDisplayInfo extends Schema.Class<UsageRuleDisplayInfo>("ProductCoupon.UsageRuleDisplayInfo")({
  coupon_usage_method_list: optionalOnWire(Schema.Array(CouponUsageMethod)),
  mini_program_appid: optionalOnWire(AppId),
  mini_program_path: optionalOnWire(Schema.String),
  app_path: optionalOnWire(Schema.String),
  usage_description: optionalOnWire(Schema.String),
  coupon_available_store_info: optionalOnWire(CouponAvailableStoreInfo)
}) {}

/**
 * 小程序入口.
 *
 * @since 0.2.0
 * @category models
 */
export class EntranceMiniProgram extends Schema.Class<EntranceMiniProgram>("ProductCoupon.EntranceMiniProgram")({
  appid: optionalOnWire(AppId),
  path: optionalOnWire(Schema.String),
  entrance_wording: optionalOnWire(Schema.String),
  guidance_wording: optionalOnWire(Schema.String)
}) {}

/**
 * 视频号入口.
 *
 * @since 0.2.0
 * @category models
 */
export class EntranceFinder extends Schema.Class<EntranceFinder>("ProductCoupon.EntranceFinder")({
  finder_id: optionalOnWire(Schema.String),
  finder_video_id: optionalOnWire(Schema.String),
  finder_video_cover_image_url: optionalOnWire(Schema.String)
}) {}

/**
 * 用户商品券展示信息.
 *
 * @since 0.2.0
 * @category models
 */
export class CouponDisplayInfo extends Schema.Class<CouponDisplayInfo>("ProductCoupon.CouponDisplayInfo")({
  code_display_mode: optionalOnWire(CodeDisplayMode),
  background_color: optionalOnWire(openEnum(...BackgroundColors)),
  entrance_mini_program: optionalOnWire(EntranceMiniProgram),
  entrance_official_account: optionalOnWire(Schema.Struct({ appid: optionalOnWire(AppId) })),
  entrance_finder: optionalOnWire(EntranceFinder)
}) {}

/**
 * 品牌方预上传的券Code数量信息.
 *
 * @since 0.2.0
 * @category models
 */
export class CouponCodeCountInfo extends Schema.Class<CouponCodeCountInfo>("ProductCoupon.CouponCodeCountInfo")({
  total_count: optionalOnWire(WireInt),
  available_count: optionalOnWire(WireInt)
}) {}

/**
 * 已发放次数: in total and today.
 *
 * @since 0.2.0
 * @category models
 */
export class SentCountInfo extends Schema.Class<SentCountInfo>("ProductCoupon.SentCountInfo")({
  total_count: optionalOnWire(WireInt),
  today_count: optionalOnWire(WireInt)
}) {}

/**
 * 批次组信息 of a stock in a bundle: the bundle and the stock's place in it (from 0).
 *
 * @since 0.2.0
 * @category models
 */
export class StockBundleInfo extends Schema.Class<StockBundleInfo>("ProductCoupon.StockBundleInfo")({
  stock_bundle_id: optionalOnWire(StockBundleId),
  stock_bundle_index: optionalOnWire(WireInt)
}) {}

/**
 * A 商品券 stock (批次): its ids and state, rules, display, notification, store scope and counts. A stock of a
 * 多次优惠 bundle has `progressive_bundle_usage_rule` and `stock_bundle_info` instead of `single_usage_rule`.
 *
 * @since 0.2.0
 * @category models
 */
export class StockEntity extends Schema.Class<StockEntity>("ProductCoupon.StockEntity")({
  product_coupon_id: ProductCouponId,
  stock_id: StockId,
  state: StockState,
  brand_id: optionalOnWire(BrandId),
  remark: optionalOnWire(Schema.String),
  coupon_code_mode: optionalOnWire(CouponCodeMode),
  coupon_code_count_info: optionalOnWire(CouponCodeCountInfo),
  stock_send_rule: optionalOnWire(StockSendRule),
  single_usage_rule: optionalOnWire(StockUsageRule),
  progressive_bundle_usage_rule: optionalOnWire(StockUsageRule),
  stock_bundle_info: optionalOnWire(StockBundleInfo),
  usage_rule_display_info: optionalOnWire(UsageRuleDisplayInfo),
  coupon_display_info: optionalOnWire(CouponDisplayInfo),
  notify_config: optionalOnWire(Schema.Struct({ notify_appid: optionalOnWire(AppId) })),
  store_scope: optionalOnWire(StoreScope),
  sent_count_info: optionalOnWire(SentCountInfo),
  deactivate_request_no: optionalOnWire(Schema.String),
  deactivate_time: optionalOnWire(Time.WireTime),
  deactivate_reason: optionalOnWire(Schema.String)
}) {}

/**
 * A 批次组: its id and its stocks, one per use, in order.
 *
 * @since 0.2.0
 * @category models
 */
export class StockBundleEntity extends Schema.Class<StockBundleEntity>("ProductCoupon.StockBundleEntity")({
  stock_bundle_id: StockBundleId,
  stock_list: optionalOnWire(Schema.Array(StockEntity))
}) {}

/**
 * 关联微信支付订单信息.
 *
 * @since 0.2.0
 * @category models
 */
export class AssociatedOrderInfo extends Schema.Class<AssociatedOrderInfo>("ProductCoupon.AssociatedOrderInfo")({
  transaction_id: optionalOnWire(Schema.String),
  out_trade_no: optionalOnWire(Schema.String),
  mchid: optionalOnWire(MchId),
  sub_mchid: optionalOnWire(MchId)
}) {}

/**
 * 券核销的关联微信支付分订单信息.
 *
 * @since 0.2.0
 * @category models
 */
export class AssociatedPayScoreOrderInfo extends Schema.Class<AssociatedPayScoreOrderInfo>(
  "ProductCoupon.AssociatedPayScoreOrderInfo"
)({
  order_id: optionalOnWire(Schema.String),
  out_order_no: optionalOnWire(Schema.String),
  mchid: optionalOnWire(MchId),
  sub_mchid: optionalOnWire(MchId)
}) {}

/**
 * 使用详情 of a user coupon: when and on which order it was used, and its return.
 *
 * @since 0.2.0
 * @category models
 */
export class CouponUsageDetail extends Schema.Class<CouponUsageDetail>("ProductCoupon.CouponUsageDetail")({
  use_request_no: optionalOnWire(Schema.String),
  use_time: optionalOnWire(Time.WireTime),
  associated_order_info: optionalOnWire(AssociatedOrderInfo),
  associated_pay_score_order_info: optionalOnWire(AssociatedPayScoreOrderInfo),
  saved_amount: optionalOnWire(WireFen),
  return_request_no: optionalOnWire(Schema.String),
  return_time: optionalOnWire(Time.WireTime)
}) {}

/**
 * 用户商品券组信息: the user's coupon bundle (多次优惠), this coupon's place in it (from 0), and its uses.
 *
 * @since 0.2.0
 * @category models
 */
export class UserCouponBundleInfo extends Schema.Class<UserCouponBundleInfo>("ProductCoupon.UserCouponBundleInfo")({
  user_coupon_bundle_id: optionalOnWire(Schema.String),
  user_coupon_bundle_index: optionalOnWire(WireInt),
  total_count: optionalOnWire(WireInt),
  used_count: optionalOnWire(WireInt)
}) {}

/**
 * 用户商品券标签信息.
 *
 * @since 0.2.0
 * @category models
 */
export class CouponTagInfo extends Schema.Class<CouponTagInfo>("ProductCoupon.CouponTagInfo")({
  coupon_tag_list: optionalOnWire(Schema.Array(openEnum("MEMBER"))),
  member_tag_info: optionalOnWire(Schema.Struct({ member_card_id: optionalOnWire(Schema.String) }))
}) {}

/**
 * A 用户商品券 (a coupon in a user's card pack): code and state, validity, how it was sent and confirmed, its use,
 * its 商品券 and stock, and what the brand attached.
 *
 * @since 0.2.0
 * @category models
 */
export class UserProductCouponEntity extends Schema.Class<UserProductCouponEntity>(
  "ProductCoupon.UserProductCouponEntity"
)({
  coupon_code: CouponCode,
  coupon_state: UserCouponState,
  brand_id: optionalOnWire(BrandId),
  valid_begin_time: optionalOnWire(Time.WireTime),
  valid_end_time: optionalOnWire(Time.WireTime),
  receive_time: optionalOnWire(Time.WireTime),
  send_request_no: optionalOnWire(Schema.String),
  send_channel: optionalOnWire(SendChannel),
  confirm_request_no: optionalOnWire(Schema.String),
  confirm_time: optionalOnWire(Time.WireTime),
  deactivate_request_no: optionalOnWire(Schema.String),
  deactivate_time: optionalOnWire(Time.WireTime),
  deactivate_reason: optionalOnWire(Schema.String),
  single_usage_detail: optionalOnWire(CouponUsageDetail),
  progressive_bundle_usage_detail: optionalOnWire(CouponUsageDetail),
  user_product_coupon_bundle_info: optionalOnWire(UserCouponBundleInfo),
  product_coupon: optionalOnWire(ProductCouponEntity),
  stock: optionalOnWire(StockEntity),
  attach: optionalOnWire(Schema.String),
  channel_custom_info: optionalOnWire(Schema.String),
  coupon_tag_info: optionalOnWire(CouponTagInfo)
}) {}

/**
 * A store in a store list, and one the call failed for (`code`, `message`).
 *
 * @since 0.2.0
 * @category models
 */
export class StoreResult extends Schema.Class<StoreResult>("ProductCoupon.StoreResult")({
  store_id: StoreId,
  code: optionalOnWire(Schema.String),
  message: optionalOnWire(Schema.String)
}) {}

/**
 * 批次(组)关联/取消关联门店 response: how many stores were asked for, which succeeded and which failed.
 *
 * @since 0.2.0
 * @category responses
 */
export class StoresResult extends Schema.Class<StoresResult>("ProductCoupon.StoresResult")({
  total_count: optionalOnWire(WireInt),
  success_store_list: optionalOnWire(Schema.Array(StoreResult)),
  failed_store_list: optionalOnWire(Schema.Array(StoreResult))
}) {}
