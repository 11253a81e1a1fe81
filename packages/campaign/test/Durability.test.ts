import { describe, expect, it } from "@effect/vitest"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Effect } from "effect"
import * as P from "./process.js"
import * as T from "./support.js"

const N = 10_000
// The sandbox copies its maps of coupons and remembered answers on every send, so each send costs it more as they
// grow: 100 per second is what it sustains to the 10,000th on a shared two-core machine.
const RATE = 100

const layer = SandboxClient.layer({ sandbox: { maxLogEntries: 200_000 } })

const checkExactlyOnce = (sandbox: Sandbox.Sandbox, stockId: string) =>
  Effect.gen(function* () {
    const view = yield* T.sandboxView(sandbox, stockId)
    expect(view.issued).toBe(N)
    expect(view.answered.size).toBe(N)
    const duplicates = [...view.answered.values()].filter((numbers) => numbers.size !== 1).length
    expect(duplicates).toBe(0)
    return view
  })

describe(`Campaign of ${N} users in a child process against the parent's sandbox`, () => {
  it.live(
    `every user has exactly one coupon, in the time ${RATE}/s allows (within 10%)`,
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
        expect(run.done).toMatchObject({ status: "completed", listed: N, sent: N, remaining: 0, failed: {} })
        const view = yield* checkExactlyOnce(sandbox, "9910001")
        const sends = view.log.filter((entry) => entry.path === "/v3/marketing/busifavor/coupons/send")
        const elapsed = (sends.at(-1)!.receivedAt - sends[0]!.receivedAt) / 1000
        const allowed = N / RATE
        expect(Math.abs(elapsed - allowed) / allowed, `${N} sends in ${elapsed} s, allowed ${allowed} s`).toBeLessThan(0.1)
      }).pipe(Effect.provide(layer)),
    600_000
  )

  it.live(
    "killed with SIGKILL at a random point three times and run again: 0 duplicates, 0 missing",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9910002", N)
        const dir = T.tempDir()
        P.writeCsv(
          dir,
          T.users(N).map((openid, i) => `${openid},user ${i}`)
        )
        const settings = { dir, campaignId: "killed", stockId: "9910002", rate: 1_000 }
        const kills: Array<number> = []
        for (let round = 0; round < 3; round++) {
          const run = P.start(sandbox, settings)
          // A random point of this round's share of the campaign: after the first progress line past it.
          const at = Math.floor(((round + Math.random()) * N) / 4)
          const reached = yield* Effect.promise(() =>
            P.waitFor(run.child, () => (run.progress.at(-1)?.sent ?? 0) >= at)
          )
          expect(reached).toBe(true)
          run.child.kill("SIGKILL")
          yield* Effect.promise(() => run.exited)
          kills.push(run.progress.at(-1)?.sent ?? 0)
        }
        expect(kills.every((sent) => sent < N)).toBe(true)
        const last = P.start(sandbox, settings)
        const code = yield* Effect.promise(() => last.exited)
        expect(last.stderr).toBe("")
        expect(code).toBe(0)
        expect(last.done).toMatchObject({ status: "completed", remaining: 0, failed: {} })
        yield* checkExactlyOnce(sandbox, "9910002")
      }).pipe(Effect.provide(layer)),
    600_000
  )
})
