import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Busifavor } from "@effect-wechatpay/api"
import { Campaign, Embedded, Users } from "@effect-wechatpay/campaign"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Effect, Layer, Stream } from "effect"
import * as T from "./support.js"

const appid = Sandbox.defaults.appid

const layer = (dir: string) =>
  Embedded.layer({ filename: Path.join(dir, "campaigns.db") }).pipe(
    Layer.provideMerge(SandboxClient.layer({ sandbox: { maxLogEntries: 200_000 } }))
  )

describe("Campaign (embedded)", () => {
  it.live(
    "sends one coupon to each listed user, exactly once, and reports it",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9900001", 1_000)
        const openids = T.users(300)
        const progress = yield* Campaign.run({
          id: "small",
          target: Campaign.busifavor({ stockId: "9900001", appid }),
          users: Users.fromIterable([...openids, openids[0]!, "bad openid!"]),
          rate: { requests: 500, per: "1 second" }
        })
        expect(progress.status).toBe("completed")
        expect([progress.listed, progress.sent, progress.duplicates, progress.malformed, progress.remaining]).toEqual([
          300, 300, 1, 1, 0
        ])
        expect(progress.failed).toEqual({})
        const view = yield* T.sandboxView(sandbox, "9900001")
        expect(view.issued).toBe(300)
        expect(view.answered.size).toBe(300)
        expect([...view.answered.values()].every((numbers) => numbers.size === 1)).toBe(true)
        const report = (yield* Stream.runCollect(Campaign.report("small"))).join("")
        const lines = report.trim().split("\n")
        expect(lines[0]).toBe("line,openid,status,out_request_no,coupon,error_tag,error_code,sent_at")
        expect(lines).toHaveLength(1 + 300 + 1)
        expect(lines[1]).toMatch(new RegExp(`^1,o-user-0,sent,${Campaign.requestNumber("small", "o-user-0")},\\w+,,,`))
        expect(lines.at(-1)).toMatch(/^302,,malformed,,,"not an openid/)
        // Run again: nothing is sent twice.
        const again = yield* Campaign.run({
          id: "small",
          target: Campaign.busifavor({ stockId: "9900001", appid }),
          users: Users.fromIterable(openids)
        })
        expect(again.sent).toBe(300)
        expect((yield* Busifavor.queryStock({ stock_id: "9900001" })).send_count_information?.total_send_num).toBe(300)
      }).pipe(Effect.provide(layer(T.tempDir()))),
    120_000
  )
})
