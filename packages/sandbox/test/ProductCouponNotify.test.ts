import { describe, expect, it } from "@effect/vitest"
import { schedules } from "../src/internal/notifier.js"

describe("商品券 notifications: the redelivery schedule", () => {
  it("PRODUCT_COUPON.SEND and PRODUCT_COUPON_SP.SEND follow the generic schedule: 15 redeliveries over 24 h 4 min", () => {
    for (const eventType of ["PRODUCT_COUPON.SEND", "PRODUCT_COUPON_SP.SEND"] as const) {
      const waits = schedules[eventType]
      expect(waits.map((millis) => millis / 1000)).toStrictEqual([
        15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10_800, 10_800, 10_800, 21_600, 21_600
      ])
      expect(waits.reduce((a, b) => a + b, 0)).toBe((24 * 60 + 4) * 60 * 1000)
    }
  })

  it("the 商家券 and 代金券 events keep theirs: every 60 s, 11 and 9 POSTs in all", () => {
    expect(schedules["COUPON.SEND"]).toStrictEqual(Array.from({ length: 10 }, () => 60_000))
    expect(schedules["COUPON.USE"]).toStrictEqual(Array.from({ length: 8 }, () => 60_000))
  })
})
