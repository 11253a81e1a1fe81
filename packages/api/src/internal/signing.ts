/**
 * What the client knows of a `SigningPool`: the tag's key (so the client can look for a pool without loading the
 * pool's module), and how it hands a merchant's key to one. The pool itself is `internal/signingPool.ts`, loaded only
 * by the `SigningPool` entry module.
 */
import * as MerchantSigner from "@effect-wechatpay/crypto/MerchantSigner"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"

/** The `SigningPool` tag's key. */
export const TAG_KEY = "@effect-wechatpay/api/SigningPool"

/**
 * Signs a message (the five-line string of `MerchantSigner.message`) on a worker: the standard Base64 RSA
 * signature. Fails with `undefined` when no worker answered within `timeoutMillis` (the exchange's timeout
 * convention), or with a `SigningPoolError`.
 */
export type RemoteSign = (message: string, timeoutMillis: number) => Effect.Effect<string, unknown>

/** A pool's side of the client: registers a private key with every worker, once, for the scope's lifetime. */
export interface Backend {
  readonly register: (privateKey: Redacted.Redacted<string>) => Effect.Effect<RemoteSign, never, Scope.Scope>
}

const backends = new WeakMap<object, Backend>()

/** Attaches the backend to a pool's service value (the service's public face stays free of it). */
export const attach = <S extends object>(service: S, backend: Backend): S => {
  backends.set(service, backend)
  return service
}

const Pool = Context.GenericTag<object>(TAG_KEY)

/**
 * The Authorization of one attempt made on a pool: the same message and header as `MerchantSigner.authorizeAt`, the
 * RSA signature made on a worker thread.
 */
export type PooledAuthorize = (
  request: MerchantSigner.SignableRequest,
  timestamp: number,
  nonce: string,
  timeoutMillis: number
) => Effect.Effect<string, unknown>

/**
 * When the context holds a `SigningPool`: registers the merchant's key with its workers (once, for the client's
 * scope) and returns the pooled authorize; otherwise `undefined` (signing stays inline).
 */
export const pooledAuthorize = (
  signer: Pick<MerchantSigner.MerchantSigner, "mchid" | "serialNumber">,
  privateKey: Redacted.Redacted<string>
): Effect.Effect<PooledAuthorize | undefined, never, Scope.Scope> =>
  Effect.flatMap(Effect.serviceOption(Pool), (pool) => {
    const backend = Option.isSome(pool) ? backends.get(pool.value) : undefined
    if (backend === undefined) return Effect.succeed(undefined)
    const { mchid, serialNumber } = signer
    return Effect.map(
      backend.register(privateKey),
      (sign): PooledAuthorize =>
        (request, timestamp, nonce, timeoutMillis) =>
          Effect.map(sign(MerchantSigner.message(request, timestamp, nonce), timeoutMillis), (signature) =>
            MerchantSigner.authorizationHeader({ mchid, nonce, timestamp, serialNumber, signature })
          )
    )
  })
