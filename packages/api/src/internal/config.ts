/**
 * Configuration: reading the options from `Config` (environment variables, PEM text or `_FILE` paths) and checking
 * them. No error here echoes a value: a path, a PEM or a key is never part of a message; the variable's name and the
 * OS reason are.
 */
import * as Fs from "node:fs"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type { Options } from "../WechatPay.js"
import { WechatPayConfigError } from "../WechatPayError.js"

const PEM_ARMOUR = /-----BEGIN [A-Z0-9 ]+-----/

/** The OS reason of a failed read (`ENOENT`, `EACCES`, `EISDIR`, …), never the path. */
const osReason = (error: unknown): string => {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined
  return typeof code === "string" ? code : "unreadable"
}

/**
 * How configuration errors name the signer's settings: the merchant's (`WechatPay`) or a brand's (`WechatPayBrand`,
 * which signs through the same client with its own option names).
 */
export interface Labels {
  readonly id: string
  readonly serial: string
  /** What the serial is the serial of, in words and as the official pages call it. */
  readonly certificate: string
}

/** The merchant's option names. */
export const merchantLabels: Labels = {
  id: "mchid",
  serial: "merchantSerialNumber",
  certificate: "the merchant API certificate's serial (商户API证书序列号)"
}

/**
 * What is wrong with a signing serial (`undefined`: nothing), without its value: its length, and whether it holds
 * whitespace or control characters (a line break from a file, a trailing space), which would end up in a header.
 */
export const serialProblem = (serial: string, certificate = merchantLabels.certificate): string | undefined => {
  if (/^[0-9A-Fa-f]{40}$/.test(serial)) return undefined
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  const blanks = /[\s\u0000-\u001f\u007f]/.test(serial) ? ", including whitespace or control characters" : ""
  return `must be the 40 hexadecimal characters of ${certificate}; the value given has ${serial.length} characters${blanks} (the value is not shown)`
}

/**
 * What is wrong with a base URL (`undefined`: nothing), without its value: it must be an absolute `http:` or `https:`
 * URL without credentials, query or fragment (a path prefix, for a proxy, is allowed).
 */
export const baseUrlProblem = (baseUrl: string): string | undefined => {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    return "must be an absolute URL such as https://api.mch.weixin.qq.com (the value is not shown)"
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return "must be an https: (or http:) URL such as https://api.mch.weixin.qq.com (the value is not shown)"
  }
  if (url.username !== "" || url.password !== "") {
    return "must not hold credentials (user:password@) (the value is not shown)"
  }
  if (url.search !== "" || url.hash !== "" || baseUrl.includes("?") || baseUrl.includes("#")) {
    return "must not have a query or a fragment: paths are appended to it (the value is not shown)"
  }
  return undefined
}

/** A configuration error whose message names the variable, never its value. */
const configError = (message: string): Config.ConfigError =>
  new Config.ConfigError(new ConfigProvider.SourceError({ message }))

/** Reads the file a `NAME_FILE` variable names; the error names the variable and the OS reason only. */
export const readPemFile =
  (variable: string) =>
  (path: string): Result.Result<string, Config.ConfigError> => {
    if (PEM_ARMOUR.test(path)) {
      const plain = variable.replace(/_FILE$/, "")
      return Result.fail(
        configError(`${variable} holds PEM text, not a file path: use ${plain} for PEM text (the value is not shown)`)
      )
    }
    try {
      return Result.succeed(Fs.readFileSync(path, "utf8"))
    } catch (error) {
      return Result.fail(
        configError(`cannot read the file named by ${variable}: ${osReason(error)} (the path is not shown)`)
      )
    }
  }

const unescapePem = (text: string): string => (text.includes("\n") ? text : text.replace(/\\n/g, "\n"))

const splitPems = (text: string): ReadonlyArray<string> =>
  text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []

/** A PEM from `NAME` (PEM text; `\n` escapes allowed) or from the file named by `NAME_FILE`. */
export const pemConfig = (name: string): Config.Config<string> =>
  Config.String(name).pipe(
    Config.map(unescapePem),
    Config.orElse(() =>
      Config.String(`${name}_FILE`).pipe(
        Config.mapEffect((path) => Effect.fromResult(readPemFile(`${name}_FILE`)(path)))
      )
    )
  )

/**
 * `pemConfig` for a PEM that must be there: with neither `NAME` nor `NAME_FILE` set, one sentence naming both (the
 * provider's own error names only the last variable tried, `NAME_FILE`).
 */
export const requiredPemConfig = (name: string): Config.Config<string> =>
  pemConfig(name).pipe(
    Config.orElse((error) =>
      Config.fail(
        error.cause._tag === "SourceError"
          ? error.cause
          : new ConfigProvider.SourceError({
              message: `${name} is missing: set it to the PEM text, or ${name}_FILE to the path of a PEM file`
            })
      )
    )
  )

/** `auto`, PEM text, or comma-separated PEM file paths. */
export const platformCertificatesConfig = (name: string): Config.Config<ReadonlyArray<string> | "auto"> =>
  Config.String(name).pipe(
    Config.mapEffect((value): Effect.Effect<ReadonlyArray<string> | "auto", Config.ConfigError> => {
      const trimmed = value.trim()
      if (trimmed === "auto") return Effect.succeed("auto")
      if (trimmed.includes("-----BEGIN")) return Effect.succeed(splitPems(unescapePem(trimmed)))
      const pems: Array<string> = []
      for (const path of trimmed
        .split(",")
        .map((p) => p.trim())
        .filter((p) => p.length > 0)) {
        const read = readPemFile(name)(path)
        if (Result.isFailure(read)) return Effect.fail(read.failure)
        pems.push(...splitPems(read.success))
      }
      return Effect.succeed(pems)
    })
  )

/** The options read from the `WECHATPAY_*` environment variables. */
export const envConfig: Config.Config<Options> = Config.all({
  mchid: Config.String("WECHATPAY_MCHID"),
  merchantSerialNumber: Config.String("WECHATPAY_MERCHANT_SERIAL_NUMBER"),
  merchantPrivateKey: Config.map(requiredPemConfig("WECHATPAY_MERCHANT_PRIVATE_KEY"), Redacted.make),
  apiV3Key: Config.option(Config.Redacted("WECHATPAY_APIV3_KEY")),
  publicKeyId: Config.option(Config.String("WECHATPAY_PUBLIC_KEY_ID")),
  publicKey: Config.option(pemConfig("WECHATPAY_PUBLIC_KEY")),
  platformCertificates: Config.option(platformCertificatesConfig("WECHATPAY_PLATFORM_CERTIFICATES")),
  baseUrl: Config.option(Config.String("WECHATPAY_BASE_URL"))
}).pipe(
  Config.mapEffect((c): Effect.Effect<Options, Config.ConfigError> => {
    const serial = serialProblem(c.merchantSerialNumber)
    if (serial !== undefined) return Effect.fail(configError(`WECHATPAY_MERCHANT_SERIAL_NUMBER ${serial}`))
    const url = Option.isSome(c.baseUrl) ? baseUrlProblem(c.baseUrl.value) : undefined
    if (url !== undefined) return Effect.fail(configError(`WECHATPAY_BASE_URL ${url}`))
    if (Option.isSome(c.publicKeyId) !== Option.isSome(c.publicKey)) {
      const missing = Option.isSome(c.publicKeyId) ? "WECHATPAY_PUBLIC_KEY" : "WECHATPAY_PUBLIC_KEY_ID"
      return Effect.fail(
        configError(
          `${missing} is missing: WECHATPAY_PUBLIC_KEY_ID and WECHATPAY_PUBLIC_KEY (or WECHATPAY_PUBLIC_KEY_FILE) go together`
        )
      )
    }
    return Effect.succeed({
      mchid: c.mchid,
      merchantSerialNumber: c.merchantSerialNumber,
      merchantPrivateKey: c.merchantPrivateKey,
      apiV3Key: Option.getOrUndefined(c.apiV3Key),
      wechatpayPublicKey:
        Option.isSome(c.publicKeyId) && Option.isSome(c.publicKey)
          ? { id: c.publicKeyId.value, key: c.publicKey.value }
          : undefined,
      platformCertificates: Option.getOrUndefined(c.platformCertificates),
      baseUrl: Option.getOrUndefined(c.baseUrl)
    })
  })
)

/** Checks that the options can work; messages name options (as `labels` calls them), never values. */
export const validate = (
  options: Options,
  labels: Labels = merchantLabels
): Effect.Effect<void, WechatPayConfigError> => {
  const certificates = options.platformCertificates
  const hasCertificates = certificates === "auto" || (certificates !== undefined && certificates.length > 0)
  if (options.wechatpayPublicKey === undefined && !hasCertificates) {
    return Effect.fail(
      new WechatPayConfigError({
        message:
          "no key to verify WeChat Pay responses with: configure wechatpayPublicKey ({ id: 'PUB_KEY_ID_…', key: PEM }) and/or platformCertificates (PEM list or \"auto\")"
      })
    )
  }
  if (certificates === "auto" && options.apiV3Key === undefined) {
    return Effect.fail(
      new WechatPayConfigError({
        message: 'platformCertificates: "auto" needs apiV3Key to decrypt the downloaded certificates'
      })
    )
  }
  if (!options.mchid || !options.merchantSerialNumber) {
    return Effect.fail(new WechatPayConfigError({ message: `${labels.id} and ${labels.serial} are required` }))
  }
  const serial = serialProblem(options.merchantSerialNumber, labels.certificate)
  if (serial !== undefined) return Effect.fail(new WechatPayConfigError({ message: `${labels.serial} ${serial}` }))
  const url = options.baseUrl === undefined ? undefined : baseUrlProblem(options.baseUrl)
  if (url !== undefined) return Effect.fail(new WechatPayConfigError({ message: `baseUrl ${url}` }))
  for (const [name, input] of [
    ["timeout", options.timeout],
    ["deadline", options.deadline]
  ] as const) {
    if (input === undefined) continue
    const duration = Duration.fromInput(input)
    if (Option.isNone(duration) || !Duration.isFinite(duration.value) || Duration.toMillis(duration.value) <= 0) {
      return Effect.fail(
        new WechatPayConfigError({
          message: `${name} must be a positive, finite duration such as "10 seconds" or Duration.seconds(10)`
        })
      )
    }
  }
  return Effect.void
}
