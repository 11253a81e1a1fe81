/**
 * Cold start, in a fresh child process on plain node (built to JavaScript by `build.ts`, forked by `main.ts`,
 * which sends the gateway's details): how long until the first call could be made, then the first call itself.
 *
 * - `client`: `import("effect")` and `@effect/platform` (the peer dependencies), `import("@effect-wechatpay/api")`,
 *   then build the layer over its `NodeTransport` (keys parsed, middleware wired) on a `ManagedRuntime`.
 * - `floor`: `import("node:http")`, `import("node:crypto")` and the floor module, then `createPrivateKey`,
 *   `createPublicKey` and a keep-alive agent.
 */
import { type GatewayInfo, isGatewayInfo, MIX } from "./protocol.js"

/** What one cold start measured, milliseconds: the phases until a call could be made, then the first call. */
export interface ColdStart {
  readonly _tag: "ColdStart"
  readonly mode: "client" | "floor"
  readonly phases: ReadonlyArray<{ readonly name: string; readonly millis: number }>
  readonly firstCallMillis: number
}

/**
 * Type guard for the child's report.
 *
 * @param u an IPC message
 */
export const isColdStart = (u: unknown): u is ColdStart =>
  typeof u === "object" && u !== null && (u as { readonly _tag?: unknown })._tag === "ColdStart"

const client = async (info: GatewayInfo): Promise<ColdStart> => {
  const t0 = performance.now()
  const { Layer, ManagedRuntime, Redacted } = await import("effect")
  await import("@effect/platform")
  const t1 = performance.now()
  const { Busifavor, NodeTransport, WechatPay } = await import("@effect-wechatpay/api")
  const t2 = performance.now()
  const runtime = ManagedRuntime.make(
    WechatPay.layer({
      mchid: info.credentials.mchid,
      merchantSerialNumber: info.credentials.merchantSerialNumber,
      merchantPrivateKey: Redacted.make(info.credentials.merchantPrivateKey),
      wechatpayPublicKey: info.credentials.wechatpayPublicKey,
      baseUrl: info.baseUrl
    }).pipe(Layer.provide(NodeTransport.layer()))
  )
  await runtime.runtime()
  const t3 = performance.now()
  const stock = await runtime.runPromise(Busifavor.queryStock({ stock_id: info.ids.stockId }))
  const t4 = performance.now()
  if (stock.stock_id !== info.ids.stockId) throw new Error("cold start: wrong answer")
  await runtime.dispose()
  return {
    _tag: "ColdStart",
    mode: "client",
    phases: [
      { name: "import effect + @effect/platform", millis: t1 - t0 },
      { name: "import @effect-wechatpay/api", millis: t2 - t1 },
      { name: "build the layer (keys parsed)", millis: t3 - t2 }
    ],
    firstCallMillis: t4 - t3
  }
}

const floor = async (info: GatewayInfo): Promise<ColdStart> => {
  const t0 = performance.now()
  await import("node:http")
  await import("node:crypto")
  const { makeFloor } = await import("./floor.js")
  const t1 = performance.now()
  const f = makeFloor(info.baseUrl, info.credentials)
  const t2 = performance.now()
  const stock = (await f.request("GET", `/v3/marketing/busifavor/stocks/${info.ids.stockId}`)) as {
    readonly stock_id?: unknown
  }
  const t3 = performance.now()
  if (stock.stock_id !== info.ids.stockId || MIX[0] !== "queryStock") throw new Error("cold start: wrong answer")
  f.close()
  return {
    _tag: "ColdStart",
    mode: "floor",
    phases: [
      { name: "import node:http, node:crypto, the floor", millis: t1 - t0 },
      { name: "parse keys, make the agent", millis: t2 - t1 }
    ],
    firstCallMillis: t3 - t2
  }
}

const mode = process.argv[2] === "floor" ? "floor" : "client"
process.once("message", (message: unknown) => {
  if (!isGatewayInfo(message)) return
  ;(mode === "floor" ? floor(message) : client(message)).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    }
  )
})
