// Type-checked by `tsc -b` (`pnpm check`), never run: each endpoint's error channel is exactly its documented codes
// plus the protocol errors; a line whose two types differ does not compile.
import { expectTypeOf } from "@effect/vitest"
import type { Effect } from "effect"
import type * as Busifavor from "../src/Busifavor.js"
import type * as Favor from "../src/Favor.js"
import type * as E from "../src/WechatPayError.js"

type ErrorsOf<F extends (...args: never) => Effect.Effect<unknown, unknown, unknown>> = Effect.Error<ReturnType<F>>

type Ours =
  | E.SignError
  | E.UnknownApiError
  | E.SignatureVerificationError
  | E.DecodeError
  | E.TransportError
  | E.RequestValidationError

// The 商家券 table, as documented for both busifavor endpoints.
type BusifavorErrors =
  | E.ParamError
  | E.SystemError
  | E.ResourceAlreadyExists
  | E.ResourceNotExists
  | E.NoAuth
  | E.AppidMchidNotMatch
  | E.MchNotExists
  | E.UserNotExists
  | E.FrequencyLimited
  | E.RuleLimit
  | E.InvalidRequest
  | Ours

// Busifavor.queryStock
expectTypeOf<ErrorsOf<typeof Busifavor.queryStock>>().toEqualTypeOf<BusifavorErrors>()
// Busifavor.queryCoupon
expectTypeOf<ErrorsOf<typeof Busifavor.queryCoupon>>().toEqualTypeOf<BusifavorErrors>()
// Favor.createCouponStock
expectTypeOf<ErrorsOf<typeof Favor.createCouponStock>>().toEqualTypeOf<
  | E.ParamError
  | E.MchNotExists
  | E.InvalidRequest
  | E.AppidMchidNotMatch
  | E.UserAccountAbnormal
  | E.NotEnough
  | E.RequestBlocked
  | E.ResourceNotExists
  | E.FrequencyLimitExceed
  | E.NoAuth
  | E.SystemError
  | Ours
>()
