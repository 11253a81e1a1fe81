/**
 * Summaries of the rounds, the stdout report and `docs/performance.md`.
 */
import { CATEGORIES, type Category } from "./breakdown.js"
import {
  COLD_TARGET_MILLIS,
  type ColdResults,
  find as coldFind,
  coldStartMarkdown,
  coldStartText,
  EFFECT3_MODE,
  modeOf,
  SIZE_TARGET_RATIO
} from "./coldstart.js"
import { type DecodeResults, decodeSection, decodeText } from "./decode.js"
import { f0, f1, f2, kib, markdown, mib, pad, signedMib } from "./format.js"
import type { Batch } from "./measure.js"
import { median } from "./measure.js"
import type { MemoryReport } from "./memory.js"
import { type SigningPoolResults, signingPoolSection, signingPoolText } from "./signingPool.js"
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
      pad(breakdownRows(profiled))
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
    `Targets (issue 20)${results.quick ? " — a --quick run: indicative only" : ""}. ${TARGET_DEFINITIONS}`,
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

/**
 * `docs/performance.md`.
 *
 * @param results the run
 */
export const markdownReport = (results: Results): string => {
  const memory = results.memory
  const sections = [
    "# Performance",
    "",
    `Generated by \`pnpm bench\`${results.quick ? " --quick (a short run: fewer calls, treat as indicative)" : ""} on ${results.date}. Every number below comes from that one run; absolute times drift on a shared machine, so compare the **ratios**, which were measured in the same rounds.`,
    "",
    "## Targets",
    "",
    `From issue 20, over interleaved rounds (${results.rounds} for the main mix, ${results.mixRounds} for each of the others). ${TARGET_DEFINITIONS}`,
    "",
    markdown(targetRows(results), true),
    "",
    "## Machine",
    "",
    `${results.machine.model}, Node ${results.machine.node}; ${noise(results)}. Whole run: ${results.seconds.toFixed(0)} s.`,
    "",
    "## Method",
    "",
    '- **Gateway in its own process.** The bench forks `bench/src/gateway.ts`, which runs the sandbox (`Sandbox.make({ signingMode: "publicKey" })`): it checks every request signature and signs every response, as WeChat Pay does. One key set for the whole run; its CPU is not counted. Between batches the bench resets the sandbox (its state and its request log).',
    "- **The main call mix** is `Busifavor.queryStock`, `Busifavor.queryCoupon`, `Favor.createCouponStock` in turn (the create calls cycle through 50 `out_request_no`, so the same number gives the same stock). Every call's answer is checked (`stock_id` / `coupon_code` / a full page); a failed call or a wrong answer aborts the run, so a broken variant cannot look fast.",
    "- **Variants**, all with keep-alive connections but `effect-node-layer`:",
    "  - `effect-NodeTransport`: this library over its own node:http client, `NodeTransport.layer()` from `@effect-wechatpay/api` (keep-alive agents; one callback-driven round trip per request, the body read completely before the response is returned, the attempt's timeout a timer in its callbacks). It is an ordinary effect `HttpClient`, and the one `SandboxClient.layer` and the docs use. Effect's own tracer is installed, so every call makes its span: **the variant the targets are checked on**.",
    "  - `effect-NodeTransport-untraced`: the same with `References.TracerEnabled` set to `false` for the runtime (`Layer.succeed(References.TracerEnabled, false)` merged into the client's layer): every span is a no-op span and no `traceparent` is sent.",
    "  - `effect-node`: this library over `@effect/platform-node`'s node:http client with a keep-alive agent, `NodeHttpClient.layerNodeHttpOptions({ keepAlive: true, timeout: 60000 })`. Plain `NodeHttpClient.layerNodeHttp` builds its agents with no options, so **keep-alive is off** there.",
    "  - `effect-node-layer`: the same over plain `NodeHttpClient.layerNodeHttp` (keep-alive off: a new TCP connection per call), what an Effect user reaches for first; the client logs a one-time warning naming the fix when it is built over it.",
    "  - `effect-undici`: the same over `NodeHttpClient.layerUndici`; `effect-fetch`: over `FetchHttpClient.layer` from `effect/http`.",
    "  - `floor`: written in the bench (`bench/src/floor.ts`): node:crypto with KeyObjects parsed once and a keep-alive node:http agent, doing exactly the signing, the verification (headers, timestamp, serial, RSA over the raw body) and the `JSON.parse` a correct call needs, nothing more.",
    "  - `axios`: `wechatpay-axios-plugin` 0.9.6 (`new Wechatpay({ mchid, serial, privateKey, certs: { [publicKeyId]: publicKey }, baseURL, httpAgent })`, chained calls such as `v3.marketing.busifavor.stocks._stock_id_.get(…)`), given a keep-alive `http.Agent` too.",
    "  - `effect-bare` (diagnostic): the floor's work written inline as one Effect over `@effect/platform-node`'s keep-alive node:http client, without this library: what the Effect runtime and effect's `HttpClient` cost by themselves.",
    "  - Our client uses its defaults (10 s timeout per attempt, 3 attempts, a span per call, public-key verification); each client layer is built once (`ManagedRuntime.make(layer)`) and every call is `runtime.runPromise(call)`.",
    "  - The node:http agents (ours, the floor's, axios's, the platform client's) are created with `{ keepAlive: true, timeout: 60000 }`: with a timeout set, Node honours the server's `Keep-Alive: timeout=5` hint and retires idle sockets before the server closes them.",
    "- **Built, on plain node.** `pnpm bench` first runs `pnpm build` (the packages' `dist/`, what the published tarballs ship), then bundles the bench's own code with esbuild (`bench/src/build.ts`) and runs it on plain `node` (the repository's Node, the `node` devDependency); the workspace packages, `effect`, `@effect/platform-node` and `wechatpay-axios-plugin` load from `node_modules` through their `exports`, as in an application using the published packages.",
    `- **Rounds.** After a warm-up of every variant, ${results.rounds} rounds; each round runs every variant, in an order rotated per round, for ${results.callsC1} calls at concurrency 1 and then ${results.callsC64} calls at concurrency 64. **CPU per call** = user + system CPU of the bench process (\`process.cpuUsage\`) during the variant's batch ÷ calls. Latencies are per call; throughput is calls ÷ wall time of the batch (at c=64 it is bounded by the single-process gateway, which shares the cores). Reported: medians over rounds; "× floor" is the median of the per-round ratios to the floor.`,
    "",
    "## CPU per call",
    "",
    markdown(cpuRows(results)),
    "",
    "## Latency and throughput",
    "",
    markdown(latencyRows(results)),
    "",
    "## By endpoint mix",
    "",
    `The main mix above, and one mix per kind of work, each over the floor, \`${TARGET_VARIANT}\` and axios in rounds of their own (${results.mixRounds} interleaved rounds, c=1 then c=64): small reads, a validated create, and a page of ten 代金券 stocks (\`Favor.listStocks\`, \`limit=10\`: about ten times the JSON of a query, so mostly decoding). Ratios to the floor are medians of the per-round ratios; "ours / axios" is the median of the per-round ratios ± the spread (the largest distance of a round's ratio from that median).`,
    "",
    markdown(mixRows(results)),
    "",
    "## GC pauses",
    "",
    "Main-thread garbage-collection pauses during each batch (node's `gc` performance entries whose start falls in the batch), per call, medians over rounds. They are part of the CPU per call above, not added to it.",
    "",
    markdown(gcRows(results)),
    "",
    breakdownSection(results),
    analysis(results)
  ]
  if (memory !== undefined) {
    const h = heapTrend(memory)
    sections.push(
      "## Memory",
      "",
      "One `effect-NodeTransport` client, calls 8 at a time, GC forced twice (`node --expose-gc`) before each reading, in a child process:",
      "",
      markdown(memoryRows(memory)),
      "",
      `From ${h.first.calls} to ${h.last.calls} calls the heap changed by ${signedMib(h.difference)} (first and last reading) and RSS by ${signedMib(h.last.rss - h.first.rss)}; the least-squares trend over every reading is ${h.slope.toFixed(1)} bytes per call, ${signedMib(h.trend)} over the run: ${h.flat ? "flat" : "**not flat**"} (under ${mib(FLAT_HEAP_BYTES)}).`,
      "",
      `**${memory.merchants} merchants in one process**: ${memory.merchants} \`WechatPay.layer\`s, each on its own \`ManagedRuntime\` (its own parsed keys, keyring, state), over one shared HttpClient, one call each: heap ${signedMib(memory.merchantsHeapDelta)}, about **${kib(memory.merchantsHeapDelta / memory.merchants)} per merchant**; RSS ${signedMib(memory.merchantsRssDelta)}.`,
      ""
    )
  }
  if (results.cold !== undefined) sections.push(coldStartMarkdown(results.cold))
  if (results.signingPool !== undefined) sections.push(signingPoolSection(results.signingPool))
  if (results.decode !== undefined) {
    sections.push(decodeSection(results.decode))
    const lists = profiledOf(results, "lists", 64)
    const inCalls = breakdownMicros(lists, TARGET_VARIANT, "response decode (Schema)")
    const hot = results.decode.rows.find((row) => row.kind === "listStocks")
    if (Number.isFinite(inCalls) && hot !== undefined) {
      sections.push(
        `In the calls themselves, the lists mix's profile (c=64) puts the response decode at ${f0(inCalls)} µs per call, against ${f1(hot.decodeMicros)} µs in this loop, where one schema is decoded over and over with nothing in between.`,
        ""
      )
    }
  }
  sections.push(PROFILING)
  return `${sections.join("\n").trimEnd()}\n`
}

const breakdownSection = (results: Results): string => {
  const tables = profiledTables(results)
  if (tables.length === 0) return ""
  const calls = (p: Profiled) => p.breakdown[0]?.calls ?? 0
  return `## Where the CPU of a call goes

After the rounds, each of ${[...new Set(results.breakdown.filter((b) => b.mix === "main").map((b) => `\`${b.id}\``))].join(", ")} ran more calls of the main mix under the inspector's sampling profiler (100 µs), at c=1 and at c=64; the floor, ours and axios did the same for the lists mix at c=64. Each sample goes to the category of the function nearest its leaf that names one (node:crypto's \`signOneShot\` / \`verifyOneShot\` are RSA, \`safeJson\` / the floor's \`parseJson\` is \`JSON.parse\`, \`decodeSuccess\` is the response decode, \`prepare\` request validation, \`authorizeAt\` / \`verifyAt\` the bookkeeping around RSA); otherwise to where its code lives (node's own modules, \`effect/http\` and \`@effect/platform-node\`, the rest of \`effect\`, this library, axios). The profiler slows calls down, so a category's µs per call below is its share of the profile × the variant's median CPU per call at that concurrency from the unprofiled rounds (\`bench/src/breakdown.ts\`); the last column is what our client spends above the floor in each category.

${tables
  .map(
    (p) => `${markdown(breakdownRows(p))}

${p.title}, ${calls(p)} profiled calls per variant. Largest differences from the floor: ${largestGaps(p, 4) || "none"}.
`
  )
  .join("\n")}`
}

const pair = (v: VariantSummary | undefined) =>
  v === undefined ? "n/a" : `${f2(v.c1.cpuRatio)}× / ${f2(v.c64.cpuRatio)}×`

const analysis = (results: Results): string => {
  const get = (id: string) => variant(results, id)
  const ours = get(TARGET_VARIANT)
  const floor = get("floor")
  if (ours === undefined || floor === undefined) return ""
  const room = (limit: number, cpu: number) => f0((limit - 1) * cpu)
  const lines = [
    "### What the numbers say",
    "",
    `Ratios below are CPU per call × the floor in the main mix, c=1 / c=64.`,
    "",
    `- **Ours** (\`${TARGET_VARIANT}\`, tracer installed): ${pair(ours)}; with the tracer disabled ${pair(get(UNTRACED_VARIANT))}. The floor costs ${f0(floor.c1.cpu)} / ${f0(floor.c64.cpu)} µs per call, so the targets (${FLOOR_TARGET_C1}× / ${FLOOR_TARGET_C64}×) leave ${room(FLOOR_TARGET_C1, floor.c1.cpu)} / ${room(FLOOR_TARGET_C64, floor.c64.cpu)} µs for everything this library and Effect add; this run they added ${f0(ours.c1.cpu - floor.c1.cpu)} / ${f0(ours.c64.cpu - floor.c64.cpu)} µs.`,
    `- **Other transports** under the same client: \`@effect/platform-node\`'s node:http client with keep-alive ${pair(get("effect-node"))}, without keep-alive ${pair(get("effect-node-layer"))}, undici ${pair(get("effect-undici"))}, fetch ${pair(get("effect-fetch"))}. \`effect-bare\`, the floor's own work as one Effect over the keep-alive platform client and no library, costs ${pair(get("effect-bare"))}.`,
    `- **wechatpay-axios-plugin**: ${pair(get("axios"))}. It neither validates requests nor decodes responses beyond \`JSON.parse\`.`
  ]
  const [c1Target, c64Target, axiosC1, axiosC64] = runTargets(results)
  const floorMisses = (
    [
      [c1Target, "c1", FLOOR_TARGET_C1],
      [c64Target, "c64", FLOOR_TARGET_C64]
    ] as const
  ).filter(([t]) => t?.met === false)
  const axiosMisses = (
    [
      [axiosC1, "c1"],
      [axiosC64, "c64"]
    ] as const
  ).filter(([t]) => t?.met === false)
  const way: Array<string> = []
  for (const [, concurrency, limit] of floorMisses) {
    const gaps = results.mixes.map((mix) => {
      const oursMix = mix.variants.find((v) => v.id === TARGET_VARIANT)![concurrency]
      const floorMix = mix.variants.find((v) => v.id === "floor")![concurrency]
      return `${mix.name} +${f0(oursMix.cpu - floorMix.cpu)} µs against ${room(limit, floorMix.cpu)} µs of room (${f2(oursMix.cpuRatio)}×)`
    })
    const profiled = profiledTables(results).find(
      (p) => p.title === `main mix, c=${concurrency.slice(1)}` && p.breakdown.some((b) => b.id === TARGET_VARIANT)
    )
    way.push(
      `- **≤ ${limit.toFixed(2)}× at c=${concurrency.slice(1)}**: what ours spends above the floor, per mix (medians of the rounds), against what ${limit.toFixed(2)}× allows: ${gaps.join("; ")}.${profiled === undefined ? "" : ` In the main mix's profile the largest items above the floor are ${largestGaps(profiled, 5) || "none"}: the response decode and request validation are Schema work the floor does not do, the Effect runtime is the fiber, the span and the combinators of each call.`}`
    )
  }
  for (const [, concurrency] of axiosMisses) {
    const misses = results.mixes
      .filter((mix) => !belowByMoreThanSpread(mix.versusAxios[concurrency]))
      .map((mix) => {
        const stats = mix.versusAxios[concurrency]
        return `${mix.name} (${f2(stats.median)}×, rounds ${stats.rounds.map(f2).join(" ")})`
      })
    way.push(
      `- **Below axios at c=${concurrency.slice(1)} by more than the spread**: not in ${misses.join("; ")}. ${results.mixes.every((mix) => mix.versusAxios[concurrency].median < 1) ? "The median is below axios in every mix; what fails is the margin against the spread of the rounds, on a machine shared with other work." : "In at least one mix the median itself is not below axios."}`
    )
  }
  way.push(...coldAnalysis(results.cold))
  if (way.length > 0) lines.push("", "### What stands in the way of the targets missed", "", ...way)
  lines.push("")
  return lines.join("\n")
}

/** What stands in the way of the bundle targets missed: the bytes per package, and Node's own boot. */
const coldAnalysis = (cold: ColdResults | undefined): Array<string> => {
  if (cold === undefined) return []
  const lines: Array<string> = []
  const bundled = modeOf(cold, "bundled")
  const effect3 = modeOf(cold, EFFECT3_MODE)
  const bytesOf = (
    mode: { readonly packages: ReadonlyArray<{ readonly name: string; readonly bytes: number }> },
    test: (name: string) => boolean
  ) => mode.packages.filter((p) => test(p.name)).reduce((sum, p) => sum + p.bytes, 0)
  if (bundled !== undefined && effect3 !== undefined && bundled.bytes > SIZE_TARGET_RATIO * effect3.bytes) {
    const effect = (name: string) => name === "effect" || name.startsWith("@effect/")
    const ours = (name: string) => name.startsWith("@effect-wechatpay/")
    const smallest = modeOf(cold, "effect-bundled")
    lines.push(
      `- **Bundle ≤ ${SIZE_TARGET_RATIO}× Effect 3's**: ${SIZE_TARGET_RATIO}× Effect 3's ${kib(effect3.bytes)} is ${kib(SIZE_TARGET_RATIO * effect3.bytes)}; this bundle is ${kib(bundled.bytes)}, of which effect's own modules are ${kib(bytesOf(bundled, effect))} (${kib(bytesOf(effect3, effect))} of \`effect\` and \`@effect/*\` on Effect 3) and ours ${kib(bytesOf(bundled, ours))} (${kib(bytesOf(effect3, ours))} on Effect 3).${smallest === undefined ? "" : ` The smallest Effect program bundled the same way (a \`ManagedRuntime\`, a \`Layer\`, a \`Schema\` decoder) is ${kib(smallest.bytes)} by itself.`}`
    )
  }
  const node = coldFind(cold, "node")
  const ready = coldFind(cold, "bundled")
  if (node !== undefined && ready !== undefined && ready.ready > COLD_TARGET_MILLIS) {
    const smallest = coldFind(cold, "effect-bundled")
    const old = coldFind(cold, EFFECT3_MODE)
    lines.push(
      `- **Ready ≤ ${COLD_TARGET_MILLIS} ms**: ${f1(ready.ready)} ms, of which Node's own boot (an empty script) is ${f1(node.ready)} ms on this machine in this run${node.ready >= COLD_TARGET_MILLIS ? ", more than the whole target" : ""}. Above Node's boot the bundle takes ${f1(ready.ready - node.ready)} ms${smallest === undefined ? "" : `, the smallest Effect program ${f1(smallest.ready - node.ready)} ms`}${old === undefined ? "" : `, the Effect 3 bundle ${f1(old.ready - node.ready)} ms`}.`
    )
  }
  return lines
}

const PROFILING = `## Profiling one variant

\`pnpm --filter @effect-wechatpay/bench profile effect-NodeTransport 3000 8\` builds the bench and runs one variant alone against the gateway with the inspector's CPU profiler around the measured calls (\`bench/.prof/<variant>.cpuprofile\`, for Chrome DevTools or speedscope), and prints its shares per category as above; every variant of the tables works (\`floor\`, \`axios\`, \`effect-node\`, \`effect-NodeTransport-untraced\`, …).
`
