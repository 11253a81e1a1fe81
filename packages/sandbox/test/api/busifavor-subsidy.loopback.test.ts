import { describe, expect, it } from "@effect/vitest"
import { Busifavor, type WechatPayClient } from "@effect-wechatpay/api"
import { Effect } from "effect"
import { Sandbox } from "../../src/index.js"
import { requestsTo, withSandbox } from "./harness.js"

// 营销补差 (B20–B24) against the sandbox: the default USED coupon (满100减10, discount 1000 fen) of the default
// stock, re-seeded with 营销补差 enabled.

const mchid = Sandbox.defaults.mchid
const stockId = Sandbox.defaults.stockId
const usedCode = Sandbox.defaults.usedCouponCode
const transactionId = "4200000000202611150000000001"
const refundId = "5030000000202611200000000001"
const payee = "1900009192"
const payPath = Busifavor.SubsidyPayEndpoint.path
const returnPath = Busifavor.SubsidyReturnEndpoint.path
const payInfoPath = (id: string) =>
  Busifavor.PayReceiptInfoEndpoint.path.replace("{subsidy_receipt_id}", encodeURIComponent(id))
const returnInfoPath = (id: string) =>
  Busifavor.ReturnReceiptInfoEndpoint.path.replace("{subsidy_return_receipt_id}", encodeURIComponent(id))

type PayInput = Parameters<typeof Busifavor.subsidyPay>[0]
type ReturnInput = Parameters<typeof Busifavor.subsidyReturn>[0]

const payRequest = (out_subsidy_no: string, overrides: Partial<PayInput> = {}): PayInput => ({
  stock_id: stockId,
  coupon_code: usedCode,
  transaction_id: transactionId,
  payer_merchant: mchid,
  payee_merchant: payee,
  amount: 1000,
  description: "满100减10营销补差",
  out_subsidy_no,
  ...overrides
})

const returnRequest = (out_subsidy_return_no: string, overrides: Partial<ReturnInput> = {}): ReturnInput => ({
  stock_id: stockId,
  coupon_code: usedCode,
  transaction_id: transactionId,
  refund_id: refundId,
  payer_merchant: mchid,
  payee_merchant: payee,
  amount: 400,
  description: "订单退款，回退营销补差",
  out_subsidy_return_no,
  ...overrides
})

/** Fresh state and log, with 营销补差 enabled on the default stock. */
const ready = Effect.gen(function* () {
  const sandbox = yield* Sandbox.SandboxGateway
  yield* sandbox.reset()
  yield* sandbox.seedBusifavorStock({ ...Sandbox.defaultBusifavorStock(), subsidy: true })
  return sandbox
})

/** The call fails with `RequestValidationError` and nothing reaches the gateway. */
const rejected = <A, E extends { readonly _tag: string }>(call: Effect.Effect<A, E, WechatPayClient>, path: string) =>
  Effect.gen(function* () {
    const error = yield* Effect.flip(call)
    expect(error._tag).toBe("RequestValidationError")
    expect(yield* requestsTo(path)).toEqual([])
  })

/** The call is sent (whatever the gateway answers, it is not a client-side validation failure). */
const sent = <A, E extends { readonly _tag: string }>(call: Effect.Effect<A, E, WechatPayClient>, path: string) =>
  Effect.gen(function* () {
    const result = yield* Effect.result(call)
    if (result._tag === "Failure") expect(result.failure._tag).not.toBe("RequestValidationError")
    expect(yield* requestsTo(path)).toHaveLength(1)
  })

const cjk = (n: number) => "补".repeat(n)
const emoji = "😀"

describe("loopback: 营销补差付款 (Busifavor.subsidyPay)", () => {
  it.live("pays, answers a 28-digit 11… receipt, and answers the same receipt to a retry", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        const receipt = yield* Busifavor.subsidyPay(payRequest("SUBSIDY-1"))
        expect(receipt).toMatchObject({
          stock_id: stockId,
          coupon_code: usedCode,
          transaction_id: transactionId,
          payer_merchant: mchid,
          payee_merchant: payee,
          amount: 1000,
          status: "PAY_RECEIPT_SUCCESS",
          out_subsidy_no: "SUBSIDY-1"
        })
        expect(receipt.subsidy_receipt_id).toMatch(/^11\d{26}$/)
        expect(receipt.success_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
        expect(receipt.create_time).toBe(receipt.success_time)
        const again = yield* Busifavor.subsidyPay(payRequest("SUBSIDY-1"))
        expect(again).toEqual(receipt)
        const list = yield* Busifavor.payReceiptList({ stock_id: stockId, coupon_code: usedCode })
        expect(list.pay_receipt_list?.map((r) => r.subsidy_receipt_id)).toEqual([receipt.subsidy_receipt_id])
      })
    )
  )

  it.live("the same out_subsidy_no with another body is INVALID_REQUEST, and creates no receipt", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        const first = yield* Busifavor.subsidyPay(payRequest("SUBSIDY-1", { amount: 500 }))
        const error = yield* Effect.flip(Busifavor.subsidyPay(payRequest("SUBSIDY-1", { amount: 400 })))
        expect(error).toMatchObject({
          _tag: "InvalidRequest",
          status: 400,
          code: "INVALID_REQUEST",
          detail: { field: "/out_subsidy_no" }
        })
        const list = yield* Busifavor.payReceiptList({ stock_id: stockId, coupon_code: usedCode })
        expect(list.pay_receipt_list).toEqual([first])
      })
    )
  )

  const exchangeStockId = "12120000000000000777"
  const refusals = [
    { name: "an unknown stock", tag: "ResourceNotExists", request: { stock_id: "99990000000000000001" } },
    { name: "an unknown coupon", tag: "ResourceNotExists", request: { coupon_code: "SBXNOSUCHCODE" } },
    {
      name: "a coupon not redeemed (SENDED)",
      tag: "InvalidRequest",
      request: { coupon_code: Sandbox.defaults.couponCode }
    },
    {
      name: "a stock without 营销补差",
      tag: "InvalidRequest",
      setup: (sandbox: Sandbox.Sandbox) => sandbox.seedBusifavorStock(Sandbox.defaultBusifavorStock()),
      request: {}
    },
    {
      name: "an EXCHANGE stock",
      tag: "InvalidRequest",
      setup: (sandbox: Sandbox.Sandbox) =>
        Effect.andThen(
          sandbox.seedBusifavorStock({
            ...Sandbox.defaultBusifavorStock(),
            stock_id: exchangeStockId,
            stock_type: "EXCHANGE",
            subsidy: true
          }),
          sandbox.seedUserCoupon({
            ...Sandbox.defaultUserCoupons()[1]!,
            coupon: { ...Sandbox.defaultUserCoupons()[1]!.coupon, stock_id: exchangeStockId, stock_type: "EXCHANGE" }
          })
        ),
      request: { stock_id: exchangeStockId }
    },
    { name: "more than the coupon's discount", tag: "ParamError", request: { amount: 1001 } },
    { name: "a payer that is neither creator nor owner", tag: "NoAuth", request: { payer_merchant: "1900000099" } }
  ] as const

  for (const refusal of refusals) {
    it.live(`refuses ${refusal.name}: ${refusal.tag}, and creates no receipt`, () =>
      withSandbox()(
        Effect.gen(function* () {
          const sandbox = yield* ready
          if ("setup" in refusal) yield* refusal.setup(sandbox)
          const error = yield* Effect.flip(Busifavor.subsidyPay(payRequest("SUBSIDY-X", refusal.request)))
          expect(error._tag).toBe(refusal.tag)
          const list = yield* Busifavor.payReceiptList({ stock_id: stockId, coupon_code: usedCode })
          expect(list.pay_receipt_list).toEqual([])
        })
      )
    )
  }

  it.live("the net subsidies of one coupon stay within its discount; a return frees room again", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        yield* Busifavor.subsidyPay(payRequest("SUBSIDY-1", { amount: 600 }))
        const over = yield* Effect.flip(Busifavor.subsidyPay(payRequest("SUBSIDY-2", { amount: 401 })))
        expect(over).toMatchObject({ _tag: "ParamError", detail: { field: "/amount" } })
        yield* Busifavor.subsidyReturn(returnRequest("RETURN-1", { amount: 100 }))
        const room = yield* Busifavor.subsidyPay(payRequest("SUBSIDY-2", { amount: 500 }))
        expect(room.status).toBe("PAY_RECEIPT_SUCCESS")
      })
    )
  )

  const limits: ReadonlyArray<readonly [string, Partial<PayInput>, Partial<PayInput>]> = [
    ["stock_id 20 / 21 characters", { stock_id: "1".repeat(20) }, { stock_id: "1".repeat(21) }],
    ["coupon_code 128 / 129 characters", { coupon_code: "C".repeat(128) }, { coupon_code: "C".repeat(129) }],
    ["transaction_id 28 / 27 characters", { transaction_id: "4".repeat(28) }, { transaction_id: "4".repeat(27) }],
    ["transaction_id 32 / 33 characters", { transaction_id: "4".repeat(32) }, { transaction_id: "4".repeat(33) }],
    ["payer_merchant 32 / 33 characters", { payer_merchant: "1".repeat(32) }, { payer_merchant: "1".repeat(33) }],
    ["payee_merchant 32 / empty", { payee_merchant: "1".repeat(32) }, { payee_merchant: "" }],
    ["amount 500000 / 500001 fen", { amount: 500_000 }, { amount: 500_001 }],
    ["amount 1 / 0 fen", { amount: 1 }, { amount: 0 }],
    ["amount integer / fraction", { amount: 2 }, { amount: 1.5 }],
    ["description 1024 CJK / 1025 CJK", { description: cjk(1024) }, { description: cjk(1025) }],
    ["description CJK / a 4-byte emoji", { description: `${cjk(10)}` }, { description: `${cjk(10)}${emoji}` }],
    ["out_subsidy_no 128 / 129 characters", { out_subsidy_no: "N".repeat(128) }, { out_subsidy_no: "N".repeat(129) }],
    ["out_subsidy_no |_*- / CJK", { out_subsidy_no: "a|b_c*d-e" }, { out_subsidy_no: "补差1" }]
  ]

  for (const [name, atLimit, pastLimit] of limits) {
    it.live(`request limits: ${name}`, () =>
      withSandbox()(
        Effect.gen(function* () {
          yield* ready
          yield* rejected(Busifavor.subsidyPay(payRequest("SUBSIDY-L", pastLimit)), payPath)
          yield* sent(Busifavor.subsidyPay(payRequest("SUBSIDY-L", atLimit)), payPath)
        })
      )
    )
  }
})

describe("loopback: 查询营销补差付款单列表 (Busifavor.payReceiptList)", () => {
  it.live("lists a coupon's receipts oldest first, narrowed by out_subsidy_no; an unknown coupon has none", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        const a = yield* Busifavor.subsidyPay(payRequest("SUBSIDY-A", { amount: 300 }))
        const b = yield* Busifavor.subsidyPay(payRequest("SUBSIDY-B", { amount: 200 }))
        const all = yield* Busifavor.payReceiptList({ stock_id: stockId, coupon_code: usedCode })
        expect(all.pay_receipt_list).toEqual([a, b])
        const one = yield* Busifavor.payReceiptList({
          stock_id: stockId,
          coupon_code: usedCode,
          out_subsidy_no: "SUBSIDY-B"
        })
        expect(one.pay_receipt_list).toEqual([b])
        const none = yield* Busifavor.payReceiptList({ stock_id: stockId, coupon_code: "SBXNOSUCHCODE" })
        expect(none.pay_receipt_list).toEqual([])
      })
    )
  )

  it.live("a typed error from the gateway: an injected FREQUENCY_LIMITED is FrequencyLimited", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* ready
        yield* sandbox.inject({
          match: { path: Busifavor.PayReceiptListEndpoint.path },
          kind: { _tag: "Error", status: 429, code: "FREQUENCY_LIMITED", message: "频率限制" }
        })
        const error = yield* Effect.flip(Busifavor.payReceiptList({ stock_id: stockId, coupon_code: usedCode }))
        expect(error).toMatchObject({ _tag: "FrequencyLimited", status: 429 })
      })
    )
  )

  const listLimits = [
    ["stock_id 20 / 21", { stock_id: "1".repeat(20) }, { stock_id: "1".repeat(21) }],
    ["coupon_code 128 / 129", { coupon_code: "C".repeat(128) }, { coupon_code: "C".repeat(129) }],
    ["coupon_code / with an emoji", { coupon_code: "C1" }, { coupon_code: `C1${emoji}` }],
    ["out_subsidy_no 128 / 129", { out_subsidy_no: "N".repeat(128) }, { out_subsidy_no: "N".repeat(129) }]
  ] as const

  for (const [name, atLimit, pastLimit] of listLimits) {
    it.live(`request limits: ${name}`, () =>
      withSandbox()(
        Effect.gen(function* () {
          yield* ready
          const base = { stock_id: stockId, coupon_code: usedCode }
          yield* rejected(Busifavor.payReceiptList({ ...base, ...pastLimit }), Busifavor.PayReceiptListEndpoint.path)
          yield* sent(Busifavor.payReceiptList({ ...base, ...atLimit }), Busifavor.PayReceiptListEndpoint.path)
        })
      )
    )
  }
})

describe("loopback: 查询营销补差付款单详情 (Busifavor.payReceiptInfo)", () => {
  it.live("answers the receipt by id; an unknown id is ResourceNotExists", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        const paid = yield* Busifavor.subsidyPay(payRequest("SUBSIDY-1", { amount: 700 }))
        const info = yield* Busifavor.payReceiptInfo({ subsidy_receipt_id: paid.subsidy_receipt_id ?? "" })
        expect(info).toEqual(paid)
        const error = yield* Effect.flip(
          Busifavor.payReceiptInfo({ subsidy_receipt_id: "1120200119165100000000000001" })
        )
        expect(error).toMatchObject({ _tag: "ResourceNotExists", status: 404 })
      })
    )
  )

  it.live("request limits: a CJK id is sent; an empty id or one with an emoji is not", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        yield* rejected(Busifavor.payReceiptInfo({ subsidy_receipt_id: "" }), payInfoPath(""))
        yield* rejected(Busifavor.payReceiptInfo({ subsidy_receipt_id: `11${emoji}` }), payInfoPath(`11${emoji}`))
        const error = yield* Effect.flip(Busifavor.payReceiptInfo({ subsidy_receipt_id: cjk(64) }))
        expect(error._tag).toBe("ResourceNotExists")
        expect(yield* requestsTo(payInfoPath(cjk(64)))).toHaveLength(1)
      })
    )
  )
})

describe("loopback: 营销补差回退 (Busifavor.subsidyReturn)", () => {
  it.live("returns part, then the rest; the pay receipt moves to PARTIAL_RETURN then FULL_RETURN", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        const paid = yield* Busifavor.subsidyPay(payRequest("SUBSIDY-1"))
        const first = yield* Busifavor.subsidyReturn(returnRequest("RETURN-1", { amount: 400 }))
        expect(first).toMatchObject({
          subsidy_receipt_id: paid.subsidy_receipt_id,
          refund_id: refundId,
          amount: 400,
          status: "RETURN_RECEIPT_SUCCESS",
          out_subsidy_return_no: "RETURN-1"
        })
        expect(first.subsidy_return_receipt_id).toMatch(/^21\d{26}$/)
        expect(first.return_done_time).toBe(first.return_create_time)
        const partial = yield* Busifavor.payReceiptInfo({ subsidy_receipt_id: paid.subsidy_receipt_id ?? "" })
        expect(partial.status).toBe("PAY_RECEIPT_PARTIAL_RETURN")
        const over = yield* Effect.flip(Busifavor.subsidyReturn(returnRequest("RETURN-2", { amount: 601 })))
        expect(over).toMatchObject({ _tag: "InvalidRequest", status: 400 })
        yield* Busifavor.subsidyReturn(returnRequest("RETURN-2", { amount: 600 }))
        const full = yield* Busifavor.payReceiptInfo({ subsidy_receipt_id: paid.subsidy_receipt_id ?? "" })
        expect(full.status).toBe("PAY_RECEIPT_FULL_RETURN")
        const nothingLeft = yield* Effect.flip(Busifavor.subsidyReturn(returnRequest("RETURN-3", { amount: 1 })))
        expect(nothingLeft._tag).toBe("InvalidRequest")
      })
    )
  )

  it.live("is idempotent on out_subsidy_return_no; another body under it is INVALID_REQUEST", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        yield* Busifavor.subsidyPay(payRequest("SUBSIDY-1"))
        const first = yield* Busifavor.subsidyReturn(returnRequest("RETURN-1"))
        const again = yield* Busifavor.subsidyReturn(returnRequest("RETURN-1"))
        expect(again).toEqual(first)
        const error = yield* Effect.flip(Busifavor.subsidyReturn(returnRequest("RETURN-1", { amount: 300 })))
        expect(error).toMatchObject({
          _tag: "InvalidRequest",
          status: 400,
          code: "INVALID_REQUEST",
          detail: { field: "/out_subsidy_return_no" }
        })
      })
    )
  )

  it.live("without a subsidy payment: ResourceNotExists; with other merchants than the payment's: InvalidRequest", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        const none = yield* Effect.flip(Busifavor.subsidyReturn(returnRequest("RETURN-1")))
        expect(none).toMatchObject({ _tag: "ResourceNotExists", status: 404 })
        yield* Busifavor.subsidyPay(payRequest("SUBSIDY-1"))
        const swapped = yield* Effect.flip(
          Busifavor.subsidyReturn(returnRequest("RETURN-1", { payer_merchant: payee, payee_merchant: mchid }))
        )
        expect(swapped._tag).toBe("InvalidRequest")
      })
    )
  )

  const limits: ReadonlyArray<readonly [string, Partial<ReturnInput>, Partial<ReturnInput>]> = [
    ["refund_id 28 / 27 characters", { refund_id: "5".repeat(28) }, { refund_id: "5".repeat(27) }],
    ["refund_id 32 / 33 characters", { refund_id: "5".repeat(32) }, { refund_id: "5".repeat(33) }],
    ["amount 1 / 0 fen", { amount: 1 }, { amount: 0 }],
    ["description 1024 CJK / 1025 CJK", { description: cjk(1024) }, { description: cjk(1025) }],
    ["description CJK / a 4-byte emoji", { description: cjk(3) }, { description: `${cjk(3)}${emoji}` }],
    [
      "out_subsidy_return_no 128 / 129 characters",
      { out_subsidy_return_no: "R".repeat(128) },
      { out_subsidy_return_no: "R".repeat(129) }
    ]
  ]

  for (const [name, atLimit, pastLimit] of limits) {
    it.live(`request limits: ${name}`, () =>
      withSandbox()(
        Effect.gen(function* () {
          yield* ready
          yield* rejected(Busifavor.subsidyReturn(returnRequest("RETURN-L", pastLimit)), returnPath)
          yield* sent(Busifavor.subsidyReturn(returnRequest("RETURN-L", atLimit)), returnPath)
        })
      )
    )
  }
})

describe("loopback: 查询营销补差回退单详情 (Busifavor.returnReceiptInfo)", () => {
  it.live("answers the return receipt by id; an unknown id is ResourceNotExists", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        yield* Busifavor.subsidyPay(payRequest("SUBSIDY-1"))
        const returned = yield* Busifavor.subsidyReturn(returnRequest("RETURN-1"))
        const info = yield* Busifavor.returnReceiptInfo({
          subsidy_return_receipt_id: returned.subsidy_return_receipt_id ?? ""
        })
        expect(info).toEqual(returned)
        const error = yield* Effect.flip(
          Busifavor.returnReceiptInfo({ subsidy_return_receipt_id: "2120200119165100000000000001" })
        )
        expect(error).toMatchObject({ _tag: "ResourceNotExists", status: 404 })
      })
    )
  )

  it.live("request limits: a CJK id is sent; an empty id or one with an emoji is not", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        yield* rejected(Busifavor.returnReceiptInfo({ subsidy_return_receipt_id: "" }), returnInfoPath(""))
        yield* rejected(
          Busifavor.returnReceiptInfo({ subsidy_return_receipt_id: `21${emoji}` }),
          returnInfoPath(`21${emoji}`)
        )
        const error = yield* Effect.flip(Busifavor.returnReceiptInfo({ subsidy_return_receipt_id: cjk(64) }))
        expect(error._tag).toBe("ResourceNotExists")
        expect(yield* requestsTo(returnInfoPath(cjk(64)))).toHaveLength(1)
      })
    )
  )
})

describe("loopback: a subsidy scenario", () => {
  it.live("pay → list → info → return → return info, each answer reflecting the one before", () =>
    withSandbox()(
      Effect.gen(function* () {
        yield* ready
        const paid = yield* Busifavor.subsidyPay(payRequest("SCENARIO-PAY-1", { amount: 800 }))
        const receiptId = paid.subsidy_receipt_id ?? ""
        const list = yield* Busifavor.payReceiptList({
          stock_id: stockId,
          coupon_code: usedCode,
          out_subsidy_no: "SCENARIO-PAY-1"
        })
        expect(list.pay_receipt_list).toEqual([paid])
        const info = yield* Busifavor.payReceiptInfo({ subsidy_receipt_id: receiptId })
        expect(info.status).toBe("PAY_RECEIPT_SUCCESS")
        expect(info.amount).toBe(800)
        const returned = yield* Busifavor.subsidyReturn(returnRequest("SCENARIO-RET-1", { amount: 800 }))
        expect(returned.subsidy_receipt_id).toBe(receiptId)
        const returnInfo = yield* Busifavor.returnReceiptInfo({
          subsidy_return_receipt_id: returned.subsidy_return_receipt_id ?? ""
        })
        expect(returnInfo).toEqual(returned)
        const after = yield* Busifavor.payReceiptInfo({ subsidy_receipt_id: receiptId })
        expect(after.status).toBe("PAY_RECEIPT_FULL_RETURN")
        const listed = yield* Busifavor.payReceiptList({ stock_id: stockId, coupon_code: usedCode })
        expect(listed.pay_receipt_list?.map((r) => r.status)).toEqual(["PAY_RECEIPT_FULL_RETURN"])
        expect((yield* requestsTo(payPath)).map((r) => r.method)).toEqual(["POST", "GET", "GET"])
      })
    )
  )
})
