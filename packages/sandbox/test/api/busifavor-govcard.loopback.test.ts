import { describe, expect, it } from "@effect/vitest"
import { Busifavor, type WechatPayClient } from "@effect-wechatpay/api"
import { Effect } from "effect"
import { Sandbox } from "../../src/index.js"
import { requestsTo, withSandbox } from "./harness.js"

// 发放消费卡 (B17): answers a card_code, idempotent on out_request_no per send_time.

type Input = Parameters<typeof Busifavor.sendGovCard>[0]

const cardId = "GOVCARD0001"
const pathOf = (card_id: string) => Busifavor.SendGovCardEndpoint.path.replace("{card_id}", encodeURIComponent(card_id))
const emoji = "😀"

/** An RFC3339 time `hoursAgo` hours before now, in Beijing time. */
const beijing = (hoursAgo: number) =>
  `${new Date(Date.now() - hoursAgo * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`

const request = (out_request_no: string, overrides: Partial<Input> = {}): Input => ({
  card_id: cardId,
  appid: Sandbox.defaults.appid,
  openid: Sandbox.defaults.openid,
  out_request_no,
  send_time: beijing(0),
  ...overrides
})

/** The call fails with `RequestValidationError` and nothing reaches the gateway. */
const rejected = <A, E extends { readonly _tag: string }>(call: Effect.Effect<A, E, WechatPayClient>, path: string) =>
  Effect.gen(function* () {
    const error = yield* Effect.flip(call)
    expect(error._tag).toBe("RequestValidationError")
    expect(yield* requestsTo(path)).toEqual([])
  })

describe("loopback: 发放消费卡 (Busifavor.sendGovCard)", () => {
  it.live("answers a card_code; a retry answers the same code, another out_request_no a new one", () =>
    withSandbox()(
      Effect.gen(function* () {
        const first = request("GOV-0001")
        const a = yield* Busifavor.sendGovCard(first)
        expect(a.card_code).toMatch(/^SBXCARD\d{12}$/)
        const again = yield* Busifavor.sendGovCard(first)
        expect(again.card_code).toBe(a.card_code)
        const b = yield* Busifavor.sendGovCard(request("GOV-0002"))
        expect(b.card_code).not.toBe(a.card_code)
        expect((yield* requestsTo(pathOf(cardId))).map((r) => r.status)).toEqual([200, 200, 200])
      })
    )
  )

  it.live(
    "the same out_request_no and send_time with another body is INVALID_REQUEST; another send_time, a new card",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const first = request("GOV-0001", { send_time: beijing(1) })
          const a = yield* Busifavor.sendGovCard(first)
          const error = yield* Effect.flip(Busifavor.sendGovCard({ ...first, openid: "oOtherUser0000001" }))
          expect(error).toMatchObject({
            _tag: "InvalidRequest",
            status: 400,
            code: "INVALID_REQUEST",
            detail: { field: "/out_request_no" }
          })
          const later = yield* Busifavor.sendGovCard({ ...first, send_time: beijing(0) })
          expect(later.card_code).toMatch(/^SBXCARD\d{12}$/)
          expect(later.card_code).not.toBe(a.card_code)
          expect((yield* requestsTo(pathOf(cardId))).map((r) => r.status)).toEqual([200, 400, 200])
        })
      )
  )

  it.live("a send_time more than 24 hours ago is PARAM_ERROR on /send_time; 23 hours ago is fine", () =>
    withSandbox()(
      Effect.gen(function* () {
        const error = yield* Effect.flip(Busifavor.sendGovCard(request("GOV-OLD", { send_time: beijing(25) })))
        expect(error).toMatchObject({ _tag: "ParamError", status: 400, detail: { field: "/send_time" } })
        const ok = yield* Busifavor.sendGovCard(request("GOV-RECENT", { send_time: beijing(23) }))
        expect(ok.card_code).toMatch(/^SBXCARD/)
      })
    )
  )

  const limits: ReadonlyArray<readonly [string, Partial<Input>, Partial<Input>]> = [
    ["out_request_no 128 / 129", { out_request_no: "N".repeat(128) }, { out_request_no: "N".repeat(129) }],
    ["out_request_no |_*- / CJK", { out_request_no: "a|b_c*d-e" }, { out_request_no: "消费卡1" }],
    ["appid 32 / 33", { appid: "w".repeat(32) }, { appid: "w".repeat(33) }],
    ["openid 128 / 129", { openid: "o".repeat(128) }, { openid: "o".repeat(129) }],
    ["openid / with an emoji", { openid: "o1" }, { openid: `o1${emoji}` }],
    ["send_time RFC3339 / a space-separated time", { send_time: beijing(1) }, { send_time: "2026-11-29 12:00:00" }]
  ]

  for (const [name, atLimit, pastLimit] of limits) {
    it.live(`request limits: ${name}`, () =>
      withSandbox()(
        Effect.gen(function* () {
          yield* rejected(Busifavor.sendGovCard(request("GOV-L", pastLimit)), pathOf(cardId))
          yield* Busifavor.sendGovCard(request("GOV-L", atLimit))
          expect(yield* requestsTo(pathOf(cardId))).toHaveLength(1)
        })
      )
    )
  }

  it.live("request limits: card_id in CJK is sent (no limit documented); an empty one or an emoji is not", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* rejected(Busifavor.sendGovCard(request("GOV-C", { card_id: "" })), pathOf(""))
        yield* rejected(Busifavor.sendGovCard(request("GOV-C", { card_id: `卡${emoji}` })), pathOf(`卡${emoji}`))
        const cjk = "消费卡".repeat(40)
        const sent = yield* Busifavor.sendGovCard(request("GOV-C", { card_id: cjk }))
        expect(sent.card_code).toMatch(/^SBXCARD/)
        expect(yield* requestsTo(pathOf(cjk))).toHaveLength(1)
      })
    )
  )
})
