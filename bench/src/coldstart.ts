/**
 * Cold start: how long a fresh process takes until it could make its first call, counted by Node from the start of
 * the process (`performance.now()` in the child), then the first call itself; and how large the one-endpoint
 * application is once bundled, against the same application bundled on the last Effect 3 commit (`effect3.ts`).
 * `main.ts` calls {@link measureColdStart}; `report.ts` renders {@link coldStartText} and {@link coldStartMarkdown}.
 *
 * Each mode is a small program built here with esbuild (its {@link RECIPES}) into `buildDir/cold/` and run on plain
 * `node` in a fresh process, several times, interleaved, after one unmeasured warm-up run each (which fills the OS
 * file cache). The programs read the credentials from the `WECHATPAY_*` environment variables, as an application
 * does, so that nothing else is loaded before they start (the other bench children receive them over IPC from
 * `protocol.ts`, which imports the sandbox and with it `effect`: it would be loaded before the clock starts).
 *
 *   node node_modules/.cache/effect-wechatpay-bench/coldstart.mjs [runs] [--skip-effect3]   (after `pnpm bench`'s
 *   build, or `pnpm -w run build && tsx src/build.ts`): the cold start alone, against its own gateway.
 */
import { fork } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"
import * as Zlib from "node:zlib"
import { benchDir, buildDir, firstMessage, forkScript } from "./children.js"
import { type Bundled, type Effect3Bundle, effect3Bundle, type PackageBytes } from "./effect3.js"
import { f1, f2, kib, markdown, pad } from "./format.js"
import { median } from "./measure.js"
import { type GatewayInfo, isGatewayInfo } from "./protocol.js"

/** What one cold-start process reports: milliseconds from the start of its process (`performance.now()`). */
export interface ColdStart {
  readonly _tag: "ColdStart"
  /** Its modules loaded and evaluated: the first line of the program's own code runs. */
  readonly loaded: number
  /** Ready for the first call (the layer built, keys parsed). */
  readonly ready: number
  /** The first call answered (a new connection). */
  readonly firstCall: number
  /** CPU time (user + system, all threads) the process had used when ready, ms: less sensitive to a busy machine. */
  readonly cpu: number
}

/**
 * Type guard for a child's report.
 *
 * @param u an IPC message
 */
export const isColdStart = (u: unknown): u is ColdStart =>
  typeof u === "object" && u !== null && (u as { readonly _tag?: unknown })._tag === "ColdStart"

/** How a mode's program is built: esbuild options on top of {@link bundleOptions}. */
interface Recipe {
  readonly id: string
  readonly label: string
  /** The entry: a file under `bench/src`, or a module's text (`stdin`, resolved from `bench/src`). */
  readonly entry: { readonly file: string } | { readonly contents: string }
  /** Leave every package in `node_modules` (only the program's own files are bundled). */
  readonly external: boolean
  readonly minify: boolean
  /** Drop `NODE_EXTRA_CA_CERTS` from the child's environment (see {@link measureColdStart}). */
  readonly withoutExtraCaCerts: boolean
  /** Whether the program makes the first call (the empty script and the Effect floor do not). */
  readonly calls: boolean
}

const EMPTY = `const now = performance.now()
const cpu = process.cpuUsage()
process.send({ _tag: "ColdStart", loaded: now, ready: now, firstCall: now, cpu: (cpu.user + cpu.system) / 1000 })
`

/** The smallest Effect program on the same modules: a `ManagedRuntime` over one Layer, a schema decoded. */
const EFFECT_FLOOR = `import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"

class Decoder extends Context.Service<Decoder, (u: unknown) => { readonly a: string }>()("Decoder") {}
const loaded = performance.now()
const runtime = ManagedRuntime.make(Layer.succeed(Decoder, Schema.decodeUnknownSync(Schema.Struct({ a: Schema.String }))))
await runtime.context()
const ready = performance.now()
const cpu = process.cpuUsage()
await runtime.dispose()
process.send?.({ _tag: "ColdStart", loaded, ready, firstCall: ready, cpu: (cpu.user + cpu.system) / 1000 })
`

/** The command line an application would use for the bundled mode (the same options as {@link bundleOptions}). */
export const BUNDLE_COMMAND =
  "npx esbuild src/main.ts --bundle --platform=node --format=esm --target=node22 --minify --outfile=dist/main.mjs"

/** The esbuild options of every bundle, the effect 4 and the Effect 3 one alike (`treeShaking` is on with `bundle`). */
const bundleOptions = (minify: boolean) =>
  ({ bundle: true, platform: "node", format: "esm", target: "node22", treeShaking: true, minify }) as const

/** The mode of the application bundled against the last Effect 3 commit (`effect3.ts`). */
export const EFFECT3_MODE = "effect3-bundled"

/** Every mode built here, in the order of the tables (the Effect 3 bundle comes after them). */
export const RECIPES: ReadonlyArray<Recipe> = [
  {
    id: "node",
    label: "node: an empty script",
    entry: { contents: EMPTY },
    external: true,
    minify: false,
    withoutExtraCaCerts: true,
    calls: false
  },
  ...(process.env["NODE_EXTRA_CA_CERTS"] === undefined
    ? []
    : [
        {
          id: "node-ca",
          label: "node: an empty script, with this machine's NODE_EXTRA_CA_CERTS",
          entry: { contents: EMPTY },
          external: true,
          minify: false,
          withoutExtraCaCerts: false,
          calls: false
        }
      ]),
  {
    id: "floor",
    label: "floor: node:http + node:crypto (`coldstart-floor.ts`)",
    entry: { file: "coldstart-floor.ts" },
    external: true,
    minify: false,
    withoutExtraCaCerts: true,
    calls: true
  },
  {
    id: "app",
    label: "application, not bundled: `@effect-wechatpay/api` and `effect/*` from node_modules",
    entry: { file: "coldstart-app.ts" },
    external: true,
    minify: false,
    withoutExtraCaCerts: true,
    calls: true
  },
  {
    id: "app-index",
    label: "the same, loading the `effect`, `effect/http` and `@effect-wechatpay/api` indexes too",
    entry: {
      contents: `import "effect"\nimport "effect/http"\nimport "@effect-wechatpay/api"\nimport "./coldstart-app.ts"\n`
    },
    external: true,
    minify: false,
    withoutExtraCaCerts: true,
    calls: true
  },
  {
    id: "bundled",
    label: "application, bundled: one file, tree-shaken and minified by esbuild",
    entry: { file: "coldstart-app.ts" },
    external: false,
    minify: true,
    withoutExtraCaCerts: true,
    calls: true
  },
  {
    id: "effect-bundled",
    label: "the smallest Effect program bundled the same way: a ManagedRuntime over one Layer, a schema",
    entry: { contents: EFFECT_FLOOR },
    external: false,
    minify: true,
    withoutExtraCaCerts: true,
    calls: false
  },
  {
    id: "bundled-unminified",
    label: "the same bundle, not minified",
    entry: { file: "coldstart-app.ts" },
    external: false,
    minify: false,
    withoutExtraCaCerts: true,
    calls: true
  }
]

/** One mode's runs and what its build produced. */
export interface ColdMode {
  readonly id: string
  readonly label: string
  /** Whether its program makes a first call. */
  readonly calls: boolean
  readonly runs: ReadonlyArray<ColdStart>
  /** The built program's size: the whole application for a bundle, the program's own code otherwise. */
  readonly bytes: number
  /** The same gzipped (node:zlib, default level), for information. */
  readonly gzipBytes: number
  /** For a bundle: bytes in the output per package (esbuild's metafile), largest first. */
  readonly packages: PackageBytes
}

/** Everything the cold start measured. */
export interface ColdResults {
  readonly modes: ReadonlyArray<ColdMode>
  /** Whether the parent had `NODE_EXTRA_CA_CERTS` set (dropped for every mode but `node-ca`). */
  readonly extraCaCerts: boolean
  /** The Effect 3 bundle's provenance, or why there is none (`--skip-effect3`, or its build failed). */
  readonly effect3: Omit<Effect3Bundle, "outfile" | "bytes" | "packages"> | { readonly skipped: string }
}

interface Esbuild {
  readonly version: string
  readonly build: (options: Readonly<Record<string, unknown>>) => Promise<{
    readonly metafile?: {
      readonly outputs: Readonly<
        Record<string, { readonly inputs: Readonly<Record<string, { readonly bytesInOutput: number }>> }>
      >
    }
  }>
}

const packageOf = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input)
  if (match !== null) return match[1]!
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(input)
  return workspace !== null ? `@effect-wechatpay/${workspace[1]}` : "(the application)"
}

const coldDir = Path.join(buildDir, "cold")

/** Runs esbuild; answers the file, its size and its bytes per package. */
const runEsbuild = async (esbuild: Esbuild, options: Record<string, unknown>, outfile: string): Promise<Bundled> => {
  const result = await esbuild.build({ ...options, outfile, metafile: true, logLevel: "error" })
  const inputs = Object.values(result.metafile?.outputs ?? {})[0]?.inputs ?? {}
  const perPackage = new Map<string, number>()
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    const name = packageOf(input)
    perPackage.set(name, (perPackage.get(name) ?? 0) + bytesInOutput)
  }
  return {
    outfile,
    bytes: Fs.statSync(outfile).size,
    packages: [...perPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes)
  }
}

/** Builds one mode's program. */
const buildRecipe = (esbuild: Esbuild, recipe: Recipe): Promise<Bundled> => {
  const src = Path.join(benchDir, "src")
  return runEsbuild(
    esbuild,
    {
      ...("file" in recipe.entry
        ? { entryPoints: [Path.join(src, recipe.entry.file)] }
        : { stdin: { contents: recipe.entry.contents, resolveDir: src, loader: "ts", sourcefile: `${recipe.id}.ts` } }),
      ...bundleOptions(recipe.minify),
      ...(recipe.external ? { packages: "external" } : {})
    },
    Path.join(coldDir, `${recipe.id}.mjs`)
  )
}

const gzipSize = (file: string): number => Zlib.gzipSync(Fs.readFileSync(file)).length

const runOnce = async (file: string, env: NodeJS.ProcessEnv): Promise<ColdStart> => {
  const child = fork(file, [], { cwd: benchDir, env, execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] })
  return firstMessage(child, isColdStart)
}

/**
 * Builds every mode (and, unless `skipEffect3`, the Effect 3 bundle) and runs each `runs` times in fresh processes,
 * interleaved, after one warm-up run each.
 *
 * The children run without `NODE_EXTRA_CA_CERTS` (but `node-ca`, which shows its price): Node reads that bundle at
 * start-up, before any of the program runs.
 *
 * @param info the gateway the first call goes to
 * @param runs fresh processes per mode
 * @param options `skipEffect3`: leave the Effect 3 bundle out; `log`: progress lines
 */
export const measureColdStart = async (
  info: GatewayInfo,
  runs: number,
  options: { readonly skipEffect3: boolean; readonly log: (line: string) => void }
): Promise<ColdResults> => {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))
  const esbuild = fromTsx("esbuild") as Esbuild
  Fs.rmSync(coldDir, { recursive: true, force: true })
  const built: Array<{ readonly id: string; readonly label: string; readonly calls: boolean } & Bundled> = []
  const withoutCa = new Set<string>()
  for (const recipe of RECIPES) {
    const b = await buildRecipe(esbuild, recipe)
    built.push({
      id: recipe.id,
      label: recipe.label,
      calls: recipe.calls,
      ...b,
      ...(recipe.external ? { packages: [] } : {})
    })
    if (recipe.withoutExtraCaCerts) withoutCa.add(recipe.id)
  }
  let effect3: ColdResults["effect3"] = { skipped: "--skip-effect3" }
  if (!options.skipEffect3) {
    try {
      const bundle = await effect3Bundle(
        (entry, outfile) => runEsbuild(esbuild, { entryPoints: [entry], ...bundleOptions(true) }, outfile),
        JSON.stringify({ esbuild: esbuild.version, options: bundleOptions(true) }),
        options.log
      )
      const { outfile, bytes, packages, ...provenance } = bundle
      effect3 = provenance
      built.push({
        id: EFFECT3_MODE,
        label: `the same application bundled the same way against the last Effect 3 commit (${bundle.ref}, ${bundle.commit.slice(0, 7)})`,
        calls: true,
        outfile,
        bytes,
        packages
      })
      withoutCa.add(EFFECT3_MODE)
    } catch (error) {
      options.log(`effect3: ${error instanceof Error ? error.message : String(error)}`)
      effect3 = {
        skipped: `its build failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`
      }
    }
  }
  const { NODE_EXTRA_CA_CERTS, ...inherited } = process.env
  const env = (id: string): NodeJS.ProcessEnv => ({
    ...Object.fromEntries(Object.entries(inherited).filter(([name]) => !name.startsWith("WECHATPAY_"))),
    ...(withoutCa.has(id) || NODE_EXTRA_CA_CERTS === undefined ? {} : { NODE_EXTRA_CA_CERTS }),
    WECHATPAY_MCHID: info.credentials.mchid,
    WECHATPAY_MERCHANT_SERIAL_NUMBER: info.credentials.merchantSerialNumber,
    WECHATPAY_MERCHANT_PRIVATE_KEY: info.credentials.merchantPrivateKey,
    WECHATPAY_APIV3_KEY: info.credentials.apiV3Key,
    WECHATPAY_PUBLIC_KEY_ID: info.credentials.wechatpayPublicKey.id,
    WECHATPAY_PUBLIC_KEY: info.credentials.wechatpayPublicKey.key,
    WECHATPAY_BASE_URL: info.baseUrl,
    BENCH_STOCK_ID: info.ids.stockId
  })
  for (const b of built) await runOnce(b.outfile, env(b.id))
  const results = new Map<string, Array<ColdStart>>(built.map((b) => [b.id, []]))
  for (let i = 0; i < runs; i++) {
    for (const b of built) results.get(b.id)!.push(await runOnce(b.outfile, env(b.id)))
  }
  return {
    extraCaCerts: NODE_EXTRA_CA_CERTS !== undefined,
    effect3,
    modes: built.map((b) => ({
      id: b.id,
      label: b.label,
      calls: b.calls,
      runs: results.get(b.id)!,
      bytes: b.bytes,
      gzipBytes: gzipSize(b.outfile),
      packages: b.packages
    }))
  }
}

/** The cold-start target: the bundled application ready for its first call within this many ms of process start. */
export const COLD_TARGET_MILLIS = 50

/** The size target: the bundled application at most this fraction of the same application on Effect 3. */
export const SIZE_TARGET_RATIO = 0.5

const summary = (mode: ColdMode) => ({
  loaded: median(mode.runs.map((r) => r.loaded)),
  ready: median(mode.runs.map((r) => r.ready)),
  cpu: median(mode.runs.map((r) => r.cpu)),
  firstCall: median(mode.runs.map((r) => r.firstCall - r.ready))
})

/**
 * One mode's runs and build, by id.
 *
 * @param cold the measurement
 * @param id the mode
 */
export const modeOf = (cold: ColdResults, id: string): ColdMode | undefined => cold.modes.find((m) => m.id === id)

/**
 * One mode's medians (loaded, ready, CPU at ready, first call), by id.
 *
 * @param cold the measurement
 * @param id the mode
 */
export const find = (cold: ColdResults, id: string) => {
  const mode = modeOf(cold, id)
  return mode === undefined ? undefined : summary(mode)
}

/** The table: one row per mode, medians; "above node" is against the empty script's. */
export const coldStartRows = (cold: ColdResults): Array<Array<string>> => {
  const node = find(cold, "node")
  const floor = find(cold, "floor")
  return [
    [
      "mode",
      "loaded (ms)",
      "ready (ms)",
      "ready above node (ms)",
      "CPU at ready (ms)",
      "first call (ms)",
      "size",
      "gzip"
    ],
    ...cold.modes.map((mode) => {
      const s = summary(mode)
      const isNode = mode.id.startsWith("node")
      return [
        mode.id,
        f1(s.loaded),
        isNode ? f1(s.ready) : `${f1(s.ready)} (${(s.ready / (floor?.ready ?? Number.NaN)).toFixed(1)}× floor)`,
        f1(s.ready - (node?.ready ?? Number.NaN)),
        f1(s.cpu),
        mode.calls ? f1(s.firstCall) : "",
        isNode ? "" : kib(mode.bytes),
        isNode ? "" : kib(mode.gzipBytes)
      ]
    })
  ]
}

/** The two cold-start targets: the bundle's size against Effect 3's, and its time to ready. */
export const coldTargets = (cold: ColdResults) => {
  const bundled = modeOf(cold, "bundled")
  const effect3 = modeOf(cold, EFFECT3_MODE)
  const ready = find(cold, "bundled")
  return {
    size:
      bundled === undefined || effect3 === undefined
        ? undefined
        : {
            bytes: bundled.bytes,
            effect3Bytes: effect3.bytes,
            gzipBytes: bundled.gzipBytes,
            effect3GzipBytes: effect3.gzipBytes,
            ratio: bundled.bytes / effect3.bytes,
            met: bundled.bytes <= SIZE_TARGET_RATIO * effect3.bytes
          },
    ready:
      ready === undefined
        ? undefined
        : {
            ready: ready.ready,
            effect3Ready: find(cold, EFFECT3_MODE)?.ready,
            met: ready.ready <= COLD_TARGET_MILLIS
          }
  }
}

/** The numbers that decide the size target (`undefined`: not measured, and why). */
export const sizeTargetNumbers = (cold: ColdResults): string => {
  const { size } = coldTargets(cold)
  if (size === undefined) return `not measured (${"skipped" in cold.effect3 ? cold.effect3.skipped : "no bundle"})`
  return `${size.bytes} B against ${size.effect3Bytes} B on Effect 3 = ${f2(size.ratio)}× (gzip ${size.gzipBytes} B against ${size.effect3GzipBytes} B, ${f2(size.gzipBytes / size.effect3GzipBytes)}×, for information)`
}

/** The numbers that decide the time-to-ready target. */
export const readyTargetNumbers = (cold: ColdResults): string => {
  const { ready } = coldTargets(cold)
  const node = find(cold, "node")
  const runs = cold.modes[0]?.runs.length ?? 0
  if (ready === undefined) return "not measured"
  return `${f1(ready.ready)} ms (median of ${runs} fresh processes; Node's own boot, an empty script, ${f1(node?.ready ?? Number.NaN)} ms${ready.effect3Ready === undefined ? "" : `; the Effect 3 bundle ${f1(ready.effect3Ready)} ms`})`
}

/**
 * The cold start for stdout.
 *
 * @param cold the measurement
 */
export const coldStartText = (cold: ColdResults): string => {
  const runs = cold.modes[0]?.runs.length ?? 0
  return [
    `Cold start (${runs} fresh processes per mode, medians; ms from process start)`,
    pad(coldStartRows(cold)),
    `Effect 3 bundle: ${"skipped" in cold.effect3 ? `not measured (${cold.effect3.skipped})` : `${cold.effect3.ref} (${cold.effect3.commit.slice(0, 7)}), ${cold.effect3.cached ? "from the cache" : `built in this run (${f1(cold.effect3.seconds)} s)`}`}`
  ].join("\n")
}

/**
 * The cold-start tables of `docs/performance.md`: one row per mode, and the bundles' bytes per package.
 *
 * @param cold the measurement
 */
export const coldStartTables = (cold: ColdResults): { readonly cold: string; readonly bundle: string } => {
  const bundledMode = modeOf(cold, "bundled")
  const effect3Mode = modeOf(cold, EFFECT3_MODE)
  const perPackage = (mode: ColdMode | undefined) => new Map(mode?.packages.map((p) => [p.name, p.bytes]) ?? [])
  const ours = perPackage(bundledMode)
  const theirs = perPackage(effect3Mode)
  const names = [...new Set([...ours.keys(), ...theirs.keys()])].sort(
    (a, b) => (ours.get(b) ?? 0) + (theirs.get(b) ?? 0) - (ours.get(a) ?? 0) - (theirs.get(a) ?? 0)
  )
  const cell = (map: Map<string, number>, name: string) => (map.has(name) ? kib(map.get(name)!) : "")
  return {
    cold: markdown(coldStartRows(cold)),
    bundle:
      bundledMode === undefined || bundledMode.packages.length === 0
        ? "_Not measured in the last run._"
        : markdown([
            ["package", "bundled (effect 4)", ...(effect3Mode === undefined ? [] : [`${EFFECT3_MODE}`])],
            ...names.map((name) => [
              name,
              cell(ours, name),
              ...(effect3Mode === undefined ? [] : [cell(theirs, name)])
            ]),
            ["total (the file)", kib(bundledMode.bytes), ...(effect3Mode === undefined ? [] : [kib(effect3Mode.bytes)])]
          ])
  }
}

if (process.argv[1] !== undefined && Path.basename(process.argv[1]) === "coldstart.mjs") {
  const runs = Number(process.argv[2] ?? 5)
  const skipEffect3 = process.argv.includes("--skip-effect3")
  const gateway = forkScript("gateway")
  firstMessage(gateway, isGatewayInfo)
    .then((info) => measureColdStart(info, runs, { skipEffect3, log: (line) => process.stderr.write(`${line}\n`) }))
    .then((cold) =>
      console.log(
        [
          coldStartText(cold),
          `size ≤ ${SIZE_TARGET_RATIO}× Effect 3: ${sizeTargetNumbers(cold)}`,
          `ready ≤ ${COLD_TARGET_MILLIS} ms: ${readyTargetNumbers(cold)}`
        ].join("\n")
      )
    )
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
    .finally(() => gateway.kill())
}
