import { describe, expect, it } from "@effect/vitest"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Effect } from "effect"
import * as P from "./process.js"
import * as T from "./support.js"

const N = Number(process.env.CAMPAIGN_N ?? 10_000)
const RATE = 500

describe("Campaign in a child process against the parent's sandbox", () => {
  it.live(
    `${N} users at ${RATE}/s: every user has exactly one coupon, in the time the rate allows`,
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9910001", N)
        const dir = T.tempDir()
        P.writeCsv(
          dir,
          T.users(N).map((openid, i) => `${openid},user ${i}`)
        )
        const run = P.start(sandbox, { dir, campaignId: "ten-thousand", stockId: "9910001", rate: RATE })
        const code = yield* Effect.promise(() => run.exited)
        expect(run.stderr).toBe("")
        expect(code).toBe(0)
        const view = yield* T.sandboxView(sandbox, "9910001")
        expect(view.issued).toBe(N)
        expect(view.answered.size).toBe(N)
        expect([...view.answered.values()].every((numbers) => numbers.size === 1)).toBe(true)
        const sends = view.log.filter((entry) => entry.path === "/v3/marketing/busifavor/coupons/send")
        const elapsed = (sends.at(-1)!.receivedAt - sends[0]!.receivedAt) / 1000
        const allowed = N / RATE
        console.log(`sent ${N} in ${elapsed.toFixed(2)} s; the rate allows ${allowed} s`)
        expect(Math.abs(elapsed - allowed) / allowed).toBeLessThan(0.1)
      }).pipe(Effect.provide(SandboxClient.layer({ sandbox: { maxLogEntries: 200_000 } }))),
    300_000
  )
})
