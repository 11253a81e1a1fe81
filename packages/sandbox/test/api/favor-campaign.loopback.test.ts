import { describe, expect, it } from "@effect/vitest"
import { Favor, FlowFiles } from "@effect-wechatpay/api"
import { Effect, Stream } from "effect"
import { Sandbox } from "../../src/index.js"
import { appid, liveStockRequest, mchid, sendRequest } from "./favor-harness.js"
import { withSandbox } from "./harness.js"

const creator = { stock_creator_mchid: mchid }
const users = Array.from({ length: 50 }, (_, i) => `o-campaign-${String(i).padStart(2, "0")}`)

describe("loopback: a 代金券 campaign", () => {
  it.live(
    "create → start → send 50 → list → pause → a send fails → restart → redeem → USED → reconcile the use-flow file",
    () =>
      withSandbox({ client: { retry: false } })(
        Effect.gen(function* () {
          const sandbox = yield* Sandbox.SandboxGateway
          const { stock_id } = yield* Favor.createCouponStock(liveStockRequest("EWP-CAMPAIGN-1"))
          expect((yield* Favor.queryStock({ stock_id, ...creator })).status).toBe("unactivated")
          yield* Favor.startStock({ stock_id, ...creator })

          const sent = yield* Effect.forEach(
            users,
            (openid, i) => Favor.sendCoupon(sendRequest(stock_id, openid, `EWP-CAMPAIGN-1-${i}`)),
            { concurrency: 8 }
          )
          const couponIds = sent.map((s) => s.coupon_id)
          expect(new Set(couponIds).size).toBe(50)
          expect((yield* Favor.queryStock({ stock_id, ...creator })).distributed_coupons).toBe(50)

          const listed = yield* Effect.forEach(
            users,
            (openid) =>
              Stream.runCollect(Favor.listCouponsByFilterStream({ openid, appid, creator_mchid: mchid, stock_id })),
            { concurrency: 8 }
          )
          expect(listed.flatMap((coupons) => coupons.map((c) => c.coupon_id))).toEqual(couponIds)

          yield* Favor.pauseStock({ stock_id, ...creator })
          const refused = yield* Effect.flip(Favor.sendCoupon(sendRequest(stock_id, "o-latecomer", "EWP-CAMPAIGN-1-X")))
          expect(refused).toMatchObject({
            _tag: "InvalidRequest",
            code: "INVALID_REQUEST",
            description: "活动已结束或未激活"
          })
          yield* Favor.restartStock({ stock_id, ...creator })
          yield* Favor.sendCoupon(sendRequest(stock_id, "o-latecomer", "EWP-CAMPAIGN-1-X"))

          const redeemed = couponIds.slice(0, 10)
          for (const [i, coupon_id] of redeemed.entries()) {
            yield* sandbox.markFavorCouponUsed({ coupon_id, consume_amount: 1000 + i })
          }
          for (const [i, coupon_id] of couponIds.entries()) {
            const coupon = yield* Favor.queryCoupon({ openid: users[i]!, coupon_id, appid })
            expect(coupon.status).toBe(i < 10 ? "USED" : "SENDED")
          }
          const flow = yield* sandbox.favorUseFlow
          expect(flow.map((r) => r.coupon_id)).toEqual(redeemed)
          expect(flow.every((r) => r.stock_id === stock_id && r.coupon_amount === 5)).toBe(true)

          // Reconcile: the 核销明细 file, downloaded (signed GET, SHA-1 checked) and parsed, lists exactly the
          // redemptions, with the amounts sent.
          const rows = yield* Stream.runCollect(FlowFiles.useFlow(stock_id))
          expect(rows.map((r) => r.coupon_id)).toEqual(redeemed)
          expect(rows.every((r) => r.stock_id === stock_id && r.coupon_amount === 5)).toBe(true)
          expect(rows.map((r) => r.order_amount)).toEqual(redeemed.map((_, i) => 1000 + i))
        })
      )
  )
})
