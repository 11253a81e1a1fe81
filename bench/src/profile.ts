/**
 * Runs one variant alone against the gateway, for a CPU profile of the client:
 *
 *   cd bench && tsx src/build.ts && node node_modules/.cache/effect-wechatpay-bench/profile.mjs [variant] [calls] [concurrency]
 *
 * `variant` is one of effect-node (default), effect-NodeTransport, effect-NodeTransport-untraced, effect-undici, effect-fetch, effect-bare, floor, axios. After a warm-up, the
 * measured calls run under the inspector's CPU profiler; the profile is written to `bench/.prof/<variant>.cpuprofile`
 * (open it in Chrome DevTools or speedscope) and its shares per category (`breakdown.ts`) are printed.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { CATEGORIES, categorise, profileVariant } from "./breakdown.js"
import { benchDir, firstMessage, forkScript } from "./children.js"
import { makeEffectVariant } from "./effectClient.js"
import { makeAxiosVariant, makeBareVariant, makeFloorVariant } from "./peers.js"
import { type GatewayInfo, isGatewayInfo, type Variant } from "./protocol.js"

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
    case "effect-NodeTransport-untraced":
      return makeEffectVariant(info, "NodeTransport", { tracer: false })
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
    const profiled = await profileVariant(info, variant, calls, Number(concurrencyArg))
    const file = Path.join(benchDir, ".prof", `${variant.id}.cpuprofile`)
    Fs.mkdirSync(Path.dirname(file), { recursive: true })
    Fs.writeFileSync(file, JSON.stringify(profiled.profile))
    console.log(
      `${variant.id}: ${profiled.cpuMicrosPerCall.toFixed(0)} µs CPU per call over ${calls} calls at c=${concurrencyArg} (profiled)`
    )
    const shares = categorise(profiled.profile)
    for (const category of CATEGORIES) console.log(`${(100 * shares[category]).toFixed(1).padStart(6)} %  ${category}`)
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
