/**
 * The durable part of a campaign: a workflow per chunk of users (`effect/workflow`, run by whatever
 * `WorkflowEngine` the application provides: the cluster engine over SQL in both the embedded and the distributed
 * mode), whose one activity sends the chunk's pending users. Each send's `out_request_no` is derived from
 * (campaign id, openid), so a send repeated after a crash, a redelivery or a retry is answered by WeChat Pay as the
 * first one; each user's outcome is written to SQL as soon as it is known, so a chunk that runs again sends only the
 * users still pending.
 */
import { createHash } from "node:crypto"
import * as Busifavor from "@effect-wechatpay/api/Busifavor"
import * as Favor from "@effect-wechatpay/api/Favor"
import type { WechatPayClient } from "@effect-wechatpay/api/WechatPay"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as Activity from "effect/workflow/Activity"
import * as Workflow from "effect/workflow/Workflow"
import type { WorkflowEngine } from "effect/workflow/WorkflowEngine"
import { CampaignLimiter, type Rate } from "../CampaignLimiter.js"
import { StockExhausted, Target } from "./model.js"
import type { CampaignRow, UserRow } from "./store.js"

/** The request number of the send to `openid` in campaign `campaignId`: 32 characters, `C` and 31 hex digits. */
export const requestNumber = (campaignId: string, openid: string): string =>
  `C${createHash("sha256").update(campaignId).update("\u0000").update(openid).digest("hex").slice(0, 31)}`

/** The descriptor of the endpoint a target sends with. */
export const endpointOf = (target: typeof Target.Type) =>
  target._tag === "Busifavor" ? Busifavor.SendCouponEndpoint : Favor.SendCouponEndpoint

/** The rate a campaign sends at when neither it nor the descriptor gives one. */
export const fallbackRate: Rate = { requests: 100, per: "1 second" }

/** The rate of a campaign: its own, else the descriptor's documented limit, else {@link fallbackRate}. */
export const rateOf = (target: typeof Target.Type, row: Pick<CampaignRow, "rate_requests" | "rate_per_ms">): Rate => {
  if (row.rate_requests !== null && row.rate_per_ms !== null) {
    return { requests: Number(row.rate_requests), per: Duration.millis(Number(row.rate_per_ms)) }
  }
  const documented = endpointOf(target).rateLimit
  return documented === undefined ? fallbackRate : { requests: documented.requests, per: documented.per }
}

/** The chunk summary the activity returns. */
export const ChunkSummary = Schema.Struct({
  sent: Schema.Number,
  failed: Schema.Number,
  paused: Schema.Number
})

/** One chunk of a campaign: the users whose line is in `[first, last]`, in round `epoch` (raised by each resume). */
export const ChunkWorkflow = Workflow.make("@effect-wechatpay/campaign/Chunk", {
  payload: {
    campaignId: Schema.String,
    epoch: Schema.Number,
    first: Schema.Number,
    last: Schema.Number
  },
  success: ChunkSummary,
  idempotencyKey: ({ campaignId, epoch, first }) => `${campaignId}/${epoch}/${first}`
})

/** How many sends of one chunk run at once. */
export const chunkConcurrency = 16

/** How many times a send answered FREQUENCY_LIMITED or 429 is sent again (same request number) before it fails. */
export const maxThrottledAttempts = 50

interface SendFailure {
  readonly _tag: string
  readonly code?: string | undefined
  readonly message?: string | undefined
  readonly status?: number | undefined
}

/** How many times a send that failed in transit or with a 5xx is sent again (same request number) before it fails. */
export const maxTransientAttempts = 10

/** A failure that says nothing about the send: a transport failure, a timeout, a 5xx (`SYSTEM_ERROR`). */
const isTransient = (error: SendFailure) =>
  error._tag === "TransportError" || (error.status !== undefined && error.status >= 500)

const isThrottled = (error: SendFailure) =>
  error._tag === "FrequencyLimited" || error._tag === "FrequencyLimitExceed" || error.status === 429

const decodeTarget = Schema.decodeUnknownSync(Schema.fromJsonString(Target))

/** Whether a failure says the stock is out of budget: 代金券 `NOT_ENOUGH`; 商家券 `INVALID_REQUEST` whose stock's counts reached a limit. */
const exhaustion = (
  target: typeof Target.Type,
  error: SendFailure
): Effect.Effect<StockExhausted | undefined, never, WechatPayClient> => {
  if (target._tag === "Favor") {
    return Effect.succeed(
      error._tag === "NotEnough"
        ? new StockExhausted({
            stockId: target.stockId,
            code: error.code ?? "NOT_ENOUGH",
            message: error.message ?? ""
          })
        : undefined
    )
  }
  if (error._tag !== "InvalidRequest") return Effect.succeed(undefined)
  // 商家券 documents no code for a stock out of budget: the stock's own counts say whether one of its limits is reached.
  return Busifavor.queryStock({ stock_id: target.stockId } as never).pipe(
    Effect.map((stock): StockExhausted | undefined => {
      const rule = (stock as unknown as { readonly stock_send_rule?: Record<string, unknown> }).stock_send_rule ?? {}
      const counts =
        (stock as unknown as { readonly send_count_information?: Record<string, unknown> }).send_count_information ?? {}
      const reached = (max: unknown, used: unknown) =>
        max !== undefined && max !== null && Number(used ?? 0) >= Number(max)
      const full =
        reached(rule.max_coupons, counts.total_send_num) ||
        reached(rule.max_coupons_by_day, counts.today_send_num) ||
        reached(rule.max_amount, counts.total_send_amount) ||
        reached(rule.max_amount_by_day, counts.today_send_amount)
      return full
        ? new StockExhausted({
            stockId: target.stockId,
            code: error.code ?? "INVALID_REQUEST",
            message: error.message ?? ""
          })
        : undefined
    }),
    Effect.catch(() => Effect.succeed(undefined))
  )
}

/** Sends one coupon; answers the coupon (代金券 `coupon_id`, 商家券 `coupon_code`). */
const sendOne = (
  target: typeof Target.Type,
  openid: string,
  outRequestNo: string
): Effect.Effect<string, SendFailure, WechatPayClient> =>
  target._tag === "Favor"
    ? Favor.sendCoupon({
        openid,
        stock_id: target.stockId,
        stock_creator_mchid: target.stockCreatorMchid,
        appid: target.appid,
        out_request_no: outRequestNo
      } as never).pipe(Effect.map((answer) => String((answer as { readonly coupon_id?: unknown }).coupon_id ?? "")))
    : Busifavor.sendCoupon({
        openid,
        appid: target.appid,
        stock_id: target.stockId,
        out_request_no: outRequestNo
      } as never).pipe(Effect.map((answer) => String(answer.result.coupon_code ?? "")))

/** Sends a chunk's pending users; writes each outcome; pauses the campaign when the stock runs out. */
export const runChunk = (payload: typeof ChunkWorkflow.payloadSchema.Type) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const limiter = yield* CampaignLimiter
    const [campaign] = yield* sql<CampaignRow>`SELECT * FROM wechatpay_campaign WHERE id = ${payload.campaignId}`
    if (campaign === undefined || campaign.status !== "running" || Number(campaign.epoch) !== payload.epoch) {
      return { sent: 0, failed: 0, paused: 0 }
    }
    const target = decodeTarget(campaign.target)
    const rate = rateOf(target, campaign)
    const key = endpointOf(target).name
    const users = yield* sql<UserRow>`SELECT * FROM wechatpay_campaign_user
      WHERE campaign_id = ${payload.campaignId} AND line >= ${payload.first} AND line <= ${payload.last}
      AND status = 'pending' ORDER BY line`
    let paused = false
    let sent = 0
    let failed = 0
    let skipped = 0
    yield* Effect.forEach(
      users,
      (user) =>
        Effect.gen(function* () {
          if (paused) {
            skipped++
            return
          }
          let attempts = 0
          let transient = 0
          while (true) {
            yield* limiter.take(key, rate)
            if (paused) {
              skipped++
              return
            }
            attempts++
            const outcome = yield* Effect.result(sendOne(target, user.openid, user.out_request_no))
            if (outcome._tag === "Success") {
              yield* sql`UPDATE wechatpay_campaign_user SET status = 'sent', coupon = ${outcome.success},
                attempts = attempts + ${attempts}, sent_at = ${Date.now()}, error_tag = NULL, error_code = NULL,
                error_message = NULL
                WHERE campaign_id = ${payload.campaignId} AND openid = ${user.openid}`
              sent++
              return
            }
            const error = outcome.failure
            if (isThrottled(error) && attempts < maxThrottledAttempts) {
              yield* limiter.slowDown(key, undefined)
              continue
            }
            if (isTransient(error) && transient < maxTransientAttempts - 1) {
              transient++
              yield* Effect.sleep(Duration.millis(Math.min(5_000, 100 * 2 ** transient)))
              continue
            }
            const reason = yield* exhaustion(target, error)
            if (reason !== undefined) {
              paused = true
              skipped++
              yield* sql`UPDATE wechatpay_campaign SET status = 'paused',
                paused_reason = ${JSON.stringify(Schema.encodeSync(StockExhausted)(reason))}, updated_at = ${Date.now()}
                WHERE id = ${payload.campaignId} AND epoch = ${payload.epoch}`
              return
            }
            yield* sql`UPDATE wechatpay_campaign_user SET status = 'failed', attempts = attempts + ${attempts},
              error_tag = ${error._tag}, error_code = ${error.code ?? null}, error_message = ${error.message ?? null}
              WHERE campaign_id = ${payload.campaignId} AND openid = ${user.openid}`
            failed++
            return
          }
        }).pipe(
          Effect.withSpan("campaign.send", {
            attributes: {
              "campaign.id": payload.campaignId,
              "campaign.line": user.line,
              "wechatpay.out_request_no": user.out_request_no
            }
          })
        ),
      { concurrency: chunkConcurrency, discard: true }
    )
    return { sent, failed, paused: skipped }
  })

/** The workflow's implementation: one activity per chunk and round. */
export const layerChunkWorkflow: Layer.Layer<
  never,
  never,
  WorkflowEngine | WechatPayClient | SqlClient.SqlClient | CampaignLimiter
> = ChunkWorkflow.toLayer((payload) =>
  Activity.make({
    name: `send/${payload.first}-${payload.last}`,
    success: ChunkSummary,
    execute: runChunk(payload).pipe(Effect.orDie)
  })
)

/** Re-exported for the facade. */
export type { SqlError }
