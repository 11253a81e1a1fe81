/**
 * Starting the bench's child processes (all run TypeScript through tsx).
 */
import { type ChildProcess, fork } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

/** The bench package directory (children resolve `tsx` and the workspace packages from it). */
export const benchDir = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "..")

/**
 * Forks `src/<script>` under tsx with IPC.
 *
 * @param script file name in `src/`
 * @param args argv for the child
 * @param nodeFlags extra node flags, e.g. `--expose-gc`
 */
export const forkScript = (
  script: string,
  args: ReadonlyArray<string> = [],
  nodeFlags: ReadonlyArray<string> = []
): ChildProcess =>
  fork(Path.join(benchDir, "src", script), [...args], {
    cwd: benchDir,
    execArgv: [...nodeFlags, "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })

/**
 * The first IPC message of a child that passes a guard; rejects if the child exits first.
 *
 * @param child the process
 * @param guard which message
 */
export const firstMessage = <A>(child: ChildProcess, guard: (u: unknown) => u is A): Promise<A> =>
  new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!guard(message)) return
      child.off("message", onMessage)
      child.off("exit", onExit)
      resolve(message)
    }
    const onExit = (code: number | null) => reject(new Error(`child exited (${code}) before answering`))
    child.on("message", onMessage)
    child.on("exit", onExit)
  })
