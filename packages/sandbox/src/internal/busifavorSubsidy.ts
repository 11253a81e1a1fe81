/**
 * 商家券 营销补差 (busifavor subsidies) behaviours: subsidy payments (营销补差付款), returns (营销补差回退) and their
 * receipts. Coupons and stocks are read from `GatewayState.busifavor` (`stocks`, `userCoupons`); the receipts live
 * there too, in `subsidyPayReceipts` and `subsidyReturnReceipts`.
 *
 * The writes are idempotent on their request numbers (`out_subsidy_no`, `out_subsidy_return_no`) through their
 * descriptors' `idempotency` (see `idempotency.ts`). The official error tables of these pages could not be read: every
 * code below is one of the family table's (`BusifavorErrors`), and which transition answers which code is our choice
 * unless a comment says otherwise.
 *
 * @internal
 */
import * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { type ApiError, apiError, behaviour, notExists, type Outcome, ok, paramError } from "./behaviour.js"
import { beijingTime } from "./protocol.js"
import { type GatewayState, type SubsidyPayReceiptWire, type SubsidyReturnReceiptWire, withBusifavor } from "./state.js"

type Transition<AE> = [Outcome<AE>, GatewayState]

/** `yyyyMMddHHmmss` in Beijing time, the middle part of a receipt id. */
const compactTime = (epochMillis: number): string => beijingTime(epochMillis).slice(0, 19).replace(/\D/g, "")

/** A 28-digit receipt id as WeChat Pay prints them: a 2-digit kind, the creation time, a 12-digit sequence. */
const receiptId = (kind: "11" | "21", epochMillis: number, sequence: number): string =>
  `${kind}${compactTime(epochMillis)}${String(sequence).padStart(12, "0")}`

/** A wire integer (number or numeric string) as a number; absent is undefined. */
const wireInt = (value: number | string | null | undefined): number | undefined =>
  value === null || value === undefined ? undefined : Number(value)

/** `INVALID_REQUEST` for a state that does not allow the call (our choice of code). */
const invalid = (message: string): ApiError => apiError(400, "INVALID_REQUEST", message)

/** How much of a pay receipt is returned already. */
const returnedOf = (state: GatewayState, subsidyReceiptId: string): number => {
  let returned = 0
  for (const receipt of state.busifavor.subsidyReturnReceipts.values()) {
    if (receipt.subsidy_receipt_id === subsidyReceiptId && receipt.status === "RETURN_RECEIPT_SUCCESS") {
      returned += Number(receipt.amount)
    }
  }
  return returned
}

/**
 * 营销补差付款: the checks against the stock and the coupon, in the order a caller would fix them. The coupon must
 * have been redeemed (`USED`), its stock must be NORMAL or DISCOUNT (never EXCHANGE) with 营销补差 enabled
 * (`subsidy: true`), the payer must be the stock's creator (the caller) or its belong merchant, and the net subsidy
 * of the coupon must stay within its discount.
 */
const payRules = (state: GatewayState, request: Busifavor.SubsidyPayRequest, mchid: string): ApiError | undefined => {
  const stock = state.busifavor.stocks.get(request.stock_id)
  if (stock === undefined) return notExists("批次不存在")
  const held = [...state.busifavor.userCoupons.values()].find(
    (s) => s.coupon.coupon_code === request.coupon_code && s.coupon.stock_id === request.stock_id
  )
  if (held === undefined) return notExists("券不存在")
  if (stock.stock_type !== "NORMAL" && stock.stock_type !== "DISCOUNT") {
    return invalid("仅满减券和折扣券批次支持营销补差")
  }
  if (stock.subsidy !== true && stock.subsidy !== "true") return invalid("该批次未开启营销补差")
  if (held.coupon.coupon_state !== "USED") return invalid("券未核销，不能进行营销补差")
  if (request.payer_merchant !== mchid && request.payer_merchant !== stock.belong_merchant) {
    return apiError(403, "NOAUTH", "补差付款商户须为批次创建方或归属商户", { payer_merchant: request.payer_merchant })
  }
  // A DISCOUNT coupon's discount depends on the order amount, which the sandbox does not know: only the NORMAL
  // coupon's fixed discount caps the subsidy here.
  const discount = wireInt(held.coupon.coupon_use_rule.fixed_normal_coupon?.discount_amount)
  if (stock.stock_type === "NORMAL" && discount !== undefined) {
    let paid = 0
    for (const receipt of state.busifavor.subsidyPayReceipts.values()) {
      if (receipt.stock_id === request.stock_id && receipt.coupon_code === request.coupon_code) {
        paid += Number(receipt.amount) - returnedOf(state, receipt.subsidy_receipt_id)
      }
    }
    if (paid + request.amount > discount) {
      return paramError(
        "/amount",
        "body",
        `the coupon's subsidies must not exceed its discount of ${discount} fen (${paid} paid)`,
        request.amount,
        "补差金额不能超过券的优惠金额"
      )
    }
  }
  return undefined
}

/** @internal */
export const behaviours = {
  subsidyPay: behaviour(Busifavor.SubsidyPay, (request, { config, mchid, state }) =>
    Ref.modify(state, (current): Transition<SubsidyPayReceiptWire> => {
      const broken = payRules(current, request, mchid)
      if (broken !== undefined) return [broken, current]
      const now = config.now()
      const subsidy_receipt_id = receiptId("11", now, current.busifavor.subsidyPayReceipts.size + 1)
      const receipt: SubsidyPayReceiptWire = {
        subsidy_receipt_id,
        stock_id: request.stock_id,
        coupon_code: request.coupon_code,
        transaction_id: request.transaction_id,
        payer_merchant: request.payer_merchant,
        payee_merchant: request.payee_merchant,
        amount: request.amount,
        description: request.description,
        status: "PAY_RECEIPT_SUCCESS",
        success_time: beijingTime(now),
        out_subsidy_no: request.out_subsidy_no,
        create_time: beijingTime(now)
      }
      const subsidyPayReceipts = new Map(current.busifavor.subsidyPayReceipts).set(subsidy_receipt_id, receipt)
      return [ok(receipt), withBusifavor(current, { subsidyPayReceipts })]
    })
  ),

  payReceiptList: behaviour(Busifavor.PayReceiptList, (request, { state }) =>
    Effect.map(Ref.get(state), (current) =>
      // An unknown coupon has no receipts: an empty list (the sources say nothing; our choice).
      ok({
        pay_receipt_list: [...current.busifavor.subsidyPayReceipts.values()].filter(
          (r) =>
            r.stock_id === request.stock_id &&
            r.coupon_code === request.coupon_code &&
            (request.out_subsidy_no === undefined || r.out_subsidy_no === request.out_subsidy_no)
        )
      })
    )
  ),

  payReceiptInfo: behaviour(Busifavor.PayReceiptInfo, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const receipt = current.busifavor.subsidyPayReceipts.get(request.subsidy_receipt_id)
      return receipt === undefined ? notExists("补差付款单不存在") : ok(receipt)
    })
  ),

  subsidyReturn: behaviour(Busifavor.SubsidyReturn, (request, { config, state }) =>
    Ref.modify(state, (current): Transition<SubsidyReturnReceiptWire> => {
      const paid = [...current.busifavor.subsidyPayReceipts.values()].filter(
        (r) =>
          r.stock_id === request.stock_id &&
          r.coupon_code === request.coupon_code &&
          r.transaction_id === request.transaction_id
      )
      if (paid.length === 0) return [notExists("补差付款单不存在"), current]
      const matching = paid.filter(
        (r) => r.payer_merchant === request.payer_merchant && r.payee_merchant === request.payee_merchant
      )
      if (matching.length === 0) return [invalid("回退的付款方和收款方须与原补差付款单一致"), current]
      const target = matching.find(
        (r) => Number(r.amount) - returnedOf(current, r.subsidy_receipt_id) >= request.amount
      )
      if (target === undefined) return [invalid("单个券Code回退总金额不能超过补差金额"), current]
      const subsidy_receipt_id = target.subsidy_receipt_id
      const now = config.now()
      const subsidy_return_receipt_id = receiptId("21", now, current.busifavor.subsidyReturnReceipts.size + 1)
      const receipt: SubsidyReturnReceiptWire = {
        subsidy_return_receipt_id,
        stock_id: request.stock_id,
        coupon_code: request.coupon_code,
        transaction_id: request.transaction_id,
        refund_id: request.refund_id,
        payer_merchant: request.payer_merchant,
        payee_merchant: request.payee_merchant,
        amount: request.amount,
        description: request.description,
        status: "RETURN_RECEIPT_SUCCESS",
        return_done_time: beijingTime(now),
        subsidy_receipt_id,
        out_subsidy_return_no: request.out_subsidy_return_no,
        return_create_time: beijingTime(now)
      }
      const returned = returnedOf(current, subsidy_receipt_id) + request.amount
      const status = returned >= Number(target.amount) ? "PAY_RECEIPT_FULL_RETURN" : "PAY_RECEIPT_PARTIAL_RETURN"
      const subsidyPayReceipts = new Map(current.busifavor.subsidyPayReceipts).set(subsidy_receipt_id, {
        ...target,
        status
      })
      const subsidyReturnReceipts = new Map(current.busifavor.subsidyReturnReceipts).set(
        subsidy_return_receipt_id,
        receipt
      )
      return [ok(receipt), withBusifavor(current, { subsidyPayReceipts, subsidyReturnReceipts })]
    })
  ),

  returnReceiptInfo: behaviour(Busifavor.ReturnReceiptInfo, (request, { state }) =>
    Effect.map(Ref.get(state), (current) => {
      const receipt = current.busifavor.subsidyReturnReceipts.get(request.subsidy_return_receipt_id)
      return receipt === undefined ? notExists("补差回退单不存在") : ok(receipt)
    })
  )
}
