/**
 * Builds the bench to plain JavaScript (esbuild, which tsx already brings), so that every measured process runs on
 * bare `node` as an application using the published packages would:
 *
 * - under tsx every module load goes through its loader thread, which would dominate the cold start;
 * - tsx compiles with esbuild's `keepNames`, which wraps every function and class created at run time in a
 *   `__name(…)` call (an `Object.defineProperty`): closures made per call would be charged for it.
 *
 * Only the bench's own code is bundled: the workspace packages stay external and load from `node_modules` as an
 * application's would, through their `exports` to the compiled `dist/` that `pnpm build` writes (what the tarballs
 * ship), as do `effect`, `@effect/*` and `wechatpay-axios-plugin`. Code splitting keeps each dynamic import a
 * separate chunk (the cold start times them).
 *
 *   pnpm -w run build && tsx src/build.ts   (what `pnpm bench` runs first)
 */
import { createRequire } from "node:module"
import * as Path from "node:path"
import { benchDir, buildDir } from "./children.js"

interface Esbuild {
  readonly build: (options: Readonly<Record<string, unknown>>) => Promise<unknown>
}

/**
 * The scripts the bench runs: the driver, its measured children, and the profiler. The gateway is not built: its CPU
 * is not measured, and it runs under tsx (its imports of the workspace packages load their `dist/` too).
 */
export const ENTRIES = ["main", "memory", "coldstart", "profile", "signWorker"] as const

/** Builds every entry into `buildDir` as `<entry>.mjs`. */
export const build = async (): Promise<void> => {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))
  const esbuild = fromTsx("esbuild") as Esbuild
  await esbuild.build({
    entryPoints: ENTRIES.map((entry) => Path.join(benchDir, "src", `${entry}.ts`)),
    outdir: buildDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    outExtension: { ".js": ".mjs" },
    external: ["effect", "effect/*", "@effect/*", "@effect-wechatpay/*", "wechatpay-axios-plugin"],
    logLevel: "error"
  })
}

if (process.argv[1] !== undefined && Path.resolve(process.argv[1]) === Path.join(benchDir, "src", "build.ts")) {
  build().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
