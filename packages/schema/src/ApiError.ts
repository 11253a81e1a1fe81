/**
 * WeChat Pay error bodies and the documented error codes of each endpoint, as data.
 *
 * The API package builds its typed error channels from these tables and the docs build their error tables from
 * them, so they are transcribed row by row from each endpoint's official page (same status, code, description and solution;
 * a code with several documented causes has one row per cause).
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import { optionalOnWire } from "./internal/tolerant.js"

/**
 * The type id every error of effect-wechatpay carries (on its prototype, so it never shows in JSON): the api
 * package's `isWechatPayError` checks it. The crypto package's errors carry the same string.
 *
 * @since 0.2.0
 * @category type ids
 */
export const ErrorTypeId = "~@effect-wechatpay/Error" as const

/**
 * The type of `ErrorTypeId`.
 *
 * @since 0.2.0
 * @category type ids
 */
export type ErrorTypeId = typeof ErrorTypeId

/**
 * The `detail` of an error body. Every member is optional because real gateways send partial detail, and `value`
 * is any JSON value (docs/sources/wechatpay-v3.md §1.10).
 *
 * @since 0.1.0
 * @category models
 */
export class ApiErrorDetail extends Schema.Class<ApiErrorDetail>("ApiErrorDetail")({
  field: optionalOnWire(Schema.String),
  value: Schema.optionalKey(Schema.Unknown),
  issue: optionalOnWire(Schema.String),
  location: optionalOnWire(Schema.String)
}) {}

/**
 * The JSON body of a non-2xx response: `{ code, message, detail? }` (docs/sources/wechatpay-v3.md §1.10).
 *
 * @since 0.1.0
 * @category models
 */
export class ApiErrorBody extends Schema.Class<ApiErrorBody>("ApiErrorBody")({
  code: Schema.String,
  // Tolerant: a body without `message` still names its code.
  message: Schema.optionalKey(Schema.NullOr(Schema.String)).pipe(
    Schema.decodeTo(Schema.String, {
      decode: SchemaGetter.transformOptional((message) =>
        message.pipe(
          Option.filter(Predicate.isNotNull),
          Option.orElseSome(() => "")
        )
      ),
      encode: SchemaGetter.required()
    })
  ),
  detail: optionalOnWire(ApiErrorDetail)
}) {}

/**
 * One documented error: HTTP status, code, description and solution, as the docs state them.
 *
 * @since 0.1.0
 * @category models
 */
export interface ErrorRow {
  readonly status: number
  readonly code: string
  readonly description: string
  readonly solution: string
}

/**
 * The union of codes in an error table, e.g. `ErrorCodeOf<typeof BusifavorQueryStockErrors>`.
 *
 * @since 0.1.0
 * @category type-level
 */
export type ErrorCodeOf<T extends ReadonlyArray<ErrorRow>> = T[number]["code"]

/**
 * The protocol errors any endpoint can return: `SIGN_ERROR` 401, `NO_AUTH` 403 (the spelling of the gitbook and of
 * real responses, docs/sources/wechatpay-v3.md Q9) and `SYSTEM_ERROR` 500 (docs/sources/wechatpay-v3.md §1.10).
 *
 * @since 0.1.0
 * @category errors
 */
export const ProtocolErrors = [
  { status: 401, code: "SIGN_ERROR", description: "验证不通过", solution: "请检查签名串、签名算法与商户API证书序列号" },
  { status: 403, code: "NO_AUTH", description: "无权限", solution: "请确认商户已开通产品权限或已获授权" },
  { status: 500, code: "SYSTEM_ERROR", description: "系统异常", solution: "请使用相同参数稍后重新调用" }
] as const satisfies ReadonlyArray<ErrorRow>

/**
 * The 商家券 (busifavor) error table, transcribed from the official pages 查询商家券详情 and 查询用户单张券详情
 * (seeds A and B, docs/sources/wechatpay-v3.md §0). Both print the same table, identical on every 商家券 page
 * (§2.1 there); 查询用户单张券详情 differs only in spacing around Latin words.
 *
 * @since 0.1.0
 * @category errors
 */
export const BusifavorErrors = [
  { status: 400, code: "PARAM_ERROR", description: "参数错误", solution: "查看具体错误信息, 调整参数" },
  { status: 400, code: "SYSTEM_ERROR", description: "系统错误", solution: "请使用相同参数稍后重新调用" },
  {
    status: 400,
    code: "RESOURCE_ALREADY_EXISTS",
    description: "批次已存在",
    solution: "查看 out_request_no 字段是否重复使用"
  },
  {
    status: 400,
    code: "RESOURCE_ALREADY_EXISTS",
    description: "券已被其他订单核销",
    solution: "请通过查询券 API 确认券是否已被其他订单核销"
  },
  {
    status: 404,
    code: "RESOURCE_NOT_EXISTS",
    description: "查询的资源不存在",
    solution: "请检查查询资源的对应 id 是否填写正确"
  },
  { status: 403, code: "NOAUTH", description: "无权限", solution: "查看具体错误信息, 确认是否有权限" },
  {
    status: 400,
    code: "APPID_MCHID_NOT_MATCH",
    description: "appid 与请求方商户无关联关系",
    solution: "appid 与请求方商户不匹配, 请确认 appid 与请求方商户是否有关联关系"
  },
  { status: 400, code: "MCH_NOT_EXISTS", description: "商户号不存在", solution: "请确认传入的商户号是否正确" },
  { status: 404, code: "USER_NOT_EXISTS", description: "openid 不正确", solution: "请确认传入的 openid 是否正确" },
  { status: 500, code: "SYSTEM_ERROR", description: "系统失败", solution: "多为网络超时引起, 重试" },
  { status: 429, code: "FREQUENCY_LIMITED", description: "频率限制", solution: "调用太频繁, 请降低调用接口频率" },
  { status: 403, code: "RULELIMIT", description: "券不在有效期", solution: "请确认券是否能在当前时间核销" },
  {
    status: 400,
    code: "INVALID_REQUEST",
    description: "发券模式不合法",
    solution: "请更换支持预上传 code 的批次后重试"
  },
  {
    status: 400,
    code: "INVALID_REQUEST",
    description: "上传的自定义 code 已达上限",
    solution: "请更换一个新的批次后重试"
  }
] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 查询商家券批次详情 (GET /v3/marketing/busifavor/stocks/{stock_id}): documented errors (the 商家券 table).
 *
 * @since 0.1.0
 * @category errors
 */
export const BusifavorQueryStockErrors = BusifavorErrors

/**
 * 查询用户单张券详情 (GET /v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}): documented
 * errors (the 商家券 table).
 *
 * @since 0.1.0
 * @category errors
 */
export const BusifavorQueryCouponErrors = BusifavorErrors

/**
 * 创建代金券批次 (POST /v3/marketing/favor/coupon-stocks): documented errors, from its official page
 * (https://pay.weixin.qq.com/docs/merchant/apis/cash-coupons/stock/create-coupon-stock.html; the shared
 * 代金券 table, so it also lists causes of other 代金券 calls).
 *
 * @since 0.1.0
 * @category errors
 */
export const FavorCreateCouponStockErrors = [
  { status: 400, code: "PARAM_ERROR", description: "回调 url 不能为空", solution: "请填写回调 url" },
  { status: 400, code: "PARAM_ERROR", description: "回调商户不能为空", solution: "请填写回调商户" },
  { status: 400, code: "PARAM_ERROR", description: "券 id 必填", solution: "请填写券 id" },
  { status: 400, code: "PARAM_ERROR", description: "appid 必填", solution: "请输入 appid" },
  { status: 400, code: "PARAM_ERROR", description: "openid 必填", solution: "请输入 openid" },
  { status: 400, code: "PARAM_ERROR", description: "页大小超过阈值", solution: "请不要超过最大的页大小" },
  { status: 400, code: "PARAM_ERROR", description: "输入时间格式错误", solution: "请输入正确的时间格式" },
  { status: 400, code: "PARAM_ERROR", description: "批次号必填", solution: "请输入批次号" },
  { status: 400, code: "PARAM_ERROR", description: "商户号必填", solution: "请输入商户号" },
  { status: 400, code: "PARAM_ERROR", description: "非法的批次状态", solution: "请检查批次状态" },
  { status: 400, code: "MCH_NOT_EXISTS", description: "商户号不合法", solution: "请输入正确的商户号" },
  {
    status: 400,
    code: "INVALID_REQUEST",
    description: "openid 与 appID 不匹配",
    solution: "请使用 appID 下的的 openid"
  },
  { status: 400, code: "INVALID_REQUEST", description: "活动已结束或未激活", solution: "请检查批次状态" },
  { status: 400, code: "INVALID_REQUEST", description: "非法的商户号", solution: "请检查商户号是否正确" },
  {
    status: 400,
    code: "APPID_MCHID_NOT_MATCH",
    description: "商户号与 appid 不匹配",
    solution: "请绑定调用接口的商户号和 APPID 后重试"
  },
  {
    status: 403,
    code: "USER_ACCOUNT_ABNORMAL",
    description: "用户非法",
    solution: "该用户账号异常, 无法领券。商家可联系微信支付或让用户联系微信支付客服处理。"
  },
  { status: 403, code: "NOT_ENOUGH", description: "批次预算不足", solution: "请补充预算" },
  { status: 403, code: "REQUEST_BLOCKED", description: "调用商户无权限", solution: "请开通产品权限后再调用该接口" },
  {
    status: 403,
    code: "REQUEST_BLOCKED",
    description: "商户无权发券",
    solution: "调用接口的商户号无权发券, 请检查是否是自己的批次或是已授权的批次。"
  },
  {
    status: 403,
    code: "REQUEST_BLOCKED",
    description: "批次不支持跨商户发券",
    solution: "该批次未做跨商户号的授权, 请授权后再发放"
  },
  {
    status: 403,
    code: "REQUEST_BLOCKED",
    description: "用户被限领拦截",
    solution: "用户领取已经达到上限, 请调高上限或停止发放。"
  },
  { status: 404, code: "RESOURCE_NOT_EXISTS", description: "批次不存在", solution: "请检查批次 ID 是否正确" },
  { status: 429, code: "FREQUENCY_LIMIT_EXCEED", description: "接口限频", solution: "请降低调用频率" }
] as const satisfies ReadonlyArray<ErrorRow>

const apiErrorFields = {
  /** HTTP status. */
  status: Schema.Number,
  /** WeChat Pay error code, as sent (e.g. `PARAM_ERROR`). */
  code: Schema.String,
  /**
   * What to print: from the client, `<endpoint>: <code> (HTTP <status>, Request-ID <id>): <description>`, so that a
   * printed cause says what WeChat Pay support asks for.
   */
  message: Schema.String,
  /** The error body's `message` (错误描述) as WeChat Pay sent it. */
  description: Schema.optional(Schema.String),
  detail: Schema.optional(ApiErrorDetail),
  /** The `Request-ID` response header: quote it to WeChat Pay support. */
  requestId: Schema.optional(Schema.String)
}

/**
 * What every per-code WeChat Pay error carries.
 *
 * @since 0.1.0
 * @category models
 */
export interface ApiErrorFields {
  readonly status: number
  readonly code: string
  readonly message: string
  readonly description?: string | undefined
  readonly detail?: ApiErrorDetail | undefined
  readonly requestId?: string | undefined
}

/** `PARAM_ERROR`: 参数错误. @since 0.1.0 @category errors */
export class ParamError extends Schema.TaggedError<ParamError>("@effect-wechatpay/ParamError")(
  "ParamError",
  apiErrorFields
) {}
/** `SYSTEM_ERROR`: 系统错误 (retried). @since 0.1.0 @category errors */
export class SystemError extends Schema.TaggedError<SystemError>("@effect-wechatpay/SystemError")(
  "SystemError",
  apiErrorFields
) {}
/** `RESOURCE_ALREADY_EXISTS`. @since 0.1.0 @category errors */
export class ResourceAlreadyExists extends Schema.TaggedError<ResourceAlreadyExists>(
  "@effect-wechatpay/ResourceAlreadyExists"
)("ResourceAlreadyExists", apiErrorFields) {}
/** `RESOURCE_NOT_EXISTS`. @since 0.1.0 @category errors */
export class ResourceNotExists extends Schema.TaggedError<ResourceNotExists>("@effect-wechatpay/ResourceNotExists")(
  "ResourceNotExists",
  apiErrorFields
) {}
/** `NOAUTH` (商家券 tables) and `NO_AUTH` (protocol spelling): 无权限. @since 0.1.0 @category errors */
export class NoAuth extends Schema.TaggedError<NoAuth>("@effect-wechatpay/NoAuth")("NoAuth", apiErrorFields) {}
/** `APPID_MCHID_NOT_MATCH`. @since 0.1.0 @category errors */
export class AppidMchidNotMatch extends Schema.TaggedError<AppidMchidNotMatch>("@effect-wechatpay/AppidMchidNotMatch")(
  "AppidMchidNotMatch",
  apiErrorFields
) {}
/** `MCH_NOT_EXISTS`. @since 0.1.0 @category errors */
export class MchNotExists extends Schema.TaggedError<MchNotExists>("@effect-wechatpay/MchNotExists")(
  "MchNotExists",
  apiErrorFields
) {}
/** `USER_NOT_EXISTS`. @since 0.1.0 @category errors */
export class UserNotExists extends Schema.TaggedError<UserNotExists>("@effect-wechatpay/UserNotExists")(
  "UserNotExists",
  apiErrorFields
) {}
/** `FREQUENCY_LIMITED` (429, retried). @since 0.1.0 @category errors */
export class FrequencyLimited extends Schema.TaggedError<FrequencyLimited>("@effect-wechatpay/FrequencyLimited")(
  "FrequencyLimited",
  apiErrorFields
) {}
/** `FREQUENCY_LIMIT_EXCEED` (429, retried). @since 0.1.0 @category errors */
export class FrequencyLimitExceed extends Schema.TaggedError<FrequencyLimitExceed>(
  "@effect-wechatpay/FrequencyLimitExceed"
)("FrequencyLimitExceed", apiErrorFields) {}
/** `RULELIMIT`. @since 0.1.0 @category errors */
export class RuleLimit extends Schema.TaggedError<RuleLimit>("@effect-wechatpay/RuleLimit")(
  "RuleLimit",
  apiErrorFields
) {}
/** `INVALID_REQUEST`. @since 0.1.0 @category errors */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>("@effect-wechatpay/InvalidRequest")(
  "InvalidRequest",
  apiErrorFields
) {}
/** `USER_ACCOUNT_ABNORMAL`. @since 0.1.0 @category errors */
export class UserAccountAbnormal extends Schema.TaggedError<UserAccountAbnormal>(
  "@effect-wechatpay/UserAccountAbnormal"
)("UserAccountAbnormal", apiErrorFields) {}
/** `NOT_ENOUGH`. @since 0.1.0 @category errors */
export class NotEnough extends Schema.TaggedError<NotEnough>("@effect-wechatpay/NotEnough")(
  "NotEnough",
  apiErrorFields
) {}
/** `REQUEST_BLOCKED`. @since 0.1.0 @category errors */
export class RequestBlocked extends Schema.TaggedError<RequestBlocked>("@effect-wechatpay/RequestBlocked")(
  "RequestBlocked",
  apiErrorFields
) {}
/** `ALREADY_EXISTS` (商品券已存在: an `out_request_no` used again with another request). @since 0.2.0 @category errors */
export class AlreadyExists extends Schema.TaggedError<AlreadyExists>("@effect-wechatpay/AlreadyExists")(
  "AlreadyExists",
  apiErrorFields
) {}
/** `NOT_FOUND` (404, the 商品券 pages: "未找到 product_coupon_id 对应的商品券", …). @since 0.2.0 @category errors */
export class NotFound extends Schema.TaggedError<NotFound>("@effect-wechatpay/NotFound")("NotFound", apiErrorFields) {}
/** `RATELIMIT_EXCEEDED` (429 超过频率限制, the 商品券 pages; retried). @since 0.2.0 @category errors */
export class RateLimitExceeded extends Schema.TaggedError<RateLimitExceeded>("@effect-wechatpay/RateLimitExceeded")(
  "RateLimitExceeded",
  apiErrorFields
) {}
/** 401 `SIGN_ERROR`: WeChat Pay rejected our signature. @since 0.1.0 @category errors */
export class SignError extends Schema.TaggedError<SignError>("@effect-wechatpay/SignError")(
  "SignError",
  apiErrorFields
) {}

const tagOf = (ErrorClass: (typeof ErrorClasses)[KnownErrorCode]): string =>
  new ErrorClass({ status: 0, code: "", message: "" })._tag

/**
 * The one code → error class table. A code's `_tag` is PascalCase of its words, except `NOAUTH` and `NO_AUTH`, which
 * are one error (`NoAuth`, docs/sources/wechatpay-v3.md Q9), and `RULELIMIT` and `RATELIMIT_EXCEEDED`, whose run-together words become
 * `RuleLimit` and `RateLimitExceeded`. A code missing here is answered as `UnknownApiError`.
 *
 * @since 0.1.0
 * @category constants
 */
export const ErrorClasses = {
  PARAM_ERROR: ParamError,
  INVALID_REQUEST: InvalidRequest,
  SIGN_ERROR: SignError,
  NO_AUTH: NoAuth,
  NOAUTH: NoAuth,
  SYSTEM_ERROR: SystemError,
  RESOURCE_ALREADY_EXISTS: ResourceAlreadyExists,
  RESOURCE_NOT_EXISTS: ResourceNotExists,
  APPID_MCHID_NOT_MATCH: AppidMchidNotMatch,
  MCH_NOT_EXISTS: MchNotExists,
  USER_NOT_EXISTS: UserNotExists,
  FREQUENCY_LIMITED: FrequencyLimited,
  FREQUENCY_LIMIT_EXCEED: FrequencyLimitExceed,
  RULELIMIT: RuleLimit,
  USER_ACCOUNT_ABNORMAL: UserAccountAbnormal,
  NOT_ENOUGH: NotEnough,
  REQUEST_BLOCKED: RequestBlocked,
  ALREADY_EXISTS: AlreadyExists,
  NOT_FOUND: NotFound,
  RATELIMIT_EXCEEDED: RateLimitExceeded
} as const

for (const ErrorClass of new Set(Object.values(ErrorClasses))) {
  Object.defineProperty(ErrorClass.prototype, ErrorTypeId, { value: ErrorTypeId })
}

/**
 * The error instance of a code (`never` for a code missing from `ErrorClasses`).
 *
 * @since 0.1.0
 * @category type-level
 */
export type ErrorOf<Code extends string> = Code extends KnownErrorCode
  ? InstanceType<(typeof ErrorClasses)[Code]>
  : never

/**
 * Any of the per-code WeChat Pay errors.
 *
 * @since 0.1.0
 * @category models
 */
export type AnyApiError = ErrorOf<KnownErrorCode>

/**
 * The `_tag` of every known code, derived from `ErrorClasses`.
 *
 * @since 0.1.0
 * @category constants
 */
export const ErrorTags = Object.fromEntries(
  Object.entries(ErrorClasses).map(([code, ErrorClass]) => [code, tagOf(ErrorClass)])
) as { readonly [C in KnownErrorCode]: InstanceType<(typeof ErrorClasses)[C]>["_tag"] }

/**
 * A code listed in `ErrorClasses`.
 *
 * @since 0.1.0
 * @category models
 */
export type KnownErrorCode = keyof typeof ErrorClasses

/**
 * PascalCase of an upper-snake-case code at the type level: `FREQUENCY_LIMIT_EXCEED` → `FrequencyLimitExceed`.
 *
 * @since 0.1.0
 * @category type-level
 */
export type PascalCaseCode<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Capitalize<Lowercase<Head>>}${PascalCaseCode<Tail>}`
  : Capitalize<Lowercase<S>>

/**
 * The tag of a code: the `ErrorTags` entry for a known code, PascalCase of its words otherwise.
 *
 * @since 0.1.0
 * @category type-level
 */
export type ErrorTagOf<C extends string> = C extends KnownErrorCode
  ? InstanceType<(typeof ErrorClasses)[C]>["_tag"]
  : PascalCaseCode<C>

const isKnownErrorCode = (code: string): code is KnownErrorCode => Object.hasOwn(ErrorClasses, code)

const pascalCase = (code: string): string =>
  code
    .split("_")
    .filter((word) => word.length > 0)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join("")

/**
 * The PascalCase tag of a code, at run time: `errorTag("PARAM_ERROR")` is `"ParamError"`, `errorTag("NOAUTH")` is
 * `"NoAuth"`; a code missing from `ErrorTags` gets the PascalCase of its words.
 *
 * @since 0.1.0
 * @category utils
 */
export function errorTag<C extends string>(code: C): ErrorTagOf<C>
export function errorTag(code: string): string {
  return isKnownErrorCode(code) ? ErrorTags[code] : pascalCase(code)
}
