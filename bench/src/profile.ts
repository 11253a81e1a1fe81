/**
 * Runs one variant alone against the gateway, for a CPU profile of the client:
 *
 *   cd bench && tsx src/build.ts && node node_modules/.cache/effect-wechatpay-bench/profile.mjs [variant] [calls] [concurrency]
 *
 * `variant` is one of effect-node (default), effect-NodeTransport, effect-undici, effect-fetch, effect-bare, floor, axios. After a warm-up, the
 * measured calls run under the inspector's CPU profiler; the profile is written to `bench/.prof/<variant>.cpuprofile`
 * (open it in Chrome DevTools or speedscope).
 */
import * as Fs from "node:fs"
import { Session } from "node:inspector/promises"
import * as Path from "node:path"
import { benchDir, firstMessage, forkScript } from "./children.js"
import { makeEffectVariant } from "./effectClient.js"
import { runBatch } from "./measure.js"
import { makeAxiosVariant, makeBareVariant, makeFloorVariant } from "./peers.js"
import { type GatewayInfo, isGatewayInfo, resetGateway, type Variant } from "./protocol.js"

const [id = "effect-node", callsArg = "3000", concurrencyArg = "8"] = process.argv.slice(2)

const makeVariant = (info: GatewayInfo): Promise<Variant> | Variant => {
  switch (id) {
    case "effect-node":
      return makeEffectVariant(info, "node")
    case "effect-undici":
      return makeEffectVariant(info, "undici")
    case "effect-fetch":
      return makeEffectVariant(info, "fetch")
    case "effect-NodeTransport":
      return makeEffectVariant(info, "NodeTransport")
    case "floor":
      return makeFloorVariant(info)
    case "axios":
      return makeAxiosVariant(info)
    case "effect-bare":
      return makeBareVariant(info)
    default:
      throw new Error(`unknown variant ${id}`)
  }
}

const main = async () => {
  const gateway = forkScript("gateway")
  try {
    const info = await firstMessage(gateway, isGatewayInfo)
    const variant = await makeVariant(info)
    const calls = Number(callsArg)
    const concurrency = Number(concurrencyArg)
    await runBatch(info, variant, 600, concurrency)
    let offset = 600
    let cpu = 0
    const session = new Session()
    session.connect()
    await session.post("Profiler.enable")
    await session.post("Profiler.setSamplingInterval", { interval: 100 })
    await session.post("Profiler.start")
    for (let done = 0; done < calls; done += 1000) {
      await resetGateway(info)
      const batch = await runBatch(info, variant, Math.min(1000, calls - done), concurrency, offset)
      offset += batch.calls
      cpu += batch.cpuMicrosPerCall * batch.calls
    }
    const { profile } = await session.post("Profiler.stop")
    session.disconnect()
    const file = Path.join(benchDir, ".prof", `${variant.id}.cpuprofile`)
    Fs.mkdirSync(Path.dirname(file), { recursive: true })
    Fs.writeFileSync(file, JSON.stringify(profile))
    console.log(
      `${variant.id}: ${(cpu / calls).toFixed(0)} µs CPU per call over ${calls} calls at c=${concurrency} (profiled)`
    )
    console.log(`profile: ${file}`)
    await variant.close()
  } finally {
    gateway.kill()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
