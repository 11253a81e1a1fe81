/**
 * Requests signed on a `SigningPool`'s worker threads, checked by the sandbox as WeChat Pay checks them (a request
 * whose signature does not verify is answered 401 SIGN_ERROR).
 */
import { describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor, type WechatPayClient } from "@effect-wechatpay/api"
import * as SigningPool from "@effect-wechatpay/api/SigningPool"
import { Effect, Layer } from "effect"
import { Sandbox, SandboxClient } from "../../src/index.js"
import { createRequest, material, nonceOf } from "./harness.js"

const calls = (n: number) =>
  Effect.forEach(
    Array.from({ length: n }, (_, i) => i),
    (i): Effect.Effect<string, unknown, WechatPayClient> => {
      switch (i % 3) {
        case 0:
          return Effect.map(Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }), (s) => s.stock_id)
        case 1:
          return Effect.map(
            Busifavor.queryCoupon({
              openid: Sandbox.defaults.openid,
              coupon_code: Sandbox.defaults.couponCode,
              appid: Sandbox.defaults.appid
            }),
            (c) => c.coupon_code ?? ""
          )
        default:
          return Effect.map(Favor.createCouponStock(createRequest(`POOL-${i}`)), (s) => s.stock_id)
      }
    },
    { concurrency: 8 }
  )

const withPool = (verification: SandboxClient.Verification) =>
  SandboxClient.layer({ verification, sandbox: { material }, client: { retry: false } })

describe("loopback: signing on a SigningPool", () => {
  for (const verification of ["publicKey", "auto"] as const) {
    it.live(`the sandbox accepts every pool-signed request (${verification})`, () =>
      Effect.gen(function* () {
        const answers = yield* calls(24)
        expect(answers.filter((_, i) => i % 3 === 0)).toEqual(Array(8).fill(Sandbox.defaults.stockId))
        expect(answers.filter((_, i) => i % 3 === 1)).toEqual(Array(8).fill(Sandbox.defaults.couponCode))
        const sandbox = yield* Sandbox.SandboxGateway
        const requests = yield* sandbox.requests
        expect(requests.every((r) => r.status < 400)).toBe(true)
        const nonces = new Set(requests.map(nonceOf))
        expect(nonces.size).toBe(requests.length)
        expect(requests.length).toBe(verification === "auto" ? 25 : 24)
        // Every one of them (the certificate download included) signed on the pool's workers.
        const stats = yield* Effect.flatMap(SigningPool.SigningPool, (pool) => pool.stats)
        expect(stats).toEqual({ signed: requests.length, inFlight: 0, restarts: 0 })
      }).pipe(Effect.provide(Layer.provideMerge(withPool(verification), SigningPool.layer({ size: 2 }))))
    )
  }
})
