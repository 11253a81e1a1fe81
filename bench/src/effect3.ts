/**
 * The same one-endpoint application (`coldstart-app.ts`) bundled against the last Effect 3 commit, for the cold-start
 * section's size and start-up comparison, in the same run and with the same esbuild options as the effect 4 bundle.
 *
 * The commit is the tag `effect3-final` (or, without the tag, {@link EFFECT3_COMMIT}). On a cache miss it is checked
 * out into a temporary git worktree (`git worktree add --detach`), installed (`pnpm install --frozen-lockfile`) and
 * built (`pnpm build`: its packages' `dist/`, with the pure marks of its own build), about 30 s on a warm pnpm store;
 * `coldstart-app.ts` and `coldstart-report.ts` are copied into its `bench/src` so that their imports resolve to its
 * packages and its `effect` 3, and bundled there; the worktree is then removed. The bundle and esbuild's per-package
 * bytes are cached under `bench/node_modules/.cache/effect3-final/`, keyed by the commit, the two files' text and the
 * esbuild options and version, so a rerun only runs the bundle.
 */
import { execFileSync } from "node:child_process"
import * as NodeCrypto from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { benchDir } from "./children.js"

/** The tag of the last Effect 3 commit. */
export const EFFECT3_TAG = "effect3-final"

/** The last Effect 3 commit, used when the tag is missing (a clone without tags). */
export const EFFECT3_COMMIT = "a92d6f1"

/** The pnpm the repository pins (`packageManager`), run through npx. */
const PNPM = ["-y", "pnpm@10.34.9"] as const

/** The application's files, copied into the Effect 3 checkout: the program and what it reports with. */
export const APP_FILES = ["coldstart-app.ts", "coldstart-report.ts"] as const

/** Bytes in a bundle per package (esbuild's metafile), largest first. */
export type PackageBytes = ReadonlyArray<{ readonly name: string; readonly bytes: number }>

/** A bundle of the application against Effect 3. */
export interface Effect3Bundle {
  /** The full commit hash bundled against, and how it was found. */
  readonly commit: string
  readonly ref: string
  readonly outfile: string
  readonly bytes: number
  readonly packages: PackageBytes
  /** Whether this run built it or took it from the cache. */
  readonly cached: boolean
  /** Seconds this run spent on it (worktree, install, build, bundle; about 0 from the cache). */
  readonly seconds: number
}

/** What a bundle build answers: the file, its size, its bytes per package. */
export interface Bundled {
  readonly outfile: string
  readonly bytes: number
  readonly packages: PackageBytes
}

/**
 * Bundles one entry with the bench's esbuild options for the minified application (`coldstart.ts` passes the same
 * function for its own `bundled` mode).
 */
export type Bundle = (entry: string, outfile: string) => Promise<Bundled>

const repoDir = Path.resolve(benchDir, "..")

const git = (args: ReadonlyArray<string>, cwd = repoDir): string =>
  execFileSync("git", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim()

/** The commit of `effect3-final`, or of {@link EFFECT3_COMMIT} when the tag is missing. */
const resolveCommit = (): { readonly commit: string; readonly ref: string } => {
  for (const ref of [EFFECT3_TAG, EFFECT3_COMMIT]) {
    try {
      return { commit: git(["rev-parse", "--verify", `${ref}^{commit}`]), ref }
    } catch {
      // try the next one
    }
  }
  throw new Error(`effect3: neither the tag ${EFFECT3_TAG} nor the commit ${EFFECT3_COMMIT} is in this clone`)
}

/** The environment of the commands run in the checkout: this run's own pnpm and npm variables left out. */
const childEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm_|pnpm_|PNPM_|INIT_CWD$|NODE_OPTIONS$)/.test(name))
  )

const run = (command: string, args: ReadonlyArray<string>, cwd: string, log: (line: string) => void) => {
  const started = performance.now()
  try {
    execFileSync(command, [...args], { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" })
  } catch (error) {
    const { stdout, stderr } = error as { readonly stdout?: string; readonly stderr?: string }
    throw new Error(`effect3: \`${command} ${args.join(" ")}\` failed in ${cwd}\n${stdout ?? ""}${stderr ?? ""}`)
  }
  log(`effect3: ${command} ${args.join(" ")} (${((performance.now() - started) / 1000).toFixed(0)} s)`)
}

/**
 * The application bundled against the last Effect 3 commit: from the cache, or built in a temporary worktree.
 *
 * @param bundle the esbuild call of the effect 4 bundle, the same options
 * @param cacheKey what else the bundle depends on (the esbuild options and version)
 * @param log progress lines
 */
export const effect3Bundle = async (
  bundle: Bundle,
  cacheKey: string,
  log: (line: string) => void
): Promise<Effect3Bundle> => {
  const started = performance.now()
  const { commit, ref } = resolveCommit()
  const hash = NodeCrypto.createHash("sha256").update(cacheKey)
  for (const file of APP_FILES) hash.update(Fs.readFileSync(Path.join(benchDir, "src", file)))
  const cacheDir = Path.join(benchDir, "node_modules", ".cache", "effect3-final", commit)
  const key = hash.digest("hex").slice(0, 16)
  const outfile = Path.join(cacheDir, `app-${key}.mjs`)
  const meta = Path.join(cacheDir, `app-${key}.json`)
  if (Fs.existsSync(outfile) && Fs.existsSync(meta)) {
    const packages = JSON.parse(Fs.readFileSync(meta, "utf8")) as PackageBytes
    log(`effect3: the bundle of ${ref} (${commit.slice(0, 7)}) from the cache`)
    return {
      commit,
      ref,
      outfile,
      bytes: Fs.statSync(outfile).size,
      packages,
      cached: true,
      seconds: (performance.now() - started) / 1000
    }
  }
  // Forget the worktrees of an earlier run that was killed before it could remove its own.
  git(["worktree", "prune"])
  const tmp = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-wechatpay-effect3-"))
  const worktree = Path.join(tmp, "repo")
  log(`effect3: ${ref} (${commit.slice(0, 7)}) into a temporary worktree, ${worktree}`)
  git(["worktree", "add", "--detach", worktree, commit])
  try {
    run("npx", [...PNPM, "install", "--frozen-lockfile"], worktree, log)
    run("npx", [...PNPM, "build"], worktree, log)
    const appDir = Path.join(worktree, "bench", "src", "effect4-app")
    Fs.mkdirSync(appDir, { recursive: true })
    for (const file of APP_FILES) Fs.copyFileSync(Path.join(benchDir, "src", file), Path.join(appDir, file))
    Fs.mkdirSync(cacheDir, { recursive: true })
    const built = await bundle(Path.join(appDir, APP_FILES[0]), outfile)
    Fs.writeFileSync(meta, JSON.stringify(built.packages))
    return {
      commit,
      ref,
      outfile,
      bytes: built.bytes,
      packages: built.packages,
      cached: false,
      seconds: (performance.now() - started) / 1000
    }
  } finally {
    try {
      git(["worktree", "remove", "--force", worktree])
    } catch (error) {
      log(`effect3: could not remove the worktree ${worktree}: ${String(error)}`)
    }
    Fs.rmSync(tmp, { recursive: true, force: true })
    git(["worktree", "prune"])
  }
}
