import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as ApiError from "../src/ApiError.js"
import * as Busifavor from "../src/Busifavor.js"
import { requestParseOptions } from "../src/Endpoint.js"
import { fixture, issues, plain, remove, requestIssues, withPath } from "./support.js"

const message4 = "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)"
const requestNoMessage = "must contain only letters, digits, |, _, * and -"

const payReceiptWire = fixture("busifavor-subsidy-pay-receipt.response.json")
const payReceiptListWire = fixture("busifavor-subsidy-pay-receipt-list.response.json")
const returnReceiptWire = fixture("busifavor-subsidy-return-receipt.response.json")
const couponSendWire = fixture("busifavor-coupon-send.notification.json")

const decodePay = Schema.decodeUnknownEffect(Busifavor.SubsidyPayReceipt)
const decodeReturn = Schema.decodeUnknownEffect(Busifavor.SubsidyReturnReceipt)

const payRequest = {
  stock_id: "1290000000000077",
  coupon_code: "SUBSIDY0001",
  transaction_id: "4200002024030112345678901234",
  payer_merchant: "1900000101",
  payee_merchant: "1900000202",
  amount: 1500,
  description: "3月补差 第1笔",
  out_subsidy_no: "sub-20240301-0001"
}

const returnRequest = {
  stock_id: "1290000000000077",
  coupon_code: "SUBSIDY0001",
  transaction_id: "4200002024030112345678901234",
  refund_id: "50300009992024030500001234567",
  payer_merchant: "1900000101",
  payee_merchant: "1900000202",
  amount: 500,
  description: "部分退款 回退补差",
  out_subsidy_return_no: "ret-20240305-0001"
}

const minimalPayReceipt = {
  stock_id: "1290000000000077",
  coupon_code: "SUBSIDY0001",
  transaction_id: "4200002024030112345678901234",
  payer_merchant: "1900000101",
  payee_merchant: "1900000202",
  amount: 1500,
  description: "d",
  status: "PAY_RECEIPT_ACCEPTED",
  out_subsidy_no: "sub-1"
}

const minimalReturnReceipt = {
  stock_id: "1290000000000077",
  coupon_code: "SUBSIDY0001",
  transaction_id: "4200002024030112345678901234",
  refund_id: "50300009992024030500001234567",
  payer_merchant: "1900000101",
  payee_merchant: "1900000202",
  amount: 500,
  description: "d",
  status: "RETURN_RECEIPT_ACCEPTED",
  subsidy_receipt_id: "1120240301101500000000000042",
  out_subsidy_return_no: "ret-1"
}

describe("Busifavor.SubsidyPayReceipt", () => {
  it.effect("decodes the hand-written example and encodes it back unchanged", () =>
    Effect.gen(function* () {
      const receipt = yield* decodePay(payReceiptWire)
      expect(receipt).toBeInstanceOf(Busifavor.SubsidyPayReceipt)
      expect(receipt.subsidy_receipt_id).toBe("1120240301101500000000000042")
      expect(receipt.amount).toBe(1500)
      expect(receipt.status).toBe("PAY_RECEIPT_SUCCESS")
      expect(receipt.success_time).toBe("2024-03-01T10:15:30+08:00")
      expect(receipt.fail_reason).toBeUndefined()
      expect(yield* Schema.encodeEffect(Busifavor.SubsidyPayReceipt)(receipt)).toStrictEqual(payReceiptWire)
    })
  )

  it.effect("decodes a minimal receipt: no receipt id before success, no times, no fail reason", () =>
    Effect.gen(function* () {
      const receipt = yield* decodePay(minimalPayReceipt)
      expect(receipt.subsidy_receipt_id).toBeUndefined()
      expect(receipt.create_time).toBeUndefined()
      expect(receipt.status).toBe("PAY_RECEIPT_ACCEPTED")
    })
  )

  it.effect("decodes a numeric-string amount, nulls as absent, keeps unknown enum values, ignores unknown keys", () =>
    Effect.gen(function* () {
      const receipt = yield* decodePay({
        ...minimalPayReceipt,
        amount: "1500",
        subsidy_receipt_id: null,
        status: "SUCCESS",
        fail_reason: "INSUFFICIENT_BALANCE",
        brand_new_key: { x: 1 }
      })
      expect(receipt.amount).toBe(1500)
      expect(receipt.subsidy_receipt_id).toBeUndefined()
      expect(receipt.status).toBe("SUCCESS")
      expect(receipt.fail_reason).toBe("INSUFFICIENT_BALANCE")
      expect(receipt).not.toHaveProperty("brand_new_key")
    })
  )

  it.effect("requires the fields every source marks required", () =>
    Effect.gen(function* () {
      expect(yield* issues(Busifavor.SubsidyPayReceipt, withPath(minimalPayReceipt, ["status"], remove))).toStrictEqual(
        [{ path: ["status"], message: "Missing key" }]
      )
      expect(yield* issues(Busifavor.SubsidyPayReceipt, { ...minimalPayReceipt, amount: "15.5" })).toStrictEqual([
        { path: ["amount"], message: "must be a number or a string of decimal digits" }
      ])
    })
  )
})

describe("Busifavor.PayReceiptListResponse", () => {
  it.effect("decodes the hand-written list: a partly returned payment and a failed one", () =>
    Effect.gen(function* () {
      const list = yield* Schema.decodeUnknownEffect(Busifavor.PayReceiptListResponse)(payReceiptListWire)
      expect(list.pay_receipt_list?.map((r) => r.status)).toStrictEqual([
        "PAY_RECEIPT_PARTIAL_RETURN",
        "PAY_RECEIPT_FAIL"
      ])
      expect(list.pay_receipt_list?.[1]?.fail_reason).toBe("PAY_RECEIPT_INSUFFICIENT_BALANCE")
      expect(list.pay_receipt_list?.[1]?.subsidy_receipt_id).toBeUndefined()
      expect(yield* Schema.encodeEffect(Busifavor.PayReceiptListResponse)(list)).toStrictEqual(payReceiptListWire)
    })
  )

  it.effect("decodes an empty object and an empty list (a coupon with no subsidy)", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.PayReceiptListResponse)
      expect((yield* decode({})).pay_receipt_list).toBeUndefined()
      expect((yield* decode({ pay_receipt_list: null })).pay_receipt_list).toBeUndefined()
      expect((yield* decode({ pay_receipt_list: [] })).pay_receipt_list).toStrictEqual([])
    })
  )
})

describe("Busifavor.SubsidyReturnReceipt", () => {
  it.effect("decodes the hand-written example and encodes it back unchanged", () =>
    Effect.gen(function* () {
      const receipt = yield* decodeReturn(returnReceiptWire)
      expect(receipt).toBeInstanceOf(Busifavor.SubsidyReturnReceipt)
      expect(receipt.subsidy_return_receipt_id).toBe("2120240305093000000000000007")
      expect(receipt.refund_id).toBe("50300009992024030500001234567")
      expect(receipt.status).toBe("RETURN_RECEIPT_SUCCESS")
      expect(yield* Schema.encodeEffect(Busifavor.SubsidyReturnReceipt)(receipt)).toStrictEqual(returnReceiptWire)
    })
  )

  it.effect("decodes a minimal receipt, a numeric-string amount and unknown enum values", () =>
    Effect.gen(function* () {
      const minimal = yield* decodeReturn(minimalReturnReceipt)
      expect(minimal.subsidy_return_receipt_id).toBeUndefined()
      expect(minimal.return_done_time).toBeUndefined()
      const loose = yield* decodeReturn({
        ...minimalReturnReceipt,
        amount: "500",
        status: "RETURN_RECEIPT_PROCESSING",
        fail_reason: "RETURN_RECEIPT_SOMETHING_NEW",
        extra: true
      })
      expect(loose.amount).toBe(500)
      expect(loose.status).toBe("RETURN_RECEIPT_PROCESSING")
      expect(loose.fail_reason).toBe("RETURN_RECEIPT_SOMETHING_NEW")
      expect(loose).not.toHaveProperty("extra")
    })
  )

  it.effect("requires subsidy_receipt_id (every source agrees)", () =>
    Effect.gen(function* () {
      expect(
        yield* issues(Busifavor.SubsidyReturnReceipt, withPath(minimalReturnReceipt, ["subsidy_receipt_id"], remove))
      ).toStrictEqual([{ path: ["subsidy_receipt_id"], message: "Missing key" }])
    })
  )
})

describe("Busifavor.SubsidyPayRequest", () => {
  it.effect("a valid example decodes, and encodes to the same JSON", () =>
    Effect.gen(function* () {
      const decoded = yield* Schema.decodeUnknownEffect(Busifavor.SubsidyPayRequest, requestParseOptions)(payRequest)
      expect(Schema.encodeSync(Busifavor.SubsidyPayRequest)(decoded)).toStrictEqual(payRequest)
    })
  )

  it.effect("amount: 1..500000 fen (at most 5000 元), integers only", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.SubsidyPayRequest, requestParseOptions)
      expect((yield* decode({ ...payRequest, amount: 1 })).amount).toBe(1)
      expect((yield* decode({ ...payRequest, amount: 500_000 })).amount).toBe(500_000)
      const tooMuch = "must be an amount in fen in 1..500000 (at most 5000 元)"
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, amount: 500_001 })).toStrictEqual([
        { path: ["amount"], message: tooMuch }
      ])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, amount: 0 })).toStrictEqual([
        { path: ["amount"], message: tooMuch }
      ])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, amount: 1.5 })).toStrictEqual([
        { path: ["amount"], message: "Expected an integer" }
      ])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, amount: "100" })).toStrictEqual([
        { path: ["amount"], message: "Expected number" }
      ])
    })
  )

  it.effect("stock_id 1–20, coupon_code 1–128, merchants 1–32 characters", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.SubsidyPayRequest, requestParseOptions)
      const atLimit = {
        ...payRequest,
        stock_id: "1".repeat(20),
        coupon_code: "券".repeat(128),
        payer_merchant: "1".repeat(32),
        payee_merchant: "2".repeat(32)
      }
      expect(Schema.encodeSync(Busifavor.SubsidyPayRequest)(yield* decode(atLimit))).toStrictEqual(atLimit)
      expect(
        yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, stock_id: "1".repeat(21) })
      ).toStrictEqual([{ path: ["stock_id"], message: "must be 1–20 characters, got 21" }])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, stock_id: "" })).toStrictEqual([
        { path: ["stock_id"], message: "must be 1–20 characters, got 0" }
      ])
      expect(
        yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, coupon_code: "券".repeat(129) })
      ).toStrictEqual([{ path: ["coupon_code"], message: "must be 1–128 characters, got 129" }])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, coupon_code: "C🎫" })).toStrictEqual([
        { path: ["coupon_code"], message: message4 }
      ])
      expect(
        yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, payer_merchant: "1".repeat(33) })
      ).toStrictEqual([{ path: ["payer_merchant"], message: "must be 1–32 characters, got 33" }])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, payee_merchant: "" })).toStrictEqual([
        { path: ["payee_merchant"], message: "must be 1–32 characters, got 0" }
      ])
    })
  )

  it.effect("transaction_id is 28–32 characters", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.SubsidyPayRequest, requestParseOptions)
      expect((yield* decode({ ...payRequest, transaction_id: "4".repeat(28) })).transaction_id).toHaveLength(28)
      expect((yield* decode({ ...payRequest, transaction_id: "4".repeat(32) })).transaction_id).toHaveLength(32)
      expect(
        yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, transaction_id: "4".repeat(27) })
      ).toStrictEqual([{ path: ["transaction_id"], message: "must be 28–32 characters, got 27" }])
      expect(
        yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, transaction_id: "4".repeat(33) })
      ).toStrictEqual([{ path: ["transaction_id"], message: "must be 28–32 characters, got 33" }])
    })
  )

  it.effect("description is 1–1024 characters (CJK count one), no emoji", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.SubsidyPayRequest, requestParseOptions)
      expect((yield* decode({ ...payRequest, description: "补".repeat(1024) })).description).toHaveLength(1024)
      expect(
        yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, description: "补".repeat(1025) })
      ).toStrictEqual([{ path: ["description"], message: "must be 1–1024 characters, got 1025" }])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, description: "" })).toStrictEqual([
        { path: ["description"], message: "must be 1–1024 characters, got 0" }
      ])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, description: "补差🎉" })).toStrictEqual(
        [{ path: ["description"], message: message4 }]
      )
    })
  )

  it.effect("out_subsidy_no is 1–128 characters of letters, digits, |, _, *, -", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.SubsidyPayRequest, requestParseOptions)
      const all = "aZ09|_*-".repeat(16)
      expect((yield* decode({ ...payRequest, out_subsidy_no: all })).out_subsidy_no).toBe(all)
      expect(
        yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, out_subsidy_no: "a".repeat(129) })
      ).toStrictEqual([{ path: ["out_subsidy_no"], message: "must be 1–128 characters, got 129" }])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, out_subsidy_no: "" })).toStrictEqual([
        { path: ["out_subsidy_no"], message: "must be 1–128 characters, got 0" }
      ])
      for (const bad of ["sub 1", "sub.1", "补差1", "sub🎉"]) {
        expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, out_subsidy_no: bad })).toStrictEqual(
          [{ path: ["out_subsidy_no"], message: requestNoMessage }]
        )
      }
    })
  )

  it.effect("every field is required and unknown keys are rejected", () =>
    Effect.gen(function* () {
      expect(
        yield* requestIssues(Busifavor.SubsidyPayRequest, withPath(payRequest, ["out_subsidy_no"], remove))
      ).toStrictEqual([{ path: ["out_subsidy_no"], message: "Missing key" }])
      expect(yield* requestIssues(Busifavor.SubsidyPayRequest, { ...payRequest, mchid: "1" })).toStrictEqual([
        { path: ["mchid"], message: "Expected no excess property" }
      ])
    })
  )

  it.prop(
    "encode → decode round trip",
    [Busifavor.SubsidyPayRequest],
    ([request]) => {
      expect(
        Schema.decodeUnknownSync(Busifavor.SubsidyPayRequest)(Schema.encodeSync(Busifavor.SubsidyPayRequest)(request))
      ).toStrictEqual(plain(request))
    },
    { arbitrary: { runs: 50 } }
  )
})

describe("Busifavor.SubsidyReturnRequest", () => {
  it.effect("a valid example decodes, and encodes to the same JSON", () =>
    Effect.gen(function* () {
      const decoded = yield* Schema.decodeUnknownEffect(
        Busifavor.SubsidyReturnRequest,
        requestParseOptions
      )(returnRequest)
      expect(Schema.encodeSync(Busifavor.SubsidyReturnRequest)(decoded)).toStrictEqual(returnRequest)
    })
  )

  it.effect("refund_id is 28–32 characters; amount at least 1 fen; out_subsidy_return_no ≤ 128 of the charset", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.SubsidyReturnRequest, requestParseOptions)
      expect((yield* decode({ ...returnRequest, refund_id: "5".repeat(28) })).refund_id).toHaveLength(28)
      expect((yield* decode({ ...returnRequest, refund_id: "5".repeat(32) })).refund_id).toHaveLength(32)
      expect(
        yield* requestIssues(Busifavor.SubsidyReturnRequest, { ...returnRequest, refund_id: "5".repeat(33) })
      ).toStrictEqual([{ path: ["refund_id"], message: "must be 28–32 characters, got 33" }])
      expect((yield* decode({ ...returnRequest, amount: 1 })).amount).toBe(1)
      expect(yield* requestIssues(Busifavor.SubsidyReturnRequest, { ...returnRequest, amount: 0 })).toStrictEqual([
        { path: ["amount"], message: "must be an amount in fen of at least 1" }
      ])
      const no = "r".repeat(128)
      expect((yield* decode({ ...returnRequest, out_subsidy_return_no: no })).out_subsidy_return_no).toBe(no)
      expect(
        yield* requestIssues(Busifavor.SubsidyReturnRequest, { ...returnRequest, out_subsidy_return_no: `${no}r` })
      ).toStrictEqual([{ path: ["out_subsidy_return_no"], message: "must be 1–128 characters, got 129" }])
      expect(
        yield* requestIssues(Busifavor.SubsidyReturnRequest, { ...returnRequest, out_subsidy_return_no: "退-1" })
      ).toStrictEqual([{ path: ["out_subsidy_return_no"], message: requestNoMessage }])
      expect(
        yield* requestIssues(Busifavor.SubsidyReturnRequest, { ...returnRequest, description: "回".repeat(1025) })
      ).toStrictEqual([{ path: ["description"], message: "must be 1–1024 characters, got 1025" }])
      expect(
        yield* requestIssues(Busifavor.SubsidyReturnRequest, { ...returnRequest, description: "🎉" })
      ).toStrictEqual([{ path: ["description"], message: message4 }])
    })
  )

  it.prop(
    "encode → decode round trip",
    [Busifavor.SubsidyReturnRequest],
    ([request]) => {
      expect(
        Schema.decodeUnknownSync(Busifavor.SubsidyReturnRequest)(
          Schema.encodeSync(Busifavor.SubsidyReturnRequest)(request)
        )
      ).toStrictEqual(plain(request))
    },
    { arbitrary: { runs: 50 } }
  )
})

describe("Busifavor subsidy query requests", () => {
  it.effect("PayReceiptListRequest: stock_id and coupon_code required, out_subsidy_no optional", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(Busifavor.PayReceiptListRequest, requestParseOptions)
      const minimal = { stock_id: "1290000000000077", coupon_code: "SUBSIDY0001" }
      expect(Schema.encodeSync(Busifavor.PayReceiptListRequest)(yield* decode(minimal))).toStrictEqual(minimal)
      const full = { ...minimal, out_subsidy_no: "sub-20240301-0001" }
      expect(Schema.encodeSync(Busifavor.PayReceiptListRequest)(yield* decode(full))).toStrictEqual(full)
      expect(yield* requestIssues(Busifavor.PayReceiptListRequest, { stock_id: "1" })).toStrictEqual([
        { path: ["coupon_code"], message: "Missing key" }
      ])
      expect(
        yield* requestIssues(Busifavor.PayReceiptListRequest, { ...minimal, out_subsidy_no: "a b" })
      ).toStrictEqual([{ path: ["out_subsidy_no"], message: requestNoMessage }])
      expect(
        yield* requestIssues(Busifavor.PayReceiptListRequest, { ...minimal, stock_id: "1".repeat(21) })
      ).toStrictEqual([{ path: ["stock_id"], message: "must be 1–20 characters, got 21" }])
    })
  )

  it.effect("PayReceiptInfoRequest and ReturnReceiptInfoRequest: a non-empty id without emoji", () =>
    Effect.gen(function* () {
      const pay = { subsidy_receipt_id: "1120240301101500000000000042" }
      const ret = { subsidy_return_receipt_id: "2120240305093000000000000007" }
      expect(
        Schema.encodeSync(Busifavor.PayReceiptInfoRequest)(
          Schema.decodeUnknownSync(Busifavor.PayReceiptInfoRequest, requestParseOptions)(pay)
        )
      ).toStrictEqual(pay)
      expect(Schema.decodeUnknownSync(Busifavor.ReturnReceiptInfoRequest, requestParseOptions)(ret)).toStrictEqual(ret)
      expect(yield* requestIssues(Busifavor.PayReceiptInfoRequest, { subsidy_receipt_id: "" })).toStrictEqual([
        { path: ["subsidy_receipt_id"], message: "must be at least 1 character(s), got 0" }
      ])
      expect(
        yield* requestIssues(Busifavor.ReturnReceiptInfoRequest, { subsidy_return_receipt_id: "2🎫" })
      ).toStrictEqual([{ path: ["subsidy_return_receipt_id"], message: message4 }])
    })
  )
})

describe("Busifavor subsidy endpoints", () => {
  it("descriptors: method, path, query, idempotency key, schemas and the family error table", () => {
    expect(Busifavor.SubsidyPay).toMatchObject({
      name: "Busifavor.subsidyPay",
      operation: "subsidyPay",
      method: "POST",
      path: "/v3/marketing/busifavor/subsidy/pay-receipts",
      idempotency: { key: "out_subsidy_no", scope: [], conflict: "INVALID_REQUEST" },
      query: [],
      pathParams: [],
      pagination: undefined,
      noContent: false
    })
    expect(Busifavor.SubsidyPay.request).toBe(Busifavor.SubsidyPayRequest)
    expect(Busifavor.SubsidyPay.response).toBe(Busifavor.SubsidyPayReceipt)
    expect(Busifavor.PayReceiptList).toMatchObject({
      operation: "payReceiptList",
      method: "GET",
      query: ["stock_id", "coupon_code", "out_subsidy_no"],
      pagination: undefined,
      idempotency: undefined
    })
    expect(Busifavor.PayReceiptInfo).toMatchObject({
      operation: "payReceiptInfo",
      method: "GET",
      pathParams: ["subsidy_receipt_id"]
    })
    expect(Busifavor.PayReceiptInfo.response).toBe(Busifavor.SubsidyPayReceipt)
    expect(Busifavor.SubsidyReturn).toMatchObject({
      operation: "subsidyReturn",
      method: "POST",
      path: "/v3/marketing/busifavor/subsidy/return-receipts",
      idempotency: { key: "out_subsidy_return_no", scope: [], conflict: "INVALID_REQUEST" }
    })
    expect(Busifavor.ReturnReceiptInfo).toMatchObject({
      operation: "returnReceiptInfo",
      pathParams: ["subsidy_return_receipt_id"]
    })
    expect(Busifavor.ReturnReceiptInfo.response).toBe(Busifavor.SubsidyReturnReceipt)
    for (const endpoint of [
      Busifavor.SubsidyPay,
      Busifavor.SubsidyReturn,
      Busifavor.PayReceiptInfo,
      Busifavor.PayReceiptList,
      Busifavor.ReturnReceiptInfo
    ]) {
      expect(endpoint.errors).toBe(ApiError.BusifavorErrors)
      expect(Busifavor.endpoints).toContain(endpoint)
      expect(endpoint.codes.has("RESOURCE_NOT_EXISTS")).toBe(true)
    }
  })

  it("JSON Schemas are built", () => {
    expect(Busifavor.SubsidyPay.jsonSchema.request).toMatchObject({
      definitions: {
        "Busifavor.SubsidyPayRequest": {
          properties: { out_subsidy_no: { maxLength: 128, minLength: 1, pattern: "^[A-Za-z0-9|_*-]*$" } }
        }
      }
    })
    expect(Busifavor.PayReceiptList.jsonSchema.response).toBeDefined()
    expect(Busifavor.ReturnReceiptInfo.jsonSchema.response).toBeDefined()
  })
})

describe("Busifavor.CouponSendNotification", () => {
  it.effect("decodes the hand-written 营销馆 example, with a numeric hall_belong_mch_id", () =>
    Effect.gen(function* () {
      const notification = yield* Schema.decodeUnknownEffect(Busifavor.CouponSendNotification)(couponSendWire)
      expect(notification).toBeInstanceOf(Busifavor.CouponSendNotification)
      expect(notification.send_channel).toBe("BUSICOUPON_SEND_CHANNEL_HALL")
      expect(notification.send_merchant).toBe("1900000101")
      expect(notification.attach_info?.hall_belong_mch_id).toBe(1900000303)
      expect(notification.attach_info?.transaction_id).toBeUndefined()
      expect(yield* Schema.encodeEffect(Busifavor.CouponSendNotification)(notification)).toStrictEqual(couponSendWire)
    })
  )

  it.effect("decodes a minimal resource (send_channel and send_merchant only)", () =>
    Effect.gen(function* () {
      const notification = yield* Schema.decodeUnknownEffect(Busifavor.CouponSendNotification)({
        send_channel: "BUSICOUPON_SEND_CHANNEL_API",
        send_merchant: "1900000101"
      })
      expect(notification.coupon_code).toBeUndefined()
      expect(notification.attach_info).toBeUndefined()
    })
  )

  it.effect("hall_belong_mch_id as a numeric string, unknown channel, null keys and unknown keys", () =>
    Effect.gen(function* () {
      const notification = yield* Schema.decodeUnknownEffect(Busifavor.CouponSendNotification)({
        ...(couponSendWire as object),
        send_channel: "BUSICOUPON_SEND_CHANNEL_SOMETHING_NEW",
        unionid: null,
        act_id: "SHAKE-1",
        attach_info: { hall_belong_mch_id: "1900000303", phone_number: "13800000000", country_code: "86", z: 1 },
        future_field: "x"
      })
      expect(notification.send_channel).toBe("BUSICOUPON_SEND_CHANNEL_SOMETHING_NEW")
      expect(notification.unionid).toBeUndefined()
      expect(notification.act_id).toBe("SHAKE-1")
      expect(notification.attach_info?.hall_belong_mch_id).toBe(1900000303)
      expect(notification.attach_info?.country_code).toBe("86")
      expect(notification).not.toHaveProperty("future_field")
    })
  )

  it.effect("send_channel and send_merchant are required", () =>
    Effect.gen(function* () {
      expect(
        yield* issues(Busifavor.CouponSendNotification, withPath(couponSendWire, ["send_merchant"], remove))
      ).toStrictEqual([{ path: ["send_merchant"], message: "Missing key" }])
      expect(
        yield* issues(Busifavor.CouponSendNotification, withPath(couponSendWire, ["send_channel"], remove))
      ).toStrictEqual([{ path: ["send_channel"], message: "Missing key" }])
    })
  )
})
