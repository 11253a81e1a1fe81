/**
 * 签名线程池: signs requests on worker threads, for bulk work (a campaign sending thousands of coupons) on a machine
 * with cores to spare. Provide `SigningPool.layer()` beside the `HttpClient` and every client built in its reach
 * signs there; without it (the default) signing stays inline, on the event loop, at no cost.
 *
 * Each request's RSA signature (SHA256 with RSA, about 0.3–0.4 ms of CPU for a 2048-bit key) is made on a worker
 * thread; the event loop keeps the message passing (about 15–70 µs) and everything else a call does. The
 * `Authorization` is the one `MerchantSigner` makes inline: same message, same header, the signature made the same
 * way. It pays where the event loop is the bottleneck and the worker threads have cores of their own; on a machine
 * without spare cores it costs more than it saves: see "Signing on worker threads" in `docs/performance.md` for the
 * measurement and the crossover point.
 *
 * - **The private key** goes to each worker once, when a client is built (`WechatPay.make` registers it), never per
 *   request; it is never put in an error, a log or a span. The workers start with an empty environment.
 * - **A worker that crashes** is started again; what it was signing goes to another worker, once. Every request stays
 *   bounded by the client's timeout, and a failure is a `TransportError` (nothing was sent), never a hang.
 * - **Scoped**: the workers are terminated when the layer's scope closes. They never keep the process alive.
 * - **Node's permission model**: starting worker threads needs `--allow-worker`; without it building the layer
 *   fails with `SigningPoolError` `Spawn`, never a call.
 * - **Its own entry module** (`@effect-wechatpay/api/SigningPool`, not re-exported by the package index): an
 *   application that does not use it never loads it. It needs no dependency beyond Node's `worker_threads`.
 *
 * @example
 * ```ts
 * import { NodeTransport, WechatPay } from "@effect-wechatpay/api"
 * import * as SigningPool from "@effect-wechatpay/api/SigningPool"
 * import { Layer } from "effect"
 *
 * declare const options: WechatPay.Options
 *
 * // Two signing threads for a bulk campaign; every client built with this layer signs there.
 * const WechatPayLive = WechatPay.layer(options).pipe(
 *   Layer.provide(Layer.merge(NodeTransport.layer(), SigningPool.layer({ size: 2 })))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type { Service } from "./internal/signing.js"
import { SigningPool } from "./internal/signing.js"
import type { SigningPoolError } from "./internal/signingPool.js"
import * as internal from "./internal/signingPool.js"

export type {
  /**
   * A running signing pool: its size, its counters, and `register`, which a client built where the pool is provided
   * calls once with its merchant's private key (the key goes to every worker then, and again only to a worker
   * started after a crash); the function it returns signs on the workers. An application has nothing to call but
   * the counters.
   *
   * @since 0.1.0
   * @category models
   */
  Service,
  /**
   * What a pool has done so far, for monitoring: signatures made, requests being signed, workers restarted.
   *
   * @since 0.1.0
   * @category models
   */
  Stats
} from "./internal/signing.js"
export {
  /**
   * The signing pool tag: `WechatPay.make` looks it up (`Effect.serviceOption`), so providing it is all it takes. It
   * is defined beside the client (`internal/signing.ts`), so a client looks for a pool without loading this module.
   *
   * @since 0.1.0
   * @category tags
   */
  SigningPool
} from "./internal/signing.js"

export {
  /**
   * The pool failed: no worker could be started (`Spawn`: building the layer fails with it), workers exited twice
   * while signing one request (`WorkerExited`), a worker could not sign (`SignFailed`), or the pool's scope was
   * closed (`Closed`). An endpoint call sees these as a `TransportError`, whose message names them (nothing was
   * sent). The message never carries key material.
   *
   * @since 0.1.0
   * @category errors
   */
  SigningPoolError
} from "./internal/signingPool.js"

/**
 * Options of {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * How many worker threads sign; default one per core but one (`os.availableParallelism() - 1`, at least 1), the
   * one left being the event loop's.
   */
  readonly size?: number | undefined
}

/**
 * Starts the workers (waiting until each listens: one that cannot start fails this with `SigningPoolError`
 * `Spawn`); the scope terminates them.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, SigningPoolError, Scope.Scope> =>
  Effect.map(
    internal.make({ size: options.size }),
    (pool): Service => ({ size: pool.size, stats: pool.stats, register: pool.register })
  )

/**
 * The pool as a Layer: provide it beside the `HttpClient` of the clients that should sign on it (one pool can serve
 * several merchants' clients; each registers its own key).
 *
 * @example
 * ```ts
 * import { Busifavor, NodeTransport, WechatPay } from "@effect-wechatpay/api"
 * import * as SigningPool from "@effect-wechatpay/api/SigningPool"
 * import { Effect, Layer } from "effect"
 *
 * const WechatPayLive = WechatPay.layerConfig().pipe(
 *   Layer.provide(Layer.merge(NodeTransport.layer(), SigningPool.layer({ size: 3 })))
 * )
 *
 * const program = Busifavor.queryStock({ stock_id: "1212" }).pipe(Effect.provide(WechatPayLive))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<SigningPool, SigningPoolError> =>
  Layer.effect(SigningPool, make(options))
