/**
 * Idempotent writes, one mechanism for every endpoint whose descriptor declares `idempotency: { key, scope, conflict }`:
 * a request number (the `key` field) is unique within the endpoint, the calling merchant and the values of the `scope`
 * fields. The same number with the same request answers the first answer again and changes nothing; with another
 * request it answers the descriptor's `conflict` code. An error answer changes nothing and is not remembered, so a
 * retry runs again. Lookup, write and remembering run as one step (under the gateway's write lock), so two concurrent
 * requests with one number cannot both write.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Semaphore from "effect/Semaphore"
import type { AnyOutcome, ApiError } from "./behaviour.js"
import { type GatewayState, putLast, withShared } from "./state.js"

/** An endpoint's idempotency, ready to run: the descriptor's fields and the conflict answer built once. @internal */
export interface Rule {
  readonly endpoint: string
  readonly key: string
  readonly scope: ReadonlyArray<string>
  readonly conflict: ApiError
}

/** Where the remembered answers live and what serializes the writes. @internal */
export interface Store {
  readonly state: Ref.Ref<GatewayState>
  readonly writes: Semaphore.Semaphore
}

/** JSON with object keys sorted: the same request sent with its keys in another order has the same fingerprint. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, field: unknown) =>
    typeof field === "object" && field !== null && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : field
  )

/**
 * The identity of a request number: endpoint, calling merchant, the scope fields' values, the number.
 *
 * @internal
 */
export const keyOf = (rule: Rule, mchid: string, request: Readonly<Record<string, unknown>>): string =>
  JSON.stringify([
    rule.endpoint,
    mchid,
    ...rule.scope.map((field) => request[field] ?? null),
    request[rule.key] ?? null
  ])

/**
 * Runs `write` once per request number (see the module comment).
 *
 * @internal
 */
export const once = (
  rule: Rule,
  store: Store,
  mchid: string,
  request: Readonly<Record<string, unknown>>,
  write: Effect.Effect<AnyOutcome>
): Effect.Effect<AnyOutcome> => {
  const key = keyOf(rule, mchid, request)
  const fingerprint = canonical(request)
  return store.writes.withPermit(
    Effect.flatMap(Ref.get(store.state), (current): Effect.Effect<AnyOutcome> => {
      const first = current.shared.idempotentAnswers.get(key)
      if (first !== undefined) return Effect.succeed(first.fingerprint === fingerprint ? first.answer : rule.conflict)
      return Effect.tap(write, (answer) =>
        answer._tag === "ApiError"
          ? Effect.void
          : Ref.update(store.state, (next) =>
              // The write answered: remembering it is the last step (see `putLast`).
              withShared(next, {
                idempotentAnswers: putLast(next.shared.idempotentAnswers, key, { fingerprint, answer })
              })
            )
      )
    })
  )
}
