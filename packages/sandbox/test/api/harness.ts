import * as Http from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { NotificationStore, Notifications, type WechatPayClient } from "@effect-wechatpay/api"
import type { Scope } from "effect"
import { Cause, Effect, Exit, Ref } from "effect"
import { Sandbox, SandboxClient } from "../../src/index.js"

/** Keys and certificates shared by every sandbox of a test file (RSA generation is the slow part). */
export const material = await Effect.runPromise(Sandbox.generateMaterial())

/** Runs a program against a fresh sandbox with a client configured for it (undici transport). */
export const withSandbox =
  (options: SandboxClient.Options = {}) =>
  <A, E>(program: Effect.Effect<A, E, WechatPayClient | Sandbox.SandboxGateway | Scope.Scope>) =>
    Effect.scoped(
      Effect.provide(
        program,
        SandboxClient.layer({
          ...options,
          sandbox: { material, ...options.sandbox },
          client: { retry: { base: "5 millis" }, ...options.client }
        })
      )
    )

/** A valid 创建代金券批次 request for the sandbox's merchant. */
export const createRequest = (outRequestNo: string) => Sandbox.sampleCreateCouponStockRequest(outRequestNo)

/** The `nonce_str` of a recorded request's Authorization. */
export const nonceOf = (request: Sandbox.RecordedRequest): string =>
  /nonce_str="([^"]+)"/.exec(request.headers["authorization"] ?? "")?.[1] ?? ""

/** The requests the sandbox received for a path (certificate downloads excluded). */
export const requestsTo = (path: string) =>
  Effect.map(Sandbox.SandboxGateway, (sandbox) => sandbox.requests).pipe(
    Effect.flatten,
    Effect.map((all) => all.filter((r) => r.path === path))
  )

/**
 * An exit without the annotations effect 4 puts on a failure's cause (span stack frames): a typed failure becomes
 * `Exit.fail(error)`, so tests compare it with `toEqual(Exit.fail(…))`.
 */
export const plainExit = <A, E>(exit: Exit.Exit<A, E>): Exit.Exit<A, E> => {
  if (Exit.isSuccess(exit)) return exit
  const error = Cause.findErrorOption(exit.cause)
  return error._tag === "Some" ? Exit.fail(error.value) : exit
}

/**
 * The merchant's notify endpoint: a `Notifications.httpApp` on 127.0.0.1 (port 0) with an in-memory store and the
 * client of the test, recording each notification `handle` accepted; its notify URL (`https://`, which the sandbox
 * delivers over plain HTTP with `plainHttpNotifications`).
 */
export const receiver = <E = never, R = never>(
  handle: (notification: Notifications.Notification) => Effect.Effect<void, E, R> = () => Effect.void
) =>
  Effect.gen(function* () {
    const handled = yield* Ref.make<ReadonlyArray<Notifications.Notification>>([])
    const server = yield* Effect.orDie(NodeHttpServer.make(() => Http.createServer(), { port: 0, host: "127.0.0.1" }))
    yield* server
      .serve(
        Notifications.httpApp((notification) =>
          Effect.andThen(
            handle(notification),
            Ref.update(handled, (all) => [...all, notification])
          )
        )
      )
      .pipe(Effect.provide(NotificationStore.layerMemory()))
    const address = server.address
    if (address._tag !== "InetAddressV4") return yield* Effect.die(new Error("expected an IPv4 address"))
    return { url: `https://127.0.0.1:${address.port}/wechatpay/notify`, handled: Ref.get(handled) }
  })

/** Every wait is bounded: polls `read` until `done`, dying after 10 s. */
export const eventually = <A, E, R>(read: Effect.Effect<A, E, R>, done: (a: A) => boolean) =>
  Effect.gen(function* () {
    const deadline = Date.now() + 10_000
    for (;;) {
      const value = yield* read
      if (done(value)) return value
      if (Date.now() > deadline) return yield* Effect.die(new Error(`timed out; last value ${JSON.stringify(value)}`))
      yield* Effect.sleep("10 millis")
    }
  })
