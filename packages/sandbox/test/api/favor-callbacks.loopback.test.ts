import { describe, expect, it } from "@effect/vitest"
import { Favor } from "@effect-wechatpay/api"
import { Effect } from "effect"
import { cjk, digits, limitSuite, mchid } from "./favor-harness.js"
import { withSandbox } from "./harness.js"

describe("loopback: 设置/查询消息通知地址 (F18, F19)", () => {
  it.live("set keeps the URL; query answers it; a second set replaces it", () =>
    withSandbox()(
      Effect.gen(function* () {
        const set = yield* Favor.setCallback({ mchid, notify_url: "https://shop.example.com/wxpay/coupon-use" })
        expect(set).toMatchObject({
          notify_url: "https://shop.example.com/wxpay/coupon-use",
          update_time: expect.stringMatching(/\+08:00$/)
        })
        expect(yield* Favor.queryCallback({ mchid })).toMatchObject({
          mchid,
          notify_url: "https://shop.example.com/wxpay/coupon-use"
        })
        yield* Favor.setCallback({ mchid, notify_url: "https://shop.example.com/v2/券", switch: false })
        expect((yield* Favor.queryCallback({ mchid })).notify_url).toBe("https://shop.example.com/v2/券")
      })
    )
  )

  it.live("nothing set yet: RESOURCE_NOT_EXISTS; another merchant id: INVALID_REQUEST 非法的商户号", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        expect(yield* Effect.flip(Favor.queryCallback({ mchid }))).toMatchObject({ _tag: "ResourceNotExists" })
        const illegal = { _tag: "InvalidRequest", status: 400, code: "INVALID_REQUEST", description: "非法的商户号" }
        expect(
          yield* Effect.flip(Favor.setCallback({ mchid: "1900000002", notify_url: "https://a.example.com/n" }))
        ).toMatchObject(illegal)
        expect(yield* Effect.flip(Favor.queryCallback({ mchid: "1900000002" }))).toMatchObject(illegal)
      })
    )
  )

  it.live("an http:// URL is refused before sending", () =>
    withSandbox()(
      Effect.gen(function* () {
        const error = yield* Effect.flip(Favor.setCallback({ mchid, notify_url: "http://a.example.com/n" }))
        expect(error._tag).toBe("RequestValidationError")
      })
    )
  )
})

const url = (n: number) => `https://a.example.com/${cjk(n - "https://a.example.com/".length)}`

limitSuite("loopback: 消息通知地址 request limits", [
  {
    kind: "text",
    field: "setCallback notify_url",
    at: url(256),
    past: url(257),
    call: (notify_url: string) => Favor.setCallback({ mchid, notify_url })
  },
  {
    kind: "text",
    field: "setCallback mchid",
    at: digits(20),
    past: digits(21),
    call: (id: string) => Favor.setCallback({ mchid: id, notify_url: "https://a.example.com/n" })
  },
  {
    kind: "text",
    field: "queryCallback mchid",
    at: digits(20),
    past: digits(21),
    call: (id: string) => Favor.queryCallback({ mchid: id })
  }
])
