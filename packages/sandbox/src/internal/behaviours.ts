/**
 * The behaviour registry: every family's behaviours, keyed by descriptor name (`Family.operation`).
 *
 * @internal
 */
import type { Behaviour } from "./behaviour.js"
import * as Busifavor from "./busifavor.js"
import * as BusifavorSubsidy from "./busifavorSubsidy.js"
import * as Favor from "./favor.js"
import * as FavorFiles from "./favorFiles.js"
import * as ProductCoupon from "./productCoupon.js"
import * as ProductCouponStocks from "./productCouponStocks.js"
import * as ProductCouponUsers from "./productCouponUsers.js"

/** Every declared behaviour. @internal */
export const all: ReadonlyArray<Behaviour> = [
  ...Object.values(Busifavor.behaviours),
  ...Object.values(BusifavorSubsidy.behaviours),
  ...Object.values(Favor.behaviours),
  ...Object.values(FavorFiles.behaviours),
  ...Object.values(ProductCoupon.behaviours),
  ...Object.values(ProductCoupon.partnerBehaviours),
  ...Object.values(ProductCouponStocks.behaviours),
  ...Object.values(ProductCouponStocks.partnerBehaviours),
  ...Object.values(ProductCouponUsers.behaviours),
  ...Object.values(ProductCouponUsers.partnerBehaviours)
]

/** @internal */
export const registry: ReadonlyMap<string, Behaviour> = new Map(all.map((b) => [b.endpoint.name, b]))
