/**
 * 商家券 (busifavor) behaviours, one per descriptor of `Busifavor.endpoints` but the 营销补差 ones
 * (`busifavorSubsidy.ts`): a state machine over `GatewayState.busifavor`.
 *
 * Stocks live in `stocks` (as 查询商家券批次详情 serves them), the coupons in users' card packs in `userCoupons` (as
 * 查询用户单张券详情 serves them), uploaded codes in `uploadedCodes`, the cards of 发放消费卡 in `govCards`, the
 * 商家券事件通知地址 in `notifyUrls`. The five coupon transitions (use, return, deactivate, associate, disassociate)
 * are one table, `COUPON_TRANSITIONS` (from, to, what each stamps and clears), run by one function. Every write is
 * idempotent on its request number through its descriptor's `idempotency` (see `idempotency.ts`): the same number with
 * the same request answers the first result again, with another request the descriptor's conflict code. Errors change
 * nothing and are not remembered. Where the docs tie no code to a refusal, the code is our choice and says so.
 *
 * @internal
 */
import * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import * as Time from "@effect-wechatpay/schema/Time"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type { BusifavorStock, UserCouponSeed } from "../SandboxTypes.js"
import {
  type ApiError,
  apiError,
  behaviour,
  type Handler,
  noContent,
  notExists,
  type Outcome,
  ok,
  paramError
} from "./behaviour.js"
import * as Outbox from "./outbox.js"
import { beijingTime } from "./protocol.js"
import {
  type BusifavorCode,
  type BusifavorGovCard,
  couponKey,
  type GatewayState,
  heldKey,
  putLast,
  withBusifavor
} from "./state.js"

type Coupon = UserCouponSeed["coupon"]
type Step<AE> = readonly [Outcome<AE>, GatewayState]

const DAY = 24 * 60 * 60 * 1000

/** WeChat Pay refuses a 发放消费卡 `send_time` more than 24 hours in the past (wechatpay-go comment). */
const SEND_TIME_WINDOW_MILLIS = DAY

const int = (value: number | string | null | undefined): number | undefined =>
  value === null || value === undefined ? undefined : Number(value)

const millis = (wire: string | null | undefined): number | undefined =>
  wire === null || wire === undefined ? undefined : Option.getOrUndefined(Time.toEpochMillis(wire))

const isTrue = (value: boolean | "true" | "false" | null | undefined): boolean => value === true || value === "true"

const missingStock = () => notExists("查询的资源不存在")
const missingCoupon = () => notExists("查询的资源不存在")
const noAuth = () => apiError(403, "NOAUTH", "无权限")
/** The calling merchant may only read or set its own notify URL (the sandbox knows one merchant; our choice). */
const notOwnMerchant = (target: string): ApiError =>
  apiError(403, "NOAUTH", "无权限：只能设置或查询本商户的商家券事件通知地址", { mchid: target })
/** 400 INVALID_REQUEST: a refusal whose code the docs leave open (our choice). */
const invalid = (message: string) => apiError(400, "INVALID_REQUEST", message)

/** One atomic step of the state machine: the answer and the next state (an error answer leaves the state as it was). */
const transition = <AE>(
  state: Ref.Ref<GatewayState>,
  step: (current: GatewayState) => Step<AE>
): Effect.Effect<Outcome<AE>> => Ref.modify(state, step)

const withStock = (current: GatewayState, stock: BusifavorStock): GatewayState =>
  withBusifavor(current, { stocks: new Map(current.busifavor.stocks).set(stock.stock_id, stock) })

/**
 * Stores a user's coupon, and counts a new one in `heldPerUser`. The only step that writes `userCoupons`, and always
 * the last of a successful transition, so the maps are written in place (`putLast`): a copy per send made each send
 * cost as much as the coupons already sent (10,000 sends took minutes).
 */
const withCoupon = (current: GatewayState, held: UserCouponSeed): GatewayState => {
  const key = couponKey(held.openid, held.coupon.coupon_code, held.appid)
  const counted = heldKey(held.coupon.stock_id, held.openid)
  const { heldPerUser, userCoupons } = current.busifavor
  return withBusifavor(current, {
    ...(userCoupons.has(key)
      ? {}
      : { heldPerUser: putLast(heldPerUser, counted, (heldPerUser.get(counted) ?? 0) + 1) }),
    userCoupons: putLast(userCoupons, key, held)
  })
}

/** The first coupon with this code (and stock, and openid when given), in insertion order. */
const findCoupon = (
  current: GatewayState,
  code: string,
  stockId: string | undefined,
  openid?: string
): UserCouponSeed | undefined => {
  for (const held of current.busifavor.userCoupons.values()) {
    if (
      held.coupon.coupon_code === code &&
      (stockId === undefined || held.coupon.stock_id === stockId) &&
      (openid === undefined || held.openid === openid)
    ) {
      return held
    }
  }
  return undefined
}

/** A coupon's stock, checked to exist and to belong to the caller; or the error to answer. */
const ownedStock = (current: GatewayState, stockId: string, mchid: string): BusifavorStock | ApiError => {
  const stock = current.busifavor.stocks.get(stockId)
  if (stock === undefined) return missingStock()
  return stock.belong_merchant === mchid ? stock : noAuth()
}

const isError = (value: object): value is ApiError => "_tag" in value && value._tag === "ApiError"

/** A coupon of a stock as it lands in the user's card pack, valid as the stock's time rule says. */
const couponOf = (
  stock: BusifavorStock,
  code: string,
  outRequestNo: string,
  now: number
): Omit<Coupon, "coupon_code"> & { readonly coupon_code: string } => {
  const available = stock.coupon_use_rule.coupon_available_time
  const begin = millis(available.available_begin_time) ?? now
  const end = millis(available.available_end_time) ?? now
  const start = Math.max(begin, now + (int(available.wait_days_after_receive) ?? 0) * DAY)
  const days = int(available.available_day_after_receive)
  const expire = days === undefined ? end : Math.min(end, start + days * DAY - 1000)
  const rule = stock.stock_send_rule
  return {
    belong_merchant: stock.belong_merchant,
    stock_name: stock.stock_name,
    ...(stock.comment == null ? {} : { comment: stock.comment }),
    goods_name: stock.goods_name,
    stock_type: stock.stock_type,
    ...(rule.transferable == null ? {} : { transferable: rule.transferable }),
    ...(rule.shareable == null ? {} : { shareable: rule.shareable }),
    coupon_state: "SENDED",
    ...(stock.display_pattern_info == null ? {} : { display_pattern_info: stock.display_pattern_info }),
    coupon_use_rule: stock.coupon_use_rule,
    ...(stock.custom_entrance == null ? {} : { custom_entrance: stock.custom_entrance }),
    coupon_code: code,
    stock_id: stock.stock_id,
    available_start_time: (start === begin ? available.available_begin_time : undefined) ?? beijingTime(start),
    expire_time: (expire === end ? available.available_end_time : undefined) ?? beijingTime(expire),
    receive_time: beijingTime(now),
    send_request_no: outRequestNo
  }
}

/** The face value a sent coupon adds to the stock's sent amount (满减 only; 0 for discount and exchange coupons). */
const faceValue = (stock: BusifavorStock): number =>
  int(stock.coupon_use_rule.fixed_normal_coupon?.discount_amount) ?? 0

const codeEntity = (stockCode: BusifavorCode) => ({
  code: stockCode.code,
  code_status: stockCode.status,
  upload_time: stockCode.uploadTime,
  ...(stockCode.dispatched === undefined
    ? {}
    : {
        dispatched_time: stockCode.dispatched.time,
        openid: stockCode.dispatched.openid,
        coupon_code: stockCode.code
      })
})

const codeCount = (stock: BusifavorStock, total: number, available: number): BusifavorStock => ({
  ...stock,
  coupon_code_count: {
    total_count: (int(stock.coupon_code_count?.total_count) ?? 0) + total,
    available_count: (int(stock.coupon_code_count?.available_count) ?? 0) + available
  }
})

/** The next stock id: `1213` and 16 digits (the default stock's `1212…` never collides). */
const stockIdOf = (sequence: number) => `1213${String(sequence).padStart(16, "0")}`

/** A WECHATPAY_MODE coupon code: `98` and 10 digits. */
const generatedCodeOf = (sequence: number) => `98${String(sequence).padStart(10, "0")}`

/** The coupon a use/return/deactivate/associate call names: found, its stock the caller's; or the error. */
const couponFor = (
  current: GatewayState,
  mchid: string,
  code: string,
  stockId: string | undefined,
  openid?: string
): { readonly held: UserCouponSeed; readonly stock: BusifavorStock | undefined } | ApiError => {
  const held = findCoupon(current, code, stockId, openid)
  if (held === undefined) return missingCoupon()
  if (held.coupon.belong_merchant !== mchid) return noAuth()
  const stock = held.coupon.stock_id == null ? undefined : current.busifavor.stocks.get(held.coupon.stock_id)
  return { held, stock }
}

/** The fields a coupon transition may clear. */
type Cleared = "use_request_no" | "use_time" | "associate_out_trade_no"

/** `coupon` without the `cleared` fields. */
const without = (coupon: Coupon, cleared: ReadonlyArray<Cleared>): Coupon => {
  if (cleared.length === 0) return coupon
  const kept: Record<string, unknown> = { ...coupon }
  for (const field of cleared) delete kept[field]
  return kept as Coupon
}

/** What a coupon transition's request names: the coupon (and, for 核销券, the user). */
interface CouponRequest {
  readonly coupon_code: string
  readonly stock_id?: string | undefined
  readonly openid?: string | undefined
}

/**
 * One coupon transition, as data. {@link couponTransition} runs every one the same way: find the coupon (404 when
 * missing, 403 when another merchant's), `before`, the state check (`from`), `after`; then the coupon goes to `to` with `stamp`'s fields set and `clear`'s removed, and `answer`.
 */
interface CouponTransition<R extends CouponRequest, AE> {
  /** The states it starts from, and the answer when the coupon is in none of them; `"any"`: no state check. */
  readonly from: "any" | { readonly states: ReadonlyArray<string>; readonly refuse: (state: string) => ApiError }
  /** The state it ends in; `"unchanged"`: the coupon keeps its state. */
  readonly to: string | "unchanged"
  /** The fields it sets, from the request and the gateway time (Beijing RFC3339). */
  readonly stamp: (request: R, time: string) => Partial<Coupon>
  /** The fields it removes. */
  readonly clear: ReadonlyArray<Cleared>
  /** A refusal checked before the state: the request against the coupon's stock. */
  readonly before?: (request: R, stock: BusifavorStock | undefined) => ApiError | undefined
  /** A refusal checked after the state: validity, links. */
  readonly after?: (request: R, coupon: Coupon, now: number) => ApiError | undefined
  /** The 2xx answer, from the coupon before the transition. */
  readonly answer: (coupon: Coupon, held: UserCouponSeed, time: string) => Outcome<AE>
}

/**
 * The five coupon transitions:
 *
 * | transition   | from     | to          | stamped                                                       | cleared                   |
 * | ------------ | -------- | ----------- | ------------------------------------------------------------- | ------------------------- |
 * | use          | SENDED   | USED        | use_request_no, use_time                                      |                           |
 * | return       | USED     | SENDED      | return_request_no, return_time                                | use_request_no, use_time  |
 * | deactivate   | SENDED   | DEACTIVATED | deactivate_request_no, deactivate_time, deactivate_reason?    |                           |
 * | associate    | SENDED   | unchanged   | associate_out_trade_no                                        |                           |
 * | disassociate | any      | unchanged   |                                                               | associate_out_trade_no    |
 *
 * Where the docs tie no code to a refusal, the code is our choice.
 */
const COUPON_TRANSITIONS = {
  use: {
    from: {
      states: ["SENDED"],
      refuse: (state) =>
        state === "USED"
          ? apiError(400, "RESOURCE_ALREADY_EXISTS", "券已被其他订单核销")
          : // Our assumption (the docs do not say): a coupon in any other state than SENDED cannot be redeemed.
            invalid(`券状态为${state}，不可核销`)
    },
    to: "USED",
    stamp: (request) => ({ use_request_no: request.use_request_no, use_time: request.use_time }),
    clear: [],
    before: (request, stock) =>
      request.stock_id === undefined && stock !== undefined && stock.coupon_code_mode !== "WECHATPAY_MODE"
        ? paramError("/stock_id", "body", `is required for a ${stock.coupon_code_mode} stock`, undefined)
        : undefined,
    after: (_request, coupon, now) => {
      const start = millis(coupon.available_start_time)
      const expire = millis(coupon.expire_time)
      return (start !== undefined && now < start) || (expire !== undefined && now > expire)
        ? apiError(403, "RULELIMIT", "券不在有效期")
        : undefined
    },
    answer: (coupon, held, time) =>
      ok({ stock_id: coupon.stock_id ?? "", openid: held.openid, wechatpay_use_time: time })
  } satisfies CouponTransition<Busifavor.UseCouponRequest, typeof Busifavor.UseCouponResponse.Encoded>,
  return: {
    // Documented precondition (the coupon is USED); the code is our choice.
    from: { states: ["USED"], refuse: () => invalid("券未核销，无需退券") },
    to: "SENDED",
    stamp: (request, time) => ({ return_request_no: request.return_request_no, return_time: time }),
    clear: ["use_request_no", "use_time"],
    answer: (_coupon, _held, time) => ok({ wechatpay_return_time: time })
  } satisfies CouponTransition<Busifavor.ReturnCouponRequest, typeof Busifavor.ReturnCouponResponse.Encoded>,
  deactivate: {
    // Only an available coupon can be made invalid; the code for the others is our choice.
    from: { states: ["SENDED"], refuse: (state) => invalid(`券状态为${state}，不可失效`) },
    to: "DEACTIVATED",
    stamp: (request, time) => ({
      deactivate_request_no: request.deactivate_request_no,
      deactivate_time: time,
      ...(request.deactivate_reason === undefined ? {} : { deactivate_reason: request.deactivate_reason })
    }),
    clear: [],
    answer: (_coupon, _held, time) => ok({ wechatpay_deactivate_time: time })
  } satisfies CouponTransition<Busifavor.DeactivateCouponRequest, typeof Busifavor.DeactivateCouponResponse.Encoded>,
  associate: {
    // Documented: only an unredeemed coupon can be linked, and to one order; the codes of the refusals are our choice.
    from: { states: ["SENDED"], refuse: () => invalid("券不是可用状态，不可关联订单") },
    to: "unchanged",
    stamp: (request) => ({ associate_out_trade_no: request.out_trade_no }),
    clear: [],
    after: (request, coupon) =>
      coupon.associate_out_trade_no != null && coupon.associate_out_trade_no !== request.out_trade_no
        ? invalid("券已关联其他订单")
        : undefined,
    answer: (_coupon, _held, time) => ok({ wechatpay_associate_time: time })
  } satisfies CouponTransition<
    Busifavor.AssociateTradeInfoRequest,
    typeof Busifavor.AssociateTradeInfoResponse.Encoded
  >,
  disassociate: {
    from: "any",
    to: "unchanged",
    stamp: () => ({}),
    clear: ["associate_out_trade_no"],
    // Documented: only an order linked before can be unlinked; the code is our choice.
    after: (request, coupon) =>
      coupon.associate_out_trade_no !== request.out_trade_no ? invalid("券未关联该订单") : undefined,
    answer: (_coupon, _held, time) => ok({ wechatpay_disassociate_time: time })
  } satisfies CouponTransition<
    Busifavor.DisassociateTradeInfoRequest,
    typeof Busifavor.DisassociateTradeInfoResponse.Encoded
  >
}

/** Runs one coupon transition of {@link COUPON_TRANSITIONS} as one atomic step of the gateway state. */
const couponTransition =
  <R extends CouponRequest, AE>(rule: CouponTransition<R, AE>): Handler<R, AE> =>
  (request, { config, mchid, state }) => {
    const now = config.now()
    const time = beijingTime(now)
    return transition(state, (current): Step<AE> => {
      const found = couponFor(current, mchid, request.coupon_code, request.stock_id, request.openid)
      if (isError(found)) return [found, current]
      const coupon = found.held.coupon
      const refused =
        rule.before?.(request, found.stock) ??
        (rule.from === "any" || rule.from.states.includes(coupon.coupon_state ?? "")
          ? undefined
          : rule.from.refuse(coupon.coupon_state ?? "")) ??
        rule.after?.(request, coupon, now)
      if (refused !== undefined) return [refused, current]
      const next: Coupon = {
        ...without(coupon, rule.clear),
        ...(rule.to === "unchanged" ? {} : { coupon_state: rule.to }),
        ...rule.stamp(request, time)
      }
      return [rule.answer(coupon, found.held, time), withCoupon(current, { ...found.held, coupon: next })]
    })
  }

/** @internal */
export const behaviours = {
  createStock: behaviour(Busifavor.CreateStock, (request, { config, mchid, state }) => {
    // The sandbox serves one merchant: any other owner is a merchant it does not know.
    if (request.belong_merchant !== mchid) {
      return Effect.succeed(apiError(400, "MCH_NOT_EXISTS", "商户号不存在"))
    }
    const createTime = beijingTime(config.now())
    return transition(state, (current) => {
      const sequence = current.busifavor.sequence + 1
      const stock_id = stockIdOf(sequence)
      const { out_request_no: _, ...fields } = request
      const stock: BusifavorStock = {
        ...fields,
        stock_state: config.auditBusifavorStocks ? "UNAUDIT" : "RUNNING",
        stock_id,
        ...(request.coupon_code_mode === "MERCHANT_UPLOAD"
          ? { coupon_code_count: { total_count: 0, available_count: 0 } }
          : {}),
        send_count_information: { total_send_num: 0, total_send_amount: 0, today_send_num: 0, today_send_amount: 0 }
      }
      return [ok({ stock_id, create_time: createTime }), withBusifavor(withStock(current, stock), { sequence })]
    })
  }),

  queryStock: behaviour(Busifavor.QueryStock, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const stock = current.busifavor.stocks.get(request.stock_id)
      return stock === undefined ? missingStock() : ok(stock)
    })
  ),

  modifyStockInfo: behaviour(Busifavor.ModifyStockInfo, (request, { config, mchid, state }) => {
    const now = config.now()
    return transition(state, (current) => {
      const stock = ownedStock(current, request.stock_id, mchid)
      if (isError(stock)) return [stock, current]
      const end = millis(stock.coupon_use_rule.coupon_available_time.available_end_time)
      // Documented precondition (修改时间位于有效期结束时间前); the code is our choice.
      if (end !== undefined && now > end) return [invalid("批次已过有效期，不可修改"), current]
      // Documented: subsidy may only go from false to true; the code is our choice.
      if (request.subsidy === false && isTrue(stock.subsidy)) return [invalid("营销补差不可由开启改为关闭"), current]
      const updated: BusifavorStock = {
        ...stock,
        ...(request.stock_name === undefined ? {} : { stock_name: request.stock_name }),
        ...(request.comment === undefined ? {} : { comment: request.comment }),
        ...(request.goods_name === undefined ? {} : { goods_name: request.goods_name }),
        ...(request.custom_entrance === undefined
          ? {}
          : { custom_entrance: { ...stock.custom_entrance, ...request.custom_entrance } }),
        ...(request.display_pattern_info === undefined
          ? {}
          : { display_pattern_info: { ...stock.display_pattern_info, ...request.display_pattern_info } }),
        ...(request.coupon_use_rule === undefined
          ? {}
          : { coupon_use_rule: { ...stock.coupon_use_rule, ...request.coupon_use_rule } }),
        ...(request.stock_send_rule === undefined
          ? {}
          : { stock_send_rule: { ...stock.stock_send_rule, ...request.stock_send_rule } }),
        ...(request.notify_config === undefined ? {} : { notify_config: request.notify_config }),
        ...(request.subsidy === undefined ? {} : { subsidy: request.subsidy })
      }
      return [noContent, withStock(current, updated)]
    })
  }),

  modifyBudget: behaviour(Busifavor.ModifyBudget, (request, { mchid, state }) =>
    transition(state, (current) => {
      const stock = ownedStock(current, request.stock_id, mchid)
      if (isError(stock)) return [stock, current]
      const rule = stock.stock_send_rule
      const sent = stock.send_count_information
      const total = request.target_max_coupons ?? 0
      // `current_*` is an optimistic check; a mismatch and a target below what was sent are refused with a
      // code of our choice (the docs name none).
      if (total > 0) {
        if (request.current_max_coupons !== int(rule.max_coupons)) {
          return [invalid("current_max_coupons与批次当前预算不一致"), current]
        }
        if (total < (int(sent?.total_send_num) ?? 0)) return [invalid("批次预算不能小于已发券数"), current]
      } else {
        const byDay = request.target_max_coupons_by_day ?? 0
        if (request.current_max_coupons_by_day !== int(rule.max_coupons_by_day)) {
          return [invalid("current_max_coupons_by_day与批次当前单天预算不一致"), current]
        }
        if (byDay < (int(sent?.today_send_num) ?? 0)) return [invalid("单天预算不能小于今日已发券数"), current]
      }
      const stock_send_rule =
        total > 0
          ? { ...rule, max_coupons: total }
          : { ...rule, max_coupons_by_day: request.target_max_coupons_by_day ?? 0 }
      const maxByDay = int(stock_send_rule.max_coupons_by_day)
      return [
        ok({
          max_coupons: int(stock_send_rule.max_coupons) ?? 0,
          ...(maxByDay === undefined ? {} : { max_coupons_by_day: maxByDay })
        }),
        withStock(current, { ...stock, stock_send_rule })
      ]
    })
  ),

  uploadCouponCode: behaviour(Busifavor.UploadCouponCode, (request, { config, mchid, state }) => {
    const time = beijingTime(config.now())
    return transition(state, (current) => {
      const stock = ownedStock(current, request.stock_id, mchid)
      if (isError(stock)) return [stock, current]
      if (stock.coupon_code_mode !== "MERCHANT_UPLOAD") return [invalid("发券模式不合法"), current]
      const codes = current.busifavor.uploadedCodes.get(stock.stock_id) ?? new Map<string, BusifavorCode>()
      // The per-batch cap is not documented: the sandbox takes the batch's max_coupons.
      const cap = int(stock.stock_send_rule.max_coupons) ?? Number.POSITIVE_INFINITY
      if (codes.size >= cap) return [invalid("上传的自定义code已达上限"), current]
      const next = new Map(codes)
      const seen = new Set<string>()
      const success: Array<string> = []
      const exist: Array<string> = []
      const duplicate: Array<string> = []
      const fail: Array<{ coupon_code: string; code: string; message: string }> = []
      for (const code of request.coupon_code_list) {
        if (seen.has(code)) {
          if (!duplicate.includes(code)) duplicate.push(code)
          continue
        }
        seen.add(code)
        if (codes.has(code)) exist.push(code)
        // Codes past the cap are reported one by one; `CODE_COUNT_LIMIT` is our name for the reason.
        else if (next.size >= cap) {
          fail.push({ coupon_code: code, code: "CODE_COUNT_LIMIT", message: "上传的自定义code已达上限" })
        } else {
          next.set(code, { code, status: "AVAILABLE", uploadTime: time })
          success.push(code)
        }
      }
      const uploadedCodes = new Map(current.busifavor.uploadedCodes).set(stock.stock_id, next)
      return [
        ok({
          stock_id: stock.stock_id,
          total_count: seen.size,
          success_count: success.length,
          success_codes: success,
          success_time: time,
          fail_count: fail.length,
          fail_codes: fail,
          exist_codes: exist,
          duplicate_codes: duplicate
        }),
        withBusifavor(withStock(current, codeCount(stock, success.length, success.length)), { uploadedCodes })
      ]
    })
  }),

  queryCouponCodeList: behaviour(Busifavor.QueryCouponCodeList, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const stock = current.busifavor.stocks.get(request.stock_id)
      if (stock === undefined) return missingStock()
      // Only AVAILABLE and DISPATCHED are code states; the coupon states the docs also list match no code.
      const rows = [...(current.busifavor.uploadedCodes.get(stock.stock_id)?.values() ?? [])].filter(
        (row) => request.status === undefined || row.status === request.status
      )
      const offset = request.offset ?? 0
      // No default page size is documented: 100, the Go SDK example's.
      const page = rows.slice(offset, offset + (request.limit ?? 100))
      return ok({
        stock_id: stock.stock_id,
        total_count: rows.length,
        data: page.map(codeEntity),
        offset,
        limit: page.length
      })
    })
  ),

  couponCodeInfo: behaviour(Busifavor.CouponCodeInfo, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const row = current.busifavor.uploadedCodes.get(request.stock_id)?.get(request.coupon_code)
      if (row === undefined) return missingCoupon()
      const coupon =
        row.dispatched === undefined
          ? undefined
          : current.busifavor.userCoupons.get(couponKey(row.dispatched.openid, row.code, row.dispatched.appid))?.coupon
      return ok({ code_information: codeEntity(row), ...(coupon === undefined ? {} : { coupon_information: coupon }) })
    })
  ),

  deleteCouponCode: behaviour(Busifavor.DeleteCouponCode, (request, { config, mchid, state }) => {
    const time = beijingTime(config.now())
    return transition(state, (current) => {
      const stock = ownedStock(current, request.stock_id, mchid)
      if (isError(stock)) return [stock, current]
      const codes = current.busifavor.uploadedCodes.get(stock.stock_id)
      const row = codes?.get(request.coupon_code)
      if (codes === undefined || row === undefined) return [missingCoupon(), current]
      // Our choice: a dispatched code is in a user's card pack and cannot be deleted.
      if (row.status === "DISPATCHED") return [invalid("该code已发放，不可删除"), current]
      const next = new Map(codes)
      next.delete(row.code)
      return [
        ok({ stock_id: stock.stock_id, delete_time: time }),
        withBusifavor(withStock(current, codeCount(stock, -1, -1)), {
          uploadedCodes: new Map(current.busifavor.uploadedCodes).set(stock.stock_id, next)
        })
      ]
    })
  }),

  sendCoupon: behaviour(Busifavor.SendCoupon, (request, { config, mchid, state }) => {
    const now = config.now()
    const today = beijingTime(now).slice(0, 10)
    return transition(state, (current) => {
      const stock = ownedStock(current, request.stock_id, mchid)
      if (isError(stock)) return [stock, current]
      if (stock.stock_state !== "RUNNING") return [invalid(`批次状态为${stock.stock_state}，不可发券`), current]
      const mode = stock.coupon_code_mode
      if (mode === "MERCHANT_API" && request.coupon_code === undefined) {
        return [paramError("/coupon_code", "body", "is required for a MERCHANT_API stock", undefined), current]
      }
      // Our choice: a code in the request of a stock whose codes WeChat Pay or the upload gives is refused.
      if (mode !== "MERCHANT_API" && request.coupon_code !== undefined) {
        return [paramError("/coupon_code", "body", `must be absent for a ${mode} stock`, request.coupon_code), current]
      }
      const rule = stock.stock_send_rule
      const counts = stock.send_count_information
      const sameDay = (current.busifavor.sendDay.get(stock.stock_id) ?? today) === today
      const totalNum = int(counts?.total_send_num) ?? 0
      const totalAmount = int(counts?.total_send_amount) ?? 0
      const todayNum = sameDay ? (int(counts?.today_send_num) ?? 0) : 0
      const todayAmount = sameDay ? (int(counts?.today_send_amount) ?? 0) : 0
      const value = faceValue(stock)
      // Counted as coupons are stored: walking every coupon held made the n-th send cost O(n) (a 100,000-user campaign
      // spent most of the sandbox's CPU here).
      const userCount = current.busifavor.heldPerUser.get(heldKey(stock.stock_id, request.openid)) ?? 0
      // The limits have no documented code: 400 INVALID_REQUEST (our choice).
      const limit = (max: number | string | null | undefined, used: number, add: number) =>
        int(max) !== undefined && used + add > (int(max) ?? 0)
      if (limit(rule.max_coupons, totalNum, 1)) return [invalid("批次已发完"), current]
      if (limit(rule.max_coupons_by_day, todayNum, 1)) return [invalid("批次今日发券已达上限"), current]
      if (limit(rule.max_amount, totalAmount, value)) return [invalid("批次预算已用完"), current]
      if (limit(rule.max_amount_by_day, todayAmount, value)) return [invalid("批次今日预算已用完"), current]
      if (limit(rule.max_coupons_per_user, userCount, 1)) return [invalid("用户领券已达上限"), current]

      let sequence = current.busifavor.sequence
      let uploadedCodes = current.busifavor.uploadedCodes
      let code: string
      let available = 0
      if (mode === "MERCHANT_UPLOAD") {
        const codes = current.busifavor.uploadedCodes.get(stock.stock_id)
        const row = [...(codes?.values() ?? [])].find((r) => r.status === "AVAILABLE")
        // Our choice: no AVAILABLE code left is the batch running out.
        if (codes === undefined || row === undefined) return [invalid("批次预存code已用完"), current]
        const dispatched: BusifavorCode = {
          ...row,
          status: "DISPATCHED",
          dispatched: { time: beijingTime(now), openid: request.openid, appid: request.appid }
        }
        uploadedCodes = new Map(uploadedCodes).set(stock.stock_id, new Map(codes).set(row.code, dispatched))
        code = row.code
        available = -1
      } else if (request.coupon_code !== undefined) {
        // Our choice: a MERCHANT_API code given twice in one stock is a resource that exists.
        if (findCoupon(current, request.coupon_code, stock.stock_id) !== undefined) {
          return [apiError(400, "RESOURCE_ALREADY_EXISTS", "券code已存在"), current]
        }
        code = request.coupon_code
      } else {
        sequence += 1
        code = generatedCodeOf(sequence)
      }
      const coupon = couponOf(stock, code, request.out_request_no, now)
      const updated: BusifavorStock = {
        ...(available === 0 ? stock : codeCount(stock, 0, available)),
        send_count_information: {
          total_send_num: totalNum + 1,
          total_send_amount: totalAmount + value,
          today_send_num: todayNum + 1,
          today_send_amount: todayAmount + value
        }
      }
      const next = withCoupon(withStock(current, updated), {
        openid: request.openid,
        appid: request.appid,
        coupon
      })
      const sent = Outbox.couponSent(next, mchid, {
        coupon_code: code,
        stock_id: stock.stock_id,
        openid: request.openid,
        send_time: beijingTime(now)
      })
      return [
        ok({ stock_id: stock.stock_id, out_request_no: request.out_request_no, coupon_code: code }),
        withBusifavor(sent, {
          uploadedCodes,
          sequence,
          sendDay: new Map(current.busifavor.sendDay).set(stock.stock_id, today)
        })
      ]
    })
  }),

  useCoupon: behaviour(Busifavor.UseCoupon, couponTransition(COUPON_TRANSITIONS.use)),

  listCouponsByFilter: behaviour(Busifavor.ListCouponsByFilter, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      // The sandbox's coupons are created and sent by the merchant that owns them: the three merchant filters all
      // compare with belong_merchant.
      const merchants = [request.belong_merchant, request.creator_merchant, request.sender_merchant]
      const rows = [...current.busifavor.userCoupons.values()].filter(
        (held) =>
          held.openid === request.openid &&
          held.appid === request.appid &&
          (request.stock_id === undefined || held.coupon.stock_id === request.stock_id) &&
          (request.coupon_state === undefined || held.coupon.coupon_state === request.coupon_state) &&
          merchants.every((merchant) => merchant === undefined || held.coupon.belong_merchant === merchant)
      )
      const offset = request.offset ?? 0
      // `offset` is a page index (分页页码); no default page size is documented: 20, the size of every example.
      const limit = request.limit ?? 20
      return ok({
        data: rows.slice(offset * limit, offset * limit + limit).map((held) => held.coupon),
        total_count: rows.length,
        offset,
        limit
      })
    })
  ),

  queryCoupon: behaviour(Busifavor.QueryCoupon, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const held = current.busifavor.userCoupons.get(couponKey(request.openid, request.coupon_code, request.appid))
      return held === undefined ? missingCoupon() : ok(held.coupon)
    })
  ),

  returnCoupon: behaviour(Busifavor.ReturnCoupon, couponTransition(COUPON_TRANSITIONS.return)),

  deactivateCoupon: behaviour(Busifavor.DeactivateCoupon, couponTransition(COUPON_TRANSITIONS.deactivate)),

  associateTradeInfo: behaviour(Busifavor.AssociateTradeInfo, couponTransition(COUPON_TRANSITIONS.associate)),

  disassociateTradeInfo: behaviour(Busifavor.DisassociateTradeInfo, couponTransition(COUPON_TRANSITIONS.disassociate)),

  sendGovCard: behaviour(Busifavor.SendGovCard, (request, { config, state }) =>
    Ref.modify(state, (current): Step<typeof Busifavor.SendGovCardResponse.Encoded> => {
      const now = config.now()
      if (Date.parse(request.send_time) < now - SEND_TIME_WINDOW_MILLIS) {
        // Our choice of code: the rule is from the wechatpay-go comment, no code is documented for it.
        return [
          paramError(
            "/send_time",
            "body",
            "must be at most 24 hours in the past",
            request.send_time,
            "发放时间不能早于24小时前"
          ),
          current
        ]
      }
      const card: BusifavorGovCard = {
        card_id: request.card_id,
        appid: request.appid,
        openid: request.openid,
        send_time: request.send_time,
        card_code: `SBXCARD${String(current.busifavor.govCards.size + 1).padStart(12, "0")}`
      }
      const govCards = new Map(current.busifavor.govCards).set(card.card_code, card)
      return [ok({ card_code: card.card_code }), withBusifavor(current, { govCards })]
    })
  ),

  setCouponNotify: behaviour(Busifavor.SetCouponNotify, (request, { config, mchid, state }) => {
    const target = request.mchid ?? mchid
    if (target !== mchid) return Effect.succeed(notOwnMerchant(target))
    return Ref.modify(state, (current): Step<typeof Busifavor.SetCouponNotifyResponse.Encoded> => {
      const entry = { notify_url: request.notify_url, update_time: beijingTime(config.now()) }
      const notifyUrls = new Map(current.busifavor.notifyUrls).set(target, entry)
      return [ok({ mchid: target, ...entry }), withBusifavor(current, { notifyUrls })]
    })
  }),

  getCouponNotify: behaviour(Busifavor.GetCouponNotify, (request, { mchid, state }) => {
    const target = request.mchid ?? mchid
    if (target !== mchid) return Effect.succeed(notOwnMerchant(target))
    return Effect.map(Ref.get(state), (current) => {
      const entry = current.busifavor.notifyUrls.get(target)
      // Our choice: a merchant that never set a URL has none to show.
      return entry === undefined
        ? notExists("未设置商家券事件通知地址")
        : ok({ mchid: target, notify_url: entry.notify_url })
    })
  })
}
