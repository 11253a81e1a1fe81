import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as ApiError from "../src/ApiError.js"
import * as PartnerProductCoupon from "../src/PartnerProductCoupon.js"
import { issues } from "./support.js"

const decodeBody = Schema.decodeUnknownEffect(ApiError.ApiErrorBody)

describe("ApiErrorBody", () => {
  it.effect("decodes a full body", () =>
    Effect.gen(function* () {
      const body = yield* decodeBody({
        code: "PARAM_ERROR",
        message: "参数错误",
        detail: { field: "/amount/currency", value: "XYZ", issue: "Currency code is invalid", location: "body" }
      })
      expect(body).toStrictEqual(
        new ApiError.ApiErrorBody({
          code: "PARAM_ERROR",
          message: "参数错误",
          detail: new ApiError.ApiErrorDetail({
            field: "/amount/currency",
            value: "XYZ",
            issue: "Currency code is invalid",
            location: "body"
          })
        })
      )
    })
  )

  it.effect("decodes the partial detail real gateways send", () =>
    Effect.gen(function* () {
      const body = yield* decodeBody({
        code: "PARAM_ERROR",
        detail: { location: "body", value: 0 },
        message:
          "输入源“/body/coupon_use_rule/fixed_normal_coupon/discount_amount”映射到数值字段“优惠金额”规则校验失败,值低于最小值 1"
      })
      expect(body.detail).toStrictEqual(new ApiError.ApiErrorDetail({ location: "body", value: 0 }))
      expect(body.detail?.field).toBeUndefined()
    })
  )

  it.effect("accepts any JSON value as detail.value, a missing detail and a null detail", () =>
    Effect.gen(function* () {
      const objectValue = yield* decodeBody({ code: "X", message: "m", detail: { value: { a: [1, null] } } })
      const nullValue = yield* decodeBody({ code: "X", message: "m", detail: { value: null } })
      const noDetail = yield* decodeBody({ code: "SIGN_ERROR", message: "签名错误" })
      const nullDetail = yield* decodeBody({ code: "SIGN_ERROR", message: "签名错误", detail: null })
      expect(objectValue.detail?.value).toStrictEqual({ a: [1, null] })
      expect(nullValue.detail?.value).toBeNull()
      expect(noDetail).toStrictEqual(new ApiError.ApiErrorBody({ code: "SIGN_ERROR", message: "签名错误" }))
      expect(nullDetail).toStrictEqual(noDetail)
    })
  )

  it.effect("requires code and message", () =>
    Effect.gen(function* () {
      expect(yield* issues(ApiError.ApiErrorBody, { message: "m" })).toStrictEqual([
        { path: ["code"], message: "Missing key" }
      ])
    })
  )
})

describe("documented error tables", () => {
  const codes = (table: ReadonlyArray<ApiError.ErrorRow>) => [...new Set(table.map((row) => row.code))]

  it("transcribes the 商家券 tables of 查询商家券详情 and 查询用户单张券详情", () => {
    const expected = [
      "PARAM_ERROR",
      "SYSTEM_ERROR",
      "RESOURCE_ALREADY_EXISTS",
      "RESOURCE_NOT_EXISTS",
      "NOAUTH",
      "APPID_MCHID_NOT_MATCH",
      "MCH_NOT_EXISTS",
      "USER_NOT_EXISTS",
      "FREQUENCY_LIMITED",
      "RULELIMIT",
      "INVALID_REQUEST"
    ]
    expect(codes(ApiError.BusifavorQueryStockErrors)).toStrictEqual(expected)
    expect(codes(ApiError.BusifavorQueryCouponErrors)).toStrictEqual(expected)
    expect(ApiError.BusifavorQueryStockErrors).toHaveLength(14)
    expect(
      ApiError.BusifavorQueryStockErrors.filter((row) => row.code === "SYSTEM_ERROR").map((row) => row.status)
    ).toStrictEqual([400, 500])
    expect(ApiError.BusifavorQueryStockErrors[6]).toStrictEqual({
      status: 400,
      code: "APPID_MCHID_NOT_MATCH",
      description: "appid 与请求方商户无关联关系",
      solution: "appid 与请求方商户不匹配, 请确认 appid 与请求方商户是否有关联关系"
    })
    // Both pages print the same 商家券 table (B without spaces around Latin words): one table serves both.
    expect(ApiError.BusifavorQueryCouponErrors).toBe(ApiError.BusifavorQueryStockErrors)
  })

  it("transcribes the 代金券 table of 创建代金券批次, one row per documented cause", () => {
    expect(codes(ApiError.FavorCreateCouponStockErrors)).toStrictEqual([
      "PARAM_ERROR",
      "MCH_NOT_EXISTS",
      "INVALID_REQUEST",
      "APPID_MCHID_NOT_MATCH",
      "USER_ACCOUNT_ABNORMAL",
      "NOT_ENOUGH",
      "REQUEST_BLOCKED",
      "RESOURCE_NOT_EXISTS",
      "FREQUENCY_LIMIT_EXCEED"
    ])
    expect(ApiError.FavorCreateCouponStockErrors).toHaveLength(23)
    expect(ApiError.FavorCreateCouponStockErrors.filter((row) => row.code === "PARAM_ERROR")).toHaveLength(10)
    expect(ApiError.FavorCreateCouponStockErrors.at(-1)).toStrictEqual({
      status: 429,
      code: "FREQUENCY_LIMIT_EXCEED",
      description: "接口限频",
      solution: "请降低调用频率"
    })
  })

  it("lists the protocol errors any endpoint can return", () => {
    expect(ApiError.ProtocolErrors.map(({ code, status }) => [status, code])).toStrictEqual([
      [401, "SIGN_ERROR"],
      [403, "NO_AUTH"],
      [500, "SYSTEM_ERROR"]
    ])
  })
})

describe("error tags", () => {
  it("maps every documented code to its tag", () => {
    const tables = [
      ApiError.ProtocolErrors,
      ApiError.BusifavorQueryStockErrors,
      ApiError.BusifavorQueryCouponErrors,
      ApiError.FavorCreateCouponStockErrors,
      PartnerProductCoupon.CreateProductCouponErrors,
      PartnerProductCoupon.GetStock.errors
    ]
    const all = [...new Set(tables.flatMap((table) => table.map((row) => row.code)))].sort()
    expect(Object.keys(ApiError.ErrorTags).sort()).toStrictEqual(all)
    expect(Object.fromEntries(all.map((code) => [code, ApiError.errorTag(code)]))).toStrictEqual({
      ALREADY_EXISTS: "AlreadyExists",
      APPID_MCHID_NOT_MATCH: "AppidMchidNotMatch",
      FREQUENCY_LIMITED: "FrequencyLimited",
      FREQUENCY_LIMIT_EXCEED: "FrequencyLimitExceed",
      INVALID_REQUEST: "InvalidRequest",
      MCH_NOT_EXISTS: "MchNotExists",
      NOAUTH: "NoAuth",
      NOT_ENOUGH: "NotEnough",
      NO_AUTH: "NoAuth",
      NOT_FOUND: "NotFound",
      PARAM_ERROR: "ParamError",
      RATELIMIT_EXCEEDED: "RateLimitExceeded",
      REQUEST_BLOCKED: "RequestBlocked",
      RESOURCE_ALREADY_EXISTS: "ResourceAlreadyExists",
      RESOURCE_NOT_EXISTS: "ResourceNotExists",
      RULELIMIT: "RuleLimit",
      SIGN_ERROR: "SignError",
      SYSTEM_ERROR: "SystemError",
      USER_ACCOUNT_ABNORMAL: "UserAccountAbnormal",
      USER_NOT_EXISTS: "UserNotExists"
    })
  })

  it("falls back to PascalCase of the words for undocumented codes", () => {
    expect(ApiError.errorTag("ORDER_NOT_EXIST")).toBe("OrderNotExist")
    expect(ApiError.errorTag("RATE_LIMITED")).toBe("RateLimited")
  })
})
