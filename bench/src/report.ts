/**
 * Summaries of the rounds, the stdout table and `docs/performance.md`.
 */
import type { ColdStart } from "./coldstart.js"
import { type DecodeResults, decodeSection, decodeText } from "./decode.js"
import type { Batch } from "./measure.js"
import { median } from "./measure.js"
import type { MemoryReport } from "./memory.js"

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
  throughputRatio: median(mine.map((b, i) => b.throughput / floor[i]!.throughput))
})

/** Everything a run measured. */
export interface Results {
  readonly date: string
  readonly quick: boolean
  readonly machine: {
    readonly cpus: number
    readonly model: string
    readonly node: string
    readonly loadAverage: ReadonlyArray<number>
  }
  readonly rounds: number
  readonly callsC1: number
  readonly callsC64: number
  readonly variants: ReadonlyArray<VariantSummary>
  /** Per round: each node:http variant's CPU per call over axios's, at c=1 and c=64. */
  readonly versusAxios: Readonly<Record<NodeVariant, { readonly c1: number; readonly c64: number }>>
  readonly memory: MemoryReport | undefined
  readonly cold: { readonly client: ReadonlyArray<ColdStart>; readonly floor: ReadonlyArray<ColdStart> } | undefined
  readonly decode?: DecodeResults | undefined
  readonly seconds: number
}

/** The CPU target on node:http (issue #14: ≤ 1.30× the floor with a tracer installed; the bench runs with the default one). */
export const TARGET_RATIO = 1.3

/** The variants the targets are checked on: our client over node:http, through either client. */
export const NODE_VARIANTS = ["effect-NodeTransport", "effect-node"] as const

/** One of {@link NODE_VARIANTS}. */
export type NodeVariant = (typeof NODE_VARIANTS)[number]

const f0 = (n: number) => n.toFixed(0)
const f1 = (n: number) => n.toFixed(1)
const f2 = (n: number) => n.toFixed(2)
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`
const signedMib = (bytes: number) => {
  const text = mib(Math.abs(bytes))
  return text === "0.0 MiB" ? text : `${bytes < 0 ? "−" : "+"}${text}`
}
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`

const pad = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "))
    .join("\n")
}

/**
 * A Markdown table laid out as Biome formats it: cells padded to the column width; the first column left-aligned,
 * the others right-aligned (numbers) unless `textColumns`.
 */
const markdown = (rows: ReadonlyArray<ReadonlyArray<string>>, textColumns = false): string => {
  const widths = rows[0]!.map((_, c) => Math.max(3, ...rows.map((r) => r[c]!.length)))
  const right = (c: number) => c > 0 && !textColumns
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((cell, c) => (right(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(" | ")} |`
  const rule = `| ${widths.map((w, c) => (right(c) ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join("\n")
}

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

const readyMillis = (run: ColdStart): number => run.phases.reduce((sum, phase) => sum + phase.millis, 0)

/** Medians over the runs of one mode: each phase, ready (their sum) and the first call. */
const coldMedian = (runs: ReadonlyArray<ColdStart>) => ({
  phases: runs[0]!.phases.map((phase, i) => ({
    name: phase.name,
    millis: median(runs.map((r) => r.phases[i]!.millis))
  })),
  readyMillis: median(runs.map(readyMillis)),
  firstCallMillis: median(runs.map((r) => r.firstCallMillis))
})

const coldRows = (cold: NonNullable<Results["cold"]>): Array<Array<string>> => {
  const client = coldMedian(cold.client)
  const floor = coldMedian(cold.floor)
  return [
    ["", "ms (median)", "× floor ready"],
    ...client.phases.map((p) => [`client: ${p.name}`, f1(p.millis), ""]),
    ["client: ready for the first call", f1(client.readyMillis), f1(client.readyMillis / floor.readyMillis)],
    ["client: first call (new connection)", f1(client.firstCallMillis), ""],
    ...floor.phases.map((p) => [`floor: ${p.name}`, f1(p.millis), ""]),
    ["floor: ready for the first call", f1(floor.readyMillis), "1.0"],
    ["floor: first call (new connection)", f1(floor.firstCallMillis), ""]
  ]
}

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

const variant = (results: Results, id: string): VariantSummary | undefined => results.variants.find((v) => v.id === id)

/** Whether each target is met, for one node:http variant. */
export const targets = (results: Results, id: NodeVariant) => {
  const node = variant(results, id)
  const axios = variant(results, "axios")
  return {
    floorC1: node !== undefined && node.c1.cpuRatio <= TARGET_RATIO,
    floorC64: node !== undefined && node.c64.cpuRatio <= TARGET_RATIO,
    axiosC1: node !== undefined && axios !== undefined && node.c1.cpuRatio < axios.c1.cpuRatio,
    axiosC64: node !== undefined && axios !== undefined && node.c64.cpuRatio < axios.c64.cpuRatio
  }
}

const yes = (met: boolean) => (met ? "met" : "**not met**")

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
    ""
  ]
  for (const id of NODE_VARIANTS) {
    const t = targets(results, id)
    const node = variant(results, id)
    const vs = results.versusAxios[id]
    lines.push(
      `Target: ${id} CPU/call ≤ ${TARGET_RATIO}× floor: c=1 ${f2(node?.c1.cpuRatio ?? Number.NaN)} ${t.floorC1 ? "met" : "NOT met"}, c=64 ${f2(node?.c64.cpuRatio ?? Number.NaN)} ${t.floorC64 ? "met" : "NOT met"}`,
      `Target: ${id} below wechatpay-axios-plugin: c=1 ${t.axiosC1 ? "met" : "NOT met"}, c=64 ${t.axiosC64 ? "met" : "NOT met"} (${id} / axios per round: c=1 ${f2(vs.c1)}, c=64 ${f2(vs.c64)})`
    )
  }
  if (results.memory !== undefined)
    lines.push("", "Memory (one node:http client, GC forced)", pad(memoryRows(results.memory)))
  if (results.memory !== undefined) {
    lines.push(
      `${results.memory.merchants} merchants' clients: heap ${signedMib(results.memory.merchantsHeapDelta)} (${kib(results.memory.merchantsHeapDelta / results.memory.merchants)} each), RSS ${signedMib(results.memory.merchantsRssDelta)}`
    )
  }
  if (results.cold !== undefined) lines.push("", "Cold start (medians of fresh processes)", pad(coldRows(results.cold)))
  if (results.decode !== undefined) lines.push("", decodeText(results.decode))
  lines.push("", `${results.seconds.toFixed(0)} s`)
  return lines.join("\n")
}

/**
 * `docs/performance.md`.
 *
 * @param results the run
 */
export const markdownReport = (results: Results): string => {
  const axios = variant(results, "axios")
  const memory = results.memory
  const cold = results.cold
  const sections = [
    "# Performance",
    "",
    `Generated by \`pnpm bench\`${results.quick ? " --quick (a short run: fewer calls, treat as indicative)" : ""} on ${results.date}. Every number below comes from that one run; absolute times drift on a shared machine, so compare the **ratios**, which were measured in the same run.`,
    "",
    "## Method",
    "",
    '- **Gateway in its own process.** The bench forks `bench/src/gateway.ts`, which runs the sandbox (`Sandbox.make({ signingMode: "publicKey" })`): it checks every request signature and signs every response, as WeChat Pay does. One key set for the whole run; its CPU is not counted. Between batches the bench empties the sandbox\'s request log.',
    "- **The call mix** is `Busifavor.queryStock`, `Busifavor.queryCoupon`, `Favor.createCouponStock` in turn (the create calls cycle through 50 `out_request_no`, so the same number gives the same stock). Every call's answer is checked (`stock_id` / `coupon_code`); a failed call or a wrong answer aborts the run, so a broken variant cannot look fast.",
    "- **Variants**, all with keep-alive connections but `effect-node-layer`:",
    "  - `effect-NodeTransport`: this library over its own node:http client, `NodeTransport.layer()` from `@effect-wechatpay/api` (keep-alive agents; one callback-driven round trip per request, the body read completely before the response is returned). It is an ordinary `@effect/platform` `HttpClient`, and the one `SandboxClient.layer` and the docs use.",
    "  - `effect-node`: this library over `@effect/platform-node`'s node:http client, `NodeHttpClient.layerWithoutAgent` + `NodeHttpClient.makeAgentLayer({ keepAlive: true })`. Plain `NodeHttpClient.layer` builds its agent with no options, so **keep-alive is off** there (a new TCP connection per request): use the pair above, or `layerUndici`.",
    "  - `effect-node-layer`: the same over plain `NodeHttpClient.layer` (keep-alive off), what an Effect user reaches for first; the client logs a one-time warning naming the fix when it is built over it.",
    "  - `effect-undici`: the same over `NodeHttpClient.layerUndici`; `effect-fetch`: over `FetchHttpClient.layer`.",
    "  - `floor`: written in the bench (`bench/src/floor.ts`): node:crypto with KeyObjects parsed once and a keep-alive node:http agent, doing exactly the signing, the verification (headers, timestamp, serial, RSA over the raw body) and the `JSON.parse` a correct call needs, nothing more.",
    "  - `axios`: `wechatpay-axios-plugin` 0.9.6 (`new Wechatpay({ mchid, serial, privateKey, certs: { [publicKeyId]: publicKey }, baseURL, httpAgent })`, chained calls such as `v3.marketing.busifavor.stocks._stock_id_.get(…)`), given a keep-alive `http.Agent` too.",
    "  - `effect-bare` (diagnostic): the floor's work written inline as one Effect over the same `@effect/platform-node` node:http client, without this library: what the Effect runtime and `@effect/platform`'s HttpClient cost by themselves.",
    "  - Our client uses its defaults (10 s timeout per attempt, 3 attempts, a span per call, public-key verification); each client layer is built once (`ManagedRuntime.make(layer)`) and every call is `runtime.runPromise(call)`.",
    "  - The node:http agents (ours, the floor's, axios's) are created with `{ keepAlive: true, timeout: 60000 }`: with a timeout set, Node honours the server's `Keep-Alive: timeout=5` hint and retires idle sockets before the server closes them (without it, reusing a socket the server is closing fails with ECONNRESET).",
    "- **Built, on plain node.** `pnpm bench` first runs `pnpm build` (the packages' `dist/`, what the published tarballs ship), then bundles the bench's own code with esbuild (`bench/src/build.ts`) and runs it on plain `node`; the workspace packages, `effect`, `@effect/*` and `wechatpay-axios-plugin` load from `node_modules` through their `exports`, as in an application using the published packages. Under tsx every function and class created at run time would also pay a `__name(…)` call (tsx compiles with esbuild's `keepNames`), which charged per-call closures to the library, and the floor, that a published build does not have.",
    `- **Rounds.** After a warm-up of every variant, ${results.rounds} rounds; each round runs every variant, in an order rotated per round, for ${results.callsC1} calls at concurrency 1 and then ${results.callsC64} calls at concurrency 64. **CPU per call** = user + system CPU of the bench process (\`process.cpuUsage\`) during the variant's batch ÷ calls. Latencies are per call; throughput is calls ÷ wall time of the batch (at c=64 it is bounded by the single-process gateway, which shares the 2 cores). Reported: medians over rounds; "× floor" is the median of the per-round ratios to the floor.`,
    "",
    "## Machine",
    "",
    `${results.machine.cpus} cores (${results.machine.model}), Node ${results.machine.node}, load average at start ${results.machine.loadAverage.map((l) => l.toFixed(2)).join(" / ")} (a shared machine). Whole run: ${results.seconds.toFixed(0)} s.`,
    "",
    "## CPU per call",
    "",
    markdown(cpuRows(results)),
    "",
    "## Latency and throughput",
    "",
    markdown(latencyRows(results)),
    "",
    "## Targets",
    "",
    markdown(
      [
        ["target", "c=1", "c=64"],
        ...NODE_VARIANTS.flatMap((id) => {
          const t = targets(results, id)
          const node = variant(results, id)
          const vs = results.versusAxios[id]
          return [
            [
              `\`${id}\` CPU per call ≤ ${TARGET_RATIO}× the floor`,
              `${f2(node?.c1.cpuRatio ?? Number.NaN)}×: ${yes(t.floorC1)}`,
              `${f2(node?.c64.cpuRatio ?? Number.NaN)}×: ${yes(t.floorC64)}`
            ],
            [
              `\`${id}\` CPU per call below wechatpay-axios-plugin`,
              `${f2(node?.c1.cpuRatio ?? Number.NaN)}× vs ${f2(axios?.c1.cpuRatio ?? Number.NaN)}× (per round ${f2(vs.c1)}× axios): ${yes(t.axiosC1)}`,
              `${f2(node?.c64.cpuRatio ?? Number.NaN)}× vs ${f2(axios?.c64.cpuRatio ?? Number.NaN)}× (per round ${f2(vs.c64)}× axios): ${yes(t.axiosC64)}`
            ]
          ]
        })
      ],
      true
    ),
    "",
    analysis(results)
  ]
  if (memory !== undefined) {
    const first = memory.points[0]!
    const last = memory.points[memory.points.length - 1]!
    sections.push(
      "## Memory",
      "",
      `One \`effect-NodeTransport\` client, calls 8 at a time, GC forced twice (\`node --expose-gc\`) before each reading, in a child process:`,
      "",
      markdown(memoryRows(memory)),
      "",
      `From ${first.calls} to ${last.calls} calls the heap changed by ${signedMib(last.heapUsed - first.heapUsed)} and RSS by ${signedMib(last.rss - first.rss)} (compare the readings in between for the noise).`,
      "",
      `**${memory.merchants} merchants in one process**: ${memory.merchants} \`WechatPay.layer\`s, each on its own \`ManagedRuntime\` (its own parsed keys, keyring, state), over one shared HttpClient, one call each: heap ${signedMib(memory.merchantsHeapDelta)}, about **${kib(memory.merchantsHeapDelta / memory.merchants)} per merchant**; RSS ${signedMib(memory.merchantsRssDelta)}.`,
      ""
    )
  }
  if (cold !== undefined) {
    sections.push(
      "## Cold start",
      "",
      `Fresh child processes on plain \`node\` (${cold.client.length} each, medians). \`client\`: \`import("effect")\` and \`@effect/platform\` (the peer dependencies), \`import("@effect-wechatpay/api")\`, then the layer over \`NodeTransport.layer()\` built on a \`ManagedRuntime\` (keys parsed) until the first call could be made (\`@effect/platform-node\` is not needed, and not loaded). \`floor\`: \`import("node:http")\`, \`import("node:crypto")\` and the floor module, \`createPrivateKey\`, \`createPublicKey\`, a keep-alive agent. The first call (one \`queryStock\` on a new connection) is shown apart.`,
      "",
      markdown(coldRows(cold)),
      "",
      "Almost all of the client's start-up is loading `effect` (its index imports every module, and this library imports from it) and `@effect/platform`; this library's own modules and building the layer are a small part.",
      ""
    )
  }
  if (results.decode !== undefined) sections.push(decodeSection(results.decode))
  sections.push(PROFILE)
  return `${sections.join("\n").trimEnd()}\n`
}

const analysis = (results: Results): string => {
  const get = (id: string) => variant(results, id)
  const lean = get("effect-NodeTransport")
  const node = get("effect-node")
  const bare = get("effect-bare")
  const axios = get("axios")
  const undici = get("effect-undici")
  const fetch = get("effect-fetch")
  const floor = get("floor")
  if (lean === undefined || node === undefined || bare === undefined || axios === undefined || floor === undefined) {
    return ""
  }
  const pair = (v: VariantSummary | undefined) =>
    v === undefined ? "n/a" : `${f2(v.c1.cpuRatio)}× / ${f2(v.c64.cpuRatio)}×`
  const t = targets(results, "effect-NodeTransport")
  const saved = (a: VariantSummary, b: VariantSummary) =>
    `${f0(a.c1.cpu - b.c1.cpu)} / ${f0(a.c64.cpu - b.c64.cpu)} µs per call (${f0((100 * (a.c1.cpu - b.c1.cpu)) / a.c1.cpu)} % / ${f0((100 * (a.c64.cpu - b.c64.cpu)) / a.c64.cpu)} %)`
  return `### Where the gap to the floor is

Ratios below are CPU per call × the floor, at c=1 / c=64.

- **The transport.** Over \`@effect/platform-node\`'s node:http client our client costs ${pair(node)}; over \`NodeTransport\` ${pair(lean)}: ${saved(node, lean)} less. \`effect-bare\`, the floor's own work written as one Effect over \`@effect/platform-node\`'s client without this library, costs ${pair(bare)} by itself. For every request that client creates the \`http.client\` span with every request and response header as attributes, registers an \`AbortController\` in a \`FinalizationRegistry\` and passes its signal to node:http, forks two fibers (one sends the body, one awaits the response), builds a \`URL\`, rebuilds a \`Headers\` object on every \`response.headers\` access, and reads the body through a cached Effect run with \`runSync\`. \`NodeTransport\` does one \`Effect.async\` round trip driven by node:http's callbacks, reads the whole body before answering, builds the headers once, parses plain URLs without a \`URL\` object (with the same result, tested), and keeps the \`http.client\` span and trace propagation (without header attributes) for any other caller; our executor, given \`NodeTransport\` itself, skips even that (change 6 below). In a loopback micro-benchmark with no crypto (GET, 1.5 KB JSON answer) the platform client cost about 250–500 µs per request above raw node:http, \`NodeTransport\` about 75–90 µs.
- **The Effect runtime and this library** on top of the transport: a fiber per call (\`runtime.runPromise\`), the operation span, request validation, the per-attempt timeout (over \`NodeTransport\` a timer in its callbacks; over any other client one forked fiber and a timer), signing and verification bookkeeping, and the response decode into the schema package's types. Decoding is the largest single item: \`Busifavor.QueryStockResponse\` costs about 85 µs per decode in a micro-benchmark (about 17 nested \`Schema.Class\`es with tolerant unions and transformations; in the profile, \`ParseResult\`'s struct parser, \`Schema.Class\`'s \`lazilyMergeDefaults\` and class construction per instance), against about 16 µs for the \`JSON.parse\` the floor does.
- **Other transports**: undici ${pair(undici)}, fetch ${pair(fetch)}; plain \`NodeHttpClient.layer\` (keep-alive off: a new connection per call, and the one-time warning) ${pair(get("effect-node-layer"))}.
- **wechatpay-axios-plugin**: ${pair(axios)}. axios's per-request machinery (config merging, interceptors, transformers) is cheap next to a fiber per call, and it neither validates requests nor decodes responses beyond \`JSON.parse\`.

So on \`NodeTransport\` the ${TARGET_RATIO}× target is ${t.floorC1 && t.floorC64 ? "met" : "**not met**"}, and our client is ${t.axiosC1 && t.axiosC64 ? "below wechatpay-axios-plugin at both concurrencies" : t.axiosC1 || t.axiosC64 ? `below wechatpay-axios-plugin at ${t.axiosC1 ? "c=1" : "c=64"} only` : "**not below** wechatpay-axios-plugin"}. ${t.floorC1 && t.floorC64 ? "" : `What is left above the floor is what the library is for (typed validation before sending, decoding into typed values, a span, a timeout and retries per call) and the Effect runtime under it: even a bare Effect over the leanest transport pays for a fiber, and decoding one stock alone (about 85 µs in the micro-benchmark) is ${f0((100 * 85) / floor.c1.cpu)} % of the floor's whole call at c=1. The next lever is in the schema package: cheaper response decoding (plain Structs for the nested response objects, fewer transformations on the common wire shapes).`}
`
}

const FIXES: ReadonlyArray<ReadonlyArray<string>> = [
  ["change", "what it removes", "gain in CPU per call"],
  [
    "1. The executor's hot path rewritten: the endpoint's codecs compiled once per descriptor; the request only decoded, not re-encoded, when its schema has no transformation (true of every request schema today, so decoding already yields the wire form; a schema with a transformation is still encoded); verification done inline over the body bytes, and signing kept as one `mapRequestEffect` middleware (it was briefly inlined too; restoring it as middleware, which the API issue requires, measured within run-to-run noise) instead of three `mapRequest` layers and a `transformResponse` layer (the public `httpClient` keeps all four); the span's handle annotated directly instead of `annotateCurrentSpan`; the retry schedule's driver made only after a retryable failure (same exponential + jitter schedule, same attempts)",
    "~60 µs of re-encoding per create-stock request, ~10 Effect operations per call, the schedule driver on every success",
    "4–18 % (stub 1–14 %)"
  ],
  [
    "2. The per-attempt timeout with one fiber instead of two: the attempt runs in a child fiber, a timer of the live Clock races it; on timeout the child is interrupted and awaited, then `TransportError` `Timeout`, as before; under any other Clock (a `TestClock`) or a duration a timer cannot hold, `Effect.timeoutFail` itself is used",
    "the sleeping fiber, the race, one `inheritAll`",
    "2–10 % (stub 8–14 %)"
  ],
  [
    "3. The body read once with `response.arrayBuffer` (verified over the bytes as received) and `response.headers` read once",
    "`@effect/platform-node`'s `runSync(cached(…))` for `text`, the second read, repeated `Headers` rebuilding",
    "8–13 % (stub ≈ 1 %: its responses are web `Response`s)"
  ],
  [
    "4. `captureStackTrace: false` on the operation span: the captured call site was always the same line inside the library",
    "an `Error` and its stack per call",
    "5–8 µs (micro-benchmark of `Effect.withSpan`), below the A/B noise"
  ],
  [
    "5. `NodeTransport`, this library's own node:http `HttpClient` (second profile, below), now what `SandboxClient.layer`, the demo and the docs use; `@effect/platform-node`'s client still works and is still measured",
    "the platform client's two forked fibers, `AbortController` + `FinalizationRegistry`, `URL` building, header-attribute span, per-access `Headers` rebuilding, cached-Effect body read",
    'see "The transport" above: the `effect-node` → `effect-NodeTransport` difference in this run'
  ],
  [
    "6. (issue #14) A fast path when the `HttpClient` provided is a `NodeTransport` itself (a `WeakMap` the transport registers into; a wrapped one takes the generic path): the attempt signs inline and runs one node:http round trip whose own timer fails it on timeout, instead of a forked fiber racing a timer; no `http.client` span (the operation span takes its attributes and is the one propagated as `traceparent`); no redacted header names set per call (nothing records headers on that path); the body text passed to the signer instead of decoded back from the request bytes. Under a `TestClock` the generic path",
    "the timeout's forked fiber and `inheritAll`, the transport's `http.client` span, `withParentSpan` and its attribute set, `HttpClient.makeWith`'s pre/postprocess, `Effect.locally` of the redacted names",
    "17 % at c=1, 8 % at c=64 (`pnpm bench --quick --rounds 9`: `NodeTransport` against `NodeTransport` behind an identity `mapRequest`, which takes the generic path, in the same run: 1.76× / 1.69× the floor against 2.03× / 1.93×)"
  ],
  [
    "7. (issue #14) A one-time warning, when the client is built over plain `NodeHttpClient.layer` (keep-alive off), that names the fix: the request is mapped to an Effect that reads the context the client runs it in (where that layer keeps its agent) and dies, so nothing is sent",
    "nothing per call; an application that reaches for `NodeHttpClient.layer` is told it pays a new connection per call",
    'see `effect-node-layer` against `effect-NodeTransport` in "CPU per call" above'
  ]
]

const PROFILE = `## Profile and hot-path fixes

How: \`pnpm --filter @effect-wechatpay/bench profile effect-NodeTransport 3000 8\` builds the bench and runs one variant alone against the gateway with the inspector's CPU profiler around the measured calls (\`bench/.prof/<variant>.cpuprofile\`, for Chrome DevTools or speedscope; every variant of the table works).

The first profile of the client over node:http showed, beside the RSA signature: the Effect runtime (run loop, fiber creation, FiberRefs copies) as the largest item; Schema work on every call, the request decoded **and** re-encoded, the response decoded; \`Effect.timeoutFail\` on every attempt, which forks two fibers (the attempt and a sleeping timer) and races them; a stack trace captured for every span; the body read through \`response.text\`, which \`@effect/platform-node\` builds with \`Effect.runSync(Effect.cached(…))\` (one more fiber per response), read twice (verification, then decoding); \`response.headers\`, which it rebuilds on every access; and three \`mapRequest\` layers plus a \`transformResponse\` layer around every request.

Changes 1–4 are in \`packages/api/src/WechatPay.ts\` (behaviour and public API unchanged), change 5 is \`packages/api/src/NodeTransport.ts\`, changes 6–7 are in \`packages/api/src/internal/client.ts\` and \`NodeTransport.ts\`; every test green. Each gain was measured with an in-process A/B harness (old and new executor in one process, over the same gateway and node:http transport, alternating blocks of 300 calls at c=1 and 600 at c=64, CPU per call of the process, medians; also over an in-process stub transport, which isolates the library). The machine is shared, so each step is a range over repeated runs.

${markdown(FIXES, true)}

Before → after, same A/B harness with the floor as a third arm: **c=1 3.1–3.3× → 2.4–2.8× the floor, c=64 3.5× → 2.6–2.9×**, 16–30 % less CPU per call; two full \`pnpm bench\` runs before and after the changes gave 3.20× / 2.97× → 2.73× / 2.78× (separate runs, noisier).

A second profile, of the client over \`@effect/platform-node\`'s node:http client after those changes, put the platform client itself first among what is not the floor's work (see "The transport" above): a loopback micro-benchmark without crypto measured it at about 250–500 µs per request above raw node:http on this machine, more than all of this library's own work. Change 5 replaces it for the library's own defaults, as an ordinary \`HttpClient\` an application can still swap. The same profile showed tsx's \`keepNames\` helper on every closure created per call, in the library and in the floor alike; since then the bench runs built JavaScript (see Method).

Measured and left alone: disabling trace propagation for our requests (no gain beyond the noise, and it changes what is sent), dropping \`Effect.locally\` of the redacted header names (≈ 0), the platform's \`http.client\` span on the generic path (users and the redaction tests rely on it). Not done yet (issue #14): the response decode through a compiled check of the already-canonical form with the full decode as fallback, derived from the schema's AST, with a property test against the full decode; a bundled (esbuild) cold-start recipe and its measurement; GC pauses per call.
`
