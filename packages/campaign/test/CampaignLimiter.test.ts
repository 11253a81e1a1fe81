import { describe, expect, it } from "@effect/vitest"
import { CampaignLimiter } from "@effect-wechatpay/campaign"
import { Duration, Effect } from "effect"

const maxInWindow = (times: ReadonlyArray<number>, window: number) => {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= window) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

describe("CampaignLimiter", () => {
  it.live(
    "never lets more than the rate through in any window, and keeps close to it, whatever the concurrency",
    () =>
      Effect.gen(function* () {
        const limiter = yield* CampaignLimiter.CampaignLimiter
        const times: Array<number> = []
        const started = Date.now()
        yield* Effect.forEach(
          Array.from({ length: 250 }, (_, i) => i),
          () =>
            limiter
              .take("Busifavor.sendCoupon", { requests: 100, per: "1 second" })
              .pipe(Effect.tap(() => Effect.sync(() => times.push(Date.now())))),
          { concurrency: 64, discard: true }
        )
        const elapsed = (Date.now() - started) / 1000
        expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(100)
        expect(elapsed).toBeGreaterThan(2.3)
        // Sustained: 95 per second (the bucket refills at the rate less its burst of 2 and 3 to spare).
        expect(elapsed).toBeLessThan((248 / 95) * 1.1)
        expect(yield* limiter.currentRate("Busifavor.sendCoupon")).toBeGreaterThan(0)
        expect(yield* limiter.currentRate("Favor.sendCoupon")).toBe(0)
      }).pipe(Effect.provide(CampaignLimiter.layerMemory)),
    30_000
  )

  it("bucketOf: a burst of a fiftieth of the rate, refilled at the rate less the burst and as many to spare", () => {
    const bucket = CampaignLimiter.bucketOf({ requests: 500, per: "1 second" })
    expect(bucket.capacity).toBe(10)
    // 10 tokens every 10/480 s: 480 per second (500 less 10 and 10).
    expect(Math.round((10 * 1000) / Duration.toMillis(bucket.window))).toBe(480)
    expect(CampaignLimiter.bucketOf({ requests: 1, per: "1 minute" }).capacity).toBe(1)
  })
})
