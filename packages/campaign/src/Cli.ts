/**
 * `wechatpay campaign run | status | resume | report`: the campaign's commands, mounted by `@effect-wechatpay/cli`
 * (its `Cli.extensions`) when this package is installed. They run in the embedded mode (one SQLite file, `--db`) with
 * the client of the `WECHATPAY_*` variables (`WechatPay.envConfig`, as every `wechatpay` command reads them); a
 * 商品券 campaign of the brand API (`--product-coupon` without `--brand-id`) with the brand's client of the
 * `WECHATPAY_BRAND_*` variables (`WechatPayBrand.envConfig`) instead.
 *
 * Exit codes, beyond the command's own (0 done, 1 failed, 2 usage, 3 configuration): `run` and `resume` exit 0 when
 * the campaign completed with every listed user sent, {@link ExitCodes}`.Paused` (4) when it paused (its stock out of
 * budget: raise it, then `resume`), 1 when it completed with failed sends (the report lists them; `resume
 * --retry-failed` sends them again) or could not run. Progress goes to stderr: one line redrawn on a terminal,
 * plain lines every `--progress-interval` otherwise; the final progress goes to stdout (as JSON with `--json`).
 *
 * @since 0.2.0
 */
import * as Fs from "node:fs"
import * as NodeTransport from "@effect-wechatpay/api/NodeTransport"
import * as WechatPay from "@effect-wechatpay/api/WechatPay"
import * as WechatPayBrand from "@effect-wechatpay/api/WechatPayBrand"
import * as Console from "effect/Console"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as SqlClient from "effect/sql/SqlClient"
import * as Campaign from "./Campaign.js"
import * as CampaignLimiter from "./CampaignLimiter.js"
import * as Embedded from "./Embedded.js"
import * as Model from "./internal/model.js"
import * as Users from "./Users.js"

/**
 * The exit codes of `wechatpay campaign run` and `resume`: `Ok` 0 (completed, every listed user sent), `Failed` 1
 * (completed with failed sends, or the campaign could not run), `Usage` 2, `Config` 3 (the `WECHATPAY_*`
 * configuration), `Paused` 4 (the campaign paused: its stock is out of budget).
 *
 * @since 0.2.0
 * @category constants
 */
export const ExitCodes = { Ok: 0, Failed: 1, Usage: 2, Config: 3, Paused: 4 } as const

/**
 * A failure of a campaign command, as `wechatpay` reports it: `message` on stderr as one line, `exitCode`, and `json`
 * on stdout when given (the contract of the cli's extensions: a `CliFailure` tag with these fields).
 *
 * @since 0.2.0
 * @category errors
 */
export class CliFailure extends Data.TaggedError("CliFailure")<{
  readonly message: string
  readonly exitCode: number
  readonly json?: unknown
}> {}

const usage = (message: string) => new CliFailure({ message, exitCode: ExitCodes.Usage })

/**
 * Parses a `--rate`: `N/s`, `N/min` or `N/h` (e.g. `500/s`).
 *
 * @since 0.2.0
 * @category parsing
 */
export const parseRate = (text: string): CampaignLimiter.Rate | undefined => {
  const match = /^\s*(\d+)\s*\/\s*(s|sec|second|m|min|minute|h|hour)\s*$/.exec(text)
  if (match === null || Number(match[1]) <= 0) return undefined
  const unit = match[2]!
  const per = unit.startsWith("s") ? "1 second" : unit.startsWith("h") ? "1 hour" : "1 minute"
  return { requests: Number(match[1]), per }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

const failedText = (progress: Campaign.Progress) => {
  const entries = Object.entries(progress.failed)
  if (entries.length === 0) return "failed 0"
  return `failed ${progress.failedTotal} (${entries.map(([tag, n]) => `${tag} ${n}`).join(", ")})`
}

/**
 * The progress line: sent of listed, already sent, failed by tag, remaining, malformed lines, current rate.
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatProgress = (progress: Campaign.Progress): string =>
  [
    `campaign ${progress.campaignId} ${progress.status}: sent ${progress.sent}/${progress.listed}`,
    `already sent ${progress.alreadySent}`,
    failedText(progress),
    `remaining ${progress.remaining}`,
    `malformed ${progress.malformed}`,
    `${Math.round(progress.rate)}/s`
  ].join(", ")

const progressJson = (progress: Campaign.Progress) => ({
  campaignId: progress.campaignId,
  status: progress.status,
  ...(progress.paused === undefined
    ? {}
    : {
        paused: {
          _tag: progress.paused._tag,
          stockId: progress.paused.stockId,
          code: progress.paused.code,
          message: progress.paused.message
        }
      }),
  listed: progress.listed,
  sent: progress.sent,
  alreadySent: progress.alreadySent,
  duplicates: progress.duplicates,
  failed: progress.failed,
  malformed: progress.malformed,
  remaining: progress.remaining,
  rate: progress.rate
})

/** WeChat Pay's code and words for a pause, on one line. */
const reasonText = (reason: Campaign.StockExhausted) => {
  // The api's message reads `Family.operation: CODE (HTTP status, Request-ID …): words`: keep WeChat Pay's words.
  const words = reason.message
    .replace(/\s+/g, " ")
    .replace(/^[\w.]+: [A-Z_]+ \(HTTP \d+[^)]*\): /, "")
    .trim()
  return words === "" ? reason.code : `${reason.code}: ${words}`
}

/** The database of an existing campaign: a missing file is a usage error (nothing to read), not a new database. */
const existing = (db: string) =>
  Fs.existsSync(db) ? Effect.void : Effect.fail(usage(`no campaign database at '${db}' (--db)`))

/** The client of the `WECHATPAY_*` variables over node:http. */
const client = WechatPay.layerConfig().pipe(Layer.provide(NodeTransport.layer()))

/** The brand's client of the `WECHATPAY_BRAND_*` variables over node:http (商品券, brand API). */
const brandClient = WechatPayBrand.layerConfig().pipe(Layer.provide(NodeTransport.layer()))

/** The embedded campaign layer of `--db` with the merchant's client (代金券, 商家券, 商品券 partner API). */
const embedded = (db: string) => Embedded.layer({ filename: db }).pipe(Layer.provideMerge(client))

/**
 * The embedded campaign layer of `--db` with the brand's client (商品券 brand API): a brand's operator needs no
 * `WECHATPAY_*`.
 */
const embeddedBrand = (db: string) => Embedded.layer({ filename: db }).pipe(Layer.provideMerge(brandClient))

/** The target of a stored campaign (for `resume`, which takes no target flags). */
const storedTarget = (db: string, campaignId: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* Campaign.migrate
    const rows = yield* sql<{
      readonly target: string
    }>`SELECT target FROM wechatpay_campaign WHERE id = ${campaignId}`.pipe(
      Effect.mapError((error) => new Campaign.CampaignError({ reason: "Storage", message: error.message }))
    )
    const row = rows[0]
    if (row === undefined) {
      return yield* new Campaign.CampaignError({ reason: "NotFound", message: `no campaign "${campaignId}"` })
    }
    return Schema.decodeUnknownSync(Schema.fromJsonString(Model.Target))(row.target)
  }).pipe(Effect.provide(Embedded.layerSql({ filename: db })))

/** What a campaign's failure says, in one line, with the exit code. */
const campaignFailure = (error: Campaign.CampaignError | Users.UserSourceError) =>
  error._tag === "UserSourceError"
    ? usage(`the users: ${error.message}`)
    : new CliFailure({
        message: `campaign: ${error.message}`,
        exitCode: error.reason === "NotFound" ? ExitCodes.Usage : ExitCodes.Failed
      })

interface Common {
  readonly id: string
  readonly db: string
  readonly json: boolean
  readonly report: Option.Option<string>
  readonly progressInterval: Option.Option<number>
}

/** Prints progress on stderr while `effect` runs: one line redrawn on a terminal, plain lines otherwise. */
const withProgress = <R>(
  options: Common,
  effect: (
    onProgress: (progress: Campaign.Progress) => Effect.Effect<void>,
    interval: Duration.Duration
  ) => Effect.Effect<Campaign.Progress, Campaign.CampaignError | Users.UserSourceError, R>
) => {
  const tty = process.stderr.isTTY === true
  const interval = Duration.seconds(Option.getOrElse(options.progressInterval, () => (tty ? 1 : 10)))
  let drawn = false
  const onProgress = (progress: Campaign.Progress) =>
    Effect.sync(() => {
      if (tty) {
        process.stderr.write(`\r\x1b[2K${formatProgress(progress)}`)
        drawn = true
      } else {
        process.stderr.write(`${formatProgress(progress)}\n`)
      }
    })
  return effect(onProgress, interval).pipe(
    Effect.ensuring(
      Effect.sync(() => {
        // The redrawn line is erased: the final progress follows on stdout.
        if (drawn) process.stderr.write("\r\x1b[2K")
      })
    )
  )
}

const writeReport = (id: string, file: string, format: "csv" | "jsonl") =>
  Effect.gen(function* () {
    const text = (yield* Stream.runCollect(Campaign.report(id, format))).join("")
    yield* Effect.try({
      try: () => Fs.writeFileSync(file, text),
      catch: (error) =>
        new CliFailure({
          message: `cannot write the report to '${file}': ${(error as { code?: string }).code ?? String(error)}`,
          exitCode: ExitCodes.Failed
        })
    })
  })

/** Writes the report to `--report` when given. */
const writeFinalReport = (options: Common) =>
  Option.isSome(options.report)
    ? writeReport(options.id, options.report.value, "csv").pipe(
        Effect.mapError((error) => (error._tag === "CampaignError" ? campaignFailure(error) : error))
      )
    : Effect.void

/**
 * Runs what `run` or `resume` built (with progress printed) in the embedded campaign of `--db`, writes the report
 * when asked, and concludes.
 */
const finish = <R, E>(
  options: Common,
  layer: Layer.Layer<R, E>,
  campaign: (
    onProgress: (progress: Campaign.Progress) => Effect.Effect<void>,
    interval: Duration.Duration
  ) => Effect.Effect<Campaign.Progress, Campaign.CampaignError | Users.UserSourceError, R>
) =>
  withProgress(options, campaign).pipe(
    Effect.mapError(campaignFailure),
    Effect.tap(() => writeFinalReport(options)),
    Effect.provide(layer),
    Effect.flatMap((final) => conclude(options, final))
  )

/** The end of `run` and `resume`: the final progress, where the report is, and the exit code. */
const conclude = (options: Common, progress: Campaign.Progress) =>
  Effect.gen(function* () {
    const where = Option.isSome(options.report)
      ? `report: ${options.report.value}`
      : `report: wechatpay campaign report --id ${options.id} --db ${options.db} --out report.csv`
    const resume = `wechatpay campaign resume --id ${options.id} --db ${options.db}`
    const json = progressJson(progress)
    if (!options.json) {
      yield* Console.log(formatProgress(progress))
      yield* Console.log(where)
    }
    if (progress.status === "paused") {
      const reason = progress.paused
      return yield* new CliFailure({
        message:
          reason === undefined
            ? `campaign ${options.id} paused: run '${resume}'`
            : `campaign ${options.id} paused: stock ${reason.stockId} is out of budget (${reasonText(reason)}): raise its budget, then run '${resume}'`,
        exitCode: ExitCodes.Paused,
        ...(options.json ? { json } : {})
      })
    }
    if (progress.status !== "completed") {
      return yield* new CliFailure({
        message: `campaign ${options.id} stopped with ${progress.remaining} users pending: run '${resume}'`,
        exitCode: ExitCodes.Failed,
        ...(options.json ? { json } : {})
      })
    }
    if (progress.failedTotal > 0) {
      return yield* new CliFailure({
        message: `campaign ${options.id} completed with ${plural(progress.failedTotal, "failed send")} (${failedText(progress).replace(/^failed \d+ \(|\)$/g, "")}): the report lists them; '${resume} --retry-failed' sends them again`,
        exitCode: ExitCodes.Failed,
        ...(options.json ? { json } : {})
      })
    }
    if (options.json) yield* Console.log(JSON.stringify(json, null, 2))
  })

const id = Flag.String("id").pipe(
  Flag.withMetavar("ID"),
  Flag.withDescription("The campaign's id: stable across runs (each send's request number derives from it)")
)
const db = Flag.String("db").pipe(
  Flag.withMetavar("FILE"),
  Flag.withDescription("The SQLite file of the campaigns' state (created by run)"),
  Flag.withDefault("campaigns.db")
)
const json = Flag.Boolean("json").pipe(
  Flag.withDescription("Print the progress as JSON on stdout (for scripts)"),
  Flag.withDefault(false)
)
const report = Flag.String("report").pipe(
  Flag.withMetavar("FILE"),
  Flag.withDescription("Write the final report (CSV) to FILE at the end"),
  Flag.optional
)
const progressInterval = Flag.Finite("progress-interval").pipe(
  Flag.withMetavar("SECONDS"),
  Flag.withDescription("How often progress is shown on stderr (default: 1 on a terminal, redrawn; 10 otherwise)"),
  Flag.optional
)
const concurrency = Flag.Int("concurrency").pipe(
  Flag.withDescription("Chunks sent at once (default 8), all within the rate"),
  Flag.optional
)

const runCommand = Command.make(
  "run",
  {
    id,
    stock: Flag.String("stock").pipe(Flag.withMetavar("STOCK_ID"), Flag.withDescription("批次号: the stock to send")),
    favor: Flag.Boolean("favor").pipe(
      Flag.withDescription("A 代金券 stock (Favor.sendCoupon); needs --stock-creator-mchid"),
      Flag.withDefault(false)
    ),
    busifavor: Flag.Boolean("busifavor").pipe(
      Flag.withDescription("A 商家券 stock (Busifavor.sendCoupon)"),
      Flag.withDefault(false)
    ),
    stockCreatorMchid: Flag.String("stock-creator-mchid").pipe(
      Flag.withMetavar("MCHID"),
      Flag.withDescription("创建批次的商户号 of a 代金券 stock"),
      Flag.optional
    ),
    productCoupon: Flag.String("product-coupon").pipe(
      Flag.withMetavar("PRODUCT_COUPON_ID"),
      Flag.withDescription(
        "商品券ID: a 商品券 stock (--stock), sent and confirmed with the brand API and WECHATPAY_BRAND_* (or, with --brand-id, the partner API)"
      ),
      Flag.optional
    ),
    brandId: Flag.String("brand-id").pipe(
      Flag.withMetavar("BRAND_ID"),
      Flag.withDescription(
        "品牌ID: with --product-coupon, send as the service provider of WECHATPAY_* for this brand (PartnerProductCoupon)"
      ),
      Flag.optional
    ),
    appid: Flag.String("appid").pipe(Flag.withDescription("The appid the users' openids belong to")),
    users: Flag.String("users").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("A CSV file of users: one openid per line, under a header naming the column")
    ),
    column: Flag.String("column").pipe(
      Flag.withDescription("The CSV column of the openids (default: openid)"),
      Flag.optional
    ),
    rate: Flag.String("rate").pipe(
      Flag.withMetavar("N/s|N/min"),
      Flag.withDescription("Sends per second or minute (default: the endpoint's documented limit)"),
      Flag.optional
    ),
    concurrency,
    db,
    report,
    progressInterval,
    json
  },
  (options) =>
    Effect.gen(function* () {
      const kinds = [options.favor, options.busifavor, Option.isSome(options.productCoupon)].filter(Boolean).length
      if (kinds !== 1) {
        return yield* usage("give one of --favor (代金券), --busifavor (商家券) and --product-coupon (商品券)")
      }
      if (options.favor && Option.isNone(options.stockCreatorMchid)) {
        return yield* usage("--favor needs --stock-creator-mchid")
      }
      if (Option.isSome(options.brandId) && Option.isNone(options.productCoupon)) {
        return yield* usage("--brand-id goes with --product-coupon (商品券, partner API)")
      }
      const rate = Option.isSome(options.rate) ? parseRate(options.rate.value) : undefined
      if (Option.isSome(options.rate) && rate === undefined) {
        return yield* usage(`--rate: '${options.rate.value}' is not N/s, N/min or N/h with N > 0`)
      }
      if (!Fs.existsSync(options.users)) return yield* usage(`--users: no file '${options.users}'`)
      const column = Option.getOrUndefined(options.column)
      const campaign =
        <T extends Campaign.Target>(target: T) =>
        (onProgress: (progress: Campaign.Progress) => Effect.Effect<void>, interval: Duration.Duration) =>
          Campaign.run({
            id: options.id,
            target,
            users: Users.csv(options.users, column === undefined ? {} : { column }),
            rate,
            concurrency: Option.getOrUndefined(options.concurrency),
            onProgress,
            progressInterval: interval
          })
      if (Option.isSome(options.productCoupon)) {
        const ids = { productCouponId: options.productCoupon.value, stockId: options.stock, appid: options.appid }
        return yield* Option.isSome(options.brandId)
          ? finish(
              options,
              embedded(options.db),
              campaign(Campaign.partnerProductCoupon({ ...ids, brandId: options.brandId.value }))
            )
          : finish(options, embeddedBrand(options.db), campaign(Campaign.productCoupon(ids)))
      }
      const target = options.favor
        ? Campaign.favor({
            stockId: options.stock,
            stockCreatorMchid: Option.getOrThrow(options.stockCreatorMchid),
            appid: options.appid
          })
        : Campaign.busifavor({ stockId: options.stock, appid: options.appid })
      yield* finish(options, embedded(options.db), campaign(target))
    })
).pipe(
  Command.withDescription(
    "Send one coupon of a stock to each user of a CSV file, exactly once, within the rate; durable in --db: run it again (or resume) after a crash"
  ),
  Command.withExamples([
    {
      command:
        "wechatpay campaign run --id spring-2027 --stock 1212 --busifavor --appid wx1234567890abcdef --users users.csv",
      description: "A 商家券 campaign at the endpoint's rate"
    },
    {
      command:
        "wechatpay campaign run --id summer-2027 --product-coupon 1000000013 --stock 1000000013001 --appid wx1234567890abcdef --users users.csv",
      description: "A 商品券 campaign (sent and confirmed) with the brand's WECHATPAY_BRAND_* credentials"
    }
  ])
)

const resumeCommand = Command.make(
  "resume",
  {
    id,
    retryFailed: Flag.Boolean("retry-failed").pipe(
      Flag.withDescription("Also send again to the users whose send failed (same request numbers)"),
      Flag.withDefault(false)
    ),
    concurrency,
    db,
    report,
    progressInterval,
    json
  },
  (options) =>
    Effect.gen(function* () {
      yield* existing(options.db)
      const target = yield* storedTarget(options.db, options.id).pipe(Effect.mapError(campaignFailure))
      // The campaign's sends use the client its target takes: the brand's for the 商品券 brand API.
      const resume = (onProgress: (progress: Campaign.Progress) => Effect.Effect<void>, interval: Duration.Duration) =>
        Campaign.resume(options.id, {
          retryFailed: options.retryFailed,
          concurrency: Option.getOrUndefined(options.concurrency),
          onProgress,
          progressInterval: interval
        })
      yield* target._tag === "ProductCoupon"
        ? finish(options, embeddedBrand(options.db), resume)
        : finish(options, embedded(options.db), resume)
    })
).pipe(
  Command.withDescription(
    "Resume a paused campaign (after its stock's budget was raised) or an interrupted one, and run it to its end"
  )
)

const local = (db: string) => Layer.merge(Embedded.layerSql({ filename: db }), CampaignLimiter.layerMemory)

const statusCommand = Command.make("status", { id, db, json }, (options) =>
  Effect.gen(function* () {
    yield* existing(options.db)
    const progress = yield* Campaign.status(options.id).pipe(
      Effect.mapError(campaignFailure),
      Effect.provide(local(options.db))
    )
    if (options.json) return yield* Console.log(JSON.stringify(progressJson(progress), null, 2))
    yield* Console.log(formatProgress(progress))
    if (progress.paused !== undefined) {
      yield* Console.log(`paused: stock ${progress.paused.stockId} is out of budget (${reasonText(progress.paused)})`)
    }
  })
).pipe(Command.withDescription("The stored status and progress of a campaign (no WECHATPAY_* needed)"))

const reportCommand = Command.make(
  "report",
  {
    id,
    db,
    out: Flag.String("out").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("Write the report to FILE (default: stdout)"),
      Flag.optional
    ),
    format: Flag.Literals("format", ["csv", "jsonl"]).pipe(
      Flag.withDescription("CSV with a header line (default), or JSON lines"),
      Flag.withDefault("csv" as const)
    )
  },
  (options) =>
    Effect.gen(function* () {
      yield* existing(options.db)
      // An unknown id is an error, not an empty report.
      yield* Campaign.status(options.id).pipe(Effect.mapError(campaignFailure), Effect.provide(local(options.db)))
      if (Option.isSome(options.out)) {
        return yield* writeReport(options.id, options.out.value, options.format).pipe(
          Effect.mapError((error) => (error._tag === "CampaignError" ? campaignFailure(error) : error)),
          Effect.provide(local(options.db))
        )
      }
      yield* Campaign.report(options.id, options.format).pipe(
        Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk))),
        Effect.mapError(campaignFailure),
        Effect.provide(local(options.db))
      )
    })
).pipe(
  Command.withDescription(
    "The report of a campaign: one line per listed user (status, request number, coupon, error), then the malformed lines"
  )
)

/**
 * `wechatpay campaign`: `run`, `status`, `resume`, `report`.
 *
 * @since 0.2.0
 * @category commands
 */
export const command: Command.Command<"campaign", {}, {}, unknown, Command.Environment> = Command.make("campaign").pipe(
  Command.withDescription(
    "Durable bulk coupon issuance: one coupon per user, exactly once (@effect-wechatpay/campaign)"
  ),
  Command.withSubcommands([runCommand, statusCommand, resumeCommand, reportCommand])
)
