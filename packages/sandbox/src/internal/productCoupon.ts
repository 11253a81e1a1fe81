/**
 * 商品券 behaviours, for the brand API (`ProductCoupon`, the caller is the brand of the Authorization) and the partner
 * API (`PartnerProductCoupon`, the caller names the brand with `brand_id`): 商品券 and stocks created, user coupons
 * sent, confirmed, used and deactivated, queried and listed, and the event notify URL. A user coupon's states are one
 * table, `COUPON_TRANSITIONS` (from which states, to which, what each stamps), run by one function. Every write is
 * idempotent on its request number through its descriptor's `idempotency`. The family documents PARAM_ERROR,
 * INVALID_REQUEST, NO_AUTH, RATELIMIT_EXCEEDED, SIGN_ERROR and SYSTEM_ERROR only: an unknown 商品券, stock or coupon
 * and a refused transition answer 400 INVALID_REQUEST (our choice among the documented codes).
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
import { type ApiError, apiError, behaviour, type Context, type Outcome, ok } from "./behaviour.js"
import { randomDigits } from "./material.js"
import { couponSent } from "./productCouponNotify.js"
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
  /** The event notify URL: by brand (brand API) or by service provider (`partner:<mchid>`). */
  readonly notifyConfigs: ReadonlyMap<string, { readonly notify_url: string; readonly update_time: string }>
  readonly sequence: number
}

/** @internal */
export const emptyState: ProductCouponState = {
  productCoupons: new Map(),
  stocks: new Map(),
  userCoupons: new Map(),
  notifyConfigs: new Map(),
  sequence: 0
}

type UserCouponState = "CONFIRMING" | "PENDING" | "EFFECTIVE" | "USED" | "EXPIRED" | "DELETED" | "DEACTIVATED"

const invalid = (message: string): ApiError => apiError(400, "INVALID_REQUEST", message)

const key = (...parts: ReadonlyArray<string>): string => parts.join("/")

/** The brand a request acts for: the Authorization's 品牌ID (brand API) or the request's `brand_id` (partner API). */
const brandOf = (request: { readonly brand_id?: string | undefined }, context: Context, partner: boolean): string =>
  partner ? (request.brand_id ?? "") : context.mchid

const nextId = (current: GatewayState, prefix: string): [string, GatewayState] => {
  const sequence = current.productCoupon.sequence + 1
  return [`${prefix}${String(sequence).padStart(8, "0")}`, withProductCoupon(current, { sequence })]
}

/**
 * The transitions of a user coupon: from which states each call moves it, and to which. `use` of a 多次优惠 coupon
 * with rounds left stays `EFFECTIVE` (see the module's note).
 */
const COUPON_TRANSITIONS = {
  confirm: { from: ["CONFIRMING"], to: "EFFECTIVE", refuse: "券不是待确认状态，不可确认发放" },
  use: { from: ["EFFECTIVE"], to: "USED", refuse: "券不是可用状态，不可核销" },
  deactivate: { from: ["CONFIRMING", "PENDING", "EFFECTIVE"], to: "DEACTIVATED", refuse: "券已核销或已失效，不可失效" }
} as const satisfies Record<
  string,
  { readonly from: ReadonlyArray<UserCouponState>; readonly to: UserCouponState; readonly refuse: string }
>

type CouponRequest = {
  readonly openid: string
  readonly coupon_code: string
  readonly product_coupon_id: string
  readonly stock_id: string
  readonly appid: string
  readonly brand_id?: string | undefined
}

const transition =
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
      const coupon = held?.coupon
      if (
        held === undefined ||
        coupon === undefined ||
        held.appid !== request.appid ||
        coupon.product_coupon?.product_coupon_id !== request.product_coupon_id ||
        coupon.stock?.stock_id !== request.stock_id
      ) {
        return [invalid("用户商品券不存在"), current]
      }
      const rule = COUPON_TRANSITIONS[name]
      const state = coupon.coupon_state as UserCouponState
      if (!(rule.from as ReadonlyArray<UserCouponState>).includes(state)) return [invalid(rule.refuse), current]
      const time = beijingTime(context.config.now())
      const next = stamp(request, { ...coupon, coupon_state: rule.to }, time)
      const userCoupons = new Map(current.productCoupon.userCoupons)
      userCoupons.set(id, { ...held, coupon: next })
      return [ok(next), withProductCoupon(current, { userCoupons })]
    })

const productCouponOf = (current: GatewayState, brandId: string, id: string) =>
  current.productCoupon.productCoupons.get(key(brandId, id))

/** Builds the behaviours of one family: the brand API's descriptors or the partner API's. */
const family = (api: typeof ProductCoupon | typeof PartnerProductCoupon, partner: boolean) => ({
  getNotifyConfig: behaviour(api.GetNotifyConfig, (_request: unknown, context) =>
    Effect.map(Ref.get(context.state), (current) => {
      const config = current.productCoupon.notifyConfigs.get(partner ? `partner:${context.mchid}` : context.mchid)
      return config === undefined ? invalid("未设置商品券事件通知地址") : ok(config)
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
        const brandId = brandOf(request as { readonly brand_id?: string }, context, partner)
        const [productCouponId, afterProduct] = nextId(start, "10")
        const [stockId, current] = nextId(afterProduct, "20")
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
        const bundleId = request.usage_mode === "PROGRESSIVE_BUNDLE" ? `30${productCouponId.slice(2)}` : undefined
        const stockFields = ("stock" in request ? request.stock : request.stock_bundle) as Omit<
          StockWire,
          "product_coupon_id" | "stock_id" | "state"
        >
        const stock: StockWire = {
          ...stockFields,
          product_coupon_id: productCouponId,
          stock_id: stockId,
          state: "EFFECTIVE",
          brand_id: brandId,
          ...(bundleId === undefined ? {} : { stock_bundle_info: { stock_bundle_id: bundleId, stock_bundle_index: 0 } })
        }
        const productCoupons = new Map(current.productCoupon.productCoupons)
        productCoupons.set(key(brandId, productCouponId), product)
        const stocks = new Map(current.productCoupon.stocks)
        stocks.set(key(brandId, stockId), stock)
        return [
          ok(
            bundleId === undefined
              ? { ...product, stock }
              : { ...product, stock_bundle: { stock_bundle_id: bundleId, stock_list: [stock] } }
          ),
          withProductCoupon(current, { productCoupons, stocks })
        ]
      }
    )
  ),
  createStock: behaviour(api.CreateStock, (request, context) =>
    Ref.modify(context.state, (start): [Outcome<StockWire>, GatewayState] => {
      const brandId = brandOf(request as { readonly brand_id?: string }, context, partner)
      const product = productCouponOf(start, brandId, request.product_coupon_id)
      if (product === undefined) return [invalid("商品券不存在"), start]
      if (product.usage_mode !== "SINGLE") return [invalid("多次优惠商品券请添加批次组"), start]
      const [stockId, current] = nextId(start, "20")
      const stock: StockWire = {
        ...(request.stock as Omit<StockWire, "product_coupon_id" | "stock_id" | "state">),
        product_coupon_id: request.product_coupon_id,
        stock_id: stockId,
        state: "EFFECTIVE",
        brand_id: brandId
      }
      const stocks = new Map(current.productCoupon.stocks)
      stocks.set(key(brandId, stockId), stock)
      return [ok(stock), withProductCoupon(current, { stocks })]
    })
  ),
  sendUserProductCoupon: behaviour(api.SendUserProductCoupon, (request, context) =>
    Ref.modify(context.state, (start): [Outcome<UserCouponWire>, GatewayState] => {
      const brandId = brandOf(request as { readonly brand_id?: string }, context, partner)
      const product = productCouponOf(start, brandId, request.product_coupon_id)
      const stock = start.productCoupon.stocks.get(key(brandId, request.stock_id))
      if (product === undefined || stock === undefined || stock.product_coupon_id !== request.product_coupon_id) {
        return [invalid("商品券或批次不存在"), start]
      }
      if (stock.coupon_code_mode === "API_ASSIGN" && request.coupon_code === undefined) {
        return [invalid("批次的券Code分配模式为API_ASSIGN时，coupon_code必传"), start]
      }
      const [sequence, current] = nextId(start, "")
      const couponCode = request.coupon_code ?? `SBXPC${sequence}${randomDigits(6)}`
      const id = key(brandId, request.openid, couponCode)
      if (current.productCoupon.userCoupons.has(id)) return [invalid("券Code已被使用"), start]
      const time = beijingTime(context.config.now())
      const count = product.progressive_bundle_usage_info?.count
      const coupon: UserCouponWire = {
        coupon_code: couponCode,
        coupon_state: "CONFIRMING",
        brand_id: brandId,
        receive_time: time,
        send_request_no: request.send_request_no,
        send_channel: "API",
        product_coupon: product,
        stock,
        ...(request.attach === undefined ? {} : { attach: request.attach }),
        ...(product.usage_mode === "PROGRESSIVE_BUNDLE"
          ? {
              user_product_coupon_bundle_info: {
                user_coupon_bundle_id: `40${sequence}`,
                user_coupon_bundle_index: 0,
                total_count: count ?? 1,
                used_count: 0
              }
            }
          : {})
      }
      const record: UserCouponRecord = { brandId, openid: request.openid, appid: request.appid, coupon }
      const userCoupons = new Map(current.productCoupon.userCoupons)
      userCoupons.set(id, record)
      return [ok(coupon), couponSent(withProductCoupon(current, { userCoupons }), partner, context.mchid, record)]
    })
  ),
  confirmSendUserProductCoupon: behaviour(
    api.ConfirmSendUserProductCoupon,
    transition("confirm", partner, (request, coupon, time) => ({
      ...coupon,
      confirm_request_no: request.out_request_no,
      confirm_time: time,
      valid_begin_time: time
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
      const brandId = brandOf(request as { readonly brand_id?: string }, context, partner)
      const held = current.productCoupon.userCoupons.get(key(brandId, request.openid, request.coupon_code))
      return held === undefined ||
        held.appid !== request.appid ||
        held.coupon.product_coupon?.product_coupon_id !== request.product_coupon_id ||
        held.coupon.stock?.stock_id !== request.stock_id
        ? invalid("用户商品券不存在")
        : ok(held.coupon)
    })
  ),
  listUserProductCoupons: behaviour(api.ListUserProductCoupons, (request, context) =>
    Effect.map(
      Ref.get(context.state),
      (current): Outcome<typeof ProductCoupon.ListUserProductCouponsResponse.Encoded> => {
        const brandId = brandOf(request as { readonly brand_id?: string }, context, partner)
        const matching = [...current.productCoupon.userCoupons.values()].filter(
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
        // The page token is the offset of the page, as a decimal string: opaque to the client.
        const offset = request.page_token === undefined ? 0 : Number(request.page_token)
        if (!Number.isInteger(offset) || offset < 0 || offset > matching.length) {
          return invalid("page_token无效")
        }
        const size = request.page_size ?? 20
        const page = matching.slice(offset, offset + size)
        const next = offset + size < matching.length ? String(offset + size) : undefined
        return ok({
          total_count: matching.length,
          user_coupon_list: page.map((held) => held.coupon),
          ...(next === undefined ? {} : { next_page_token: next })
        })
      }
    )
  )
})

/** The brand API's behaviours. @internal */
export const behaviours = family(ProductCoupon, false)

/** The partner API's behaviours. @internal */
export const partnerBehaviours = family(PartnerProductCoupon, true)
