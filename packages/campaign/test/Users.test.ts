import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Campaign, Embedded, Users } from "@effect-wechatpay/campaign"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Effect, Layer, Stream } from "effect"
import * as SqlClient from "effect/sql/SqlClient"
import * as T from "./support.js"

const csvFile = (text: string) => {
  const file = Path.join(T.tempDir(), "users.csv")
  Fs.writeFileSync(file, text)
  return file
}

const malformedCsv = [
  "openid,name",
  "o-user-0,Ann",
  "o-user-1,Bob,extra",
  "o user 2,Cy",
  ",Dee",
  'o-user-4,"Ed"x',
  "",
  "o-user-5,Flo",
  "o-user-0,Ann again",
  "o-user-6,Gus",
  'o-user-7,"unterminated',
  "o-user-8,Hal"
].join("\n")

describe("Users", () => {
  it.effect("a CSV file: users with their line numbers, malformed lines reported with theirs, nothing stops", () =>
    Effect.gen(function* () {
      const entries = yield* Stream.runCollect(Users.csv(csvFile(malformedCsv)))
      expect(entries.map((entry) => [entry._tag, entry.line])).toEqual([
        ["User", 2],
        ["Malformed", 3],
        ["Malformed", 4],
        ["Malformed", 5],
        ["Malformed", 6],
        ["User", 8],
        ["User", 9],
        ["User", 10],
        ["Malformed", 11],
        ["User", 12]
      ])
      const reasons = entries.flatMap((entry) => (entry._tag === "Malformed" ? [entry.reason] : []))
      expect(reasons[0]).toBe("3 fields where the file has 2")
      expect(reasons[1]).toMatch(/^not an openid/)
      expect(reasons[2]).toBe("no openid")
      expect(reasons[3]).toMatch(/^not CSV: /)
    })
  )

  it.effect("a missing file or a header without the column is a UserSourceError", () =>
    Effect.gen(function* () {
      const missing = yield* Effect.flip(Stream.runCollect(Users.csv("/nonexistent/users.csv")))
      expect(missing._tag).toBe("UserSourceError")
      const noColumn = yield* Effect.flip(Stream.runCollect(Users.csv(csvFile("id,name\n1,a\n"))))
      expect(noColumn.message).toMatch(/the header has no column "openid"/)
    })
  )

  it.effect("a Stream and a SQL query", () =>
    Effect.gen(function* () {
      const fromStream = yield* Stream.runCollect(Users.fromStream(Stream.make("o-a", "bad one", "o-b")))
      expect(fromStream.map((entry) => [entry._tag, entry.line])).toEqual([
        ["User", 1],
        ["Malformed", 2],
        ["User", 3]
      ])
      const sql = yield* SqlClient.SqlClient
      yield* sql`CREATE TABLE members (openid TEXT, joined INTEGER)`
      yield* sql`INSERT INTO members VALUES ('o-x', 2), ('o-y', 1), (NULL, 3)`
      const fromSql = yield* Stream.runCollect(Users.fromSql((sql) => sql`SELECT openid FROM members ORDER BY joined`))
      expect(fromSql.map((entry) => (entry._tag === "User" ? entry.openid : `malformed ${entry.line}`))).toEqual([
        "o-y",
        "o-x",
        "malformed 3"
      ])
    }).pipe(Effect.provide(Embedded.layerSql({ filename: ":memory:" })))
  )

  it.live(
    "a campaign over a CSV file with malformed lines sends every valid user once and reports the lines",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9900010", 100)
        const progress = yield* Campaign.run({
          id: "csv",
          target: Campaign.busifavor({ stockId: "9900010", appid: Sandbox.defaults.appid }),
          users: Users.csv(csvFile(malformedCsv))
        })
        expect(progress).toMatchObject({ status: "completed", listed: 4, sent: 4, duplicates: 1, malformed: 5 })
        const report = (yield* Stream.runCollect(Campaign.report("csv", "jsonl"))).map((line) => JSON.parse(line))
        expect(report.map((line) => [line.line, line.status])).toEqual([
          [2, "sent"],
          [8, "sent"],
          [10, "sent"],
          [12, "sent"],
          [3, "malformed"],
          [4, "malformed"],
          [5, "malformed"],
          [6, "malformed"],
          [11, "malformed"]
        ])
      }).pipe(
        Effect.provide(
          Embedded.layer({ filename: Path.join(T.tempDir(), "c.db") }).pipe(Layer.provideMerge(SandboxClient.layer()))
        )
      ),
    120_000
  )
})
