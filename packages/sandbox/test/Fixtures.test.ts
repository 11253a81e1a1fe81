import { describe, expect, it } from "@effect/vitest"
import { Busifavor } from "@effect-wechatpay/schema"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { Sandbox } from "../src/index.js"

const [sent, used] = Sandbox.defaultUserCoupons()

const fixtures: ReadonlyArray<readonly [string, Schema.Decoder<unknown>, unknown]> = [
  ["default 商家券 stock", Busifavor.QueryStockResponse, Sandbox.defaultBusifavorStock()],
  [
    "default 商家券 stock of another merchant",
    Busifavor.QueryStockResponse,
    Sandbox.defaultBusifavorStock("1230000109")
  ],
  ["SENDED user coupon", Busifavor.QueryCouponResponse, sent!.coupon],
  ["USED user coupon", Busifavor.QueryCouponResponse, used!.coupon]
]

describe("fixtures decode with the response schemas", () => {
  it.each(fixtures)("%s", (_, schema, fixture) => {
    const decoded = Schema.decodeUnknownResult(schema, { onExcessProperty: "error" })(fixture)
    expect(Result.isSuccess(decoded) ? "ok" : String(decoded.failure)).toBe("ok")
  })
})
