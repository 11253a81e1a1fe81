// The packages as a user gets them: build, pack every package, install the tarballs with npm into a temporary
// project outside the workspace, the peer dependencies unpinned as a user types them (`npm install <tarballs> effect
// @effect/platform-node`), then
//   1. run an ESM program on plain node that starts the sandbox with SandboxClient.layer() and makes calls, then
//      again with a SigningPool (its worker signs, from the installed dist/),
//   2. require() every package from a CommonJS file (node's require(esm)),
//   3. type-check a consumer file against the installed .d.ts under a strict tsconfig (skipLibCheck: false),
//   4. run the installed wechatpay-sandbox bin (usage errors, --help, start, SIGTERM removes its key files),
//   5. bundle a program with esbuild (docs/performance.md's recipe), check tree-shaking kept one endpoint, run it,
//   6. run the wechatpay command through npx (npx @effect-wechatpay/cli --help, a signing command, the sandbox command),
//   7. run a campaign of the installed campaign package in embedded mode (node:sqlite), twice: nothing sent twice.
// Steps 1, 2, 4, 5, 6 and 7 run on the workspace's Node 24 and again on Node 22.19 (the oldest the packages support,
// from the npm registry through npx). A second project, already on effect 4 before our packages are added, installs
// them too and runs step 1. It also checks each tarball holds only what a user needs, and prints its packed size.
//
//   node scripts/consumer-test.mjs [--keep]      (pnpm test:consumer; CI runs it through scripts/consumer.test.mjs)
import * as ChildProcess from "node:child_process"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"

export const root = Path.resolve(import.meta.dirname, "..")
export const packages = ["schema", "crypto", "api", "sandbox", "cli", "campaign"]
const PNPM = "pnpm@10.34.9"
/** The oldest Node the packages declare (engines), run from the npm registry. */
export const OLDEST_NODE = "22.19.0"

/**
 * A node to run a program with: the workspace's own (Node 24, `process.execPath`), or the oldest supported one from
 * the npm registry (`npx -y node@…` fetches it once; its binary's path is then used directly, so that a signal
 * reaches the program and not npx).
 */
export const nodes = {
  current: { name: `node ${process.version}`, command: process.execPath, args: [] },
  oldest: async () => {
    const path = (await ok("npx", ["-y", `node@${OLDEST_NODE}`, "-p", "process.execPath"], { timeout: 300_000 })).trim()
    return { name: `node v${OLDEST_NODE}`, command: path, args: [] }
  }
}

// Children must not inherit the workspace's source condition (NODE_OPTIONS) or pnpm's npm_config_* settings.
const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== "NODE_OPTIONS" && !k.toLowerCase().startsWith("npm_"))
  )

// Asynchronous (no spawnSync): under vitest a blocked event loop starves the worker's RPC to the main process.
const run = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const { timeout, ...rest } = options
    const child = ChildProcess.spawn(command, args, {
      env: { ...cleanEnv(), npm_config_yes: "true", npm_config_fund: "false", npm_config_audit: "false" },
      stdio: ["ignore", "pipe", "pipe"],
      ...rest
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => {
      stdout += chunk
    })
    child.stderr.on("data", (chunk) => {
      stderr += chunk
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), timeout ?? 600_000)
    child.once("error", (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once("close", (status, signal) => {
      clearTimeout(timer)
      resolve({ status, signal, stdout, stderr })
    })
  })

const ok = async (command, args, options) => {
  const result = await run(command, args, options)
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}\n${result.stdout}\n${result.stderr}`)
  }
  return result.stdout
}

const rootManifest = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8"))
const devVersion = (name) => rootManifest.devDependencies[name]

/** `pnpm build` (incremental, then the pure marks), then one tarball per package in a fresh temporary directory. */
export const pack = async () => {
  await ok(
    process.execPath,
    [Path.join(root, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.build.json"],
    {
      cwd: root
    }
  )
  await ok(process.execPath, [Path.join(root, "scripts", "annotate-pure.mjs")], { cwd: root })
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-wechatpay-consumer-"))
  const tarballs = Path.join(dir, "tarballs")
  Fs.mkdirSync(tarballs)
  const packed = []
  for (const name of packages) {
    const cwd = Path.join(root, "packages", name)
    // pnpm pack: replaces workspace:^ ranges by the versions being published.
    await ok("npx", ["-y", PNPM, "pack", "--pack-destination", tarballs], { cwd })
    const manifest = JSON.parse(Fs.readFileSync(Path.join(cwd, "package.json"), "utf8"))
    const file = Path.join(tarballs, `${manifest.name.replace("@", "").replace("/", "-")}-${manifest.version}.tgz`)
    const entries = (await ok("tar", ["-tzf", file]))
      .trim()
      .split("\n")
      .map((e) => e.replace(/^package\//, ""))
    packed.push({ name: manifest.name, file, bytes: Fs.statSync(file).size, entries })
  }
  return { dir, tarballs: packed }
}

const allowed = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\/.+\.(js|d\.ts)(\.map)?$/,
  /^src\/.+\.ts$/
]

/** Each tarball holds dist (JS, .d.ts, maps), src, README, LICENSE and package.json: no tests, fixtures or configs. */
export const checkContents = async (tarball) => {
  const unexpected = tarball.entries.filter((e) => !allowed.some((re) => re.test(e)))
  if (unexpected.length > 0)
    throw new Error(`${tarball.name}: unexpected files in the tarball: ${unexpected.join(", ")}`)
  for (const needed of [
    "dist/index.js",
    "dist/index.d.ts",
    "dist/index.js.map",
    "src/index.ts",
    "README.md",
    "LICENSE"
  ]) {
    if (!tarball.entries.includes(needed)) throw new Error(`${tarball.name}: ${needed} missing from the tarball`)
  }
  const manifest = JSON.parse(await ok("tar", ["-xzOf", tarball.file, "package/package.json"]))
  for (const deps of [manifest.dependencies ?? {}, manifest.peerDependencies ?? {}]) {
    for (const [name, range] of Object.entries(deps)) {
      if (range.startsWith("workspace:")) throw new Error(`${tarball.name}: ${name} still has the range ${range}`)
    }
  }
}

const npmInstall = (cwd, specs) =>
  ok("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...specs], { cwd })

const emptyProject = (dir, name) => {
  const app = Path.join(dir, name)
  Fs.mkdirSync(app)
  Fs.writeFileSync(
    Path.join(app, "package.json"),
    `${JSON.stringify({ name: "consumer", private: true, version: "0.0.0" }, null, 2)}\n`
  )
  return app
}

/**
 * npm install of the tarballs into an empty project with the peer dependencies unpinned, as the README's install line
 * has them (the compiler and node types, tools of this test, pinned to the workspace's).
 */
export const install = async (dir, tarballs) => {
  const app = emptyProject(dir, "app")
  await npmInstall(app, [
    ...tarballs.map((t) => t.file),
    "effect",
    "@effect/platform-node",
    `typescript@${devVersion("typescript")}`,
    `@types/node@${devVersion("@types/node")}`
  ])
  return app
}

/**
 * A project already on effect 4 (effect installed first, on its own, as an existing application has it), then our
 * packages added with the README's line: npm must resolve our peer dependencies against it (no ERESOLVE).
 */
export const installIntoEffect4Project = async (dir, tarballs) => {
  const app = emptyProject(dir, "existing")
  await npmInstall(app, [`effect@^${devVersion("effect").split(".")[0]}`])
  await npmInstall(app, [...tarballs.map((t) => t.file), "@effect/platform-node"])
  const installed = JSON.parse(Fs.readFileSync(Path.join(app, "node_modules", "effect", "package.json"), "utf8"))
  return { app, effect: installed.version }
}

const esm = `import { Busifavor, Favor } from "@effect-wechatpay/api"
import * as SigningPool from "@effect-wechatpay/api/SigningPool"
import { ParamError } from "@effect-wechatpay/schema/ApiError"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Effect, Layer } from "effect"

const program = Effect.gen(function* () {
  const stock = yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
  const missing = yield* Busifavor.queryCoupon({
    coupon_code: "no-such-coupon",
    openid: Sandbox.defaults.openid,
    appid: Sandbox.defaults.appid
  }).pipe(
    Effect.map(() => "found"),
    Effect.catchTag("ResourceNotExists", (e) => Effect.succeed(\`\${e._tag} \${e.status}\`))
  )
  const invalid = yield* Favor.createCouponStock({}).pipe(
    Effect.map(() => "sent"),
    Effect.catchTag("RequestValidationError", (e) => Effect.succeed(e._tag))
  )
  return { stock_state: stock.stock_state, missing, invalid, paramError: typeof ParamError }
}).pipe(Effect.provide(SandboxClient.layer()))

// The same client signing on a worker thread of the installed package's SigningPool (the sandbox checks each
// signature); the pool's own count shows the two calls were signed there.
const pooled = Effect.gen(function* () {
  yield* Effect.forEach([1, 2], () => Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }), { concurrency: 2 })
  const stats = yield* Effect.flatMap(SigningPool.SigningPool, (pool) => pool.stats)
  return \`signed \${stats.signed}, restarts \${stats.restarts}\`
}).pipe(Effect.provide(SandboxClient.layer().pipe(Layer.provideMerge(SigningPool.layer({ size: 1 })))))

console.log(JSON.stringify({ ...(await Effect.runPromise(program)), pooled: await Effect.runPromise(pooled) }))
`

/** (1) An ESM program on plain node: the sandbox through SandboxClient.layer(), and calls through the client. */
export const runEsm = async (app, node = nodes.current) => {
  Fs.writeFileSync(Path.join(app, "app.mjs"), esm)
  const printed = await ok(node.command, [...node.args, "app.mjs"], { cwd: app, timeout: 180_000 })
  const out = JSON.parse(printed.trim().split("\n").at(-1))
  const expected = {
    stock_state: "RUNNING",
    missing: "ResourceNotExists 404",
    invalid: "RequestValidationError",
    paramError: "function",
    pooled: "signed 2, restarts 0"
  }
  if (JSON.stringify(out) !== JSON.stringify(expected)) {
    throw new Error(`app.mjs printed ${JSON.stringify(out)}, expected ${JSON.stringify(expected)}`)
  }
  return out
}

const cjs = `"use strict"
const assert = require("node:assert/strict")
const schema = require("@effect-wechatpay/schema")
const crypto = require("@effect-wechatpay/crypto")
const api = require("@effect-wechatpay/api")
const sandbox = require("@effect-wechatpay/sandbox")
const Busifavor = require("@effect-wechatpay/api/Busifavor")
const ApiError = require("@effect-wechatpay/schema/ApiError")
assert.equal(typeof api.WechatPay.layer, "function")
assert.equal(typeof api.Busifavor.queryStock, "function")
assert.equal(Busifavor.queryStock, api.Busifavor.queryStock)
assert.equal(typeof schema.ApiError, "object")
assert.equal(ApiError.ParamError, schema.ApiError.ParamError)
assert.equal(typeof crypto, "object")
assert.equal(typeof sandbox.SandboxClient.layer, "function")
assert.equal(typeof require("@effect-wechatpay/api/SigningPool").layer, "function")
assert.equal(api.SigningPool, undefined)
assert.throws(() => require("@effect-wechatpay/api/internal/url"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" })
console.log("cjs ok", Object.keys(api).sort().join(","))
`

/** (2) require() from a CommonJS file. */
export const runCjs = async (app, node = nodes.current) => {
  Fs.writeFileSync(Path.join(app, "app.cjs"), cjs)
  return (await ok(node.command, [...node.args, "app.cjs"], { cwd: app, timeout: 120_000 })).trim()
}

const consumerTs = `import { Busifavor, NodeTransport, WechatPay, type WechatPayClient } from "@effect-wechatpay/api"
import * as Favor from "@effect-wechatpay/api/Favor"
import * as SigningPool from "@effect-wechatpay/api/SigningPool"
import { MerchantSigner } from "@effect-wechatpay/crypto"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { ApiError } from "@effect-wechatpay/schema"
import { Effect, Layer } from "effect"

const query = Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }).pipe(
  Effect.map((stock) => stock.stock_state),
  Effect.catchTag("ResourceNotExists", () => Effect.succeed("missing" as const))
)
export const program: Effect.Effect<string, unknown, WechatPayClient> = query
export const live = WechatPay.layerConfig().pipe(Layer.provide(NodeTransport.layer()))
export const inSandbox = Effect.provide(query, SandboxClient.layer())
export const create = Favor.createCouponStock
export const signer = MerchantSigner
export const paramError = ApiError.ParamError
export const pooled = live.pipe(Layer.provide(SigningPool.layer({ size: 1 })))
`

const strictTsconfig = {
  compilerOptions: {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    noEmit: true
  },
  files: ["consumer.ts"]
}

/** (3) A strict type-check of a consumer against the installed .d.ts (and every library's .d.ts: skipLibCheck false). */
export const typecheck = async (app) => {
  Fs.writeFileSync(Path.join(app, "consumer.ts"), consumerTs)
  Fs.writeFileSync(Path.join(app, "tsconfig.json"), `${JSON.stringify(strictTsconfig, null, 2)}\n`)
  // As an ES module: package.json has no "type", so name the file .mts-equivalent through a nested package.json.
  Fs.writeFileSync(Path.join(app, "package.json"), patchType(Fs.readFileSync(Path.join(app, "package.json"), "utf8")))
  return ok(process.execPath, [Path.join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: app })
}

const patchType = (text) => `${JSON.stringify({ ...JSON.parse(text), type: "module" }, null, 2)}\n`

/** (4) The installed bin: usage errors exit 2, --help lists the flags, a started gateway removes its key files on SIGTERM. */
export const runBin = async (app, node = nodes.current) => {
  // The bin's own script, run by the node under test (its shebang would pick whatever `node` is on PATH).
  const script = Path.join(app, "node_modules", "@effect-wechatpay", "sandbox", "dist", "bin.js")
  const binArgs = (args) => [...node.args, script, ...args]
  const bin = node.command
  const bad = await run(bin, binArgs(["--port", "abc"]), { cwd: app })
  if (bad.status !== 2 || !bad.stderr.includes("--port must be an integer from 1 to 65535")) {
    throw new Error(`--port abc: exit ${bad.status}, stderr ${bad.stderr}`)
  }
  const mode = await run(bin, binArgs(["--mode", "nope"]), { cwd: app })
  if (mode.status !== 2) throw new Error(`--mode nope: exit ${mode.status}`)
  const help = await run(bin, binArgs(["--help"]), { cwd: app })
  if (help.status !== 0 || !["--port", "--host", "--mode"].every((f) => help.stdout.includes(f))) {
    throw new Error(`--help: exit ${help.status}, ${help.stdout}`)
  }
  const child = ChildProcess.spawn(bin, binArgs([]), { cwd: app, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  const dir = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`the bin printed no banner in 60 s: ${stdout}`))
    }, 60_000)
    child.stdout.on("data", (chunk) => {
      stdout += chunk
      const match = /key files in (\S+), removed on exit/.exec(stdout)
      if (match && stdout.includes("Ctrl-C stops")) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the bin exited (${code}) before starting: ${stdout}`))
    })
  })
  const baseUrl = /listening on (http:\/\/\S+)/.exec(stdout)?.[1]
  const files = Fs.readdirSync(dir)
  const exited = new Promise((resolve) => child.once("exit", resolve))
  child.kill("SIGTERM")
  await exited
  if (Fs.existsSync(dir)) throw new Error(`${dir} still exists after SIGTERM`)
  return { baseUrl, files }
}

const bundleEntry = `import * as Busifavor from "@effect-wechatpay/api/Busifavor"
import * as NodeTransport from "@effect-wechatpay/api/NodeTransport"
import * as WechatPay from "@effect-wechatpay/api/WechatPay"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"

const runtime = ManagedRuntime.make(WechatPay.layerConfig().pipe(Layer.provide(NodeTransport.layer())))
const tag = await runtime.runPromise(
  Busifavor.queryStock({ stock_id: "" }).pipe(
    Effect.map(() => "sent"),
    Effect.catch((e) => Effect.succeed(e._tag))
  )
)
await runtime.dispose()
console.log(tag)
`

/** Where the workspace's esbuild is (tsx brings it), for the bundle step. */
const esbuild = () => {
  const fromRoot = createRequire(Path.join(root, "package.json"))
  return createRequire(fromRoot.resolve("tsx/package.json"))("esbuild")
}

/**
 * (5) The installed packages bundled by esbuild as docs/performance.md shows (`bundle`, `platform: "node"`, ESM):
 * the bundle runs (the layer built from WECHATPAY_* variables, a request rejected by its schema before sending), and
 * tree-shaking kept the one endpoint the program calls and dropped the others (the pure marks of
 * scripts/annotate-pure.mjs and the packages' `"sideEffects": false` at work).
 */
export const runBundle = async (app, node = nodes.current) => {
  Fs.writeFileSync(Path.join(app, "bundle-entry.mjs"), bundleEntry)
  const outfile = Path.join(app, "bundle.mjs")
  await esbuild().build({
    entryPoints: [Path.join(app, "bundle-entry.mjs")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    logLevel: "error"
  })
  const text = Fs.readFileSync(outfile, "utf8")
  const kept = ["/v3/marketing/busifavor/stocks/{stock_id}"].filter((p) => !text.includes(p))
  const dropped = ["/v3/marketing/busifavor/coupons/use", "/v3/marketing/busifavor/stocks/{stock_id}/budget"]
    .concat(["/v3/marketing/favor/coupon-stocks", "/v3/marketing/favor/media/image-upload"])
    .filter((p) => text.includes(p))
  if (kept.length > 0 || dropped.length > 0) {
    throw new Error(`bundle.mjs: missing ${kept.join(", ") || "nothing"}; not tree-shaken: ${dropped.join(", ")}`)
  }
  const { privateKey, publicKey } = Crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
  const env = {
    ...cleanEnv(),
    WECHATPAY_MCHID: "1900000001",
    WECHATPAY_MERCHANT_SERIAL_NUMBER: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
    WECHATPAY_MERCHANT_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }),
    WECHATPAY_PUBLIC_KEY_ID: "PUB_KEY_ID_0119000000012026112300000000000001",
    WECHATPAY_PUBLIC_KEY: publicKey.export({ type: "spki", format: "pem" }),
    WECHATPAY_BASE_URL: "http://127.0.0.1:9"
  }
  const printed = await ok(node.command, [...node.args, outfile], { cwd: app, env, timeout: 120_000 })
  return { tag: printed.trim().split("\n").at(-1), bytes: Buffer.byteLength(text) }
}

/**
 * (6) The `wechatpay` command as a user runs it, `npx @effect-wechatpay/cli …` in the project (npx finds the installed
 * bin; it must not download anything), on the node under test (first on PATH, which the bin's shebang and npx use):
 * --help and --version, a command whose handler module loads lazily from dist (the H5发券 URL, no network),
 * `sandbox` running the installed sandbox's own bin (its usage error, exit 2; then started, and stopped by SIGTERM),
 * and `call` against that sandbox with the WECHATPAY_* variables it printed.
 */
export const runCli = async (app, node = nodes.current) => {
  const env = {
    ...cleanEnv(),
    PATH: `${Path.dirname(node.command)}${Path.delimiter}${process.env.PATH ?? ""}`,
    npm_config_yes: "false",
    WECHATPAY_APIV2_KEY: "192006250b4c09247ec02edce69f6a2d"
  }
  const npx = (args) => run("npx", ["@effect-wechatpay/cli", ...args], { cwd: app, env, timeout: 120_000 })
  const help = await npx(["--help"])
  if (
    help.status !== 0 ||
    !["certificates", "call", "notification", "diagnose", "coupon", "sandbox"].every((c) => help.stdout.includes(c))
  ) {
    throw new Error(`npx @effect-wechatpay/cli --help: exit ${help.status}\n${help.stdout}\n${help.stderr}`)
  }
  const version = (await npx(["--version"])).stdout.trim()
  const manifest = JSON.parse(
    Fs.readFileSync(Path.join(app, "node_modules", "@effect-wechatpay", "cli", "package.json"), "utf8")
  )
  if (version !== manifest.version) throw new Error(`--version printed ${version}, expected ${manifest.version}`)
  const h5 = await npx([
    "coupon",
    "h5",
    "--stock-id",
    "1234567890000000",
    "--out-request-no",
    "201911280000",
    "--open-id",
    "oiSFDIOoijdsf",
    "--merchant",
    "123456789"
  ])
  if (h5.status !== 0 || !h5.stdout.includes("sign=18FFEB85E742D42C9713507B47C4C25301E2E86C96D8EDEFBA935DA8E70C493C")) {
    throw new Error(`coupon h5: exit ${h5.status}\n${h5.stdout}\n${h5.stderr}`)
  }
  const sandbox = await npx(["sandbox", "--host", "0.0.0.0"])
  if (sandbox.status !== 2 || !sandbox.stderr.includes("wechatpay-sandbox: --host '0.0.0.0' is not supported")) {
    throw new Error(`sandbox --host 0.0.0.0: exit ${sandbox.status}\n${sandbox.stderr}`)
  }
  // `wechatpay sandbox` started from the installed bin's script (a signal to npx would not reach it), then `call`.
  const script = Path.join(app, "node_modules", "@effect-wechatpay", "cli", "dist", "bin.js")
  const gateway = ChildProcess.spawn(node.command, [...node.args, script, "sandbox"], {
    cwd: app,
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"]
  })
  let banner = ""
  const dir = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      gateway.kill("SIGKILL")
      reject(new Error(`wechatpay sandbox printed no banner in 60 s: ${banner}`))
    }, 60_000)
    gateway.stdout.on("data", (chunk) => {
      banner += chunk
      const match = /key files in (\S+), removed on exit/.exec(banner)
      if (match && banner.includes("Ctrl-C stops")) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    gateway.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`wechatpay sandbox exited (${code}) before starting: ${banner}`))
    })
  })
  try {
    const printed = Object.fromEntries(
      [...banner.matchAll(/^\s+export (WECHATPAY_\w+)=(\S+)/gm)].map((m) => [m[1], m[2].split(",")[0]])
    )
    const stockId = /商家券 stock_id (\S+)/.exec(banner)?.[1]
    const call = await run(
      "npx",
      ["@effect-wechatpay/cli", "call", "Busifavor.queryStock", "--json", JSON.stringify({ stock_id: stockId })],
      {
        cwd: app,
        env: { ...env, ...printed },
        timeout: 120_000
      }
    )
    const answer = call.status === 0 ? JSON.parse(call.stdout) : undefined
    if (answer?.stock_id !== stockId || answer?.stock_state !== "RUNNING") {
      throw new Error(`call Busifavor.queryStock: exit ${call.status}\n${call.stdout}\n${call.stderr}`)
    }
  } finally {
    const exited = new Promise((resolve) => gateway.once("exit", resolve))
    gateway.kill("SIGTERM")
    await exited
  }
  if (Fs.existsSync(dir)) throw new Error(`${dir} still exists after wechatpay sandbox got SIGTERM`)
  return { version, node: (await run(node.command, ["--version"])).stdout.trim() }
}

const campaign = `import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { Busifavor } from "@effect-wechatpay/api"
import { Campaign, Embedded, Users } from "@effect-wechatpay/campaign"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Effect, Layer } from "effect"

const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "consumer-campaign-"))
const users = Array.from({ length: 30 }, (_, i) => \`o-consumer-\${i}\`)
const stockId = "9950001"
const run = Campaign.run({
  id: "consumer",
  target: Campaign.busifavor({ stockId, appid: Sandbox.defaults.appid }),
  users: Users.fromIterable([...users, users[0]]),
  rate: { requests: 100, per: "1 second" }
})
const program = Effect.gen(function* () {
  const sandbox = yield* Sandbox.SandboxGateway
  const stock = Sandbox.defaultBusifavorStock(sandbox.credentials.mchid)
  yield* sandbox.seedBusifavorStock({
    ...stock,
    stock_id: stockId,
    coupon_code_mode: "WECHATPAY_MODE",
    stock_send_rule: {
      ...stock.stock_send_rule,
      max_coupons: 100,
      max_coupons_by_day: 100,
      max_amount: 1_000_000,
      max_amount_by_day: 1_000_000
    },
    send_count_information: { total_send_num: 0, total_send_amount: 0, today_send_num: 0, today_send_amount: 0 }
  })
  const first = yield* run
  // Run again with the same id: nothing is sent twice.
  const again = yield* run
  const queried = yield* Busifavor.queryStock({ stock_id: stockId })
  return {
    status: first.status,
    sent: first.sent,
    duplicates: first.duplicates,
    failed: first.failed,
    again: { status: again.status, sent: again.sent, failed: again.failed },
    issued: Number(queried.send_count_information?.total_send_num ?? 0)
  }
}).pipe(
  Effect.provide(Embedded.layer({ filename: Path.join(dir, "campaigns.db") }).pipe(Layer.provideMerge(SandboxClient.layer())))
)
const out = await Effect.runPromise(program)
Fs.rmSync(dir, { recursive: true, force: true })
console.log(JSON.stringify(out))
`

/**
 * (7) A campaign from the installed \`@effect-wechatpay/campaign\`: 30 users (one listed twice) sent a 商家券 of a
 * sandbox stock in embedded mode (node:sqlite, no native build), then run again: every user has one coupon.
 */
export const runCampaign = async (app, node = nodes.current) => {
  Fs.writeFileSync(Path.join(app, "campaign.mjs"), campaign)
  const printed = await ok(node.command, [...node.args, "campaign.mjs"], { cwd: app, timeout: 180_000 })
  return JSON.parse(printed.trim().split("\n").at(-1))
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`

export const report = (tarballs) =>
  tarballs.map((t) => `${t.name.padEnd(28)} ${kib(t.bytes).padStart(10)} packed, ${t.entries.length} files`).join("\n")

const main = async () => {
  const started = Date.now()
  const { dir, tarballs } = await pack()
  console.log(`consumer: packed into ${dir}\n${report(tarballs)}`)
  for (const t of tarballs) await checkContents(t)
  console.log("consumer: tarballs hold only dist, src, README, LICENSE and package.json")
  const app = await install(dir, tarballs)
  console.log("consumer: installed with npm (peers unpinned)")
  await typecheck(app)
  console.log("consumer: (3) strict type-check against the installed .d.ts: ok")
  for (const node of [nodes.current, await nodes.oldest()]) {
    console.log(`consumer: (1) ESM on ${node.name}: ${JSON.stringify(await runEsm(app, node))}`)
    console.log(`consumer: (2) CommonJS on ${node.name}: ${await runCjs(app, node)}`)
    const bin = await runBin(app, node)
    console.log(
      `consumer: (4) wechatpay-sandbox bin on ${node.name}: listened on ${bin.baseUrl}, removed ${bin.files.join(", ")} on SIGTERM`
    )
    const bundle = await runBundle(app, node)
    console.log(`consumer: (5) esbuild bundle on ${node.name} (${kib(bundle.bytes)}, one endpoint kept): ${bundle.tag}`)
    const cli = await runCli(app, node)
    console.log(
      `consumer: (6) npx @effect-wechatpay/cli on ${node.name}: --help, --version ${cli.version}, coupon h5, sandbox, call`
    )
    console.log(`consumer: (7) a campaign on ${node.name}: ${JSON.stringify(await runCampaign(app, node))}`)
  }
  const existing = await installIntoEffect4Project(dir, tarballs)
  console.log(`consumer: a project already on effect ${existing.effect}: ${JSON.stringify(await runEsm(existing.app))}`)
  if (!process.argv.includes("--keep")) Fs.rmSync(dir, { recursive: true, force: true })
  console.log(`consumer: ok (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

if (process.argv[1] && Path.resolve(process.argv[1]) === Path.join(root, "scripts", "consumer-test.mjs")) {
  main().catch((error) => {
    console.error(`consumer: FAILED\n${error instanceof Error ? error.message : error}`)
    process.exitCode = 1
  })
}
