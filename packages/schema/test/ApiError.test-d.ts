// Type-checked by `tsc -b` (`pnpm check`), never run: the error tables' code unions and tags at the type level; a
// line whose two types differ does not compile.
import { expectTypeOf } from "@effect/vitest"
import * as ApiError from "../src/ApiError.js"

// derives code unions at the type level
expectTypeOf<ApiError.ErrorCodeOf<typeof ApiError.FavorCreateCouponStockErrors>>().toEqualTypeOf<
  | "PARAM_ERROR"
  | "MCH_NOT_EXISTS"
  | "INVALID_REQUEST"
  | "APPID_MCHID_NOT_MATCH"
  | "USER_ACCOUNT_ABNORMAL"
  | "NOT_ENOUGH"
  | "REQUEST_BLOCKED"
  | "RESOURCE_NOT_EXISTS"
  | "FREQUENCY_LIMIT_EXCEED"
>()
expectTypeOf<ApiError.ErrorCodeOf<typeof ApiError.BusifavorQueryStockErrors>>().toEqualTypeOf<
  | "PARAM_ERROR"
  | "SYSTEM_ERROR"
  | "RESOURCE_ALREADY_EXISTS"
  | "RESOURCE_NOT_EXISTS"
  | "NOAUTH"
  | "APPID_MCHID_NOT_MATCH"
  | "MCH_NOT_EXISTS"
  | "USER_NOT_EXISTS"
  | "FREQUENCY_LIMITED"
  | "RULELIMIT"
  | "INVALID_REQUEST"
>()
expectTypeOf<ApiError.ErrorCodeOf<typeof ApiError.ProtocolErrors>>().toEqualTypeOf<
  "SIGN_ERROR" | "NO_AUTH" | "SYSTEM_ERROR"
>()
expectTypeOf(ApiError.BusifavorQueryStockErrors[0].status).toEqualTypeOf<400>()
// has the same mapping at the type level
expectTypeOf(ApiError.errorTag("PARAM_ERROR")).toEqualTypeOf<"ParamError">()
expectTypeOf(ApiError.errorTag("NOAUTH")).toEqualTypeOf<"NoAuth">()
expectTypeOf(ApiError.errorTag("NO_AUTH")).toEqualTypeOf<"NoAuth">()
expectTypeOf(ApiError.errorTag("RULELIMIT")).toEqualTypeOf<"RuleLimit">()
expectTypeOf(ApiError.errorTag("FREQUENCY_LIMIT_EXCEED")).toEqualTypeOf<"FrequencyLimitExceed">()
expectTypeOf(ApiError.errorTag("ORDER_NOT_EXIST")).toEqualTypeOf<"OrderNotExist">()
expectTypeOf<ApiError.ErrorTagOf<ApiError.ErrorCodeOf<typeof ApiError.FavorCreateCouponStockErrors>>>().toEqualTypeOf<
  | "ParamError"
  | "MchNotExists"
  | "InvalidRequest"
  | "AppidMchidNotMatch"
  | "UserAccountAbnormal"
  | "NotEnough"
  | "RequestBlocked"
  | "ResourceNotExists"
  | "FrequencyLimitExceed"
>()
