/**
 * Optional packages that add commands. Each is looked up once at start: its module's `command` export is mounted;
 * when the package is not installed, a command of the same name says what to install (exit 2).
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Effect from "effect/Effect"
import type { Extension } from "../Cli.js"
import { usage } from "./failure.js"

export const known: ReadonlyArray<Extension> = [
  {
    name: "campaign",
    package: "@effect-wechatpay/campaign",
    module: "@effect-wechatpay/campaign/Cli",
    description: "Durable bulk coupon issuance (needs @effect-wechatpay/campaign)"
  }
]

/** Whether an import failed because the package (or that module of it) is not there. */
const isMissing = (error: unknown): boolean => {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined
  return code === "ERR_MODULE_NOT_FOUND" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED" || code === "MODULE_NOT_FOUND"
}

/** The stand-in for an extension that is not installed: it takes anything and says what to install. */
const missing = (extension: Extension, failure?: string): Command.Command.Any =>
  Command.make(
    extension.name,
    { rest: Argument.String("args").pipe(Argument.variadic(), Argument.withDescription("(ignored)")) },
    () =>
      Effect.fail(
        usage(
          failure === undefined
            ? `'wechatpay ${extension.name}' comes with ${extension.package}, which is not installed: npm install ${extension.package}`
            : `'wechatpay ${extension.name}': ${extension.module} did not load: ${failure}`
        )
      )
  ).pipe(Command.withDescription(`${extension.description}; not installed`))

/** Loads each extension's command with `importer`; a missing package gives the stand-in, any other failure too. */
export const load = (
  extensions: ReadonlyArray<Extension>,
  importer: (specifier: string) => Promise<unknown>
): Effect.Effect<ReadonlyArray<Command.Command.Any>> =>
  Effect.forEach(extensions, (extension) =>
    Effect.map(Effect.result(Effect.tryPromise(() => importer(extension.module))), (loaded): Command.Command.Any => {
      if (loaded._tag === "Failure") {
        const cause = loaded.failure.cause
        return isMissing(cause)
          ? missing(extension)
          : missing(extension, cause instanceof Error ? cause.message : String(cause))
      }
      const command = (loaded.success as { readonly command?: unknown } | undefined)?.command
      return Command.isCommand(command) && command.name === extension.name
        ? command
        : missing(extension, `it exports no command named '${extension.name}'`)
    })
  )
