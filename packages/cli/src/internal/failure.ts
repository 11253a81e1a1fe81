/**
 * How the command fails: one line on stderr (`wechatpay: …`), a JSON object on stdout for scripts when asked, and an
 * exit code by kind. Library errors are rendered from their data (tag, code, status, message, request id), never with
 * a stack, and never with a secret: our errors carry none, and `Config` errors name variables, not values.
 */
import * as Config from "effect/Config"
import * as Data from "effect/Data"

/**
 * The exit codes: 0 done; 1 the operation failed (WeChat Pay answered an error, the network failed, a notification or
 * certificate did not verify); 2 the command was used wrongly (flags, arguments, input files, a request its schema
 * rejects: nothing was sent); 3 the configuration (`WECHATPAY_*`) is missing or unusable.
 */
export const ExitCode = { Ok: 0, Failed: 1, Usage: 2, Config: 3 } as const

/** A failure of a command, ready to report. */
export class CliFailure extends Data.TaggedError("CliFailure")<{
  readonly message: string
  readonly exitCode: number
  /** Printed on stdout as JSON when the command speaks JSON. */
  readonly json?: unknown
}> {}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

/**
 * A {@link CliFailure}, or an extension's failure of the same shape (`_tag` "CliFailure", a string `message`, a
 * numeric `exitCode`, an optional `json`): an extension package has its own class, not this one.
 */
export const isCliFailure = (u: unknown): u is CliFailure =>
  u instanceof CliFailure ||
  (isRecord(u) && u["_tag"] === "CliFailure" && typeof u["message"] === "string" && typeof u["exitCode"] === "number")

const CONFIG_TAGS = new Set(["WechatPayConfigError", "InvalidKeyError"])

const isConfigError = (u: unknown): u is Config.ConfigError => u instanceof Config.ConfigError

/**
 * A configuration error in one line: a missing variable named as such; our own messages (which name the variable and
 * the OS reason, never a value) as they are.
 */
const configMessage = (error: Config.ConfigError): string => {
  const text = oneLine(error.message)
  const missing = /Expected string at \["([A-Za-z0-9_]+)"\]/.exec(text)
  if (missing !== null) return `${missing[1]} is not set (docs/configuration.md lists the WECHATPAY_* variables)`
  return text.replace(/^SchemaError\((.*)\)$/, "$1").replace(/^SourceError: /, "")
}

/** The exit code an error maps to. */
export const exitCodeOf = (error: unknown): number => {
  if (!isRecord(error)) return ExitCode.Failed
  if (isCliFailure(error)) return error.exitCode
  if (isConfigError(error) || CONFIG_TAGS.has(String(error["_tag"]))) return ExitCode.Config
  if (error["_tag"] === "RequestValidationError") return ExitCode.Usage
  return ExitCode.Failed
}

/** An error as data: its tag and the fields a script needs (code, status, message, request id, reason, issues). */
export const toJson = (error: unknown): Record<string, unknown> => {
  if (!isRecord(error)) return { _tag: "Unknown", message: String(error) }
  if (isConfigError(error)) return { _tag: "ConfigError", message: configMessage(error) }
  const out: Record<string, unknown> = { _tag: typeof error["_tag"] === "string" ? error["_tag"] : "Error" }
  for (const key of [
    "code",
    "status",
    "reason",
    "message",
    "description",
    "requestId",
    "issues",
    "serial",
    "path",
    "errno"
  ]) {
    const value = error[key]
    if (value !== undefined) out[key] = value
  }
  if (out["message"] === undefined && error instanceof Error) out["message"] = error.message
  const detail = error["detail"]
  if (isRecord(detail)) out["detail"] = { ...detail }
  return out
}

/** One line: `Tag CODE (HTTP status): message [Request-ID …]`. */
export const describe = (error: unknown): string => {
  if (!isRecord(error)) return String(error)
  if (isCliFailure(error)) return error.message
  if (isConfigError(error)) return `configuration: ${configMessage(error)}`
  const json = toJson(error)
  const tag = String(json["_tag"])
  const code = typeof json["code"] === "string" && json["code"] !== "" ? ` ${json["code"]}` : ""
  const status = typeof json["status"] === "number" ? ` (HTTP ${json["status"]})` : ""
  const reason = typeof json["reason"] === "string" ? ` [${json["reason"]}]` : ""
  // A business error's message already names its code, status and Request-ID: print WeChat Pay's own words instead.
  const text = typeof json["description"] === "string" ? json["description"] : json["message"]
  const message = typeof text === "string" ? text.split("\n")[0] : ""
  const requestId = typeof json["requestId"] === "string" ? ` [Request-ID ${json["requestId"]}]` : ""
  return `${tag}${code}${status}${reason}: ${message}${requestId}`
}

/** A usage failure (exit 2). */
export const usage = (message: string): CliFailure => new CliFailure({ message, exitCode: ExitCode.Usage })

/** Several lines as one (a schema issue spans lines). */
export const oneLine = (text: string): string =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(" ")
