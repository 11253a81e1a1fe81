/**
 * The targets `pnpm bench` checks, each met or missed with the numbers that decide it:
 *
 * - with Effect's tracer installed (`effect-NodeTransport`), CPU per call ≤ 1.20× the floor at c=1 and ≤ 1.10× at
 *   c=64, in every endpoint mix;
 * - below wechatpay-axios-plugin at c=1 and at c=64 in every mix, by a margin larger than the rounds' spread (see
 *   {@link ratioStats});
 * - the one-endpoint application, bundled with esbuild and minified: at most half the bytes of the same application
 *   on the last Effect 3 commit, bundled in the same run; ready for its first call ≤ 50 ms after its process starts;
 * - the heap flat from 2,000 to 20,000 calls (see {@link heapTrend}).
 *
 * Ratios to the floor are medians of the per-round ratios of ≥ 5 interleaved rounds.
 */
import {
  COLD_TARGET_MILLIS,
  type ColdResults,
  coldTargets,
  readyTargetNumbers,
  SIZE_TARGET_RATIO,
  sizeTargetNumbers
} from "./coldstart.js"
import { f2, mib } from "./format.js"
import { median } from "./measure.js"
import type { MemoryReport } from "./memory.js"

/** With the tracer installed: CPU per call at most this many times the floor's at c=1. */
export const FLOOR_TARGET_C1 = 1.2

/** With the tracer installed: CPU per call at most this many times the floor's at c=64. */
export const FLOOR_TARGET_C64 = 1.1

/** The variant the CPU targets are checked on: our client over `NodeTransport`, Effect's tracer installed. */
export const TARGET_VARIANT = "effect-NodeTransport"

/** Heap growth from the first reading to the last (least-squares trend) under which the heap counts as flat. */
export const FLAT_HEAP_BYTES = 1024 * 1024

/**
 * One ratio measured once per round (ours / axios, both in the same round): its median, every round's value, and
 * the rounds' spread, the largest distance of a round's ratio from the median (`max |r − median|`). "Below axios by
 * a margin larger than the spread" is `1 − median > spread`, which holds only if every round was below axios, with
 * room to spare on the median's side.
 */
export interface RatioStats {
  readonly median: number
  readonly rounds: ReadonlyArray<number>
  readonly spread: number
}

/**
 * The median and spread of per-round ratios.
 *
 * @param rounds one ratio per round
 */
export const ratioStats = (rounds: ReadonlyArray<number>): RatioStats => {
  const m = median(rounds)
  return { median: m, rounds, spread: Math.max(...rounds.map((r) => Math.abs(r - m))) }
}

/** Ours / axios per round at both concurrencies. */
export interface Versus {
  readonly c1: RatioStats
  readonly c64: RatioStats
}

/** How the targets are computed, in one paragraph (stdout and `docs/performance.md`). */
export const TARGET_DEFINITIONS = `"Ours" is \`${TARGET_VARIANT}\`: our client over \`NodeTransport.layer()\` with Effect's own tracer installed (every span made). A ratio to the floor is the median of the per-round ratios (ours and the floor measured in the same round). For ours / axios, also measured in the same round, the margin is 1 − the median over the rounds and the spread is the largest distance of one round's ratio from that median: margin > spread holds only if every round was below axios. The bundle is the one-endpoint application of \`coldstart-app.ts\`, and its Effect 3 counterpart the same file bundled with the same esbuild options against \`effect3-final\`, both built and run in this run; ready is the median over fresh processes. The heap is flat when the least-squares trend of \`heapUsed\` after forced GC, over the readings from the first to the last, is under ${mib(FLAT_HEAP_BYTES)}.`

/** Whether a per-round ratio is below 1 by more than its spread. */
export const belowByMoreThanSpread = (stats: RatioStats): boolean => 1 - stats.median > stats.spread

/** One endpoint mix as the targets see it: our ratio to the floor at each concurrency, and ours / axios. */
export interface MixTargetInput {
  readonly name: string
  readonly floorRatio: { readonly c1: number; readonly c64: number }
  readonly versusAxios: Versus
}

/** One target: what it asks, whether this run met it (`undefined`: not measured), and the numbers. */
export interface Target {
  readonly target: string
  readonly met: boolean | undefined
  readonly numbers: string
}

/**
 * The heap's trend over the memory child's readings: the least-squares slope (bytes per call) times the calls
 * between the first and last reading, and the plain difference of those two readings.
 *
 * @param memory the memory child's report
 */
export const heapTrend = (memory: MemoryReport) => {
  const points = memory.points
  const first = points[0]!
  const last = points[points.length - 1]!
  const meanX = points.reduce((sum, p) => sum + p.calls, 0) / points.length
  const meanY = points.reduce((sum, p) => sum + p.heapUsed, 0) / points.length
  const sxx = points.reduce((sum, p) => sum + (p.calls - meanX) ** 2, 0)
  const sxy = points.reduce((sum, p) => sum + (p.calls - meanX) * (p.heapUsed - meanY), 0)
  const slope = sxx === 0 ? 0 : sxy / sxx
  const trend = slope * (last.calls - first.calls)
  return { first, last, slope, trend, difference: last.heapUsed - first.heapUsed, flat: trend < FLAT_HEAP_BYTES }
}

/**
 * Every target of the run, in the order.
 *
 * @param mixes every endpoint mix, the main one first
 * @param cold the cold start, if it ran
 * @param memory the memory child's report, if it ran
 */
export const targets = (
  mixes: ReadonlyArray<MixTargetInput>,
  cold: ColdResults | undefined,
  memory: MemoryReport | undefined
): Array<Target> => {
  const floorTarget = (concurrency: "c1" | "c64", limit: number): Target => ({
    target: `CPU per call ≤ ${limit.toFixed(2)}× the floor at c=${concurrency.slice(1)}, tracer installed, every mix`,
    met: mixes.length > 0 && mixes.every((mix) => mix.floorRatio[concurrency] <= limit),
    numbers: mixes.map((mix) => `${mix.name} ${f2(mix.floorRatio[concurrency])}×`).join(", ")
  })
  const axiosTarget = (concurrency: "c1" | "c64"): Target => ({
    target: `below wechatpay-axios-plugin at c=${concurrency.slice(1)}, every mix, by a margin larger than the spread`,
    met: mixes.length > 0 && mixes.every((mix) => belowByMoreThanSpread(mix.versusAxios[concurrency])),
    numbers: mixes
      .map((mix) => {
        const s = mix.versusAxios[concurrency]
        return `${mix.name} ${f2(s.median)}× (margin ${f2(1 - s.median)} ${belowByMoreThanSpread(s) ? ">" : "≤"} spread ${f2(s.spread)})`
      })
      .join(", ")
  })
  const list: Array<Target> = [
    floorTarget("c1", FLOOR_TARGET_C1),
    floorTarget("c64", FLOOR_TARGET_C64),
    axiosTarget("c1"),
    axiosTarget("c64")
  ]
  const size = cold === undefined ? undefined : coldTargets(cold).size
  list.push({
    target: `one-endpoint app bundled (esbuild, minified) ≤ ${SIZE_TARGET_RATIO}× the bytes of the same app on Effect 3`,
    met: size?.met,
    numbers: cold === undefined ? "not measured (--skip-cold)" : sizeTargetNumbers(cold)
  })
  const ready = cold === undefined ? undefined : coldTargets(cold).ready
  list.push({
    target: `that bundle ready for its first call ≤ ${COLD_TARGET_MILLIS} ms from process start`,
    met: ready?.met,
    numbers: cold === undefined ? "not measured (--skip-cold)" : readyTargetNumbers(cold)
  })
  if (memory === undefined) {
    list.push({
      target: "heap flat from 2,000 to 20,000 calls",
      met: undefined,
      numbers: "not measured (--skip-memory)"
    })
  } else {
    const h = heapTrend(memory)
    list.push({
      target: `heap flat from ${h.first.calls} to ${h.last.calls} calls`,
      met: h.flat,
      numbers: `trend ${h.trend >= 0 ? "+" : "−"}${mib(Math.abs(h.trend))} (${h.slope.toFixed(1)} B per call); ${mib(h.first.heapUsed)} → ${mib(h.last.heapUsed)}`
    })
  }
  return list
}

/** "met", "MISSED" or "not measured". */
export const verdict = (met: boolean | undefined): string =>
  met === undefined ? "not measured" : met ? "met" : "MISSED"
