#!/usr/bin/env node
/**
 * `wechatpay-sandbox` (in this repository: `pnpm sandbox`): runs the WeChat Pay sandbox gateway standalone, prints
 * its base URL and the client credentials, the merchant's and the brand's (as WECHATPAY_* and WECHATPAY_BRAND_*
 * variables, keys written to temporary files that are removed when it exits), serves the test controls over HTTP
 * under `/_sandbox/`, and logs each request.
 *
 *   wechatpay-sandbox [--port N] [--host 127.0.0.1] [--mode publicKey|certificate] [--no-platform-certificates]
 *                     [--notify-url URL] [--brand-notify-url URL] [--redelivery-scale X]
 *
 * Every key it prints is generated at start and good for this sandbox only. A usage error exits with code 2.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"
import { parseArgs } from "node:util"
import { isHttpUrl } from "./internal/url.js"
import type { SigningMode } from "./Sandbox.js"

const usage = `Usage: wechatpay-sandbox [options]

Starts a local WeChat Pay APIv3 gateway and prints the WECHATPAY_* variables a client needs (and the
WECHATPAY_BRAND_* variables of a brand client, for 商品券's brand API).

Options:
  --port N                    port to listen on, 1-65535 (default: a random free port)
  --host HOST                 address to listen on; only 127.0.0.1 (or localhost) is supported (default)
  --mode publicKey|certificate
                              how responses are signed: with the 微信支付公钥 (default) or a platform certificate
  --no-platform-certificates  do not serve GET /v3/certificates (answers 404 RESOURCE_NOT_EXISTS)
  --notify-url URL            POST every merchant notification (COUPON.SEND, COUPON.USE, PRODUCT_COUPON_SP.SEND) to
                              URL, http:// allowed, instead of the https:// URL the merchant set with
                              setCouponNotify / setCallback / setNotifyConfig (still required)
  --brand-notify-url URL      POST the brand's notifications (PRODUCT_COUPON.SEND) to URL, http:// allowed, instead
                              of the https:// URL the brand set with ProductCoupon.setNotifyConfig (still required)
  --redelivery-scale X        multiplies the redelivery intervals of a failed notification (60 s for COUPON.*;
                              15 s, 15 s, 30 s, 3 min, … for 商品券; default 1; 0.001: every 60 ms)
  -h, --help                  print this help and exit
  -v, --version               print the version and exit

The test controls (mark a 代金券 used, advance time, inject a fault, read the notifications, reset, …) are served
over HTTP under /_sandbox/ on the same port: GET /_sandbox lists them.

Ctrl-C (SIGINT) or SIGTERM stops the gateway and removes the key files it wrote. A port in use exits with code 1,
a usage error with code 2.`

interface Cli {
  readonly port: number
  readonly mode: SigningMode
  readonly platformCertificates: boolean
  readonly notifyUrl: string | undefined
  readonly brandNotifyUrl: string | undefined
  readonly redeliveryScale: number
}

const formatSeconds = (seconds: number): string =>
  seconds >= 1 ? `${Number(seconds.toFixed(3))} s` : `${Number((seconds * 1000).toFixed(3))} ms`

const usageError = (message: string): never => {
  process.stderr.write(`wechatpay-sandbox: ${message}\nRun 'wechatpay-sandbox --help' for the options.\n`)
  process.exit(2)
}

const parse = (argv: ReadonlyArray<string>): Cli => {
  let parsed: ReturnType<typeof parseCli>
  try {
    parsed = parseCli(argv)
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error))
  }
  const { values } = parsed
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    process.exit(0)
  }
  if (values.version) {
    const pkg = createRequire(import.meta.url)("../package.json") as { readonly version: string }
    process.stdout.write(`${pkg.version}\n`)
    process.exit(0)
  }
  let port = 0
  if (values.port !== undefined) {
    port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      usageError(`--port must be an integer from 1 to 65535, got '${values.port}'`)
    }
  }
  if (values.host !== undefined && values.host !== "127.0.0.1" && values.host !== "localhost") {
    usageError(`--host '${values.host}' is not supported: the sandbox listens on 127.0.0.1 only`)
  }
  const mode = values.mode ?? "publicKey"
  if (mode !== "publicKey" && mode !== "certificate") {
    usageError(`--mode must be 'publicKey' or 'certificate', got '${mode}'`)
  }
  if (mode === "certificate" && values["no-platform-certificates"]) {
    usageError("--mode certificate needs platform certificates: drop --no-platform-certificates")
  }
  const notifyUrl = values["notify-url"]
  if (notifyUrl !== undefined && !isHttpUrl(notifyUrl)) {
    usageError(`--notify-url must be an http:// or https:// URL, got '${notifyUrl}'`)
  }
  const brandNotifyUrl = values["brand-notify-url"]
  if (brandNotifyUrl !== undefined && !isHttpUrl(brandNotifyUrl)) {
    usageError(`--brand-notify-url must be an http:// or https:// URL, got '${brandNotifyUrl}'`)
  }
  let redeliveryScale = 1
  if (values["redelivery-scale"] !== undefined) {
    const text = values["redelivery-scale"]
    redeliveryScale = text.trim() === "" ? Number.NaN : Number(text)
    if (!(Number.isFinite(redeliveryScale) && redeliveryScale >= 0)) {
      usageError(`--redelivery-scale must be a number ≥ 0 (e.g. 0.001), got '${text}'`)
    }
  }
  return {
    port,
    mode: mode as SigningMode,
    platformCertificates: !values["no-platform-certificates"],
    notifyUrl,
    brandNotifyUrl,
    redeliveryScale
  }
}

const parseCli = (argv: ReadonlyArray<string>) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      mode: { type: "string" },
      "no-platform-certificates": { type: "boolean" },
      "notify-url": { type: "string" },
      "brand-notify-url": { type: "string" },
      "redelivery-scale": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" }
    }
  })

const cli = parse(process.argv.slice(2))

// Loaded once the arguments are known good, so that a usage error or --help answers at once.
const [NodeRuntime, Console, Effect, Redacted, References, Sandbox, Server] = await Promise.all([
  import("@effect/platform-node/NodeRuntime"),
  import("effect/Console"),
  import("effect/Effect"),
  import("effect/Redacted"),
  import("effect/References"),
  import("./Sandbox.js"),
  import("./internal/server.js")
])

/** A private temporary directory for the key files, removed when the scope closes and, failing that, at exit. */
const keyDirectory = Effect.acquireRelease(
  Effect.sync(() => {
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "wechatpay-sandbox-"))
    process.once("exit", () => Fs.rmSync(dir, { recursive: true, force: true }))
    return dir
  }),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

const program = Effect.gen(function* () {
  const sandbox = yield* Server.make({
    port: cli.port,
    signingMode: cli.mode,
    platformCertificates: cli.platformCertificates,
    redeliveryScale: cli.redeliveryScale,
    httpControls: true,
    ...(cli.notifyUrl === undefined ? {} : { notifyUrl: cli.notifyUrl }),
    ...(cli.brandNotifyUrl === undefined ? {} : { brandNotifyUrl: cli.brandNotifyUrl })
  })
  const { credentials } = sandbox
  const dir = yield* keyDirectory
  const write = (name: string, text: string) => {
    const file = Path.join(dir, name)
    Fs.writeFileSync(file, text, { mode: 0o600 })
    return file
  }
  const keyFile = write("apiclient_key.pem", Redacted.value(credentials.merchantPrivateKey))
  const publicKeyFile = write("pub_key.pem", credentials.wechatpayPublicKey.key)
  const certificateFiles = credentials.platformCertificates.map((pem, i) => write(`platform_cert_${i}.pem`, pem))
  const brandKeyFile = write("brand_apiclient_key.pem", Redacted.value(credentials.brand.brandPrivateKey))
  yield* Console.log(
    [
      `WeChat Pay sandbox listening on ${sandbox.baseUrl} (responses signed in ${cli.mode} mode)`,
      "",
      `Client configuration (sandbox-only keys, generated now; key files in ${dir}, removed on exit):`,
      `  export WECHATPAY_BASE_URL=${sandbox.baseUrl}`,
      `  export WECHATPAY_MCHID=${credentials.mchid}`,
      `  export WECHATPAY_MERCHANT_SERIAL_NUMBER=${credentials.merchantSerialNumber}`,
      `  export WECHATPAY_MERCHANT_PRIVATE_KEY_FILE=${keyFile}`,
      `  export WECHATPAY_APIV3_KEY=${Redacted.value(credentials.apiV3Key)}`,
      `  export WECHATPAY_PUBLIC_KEY_ID=${credentials.wechatpayPublicKey.id}`,
      `  export WECHATPAY_PUBLIC_KEY_FILE=${publicKeyFile}`,
      cli.mode === "certificate"
        ? `  export WECHATPAY_PLATFORM_CERTIFICATES=${certificateFiles.join(",")}   # or: auto`
        : cli.platformCertificates
          ? "  # responses are signed with the WeChat Pay public key above; for platform certificates, start with --mode certificate"
          : "  # no platform certificates: /v3/certificates answers 404 RESOURCE_NOT_EXISTS",
      "",
      "Brand client configuration (品牌API, 商品券's ProductCoupon: WechatPayBrand.layerConfig(); same base URL):",
      `  export WECHATPAY_BRAND_ID=${credentials.brand.brandId}`,
      `  export WECHATPAY_BRAND_SERIAL_NUMBER=${credentials.brand.brandSerialNumber}`,
      `  export WECHATPAY_BRAND_PRIVATE_KEY_FILE=${brandKeyFile}`,
      `  export WECHATPAY_BRAND_API_KEY=${Redacted.value(credentials.brand.brandApiKey)}`,
      `  export WECHATPAY_BRAND_PUBLIC_KEY_ID=${credentials.wechatpayPublicKey.id}`,
      `  export WECHATPAY_BRAND_PUBLIC_KEY_FILE=${publicKeyFile}`,
      "",
      cli.notifyUrl === undefined
        ? "Notifications go to the https:// URL the merchant sets (--notify-url http://127.0.0.1:PORT/… for a local receiver);"
        : `Notifications go to ${cli.notifyUrl} (--notify-url), whatever URL the merchant sets;`,
      cli.brandNotifyUrl === undefined
        ? "  the brand's (PRODUCT_COUPON.SEND) to the URL the brand sets (--brand-notify-url for a local receiver);"
        : `  the brand's (PRODUCT_COUPON.SEND) to ${cli.brandNotifyUrl} (--brand-notify-url);`,
      `  a failed one is redelivered every ${formatSeconds(60 * cli.redeliveryScale)} (--redelivery-scale ${cli.redeliveryScale});`,
      `  a 商品券 one after ${[15, 15, 30, 180].map((seconds) => formatSeconds(seconds * cli.redeliveryScale)).join(", ")}, … (the generic schedule, scaled).`,
      "",
      `Test controls: ${sandbox.baseUrl}/_sandbox/… (GET ${sandbox.baseUrl}/_sandbox lists them), e.g.`,
      `  curl -X POST -H 'Content-Type: application/json' -d '{"coupon_id":"…"}' ${sandbox.baseUrl}/_sandbox/markFavorCouponUsed`,
      "",
      "Seeded data:",
      `  商家券 stock_id ${Sandbox.defaults.stockId}`,
      `  user coupon openid=${Sandbox.defaults.openid} coupon_code=${Sandbox.defaults.couponCode} appid=${Sandbox.defaults.appid}`,
      "",
      "Requests are logged below. Ctrl-C stops."
    ].join("\n")
  )
  return yield* Effect.never
}).pipe(
  // Cannot listen (the port is taken, …): one line, no stack trace; exit code 1 (2 is for usage errors).
  Effect.catchTag("ListenError", (error) =>
    Effect.sync(() => {
      const hint =
        error.code === "EADDRINUSE" || error.code === "EACCES"
          ? "; choose another with --port N, or leave --port out for a free one"
          : ""
      process.stderr.write(`wechatpay-sandbox: ${error.message}${hint}\n`)
      process.exit(1)
    })
  ),
  Effect.scoped,
  Effect.provideService(References.MinimumLogLevel, "Debug")
)

// One SIGINT or SIGTERM stops everything: runMain interrupts the program, whose finalizers stop the deliveries, close
// the server and its connections, and remove the key files (within milliseconds). Should that ever hang, the process
// exits 2 s later all the same (the key directory is also removed on exit), or at once on a second signal.
let signalled = false
const onSignal = () => {
  if (signalled) process.exit(130)
  signalled = true
  setTimeout(() => {
    process.stderr.write("wechatpay-sandbox: stopping took more than 2 s; exiting\n")
    process.exit(130)
  }, 2_000).unref()
}
process.on("SIGINT", onSignal)
process.on("SIGTERM", onSignal)
NodeRuntime.runMain(program)
