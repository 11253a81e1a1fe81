/**
 * Global setup of the cli's tests: compiles the packages (`tsc -b` of the cli and of the campaign package, whose
 * commands it mounts; incremental: a no-op when dist/ is up to date) once, before any test file, so that every test runs the built bin, dist/bin.js, as
 * npm links it: plain node, every workspace package resolved to its dist/ (no source condition, no tsx).
 */
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"

export default async function setup(): Promise<void> {
  const root = Path.join(import.meta.dirname, "..", "..", "..")
  const tsc = Path.join(root, "node_modules", "typescript", "bin", "tsc")
  await new Promise<void>((resolve, reject) => {
    const build = ChildProcess.spawn(
      process.execPath,
      [
        tsc,
        "-b",
        Path.join(root, "packages", "cli", "tsconfig.build.json"),
        Path.join(root, "packages", "campaign", "tsconfig.build.json")
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] }
    )
    let output = ""
    build.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
    })
    build.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
    })
    build.on("error", reject)
    build.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`tsc -b failed (${code}): ${output}`))))
  })
}
