import { NodeServices } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Command } from "effect/cli"
import * as Cli from "../src/Cli.js"
import * as Extensions from "../src/internal/extensions.js"
import { wechatpay } from "./support.js"

describe("wechatpay: help, completions, usage errors", () => {
  it("--help on every command lists what it takes", async () => {
    const expectations: ReadonlyArray<[ReadonlyArray<string>, ReadonlyArray<string>]> = [
      [[], ["certificates", "call", "notification", "diagnose", "coupon", "sandbox", "campaign", "--completions"]],
      [
        ["certificates", "download"],
        ["--out", "--json", "mode 0600"]
      ],
      [["call"], ["operation", "--json", "--list", "--schema"]],
      [
        ["notification", "verify"],
        ["--headers", "--body", "--at"]
      ],
      [
        ["diagnose", "sign-error"],
        ["--response", "--request", "--merchant-certificate"]
      ],
      [
        ["coupon", "mini-program"],
        ["--coupon", "--merchant"]
      ],
      [
        ["coupon", "h5"],
        ["--stock-id", "--out-request-no", "--open-id", "--coupon-code"]
      ],
      [["sandbox"], ["--port", "--host", "--mode", "--platform-certificates", "--notify-url", "--redelivery-scale"]]
    ]
    const runs = await Promise.all(expectations.map(([path]) => wechatpay([...path, "--help"])))
    runs.forEach((ran, i) => {
      expect(ran.status).toBe(0)
      for (const text of expectations[i]![1]) expect(ran.stdout).toContain(text)
    })
  }, 120_000)

  it("prints a bash completion script naming the commands", async () => {
    const ran = await wechatpay(["--completions", "bash"])
    expect(ran.status).toBe(0)
    for (const word of ["wechatpay", "certificates", "notification", "sign-error", "mini-program"]) {
      expect(ran.stdout).toContain(word)
    }
  }, 60_000)

  it("a wrong flag or command: one line on stderr, where to get help, exit 2", async () => {
    const [flag, command, missing] = await Promise.all([
      wechatpay(["call", "--bogus"]),
      wechatpay(["certificate"]),
      wechatpay(["notification", "verify", "--body", "b.json"])
    ])
    expect(flag.status).toBe(2)
    expect(flag.stderr).toBe(
      "wechatpay: Unrecognized flag: --bogus in command wechatpay call\nRun 'wechatpay call --help' for usage.\n"
    )
    expect(flag.stdout).toBe("")
    expect(command.status).toBe(2)
    expect(command.stderr.split("\n")[0]).toMatch(/^wechatpay: Unknown subcommand "certificate"/)
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain("--headers")
  }, 60_000)

  it("without configuration: names the missing variable, exit 3", async () => {
    const ran = await wechatpay(["call", "Busifavor.queryStock", "--json", '{"stock_id":"1"}'], {
      env: { WECHATPAY_MCHID: "1900000001", WECHATPAY_MERCHANT_SERIAL_NUMBER: "ABC" }
    })
    expect(ran.status).toBe(3)
    expect(ran.stderr).toBe(
      "wechatpay: configuration: WECHATPAY_MERCHANT_PRIVATE_KEY is missing: set it to the PEM text, or WECHATPAY_MERCHANT_PRIVATE_KEY_FILE to the path of a PEM file\n"
    )
  }, 60_000)

  it("campaign: mounted from @effect-wechatpay/campaign when it is installed (its Cli module's command)", async () => {
    const ran = await wechatpay(["campaign", "--help"])
    expect(ran.status).toBe(0)
    for (const name of ["run", "status", "resume", "report"]) expect(ran.stdout).toContain(name)
  }, 60_000)
})

describe("the extension point", () => {
  const campaign = Cli.extensions.find((e) => e.name === "campaign")!

  it.effect("mounts an installed package's command as `wechatpay campaign`", () =>
    Effect.gen(function* () {
      const ran: Array<string> = []
      const command = Command.make("campaign", {}, () => Effect.sync(() => ran.push("campaign ran")))
      const [loaded] = yield* Extensions.load([campaign], (specifier) =>
        specifier === "@effect-wechatpay/campaign/Cli"
          ? Promise.resolve({ command })
          : Promise.reject(new Error(specifier))
      )
      expect(loaded).toBe(command)
      const code = yield* Cli.run(["campaign"], { extensions: [loaded!] })
      expect(code).toBe(0)
      expect(ran).toEqual(["campaign ran"])
    }).pipe(Effect.provide(NodeServices.layer))
  )

  it.effect("a package that is not installed, or that exports no such command, gets the stand-in", () =>
    Effect.gen(function* () {
      const notFound = Object.assign(new Error("Cannot find package"), { code: "ERR_MODULE_NOT_FOUND" })
      const [missing] = yield* Extensions.load([campaign], () => Promise.reject(notFound))
      const [wrong] = yield* Extensions.load([campaign], () => Promise.resolve({ command: "nope" }))
      expect(missing?.name).toBe("campaign")
      expect(missing?.description).toContain("not installed")
      expect(wrong?.name).toBe("campaign")
      // Without the package, `wechatpay campaign …` says what to install (a usage failure: exit 2).
      expect(yield* Cli.run(["campaign", "run", "plan.json"], { extensions: [missing!] })).toBe(2)
    }).pipe(Effect.provide(NodeServices.layer))
  )
})
