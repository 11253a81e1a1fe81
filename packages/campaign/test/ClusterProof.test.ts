import * as ChildProcess from "node:child_process"
import * as Net from "node:net"
import * as Path from "node:path"
import { NodeClusterSocket } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, Schema } from "effect"
import * as ClusterWorkflowEngine from "effect/cluster/ClusterWorkflowEngine"
import * as SqlClient from "effect/sql/SqlClient"
import * as Workflow from "effect/workflow/Workflow"
import * as Postgres from "./support/postgres.js"

const Job = Workflow.make("Job", {
  payload: { id: Schema.String },
  success: Schema.String,
  idempotencyKey: ({ id }) => id
})

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = Net.createServer()
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as Net.AddressInfo).port
      server.close(() => resolve(port))
    })
    server.on("error", reject)
  })

describe("proof", () => {
  it.live(
    "three runners over PostgreSQL",
    () =>
      Effect.gen(function* () {
        const server = Context.get(yield* Layer.build(Postgres.layer), Postgres.PostgresServer)
        const database = yield* server.createDatabase("proof")
        const pg = yield* Layer.build(Postgres.clientLayer(server, database)).pipe(Effect.orDie)
        const sql = Context.get(pg, SqlClient.SqlClient)
        yield* sql`CREATE TABLE proof_attempts (id text, runner text, at timestamptz DEFAULT clock_timestamp())`
        const t0 = Date.now()
        const children: Array<ChildProcess.ChildProcess> = []
        for (const name of ["r1", "r2", "r3"]) {
          const runnerPort = yield* Effect.promise(freePort)
          const child = ChildProcess.spawn(
            process.execPath,
            ["--conditions=@effect-wechatpay/source", "--import", "tsx", Path.join(import.meta.dirname, "support", "proofRunner.ts")],
            {
              env: { ...process.env, PROOF_CONFIG: JSON.stringify({ ...server, database, name, runnerPort }) },
              stdio: ["ignore", "ignore", "ignore"]
            }
          )
          children.push(child)
        }
        yield* Effect.addFinalizer(() => Effect.sync(() => children.forEach((c) => c.kill("SIGKILL"))))
        while (true) {
          const [row] = yield* sql<{ n: number }>`SELECT count(*)::int AS n FROM cluster_runners`.pipe(Effect.orElseSucceed(() => [{ n: 0 }]))
          if (row!.n >= 3) break
          yield* Effect.sleep("200 millis")
        }
        console.log("runners registered", Date.now() - t0)
        const client = yield* Layer.build(
          ClusterWorkflowEngine.layer.pipe(
            Layer.provideMerge(
              NodeClusterSocket.layer({
                clientOnly: true,
                storage: "sql",
                shardingConfig: { shardsPerGroup: 30, entityMessagePollInterval: "500 millis" }
              })
            ),
            Layer.provide(Layer.succeedContext(pg))
          )
        ).pipe(Effect.orDie)
        const started = Date.now()
        const n = 300
        yield* Effect.forEach(
          Array.from({ length: n }, (_, i) => `job-${i}`),
          (id) => Job.execute({ id }, { discard: true }),
          { concurrency: 20, discard: true }
        ).pipe(Effect.provide(client))
        console.log("enqueued", Date.now() - started)
        for (let i = 0; i < 6; i++) {
          yield* Effect.sleep("500 millis")
          console.log(Date.now() - started, yield* sql`SELECT runner, count(*)::int AS n FROM proof_attempts GROUP BY runner ORDER BY runner`.pipe(Effect.map((rows) => JSON.stringify(rows))))
        }
        const before = yield* sql`SELECT runner, count(*)::int AS n FROM proof_attempts GROUP BY runner`
        console.log("before kill", before, Date.now() - started)
        children[0]!.kill("SIGKILL")
        while (true) {
          const [row] = yield* sql<{ n: number }>`SELECT count(DISTINCT id)::int AS n FROM proof_attempts`
          if (row!.n >= n) break
          yield* Effect.sleep("1000 millis")
          console.log(Date.now() - started, yield* sql`SELECT runner, count(*)::int AS n FROM proof_attempts GROUP BY runner ORDER BY runner`.pipe(Effect.map((rows) => JSON.stringify(rows))))
          if (Date.now() - started > 100_000) break
        }
        const after = yield* sql`SELECT runner, count(*)::int AS n, count(DISTINCT id)::int AS d FROM proof_attempts GROUP BY runner`
        console.log("after", after, Date.now() - started)
        const [totals] = yield* sql<{ n: number; d: number }>`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM proof_attempts`
        console.log(totals)
        expect(totals!.d).toBe(n)
      }),
    { timeout: 120_000 }
  )
})
