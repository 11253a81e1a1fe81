// Type-checked by `tsc -b` (`pnpm check`), never run: what the README claims about the schema types; a line whose
// two types differ does not compile.
import { expectTypeOf } from "@effect/vitest"
import type * as Busifavor from "../src/Busifavor.js"
import type * as Favor from "../src/Favor.js"
import type * as Ids from "../src/Ids.js"

// types enums as open unions and requests as plain objects
expectTypeOf<Busifavor.StockState>().toEqualTypeOf<"UNAUDIT" | "RUNNING" | "STOPED" | "PAUSED" | (string & {})>()
expectTypeOf<Favor.CreateCouponStockRequest["stock_type"]>().toEqualTypeOf<
  "NORMAL" | "DISCOUNT" | "EXCHAHGE" | "RANDOM" | "DISCOUNT_CUT"
>()
expectTypeOf<Favor.CreateCouponStockRequest["stock_use_rule"]["max_amount"]>().toEqualTypeOf<Ids.Fen>()
expectTypeOf<typeof Favor.CreateCouponStockRequest.Encoded>().toHaveProperty("no_cash").toEqualTypeOf<boolean>()
expectTypeOf<typeof Busifavor.QueryStockResponse.Encoded>()
  .toHaveProperty("subsidy")
  .toEqualTypeOf<boolean | "true" | "false" | null | undefined>()
