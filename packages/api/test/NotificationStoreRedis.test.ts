/**
 * `NotificationStore.layerRedis` against a real Redis server that the test starts (redis-server on a Unix socket in
 * a temporary directory), over node-redis through `NodeRedis.layer`: the claim contract, and two app instances —
 * each its own HTTP server and its own Redis connection, as two processes behind one load balancer — sharing it.
 * `.ci/run` installs redis-server. Outside CI, a machine without it skips these tests (and says so); in CI (CI=true) a
 * missing server fails them.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { NodeRedis } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Context, Deferred, Duration, Effect, Layer, Ref } from "effect"
import { Redis } from "effect/persistence"
import * as NotificationStore from "../src/NotificationStore.js"
import type * as Notifications from "../src/Notifications.js"
import { layer, signSend } from "./notificationFixtures.js"
import { effectServer, post } from "./notificationServers.js"

const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0

/** A redis-server of our own on a Unix socket, stopped (and its directory removed) with the layer. */
class RedisServer extends Context.Service<RedisServer, { readonly socket: string }>()("test/RedisServer") {}

const RedisServerLive = Layer.effect(
  RedisServer,
  Effect.acquireRelease(
    Effect.callback<{ readonly socket: string; readonly process: ChildProcess; readonly dir: string }, Error>(
      (resume) => {
        const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "wechatpay-redis-"))
        const socket = Path.join(dir, "redis.sock")
        const child = spawn(
          "redis-server",
          ["--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--save", "", "--appendonly", "no"],
          { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }
        )
        let output = ""
        const onData = (chunk: Buffer) => {
          output += chunk.toString()
          if (/ready to accept connections/i.test(output)) {
            child.stdout?.off("data", onData)
            resume(Effect.succeed({ socket, process: child, dir }))
          }
        }
        child.stdout?.on("data", onData)
        child.on("error", (error) => resume(Effect.fail(error)))
        child.on("exit", (code) => resume(Effect.fail(new Error(`redis-server exited (${code}): ${output}`))))
      }
    ).pipe(Effect.timeout("20 seconds")),
    (server) =>
      Effect.callback<void>((resume) => {
        server.process.once("exit", () => {
          Fs.rmSync(server.dir, { recursive: true, force: true })
          resume(Effect.void)
        })
        server.process.kill("SIGTERM")
      })
  ).pipe(
    Effect.map(({ socket }) => ({ socket })),
    Effect.orDie
  )
)

/** A connection of its own (one per app instance), closed with the scope. */
const connect = Effect.gen(function* () {
  const { socket } = yield* RedisServer
  const context = yield* Layer.build(NodeRedis.layer({ socket: { path: socket } }))
  return Context.get(context, Redis.Redis)
})

const storeOn = (redis: Redis.Redis["Service"], prefix: string) =>
  NotificationStore.makeRedis(redis, { prefix, ttl: "25 hours" })

// Outside CI a machine without redis-server skips these; CI (CI=true) installs it (.ci/run), so there a missing
// server fails them instead of passing silently.
describe.skipIf(!hasRedisServer && process.env.CI !== "true")(
  "NotificationStore.layerRedis on a real Redis server (skipped without redis-server)",
  () => {
    it.layer(RedisServerLive, { timeout: 30_000, excludeTestServices: true })((it) => {
      it.effect("the claim contract: SET NX PX, compare-and-delete release, recorded keys expire on the server", () =>
        Effect.gen(function* () {
          const redis = yield* connect
          const store = yield* storeOn(redis, "contract:")
          const lease = Duration.millis(300)
          expect(yield* store.claim("EV-C", "delivery-1", lease)).toBe("Claimed")
          expect(yield* store.claim("EV-C", "delivery-2", lease)).toBe("Busy")
          yield* store.release("EV-C", "delivery-2")
          expect(yield* store.claim("EV-C", "delivery-3", lease)).toBe("Busy")
          yield* store.release("EV-C", "delivery-1")
          expect(yield* store.claim("EV-C", "delivery-4", lease)).toBe("Claimed")
          yield* store.record("EV-C")
          yield* store.release("EV-C", "delivery-4")
          expect(yield* store.has("EV-C")).toBe(true)
          expect(yield* store.claim("EV-C", "delivery-5", lease)).toBe("Handled")
          // What is on the server: the record expires by itself after the TTL.
          expect(yield* redis.send("GET", "contract:EV-C")).toBe("done")
          const ttl = Number(yield* redis.send("PTTL", "contract:EV-C"))
          expect(ttl).toBeGreaterThan(25 * 3600 * 1000 - 60_000)
          expect(ttl).toBeLessThanOrEqual(25 * 3600 * 1000)
          // A claim whose holder died expires with its lease.
          expect(yield* store.claim("EV-D", "dead-instance", lease)).toBe("Claimed")
          expect(yield* redis.send("GET", "contract:EV-D")).toBe("claim:dead-instance")
          expect(yield* store.claim("EV-D", "delivery-6", lease)).toBe("Busy")
          yield* Effect.sleep("400 millis")
          expect(yield* store.claim("EV-D", "delivery-6", lease)).toBe("Claimed")
        })
      )

      it.effect("concurrent claims of one id from two connections: one wins", () =>
        Effect.gen(function* () {
          const stores = [yield* storeOn(yield* connect, "race:"), yield* storeOn(yield* connect, "race:")]
          const claims = yield* Effect.forEach(
            Array.from({ length: 32 }, (_, i) => i),
            (i) => stores[i % 2]!.claim("EV-RACE", `delivery-${i}`, Duration.seconds(8)),
            { concurrency: "unbounded" }
          )
          expect(claims.filter((claim) => claim === "Claimed").length).toBe(1)
        })
      )

      it.effect(
        "two app instances over one Redis, each with its own server and connection: the handler runs once",
        () =>
          Effect.gen(function* () {
            const calls = yield* Ref.make<ReadonlyArray<string>>([])
            const handle = (notification: Notifications.Notification) =>
              Effect.andThen(
                Ref.update(calls, (all) => [...all, notification.id]),
                Effect.sleep("50 millis")
              )
            const instance = Effect.gen(function* () {
              const store = yield* storeOn(yield* connect, "two:")
              return yield* effectServer(handle).pipe(Effect.provideService(NotificationStore.NotificationStore, store))
            })
            const origins = [yield* instance, yield* instance]
            const ids = Array.from({ length: 8 }, (_, i) => `EV-LB-${i}`)
            const deliveries = yield* Effect.forEach(ids, (id) =>
              Effect.map(Effect.all([signSend({ id }), signSend({ id })]), ([a, b]) => [
                [origins[0]!, a] as const,
                [origins[1]!, b] as const
              ])
            )
            const answers = yield* Effect.forEach(deliveries.flat(), ([origin, delivery]) => post(origin, delivery), {
              concurrency: "unbounded"
            })
            expect(answers.map((a) => a.status)).toEqual(ids.flatMap(() => [204, 204]))
            expect([...(yield* Ref.get(calls))].sort()).toEqual(ids)
          }).pipe(Effect.provide(layer))
      )

      it.effect(
        "an instance stuck in its handler: 500 at the budget; once its claim expires another instance runs it",
        () =>
          Effect.gen(function* () {
            const calls = yield* Ref.make<ReadonlyArray<string>>([])
            const gate = yield* Deferred.make<void>()
            // Instance A's handler hangs and cannot be interrupted (a blocking driver call, say).
            const stuck = (notification: Notifications.Notification) =>
              Effect.andThen(
                Ref.update(calls, (all) => [...all, `A:${notification.id}`]),
                Effect.uninterruptible(Deferred.await(gate))
              )
            const healthy = (notification: Notifications.Notification) =>
              Ref.update(calls, (all) => [...all, `B:${notification.id}`])
            const instance = (handle: (n: Notifications.Notification) => Effect.Effect<void>, timeout: string) =>
              Effect.gen(function* () {
                const store = yield* storeOn(yield* connect, "stuck:")
                return yield* effectServer(handle, { timeout: timeout as Duration.Input }).pipe(
                  Effect.provideService(NotificationStore.NotificationStore, store)
                )
              })
            // A's budget is 1 s, so its claim lasts 2 s; B answers within 200 ms.
            const a = yield* instance(stuck, "1 second")
            const b = yield* instance(healthy, "200 millis")
            // Run first (finalizers run last-in first-out): A's handler ends, and releases its claim, before the
            // servers and connections close.
            yield* Effect.addFinalizer(() =>
              Effect.andThen(Deferred.succeed(gate, undefined), Effect.sleep("200 millis"))
            )
            const [first, second, third] = yield* Effect.all([
              signSend({ id: "EV-STUCK-A" }),
              signSend({ id: "EV-STUCK-A" }),
              signSend({ id: "EV-STUCK-A" })
            ])
            const started = performance.now()
            expect((yield* post(a, first)).status).toBe(500)
            // At A's budget, without waiting for its handler.
            expect(performance.now() - started).toBeGreaterThanOrEqual(990)
            expect(performance.now() - started).toBeLessThan(1800)
            // Within A's claim: B waits its own budget, then asks for a redelivery.
            expect((yield* post(b, second)).status).toBe(500)
            expect(performance.now() - started).toBeLessThan(1990)
            // A's claim has expired: the redelivery runs B's handler.
            yield* Effect.sleep(Duration.millis(Math.max(0, 2300 - (performance.now() - started))))
            expect((yield* post(b, third)).status).toBe(204)
            expect(yield* Ref.get(calls)).toEqual(["A:EV-STUCK-A", "B:EV-STUCK-A"])
          }).pipe(Effect.provide(layer))
      )
    })
  }
)
