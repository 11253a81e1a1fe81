/**
 * A throwaway PostgreSQL server for tests: `initdb` into a temporary directory, `postgres` listening on a Unix socket
 * in that directory only (no TCP port, so nothing else on the machine can reach it or collide with it), a fresh
 * database per caller, and on teardown the server stopped and the directory deleted.
 *
 * The binaries come from Debian's `postgresql` package (`/usr/lib/postgresql/<major>/bin`, newest major first), or
 * from PATH. `.ci/run` installs the package where it is missing. PostgreSQL refuses to run as root, and CI runs as
 * root: there the server runs as the unprivileged `postgres` user (created by Debian's package), or `nobody`, through
 * `spawn`'s `uid`/`gid`, with the directory owned by that user.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as PgClient from "@effect/sql-pg/PgClient"
import { Context, Effect, Layer } from "effect"
import * as SqlClient from "effect/sql/SqlClient"

/** Where the PostgreSQL server binaries are, or `undefined` when this machine has none. */
export const findBinaries = (): { readonly initdb: string; readonly postgres: string } | undefined => {
  const root = "/usr/lib/postgresql"
  const majors = Fs.existsSync(root)
    ? Fs.readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : []
  for (const major of majors) {
    const bin = Path.join(root, major, "bin")
    if (Fs.existsSync(Path.join(bin, "initdb")) && Fs.existsSync(Path.join(bin, "postgres"))) {
      return { initdb: Path.join(bin, "initdb"), postgres: Path.join(bin, "postgres") }
    }
  }
  const which = (name: string) => {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" })
    return found.status === 0 ? found.stdout.trim() : undefined
  }
  const initdb = which("initdb")
  const postgres = which("postgres")
  return initdb !== undefined && postgres !== undefined ? { initdb, postgres } : undefined
}

/** Whether a PostgreSQL server can be started here (the tests skip without one outside CI, and fail in CI). */
export const hasPostgres = findBinaries() !== undefined

/** How to reach the server: a socket directory (libpq's `host` when it starts with `/`), a port and a superuser. */
export interface Connection {
  readonly socketDir: string
  readonly port: number
  readonly username: string
}

/** A running server of our own. */
export class PostgresServer extends Context.Service<
  PostgresServer,
  Connection & {
    /** Creates a fresh, empty database on the server and answers its name. */
    readonly createDatabase: (prefix?: string) => Effect.Effect<string>
  }
>()("test/PostgresServer") {}

/** The user the server runs as when we are root: `postgres` where the Debian package created it, else `nobody`. */
const unprivilegedUser = (): { readonly uid: number; readonly gid: number } | undefined => {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined
  const passwd = Fs.readFileSync("/etc/passwd", "utf8").split("\n")
  for (const name of ["postgres", "nobody"]) {
    const line = passwd.find((entry) => entry.startsWith(`${name}:`))
    if (line !== undefined) {
      const [, , uid, gid] = line.split(":")
      return { uid: Number(uid), gid: Number(gid) }
    }
  }
  throw new Error("running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as")
}

const run = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly user: ReturnType<typeof unprivilegedUser> }
) =>
  Effect.callback<void, Error>((resume) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C", LANG: "C" },
      ...(options.user ?? {})
    })
    let output = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on("error", (error) => resume(Effect.fail(error)))
    child.on("exit", (code) =>
      resume(code === 0 ? Effect.void : Effect.fail(new Error(`${Path.basename(command)} exited (${code}): ${output}`)))
    )
  })

/**
 * Starts the server (initdb, then postgres on a Unix socket), waits until it accepts connections, and stops it with
 * the layer's scope (SIGINT: PostgreSQL's fast shutdown, which ends every session) before deleting its directory.
 * Durability is off (`fsync`, `synchronous_commit`, `full_page_writes`): the data is thrown away with the directory,
 * and a test that kills a runner kills the runner, never the server.
 */
export const layer: Layer.Layer<PostgresServer> = Layer.effect(
  PostgresServer,
  Effect.gen(function* () {
    const binaries = findBinaries()
    if (binaries === undefined) {
      return yield* Effect.die(
        new Error("no PostgreSQL server binaries (initdb, postgres): install Debian's postgresql package")
      )
    }
    const user = unprivilegedUser()
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => {
        // Short: a Unix socket path has a limit of about 100 bytes.
        const created = Fs.mkdtempSync(Path.join(Os.tmpdir(), "wxpg-"))
        if (user !== undefined) Fs.chownSync(created, user.uid, user.gid)
        return created
      }),
      (created) => Effect.sync(() => Fs.rmSync(created, { recursive: true, force: true }))
    )
    const data = Path.join(dir, "data")
    const username = "postgres"
    yield* run(
      binaries.initdb,
      ["-D", data, "-U", username, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
      { user }
    ).pipe(Effect.orDie)
    const port = 5432
    const server = yield* Effect.acquireRelease(
      Effect.callback<ChildProcess, Error>((resume) => {
        const child = spawn(
          binaries.postgres,
          [
            "-D",
            data,
            "-k",
            dir,
            "-p",
            String(port),
            "-c",
            "listen_addresses=",
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=300"
          ],
          { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C", LANG: "C" }, ...(user ?? {}) }
        )
        let output = ""
        const onData = (chunk: Buffer) => {
          output += chunk.toString()
          if (/ready to accept connections/.test(output)) {
            child.stderr?.off("data", onData)
            // Keep draining the log so the server never blocks on a full pipe.
            child.stderr?.resume()
            resume(Effect.succeed(child))
          }
        }
        child.stdout?.resume()
        child.stderr?.on("data", onData)
        child.on("error", (error) => resume(Effect.fail(error)))
        child.on("exit", (code) => resume(Effect.fail(new Error(`postgres exited (${code}): ${output}`))))
      }).pipe(Effect.timeout("60 seconds"), Effect.orDie),
      (child) =>
        Effect.callback<void>((resume) => {
          if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
          child.once("exit", () => resume(Effect.void))
          child.kill("SIGINT")
        })
    )
    void server
    const connection: Connection = { socketDir: dir, port, username }
    const admin = yield* Layer.build(clientLayer(connection, "postgres", { maxConnections: 1 })).pipe(Effect.orDie)
    const sql = Context.get(admin, SqlClient.SqlClient)
    let databases = 0
    return PostgresServer.of({
      ...connection,
      createDatabase: (prefix = "test") =>
        Effect.suspend(() => {
          const name = `${prefix}_${++databases}`
          return Effect.as(sql.unsafe(`CREATE DATABASE "${name}"`), name)
        }).pipe(Effect.orDie)
    })
  })
)

/** The `PgClient` options that reach `database` on the server. */
export const clientConfig = (
  connection: Connection,
  database: string,
  options?: { readonly maxConnections?: number | undefined }
): PgClient.PgPoolConfig => ({
  host: connection.socketDir,
  port: connection.port,
  username: connection.username,
  database,
  maxConnections: options?.maxConnections ?? 10
})

/** A `PgClient` (and `SqlClient`) over `database` on the server. */
export const clientLayer = (
  connection: Connection,
  database: string,
  options?: { readonly maxConnections?: number | undefined }
) => PgClient.layer(clientConfig(connection, database, options))
