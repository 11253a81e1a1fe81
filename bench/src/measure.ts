/**
 * One batch: `calls` calls of the mix at a given concurrency, timing each call and the bench process's CPU.
 */
import { PerformanceObserver } from "node:perf_hooks"
import type { GatewayInfo, Variant } from "./protocol.js"
import { type CallKind, LIST_LIMIT, MIX } from "./protocol.js"

/** What one batch measured. */
export interface Batch {
  readonly calls: number
  readonly concurrency: number
  /** User + system CPU of this process during the batch, microseconds per call. */
  readonly cpuMicrosPerCall: number
  readonly p50Millis: number
  readonly p99Millis: number
  /** Calls per second of wall time. */
  readonly throughput: number
  /** Main-thread garbage-collection pauses during the batch (node's `gc` performance entries), microseconds per call. */
  readonly gcMicrosPerCall: number
}

/**
 * The value at quantile `q` of sorted numbers (nearest rank).
 *
 * @param sorted ascending
 * @param q in 0..1
 */
export const quantile = (sorted: ArrayLike<number>, q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!

/**
 * The median of some numbers.
 *
 * @param values any order
 */
export const median = (values: ReadonlyArray<number>): number =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5
  )

/**
 * Checks a call's answer: a query answers the seeded id, a create answers a numeric stock id, a list a full page.
 *
 * @param info the gateway, for the seeded ids
 * @param kind the call
 * @param value what the variant answered
 */
export const checkAnswer = (info: GatewayInfo, kind: CallKind, value: string): boolean => {
  switch (kind) {
    case "queryStock":
      return value === info.ids.stockId
    case "queryCoupon":
      return value === info.ids.couponCode
    case "createCouponStock":
      return /^\d+$/.test(value)
    case "listStocks":
      return value === String(LIST_LIMIT)
  }
}

/**
 * The calls of one batch, `concurrency` at a time, each timed and its answer checked. `run` makes them; `finish`
 * answers the sorted latencies (ms), or throws for the first wrong answer (so a broken variant cannot look fast).
 *
 * @param info the gateway
 * @param call the variant's call
 * @param calls how many calls
 * @param concurrency how many calls in flight
 * @param offset the number of the first call
 * @param mix the calls, in turn
 */
export const drive = (
  info: GatewayInfo,
  call: Variant["call"],
  calls: number,
  concurrency: number,
  offset: number,
  mix: ReadonlyArray<CallKind>
) => {
  const latencies = new Float64Array(calls)
  let next = 0
  let wrong: string | undefined
  const worker = async (): Promise<void> => {
    while (next < calls) {
      const i = next++
      const n = offset + i
      const start = performance.now()
      const kind = mix[n % mix.length]!
      const value = await call(n, kind)
      latencies[i] = performance.now() - start
      if (wrong === undefined && !checkAnswer(info, kind, value)) wrong = `call ${n} (${kind}) answered ${value}`
    }
  }
  return {
    run: (): Promise<void> =>
      Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker)).then(() => undefined),
    finish: (label: string): Float64Array => {
      if (wrong !== undefined) throw new Error(`${label}: wrong answer: ${wrong}`)
      return latencies.sort()
    }
  }
}

/**
 * Runs a batch; any failed call or wrong answer rejects, so a broken variant cannot look fast.
 *
 * @param info the gateway
 * @param variant the client
 * @param calls how many calls
 * @param concurrency how many calls in flight
 * @param offset the number of the first call (so batches cycle through the mix and the create ids)
 * @param mix the calls, in turn
 */
export const runBatch = async (
  info: GatewayInfo,
  variant: Variant,
  calls: number,
  concurrency: number,
  offset = 0,
  mix: ReadonlyArray<CallKind> = MIX
): Promise<Batch> => {
  const driven = drive(info, variant.call, calls, concurrency, offset, mix)
  // GC pauses: entries are delivered asynchronously, so the observer is drained with takeRecords at the end and
  // only entries that started inside the batch count.
  let gcMillis = 0
  const t0 = performance.now()
  const countGc = (entries: ReadonlyArray<PerformanceEntry>) => {
    for (const entry of entries) if (entry.startTime >= t0) gcMillis += entry.duration
  }
  const gc = new PerformanceObserver((list) => countGc(list.getEntries()))
  gc.observe({ entryTypes: ["gc"] })
  const cpu0 = process.cpuUsage()
  await driven.run()
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  countGc(gc.takeRecords())
  gc.disconnect()
  const latencies = driven.finish(variant.id)
  return {
    calls,
    concurrency,
    cpuMicrosPerCall: (cpu.user + cpu.system) / calls,
    p50Millis: quantile(latencies, 0.5),
    p99Millis: quantile(latencies, 0.99),
    throughput: (calls * 1000) / wall,
    gcMicrosPerCall: (gcMillis * 1000) / calls
  }
}
