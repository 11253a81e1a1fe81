/**
 * 代金券 (favor) behaviours, one per descriptor of `Favor.endpoints`, over one state machine: a stock is created
 * `unactivated`, activated to `running`, paused and restarted, stopped for good (`stoped`, the wire spelling); coupons
 * are sent from a running stock within its validity, budget and per-user limit, and redeemed with the
 * `markFavorCouponUsed` control. Creating a stock and sending a coupon are idempotent on `out_request_no` through the
 * descriptors' `idempotency` (see `idempotency.ts`). Which documented code answers which invalid call is
 * our choice: the 代金券 pages print one common error table and tie no row to a transition.
 *
 * @internal
 */
import * as Favor from "@effect-wechatpay/schema/Favor"
import * as Time from "@effect-wechatpay/schema/Time"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type { FavorUseRecord, MarkFavorCouponUsed } from "../SandboxTypes.js"
import {
  type ApiError,
  apiError,
  behaviour,
  type Context,
  notExists,
  type Ok,
  type Outcome,
  ok,
  paramError
} from "./behaviour.js"
import { misuse } from "./misuse.js"
import * as Outbox from "./outbox.js"
import { beijingTime } from "./protocol.js"
import {
  type FavorCoupon,
  type FavorCouponRecord,
  type FavorStock,
  type FavorStockCreated,
  type FavorStockRecord,
  type GatewayConfig,
  type GatewayState,
  putLast,
  withFavor
} from "./state.js"

// ---------------------------------------------------------------------------------------------------------------
// Answers (the rows of the 代金券 common table; the Request-ID suffixes are those of docs/sources/wechatpay-v3.md §2.6)
// ---------------------------------------------------------------------------------------------------------------

const stockNotFound = (): ApiError => notExists("批次不存在")
const couponNotFound = (): ApiError => notExists("查询的券不存在")
const illegalMerchant = (): ApiError => apiError(400, "INVALID_REQUEST", "非法的商户号")
const illegalStatus = (status: unknown): ApiError =>
  apiError(400, "PARAM_ERROR", "非法的批次状态", { field: "/stock_id", location: "path", issue: `status ${status}` })
const notActive = (): ApiError => apiError(400, "INVALID_REQUEST", "活动已结束或未激活", undefined, 270079533)
const budgetShort = (): ApiError => apiError(403, "NOT_ENOUGH", "批次预算不足", undefined, 270079534)
const userLimited = (): ApiError => apiError(403, "REQUEST_BLOCKED", "用户被限领拦截", undefined, 270079532)

const isApiError = (value: object): value is ApiError => "_tag" in value && value._tag === "ApiError"

// ---------------------------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------------------------

const DAY_MILLIS = 24 * 60 * 60 * 1000
const BEIJING_OFFSET_MILLIS = 8 * 60 * 60 * 1000

const epochOf = (wire: string | null | undefined): number | undefined =>
  wire == null ? undefined : Option.getOrUndefined(Time.toEpochMillis(wire))

/** A request time as WeChat Pay answers it: the same instant in Beijing time. */
const served = (time: string): string => {
  const millis = epochOf(time)
  return millis === undefined ? time : beijingTime(millis)
}

/** The Beijing calendar day of an instant, `yyyy-MM-dd`. */
const beijingDay = (millis: number): string => beijingTime(millis).slice(0, 10)

/** Midnight (Beijing) starting the day after an instant. */
const nextBeijingMidnight = (millis: number): number =>
  Math.floor((millis + BEIJING_OFFSET_MILLIS) / DAY_MILLIS + 1) * DAY_MILLIS - BEIJING_OFFSET_MILLIS

const withinValidity = (stock: FavorStock, now: number): boolean => {
  const begin = epochOf(stock.available_begin_time)
  const end = epochOf(stock.available_end_time)
  return (begin === undefined || now >= begin) && (end === undefined || now <= end)
}

// ---------------------------------------------------------------------------------------------------------------
// Creating a stock
// ---------------------------------------------------------------------------------------------------------------

/**
 * The rules the request schema cannot know: the budget of a NORMAL stock is face value × count (批次预算等于批次面额
 * 乘以发券数), and the stock belongs to the calling merchant.
 */
const businessRules = (request: Favor.CreateCouponStockRequest, mchid: string) => {
  const fixed = request.coupon_use_rule.fixed_normal_coupon
  const rule = request.stock_use_rule
  if (
    request.stock_type === "NORMAL" &&
    fixed !== undefined &&
    fixed.coupon_amount * rule.max_coupons !== rule.max_amount
  ) {
    return paramError(
      "/stock_use_rule/max_amount",
      "body",
      "max_amount must equal coupon_amount × max_coupons",
      rule.max_amount,
      "批次预算等于批次面额乘以发券数"
    )
  }
  if (request.belong_merchant !== mchid) {
    return paramError(
      "/belong_merchant",
      "body",
      "belong_merchant must equal the calling merchant id",
      request.belong_merchant,
      "批次归属商户号与请求方商户号不一致"
    )
  }
  return undefined
}

const couponTypeOf = (request: Favor.CreateCouponStockRequest) =>
  request.stock_type === "DISCOUNT_CUT" ? "CUT_TO" : "NORMAL"

/** 查询批次详情 of a stock just created: `unactivated`, nothing sent. The audit step (`audit`) is skipped. */
const stockOf = (request: Favor.CreateCouponStockRequest, created: FavorStockCreated): FavorStock => {
  const rule = request.stock_use_rule
  const use = request.coupon_use_rule
  return {
    stock_id: created.stock_id,
    stock_creator_mchid: request.belong_merchant,
    stock_name: request.stock_name,
    status: "unactivated",
    create_time: created.create_time,
    description: request.pattern_info?.description ?? request.comment ?? "",
    stock_use_rule: {
      max_coupons: rule.max_coupons,
      max_amount: rule.max_amount,
      ...(rule.max_amount_by_day === undefined ? {} : { max_amount_by_day: rule.max_amount_by_day }),
      max_coupons_per_user: rule.max_coupons_per_user,
      ...(use.fixed_normal_coupon === undefined ? {} : { fixed_normal_coupon: use.fixed_normal_coupon }),
      coupon_type: couponTypeOf(request),
      ...(use.goods_tag === undefined ? {} : { goods_tag: use.goods_tag }),
      ...(use.trade_type === undefined ? {} : { trade_type: use.trade_type }),
      ...(use.combine_use === undefined ? {} : { combine_use: use.combine_use }),
      natural_person_limit: rule.natural_person_limit,
      prevent_api_abuse: rule.prevent_api_abuse
    },
    available_begin_time: served(request.available_begin_time),
    available_end_time: served(request.available_end_time),
    distributed_coupons: 0,
    no_cash: request.no_cash,
    singleitem: (use.available_items?.length ?? 0) > 0,
    stock_type: request.stock_type
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Finding a stock, changing its status
// ---------------------------------------------------------------------------------------------------------------

/**
 * The stock `stock_id` of the creator `stock_creator_mchid`: unknown → 404 RESOURCE_NOT_EXISTS 批次不存在; a creator
 * id that is not the stock's → 400 INVALID_REQUEST 非法的商户号.
 */
const ownedStock = (
  current: GatewayState,
  stockId: string,
  creator: string,
  onOtherCreator: () => ApiError = illegalMerchant
): FavorStockRecord | ApiError => {
  const record = current.favor.stocks.get(stockId)
  if (record === undefined) return stockNotFound()
  return record.stock.stock_creator_mchid === creator ? record : onOtherCreator()
}

const withStock = (current: GatewayState, record: FavorStockRecord): GatewayState =>
  withFavor(current, { stocks: new Map(current.favor.stocks).set(String(record.stock.stock_id), record) })

interface StockChange {
  readonly stock_id: string
  readonly stock_creator_mchid: string
}

/**
 * One status transition: from one of `from` (else 400 PARAM_ERROR 非法的批次状态) to what `change` makes of the record
 * at `time` (Beijing, now); answers `answer(time)`.
 */
const transition = <AE>(
  request: StockChange,
  { config, state }: Context,
  from: ReadonlyArray<string>,
  change: (record: FavorStockRecord, time: string, now: number) => FavorStockRecord | ApiError,
  answer: (time: string) => AE
): Effect.Effect<Ok<AE> | ApiError> =>
  Ref.modify(state, (current): [Ok<AE> | ApiError, GatewayState] => {
    const found = ownedStock(current, request.stock_id, request.stock_creator_mchid)
    if (isApiError(found)) return [found, current]
    const status = found.stock.status
    if (typeof status !== "string" || !from.includes(status)) return [illegalStatus(status), current]
    const now = config.now()
    const time = beijingTime(now)
    const changed = change(found, time, now)
    if (isApiError(changed)) return [changed, current]
    return [ok(answer(time)), withStock(current, changed)]
  })

const withStatus = (record: FavorStockRecord, status: string, extra: Partial<FavorStock> = {}): FavorStockRecord => ({
  ...record,
  stock: { ...record.stock, ...extra, status }
})

// ---------------------------------------------------------------------------------------------------------------
// Sending a coupon
// ---------------------------------------------------------------------------------------------------------------

/** The coupon's validity: the stock's, from the next day with `second_day_available`, cut by `available_time_after_receive` minutes. */
const couponValidity = (record: FavorStockRecord, now: number) => {
  const time = record.created.coupon_use_rule.coupon_available_time
  const begin = epochOf(record.stock.available_begin_time) ?? now
  const end = epochOf(record.stock.available_end_time) ?? now
  const from = time?.second_day_available === true ? Math.max(begin, nextBeijingMidnight(now)) : begin
  const to =
    time?.available_time_after_receive === undefined
      ? end
      : Math.min(end, now + time.available_time_after_receive * 60_000)
  return { available_begin_time: beijingTime(from), available_end_time: beijingTime(to) }
}

type SendAnswer = typeof Favor.SendCouponResponse.Encoded

const send = (
  request: Favor.SendCouponRequest,
  { config, mchid, state }: Context
): Effect.Effect<Outcome<SendAnswer>> =>
  Ref.modify(state, (current): [Outcome<SendAnswer>, GatewayState] => {
    const found = ownedStock(current, request.stock_id, request.stock_creator_mchid)
    if (isApiError(found)) return [found, current]
    const now = config.now()
    if (found.stock.status !== "running" || !withinValidity(found.stock, now)) return [notActive(), current]

    const rule = found.created.stock_use_rule
    const fixed = found.created.coupon_use_rule.fixed_normal_coupon
    // 指定面额发券: coupon_value/coupon_minimum, when sent, are the coupon's face value and threshold (our reading:
    // the page ties no check to them); the budget counts the face value.
    const amount = request.coupon_value ?? fixed?.coupon_amount ?? 0
    const minimum = request.coupon_minimum ?? fixed?.transaction_minimum ?? 0
    const distributed = Number(found.stock.distributed_coupons ?? 0)
    const day = beijingDay(now)
    const today = found.sentDay === day ? found.sentAmountToday : 0
    if (
      distributed >= rule.max_coupons ||
      found.sentAmount + amount > rule.max_amount ||
      (rule.max_amount_by_day !== undefined && today + amount > rule.max_amount_by_day)
    ) {
      return [budgetShort(), current]
    }
    const user = rule.natural_person_limit
      ? (current.favor.naturalPersons.get(request.openid) ?? request.openid)
      : request.openid
    const received = found.received.get(user) ?? 0
    if (received >= rule.max_coupons_per_user) return [userLimited(), current]

    const sequence = current.favor.sequence + 1
    const couponId = String(9_800_000_000 + sequence)
    const coupon: FavorCoupon = {
      stock_creator_mchid: request.stock_creator_mchid,
      stock_id: request.stock_id,
      coupon_id: couponId,
      coupon_name: found.stock.stock_name,
      status: "SENDED",
      description: found.stock.description,
      create_time: beijingTime(now),
      coupon_type: couponTypeOf(found.created),
      no_cash: found.stock.no_cash,
      ...couponValidity(found, now),
      singleitem: found.stock.singleitem ?? false,
      ...(amount > 0 ? { normal_coupon_information: { coupon_amount: amount, transaction_minimum: minimum } } : {})
    }
    const record: FavorStockRecord = {
      ...found,
      stock: { ...found.stock, distributed_coupons: distributed + 1 },
      sentAmount: found.sentAmount + amount,
      sentDay: day,
      sentAmountToday: today + amount,
      // Every check has passed: the maps a send grows are written in place (see `putLast`).
      received: putLast(found.received, user, received + 1)
    }
    const owned: FavorCouponRecord = { openid: request.openid, appid: request.appid, sender_mchid: mchid, coupon }
    return [
      ok({ coupon_id: couponId }),
      withFavor(withStock(current, record), { sequence, coupons: putLast(current.favor.coupons, couponId, owned) })
    ]
  })

// ---------------------------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------------------------

/** One page by page index, `data` left out when empty (as the 2020 examples of the 代金券 lists show). */
const page = <A>(items: ReadonlyArray<A>, offset: number, limit: number) => {
  const data = items.slice(offset * limit, offset * limit + limit)
  return { total_count: items.length, offset, limit, ...(data.length === 0 ? {} : { data }) }
}

const usableAt = (current: GatewayState, owned: FavorCouponRecord, merchant: string): boolean => {
  const record = current.favor.stocks.get(String(owned.coupon.stock_id))
  const listed = record?.created.coupon_use_rule.available_merchants ?? []
  return listed.length === 0
    ? owned.coupon.stock_creator_mchid === merchant
    : listed.some((listedMerchant) => listedMerchant === merchant)
}

/**
 * 根据商户号查用户的券 (docs/sources/wechatpay-v3.md §2.7): with `creator_mchid` or `sender_mchid`, the user's coupons of that creator/sender,
 * filtered by `stock_id` and `business_type`, by `status` as the page describes (SENDED: usable only; USED: usable and
 * used; absent: every status but EXPIRED), one page by page index. With `available_mchid` alone, every coupon usable
 * at that merchant (SENDED), and `stock_id`, `status`, `offset` and `limit` are ignored. `creator_mchid` wins over
 * `available_mchid`; that `sender_mchid` does too, and that creator and sender filter together, is our choice.
 */
const listCoupons = (current: GatewayState, request: Favor.ListCouponsByFilterRequest) => {
  const offset = request.offset ?? 0
  const limit = request.limit ?? 20
  const mine = [...current.favor.coupons.values()].filter(
    (owned) => owned.openid === request.openid && owned.appid === request.appid
  )
  if (request.creator_mchid === undefined && request.sender_mchid === undefined) {
    const usable = mine.filter(
      (owned) =>
        owned.coupon.status === "SENDED" &&
        request.available_mchid !== undefined &&
        usableAt(current, owned, request.available_mchid)
    )
    return { data: usable.map((owned) => owned.coupon), total_count: usable.length, offset: 0, limit }
  }
  const statuses = request.status === "SENDED" ? ["SENDED"] : request.status === "USED" ? ["SENDED", "USED"] : undefined
  const chosen = mine.filter(
    (owned) =>
      (request.creator_mchid === undefined || owned.coupon.stock_creator_mchid === request.creator_mchid) &&
      (request.sender_mchid === undefined || owned.sender_mchid === request.sender_mchid) &&
      (request.stock_id === undefined || owned.coupon.stock_id === request.stock_id) &&
      (request.business_type === undefined || owned.coupon.business_type === request.business_type) &&
      (statuses === undefined ? owned.coupon.status !== "EXPIRED" : statuses.includes(String(owned.coupon.status)))
  )
  const data = chosen.slice(offset * limit, offset * limit + limit).map((owned) => owned.coupon)
  return { data, total_count: chosen.length, offset, limit }
}

// ---------------------------------------------------------------------------------------------------------------
// The behaviours
// ---------------------------------------------------------------------------------------------------------------

/** @internal */
export const behaviours = {
  createCouponStock: behaviour(Favor.CreateCouponStock, (request, { config, mchid, state }) => {
    const broken = businessRules(request, mchid)
    if (broken !== undefined) return Effect.succeed(broken)
    return Ref.modify(state, (current): [Outcome<FavorStockCreated>, GatewayState] => {
      const sequence = current.favor.sequence + 1
      const created: FavorStockCreated = {
        stock_id: String(16_000_000 + sequence),
        create_time: beijingTime(config.now())
      }
      const record: FavorStockRecord = {
        stock: stockOf(request, created),
        created: request,
        sentAmount: 0,
        sentDay: "",
        sentAmountToday: 0,
        received: new Map()
      }
      return [
        ok(created),
        withFavor(current, { stocks: new Map(current.favor.stocks).set(created.stock_id, record), sequence })
      ]
    })
  }),

  // unactivated → running. Activating a stock whose validity has ended answers 活动已结束或未激活.
  startStock: behaviour(Favor.StartStock, (request, context) =>
    transition(
      request,
      context,
      ["unactivated"],
      (record, time, now) => {
        const end = epochOf(record.stock.available_end_time)
        return end !== undefined && now > end ? notActive() : withStatus(record, "running", { start_time: time })
      },
      (time) => ({ start_time: time, stock_id: request.stock_id })
    )
  ),

  sendCoupon: behaviour(Favor.SendCoupon, send),

  // running → paused.
  pauseStock: behaviour(Favor.PauseStock, (request, context) =>
    transition(
      request,
      context,
      ["running"],
      (record, time) => ({ ...withStatus(record, "paused"), pauseTime: time }),
      (time) => ({ pause_time: time, stock_id: request.stock_id })
    )
  ),

  // paused → running.
  restartStock: behaviour(Favor.RestartStock, (request, context) =>
    transition(
      request,
      context,
      ["paused"],
      (record, time) => ({ ...withStatus(record, "running"), restartTime: time }),
      (time) => ({ restart_time: time, stock_id: request.stock_id })
    )
  ),

  // running or paused → stoped, for good. No page documents this endpoint: stopping an unactivated or stopped stock
  // answering 非法的批次状态 is our choice.
  stopStock: behaviour(Favor.StopStock, (request, context) =>
    transition(
      request,
      context,
      ["running", "paused"],
      (record, time) => withStatus(record, "stoped", { stop_time: time }),
      (time) => ({ stop_time: time, stock_id: request.stock_id })
    )
  ),

  // The creator's stocks in creation order (the order is our choice), filtered by status and create time.
  listStocks: behaviour(Favor.ListStocks, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const from = epochOf(request.create_start_time)
      const to = epochOf(request.create_end_time)
      const stocks = [...current.favor.stocks.values()]
        .map((record) => record.stock)
        .filter((stock) => {
          const created = epochOf(stock.create_time) ?? 0
          return (
            stock.stock_creator_mchid === request.stock_creator_mchid &&
            (request.status === undefined || stock.status === request.status) &&
            (from === undefined || created >= from) &&
            (to === undefined || created <= to)
          )
        })
      return ok(page(stocks, request.offset, request.limit))
    })
  ),

  // Another creator's stock is not found (404): the docs do not say; our choice, as for the other stock queries.
  queryStock: behaviour(Favor.QueryStock, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const found = ownedStock(current, request.stock_id, request.stock_creator_mchid, stockNotFound)
      return isApiError(found) ? found : ok(found.stock)
    })
  ),

  queryCoupon: behaviour(Favor.QueryCoupon, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const owned = current.favor.coupons.get(request.coupon_id)
      return owned === undefined || owned.openid !== request.openid || owned.appid !== request.appid
        ? couponNotFound()
        : ok(owned.coupon)
    })
  ),

  listAvailableMerchants: behaviour(Favor.ListAvailableMerchants, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const found = ownedStock(current, request.stock_id, request.stock_creator_mchid)
      if (isApiError(found)) return found
      const merchants = found.created.coupon_use_rule.available_merchants ?? []
      return ok({ ...page(merchants, request.offset, request.limit), stock_id: request.stock_id })
    })
  ),

  listAvailableSingleitems: behaviour(Favor.ListAvailableSingleitems, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const found = ownedStock(current, request.stock_id, request.stock_creator_mchid)
      if (isApiError(found)) return found
      const items = found.created.coupon_use_rule.available_items ?? []
      return ok({ ...page(items, request.offset, request.limit), stock_id: request.stock_id })
    })
  ),

  listCouponsByFilter: behaviour(Favor.ListCouponsByFilter, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => ok(listCoupons(current, request)))
  ),

  // Another merchant's notify URL: 非法的商户号. `switch` absent keeps the previous setting (on at first): our choice.
  setCallback: behaviour(Favor.SetCallback, (request, { config, mchid, state }) =>
    Ref.modify(state, (current): [Outcome<typeof Favor.SetCallbackResponse.Encoded>, GatewayState] => {
      if (request.mchid !== mchid) return [illegalMerchant(), current]
      const update_time = beijingTime(config.now())
      const previous = current.favor.notifyUrls.get(mchid)
      const setting = {
        notify_url: request.notify_url,
        switch: request.switch ?? previous?.switch ?? true,
        update_time
      }
      return [
        ok({ update_time, notify_url: request.notify_url, mchid: request.mchid }),
        withFavor(current, { notifyUrls: new Map(current.favor.notifyUrls).set(mchid, setting) })
      ]
    })
  ),

  // Nothing set yet: 404 RESOURCE_NOT_EXISTS is our guess (undocumented).
  queryCallback: behaviour(Favor.QueryCallback, (request, { mchid, state }) =>
    Effect.map(Ref.get(state), (current) => {
      if (request.mchid !== mchid) return illegalMerchant()
      const setting = current.favor.notifyUrls.get(mchid)
      return setting === undefined
        ? notExists("未设置消息通知地址")
        : ok({ mchid: request.mchid, notify_url: setting.notify_url })
    })
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------------------------------------------

const pad = (n: number, width: number) => String(n).padStart(width, "0")

/**
 * `Sandbox.markFavorCouponUsed`: the coupon becomes USED with `consume_information`, and a record is appended to
 * `favorUseFlow`. Dies for an unknown coupon or one that is not SENDED (a test's mistake, not a gateway answer).
 *
 * @internal
 */
export const markCouponUsed = (
  state: Ref.Ref<GatewayState>,
  config: GatewayConfig,
  options: MarkFavorCouponUsed
): Effect.Effect<void> =>
  Effect.flatMap(
    Ref.modify(state, (current): [string | undefined, GatewayState] => {
      const owned = current.favor.coupons.get(options.coupon_id)
      if (owned === undefined) return [`no 代金券 ${options.coupon_id}`, current]
      if (owned.coupon.status !== "SENDED") {
        return [`代金券 ${options.coupon_id} is ${owned.coupon.status}, not SENDED`, current]
      }
      if (options.consume_time !== undefined && !Time.isRfc3339(options.consume_time)) {
        return [`consume_time ${options.consume_time} is not RFC3339`, current]
      }
      const now = config.now()
      const sequence = current.favor.sequence + 1
      const consume_time = options.consume_time ?? beijingTime(now)
      const consume_mchid = options.consume_mchid ?? String(owned.coupon.stock_creator_mchid ?? config.mchid)
      const transaction_id =
        options.transaction_id ?? `4200000000${beijingDay(now).replace(/-/g, "")}${pad(sequence, 10)}`
      const consumption = {
        consume_time,
        consume_mchid,
        transaction_id,
        ...(options.consume_amount === undefined ? {} : { consume_amount: options.consume_amount })
      }
      const coupon: FavorCoupon = { ...owned.coupon, status: "USED", consume_information: consumption }
      const use: FavorUseRecord = {
        stock_id: String(owned.coupon.stock_id),
        coupon_id: options.coupon_id,
        coupon_amount: Number(owned.coupon.normal_coupon_information?.coupon_amount ?? 0),
        transaction_id,
        consume_time,
        consume_mchid,
        ...(options.consume_amount === undefined ? {} : { order_amount: options.consume_amount })
      }
      const next = withFavor(current, {
        sequence,
        coupons: new Map(current.favor.coupons).set(options.coupon_id, { ...owned, coupon }),
        useFlow: [...current.favor.useFlow, use]
      })
      const creator = String(owned.coupon.stock_creator_mchid ?? config.mchid)
      return [undefined, Outbox.couponUsed(next, creator, coupon, consumption)]
    }),
    (problem) => (problem === undefined ? Effect.void : misuse(`markFavorCouponUsed: ${problem}`))
  )

/** `Sandbox.setFavorNaturalPerson`. @internal */
export const setNaturalPerson = (
  state: Ref.Ref<GatewayState>,
  options: { readonly openid: string; readonly person: string }
): Effect.Effect<void> =>
  Ref.update(state, (current) =>
    withFavor(current, { naturalPersons: new Map(current.favor.naturalPersons).set(options.openid, options.person) })
  )
