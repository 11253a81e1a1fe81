import type { WechatPayClient } from "@effect-wechatpay/api"
import type { Scope } from "effect"
import { Cause, Effect, Exit } from "effect"
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
