import * as Schema from "effect/Schema"
import { BusifavorErrors } from "../../ApiError.js"
import * as Endpoint from "../../Endpoint.js"
import { AppId, CouponCode, Fen, MchId, OpenId, StockId } from "../../Ids.js"
import * as Time from "../../Time.js"
import { charLength, intBetween, itemsBetween, noFourByteUtf8, oneOf, text } from "../text.js"
import { openEnum, optionalKey, optionalOnWire, WireInt } from "../tolerant.js"
import { BackgroundColors, CouponUseRuleInput, QueryCouponResponse, QueryStock } from "./common.js"

const pathParam = <S extends Schema.Codec<string, string>>(id: S, max: number) =>
  id.check(noFourByteUtf8, charLength(1, max))

// 商户单据号: 1–128 characters of letters, digits, `|`, `_`, `*` and `-` (the 商家券 character set, docs/sources/wechatpay-v3.md §2.4).
// Generated from the pattern alone (the emoji rule's generation pattern, CJK text, would be rejected by it).
const RequestNo = Schema.String.check(
  noFourByteUtf8.annotate({ arbitraryConstraint: undefined }),
  charLength(1, 128),
  Schema.isPattern(/^[0-9A-Za-z|_*-]+$/u, { message: "may contain only letters, digits, |, _, * and -" })
).annotate({ identifier: "Busifavor.RequestNo" })

/**
 * 商户预存code: 1–32 characters of `0-9 a-z A-Z`, space (U+0020 only, no tab or line break), `-`, `_`, `\`, `/`,
 * `=` and `|` (Go SDK `UploadCouponCodeBody`; the 2019 wiki page omits the space).
 *
 * @since 0.1.0
 * @category models
 */
export const UploadedCouponCode = CouponCode.check(
  charLength(1, 32),
  Schema.isPattern(/^[0-9A-Za-z \-_\\/=|]+$/u, {
    message: "may contain only letters, digits, space, -, _, \\, /, = and |"
  })
).annotate({ identifier: "Busifavor.UploadedCouponCode" })

const appIdInput = AppId.check(noFourByteUtf8, charLength(1, 32))

const MAX_COUNT = 1_000_000_000

/**
 * 小程序入口, strict: AppID, path and 入口文案 (1–5 characters) are required, 引导文案 1–6 characters.
 *
 * @since 0.1.0
 * @category requests
 */
export const MiniProgramsInfoInput = Schema.Struct({
  mini_programs_appid: appIdInput,
  mini_programs_path: text({ min: 1 }),
  entrance_words: text({ min: 1, max: 5 }),
  guiding_words: optionalKey(text({ min: 1, max: 6 }))
}).annotate({ identifier: "Busifavor.MiniProgramsInfoInput" })

/**
 * 自定义入口, strict (创建商家券): a mini-program entrance, an official account, a 营销馆 id, a store id and the code
 * display mode, all optional.
 *
 * @since 0.1.0
 * @category requests
 */
export const CustomEntranceInput = Schema.Struct({
  mini_programs_info: optionalKey(MiniProgramsInfoInput),
  appid: optionalKey(appIdInput),
  hall_id: optionalKey(text({ min: 1 })),
  store_id: optionalKey(text({ min: 1 })),
  code_display_mode: optionalKey(oneOf("NOT_SHOW", "BARCODE", "QRCODE"))
}).annotate({ identifier: "Busifavor.CustomEntranceInput" })

/**
 * 视频号相关信息, strict: the three fields are required together.
 *
 * @since 0.1.0
 * @category requests
 */
export const FinderInfoInput = Schema.Struct({
  finder_id: text({ min: 1 }),
  finder_video_id: text({ min: 1 }),
  finder_video_cover_image_url: text({ min: 1 })
}).annotate({ identifier: "Busifavor.FinderInfoInput" })

/**
 * 样式信息, strict: `merchant_name` at most 12 characters (WeChat Pay fills it from the brand and ignores it),
 * `background_color` one of `Color010` … `Color100`.
 *
 * @since 0.1.0
 * @category requests
 */
export const DisplayPatternInfoInput = Schema.Struct({
  description: optionalKey(text({ min: 1 })),
  merchant_logo_url: optionalKey(text({ min: 1 })),
  merchant_name: optionalKey(text({ min: 1, max: 12 })),
  background_color: optionalKey(oneOf(...BackgroundColors)),
  coupon_image_url: optionalKey(text({ min: 1 })),
  finder_info: optionalKey(FinderInfoInput)
}).annotate({ identifier: "Busifavor.DisplayPatternInfoInput" })

/**
 * 事件通知配置, strict: the AppID used to compute openid/unionid in callbacks.
 *
 * @since 0.1.0
 * @category requests
 */
export const NotifyConfigInput = Schema.Struct({
  notify_appid: optionalKey(appIdInput)
}).annotate({ identifier: "Busifavor.NotifyConfigInput" })

/**
 * 发放规则, strict (创建商家券): `max_coupons` 1..1,000,000,000 (required on the page, optional in the Go SDK, docs/sources/wechatpay-v3.md Q11),
 * `max_coupons_per_user` 1..100, `max_coupons_by_day` 1..1,000,000,000; the two amounts are "not yet open".
 *
 * @since 0.1.0
 * @category requests
 */
export const StockSendRuleInput = Schema.Struct({
  max_amount: optionalKey(Fen),
  max_coupons: intBetween(1, MAX_COUNT),
  max_coupons_per_user: intBetween(1, 100),
  max_amount_by_day: optionalKey(Fen),
  max_coupons_by_day: optionalKey(intBetween(1, MAX_COUNT)),
  natural_person_limit: optionalKey(Schema.Boolean),
  prevent_api_abuse: optionalKey(Schema.Boolean),
  transferable: optionalKey(Schema.Boolean),
  shareable: optionalKey(Schema.Boolean)
}).annotate({ identifier: "Busifavor.StockSendRuleInput" })

const stockTypeRule = {
  NORMAL: "fixed_normal_coupon",
  DISCOUNT: "discount_coupon",
  EXCHANGE: "exchange_coupon"
} as const

/**
 * 创建商家券 request: the batch's name (1–21 characters), owner (8–15), note (1–20), goods (1–15), type, rules,
 * `out_request_no`, entrances, style, code mode and callback AppID. The coupon rule matching `stock_type` is
 * required and the other two must be absent (固定面额满减、折扣、换购使用规则三选一).
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateStockRequest = Schema.Struct({
  stock_name: text({ min: 1, max: 21 }),
  belong_merchant: MchId.check(noFourByteUtf8, charLength(8, 15)),
  comment: optionalKey(text({ min: 1, max: 20 })),
  goods_name: text({ min: 1, max: 15 }),
  stock_type: oneOf("NORMAL", "DISCOUNT", "EXCHANGE"),
  coupon_use_rule: CouponUseRuleInput,
  stock_send_rule: StockSendRuleInput,
  out_request_no: RequestNo,
  custom_entrance: optionalKey(CustomEntranceInput),
  display_pattern_info: optionalKey(DisplayPatternInfoInput),
  coupon_code_mode: oneOf("WECHATPAY_MODE", "MERCHANT_API", "MERCHANT_UPLOAD"),
  notify_config: optionalKey(NotifyConfigInput),
  subsidy: optionalKey(Schema.Boolean)
})
  .check(
    Schema.makeFilter(
      (r) => {
        const wanted = stockTypeRule[r.stock_type]
        return Object.values(stockTypeRule).flatMap((key) =>
          key === wanted
            ? r.coupon_use_rule[key] === undefined
              ? [{ path: ["coupon_use_rule", key], issue: `is required when stock_type is ${r.stock_type}` }]
              : []
            : r.coupon_use_rule[key] !== undefined
              ? [{ path: ["coupon_use_rule", key], issue: `must be absent when stock_type is ${r.stock_type}` }]
              : []
        )
      },
      {
        toJsonSchema: () => [
          {
            description:
              "the coupon rule matching stock_type (NORMAL: fixed_normal_coupon, DISCOUNT: discount_coupon, EXCHANGE: exchange_coupon) is required, the other two are absent"
          },
          true
        ]
      }
    )
  )
  .annotate({ identifier: "Busifavor.CreateStockRequest" })

/**
 * The type of `CreateStockRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type CreateStockRequest = typeof CreateStockRequest.Type

/**
 * 创建商家券 response: the new batch id and its creation time (kept as sent).
 *
 * @since 0.1.0
 * @category responses
 */
export class CreateStockResponse extends Schema.Class<CreateStockResponse>("Busifavor.CreateStockResponse")({
  stock_id: StockId,
  create_time: Time.WireTime
}) {}

/**
 * 创建商家券: documented errors. The official page's table could not be read; this is the 商家券 table printed on
 * the 2020 copy of this page (identical on every 商家券 page, `BusifavorErrors`).
 *
 * @since 0.1.0
 * @category errors
 */
export const CreateStockErrors = BusifavorErrors

/**
 * 创建商家券: creates a 商家券 batch; idempotent on `out_request_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const CreateStock = Endpoint.make({
  name: "Busifavor.createStock",
  title: "创建商家券",
  summary: "Creates a 商家券 stock (idempotent on out_request_no).",
  docs: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/busi-favor/create-busifavor-stock.html",
  method: "POST",
  path: "/v3/marketing/busifavor/stocks",
  request: CreateStockRequest,
  response: CreateStockResponse,
  errors: CreateStockErrors,
  // The page's table: RESOURCE_ALREADY_EXISTS 批次已存在, "查看out_request_no字段是否重复使用".
  idempotency: { key: "out_request_no", scope: [], conflict: "RESOURCE_ALREADY_EXISTS" }
})

/**
 * 自定义入口, strict (修改商家券基本信息): as on create, without `store_id`.
 *
 * @since 0.1.0
 * @category requests
 */
export const ModifyCustomEntranceInput = Schema.Struct({
  mini_programs_info: optionalKey(MiniProgramsInfoInput),
  appid: optionalKey(appIdInput),
  hall_id: optionalKey(text({ min: 1 })),
  code_display_mode: optionalKey(oneOf("NOT_SHOW", "BARCODE", "QRCODE"))
}).annotate({ identifier: "Busifavor.ModifyCustomEntranceInput" })

/**
 * 核销规则, strict (修改商家券基本信息): only the redemption method and the mini-program link can change.
 *
 * @since 0.1.0
 * @category requests
 */
export const ModifyCouponUseRuleInput = Schema.Struct({
  use_method: optionalKey(oneOf("OFF_LINE", "MINI_PROGRAMS", "SELF_CONSUME", "PAYMENT_CODE")),
  mini_programs_appid: optionalKey(appIdInput),
  mini_programs_path: optionalKey(text({ min: 1, max: 128 }))
}).annotate({ identifier: "Busifavor.ModifyCouponUseRuleInput" })

/**
 * 发放规则, strict (修改商家券基本信息): `natural_person_limit` (not modifiable yet) and `prevent_api_abuse`.
 *
 * @since 0.1.0
 * @category requests
 */
export const ModifyStockSendRuleInput = Schema.Struct({
  natural_person_limit: optionalKey(Schema.Boolean),
  prevent_api_abuse: optionalKey(Schema.Boolean)
}).annotate({ identifier: "Busifavor.ModifyStockSendRuleInput" })

/**
 * 修改商家券基本信息 request: the path `stock_id`, the required `out_request_no`, and the fields to change (`stock_name`
 * 1–21 characters is documented as not modifiable yet; `subsidy` may only go from false to true).
 *
 * @since 0.1.0
 * @category requests
 */
export const ModifyStockInfoRequest = Schema.Struct({
  stock_id: pathParam(StockId, 20),
  custom_entrance: optionalKey(ModifyCustomEntranceInput),
  stock_name: optionalKey(text({ min: 1, max: 21 })),
  comment: optionalKey(text({ min: 1, max: 20 })),
  goods_name: optionalKey(text({ min: 1, max: 15 })),
  out_request_no: RequestNo,
  display_pattern_info: optionalKey(DisplayPatternInfoInput),
  coupon_use_rule: optionalKey(ModifyCouponUseRuleInput),
  stock_send_rule: optionalKey(ModifyStockSendRuleInput),
  notify_config: optionalKey(NotifyConfigInput),
  subsidy: optionalKey(Schema.Boolean)
}).annotate({ identifier: "Busifavor.ModifyStockInfoRequest" })

/**
 * The type of `ModifyStockInfoRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ModifyStockInfoRequest = typeof ModifyStockInfoRequest.Type

/**
 * 修改商家券基本信息: documented errors. The official page's table could not be read; this is the 商家券 common table
 * (`BusifavorErrors`).
 *
 * @since 0.1.0
 * @category errors
 */
export const ModifyStockInfoErrors = BusifavorErrors

/**
 * 修改商家券基本信息: changes a batch's entrances, texts, style, redemption link and send rules; answers 204.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ModifyStockInfo = Endpoint.make({
  name: "Busifavor.modifyStockInfo",
  title: "修改商家券基本信息",
  summary: "Changes the basic information of a 商家券 stock (idempotent on out_request_no).",
  docs: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/busi-favor/modify-stock-info.html",
  method: "PATCH",
  // The same resource as 查询商家券批次详情: its path is declared once, there.
  path: QueryStock.path,
  request: ModifyStockInfoRequest,
  errors: ModifyStockInfoErrors,
  errorsFrom: "family",
  idempotency: {
    key: "out_request_no",
    scope: [],
    // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

const budgetCount = intBetween(0, MAX_COUNT)

/**
 * 修改批次预算 request: change exactly one of `target_max_coupons` / `target_max_coupons_by_day` per call (a target
 * of 0 means "not this one", as the official example sends `target_max_coupons_by_day: 0`), and send the matching
 * `current_*` value, which is required when its target is above 0.
 *
 * @since 0.1.0
 * @category requests
 */
export const ModifyBudgetRequest = Schema.Struct({
  stock_id: pathParam(StockId, 20),
  target_max_coupons: optionalKey(budgetCount),
  current_max_coupons: optionalKey(budgetCount),
  target_max_coupons_by_day: optionalKey(budgetCount),
  current_max_coupons_by_day: optionalKey(budgetCount),
  modify_budget_request_no: RequestNo
})
  .check(
    Schema.makeFilter(
      (r) => {
        const total = (r.target_max_coupons ?? 0) > 0
        const byDay = (r.target_max_coupons_by_day ?? 0) > 0
        if (total && byDay) {
          return {
            path: ["target_max_coupons_by_day"],
            issue: "must be absent or 0 when target_max_coupons is set: change one budget per call"
          }
        }
        if (!total && !byDay) {
          return {
            path: ["target_max_coupons"],
            issue: "one of target_max_coupons or target_max_coupons_by_day must be above 0"
          }
        }
        if (total && r.current_max_coupons === undefined) {
          return { path: ["current_max_coupons"], issue: "is required when target_max_coupons is above 0" }
        }
        if (byDay && r.current_max_coupons_by_day === undefined) {
          return {
            path: ["current_max_coupons_by_day"],
            issue: "is required when target_max_coupons_by_day is above 0"
          }
        }
        return undefined
      },
      {
        toJsonSchema: () => [
          {
            description:
              "exactly one of target_max_coupons / target_max_coupons_by_day is above 0, with its current_* value"
          },
          true
        ]
      }
    )
  )
  .annotate({ identifier: "Busifavor.ModifyBudgetRequest" })

/**
 * The type of `ModifyBudgetRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ModifyBudgetRequest = typeof ModifyBudgetRequest.Type

/**
 * 修改批次预算 response: the batch's budget after the change.
 *
 * @since 0.1.0
 * @category responses
 */
export class ModifyBudgetResponse extends Schema.Class<ModifyBudgetResponse>("Busifavor.ModifyBudgetResponse")({
  max_coupons: WireInt,
  max_coupons_by_day: optionalOnWire(WireInt)
}) {}

/**
 * 修改批次预算: documented errors. The official page's table could not be read; this is the 商家券 common table
 * (`BusifavorErrors`).
 *
 * @since 0.1.0
 * @category errors
 */
export const ModifyBudgetErrors = BusifavorErrors

/**
 * 修改批次预算: changes a batch's total or per-day maximum number of coupons.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ModifyBudget = Endpoint.make({
  name: "Busifavor.modifyBudget",
  title: "修改批次预算",
  summary: "Changes the maximum number of coupons of a 商家券 stock, in total or per day.",
  docs: "https://pay.weixin.qq.com/docs/merchant/apis/merchant-exclusive-coupon/busi-favor/modify-budget.html",
  method: "PATCH",
  path: "/v3/marketing/busifavor/stocks/{stock_id}/budget",
  request: ModifyBudgetRequest,
  response: ModifyBudgetResponse,
  errors: ModifyBudgetErrors,
  errorsFrom: "family",
  idempotency: {
    key: "modify_budget_request_no",
    scope: [],
    // Our choice: no documented code answers a reused modify_budget_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

/**
 * 上传预存code request: 1–200 codes of 1–32 characters each (see `UploadedCouponCode`) and `upload_request_no`.
 * Repeated codes are allowed: WeChat Pay imports one and lists the rest in `duplicate_codes`. The page marks
 * `coupon_code_list` optional, but its count rule is 1–200 and the Go SDK always sends it, so it is required here.
 *
 * @since 0.1.0
 * @category requests
 */
export const UploadCouponCodeRequest = Schema.Struct({
  stock_id: pathParam(StockId, 20),
  coupon_code_list: Schema.Array(UploadedCouponCode).check(itemsBetween(1, 200)),
  upload_request_no: RequestNo
}).annotate({ identifier: "Busifavor.UploadCouponCodeRequest" })

/**
 * The type of `UploadCouponCodeRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type UploadCouponCodeRequest = typeof UploadCouponCodeRequest.Type

/**
 * 上传失败的code及原因: one rejected code, with its reason code (e.g. `LENGTH_LIMIT`) and message.
 *
 * @since 0.1.0
 * @category models
 */
export class UploadCouponCodeFailReason extends Schema.Class<UploadCouponCodeFailReason>(
  "Busifavor.UploadCouponCodeFailReason"
)({
  coupon_code: CouponCode,
  code: Schema.String,
  message: Schema.String
}) {}

/**
 * 上传预存code response: counts, the codes imported, rejected (`fail_codes`), already present (`exist_codes`) and
 * repeated in the request (`duplicate_codes`). A rejected code is reported here, not as an HTTP error.
 *
 * @since 0.1.0
 * @category responses
 */
export class UploadCouponCodeResponse extends Schema.Class<UploadCouponCodeResponse>(
  "Busifavor.UploadCouponCodeResponse"
)({
  stock_id: StockId,
  total_count: WireInt,
  success_count: WireInt,
  success_codes: optionalOnWire(Schema.Array(CouponCode)),
  success_time: Time.WireTime,
  fail_count: optionalOnWire(WireInt),
  fail_codes: optionalOnWire(Schema.Array(UploadCouponCodeFailReason)),
  exist_codes: optionalOnWire(Schema.Array(CouponCode)),
  duplicate_codes: optionalOnWire(Schema.Array(CouponCode))
}) {}

/**
 * 上传预存code: documented errors, the 商家券 table printed on the 2020 copy of this page (`BusifavorErrors`; the two
 * `INVALID_REQUEST` rows are this endpoint's: batch not in `MERCHANT_UPLOAD` mode, upload quota reached).
 *
 * @since 0.1.0
 * @category errors
 */
export const UploadCouponCodeErrors = BusifavorErrors

/**
 * 上传预存code: uploads merchant codes to a `MERCHANT_UPLOAD` batch; idempotent on `upload_request_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const UploadCouponCode = Endpoint.make({
  name: "Busifavor.uploadCouponCode",
  title: "上传预存code",
  summary: "Uploads merchant-defined coupon codes to a MERCHANT_UPLOAD 商家券 stock.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_6.shtml",
  method: "POST",
  path: "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes",
  request: UploadCouponCodeRequest,
  response: UploadCouponCodeResponse,
  errors: UploadCouponCodeErrors,
  idempotency: {
    key: "upload_request_no",
    scope: [],
    // Our choice: no documented code answers a reused upload_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

/**
 * 商户上传code分配状态: `AVAILABLE` (not yet given out), `DISPATCHED` (given to a user); open.
 *
 * @since 0.1.0
 * @category models
 */
export const CouponCodeStatus = openEnum("AVAILABLE", "DISPATCHED")

/**
 * The type of `CouponCodeStatus`.
 *
 * @since 0.1.0
 * @category models
 */
export type CouponCodeStatus = typeof CouponCodeStatus.Type

/**
 * 商户上传code信息: one uploaded code, its state, and once dispatched, who got it as which user coupon code.
 *
 * @since 0.1.0
 * @category models
 */
export class CouponCodeEntity extends Schema.Class<CouponCodeEntity>("Busifavor.CouponCodeEntity")({
  // docs/sources/wechatpay-v3.md Q11: the Go SDK always sends code and code_status; the IM docs mark every field optional.
  code: optionalOnWire(CouponCode),
  code_status: optionalOnWire(CouponCodeStatus),
  upload_time: optionalOnWire(Time.WireTime),
  dispatched_time: optionalOnWire(Time.WireTime),
  openid: optionalOnWire(OpenId),
  unionid: optionalOnWire(Schema.String),
  coupon_code: optionalOnWire(CouponCode)
}) {}

/**
 * 查询预存code列表 request: the path `stock_id` and the query fields `limit` (page size, at least 1), `offset` (row
 * offset from 0), `appid` and `status`. `status` takes the Go SDK's `AVAILABLE`/`DISPATCHED` and the values the
 * docs list (`SENDED` … `DEACTIVATED`, docs/sources/wechatpay-v3.md Q8).
 *
 * @since 0.1.0
 * @category requests
 */
export const QueryCouponCodeListRequest = Schema.Struct({
  stock_id: pathParam(StockId, 20),
  limit: optionalKey(
    Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be an integer of at least 1" }))
  ),
  offset: optionalKey(
    Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { message: "must be a non-negative integer" }))
  ),
  appid: optionalKey(appIdInput),
  status: optionalKey(oneOf("AVAILABLE", "DISPATCHED", "SENDED", "USED", "EXPIRED", "DELETED", "DEACTIVATED"))
}).annotate({ identifier: "Busifavor.QueryCouponCodeListRequest" })

/**
 * The type of `QueryCouponCodeListRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type QueryCouponCodeListRequest = typeof QueryCouponCodeListRequest.Type

/**
 * 查询预存code列表 response: one page of uploaded codes; `offset` echoes the request and `limit` is the number of
 * rows actually returned (Go SDK).
 *
 * @since 0.1.0
 * @category responses
 */
export class QueryCouponCodeListResponse extends Schema.Class<QueryCouponCodeListResponse>(
  "Busifavor.QueryCouponCodeListResponse"
)({
  stock_id: StockId,
  total_count: WireInt,
  data: optionalOnWire(Schema.Array(CouponCodeEntity)),
  offset: WireInt,
  limit: WireInt
}) {}

/**
 * 查询预存code列表: documented errors. No official page documents this endpoint (the SDK and doc mirrors point to
 * the product introduction); this is the 商家券 common table (`BusifavorErrors`).
 *
 * @since 0.1.0
 * @category errors
 */
export const QueryCouponCodeListErrors = BusifavorErrors

/**
 * 查询预存code列表: pages through the codes uploaded to a batch.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const QueryCouponCodeList = Endpoint.make({
  name: "Busifavor.queryCouponCodeList",
  title: "查询预存code列表",
  summary: "Lists the merchant-defined codes uploaded to a 商家券 stock, a page at a time.",
  docs: "https://pay.weixin.qq.com/docs/merchant/products/merchant-exclusive-coupon/introduction.html",
  method: "GET",
  path: "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes",
  request: QueryCouponCodeListRequest,
  response: QueryCouponCodeListResponse,
  errors: QueryCouponCodeListErrors,
  errorsFrom: "family",
  query: ["limit", "offset", "appid", "status"],
  // `offset` is a row offset (docs/sources/wechatpay-v3.md Q17): the Go SDK documents it as 分页查询的起始位置 (start position) and the
  // response `offset` as "与请求相同", its example pairs limit 100 with offset 10; the doc mirrors' 分页页码 label is
  // the one copied onto every busifavor list. No page states a maximum `limit`: 100 is the Go SDK example's value.
  pagination: { style: "offset", offset: "offset", limit: "limit", maxLimit: 100, items: "data", total: "total_count" }
})

/**
 * 查询预存code详情 request: the path `stock_id` and `coupon_code` (an uploaded code, see `UploadedCouponCode`) and the
 * optional query `appid` (for the openid in the answer).
 *
 * @since 0.1.0
 * @category requests
 */
export const CouponCodeInfoRequest = Schema.Struct({
  stock_id: pathParam(StockId, 20),
  coupon_code: UploadedCouponCode,
  appid: optionalKey(appIdInput)
}).annotate({ identifier: "Busifavor.CouponCodeInfoRequest" })

/**
 * The type of `CouponCodeInfoRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type CouponCodeInfoRequest = typeof CouponCodeInfoRequest.Type

/**
 * 查询预存code详情 response: the uploaded code, and the user coupon it became once `DISPATCHED`.
 *
 * @since 0.1.0
 * @category responses
 */
export class CouponCodeInfoResponse extends Schema.Class<CouponCodeInfoResponse>("Busifavor.CouponCodeInfoResponse")({
  code_information: CouponCodeEntity,
  // docs/sources/wechatpay-v3.md Q11: OAPI marks coupon_information required; the Go SDK says it is returned only for DISPATCHED codes.
  coupon_information: optionalOnWire(QueryCouponResponse)
}) {}

/**
 * 查询预存code详情: documented errors. No official page documents this endpoint; this is the 商家券 common table
 * (`BusifavorErrors`).
 *
 * @since 0.1.0
 * @category errors
 */
export const CouponCodeInfoErrors = BusifavorErrors

/**
 * 查询预存code详情: one uploaded code of a batch, with the user coupon it was dispatched as.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const CouponCodeInfo = Endpoint.make({
  name: "Busifavor.couponCodeInfo",
  title: "查询预存code详情",
  summary: "One merchant-defined code uploaded to a 商家券 stock, with the coupon it was dispatched as.",
  docs: "https://pay.weixin.qq.com/docs/merchant/products/merchant-exclusive-coupon/introduction.html",
  method: "GET",
  path: "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes/{coupon_code}",
  request: CouponCodeInfoRequest,
  response: CouponCodeInfoResponse,
  errors: CouponCodeInfoErrors,
  errorsFrom: "family",
  query: ["appid"]
})

/**
 * 删除预存code request: the path `stock_id` and `coupon_code`, and the query `delete_request_no` (required; the
 * family's request-number rule, 1–128 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const DeleteCouponCodeRequest = Schema.Struct({
  stock_id: pathParam(StockId, 20),
  coupon_code: UploadedCouponCode,
  delete_request_no: RequestNo
}).annotate({ identifier: "Busifavor.DeleteCouponCodeRequest" })

/**
 * The type of `DeleteCouponCodeRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type DeleteCouponCodeRequest = typeof DeleteCouponCodeRequest.Type

/**
 * 删除预存code response: the batch and when the code was deleted.
 *
 * @since 0.1.0
 * @category responses
 */
export class DeleteCouponCodeResponse extends Schema.Class<DeleteCouponCodeResponse>(
  "Busifavor.DeleteCouponCodeResponse"
)({
  // docs/sources/wechatpay-v3.md Q11: the Go SDK always sends both; the IM and OAPI docs mark both optional.
  stock_id: optionalOnWire(StockId),
  delete_time: optionalOnWire(Time.WireTime)
}) {}

/**
 * 删除预存code: documented errors. No official page documents this endpoint; this is the 商家券 common table
 * (`BusifavorErrors`).
 *
 * @since 0.1.0
 * @category errors
 */
export const DeleteCouponCodeErrors = BusifavorErrors

/**
 * 删除预存code: deletes an uploaded code from a batch; idempotent on `delete_request_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const DeleteCouponCode = Endpoint.make({
  name: "Busifavor.deleteCouponCode",
  title: "删除预存code",
  summary: "Deletes a merchant-defined code uploaded to a 商家券 stock.",
  docs: "https://pay.weixin.qq.com/docs/merchant/products/merchant-exclusive-coupon/introduction.html",
  method: "DELETE",
  path: "/v3/marketing/busifavor/stocks/{stock_id}/couponcodes/{coupon_code}",
  request: DeleteCouponCodeRequest,
  response: DeleteCouponCodeResponse,
  errors: DeleteCouponCodeErrors,
  errorsFrom: "family",
  query: ["delete_request_no"],
  idempotency: {
    key: "delete_request_no",
    scope: [],
    // Our choice: no documented code answers a reused delete_request_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})
