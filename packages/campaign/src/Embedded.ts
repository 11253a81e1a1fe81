/**
 * The embedded mode: one process, the campaign's state and its durable chunks in one SQLite file (`node:sqlite`),
 * no server. The cluster is effect's `SingleRunner` (sharding with its mailboxes in SQL), the workflow engine effect's
 * `ClusterWorkflowEngine`, the limiter in memory.
 *
 * @since 0.2.0
 */
import type { ConfigError } from "effect/Config"
import * as ClusterWorkflowEngine from "effect/cluster/ClusterWorkflowEngine"
import * as SingleRunner from "effect/cluster/SingleRunner"
import * as Digest from "effect/crypto/Digest"
import * as Layer from "effect/Layer"
import type * as SqlClient from "effect/sql/SqlClient"
import type { WorkflowEngine } from "effect/workflow/WorkflowEngine"
import * as Campaign from "./Campaign.js"
import * as CampaignLimiter from "./CampaignLimiter.js"
import * as Sqlite from "./internal/sqlite.js"

/**
 * Options of {@link layer}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** The SQLite file (created if absent). `:memory:` keeps nothing across restarts. */
  readonly filename: string
}

/**
 * A `SqlClient` over a SQLite file (`node:sqlite`, WAL, `synchronous = NORMAL`: a killed process loses nothing that
 * was committed).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerSql = (options: Options): Layer.Layer<SqlClient.SqlClient> =>
  Sqlite.layer({ filename: options.filename })

/**
 * Everything a campaign needs but the WeChat Pay client, in one process over one SQLite file. The sends use the
 * clients in its context when it is built: `WechatPayClient` (代金券, 商家券, 商品券 partner API) and `WechatPayBrand`
 * (商品券 brand API); provide the ones your campaigns' targets take below it (`Layer.provideMerge`).
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<SqlClient.SqlClient | WorkflowEngine | CampaignLimiter.CampaignLimiter, ConfigError> =>
  Campaign.layerWorkflows.pipe(
    Layer.provideMerge(ClusterWorkflowEngine.layer),
    Layer.provide(SingleRunner.layer({ runnerStorage: "memory" })),
    Layer.provide(Digest.layerWebCrypto),
    Layer.provideMerge(CampaignLimiter.layerMemory),
    Layer.provideMerge(layerSql(options))
  )
