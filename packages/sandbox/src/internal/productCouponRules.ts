/**
 * The 商品券 rules every behaviour of the family shares: ids and keys, the brand a request acts for, whether a stock
 * may send one more coupon (its state, its code mode, its budgets, its pre-uploaded codes), the counts a stock shows,
 * the stocks of a bundle, and token paging. No behaviour lives here: `productCoupon.ts` (the lifecycle) and
 * `productCouponStocks.ts`, `productCouponUsers.ts` (the rest of the family) build on it.
 *
 * @internal
 */
import { type ApiError, apiError, type Context } from "./behaviour.js"
import { randomDigits } from "./material.js"
import type { ProductCouponWire, StockWire, UserCouponRecord, UserCouponWire } from "./productCoupon.js"
import { couponSent } from "./productCouponNotify.js"
import { beijingTime } from "./protocol.js"
import { type GatewayState, withProductCoupon } from "./state.js"

/**
 * A refusal by a business rule: 400 INVALID_REQUEST, "传入参数不符合业务规则" on every page's table (the sandbox says
 * which rule).
 *
 * @internal
 */
export const invalid = (message: string): ApiError => apiError(400, "INVALID_REQUEST", message)

/**
 * What the pages' tables answer for an id that names nothing (e.g. https://pay.weixin.qq.com/doc/v3/partner/4015781605):
 * 404 NOT_FOUND, one message per id.
 *
 * @internal
 */
export const notFound = {
  product: apiError(404, "NOT_FOUND", "未找到 product_coupon_id 对应的商品券"),
  stock: apiError(404, "NOT_FOUND", "未找到 stock_id 对应的商品券批次"),
  bundle: apiError(404, "NOT_FOUND", "未找到 stock_bundle_id 对应的商品券批次组"),
  coupon: apiError(404, "NOT_FOUND", "未找到 coupon_code 对应的用户商品券"),
  notifyConfig: apiError(404, "NOT_FOUND", "未找到品牌通知配置")
} as const

/**
 * What a send to a stock that is not `SENDING` (前置条件: "商品券批次处于 SENDING 状态") answers: the message the official
 * 商品券 skill's 排障手册 gives for it ("268577984 — 商品券批次状态不是发放中", wechatpay-apiv3/wechatpay-skills).
 *
 * @internal
 */
export const NOT_SENDING = "商品券批次状态不是发放中"

const NO_BUDGET = apiError(403, "NOT_ENOUGH", "商品券批次发放预算不足")

/** @internal */
export const key = (...parts: ReadonlyArray<string>): string => parts.join("/")

/**
 * The brand a request acts for: the Authorization's 品牌ID (brand API) or the request's `brand_id` (partner API).
 *
 * @internal
 */
export const brandOf = (request: object, context: Context, partner: boolean): string =>
  partner ? ((request as { readonly brand_id?: string }).brand_id ?? "") : context.mchid

/** The next id of the family, with a prefix. @internal */
export const nextId = (current: GatewayState, prefix: string): [string, GatewayState] => {
  const sequence = current.productCoupon.sequence + 1
  return [`${prefix}${String(sequence).padStart(8, "0")}`, withProductCoupon(current, { sequence })]
}

/** @internal */
export const productCouponOf = (current: GatewayState, brandId: string, id: string): ProductCouponWire | undefined =>
  current.productCoupon.productCoupons.get(key(brandId, id))

/**
 * A stock as of `now`, by the 批次状态 of 查询商品券批次列表 (https://pay.weixin.qq.com/doc/brand/4015736384): a
 * `SENDING` or `PAUSED` stock is `STOPPED` ("已停止,当前已到达结束时间") once its 券可用时间 has ended (the
 * `available_end_time` of its usage rule's `coupon_available_period`: "过期的批次会自动停止", the official 商品券 skill's
 * 排障手册, wechatpay-apiv3/wechatpay-skills); other states are kept. Every read and write of a stock sees it through
 * {@link stockOf}, {@link bundleStocksOf} or {@link shownStock}, so `Sandbox.advanceTime` past the end stops a stock.
 *
 * @internal
 */
export const stockAsOf = (stock: StockWire, now: number): StockWire => {
  if (stock.state !== "SENDING" && stock.state !== "PAUSED") return stock
  const end = Date.parse(periodOf(stock)?.available_end_time ?? "")
  return now > end ? { ...stock, state: "STOPPED" } : stock
}

/**
 * A stock of the brand that belongs to the 商品券 (the pages: "请确保该批次属于 product_coupon_id 对应的商品券"), as of
 * `now` ({@link stockAsOf}).
 *
 * @internal
 */
export const stockOf = (
  current: GatewayState,
  brandId: string,
  productCouponId: string,
  stockId: string,
  now: number
): StockWire | undefined => {
  const stock = current.productCoupon.stocks.get(key(brandId, stockId))
  return stock?.product_coupon_id === productCouponId ? stockAsOf(stock, now) : undefined
}

/** The stocks of a bundle, in their order (`stock_bundle_index`), as of `now` ({@link stockAsOf}). @internal */
export const bundleStocksOf = (
  current: GatewayState,
  brandId: string,
  productCouponId: string,
  bundleId: string,
  now: number
): ReadonlyArray<StockWire> =>
  [...current.productCoupon.stocks.entries()]
    .filter(
      ([id, stock]) =>
        id.startsWith(`${brandId}/`) &&
        stock.product_coupon_id === productCouponId &&
        stock.stock_bundle_info?.stock_bundle_id === bundleId
    )
    .map(([, stock]) => stockAsOf(stock, now))
    .sort((a, b) => Number(a.stock_bundle_info?.stock_bundle_index) - Number(b.stock_bundle_info?.stock_bundle_index))

/** `current` with these stocks of the brand stored. @internal */
export const withStocks = (current: GatewayState, brandId: string, changed: ReadonlyArray<StockWire>): GatewayState => {
  const stocks = new Map(current.productCoupon.stocks)
  for (const stock of changed) stocks.set(key(brandId, stock.stock_id), stock)
  return withProductCoupon(current, { stocks })
}

/** The fields of a stock to create, as 创建商品券, 添加商品券批次 and 添加商品券批次组 send them. */
type StockFields = Omit<StockWire, "product_coupon_id" | "stock_id" | "state">

/**
 * A new stock (state `SENDING`: "商品券批次处于 SENDING 状态" is what 向用户发放商品券 requires of a stock just
 * created; the sandbox has no review, so no `AUDITING`).
 *
 * @internal
 */
export const newStock = (fields: object, productCouponId: string, stockId: string, brandId: string): StockWire => ({
  ...(fields as StockFields),
  product_coupon_id: productCouponId,
  stock_id: stockId,
  state: "SENDING",
  brand_id: brandId
})

type BundleRule = {
  readonly coupon_available_period?: unknown
  readonly normal_coupon_list?: ReadonlyArray<unknown>
  readonly discount_coupon_list?: ReadonlyArray<unknown>
  readonly exchange_coupon_list?: ReadonlyArray<unknown>
}

/**
 * The stocks of a new bundle: "会根据内部的优惠规则列表依次创建批次放入批次组" (创建商品券, 添加商品券批次组,
 * https://pay.weixin.qq.com/doc/v3/partner/4016280622): one stock per rule of the list, in order, each with its rule as
 * its `progressive_bundle_usage_rule` and its place in `stock_bundle_info`.
 *
 * @internal
 */
export const newBundle = (
  start: GatewayState,
  fields: { readonly progressive_bundle_usage_rule: object },
  productCouponId: string,
  brandId: string
): [string, ReadonlyArray<StockWire>, GatewayState] => {
  const [bundleId, afterBundle] = nextId(start, "30")
  const { progressive_bundle_usage_rule, ...rest } = fields
  const rule = progressive_bundle_usage_rule as BundleRule
  const [listKey, single] =
    rule.normal_coupon_list !== undefined
      ? (["normal_coupon_list", "normal_coupon"] as const)
      : rule.discount_coupon_list !== undefined
        ? (["discount_coupon_list", "discount_coupon"] as const)
        : (["exchange_coupon_list", "exchange_coupon"] as const)
  let current = afterBundle
  const stocks: Array<StockWire> = []
  for (const [index, coupon] of (rule[listKey] ?? []).entries()) {
    const [stockId, next] = nextId(current, "20")
    current = next
    stocks.push({
      ...newStock(rest, productCouponId, stockId, brandId),
      progressive_bundle_usage_rule: {
        ...(rule.coupon_available_period === undefined
          ? {}
          : { coupon_available_period: rule.coupon_available_period }),
        [single]: coupon
      } as NonNullable<StockWire["progressive_bundle_usage_rule"]>,
      stock_bundle_info: { stock_bundle_id: bundleId, stock_bundle_index: index }
    })
  }
  return [bundleId, stocks, withStocks(current, brandId, stocks)]
}

/** The Beijing date of a wire time (`yyyy-MM-dd`). */
const dayOf = (time: string | undefined | null): string | undefined => time?.slice(0, 10)

/** Whether a user coupon was sent from this stock (a bundle's coupon counts for every stock of its bundle). */
const sentFrom = (held: UserCouponRecord, brandId: string, stock: StockWire): boolean => {
  if (held.brandId !== brandId) return false
  const bundleId = stock.stock_bundle_info?.stock_bundle_id
  return bundleId === undefined || bundleId === null
    ? held.coupon.stock?.stock_id === stock.stock_id
    : held.coupon.stock?.stock_bundle_info?.stock_bundle_id === bundleId
}

/** How many coupons a stock has sent: in total, today (Beijing time), and to one user. @internal */
export const sentCounts = (
  current: GatewayState,
  brandId: string,
  stock: StockWire,
  now: number,
  openid?: string
): { readonly total: number; readonly today: number; readonly user: number } => {
  const today = dayOf(beijingTime(now))
  let total = 0
  let todayCount = 0
  let user = 0
  for (const held of current.productCoupon.userCoupons.values()) {
    if (!sentFrom(held, brandId, stock)) continue
    total++
    if (dayOf(held.coupon.receive_time) === today) todayCount++
    if (held.openid === openid) user++
  }
  return { total, today: todayCount, user }
}

/**
 * A stock as the gateway answers it: its state as of `now` ({@link stockAsOf}), with `sent_count_info` (已发放次数) and,
 * for an `UPLOAD` stock,
 * `coupon_code_count_info` (品牌方预上传的券Code数量信息: uploaded, and not yet handed out).
 *
 * @internal
 */
export const shownStock = (current: GatewayState, brandId: string, stock: StockWire, now: number): StockWire => {
  const counts = sentCounts(current, brandId, stock, now)
  const codes = current.productCoupon.couponCodes.get(key(brandId, stock.stock_id))
  return {
    ...stockAsOf(stock, now),
    sent_count_info: { total_count: counts.total, today_count: counts.today },
    ...(stock.coupon_code_mode === "UPLOAD"
      ? {
          coupon_code_count_info: {
            total_count: codes?.codes.length ?? 0,
            available_count: (codes?.codes.length ?? 0) - (codes?.handedOut ?? 0)
          }
        }
      : {})
  }
}

/**
 * Whether a stock may send one more coupon to a user, and with which code; applied by 向用户发放商品券, 向用户发放商品券
 * 批次组 and 向用户预发放商品券 ("能否发放受限于商品券批次的发放限额: 商品券批次总预算, 商品券批次每日预算(如果有),
 * 商品券批次每人限领(如果有)"; "前置条件: 已创建商品券批次,商品券批次处于 SENDING 状态",
 * https://pay.weixin.qq.com/doc/v3/partner/4015781605). `coupon_code` "当且仅当 coupon_code_mode 为 API_ASSIGN 时
 * 必传,其他模式下用户商品券Code由微信支付分配,不允许传入"; an `UPLOAD` stock hands out its pre-uploaded codes in the
 * order they were uploaded (`take` false leaves them in place: a pre-send only checks).
 *
 * @internal
 */
export const sendable = (
  start: GatewayState,
  brandId: string,
  product: ProductCouponWire,
  stock: StockWire,
  request: { readonly openid: string; readonly coupon_code?: string | undefined },
  now: number,
  take: boolean
): ApiError | { readonly couponCode: string | undefined; readonly current: GatewayState } => {
  if (product.state !== "EFFECTIVE") return invalid("商品券已失效，不可发券")
  if (stockAsOf(stock, now).state !== "SENDING") return invalid(NOT_SENDING)
  const mode = stock.coupon_code_mode
  if (mode === "API_ASSIGN" && request.coupon_code === undefined) {
    return invalid("批次的券Code分配模式为API_ASSIGN时，coupon_code必传")
  }
  if (mode !== "API_ASSIGN" && request.coupon_code !== undefined) {
    return invalid("批次的券Code分配模式不为API_ASSIGN时，不允许传入coupon_code")
  }
  const rule = stock.stock_send_rule
  const counts = sentCounts(start, brandId, stock, now, request.openid)
  // The page's rows: "400 INVALID_REQUEST 用户领取已达到上限", "403 NOT_ENOUGH 商品券批次发放预算不足" (total or daily).
  if (rule?.max_count_per_user != null && counts.user >= Number(rule.max_count_per_user)) {
    return invalid("用户领取已达到上限")
  }
  if (rule?.max_count != null && counts.total >= Number(rule.max_count)) return NO_BUDGET
  if (rule?.max_count_per_day != null && counts.today >= Number(rule.max_count_per_day)) return NO_BUDGET
  if (mode !== "UPLOAD") return { couponCode: request.coupon_code, current: start }
  const id = key(brandId, stock.stock_id)
  const codes = start.productCoupon.couponCodes.get(id)
  const code = codes?.codes[codes.handedOut]
  if (codes === undefined || code === undefined) {
    return apiError(403, "NOT_ENOUGH", "商品券批次预上传券Code剩余数量不足")
  }
  if (!take) return { couponCode: code, current: start }
  const couponCodes = new Map(start.productCoupon.couponCodes).set(id, { ...codes, handedOut: codes.handedOut + 1 })
  return { couponCode: code, current: withProductCoupon(start, { couponCodes }) }
}

/**
 * A user coupon just sent (`CONFIRMING`, waiting for 确认发放), of a 单券 stock or of a 多次优惠 bundle (then with
 * `user_product_coupon_bundle_info`, the bundle used `progressive_bundle_usage_info.count` times). Its code is the one
 * given, else one WeChat Pay would assign.
 *
 * @internal
 */
export const newUserCoupon = (
  start: GatewayState,
  brandId: string,
  product: ProductCouponWire,
  stock: StockWire,
  request: {
    readonly send_request_no: string
    readonly attach?: string | undefined
    readonly coupon_tag_info?: unknown
  },
  code: string | undefined,
  time: string
): [UserCouponWire, GatewayState] => {
  const [sequence, current] = nextId(start, "")
  const count = product.progressive_bundle_usage_info?.count
  const coupon: UserCouponWire = {
    coupon_code: code ?? `SBXPC${sequence}${randomDigits(6)}`,
    coupon_state: "CONFIRMING",
    brand_id: brandId,
    receive_time: time,
    ...validityOf(stock, time),
    send_request_no: request.send_request_no,
    send_channel: "API",
    product_coupon: product,
    stock,
    ...(request.attach === undefined ? {} : { attach: request.attach }),
    ...(request.coupon_tag_info === undefined
      ? {}
      : { coupon_tag_info: request.coupon_tag_info as NonNullable<UserCouponWire["coupon_tag_info"]> }),
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
  return [coupon, current]
}

/**
 * One page of `items` by `page_token` (the offset of the page as a decimal string: opaque to the client),
 * `page_size` (default 20), and the `next_page_token` when more follow.
 *
 * @internal
 */
export const page = <A>(
  items: ReadonlyArray<A>,
  request: { readonly page_size?: number | undefined; readonly page_token?: string | undefined }
): ApiError | { readonly items: ReadonlyArray<A>; readonly next: string | undefined } => {
  const offset = request.page_token === undefined ? 0 : Number(request.page_token)
  if (!Number.isInteger(offset) || offset < 0 || offset > items.length) return invalid("page_token无效")
  const size = request.page_size ?? 20
  return {
    items: items.slice(offset, offset + size),
    next: offset + size < items.length ? String(offset + size) : undefined
  }
}

/**
 * Issues a coupon of `stock` to the request's user, as 向用户发放商品券 and 向用户发放商品券批次组 both do: the checks of
 * {@link sendable}, the coupon stored, and the 商品券 notification enqueued where the brand (or the service provider,
 * `partner`) set a notify URL (`couponSent`).
 *
 * @internal
 */
export const issue = (
  start: GatewayState,
  context: Context,
  partner: boolean,
  brandId: string,
  product: ProductCouponWire,
  stock: StockWire,
  request: Parameters<typeof newUserCoupon>[4] & {
    readonly openid: string
    readonly appid: string
    readonly coupon_code?: string | undefined
  }
): ApiError | [UserCouponWire, GatewayState] => {
  const now = context.config.now()
  const allowed = sendable(start, brandId, product, stock, request, now, true)
  if ("_tag" in allowed) return allowed
  const [coupon, current] = newUserCoupon(
    allowed.current,
    brandId,
    product,
    stock,
    request,
    allowed.couponCode,
    beijingTime(now)
  )
  const id = key(brandId, request.openid, coupon.coupon_code)
  if (current.productCoupon.userCoupons.has(id)) return apiError(400, "ALREADY_EXISTS", "coupon_code 冲突")
  const record: UserCouponRecord = { brandId, openid: request.openid, appid: request.appid, coupon }
  const userCoupons = new Map(current.productCoupon.userCoupons).set(id, record)
  return [coupon, couponSent(withProductCoupon(current, { userCoupons }), partner, context.mchid, record)]
}

/** The stock's 券可用时间 (`coupon_available_period` of its usage rule, single or 多次优惠), if it has one. */
const periodOf = (stock: StockWire): Period | undefined => {
  for (const rule of [stock.single_usage_rule, stock.progressive_bundle_usage_rule] as ReadonlyArray<unknown>) {
    const period = (rule as { readonly coupon_available_period?: Period | null } | null | undefined)
      ?.coupon_available_period
    if (period != null) return period
  }
  return undefined
}

interface Period {
  readonly available_begin_time: string
  readonly available_end_time: string
  readonly available_days?: number | null | undefined
  readonly wait_days_after_receive?: number | null | undefined
}

const DAY = 86_400_000

/**
 * A coupon's validity, fixed when it is received, from the stock's 券可用时间: it begins `wait_days_after_receive` days
 * after receipt ("领取后N天开始生效") and lasts `available_days` days ("生效后N天内有效"), never outside the stock's
 * `available_begin_time`–`available_end_time`. Nothing when the stock has no period.
 */
const validityOf = (
  stock: StockWire,
  receiveTime: string
): { readonly valid_begin_time?: string; readonly valid_end_time?: string } => {
  const period = periodOf(stock)
  if (period === undefined) return {}
  const received = Date.parse(receiveTime)
  const begin = Math.max(
    Date.parse(period.available_begin_time),
    received + (period.wait_days_after_receive ?? 0) * DAY
  )
  const days = period.available_days
  const end = Math.min(
    Date.parse(period.available_end_time),
    days == null ? Number.POSITIVE_INFINITY : begin + days * DAY
  )
  if (Number.isNaN(begin) || Number.isNaN(end)) return {}
  return { valid_begin_time: beijingTime(begin), valid_end_time: beijingTime(end) }
}

/**
 * A user coupon as of `now`, by the states of 指定券状态查询用户商品券列表 (https://pay.weixin.qq.com/doc/brand/4015736420):
 * a confirmed coupon is `PENDING` ("已发放待生效,尚未到达可用开始时间") before its `valid_begin_time`, `EXPIRED`
 * ("已超过有效期,不再可用") after its `valid_end_time`, `EFFECTIVE` between; other states are kept. Reads and transitions
 * see this, so `Sandbox.advanceTime` past a coupon's end expires it and a use is refused.
 *
 * @internal
 */
export const asOf = (coupon: UserCouponWire, now: number): UserCouponWire => {
  if (coupon.coupon_state !== "EFFECTIVE" && coupon.coupon_state !== "PENDING" && coupon.coupon_state !== "EXPIRED") {
    return coupon
  }
  const begin = coupon.valid_begin_time == null ? Number.NaN : Date.parse(coupon.valid_begin_time)
  const end = coupon.valid_end_time == null ? Number.NaN : Date.parse(coupon.valid_end_time)
  const state = now > end ? "EXPIRED" : now < begin ? "PENDING" : "EFFECTIVE"
  return state === coupon.coupon_state ? coupon : { ...coupon, coupon_state: state }
}
