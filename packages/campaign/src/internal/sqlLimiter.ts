/**
 * A campaign limiter held in PostgreSQL, shared by every runner: one row per key (an endpoint) holding the next free
 * send slot on the server's clock. Taking a slot is one statement (an upsert that moves the row's next slot on by one
 * interval and answers how long to wait), so the runners together never start sends closer than one interval apart,
 * whatever their number. There is no burst: a token bucket of `requests` per second lets `requests` go at once and as
 * many again during that second, twice the limit in a one-second window; evenly spaced slots never do.
 *
 * The interval is `(per + guard) / requests`: the `guard` (default 100 ms) absorbs the jitter between the moment a
 * runner's slot comes and the moment its request reaches WeChat Pay (a runner's event loop, the network), so that the
 * requests counted at the server's end over any window of `per` stay within `requests` while that jitter is under the
 * guard. A runner that wakes up for its slot more than half the guard (at least 5 ms) late gives the slot up and
 * takes the next one, so its event loop's hiccups are not passed on as a burst. A pause after FREQUENCY_LIMITED or
 * 429 moves the shared slot, so every runner slows down, not only the one that was answered.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { defaultSlowDown, type Service } from "../CampaignLimiter.js"

/** @internal */
export const table = "wechatpay_campaign_limiter"

/** Creates the limiter's table if it does not exist. @internal */
export const migrate: Effect.Effect<void, SqlError, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE IF NOT EXISTS wechatpay_campaign_limiter (
    key TEXT PRIMARY KEY,
    next_at DOUBLE PRECISION NOT NULL,
    interval_ms DOUBLE PRECISION NOT NULL,
    second BIGINT NOT NULL,
    taken INTEGER NOT NULL,
    taken_before INTEGER NOT NULL
  )`
})

/** @internal */
export const defaultGuard: Duration.Duration = Duration.millis(100)

const nowMs = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::double precision"

/** The limiter over the current `SqlClient` (PostgreSQL). @internal */
export const make = (options?: {
  readonly guard?: Duration.Input | undefined
}): Effect.Effect<Service, never, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const guardMs = Duration.toMillis(Duration.fromInputUnsafe(options?.guard ?? defaultGuard))
    const now = sql.literal(nowMs)
    const lateness = Math.max(guardMs / 2, 5)
    // The server's clock minus this process's, from the round trip of least delay among a few (re-measured every
    // minute): slots are times on the server's clock, which the runners share.
    const measure = Effect.gen(function* () {
      let best = Number.POSITIVE_INFINITY
      let measured = 0
      for (let i = 0; i < 5; i++) {
        const before = Date.now()
        const [row] = yield* sql<{ readonly now_ms: number }>`SELECT ${now} AS now_ms`
        const after = Date.now()
        if (after - before < best) {
          best = after - before
          measured = Number(row?.now_ms ?? 0) - (before + after) / 2
        }
      }
      return measured
    })
    let clockOffset = yield* measure.pipe(Effect.orElseSucceed(() => 0))
    let measuredAt = Date.now()
    const offset = Effect.suspend(() =>
      Date.now() - measuredAt < 60_000
        ? Effect.succeed(clockOffset)
        : measure.pipe(
            Effect.tap((measured) =>
              Effect.sync(() => {
                clockOffset = measured
                measuredAt = Date.now()
              })
            )
          )
    )
    return {
      take: (key, rate) =>
        Effect.gen(function* () {
          const perMs = Duration.toMillis(Duration.fromInputUnsafe(rate.per))
          const interval = (perMs + guardMs) / Math.max(1, rate.requests)
          // The slot is GREATEST(next_at, now): an idle limiter gives the next send at once, a busy one the slot after
          // the last one given. `second`/`taken`/`taken_before` count the slots of the last two seconds (currentRate).
          // The clock is read after the row lock is taken (in SET and RETURNING, not once before the statement waits
          // for the lock): a statement that waited behind the other runners' must not compute its wait from a stale
          // "now", which would wake it late by that much and bunch it up with the next send.
          const slot = sql.literal(`GREATEST(l.next_at, ${nowMs})`)
          const rows = yield* sql<{ readonly slot: number }>`
            INSERT INTO wechatpay_campaign_limiter AS l (key, next_at, interval_ms, second, taken, taken_before)
            VALUES (${key}, ${now} + ${interval}::double precision, ${interval}::double precision,
              floor(${now} / 1000)::bigint, 1, 0)
            ON CONFLICT (key) DO UPDATE SET
              next_at = ${slot} + EXCLUDED.interval_ms,
              interval_ms = EXCLUDED.interval_ms,
              second = floor(${slot} / 1000)::bigint,
              taken = CASE WHEN floor(${slot} / 1000)::bigint = l.second THEN l.taken + 1 ELSE 1 END,
              taken_before = CASE
                WHEN floor(${slot} / 1000)::bigint = l.second THEN l.taken_before
                WHEN floor(${slot} / 1000)::bigint = l.second + 1 THEN l.taken
                ELSE 0 END
            RETURNING next_at - interval_ms AS slot`
          // The slot on this process's clock: whatever delayed the answer (the pool, the row lock, this event loop)
          // counts against the slot, not after it.
          const due = Number(rows[0]?.slot ?? 0) - (yield* offset)
          const wait = due - Date.now()
          if (wait > 0) yield* Effect.sleep(Duration.millis(wait))
          return Date.now() - due <= lateness
        }).pipe(
          Effect.orDie,
          // A slot this process reached too late (a busy event loop, a pause) is given up and the next one taken: sends
          // released late would bunch up with the ones due after them.
          Effect.repeat({ until: (inTime) => inTime }),
          Effect.asVoid
        ),
      slowDown: (key, retryAfter) =>
        Effect.gen(function* () {
          const pause = Duration.toMillis(retryAfter ?? defaultSlowDown)
          yield* sql`UPDATE wechatpay_campaign_limiter SET next_at = GREATEST(next_at, ${now} + ${pause}::double precision)
            WHERE key = ${key}`
        }).pipe(Effect.orDie),
      currentRate: (key) =>
        Effect.gen(function* () {
          const rows = yield* sql<{
            readonly second: number | string
            readonly taken: number
            readonly taken_before: number
            readonly interval_ms: number
            readonly now_second: number | string
          }>`SELECT second, taken, taken_before, interval_ms, floor(${now} / 1000)::bigint AS now_second
            FROM wechatpay_campaign_limiter WHERE key = ${key}`
          const row = rows[0]
          if (row === undefined) return 0
          const second = Number(row.second)
          const current = Number(row.now_second)
          // The slots of the last complete second; slots booked ahead mean the limiter runs at its full rate.
          if (second > current) return Math.floor(1000 / Number(row.interval_ms))
          if (second === current) return Number(row.taken_before)
          if (second === current - 1) return Number(row.taken)
          return 0
        }).pipe(Effect.orElseSucceed(() => 0))
    } satisfies Service
  })
