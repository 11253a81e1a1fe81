/**
 * `pnpm bench:campaign`: a coupon campaign of `--users N` users (default 1,000,000) against the sandbox, in the
 * embedded mode (one process, SQLite) and the distributed mode (three runner processes over one PostgreSQL server),
 * measured: the load phase (the CSV read into the campaign's state) and the send phase apart, sends per second, the
 * campaign's CPU per send (summed over its processes), the sandbox's and PostgreSQL's CPU apart, the storage per user,
 * peak RSS, and a check that every user has exactly one coupon. Writes the table between `<!-- bench:campaign -->`
 * markers in `docs/performance.md` unless `--no-write`. Not part of the tests: it runs for long on a big list.
 *
 * Processes: this one (the bench: it writes the CSV, starts PostgreSQL, reads everyone's CPU, checks the outcome), the
 * sandbox (`campaignSandbox.ts`) and the campaign's (`campaignRunner.ts`), all forked with tsx on the sources.
 *
 *   pnpm bench:campaign [--users N] [--mode embedded|distributed|both] [--rate R] [--concurrency C] [--progress S]
 *                       [--no-write]
 */
import { type ChildProcess, fork } from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { Busifavor, NodeTransport, WechatPay } from "@effect-wechatpay/api"
import { Context, Effect, Exit, Layer, Redacted, Scope } from "effect"
import * as Postgres from "../../packages/campaign/test/support/postgres.js"
import type {
  ChildStats,
  ReportCheck,
  RunnerConfig,
  RunnerMessage,
  RunnerReply,
  RunResult,
  SandboxMessage,
  SandboxReply
} from "./campaignProtocol.js"
import {
  type CampaignOptions,
  type CampaignRun,
  campaignRows,
  campaignSection,
  mergeRuns,
  parseOptions,
  recordedRuns
} from "./campaignReport.js"
import { pad } from "./format.js"
import { replaceMarked } from "./report.js"

const here = import.meta.dirname
const performanceDoc = Path.join(here, "..", "..", "docs", "performance.md")
const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`)

/** Forks a TypeScript module of this directory with tsx on the sources, with a heap large enough for 10⁶ users. */
const forkTs = (file: string, env: Record<string, string> = {}) =>
  fork(Path.join(here, file), [], {
    execArgv: ["--conditions=@effect-wechatpay/source", "--import", "tsx", "--max-old-space-size=8192"],
    env: { ...process.env, ...env, NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })

/** The next message of `child` that `pick` accepts; rejects when the child exits first or says it failed. */
const next = <M extends { readonly type: string }, A>(child: ChildProcess, pick: (message: M) => A | undefined) =>
  new Promise<A>((resolve, reject) => {
    const onMessage = (message: M) => {
      if (message.type === "failed") {
        cleanup()
        reject(new Error(`a campaign process failed: ${(message as unknown as { message: string }).message}`))
        return
      }
      const picked = pick(message)
      if (picked !== undefined) {
        cleanup()
        resolve(picked)
      }
    }
    const onExit = (code: number | null, signal: string | null) => {
      cleanup()
      reject(new Error(`process ${child.pid} exited (${code ?? signal})`))
    }
    const cleanup = () => {
      child.off("message", onMessage)
      child.off("exit", onExit)
    }
    child.on("message", onMessage)
    child.on("exit", onExit)
  })

const statsOf = async (child: ChildProcess): Promise<ChildStats> => {
  const answer = next<RunnerReply | SandboxReply, ChildStats>(child, (m) => (m.type === "stats" ? m.stats : undefined))
  child.send({ type: "stats" } satisfies RunnerMessage)
  return answer
}

const cpuOf = (stats: ChildStats) => stats.userMicros + stats.systemMicros

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGKILL")
  })

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = Net.createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as Net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/**
 * The CPU (µs) of the PostgreSQL server whose socket directory is `socketDir`: the postmaster, its live children (the
 * backends, the WAL writer, …) and the children that exited, from /proc (clock ticks of 10 ms).
 */
const postgresCpu = (socketDir: string): number => {
  const pids = Fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))
  const stat = (pid: string) => {
    try {
      const text = Fs.readFileSync(`/proc/${pid}/stat`, "utf8")
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ")
      // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
      return {
        ppid: fields[1]!,
        ticks: Number(fields[11]) + Number(fields[12]),
        children: Number(fields[13]) + Number(fields[14])
      }
    } catch {
      return undefined
    }
  }
  const postmaster = pids.find((pid) => {
    try {
      const args = Fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")
      return args.includes("-k") && args[args.indexOf("-k") + 1] === socketDir
    } catch {
      return false
    }
  })
  if (postmaster === undefined) return 0
  const main = stat(postmaster)
  let ticks = (main?.ticks ?? 0) + (main?.children ?? 0)
  for (const pid of pids) {
    const child = stat(pid)
    if (child?.ppid === postmaster) ticks += child.ticks
  }
  return ticks * 10_000
}

/** Writes `users` openids as a CSV file with a header, as a merchant's export would be. */
const writeCsv = (file: string, users: number) => {
  const out = Fs.openSync(file, "w")
  Fs.writeSync(out, "openid,segment\n")
  const batch = 10_000
  for (let first = 0; first < users; first += batch) {
    let text = ""
    for (let i = first; i < Math.min(users, first + batch); i++) text += `o-bench-${i},${i % 7}\n`
    Fs.writeSync(out, text)
  }
  Fs.closeSync(out)
}

interface Sandboxed {
  readonly child: ChildProcess
  readonly ready: Extract<SandboxReply, { type: "ready" }>
}

const startSandbox = async (): Promise<Sandboxed> => {
  const child = forkTs("campaignSandbox.ts")
  const ready = await next<SandboxReply, Extract<SandboxReply, { type: "ready" }>>(child, (m) =>
    m.type === "ready" ? m : undefined
  )
  return { child, ready }
}

const seed = async (sandbox: Sandboxed, stockId: string, users: number) => {
  const seeded = next<SandboxReply, true>(sandbox.child, (m) => (m.type === "seeded" ? true : undefined))
  sandbox.child.send({ type: "seed", stockId, users } satisfies SandboxMessage)
  await seeded
}

/** Checks the sandbox's side: the coupons the stock issued, and the sample's card packs (one coupon each, theirs). */
const verifyInSandbox = (sandbox: Sandboxed, stockId: string, check: ReportCheck) =>
  Effect.gen(function* () {
    const stock = yield* Busifavor.queryStock({ stock_id: stockId })
    let sampleOk = 0
    for (const { openid, coupon } of check.sample) {
      const page = yield* Busifavor.listCouponsByFilter({ openid, appid: sandbox.ready.appid, stock_id: stockId })
      if (page.total_count === 1 && page.data?.[0]?.coupon_code === coupon) sampleOk++
    }
    return { issued: Number(stock.send_count_information?.total_send_num ?? 0), sampleOk }
  }).pipe(
    Effect.provide(
      WechatPay.layer({
        ...sandbox.ready.credentials,
        merchantPrivateKey: Redacted.make(sandbox.ready.credentials.merchantPrivateKey),
        apiV3Key: Redacted.make(sandbox.ready.credentials.apiV3Key),
        baseUrl: sandbox.ready.baseUrl
      }).pipe(Layer.provide(NodeTransport.layer()))
    ),
    Effect.runPromise
  )

const machine = () => {
  const cpus = Os.cpus()
  return `${cpus[0]?.model.trim() ?? "unknown"}, ${cpus.length} cores, ${Math.round(Os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`
}

/**
 * One mode: a fresh sandbox (a sandbox that kept the other mode's coupons would do more work per send), its processes
 * started, the campaign run, everyone's CPU read at the phase boundaries, the outcome checked.
 */
const runMode = async (
  mode: "embedded" | "distributed",
  options: CampaignOptions,
  dir: string,
  csv: string
): Promise<CampaignRun> => {
  const loadStart = Os.loadavg()
  const sandbox = await startSandbox()
  const stockId = mode === "embedded" ? "98000001" : "98000002"
  const campaignId = `bench-${mode}-${options.users}`
  await seed(sandbox, stockId, options.users)
  const scope = Effect.runSync(Scope.make())
  let socketDir: string | undefined
  const children: Array<ChildProcess> = []
  try {
    const base: Omit<RunnerConfig, "role"> = {
      baseUrl: sandbox.ready.baseUrl,
      credentials: sandbox.ready.credentials,
      appid: sandbox.ready.appid,
      campaign: {
        id: campaignId,
        stockId,
        csv,
        rate: options.rate,
        concurrency: options.concurrency,
        users: options.users,
        progressSeconds: options.progressSeconds
      }
    }
    if (mode === "embedded") {
      const filename = Path.join(dir, "campaigns.db")
      children.push(
        forkTs("campaignRunner.ts", {
          CAMPAIGN_BENCH: JSON.stringify({ ...base, role: "driver", embedded: { filename } })
        })
      )
    } else {
      log("starting PostgreSQL")
      const server = Context.get(
        await Effect.runPromise(Layer.buildWithScope(Postgres.layer, scope)),
        Postgres.PostgresServer
      )
      socketDir = server.socketDir
      const database = await Effect.runPromise(server.createDatabase("bench"))
      // Three distinct ports: a port freed by one call may be the next call's answer.
      const ports = new Set<number>()
      while (ports.size < 3) ports.add(await freePort())
      const [...runnerPorts] = ports
      for (let i = 0; i < 3; i++) {
        const config: RunnerConfig = {
          ...base,
          role: i === 0 ? "driver" : "host",
          distributed: {
            postgres: { host: server.socketDir, port: server.port, username: server.username, database },
            runnerPort: runnerPorts[i]!,
            runners: 3
          }
        }
        children.push(forkTs("campaignRunner.ts", { CAMPAIGN_BENCH: JSON.stringify(config) }))
      }
    }
    const driver = children[0]!
    await Promise.all(
      children.map((child) => next<RunnerReply, true>(child, (m) => (m.type === "ready" ? true : undefined)))
    )
    const snapshot = async () => ({
      campaign: await Promise.all(children.map(statsOf)),
      sandbox: await statsOf(sandbox.child),
      postgres: socketDir === undefined ? 0 : postgresCpu(socketDir)
    })
    const onProgress = (message: RunnerReply) => {
      if (message.type === "progress") {
        log(
          `${mode}: ${message.sent.toLocaleString("en-US")} of ${message.listed.toLocaleString("en-US")} sent, ${message.rate}/s in the last second`
        )
      }
    }
    driver.on("message", onProgress)
    const loaded = next<RunnerReply, number>(driver, (m) => (m.type === "loaded" ? m.at : undefined))
    const finished = next<RunnerReply, RunResult>(driver, (m) => (m.type === "result" ? m.result : undefined))
    const atStart = await snapshot()
    log(
      `${mode}: ${options.users.toLocaleString("en-US")} users, rate ${options.rate}/s, ${children.length} campaign process(es)`
    )
    driver.send({ type: "go" } satisfies RunnerMessage)
    await loaded
    const atLoaded = await snapshot()
    log(`${mode}: the CSV is loaded; sending`)
    const result = await finished
    const atEnd = await snapshot()
    const loadEnd = Os.loadavg()
    driver.off("message", onProgress)
    log(`${mode}: ${result.progress.status}: ${result.progress.sent} sent; checking the report and the sandbox`)
    const checked = next<RunnerReply, ReportCheck>(driver, (m) => (m.type === "check" ? m.check : undefined))
    driver.send({ type: "check" } satisfies RunnerMessage)
    const check = await checked
    const inSandbox = await verifyInSandbox(sandbox, stockId, check)
    const sum = (stats: ReadonlyArray<ChildStats>) => stats.reduce((total, s) => total + cpuOf(s), 0)
    const failed = Object.values(result.progress.failed).reduce((total, n) => total + n, 0)
    return {
      mode,
      users: options.users,
      date: new Date().toISOString().slice(0, 10),
      machine: machine(),
      loadStart,
      loadEnd,
      rate: options.rate,
      concurrency: options.concurrency,
      progressSeconds: options.progressSeconds,
      processes: children.length,
      loadSeconds: (result.loadedAt - result.startedAt) / 1000,
      sendSeconds: (result.endedAt - result.loadedAt) / 1000,
      wallSeconds: (result.endedAt - result.startedAt) / 1000,
      sent: result.progress.sent,
      campaignCpuLoad: sum(atLoaded.campaign) - sum(atStart.campaign),
      campaignCpuSend: sum(atEnd.campaign) - sum(atLoaded.campaign),
      sandboxCpuSend: cpuOf(atEnd.sandbox) - cpuOf(atLoaded.sandbox),
      postgresCpuSend: socketDir === undefined ? undefined : atEnd.postgres - atLoaded.postgres,
      postgresCpuLoad: socketDir === undefined ? undefined : atLoaded.postgres - atStart.postgres,
      storageBytes: result.storage.total - result.storageBefore,
      storageBefore: result.storageBefore,
      storageParts: result.storage.parts,
      campaignPeakRss: atEnd.campaign.map((s) => s.maxRss),
      sandboxPeakRss: atEnd.sandbox.maxRss,
      issued: inSandbox.issued,
      // A user sent twice is a coupon issued beyond the users; a user the report shows unsent, or sharing a coupon
      // with another, is missing.
      duplicates: Math.max(0, inSandbox.issued - check.distinctCoupons),
      missing:
        options.users -
        Math.min(
          inSandbox.issued,
          check.sent,
          check.distinctCoupons,
          check.distinctOpenids,
          check.lines - check.wrongRequestNumbers
        ),
      failed,
      sampleChecked: check.sample.length,
      sampleOk: inSandbox.sampleOk
    }
  } finally {
    await Promise.all(children.map(stop))
    await stop(sandbox.child)
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

const main = async () => {
  const options = parseOptions(process.argv.slice(2))
  if (options.modes.includes("distributed") && !Postgres.hasPostgres) {
    throw new Error("the distributed mode needs PostgreSQL's server binaries (Debian's postgresql package)")
  }
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "campaign-bench-"))
  try {
    const csv = Path.join(dir, "users.csv")
    const written = performance.now()
    writeCsv(csv, options.users)
    log(
      `${options.users.toLocaleString("en-US")} users written to ${csv} in ${((performance.now() - written) / 1000).toFixed(1)} s`
    )
    const runs: Array<CampaignRun> = []
    for (const mode of options.modes) {
      const run = await runMode(mode, options, dir, csv)
      runs.push(run)
      process.stdout.write(`\n${pad(campaignRows([run]).map((row) => row.map((cell) => cell.replaceAll("**", ""))))}\n`)
      process.stdout.write(
        `storage: ${run.storageParts.map(([name, bytes]) => `${name} ${(bytes / 2 ** 20).toFixed(1)} MiB`).join(", ")}\n\n`
      )
      if (options.write) {
        const document = Fs.readFileSync(performanceDoc, "utf8")
        const open = "<!-- bench:campaign -->"
        const section = document.slice(document.indexOf(open), document.indexOf("<!-- /bench:campaign -->"))
        Fs.writeFileSync(
          performanceDoc,
          replaceMarked(document, "campaign", campaignSection(mergeRuns(recordedRuns(section), run)))
        )
        log(`docs/performance.md: the ${mode} column of ${options.users.toLocaleString("en-US")} users written`)
      }
    }
  } finally {
    Fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:campaign: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
)
