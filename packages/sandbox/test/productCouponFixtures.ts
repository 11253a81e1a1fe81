import { readFileSync } from "node:fs"

const DAY = 86_400_000

/** RFC3339 in Beijing time, as WeChat Pay writes it. */
export const beijing = (millis: number): string =>
  `${new Date(millis + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`

/**
 * A 商品券 create example of the schema package's tests (written from the official pages), its 券可用时间 moved to
 * now: from a day ago to 90 days on, and valid at once (no `wait_days_after_receive`). The pages' dates (March 2026)
 * are past, and the sandbox expires a coupon on its clock.
 */
export const productCouponFixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../schema/test/fixtures/${name}`, import.meta.url), "utf8"), (key, value) =>
    key === "coupon_available_period"
      ? (({ wait_days_after_receive: _, ...period }) => ({
          ...period,
          available_begin_time: beijing(Date.now() - DAY),
          available_end_time: beijing(Date.now() + 90 * DAY)
        }))(value as { readonly wait_days_after_receive?: number })
      : value
  )
