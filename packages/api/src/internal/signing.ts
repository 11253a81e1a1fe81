/**
 * The `SigningPool` service as the client sees it: its tag (defined here, so that the client looks for a pool
 * without loading the pool's module and its worker threads) and how a merchant's key is handed to it. The pool
 * itself is `internal/signingPool.ts`, loaded only by the `SigningPool` module.
 */
import * as MerchantSigner from "@effect-wechatpay/crypto/MerchantSigner"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type { SigningPoolError } from "./signingPool.js"
import type { AttemptTimeoutError } from "./transport.js"

/**
 * Signs a message (the five-line string of `MerchantSigner.message`) on a worker: the standard Base64 RSA signature.
 * Fails with `AttemptTimeoutError` when no worker answered within `timeoutMillis`, or with a `SigningPoolError`.
 */
export type RemoteSign = (
  message: string,
  timeoutMillis: number
) => Effect.Effect<string, SigningPoolError | AttemptTimeoutError>

/** Counters of a pool. */
export interface Stats {
  /** Signatures made by the workers. */
  readonly signed: number
  /** Requests being signed now. */
  readonly inFlight: number
  /** Workers that exited while the pool was open (each one started again). */
  readonly restarts: number
}

/** What a `SigningPool` offers. */
export interface Service {
  /** How many worker threads sign. */
  readonly size: number
  /** The pool's counters now. */
  readonly stats: Effect.Effect<Stats>
  /**
   * Hands a merchant's private key to every worker, once, for the scope's lifetime (a worker started after a crash
   * gets it again); the result signs with it. A WeChat Pay client built with a pool in its context calls this.
   */
  readonly register: (privateKey: Redacted.Redacted<string>) => Effect.Effect<RemoteSign, never, Scope.Scope>
}

/** The `SigningPool` service tag. */
export class SigningPool extends Context.Service<SigningPool, Service>()("@effect-wechatpay/api/SigningPool") {}

/**
 * The Authorization of one attempt made on a pool: the same message and header as `MerchantSigner.authorizeAt`, the
 * RSA signature made on a worker thread.
 */
export type PooledAuthorize = (
  request: MerchantSigner.SignableRequest,
  timestamp: number,
  nonce: string,
  timeoutMillis: number
) => Effect.Effect<string, SigningPoolError | AttemptTimeoutError>

/**
 * When the context holds a `SigningPool`: registers the merchant's key with its workers (once, for the client's
 * scope) and returns the pooled authorize; otherwise `undefined` (signing stays inline).
 */
export const pooledAuthorize = (
  signer: Pick<MerchantSigner.MerchantSigner, "mchid" | "serialNumber">,
  privateKey: Redacted.Redacted<string>
): Effect.Effect<PooledAuthorize | undefined, never, Scope.Scope> =>
  Effect.flatMap(Effect.serviceOption(SigningPool), (pool) => {
    if (pool._tag === "None") return Effect.succeed(undefined)
    const { mchid, serialNumber } = signer
    return Effect.map(
      pool.value.register(privateKey),
      (sign): PooledAuthorize =>
        (request, timestamp, nonce, timeoutMillis) =>
          Effect.map(sign(MerchantSigner.message(request, timestamp, nonce), timeoutMillis), (signature) =>
            MerchantSigner.authorizationHeader({ mchid, nonce, timestamp, serialNumber, signature })
          )
    )
  })
