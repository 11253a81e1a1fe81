import { describe, expect, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Busifavor } from "../src/index.js"
import { fixture, remove, withPath } from "./support.js"

/**
 * The tolerance rule applies at any depth: 查询用户单张券详情's page marks none of its response fields required, so a
 * coupon whose `coupon_use_rule` lacks `coupon_available_time` or `use_method` decodes (the 商家券 pages share one
 * `CouponUseRule`).
 */
describe("a nested response field is optional where the sources disagree", () => {
  const coupon = fixture("busifavor-query-user-coupon.response.json")
  const decode = Schema.decodeUnknownResult(Busifavor.QueryCouponResponse)

  it.each([["coupon_available_time"], ["use_method"]])("查询用户单张券详情 without coupon_use_rule.%s", (key) => {
    const body = withPath(coupon, ["coupon_use_rule", key], remove)
    const decoded = decode(body)
    expect(Result.isSuccess(decoded)).toBe(true)
    if (Result.isSuccess(decoded)) expect(decoded.success.coupon_use_rule[key as "use_method"]).toBeUndefined()
  })

  it("查询用户单张券详情 with neither: the rest of the rule is kept", () => {
    const body = withPath(
      withPath(coupon, ["coupon_use_rule", "use_method"], remove),
      ["coupon_use_rule", "coupon_available_time"],
      remove
    )
    const decoded = decode(body)
    expect(Result.isSuccess(decoded)).toBe(true)
  })

  it.each([["mini_programs_appid"], ["mini_programs_path"], ["entrance_words"]])(
    "查询用户单张券详情 without custom_entrance.mini_programs_info.%s",
    (key) => {
      const body = withPath(coupon, ["custom_entrance", "mini_programs_info", key], remove)
      expect(Result.isSuccess(decode(body))).toBe(true)
    }
  )

  it("查询商家券详情 keeps them required, as every source there agrees", () => {
    const stock = fixture("busifavor-query-stock.response.json")
    const body = withPath(stock, ["coupon_use_rule", "use_method"], remove)
    expect(Result.isFailure(Schema.decodeUnknownResult(Busifavor.QueryStockResponse)(body))).toBe(true)
  })
})
