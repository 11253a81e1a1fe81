// Checks every ```ts block of README.md, docs/**/*.md and packages/*/README.md (the convention is in docs/README.md):
// - every block is type-checked, each as its own module;
// - a block fenced ```ts fragment is only type-checked;
// - every other block is a complete program, and it counts as run only when it runs to completion and checks its
//   result:
//   - a block that imports `vitest` or `@effect/vitest` is a test file, run by vitest: it must call `expect`, and
//     each of its tests must pass with at least one `expect` assertion made (`expect.hasAssertions()` before each
//     test; vitest's chai-style `assert` is not counted);
//   - any other block is a program, run with node and tsx, with the WECHATPAY_* variables of a sandbox gateway this
//     script starts (scripts/docs-sandbox.ts), so `WechatPay.layerConfig()` talks to it. It must check its result
//     with `node:assert` (at least one `assert.*` call must run: a preload counts them), and a program that builds
//     an Effect, Stream or Layer must run it (`Effect.runPromise`, `runPromiseExit`, `runSync`, `runSyncExit`,
//     `NodeRuntime.runMain`, or a web handler from `HttpEffect.toWebHandler`/`toWebHandlerLayer`); it must exit
//     with code 0 (a rejected `Effect.runPromise` or a failed assertion exits with 1) within the timeout.
// A block that is neither a fragment nor such a program or test, does not type-check, fails or times out fails the
// check with its file and line.
//
//   node scripts/check-docs.mjs                          every page
//   node scripts/check-docs.mjs [--out DIR] PAGE.md …    these pages only (the snippets go to DIR)
import { spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { pathToFileURL } from "node:url"
import { parseArgs } from "node:util"

const root = Path.resolve(import.meta.dirname, "..")
const args = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true })
const out = Path.resolve(args.values.out ?? Path.join(root, ".reports", "doc-snippets"))
const bin = (name) => Path.join(root, "node_modules", ".bin", name)
// Generous: a run takes 1–3 s of CPU, but CI machines are shared; a hung program is caught all the same.
const RUN_TIMEOUT_MS = 60_000
const SANDBOX_TIMEOUT_MS = 30_000
const OPTIONS = new Set(["fragment"])

// Workspace packages resolve to their TypeScript sources under this export condition (see vitest.shared.ts).
const SOURCE_CONDITION = "@effect-wechatpay/source"
const SOURCE_CONDITIONS = [SOURCE_CONDITION, "module", "node", "development|production"]

// What a block must contain (comments aside) to count as a program or a test; docs/README.md states the same rules.
const RUNNER =
  /\b(?:Effect\.(?:runPromise|runPromiseExit|runSync|runSyncExit)|NodeRuntime\.runMain|HttpEffect\.toWebHandler(?:Layer)?)\b/
const BUILDS_EFFECTS = /\b(?:Effect|Stream|Layer)\.[A-Za-z]/
const NODE_ASSERT = /\bfrom\s+["']node:assert(?:\/strict)?["']/
const TEST_ASSERTION = /\bexpect\s*[.(]/
const RUNNERS_TEXT = "Effect.runPromise, Effect.runSync, NodeRuntime.runMain"

const started = Date.now()
Fs.rmSync(out, { recursive: true, force: true })
Fs.mkdirSync(out, { recursive: true })

const walk = (dir) =>
  Fs.existsSync(dir)
    ? Fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        // docs/api is generated from the JSDoc (scripts/api-docs.mjs): its blocks are signatures and `@example`
        // fragments, type-checked by `pnpm docs:api:check`.
        e.isDirectory()
          ? Path.join(dir, e.name) === Path.join(root, "docs", "api")
            ? []
            : walk(Path.join(dir, e.name))
          : e.name.endsWith(".md")
            ? [Path.join(dir, e.name)]
            : []
      )
    : []

const files = (
  args.positionals.length > 0
    ? args.positionals.map((f) => Path.resolve(f))
    : [
        Path.join(root, "README.md"),
        ...walk(Path.join(root, "docs")),
        ...Fs.readdirSync(Path.join(root, "packages")).map((p) => Path.join(root, "packages", p, "README.md"))
      ]
).filter((f) => Fs.existsSync(f))

/** The code without its comments (roughly: a `//` after a space or at a line start, and `/* … *\/`). */
const withoutComments = (code) => code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1")

/** What keeps a block from counting as run, or undefined. */
const unchecked = (code, test) => {
  const text = withoutComments(code)
  if (test) {
    return TEST_ASSERTION.test(text)
      ? undefined
      : "a test that checks nothing: assert its result with expect(…) (or mark the block ```ts fragment)"
  }
  if (BUILDS_EFFECTS.test(text) && !RUNNER.test(text)) {
    return (
      `runs no Effect: it builds one but never runs it; run it (${RUNNERS_TEXT}) and check the result, ` +
      "or mark the block ```ts fragment"
    )
  }
  if (!NODE_ASSERT.test(text)) {
    return (
      'a program that checks nothing: check its result with node:assert (import * as assert from "node:assert/strict"), ' +
      "or mark the block ```ts fragment"
    )
  }
  return undefined
}

const problems = []
const blocks = []
for (const file of files) {
  const relative = Path.relative(root, file)
  const text = Fs.readFileSync(file, "utf8")
  const fence = /^```(ts|typescript)(?:[ \t]+([^\n]*))?\n([\s\S]*?)^```/gm
  let n = 0
  for (const match of text.matchAll(fence)) {
    n++
    const line = text.slice(0, match.index).split("\n").length
    const where = `${relative}:${line}`
    const options = (match[2] ?? "").trim().split(/\s+/).filter(Boolean)
    const unknown = options.filter((o) => !OPTIONS.has(o))
    if (unknown.length > 0) {
      problems.push(`${where}: unknown fence option ${unknown.join(" ")} (a block is \`\`\`ts, or \`\`\`ts fragment)`)
    }
    const code = match[3]
    const fragment = options.includes("fragment")
    const test = /from\s+["'](@effect\/)?vitest["']/.test(code)
    const problem = fragment ? undefined : unchecked(code, test)
    // A block that cannot count as run is reported, type-checked, and not run.
    if (problem !== undefined) problems.push(`${where}: ${problem}`)
    const slug = relative.replace(/[^A-Za-z0-9]+/g, "_")
    const name = `${slug}_${n}${test && !fragment ? ".test" : ""}.ts`
    // One header line, so line L of the snippet is line (fence line + L - 1) of the page.
    Fs.writeFileSync(Path.join(out, name), `// ${where}\n${code}\nexport {}\n`)
    blocks.push({ where, relative, line, name, fragment, test, runs: !fragment && problem === undefined })
  }
}

/** A path from the snippet folder, for the generated configurations. */
const fromOut = (file) => Path.relative(out, file).split(Path.sep).join("/")

Fs.writeFileSync(
  Path.join(out, "tsconfig.json"),
  JSON.stringify(
    {
      extends: fromOut(Path.join(root, "tsconfig.base.json")),
      compilerOptions: {
        composite: false,
        noEmit: true,
        emitDeclarationOnly: false,
        declaration: false,
        declarationMap: false,
        noUnusedLocals: false,
        // Outside the snippet folder, which is wiped on each run: unchanged blocks are not checked again.
        incremental: true,
        tsBuildInfoFile: fromOut(`${out}.tsbuildinfo`)
      },
      include: ["*.ts", fromOut(Path.join(root, "scripts", "docs-sandbox.ts"))]
    },
    null,
    2
  )
)

// Before each test of a test block: the test fails unless it makes at least one assertion.
Fs.writeFileSync(
  Path.join(out, "assertions.setup.mjs"),
  'import { beforeEach, expect } from "vitest"\n\nbeforeEach(() => {\n  expect.hasAssertions()\n})\n'
)
Fs.writeFileSync(
  Path.join(out, "vitest.config.mjs"),
  // One worker without isolation: effect and the packages load once for every test block (vitest 4+ options; its
  // `poolOptions.forks.singleFork` is gone).
  // The workspace packages resolve to their sources (the export condition vitest.shared.ts documents).
  `const conditions = ${JSON.stringify(SOURCE_CONDITIONS)}\n` +
    `export default { resolve: { conditions }, ssr: { resolve: { conditions } }, ` +
    `test: { include: ${JSON.stringify(blocks.filter((b) => b.runs && b.test).map((b) => b.name))}, ` +
    `setupFiles: ["./assertions.setup.mjs"], testTimeout: ${RUN_TIMEOUT_MS}, hookTimeout: ${RUN_TIMEOUT_MS}, ` +
    `pool: "forks", maxWorkers: 1, isolate: false } }\n`
)

// Loaded before each program (`--import`): counts the node:assert calls that run (every function of `node:assert`
// and `node:assert/strict`, named imports included) and writes the count to $DOCS_ASSERTIONS_FILE at exit.
const ASSERTIONS_PRELOAD = Path.join(out, "assertions.preload.mjs")
Fs.writeFileSync(
  ASSERTIONS_PRELOAD,
  `import * as Fs from "node:fs"
import { createRequire, syncBuiltinESMExports } from "node:module"

const assert = createRequire(import.meta.url)("node:assert")
let count = 0
for (const target of [assert, assert.strict]) {
  for (const key of Object.keys(target)) {
    const f = target[key]
    if (typeof f !== "function" || key === "strict" || /^[A-Z]/.test(key)) continue
    target[key] = function (...args) {
      count++
      return f.apply(this, args)
    }
  }
}
syncBuiltinESMExports()
process.on("exit", () => Fs.writeFileSync(process.env.DOCS_ASSERTIONS_FILE, String(count)))
`
)

// Runs started here, stopped if the check is interrupted (each is in its own process group).
const live = new Set()
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const pid of live) process.kill(-pid, "SIGKILL")
    process.exit(1)
  })
}

/** Runs a command; resolves with its exit code (null when killed at the timeout) and its combined output. */
const run = (command, args, { timeout, env = {} }) =>
  new Promise((resolve) => {
    // Its own process group, so a timeout also stops what it started (vitest's workers).
    const child = spawn(command, args, {
      cwd: out,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true
    })
    live.add(child.pid)
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      process.kill(-child.pid, "SIGKILL")
    }, timeout)
    child.on("close", (code) => {
      live.delete(child.pid)
      clearTimeout(timer)
      resolve({ code: timedOut ? null : code, output })
    })
    child.stdin.end()
  })

const indent = (text) =>
  text
    .trim()
    .split("\n")
    .slice(-40)
    .map((l) => `    ${l}`)
    .join("\n")

// The type-check, with each error located in its page.
const typeCheck = run(bin("tsc"), ["-p", Path.join(out, "tsconfig.json"), "--pretty", "false"], {
  timeout: 120_000
}).then(({ code, output }) => {
  if (code === 0) return
  const byName = new Map(blocks.map((b) => [b.name, b]))
  const located = output.replace(/^(?:.*[\\/])?([^\\/\s(]+\.ts)\((\d+),(\d+)\)/gm, (all, name, l, c) => {
    const block = byName.get(name)
    return block ? `${block.relative}:${block.line + Number(l) - 1}:${c}` : all
  })
  problems.push(`type-check failed${code === null ? " (timed out)" : ""}:\n${indent(located)}`)
})

/** Starts the sandbox; resolves with its WECHATPAY_* variables and a function that stops it. */
const startSandbox = () =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--conditions=${SOURCE_CONDITION}`, "--import", "tsx", Path.join(root, "scripts", "docs-sandbox.ts")],
      {
        cwd: root,
        stdio: ["pipe", "pipe", "inherit"]
      }
    )
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`the sandbox did not start within ${SANDBOX_TIMEOUT_MS} ms`))
    }, SANDBOX_TIMEOUT_MS)
    let buffered = ""
    child.stdout.on("data", (d) => {
      buffered += d
      const newline = buffered.indexOf("\n")
      if (newline < 0) return
      clearTimeout(timer)
      resolve({ env: JSON.parse(buffered.slice(0, newline)), stop: () => child.stdin.end() })
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the sandbox exited (${code}) before printing its variables`))
    })
  })

/** Runs `tasks` (functions returning promises), at most `limit` at a time. */
const pool = async (tasks, limit) => {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]()
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
}

const programs = blocks.filter((b) => b.runs && !b.test)
const tests = blocks.filter((b) => b.runs && b.test)
const fragments = blocks.filter((b) => b.fragment)
console.log(
  `docs: ${blocks.length} code blocks in ${files.length} files: type-checking all, running ${programs.length} programs ` +
    `(tsx, sandbox env) and ${tests.length} test files (vitest); ${fragments.length} fragments` +
    (blocks.length - programs.length - tests.length - fragments.length > 0
      ? `; ${blocks.length - programs.length - tests.length - fragments.length} neither`
      : "")
)

const runPrograms = async () => {
  if (programs.length === 0) return
  const sandbox = await startSandbox()
  try {
    const limit = Math.max(2, Os.availableParallelism())
    await pool(
      programs.map((b) => async () => {
        const counted = Path.join(out, `${b.name}.assertions`)
        const { code, output } = await run(
          process.execPath,
          [
            `--conditions=${SOURCE_CONDITION}`,
            "--import",
            "tsx",
            "--import",
            pathToFileURL(ASSERTIONS_PRELOAD).href,
            b.name
          ],
          { timeout: RUN_TIMEOUT_MS, env: { ...sandbox.env, DOCS_ASSERTIONS_FILE: counted } }
        )
        if (code !== 0) {
          const why = code === null ? `did not finish within ${RUN_TIMEOUT_MS / 1000} s` : `exited with code ${code}`
          problems.push(`${b.where}: the program ${why}:\n${indent(output)}`)
          return
        }
        const assertions = Fs.existsSync(counted) ? Number(Fs.readFileSync(counted, "utf8")) : 0
        if (!(assertions > 0)) {
          problems.push(
            `${b.where}: no assertion ran: the program exited (code 0) before any node:assert call checked its ` +
              `result${output.trim() ? `:\n${indent(output)}` : ""}`
          )
        }
      }),
      limit
    )
  } finally {
    sandbox.stop()
  }
}

const runTests = async () => {
  if (tests.length === 0) return
  const report = Path.join(out, "vitest-report.json")
  const { code, output } = await run(
    bin("vitest"),
    ["run", "--config", "vitest.config.mjs", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { timeout: RUN_TIMEOUT_MS * 2 }
  )
  const results = Fs.existsSync(report) ? JSON.parse(Fs.readFileSync(report, "utf8")).testResults : []
  const byFile = new Map(results.map((r) => [Path.basename(r.name), r]))
  // A file passes when vitest ran it, every test in it passed (each with an assertion), and there was one at least.
  const failed = tests.filter((b) => {
    const result = byFile.get(b.name)
    const statuses = (result?.assertionResults ?? []).map((a) => a.status)
    return result?.status !== "passed" || statuses.length === 0 || statuses.some((s) => s !== "passed")
  })
  if (code === 0 && failed.length === 0) return
  const where = (failed.length > 0 ? failed : tests).map((b) => b.where).join(", ")
  const why = code === null ? `did not finish within ${(RUN_TIMEOUT_MS * 2) / 1000} s` : "failed"
  problems.push(`${where}: the test ${why}:\n${indent(output)}`)
}

const timed = (label, promise) =>
  promise.finally(() => console.log(`docs: ${label} done at ${((Date.now() - started) / 1000).toFixed(1)} s`))
await Promise.all([
  timed("type-check", typeCheck),
  timed(
    "programs",
    runPrograms().catch((e) => problems.push(`could not run the programs: ${e.message}`))
  ),
  timed("tests", runTests())
])

const seconds = ((Date.now() - started) / 1000).toFixed(1)
if (problems.length > 0) {
  for (const p of problems) console.error(`docs: ${p}`)
  console.error(`docs: ${problems.length} problem(s) in ${seconds} s (snippets in ${Path.relative(root, out)})`)
  process.exit(1)
}
console.log(`docs: every block type-checks, and every program and test ran and checked its result (${seconds} s)`)
