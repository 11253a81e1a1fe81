/**
 * 商品券 behaviours of the catalogue side, for the brand API and the partner API alike (`brandOf` tells whose brand):
 * the 商品券 queried, changed and deactivated; stocks listed, queried, changed, given a new budget and deactivated;
 * stores associated with a stock; codes pre-uploaded; stock bundles (多次优惠) added, changed, given a new budget and
 * associated with stores. A stock and a bundle are the same thing to a change (a list of stocks changed at once), so
 * each change is written once and run on either (`single`, `bundle`). What the changes do is seen by the rest of the
 * family: a stock that is not `SENDING` sends nothing, a budget is what a send checks, an uploaded code is what a send
 * of an `UPLOAD` stock hands out (see `productCouponRules.ts`). Every write is idempotent on its request number through
 * its descriptor's `idempotency`; an unknown 商品券, stock or bundle is 404 NOT_FOUND, another refusal 400
 * INVALID_REQUEST (the pages' tables).
 *
 * @internal
 */
import * as PartnerProductCoupon from "@effect-wechatpay/schema/PartnerProductCoupon"
import * as ProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { type ApiError, behaviour, type Context, type Outcome, ok } from "./behaviour.js"
import type { ProductCouponWire, StockWire } from "./productCoupon.js"
import {
  brandOf,
  bundleStocksOf,
  invalid,
  key,
  newBundle,
  notFound,
  page,
  productCouponOf,
  sentCounts,
  shownStock,
  stockAsOf,
  stockOf,
  withStocks
} from "./productCouponRules.js"
import { beijingTime } from "./protocol.js"
import { type GatewayState, withProductCoupon } from "./state.js"

type StoresWire = typeof ProductCoupon.StoresResult.Encoded
type BundleWire = typeof ProductCoupon.StockBundleEntity.Encoded

/** What a change acts on: the 商品券, and the stock (one) or the stocks of the bundle (in order). */
interface Target {
  readonly product: ProductCouponWire
  readonly stocks: ReadonlyArray<StockWire>
}

const isError = (value: object): value is ApiError => "_tag" in value

/**
 * A stock that is "失效或过期" (the pages' 前置条件 "批次未失效或过期" of 修改批次发放预算, 关联门店, 预上传券Code):
 * `DEACTIVATED`, or `STOPPED` as of the clock (see `stockAsOf`).
 */
const ended = (stock: StockWire): boolean => stock.state === "DEACTIVATED" || stock.state === "STOPPED"

/**
 * One stock of the 商品券. The single-stock writes refuse a stock of a bundle: "usage_mode为PROGRESSIVE_BUNDLE的批次在
 * 批次组内,不可使用本接口" (修改商品券批次, https://pay.weixin.qq.com/doc/v3/partner/4015781556; the same on 修改批次
 * 发放预算, 批次关联门店, 批次取消关联门店).
 */
const single =
  (refuseBundled: boolean) =>
  (
    current: GatewayState,
    brandId: string,
    request: { readonly product_coupon_id: string; readonly stock_id: string },
    now: number
  ): ApiError | Target => {
    const product = productCouponOf(current, brandId, request.product_coupon_id)
    const stock = stockOf(current, brandId, request.product_coupon_id, request.stock_id, now)
    if (product === undefined || stock === undefined) return product === undefined ? notFound.product : notFound.stock
    if (refuseBundled && stock.stock_bundle_info != null) {
      return invalid("多次优惠批次组内的批次不可使用本接口，请使用批次组接口")
    }
    return { product, stocks: [stock] }
  }

/** Every stock of a bundle of the 商品券 (the bundle writes: "本接口会同步修改批次组内所有批次"). */
const bundle = (
  current: GatewayState,
  brandId: string,
  request: { readonly product_coupon_id: string; readonly stock_bundle_id: string },
  now: number
): ApiError | Target => {
  const product = productCouponOf(current, brandId, request.product_coupon_id)
  const stocks = bundleStocksOf(current, brandId, request.product_coupon_id, request.stock_bundle_id, now)
  return product === undefined ? notFound.product : stocks.length === 0 ? notFound.bundle : { product, stocks }
}

type Resolve<R> = (current: GatewayState, brandId: string, request: R, now: number) => ApiError | Target

/** Runs a change on what `resolve` finds, as one step on the state; a refusal changes nothing. */
const modify = <R extends object, AE>(
  request: R,
  context: Context,
  partner: boolean,
  resolve: Resolve<R>,
  change: (start: GatewayState, target: Target, brandId: string, now: number) => ApiError | [AE, GatewayState]
): Effect.Effect<Outcome<AE>> =>
  Ref.modify(context.state, (start): [Outcome<AE>, GatewayState] => {
    const brandId = brandOf(request, context, partner)
    const now = context.config.now()
    const target = resolve(start, brandId, request, now)
    if (isError(target)) return [target, start]
    const result = change(start, target, brandId, now)
    return isError(result) ? [result, start] : [ok(result[0]) as Outcome<AE>, result[1]]
  })

/** The answer of a stock write (the stock) and of a bundle write (the bundle and its stocks). */
const asStock = (current: GatewayState, brandId: string, stocks: ReadonlyArray<StockWire>, now: number): StockWire =>
  shownStock(current, brandId, stocks[0]!, now)

const asBundle = (
  current: GatewayState,
  brandId: string,
  stocks: ReadonlyArray<StockWire>,
  now: number
): BundleWire => ({
  stock_bundle_id: stocks[0]?.stock_bundle_info?.stock_bundle_id ?? "",
  stock_list: stocks.map((stock) => shownStock(current, brandId, stock, now))
})

type Shape<AE> = (current: GatewayState, brandId: string, stocks: ReadonlyArray<StockWire>, now: number) => AE

/** Stores the changed stocks and answers them in `shape`. */
const changed = <AE>(
  start: GatewayState,
  brandId: string,
  stocks: ReadonlyArray<StockWire>,
  now: number,
  shape: Shape<AE>
): [AE, GatewayState] => {
  const current = withStocks(start, brandId, stocks)
  return [shape(current, brandId, stocks, now), current]
}

/**
 * 修改商品券批次 / 修改商品券批次组: "批次处于 SENDING 或 PAUSED 状态"; what the request names replaces the stock's
 * value; "展示信息修改不会影响已经发放的用户商品券" (https://pay.weixin.qq.com/doc/v3/partner/4015781556): a coupon
 * keeps the stock it was sent with.
 */
const update =
  <AE>(request: object, shape: Shape<AE>) =>
  (start: GatewayState, target: Target, brandId: string, now: number): ApiError | [AE, GatewayState] => {
    if (target.stocks.some((stock) => stock.state !== "SENDING" && stock.state !== "PAUSED")) {
      return invalid("批次不处于 SENDING 或 PAUSED 状态，不可修改")
    }
    const {
      out_request_no: _no,
      product_coupon_id: _product,
      stock_id: _stock,
      stock_bundle_id: _bundle,
      brand_id: _brand,
      ...changes
    } = request as Record<string, unknown>
    const stocks = target.stocks.map((stock) => ({ ...stock, ...changes }) as StockWire)
    return changed(start, brandId, stocks, now, shape)
  }

type BudgetRequest =
  | { readonly update_mode: "MAX_COUNT"; readonly current_max_count: number; readonly target_max_count: number }
  | {
      readonly update_mode: "MAX_COUNT_PER_DAY"
      readonly current_max_count_per_day: number
      readonly target_max_count_per_day: number
    }

/**
 * 修改商品券批次(组)发放预算 (https://pay.weixin.qq.com/doc/v3/partner/4015781561, …/4016280642): one budget per call;
 * the current value must be the stock's ("调用本接口前,请先通过查询商品券批次详情接口获取": another value is refused,
 * our reading); the total "允许小于当前批次发放次数总上限,但是不得小于当前已发放总次数"; a stock without a daily
 * limit cannot get one and the reverse ("如果批次当前未限制每日发放次数(创建时未传入),则无法修改为限制次数"); a daily
 * limit below today's sends is refused too (our choice, as the total); "批次未失效或过期".
 */
const budget =
  <AE>(request: BudgetRequest, shape: Shape<AE>) =>
  (start: GatewayState, target: Target, brandId: string, now: number): ApiError | [AE, GatewayState] => {
    if (target.stocks.some(ended)) return invalid("批次已失效或已过期，不可修改预算")
    const first = target.stocks[0]!
    const rule = first.stock_send_rule
    const counts = sentCounts(start, brandId, first, now)
    let patch: { readonly max_count: number } | { readonly max_count_per_day: number }
    if (request.update_mode === "MAX_COUNT") {
      if (Number(rule?.max_count) !== request.current_max_count) {
        return invalid("current_max_count 与批次当前发放次数总上限不一致，请查询批次获取最新值")
      }
      if (request.target_max_count < counts.total) return invalid("目标批次发放次数总上限不得小于当前已发放总次数")
      patch = { max_count: request.target_max_count }
    } else {
      if (rule?.max_count_per_day == null) return invalid("批次未限制每日发放次数，无法修改为限制次数")
      if (Number(rule.max_count_per_day) !== request.current_max_count_per_day) {
        return invalid("current_max_count_per_day 与批次当前每日发放次数上限不一致，请查询批次获取最新值")
      }
      if (request.target_max_count_per_day < counts.today) {
        return invalid("目标批次每日发放次数上限不得小于今日已发放次数")
      }
      patch = { max_count_per_day: request.target_max_count_per_day }
    }
    const stocks = target.stocks.map((stock) => ({ ...stock, stock_send_rule: { ...stock.stock_send_rule, ...patch } }))
    return changed(start, brandId, stocks, now, shape)
  }

/**
 * 批次(组)关联门店 / 取消关联门店: "批次的 store_scope 为 SPECIFIC", "批次未失效或过期"
 * (https://pay.weixin.qq.com/doc/v3/partner/4015781302). A store already associated (关联), or not associated (取消关联),
 * is answered in `failed_store_list` with a reason; the others in `success_store_list`. No code is documented for a
 * failed store: INVALID_REQUEST, the family's business code, is our choice.
 */
const stores =
  (associate: boolean, request: { readonly store_list: ReadonlyArray<{ readonly store_id: string }> }) =>
  (start: GatewayState, target: Target, brandId: string): ApiError | [StoresWire, GatewayState] => {
    if (target.stocks.some((stock) => stock.store_scope !== "SPECIFIC")) {
      return invalid("批次的可用门店范围（store_scope）不是 SPECIFIC，不可关联门店")
    }
    if (target.stocks.some(ended)) return invalid("批次已失效或已过期，不可修改门店")
    const held = new Set(start.productCoupon.stores.get(key(brandId, target.stocks[0]!.stock_id)) ?? [])
    const success: Array<{ readonly store_id: string }> = []
    const failed: Array<{ readonly store_id: string; readonly code: string; readonly message: string }> = []
    for (const { store_id } of request.store_list) {
      if (held.has(store_id) === associate) {
        failed.push({ store_id, code: "INVALID_REQUEST", message: associate ? "门店已关联该批次" : "门店未关联该批次" })
      } else {
        if (associate) held.add(store_id)
        else held.delete(store_id)
        success.push({ store_id })
      }
    }
    const next = new Map(start.productCoupon.stores)
    for (const stock of target.stocks) next.set(key(brandId, stock.stock_id), [...held])
    return [
      { total_count: request.store_list.length, success_store_list: success, failed_store_list: failed },
      withProductCoupon(start, { stores: next })
    ]
  }

/** Builds the behaviours of one family: the brand API's descriptors or the partner API's. */
const family = (api: typeof ProductCoupon | typeof PartnerProductCoupon, partner: boolean) => ({
  /** 查询商品券 (https://pay.weixin.qq.com/doc/v3/partner/4016434632): the 商品券 without its stocks. */
  getProductCoupon: behaviour(api.GetProductCoupon, (request, context) =>
    Effect.map(Ref.get(context.state), (current): Outcome<ProductCouponWire> => {
      const product = productCouponOf(current, brandOf(request, context, partner), request.product_coupon_id)
      return product === undefined ? notFound.product : ok(product)
    })
  ),
  /**
   * 修改商品券: the new `display_info` replaces the old; a 单品券 must keep its price and 套餐 ("scope=SINGLE 时必填",
   * as on 创建商品券). A deactivated 商品券 is refused, and coupons already sent keep what they showed (our choices, as
   * 修改商品券批次 says of its stocks).
   */
  updateProductCoupon: behaviour(api.UpdateProductCoupon, (request, context) =>
    Ref.modify(context.state, (start): [Outcome<ProductCouponWire>, GatewayState] => {
      const brandId = brandOf(request, context, partner)
      const product = productCouponOf(start, brandId, request.product_coupon_id)
      if (product === undefined) return [notFound.product, start]
      if (product.state !== "EFFECTIVE") return [invalid("商品券已失效，不可修改"), start]
      const display = request.display_info
      if (
        product.scope === "SINGLE" &&
        (display.original_price === undefined || display.combo_package_list === undefined)
      ) {
        return [invalid("单品券的 display_info 必须包含 original_price 和 combo_package_list"), start]
      }
      const next: ProductCouponWire = { ...product, display_info: display }
      const productCoupons = new Map(start.productCoupon.productCoupons).set(
        key(brandId, product.product_coupon_id),
        next
      )
      return [ok(next), withProductCoupon(start, { productCoupons })]
    })
  ),
  /**
   * 失效商品券 (https://pay.weixin.qq.com/doc/brand/4015736315): "失效商品券会失效商品券所有批次", "不会有新的用户领券
   * 事件,但历史已经通过该商品券对应的批次发放的用户商品券仍然有效"; "前置条件: 商品券处于 EFFECTIVE 状态"
   * (https://pay.weixin.qq.com/doc/v3/partner/4016434631), so a second call is refused.
   */
  deactivateProductCoupon: behaviour(api.DeactivateProductCoupon, (request, context) =>
    Ref.modify(context.state, (start): [Outcome<ProductCouponWire>, GatewayState] => {
      const brandId = brandOf(request, context, partner)
      const product = productCouponOf(start, brandId, request.product_coupon_id)
      if (product === undefined) return [notFound.product, start]
      if (product.state === "DEACTIVATED") return [invalid("商品券已失效"), start]
      const now = context.config.now()
      const stamp = {
        deactivate_request_no: request.out_request_no,
        deactivate_time: beijingTime(now),
        deactivate_reason: request.deactivate_reason
      }
      const next: ProductCouponWire = { ...product, state: "DEACTIVATED", ...stamp }
      const productCoupons = new Map(start.productCoupon.productCoupons).set(
        key(brandId, product.product_coupon_id),
        next
      )
      // A stock already stopped (past its end) stays STOPPED (our choice: it sends nothing either way).
      const stocks = [...start.productCoupon.stocks.entries()]
        .filter(([id, stock]) => id.startsWith(`${brandId}/`) && stock.product_coupon_id === product.product_coupon_id)
        .map(([, stock]) => stockAsOf(stock, now))
        .filter((stock) => !ended(stock))
        .map((stock): StockWire => ({ ...stock, state: "DEACTIVATED", ...stamp }))
      return [ok(next), withStocks(withProductCoupon(start, { productCoupons }), brandId, stocks)]
    })
  ),
  /**
   * 查询商品券批次列表 (https://pay.weixin.qq.com/doc/brand/4015736384): the stocks of the 商品券 in the order added, by
   * `state` and `stock_bundle_id`; `total_count` on the first page only ("当且仅当 page_token 为空时提供").
   */
  listStocks: behaviour(api.ListStocks, (request, context) =>
    Effect.map(Ref.get(context.state), (current): Outcome<typeof ProductCoupon.ListStocksResponse.Encoded> => {
      const brandId = brandOf(request, context, partner)
      if (productCouponOf(current, brandId, request.product_coupon_id) === undefined) return notFound.product
      const now = context.config.now()
      // Filtered by the state as of now (`shownStock`): a stock past its end is listed as STOPPED.
      const matching = [...current.productCoupon.stocks.entries()]
        .filter(([id, stock]) => id.startsWith(`${brandId}/`) && stock.product_coupon_id === request.product_coupon_id)
        .map(([, stock]) => shownStock(current, brandId, stock, now))
        .filter(
          (stock) =>
            (request.state === undefined || stock.state === request.state) &&
            (request.stock_bundle_id === undefined ||
              stock.stock_bundle_info?.stock_bundle_id === request.stock_bundle_id)
        )
      const one = page(matching, request)
      if (isError(one)) return one
      return ok({
        ...(request.page_token === undefined ? { total_count: matching.length } : {}),
        stock_list: [...one.items],
        ...(one.next === undefined ? {} : { next_page_token: one.next })
      })
    })
  ),
  /** 查询商品券指定批次: the stock with what it has sent (`sent_count_info`) and its codes left. */
  getStock: behaviour(api.GetStock, (request, context) =>
    Effect.map(Ref.get(context.state), (current): Outcome<StockWire> => {
      const brandId = brandOf(request, context, partner)
      const now = context.config.now()
      const found = single(false)(current, brandId, request, now)
      return isError(found) ? found : ok(asStock(current, brandId, found.stocks, now))
    })
  ),
  updateStock: behaviour(api.UpdateStock, (request, context) =>
    modify(request, context, partner, single(true), update(request, asStock))
  ),
  updateStockBudget: behaviour(api.UpdateStockBudget, (request, context) =>
    modify(request, context, partner, single(true), budget(request, asStock))
  ),
  /**
   * 失效商品券批次 (https://pay.weixin.qq.com/doc/brand/4015736352): "调用本接口只会失效单个批次,商品券本身以及其他商品券
   * 批次不受影响", "该批次不会有新的用户领券事件,但历史已经通过该批次发放的用户商品券仍然有效"; "前置条件: 商品券批次
   * 处于 SENDING 或 PAUSED 状态" (https://pay.weixin.qq.com/doc/v3/partner/4015781532).
   */
  deactivateStock: behaviour(api.DeactivateStock, (request, context) =>
    modify(request, context, partner, single(false), (start, target, brandId, now) => {
      const stock = target.stocks[0]!
      if (stock.state !== "SENDING" && stock.state !== "PAUSED")
        return invalid("批次不处于 SENDING 或 PAUSED 状态，不可失效")
      const next: StockWire = {
        ...stock,
        state: "DEACTIVATED",
        deactivate_request_no: request.out_request_no,
        deactivate_time: beijingTime(now),
        deactivate_reason: request.deactivate_reason
      }
      return changed(start, brandId, [next], now, asStock)
    })
  ),
  associateStores: behaviour(api.AssociateStores, (request, context) =>
    modify(request, context, partner, single(true), stores(true, request))
  ),
  disassociateStores: behaviour(api.DisassociateStores, (request, context) =>
    modify(request, context, partner, single(true), stores(false, request))
  ),
  /**
   * 查询批次关联门店列表 (https://pay.weixin.qq.com/doc/brand/4015736379): the stores in the order associated,
   * `page_size` (default 20) and `page_token`; "批次的 store_scope 为 SPECIFIC", "批次未失效或过期".
   */
  listAssociatedStores: behaviour(api.ListAssociatedStores, (request, context) =>
    Effect.map(
      Ref.get(context.state),
      (current): Outcome<typeof ProductCoupon.ListAssociatedStoresResponse.Encoded> => {
        const brandId = brandOf(request, context, partner)
        const found = single(false)(current, brandId, request, context.config.now())
        if (isError(found)) return found
        const stock = found.stocks[0]!
        if (stock.store_scope !== "SPECIFIC") return invalid("批次的可用门店范围（store_scope）不是 SPECIFIC")
        if (ended(stock)) return invalid("批次已失效或已过期")
        const all = current.productCoupon.stores.get(key(brandId, stock.stock_id)) ?? []
        const one = page(all, request)
        if (isError(one)) return one
        return ok({
          total_count: all.length,
          store_list: one.items.map((store_id) => ({ store_id })),
          ...(one.next === undefined ? {} : { next_page_token: one.next })
        })
      }
    )
  ),
  /**
   * 预上传券Code (https://pay.weixin.qq.com/doc/brand/4015736400): "批次的 coupon_code_mode 配置为 UPLOAD", "批次未失效
   * 或过期"; "券Code需保持唯一性": a code repeated in the request is in `duplicate_code_list` (its first occurrence is
   * taken), one the brand uploaded before (to any of its stocks) in `already_exist_code_list`; the others are added,
   * and a send of the stock hands them out in this order.
   */
  uploadCouponCodes: behaviour(api.UploadCouponCodes, (request, context) =>
    modify(request, context, partner, single(false), (start, target, brandId) => {
      const stock = target.stocks[0]!
      if (stock.coupon_code_mode !== "UPLOAD") return invalid("批次的券Code分配模式（coupon_code_mode）不是 UPLOAD")
      if (ended(stock)) return invalid("批次已失效或已过期")
      const uploaded = new Set(
        [...start.productCoupon.couponCodes.entries()]
          .filter(([id]) => id.startsWith(`${brandId}/`))
          .flatMap(([, held]) => held.codes)
      )
      const seen = new Set<string>()
      const success: Array<string> = []
      const duplicate: Array<string> = []
      const already: Array<string> = []
      for (const code of request.code_list) {
        if (seen.has(code)) duplicate.push(code)
        else if (uploaded.has(code)) already.push(code)
        else success.push(code)
        seen.add(code)
      }
      const id = key(brandId, stock.stock_id)
      const held = start.productCoupon.couponCodes.get(id) ?? { codes: [], handedOut: 0 }
      const couponCodes = new Map(start.productCoupon.couponCodes).set(id, {
        ...held,
        codes: [...held.codes, ...success]
      })
      return [
        {
          total_count: request.code_list.length,
          success_code_list: success,
          failed_code_list: [],
          already_exist_code_list: already,
          duplicate_code_list: duplicate
        },
        withProductCoupon(start, { couponCodes })
      ]
    })
  ),
  /**
   * 添加商品券批次组 (https://pay.weixin.qq.com/doc/v3/partner/4016280622): to a 多次优惠 商品券 in effect, one stock per
   * rule of the list (see `newBundle`).
   */
  createStockBundle: behaviour(api.CreateStockBundle, (request, context) =>
    Ref.modify(context.state, (start): [Outcome<BundleWire>, GatewayState] => {
      const brandId = brandOf(request, context, partner)
      const product = productCouponOf(start, brandId, request.product_coupon_id)
      if (product === undefined) return [notFound.product, start]
      if (product.usage_mode !== "PROGRESSIVE_BUNDLE") return [invalid("单券商品券请添加批次"), start]
      if (product.state !== "EFFECTIVE") return [invalid("商品券已失效，不可添加批次组"), start]
      const [bundleId, stocks, current] = newBundle(start, request.stock_bundle, request.product_coupon_id, brandId)
      return [ok({ stock_bundle_id: bundleId, stock_list: [...stocks] }), current]
    })
  ),
  updateStockBundle: behaviour(api.UpdateStockBundle, (request, context) =>
    modify(request, context, partner, bundle, update(request, asBundle))
  ),
  updateStockBundleBudget: behaviour(api.UpdateStockBundleBudget, (request, context) =>
    modify(request, context, partner, bundle, budget(request, asBundle))
  ),
  associateStoresForStockBundle: behaviour(api.AssociateStoresForStockBundle, (request, context) =>
    modify(request, context, partner, bundle, stores(true, request))
  ),
  disassociateStoresForStockBundle: behaviour(api.DisassociateStoresForStockBundle, (request, context) =>
    modify(request, context, partner, bundle, stores(false, request))
  )
})

/** The brand API's behaviours. @internal */
export const behaviours = family(ProductCoupon, false)

/** The partner API's behaviours. @internal */
export const partnerBehaviours = family(PartnerProductCoupon, true)
