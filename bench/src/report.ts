/**
 * Summaries of the rounds, the stdout report and the tables of `docs/performance.md` (the prose there is written by
 * hand; the bench replaces only what lies between its `<!-- bench:NAME -->` markers).
 */
import { CATEGORIES, type Category } from "./breakdown.js"
import { type ColdResults, coldStartTables, coldStartText } from "./coldstart.js"
import { type DecodeResults, decodeTable, decodeText } from "./decode.js"
import { f0, f1, f2, kib, markdown, mib, pad, signedMib } from "./format.js"
import type { Batch } from "./measure.js"
import { median } from "./measure.js"
import type { MemoryReport } from "./memory.js"
import { type SigningPoolResults, signingPoolTables, signingPoolText } from "./signingPool.js"
import {
  belowByMoreThanSpread,
  FLAT_HEAP_BYTES,
  FLOOR_TARGET_C1,
  FLOOR_TARGET_C64,
  heapTrend,
  type RatioStats,
  TARGET_DEFINITIONS,
  TARGET_VARIANT,
  type Target,
  targets,
  type Versus,
  verdict
} from "./targets.js"

/** One variant's batches in one round. */
export interface RoundResult {
  readonly c1: Batch
  readonly c64: Batch
}

/** Medians over rounds at one concurrency; ratios are medians of the per-round ratios to the floor. */
export interface Summary {
  readonly cpu: number
  readonly cpuRatio: number
  readonly p50: number
  readonly p50Ratio: number
  readonly p99: number
  readonly throughput: number
  readonly throughputRatio: number
  /** Main-thread GC pauses, microseconds per call. */
  readonly gc: number
}

/** A variant's summary at both concurrencies. */
export interface VariantSummary {
  readonly id: string
  readonly label: string
  readonly c1: Summary
  readonly c64: Summary
}

/**
 * Summarises one concurrency of one variant against the floor, round by round.
 *
 * @param mine the variant's batches, one per round
 * @param floor the floor's batches of the same rounds
 */
export const summarise = (mine: ReadonlyArray<Batch>, floor: ReadonlyArray<Batch>): Summary => ({
  cpu: median(mine.map((b) => b.cpuMicrosPerCall)),
  cpuRatio: median(mine.map((b, i) => b.cpuMicrosPerCall / floor[i]!.cpuMicrosPerCall)),
  p50: median(mine.map((b) => b.p50Millis)),
  p50Ratio: median(mine.map((b, i) => b.p50Millis / floor[i]!.p50Millis)),
  p99: median(mine.map((b) => b.p99Millis)),
  throughput: median(mine.map((b) => b.throughput)),
  throughputRatio: median(mine.map((b, i) => b.throughput / floor[i]!.throughput)),
  gc: median(mine.map((b) => b.gcMicrosPerCall))
})

/** One endpoint mix: its variants against the floor of the same rounds, and ours against axios per round. */
export interface MixResult {
  readonly name: string
  readonly kinds: ReadonlyArray<string>
  readonly variants: ReadonlyArray<VariantSummary>
  /** `effect-NodeTransport`'s CPU per call over axios's, per round. */
  readonly versusAxios: Versus
}

/** One profiled run: a variant, a mix, a concurrency, and its samples' shares per category. */
export interface Breakdown {
  readonly mix: "main" | "lists"
  readonly concurrency: 1 | 64
  readonly id: string
  readonly calls: number
  readonly shares: Record<Category, number>
}

/** Everything a run measured. */
export interface Results {
  readonly date: string
  readonly quick: boolean
  readonly machine: {
    readonly cpus: number
    readonly model: string
    readonly node: string
    readonly loadAverage: ReadonlyArray<number>
    readonly loadAverageAtEnd: ReadonlyArray<number>
  }
  readonly rounds: number
  /** Rounds of each endpoint mix but the main one. */
  readonly mixRounds: number
  readonly callsC1: number
  readonly callsC64: number
  /** Every variant in the main mix. */
  readonly variants: ReadonlyArray<VariantSummary>
  /** Every endpoint mix, the main one first (the others over the floor, `effect-NodeTransport` and axios). */
  readonly mixes: ReadonlyArray<MixResult>
  readonly memory: MemoryReport | undefined
  readonly cold: ColdResults | undefined
  /** Profile shares (empty with `--skip-profile`). */
  readonly breakdown: ReadonlyArray<Breakdown>
  /** Signing on worker threads against inline (`--skip-pool` leaves it out). */
  readonly signingPool?: SigningPoolResults | undefined
  readonly decode?: DecodeResults | undefined
  readonly seconds: number
}

/** The default transport with the tracer disabled on the runtime. */
export const UNTRACED_VARIANT = "effect-NodeTransport-untraced"

const variant = (results: Results, id: string): VariantSummary | undefined => results.variants.find((v) => v.id === id)

/** Every target of the run (`targets.ts`). */
export const runTargets = (results: Results): Array<Target> =>
  targets(
    results.mixes.map((mix) => {
      const ours = mix.variants.find((v) => v.id === TARGET_VARIANT)
      return {
        name: mix.name,
        floorRatio: { c1: ours?.c1.cpuRatio ?? Number.NaN, c64: ours?.c64.cpuRatio ?? Number.NaN },
        versusAxios: mix.versusAxios
      }
    }),
    results.cold,
    results.memory
  )

const cpuRows = (results: Results): Array<Array<string>> => [
  ["variant", "CPU/call c=1 (µs)", "× floor", "CPU/call c=64 (µs)", "× floor"],
  ...results.variants.map((v) => [v.id, f0(v.c1.cpu), f2(v.c1.cpuRatio), f0(v.c64.cpu), f2(v.c64.cpuRatio)])
]

const latencyRows = (results: Results): Array<Array<string>> => [
  [
    "variant",
    "p50 c=1 (ms)",
    "p99 c=1 (ms)",
    "p50 c=64 (ms)",
    "p99 c=64 (ms)",
    "calls/s c=1",
    "calls/s c=64",
    "calls/s c=64 × floor"
  ],
  ...results.variants.map((v) => [
    v.id,
    f2(v.c1.p50),
    f2(v.c1.p99),
    f1(v.c64.p50),
    f1(v.c64.p99),
    f0(v.c1.throughput),
    f0(v.c64.throughput),
    f2(v.c64.throughputRatio)
  ])
]

const versusCell = (stats: RatioStats) => `${f2(stats.median)} ± ${f2(stats.spread)}`

/** One row per endpoint mix: ours and axios against the floor, and ours against axios (median ± spread). */
const mixRows = (results: Results): Array<Array<string>> => [
  [
    "mix (calls in turn)",
    "ours × floor c=1",
    "axios × floor c=1",
    "ours / axios c=1",
    "ours × floor c=64",
    "axios × floor c=64",
    "ours / axios c=64",
    "below axios by more than the spread"
  ],
  ...results.mixes.map((mix) => {
    const ours = mix.variants.find((v) => v.id === TARGET_VARIANT)
    const axios = mix.variants.find((v) => v.id === "axios")
    const c1 = belowByMoreThanSpread(mix.versusAxios.c1)
    const c64 = belowByMoreThanSpread(mix.versusAxios.c64)
    return [
      `${mix.name} (${mix.kinds.join(", ")})`,
      f2(ours?.c1.cpuRatio ?? Number.NaN),
      f2(axios?.c1.cpuRatio ?? Number.NaN),
      versusCell(mix.versusAxios.c1),
      f2(ours?.c64.cpuRatio ?? Number.NaN),
      f2(axios?.c64.cpuRatio ?? Number.NaN),
      versusCell(mix.versusAxios.c64),
      c1 && c64 ? "yes" : c1 ? "c=1 only" : c64 ? "c=64 only" : "no"
    ]
  })
]

const gcRows = (results: Results): Array<Array<string>> => [
  ["variant", "GC pause/call c=1 (µs)", "GC pause/call c=64 (µs)"],
  ...results.variants.map((v) => [v.id, f1(v.c1.gc), f1(v.c64.gc)])
]

/** The profiled runs of one mix at one concurrency, and their variants' median CPU per call there (unprofiled). */
interface Profiled {
  readonly title: string
  readonly concurrency: 1 | 64
  readonly breakdown: ReadonlyArray<Breakdown>
  readonly cpuOf: (id: string) => number | undefined
}

const profiledOf = (results: Results, mix: "main" | "lists", concurrency: 1 | 64): Profiled => {
  const summaries = results.mixes.find((m) => m.name === mix)?.variants ?? []
  return {
    title: `${mix} mix, c=${concurrency}`,
    concurrency,
    breakdown: results.breakdown.filter((b) => b.mix === mix && b.concurrency === concurrency),
    cpuOf: (id) => {
      const v = summaries.find((s) => s.id === id)
      return v === undefined ? undefined : concurrency === 1 ? v.c1.cpu : v.c64.cpu
    }
  }
}

/** The profiled tables, in the order of the report. */
const profiledTables = (results: Results): Array<Profiled> =>
  [profiledOf(results, "main", 1), profiledOf(results, "main", 64), profiledOf(results, "lists", 64)].filter(
    (p) => p.breakdown.length > 0
  )

/** µs per call of one category: its profile share × the variant's median CPU per call (unprofiled). */
const breakdownMicros = (profiled: Profiled, id: string, category: Category): number => {
  const shares = profiled.breakdown.find((b) => b.id === id)?.shares
  const cpu = profiled.cpuOf(id)
  return shares === undefined || cpu === undefined ? Number.NaN : shares[category] * cpu
}

const gapOf = (profiled: Profiled, category: Category) =>
  breakdownMicros(profiled, TARGET_VARIANT, category) - breakdownMicros(profiled, "floor", category)

const breakdownRows = (profiled: Profiled): Array<Array<string>> => {
  const ids = profiled.breakdown.map((b) => b.id)
  const ours = ids.includes(TARGET_VARIANT) && ids.includes("floor")
  return [
    [`category (µs per call, ${profiled.title})`, ...ids, ...(ours ? [`${TARGET_VARIANT} − floor`] : [])],
    ...CATEGORIES.map((category) => [
      category,
      ...ids.map((id) => f0(breakdownMicros(profiled, id, category))),
      ...(ours ? [f0(gapOf(profiled, category))] : [])
    ]),
    [
      `total (CPU per call, c=${profiled.concurrency})`,
      ...ids.map((id) => f0(profiled.cpuOf(id) ?? Number.NaN)),
      ...(ours ? [f0((profiled.cpuOf(TARGET_VARIANT) ?? 0) - (profiled.cpuOf("floor") ?? 0))] : [])
    ]
  ]
}

/** The categories where our client spends the most above the floor, largest first. */
const largestGaps = (profiled: Profiled, count: number): string =>
  CATEGORIES.map((category) => ({ category, gap: gapOf(profiled, category) }))
    .filter((g) => Number.isFinite(g.gap) && g.gap > 0)
    .sort((a, b) => b.gap - a.gap)
    .slice(0, count)
    .map((g) => `${g.category} (+${f0(g.gap)} µs)`)
    .join(", ")

const memoryRows = (memory: MemoryReport): Array<Array<string>> => {
  const first = memory.points[0]!
  const last = memory.points[memory.points.length - 1]!
  return [
    ["after calls", "heapUsed", "RSS"],
    ...memory.points.map((p) => [String(p.calls), mib(p.heapUsed), mib(p.rss)]),
    [
      `growth ${first.calls} → ${last.calls}`,
      signedMib(last.heapUsed - first.heapUsed),
      signedMib(last.rss - first.rss)
    ]
  ]
}

/** The transports' rows of docs/configuration.md, by variant id. */
const TRANSPORT_ROWS: ReadonlyArray<readonly [string, string]> = [
  ["effect-NodeTransport", "`NodeTransport.layer()`"],
  ["effect-NodeTransport-untraced", "`NodeTransport.layer()`, `References.TracerEnabled` set to `false`"],
  ["effect-node", "`NodeHttpClient.layerNodeHttpOptions({ keepAlive: true })`"],
  ["effect-node-layer", "`NodeHttpClient.layerNodeHttp` (keep-alive off)"],
  ["effect-undici", "`NodeHttpClient.layerUndici`"],
  ["effect-fetch", "`FetchHttpClient.layer`"],
  ["axios", "for comparison: wechatpay-axios-plugin 0.9.6"]
]

/**
 * The table of CPU per call by transport that docs/configuration.md shows between its `bench:transports` markers.
 *
 * @param results the run
 */
export const transportTable = (results: Results): string =>
  markdown([
    ["transport", "c=1", "c=64"],
    ...TRANSPORT_ROWS.flatMap(([id, label]) => {
      const v = variant(results, id)
      return v === undefined ? [] : [[label, `${f2(v.c1.cpuRatio)}×`, `${f2(v.c64.cpuRatio)}×`]]
    })
  ])

/**
 * Replaces what lies between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in a document.
 *
 * @param document the text
 * @param name the marker's name
 * @param content the new content
 */
export const replaceMarked = (document: string, name: string, content: string): string => {
  const open = `<!-- bench:${name} -->`
  const close = `<!-- /bench:${name} -->`
  const start = document.indexOf(open)
  const end = document.indexOf(close)
  if (start < 0 || end < start) throw new Error(`bench: no ${open} … ${close} in the document`)
  return `${document.slice(0, start + open.length)}\n${content}\n${document.slice(end)}`
}

const loadText = (load: ReadonlyArray<number>) => load.map((l) => l.toFixed(2)).join(" / ")

/** How noisy the run's machine was, in one sentence. */
const noise = (results: Results): string =>
  `${results.machine.cpus} cores, load average ${loadText(results.machine.loadAverage)} at the start and ${loadText(results.machine.loadAverageAtEnd)} at the end (1 / 5 / 15 minutes): other work shares this machine, so absolute times are noisy and only ratios measured in the same round are compared`

/**
 * The plain-text report for stdout.
 *
 * @param results the run
 */
export const textReport = (results: Results): string => {
  const lines = [
    "",
    `CPU per call (process.cpuUsage of the bench process; medians of ${results.rounds} interleaved rounds; × floor = median of per-round ratios)`,
    pad(cpuRows(results)),
    "",
    "Latency and throughput",
    pad(latencyRows(results)),
    "",
    `By endpoint mix (${TARGET_VARIANT} = ours; × floor = median of per-round ratios; ours / axios = median of per-round ratios ± spread, the largest distance of a round's ratio from that median)`,
    pad(mixRows(results)),
    "",
    "GC pauses (main thread, gc performance entries during the batch)",
    pad(gcRows(results))
  ]
  for (const profiled of profiledTables(results)) {
    lines.push(
      "",
      `Where the CPU of a call goes, ${profiled.title} (profile shares × unprofiled CPU per call)`,
      pad(breakdownRows(profiled)),
      `Largest differences from the floor: ${largestGaps(profiled, 5) || "none"}`
    )
  }
  if (results.memory !== undefined) {
    lines.push(
      "",
      "Memory (one NodeTransport client, GC forced)",
      pad(memoryRows(results.memory)),
      `${results.memory.merchants} merchants' clients: heap ${signedMib(results.memory.merchantsHeapDelta)} (${kib(results.memory.merchantsHeapDelta / results.memory.merchants)} each), RSS ${signedMib(results.memory.merchantsRssDelta)}`
    )
  }
  if (results.cold !== undefined) lines.push("", coldStartText(results.cold))
  if (results.signingPool !== undefined) lines.push(signingPoolText(results.signingPool))
  if (results.decode !== undefined) lines.push("", decodeText(results.decode))
  lines.push(
    "",
    `Machine: ${noise(results)}.`,
    "",
    `Targets${results.quick ? " — a --quick run: indicative only" : ""}. ${TARGET_DEFINITIONS}`,
    ...runTargets(results).map((t) => `${verdict(t.met).padEnd(12)} ${t.target}: ${t.numbers}`),
    "",
    `${results.seconds.toFixed(0)} s`
  )
  return lines.join("\n")
}

const targetRows = (results: Results): Array<Array<string>> => [
  ["target", "this run", "verdict"],
  ...runTargets(results).map((t) => [
    t.target,
    t.numbers,
    t.met === undefined ? "not measured" : t.met ? "met" : "**missed**"
  ])
]

/** The run itself: when, on what, how long, how many rounds and calls. */
const runRows = (results: Results): Array<Array<string>> => {
  const cold = results.cold
  return [
    ["run", "value"],
    ["date", results.date],
    ["kind", results.quick ? "--quick (fewer calls: indicative only)" : "full"],
    ["machine", `${results.machine.model}, ${results.machine.cpus} cores, Node ${results.machine.node}`],
    ["load average at the start (1 / 5 / 15 min)", loadText(results.machine.loadAverage)],
    ["load average at the end (1 / 5 / 15 min)", loadText(results.machine.loadAverageAtEnd)],
    ["rounds of the main mix", String(results.rounds)],
    ["rounds of each other mix", String(results.mixRounds)],
    ["calls per batch, c=1 / c=64", `${results.callsC1} / ${results.callsC64}`],
    ...(cold === undefined
      ? []
      : [
          ["cold start: fresh processes per mode", String(cold.modes[0]?.runs.length ?? 0)],
          [
            "cold start: the Effect 3 bundle",
            "skipped" in cold.effect3
              ? `not measured (${cold.effect3.skipped})`
              : `${cold.effect3.commit.slice(0, 7)}, ${cold.effect3.cached ? "from the cache" : `built in ${f1(cold.effect3.seconds)} s`}`
          ]
        ]),
    ["whole run", `${results.seconds.toFixed(0)} s`]
  ]
}

/** Per mix and concurrency: what ours spends above the floor against what the CPU target allows. */
const roomRows = (results: Results): Array<Array<string>> => [
  ["mix", "c", "ours − floor (µs per call)", "room under the target (µs per call)", "ours × floor", "target"],
  ...([1, 64] as const).flatMap((c) =>
    results.mixes.map((mix) => {
      const key = c === 1 ? "c1" : "c64"
      const limit = c === 1 ? FLOOR_TARGET_C1 : FLOOR_TARGET_C64
      const ours = mix.variants.find((v) => v.id === TARGET_VARIANT)?.[key]
      const floor = mix.variants.find((v) => v.id === "floor")?.[key]
      return [
        mix.name,
        String(c),
        f0((ours?.cpu ?? Number.NaN) - (floor?.cpu ?? Number.NaN)),
        f0((limit - 1) * (floor?.cpu ?? Number.NaN)),
        f2(ours?.cpuRatio ?? Number.NaN),
        `≤ ${limit.toFixed(2)}×`
      ]
    })
  )
]

/** The memory readings' summary: growth, the least-squares trend, and many merchants in one process. */
const memorySummaryRows = (memory: MemoryReport): Array<Array<string>> => {
  const h = heapTrend(memory)
  return [
    ["memory", "value"],
    [`heap, first to last reading (${h.first.calls} → ${h.last.calls} calls)`, signedMib(h.difference)],
    [`RSS, first to last reading`, signedMib(h.last.rss - h.first.rss)],
    [
      "heap trend (least squares over every reading)",
      `${h.slope.toFixed(1)} B per call, ${signedMib(h.trend)} over the run`
    ],
    [`heap flat (trend under ${mib(FLAT_HEAP_BYTES)})`, h.flat ? "yes" : "**no**"],
    [
      `${memory.merchants} merchants' clients: heap`,
      `${signedMib(memory.merchantsHeapDelta)} (${kib(memory.merchantsHeapDelta / memory.merchants)} per merchant)`
    ],
    [`${memory.merchants} merchants' clients: RSS`, signedMib(memory.merchantsRssDelta)]
  ]
}

/** What a table reads when its part of the bench did not run (`--skip-profile`, `--skip-pool`, …). */
const NOT_MEASURED = "_Not measured in the last run._"

/** The profiled table of one mix and concurrency, with the number of profiled calls per variant as its last row. */
const breakdownTable = (results: Results, mix: "main" | "lists", concurrency: 1 | 64): string => {
  const profiled = profiledOf(results, mix, concurrency)
  if (profiled.breakdown.length === 0) return NOT_MEASURED
  const rows = breakdownRows(profiled)
  const calls = ["profiled calls per variant", ...profiled.breakdown.map((b) => String(b.calls))]
  return markdown([...rows, [...calls, ...Array.from({ length: rows[0]!.length - calls.length }, () => "")]])
}

/**
 * Every generated region of `docs/performance.md`, by marker name: tables only. The prose around them (method, how to
 * read each table, what the numbers mean) is written by hand in the document, between the markers.
 *
 * @param results the run
 */
export const performanceTables = (results: Results): Record<(typeof PERFORMANCE_TABLES)[number], string> => ({
  run: markdown(runRows(results), true),
  targets: markdown(targetRows(results), true),
  cpu: markdown(cpuRows(results)),
  latency: markdown(latencyRows(results)),
  mixes: markdown(mixRows(results)),
  gc: markdown(gcRows(results)),
  "breakdown-main-c1": breakdownTable(results, "main", 1),
  "breakdown-main-c64": breakdownTable(results, "main", 64),
  "breakdown-lists-c64": breakdownTable(results, "lists", 64),
  room: markdown(roomRows(results)),
  memory: results.memory === undefined ? NOT_MEASURED : markdown(memoryRows(results.memory)),
  "memory-summary": results.memory === undefined ? NOT_MEASURED : markdown(memorySummaryRows(results.memory), true),
  ...(results.cold === undefined ? { cold: NOT_MEASURED, bundle: NOT_MEASURED } : coldStartTables(results.cold)),
  ...(results.signingPool === undefined
    ? {
        "pool-run": NOT_MEASURED,
        "pool-clients": NOT_MEASURED,
        "pool-mechanisms": NOT_MEASURED,
        "pool-startup": NOT_MEASURED,
        "pool-crossover": NOT_MEASURED
      }
    : signingPoolTables(results.signingPool)),
  decode: results.decode === undefined ? NOT_MEASURED : decodeTable(results.decode)
})

/** The names of the generated regions of `docs/performance.md` (`<!-- bench:NAME -->` … `<!-- /bench:NAME -->`). */
export const PERFORMANCE_TABLES = [
  "run",
  "targets",
  "cpu",
  "latency",
  "mixes",
  "gc",
  "breakdown-main-c1",
  "breakdown-main-c64",
  "breakdown-lists-c64",
  "room",
  "memory",
  "memory-summary",
  "cold",
  "bundle",
  "pool-run",
  "pool-clients",
  "pool-mechanisms",
  "pool-startup",
  "pool-crossover",
  "decode"
] as const

/**
 * Throws unless the document has every generated region: checked before the run, so a missing marker does not cost a
 * whole run.
 *
 * @param document `docs/performance.md`
 */
export const checkPerformanceMarkers = (document: string): void => {
  for (const name of PERFORMANCE_TABLES) replaceMarked(document, name, "")
}

/**
 * `docs/performance.md` with every generated region replaced by this run's table; everything else kept as written.
 *
 * @param document the current `docs/performance.md`
 * @param results the run
 */
export const updatePerformanceDoc = (document: string, results: Results): string => {
  const tables = performanceTables(results)
  return PERFORMANCE_TABLES.reduce((doc, name) => replaceMarked(doc, name, tables[name]), document)
}
