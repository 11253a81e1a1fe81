// Type-checked by `tsc -b` (`pnpm check`), never run: a brand's notify endpoint needs the brand client (its
// 微信支付公钥 and 品牌API密钥), a merchant's or service provider's the merchant client; 商品券 events narrow by _tag.
import { expectTypeOf } from "@effect/vitest"
import type { ProductCoupon as SchemaProductCoupon } from "@effect-wechatpay/schema"
import { Effect } from "effect"
import type { HttpServerRequest } from "effect/http"
import type { WechatPayBrand as Brand, NotificationStore, WechatPayClient } from "../src/index.js"
import { Notifications } from "../src/index.js"

declare const incoming: Notifications.Incoming
const handle = (_: Notifications.Notification) => Effect.void

expectTypeOf<Effect.Services<ReturnType<typeof Notifications.parseBrand>>>().toEqualTypeOf<Brand.WechatPayBrand>()
expectTypeOf<Effect.Services<ReturnType<typeof Notifications.parse>>>().toEqualTypeOf<WechatPayClient>()
expectTypeOf<Effect.Services<ReturnType<typeof Notifications.parseBrand>>>().not.toEqualTypeOf<WechatPayClient>()

expectTypeOf<Effect.Services<typeof brandApp>>().toEqualTypeOf<
  HttpServerRequest.HttpServerRequest | Brand.WechatPayBrand | NotificationStore.NotificationStore
>()
const brandApp = Notifications.brandHttpApp(handle)
expectTypeOf<Effect.Services<ReturnType<typeof Notifications.brandNodeHandler<never, never>>>>().toEqualTypeOf<
  Brand.WechatPayBrand | NotificationStore.NotificationStore
>()

export const narrowed = Effect.map(Notifications.parseBrand(incoming), (notification) => {
  if (notification._tag === "ProductCouponSend") {
    expectTypeOf(notification.event_type).toEqualTypeOf<"PRODUCT_COUPON.SEND" | "PRODUCT_COUPON_SP.SEND">()
    expectTypeOf(notification.resource).toEqualTypeOf<SchemaProductCoupon.UserProductCouponNotification>()
    expectTypeOf(notification.resource.coupon_code).toExtend<string | undefined>()
    expectTypeOf<undefined>().toExtend<typeof notification.resource.coupon_code>()
  }
})
