/**
 * 商品券 behaviours, for the brand API (`ProductCoupon`, the caller is the brand of the Authorization) and the partner
 * API (`PartnerProductCoupon`, the caller names the brand with `brand_id`): 商品券 and stocks created, user coupons
 * sent, confirmed, used and deactivated, queried and listed, and the event notify URL; the rest of the family is in
 * `productCouponStocks.ts` and `productCouponUsers.ts`, the rules a send obeys (stock state, budgets, code mode,
 * uploaded codes) in `productCouponRules.ts`. A user coupon's states are one table, `COUPON_TRANSITIONS` (from which
 * states, to which, what each stamps), run by one function. Every write is idempotent on its request number through
 * its descriptor's `idempotency`. Refusals answer the codes of the pages' tables: an unknown 商品券, stock or coupon
 * 404 NOT_FOUND (`notFound`), a refused use 403 NOT_ENOUGH ("用户商品券当前无法使用"), another refused transition 400
 * INVALID_REQUEST ("传入参数不符合业务规则").
 *
 * 多次优惠 (`PROGRESSIVE_BUNDLE`) is modelled as one user coupon used `progressive_bundle_usage_info.count` times: each
 * use counts in `user_product_coupon_bundle_info.used_count`, the coupon stays `EFFECTIVE` until the last, which makes
 * it `USED` (WeChat Pay sends each round as its own coupon of the bundle's next stock; the sandbox keeps one).
 *
 * @internal
 */
import * as PartnerProductCoupon from "@effect-wechatpay/schema/PartnerProductCoupon"
import * as ProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { apiError, behaviour, type Context, type Outcome, ok } from "./behaviour.js"
import {
  asOf,
  brandOf,
  invalid,
  issue,
  key,
  newBundle,
  newStock,
  nextId,
  notFound,
  page,
  productCouponOf,
  stockAsOf,
  stockOf
} from "./productCouponRules.js"
import { beijingTime } from "./protocol.js"
import { type GatewayState, withProductCoupon } from "./state.js"

/** A user's 商品券 as the gateway serves it. @internal */
export type UserCouponWire = typeof ProductCoupon.UserProductCouponEntity.Encoded
/** A 商品券 as the gateway serves it. @internal */
export type ProductCouponWire = typeof ProductCoupon.ProductCouponEntity.Encoded
/** A 商品券 stock as the gateway serves it. @internal */
export type StockWire = typeof ProductCoupon.StockEntity.Encoded

/** A user coupon with whom it belongs to. @internal */
export interface UserCouponRecord {
  readonly brandId: string
  readonly openid: string
  readonly appid: string
  readonly coupon: UserCouponWire
}

/** The 商品券 part of the gateway state. @internal */
export interface ProductCouponState {
  /** By `brandId/product_coupon_id`. */
  readonly productCoupons: ReadonlyMap<string, ProductCouponWire>
  /** By `brandId/stock_id`. */
  readonly stocks: ReadonlyMap<string, StockWire>
  /** By `brandId/openid/coupon_code`, in the order sent. */
  readonly userCoupons: ReadonlyMap<string, UserCouponRecord>
  /** The stores associated with a stock, in the order associated: by `brandId/stock_id`. */
  readonly stores: ReadonlyMap<string, ReadonlyArray<string>>
  /** A stock's pre-uploaded codes, in the order uploaded, and how many were handed out: by `brandId/stock_id`. */
  readonly couponCodes: ReadonlyMap<string, { readonly codes: ReadonlyArray<string>; readonly handedOut: number }>
  /** The event notify URL: by brand (brand API) or by service provider (`partner:<mchid>`). */
  readonly notifyConfigs: ReadonlyMap<string, { readonly notify_url: string; readonly update_time: string }>
  readonly sequence: number
}

/** @internal */
export const emptyState: ProductCouponState = {
  productCoupons: new Map(),
  stocks: new Map(),
  userCoupons: new Map(),
  stores: new Map(),
  couponCodes: new Map(),
  notifyConfigs: new Map(),
  sequence: 0
}

type UserCouponState = "CONFIRMING" | "PENDING" | "EFFECTIVE" | "USED" | "EXPIRED" | "DELETED" | "DEACTIVATED"

/** A 多次优惠 coupon with at least one round used. */
const usedOnce = (coupon: UserCouponWire): boolean =>
  Number(coupon.user_product_coupon_bundle_info?.used_count ?? 0) > 0

/**
 * The transitions of a user coupon: from which states each call moves it, and to which (`when`: a further condition
 * on the coupon). `use` of a 多次优惠 coupon with rounds left stays `EFFECTIVE` (see the module's note). `return`
 * (退券, https://pay.weixin.qq.com/doc/brand/4015736429): "将已经核销用户的商品券退回给用户", "前置条件: 用户商品券当前
 * 已核销"; the coupon is usable again (`EFFECTIVE`, as 商家券's 退券: "券在用户卡包内正常展示,用户可在有效期内正常
 * 使用"). A 多次优惠 coupon gives back its last used round ("只有当该券为其所属券组最近一个已核销券时才可以退回",
 * https://pay.weixin.qq.com/doc/v3/partner/4016435674), so it can be returned while `EFFECTIVE` with rounds used.
 *
 * @internal
 */
export const COUPON_TRANSITIONS = {
  confirm: { from: ["CONFIRMING"], to: "EFFECTIVE", refuse: "券不是待确认状态，不可确认发放" },
  // 核销's table: "403 NOT_ENOUGH 用户商品券当前无法使用" (https://pay.weixin.qq.com/doc/v3/partner/4016435636).
  use: { from: ["EFFECTIVE"], to: "USED", refuse: "用户商品券当前无法使用", status: 403, code: "NOT_ENOUGH" },
  deactivate: { from: ["CONFIRMING", "PENDING", "EFFECTIVE"], to: "DEACTIVATED", refuse: "券已核销或已失效，不可失效" },
  return: {
    from: ["USED", "EFFECTIVE"],
    to: "EFFECTIVE",
    refuse: "券未核销，不可退券",
    when: (coupon: UserCouponWire) =>
      coupon.user_product_coupon_bundle_info == null ? coupon.coupon_state === "USED" : usedOnce(coupon)
  }
} as const satisfies Record<
  string,
  {
    readonly from: ReadonlyArray<UserCouponState>
    readonly to: UserCouponState
    readonly refuse: string
    readonly status?: number
    readonly code?: string
    readonly when?: (coupon: UserCouponWire) => boolean
  }
>

type CouponRequest = {
  readonly openid: string
  readonly coupon_code: string
  readonly product_coupon_id: string
  readonly stock_id: string
  readonly appid: string
  readonly brand_id?: string | undefined
}

/** @internal */
export const transition =
  <R extends CouponRequest>(
    name: keyof typeof COUPON_TRANSITIONS,
    partner: boolean,
    stamp: (request: R, coupon: UserCouponWire, time: string) => UserCouponWire
  ) =>
  (request: R, context: Context): Effect.Effect<Outcome<UserCouponWire>> =>
    Ref.modify(context.state, (current): [Outcome<UserCouponWire>, GatewayState] => {
      const brandId = brandOf(request, context, partner)
      const id = key(brandId, request.openid, request.coupon_code)
      const held = current.productCoupon.userCoupons.get(id)
      const now = context.config.now()
      const coupon = held === undefined ? undefined : asOf(held.coupon, now)
      if (
        held === undefined ||
        coupon === undefined ||
        held.appid !== request.appid ||
        coupon.product_coupon?.product_coupon_id !== request.product_coupon_id ||
        coupon.stock?.stock_id !== request.stock_id
      ) {
        return [notFound.coupon, current]
      }
      const rule: {
        readonly from: ReadonlyArray<string>
        readonly refuse: string
        readonly status?: number
        readonly code?: string
        readonly when?: (coupon: UserCouponWire) => boolean
      } = COUPON_TRANSITIONS[name]
      if (!rule.from.includes(coupon.coupon_state) || rule.when?.(coupon) === false) {
        const refused =
          rule.code === undefined ? invalid(rule.refuse) : apiError(rule.status ?? 400, rule.code, rule.refuse)
        return [refused, current]
      }
      const time = beijingTime(now)
      // Confirmed or given back, a coupon is EFFECTIVE, or PENDING or EXPIRED by its validity as of now (`asOf`).
      const next = asOf(stamp(request, { ...coupon, coupon_state: COUPON_TRANSITIONS[name].to }, time), now)
      const userCoupons = new Map(current.productCoupon.userCoupons)
      userCoupons.set(id, { ...held, coupon: next })
      return [ok(next), withProductCoupon(current, { userCoupons })]
    })

/** Builds the behaviours of one family: the brand API's descriptors or the partner API's. */
const family = (api: typeof ProductCoupon | typeof PartnerProductCoupon, partner: boolean) => ({
  getNotifyConfig: behaviour(api.GetNotifyConfig, (_request: unknown, context) =>
    Effect.map(Ref.get(context.state), (current) => {
      const config = current.productCoupon.notifyConfigs.get(partner ? `partner:${context.mchid}` : context.mchid)
      return config === undefined ? notFound.notifyConfig : ok(config)
    })
  ),
  setNotifyConfig: behaviour(api.SetNotifyConfig, (request, context) =>
    Ref.modify(context.state, (current): [Outcome<typeof ProductCoupon.NotifyConfigResponse.Encoded>, GatewayState] => {
      const config = { notify_url: request.notify_url, update_time: beijingTime(context.config.now()) }
      const notifyConfigs = new Map(current.productCoupon.notifyConfigs)
      notifyConfigs.set(partner ? `partner:${context.mchid}` : context.mchid, config)
      return [ok(config), withProductCoupon(current, { notifyConfigs })]
    })
  ),
  createProductCoupon: behaviour(api.CreateProductCoupon, (request, context) =>
    Ref.modify(
      context.state,
      (start): [Outcome<typeof ProductCoupon.CreateProductCouponResponse.Encoded>, GatewayState] => {
        const brandId = brandOf(request, context, partner)
        const [productCouponId, afterProduct] = nextId(start, "10")
        const {
          stock: _stock,
          stock_bundle: _bundle,
          out_request_no: _no,
          brand_id: _brand,
          ...fields
        } = request as typeof request & {
          readonly stock?: unknown
          readonly stock_bundle?: unknown
          readonly brand_id?: string
        }
        const product = {
          ...(fields as Omit<ProductCouponWire, "product_coupon_id" | "state">),
          product_coupon_id: productCouponId,
          state: "EFFECTIVE",
          brand_id: brandId
        } satisfies ProductCouponWire
        const productCoupons = new Map(afterProduct.productCoupon.productCoupons)
        productCoupons.set(key(brandId, productCouponId), product)
        const withProduct = withProductCoupon(afterProduct, { productCoupons })
        if ("stock_bundle" in request) {
          const [bundleId, stockList, current] = newBundle(withProduct, request.stock_bundle, productCouponId, brandId)
          return [ok({ ...product, stock_bundle: { stock_bundle_id: bundleId, stock_list: stockList } }), current]
        }
        const [stockId, current] = nextId(withProduct, "20")
        const stock = newStock(request.stock, productCouponId, stockId, brandId)
        const stocks = new Map(current.productCoupon.stocks)
        stocks.set(key(brandId, stockId), stock)
        return [ok({ ...product, stock }), withProductCoupon(current, { stocks })]
      }
    )
  ),
  createStock: behaviour(api.CreateStock, (request, context) =>
    Ref.modify(context.state, (start): [Outcome<StockWire>, GatewayState] => {
      const brandId = brandOf(request, context, partner)
      const product = productCouponOf(start, brandId, request.product_coupon_id)
      if (product === undefined) return [notFound.product, start]
      if (product.usage_mode !== "SINGLE") return [invalid("多次优惠商品券请添加批次组"), start]
      // "前置条件: 商品券处于 EFFECTIVE 状态" (https://pay.weixin.qq.com/doc/v3/partner/4015781304).
      if (product.state !== "EFFECTIVE") return [invalid("商品券已失效，不可添加批次"), start]
      const [stockId, current] = nextId(start, "20")
      const stock = newStock(request.stock, request.product_coupon_id, stockId, brandId)
      const stocks = new Map(current.productCoupon.stocks)
      stocks.set(key(brandId, stockId), stock)
      return [ok(stock), withProductCoupon(current, { stocks })]
    })
  ),
  sendUserProductCoupon: behaviour(api.SendUserProductCoupon, (request, context) =>
    Ref.modify(context.state, (start): [Outcome<UserCouponWire>, GatewayState] => {
      const brandId = brandOf(request, context, partner)
      const product = productCouponOf(start, brandId, request.product_coupon_id)
      const stock = stockOf(start, brandId, request.product_coupon_id, request.stock_id, context.config.now())
      if (product === undefined || stock === undefined)
        return [product === undefined ? notFound.product : notFound.stock, start]
      // "usage_mode为PROGRESSIVE_BUNDLE的批次在批次组内,不可使用本接口,请使用【向用户发放商品券批次组API】"
      // (https://pay.weixin.qq.com/doc/v3/partner/4015781605).
      if (product.usage_mode === "PROGRESSIVE_BUNDLE")
        return [invalid("多次优惠批次请使用向用户发放商品券批次组"), start]
      const issued = issue(start, context, partner, brandId, product, stock, request)
      if ("_tag" in issued) return [issued, start]
      return [ok(issued[0]), issued[1]]
    })
  ),
  confirmSendUserProductCoupon: behaviour(
    api.ConfirmSendUserProductCoupon,
    transition("confirm", partner, (request, coupon, time) => ({
      ...coupon,
      confirm_request_no: request.out_request_no,
      confirm_time: time
    }))
  ),
  useUserProductCoupon: behaviour(
    api.UseUserProductCoupon,
    transition("use", partner, (request, coupon) => {
      const usage = {
        use_request_no: request.out_request_no,
        use_time: request.use_time,
        ...(request.associated_order_info === undefined
          ? {}
          : { associated_order_info: request.associated_order_info }),
        ...(request.associated_pay_score_order_info === undefined
          ? {}
          : { associated_pay_score_order_info: request.associated_pay_score_order_info })
      } as NonNullable<UserCouponWire["single_usage_detail"]>
      const bundle = coupon.user_product_coupon_bundle_info
      if (bundle === undefined || bundle === null) return { ...coupon, single_usage_detail: usage }
      const usedCount = Number(bundle.used_count ?? 0) + 1
      const total = Number(bundle.total_count ?? 1)
      return {
        ...coupon,
        coupon_state: usedCount >= total ? "USED" : "EFFECTIVE",
        progressive_bundle_usage_detail: usage,
        user_product_coupon_bundle_info: { ...bundle, used_count: usedCount, user_coupon_bundle_index: usedCount }
      }
    })
  ),
  deactivateUserProductCoupon: behaviour(
    api.DeactivateUserProductCoupon,
    transition("deactivate", partner, (request, coupon, time) => ({
      ...coupon,
      deactivate_request_no: request.out_request_no,
      deactivate_time: time,
      deactivate_reason: request.deactivate_reason
    }))
  ),
  getUserProductCoupon: behaviour(api.GetUserProductCoupon, (request, context) =>
    Effect.map(Ref.get(context.state), (current): Outcome<UserCouponWire> => {
      const brandId = brandOf(request, context, partner)
      const held = current.productCoupon.userCoupons.get(key(brandId, request.openid, request.coupon_code))
      return held === undefined ||
        held.appid !== request.appid ||
        held.coupon.product_coupon?.product_coupon_id !== request.product_coupon_id ||
        held.coupon.stock?.stock_id !== request.stock_id
        ? notFound.coupon
        : ok(asOf(held.coupon, context.config.now()))
    })
  ),
  listUserProductCoupons: behaviour(api.ListUserProductCoupons, (request, context) =>
    Effect.map(
      Ref.get(context.state),
      (current): Outcome<typeof ProductCoupon.ListUserProductCouponsResponse.Encoded> => {
        const brandId = brandOf(request, context, partner)
        const now = context.config.now()
        const matching = Array.from(current.productCoupon.userCoupons.values(), (held) => ({
          ...held,
          coupon: asOf(held.coupon, now)
        })).filter(
          (held) =>
            held.brandId === brandId &&
            held.openid === request.openid &&
            held.appid === request.appid &&
            (request.product_coupon_id === undefined ||
              held.coupon.product_coupon?.product_coupon_id === request.product_coupon_id) &&
            (request.stock_id === undefined || held.coupon.stock?.stock_id === request.stock_id) &&
            (request.coupon_state === undefined || held.coupon.coupon_state === request.coupon_state) &&
            (request.user_coupon_bundle_id === undefined ||
              held.coupon.user_product_coupon_bundle_info?.user_coupon_bundle_id === request.user_coupon_bundle_id)
        )
        const one = page(matching, request)
        if ("_tag" in one) return one
        return ok({
          total_count: matching.length,
          user_coupon_list: one.items.map((held) => held.coupon),
          ...(one.next === undefined ? {} : { next_page_token: one.next })
        })
      }
    )
  )
})

/** The brand API's behaviours. @internal */
export const behaviours = family(ProductCoupon, false)

/** The partner API's behaviours. @internal */
export const partnerBehaviours = family(PartnerProductCoupon, true)

/**
 * The user deletes a coupon from their card pack ("DELETED: 已删除,用户主动删除该券",
 * https://pay.weixin.qq.com/doc/brand/4015736420): `Sandbox.deleteUserProductCoupon`. A coupon still in the card pack
 * (`CONFIRMING`, `PENDING`, `EFFECTIVE`, `EXPIRED`) can be deleted; the next state, or what is wrong.
 *
 * @internal
 */
export const deleteByUser = (
  current: GatewayState,
  brandId: string,
  openid: string,
  couponCode: string
): GatewayState | string => {
  const id = key(brandId, openid, couponCode)
  const held = current.productCoupon.userCoupons.get(id)
  if (held === undefined) return `no 商品券 ${couponCode} of ${openid} (brand ${brandId})`
  const state = held.coupon.coupon_state
  if (!["CONFIRMING", "PENDING", "EFFECTIVE", "EXPIRED"].includes(state)) {
    return `商品券 ${couponCode} is ${state}: it is no longer in the card pack`
  }
  const userCoupons = new Map(current.productCoupon.userCoupons).set(id, {
    ...held,
    coupon: { ...held.coupon, coupon_state: "DELETED" }
  })
  return withProductCoupon(current, { userCoupons })
}

/**
 * The brand pauses or restores a stock on its platform (批次状态 `PAUSED`: 已暂停, https://pay.weixin.qq.com/doc/brand/4015736384;
 * no API of the family pauses a stock): `Sandbox.setProductCouponStockState`. Only a stock `SENDING` or `PAUSED` as of
 * `now` moves (a `STOPPED` one has ended, a `DEACTIVATED` one is final); the next state, or what is wrong.
 *
 * @internal
 */
export const setStockState = (
  current: GatewayState,
  brandId: string,
  stockId: string,
  state: "PAUSED" | "SENDING",
  now: number
): GatewayState | string => {
  const id = key(brandId, stockId)
  const held = current.productCoupon.stocks.get(id)
  if (held === undefined) return `no 商品券 stock ${stockId} (brand ${brandId})`
  const stock = stockAsOf(held, now)
  if (stock.state !== "SENDING" && stock.state !== "PAUSED") {
    return `商品券 stock ${stockId} is ${stock.state}: only a SENDING or PAUSED stock is paused or restored`
  }
  const stocks = new Map(current.productCoupon.stocks).set(id, { ...stock, state })
  return withProductCoupon(current, { stocks })
}
