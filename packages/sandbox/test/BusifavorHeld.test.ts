import { describe, expect, it } from "@effect/vitest"
import { Effect, Ref, Semaphore } from "effect"
import { Sandbox } from "../src/index.js"
import { behaviours } from "../src/internal/busifavor.js"
import type { GatewayConfig, GatewayState } from "../src/internal/state.js"
import * as State from "../src/internal/state.js"

/** A map that counts how often it is walked (iterated in any way). */
class CountingMap<K, V> extends Map<K, V> {
  walks = 0
  override values() {
    this.walks++
    return super.values()
  }
  override keys() {
    this.walks++
    return super.keys()
  }
  override entries() {
    this.walks++
    return super.entries()
  }
  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void) {
    this.walks++
    super.forEach(callback)
  }
  override [Symbol.iterator]() {
    this.walks++
    return super[Symbol.iterator]()
  }
}

const mchid = Sandbox.defaults.mchid
const appid = Sandbox.defaults.appid
const stockId = "9988001"

const stock: Sandbox.BusifavorStock = {
  ...Sandbox.defaultBusifavorStock(mchid),
  stock_id: stockId,
  coupon_code_mode: "WECHATPAY_MODE",
  coupon_code_count: null,
  send_count_information: { total_send_num: 0, total_send_amount: 0, today_send_num: 0, today_send_amount: 0 },
  stock_send_rule: {
    ...Sandbox.defaultBusifavorStock(mchid).stock_send_rule,
    max_coupons: 1_000_000,
    max_coupons_by_day: 1_000_000,
    max_coupons_per_user: 2,
    max_amount: 1_000_000_000,
    max_amount_by_day: 1_000_000_000
  }
}

/** The 商家券 part of a gateway state holding `held` coupons of other users, in a map that counts its walks. */
const stateHolding = (held: number) => {
  const userCoupons = new CountingMap<string, Sandbox.UserCouponSeed>()
  const [template] = Sandbox.defaultUserCoupons(mchid)
  for (let i = 0; i < held; i++) {
    const seed = { ...template!, openid: `o-other-${i}`, coupon: { ...template!.coupon, coupon_code: `other-${i}` } }
    userCoupons.set(State.couponKey(seed.openid, seed.coupon.coupon_code, seed.appid), seed)
  }
  const heldPerUser = State.countHeld(userCoupons.values())
  userCoupons.walks = 0
  const state = {
    shared: { idempotentAnswers: new Map(), faults: [] },
    notifications: { outbox: [], faults: [] },
    busifavor: {
      stocks: new Map([[stockId, stock]]),
      userCoupons,
      heldPerUser,
      uploadedCodes: new Map(),
      sendDay: new Map(),
      notifyUrls: new Map(),
      sequence: 0
    }
  } as unknown as GatewayState
  return { state, userCoupons }
}

const send = (state: Ref.Ref<GatewayState>, openid: string, outRequestNo: string) =>
  Effect.gen(function* () {
    const writes = yield* Semaphore.make(1)
    const config = { mchid, now: () => Date.now(), signingNow: () => Date.now() } as unknown as GatewayConfig
    return yield* behaviours.sendCoupon.run(
      {
        method: "POST",
        params: { stock_id: stockId },
        query: new URLSearchParams(),
        headers: {},
        body: new TextEncoder().encode(
          JSON.stringify({ stock_id: stockId, openid, out_request_no: outRequestNo, appid })
        )
      },
      { mchid, config, state, writes, origin: "http://127.0.0.1" }
    )
  })

describe("商家券 sendCoupon against a sandbox that holds many coupons", () => {
  it.effect("a send does not walk every coupon held: it reads the user's count, and max_coupons_per_user holds", () =>
    Effect.gen(function* () {
      const { state: initial, userCoupons } = stateHolding(5_000)
      const state = yield* Ref.make(initial)
      const first = yield* send(state, "o-user-1", "R-1")
      const second = yield* send(state, "o-user-1", "R-2")
      const third = yield* send(state, "o-user-1", "R-3")
      const other = yield* send(state, "o-user-2", "R-4")
      expect([first._tag, second._tag, third._tag, other._tag]).toEqual(["Ok", "Ok", "ApiError", "Ok"])
      expect(third).toMatchObject({ code: "INVALID_REQUEST", message: "用户领券已达上限" })
      expect(userCoupons.walks).toBe(0)
      const after = yield* Ref.get(state)
      expect(after.busifavor.userCoupons.size).toBe(5_003)
      expect(after.busifavor.stocks.get(stockId)?.send_count_information?.total_send_num).toBe(3)
    })
  )
})
