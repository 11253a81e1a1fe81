import { describe, expect, it } from "@effect/vitest"
import { Busifavor } from "@effect-wechatpay/schema"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { Sandbox } from "../src/index.js"

const [sent, used] = Sandbox.defaultUserCoupons()

const fixtures: ReadonlyArray<readonly [string, Schema.Schema.AnyNoContext, unknown]> = [
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
    const decoded = Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(fixture)
    expect(Either.isRight(decoded) ? "ok" : String(decoded.left)).toBe("ok")
  })
})
