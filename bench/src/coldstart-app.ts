/**
 * The application whose cold start `coldstart.ts` measures: what a service that talks to WeChat Pay does before its
 * first call. It imports what it uses by path (`@effect-wechatpay/api/WechatPay`, `effect/Layer`), not through the
 * packages' indexes; reads its configuration from the `WECHATPAY_*` environment variables (`WechatPay.layerConfig()`);
 * builds the client over `NodeTransport` on a `ManagedRuntime` (keys parsed, middleware wired) and is then ready. It
 * makes one call (`Busifavor.queryStock` of `BENCH_STOCK_ID`, on a new connection) to prove it, and reports to its
 * parent.
 *
 * `coldstart.ts` builds it several ways (its `RECIPES`): only its own code compiled, the packages loaded from
 * `node_modules`; and the whole application bundled and tree-shaken by esbuild into one file. `effect3.ts` bundles
 * this same file against the last Effect 3 commit, so it uses only what both majors share: `ManagedRuntime.make`,
 * `runPromise` (of the client's tag, which is an Effect on both: ready is the client built), `dispose`. Times are
 * `performance.now()`, which Node counts from the start of the process.
 */
import * as Busifavor from "@effect-wechatpay/api/Busifavor"
import * as NodeTransport from "@effect-wechatpay/api/NodeTransport"
import * as WechatPay from "@effect-wechatpay/api/WechatPay"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { reportColdStart } from "./coldstart-report.js"

const loaded = performance.now()
const runtime = ManagedRuntime.make(WechatPay.layerConfig().pipe(Layer.provide(NodeTransport.layer())))
await runtime.runPromise(WechatPay.WechatPayClient)
const ready = performance.now()
const cpuUsage = process.cpuUsage()

const stockId = process.env["BENCH_STOCK_ID"] ?? ""
const stock = await runtime.runPromise(Busifavor.queryStock({ stock_id: stockId }))
const firstCall = performance.now()
if (stock.stock_id !== stockId) throw new Error("cold start: wrong answer")
await runtime.dispose()

reportColdStart(loaded, ready, firstCall, cpuUsage)
