import * as Schema from "effect/Schema"
import { BusifavorErrors } from "../../ApiError.js"
import * as Endpoint from "../../Endpoint.js"
import { CouponCode, Fen, MchId, StockId } from "../../Ids.js"
import * as Time from "../../Time.js"
import { charLength, noFourByteUtf8, text } from "../text.js"
import { openEnum, optionalKey, optionalOnWire, tolerantInt } from "../tolerant.js"

const WireFen = tolerantInt(Fen)

/**
 * 补差付款单据状态: the SDK values (wechatpay-go `SubsidyPayReceiptStatus`); open. The doc examples print `SUCCESS`,
 * an undocumented short form, which is kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export const SubsidyPayReceiptStatus = openEnum(
  "PAY_RECEIPT_ACCEPTED",
  "PAY_RECEIPT_SUCCESS",
  "PAY_RECEIPT_FAIL",
  "PAY_RECEIPT_RETURNING",
  "PAY_RECEIPT_PARTIAL_RETURN",
  "PAY_RECEIPT_FULL_RETURN",
  "PAY_RECEIPT_UNKNOWN"
)

/**
 * The type of `SubsidyPayReceiptStatus`.
 *
 * @since 0.1.0
 * @category models
 */
export type SubsidyPayReceiptStatus = typeof SubsidyPayReceiptStatus.Type

/**
 * 补差付款失败原因: the SDK values (wechatpay-go `SubsidyPayReceiptFailReason`); open. The doc examples print
 * `INSUFFICIENT_BALANCE`, which is kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export const SubsidyPayReceiptFailReason = openEnum(
  "PAY_RECEIPT_INSUFFICIENT_BALANCE",
  "PAY_RECEIPT_NOT_INCOMESPLIT_ORDER",
  "PAY_RECEIPT_EXCEED_SUBSIDY_AMOUNT_QUOTA",
  "PAY_RECEIPT_EXCEED_SUBSIDY_COUNT_QUOTA",
  "PAY_RECEIPT_OTHER"
)

/**
 * The type of `SubsidyPayReceiptFailReason`.
 *
 * @since 0.1.0
 * @category models
 */
export type SubsidyPayReceiptFailReason = typeof SubsidyPayReceiptFailReason.Type

/**
 * 补差回退单据状态: the SDK values (wechatpay-go `SubsidyReturnReceiptStatus`); open.
 *
 * @since 0.1.0
 * @category models
 */
export const SubsidyReturnReceiptStatus = openEnum(
  "RETURN_RECEIPT_ACCEPTED",
  "RETURN_RECEIPT_SUCCESS",
  "RETURN_RECEIPT_FAIL",
  "RETURN_RECEIPT_UNKNOWN"
)

/**
 * The type of `SubsidyReturnReceiptStatus`.
 *
 * @since 0.1.0
 * @category models
 */
export type SubsidyReturnReceiptStatus = typeof SubsidyReturnReceiptStatus.Type

/**
 * 补差回退失败原因: the SDK values (wechatpay-go `SubsidyReturnReceiptFailReason`); open.
 *
 * @since 0.1.0
 * @category models
 */
export const SubsidyReturnReceiptFailReason = openEnum("RETURN_RECEIPT_INSUFFICIENT_BALANCE", "RETURN_RECEIPT_OTHER")

/**
 * The type of `SubsidyReturnReceiptFailReason`.
 *
 * @since 0.1.0
 * @category models
 */
export type SubsidyReturnReceiptFailReason = typeof SubsidyReturnReceiptFailReason.Type

/**
 * 补差付款单: one marketing-subsidy payment receipt, the answer of 营销补差付款 and 查询营销补差付款单详情 and an item of
 * 查询营销补差付款单列表.
 *
 * @since 0.1.0
 * @category responses
 */
export class SubsidyPayReceipt extends Schema.Class<SubsidyPayReceipt>("Busifavor.SubsidyPayReceipt")({
  // docs/sources/wechatpay-v3.md Q11: the docs and the Go SDK's marshaller mark it required, but the Go and Java field comments say it is
  // "returned only after the payment succeeded".
  subsidy_receipt_id: optionalOnWire(Schema.String),
  stock_id: StockId,
  coupon_code: CouponCode,
  transaction_id: Schema.String,
  payer_merchant: MchId,
  payee_merchant: MchId,
  amount: WireFen,
  description: Schema.String,
  status: SubsidyPayReceiptStatus,
  fail_reason: optionalOnWire(SubsidyPayReceiptFailReason),
  success_time: optionalOnWire(Time.WireTime),
  out_subsidy_no: Schema.String,
  create_time: optionalOnWire(Time.WireTime)
}) {}

/**
 * 查询营销补差付款单列表 response: the subsidy payments of one coupon (absent when there were none).
 *
 * @since 0.1.0
 * @category responses
 */
export class PayReceiptListResponse extends Schema.Class<PayReceiptListResponse>("Busifavor.PayReceiptListResponse")({
  pay_receipt_list: optionalOnWire(Schema.Array(SubsidyPayReceipt))
}) {}

/**
 * 补差回退单: one marketing-subsidy return receipt, the answer of 营销补差回退 and 查询营销补差回退单详情.
 *
 * @since 0.1.0
 * @category responses
 */
export class SubsidyReturnReceipt extends Schema.Class<SubsidyReturnReceipt>("Busifavor.SubsidyReturnReceipt")({
  // Optional in the docs and the SDKs: "returned only after the return succeeded".
  subsidy_return_receipt_id: optionalOnWire(Schema.String),
  stock_id: StockId,
  coupon_code: CouponCode,
  transaction_id: Schema.String,
  refund_id: Schema.String,
  payer_merchant: MchId,
  payee_merchant: MchId,
  amount: WireFen,
  description: Schema.String,
  status: SubsidyReturnReceiptStatus,
  fail_reason: optionalOnWire(SubsidyReturnReceiptFailReason),
  return_done_time: optionalOnWire(Time.WireTime),
  subsidy_receipt_id: Schema.String,
  out_subsidy_return_no: Schema.String,
  return_create_time: optionalOnWire(Time.WireTime)
}) {}

/**
 * A `*_no` idempotency key: 1–`max` characters of letters, digits, `|`, `_`, `*`, `-`. The pattern is the JSON Schema
 * `pattern` and guides generation.
 */
const requestNo = (max: number) =>
  Schema.String.check(
    charLength(1, max),
    Schema.isPattern(/^[A-Za-z0-9|_*-]*$/u, { message: "must contain only letters, digits, |, _, * and -" })
  )

/** A WeChat Pay order or refund number: 28–32 characters (the pages state no alphabet; the examples are digits). */
const tradeNo = Schema.String.check(noFourByteUtf8, charLength(28, 32))

const stockId = StockId.check(noFourByteUtf8, charLength(1, 20))
const couponCode = CouponCode.check(noFourByteUtf8, charLength(1, 128))
const merchant = MchId.check(noFourByteUtf8, charLength(1, 32))

/** Largest single subsidy payment: 5000 元. */
const MAX_SUBSIDY_FEN = 500_000

/**
 * 营销补差付款 request (body): `stock_id` 1–20, `coupon_code` 1–128, `transaction_id` 28–32, `payer_merchant` and
 * `payee_merchant` 1–32 characters, `amount` in fen 1..500,000 (at most 5000 元; the page gives no minimum, a zero
 * payment is refused here; "at most the coupon's discount" is checked by WeChat Pay), `description` 1–1024
 * characters, `out_subsidy_no` 1–128 characters of letters, digits, `|`, `_`, `*`, `-`.
 *
 * @since 0.1.0
 * @category requests
 */
export const SubsidyPayRequest = Schema.Struct({
  stock_id: stockId,
  coupon_code: couponCode,
  transaction_id: tradeNo,
  payer_merchant: merchant,
  payee_merchant: merchant,
  amount: Fen.check(
    Schema.isBetween(
      { minimum: 1, maximum: MAX_SUBSIDY_FEN },
      { message: `must be an amount in fen in 1..${MAX_SUBSIDY_FEN} (at most 5000 元)` }
    )
  ),
  description: text({ min: 1, max: 1024 }),
  out_subsidy_no: requestNo(128)
}).annotate({ identifier: "Busifavor.SubsidyPayRequest" })

/**
 * The type of `SubsidyPayRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type SubsidyPayRequest = typeof SubsidyPayRequest.Type

/**
 * 查询营销补差付款单列表 request (query string): `stock_id` 1–20 and `coupon_code` 1–128 characters, required;
 * `out_subsidy_no` (1–128, the payment's idempotency key) optional. Not paged.
 *
 * @since 0.1.0
 * @category requests
 */
export const PayReceiptListRequest = Schema.Struct({
  stock_id: stockId,
  coupon_code: couponCode,
  out_subsidy_no: optionalKey(requestNo(128))
}).annotate({ identifier: "Busifavor.PayReceiptListRequest" })

/**
 * The type of `PayReceiptListRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type PayReceiptListRequest = typeof PayReceiptListRequest.Type

/**
 * 查询营销补差付款单详情 request: the path parameter `subsidy_receipt_id` (non-empty; no length limit could be read
 * from the official page).
 *
 * @since 0.1.0
 * @category requests
 */
export const PayReceiptInfoRequest = Schema.Struct({
  subsidy_receipt_id: text({ min: 1 })
}).annotate({ identifier: "Busifavor.PayReceiptInfoRequest" })

/**
 * The type of `PayReceiptInfoRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type PayReceiptInfoRequest = typeof PayReceiptInfoRequest.Type

/**
 * 营销补差回退 request (body): `stock_id` 1–20, `coupon_code` 1–128, `transaction_id` and `refund_id` 28–32,
 * `payer_merchant` and `payee_merchant` 1–32 characters, `amount` in fen from 1 (the total returned for a coupon
 * must not exceed its subsidy, checked by WeChat Pay), `description` 1–1024 characters, `out_subsidy_return_no` 1–128
 * characters of letters, digits, `|`, `_`, `*`, `-`.
 *
 * @since 0.1.0
 * @category requests
 */
export const SubsidyReturnRequest = Schema.Struct({
  stock_id: stockId,
  coupon_code: couponCode,
  transaction_id: tradeNo,
  refund_id: tradeNo,
  payer_merchant: merchant,
  payee_merchant: merchant,
  amount: Fen.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be an amount in fen of at least 1" })),
  description: text({ min: 1, max: 1024 }),
  out_subsidy_return_no: requestNo(128)
}).annotate({ identifier: "Busifavor.SubsidyReturnRequest" })

/**
 * The type of `SubsidyReturnRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type SubsidyReturnRequest = typeof SubsidyReturnRequest.Type

/**
 * 查询营销补差回退单详情 request: the path parameter `subsidy_return_receipt_id` (non-empty; no length limit could be
 * read from the official page).
 *
 * @since 0.1.0
 * @category requests
 */
export const ReturnReceiptInfoRequest = Schema.Struct({
  subsidy_return_receipt_id: text({ min: 1 })
}).annotate({ identifier: "Busifavor.ReturnReceiptInfoRequest" })

/**
 * The type of `ReturnReceiptInfoRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type ReturnReceiptInfoRequest = typeof ReturnReceiptInfoRequest.Type

/**
 * 营销补差付款 errors: the family common table (`BusifavorErrors`); the official page's error table could not be read
 * (only the top of the page is stored).
 *
 * @since 0.1.0
 * @category errors
 */
export const SubsidyPayErrors = BusifavorErrors

/**
 * 查询营销补差付款单列表 errors: the family common table; official page not readable.
 *
 * @since 0.1.0
 * @category errors
 */
export const PayReceiptListErrors = BusifavorErrors

/**
 * 查询营销补差付款单详情 errors: the family common table; official page not readable.
 *
 * @since 0.1.0
 * @category errors
 */
export const PayReceiptInfoErrors = BusifavorErrors

/**
 * 营销补差回退 errors: the family common table; the official page's error table could not be read (only the top of
 * the page is stored).
 *
 * @since 0.1.0
 * @category errors
 */
export const SubsidyReturnErrors = BusifavorErrors

/**
 * 查询营销补差回退单详情 errors: the family common table; official page not readable.
 *
 * @since 0.1.0
 * @category errors
 */
export const ReturnReceiptInfoErrors = BusifavorErrors

/**
 * 营销补差付款: pays a marketing subsidy from one merchant to the merchant that redeemed a 商家券 (NORMAL or DISCOUNT
 * stocks only), idempotent on `out_subsidy_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const SubsidyPay = Endpoint.make({
  name: "Busifavor.subsidyPay",
  title: "营销补差付款",
  summary: "Pays a marketing subsidy for one redeemed 商家券 from the payer merchant to the payee merchant.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_16.shtml",
  method: "POST",
  path: "/v3/marketing/busifavor/subsidy/pay-receipts",
  request: SubsidyPayRequest,
  response: SubsidyPayReceipt,
  errors: SubsidyPayErrors,
  errorsFrom: "family",
  idempotency: {
    key: "out_subsidy_no",
    scope: [],
    // Our choice: no documented code answers a reused out_subsidy_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

/**
 * 营销补差回退: returns (part of) a subsidy after the order was refunded, idempotent on `out_subsidy_return_no`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const SubsidyReturn = Endpoint.make({
  name: "Busifavor.subsidyReturn",
  title: "营销补差回退",
  summary: "Returns all or part of a marketing subsidy after the order it paid for was refunded.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_17.shtml",
  method: "POST",
  path: "/v3/marketing/busifavor/subsidy/return-receipts",
  request: SubsidyReturnRequest,
  response: SubsidyReturnReceipt,
  errors: SubsidyReturnErrors,
  errorsFrom: "family",
  idempotency: {
    key: "out_subsidy_return_no",
    scope: [],
    // Our choice: no documented code answers a reused out_subsidy_return_no; INVALID_REQUEST is one this endpoint documents.
    conflict: "INVALID_REQUEST"
  }
})

/**
 * 查询营销补差付款单详情: one subsidy payment receipt by its id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const PayReceiptInfo = Endpoint.make({
  name: "Busifavor.payReceiptInfo",
  title: "查询营销补差付款单详情",
  summary: "One marketing-subsidy payment receipt, by its subsidy_receipt_id.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_18.shtml",
  method: "GET",
  path: "/v3/marketing/busifavor/subsidy/pay-receipts/{subsidy_receipt_id}",
  request: PayReceiptInfoRequest,
  response: SubsidyPayReceipt,
  errors: PayReceiptInfoErrors,
  errorsFrom: "family"
})

/**
 * 查询营销补差付款单列表: the subsidy payments of one coupon (not paged: the response has only `pay_receipt_list`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const PayReceiptList = Endpoint.make({
  name: "Busifavor.payReceiptList",
  title: "查询营销补差付款单列表",
  summary: "The marketing-subsidy payment receipts of one 商家券, optionally narrowed to one out_subsidy_no.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_19.shtml",
  method: "GET",
  path: "/v3/marketing/busifavor/subsidy/pay-receipts",
  request: PayReceiptListRequest,
  response: PayReceiptListResponse,
  errors: PayReceiptListErrors,
  errorsFrom: "family",
  query: ["stock_id", "coupon_code", "out_subsidy_no"]
})

/**
 * 查询营销补差回退单详情: one subsidy return receipt by its id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ReturnReceiptInfo = Endpoint.make({
  name: "Busifavor.returnReceiptInfo",
  title: "查询营销补差回退单详情",
  summary: "One marketing-subsidy return receipt, by its subsidy_return_receipt_id.",
  docs: "https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_2_21.shtml",
  method: "GET",
  path: "/v3/marketing/busifavor/subsidy/return-receipts/{subsidy_return_receipt_id}",
  request: ReturnReceiptInfoRequest,
  response: SubsidyReturnReceipt,
  errors: ReturnReceiptInfoErrors,
  errorsFrom: "family"
})
