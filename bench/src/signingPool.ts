/**
 * Signing on worker threads (`SigningPool` from `@effect-wechatpay/api/SigningPool`) against signing inline, on the
 * event loop: what it saves the main thread, what it costs in all, and from what concurrency or campaign size it pays.
 *
 * - **Client calls**: our client over `NodeTransport`, inline and with a pool of 1 and 2 workers, the bench's call mix
 *   against the gateway, at concurrency 1, 8 and 64, in interleaved rounds. Per batch: the **main thread's** CPU per
 *   call (Linux `/proc/self/task/<pid>/schedstat`, nanoseconds; `process.cpuUsage` counts every thread of the
 *   process, the workers included, and is shown beside it), event-loop utilisation, throughput, p50/p99 latency.
 * - **Signing alone** (no HTTP): the main thread's CPU per signature through each way of moving the RSA signature off
 *   the event loop: bare `worker_threads` messages (what `SigningPool` does), effect 4's own worker pool (an RPC
 *   client over `RpcClient.layerProtocolWorker` and `@effect/platform-node`'s `NodeWorker`), and node:crypto's callback
 *   `sign` on libuv's threadpool; inline signing as the reference.
 * - **Start-up**: time until a pool is ready, its main-thread CPU, RSS added.
 */
import * as NodeCrypto from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { monitorEventLoopDelay, performance } from "node:perf_hooks"
import { Worker as NodeWorkerThread } from "node:worker_threads"
import * as NodeWorker from "@effect/platform-node/NodeWorker"
import { NodeTransport, WechatPay } from "@effect-wechatpay/api"
import * as SigningPool from "@effect-wechatpay/api/SigningPool"
import { MerchantSigner } from "@effect-wechatpay/crypto"
import { Context, Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { RpcClient, type RpcClientError } from "effect/rpc"
import { buildDir } from "./children.js"
import { clientOptions, effectCall } from "./effectClient.js"
import { f0, f1, f2, markdown, pad } from "./format.js"
import { drive, median, quantile } from "./measure.js"
import { type GatewayInfo, MIX, resetGateway } from "./protocol.js"
import { SignRpcs } from "./signRpc.js"

/** The concurrencies measured. */
export const CONCURRENCIES = [1, 8, 64] as const

/** The client variants: inline signing, and pools of 1 and 2 workers. */
export const POOL_VARIANTS = [
  { id: "inline", size: 0 },
  { id: "pool-1", size: 1 },
  { id: "pool-2", size: 2 }
] as const

type VariantId = (typeof POOL_VARIANTS)[number]["id"]

/** Medians over rounds of one variant at one concurrency; ratios are medians of per-round ratios to inline. */
export interface PoolCell {
  readonly variant: VariantId
  readonly concurrency: number
  /** Main thread's CPU per call, µs. */
  readonly mainCpu: number
  readonly mainCpuRatio: number
  /** The whole process's CPU per call (every thread, the workers included), µs. */
  readonly processCpu: number
  readonly processCpuRatio: number
  /** Event-loop utilisation during the batch, 0..1. */
  readonly elu: number
  /** 99th percentile of the event loop's delay during the batch (how late a timer of anything else fires), ms. */
  readonly loopDelayP99: number
  readonly throughput: number
  readonly throughputRatio: number
  readonly p50: number
  readonly p99: number
  /** Rounds in which this variant used less main-thread CPU than inline, and in which it made more calls/s. */
  readonly mainCpuWins: number
  readonly throughputWins: number
}

/** The main thread's CPU per signature through one mechanism at one concurrency (medians over rounds). */
export interface MechanismCell {
  readonly mechanism: MechanismId
  readonly concurrency: number
  readonly mainMicros: number
  readonly processMicros: number
}

/** What starting a pool costs (medians over a few starts). */
export interface Startup {
  readonly size: number
  readonly readyMillis: number
  readonly mainCpuMillis: number
  readonly rssMiB: number
}

/** Everything this part of the bench measured. */
export interface SigningPoolResults {
  readonly rounds: number
  readonly calls: Readonly<Record<number, number>>
  readonly signs: number
  /** How the main thread's CPU was read. */
  readonly clock: Clock
  readonly cells: ReadonlyArray<PoolCell>
  readonly mechanisms: ReadonlyArray<MechanismCell>
  readonly startup: ReadonlyArray<Startup>
  /** Signatures the pools reported making, per pool variant, against the calls they were given. */
  readonly signedByPool: Readonly<Record<string, { readonly signed: number; readonly calls: number }>>
  readonly cores: number
  /** Load average (1 minute) when this part started: other processes compete for the same cores. */
  readonly load: number
  readonly seconds: number
}

type Clock = "schedstat" | "stat" | "elu"

const schedstat = `/proc/self/task/${process.pid}/schedstat`
const stat = `/proc/self/task/${process.pid}/stat`

/** The clock this machine offers for the main thread's CPU: nanoseconds, 10 ms ticks, or only event-loop time. */
const clockOf = (): Clock => {
  if (Fs.existsSync(schedstat)) return "schedstat"
  if (Fs.existsSync(stat)) return "stat"
  return "elu"
}

/** The main thread's CPU so far, µs (`undefined` where only event-loop time is available). */
const mainThreadMicros = (clock: Clock): number | undefined => {
  if (clock === "schedstat") return Number(Fs.readFileSync(schedstat, "utf8").split(" ")[0]) / 1000
  if (clock === "stat") {
    const text = Fs.readFileSync(stat, "utf8")
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) * 10_000
  }
  return undefined
}

/**
 * Measures `run` (which makes `count` operations): main-thread and process CPU per operation, ELU, the event loop's
 * delay, wall time.
 */
const measured = async (clock: Clock, count: number, run: () => Promise<void>) => {
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  const elu0 = performance.eventLoopUtilization()
  const main0 = mainThreadMicros(clock)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await run()
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const main1 = mainThreadMicros(clock)
  const elu = performance.eventLoopUtilization(elu0)
  delay.disable()
  const mainMicros = main0 === undefined || main1 === undefined ? elu.active * 1000 : main1 - main0
  return {
    mainPerOp: mainMicros / count,
    processPerOp: (cpu.user + cpu.system) / count,
    elu: elu.utilization,
    loopDelayP99: delay.percentile(99) / 1e6,
    wallMillis: wall
  }
}

interface Batch {
  readonly mainCpu: number
  readonly processCpu: number
  readonly elu: number
  readonly loopDelayP99: number
  readonly throughput: number
  readonly p50: number
  readonly p99: number
}

const runBatch = async (
  info: GatewayInfo,
  clock: Clock,
  call: (n: number) => Promise<string>,
  calls: number,
  concurrency: number,
  offset: number
): Promise<Batch> => {
  const driven = drive(info, (n) => call(n), calls, concurrency, offset, MIX)
  const m = await measured(clock, calls, driven.run)
  const latencies = driven.finish("signing pool bench")
  return {
    mainCpu: m.mainPerOp,
    processCpu: m.processPerOp,
    elu: m.elu,
    loopDelayP99: m.loopDelayP99,
    throughput: (calls * 1000) / m.wallMillis,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99)
  }
}

interface ClientVariant {
  readonly id: VariantId
  readonly call: (n: number) => Promise<string>
  readonly signed: () => Promise<number>
  readonly close: () => Promise<void>
}

const makeClientVariant = async (info: GatewayInfo, id: VariantId, size: number): Promise<ClientVariant> => {
  // Size 0 is inline signing: the same client without a pool beside the transport.
  const runtime = ManagedRuntime.make(
    size === 0
      ? WechatPay.layer(clientOptions(info)).pipe(Layer.provide(NodeTransport.layer()))
      : (Layer.provideMerge(
          WechatPay.layer(clientOptions(info)),
          Layer.merge(NodeTransport.layer(), SigningPool.layer({ size }))
        ) as Layer.Layer<WechatPay.WechatPayClient | SigningPool.SigningPool>)
  )
  await runtime.context()
  const pool = Effect.serviceOption(SigningPool.SigningPool)
  return {
    id,
    call: (n) => runtime.runPromise(effectCall(info, n)),
    signed: () =>
      runtime.runPromise(
        Effect.flatMap(pool, (found) =>
          found._tag === "Some" ? Effect.map(found.value.stats, (s) => s.signed) : Effect.succeed(0)
        )
      ),
    close: () => runtime.dispose()
  }
}

/** The ways of signing measured alone. */
export const MECHANISMS = [
  { id: "inline", label: "inline (`MerchantSigner`, on the event loop)" },
  { id: "threads", label: "bare `worker_threads` messages, 2 workers (what `SigningPool` does)" },
  {
    id: "effect",
    label: "effect 4's worker pool: `RpcClient` over `layerProtocolWorker` + `NodeWorker`, 2 workers, concurrency 64"
  },
  { id: "libuv", label: "node:crypto callback `sign` (libuv threadpool)" }
] as const

type MechanismId = (typeof MECHANISMS)[number]["id"]

type Sign = (message: string) => Effect.Effect<string>

/** The four mechanisms, ready; `close` ends their workers. */
const makeMechanisms = async (
  pem: string
): Promise<{ readonly signs: Record<MechanismId, Sign>; readonly close: () => Promise<void> }> => {
  const key = NodeCrypto.createPrivateKey(pem)
  const signer = await Effect.runPromise(
    MerchantSigner.make({ mchid: "1", serialNumber: "1", privateKey: Redacted.make(pem) })
  )

  const threadSource = `const { parentPort, workerData } = require("node:worker_threads");
const { createPrivateKey, sign } = require("node:crypto");
const key = createPrivateKey(workerData.pem);
parentPort.on("message", (m) => parentPort.postMessage([m[0], sign("sha256", Buffer.from(m[1], "utf8"), key).toString("base64")]));`
  const threads = [0, 1].map(() => new NodeWorkerThread(threadSource, { eval: true, workerData: { pem } }))
  const pending = new Map<number, (effect: Effect.Effect<string>) => void>()
  for (const thread of threads) {
    thread.on("message", ([id, signature]: [number, string]) => {
      const resume = pending.get(id)
      pending.delete(id)
      resume?.(Effect.succeed(signature))
    })
  }
  let nextId = 0

  // effect 4's worker pool: an RPC client over a pool of `NodeWorker`s, each running `signWorker.ts` (built beside
  // this script by `build.ts`), an RPC server on `NodeWorkerRunner`.
  class Signer extends Context.Service<Signer, RpcClient.FromGroup<typeof SignRpcs, RpcClientError.RpcClientError>>()(
    "bench/EffectSignPool"
  ) {}
  const effectPool = ManagedRuntime.make(
    Layer.effect(Signer, RpcClient.make(SignRpcs)).pipe(
      Layer.provide(RpcClient.layerProtocolWorker({ size: 2, concurrency: 64 })),
      Layer.provide(
        NodeWorker.layer(() => new NodeWorkerThread(Path.join(buildDir, "signWorker.mjs"), { workerData: { pem } }))
      )
    )
  )
  const effectSigner = await effectPool.runPromise(Signer)

  return {
    signs: {
      inline: (message) => Effect.sync(() => signer.sign(message)),
      threads: (message) =>
        Effect.callback<string>((resume) => {
          const id = nextId++
          pending.set(id, resume)
          threads[id % threads.length]!.postMessage([id, message])
        }),
      effect: (message) => Effect.orDie(effectSigner.Sign(message)),
      libuv: (message) =>
        Effect.callback<string>((resume) => {
          NodeCrypto.sign("sha256", Buffer.from(message, "utf8"), key, (error, signature) =>
            resume(error === null ? Effect.succeed(signature.toString("base64")) : Effect.die(error))
          )
        })
    },
    close: async () => {
      await effectPool.dispose()
      await Promise.all(threads.map((thread) => thread.terminate()))
    }
  }
}

const measureStartup = async (clock: Clock, size: number): Promise<Startup> => {
  const rss0 = process.memoryUsage().rss
  const runtime = ManagedRuntime.make(SigningPool.layer({ size }))
  const m = await measured(clock, 1, async () => {
    await runtime.context()
  })
  const rss = process.memoryUsage().rss - rss0
  await runtime.dispose()
  return { size, readyMillis: m.wallMillis, mainCpuMillis: m.mainPerOp / 1000, rssMiB: rss / 1024 / 1024 }
}

/**
 * Runs the measurement against the gateway (with nothing else in flight).
 *
 * @param info the gateway
 * @param options `quick`: fewer calls and rounds; `rounds`: at least this many rounds of client calls (default 5)
 */
export const measureSigningPool = async (
  info: GatewayInfo,
  options: { readonly quick: boolean; readonly rounds?: number | undefined }
): Promise<SigningPoolResults> => {
  const started = performance.now()
  const load = Os.loadavg()[0]!
  const clock = clockOf()
  const rounds = options.quick ? 3 : Math.max(5, Math.min(options.rounds ?? 5, 7))
  const calls: Record<number, number> = options.quick ? { 1: 90, 8: 192, 64: 384 } : { 1: 240, 8: 480, 64: 960 }
  const signs = options.quick ? 400 : 1000
  const log = (line: string) => process.stderr.write(`${line}\n`)

  log(`signing pool: start-up (sizes 1, 2; main-thread clock: ${clock})`)
  const startup: Array<Startup> = []
  for (const size of [1, 2]) {
    const runs: Array<Startup> = []
    for (let i = 0; i < 3; i++) runs.push(await measureStartup(clock, size))
    startup.push({
      size,
      readyMillis: median(runs.map((r) => r.readyMillis)),
      mainCpuMillis: median(runs.map((r) => r.mainCpuMillis)),
      rssMiB: median(runs.map((r) => r.rssMiB))
    })
  }

  const variants: Array<ClientVariant> = []
  for (const v of POOL_VARIANTS) variants.push(await makeClientVariant(info, v.id, v.size))
  const given = new Map<VariantId, number>(POOL_VARIANTS.map((v) => [v.id, 0]))
  let offset = 5_000_000
  log(`signing pool: warm-up of ${variants.map((v) => v.id).join(", ")}`)
  for (const v of variants) {
    await resetGateway(info)
    await runBatch(info, clock, v.call, options.quick ? 120 : 240, 8, offset)
    given.set(v.id, given.get(v.id)! + (options.quick ? 120 : 240))
    offset += 240
  }
  const batches = new Map<string, Array<Batch>>()
  for (let r = 0; r < rounds; r++) {
    for (const concurrency of CONCURRENCIES) {
      const order = variants.map((_, i) => variants[(i + r) % variants.length]!)
      for (const v of order) {
        await resetGateway(info)
        const n = calls[concurrency]!
        const batch = await runBatch(info, clock, v.call, n, concurrency, offset)
        offset += n
        given.set(v.id, given.get(v.id)! + n)
        const key = `${v.id}@${concurrency}`
        batches.set(key, [...(batches.get(key) ?? []), batch])
      }
    }
    log(
      `signing pool: round ${r + 1}/${rounds} main-thread CPU/call c=1/8/64 (µs): ${variants
        .map(
          (v) =>
            `${v.id} ${CONCURRENCIES.map((c) => batches.get(`${v.id}@${c}`)!.at(-1)!.mainCpu.toFixed(0)).join("/")}`
        )
        .join("  ")}`
    )
  }
  const signedByPool: Record<string, { signed: number; calls: number }> = {}
  for (const v of variants) {
    if (v.id !== "inline") signedByPool[v.id] = { signed: await v.signed(), calls: given.get(v.id)! }
    await v.close()
  }

  const cells: Array<PoolCell> = []
  for (const v of POOL_VARIANTS) {
    for (const concurrency of CONCURRENCIES) {
      const mine = batches.get(`${v.id}@${concurrency}`)!
      const inline = batches.get(`inline@${concurrency}`)!
      const ratio = (pick: (b: Batch) => number) => median(mine.map((b, i) => pick(b) / pick(inline[i]!)))
      const wins = (better: (b: Batch, i: Batch) => boolean) => mine.filter((b, i) => better(b, inline[i]!)).length
      cells.push({
        variant: v.id,
        concurrency,
        mainCpu: median(mine.map((b) => b.mainCpu)),
        mainCpuRatio: ratio((b) => b.mainCpu),
        processCpu: median(mine.map((b) => b.processCpu)),
        processCpuRatio: ratio((b) => b.processCpu),
        elu: median(mine.map((b) => b.elu)),
        loopDelayP99: median(mine.map((b) => b.loopDelayP99)),
        throughput: median(mine.map((b) => b.throughput)),
        throughputRatio: ratio((b) => b.throughput),
        p50: median(mine.map((b) => b.p50)),
        p99: median(mine.map((b) => b.p99)),
        mainCpuWins: wins((b, i) => b.mainCpu < i.mainCpu),
        throughputWins: wins((b, i) => b.throughput > i.throughput)
      })
    }
  }

  log("signing pool: signing alone, by mechanism")
  const mechanisms = await makeMechanisms(info.credentials.merchantPrivateKey)
  const message = MerchantSigner.message(
    {
      method: "POST",
      target: "/v3/marketing/favor/coupon-stocks",
      body: JSON.stringify({ stock_name: "x".repeat(400) })
    },
    1_790_000_000,
    "n".repeat(32)
  )
  const mechanismRuns = new Map<string, Array<{ main: number; process: number }>>()
  try {
    for (const m of MECHANISMS) {
      await Effect.runPromise(
        Effect.forEach(Array.from({ length: 200 }), () => mechanisms.signs[m.id](message), { concurrency: 8 })
      )
    }
    for (let r = 0; r < 3; r++) {
      for (const concurrency of CONCURRENCIES) {
        for (const m of MECHANISMS) {
          const result = await measured(clock, signs, () =>
            Effect.runPromise(
              Effect.forEach(Array.from({ length: signs }), () => mechanisms.signs[m.id](message), {
                concurrency,
                discard: true
              })
            )
          )
          const key = `${m.id}@${concurrency}`
          mechanismRuns.set(key, [
            ...(mechanismRuns.get(key) ?? []),
            { main: result.mainPerOp, process: result.processPerOp }
          ])
        }
      }
    }
  } finally {
    await mechanisms.close()
  }
  const mechanismCells: Array<MechanismCell> = MECHANISMS.flatMap((m) =>
    CONCURRENCIES.map((concurrency) => {
      const runs = mechanismRuns.get(`${m.id}@${concurrency}`)!
      return {
        mechanism: m.id,
        concurrency,
        mainMicros: median(runs.map((r) => r.main)),
        processMicros: median(runs.map((r) => r.process))
      }
    })
  )

  return {
    rounds,
    calls,
    signs,
    clock,
    cells,
    mechanisms: mechanismCells,
    startup,
    signedByPool,
    cores: Os.cpus().length,
    load,
    seconds: (performance.now() - started) / 1000
  }
}

const clientRows = (results: SigningPoolResults): Array<Array<string>> => [
  [
    "variant",
    "c",
    "main-thread CPU/call (µs)",
    "× inline",
    "process CPU/call (µs)",
    "× inline",
    "event loop busy",
    "loop delay p99 (ms)",
    "calls/s",
    "× inline",
    "p50 (ms)",
    "p99 (ms)"
  ],
  ...results.cells.map((cell) => [
    cell.variant,
    String(cell.concurrency),
    f0(cell.mainCpu),
    f2(cell.mainCpuRatio),
    f0(cell.processCpu),
    f2(cell.processCpuRatio),
    `${f0(cell.elu * 100)} %`,
    f1(cell.loopDelayP99),
    f0(cell.throughput),
    f2(cell.throughputRatio),
    f2(cell.p50),
    f2(cell.p99)
  ])
]

const mechanismRows = (results: SigningPoolResults): Array<Array<string>> => [
  ["mechanism", ...CONCURRENCIES.map((c) => `main thread c=${c} (µs)`), ...CONCURRENCIES.map((c) => `process c=${c}`)],
  ...MECHANISMS.map((m) => {
    const at = (c: number) => results.mechanisms.find((x) => x.mechanism === m.id && x.concurrency === c)!
    return [
      m.label,
      ...CONCURRENCIES.map((c) => f0(at(c).mainMicros)),
      ...CONCURRENCIES.map((c) => f0(at(c).processMicros))
    ]
  })
]

const startupRows = (results: SigningPoolResults): Array<Array<string>> => [
  ["pool", "ready after (ms)", "main-thread CPU (ms)", "RSS added (MiB)"],
  ...results.startup.map((s) => [`size ${s.size}`, f1(s.readyMillis), f1(s.mainCpuMillis), f1(s.rssMiB)])
]

const cellOf = (results: SigningPoolResults, variant: VariantId, concurrency: number) =>
  results.cells.find((c) => c.variant === variant && c.concurrency === concurrency)!

const POOLS = ["pool-1", "pool-2"] as const

/**
 * What the numbers say. For each pool: the lowest concurrency from which it wins at that and every higher one, by more
 * than the run-to-run noise of a shared machine (5 % on the median ratio) and in at least 4 rounds out of 5; the
 * campaign size that pays back its start-up on the main thread; the event loop's ceiling with and without it.
 */
export const crossover = (results: SigningPoolResults) => {
  const enough = Math.ceil(0.8 * results.rounds)
  const from = (variant: VariantId, wins: (c: PoolCell) => boolean) => {
    const cells = CONCURRENCIES.map((c) => cellOf(results, variant, c))
    return cells.find((_, i) => cells.slice(i).every(wins))
  }
  const pools = POOLS.map((variant) => ({
    variant,
    mainCpuFrom: from(variant, (c) => c.mainCpuRatio < 0.95 && c.mainCpuWins >= enough),
    throughputFrom: from(variant, (c) => c.throughputRatio > 1.05 && c.throughputWins >= enough),
    bestThroughput: CONCURRENCIES.map((c) => cellOf(results, variant, c)).reduce((a, b) =>
      b.throughputRatio > a.throughputRatio ? b : a
    )
  }))
  const inline64 = cellOf(results, "inline", 64)
  const pool64 = POOLS.map((p) => cellOf(results, p, 64)).reduce((a, b) => (b.mainCpu < a.mainCpu ? b : a))
  const savedPerCall = inline64.mainCpu - pool64.mainCpu
  const startup = results.startup.find((s) => `pool-${s.size}` === pool64.variant) ?? results.startup[0]!
  return {
    pools,
    pool64,
    savedPerCall,
    startup,
    breakEvenCalls: savedPerCall > 0 ? Math.ceil((startup.mainCpuMillis * 1000) / savedPerCall) : undefined,
    ceilingInline: 1e6 / inline64.mainCpu,
    ceilingPool: 1e6 / pool64.mainCpu
  }
}

const fromText = (cell: PoolCell | undefined, pick: (c: PoolCell) => number) =>
  cell === undefined ? "at no concurrency" : `from c=${cell.concurrency} (${f2(pick(cell))}× there)`

/**
 * The stdout lines.
 *
 * @param results the measurement
 */
export const signingPoolText = (results: SigningPoolResults): string => {
  const x = crossover(results)
  return [
    "",
    `Signing on worker threads (SigningPool), ${results.rounds} interleaved rounds, main-thread clock ${results.clock}`,
    pad(clientRows(results)),
    "",
    `Signing alone, main-thread CPU per signature (${results.signs} signatures, 3 rounds)`,
    pad(mechanismRows(results)),
    "",
    pad(startupRows(results)),
    "",
    ...x.pools.map(
      (p) =>
        `Crossover ${p.variant}: main-thread CPU below inline ${fromText(p.mainCpuFrom, (c) => c.mainCpuRatio)}; throughput above inline ${fromText(p.throughputFrom, (c) => c.throughputRatio)}`
    ),
    `Start-up paid back after ${x.breakEvenCalls ?? "no"} calls`,
    `(${f0(results.seconds)} s)`
  ].join("\n")
}

/**
 * The signing-pool tables of `docs/performance.md`: how the part ran, the clients, signing alone by mechanism, the
 * pools' start-up, and the crossover (from which concurrency a pool wins, what it saves, when its start-up is paid).
 *
 * @param results the measurement
 */
export const signingPoolTables = (results: SigningPoolResults) => {
  const x = crossover(results)
  const inline1 = cellOf(results, "inline", 1)
  const inline64 = cellOf(results, "inline", 64)
  const clock =
    results.clock === "schedstat"
      ? "Linux `/proc/self/task/<pid>/schedstat` (ns)"
      : results.clock === "stat"
        ? "Linux `/proc/self/task/<pid>/stat` (10 ms ticks)"
        : "event-loop active time (no per-thread clock on this system)"
  return {
    "pool-run": markdown(
      [
        ["signing pool part", "value"],
        ["cores", String(results.cores)],
        ["load average when it started (1 min)", f2(results.load)],
        ["main-thread clock", clock],
        ["interleaved rounds", String(results.rounds)],
        ["calls per batch", CONCURRENCIES.map((c) => `${results.calls[c]} at c=${c}`).join(", ")],
        ["signatures per batch, signing alone", String(results.signs)],
        ...Object.entries(results.signedByPool).map(([id, s]) => [
          `${id}: signatures / calls`,
          `${s.signed} / ${s.calls}`
        ])
      ],
      true
    ),
    "pool-clients": markdown(clientRows(results)),
    "pool-mechanisms": markdown(mechanismRows(results)),
    "pool-startup": markdown(startupRows(results)),
    "pool-crossover": markdown(
      [
        ["crossover", "value"],
        ...x.pools.flatMap((p) => [
          [`${p.variant}: main-thread CPU below inline`, fromText(p.mainCpuFrom, (c) => c.mainCpuRatio)],
          [
            `${p.variant}: throughput above inline`,
            `${fromText(p.throughputFrom, (c) => c.throughputRatio)}; best ${f2(p.bestThroughput.throughputRatio)}× at c=${p.bestThroughput.concurrency}`
          ]
        ]),
        [
          `main-thread CPU per call at c=64, inline / ${x.pool64.variant}`,
          `${f0(inline64.mainCpu)} / ${f0(x.pool64.mainCpu)} µs (${f0(x.savedPerCall)} µs saved)`
        ],
        [
          `${x.startup.size}-worker pool start-up: main-thread CPU, ready after, RSS`,
          `${f1(x.startup.mainCpuMillis)} ms, ${f1(x.startup.readyMillis)} ms, ${f1(x.startup.rssMiB)} MiB`
        ],
        ["start-up paid back after", x.breakEvenCalls === undefined ? "never" : `${x.breakEvenCalls} calls`],
        [
          "one process's ceiling at c=64 (1 s ÷ main-thread CPU per call), inline / pool",
          `${f0(x.ceilingInline)} / ${f0(x.ceilingPool)} calls/s`
        ],
        [
          `loop delay p99 at c=64, inline / ${x.pool64.variant}`,
          `${f1(inline64.loopDelayP99)} / ${f1(x.pool64.loopDelayP99)} ms`
        ],
        ["inline at c=1: p50; at c=64: event loop busy", `${f2(inline1.p50)} ms; ${f0(inline64.elu * 100)} %`]
      ],
      true
    )
  }
}
