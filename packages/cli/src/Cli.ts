/**
 * The `wechatpay` command, built on effect's CLI module: platform certificates, any endpoint call, notification
 * verification, SIGN_ERROR diagnosis, the 发券 signatures and the sandbox gateway. It reads the `WECHATPAY_*`
 * variables `WechatPay.layerConfig()` reads (and `WECHATPAY_APIV2_KEY` for the 发券 signatures). Every command has
 * `--help`; `--completions bash|zsh|fish` prints a completion script; errors are one line on stderr
 * (`wechatpay: …`), with JSON on stdout when a command speaks JSON; exit codes: 0 done, 1 failed, 2 usage, 3
 * configuration. See `docs/cli.md`.
 *
 * Optional packages add commands: `@effect-wechatpay/campaign`, once it exists, mounts its `Cli` module's `command`
 * as `wechatpay campaign` (see {@link extensions}).
 *
 * @since 0.2.0
 */
import { createRequire } from "node:module"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Argument from "effect/cli/Argument"
import * as CliConfig from "effect/cli/CliConfig"
import * as CliError from "effect/cli/CliError"
import * as CliOutput from "effect/cli/CliOutput"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as References from "effect/References"
import * as Extensions from "./internal/extensions.js"
import { describe, ExitCode, exitCodeOf, isCliFailure, oneLine } from "./internal/failure.js"

/** A handler whose module is imported when it runs. */
function lazy<M, I, A, E, R>(
  load: () => Promise<M>,
  pick: (module: M) => (input: I) => Effect.Effect<A, E, R>
): (input: I) => Effect.Effect<A, E, R> {
  return (input) => Effect.flatMap(Effect.promise(load), (module) => pick(module)(input))
}

/**
 * The package's version, printed by `--version`.
 *
 * @since 0.2.0
 * @category constants
 */
export const VERSION: string = (createRequire(import.meta.url)("../package.json") as { readonly version: string })
  .version

/**
 * The exit codes: `Ok` 0; `Failed` 1 (WeChat Pay answered an error, the network failed, something did not verify);
 * `Usage` 2 (flags, arguments, input files, a request its schema rejects: nothing was sent); `Config` 3 (the
 * `WECHATPAY_*` configuration is missing or unusable). An interrupted command exits 130.
 *
 * @since 0.2.0
 * @category constants
 */
export const ExitCodes: typeof ExitCode = ExitCode

// Each handler's module (and with it the client, the schemas, node:crypto) is loaded when its command runs: --help
// and usage errors answer without them.
const Certificates = {
  download: lazy(
    () => import("./internal/certificates.js"),
    (m) => m.download
  )
}
const Call = {
  call: lazy(
    () => import("./internal/call.js"),
    (m) => m.call
  )
}
const Notification = {
  verify: lazy(
    () => import("./internal/notification.js"),
    (m) => m.verify
  )
}
const Diagnose = {
  signError: lazy(
    () => import("./internal/diagnose.js"),
    (m) => m.signError
  )
}
const Coupon = {
  miniProgram: lazy(
    () => import("./internal/coupon.js"),
    (m) => m.miniProgram
  ),
  h5: lazy(
    () => import("./internal/coupon.js"),
    (m) => m.h5
  )
}
const Sandbox = {
  sandbox: lazy(
    () => import("./internal/sandbox.js"),
    (m) => m.sandbox
  )
}

const json = Flag.Boolean("json").pipe(
  Flag.withDescription('Print the result as JSON (for scripts); a failure prints {"error": …} or the report'),
  Flag.withDefault(false)
)

const certificatesDownload = Command.make(
  "download",
  {
    out: Flag.String("out").pipe(
      Flag.withMetavar("DIR"),
      Flag.withDescription("Write each certificate to DIR/wechatpay_<serial>.pem, mode 0600 (default: print the PEM)"),
      Flag.optional
    ),
    json
  },
  Certificates.download
).pipe(
  Command.withDescription(
    "Download the platform certificates (平台证书) from /v3/certificates: the answer verified, each certificate decrypted with the APIv3 key, printed with its validity"
  ),
  Command.withExamples([
    { command: "wechatpay certificates download --out ./certs", description: "Save them, mode 0600" }
  ])
)

const certificates = Command.make("certificates").pipe(
  Command.withDescription("Platform certificates (平台证书)"),
  Command.withSubcommands([certificatesDownload])
)

const call = Command.make(
  "call",
  {
    operation: Argument.String("operation").pipe(
      Argument.withDescription("The endpoint, Family.operation (e.g. Busifavor.queryStock); --list lists them"),
      Argument.optional
    ),
    json: Flag.String("json").pipe(
      Flag.withMetavar("JSON|@FILE|-"),
      Flag.withDescription(
        "The request in its wire form: JSON text, @FILE, or - for standard input (default: standard input when it is a pipe or file, else {})"
      ),
      Flag.optional
    ),
    list: Flag.Boolean("list").pipe(Flag.withDescription("List every operation"), Flag.withDefault(false)),
    schema: Flag.Boolean("schema").pipe(
      Flag.withDescription("Print the operation's request JSON Schema instead of calling it"),
      Flag.withDefault(false)
    )
  },
  Call.call
).pipe(
  Command.withDescription(
    "Call any endpoint by its descriptor: the request validated before sending, the answer verified, decoded and printed as JSON; an error printed with its tag and code (a SIGN_ERROR with its diagnosis)"
  ),
  Command.withExamples([
    { command: 'wechatpay call Busifavor.queryStock --json \'{"stock_id":"1212"}\'', description: "One call" },
    { command: "wechatpay call Favor.queryStock < request.json", description: "The request from a file" }
  ])
)

const notificationVerify = Command.make(
  "verify",
  {
    headers: Flag.String("headers").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("The notification's headers: 'Name: value' lines as captured, or a JSON object")
    ),
    body: Flag.String("body").pipe(Flag.withMetavar("FILE"), Flag.withDescription("The raw body, byte for byte")),
    at: Flag.String("at").pipe(
      Flag.withMetavar("TIME"),
      Flag.withDescription("Verify as of this time (Unix seconds or ISO 8601), e.g. when the capture arrived"),
      Flag.optional
    ),
    json
  },
  Notification.verify
).pipe(
  Command.withDescription(
    "Say why a captured notification would be rejected (header, timestamp skew, serial, signature, decryption), or print its decrypted, decoded resource"
  )
)

const notification = Command.make("notification").pipe(
  Command.withDescription("回调通知 (notifications)"),
  Command.withSubcommands([notificationVerify])
)

const diagnoseSignError = Command.make(
  "sign-error",
  {
    response: Flag.String("response").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("The SIGN_ERROR answer: the raw HTTP response as captured, or its JSON body")
    ),
    request: Flag.String("request").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("The request as the client sent it: the raw HTTP request with its Authorization header"),
      Flag.optional
    ),
    merchantCertificate: Flag.String("merchant-certificate").pipe(
      Flag.withMetavar("FILE"),
      Flag.withDescription("apiclient_cert.pem: its serial and key are compared with the request's"),
      Flag.optional
    ),
    json
  },
  Diagnose.signError
).pipe(
  Command.withDescription(
    "Why WeChat Pay answered 401 SIGN_ERROR: wrong serial, clock skew, URL or query encoding, body changed after signing, wrong key for the serial"
  )
)

const diagnose = Command.make("diagnose").pipe(
  Command.withDescription("Diagnose a failed exchange"),
  Command.withSubcommands([diagnoseSignError])
)

const merchant = Flag.String("merchant").pipe(
  Flag.withMetavar("MCHID"),
  Flag.withDescription("发券商户号 (default: WECHATPAY_MCHID)"),
  Flag.optional
)

const couponMiniProgram = Command.make(
  "mini-program",
  {
    coupons: Flag.String("coupon").pipe(
      Flag.withMetavar("STOCK_ID:OUT_REQUEST_NO[:COUPON_CODE]"),
      Flag.withDescription("A coupon to send; repeat for up to 10"),
      Flag.atLeast(1)
    ),
    merchant,
    json
  },
  Coupon.miniProgram
).pipe(
  Command.withDescription(
    "The 小程序发券插件 attributes send_coupon_params, send_coupon_merchant and sign, signed with WECHATPAY_APIV2_KEY"
  )
)

const couponH5 = Command.make(
  "h5",
  {
    stockId: Flag.String("stock-id").pipe(Flag.withDescription("批次号")),
    outRequestNo: Flag.String("out-request-no").pipe(Flag.withDescription("发券凭证: letters and digits")),
    openId: Flag.String("open-id").pipe(Flag.withDescription("The user's openid")),
    couponCode: Flag.String("coupon-code").pipe(
      Flag.withDescription("券code, for a batch whose codes are given when sending"),
      Flag.optional
    ),
    merchant,
    json
  },
  Coupon.h5
).pipe(Command.withDescription("The H5发券 URL, signed with WECHATPAY_APIV2_KEY"))

const coupon = Command.make("coupon").pipe(
  Command.withDescription("发券 front-end signatures (APIv2 HMAC-SHA256 with WECHATPAY_APIV2_KEY)"),
  Command.withSubcommands([couponMiniProgram, couponH5])
)

const sandbox = Command.make(
  "sandbox",
  {
    port: Flag.Int("port").pipe(Flag.withDescription("Port to listen on (default: a free one)"), Flag.optional),
    host: Flag.String("host").pipe(Flag.withDescription("127.0.0.1 (or localhost) only"), Flag.optional),
    mode: Flag.Literals("mode", ["publicKey", "certificate"]).pipe(
      Flag.withDescription("How responses are signed: the 微信支付公钥 (default) or a platform certificate"),
      Flag.optional
    ),
    platformCertificates: Flag.Boolean("platform-certificates").pipe(
      Flag.withDescription("Serve /v3/certificates (--no-platform-certificates: answer 404 RESOURCE_NOT_EXISTS)"),
      Flag.withDefault(true)
    ),
    notifyUrl: Flag.String("notify-url").pipe(
      Flag.withMetavar("URL"),
      Flag.withDescription(
        "POST every merchant notification to URL (http:// allowed) instead of the https:// URL the merchant set"
      ),
      Flag.optional
    ),
    brandNotifyUrl: Flag.String("brand-notify-url").pipe(
      Flag.withMetavar("URL"),
      Flag.withDescription(
        "POST the brand's notifications (PRODUCT_COUPON.SEND) to URL (http:// allowed) instead of the URL the brand set"
      ),
      Flag.optional
    ),
    redeliveryScale: Flag.Finite("redelivery-scale").pipe(
      Flag.withMetavar("X"),
      Flag.withDescription("Multiplies the redelivery interval of a failed notification (60 s; 0.001: every 60 ms)"),
      Flag.optional
    )
  },
  Sandbox.sandbox
).pipe(
  Command.withDescription(
    "Run the sandbox gateway (the wechatpay-sandbox bin of @effect-wechatpay/sandbox): prints the WECHATPAY_* variables to use"
  )
)

/**
 * An optional package's commands, mounted as `wechatpay <name>` when the package is installed.
 *
 * @since 0.2.0
 * @category models
 */
export interface Extension {
  /** The subcommand's name, e.g. `campaign`. */
  readonly name: string
  /** The package that brings it, e.g. `@effect-wechatpay/campaign`. */
  readonly package: string
  /** The module whose `command` export is the subcommand, e.g. `@effect-wechatpay/campaign/Cli`. */
  readonly module: string
  readonly description: string
}

/**
 * The extensions the command looks for: `@effect-wechatpay/campaign` (not published yet). Its module `Cli` exports
 * `command`, an effect CLI `Command` named `campaign` whose handlers need at most the Node services; without the
 * package, `wechatpay campaign` says what to install.
 *
 * @since 0.2.0
 * @category extensions
 */
export const extensions: ReadonlyArray<Extension> = Extensions.known

/**
 * The root command, with the given extension commands mounted (see {@link loadExtensions}).
 *
 * @since 0.2.0
 * @category commands
 */
export const make = (mounted: ReadonlyArray<Command.Command.Any> = []) =>
  Command.make("wechatpay").pipe(
    Command.withDescription(
      "The WeChat Pay APIv3 toolbox of effect-wechatpay. Configuration: the WECHATPAY_* variables of WechatPay.layerConfig() (docs/configuration.md)."
    ),
    Command.withSubcommands([certificates, call, notification, diagnose, coupon, sandbox, ...mounted])
  )

/**
 * The extension commands: each {@link extensions} entry's `command` when its package is installed, a command that
 * says what to install otherwise.
 *
 * @since 0.2.0
 * @category extensions
 */
export const loadExtensions: Effect.Effect<ReadonlyArray<Command.Command.Any>> = Extensions.load(
  Extensions.known,
  (specifier) => import(specifier)
)

const formatter = () =>
  CliOutput.defaultFormatter({ colors: process.stdout.isTTY === true && process.env["NO_COLOR"] === undefined })

/** Help and version on stdout; an invalid invocation as one line per error on stderr, and where to get help. */
const presenter: CliOutput.Presenter = {
  present: (event) => {
    switch (event._tag) {
      case "Help":
        return Console.log(formatter().formatHelpDoc(event.helpDoc))
      case "Version":
        return Console.log(event.version)
      case "InvalidInvocation":
        return Console.error(
          [
            ...event.errors.map((error) => `wechatpay: ${oneLine(error.message)}`),
            `Run '${event.commandPath.join(" ")} --help' for usage.`
          ].join("\n")
        )
    }
  }
}

/** Reports a failure (one line on stderr, JSON on stdout when the command speaks it) and gives the exit code. */
const report = (cause: Cause.Cause<unknown>): Effect.Effect<number> => {
  if (Cause.hasInterruptsOnly(cause)) return Effect.succeed(130)
  const error = Cause.squash(cause)
  if (CliError.isCliError(error)) {
    // Already presented: help, or the invocation's errors.
    if (error._tag === "ShowHelp") return Effect.succeed(ExitCode.Usage)
    return Effect.as(Console.error(`wechatpay: ${oneLine(error.message)}`), ExitCode.Usage)
  }
  if (Cause.hasDies(cause) && !Cause.hasFails(cause)) {
    const message = error instanceof Error ? error.message : String(error)
    return Effect.as(Console.error(`wechatpay: internal error: ${oneLine(message)}`), ExitCode.Failed)
  }
  return Effect.gen(function* () {
    if (isCliFailure(error) && error.json !== undefined) {
      yield* Console.log(JSON.stringify(error.json, null, 2))
    }
    const message = describe(error)
    if (message !== "") yield* Console.error(`wechatpay: ${message}`)
    return exitCodeOf(error)
  })
}

/**
 * Runs the command on `args` (without the node and script paths) and gives the exit code; it never fails. The help,
 * the output and the errors are written to the console.
 *
 * @since 0.2.0
 * @category running
 */
export const run = (
  args: ReadonlyArray<string>,
  options: { readonly extensions?: ReadonlyArray<Command.Command.Any> | undefined } = {}
): Effect.Effect<number, never, Command.Environment> =>
  // Extensions' handlers need at most the Node services (the contract of `extensions`).
  Effect.gen(function* () {
    const mounted = options.extensions ?? (yield* loadExtensions)
    yield* Command.runWith(make(mounted), { version: VERSION })(args)
    return ExitCode.Ok as number
  }).pipe(
    Effect.catchCause(report),
    Effect.provideService(
      CliConfig.CliConfig,
      CliConfig.make({ builtIns: [GlobalFlag.Help, GlobalFlag.Version, GlobalFlag.Completions, GlobalFlag.LogLevel] })
    ),
    Effect.provideService(CliOutput.Presenter, presenter),
    Effect.provideService(Logger.LogToStderr, true),
    Effect.provideService(References.MinimumLogLevel, "Error")
  ) as Effect.Effect<number, never, Command.Environment>
