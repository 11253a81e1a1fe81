/**
 * Memory, in a child process started with `--expose-gc` (forked by `main.ts`, which sends the gateway's details):
 *
 * 1. One client (`NodeTransport`, keep-alive) makes `--calls` calls (default 20,000) of the mix, 8 at a time; after the
 *    first tenth and at every further tenth, GC is forced twice and heapUsed/RSS recorded.
 * 2. 100 merchants' clients in one process: 100 `WechatPay.layer`s (each its own runtime, keys and state) over one
 *    shared HttpClient, one call each; heap and RSS against before they existed.
 */
import { WechatPay } from "@effect-wechatpay/api"
import { Layer, ManagedRuntime } from "effect"
import { HttpClient } from "effect/http"
import { clientOptions, effectCall, transportLayer } from "./effectClient.js"
import { checkAnswer } from "./measure.js"
import { type GatewayInfo, isGatewayInfo, MIX, resetGateway } from "./protocol.js"

/** One heap/RSS reading after forced GC. */
export interface MemoryPoint {
  readonly calls: number
  readonly heapUsed: number
  readonly rss: number
}

/** What the memory child reports. */
export interface MemoryReport {
  readonly _tag: "MemoryReport"
  readonly points: ReadonlyArray<MemoryPoint>
  readonly merchants: number
  readonly merchantsHeapDelta: number
  readonly merchantsRssDelta: number
}

/**
 * Type guard for the child's report.
 *
 * @param u an IPC message
 */
export const isMemoryReport = (u: unknown): u is MemoryReport =>
  typeof u === "object" && u !== null && (u as { readonly _tag?: unknown })._tag === "MemoryReport"

const collect = (): { heapUsed: number; rss: number } => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error("memory.ts needs node --expose-gc")
  gc()
  gc()
  const usage = process.memoryUsage()
  return { heapUsed: usage.heapUsed, rss: usage.rss }
}

const run = async (info: GatewayInfo, total: number, merchants: number): Promise<MemoryReport> => {
  const transport = ManagedRuntime.make(transportLayer("NodeTransport"))
  const httpClient = Layer.succeed(HttpClient.HttpClient, await transport.runPromise(HttpClient.HttpClient))
  const runtime = ManagedRuntime.make(WechatPay.layer(clientOptions(info)).pipe(Layer.provide(httpClient)))
  const step = total / 10
  const points: Array<MemoryPoint> = []
  let n = 0
  for (let checkpoint = step; checkpoint <= total; checkpoint += step) {
    await resetGateway(info)
    const end = checkpoint
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (n < end) {
          const i = n++
          const value = await runtime.runPromise(effectCall(info, i))
          if (!checkAnswer(info, MIX[i % 3]!, value)) throw new Error(`memory: call ${i} answered ${value}`)
        }
      })
    )
    points.push({ calls: checkpoint, ...collect() })
  }
  await runtime.dispose()

  await resetGateway(info)
  const before = collect()
  const runtimes = Array.from({ length: merchants }, () =>
    ManagedRuntime.make(WechatPay.layer(clientOptions(info)).pipe(Layer.provide(httpClient)))
  )
  for (const [i, merchant] of runtimes.entries()) {
    const value = await merchant.runPromise(effectCall(info, i))
    if (!checkAnswer(info, MIX[i % 3]!, value)) throw new Error(`memory: merchant ${i} answered ${value}`)
  }
  const after = collect()
  const report: MemoryReport = {
    _tag: "MemoryReport",
    points,
    merchants,
    merchantsHeapDelta: after.heapUsed - before.heapUsed,
    merchantsRssDelta: after.rss - before.rss
  }
  for (const merchant of runtimes) await merchant.dispose()
  await transport.dispose()
  return report
}

const total = Number(process.argv[2] ?? 20_000)
process.once("message", (message: unknown) => {
  if (!isGatewayInfo(message)) return
  run(message, total, 100).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    }
  )
})
