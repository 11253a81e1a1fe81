/**
 * The options and the report of `pnpm bench:campaign`: its command line, one run's figures, and the table between
 * `<!-- bench:campaign -->` markers in `docs/performance.md`. The table has one column per (mode, users): a run
 * replaces the column of its mode and size and keeps the others, whose figures travel in a comment inside the section
 * (so that a 1,000,000-user run of one mode does not erase the other mode's).
 */
import { markdown } from "./format.js"

/** The command line of `pnpm bench:campaign`. */
export interface CampaignOptions {
  readonly users: number
  readonly modes: ReadonlyArray<"embedded" | "distributed">
  readonly rate: number
  readonly concurrency: number
  /** How often the campaign's progress is read, seconds (`Campaign.status`: a count over every user). */
  readonly progressSeconds: number
  readonly write: boolean
}

/** The rate the campaign is given unless `--rate`: far above what this machine sends, so the machine is the bound. */
export const DEFAULT_RATE = 100_000

/** A count: digits, optionally grouped by `,` or `_`, or in exponent form (`1e6`). */
const count = (name: string, text: string | undefined): number => {
  const value = text === undefined ? Number.NaN : Number(text.replaceAll(/[,_]/g, ""))
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got '${text}'`)
  return value
}

/**
 * Parses the command line: `--users N` (default 1,000,000), `--mode embedded|distributed|both` (default both),
 * `--rate R` sends per second (default {@link DEFAULT_RATE}), `--concurrency C` chunks at once (default 8, the
 * campaign's), `--progress S` seconds between progress reads (default 5), `--no-write`.
 */
export const parseOptions = (argv: ReadonlyArray<string>): CampaignOptions => {
  let users = 1_000_000
  let modes: CampaignOptions["modes"] = ["embedded", "distributed"]
  let rate = DEFAULT_RATE
  let concurrency = 8
  let progressSeconds = 5
  let write = true
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split("=", 2) : [arg, undefined]
    const value = () => inline ?? argv[++i]
    switch (flag) {
      case "--users":
        users = count("--users", value())
        break
      case "--mode": {
        const mode = value()
        if (mode === "both") modes = ["embedded", "distributed"]
        else if (mode === "embedded" || mode === "distributed") modes = [mode]
        else throw new Error(`--mode must be embedded, distributed or both, got '${mode}'`)
        break
      }
      case "--rate":
        rate = count("--rate", value())
        break
      case "--concurrency":
        concurrency = count("--concurrency", value())
        break
      case "--progress":
        progressSeconds = count("--progress", value())
        break
      case "--no-write":
        write = false
        break
      case "--":
        break
      default:
        throw new Error(
          `unknown option '${arg}' (--users N, --mode embedded|distributed|both, --rate R, --concurrency C, --progress S, --no-write)`
        )
    }
  }
  return { users, modes, rate, concurrency, progressSeconds, write }
}

/** One run of one mode: what the table shows. Times in seconds, CPU in µs, sizes in bytes. */
export interface CampaignRun {
  readonly mode: "embedded" | "distributed"
  readonly users: number
  readonly date: string
  readonly machine: string
  readonly loadStart: ReadonlyArray<number>
  readonly loadEnd: ReadonlyArray<number>
  readonly rate: number
  readonly concurrency: number
  readonly progressSeconds?: number | undefined
  readonly processes: number
  readonly loadSeconds: number
  readonly sendSeconds: number
  readonly wallSeconds: number
  readonly sent: number
  /** The campaign processes' CPU (user + system) during the send phase, summed over the runners. */
  readonly campaignCpuSend: number
  /** The campaign processes' CPU during the load phase. */
  readonly campaignCpuLoad: number
  readonly sandboxCpuSend: number
  /** PostgreSQL's CPU (its server processes) during the send phase; distributed only. */
  readonly postgresCpuSend: number | undefined
  readonly postgresCpuLoad: number | undefined
  /** The campaign's state after the run, less what it took before (empty tables; PostgreSQL's catalog). */
  readonly storageBytes: number
  readonly storageBefore: number
  readonly storageParts: ReadonlyArray<readonly [string, number]>
  /** Peak RSS of each campaign process, bytes. */
  readonly campaignPeakRss: ReadonlyArray<number>
  readonly sandboxPeakRss: number
  readonly issued: number
  readonly duplicates: number
  readonly missing: number
  readonly failed: number
  readonly sampleChecked: number
  readonly sampleOk: number
}

const group = (n: number) => Math.round(n).toLocaleString("en-US")
const fixed = (n: number, digits: number) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
const mib = (bytes: number) => `${fixed(bytes / 1024 / 1024, 1)} MiB`
const seconds = (s: number) => (s >= 600 ? `${fixed(s, 0)} s (${fixed(s / 60, 1)} min)` : `${fixed(s, 1)} s`)
const load = (values: ReadonlyArray<number>) => values.map((v) => v.toFixed(2)).join(" / ")

/** The rows of the table, one column per run. */
export const campaignRows = (runs: ReadonlyArray<CampaignRun>): Array<Array<string>> => {
  const row = (label: string, cell: (run: CampaignRun) => string) => [label, ...runs.map(cell)]
  return [
    ["", ...runs.map((run) => `${run.mode}, ${group(run.users)} users`)],
    row("date", (run) => run.date),
    row("load average at the start (1 / 5 / 15 min)", (run) => load(run.loadStart)),
    row("load average at the end (1 / 5 / 15 min)", (run) => load(run.loadEnd)),
    row("campaign processes", (run) => String(run.processes)),
    row(
      "rate given / chunks at once / progress read every",
      (run) => `${group(run.rate)}/s / ${run.concurrency} / ${run.progressSeconds ?? 5} s`
    ),
    row("load phase (CSV → state)", (run) => seconds(run.loadSeconds)),
    row("send phase", (run) => seconds(run.sendSeconds)),
    row("wall time, both phases", (run) => seconds(run.wallSeconds)),
    row("**sends per second** (send phase)", (run) => `**${fixed(run.sent / run.sendSeconds, 0)}**`),
    row("users loaded per second", (run) => fixed(run.users / run.loadSeconds, 0)),
    row("**campaign CPU per send** (send phase)", (run) => `**${fixed(run.campaignCpuSend / run.sent / 1000, 2)} ms**`),
    row("campaign CPU per user loaded", (run) => `${fixed(run.campaignCpuLoad / run.users / 1000, 3)} ms`),
    row("PostgreSQL CPU per send / per user loaded", (run) =>
      run.postgresCpuSend === undefined
        ? "—"
        : `${fixed(run.postgresCpuSend / run.sent / 1000, 2)} ms / ${fixed((run.postgresCpuLoad ?? 0) / run.users / 1000, 3)} ms`
    ),
    row("sandbox CPU per send", (run) => `${fixed(run.sandboxCpuSend / run.sent / 1000, 2)} ms`),
    row("**storage per user** (after − before)", (run) => `**${fixed(run.storageBytes / run.users, 0)} B**`),
    row(
      "storage after the run / before it",
      (run) => `${mib(run.storageBytes + run.storageBefore)} / ${mib(run.storageBefore)}`
    ),
    row("peak RSS of the campaign process(es)", (run) => run.campaignPeakRss.map(mib).join(" + ")),
    row("peak RSS of the sandbox", (run) => mib(run.sandboxPeakRss)),
    row("coupons issued by the sandbox", (run) => group(run.issued)),
    row("duplicates / missing / failed", (run) => `${run.duplicates} / ${run.missing} / ${run.failed}`),
    row(
      "users checked in the sandbox's card packs",
      (run) => `${run.sampleOk} of ${run.sampleChecked}: one coupon each`
    )
  ]
}

const DATA = /<!-- campaign-runs (.*?) -->/s

/** The runs recorded in the section (from its comment), or none. */
export const recordedRuns = (section: string): Array<CampaignRun> => {
  const match = DATA.exec(section)
  if (match === null) return []
  try {
    return JSON.parse(match[1]!) as Array<CampaignRun>
  } catch {
    return []
  }
}

/** The runs after `run`: it replaces the run of the same mode and size; embedded first, then by users. */
export const mergeRuns = (runs: ReadonlyArray<CampaignRun>, run: CampaignRun): Array<CampaignRun> =>
  [...runs.filter((other) => other.mode !== run.mode || other.users !== run.users), run].sort((a, b) =>
    a.mode === b.mode ? a.users - b.users : a.mode === "embedded" ? -1 : 1
  )

/** The content of the section: the machine, the table, and the runs' figures in a comment. */
export const campaignSection = (runs: ReadonlyArray<CampaignRun>): string => {
  const machines = [...new Set(runs.map((run) => run.machine))]
  return [
    `Machine: ${machines.join("; ")}.`,
    "",
    markdown(campaignRows(runs)),
    "",
    `<!-- campaign-runs ${JSON.stringify(runs)} -->`
  ].join("\n")
}
