/**
 * The signing pool: `node:worker_threads` workers that hold the merchants' private keys (each key handed to every
 * worker once, when a client registers it, and again only to a worker started after a crash) and make the RSA
 * signatures, so that the event loop keeps only the message passing.
 *
 * Why bare `postMessage` and not effect's workers: measured on the main thread (the only thread this pool is for;
 * docs/performance.md, "Signing alone"), a signature costs the event loop 28–40 µs through the bare round trip below,
 * 57–73 µs through effect 4's worker RPC (`RpcClient` over `layerProtocolWorker` and `NodeWorker`; `effect/workers`
 * has no pool of its own) and about 270 µs signed inline. Effect's way would also need `@effect/platform-node`'s
 * `NodeWorker`, a dependency this package does not have.
 */
import * as Os from "node:os"
import { Worker } from "node:worker_threads"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type { RemoteSign, Service, Stats } from "./signing.js"
import { AttemptTimeoutError } from "./transport.js"
import { marked } from "./typeId.js"

/**
 * The pool failed: no worker could be started (`Spawn`), workers exited twice while signing one request
 * (`WorkerExited`), a worker could not sign (`SignFailed`), or the pool's scope was closed (`Closed`). An endpoint
 * call sees it as a `TransportError` (nothing was sent); building `SigningPool.layer` fails with it (`Spawn`). The
 * message never carries key material.
 */
export class SigningPoolError extends Schema.TaggedError<SigningPoolError>("@effect-wechatpay/api/SigningPoolError")(
  "SigningPoolError",
  {
    reason: Schema.Literals(["Spawn", "WorkerExited", "SignFailed", "Closed"]),
    message: Schema.String
  }
) {}
marked(SigningPoolError)

/**
 * The worker, as CommonJS source on Node's builtins only, started with `eval: true`: no file to resolve, so the pool
 * works the same from the published `dist/`, from the sources under tsx or vitest, and inside an application's
 * bundle. Requests: `[0, id, keyId, message]` signs, `[1, keyId, pem]` registers a key, `[2, keyId]` drops it.
 * Answers: `[-1]` once, when it listens; then `[id, 0, signature]`, `[id, 1]` (no such key), `[id, 2]` (signing
 * threw). The signature is made exactly as
 * `MerchantSigner`'s `sign` makes it: SHA256 with RSA (PKCS#1 v1.5) over the message's UTF-8 bytes, standard Base64.
 */
export const WORKER_SOURCE = `"use strict";
const { parentPort } = require("node:worker_threads");
const { createPrivateKey, sign } = require("node:crypto");
const keys = new Map();
parentPort.on("message", (m) => {
  if (m[0] === 0) {
    const key = keys.get(m[2]);
    let signature;
    if (key !== undefined) {
      try {
        signature = sign("sha256", Buffer.from(m[3], "utf8"), key).toString("base64");
      } catch {}
    }
    parentPort.postMessage(signature === undefined ? [m[1], key === undefined ? 1 : 2] : [m[1], 0, signature]);
  } else if (m[0] === 1) {
    try {
      keys.set(m[1], createPrivateKey({ key: m[2], format: "pem" }));
    } catch {
      keys.delete(m[1]);
    }
  } else if (m[0] === 2) {
    keys.delete(m[1]);
  }
});
parentPort.postMessage([-1]);
`

/** A worker that fails to start this many times in a row (never answering) is not started again. */
const MAX_START_FAILURES = 3

/** The longest delay `setTimeout` can hold. */
const MAX_TIMER_MILLIS = 2 ** 31 - 1

interface Slot {
  worker: Worker | undefined
  readonly inFlight: Map<number, Pending>
  /** Whether the current worker said it listens: a crash after that is not a start-up failure. */
  ready: boolean
  /** Start-up failures in a row. */
  failures: number
}

interface Pending {
  readonly id: number
  readonly keyId: number
  readonly message: string
  readonly resume: (effect: Effect.Effect<string, SigningPoolError | AttemptTimeoutError>) => void
  timer: ReturnType<typeof setTimeout> | undefined
  slot: Slot | undefined
  /** Sent again once already, after its worker exited. */
  redispatched: boolean
  settled: boolean
}

/** Options of {@link make}. */
export interface Options {
  readonly size?: number | undefined
  /** The worker's source (tests only: a worker that never answers, …). */
  readonly source?: string | undefined
}

/** A running pool: the `SigningPool` service, and the workers the tests look at. */
export interface Pool extends Service {
  /** The workers now running (tests: terminate one to play a crash). */
  readonly workers: () => ReadonlyArray<Worker>
}

/** The default size: one worker per core but one, which the event loop keeps. */
export const defaultSize = (): number => Math.max(1, Os.availableParallelism() - 1)

/**
 * Starts the workers and waits until each listens (a worker that cannot start fails this with `Spawn`); the scope
 * terminates them. Signing requests fail with `Closed` after that.
 */
export const make = (options: Options = {}): Effect.Effect<Pool, SigningPoolError, Scope.Scope> =>
  Effect.suspend(() => {
    const size = Math.max(1, Math.floor(options.size ?? defaultSize()))
    const source = options.source ?? WORKER_SOURCE
    const slots: Array<Slot> = Array.from({ length: size }, () => ({
      worker: undefined,
      inFlight: new Map(),
      ready: false,
      failures: 0
    }))
    // Held as `Redacted`, for a worker started after a crash; only ever sent to the workers.
    const keys = new Map<number, Redacted.Redacted<string>>()
    let closed = false
    let nextId = 0
    let nextKeyId = 0
    let signed = 0
    let crashes = 0

    const settle = (pending: Pending, result: Effect.Effect<string, SigningPoolError | AttemptTimeoutError>) => {
      if (pending.settled) return
      pending.settled = true
      clearTimeout(pending.timer)
      pending.slot?.inFlight.delete(pending.id)
      pending.resume(result)
    }

    const dispatch = (pending: Pending) => {
      let best: Slot | undefined
      for (const slot of slots) {
        if (slot.worker !== undefined && (best === undefined || slot.inFlight.size < best.inFlight.size)) best = slot
      }
      if (best === undefined) {
        settle(pending, Effect.fail(new SigningPoolError({ reason: "Spawn", message: "no signing worker is running" })))
        return
      }
      pending.slot = best
      best.inFlight.set(pending.id, pending)
      best.worker!.postMessage([0, pending.id, pending.keyId, pending.message])
    }

    const onAnswer = (slot: Slot, answer: readonly [number, number?, string?]) => {
      const pending = slot.inFlight.get(answer[0])
      if (pending === undefined) return
      if (answer[1] === 0) {
        signed++
        settle(pending, Effect.succeed(answer[2]!))
      } else {
        settle(
          pending,
          Effect.fail(
            new SigningPoolError({
              reason: "SignFailed",
              message:
                answer[1] === 1
                  ? "the signing worker does not hold the merchant's private key"
                  : "the signing worker could not sign"
            })
          )
        )
      }
    }

    // A worker that exits while the pool is open: started again (its keys registered first), and what it was
    // signing sent once more to the least busy worker; a request whose second worker exits too fails.
    const onExit = (slot: Slot, worker: Worker, code: number) => {
      if (slot.worker !== worker) return
      slot.worker = undefined
      if (closed) return
      crashes++
      slot.failures = slot.ready ? 0 : slot.failures + 1
      if (slot.failures < MAX_START_FAILURES) spawn(slot).catch(() => {})
      const orphans = [...slot.inFlight.values()]
      slot.inFlight.clear()
      for (const pending of orphans) {
        pending.slot = undefined
        if (pending.redispatched) {
          settle(
            pending,
            Effect.fail(
              new SigningPoolError({
                reason: "WorkerExited",
                message: `signing workers exited twice while signing one request (exit code ${code})`
              })
            )
          )
        } else {
          pending.redispatched = true
          dispatch(pending)
        }
      }
    }

    const spawn = (slot: Slot): Promise<void> => {
      let worker: Worker
      try {
        worker = new Worker(source, { eval: true, execArgv: [], env: {} })
      } catch (error) {
        // Out of threads or memory: the slot stays empty (its requests go to the others, or fail).
        return Promise.reject(error)
      }
      // The pool never keeps the process alive by itself: a request in flight does, through its timer.
      worker.unref()
      slot.worker = worker
      slot.ready = false
      for (const [keyId, key] of keys) worker.postMessage([1, keyId, Redacted.value(key).trim()])
      return new Promise((resolve, reject) => {
        worker.on("message", (answer: readonly [number, number?, string?]) => {
          if (answer[0] !== -1) return onAnswer(slot, answer)
          slot.ready = true
          resolve()
        })
        // Always listened to: an unhandled worker 'error' would be thrown in the main thread. An 'exit' follows.
        worker.on("error", (error) => {
          if (!slot.ready) reject(error)
        })
        worker.once("exit", (code) => {
          if (!slot.ready) reject(new Error(`exit code ${code}`))
          onExit(slot, worker, code)
        })
      })
    }

    const post = (message: ReadonlyArray<unknown>) => {
      for (const slot of slots) slot.worker?.postMessage(message)
    }

    const sign =
      (keyId: number): RemoteSign =>
      (message, timeoutMillis) =>
        Effect.callback<string, SigningPoolError | AttemptTimeoutError>((resume) => {
          if (closed) {
            resume(Effect.fail(new SigningPoolError({ reason: "Closed", message: "the signing pool is closed" })))
            return
          }
          const pending: Pending = {
            id: nextId++,
            keyId,
            message,
            resume,
            timer: undefined,
            slot: undefined,
            redispatched: false,
            settled: false
          }
          // Bounds the request (a worker that hangs cannot hang it) and keeps the process alive while it is out.
          pending.timer = setTimeout(
            () => settle(pending, Effect.fail(new AttemptTimeoutError({ millis: timeoutMillis }))),
            Math.min(Math.max(0, timeoutMillis), MAX_TIMER_MILLIS)
          )
          dispatch(pending)
          return Effect.sync(() => {
            pending.settled = true
            clearTimeout(pending.timer)
            pending.slot?.inFlight.delete(pending.id)
          })
        })

    const close = Effect.promise(() => {
      closed = true
      for (const slot of slots) {
        for (const pending of [...slot.inFlight.values()]) {
          settle(
            pending,
            Effect.fail(new SigningPoolError({ reason: "Closed", message: "the signing pool is closed" }))
          )
        }
      }
      keys.clear()
      return Promise.all(slots.map((slot) => slot.worker?.terminate()))
    })

    const pool: Pool = {
      size,
      register: (privateKey) =>
        Effect.map(
          Effect.acquireRelease(
            Effect.sync(() => {
              const keyId = nextKeyId++
              keys.set(keyId, privateKey)
              post([1, keyId, Redacted.value(privateKey).trim()])
              return keyId
            }),
            (keyId) =>
              Effect.sync(() => {
                keys.delete(keyId)
                if (!closed) post([2, keyId])
              })
          ),
          sign
        ),
      stats: Effect.sync(
        (): Stats => ({
          signed,
          inFlight: slots.reduce((sum, slot) => sum + slot.inFlight.size, 0),
          restarts: crashes
        })
      ),
      workers: () => slots.flatMap((slot) => (slot.worker === undefined ? [] : [slot.worker]))
    }

    return Effect.acquireRelease(
      Effect.as(
        Effect.tryPromise({
          try: () => Promise.all(slots.map(spawn)),
          catch: (error) =>
            new SigningPoolError({
              reason: "Spawn",
              message: `a signing worker did not start: ${error instanceof Error ? error.message : String(error)}`
            })
        }).pipe(Effect.onError(() => close)),
        pool
      ),
      () => close
    )
  })
