import * as Either from "effect/Either"

/**
 * Input checks for `POST /v3/marketing/favor/coupon-stocks` (创建代金券批次), written as data.
 *
 * @internal
 */

/** A PARAM_ERROR with its JSON-pointer field. @internal */
export interface ParamIssue {
  readonly field: string
  readonly issue: string
  readonly message: string
  readonly value?: unknown
}

/** The accepted input, reduced to what the sandbox keeps. @internal */
export interface CreateCouponStockInput {
  readonly out_request_no: string
  readonly stock_name: string
  readonly stock_type: string
}

type Spec =
  | { readonly _tag: "String"; readonly label: string; readonly required: boolean; readonly maxLength?: number }
  | { readonly _tag: "Time"; readonly label: string; readonly required: boolean }
  | { readonly _tag: "Integer"; readonly label: string; readonly required: boolean; readonly min?: number }
  | { readonly _tag: "Boolean"; readonly label: string; readonly required: boolean }
  | { readonly _tag: "Strings"; readonly label: string; readonly required: boolean }
  | { readonly _tag: "Integers"; readonly label: string; readonly required: boolean }
  | {
      readonly _tag: "Enum"
      readonly label: string
      readonly required: boolean
      readonly values: ReadonlyArray<string>
    }
  | {
      readonly _tag: "Object"
      readonly label: string
      readonly required: boolean
      readonly fields: Readonly<Record<string, Spec>>
    }

const string = (label: string, required: boolean, maxLength?: number): Spec =>
  maxLength === undefined ? { _tag: "String", label, required } : { _tag: "String", label, required, maxLength }
const time = (label: string, required: boolean): Spec => ({ _tag: "Time", label, required })
const integer = (label: string, required: boolean, min?: number): Spec =>
  min === undefined ? { _tag: "Integer", label, required } : { _tag: "Integer", label, required, min }
const boolean = (label: string, required: boolean): Spec => ({ _tag: "Boolean", label, required })
const strings = (label: string, required: boolean): Spec => ({ _tag: "Strings", label, required })
const integers = (label: string, required: boolean): Spec => ({ _tag: "Integers", label, required })
const object = (label: string, required: boolean, fields: Readonly<Record<string, Spec>>): Spec => ({
  _tag: "Object",
  label,
  required,
  fields
})

/** Field table of the request body (spec §2.6), in document order. */
const body: Readonly<Record<string, Spec>> = {
  stock_name: string("批次名称", true, 20),
  comment: string("批次备注", false, 60),
  belong_merchant: string("归属商户号", true, 20),
  available_begin_time: time("开始时间", true),
  available_end_time: time("结束时间", true),
  stock_use_rule: object("发放规则", true, {
    max_coupons: integer("发放总上限", true, 1),
    max_amount: integer("总预算", true, 1),
    max_amount_by_day: integer("单天预算发放上限", false, 1),
    max_coupons_per_user: integer("单个用户可领个数", true, 1),
    natural_person_limit: boolean("是否开启自然人限制", true),
    prevent_api_abuse: boolean("是否开启防刷拦截", true)
  }),
  pattern_info: object("样式设置", false, {
    description: string("使用说明", true, 1000),
    merchant_logo: string("商户logo", false, 128),
    merchant_name: string("品牌名称", false, 12),
    background_color: string("背景颜色", false),
    coupon_image: string("券详情图片", false, 128),
    jump_target: {
      _tag: "Enum",
      label: "枚举值",
      required: false,
      values: ["PAYMENT_CODE", "MINI_PROGRAM", "DEFAULT_PAGE"]
    },
    mini_program_appid: string("小程序appid", false, 32),
    mini_program_path: string("小程序path", false, 128)
  }),
  coupon_use_rule: object("核销规则", true, {
    coupon_available_time: object("券生效时间", false, {
      fix_available_time: object("固定时间段可用", false, {
        available_week_day: integers("可用星期数", false),
        begin_time: integer("当天开始时间", true, 0),
        end_time: integer("当天结束时间", false, 0)
      }),
      second_day_available: boolean("领取后N天内有效", false),
      available_time_after_receive: integer("领取后有效时间", false, 1)
    }),
    fixed_normal_coupon: object("固定面额满减券使用规则", false, {
      coupon_amount: integer("面额", true, 1),
      transaction_minimum: integer("门槛", true, 1)
    }),
    goods_tag: strings("订单优惠标记", false),
    trade_type: strings("支付方式", false),
    combine_use: boolean("是否可叠加其他优惠", false),
    available_items: strings("可核销商品编码", false),
    unavailable_items: strings("不参与优惠商品编码", false),
    available_merchants: strings("可用商户号", false),
    limit_card: object("限定银行卡", false, {
      name: string("银行卡名称", false, 4),
      bin: strings("指定卡BIN", false)
    }),
    limit_pay: strings("限定付款方式", false)
  }),
  no_cash: boolean("是否无资金流", true),
  stock_type: { _tag: "Enum", label: "批次类型", required: true, values: ["NORMAL", "DISCOUNT", "EXCHAHGE", "RANDOM"] },
  out_request_no: string("商户单据号", true, 128),
  ext_info: string("扩展属性", false, 128)
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/
const outRequestNo = /^[0-9A-Za-z|*_-]+$/

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const source = (field: string) => `输入源“/body${field}”`

const required = (field: string, label: string): ParamIssue => ({
  field,
  issue: "required field is missing",
  message: `${source(field)}映射到值字段“${label}”必填性规则校验失败，此字段为必填项`
})

const wrongType = (field: string, label: string, expected: string, value: unknown): ParamIssue => ({
  field,
  issue: `must be ${expected}`,
  value,
  message: `${source(field)}映射到值字段“${label}”类型错误，应为${expected}`
})

const checkValue = (spec: Spec, value: unknown, field: string): ParamIssue | undefined => {
  switch (spec._tag) {
    case "String":
      if (typeof value !== "string") return wrongType(field, spec.label, "string", value)
      if (value.length === 0) return required(field, spec.label)
      if (spec.maxLength !== undefined && [...value].length > spec.maxLength) {
        return {
          field,
          issue: `must be at most ${spec.maxLength} characters`,
          value,
          message: `${source(field)}映射到值字段“${spec.label}”字符串规则校验失败，字节数 ${[...value].length}，大于最大值 ${spec.maxLength}`
        }
      }
      return undefined
    case "Time":
      if (typeof value !== "string") return wrongType(field, spec.label, "string", value)
      if (!rfc3339.test(value)) {
        return {
          field,
          issue: "must be an RFC3339 date-time such as 2026-11-20T13:29:35.120+08:00",
          value,
          message: "输入时间格式错误"
        }
      }
      return undefined
    case "Integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) {
        return wrongType(field, spec.label, "integer", value)
      }
      if (spec.min !== undefined && value < spec.min) {
        return {
          field,
          issue: `must be at least ${spec.min}`,
          value,
          message: `${source(field)}映射到数值字段“${spec.label}”规则校验失败,值低于最小值 ${spec.min}`
        }
      }
      return undefined
    case "Boolean":
      return typeof value === "boolean" ? undefined : wrongType(field, spec.label, "boolean", value)
    case "Strings":
      return Array.isArray(value) && value.every((item) => typeof item === "string")
        ? undefined
        : wrongType(field, spec.label, "array of strings", value)
    case "Integers":
      return Array.isArray(value) && value.every((item) => Number.isSafeInteger(item))
        ? undefined
        : wrongType(field, spec.label, "array of integers", value)
    case "Enum":
      if (typeof value !== "string") return wrongType(field, spec.label, "string", value)
      return spec.values.includes(value)
        ? undefined
        : {
            field,
            issue: `must be one of ${spec.values.join(", ")}`,
            value,
            message: `${source(field)}映射到值字段“${spec.label}”枚举值规则校验失败`
          }
    case "Object":
      return isRecord(value) ? checkFields(spec.fields, value, field) : wrongType(field, spec.label, "object", value)
  }
}

const checkFields = (
  fields: Readonly<Record<string, Spec>>,
  value: Readonly<Record<string, unknown>>,
  path: string
): ParamIssue | undefined => {
  for (const [name, spec] of Object.entries(fields)) {
    const field = `${path}/${name}`
    const member = value[name]
    if (member === undefined || member === null) {
      if (spec.required) return required(field, spec.label)
      continue
    }
    const issue = checkValue(spec, member, field)
    if (issue !== undefined) return issue
  }
  return undefined
}

/**
 * Checks a create-coupon-stock body the way the real API does: structure and types first, then the
 * cross-field rules (NORMAL needs `fixed_normal_coupon`; budget = face value × count; the batch must belong
 * to the calling merchant).
 *
 * @internal
 */
export const validateCreateCouponStock = (
  input: unknown,
  mchid: string
): Either.Either<CreateCouponStockInput, ParamIssue> => {
  const left = Either.left<ParamIssue>
  if (!isRecord(input)) {
    return left({ field: "/", issue: "body must be a JSON object", message: "请求体不是合法的JSON对象" })
  }
  const structural = checkFields(body, input, "")
  if (structural !== undefined) return left(structural)
  const rule = input["coupon_use_rule"] as Readonly<Record<string, unknown>>
  const useRule = input["stock_use_rule"] as Readonly<Record<string, unknown>>
  const fixed = rule["fixed_normal_coupon"] as Readonly<Record<string, unknown>> | undefined
  if (input["stock_type"] === "NORMAL") {
    if (fixed === undefined || fixed === null) {
      return left({
        field: "/coupon_use_rule/fixed_normal_coupon",
        issue: "fixed_normal_coupon is required when stock_type is NORMAL",
        message: `${source("/coupon_use_rule/fixed_normal_coupon")}映射到值字段“固定面额满减券使用规则”必填性规则校验失败，批次类型为NORMAL时必填`
      })
    }
    const amount = fixed["coupon_amount"] as number
    if (amount * (useRule["max_coupons"] as number) !== useRule["max_amount"]) {
      return left({
        field: "/stock_use_rule/max_amount",
        issue: "max_amount must equal coupon_amount × max_coupons",
        value: useRule["max_amount"],
        message: "批次预算等于批次面额乘以发券数"
      })
    }
  }
  if (input["belong_merchant"] !== mchid) {
    return left({
      field: "/belong_merchant",
      issue: "belong_merchant must equal the calling merchant id",
      value: input["belong_merchant"],
      message: "批次归属商户号与请求方商户号不一致"
    })
  }
  const outRequest = input["out_request_no"] as string
  if (!outRequestNo.test(outRequest)) {
    return left({
      field: "/out_request_no",
      issue: "may contain only letters, digits, |, *, _ and -",
      value: outRequest,
      message: "商户单据号包含不合法字符"
    })
  }
  return Either.right({
    out_request_no: outRequest,
    stock_name: input["stock_name"] as string,
    stock_type: input["stock_type"] as string
  })
}
