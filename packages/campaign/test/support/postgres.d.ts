import * as PgClient from "@effect/sql-pg/PgClient";
import { Context, Effect, Layer } from "effect";
import * as SqlClient from "effect/sql/SqlClient";
/** Where the PostgreSQL server binaries are, or `undefined` when this machine has none. */
export declare const findBinaries: () => {
    readonly initdb: string;
    readonly postgres: string;
} | undefined;
/** Whether a PostgreSQL server can be started here (the tests skip without one outside CI, and fail in CI). */
export declare const hasPostgres: boolean;
/** How to reach the server: a socket directory (libpq's `host` when it starts with `/`), a port and a superuser. */
export interface Connection {
    readonly socketDir: string;
    readonly port: number;
    readonly username: string;
}
declare const PostgresServer_base: Context.ServiceClass<PostgresServer, "test/PostgresServer", Connection & {
    /** Creates a fresh, empty database on the server and answers its name. */
    readonly createDatabase: (prefix?: string) => Effect.Effect<string>;
}>;
/** A running server of our own. */
export declare class PostgresServer extends PostgresServer_base {
}
/**
 * Starts the server (initdb, then postgres on a Unix socket), waits until it accepts connections, and stops it with
 * the layer's scope (SIGINT: PostgreSQL's fast shutdown, which ends every session) before deleting its directory.
 * Durability is off (`fsync`, `synchronous_commit`, `full_page_writes`): the data is thrown away with the directory,
 * and a test that kills a runner kills the runner, never the server.
 */
export declare const layer: Layer.Layer<PostgresServer>;
/** The `PgClient` options that reach `database` on the server. */
export declare const clientConfig: (connection: Connection, database: string, options?: {
    readonly maxConnections?: number | undefined;
}) => PgClient.PgPoolConfig;
/** A `PgClient` (and `SqlClient`) over `database` on the server. */
export declare const clientLayer: (connection: Connection, database: string, options?: {
    readonly maxConnections?: number | undefined;
}) => Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, import("effect/sql/SqlError").SqlError, never>;
export {};
//# sourceMappingURL=postgres.d.ts.map