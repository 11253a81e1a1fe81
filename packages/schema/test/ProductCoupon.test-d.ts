// Type-checked by `tsc -b` (`pnpm check`), never run: the 创建商品券 request type follows its shapes.
import { expectTypeOf } from "@effect/vitest"
import type * as ProductCoupon from "../src/ProductCoupon.js"

/** The (scope, type, usage_mode) of each member of a union. */
type Kinds<R> = R extends unknown ? Pick<R, ("scope" | "type" | "usage_mode") & keyof R> : never
type Kind = Kinds<ProductCoupon.CreateProductCouponRequest>

// each kind of 商品券 is one member of the request union
expectTypeOf<{ scope: "ALL"; type: "NORMAL"; usage_mode: "SINGLE" }>().toExtend<Kind>()
expectTypeOf<{ scope: "SINGLE"; type: "EXCHANGE"; usage_mode: "PROGRESSIVE_BUNDLE" }>().toExtend<Kind>()
// a 全场兑换券 is not a kind of 商品券
expectTypeOf<{ scope: "ALL"; type: "EXCHANGE"; usage_mode: "SINGLE" }>().not.toExtend<Kind>()
