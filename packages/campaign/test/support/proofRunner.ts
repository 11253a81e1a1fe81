/**
 * A cluster runner process for the proof that effect's cluster and workflow modules share work over PostgreSQL: one
 * workflow (`Job`, one execution per id) whose activity records the id and the runner in a table. Configured by
 * PROOF_CONFIG (JSON: socketDir, port, username, database, name, runnerPort).
 */
import { NodeClusterSocket, NodeRuntime } from "@effect/platform-node"
import * as PgClient from "@effect/sql-pg/PgClient"
import { Effect, Layer, Option, Schema } from "effect"
import * as ClusterWorkflowEngine from "effect/cluster/ClusterWorkflowEngine"
import * as RunnerAddress from "effect/cluster/RunnerAddress"
import * as SqlClient from "effect/sql/SqlClient"
import * as Activity from "effect/workflow/Activity"
import * as Workflow from "effect/workflow/Workflow"

const config = JSON.parse(process.env.PROOF_CONFIG ?? "{}") as {
  readonly socketDir: string
  readonly port: number
  readonly username: string
  readonly database: string
  readonly name: string
  readonly runnerPort: number
}

export const Job = Workflow.make("Job", {
  payload: { id: Schema.String },
  success: Schema.String,
  idempotencyKey: ({ id }) => id
})

const JobLive = Job.toLayer(({ id }) =>
  Activity.make({
    name: "record",
    success: Schema.String,
    execute: Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* sql`INSERT INTO proof_attempts (id, runner) VALUES (${id}, ${config.name})`
      yield* Effect.sleep("20 millis")
      return config.name
    })
  })
)

const Pg = PgClient.layer({
  host: config.socketDir,
  port: config.port,
  username: config.username,
  database: config.database,
  maxConnections: 8
})

const Cluster = NodeClusterSocket.layer({
  storage: "sql",
  shardingConfig: {
    runnerAddress: Option.some(RunnerAddress.make("127.0.0.1", config.runnerPort)),
    shardsPerGroup: 30,
    shardLockRefreshInterval: "2 seconds",
    shardLockExpiration: "8 seconds",
    refreshAssignmentsInterval: "1 second",
    runnerHealthCheckInterval: "1 second",
    entityMessagePollInterval: "1 second"
  }
})

JobLive.pipe(
  Layer.provideMerge(ClusterWorkflowEngine.layer),
  Layer.provideMerge(Cluster),
  Layer.provideMerge(Pg),
  Layer.launch,
  NodeRuntime.runMain
)
