/**
 * Campaigns: one coupon to each user of a list, exactly once, durable across crashes and restarts, within WeChat
 * Pay's rate limits, pausing when the stock runs out of budget and finishing on {@link resume}.
 *
 * A campaign is a program over four services: `SqlClient` (its state), `WorkflowEngine` (the durable execution of
 * its chunks), {@link CampaignLimiter.CampaignLimiter} (the rate) and the api's `WechatPayClient`. The embedded mode
 * (`Embedded.layer`) provides the first three over one SQLite file; a distributed mode provides the same services
 * over PostgreSQL and several runner processes: the program does not change.
 *
 * @example
 * ```ts fragment
 * import { Campaign, Embedded, Users } from "@effect-wechatpay/campaign"
 * import { Effect } from "effect"
 *
 * const program = Campaign.run({
 *   id: "spring-2027",
 *   target: Campaign.favor({ stockId: "9865000", stockCreatorMchid: "1900000001", appid: "wx1234567890abcdef" }),
 *   users: Users.csv("users.csv")
 * })
 * // program.pipe(Effect.provide(Embedded.layer({ filename: "campaigns.db" })), Effect.provide(WechatPay.layer(…)))
 * ```
 *
 * @since 0.2.0
 */
import type { WechatPayClient } from "@effect-wechatpay/api/WechatPay"
import type { WechatPayBrand } from "@effect-wechatpay/api/WechatPayBrand"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type { WorkflowEngine } from "effect/workflow/WorkflowEngine"
import { CampaignLimiter, type Rate } from "./CampaignLimiter.js"
import * as Engine from "./internal/engine.js"
import * as Model from "./internal/model.js"
import * as Store from "./internal/store.js"
import { marked } from "./internal/typeId.js"
import type * as Users from "./Users.js"

/**
 * What a campaign sends: {@link busifavor}, {@link favor}, {@link productCoupon} or {@link partnerProductCoupon}.
 *
 * @since 0.2.0
 * @category models
 */
export type Target = typeof Model.Target.Type

/**
 * The schema of {@link Target} (a campaign's target is stored as its JSON).
 *
 * @since 0.2.0
 * @category schemas
 */
export const Target: typeof Model.Target = Model.Target

/**
 * The target of {@link busifavor}.
 *
 * @since 0.2.0
 * @category models
 */
export type BusifavorTarget = typeof Model.BusifavorTarget.Type

/**
 * The target of {@link favor}.
 *
 * @since 0.2.0
 * @category models
 */
export type FavorTarget = typeof Model.FavorTarget.Type

/**
 * The target of {@link productCoupon}.
 *
 * @since 0.2.0
 * @category models
 */
export type ProductCouponTarget = typeof Model.ProductCouponTarget.Type

/**
 * The target of {@link partnerProductCoupon}.
 *
 * @since 0.2.0
 * @category models
 */
export type PartnerProductCouponTarget = typeof Model.PartnerProductCouponTarget.Type

/**
 * The WeChat Pay client a target's API takes: `WechatPayBrand` for the 商品券 brand API ({@link productCoupon}),
 * `WechatPayClient` (merchant or service-provider credentials) for the others.
 *
 * @since 0.2.0
 * @category models
 */
export type ClientOf<T extends Target> = T extends { readonly _tag: "ProductCoupon" } ? WechatPayBrand : WechatPayClient

/**
 * 商家券: one coupon of the stock per user, sent with `Busifavor.sendCoupon`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const busifavor = (options: { readonly stockId: string; readonly appid: string }): BusifavorTarget =>
  Model.BusifavorTarget.make({ stockId: options.stockId, appid: options.appid })

/**
 * 代金券: one coupon of the stock per user, sent with `Favor.sendCoupon`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const favor = (options: {
  readonly stockId: string
  readonly stockCreatorMchid: string
  readonly appid: string
}): FavorTarget =>
  Model.FavorTarget.make({
    stockId: options.stockId,
    stockCreatorMchid: options.stockCreatorMchid,
    appid: options.appid
  })

/**
 * 商品券, brand API: one coupon of a 单券 stock of the 商品券 per user, sent with
 * `ProductCoupon.sendUserProductCoupon` (发放用户商品券, `send_request_no` = {@link requestNumber}) and confirmed at
 * once with `confirmSendUserProductCoupon` (确认发放, `out_request_no` = {@link confirmRequestNumber}): a user counts
 * as sent when the coupon is confirmed. Needs the brand's client, `WechatPayBrand` (`WECHATPAY_BRAND_*`), in the
 * campaign layer's context.
 *
 * @example
 * ```ts fragment
 * import { Campaign } from "@effect-wechatpay/campaign"
 *
 * const target = Campaign.productCoupon({ productCouponId: "1000000013", stockId: "1000000013001", appid: "wx1234567890abcdef" })
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const productCoupon = (options: {
  readonly productCouponId: string
  readonly stockId: string
  readonly appid: string
}): ProductCouponTarget =>
  Model.ProductCouponTarget.make({
    productCouponId: options.productCouponId,
    stockId: options.stockId,
    appid: options.appid
  })

/**
 * 商品券, partner API: as {@link productCoupon}, sent by a service provider (普通服务商) for the brand `brandId` that
 * granted it the 商品券 permission, with `PartnerProductCoupon` and the service provider's `WechatPayClient`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const partnerProductCoupon = (options: {
  readonly brandId: string
  readonly productCouponId: string
  readonly stockId: string
  readonly appid: string
}): PartnerProductCouponTarget =>
  Model.PartnerProductCouponTarget.make({
    brandId: options.brandId,
    productCouponId: options.productCouponId,
    stockId: options.stockId,
    appid: options.appid
  })

/**
 * The reason a campaign paused: its stock ran out of budget (代金券 `NOT_ENOUGH`; 商家券 and 商品券 a send refused
 * while the stock's counts reached one of its limits, or a 商品券 `UPLOAD` stock has no code left). Raise the budget
 * (or upload codes), then {@link resume}.
 *
 * @since 0.2.0
 * @category models
 */
export const StockExhausted: typeof Model.StockExhausted = Model.StockExhausted

/**
 * The type of {@link StockExhausted}.
 *
 * @since 0.2.0
 * @category models
 */
export type StockExhausted = Model.StockExhausted

/**
 * Why a campaign paused.
 *
 * @since 0.2.0
 * @category models
 */
export type PauseReason = typeof Model.PauseReason.Type

/**
 * The status of a campaign: `running` (or interrupted: run it again to go on), `paused` (see `paused`),
 * `completed` (no user left pending).
 *
 * @since 0.2.0
 * @category models
 */
export type Status = typeof Model.Status.Type

/**
 * The progress of a campaign: `listed` users (distinct openids read from the source), `sent` (users who have their
 * coupon), `alreadySent` (of those, the ones sent before this run started: by a run that crashed, was interrupted or
 * paused), `duplicates` (lines naming a user listed before: sent once), `failed` by
 * error tag, `malformed` lines, `remaining` (still pending) and the `rate` of sends in the last second.
 *
 * @since 0.2.0
 * @category models
 */
export class Progress extends Model.Progress {}

/**
 * A campaign that cannot run: `NotFound` (no campaign has this id), `Conflict` (the id exists with another
 * target), `Storage` (the SQL state could not be read or written).
 *
 * @since 0.2.0
 * @category errors
 */
export class CampaignError extends Schema.TaggedError<CampaignError>("@effect-wechatpay/campaign/CampaignError")(
  "CampaignError",
  {
    reason: Schema.Literals(["NotFound", "Conflict", "Storage"]),
    message: Schema.String
  }
) {}
marked(CampaignError)

/**
 * Options of {@link run}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options<R = never, T extends Target = Target> {
  /** The campaign's id: stable across runs (the request numbers derive from it and each openid). */
  readonly id: string
  /** What to send. */
  readonly target: T
  /** The users (read once into the campaign's state; read again only if the first read was interrupted). */
  readonly users: Users.UserSource<R>
  /**
   * Overrides the endpoints' documented rate limits (for this campaign: every runner keeps to it together); a 商品券
   * campaign keeps to it on each of its endpoints (send, confirm).
   */
  readonly rate?: Rate | undefined
  /** Users per durable chunk (default 100). */
  readonly chunkSize?: number | undefined
  /** Chunks sent at once (default 8); each sends up to 16 users at once, all within the rate. */
  readonly concurrency?: number | undefined
  /** Called with the progress every `progressInterval` (default 1 second) while the campaign runs, and at its end. */
  readonly onProgress?: ((progress: Progress) => Effect.Effect<void>) | undefined
  /** How often `onProgress` is called. */
  readonly progressInterval?: Duration.Input | undefined
}

/**
 * What {@link run} needs: the campaign's state (`SqlClient`), the engine of its durable chunks (`WorkflowEngine`),
 * its limiter and the WeChat Pay client of its target's API ({@link ClientOf}: by default the merchant's
 * `WechatPayClient`). The sends run in the chunk workflows (`Embedded.layer`, `Distributed.layer`), with the clients
 * in that layer's context: provide the client below the campaign layer (`Layer.provideMerge`).
 *
 * @since 0.2.0
 * @category models
 */
export type Requirements<T extends Target = BusifavorTarget | FavorTarget> =
  | SqlClient.SqlClient
  | WorkflowEngine
  | CampaignLimiter
  | ClientOf<T>

/**
 * The request number (`out_request_no`) of the send to `openid` in campaign `campaignId`: `C` and 31 hex digits of
 * SHA-256(campaign id, openid). The same pair always gives the same number, so a send repeated after a crash or a
 * retry is answered by WeChat Pay as the first one; the report carries it, to match WeChat Pay's records.
 *
 * @since 0.2.0
 * @category utils
 */
export const requestNumber: (campaignId: string, openid: string) => string = Engine.requestNumber

/**
 * The request number (`out_request_no`) of the 确认发放 of the 商品券 sent to `openid` in campaign `campaignId`: `K`
 * and 31 hex digits of SHA-256(campaign id, openid, "confirm"). A confirm repeated after a crash is answered as the
 * first one.
 *
 * @since 0.2.0
 * @category utils
 */
export const confirmRequestNumber: (campaignId: string, openid: string) => string = Engine.confirmRequestNumber

/**
 * The rate a campaign sends at when neither its options nor the endpoint's descriptor give one: 100 per second.
 *
 * @since 0.2.0
 * @category constants
 */
export const fallbackRate: Rate = Engine.fallbackRate

const storage = (error: SqlError) => new CampaignError({ reason: "Storage", message: error.message })

const BATCH = 500

/** Reads the source into the user table (duplicates ignored and counted), malformed lines into theirs. */
const load = <R>(campaignId: string, users: Users.UserSource<R>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    let duplicates = 0
    yield* users.pipe(
      Stream.grouped(BATCH),
      Stream.runForEach((entries) =>
        sql.withTransaction(
          Effect.gen(function* () {
            for (const entry of entries) {
              if (entry._tag === "Malformed") {
                yield* sql`INSERT INTO wechatpay_campaign_malformed (campaign_id, line, reason, text)
                  VALUES (${campaignId}, ${entry.line}, ${entry.reason}, ${entry.text}) ON CONFLICT DO NOTHING`
                continue
              }
              const inserted = yield* sql`INSERT INTO wechatpay_campaign_user
                (campaign_id, openid, line, status, out_request_no, attempts)
                VALUES (${campaignId}, ${entry.openid}, ${entry.line}, 'pending',
                  ${Engine.requestNumber(campaignId, entry.openid)}, 0)
                ON CONFLICT DO NOTHING RETURNING line`
              const first = inserted[0] as { readonly line?: unknown } | undefined
              if (first === undefined) {
                const [existing] = yield* sql<{ readonly line: number }>`SELECT line FROM wechatpay_campaign_user
                  WHERE campaign_id = ${campaignId} AND openid = ${entry.openid}`
                if (existing !== undefined && Number(existing.line) !== entry.line) duplicates++
              }
            }
          })
        )
      )
    )
    yield* sql`UPDATE wechatpay_campaign SET loaded = 1, duplicates = ${duplicates}, updated_at = ${Date.now()}
      WHERE id = ${campaignId}`
  })

/** The campaign's row (the tables created first), or `NotFound`. */
const stored = (campaignId: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* Store.migrate
    const [campaign] = yield* sql<Store.CampaignRow>`SELECT * FROM wechatpay_campaign WHERE id = ${campaignId}`
    if (campaign === undefined) {
      return yield* new CampaignError({ reason: "NotFound", message: `no campaign "${campaignId}"` })
    }
    return campaign
  })

/**
 * The progress of a campaign, from its SQL state (while it runs, or after).
 *
 * @since 0.2.0
 * @category queries
 */
export const status = (
  campaignId: string
): Effect.Effect<Progress, CampaignError, SqlClient.SqlClient | CampaignLimiter> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const campaign = yield* stored(campaignId)
    const counts = yield* Store.statusCounts(sql, campaignId)
    const [malformed] = yield* sql<{ readonly n: number }>`SELECT COUNT(*) AS n FROM wechatpay_campaign_malformed
      WHERE campaign_id = ${campaignId}`
    let listed = 0
    let sent = 0
    let remaining = 0
    const failed: Record<string, number> = {}
    for (const row of counts) {
      const n = Number(row.n)
      listed += n
      if (row.status === "sent") sent += n
      else if (row.status === "pending") remaining += n
      else failed[row.error_tag ?? "Unknown"] = (failed[row.error_tag ?? "Unknown"] ?? 0) + n
    }
    const target = Schema.decodeUnknownSync(Schema.fromJsonString(Model.Target))(campaign.target)
    const limiter = yield* CampaignLimiter
    const rate = yield* limiter.currentRate(Engine.endpointOf(target).name)
    const paused =
      campaign.paused_reason === null
        ? undefined
        : Schema.decodeUnknownSync(Schema.fromJsonString(Model.PauseReason))(campaign.paused_reason)
    return new Progress({
      campaignId,
      status: campaign.status as Status,
      ...(paused === undefined ? {} : { paused }),
      listed,
      sent,
      alreadySent: Number(campaign.already_sent),
      duplicates: Number(campaign.duplicates),
      failed,
      malformed: Number(malformed?.n ?? 0),
      remaining,
      rate
    })
  }).pipe(Effect.catchTag("SqlError", (error) => Effect.fail(storage(error))))

/** Records how many users had their coupon when this run started. */
const markAlreadySent = (campaignId: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`UPDATE wechatpay_campaign SET already_sent = (SELECT COUNT(*) FROM wechatpay_campaign_user
      WHERE campaign_id = ${campaignId} AND status = 'sent') WHERE id = ${campaignId}`
  })

/** Sends every pending chunk of the current round, then marks the campaign completed when no user is pending. */
const drive = (campaignId: string, concurrency: number) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const [campaign] = yield* sql<Store.CampaignRow>`SELECT * FROM wechatpay_campaign WHERE id = ${campaignId}`
    if (campaign === undefined || campaign.status !== "running") return
    const size = Number(campaign.chunk_size)
    const epoch = Number(campaign.epoch)
    const chunks = yield* sql<{ readonly chunk: number }>`SELECT DISTINCT CAST((line - 1) / ${size} AS INTEGER) AS chunk
      FROM wechatpay_campaign_user WHERE campaign_id = ${campaignId} AND status = 'pending' ORDER BY chunk`
    yield* Effect.forEach(
      chunks,
      ({ chunk }) => {
        const first = Number(chunk) * size + 1
        return Engine.ChunkWorkflow.execute({ campaignId, epoch, first, last: first + size - 1 })
      },
      { concurrency, discard: true }
    )
    const [pending] = yield* sql<{ readonly n: number }>`SELECT COUNT(*) AS n FROM wechatpay_campaign_user
      WHERE campaign_id = ${campaignId} AND status = 'pending'`
    if (Number(pending?.n ?? 0) === 0) {
      yield* sql`UPDATE wechatpay_campaign SET status = 'completed', updated_at = ${Date.now()}
        WHERE id = ${campaignId} AND status = 'running'`
    }
  })

const withProgress = <A, E, R>(
  campaignId: string,
  options: Pick<Options, "onProgress" | "progressInterval">,
  effect: Effect.Effect<A, E, R>
) =>
  Effect.gen(function* () {
    const report = options.onProgress
    if (report === undefined) return yield* effect
    const ticker = yield* Effect.forkChild(
      Effect.forever(
        Effect.sleep(options.progressInterval ?? "1 second").pipe(
          Effect.andThen(status(campaignId)),
          Effect.flatMap(report),
          Effect.ignore
        )
      )
    )
    const result = yield* effect
    yield* Fiber.interrupt(ticker)
    return result
  })

const ensureTarget = (campaign: Store.CampaignRow, target: Target) =>
  campaign.target === JSON.stringify(Schema.encodeSync(Model.Target)(target))
    ? Effect.void
    : Effect.fail(
        new CampaignError({
          reason: "Conflict",
          message: `campaign "${campaign.id}" exists with another target: ${campaign.target}`
        })
      )

/**
 * Runs a campaign to its end: creates it (or goes on with it: after a crash, run it again with the same options),
 * reads the users into its state, sends each pending user one coupon, and answers its final {@link Progress}:
 * `completed`, or `paused` with the reason (a stock out of budget: raise it, then {@link resume}).
 *
 * Sends answered FREQUENCY_LIMITED or 429 slow the campaign down and are sent again with the same request number;
 * a send that fails otherwise is recorded with its error tag and does not stop the campaign.
 *
 * @since 0.2.0
 * @category running
 */
export const run = <R, T extends Target = Target>(
  options: Options<R, T>
): Effect.Effect<Progress, CampaignError | Users.UserSourceError, Requirements<T> | R> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* Store.migrate
    const now = Date.now()
    const per = options.rate === undefined ? null : Duration.toMillis(Duration.fromInputUnsafe(options.rate.per))
    yield* sql`INSERT INTO wechatpay_campaign (id, target, rate_requests, rate_per_ms, status, paused_reason, epoch, loaded,
      chunk_size, already_sent, duplicates, created_at, updated_at)
      VALUES (${options.id}, ${JSON.stringify(Schema.encodeSync(Model.Target)(options.target))},
        ${options.rate?.requests ?? null}, ${per}, 'running', NULL, 0, 0, ${options.chunkSize ?? 100}, 0, 0, ${now}, ${now})
      ON CONFLICT DO NOTHING`
    const [campaign] = yield* sql<Store.CampaignRow>`SELECT * FROM wechatpay_campaign WHERE id = ${options.id}`
    if (campaign === undefined) {
      return yield* new CampaignError({ reason: "NotFound", message: `no campaign "${options.id}"` })
    }
    yield* ensureTarget(campaign, options.target)
    if (options.rate !== undefined) {
      yield* sql`UPDATE wechatpay_campaign SET rate_requests = ${options.rate.requests}, rate_per_ms = ${per}
        WHERE id = ${options.id}`
    }
    return yield* withProgress(
      options.id,
      options,
      Effect.gen(function* () {
        if (Number(campaign.loaded) === 0) yield* load(options.id, options.users)
        yield* markAlreadySent(options.id)
        yield* drive(options.id, options.concurrency ?? 8)
        const final = yield* status(options.id)
        if (options.onProgress !== undefined) yield* options.onProgress(final)
        return final
      })
    )
  }).pipe(Effect.catchTag("SqlError", (error) => Effect.fail(storage(error))))

/**
 * Resumes a paused campaign (after its stock's budget was raised) or an interrupted one, and runs it to its end like
 * {@link run}. `retryFailed` also sends again to the users whose send failed (with the same request numbers; a
 * 商品券 sent whose confirm failed is confirmed, not sent again). The sends run in the campaign layer, with its clients.
 *
 * @since 0.2.0
 * @category running
 */
export const resume = (
  campaignId: string,
  options?: Pick<Options, "concurrency" | "onProgress" | "progressInterval"> & {
    readonly retryFailed?: boolean | undefined
  }
): Effect.Effect<Progress, CampaignError, SqlClient.SqlClient | WorkflowEngine | CampaignLimiter> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const campaign = yield* stored(campaignId)
    if (Number(campaign.loaded) === 0) {
      return yield* new CampaignError({
        reason: "Conflict",
        message: `campaign "${campaignId}" has not read all its users yet: run it again with its source`
      })
    }
    if (options?.retryFailed === true) {
      yield* sql`UPDATE wechatpay_campaign_user SET status = 'pending'
        WHERE campaign_id = ${campaignId} AND status = 'failed'`
    }
    yield* sql`UPDATE wechatpay_campaign SET status = 'running', paused_reason = NULL, epoch = epoch + 1,
      updated_at = ${Date.now()} WHERE id = ${campaignId}`
    return yield* withProgress(
      campaignId,
      options ?? {},
      Effect.gen(function* () {
        yield* markAlreadySent(campaignId)
        yield* drive(campaignId, options?.concurrency ?? 8)
        const final = yield* status(campaignId)
        if (options?.onProgress !== undefined) yield* options.onProgress(final)
        return final
      })
    )
  }).pipe(Effect.catchTag("SqlError", (error) => Effect.fail(storage(error))))

/**
 * One line of the final report: a listed user, its source line, its status (`sent`, `failed`, `pending`), the
 * request number, the coupon (代金券 `coupon_id`, 商家券 and 商品券 `coupon_code`: the key of the use-flow file), the
 * error tag and code of a failed send, and when it was sent. A 商品券 campaign's lines also say whether the coupon
 * was `confirmed` (确认发放): a coupon sent and not confirmed (its confirm failed, or the campaign stopped between the
 * two) has its code and `confirmed` false, and the next run or `resume` confirms it.
 *
 * @since 0.2.0
 * @category models
 */
export interface ReportLine {
  readonly line: number
  readonly openid: string
  readonly status: string
  readonly outRequestNo: string
  readonly coupon: string | undefined
  readonly errorTag: string | undefined
  readonly errorCode: string | undefined
  readonly sentAt: string | undefined
  /** 商品券 only: whether the coupon was confirmed (确认发放). */
  readonly confirmed?: boolean | undefined
}

/**
 * The report of a campaign, one line per listed user in source order, as CSV (with a header line; the malformed lines
 * follow with status `malformed`) or JSON lines: what a merchant reconciles with the use-flow file, by coupon. A
 * 商品券 campaign's report has one more column, `confirmed` (`true` or `false`).
 *
 * @since 0.2.0
 * @category queries
 */
export const report = (
  campaignId: string,
  format: "csv" | "jsonl" = "csv"
): Stream.Stream<string, CampaignError, SqlClient.SqlClient> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const [campaign] = yield* sql<Store.CampaignRow>`SELECT * FROM wechatpay_campaign WHERE id = ${campaignId}`
      const confirms =
        campaign !== undefined &&
        Engine.confirms(Schema.decodeUnknownSync(Schema.fromJsonString(Model.Target))(campaign.target))
      const users = yield* sql<Store.UserRow>`SELECT * FROM wechatpay_campaign_user
        WHERE campaign_id = ${campaignId} ORDER BY line`
      const malformed = yield* sql<{ readonly line: number; readonly reason: string; readonly text: string }>`
        SELECT line, reason, text FROM wechatpay_campaign_malformed WHERE campaign_id = ${campaignId} ORDER BY line`
      const lines: Array<ReportLine & { readonly reason?: string }> = users.map((row) => ({
        line: Number(row.line),
        openid: row.openid,
        status: row.status,
        outRequestNo: row.out_request_no,
        coupon: row.coupon ?? undefined,
        errorTag: row.error_tag ?? undefined,
        errorCode: row.error_code ?? undefined,
        sentAt: row.sent_at === null ? undefined : new Date(Number(row.sent_at)).toISOString(),
        ...(confirms ? { confirmed: row.status === "sent" } : {})
      }))
      if (format === "jsonl") {
        return Stream.fromIterable([
          ...lines.map((line) => `${JSON.stringify(line)}\n`),
          ...malformed.map(
            (row) => `${JSON.stringify({ line: Number(row.line), status: "malformed", reason: row.reason })}\n`
          )
        ])
      }
      const cell = (value: string | number | undefined) => {
        const text = value === undefined ? "" : String(value)
        return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
      }
      const extra = (l: ReportLine): ReadonlyArray<string> => (confirms ? [String(l.confirmed === true)] : [])
      return Stream.fromIterable([
        `line,openid,status,out_request_no,coupon,error_tag,error_code,sent_at${confirms ? ",confirmed" : ""}\n`,
        ...lines.map(
          (l) =>
            `${[l.line, l.openid, l.status, l.outRequestNo, l.coupon, l.errorTag, l.errorCode, l.sentAt, ...extra(l)].map(cell).join(",")}\n`
        ),
        ...malformed.map(
          (row) =>
            `${[Number(row.line), "", "malformed", "", "", row.reason, "", "", ...(confirms ? [""] : [])].map(cell).join(",")}\n`
        )
      ])
    }).pipe(Effect.catchTag("SqlError", (error) => Effect.fail(storage(error))))
  )

/**
 * The implementation of the campaign's durable chunk workflow, registered with the `WorkflowEngine`: every process
 * that runs chunks (the embedded process, each runner of the distributed mode) provides it.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerWorkflows = Engine.layerChunkWorkflow

/**
 * Creates the campaign tables if they do not exist (run by {@link run}, {@link resume} and {@link status}).
 *
 * @since 0.2.0
 * @category utils
 */
export const migrate: Effect.Effect<void, CampaignError, SqlClient.SqlClient> = Store.migrate.pipe(
  Effect.mapError(storage)
)
