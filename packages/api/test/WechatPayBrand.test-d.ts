// Type-checked by `tsc -b` (`pnpm check`), never run: brand endpoints need the brand client and merchant endpoints
// the merchant client; the wrong kind of credentials does not compile.
import { expectTypeOf } from "@effect/vitest"
import {
  Busifavor as SchemaBusifavor,
  PartnerProductCoupon as SchemaPartnerProductCoupon,
  ProductCoupon as SchemaProductCoupon
} from "@effect-wechatpay/schema"
import type { Effect, Layer, Stream } from "effect"
import type { WechatPayBrand as Brand, WechatPayClient } from "../src/index.js"
import { Busifavor, PartnerProductCoupon, ProductCoupon, WechatPay, WechatPayBrand } from "../src/index.js"

declare const merchantLayer: Layer.Layer<WechatPayClient>
declare const brandLayer: Layer.Layer<Brand.WechatPayBrand>

const getCoupon = ProductCoupon.getProductCoupon({ product_coupon_id: "1000000013" })
const stocks = ProductCoupon.listStocksStream({ product_coupon_id: "1000000013" })
const partnerGet = PartnerProductCoupon.getProductCoupon({ product_coupon_id: "1000000013", brand_id: "120344" })
const queryStock = Busifavor.queryStock({ stock_id: "1212" })

// a brand endpoint needs the brand client, a partner or merchant endpoint the merchant client
expectTypeOf<Effect.Services<typeof getCoupon>>().toEqualTypeOf<Brand.WechatPayBrand>()
expectTypeOf<Stream.Services<typeof stocks>>().toEqualTypeOf<Brand.WechatPayBrand>()
expectTypeOf<Effect.Services<typeof partnerGet>>().toEqualTypeOf<WechatPayClient>()
expectTypeOf<Effect.Services<typeof queryStock>>().toEqualTypeOf<WechatPayClient>()

// providing the other kind of client leaves the requirement open
declare const provide: <A, E, R, ROut>(
  self: Effect.Effect<A, E, R>,
  layer: Layer.Layer<ROut>
) => Effect.Effect<A, E, Exclude<R, ROut>>
expectTypeOf<
  Effect.Services<ReturnType<typeof provide<unknown, unknown, Brand.WechatPayBrand, WechatPayClient>>>
>().toEqualTypeOf<Brand.WechatPayBrand>()
expectTypeOf(provide(getCoupon, brandLayer)).toEqualTypeOf<
  Effect.Effect<Effect.Success<typeof getCoupon>, Effect.Error<typeof getCoupon>, never>
>()
expectTypeOf(provide(queryStock, merchantLayer)).toEqualTypeOf<
  Effect.Effect<Effect.Success<typeof queryStock>, Effect.Error<typeof queryStock>, never>
>()

// the operation constructors refuse the other kind of descriptor
// @ts-expect-error: a brand endpoint is not a merchant operation
WechatPay.operation(SchemaProductCoupon.GetProductCoupon)
// @ts-expect-error: a merchant endpoint is not a brand operation
WechatPayBrand.operation(SchemaBusifavor.QueryStock)
// @ts-expect-error: the partner API is called with merchant credentials
WechatPayBrand.operation(SchemaPartnerProductCoupon.GetProductCoupon)
expectTypeOf(WechatPayBrand.operation(SchemaProductCoupon.GetProductCoupon)).returns.toEqualTypeOf<
  Effect.Effect<Effect.Success<typeof getCoupon>, Effect.Error<typeof getCoupon>, Brand.WechatPayBrand>
>()
