// Checks every ```ts block of README.md, docs/**/*.md and packages/*/README.md (the convention is in docs/README.md):
// - every block is type-checked, each as its own module;
// - a block fenced ```ts fragment is only type-checked;
// - every other block is a complete program and is run, bounded by a timeout: a block that imports `vitest` or
//   `@effect/vitest` is run as a test file by vitest, any other with node and tsx, with the WECHATPAY_* variables of a
//   sandbox gateway this script starts (scripts/docs-sandbox.ts), so `WechatPay.layerConfig()` talks to it.
// A block that does not type-check, exits non-zero, fails a test or times out fails the check with its file and line.
import { spawn } from "node:child_process"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "..")
const out = Path.join(root, ".reports", "doc-snippets")
const bin = (name) => Path.join(root, "node_modules", ".bin", name)
// Generous: a run takes 1–3 s of CPU, but CI machines are shared; a hung program is caught all the same.
const RUN_TIMEOUT_MS = 60_000
const SANDBOX_TIMEOUT_MS = 30_000
const OPTIONS = new Set(["fragment"])

// Workspace packages resolve to their TypeScript sources under this export condition (see vitest.shared.ts).
const SOURCE_CONDITION = "@effect-wechatpay/source"
const SOURCE_CONDITIONS = [SOURCE_CONDITION, "module", "node", "development|production"]

// Fragments in pages someone else owns that do not carry the `fragment` mark yet, keyed by the sha256 of the block's
// text (first 12 hex digits): editing such a block drops it from this list, so it must then be marked or run.
// Remove an entry once its page marks the block.
const UNMARKED_FRAGMENTS = {}

const started = Date.now()
Fs.rmSync(out, { recursive: true, force: true })
Fs.mkdirSync(out, { recursive: true })

const walk = (dir) =>
  Fs.existsSync(dir)
    ? Fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        // docs/api is generated from the JSDoc (scripts/api-docs.mjs): its blocks are signatures, checked by tsc.
        e.isDirectory()
          ? Path.join(dir, e.name) === Path.join(root, "docs", "api")
            ? []
            : walk(Path.join(dir, e.name))
          : e.name.endsWith(".md")
            ? [Path.join(dir, e.name)]
            : []
      )
    : []

const files = [
  Path.join(root, "README.md"),
  ...walk(Path.join(root, "docs")),
  ...Fs.readdirSync(Path.join(root, "packages")).map((p) => Path.join(root, "packages", p, "README.md"))
].filter((f) => Fs.existsSync(f))

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
    const hash = Crypto.createHash("sha256").update(code).digest("hex").slice(0, 12)
    const listed = (UNMARKED_FRAGMENTS[relative] ?? []).includes(hash)
    const fragment = options.includes("fragment") || listed
    if (listed && options.includes("fragment"))
      console.log(`docs: ${where} is marked now: drop it from UNMARKED_FRAGMENTS`)
    const test = /from\s+["'](@effect\/)?vitest["']/.test(code)
    const slug = relative.replace(/[^A-Za-z0-9]+/g, "_")
    const name = `${slug}_${n}${test && !fragment ? ".test" : ""}.ts`
    // One header line, so line L of the snippet is line (fence line + L - 1) of the page.
    Fs.writeFileSync(Path.join(out, name), `// ${where}\n${code}\nexport {}\n`)
    blocks.push({ where, relative, line, name, fragment, test, listed })
  }
}

Fs.writeFileSync(
  Path.join(out, "tsconfig.json"),
  JSON.stringify(
    {
      extends: "../../tsconfig.base.json",
      compilerOptions: {
        composite: false,
        noEmit: true,
        emitDeclarationOnly: false,
        declaration: false,
        declarationMap: false,
        noUnusedLocals: false,
        // Outside the snippet folder, which is wiped on each run: unchanged blocks are not checked again.
        incremental: true,
        tsBuildInfoFile: "../doc-snippets.tsbuildinfo"
      },
      include: ["*.ts", "../../scripts/docs-sandbox.ts"]
    },
    null,
    2
  )
)
Fs.writeFileSync(
  Path.join(out, "vitest.config.mjs"),
  // One worker without isolation: effect and the packages load once for every test block (vitest 4+ options; its
  // `poolOptions.forks.singleFork` is gone).
  // The workspace packages resolve to their sources (the export condition vitest.shared.ts documents).
  `const conditions = ${JSON.stringify(SOURCE_CONDITIONS)}\n` +
    `export default { resolve: { conditions }, ssr: { resolve: { conditions } }, ` +
    `test: { include: ["*.test.ts"], testTimeout: ${RUN_TIMEOUT_MS}, hookTimeout: ${RUN_TIMEOUT_MS}, ` +
    `pool: "forks", maxWorkers: 1, isolate: false } }\n`
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

const programs = blocks.filter((b) => !b.fragment && !b.test)
const tests = blocks.filter((b) => !b.fragment && b.test)
console.log(
  `docs: ${blocks.length} code blocks in ${files.length} files: type-checking all, running ${programs.length} programs ` +
    `(tsx, sandbox env) and ${tests.length} test files (vitest); ${blocks.length - programs.length - tests.length} fragments`
)
for (const b of blocks.filter((b) => b.listed)) {
  console.log(`docs: ${b.where} is a fragment another page owner has yet to mark \`\`\`ts fragment`)
}

const runPrograms = async () => {
  const sandbox = await startSandbox()
  try {
    const limit = Math.max(2, Os.availableParallelism())
    await pool(
      programs.map((b) => async () => {
        const { code, output } = await run(
          process.execPath,
          [`--conditions=${SOURCE_CONDITION}`, "--import", "tsx", b.name],
          {
            timeout: RUN_TIMEOUT_MS,
            env: sandbox.env
          }
        )
        if (code !== 0) {
          const why = code === null ? `did not finish within ${RUN_TIMEOUT_MS / 1000} s` : `exited with code ${code}`
          problems.push(`${b.where}: the program ${why}:\n${indent(output)}`)
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
  if (code === 0) return
  const failed = Fs.existsSync(report)
    ? JSON.parse(Fs.readFileSync(report, "utf8")).testResults.filter((r) => r.status !== "passed")
    : []
  const located = failed.map((r) => tests.find((b) => b.name === Path.basename(r.name)))
  const where =
    located.length > 0 ? located.map((b) => b?.where ?? "?").join(", ") : tests.map((b) => b.where).join(", ")
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
  console.error(`docs: ${problems.length} problem(s) in ${seconds} s (snippets in .reports/doc-snippets)`)
  process.exit(1)
}
console.log(`docs: every block type-checks and every program and test runs (${seconds} s)`)
