import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor, NodeTransport, WechatPay } from "@effect-wechatpay/api"
import { Effect, Layer } from "effect"
import { FetchHttpClient } from "effect/http"
import { Sandbox, SandboxClient } from "../../src/index.js"
import { createRequest, material, requestsTo, withSandbox } from "./harness.js"

const coupon = Sandbox.defaultUserCoupons()[0]!

describe("loopback: the client against the sandbox gateway", () => {
  it.live("Busifavor.queryStock decodes the served stock", () =>
    withSandbox()(
      Effect.gen(function* () {
        const expected = Sandbox.defaultBusifavorStock()
        const stock = yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
        expect(stock.stock_id).toBe(Sandbox.defaults.stockId)
        expect(stock.stock_name).toBe(expected.stock_name)
        expect(stock.stock_state).toBe(expected.stock_state)
        expect(stock.coupon_use_rule.coupon_available_time.available_begin_time).toBe(
          expected.coupon_use_rule.coupon_available_time.available_begin_time
        )
        expect(stock.stock_send_rule.max_coupons_per_user).toBe(expected.stock_send_rule.max_coupons_per_user)
      })
    )
  )

  it.live("Busifavor.queryCoupon decodes the served coupon", () =>
    withSandbox()(
      Effect.gen(function* () {
        const result = yield* Busifavor.queryCoupon({
          openid: coupon.openid,
          coupon_code: coupon.coupon.coupon_code,
          appid: coupon.appid
        })
        expect(result.coupon_code).toBe(coupon.coupon.coupon_code)
        expect(result.coupon_state).toBe(coupon.coupon.coupon_state)
        expect(result.stock_id).toBe(coupon.coupon.stock_id)
      })
    )
  )

  it.live("Favor.createCouponStock creates, and the same out_request_no returns the same stock", () =>
    withSandbox()(
      Effect.gen(function* () {
        const a = yield* Favor.createCouponStock(createRequest("EWP-20270101-0001"))
        const b = yield* Favor.createCouponStock(createRequest("EWP-20270101-0001"))
        const c = yield* Favor.createCouponStock(createRequest("EWP-20270101-0002"))
        expect(a.stock_id).toMatch(/^\d+$/)
        expect(b).toEqual(a)
        expect(c.stock_id).not.toBe(a.stock_id)
      })
    )
  )

  it.live("path parameters with upper case and reserved characters arrive intact", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const openid = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o-UPPER"
        const code = "AbC+1/2 3%"
        yield* sandbox.seedUserCoupon({ openid, appid: coupon.appid, coupon: { ...coupon.coupon, coupon_code: code } })
        const result = yield* Busifavor.queryCoupon({ openid, coupon_code: code, appid: coupon.appid })
        expect(result.coupon_code).toBe(code)
        const [seen] = yield* requestsTo(
          `/v3/marketing/busifavor/users/${openid}/coupons/${encodeURIComponent(code)}/appids/${coupon.appid}`
        )
        expect(seen?.target).toBe(
          `/v3/marketing/busifavor/users/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o-UPPER/coupons/AbC%2B1%2F2%203%25/appids/${coupon.appid}`
        )
        expect(seen?.status).toBe(200)
      })
    )
  )

  it.live("Accept, User-Agent and Content-Type are sent", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* Favor.createCouponStock(createRequest("EWP-UA-1"))
        const [seen] = yield* requestsTo("/v3/marketing/favor/coupon-stocks")
        expect(seen?.headers["accept"]).toBe("application/json")
        expect(seen?.headers["user-agent"]).toMatch(/^effect-wechatpay\/0\.1\.0/)
        expect(seen?.headers["content-type"]).toMatch(/^application\/json/)
      })
    )
  )

  describe("over every transport", () => {
    const transports = {
      "NodeTransport (this library's node:http client)": NodeTransport.layer(),
      "node:http (keep-alive agent)": NodeHttpClient.layerNodeHttpOptions({ keepAlive: true }),
      undici: NodeHttpClient.layerUndici,
      fetch: FetchHttpClient.layer
    }
    for (const [name, transport] of Object.entries(transports)) {
      it.live(name, () =>
        Effect.gen(function* () {
          const stock = yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
          const created = yield* Favor.createCouponStock(createRequest(`EWP-${name.length}`))
          expect(stock.stock_id).toBe(Sandbox.defaults.stockId)
          expect(created.stock_id).toMatch(/^\d+$/)
        }).pipe(
          Effect.provide(SandboxClient.layerWithoutTransport({ sandbox: { material } }).pipe(Layer.provide(transport))),
          Effect.scoped
        )
      )
    }
  })

  it.live("several merchants' clients live in one process without sharing state", () =>
    Effect.gen(function* () {
      const a = yield* Sandbox.make({ material, mchid: "1900000001", signingMode: "publicKey" })
      const other = yield* Sandbox.generateMaterial()
      const b = yield* Sandbox.make({ material: other, mchid: "1900000002", signingMode: "certificate" })
      const call = (sandbox: Sandbox.Sandbox, verification: SandboxClient.Verification) =>
        Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }).pipe(
          Effect.provide(WechatPay.layer(SandboxClient.clientOptions(sandbox, verification))),
          Effect.provide(NodeHttpClient.layerUndici)
        )
      const [ra, rb] = yield* Effect.all([call(a, "publicKey"), call(b, "certificates")], { concurrency: 2 })
      expect(ra.belong_merchant).toBe("1900000001")
      expect(rb.belong_merchant).toBe("1900000002")
      const crossed = yield* Effect.flip(
        Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }).pipe(
          Effect.provide(
            WechatPay.layer({ ...SandboxClient.clientOptions(b, "certificates"), baseUrl: a.baseUrl, retry: false })
          ),
          Effect.provide(NodeHttpClient.layerUndici)
        )
      )
      expect(crossed._tag).toBe("SignError")
    }).pipe(Effect.scoped)
  )
})
