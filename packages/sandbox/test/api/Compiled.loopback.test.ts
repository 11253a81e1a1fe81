import { FetchHttpClient, HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor, type WechatPayClient } from "@effect-wechatpay/api"
import { Compiled, Endpoints } from "@effect-wechatpay/schema"
import { Effect, Either, Layer, Schema } from "effect"
import { Sandbox, SandboxClient } from "../../src/index.js"
import { liveStockRequest, mchid, sendRequest } from "./favor-harness.js"
import { material } from "./harness.js"

/** Every 2xx body the client receives, as the bytes it verified and decoded. */
const recordingTransport = (bodies: Array<string>) =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      HttpClient.transformResponse(client, (response) =>
        Effect.tap(response, (r) =>
          r.status >= 200 && r.status < 300
            ? Effect.map(r.arrayBuffer, (buffer) => {
                bodies.push(new TextDecoder().decode(buffer))
              })
            : Effect.void
        )
      )
    )
  ).pipe(Layer.provide(FetchHttpClient.layer))

const endpoint = (name: string) => Endpoints.all.find((e) => e.name === name)!

describe("loopback: the sandbox's answers take the compiled decode's fast path", () => {
  it.live(
    "the bench's call mix and the other reads: every body is canonical and decodes as the full decode does",
    () => {
      const bodies: Array<string> = []
      const checked: Array<string> = []
      /** Runs a call, then checks the body it received against its endpoint's response schema. */
      const call = <A, E>(name: string, effect: Effect.Effect<A, E, WechatPayClient>) =>
        Effect.tap(effect, () =>
          Effect.sync(() => {
            const body: unknown = JSON.parse(bodies[bodies.length - 1]!)
            const schema = endpoint(name).response as Schema.Schema<unknown, unknown>
            expect(Compiled.isCanonical(schema)(body), name).toBe(true)
            const compiled = Compiled.decodeUnknownEither(schema)(body)
            expect(compiled).toStrictEqual(Schema.decodeUnknownEither(schema)(body))
            expect(Either.isRight(compiled)).toBe(true)
            checked.push(name)
          })
        )
      const user = { openid: Sandbox.defaults.openid, appid: Sandbox.defaults.appid }
      return Effect.gen(function* () {
        yield* call("Busifavor.queryStock", Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }))
        yield* call(
          "Busifavor.queryCoupon",
          Busifavor.queryCoupon({ ...user, coupon_code: Sandbox.defaults.couponCode })
        )
        const { stock_id } = yield* call("Favor.createCouponStock", Favor.createCouponStock(liveStockRequest("CMP-1")))
        yield* call("Favor.startStock", Favor.startStock({ stock_id, stock_creator_mchid: mchid }))
        const sent = yield* call("Favor.sendCoupon", Favor.sendCoupon(sendRequest(stock_id, user.openid, "CMP-S1")))
        yield* call("Favor.queryStock", Favor.queryStock({ stock_id, stock_creator_mchid: mchid }))
        yield* call("Favor.listStocks", Favor.listStocks({ stock_creator_mchid: mchid, offset: 0, limit: 10 }))
        yield* call("Favor.queryCoupon", Favor.queryCoupon({ ...user, coupon_id: sent.coupon_id }))
        yield* call(
          "Busifavor.listCouponsByFilter",
          Busifavor.listCouponsByFilter({ ...user, stock_id: Sandbox.defaults.stockId, offset: 0, limit: 10 })
        )
        expect(checked).toHaveLength(9)
      }).pipe(
        Effect.provide(
          SandboxClient.layerWithoutTransport({ sandbox: { material } }).pipe(Layer.provide(recordingTransport(bodies)))
        ),
        Effect.scoped
      )
    }
  )
})
