/**
 * The sandbox of `pnpm bench:campaign`, in its own process (forked by `campaign.ts`), so that the campaign's CPU is
 * measured apart from the sandbox's: it starts one sandbox (public-key signing, a request log of 1,000 entries: the
 * bench reads the sandbox's state, not its log), sends its address and credentials over IPC, and answers two
 * messages: `seed` (a 商家券 stock with room for the campaign) and `stats` (this process's CPU and memory).
 */
import { Sandbox } from "@effect-wechatpay/sandbox"
import { Effect, Redacted } from "effect"
import type { ChildStats, SandboxMessage, SandboxReply } from "./campaignProtocol.js"
import { childStats } from "./campaignProtocol.js"

const program = Effect.gen(function* () {
  const sandbox = yield* Sandbox.make({ signingMode: "publicKey", platformCertificates: false })
  const reply = (message: SandboxReply) => process.send?.(message)
  process.on("message", (message: SandboxMessage) => {
    if (message.type === "seed") {
      const stock = Sandbox.defaultBusifavorStock(sandbox.credentials.mchid)
      Effect.runPromise(
        sandbox.seedBusifavorStock({
          ...stock,
          stock_id: message.stockId,
          coupon_code_mode: "WECHATPAY_MODE",
          coupon_code_count: null,
          send_count_information: { total_send_num: 0, total_send_amount: 0, today_send_num: 0, today_send_amount: 0 },
          // Budget for every user twice over, and up to 5 coupons per user: a duplicate send would be issued and
          // counted (total_send_num above the users), not refused.
          stock_send_rule: {
            ...stock.stock_send_rule,
            max_coupons: message.users * 2,
            max_coupons_by_day: message.users * 2,
            max_coupons_per_user: 5,
            max_amount: 1_000_000_000_000,
            max_amount_by_day: 1_000_000_000_000
          }
        })
      ).then(() => reply({ type: "seeded" }))
    } else if (message.type === "stats") {
      const stats: ChildStats = childStats()
      reply({ type: "stats", stats })
    }
  })
  const { credentials } = sandbox
  reply({
    type: "ready",
    baseUrl: sandbox.baseUrl,
    credentials: {
      mchid: credentials.mchid,
      merchantSerialNumber: credentials.merchantSerialNumber,
      merchantPrivateKey: Redacted.value(credentials.merchantPrivateKey),
      apiV3Key: Redacted.value(credentials.apiV3Key),
      wechatpayPublicKey: credentials.wechatpayPublicKey
    },
    appid: Sandbox.defaults.appid
  })
  return yield* Effect.never
}).pipe(Effect.scoped)

process.on("disconnect", () => process.exit(0))
Effect.runFork(program)
