import * as Fs from "node:fs"
import * as Path from "node:path"
import { NodeServices } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ProductCoupon } from "@effect-wechatpay/api"
import { Campaign } from "@effect-wechatpay/campaign"
import * as Cli from "@effect-wechatpay/campaign/Cli"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { ConfigProvider, Effect, Redacted } from "effect"
import * as Command from "effect/cli/Command"
import * as T from "./support.js"

describe("Cli (wechatpay campaign)", () => {
  it("parseRate reads N/s, N/min and N/h, and nothing else", () => {
    expect(Cli.parseRate("500/s")).toEqual({ requests: 500, per: "1 second" })
    expect(Cli.parseRate(" 1000 / min ")).toEqual({ requests: 1000, per: "1 minute" })
    expect(Cli.parseRate("20/h")).toEqual({ requests: 20, per: "1 hour" })
    for (const bad of ["fast", "0/s", "-1/s", "1.5/s", "10/day", "10"]) expect(Cli.parseRate(bad)).toBeUndefined()
  })

  it("formatProgress: sent of listed, already sent, failed by tag, remaining, malformed, rate", () => {
    const progress = new Campaign.Progress({
      campaignId: "spring",
      status: "running",
      listed: 1000,
      sent: 400,
      alreadySent: 100,
      duplicates: 2,
      failed: { ParamError: 2, UnknownApiError: 1 },
      malformed: 3,
      remaining: 597,
      rate: 99.6
    })
    expect(Cli.formatProgress(progress)).toBe(
      "campaign spring running: sent 400/1000, already sent 100, failed 3 (ParamError 2, UnknownApiError 1), remaining 597, malformed 3, 100/s"
    )
  })

  it("the command is named campaign, with run, status, resume and report", () => {
    expect(Cli.command.name).toBe("campaign")
    expect(Cli.command.subcommands.flatMap((group) => group.commands.map((c) => c.name))).toEqual([
      "run",
      "status",
      "resume",
      "report"
    ])
  })
})

describe("wechatpay campaign run --product-coupon", () => {
  const appid = Sandbox.defaults.appid

  /** Runs `wechatpay campaign …` in this process, with `env` as the only configuration. */
  const wechatpay = (args: ReadonlyArray<string>, env: Record<string, string>) =>
    Command.runWith(Cli.command, { version: "0.0.0-test" })(args).pipe(
      Effect.provide(NodeServices.layer),
      Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
    )

  it.live(
    "a 商品券 campaign with the brand's WECHATPAY_BRAND_* alone: every user sent and confirmed, the report says so",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const { credentials } = sandbox
        const created = yield* ProductCoupon.createProductCoupon(T.productCouponRequest("CLI_CAMPAIGN_0001", 1_000))
        const dir = T.tempDir()
        const users = Path.join(dir, "users.csv")
        Fs.writeFileSync(users, ["openid", ...T.users(120, "o-cli-pc-")].join("\n"))
        const db = Path.join(dir, "campaigns.db")
        const report = Path.join(dir, "report.csv")
        const env = {
          WECHATPAY_BRAND_ID: credentials.brand.brandId,
          WECHATPAY_BRAND_SERIAL_NUMBER: credentials.brand.brandSerialNumber,
          WECHATPAY_BRAND_PRIVATE_KEY: Redacted.value(credentials.brand.brandPrivateKey),
          WECHATPAY_BRAND_PUBLIC_KEY_ID: credentials.wechatpayPublicKey.id,
          WECHATPAY_BRAND_PUBLIC_KEY: credentials.wechatpayPublicKey.key,
          WECHATPAY_BASE_URL: sandbox.baseUrl
        }
        const args = ["--id", "cli-pc", "--db", db]
        const stock = created.stock!.stock_id
        // Two kinds at once is a usage error, before anything is read or sent.
        const both = yield* Effect.flip(
          wechatpay(
            [
              "run",
              ...args,
              "--stock",
              stock,
              "--busifavor",
              "--product-coupon",
              created.product_coupon_id,
              "--appid",
              appid,
              "--users",
              users
            ],
            env
          )
        )
        expect(both).toMatchObject({ _tag: "CliFailure", exitCode: Cli.ExitCodes.Usage })
        expect(Fs.existsSync(db)).toBe(false)

        yield* wechatpay(
          [
            "run",
            ...args,
            "--stock",
            stock,
            "--product-coupon",
            created.product_coupon_id,
            "--appid",
            appid,
            "--users",
            users,
            "--report",
            report
          ],
          env
        )
        const lines = Fs.readFileSync(report, "utf8").trim().split("\n")
        expect(lines[0]).toBe("line,openid,status,out_request_no,coupon,error_tag,error_code,sent_at,confirmed")
        expect(lines.slice(1).filter((line) => !/,sent,C\w{31},\w+,,,[^,]+,true$/.test(line))).toEqual([])
        expect(lines).toHaveLength(121)
        const sent = yield* ProductCoupon.getStock({ product_coupon_id: created.product_coupon_id, stock_id: stock })
        expect(sent.sent_count_info?.total_count).toBe(120)
        // resume finds the brand target in the database: the brand's credentials are enough.
        yield* wechatpay(["resume", ...args], env)
      }).pipe(Effect.provide(SandboxClient.brandLayer())),
    120_000
  )
})
