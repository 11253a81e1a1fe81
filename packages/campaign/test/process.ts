import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { Sandbox } from "@effect-wechatpay/sandbox"
import { Redacted } from "effect"

const script = new URL("./fixtures/run-campaign.ts", import.meta.url).pathname

/** The settings of a campaign run by {@link start}. */
export interface Run {
  readonly dir: string
  readonly campaignId: string
  readonly stockId: string
  readonly rate: number
  /** A 商品券 campaign (brand API, the sandbox's brand) of this 商品券 and `stockId`. */
  readonly productCouponId?: string
}

/** Writes `openids` as a CSV file with an `openid` header (and extra lines as given). */
export const writeCsv = (dir: string, lines: ReadonlyArray<string>): string => {
  const file = Path.join(dir, "users.csv")
  Fs.writeFileSync(file, `openid,name\n${lines.join("\n")}\n`)
  return file
}

/** A campaign in a child process (Node with tsx, on the sources), against the parent's sandbox. */
export const start = (sandbox: Sandbox.Sandbox, run: Run) => {
  const settings = {
    baseUrl: sandbox.baseUrl,
    mchid: sandbox.credentials.mchid,
    merchantSerialNumber: sandbox.credentials.merchantSerialNumber,
    merchantPrivateKey: Redacted.value(sandbox.credentials.merchantPrivateKey),
    apiV3Key: Redacted.value(sandbox.credentials.apiV3Key),
    wechatpayPublicKey: sandbox.credentials.wechatpayPublicKey,
    filename: Path.join(run.dir, "campaigns.db"),
    csv: Path.join(run.dir, "users.csv"),
    campaignId: run.campaignId,
    stockId: run.stockId,
    appid: Sandbox.defaults.appid,
    rate: run.rate,
    brand: {
      brandId: sandbox.credentials.brand.brandId,
      brandSerialNumber: sandbox.credentials.brand.brandSerialNumber,
      brandPrivateKey: Redacted.value(sandbox.credentials.brand.brandPrivateKey)
    },
    ...(run.productCouponId === undefined ? {} : { productCouponId: run.productCouponId })
  }
  const child = spawn(process.execPath, ["--conditions=@effect-wechatpay/source", "--import", "tsx", script], {
    env: { ...process.env, CAMPAIGN_SETTINGS: JSON.stringify(settings), NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", "pipe", "pipe"]
  })
  const progress: Array<{ readonly sent: number; readonly status: string }> = []
  let done: unknown
  let stderr = ""
  let buffer = ""
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk
    let end = buffer.indexOf("\n")
    while (end >= 0) {
      const line = buffer.slice(0, end)
      buffer = buffer.slice(end + 1)
      if (line.startsWith("DONE ")) done = JSON.parse(line.slice(5))
      else if (line.startsWith("{")) progress.push(JSON.parse(line))
      end = buffer.indexOf("\n")
    }
  })
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return {
    child,
    exited,
    progress,
    get done() {
      return done
    },
    get stderr() {
      return stderr
    }
  }
}

/** Waits until `predicate` holds (polling), or the child exits. */
export const waitFor = async (child: ChildProcess, predicate: () => boolean, timeoutMs = 120_000) => {
  const started = Date.now()
  while (!predicate()) {
    if (child.exitCode !== null || child.signalCode !== null) return false
    if (Date.now() - started > timeoutMs) throw new Error("timed out")
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}
