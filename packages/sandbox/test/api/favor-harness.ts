import { describe, expect, it } from "@effect/vitest"
import { Favor, type WechatPayClient } from "@effect-wechatpay/api"
import type { Favor as FavorSchema } from "@effect-wechatpay/schema"
import { Effect, Result } from "effect"
import { Sandbox } from "../../src/index.js"
import { withSandbox } from "./harness.js"

/** The merchant every sandbox of these tests runs as. */
export const mchid = Sandbox.defaults.mchid
export const appid = Sandbox.defaults.appid

type CreateRequest = typeof FavorSchema.CreateCouponStockRequest.Encoded

const beijing = (millis: number) => `${new Date(millis + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`

/**
 * The sample 创建代金券批次 request (5 fen off, 100 coupons, 400 fen a day, 3 per user), valid from a minute ago for
 * 30 days, so that its coupons can be sent now; `change` adjusts it.
 */
export const liveStockRequest = (outRequestNo: string, change: (r: CreateRequest) => CreateRequest = (r) => r) => {
  const now = Date.now()
  return change({
    ...Sandbox.sampleCreateCouponStockRequest(outRequestNo, mchid),
    available_begin_time: beijing(now - 60_000),
    available_end_time: beijing(now + 30 * 86_400_000)
  })
}

/** Creates a stock with {@link liveStockRequest} and activates it; its id. */
export const runningStock = (outRequestNo: string, change?: (r: CreateRequest) => CreateRequest) =>
  Effect.gen(function* () {
    const { stock_id } = yield* Favor.createCouponStock(liveStockRequest(outRequestNo, change))
    yield* Favor.startStock({ stock_id, stock_creator_mchid: mchid })
    return stock_id
  })

/** A 发放代金券批次 request of `stock_id` for `openid`. */
export const sendRequest = (stock_id: string, openid: string, out_request_no: string) => ({
  openid,
  stock_id,
  out_request_no,
  appid,
  stock_creator_mchid: mchid
})

/** How many requests the sandbox has received under `/v3/marketing/favor/`. */
export const favorRequestCount = Effect.map(Sandbox.SandboxGateway, (sandbox) => sandbox.requests).pipe(
  Effect.flatten,
  Effect.map((all) => all.filter((r) => r.path.startsWith("/v3/marketing/favor/")).length)
)

/** A text of `n` characters: CJK, or ASCII digits. */
export const cjk = (n: number) => "券".repeat(n)
export const digits = (n: number) => "1".repeat(n)

type Call<V> = (value: V) => Effect.Effect<unknown, { readonly _tag: string }, WechatPayClient>

/**
 * One request field at its documented limit and one past it: at the limit the request is sent (whatever the answer),
 * past it the call fails with RequestValidationError and nothing is sent; a text with a 4-byte emoji is refused too.
 */
export type LimitCase =
  | {
      readonly kind: "text"
      readonly field: string
      readonly at: string
      readonly past: string
      readonly call: Call<string>
    }
  | {
      readonly kind: "number"
      readonly field: string
      readonly at: number
      readonly past: number
      readonly call: Call<number>
    }

const describeValue = (value: string | number) =>
  typeof value === "number" ? String(value) : `${[...value].length} characters`

/** Runs {@link LimitCase}s, each in a fresh sandbox after `setup`. */
export const limitSuite = (
  title: string,
  cases: ReadonlyArray<LimitCase>,
  setup: Effect.Effect<unknown, unknown, WechatPayClient> = Effect.void
) =>
  describe(title, () => {
    for (const c of cases) {
      it.live(`${c.field}: ${describeValue(c.at)} is sent, ${describeValue(c.past)} is refused before sending`, () =>
        withSandbox({ client: { retry: false } })(
          Effect.gen(function* () {
            yield* Effect.ignore(setup)
            const before = yield* favorRequestCount
            const atLimit = yield* Effect.result(c.kind === "text" ? c.call(c.at) : c.call(c.at))
            if (Result.isFailure(atLimit)) expect(atLimit.failure._tag).not.toBe("RequestValidationError")
            expect(yield* favorRequestCount).toBe(before + 1)
            const past = yield* Effect.flip(c.kind === "text" ? c.call(c.past) : c.call(c.past))
            expect(past._tag).toBe("RequestValidationError")
            if (c.kind === "text") {
              const emoji = yield* Effect.flip(c.call(`${c.at.slice(0, -1)}😀`))
              expect(emoji._tag).toBe("RequestValidationError")
            }
            expect(yield* favorRequestCount).toBe(before + 1)
          })
        )
      )
    }
  })
