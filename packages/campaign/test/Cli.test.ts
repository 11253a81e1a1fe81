import { describe, expect, it } from "@effect/vitest"
import { Campaign } from "@effect-wechatpay/campaign"
import * as Cli from "@effect-wechatpay/campaign/Cli"

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
