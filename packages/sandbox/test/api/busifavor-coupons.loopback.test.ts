import { describe, expect, it } from "@effect/vitest"
import { Busifavor } from "@effect-wechatpay/api"
import { Effect, Stream } from "effect"
import { Sandbox } from "../../src/index.js"
import { cjk, createStock, emoji, pathOf, rejectedUnsent, send, user } from "./busifavor-support.js"
import { requestsTo, withSandbox } from "./harness.js"

const query = (code: string, openid: string = user.openid) =>
  Busifavor.queryCoupon({ openid, appid: user.appid, coupon_code: code })

const use = (stockId: string, code: string, useRequestNo: string) =>
  Busifavor.useCoupon({
    stock_id: stockId,
    coupon_code: code,
    appid: user.appid,
    use_time: "2026-11-20T12:00:00+08:00",
    use_request_no: useRequestNo
  })

describe("loopback: Busifavor.sendCoupon", () => {
  it.live(
    "WECHATPAY_MODE: a generated code, readable with queryCoupon; the send counts grow; a replay sends nothing more",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const stockId = yield* createStock("BF-SEND-0")
          const sent = yield* Busifavor.sendCoupon({ ...user, stock_id: stockId, out_request_no: "BF-SEND-1" })
          expect(sent.result).toMatchObject({ stock_id: stockId, out_request_no: "BF-SEND-1" })
          const code = sent.result.coupon_code ?? ""
          expect(code).toMatch(/^\d{12}$/)
          const replay = yield* Busifavor.sendCoupon({ ...user, stock_id: stockId, out_request_no: "BF-SEND-1" })
          expect(replay.result).toEqual(sent.result)
          const coupon = yield* query(code)
          expect(coupon).toMatchObject({ coupon_state: "SENDED", stock_id: stockId, send_request_no: "BF-SEND-1" })
          const stock = yield* Busifavor.queryStock({ stock_id: stockId })
          expect(stock.send_count_information).toMatchObject({
            total_send_num: 1,
            total_send_amount: 1000,
            today_send_num: 1,
            today_send_amount: 1000
          })
          // out_request_no is unique per user and stock: another user may use the same number.
          const other = yield* send(stockId, "BF-SEND-1", { openid: "oOTHER_USER" })
          expect(other).not.toBe(code)
          const withCode = yield* Effect.flip(send(stockId, "BF-SEND-2", { coupon_code: "MINE-1" }))
          expect(withCode).toMatchObject({ _tag: "ParamError", status: 400 })
        })
      )
  )

  it.live("max_coupons_per_user and max_coupons refuse further sends; unknown stock → ResourceNotExists", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-SEND-10", "WECHATPAY_MODE", (r) => ({
          ...r,
          stock_send_rule: { max_coupons: 3, max_coupons_per_user: 2 }
        }))
        yield* send(stockId, "BF-SEND-11")
        yield* send(stockId, "BF-SEND-12")
        const perUser = yield* Effect.flip(send(stockId, "BF-SEND-13"))
        expect(perUser).toMatchObject({ _tag: "InvalidRequest", description: "用户领券已达上限" })
        yield* send(stockId, "BF-SEND-14", { openid: "oSECOND" })
        const total = yield* Effect.flip(send(stockId, "BF-SEND-15", { openid: "oTHIRD" }))
        expect(total).toMatchObject({ _tag: "InvalidRequest", description: "批次已发完" })
        const unknown = yield* Effect.flip(send("99999999999999999999", "BF-SEND-16"))
        expect(unknown._tag).toBe("ResourceNotExists")
      })
    )
  )

  it.live("MERCHANT_API takes the request's coupon_code (required, once per stock)", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-API-0", "MERCHANT_API")
        const missing = yield* Effect.flip(send(stockId, "BF-API-1"))
        expect(missing).toMatchObject({ _tag: "ParamError", detail: { field: "/coupon_code" } })
        expect(yield* send(stockId, "BF-API-2", { coupon_code: "API-CODE-1" })).toBe("API-CODE-1")
        expect((yield* query("API-CODE-1")).coupon_state).toBe("SENDED")
        const twice = yield* Effect.flip(send(stockId, "BF-API-3", { coupon_code: "API-CODE-1", openid: "oOTHER" }))
        expect(twice._tag).toBe("ResourceAlreadyExists")
        const reused = yield* Effect.flip(send(stockId, "BF-API-2", { coupon_code: "API-CODE-2" }))
        expect(reused._tag).toBe("InvalidRequest")
      })
    )
  )

  it.live("MERCHANT_UPLOAD dispatches uploaded codes in upload order, then runs out", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-UPL-0", "MERCHANT_UPLOAD")
        expect((yield* Effect.flip(send(stockId, "BF-UPL-1")))._tag).toBe("InvalidRequest")
        yield* Busifavor.uploadCouponCode({ stock_id: stockId, coupon_code_list: ["U1", "U2"], upload_request_no: "U" })
        expect(yield* send(stockId, "BF-UPL-2")).toBe("U1")
        expect(yield* send(stockId, "BF-UPL-3")).toBe("U2")
        expect((yield* Effect.flip(send(stockId, "BF-UPL-4")))._tag).toBe("InvalidRequest")
        const stock = yield* Busifavor.queryStock({ stock_id: stockId })
        expect(stock.coupon_code_count).toMatchObject({ total_count: 2, available_count: 0 })
      })
    )
  )

  it.live(
    "limits: openid 128, coupon_code 32, out_request_no 128 characters; one past, or CJK / emoji, is not sent",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const stockId = yield* createStock("BF-LIM-0", "MERCHANT_API")
          const path = pathOf(Busifavor.SendCouponEndpoint)
          const base = { ...user, stock_id: stockId, out_request_no: "BF-LIM-1", coupon_code: "C".repeat(32) }
          const table = [
            { field: "/openid", request: { ...base, openid: "o".repeat(129) } },
            { field: "/coupon_code", request: { ...base, coupon_code: "C".repeat(33) } },
            { field: "/out_request_no", request: { ...base, out_request_no: "N".repeat(129) } },
            { field: "/out_request_no", request: { ...base, out_request_no: cjk(3) } },
            { field: "/openid", request: { ...base, openid: `o${emoji}` } }
          ]
          for (const { field, request } of table) yield* rejectedUnsent(Busifavor.sendCoupon(request), path, field)
          expect(yield* requestsTo(path)).toEqual([])
          const at = yield* Busifavor.sendCoupon({ ...base, openid: "o".repeat(128), out_request_no: "N".repeat(128) })
          expect(at.result.coupon_code).toBe("C".repeat(32))
        })
      )
  )
})

describe("loopback: Busifavor.useCoupon, returnCoupon, deactivateCoupon", () => {
  it.live(
    "use → USED; a replay answers the same; another use_request_no → ResourceAlreadyExists (券已被其他订单核销)",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const stockId = yield* createStock("BF-USE-0")
          const code = yield* send(stockId, "BF-USE-1")
          const used = yield* use(stockId, code, "BF-USE-R1")
          expect(used).toMatchObject({ stock_id: stockId, openid: user.openid })
          expect(used.wechatpay_use_time).toMatch(/\+08:00$/)
          expect(yield* use(stockId, code, "BF-USE-R1")).toEqual(used)
          expect(yield* query(code)).toMatchObject({ coupon_state: "USED", use_request_no: "BF-USE-R1" })
          const twice = yield* Effect.flip(use(stockId, code, "BF-USE-R2"))
          expect(twice).toMatchObject({ _tag: "ResourceAlreadyExists", status: 400, description: "券已被其他订单核销" })
          const seeded = yield* Effect.flip(use(Sandbox.defaults.stockId, Sandbox.defaults.usedCouponCode, "BF-USE-R3"))
          expect(seeded._tag).toBe("ResourceAlreadyExists")
          const unknown = yield* Effect.flip(use(stockId, "NO-SUCH-CODE", "BF-USE-R4"))
          expect(unknown._tag).toBe("ResourceNotExists")
        })
      )
  )

  it.live("outside the coupon's validity → RuleLimit (券不在有效期)", () =>
    withSandbox()(
      Effect.gen(function* () {
        // Valid from the day after it is received: not yet redeemable.
        const stockId = yield* createStock("BF-RULE-0", "WECHATPAY_MODE", (r) => ({
          ...r,
          coupon_use_rule: {
            ...r.coupon_use_rule,
            coupon_available_time: {
              ...r.coupon_use_rule.coupon_available_time,
              available_day_after_receive: 10,
              wait_days_after_receive: 1
            }
          }
        }))
        const code = yield* send(stockId, "BF-RULE-1")
        const early = yield* Effect.flip(use(stockId, code, "BF-RULE-R1"))
        expect(early).toMatchObject({ _tag: "RuleLimit", status: 403, description: "券不在有效期" })
        // An expired coupon.
        const sandbox = yield* Sandbox.SandboxGateway
        const [seed] = Sandbox.defaultUserCoupons()
        yield* sandbox.seedUserCoupon({
          ...seed!,
          coupon: { ...seed!.coupon, coupon_code: "EXPIRED-1", expire_time: "2020-01-31T23:59:59+08:00" }
        })
        const late = yield* Effect.flip(use(Sandbox.defaults.stockId, "EXPIRED-1", "BF-RULE-R2"))
        expect(late._tag).toBe("RuleLimit")
      })
    )
  )

  it.live(
    "a coupon of a MERCHANT_UPLOAD stock (the default one) needs stock_id; use_request_no is at most 128 characters",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const request = {
            coupon_code: Sandbox.defaults.couponCode,
            appid: user.appid,
            use_time: "2026-11-20T12:00:00+08:00",
            use_request_no: "BF-NOSTOCK-1"
          }
          const error = yield* Effect.flip(Busifavor.useCoupon(request))
          expect(error).toMatchObject({ _tag: "ParamError", detail: { field: "/stock_id" } })
          const path = pathOf(Busifavor.UseCouponEndpoint)
          const before = yield* requestsTo(path)
          yield* rejectedUnsent(
            Busifavor.useCoupon({ ...request, stock_id: Sandbox.defaults.stockId, use_request_no: "R".repeat(129) }),
            path,
            "/use_request_no"
          )
          expect(yield* requestsTo(path)).toEqual(before)
        })
      )
  )

  it.live("return: USED → SENDED (usable again); returning an unused coupon → InvalidRequest", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-RET-0")
        const code = yield* send(stockId, "BF-RET-1")
        const unused = yield* Effect.flip(
          Busifavor.returnCoupon({ stock_id: stockId, coupon_code: code, return_request_no: "BF-RET-R0" })
        )
        expect(unused).toMatchObject({ _tag: "InvalidRequest", status: 400 })
        yield* use(stockId, code, "BF-RET-U1")
        const returned = yield* Busifavor.returnCoupon({
          stock_id: stockId,
          coupon_code: code,
          return_request_no: "BF-RET-R1"
        })
        expect(returned.wechatpay_return_time).toMatch(/\+08:00$/)
        const coupon = yield* query(code)
        expect(coupon).toMatchObject({ coupon_state: "SENDED", return_request_no: "BF-RET-R1" })
        expect(coupon.use_request_no).toBeUndefined()
        const replay = yield* Busifavor.returnCoupon({
          stock_id: stockId,
          coupon_code: code,
          return_request_no: "BF-RET-R1"
        })
        expect(replay).toEqual(returned)
        const missing = yield* Effect.flip(
          Busifavor.returnCoupon({ stock_id: stockId, coupon_code: "NOPE", return_request_no: "BF-RET-R2" })
        )
        expect(missing._tag).toBe("ResourceNotExists")
        yield* rejectedUnsent(
          Busifavor.returnCoupon({ stock_id: stockId, coupon_code: code, return_request_no: `R${emoji}` }),
          pathOf(Busifavor.ReturnCouponEndpoint),
          "/return_request_no"
        )
      })
    )
  )

  it.live(
    "deactivate: SENDED → DEACTIVATED, which cannot be used; a USED coupon → InvalidRequest; reason 64 characters",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const stockId = yield* createStock("BF-DEA-0")
          const code = yield* send(stockId, "BF-DEA-1")
          const path = pathOf(Busifavor.DeactivateCouponEndpoint)
          const base = { stock_id: stockId, coupon_code: code, deactivate_request_no: "BF-DEA-R1" }
          yield* rejectedUnsent(
            Busifavor.deactivateCoupon({ ...base, deactivate_reason: cjk(65) }),
            path,
            "/deactivate_reason"
          )
          yield* rejectedUnsent(
            Busifavor.deactivateCoupon({ ...base, deactivate_reason: `${emoji}失效` }),
            path,
            "/deactivate_reason"
          )
          const done = yield* Busifavor.deactivateCoupon({ ...base, deactivate_reason: cjk(64) })
          expect(done.wechatpay_deactivate_time).toMatch(/\+08:00$/)
          expect(yield* query(code)).toMatchObject({ coupon_state: "DEACTIVATED", deactivate_reason: cjk(64) })
          expect((yield* Effect.flip(use(stockId, code, "BF-DEA-U1")))._tag).toBe("InvalidRequest")
          const used = yield* send(stockId, "BF-DEA-2")
          yield* use(stockId, used, "BF-DEA-U2")
          const refused = yield* Effect.flip(
            Busifavor.deactivateCoupon({ stock_id: stockId, coupon_code: used, deactivate_request_no: "BF-DEA-R2" })
          )
          expect(refused._tag).toBe("InvalidRequest")
        })
      )
  )
})

describe("loopback: Busifavor.associateTradeInfo, disassociateTradeInfo", () => {
  it.live("links an unredeemed coupon to one order, unlinks it only for that order", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-ASSOC-0")
        const code = yield* send(stockId, "BF-ASSOC-1")
        const link = { stock_id: stockId, coupon_code: code, out_trade_no: "T".repeat(128), out_request_no: "BF-A-1" }
        const linked = yield* Busifavor.associateTradeInfo(link)
        expect(linked.wechatpay_associate_time).toMatch(/\+08:00$/)
        expect((yield* query(code)).associate_out_trade_no).toBe("T".repeat(128))
        const other = yield* Effect.flip(
          Busifavor.associateTradeInfo({ ...link, out_trade_no: "ORDER-2", out_request_no: "BF-A-2" })
        )
        expect(other._tag).toBe("InvalidRequest")
        const wrong = yield* Effect.flip(
          Busifavor.disassociateTradeInfo({ ...link, out_trade_no: "ORDER-2", out_request_no: "BF-D-1" })
        )
        expect(wrong._tag).toBe("InvalidRequest")
        const unlinked = yield* Busifavor.disassociateTradeInfo({ ...link, out_request_no: "BF-D-2" })
        expect(unlinked.wechatpay_disassociate_time).toMatch(/\+08:00$/)
        expect((yield* query(code)).associate_out_trade_no).toBeUndefined()
        const usedCode = Sandbox.defaults.usedCouponCode
        const onUsed = yield* Effect.flip(
          Busifavor.associateTradeInfo({
            ...link,
            coupon_code: usedCode,
            stock_id: Sandbox.defaults.stockId,
            out_request_no: "BF-A-3"
          })
        )
        expect(onUsed._tag).toBe("InvalidRequest")
        const missing = yield* Effect.flip(
          Busifavor.associateTradeInfo({ ...link, coupon_code: "NOPE", out_request_no: "BF-A-4" })
        )
        expect(missing._tag).toBe("ResourceNotExists")
        yield* rejectedUnsent(
          Busifavor.associateTradeInfo({ ...link, out_trade_no: "T".repeat(129), out_request_no: "BF-A-5" }),
          pathOf(Busifavor.AssociateTradeInfoEndpoint),
          "/out_trade_no"
        )
        yield* rejectedUnsent(
          Busifavor.disassociateTradeInfo({ ...link, out_trade_no: `${emoji}`, out_request_no: "BF-D-3" }),
          pathOf(Busifavor.DisassociateTradeInfoEndpoint),
          "/out_trade_no"
        )
      })
    )
  )
})

describe("loopback: Busifavor.listCouponsByFilter", () => {
  it.live("page-index pages, the boundary page and past it, filters, the Stream form", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-LIST-0", "WECHATPAY_MODE", (r) => ({
          ...r,
          stock_send_rule: { max_coupons: 100, max_coupons_per_user: 10 }
        }))
        const codes: Array<string> = []
        for (const n of [1, 2, 3, 4, 5]) codes.push(yield* send(stockId, `BF-LIST-${n}`))
        yield* use(stockId, codes[0]!, "BF-LIST-U1")
        const filter = { ...user, stock_id: stockId }
        const first = yield* Busifavor.listCouponsByFilter({ ...filter, offset: 0, limit: 2 })
        expect(first).toMatchObject({ total_count: 5, offset: 0, limit: 2 })
        expect(first.data?.map((c) => c.coupon_code)).toEqual(codes.slice(0, 2))
        const boundary = yield* Busifavor.listCouponsByFilter({ ...filter, offset: 2, limit: 2 })
        expect(boundary.data?.map((c) => c.coupon_code)).toEqual(codes.slice(4))
        const past = yield* Busifavor.listCouponsByFilter({ ...filter, offset: 3, limit: 2 })
        expect(past).toMatchObject({ total_count: 5, data: [] })
        const used = yield* Busifavor.listCouponsByFilter({ ...filter, coupon_state: "USED" })
        expect(used.data?.map((c) => c.coupon_code)).toEqual([codes[0]])
        const everything = yield* Busifavor.listCouponsByFilter(user)
        expect(everything.total_count).toBe(7)
        const otherMerchant = yield* Busifavor.listCouponsByFilter({ ...user, belong_merchant: "1900000999" })
        expect(otherMerchant.total_count).toBe(0)

        const path = pathOf(Busifavor.ListCouponsByFilterEndpoint, { openid: user.openid })
        const before = (yield* requestsTo(path)).length
        const streamed = yield* Stream.runCollect(Busifavor.listCouponsByFilterStream({ ...filter, limit: 2 }))
        expect(streamed.map((c) => c.coupon_code)).toEqual(codes)
        expect((yield* requestsTo(path)).length - before).toBe(3)
        // total_count a multiple of the page size: the stream stops at total_count without asking for an empty page.
        yield* send(stockId, "BF-LIST-6")
        const even = yield* Stream.runCollect(Busifavor.listCouponsByFilterStream({ ...filter, limit: 2 }))
        expect(even.length).toBe(6)
        expect((yield* requestsTo(path)).length - before).toBe(6)
        yield* rejectedUnsent(Busifavor.listCouponsByFilter({ ...user, limit: 0 }), path, "/limit")
        yield* rejectedUnsent(Busifavor.listCouponsByFilter({ ...user, offset: -1 }), path, "/offset")
      })
    )
  )
})
