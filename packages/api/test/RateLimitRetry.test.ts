/**
 * Which 429 answers are retried: the decision is the descriptor's (`retryAfter429`), one place per endpoint. A read
 * and a write with a request number are answered as the first call, so a 429 is always retried; a write without a
 * request number only where its descriptor says a second send cannot apply it twice.
 */
import { describe, expect, it } from "@effect/vitest"
import { Favor as SchemaFavor } from "@effect-wechatpay/schema"
import { Effect, Exit, Schema } from "effect"
import * as Endpoint from "../src/Endpoint.js"
import * as Endpoints from "../src/Endpoints.js"
import * as Favor from "../src/Favor.js"
import * as MediaUpload from "../src/MediaUpload.js"
import * as WechatPay from "../src/WechatPay.js"
import { type Answer, clientLayer, plainExit, stub } from "./stub.js"

const run = <A, E>(answers: ReadonlyArray<Answer>, program: Effect.Effect<A, E, WechatPay.WechatPayClient>) =>
  Effect.gen(function* () {
    const { client, seen } = yield* stub(answers)
    const exit = plainExit(yield* Effect.exit(Effect.provide(program, clientLayer(client))))
    return { exit, seen: yield* seen }
  })

const limited = { status: 429, body: '{"code":"FREQUENCY_LIMIT_EXCEED","message":"频率超限"}' }

/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    "89504E470D0A1A0A0000000D4948445200000001000000010806000000" +
      "1F15C4890000000D49444154789C6360000002000154A24F5D0000000049454E44AE426082",
    "hex"
  )
)

/** The writes without a request number whose descriptor allows a retry after a 429 (a replay sets the same value). */
const RETRIED_UNKEYED = [
  "Busifavor.setCouponNotify",
  "Favor.setCallback",
  "ProductCoupon.setNotifyConfig",
  "PartnerProductCoupon.setNotifyConfig"
]

describe("a 429 is retried per the descriptor", () => {
  it("every descriptor: reads and writes with a request number always; other writes only where listed", () => {
    for (const endpoint of Endpoints.all) {
      const keyed = endpoint.method === "GET" || endpoint.idempotency !== undefined
      expect([endpoint.name, endpoint.retryAfter429]).toEqual([
        endpoint.name,
        keyed || RETRIED_UNKEYED.includes(endpoint.name)
      ])
    }
  })

  it.live("Favor.startStock: a 429 reaches the caller after one attempt (a replay could hide an applied start)", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [limited, { status: 200, body: '{"stock_id":"9856000","start_time":"2030-01-01T00:00:00+08:00"}' }],
        Favor.startStock({ stock_id: "9856000", stock_creator_mchid: "1900000001" })
      )
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "FrequencyLimitExceed", status: 429 })))
      expect(seen).toHaveLength(1)
    })
  )

  it.live("MediaUpload.uploadImage: a 429 is not retried (a replay would store a second image)", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [
          { status: 429, body: '{"code":"RATELIMIT_EXCEEDED","message":"slow down"}' },
          { status: 200, body: "{}" }
        ],
        MediaUpload.uploadImage({ filename: "logo.png", bytes: PNG })
      )
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ status: 429 })))
      expect(seen).toHaveLength(1)
    })
  )

  it.live("Favor.setCallback: a 429 is retried (setting the same URL again is one setting)", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [
          limited,
          { status: 200, body: '{"update_time":"2030-01-01T00:00:00+08:00","notify_url":"https://a.example.com/n"}' }
        ],
        Favor.setCallback({ mchid: "1900000001", notify_url: "https://a.example.com/n" })
      )
      expect(exit).toEqual(Exit.succeed(expect.objectContaining({ notify_url: "https://a.example.com/n" })))
      expect(seen).toHaveLength(2)
    })
  )

  it.live("a descriptor of our own: a write without a request number is retried after a 429 only if it says so", () =>
    Effect.gen(function* () {
      const write = (retryAfter429: boolean | undefined) =>
        Endpoint.make({
          name: "Test.write",
          title: "测试",
          docs: "https://example.test/docs",
          summary: "test endpoint",
          method: "POST",
          path: "/v3/test/things",
          request: Schema.Struct({ name: Schema.String }),
          response: Schema.Struct({ id: Schema.String }),
          errors: [{ status: 429, code: "FREQUENCY_LIMIT_EXCEED" }],
          ...(retryAfter429 === undefined ? {} : { retryAfter429 })
        })
      const answers = [limited, { status: 200, body: '{"id":"T1"}' }]
      for (const [flag, attempts] of [
        [undefined, 1],
        [false, 1],
        [true, 2]
      ] as const) {
        const endpoint = write(flag)
        expect(endpoint.retryAfter429).toBe(flag === true)
        const { seen } = yield* run(answers, WechatPay.operation(endpoint)({ name: "x" }))
        expect(seen).toHaveLength(attempts)
      }
    })
  )

  it("the image upload's descriptor is a write without a request number that is not retried", () => {
    expect(SchemaFavor.UploadImage.idempotency).toBeUndefined()
    expect(SchemaFavor.UploadImage.retryAfter429).toBe(false)
  })
})
