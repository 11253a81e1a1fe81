import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import { ApiError } from "@effect-wechatpay/schema"
import type { Effect } from "effect"
import * as Busifavor from "../src/Busifavor.js"
import * as Favor from "../src/Favor.js"
import type * as E from "../src/WechatPayError.js"
import { ErrorClasses } from "../src/WechatPayError.js"

type ErrorsOf<F extends (...args: never) => Effect.Effect<unknown, unknown, unknown>> = Effect.Error<ReturnType<F>>

type Ours =
  | E.SignError
  | E.UnknownApiError
  | E.SignatureVerificationError
  | E.DecodeError
  | E.TransportError
  | E.RequestValidationError

// The 商家券 table, as documented for both busifavor endpoints.
type BusifavorErrors =
  | E.ParamError
  | E.SystemError
  | E.ResourceAlreadyExists
  | E.ResourceNotExists
  | E.NoAuth
  | E.AppidMchidNotMatch
  | E.MchNotExists
  | E.UserNotExists
  | E.FrequencyLimited
  | E.RuleLimit
  | E.InvalidRequest
  | Ours

describe("each endpoint's error channel is exactly its documented codes plus the protocol errors", () => {
  it("Busifavor.queryStock", () => {
    expectTypeOf<ErrorsOf<typeof Busifavor.queryStock>>().toEqualTypeOf<BusifavorErrors>()
  })

  it("Busifavor.queryCoupon", () => {
    expectTypeOf<ErrorsOf<typeof Busifavor.queryCoupon>>().toEqualTypeOf<BusifavorErrors>()
  })

  it("Favor.createCouponStock", () => {
    expectTypeOf<ErrorsOf<typeof Favor.createCouponStock>>().toEqualTypeOf<
      | E.ParamError
      | E.MchNotExists
      | E.InvalidRequest
      | E.AppidMchidNotMatch
      | E.UserAccountAbnormal
      | E.NotEnough
      | E.RequestBlocked
      | E.ResourceNotExists
      | E.FrequencyLimitExceed
      | E.NoAuth
      | E.SystemError
      | Ours
    >()
  })

  it("every code of every schema table has a class whose _tag is the schema's tag for it", () => {
    const tables = [
      ApiError.ProtocolErrors,
      ApiError.BusifavorQueryStockErrors,
      ApiError.BusifavorQueryCouponErrors,
      ApiError.FavorCreateCouponStockErrors
    ]
    const codes = new Set(tables.flatMap((table) => table.map((row) => row.code)))
    expect(codes.size).toBeGreaterThanOrEqual(16)
    for (const code of codes) {
      expect(code in ErrorClasses).toBe(true)
      const ErrorClass = ErrorClasses[code as keyof typeof ErrorClasses]
      const error = new ErrorClass({ status: 400, code, message: "m" })
      expect(error._tag).toBe(ApiError.ErrorTags[code as keyof typeof ApiError.ErrorTags])
    }
  })

  it("every endpoint's typed codes are its table's codes plus the protocol codes", () => {
    expect([...Busifavor.QueryStockEndpoint.codes].sort()).toEqual(
      [
        ...new Set([...ApiError.BusifavorQueryStockErrors.map((r) => r.code), "SIGN_ERROR", "NO_AUTH", "SYSTEM_ERROR"])
      ].sort()
    )
    expect([...Favor.CreateCouponStockEndpoint.codes].sort()).toEqual(
      [
        ...new Set([
          ...ApiError.FavorCreateCouponStockErrors.map((r) => r.code),
          "SIGN_ERROR",
          "NO_AUTH",
          "SYSTEM_ERROR"
        ])
      ].sort()
    )
  })
})
