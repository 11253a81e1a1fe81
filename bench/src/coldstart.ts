/**
 * Cold start: how long a fresh process takes until it could make its first call, counted by Node from the start of
 * the process (`performance.now()` in the child), then the first call itself. `main.ts` calls
 * {@link measureColdStart}; `report.ts` renders {@link coldStartText} and {@link coldStartMarkdown}.
 *
 * Each mode is a small program built here with esbuild (its {@link RECIPES}) into `buildDir/cold/` and run on plain
 * `node` in a fresh process, several times, interleaved, after one unmeasured warm-up run each (which fills the OS
 * file cache). The programs read the credentials from the `WECHATPAY_*` environment variables, as an application
 * does, so that nothing else is loaded before they start (the other bench children receive them over IPC from
 * `protocol.ts`, which imports the sandbox and with it `effect`: it would be loaded before the clock starts).
 *
 *   node node_modules/.cache/effect-wechatpay-bench/coldstart.mjs [runs]   (after `pnpm bench`'s build, or
 *   `pnpm -w run build && tsx src/build.ts`): the cold start alone, against its own gateway.
 */
import { fork } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"
import { benchDir, buildDir, firstMessage, forkScript } from "./children.js"
import { f1, kib, markdown, pad } from "./format.js"
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

/** How a mode's program is built: esbuild options on top of `{ bundle: true, platform: "node", format: "esm" }`. */
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

class Decoder extends Context.Tag("Decoder")<Decoder, (u: unknown) => { readonly a: string }>() {}
const loaded = performance.now()
const runtime = ManagedRuntime.make(Layer.succeed(Decoder, Schema.decodeUnknownSync(Schema.Struct({ a: Schema.String }))))
await runtime.runtime()
const ready = performance.now()
const cpu = process.cpuUsage()
await runtime.dispose()
process.send?.({ _tag: "ColdStart", loaded, ready, firstCall: ready, cpu: (cpu.user + cpu.system) / 1000 })
`

/** The command line an application would use for the bundled mode (the same options as `bundled` below). */
export const BUNDLE_COMMAND =
  "npx esbuild src/main.ts --bundle --platform=node --format=esm --target=node20 --minify --outfile=dist/main.mjs"

/** Every mode, in the order of the tables. */
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
    label: "the same, loading the `effect`, `@effect/platform` and `@effect-wechatpay/api` indexes too",
    entry: {
      contents: `import "effect"\nimport "@effect/platform"\nimport "@effect-wechatpay/api"\nimport "./coldstart-app.ts"\n`
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
  /** The built program's size: the whole application for `bundled`, the program's own code otherwise. */
  readonly bytes: number
  /** For a bundle: bytes in the output per package (esbuild's metafile), largest first. */
  readonly packages: ReadonlyArray<{ readonly name: string; readonly bytes: number }>
}

/** Everything the cold start measured. */
export interface ColdResults {
  readonly modes: ReadonlyArray<ColdMode>
  /** Whether the parent had `NODE_EXTRA_CA_CERTS` set (dropped for every mode but `node-ca`). */
  readonly extraCaCerts: boolean
}

interface Esbuild {
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

/** Builds one mode's program; answers its file, size and per-package bytes. */
const buildRecipe = async (esbuild: Esbuild, recipe: Recipe) => {
  const outfile = Path.join(coldDir, `${recipe.id}.mjs`)
  const src = Path.join(benchDir, "src")
  const result = await esbuild.build({
    ...("file" in recipe.entry
      ? { entryPoints: [Path.join(src, recipe.entry.file)] }
      : { stdin: { contents: recipe.entry.contents, resolveDir: src, loader: "ts", sourcefile: `${recipe.id}.ts` } }),
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    treeShaking: true,
    minify: recipe.minify,
    ...(recipe.external ? { packages: "external" } : {}),
    metafile: true,
    logLevel: "error"
  })
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

const runOnce = async (file: string, env: NodeJS.ProcessEnv): Promise<ColdStart> => {
  const child = fork(file, [], { cwd: benchDir, env, execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] })
  return firstMessage(child, isColdStart)
}

/**
 * Builds every mode and runs each `runs` times in fresh processes, interleaved, after one warm-up run each.
 *
 * The children run without `NODE_EXTRA_CA_CERTS` (but `node-ca`, which shows its price): Node 20 reads and parses
 * that bundle at start-up, before any of the program runs, which on this machine is most of an empty process's boot.
 *
 * @param info the gateway the first call goes to
 * @param runs fresh processes per mode
 */
export const measureColdStart = async (info: GatewayInfo, runs: number): Promise<ColdResults> => {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))
  const esbuild = fromTsx("esbuild") as Esbuild
  Fs.rmSync(coldDir, { recursive: true, force: true })
  const built = []
  for (const recipe of RECIPES) built.push({ recipe, ...(await buildRecipe(esbuild, recipe)) })
  const { NODE_EXTRA_CA_CERTS, ...inherited } = process.env
  const env = (recipe: Recipe): NodeJS.ProcessEnv => ({
    ...Object.fromEntries(Object.entries(inherited).filter(([name]) => !name.startsWith("WECHATPAY_"))),
    ...(recipe.withoutExtraCaCerts || NODE_EXTRA_CA_CERTS === undefined ? {} : { NODE_EXTRA_CA_CERTS }),
    WECHATPAY_MCHID: info.credentials.mchid,
    WECHATPAY_MERCHANT_SERIAL_NUMBER: info.credentials.merchantSerialNumber,
    WECHATPAY_MERCHANT_PRIVATE_KEY: info.credentials.merchantPrivateKey,
    WECHATPAY_APIV3_KEY: info.credentials.apiV3Key,
    WECHATPAY_PUBLIC_KEY_ID: info.credentials.wechatpayPublicKey.id,
    WECHATPAY_PUBLIC_KEY: info.credentials.wechatpayPublicKey.key,
    WECHATPAY_BASE_URL: info.baseUrl,
    BENCH_STOCK_ID: info.ids.stockId
  })
  for (const b of built) await runOnce(b.outfile, env(b.recipe))
  const results = new Map<string, Array<ColdStart>>(built.map((b) => [b.recipe.id, []]))
  for (let i = 0; i < runs; i++) {
    for (const b of built) results.get(b.recipe.id)!.push(await runOnce(b.outfile, env(b.recipe)))
  }
  return {
    extraCaCerts: NODE_EXTRA_CA_CERTS !== undefined,
    modes: built.map((b) => ({
      id: b.recipe.id,
      label: b.recipe.label,
      calls: b.recipe.calls,
      runs: results.get(b.recipe.id)!,
      bytes: b.bytes,
      packages: b.recipe.external ? [] : b.packages
    }))
  }
}

/** The cold-start target (issue #14): ready for the first call within this many ms of process start, bundled. */
export const COLD_TARGET_MILLIS = 100

const summary = (mode: ColdMode) => ({
  loaded: median(mode.runs.map((r) => r.loaded)),
  ready: median(mode.runs.map((r) => r.ready)),
  cpu: median(mode.runs.map((r) => r.cpu)),
  firstCall: median(mode.runs.map((r) => r.firstCall - r.ready))
})

const find = (cold: ColdResults, id: string) => {
  const mode = cold.modes.find((m) => m.id === id)
  return mode === undefined ? undefined : summary(mode)
}

/** The table: one row per mode, medians; "above node" is against the empty script's. */
export const coldStartRows = (cold: ColdResults): Array<Array<string>> => {
  const node = find(cold, "node")
  const floor = find(cold, "floor")
  return [
    ["mode", "loaded (ms)", "ready (ms)", "ready above node (ms)", "CPU at ready (ms)", "first call (ms)", "size"],
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
        isNode ? "" : kib(mode.bytes)
      ]
    })
  ]
}

/** Whether the bundled application was ready within {@link COLD_TARGET_MILLIS} of process start (median). */
export const coldTargetMet = (cold: ColdResults): { readonly ready: number; readonly met: boolean } | undefined => {
  const bundled = find(cold, "bundled")
  return bundled === undefined ? undefined : { ready: bundled.ready, met: bundled.ready <= COLD_TARGET_MILLIS }
}

/**
 * The cold start for stdout.
 *
 * @param cold the measurement
 */
export const coldStartText = (cold: ColdResults): string => {
  const target = coldTargetMet(cold)
  const runs = cold.modes[0]?.runs.length ?? 0
  return [
    `Cold start (${runs} fresh processes per mode, medians; ms from process start)`,
    pad(coldStartRows(cold)),
    ...(target === undefined
      ? []
      : [`Target: bundled ready ≤ ${COLD_TARGET_MILLIS} ms: ${f1(target.ready)} ms, ${target.met ? "met" : "NOT met"}`])
  ].join("\n")
}

/**
 * The "Cold start" section of `docs/performance.md`.
 *
 * @param cold the measurement
 */
export const coldStartMarkdown = (cold: ColdResults): string => {
  const runs = cold.modes[0]?.runs.length ?? 0
  const target = coldTargetMet(cold)
  const bundledMode = cold.modes.find((m) => m.id === "bundled")
  const node = find(cold, "node")
  const app = find(cold, "app")
  const appIndex = find(cold, "app-index")
  const bundled = find(cold, "bundled")
  const lines = [
    "## Cold start",
    "",
    `How long a fresh process takes until it could make its first call, from the start of the process: \`performance.now()\` in the process, which Node counts from its own start, so Node's boot is included (the \`node\` row, an empty script). ${runs} fresh processes per mode, interleaved, after one unmeasured warm-up each; medians. Each mode is a small program that \`bench/src/coldstart.ts\` builds with esbuild and runs on plain \`node\`:`,
    "",
    "- `app`: `bench/src/coldstart-app.ts`, a service's start-up. It imports what it uses by path (`@effect-wechatpay/api/WechatPay`, `/NodeTransport`, `/Busifavor`, `effect/Layer`, `effect/ManagedRuntime`), reads its configuration from the `WECHATPAY_*` variables (`WechatPay.layerConfig()`) and builds the client over `NodeTransport.layer()` on a `ManagedRuntime` (keys parsed): **ready**. Then one `Busifavor.queryStock` on a new connection (\"first call\", counted from ready). Only the program's own file is compiled: `@effect-wechatpay/*`, `effect` and `@effect/platform` load from `node_modules` (the published `dist/`), as in an application that does not bundle.",
    '- `app-index`: the same program loading the `effect`, `@effect/platform` and `@effect-wechatpay/api` indexes as well: what an application pays that imports from the indexes (`import { Effect } from "effect"`), and what every application paid before this library imported its own dependencies by path (the indexes load every module of their package).',
    "- `bundled`: the same program bundled into one file, tree-shaken and minified by esbuild (the recipe below); `bundled-unminified`: the same without `minify`.",
    "- `effect-bundled`: the smallest Effect program, bundled the same way: a `ManagedRuntime` over one `Layer` holding a `Schema` decoder. What any Effect application pays before its own code: the floor under `bundled`.",
    "- `floor`: `bench/src/coldstart-floor.ts`: the same variables, node:crypto KeyObjects and a keep-alive agent (`floor.ts`), the same first call.",
    ...(cold.extraCaCerts
      ? [
          "- `node-ca`: the empty script with the `NODE_EXTRA_CA_CERTS` this machine sets. Node 20 reads and parses that certificate bundle at start-up, before any program runs: every other mode runs without it."
        ]
      : []),
    "",
    '"loaded": the program\'s first line runs (its modules loaded and evaluated); "ready": the layer built; "ready above node": ready minus the empty script\'s; "CPU at ready": `process.cpuUsage()` (user + system, every thread) at ready, less sensitive than time to a busy machine; "size": the built file (the whole application for `bundled*`, only the program\'s own code otherwise).',
    "",
    markdown(coldStartRows(cold)),
    ""
  ]
  if (node !== undefined && app !== undefined && appIndex !== undefined && bundled !== undefined) {
    lines.push(
      `Not bundled, the application is ready ${f1(app.ready)} ms after its process starts, ${f1(app.ready - node.ready)} ms above Node's boot; through the indexes ${f1(appIndex.ready)} ms, ${f1(appIndex.ready - node.ready)} ms above it: by path it pays **${(appIndex.ready - node.ready > 0 ? (app.ready - node.ready) / (appIndex.ready - node.ready) : Number.NaN).toFixed(2)}×** of that (CPU at ready ${(app.cpu / appIndex.cpu).toFixed(2)}×). Bundled, it is ready in **${f1(bundled.ready)} ms**, ${f1(bundled.ready - node.ready)} ms above Node's boot${target === undefined ? "" : `: the ≤ ${COLD_TARGET_MILLIS} ms target is ${target.met ? "met" : "**not met**"} in this run`}.`,
      ""
    )
  }
  lines.push(
    COLD_CHANGES,
    "",
    "### Bundling an application (esbuild)",
    "",
    "```sh",
    BUNDLE_COMMAND,
    "node dist/main.mjs",
    "```",
    "",
    'or, from a build script, `esbuild.build({ entryPoints: ["src/main.ts"], outfile: "dist/main.mjs", bundle: true, platform: "node", format: "esm", target: "node20", minify: true })` (`treeShaking` is on whenever `bundle` is). No plugin and no `mainFields` or `conditions`: the packages\' `exports` give esbuild their ES modules, all of them declare `"sideEffects"` (`false` for ours, `[]` for `effect` and `@effect/platform`), and every value our modules build when they load is marked `/*#__PURE__*/`, so esbuild keeps only what the application reaches. Two things help it:',
    "",
    '- **Import our modules by path** (`import * as Busifavor from "@effect-wechatpay/api/Busifavor"`), as `coldstart-app.ts` does. A namespace taken from an index (`import { Busifavor } from "@effect-wechatpay/api"`) is an object to esbuild, kept whole: every endpoint of the family, its schemas and descriptors, whether called or not.',
    "- `minify` makes the file less than half as large, and a little faster to start (compare `bundled-unminified`; 5–8 % less CPU at ready in our side-by-side runs).",
    ""
  )
  if (bundledMode !== undefined && bundledMode.packages.length > 0) {
    lines.push(
      `What is in the \`bundled\` file (${kib(bundledMode.bytes)}; bytes per package in the minified output, from esbuild's metafile):`,
      "",
      markdown([["package", "bytes"], ...bundledMode.packages.map((p) => [p.name, kib(p.bytes)])]),
      ""
    )
  }
  return lines.join("\n")
}

/**
 * What was changed for the cold start and what it measured. The before/after numbers come from one interleaved run of
 * both builds side by side (the previous commit's packed `dist/` and this one's, each installed in its own
 * `node_modules`), not from this bench run, which only sees the current build.
 */
const COLD_CHANGES = `What changed (issue #14), measured with the previous build and this one installed side by side and run interleaved (15 fresh processes each, medians, a load average of 2–3 on this 2-core machine; Node's empty boot 27 ms in that run):

- **Imports by path.** Every module of this library imports what it uses by path (\`import * as Effect from "effect/Effect"\`, \`import * as Busifavor from "@effect-wechatpay/schema/Busifavor"\`), never an index. Not bundled, the application above was ready in 879 ms before, **566 ms** after (**0.64×**; 0.63× above Node's boot, 0.63× in CPU); through the indexes it still pays what it paid before (918 ms). Bundled, the same change took the file from 683 KiB to 354 KiB and ready from 203 ms to 167 ms: a namespace reached through an index is an object esbuild keeps whole. \`node scripts/deep-imports.mjs\` rewrites index imports (\`--check\` lists them); Biome's \`noRestrictedImports\` rejects new ones in \`packages/*/src\`.
- **Pure marks.** \`pnpm build\` marks the calls that build each module's values \`/*#__PURE__*/\` in \`dist/\` (\`scripts/annotate-pure.mjs\`, as \`effect\`'s own build does), so that esbuild drops an endpoint, its descriptor and its schemas when the application does not call it: 354 KiB → **316 KiB**, 167 ms → **114 ms**. The consumer test bundles the packed packages and checks that only the endpoint called is kept.
- \`"sideEffects": false\` was already declared by every package, and no module of ours runs anything at load but building its exports (the sandbox's bin aside); without it the bundle is 4 KiB larger (320 KiB), within the noise in time.
- Tried and dropped: \`format: "cjs"\` (no faster than ESM), V8 young-generation sizes (\`--max-semi-space-size\`, \`--min-semi-space-size\`: no gain), a Node startup snapshot (\`--build-snapshot\`: Node 20 cannot snapshot \`node:http\`/\`node:https\`, which the transport loads).

Where the bundled application's time goes, from the same run: Node's boot 27 ms; the smallest Effect program (\`effect-bundled\`, 182 KiB) is ready at 58 ms; this library's modules, the schemas of the endpoint called and the error classes (evaluated as the file loads), and building the layer (keys parsed, the runtime's first fibers) make the rest, about 55 ms.`

if (process.argv[1] !== undefined && Path.basename(process.argv[1]) === "coldstart.mjs") {
  const runs = Number(process.argv[2] ?? 5)
  const gateway = forkScript("gateway")
  firstMessage(gateway, isGatewayInfo)
    .then((info) => measureColdStart(info, runs))
    .then((cold) => console.log(coldStartText(cold)))
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
    .finally(() => gateway.kill())
}
