/**
 * `pnpm bench`: what a call of effect-wechatpay costs, as ratios to a floor measured in the same run.
 *
 *   pnpm bench [--quick] [--rounds N] [--no-write] [--skip-memory] [--skip-cold]
 *
 * (`pnpm bench` builds the bench with `src/build.ts`, then runs the built `main.mjs` on plain node.)
 *
 * The sandbox gateway runs in a child process; interleaved rounds of the same call mix drive every variant; memory
 * and cold start are measured in fresh child processes. Prints a table and writes `docs/performance.md`.
 */
import { fork } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { benchDir, buildDir, firstMessage, forkScript } from "./children.js"
import { type ColdStart, isColdStart } from "./coldstart.js"
import { measureDecode } from "./decode.js"
import { makeEffectVariant } from "./effectClient.js"
import { type Batch, median, runBatch } from "./measure.js"
import { isMemoryReport, type MemoryReport } from "./memory.js"
import { makeAxiosVariant, makeBareVariant, makeFloorVariant } from "./peers.js"
import { type GatewayInfo, isGatewayInfo, resetGateway, type Variant } from "./protocol.js"
import { markdownReport, NODE_VARIANTS, type Results, type RoundResult, summarise, textReport } from "./report.js"

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

const log = (line: string) => process.stderr.write(`${line}\n`)

const measureMemory = async (info: GatewayInfo): Promise<MemoryReport> => {
  const child = forkScript("memory", [String(memoryCalls)], ["--expose-gc"])
  child.send(info)
  return firstMessage(child, isMemoryReport)
}

const measureCold = async (info: GatewayInfo, entry: string, mode: "client" | "floor"): Promise<ColdStart> => {
  const child = fork(entry, [mode], { cwd: benchDir, execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] })
  child.send(info)
  return firstMessage(child, isColdStart)
}

const runRounds = async (info: GatewayInfo, variants: ReadonlyArray<Variant>) => {
  let offset = 0
  log(`warm-up: ${variants.map((v) => v.id).join(", ")}`)
  for (const v of variants) {
    await resetGateway(info)
    offset += (await runBatch(info, v, quick ? 150 : 300, 8, offset)).calls
    offset += (await runBatch(info, v, quick ? 256 : 640, 64, offset)).calls
  }
  const results = new Map<string, Array<RoundResult>>(variants.map((v) => [v.id, []]))
  for (let r = 0; r < rounds; r++) {
    const order = variants.map((_, i) => variants[(i + r) % variants.length]!)
    const round = new Map<string, { c1?: Batch; c64?: Batch }>()
    for (const [concurrency, calls] of [
      [1, callsC1],
      [64, callsC64]
    ] as const) {
      for (const v of order) {
        await resetGateway(info)
        const batch = await runBatch(info, v, calls, concurrency, offset)
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
      `round ${r + 1}/${rounds} CPU × floor (c=1/c=64): ${variants
        .map(
          (v) =>
            `${v.id} ${(round.get(v.id)!.c1!.cpuMicrosPerCall / floor.c1!.cpuMicrosPerCall).toFixed(2)}/${(round.get(v.id)!.c64!.cpuMicrosPerCall / floor.c64!.cpuMicrosPerCall).toFixed(2)}`
        )
        .join("  ")}`
    )
  }
  return results
}

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
      await makeEffectVariant(info, "undici"),
      await makeEffectVariant(info, "fetch"),
      makeFloorVariant(info),
      makeAxiosVariant(info),
      await makeBareVariant(info)
    ]
    const rounds_ = await runRounds(info, variants)
    for (const v of variants) await v.close()

    const floor = rounds_.get("floor")!
    const perRound = (id: string) => rounds_.get(id)!
    const summaries = variants.map((v) => ({
      id: v.id,
      label: v.label,
      c1: summarise(
        perRound(v.id).map((r) => r.c1),
        floor.map((r) => r.c1)
      ),
      c64: summarise(
        perRound(v.id).map((r) => r.c64),
        floor.map((r) => r.c64)
      )
    }))
    const axios = perRound("axios")

    let memory: MemoryReport | undefined
    if (!args.includes("--skip-memory")) {
      log(`memory: ${memoryCalls} calls, then 100 merchants`)
      memory = await measureMemory(info)
    }
    let cold: Results["cold"]
    if (!args.includes("--skip-cold")) {
      log(`cold start: ${coldRuns} fresh processes each`)
      const entry = Path.join(buildDir, "coldstart.mjs")
      const client: Array<ColdStart> = []
      const floorRuns: Array<ColdStart> = []
      for (let i = 0; i < coldRuns; i++) {
        client.push(await measureCold(info, entry, "client"))
        floorRuns.push(await measureCold(info, entry, "floor"))
      }
      cold = { client, floor: floorRuns }
    }

    log("response decode: full vs compiled, in process")
    const decode = await measureDecode(info, quick)
    const results: Results = {
      date: new Date().toISOString().slice(0, 10),
      quick,
      machine: {
        cpus: Os.cpus().length,
        model: Os.cpus()[0]?.model.trim() ?? "unknown",
        node: process.version,
        loadAverage
      },
      rounds,
      callsC1,
      callsC64,
      variants: summaries,
      versusAxios: Object.fromEntries(
        NODE_VARIANTS.map((id) => {
          const ours = perRound(id)
          return [
            id,
            {
              c1: median(ours.map((r, i) => r.c1.cpuMicrosPerCall / axios[i]!.c1.cpuMicrosPerCall)),
              c64: median(ours.map((r, i) => r.c64.cpuMicrosPerCall / axios[i]!.c64.cpuMicrosPerCall))
            }
          ]
        })
      ) as Results["versusAxios"],
      memory,
      cold,
      decode,
      seconds: (performance.now() - started) / 1000
    }
    console.log(textReport(results))
    if (!args.includes("--no-write")) {
      const file = Path.resolve(benchDir, "..", "docs", "performance.md")
      Fs.writeFileSync(file, markdownReport(results))
      log(`wrote ${file}`)
    }
  } finally {
    gateway.kill()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
