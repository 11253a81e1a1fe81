/**
 * The IPC messages of `pnpm bench:campaign` between the bench (`campaign.ts`), its sandbox process
 * (`campaignSandbox.ts`) and its campaign processes (`campaignRunner.ts`), and the per-process figures they report.
 */

/** What a child process says about itself: CPU (µs, since it started), memory now and at its peak. */
export interface ChildStats {
  readonly userMicros: number
  readonly systemMicros: number
  readonly rss: number
  /** Peak resident set size, bytes (`process.resourceUsage().maxRSS`). */
  readonly maxRss: number
  readonly heapUsed: number
}

/** This process's {@link ChildStats}. */
export const childStats = (): ChildStats => {
  const cpu = process.cpuUsage()
  const memory = process.memoryUsage()
  return {
    userMicros: cpu.user,
    systemMicros: cpu.system,
    rss: memory.rss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: memory.heapUsed
  }
}

/** The client credentials of the sandbox. */
export interface Credentials {
  readonly mchid: string
  readonly merchantSerialNumber: string
  readonly merchantPrivateKey: string
  readonly apiV3Key: string
  readonly wechatpayPublicKey: { readonly id: string; readonly key: string }
}

/** Bench → sandbox. */
export type SandboxMessage =
  | { readonly type: "seed"; readonly stockId: string; readonly users: number }
  | { readonly type: "stats" }

/** Sandbox → bench. */
export type SandboxReply =
  | { readonly type: "ready"; readonly baseUrl: string; readonly credentials: Credentials; readonly appid: string }
  | { readonly type: "seeded" }
  | { readonly type: "stats"; readonly stats: ChildStats }

/** What a campaign process is told (JSON in `CAMPAIGN_BENCH`). */
export interface RunnerConfig {
  /** `driver` runs the campaign (reads the users, drives its chunks); `host` only hosts shards (distributed). */
  readonly role: "driver" | "host"
  readonly baseUrl: string
  readonly credentials: Credentials
  readonly appid: string
  readonly campaign: {
    readonly id: string
    readonly stockId: string
    readonly csv: string
    readonly rate: number
    readonly concurrency: number
    readonly users: number
    /** How often the driver reads the campaign's progress (`onProgress`), seconds; default 5. */
    readonly progressSeconds?: number | undefined
  }
  readonly embedded?: { readonly filename: string } | undefined
  readonly distributed?:
    | {
        readonly postgres: {
          readonly host: string
          readonly port: number
          readonly username: string
          readonly database: string
        }
        readonly runnerPort: number
        readonly runners: number
      }
    | undefined
}

/** The outcome of a run, as the driver measured it (times are `performance.timeOrigin + performance.now()`, ms). */
export interface RunResult {
  readonly progress: {
    readonly status: string
    readonly listed: number
    readonly sent: number
    readonly alreadySent: number
    readonly duplicates: number
    readonly failed: Readonly<Record<string, number>>
    readonly malformed: number
    readonly remaining: number
  }
  readonly startedAt: number
  readonly loadedAt: number
  readonly endedAt: number
  /** Bytes the campaign's state takes after the run: the SQLite file with its -wal and -shm, or the database. */
  readonly storage: { readonly total: number; readonly parts: ReadonlyArray<readonly [string, number]> }
  /** The same before the run (the tables created, empty; PostgreSQL's catalog). */
  readonly storageBefore: number
}

/** What the report of the campaign says, checked by the driver after the measurements. */
export interface ReportCheck {
  readonly lines: number
  readonly sent: number
  readonly distinctOpenids: number
  readonly distinctCoupons: number
  /** Lines whose request number is not `Campaign.requestNumber(id, openid)`. */
  readonly wrongRequestNumbers: number
  /** A sample of users and their coupon, checked against the sandbox's card packs. */
  readonly sample: ReadonlyArray<{ readonly openid: string; readonly coupon: string }>
}

/** Bench → campaign process. */
export type RunnerMessage =
  | { readonly type: "go" }
  | { readonly type: "stats" }
  | { readonly type: "check" }
  | { readonly type: "stop" }

/** Campaign process → bench. */
export type RunnerReply =
  | { readonly type: "ready" }
  | { readonly type: "loaded"; readonly at: number }
  | { readonly type: "progress"; readonly sent: number; readonly listed: number; readonly rate: number }
  | { readonly type: "result"; readonly result: RunResult }
  | { readonly type: "check"; readonly check: ReportCheck }
  | { readonly type: "stats"; readonly stats: ChildStats }
  | { readonly type: "failed"; readonly message: string }
