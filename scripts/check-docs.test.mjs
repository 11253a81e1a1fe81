// scripts/check-docs.mjs on a page of its own: a block counts as run only when it runs its program to completion and
// checks the result. The checker runs for real (type-check, a sandbox, tsx, vitest), on this page only.
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = Path.resolve(import.meta.dirname, "..")

/** Runs the checker on `pages`; resolves with its exit code and output. */
const checkDocs = (pages, out) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [Path.join(root, "scripts", "check-docs.mjs"), "--out", out, ...pages], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    child.on("close", (code) => resolve({ code, output }))
  })

const fence = (info, code) => `\`\`\`${info}\n${code.trim()}\n\`\`\`\n`

/** A page of blocks, each preceded by a heading; returns the page and the line of each block's fence. */
const page = (blocks) => {
  let text = "# A page\n\n"
  const lines = {}
  for (const [name, info, code] of blocks) {
    text += `## ${name}\n\n`
    lines[name] = text.split("\n").length
    text += `${fence(info, code)}\n`
  }
  return { text, lines }
}

const bad = page([
  [
    "builds a program and never runs it",
    "ts",
    `
import * as assert from "node:assert/strict"
import { Effect } from "effect"

const program = Effect.succeed(1)
assert.equal(typeof program, "object")
`
  ],
  [
    "runs a program and checks nothing",
    "ts",
    `
import { Effect } from "effect"

Effect.runPromise(Effect.succeed(1)).then(console.log)
`
  ],
  [
    "has an assertion that never runs",
    "ts",
    `
import * as assert from "node:assert/strict"
import { Effect } from "effect"

const never = (n: number) => assert.equal(n, 2)
Effect.runPromise(Effect.succeed(1)).then((n) => (n > 5 ? never(n) : undefined))
`
  ],
  [
    "a failed assertion",
    "ts",
    `
import * as assert from "node:assert/strict"
import { Effect } from "effect"

Effect.runPromise(Effect.succeed(1)).then((n) => assert.equal(n, 2))
`
  ],
  [
    "a test that asserts nothing",
    "ts",
    `
import { it } from "@effect/vitest"
import { Effect } from "effect"

it.effect("computes one", () => Effect.succeed(1))
`
  ],
  [
    "a test whose expect never runs",
    "ts",
    `
import { expect, it } from "@effect/vitest"
import { Effect } from "effect"

it.effect("computes one", () => Effect.map(Effect.succeed(1), (n) => (n > 5 ? expect(n).toBe(1) : n)))
`
  ]
])

const good = page([
  [
    "a program that runs and checks its result",
    "ts",
    `
import * as assert from "node:assert/strict"
import { Effect } from "effect"

Effect.runPromise(Effect.succeed(21).pipe(Effect.map((n) => n * 2))).then((n) => assert.equal(n, 42))
`
  ],
  [
    "a plain program (no Effect) that checks its result",
    "ts",
    `
import { deepEqual } from "node:assert/strict"
import { ApiError } from "@effect-wechatpay/schema"

deepEqual(ApiError.errorTag("PARAM_ERROR"), "ParamError")
`
  ],
  [
    "a test with an assertion",
    "ts",
    `
import { expect, it } from "@effect/vitest"
import { Effect } from "effect"

it.effect("computes two", () => Effect.map(Effect.succeed(2), (n) => expect(n).toBe(2)))
`
  ],
  [
    "a fragment",
    "ts fragment",
    `
import { Effect } from "effect"

declare const n: number
export const program = Effect.succeed(n)
`
  ]
])

describe("scripts/check-docs.mjs", () => {
  let dir = ""
  const outs = []
  const out = (name) => {
    const folder = Path.join(root, ".reports", `check-docs-test-${name}-${process.pid}`)
    outs.push(folder, `${folder}.tsbuildinfo`)
    return folder
  }
  beforeAll(() => {
    dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "check-docs-"))
  })
  afterAll(() => {
    for (const path of [dir, ...outs]) Fs.rmSync(path, { recursive: true, force: true })
  })

  it("fails a block that does not run its program to completion and check the result", async () => {
    const file = Path.join(dir, "bad.md")
    Fs.writeFileSync(file, bad.text)
    const { code, output } = await checkDocs([file], out("bad"))
    expect(code).toBe(1)
    const where = (name) => `${Path.relative(root, file)}:${bad.lines[name]}`
    const problems = output.split("\n").filter((l) => l.startsWith("docs: "))
    const problemAt = (name) => problems.find((l) => l.startsWith(`docs: ${where(name)}:`))
    expect(problemAt("builds a program and never runs it")).toMatch(/runs no Effect/)
    expect(problemAt("runs a program and checks nothing")).toMatch(/checks nothing/)
    expect(problemAt("has an assertion that never runs")).toMatch(/no assertion ran/)
    expect(problemAt("a failed assertion")).toMatch(/exited with code 1/)
    expect(problemAt("a test that asserts nothing")).toMatch(/checks nothing/)
    expect(output).toMatch(new RegExp(`${where("a test whose expect never runs")}.*the test failed`))
    expect(output).toMatch(/expected any number of assertion, but got none/)
    expect(output).toMatch(/docs: 6 problem\(s\)/)
  }, 240_000)

  it("passes a page whose blocks run and check their results, or are fragments", async () => {
    const file = Path.join(dir, "good.md")
    Fs.writeFileSync(file, good.text)
    const { code, output } = await checkDocs([file], out("good"))
    expect(output).toMatch(/running 2 programs .* and 1 test files .*; 1 fragments/)
    expect(output).toMatch(/every program and test ran and checked its result/)
    expect(code).toBe(0)
  }, 240_000)
})
