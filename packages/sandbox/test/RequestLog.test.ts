import * as Fs from "node:fs"
import * as Os from "node:os"
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { Sandbox, SandboxClient } from "../src/index.js"
import * as RequestLog from "../src/internal/requestLog.js"
import * as T from "./support.js"

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

/** Unsigned requests: each is answered (401, signed) and logged, without the cost of signing on the client. */
const unsigned = (sandbox: Sandbox.Sandbox, count: number) =>
  Effect.forEach(
    Array.from({ length: count }, (_, i) => i),
    (i) =>
      T.rawCall(sandbox, {
        method: "GET",
        target: `/v3/certificates?n=${i}`,
        headers: { Accept: "application/json", "User-Agent": "sandbox-test/0.1.0" }
      }),
    { concurrency: 8, discard: true }
  )

const numbers = (log: ReadonlyArray<Sandbox.RecordedRequest>) => log.map((entry) => Number(entry.query.slice(2)))

describe("request log", () => {
  it.live("keeps the newest maxLogEntries requests, oldest first", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material, maxLogEntries: 50 })
      yield* unsigned(sandbox, 150)
      const log = yield* sandbox.requests
      expect(log).toHaveLength(50)
      expect(new Set(numbers(log)).size).toBe(50)
      expect(Math.min(...numbers(log))).toBeGreaterThanOrEqual(100 - 8)
      yield* sandbox.reset()
      expect(yield* sandbox.requests).toEqual([])
    })
  )

  it.live("keeps 1,000 requests by default", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      yield* unsigned(sandbox, 1_100)
      expect(yield* sandbox.requests).toHaveLength(1_000)
    })
  )

  it("appends in O(1): one slot touched per append, however full the log", () => {
    let touched = 0
    const slots = new Proxy<Array<number>>([], {
      get: (target, key, receiver) => {
        if (typeof key === "string" && /^\d+$/.test(key)) touched++
        return Reflect.get(target, key, receiver)
      },
      set: (target, key, value, receiver) => {
        if (typeof key === "string" && /^\d+$/.test(key)) touched++
        return Reflect.set(target, key, value, receiver)
      }
    })
    const log = RequestLog.make<number>(1_000, slots)
    for (let i = 0; i < 20_000; i++) log.append(i)
    expect(touched).toBe(20_000)
    const entries = log.entries()
    expect(entries).toHaveLength(1_000)
    expect(entries[0]).toBe(19_000)
    expect(entries[999]).toBe(19_999)
  })

  it("keeps everything with an unbounded capacity and nothing with 0", () => {
    const all = RequestLog.make<number>(Number.POSITIVE_INFINITY)
    const none = RequestLog.make<number>(0)
    for (let i = 0; i < 5; i++) {
      all.append(i)
      none.append(i)
    }
    expect(all.entries()).toEqual([0, 1, 2, 3, 4])
    expect(none.entries()).toEqual([])
  })
})

describe("temporary files", () => {
  const sandboxFiles = () =>
    Fs.readdirSync(Os.tmpdir())
      .filter((name) => name.includes("sandbox"))
      .sort()

  it.live("Sandbox.make and SandboxClient.layer leave no file behind when their scope closes", () =>
    Effect.gen(function* () {
      const before = sandboxFiles()
      const scope = yield* Scope.make()
      yield* Sandbox.make({ material }).pipe(Scope.provide(scope))
      yield* Effect.scoped(Layer.build(SandboxClient.layer({ sandbox: { material } })))
      yield* Scope.close(scope, Exit.void)
      expect(sandboxFiles()).toEqual(before)
    })
  )
})
