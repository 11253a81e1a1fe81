#!/usr/bin/env node
/**
 * `pnpm sandbox`: runs the WeChat Pay sandbox gateway standalone, prints its base URL and the client
 * credentials (as WECHATPAY_* variables, keys written to files), and logs each request.
 *
 *   pnpm sandbox [--port 8888] [--mode publicKey|certificate] [--no-platform-certificates]
 *
 * Every key it prints is generated at start and good for this sandbox only.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Logger, LogLevel, Redacted } from "effect"
import * as Sandbox from "./Sandbox.js"

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const port = Number(flag("--port") ?? 0)
const mode = flag("--mode") === "certificate" ? "certificate" : "publicKey"
const platformCertificates = !args.includes("--no-platform-certificates")

const program = Effect.gen(function* () {
  const sandbox = yield* Sandbox.make({ port, signingMode: mode, platformCertificates })
  const { credentials } = sandbox
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "wechatpay-sandbox-"))
  const write = (name: string, text: string) => {
    const file = Path.join(dir, name)
    Fs.writeFileSync(file, text, { mode: 0o600 })
    return file
  }
  const keyFile = write("apiclient_key.pem", Redacted.value(credentials.merchantPrivateKey))
  const publicKeyFile = write("pub_key.pem", credentials.wechatpayPublicKey.key)
  const certificateFiles = credentials.platformCertificates.map((pem, i) => write(`platform_cert_${i}.pem`, pem))
  yield* Console.log(
    [
      `WeChat Pay sandbox listening on ${sandbox.baseUrl} (responses signed in ${mode} mode)`,
      "",
      "Client configuration (sandbox-only keys, generated now):",
      `  export WECHATPAY_BASE_URL=${sandbox.baseUrl}`,
      `  export WECHATPAY_MCHID=${credentials.mchid}`,
      `  export WECHATPAY_MERCHANT_SERIAL_NUMBER=${credentials.merchantSerialNumber}`,
      `  export WECHATPAY_MERCHANT_PRIVATE_KEY_FILE=${keyFile}`,
      `  export WECHATPAY_APIV3_KEY=${Redacted.value(credentials.apiV3Key)}`,
      `  export WECHATPAY_PUBLIC_KEY_ID=${credentials.wechatpayPublicKey.id}`,
      `  export WECHATPAY_PUBLIC_KEY_FILE=${publicKeyFile}`,
      mode === "certificate"
        ? `  export WECHATPAY_PLATFORM_CERTIFICATES=${certificateFiles.join(",")}   # or: auto`
        : platformCertificates
          ? "  # platform certificates are served too: WECHATPAY_PLATFORM_CERTIFICATES=auto"
          : "  # no platform certificates: /v3/certificates answers 404 RESOURCE_NOT_EXISTS",
      "",
      "Seeded data:",
      `  商家券 stock_id ${Sandbox.defaults.stockId}`,
      `  user coupon openid=${Sandbox.defaults.openid} coupon_code=${Sandbox.defaults.couponCode} appid=${Sandbox.defaults.appid}`,
      "",
      "Requests are logged below. Ctrl-C stops."
    ].join("\n")
  )
  return yield* Effect.never
}).pipe(Effect.scoped, Effect.provide(Logger.minimumLogLevel(LogLevel.Debug)))

NodeRuntime.runMain(program)
