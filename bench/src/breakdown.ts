/**
 * Where the CPU of a call goes: one variant's calls under the inspector's sampling profiler, each sample put in a
 * category (RSA signing, response decoding, the Effect runtime, node:http, …), so the gap between our client and the
 * floor can be read category by category, at c=1 and at c=64. The profiler slows everything down; shares are what it measures, and the
 * report scales them by the CPU per call of the unprofiled rounds.
 */
import { Session } from "node:inspector/promises"
import { runBatch } from "./measure.js"
import { type CallKind, type GatewayInfo, MIX, resetGateway, type Variant } from "./protocol.js"

/** A V8 CPU profile, as the inspector answers `Profiler.stop`. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number
    readonly callFrame: { readonly functionName: string; readonly url: string }
    readonly children?: ReadonlyArray<number>
  }>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

/**
 * Runs `calls` calls of `variant` (after a short warm-up) under the sampling profiler and returns the profile and
 * the profiled CPU per call.
 *
 * @param info the gateway
 * @param variant the client
 * @param calls measured calls, in batches of 1000
 * @param concurrency calls in flight
 * @param offset the first call's number
 * @param mix the calls, in turn
 * @param setup after each reset of the gateway: what the mix needs to find there
 */
export const profileVariant = async (
  info: GatewayInfo,
  variant: Variant,
  calls: number,
  concurrency: number,
  offset = 0,
  mix: ReadonlyArray<CallKind> = MIX,
  setup: () => Promise<void> = async () => {}
): Promise<{ readonly profile: CpuProfile; readonly cpuMicrosPerCall: number; readonly calls: number }> => {
  await resetGateway(info)
  await setup()
  await runBatch(info, variant, 300, concurrency, offset, mix)
  let next = offset + 300
  let cpu = 0
  const session = new Session()
  session.connect()
  try {
    await session.post("Profiler.enable")
    await session.post("Profiler.setSamplingInterval", { interval: 100 })
    await session.post("Profiler.start")
    for (let done = 0; done < calls; done += 1000) {
      await resetGateway(info)
      await setup()
      const batch = await runBatch(info, variant, Math.min(1000, calls - done), concurrency, next, mix)
      next += batch.calls
      cpu += batch.cpuMicrosPerCall * batch.calls
    }
    const { profile } = await session.post("Profiler.stop")
    return { profile: profile as unknown as CpuProfile, cpuMicrosPerCall: cpu / calls, calls: next - offset }
  } finally {
    session.disconnect()
  }
}

/** The categories, in the order the report lists them. */
export const CATEGORIES = [
  "RSA sign (node:crypto)",
  "RSA verify (node:crypto)",
  "JSON.parse",
  "response decode (Schema)",
  "request validation (Schema)",
  "signing and verification bookkeeping",
  "node:http, sockets, streams, timers",
  "Effect runtime (fibers, spans, combinators)",
  "effect/http, @effect/platform-node",
  "this library (executor, transport)",
  "wechatpay-axios-plugin and axios",
  "garbage collector",
  "bench harness and other"
] as const

/** One of {@link CATEGORIES}. */
export type Category = (typeof CATEGORIES)[number]

/**
 * Functions that name their category wherever they appear on the stack; a sample goes to the marker nearest to its
 * leaf (`safeJson` inside `decodeSuccess` is JSON.parse, not decoding).
 */
const MARKERS: Readonly<Record<string, Category>> = {
  signOneShot: "RSA sign (node:crypto)",
  verifyOneShot: "RSA verify (node:crypto)",
  safeJson: "JSON.parse",
  parseJson: "JSON.parse",
  parse: "JSON.parse",
  decodeSuccess: "response decode (Schema)",
  prepare: "request validation (Schema)",
  authorizeAt: "signing and verification bookkeeping",
  verifyAt: "signing and verification bookkeeping",
  randomBytes: "signing and verification bookkeeping"
}

/** The category of a frame by where its code lives, when no marker is on the stack. */
const byUrl = (url: string): Category | undefined => {
  if (url === "") return undefined
  if (url.startsWith("node:")) return "node:http, sockets, streams, timers"
  if (url.includes("/packages/crypto/") || url.includes("@effect-wechatpay/crypto"))
    return "signing and verification bookkeeping"
  if (url.includes("/packages/schema/") || url.includes("@effect-wechatpay/schema")) return "response decode (Schema)"
  if (url.includes("/packages/api/") || url.includes("@effect-wechatpay/api"))
    return "this library (executor, transport)"
  if (url.includes("@effect/platform-node") || url.includes("/effect/dist/http/")) {
    return "effect/http, @effect/platform-node"
  }
  if (url.includes("/effect/")) return "Effect runtime (fibers, spans, combinators)"
  if (url.includes("axios")) return "wechatpay-axios-plugin and axios"
  return "bench harness and other"
}

/**
 * Shares of the profile's non-idle samples per category (by count).
 *
 * @param profile a profile from {@link profileVariant}
 */
export const categorise = (profile: CpuProfile): Record<Category, number> => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const categoryOf = (leaf: number): Category | undefined => {
    const frame = byId.get(leaf)!.callFrame
    if (frame.functionName === "(garbage collector)") return "garbage collector"
    if (frame.functionName === "(idle)") return undefined
    let firstUrl: Category | undefined
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const { functionName, url } = byId.get(id)!.callFrame
      // node:crypto's streaming `Sign.sign` / `Verify.verify` (wechatpay-axios-plugin's) count as RSA as well.
      if (url === "node:internal/crypto/sig" && (functionName === "sign" || functionName === "verify")) {
        return functionName === "sign" ? "RSA sign (node:crypto)" : "RSA verify (node:crypto)"
      }
      const marker = Object.hasOwn(MARKERS, functionName) ? MARKERS[functionName] : undefined
      // `parse` is JSON.parse only as a native frame (no url); a module's own `parse` is not a marker.
      if (marker !== undefined && !(functionName === "parse" && url !== "")) return marker
      if (firstUrl === undefined) firstUrl = byUrl(url)
    }
    return firstUrl ?? "bench harness and other"
  }
  const totals = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>
  let all = 0
  // Samples are counted, not weighted by their time deltas: on a shared machine a descheduled process leaves one
  // long delta that would charge its whole gap to whatever happened to be sampled next.
  for (const sample of profile.samples) {
    const category = categoryOf(sample)
    if (category === undefined) continue
    totals[category] += 1
    all += 1
  }
  for (const c of CATEGORIES) totals[c] = all === 0 ? 0 : totals[c] / all
  return totals
}
