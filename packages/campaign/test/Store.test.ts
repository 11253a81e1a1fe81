import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Embedded } from "@effect-wechatpay/campaign"
import { Effect } from "effect"
import * as SqlClient from "effect/sql/SqlClient"
import * as Store from "../src/internal/store.js"
import * as T from "./support.js"

const plan = (campaignId: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ readonly detail: string }>`EXPLAIN QUERY PLAN ${Store.statusCounts(sql, campaignId)}`
    return rows.map((row) => row.detail).join("\n")
  })

describe("Store", () => {
  // Campaign.status counts every user of a campaign by status and error tag. Over the (campaign_id, status) index
  // SQLite read each of 1,000,000 rows from the table (2.8–3.9 s, holding the embedded mode's one connection); an
  // index that also holds error_tag answers from the index alone (0.3 s).
  it.effect("the status counts are answered from a covering index", () =>
    Effect.gen(function* () {
      yield* Store.migrate
      expect(yield* plan("c")).toMatch(/USING COVERING INDEX/)
    }).pipe(Effect.provide(Embedded.layerSql({ filename: Path.join(T.tempDir(), "store.db") })))
  )

  it.effect("a database made before the covering index is migrated to it, and its old index dropped", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* Store.migrate
      yield* sql`CREATE INDEX IF NOT EXISTS wechatpay_campaign_user_status ON wechatpay_campaign_user (campaign_id, status)`
      yield* Store.migrate
      const indexes = yield* sql<{ readonly name: string }>`PRAGMA index_list(wechatpay_campaign_user)`
      expect(indexes.map((index) => index.name)).not.toContain("wechatpay_campaign_user_status")
      expect(yield* plan("c")).toMatch(/USING COVERING INDEX/)
    }).pipe(Effect.provide(Embedded.layerSql({ filename: Path.join(T.tempDir(), "store.db") })))
  )
})
