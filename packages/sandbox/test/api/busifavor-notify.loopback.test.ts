import { describe, expect, it } from "@effect/vitest"
import { Busifavor, type WechatPayClient } from "@effect-wechatpay/api"
import { Effect } from "effect"
import { Sandbox } from "../../src/index.js"
import { requestsTo, withSandbox } from "./harness.js"

// 设置/查询商家券事件通知地址 (B18, B19): the URL is kept per merchant in the sandbox state.

const mchid = Sandbox.defaults.mchid
const path = Busifavor.SetCouponNotifyEndpoint.path
const url = "https://pay.example.com/wechatpay/busifavor/notify"
const emoji = "😀"

/** The call fails with `RequestValidationError` and nothing reaches the gateway. */
const rejected = <A, E extends { readonly _tag: string }>(call: Effect.Effect<A, E, WechatPayClient>) =>
  Effect.gen(function* () {
    const error = yield* Effect.flip(call)
    expect(error._tag).toBe("RequestValidationError")
    expect(yield* requestsTo(path)).toEqual([])
  })

/** The call is sent (whatever the gateway answers, it is not a client-side validation failure). */
const sent = <A, E extends { readonly _tag: string }>(call: Effect.Effect<A, E, WechatPayClient>) =>
  Effect.gen(function* () {
    const result = yield* Effect.result(call)
    if (result._tag === "Failure") expect(result.failure._tag).not.toBe("RequestValidationError")
    expect(yield* requestsTo(path)).toHaveLength(1)
  })

const reset = Effect.flatMap(Sandbox.SandboxGateway, (sandbox) => sandbox.reset())

describe("loopback: 设置商家券事件通知地址 (Busifavor.setCouponNotify)", () => {
  it.live("sets the caller's URL (mchid defaults to the caller) and answers it with update_time", () =>
    withSandbox()(
      Effect.gen(function* () {
        const set = yield* Busifavor.setCouponNotify({ notify_url: url })
        expect(set).toMatchObject({ mchid, notify_url: url })
        expect(set.update_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
        const explicit = yield* Busifavor.setCouponNotify({ mchid, notify_url: `${url}/v2` })
        expect(explicit.notify_url).toBe(`${url}/v2`)
        expect(yield* Busifavor.getCouponNotify({})).toMatchObject({ mchid, notify_url: `${url}/v2` })
      })
    )
  )

  it.live("another merchant's URL: NoAuth, and nothing changes", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* Busifavor.setCouponNotify({ notify_url: url })
        const error = yield* Effect.flip(Busifavor.setCouponNotify({ mchid: "1900000099", notify_url: `${url}/x` }))
        expect(error).toMatchObject({ _tag: "NoAuth", status: 403, code: "NOAUTH" })
        expect((yield* Busifavor.getCouponNotify({})).notify_url).toBe(url)
      })
    )
  )

  const limits = [
    ["notify_url 256 / 257 characters", `https://${"a".repeat(248)}`, `https://${"a".repeat(249)}`],
    ["notify_url 10 / 9 characters", "https://ab", "https://a"],
    ["notify_url https / http", "https://pay.example.com/n", "http://pay.example.com/n"],
    ["notify_url CJK / a 4-byte emoji", "https://例子.中国/通知", `https://例子.中国/${emoji}`]
  ] as const

  for (const [name, atLimit, pastLimit] of limits) {
    it.live(`request limits: ${name}`, () =>
      withSandbox()(
        Effect.gen(function* () {
          yield* rejected(Busifavor.setCouponNotify({ notify_url: pastLimit }))
          yield* sent(Busifavor.setCouponNotify({ notify_url: atLimit }))
          expect((yield* Busifavor.getCouponNotify({})).notify_url).toBe(atLimit)
        })
      )
    )
  }

  const mchidLimits = [
    ["mchid 8 / 7 characters", "19000001", "1900001"],
    ["mchid 15 / 16 characters", "190000000000001", "1900000000000001"]
  ] as const

  for (const [name, atLimit, pastLimit] of mchidLimits) {
    it.live(`request limits: ${name}`, () =>
      withSandbox()(
        Effect.gen(function* () {
          yield* rejected(Busifavor.setCouponNotify({ mchid: pastLimit, notify_url: url }))
          yield* sent(Busifavor.setCouponNotify({ mchid: atLimit, notify_url: url }))
          yield* reset
          yield* rejected(Busifavor.getCouponNotify({ mchid: pastLimit }))
          yield* sent(Busifavor.getCouponNotify({ mchid: atLimit }))
        })
      )
    )
  }
})

describe("loopback: 查询商家券事件通知地址 (Busifavor.getCouponNotify)", () => {
  it.live("before any URL is set: ResourceNotExists; after: the URL; after reset: none again", () =>
    withSandbox()(
      Effect.gen(function* () {
        const before = yield* Effect.flip(Busifavor.getCouponNotify({}))
        expect(before).toMatchObject({ _tag: "ResourceNotExists", status: 404 })
        yield* Busifavor.setCouponNotify({ notify_url: url })
        const got = yield* Busifavor.getCouponNotify({ mchid })
        expect(got).toMatchObject({ mchid, notify_url: url })
        yield* reset
        expect((yield* Effect.flip(Busifavor.getCouponNotify({})))._tag).toBe("ResourceNotExists")
      })
    )
  )

  it.live("another merchant's URL: NoAuth", () =>
    withSandbox()(
      Effect.gen(function* () {
        const error = yield* Effect.flip(Busifavor.getCouponNotify({ mchid: "1900000099" }))
        expect(error).toMatchObject({ _tag: "NoAuth", status: 403 })
      })
    )
  )
})
