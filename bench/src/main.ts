/**
 * `pnpm bench`: what a call of effect-wechatpay costs, as ratios to a floor measured in the same run.
 *
 *   pnpm bench [--quick] [--rounds N] [--no-write] [--skip-memory] [--skip-cold] [--skip-effect3] [--skip-profile]
 *              [--skip-pool] [--skip-decode]
 *
 * (`pnpm bench` builds the bench with `src/build.ts`, then runs the built `main.mjs` on plain node.)
 *
 * The sandbox gateway runs in a child process; interleaved rounds of each call mix drive every variant; memory and
 * cold start are measured in fresh child processes, the cold start against the same application bundled on the last
 * Effect 3 commit too (`effect3.ts`; `--skip-effect3` leaves it out). Prints the tables and every target of
 * `targets.ts`, met or missed, and writes the tables of `docs/performance.md` between its `<!-- bench:NAME -->` markers
 * (the prose around them is written by hand) and, unless `--quick`, the transport table of `docs/configuration.md`.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { categorise, profileVariant } from "./breakdown.js"
import { benchDir, firstMessage, forkScript } from "./children.js"
import { measureColdStart } from "./coldstart.js"
import { measureDecode } from "./decode.js"
import { makeEffectVariant } from "./effectClient.js"
import { type Batch, runBatch } from "./measure.js"
import { isMemoryReport, type MemoryReport } from "./memory.js"
import { makeAxiosVariant, makeBareVariant, makeFloorVariant } from "./peers.js"
import {
  type CallKind,
  type GatewayInfo,
  isGatewayInfo,
  LIST_LIMIT,
  MIXES,
  type MixName,
  resetGateway,
  type Variant
} from "./protocol.js"
import {
  type Breakdown,
  checkPerformanceMarkers,
  type MixResult,
  type Results,
  type RoundResult,
  replaceMarked,
  summarise,
  textReport,
  transportTable,
  updatePerformanceDoc
} from "./report.js"
import { measureSigningPool } from "./signingPool.js"
import { ratioStats, TARGET_VARIANT, type Versus } from "./targets.js"

const args = process.argv.slice(2)
const quick = args.includes("--quick")
const flagValue = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const rounds = Math.max(5, Number(flagValue("--rounds") ?? (quick ? 5 : 7)))
const callsC1 = quick ? 90 : 300
const callsC64 = quick ? 384 : 1200
const memoryCalls = quick ? 4000 : 20_000
const coldRuns = quick ? 3 : 5
const performanceDoc = Path.resolve(benchDir, "..", "docs", "performance.md")
if (!args.includes("--no-write")) checkPerformanceMarkers(Fs.readFileSync(performanceDoc, "utf8"))

/** The variants profiled for the breakdown of where a call's CPU goes. */
const PROFILED = ["floor", "effect-NodeTransport", "effect-NodeTransport-untraced", "axios"]

const startedAt = performance.now()
const log = (line: string) =>
  process.stderr.write(`[${((performance.now() - startedAt) / 1000).toFixed(0)} s] ${line}\n`)

/** The number of the next call (so batches cycle through each mix and the create ids). */
let offset = 0

const measureMemory = async (info: GatewayInfo): Promise<MemoryReport> => {
  const child = forkScript("memory", [String(memoryCalls)], ["--expose-gc"])
  child.send(info)
  return firstMessage(child, isMemoryReport)
}

/** Interleaved rounds of one mix over some variants: every variant at c=1, then at c=64, in an order rotated per round. */
const runRounds = async (
  info: GatewayInfo,
  variants: ReadonlyArray<Variant>,
  options: {
    readonly mix: ReadonlyArray<CallKind>
    readonly rounds: number
    readonly callsC1: number
    readonly callsC64: number
    readonly warmUp: readonly [number, number]
    /** After each reset of the gateway (which empties its state too): what the mix needs to find there. */
    readonly setup?: (() => Promise<void>) | undefined
  }
) => {
  const reset = async () => {
    await resetGateway(info)
    await options.setup?.()
  }
  const { mix } = options
  log(`warm-up (${mix.join(", ")}): ${variants.map((v) => v.id).join(", ")}`)
  for (const v of variants) {
    await reset()
    offset += (await runBatch(info, v, options.warmUp[0], 8, offset, mix)).calls
    offset += (await runBatch(info, v, options.warmUp[1], 64, offset, mix)).calls
  }
  const results = new Map<string, Array<RoundResult>>(variants.map((v) => [v.id, []]))
  for (let r = 0; r < options.rounds; r++) {
    const order = variants.map((_, i) => variants[(i + r) % variants.length]!)
    const round = new Map<string, { c1?: Batch; c64?: Batch }>()
    for (const [concurrency, calls] of [
      [1, options.callsC1],
      [64, options.callsC64]
    ] as const) {
      for (const v of order) {
        await reset()
        const batch = await runBatch(info, v, calls, concurrency, offset, mix)
        offset += calls
        round.set(v.id, { ...round.get(v.id), [concurrency === 1 ? "c1" : "c64"]: batch })
      }
    }
    for (const v of variants) {
      const { c1, c64 } = round.get(v.id)!
      results.get(v.id)!.push({ c1: c1!, c64: c64! })
    }
    const floor = round.get("floor")!
    log(
      `round ${r + 1}/${options.rounds} CPU × floor (c=1/c=64): ${variants
        .map(
          (v) =>
            `${v.id} ${(round.get(v.id)!.c1!.cpuMicrosPerCall / floor.c1!.cpuMicrosPerCall).toFixed(2)}/${(round.get(v.id)!.c64!.cpuMicrosPerCall / floor.c64!.cpuMicrosPerCall).toFixed(2)}`
        )
        .join("  ")}`
    )
  }
  return results
}

/** Per round, a variant's CPU per call over axios's (both measured in that round), at c=1 and c=64. */
const versus = (ours: ReadonlyArray<RoundResult>, axios: ReadonlyArray<RoundResult>): Versus => ({
  c1: ratioStats(ours.map((r, i) => r.c1.cpuMicrosPerCall / axios[i]!.c1.cpuMicrosPerCall)),
  c64: ratioStats(ours.map((r, i) => r.c64.cpuMicrosPerCall / axios[i]!.c64.cpuMicrosPerCall))
})

/** A variant's summary at both concurrencies against the floor of the same rounds. */
const summaryOf = (v: Variant, rounds: ReadonlyMap<string, ReadonlyArray<RoundResult>>) => {
  const floor = rounds.get("floor")!
  const mine = rounds.get(v.id)!
  return {
    id: v.id,
    label: v.label,
    c1: summarise(
      mine.map((r) => r.c1),
      floor.map((r) => r.c1)
    ),
    c64: summarise(
      mine.map((r) => r.c64),
      floor.map((r) => r.c64)
    )
  }
}

/** Rounds of each of the other endpoint mixes (the issue asks for medians of at least 5). */
const MIX_ROUNDS = 5

/** The variants the other endpoint mixes are run on. */
const MIX_VARIANTS = ["floor", TARGET_VARIANT, "axios"]

const main = async () => {
  const started = performance.now()
  const loadAverage = Os.loadavg()
  const gateway = forkScript("gateway")
  try {
    const info = await firstMessage(gateway, isGatewayInfo)
    log(`gateway ${info.baseUrl} (pid ${gateway.pid})`)
    const variants: Array<Variant> = [
      await makeEffectVariant(info, "node"),
      await makeEffectVariant(info, "node-layer"),
      await makeEffectVariant(info, "NodeTransport"),
      await makeEffectVariant(info, "NodeTransport", { tracer: false }),
      await makeEffectVariant(info, "undici"),
      await makeEffectVariant(info, "fetch"),
      makeFloorVariant(info),
      makeAxiosVariant(info),
      await makeBareVariant(info)
    ]
    const rounds_ = await runRounds(info, variants, {
      mix: MIXES.main,
      rounds,
      callsC1,
      callsC64,
      warmUp: quick ? [150, 256] : [300, 640]
    })
    const summaries = variants.map((v) => summaryOf(v, rounds_))
    const mixes: Array<MixResult> = [
      {
        name: "main",
        kinds: MIXES.main,
        variants: summaries,
        versusAxios: versus(rounds_.get(TARGET_VARIANT)!, rounds_.get("axios")!)
      }
    ]
    const mixVariants = variants.filter((v) => MIX_VARIANTS.includes(v.id))
    const floorVariant = variants.find((v) => v.id === "floor")!
    const createPage = async () => {
      for (let i = 0; i < LIST_LIMIT; i++) await floorVariant.call(i, "createCouponStock")
    }
    for (const name of Object.keys(MIXES) as Array<MixName>) {
      if (name === "main") continue
      const mixRounds = await runRounds(info, mixVariants, {
        mix: MIXES[name],
        rounds: MIX_ROUNDS,
        callsC1: quick ? 60 : 150,
        callsC64: quick ? 256 : 640,
        warmUp: [90, 256],
        // A reset empties the sandbox: the list mix creates a full page of stocks first (with the floor, unmeasured).
        setup: name === "lists" ? createPage : undefined
      })
      mixes.push({
        name,
        kinds: MIXES[name],
        variants: mixVariants.map((v) => summaryOf(v, mixRounds)),
        versusAxios: versus(mixRounds.get(TARGET_VARIANT)!, mixRounds.get("axios")!)
      })
    }
    const breakdown: Array<Breakdown> = []
    if (!args.includes("--skip-profile")) {
      for (const concurrency of [1, 64] as const) {
        for (const id of PROFILED) {
          const v = variants.find((candidate) => candidate.id === id)
          if (v === undefined) continue
          log(`profile (main, c=${concurrency}): ${id}`)
          const calls = concurrency === 1 ? (quick ? 300 : 600) : quick ? 600 : 2000
          const profiled = await profileVariant(info, v, calls, concurrency, 0)
          breakdown.push({ mix: "main", concurrency, id, calls, shares: categorise(profiled.profile) })
        }
      }
      for (const id of MIX_VARIANTS) {
        const v = variants.find((candidate) => candidate.id === id)
        if (v === undefined) continue
        log(`profile (lists, c=64): ${id}`)
        const calls = quick ? 300 : 1000
        const profiled = await profileVariant(info, v, calls, 64, 0, MIXES.lists, createPage)
        breakdown.push({ mix: "lists", concurrency: 64, id, calls, shares: categorise(profiled.profile) })
      }
    }
    for (const v of variants) await v.close()

    const signingPool = args.includes("--skip-pool") ? undefined : await measureSigningPool(info, { quick, rounds })
    let memory: MemoryReport | undefined
    if (!args.includes("--skip-memory")) {
      log(`memory: ${memoryCalls} calls, then 100 merchants`)
      memory = await measureMemory(info)
    }
    let cold: Results["cold"]
    if (!args.includes("--skip-cold")) {
      log(`cold start: ${coldRuns} fresh processes each`)
      cold = await measureColdStart(info, coldRuns, { skipEffect3: args.includes("--skip-effect3"), log })
    }

    let decode: Results["decode"]
    if (!args.includes("--skip-decode")) {
      log("response decode: JSON.parse against the Schema decode, in process")
      decode = await measureDecode(info, quick)
    }
    const results: Results = {
      date: new Date().toISOString().slice(0, 10),
      quick,
      machine: {
        cpus: Os.cpus().length,
        model: Os.cpus()[0]?.model.trim() ?? "unknown",
        node: process.version,
        loadAverage,
        loadAverageAtEnd: Os.loadavg()
      },
      rounds,
      mixRounds: MIX_ROUNDS,
      callsC1,
      callsC64,
      variants: summaries,
      mixes,
      memory,
      cold,
      breakdown,
      signingPool,
      decode,
      seconds: (performance.now() - started) / 1000
    }
    console.log(textReport(results))
    if (!args.includes("--no-write")) {
      Fs.writeFileSync(performanceDoc, updatePerformanceDoc(Fs.readFileSync(performanceDoc, "utf8"), results))
      log(`wrote the tables of ${performanceDoc}`)
      const configuration = Path.resolve(benchDir, "..", "docs", "configuration.md")
      if (!quick) {
        const text = Fs.readFileSync(configuration, "utf8")
        Fs.writeFileSync(configuration, replaceMarked(text, "transports", transportTable(results)))
        log(`wrote the transports table of ${configuration}`)
      }
    }
  } finally {
    gateway.kill()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
