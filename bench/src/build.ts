/**
 * Builds the cold-start child as plain JavaScript (esbuild, which tsx already brings), so that it runs on bare
 * `node` like a published package would: under tsx every module load, `effect`'s included, goes through the loader
 * hooks thread, which would dominate the measurement. The workspace packages are bundled from their TypeScript
 * sources; `effect` and `@effect/*` stay external and load from `node_modules` as usual.
 */
import { createRequire } from "node:module"
import * as Path from "node:path"
import { benchDir } from "./children.js"

interface Esbuild {
  readonly build: (options: Readonly<Record<string, unknown>>) => Promise<unknown>
}

/** Where the built child goes (inside `bench/node_modules`, so `effect` resolves from there). */
export const coldStartDir = Path.join(benchDir, "node_modules", ".cache", "effect-wechatpay-bench")

/**
 * Builds `src/coldstart.ts` with code splitting (each dynamic import stays a separate chunk, loaded when timed).
 *
 * @returns the entry file to run with node
 */
export const buildColdStart = async (): Promise<string> => {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))
  const esbuild = fromTsx("esbuild") as Esbuild
  await esbuild.build({
    entryPoints: [Path.join(benchDir, "src", "coldstart.ts")],
    outdir: coldStartDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outExtension: { ".js": ".mjs" },
    external: ["effect", "effect/*", "@effect/*"],
    logLevel: "error"
  })
  return Path.join(coldStartDir, "coldstart.mjs")
}
