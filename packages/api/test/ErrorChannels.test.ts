import { describe, expect, it } from "@effect/vitest"
import { ApiError } from "@effect-wechatpay/schema"
import * as Busifavor from "../src/Busifavor.js"
import * as Favor from "../src/Favor.js"
import { ErrorClasses } from "../src/WechatPayError.js"

describe("error classes and typed codes", () => {
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
