import { describe, expect, it } from "@effect/vitest"
import { Favor, type WechatPayError } from "@effect-wechatpay/api"
import { Effect } from "effect"
import { Sandbox } from "../../src/index.js"
import { createRequest, withSandbox } from "./harness.js"

describe("loopback: a verified 2xx answer that does not decode", () => {
  it.live("SetField: DecodeError at the field, its body keeps what WeChat Pay signed (the stock created)", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.inject({
          match: { method: "POST", path: "/v3/marketing/favor/coupon-stocks" },
          kind: { _tag: "SetField", field: "create_time", value: 20270101 }
        })
        const error = yield* Effect.flip(Favor.createCouponStock(createRequest("EWP-DECODE-1")))
        expect(error).toMatchObject({ _tag: "DecodeError", path: "/create_time" })
        const body = (error as WechatPayError.DecodeError).body as { stock_id: string; create_time: unknown }
        expect(body.create_time).toBe(20270101)
        const stock = yield* Favor.queryStock({ stock_id: body.stock_id, stock_creator_mchid: Sandbox.defaults.mchid })
        expect(stock.stock_id).toBe(body.stock_id)
        // The fault applied once: the same request number answers the same stock, decoded.
        const again = yield* Favor.createCouponStock(createRequest("EWP-DECODE-1"))
        expect(again.stock_id).toBe(body.stock_id)
      })
    )
  )

  it.live("SetField on the field a caller needs: the body keeps it as sent", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.inject({ kind: { _tag: "SetField", field: "stock_id", value: 42 } })
        const error = yield* Effect.flip(Favor.createCouponStock(createRequest("EWP-DECODE-2")))
        expect(error).toMatchObject({ _tag: "DecodeError", path: "/stock_id" })
        expect((error as WechatPayError.DecodeError).body).toMatchObject({ stock_id: 42 })
      })
    )
  )
})
