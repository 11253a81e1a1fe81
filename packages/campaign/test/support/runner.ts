/**
 * A runner process of the distributed-mode tests: `Distributed.layer` over the test's PostgreSQL, a WeChat Pay client
 * for the test's sandbox, and `Campaign.run` of the campaign the test describes (every runner drives it: the workflow
 * engine runs each chunk once). Configured by `CAMPAIGN_RUNNER` (JSON, see {@link RunnerConfig}). Prints `READY` when
 * the runner has joined the cluster, `RESULT <progress JSON>` when the campaign is over, then stays up (hosting its
 * shards) until the test stops it.
 */

import { NodeRuntime } from "@effect/platform-node"
import { NodeTransport, WechatPay } from "@effect-wechatpay/api"
import { Duration, Effect, Layer, Redacted } from "effect"
import * as SqlClient from "effect/sql/SqlClient"
import * as Campaign from "../../src/Campaign.js"
import * as Distributed from "../../src/Distributed.js"
import * as Users from "../../src/Users.js"

/** What the test tells a runner. */
export interface RunnerConfig {
  readonly postgres: {
    readonly host: string
    readonly port: number
    readonly username: string
    readonly database: string
  }
  readonly runnerPort: number
  /** How many runners to wait for before driving the campaign (so that it starts spread over all of them). */
  readonly runners: number
  /** The limiter's guard, milliseconds. */
  readonly guard: number
  readonly client: {
    readonly mchid: string
    readonly merchantSerialNumber: string
    readonly merchantPrivateKey: string
    readonly apiV3Key: string
    readonly baseUrl: string
    readonly wechatpayPublicKey: { readonly id: string; readonly key: string }
  }
  readonly campaign: {
    readonly id: string
    readonly stockId: string
    readonly appid: string
    readonly users: number
    readonly prefix: string
    readonly rate: number
  }
}

const config = JSON.parse(process.env.CAMPAIGN_RUNNER ?? "{}") as RunnerConfig

const WechatPayLive = WechatPay.layer({
  ...config.client,
  merchantPrivateKey: Redacted.make(config.client.merchantPrivateKey),
  apiV3Key: Redacted.make(config.client.apiV3Key)
}).pipe(Layer.provide(NodeTransport.layer()))

const RunnerLive = Distributed.layer({
  postgres: { ...config.postgres, maxConnections: 16 },
  runner: { host: "127.0.0.1", port: config.runnerPort },
  guard: Duration.millis(config.guard)
}).pipe(Layer.provideMerge(WechatPayLive))
const openids = Array.from({ length: config.campaign.users }, (_, i) => `${config.campaign.prefix}${i}`)

Effect.gen(function* () {
  yield* Effect.sync(() => process.stdout.write("READY\n"))
  const sql = yield* SqlClient.SqlClient
  while (true) {
    const [row] = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM cluster_runners`
    if ((row?.n ?? 0) >= config.runners) break
    yield* Effect.sleep("100 millis")
  }
  const progress = yield* Campaign.run({
    id: config.campaign.id,
    target: Campaign.busifavor({ stockId: config.campaign.stockId, appid: config.campaign.appid }),
    users: Users.fromIterable(openids),
    rate: { requests: config.campaign.rate, per: "1 second" }
  })
  yield* Effect.sync(() => process.stdout.write(`RESULT ${JSON.stringify(progress)}\n`))
  return yield* Effect.never
}).pipe(Effect.provide(RunnerLive), NodeRuntime.runMain)
