/**
 * `wechatpay sandbox [--port N] [--host H] [--mode publicKey|certificate] [--no-platform-certificates]
 * [--notify-url URL] [--brand-notify-url URL] [--redelivery-scale X]`: the sandbox
 * gateway, by running `@effect-wechatpay/sandbox`'s own bin (`wechatpay-sandbox`) with the same flags, standard
 * streams shared. Its exit code is ours. Interrupted (SIGINT,
 * SIGTERM), it stops the gateway and waits for it to remove its key files.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import { fileURLToPath } from "node:url"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { CliFailure, ExitCode } from "./failure.js"

/**
 * The sandbox's bin, next to its entry point as this process resolves it: `dist/bin.js` when installed, `src/bin.ts`
 * under the workspace's source condition (then run the way this process runs, with its `--conditions` and loader).
 */
const sandboxBin = (): string | undefined => {
  let entry: string
  try {
    entry = fileURLToPath(import.meta.resolve("@effect-wechatpay/sandbox"))
  } catch {
    return undefined
  }
  const bin = entry.replace(/index\.(ts|js)$/, "bin.$1")
  return bin !== entry && Fs.existsSync(bin) ? bin : undefined
}

export const sandbox = (options: {
  readonly port: Option.Option<number>
  readonly host: Option.Option<string>
  readonly mode: Option.Option<string>
  readonly platformCertificates: boolean
  readonly notifyUrl: Option.Option<string>
  readonly brandNotifyUrl: Option.Option<string>
  readonly redeliveryScale: Option.Option<number>
}) =>
  Effect.gen(function* () {
    const bin = sandboxBin()
    if (bin === undefined) {
      return yield* new CliFailure({
        message: "the sandbox is not installed: npm install @effect-wechatpay/sandbox",
        exitCode: ExitCode.Failed
      })
    }
    // `--name=value`: a value that starts with a dash (`--redelivery-scale=-1`) reaches the bin as that flag's value,
    // and the bin's own check answers it.
    const valued = (name: string, value: Option.Option<string | number>) =>
      Option.isSome(value) ? [`--${name}=${value.value}`] : []
    const args = [
      ...valued("port", options.port),
      ...valued("host", options.host),
      ...valued("mode", options.mode),
      ...(options.platformCertificates ? [] : ["--no-platform-certificates"]),
      ...valued("notify-url", options.notifyUrl),
      ...valued("brand-notify-url", options.brandNotifyUrl),
      ...valued("redelivery-scale", options.redeliveryScale)
    ]
    const code = yield* Effect.callback<number>((resume) => {
      const child = ChildProcess.spawn(process.execPath, [...process.execArgv, bin, ...args], { stdio: "inherit" })
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
      child.once("error", () => resume(Effect.succeed(ExitCode.Failed)))
      child.once("exit", (status, signal) =>
        resume(Effect.succeed(status ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : ExitCode.Failed)))
      )
      // Interrupted (SIGINT, SIGTERM): stop the gateway and wait until it has removed its key files.
      return Effect.promise(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
        return exited
      })
    })
    if (code !== 0) {
      return yield* new CliFailure({ message: "", exitCode: code })
    }
  })
