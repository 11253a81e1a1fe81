/**
 * The floor's cold start (`coldstart.ts`): the same credentials from the same environment variables as
 * `coldstart-app.ts`, then `makeFloor` (node:crypto KeyObjects, a keep-alive agent: `floor.ts`) and one
 * `queryStock` on a new connection. node:http and node:crypto only.
 */
import { reportColdStart } from "./coldstart-report.js"
import { makeFloor } from "./floor.js"

const loaded = performance.now()
const env = (name: string): string => process.env[name] ?? ""
const floor = makeFloor(env("WECHATPAY_BASE_URL"), {
  mchid: env("WECHATPAY_MCHID"),
  merchantSerialNumber: env("WECHATPAY_MERCHANT_SERIAL_NUMBER"),
  merchantPrivateKey: env("WECHATPAY_MERCHANT_PRIVATE_KEY"),
  apiV3Key: env("WECHATPAY_APIV3_KEY"),
  wechatpayPublicKey: { id: env("WECHATPAY_PUBLIC_KEY_ID"), key: env("WECHATPAY_PUBLIC_KEY") }
})
const ready = performance.now()
const cpuUsage = process.cpuUsage()

const stockId = env("BENCH_STOCK_ID")
const stock = (await floor.request("GET", `/v3/marketing/busifavor/stocks/${stockId}`)) as { stock_id?: unknown }
const firstCall = performance.now()
if (stock.stock_id !== stockId) throw new Error("cold start: wrong answer")
floor.close()

reportColdStart(loaded, ready, firstCall, cpuUsage)
