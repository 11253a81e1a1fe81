/**
 * A `SqlClient` over `node:sqlite` (Node >= 22.13, no native build): one connection, serialized, prepared statements
 * cached, WAL with `synchronous = NORMAL` (a killed process loses no committed transaction). Adapted from
 * `@effect/sql-sqlite-node` 4.0.0-beta.102 (MIT), whose imports name `effect/unstable/sql/*`, which effect 4.1.5 no
 * longer exports; backup and extension loading are left out.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite"
import * as Cache from "effect/Cache"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import * as Stream from "effect/Stream"
import * as Client from "effect/sql/SqlClient"
import type { Connection } from "effect/sql/SqlConnection"
import { classifySqliteError, SqlError } from "effect/sql/SqlError"
import * as Statement from "effect/sql/Statement"

/** The options of {@link make}. */
export interface Options {
  readonly filename: string
}

const classifyError = (cause: unknown, message: string, operation: string) => {
  if (typeof cause === "object" && cause !== null && "errcode" in cause && !("errno" in cause)) {
    const errcode = (cause as { readonly errcode: unknown }).errcode
    if (typeof errcode === "number") Object.assign(cause, { errno: errcode })
  }
  return new SqlError({ reason: classifySqliteError(cause, { message, operation }) })
}

const inputs = (params: ReadonlyArray<unknown>) => params as Array<SQLInputValue>

/** A scoped client over the file. */
export const make = (options: Options): Effect.Effect<Client.SqlClient, never, Scope.Scope | Reactivity.Reactivity> =>
  Effect.gen(function* () {
    const compiler = Statement.makeCompilerSqlite()
    const db = new DatabaseSync(options.filename)
    yield* Effect.addFinalizer(() => Effect.sync(() => db.close()))
    db.exec("PRAGMA journal_mode = WAL")
    db.exec("PRAGMA synchronous = NORMAL")
    db.exec("PRAGMA busy_timeout = 5000")

    const prepared = yield* Cache.make({
      capacity: 200,
      timeToLive: Duration.minutes(10),
      lookup: (sql: string) =>
        Effect.try({
          try: () => db.prepare(sql),
          catch: (cause) => classifyError(cause, "Failed to prepare statement", "prepare")
        })
    })

    const runStatement = (statement: StatementSync, params: ReadonlyArray<unknown>, raw: boolean, arrays: boolean) =>
      Effect.withFiber<ReadonlyArray<unknown>, SqlError>((fiber) => {
        const safeIntegers = Context.get(fiber.context, Client.SafeIntegers)
        return Effect.try({
          try: () => {
            statement.setReadBigInts(safeIntegers)
            statement.setReturnArrays(arrays)
            if (statement.columns().length > 0) return statement.all(...inputs(params))
            const result = statement.run(...inputs(params))
            return raw ? ({ changes: result.changes, lastInsertRowid: result.lastInsertRowid } as never) : []
          },
          catch: (cause) => classifyError(cause, "Failed to execute statement", "execute")
        })
      })

    const run = (sql: string, params: ReadonlyArray<unknown>, raw: boolean, arrays: boolean) =>
      Effect.flatMap(Cache.get(prepared, sql), (statement) => runStatement(statement, params, raw, arrays))

    const connection: Connection = {
      execute: (sql, params, transformRows) =>
        transformRows
          ? Effect.map(run(sql, params, false, false), (rows) => transformRows(rows as ReadonlyArray<object>))
          : run(sql, params, false, false),
      executeRaw: (sql, params) => run(sql, params, true, false),
      executeValues: (sql, params) =>
        run(sql, params, false, true) as Effect.Effect<ReadonlyArray<ReadonlyArray<unknown>>, SqlError>,
      executeValuesUnprepared: (sql, params) =>
        runStatement(db.prepare(sql), params, false, true) as Effect.Effect<
          ReadonlyArray<ReadonlyArray<unknown>>,
          SqlError
        >,
      executeUnprepared: (sql, params, transformRows) => {
        const effect = runStatement(db.prepare(sql), params ?? [], false, false)
        return transformRows ? Effect.map(effect, (rows) => transformRows(rows as ReadonlyArray<object>)) : effect
      },
      executeStream: () => Stream.die("node:sqlite does not stream")
    } as Connection

    const semaphore = yield* Semaphore.make(1)
    const acquirer = semaphore.withPermits(1)(Effect.succeed(connection))
    const transactionAcquirer = Effect.uninterruptibleMask((restore) => {
      const fiber = Fiber.getCurrent()!
      const scope = Context.getUnsafe(fiber.context, Scope.Scope)
      return Effect.as(
        Effect.tap(restore(semaphore.take(1)), () => Scope.addFinalizer(scope, semaphore.release(1))),
        connection
      )
    })

    return yield* Client.make({
      acquirer,
      compiler,
      driver: "sqlite-node",
      transactionAcquirer,
      spanAttributes: [["db.system.name", "sqlite"]]
    })
  })

/** The client as a layer. */
export const layer = (options: Options): Layer.Layer<Client.SqlClient> =>
  Layer.effect(Client.SqlClient, make(options)).pipe(Layer.provide(Reactivity.layer))
