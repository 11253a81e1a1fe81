import { describe, expect, it } from "@effect/vitest"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Effect } from "effect"
import * as P from "./process.js"
import * as T from "./support.js"

const N = 10_000

const layer = SandboxClient.layer({ sandbox: { maxLogEntries: 200_000 } })

const checkExactlyOnce = (sandbox: Sandbox.Sandbox, stockId: string, n: number) =>
  Effect.gen(function* () {
    const view = yield* T.sandboxView(sandbox, stockId)
    expect(view.issued).toBe(n)
    expect(view.answered.size).toBe(n)
    const duplicates = [...view.answered.values()].filter((numbers) => numbers.size !== 1).length
    expect(duplicates).toBe(0)
    return view
  })

const csv = (dir: string, n: number) =>
  P.writeCsv(
    dir,
    T.users(n).map((openid, i) => `${openid},user ${i}`)
  )

describe("Campaign in a child process against the parent's sandbox", () => {
  it.live(
    "the sends keep to the configured rate: wall time within 10% of what it allows",
    () =>
      Effect.gen(function* () {
        // 10,000 users at 200/s: 50 s, a rate the sandbox sustains on a shared 2-core machine (about 1 ms of its CPU
        // per send, whatever it already holds).
        const n = N
        const rate = 200
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9910003", n)
        const dir = T.tempDir()
        csv(dir, n)
        const run = P.start(sandbox, { dir, campaignId: "timed", stockId: "9910003", rate })
        expect(yield* Effect.promise(() => run.exited)).toBe(0)
        const view = yield* checkExactlyOnce(sandbox, "9910003", n)
        const sends = view.log.filter((entry) => entry.path === "/v3/marketing/busifavor/coupons/send")
        const elapsed = (sends.at(-1)!.receivedAt - sends[0]!.receivedAt) / 1000
        const allowed = n / rate
        expect(Math.abs(elapsed - allowed) / allowed, `${n} sends in ${elapsed} s, allowed ${allowed} s`).toBeLessThan(
          0.1
        )
      }).pipe(Effect.provide(layer)),
    300_000
  )

  it.live(
    `${N} users, killed with SIGKILL at a random point three times and run again: 0 duplicates, 0 missing`,
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9910002", N)
        const dir = T.tempDir()
        csv(dir, N)
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
        expect(last.done).toMatchObject({ status: "completed", listed: N, sent: N, remaining: 0 })
        expect((last.done as { readonly failed: unknown }).failed).toEqual({})
        yield* checkExactlyOnce(sandbox, "9910002", N)
      }).pipe(Effect.provide(layer)),
    600_000
  )
})
