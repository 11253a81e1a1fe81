/**
 * Where the bench lives and how it starts its child processes (the built scripts, on plain node).
 */
import { type ChildProcess, fork } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const findBenchDir = (from: string): string => {
  for (let dir = from; ; dir = Path.dirname(dir)) {
    const manifest = Path.join(dir, "package.json")
    if (Fs.existsSync(manifest) && JSON.parse(Fs.readFileSync(manifest, "utf8")).name === "@effect-wechatpay/bench") {
      return dir
    }
    if (Path.dirname(dir) === dir) throw new Error("bench: cannot find the @effect-wechatpay/bench package")
  }
}

/** The bench package directory, from the sources or from the built scripts. */
export const benchDir = findBenchDir(Path.dirname(fileURLToPath(import.meta.url)))

/** Where `src/build.ts` puts the built scripts (inside `bench/node_modules`, so `effect` resolves from there). */
export const buildDir = Path.join(benchDir, "node_modules", ".cache", "effect-wechatpay-bench")

/**
 * Forks a built script (`src/<script>.ts` as built by `src/build.ts`) on plain node, with IPC; the gateway, which is
 * not measured, runs from source under tsx.
 *
 * @param script the entry's name, e.g. `memory`
 * @param args argv for the child
 * @param nodeFlags extra node flags, e.g. `--expose-gc`
 */
export const forkScript = (
  script: string,
  args: ReadonlyArray<string> = [],
  nodeFlags: ReadonlyArray<string> = []
): ChildProcess =>
  fork(
    script === "gateway" ? Path.join(benchDir, "src", "gateway.ts") : Path.join(buildDir, `${script}.mjs`),
    [...args],
    {
      cwd: benchDir,
      execArgv: script === "gateway" ? [...nodeFlags, "--import", "tsx"] : [...nodeFlags],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    }
  )

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
