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
import * as PartnerProductCoupon from "@effect-wechatpay/api/PartnerProductCoupon"
import * as ProductCoupon from "@effect-wechatpay/api/ProductCoupon"
import { WechatPayClient } from "@effect-wechatpay/api/WechatPay"
import { WechatPayBrand } from "@effect-wechatpay/api/WechatPayBrand"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
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

/**
 * The request number of the 确认发放 of the 商品券 sent to `openid` in campaign `campaignId`: 32 characters, `K` and
 * 31 hex digits, distinct from the send's.
 */
export const confirmRequestNumber = (campaignId: string, openid: string): string =>
  `K${createHash("sha256").update(campaignId).update("\u0000").update(openid).update("\u0000confirm").digest("hex").slice(0, 31)}`

type TargetType = typeof Target.Type

/** Whether a target's coupons wait in `CONFIRMING` until the campaign confirms them (商品券). */
export const confirms = (target: TargetType): boolean =>
  target._tag === "ProductCoupon" || target._tag === "PartnerProductCoupon"

/** The descriptor of the endpoint a target sends with. */
export const endpointOf = (target: TargetType) => {
  switch (target._tag) {
    case "Busifavor":
      return Busifavor.SendCouponEndpoint
    case "Favor":
      return Favor.SendCouponEndpoint
    case "ProductCoupon":
      return ProductCoupon.SendUserProductCouponEndpoint
    case "PartnerProductCoupon":
      return PartnerProductCoupon.SendUserProductCouponEndpoint
  }
}

/** The rate a campaign sends at when neither it nor the descriptor gives one. */
export const fallbackRate: Rate = { requests: 100, per: "1 second" }

/** A documented limit as a rate, else {@link fallbackRate}. */
const documentedRate = (endpoint: {
  readonly rateLimit?: { readonly requests: number; readonly per: Duration.Input } | undefined
}): Rate =>
  endpoint.rateLimit === undefined
    ? fallbackRate
    : { requests: endpoint.rateLimit.requests, per: endpoint.rateLimit.per }

/** The campaign's own rate, if it has one (it then applies to each endpoint the campaign calls). */
const ownRate = (row: Pick<CampaignRow, "rate_requests" | "rate_per_ms">): Rate | undefined =>
  row.rate_requests !== null && row.rate_per_ms !== null
    ? { requests: Number(row.rate_requests), per: Duration.millis(Number(row.rate_per_ms)) }
    : undefined

/** The rate of a campaign: its own, else the descriptor's documented limit, else {@link fallbackRate}. */
export const rateOf = (target: TargetType, row: Pick<CampaignRow, "rate_requests" | "rate_per_ms">): Rate =>
  ownRate(row) ?? documentedRate(endpointOf(target))

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

/** FREQUENCY_LIMITED (403 or 429; 商品券 documents none, we treat it as the other families do), 429 (商品券's RATELIMIT_EXCEEDED). */
const isThrottled = (error: SendFailure) =>
  error._tag === "FrequencyLimited" ||
  error._tag === "FrequencyLimitExceed" ||
  error.code === "FREQUENCY_LIMITED" ||
  error.status === 429

const decodeTarget = Schema.decodeUnknownSync(Schema.fromJsonString(Target))

/** The clients the chunk workflow was built with: a target's calls use the one its API takes. */
export interface Clients {
  readonly merchant: Option.Option<WechatPayClient["Service"]>
  readonly brand: Option.Option<WechatPayBrand["Service"]>
}

/** One call: its limiter key and rate (none for a call that sends nothing to WeChat Pay), and the call. */
interface Limited<A> {
  readonly key: string | undefined
  readonly rate: Rate
  readonly call: Effect.Effect<A, SendFailure>
}

/** What a chunk calls for one target: send (and for 商品券 confirm), and whether a refusal means the stock is out. */
interface Calls {
  readonly send: (openid: string, outRequestNo: string) => Limited<string>
  readonly confirm: ((openid: string, couponCode: string, outRequestNo: string) => Limited<void>) | undefined
  /** Whether a coupon is confirmed already (by another confirm: the merchant's notification handler). */
  readonly confirmed: (openid: string, couponCode: string) => Limited<boolean>
  /** Whether a refused send says the stock is out of budget. */
  readonly exhaustion: (error: SendFailure) => Limited<StockExhausted | undefined> | undefined
}

const missing = (what: string): Effect.Effect<never> =>
  Effect.die(
    new Error(
      `the campaign's workflows were built without ${what}: provide it to the campaign layer (Embedded.layer, Distributed.layer)`
    )
  )

const merchantCall = <A, E>(clients: Clients, effect: Effect.Effect<A, E, WechatPayClient>): Effect.Effect<A, E> =>
  Option.match(clients.merchant, {
    onNone: () => missing("WechatPayClient (the merchant's credentials)"),
    onSome: (client) => Effect.provideService(effect, WechatPayClient, client)
  })

const brandCall = <A, E>(clients: Clients, effect: Effect.Effect<A, E, WechatPayBrand>): Effect.Effect<A, E> =>
  Option.match(clients.brand, {
    onNone: () => missing("WechatPayBrand (the brand's credentials, WECHATPAY_BRAND_*)"),
    onSome: (client) => Effect.provideService(effect, WechatPayBrand, client)
  })

const exhausted = (stockId: string, error: SendFailure, fallback: string) =>
  new StockExhausted({ stockId, code: error.code ?? fallback, message: error.message ?? "" })

/** Whether a limit is reached: `max` is set and `used` is at or above it. */
const reached = (max: unknown, used: unknown) => max !== undefined && max !== null && Number(used ?? 0) >= Number(max)

/**
 * Whether a 商品券 stock cannot send: its total or daily budget (发放预算) is used, or an `UPLOAD` stock has no
 * pre-uploaded code left, by the stock's own counts (查询商品券指定批次: `stock_send_rule`, `sent_count_info`,
 * `coupon_code_count_info`): what a send refused with `INVALID_REQUEST` is checked against.
 */
const productStockFull = (stock: {
  readonly coupon_code_mode?: string | undefined
  readonly stock_send_rule?:
    | { readonly max_count?: number | undefined; readonly max_count_per_day?: number | undefined }
    | undefined
  readonly sent_count_info?:
    | { readonly total_count?: number | undefined; readonly today_count?: number | undefined }
    | undefined
  readonly coupon_code_count_info?: { readonly available_count?: number | undefined } | undefined
}) =>
  reached(stock.stock_send_rule?.max_count, stock.sent_count_info?.total_count) ||
  reached(stock.stock_send_rule?.max_count_per_day, stock.sent_count_info?.today_count) ||
  (stock.coupon_code_mode === "UPLOAD" && Number(stock.coupon_code_count_info?.available_count ?? 0) <= 0)

/** The calls of a target, with the client its API takes. */
const callsOf = (target: TargetType, clients: Clients, own: Rate | undefined): Calls => {
  const limited = <A>(
    endpoint: Parameters<typeof documentedRate>[0] & { readonly name: string },
    call: Effect.Effect<A, SendFailure>
  ): Limited<A> => ({
    key: endpoint.name,
    rate: own ?? documentedRate(endpoint),
    call
  })
  const local = <A>(value: A): Limited<A> => ({ key: undefined, rate: fallbackRate, call: Effect.succeed(value) })
  // 代金券 and 商家券 have no confirm step: never asked.
  const noConfirm = () => local(true)
  // 商品券, both APIs: the 发放 pages document NOT_ENOUGH (批次预算或预上传券码已用完), so the stock is out; an
  // INVALID_REQUEST is checked against the stock's own counts (`getStock`), as before those tables were read.
  const productExhaustion =
    (
      stockId: string,
      endpoint: Parameters<typeof limited>[0],
      getStock: Effect.Effect<Parameters<typeof productStockFull>[0], SendFailure>
    ) =>
    (error: SendFailure): Limited<StockExhausted | undefined> | undefined =>
      error._tag === "NotEnough"
        ? local(exhausted(stockId, error, "NOT_ENOUGH"))
        : error._tag !== "InvalidRequest"
          ? undefined
          : limited(
              endpoint,
              getStock.pipe(
                Effect.map((stock) =>
                  productStockFull(stock) ? exhausted(stockId, error, "INVALID_REQUEST") : undefined
                )
              )
            )
  switch (target._tag) {
    case "Favor":
      return {
        send: (openid, outRequestNo) =>
          limited(
            Favor.SendCouponEndpoint,
            merchantCall(
              clients,
              Favor.sendCoupon({
                openid,
                stock_id: target.stockId,
                stock_creator_mchid: target.stockCreatorMchid,
                appid: target.appid,
                out_request_no: outRequestNo
              } as never)
            ).pipe(Effect.map((answer) => String((answer as { readonly coupon_id?: unknown }).coupon_id ?? "")))
          ),
        confirm: undefined,
        confirmed: noConfirm,
        exhaustion: (error) =>
          error._tag === "NotEnough" ? local(exhausted(target.stockId, error, "NOT_ENOUGH")) : undefined
      }
    case "Busifavor":
      return {
        send: (openid, outRequestNo) =>
          limited(
            Busifavor.SendCouponEndpoint,
            merchantCall(
              clients,
              Busifavor.sendCoupon({
                openid,
                appid: target.appid,
                stock_id: target.stockId,
                out_request_no: outRequestNo
              } as never)
            ).pipe(Effect.map((answer) => String(answer.result.coupon_code ?? "")))
          ),
        confirm: undefined,
        confirmed: noConfirm,
        // 商家券 documents no code for a stock out of budget: the stock's own counts say whether a limit is reached.
        exhaustion: (error) =>
          error._tag !== "InvalidRequest"
            ? undefined
            : limited(
                Busifavor.QueryStockEndpoint,
                merchantCall(clients, Busifavor.queryStock({ stock_id: target.stockId } as never)).pipe(
                  Effect.map((stock): StockExhausted | undefined => {
                    const rule =
                      (stock as unknown as { readonly stock_send_rule?: Record<string, unknown> }).stock_send_rule ?? {}
                    const counts =
                      (stock as unknown as { readonly send_count_information?: Record<string, unknown> })
                        .send_count_information ?? {}
                    const full =
                      reached(rule.max_coupons, counts.total_send_num) ||
                      reached(rule.max_coupons_by_day, counts.today_send_num) ||
                      reached(rule.max_amount, counts.total_send_amount) ||
                      reached(rule.max_amount_by_day, counts.today_send_amount)
                    return full ? exhausted(target.stockId, error, "INVALID_REQUEST") : undefined
                  })
                )
              )
      }
    case "ProductCoupon": {
      const ids = { product_coupon_id: target.productCouponId, stock_id: target.stockId }
      return {
        send: (openid, outRequestNo) =>
          limited(
            ProductCoupon.SendUserProductCouponEndpoint,
            brandCall(
              clients,
              ProductCoupon.sendUserProductCoupon({
                ...ids,
                openid,
                appid: target.appid,
                send_request_no: outRequestNo
              })
            ).pipe(Effect.map((coupon) => coupon.coupon_code))
          ),
        confirm: (openid, couponCode, outRequestNo) =>
          limited(
            ProductCoupon.ConfirmSendUserProductCouponEndpoint,
            brandCall(
              clients,
              ProductCoupon.confirmSendUserProductCoupon({
                ...ids,
                openid,
                coupon_code: couponCode,
                appid: target.appid,
                out_request_no: outRequestNo
              })
            ).pipe(Effect.asVoid)
          ),
        confirmed: (openid, couponCode) =>
          limited(
            ProductCoupon.GetUserProductCouponEndpoint,
            brandCall(
              clients,
              ProductCoupon.getUserProductCoupon({ ...ids, openid, coupon_code: couponCode, appid: target.appid })
            ).pipe(Effect.map((coupon) => coupon.coupon_state !== "CONFIRMING"))
          ),
        exhaustion: productExhaustion(
          target.stockId,
          ProductCoupon.GetStockEndpoint,
          brandCall(clients, ProductCoupon.getStock(ids))
        )
      }
    }
    case "PartnerProductCoupon": {
      const ids = { brand_id: target.brandId, product_coupon_id: target.productCouponId, stock_id: target.stockId }
      return {
        send: (openid, outRequestNo) =>
          limited(
            PartnerProductCoupon.SendUserProductCouponEndpoint,
            merchantCall(
              clients,
              PartnerProductCoupon.sendUserProductCoupon({
                ...ids,
                openid,
                appid: target.appid,
                send_request_no: outRequestNo
              })
            ).pipe(Effect.map((coupon) => coupon.coupon_code))
          ),
        confirm: (openid, couponCode, outRequestNo) =>
          limited(
            PartnerProductCoupon.ConfirmSendUserProductCouponEndpoint,
            merchantCall(
              clients,
              PartnerProductCoupon.confirmSendUserProductCoupon({
                ...ids,
                openid,
                coupon_code: couponCode,
                appid: target.appid,
                out_request_no: outRequestNo
              })
            ).pipe(Effect.asVoid)
          ),
        confirmed: (openid, couponCode) =>
          limited(
            PartnerProductCoupon.GetUserProductCouponEndpoint,
            merchantCall(
              clients,
              PartnerProductCoupon.getUserProductCoupon({
                ...ids,
                openid,
                coupon_code: couponCode,
                appid: target.appid
              })
            ).pipe(Effect.map((coupon) => coupon.coupon_state !== "CONFIRMING"))
          ),
        exhaustion: productExhaustion(
          target.stockId,
          PartnerProductCoupon.GetStockEndpoint,
          merchantCall(clients, PartnerProductCoupon.getStock(ids))
        )
      }
    }
  }
}

/** The outcome of one limited call after its retries: its value, its last failure, or skipped (the campaign paused). */
type Attempted<A> =
  | { readonly _tag: "Done"; readonly value: A; readonly attempts: number }
  | { readonly _tag: "Failed"; readonly error: SendFailure; readonly attempts: number }
  | { readonly _tag: "Skipped"; readonly attempts: number }

/**
 * Runs a limited call within its rate: FREQUENCY_LIMITED and 429 slow its endpoint down and send it again (up to
 * {@link maxThrottledAttempts}), a transient failure is sent again after a growing pause (up to
 * {@link maxTransientAttempts}); the same request each time. `paused` (when given) is checked before each attempt.
 */
const attempt = <A>(
  limiter: CampaignLimiter["Service"],
  limitedCall: Limited<A>,
  paused: (() => boolean) | undefined
): Effect.Effect<Attempted<A>> =>
  Effect.gen(function* () {
    let attempts = 0
    let transient = 0
    while (true) {
      if (paused?.() === true) return { _tag: "Skipped", attempts } as const
      if (limitedCall.key !== undefined) yield* limiter.take(limitedCall.key, limitedCall.rate)
      if (paused?.() === true) return { _tag: "Skipped", attempts } as const
      attempts++
      const outcome = yield* Effect.result(limitedCall.call)
      if (outcome._tag === "Success") return { _tag: "Done", value: outcome.success, attempts } as const
      const error = outcome.failure
      if (isThrottled(error) && attempts < maxThrottledAttempts && limitedCall.key !== undefined) {
        yield* limiter.slowDown(limitedCall.key, undefined)
        continue
      }
      if (isTransient(error) && transient < maxTransientAttempts - 1) {
        transient++
        yield* Effect.sleep(Duration.millis(Math.min(5_000, 100 * 2 ** transient)))
        continue
      }
      return { _tag: "Failed", error, attempts } as const
    }
  })

/** Sends a chunk's pending users (商品券: and confirms each); writes each outcome; pauses the campaign when the stock runs out. */
export const runChunk = (payload: typeof ChunkWorkflow.payloadSchema.Type, clients: Clients) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const limiter = yield* CampaignLimiter
    const [campaign] = yield* sql<CampaignRow>`SELECT * FROM wechatpay_campaign WHERE id = ${payload.campaignId}`
    if (campaign === undefined || campaign.status !== "running" || Number(campaign.epoch) !== payload.epoch) {
      return { sent: 0, failed: 0, paused: 0 }
    }
    const target = decodeTarget(campaign.target)
    const calls = callsOf(target, clients, ownRate(campaign))
    const users = yield* sql<UserRow>`SELECT * FROM wechatpay_campaign_user
      WHERE campaign_id = ${payload.campaignId} AND line >= ${payload.first} AND line <= ${payload.last}
      AND status = 'pending' ORDER BY line`
    let paused = false
    let sent = 0
    let failed = 0
    let skipped = 0
    const isPaused = () => paused
    const fail = (user: UserRow, error: SendFailure, attempts: number) =>
      Effect.andThen(
        sql`UPDATE wechatpay_campaign_user SET status = 'failed', attempts = attempts + ${attempts},
          error_tag = ${error._tag}, error_code = ${error.code ?? null}, error_message = ${error.message ?? null}
          WHERE campaign_id = ${payload.campaignId} AND openid = ${user.openid}`,
        Effect.sync(() => {
          failed++
        })
      )
    const done = (user: UserRow, coupon: string, attempts: number, sentAt: number | null) =>
      Effect.andThen(
        sql`UPDATE wechatpay_campaign_user SET status = 'sent', coupon = ${coupon},
          attempts = attempts + ${attempts}, sent_at = ${sentAt ?? Date.now()}, error_tag = NULL, error_code = NULL,
          error_message = NULL
          WHERE campaign_id = ${payload.campaignId} AND openid = ${user.openid}`,
        Effect.sync(() => {
          sent++
        })
      )
    yield* Effect.forEach(
      users,
      (user) =>
        Effect.gen(function* () {
          let coupon = user.coupon
          let sentAt = user.sent_at === null ? null : Number(user.sent_at)
          let attempts = 0
          // 商品券: a coupon already sent (a crash, a pause or a failed confirm came between) is confirmed, not sent again.
          if (coupon === null || calls.confirm === undefined) {
            const sending = yield* attempt(limiter, calls.send(user.openid, user.out_request_no), isPaused)
            attempts += sending.attempts
            if (sending._tag === "Skipped") {
              skipped++
              return
            }
            if (sending._tag === "Failed") {
              const check = calls.exhaustion(sending.error)
              const reason = check === undefined ? undefined : yield* attempt(limiter, check, undefined)
              if (reason?._tag === "Done" && reason.value !== undefined) {
                paused = true
                skipped++
                yield* sql`UPDATE wechatpay_campaign SET status = 'paused',
                  paused_reason = ${JSON.stringify(Schema.encodeSync(StockExhausted)(reason.value))},
                  updated_at = ${Date.now()}
                  WHERE id = ${payload.campaignId} AND epoch = ${payload.epoch}`
                return
              }
              return yield* fail(user, sending.error, attempts)
            }
            coupon = sending.value
            sentAt = Date.now()
            if (calls.confirm === undefined) return yield* done(user, coupon, attempts, sentAt)
            // Recorded before the confirm: a run after a crash here confirms this coupon.
            yield* sql`UPDATE wechatpay_campaign_user SET coupon = ${coupon}, sent_at = ${sentAt},
              attempts = attempts + ${attempts}
              WHERE campaign_id = ${payload.campaignId} AND openid = ${user.openid}`
            attempts = 0
          }
          // The coupon is sent: it is confirmed even when the campaign pauses meanwhile.
          const confirmNo = confirmRequestNumber(payload.campaignId, user.openid)
          const confirming = yield* attempt(limiter, calls.confirm(user.openid, coupon, confirmNo), undefined)
          attempts += confirming.attempts
          if (confirming._tag === "Done") return yield* done(user, coupon, attempts, sentAt)
          if (confirming._tag === "Failed") {
            // Refused: confirmed already by another confirm (the merchant's 发放通知 handler)? Then it is done.
            if (confirming.error._tag === "InvalidRequest") {
              const state = yield* attempt(limiter, calls.confirmed(user.openid, coupon), undefined)
              if (state._tag === "Done" && state.value) return yield* done(user, coupon, attempts, sentAt)
            }
            return yield* fail(user, confirming.error, attempts)
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

/**
 * The workflow's implementation: one activity per chunk and round. The WeChat Pay clients are the ones in the
 * layer's context when it is built (`WechatPayClient` for the merchant and partner APIs, `WechatPayBrand` for the
 * brand API): each campaign uses the one its target's API takes.
 */
export const layerChunkWorkflow: Layer.Layer<never, never, WorkflowEngine | SqlClient.SqlClient | CampaignLimiter> =
  Layer.unwrap(
    Effect.gen(function* () {
      const clients: Clients = {
        merchant: yield* Effect.serviceOption(WechatPayClient),
        brand: yield* Effect.serviceOption(WechatPayBrand)
      }
      return ChunkWorkflow.toLayer((payload) =>
        Activity.make({
          name: `send/${payload.first}-${payload.last}`,
          success: ChunkSummary,
          execute: runChunk(payload, clients).pipe(Effect.orDie)
        })
      )
    })
  )

/** Re-exported for the facade. */
export type { SqlError }
