/**
 * The throwaway PostgreSQL server of the distributed-mode tests (test/support/postgres.ts): it starts (as an
 * unprivileged user when we are root), answers queries through `@effect/sql-pg`, gives each caller a database of its
 * own, and is gone after the teardown. Outside CI a machine without PostgreSQL skips these tests (and says so); in CI
 * (CI=true) `.ci/run` installs it, so there a missing server fails them.
 */
import * as Fs from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import * as SqlClient from "effect/sql/SqlClient"
import * as Postgres from "./support/postgres.js"

describe.skipIf(!Postgres.hasPostgres && process.env.CI !== "true")(
  "a throwaway PostgreSQL server (skipped without PostgreSQL)",
  () => {
    it.effect(
      "starts, answers through @effect/sql-pg in a database of its own, and is stopped and deleted with its scope",
      () =>
        Effect.gen(function* () {
          const closing = yield* Effect.scoped(
            Effect.gen(function* () {
              const context = yield* Layer.build(Postgres.layer)
              const server = Context.get(context, Postgres.PostgresServer)
              expect(Fs.existsSync(`${server.socketDir}/.s.PGSQL.${server.port}`)).toBe(true)
              const one = yield* server.createDatabase("campaign")
              const two = yield* server.createDatabase("campaign")
              expect(one).not.toBe(two)
              const sql = Context.get(
                yield* Layer.build(Postgres.clientLayer(server, one)).pipe(Effect.orDie),
                SqlClient.SqlClient
              )
              const rows = yield* sql<{ readonly db: string; readonly answer: number; readonly superuser: string }>`
              SELECT current_database() AS db, 6 * 7 AS answer, current_setting('is_superuser') AS superuser`
              expect(rows).toEqual([{ db: one, answer: 42, superuser: "on" }])
              yield* sql`CREATE TABLE sends (user_id text PRIMARY KEY)`
              yield* sql`INSERT INTO sends ${sql.insert([{ user_id: "a" }, { user_id: "b" }])}`
              expect(yield* sql`SELECT count(*)::int AS n FROM sends`).toEqual([{ n: 2 }])
              const version = yield* sql<{ readonly server_version_num: string }>`SHOW server_version_num`
              expect(Number(version[0]!.server_version_num)).toBeGreaterThanOrEqual(140000)
              return server.socketDir
            })
          ).pipe(Effect.orDie)
          // Stopped and deleted: the directory (data, socket) is gone.
          expect(Fs.existsSync(closing)).toBe(false)
        }),
      60_000
    )
  }
)
