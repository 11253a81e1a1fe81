/**
 * The distributed mode: several runner processes share the campaigns, over one PostgreSQL database. Each runner is an
 * `effect` cluster runner (`NodeClusterSocket`: runner-to-runner messages over TCP, shard locks and mailboxes in
 * PostgreSQL through `SqlRunnerStorage` and `SqlMessageStorage`), the workflow engine `ClusterWorkflowEngine`, and the
 * campaign's chunk workflow: the chunks of a campaign are spread over the runners' shards, and when a runner dies its
 * shards, with the chunks it was sending, move to the others, which send only the users still pending (with the same
 * request numbers). The rate limit is held in PostgreSQL too, for all runners together.
 *
 * A campaign runs the same program as in the embedded mode (`Campaign.run`, `resume`, `status`, `report`): only the
 * layer changes. Any process may drive a campaign, a runner ({@link layer}) or a client that sends nothing itself
 * ({@link layerClient}); several may drive the same one at once (the workflow engine runs each chunk once).
 *
 * @example
 * ```ts fragment
 * import { NodeTransport, WechatPay } from "@effect-wechatpay/api"
 * import { Campaign, Distributed, Users } from "@effect-wechatpay/campaign"
 * import { Effect, Layer } from "effect"
 *
 * // On each machine: this runner's address as the others reach it.
 * const RunnerLive = Distributed.layer({
 *   postgres: { host: "db.internal", database: "campaigns", username: "campaigns" },
 *   runner: { host: "10.0.0.11", port: 34431 }
 * }).pipe(Layer.provideMerge(WechatPay.layerConfig().pipe(Layer.provide(NodeTransport.layer()))))
 *
 * const program = Campaign.run({
 *   id: "spring-2027",
 *   target: Campaign.busifavor({ stockId: "1212", appid: "wx1234567890abcdef" }),
 *   users: Users.csv("users.csv")
 * }).pipe(Effect.provide(RunnerLive))
 * ```
 *
 * @since 0.2.0
 */

import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import * as PgClient from "@effect/sql-pg/PgClient"
import type { ConfigError } from "effect/Config"
import * as ClusterWorkflowEngine from "effect/cluster/ClusterWorkflowEngine"
import type { MessageStorage } from "effect/cluster/MessageStorage"
import * as RunnerAddress from "effect/cluster/RunnerAddress"
import type { Runners } from "effect/cluster/Runners"
import type { Sharding } from "effect/cluster/Sharding"
import type * as ShardingConfig from "effect/cluster/ShardingConfig"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as SocketServer from "effect/socket/SocketServer"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type { WorkflowEngine } from "effect/workflow/WorkflowEngine"
import * as Campaign from "./Campaign.js"
import { CampaignLimiter } from "./CampaignLimiter.js"
import * as SqlLimiter from "./internal/sqlLimiter.js"
import * as Store from "./internal/store.js"

/**
 * Options of {@link layer} and {@link layerClient}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** The PostgreSQL database every runner shares (`@effect/sql-pg`'s pool options: host or socket directory, port, …). */
  readonly postgres: PgClient.PgPoolConfig
  /**
   * The sharding settings (the same on every runner). {@link shardingDefaults} unless given: faster failover than
   * `effect`'s own defaults, which suit long-lived entities more than a campaign waiting on a dead runner.
   */
  readonly sharding?: Partial<ShardingConfig.ShardingConfig["Service"]> | undefined
  /**
   * How much of each rate-limit window the limiter leaves unused, to absorb the delay between a send's turn and its
   * arrival at WeChat Pay (default 100 ms: at 100 sends per second, 91 are sent).
   */
  readonly guard?: Duration.Input | undefined
}

/**
 * Where a runner listens for the other runners and how they reach it.
 *
 * @since 0.2.0
 * @category models
 */
export interface RunnerOptions {
  /** The host and port the other runners reach this one at (stored in PostgreSQL with the runner). */
  readonly host: string
  readonly port: number
  /** Where to listen, when it differs from where the others reach it (behind NAT, `0.0.0.0`). */
  readonly listen?: { readonly host: string; readonly port: number } | undefined
}

/**
 * The sharding settings of the distributed mode: a dead runner's shards (and the chunks on them) move to the others
 * within seconds (runner health checked every 2 s; shard locks refreshed every 3 s and expiring after 12 s; mailboxes
 * polled every second).
 *
 * @since 0.2.0
 * @category constants
 */
export const shardingDefaults: Partial<ShardingConfig.ShardingConfig["Service"]> = {
  shardLockRefreshInterval: "3 seconds",
  shardLockExpiration: "12 seconds",
  refreshAssignmentsInterval: "1 second",
  runnerHealthCheckInterval: "2 seconds",
  entityMessagePollInterval: "1 second"
}

/**
 * The `SqlClient` of the distributed mode: a pool over the PostgreSQL database (`@effect/sql-pg`).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerSql = (
  postgres: PgClient.PgPoolConfig
): Layer.Layer<SqlClient.SqlClient | PgClient.PgClient, SqlError> => PgClient.layer(postgres)

/**
 * Creates the campaign tables and the limiter's, once: under a PostgreSQL advisory lock, so that runners starting
 * together do not race on `CREATE TABLE` (PostgreSQL's `IF NOT EXISTS` is not safe against a concurrent creation).
 *
 * @since 0.2.0
 * @category utils
 */
export const migrate: Effect.Effect<void, SqlError, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql.withTransaction(
    Effect.gen(function* () {
      yield* sql`SELECT pg_advisory_xact_lock(hashtext('@effect-wechatpay/campaign/migrate'))`
      yield* Store.migrate
      yield* SqlLimiter.migrate
    })
  )
})

/**
 * The limiter of the distributed mode: send slots held in PostgreSQL, shared by every runner. Each send takes the next
 * slot in one statement; slots are `(per + guard) / requests` apart, with no burst, so the runners together never
 * exceed `requests` per `per`; FREQUENCY_LIMITED or 429 moves the shared next slot (every runner pauses).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerLimiter = (options?: {
  readonly guard?: Duration.Input | undefined
}): Layer.Layer<CampaignLimiter, SqlError, SqlClient.SqlClient> =>
  Layer.effect(CampaignLimiter, Effect.andThen(migrate, SqlLimiter.make(options)))

const services = <E>(
  options: Options,
  cluster: Layer.Layer<Sharding | Runners | MessageStorage, E, SqlClient.SqlClient>
): Layer.Layer<SqlClient.SqlClient | WorkflowEngine | CampaignLimiter, E | SqlError, never> =>
  ClusterWorkflowEngine.layer.pipe(
    Layer.provide(cluster),
    Layer.provideMerge(layerLimiter({ guard: options.guard })),
    Layer.provideMerge(layerSql(options.postgres))
  )

/**
 * A runner: everything a campaign needs but the WeChat Pay client, over PostgreSQL, and this process's share of every
 * campaign's chunks (it hosts shards and runs the chunk workflow). Start one per process; give each its own
 * `runner` address. Its sends use the clients in its context when it is built: `WechatPayClient` (代金券, 商家券,
 * 商品券 partner API) and `WechatPayBrand` (商品券 brand API); provide the ones your campaigns' targets take.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: Options & { readonly runner: RunnerOptions }
): Layer.Layer<
  SqlClient.SqlClient | WorkflowEngine | CampaignLimiter,
  SqlError | ConfigError | SocketServer.SocketServerError,
  never
> => {
  const { runner } = options
  const cluster = NodeClusterSocket.layer({
    storage: "sql",
    shardingConfig: {
      ...shardingDefaults,
      ...options.sharding,
      runnerAddress: Option.some(RunnerAddress.make(runner.host, runner.port)),
      runnerListenAddress:
        runner.listen === undefined
          ? Option.none()
          : Option.some(RunnerAddress.make(runner.listen.host, runner.listen.port))
    }
  })
  return Campaign.layerWorkflows.pipe(Layer.provideMerge(services(options, cluster)))
}

/**
 * A client of the runners: drives campaigns (`run`, `resume`), reads their `status` and `report`, but hosts no shard
 * and sends nothing itself (a command-line tool, a web application).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerClient = (
  options: Options
): Layer.Layer<SqlClient.SqlClient | WorkflowEngine | CampaignLimiter, SqlError | ConfigError, never> =>
  services(
    options,
    NodeClusterSocket.layer({
      clientOnly: true,
      storage: "sql",
      shardingConfig: { ...shardingDefaults, ...options.sharding }
    })
  )
