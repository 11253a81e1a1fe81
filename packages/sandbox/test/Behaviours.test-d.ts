// Type-checked by `tsc -b` (`pnpm check`), never run: a behaviour is typed by its descriptor, decoded request in,
// the response's wire type out; each line fails to compile (or its @ts-expect-error is unused) when that breaks.
import { expectTypeOf } from "@effect/vitest"
import { Busifavor } from "@effect-wechatpay/schema"
import * as Effect from "effect/Effect"
import * as Behaviour from "../src/internal/behaviour.js"

// types a handler by its descriptor: decoded request in, the response's wire type out
Behaviour.behaviour(Busifavor.QueryStock, (request) => {
  expectTypeOf(request).toEqualTypeOf<Busifavor.QueryStockRequest>()
  return Effect.succeed(Behaviour.notExists("x"))
})
// @ts-expect-error: a 商家券 stock must have every required wire field.
Behaviour.behaviour(Busifavor.QueryStock, () => Effect.succeed(Behaviour.ok({ stock_id: "1" })))
// @ts-expect-error: a JSON endpoint cannot answer 204.
Behaviour.behaviour(Busifavor.QueryStock, () => Effect.succeed(Behaviour.noContent))
