import { describe, expect, it } from "@effect/vitest"
import { Busifavor } from "@effect-wechatpay/api"
import { Effect, Stream } from "effect"
import { Sandbox } from "../../src/index.js"
import { user } from "./busifavor-support.js"
import { withSandbox } from "./harness.js"

const openid = "oLIFECYCLE_USER_0001"

describe("loopback: a 商家券 lifecycle", () => {
  it.live("create → upload codes → send → list as a Stream → use → return → use again → deactivate", () =>
    withSandbox({ sandbox: { auditBusifavorStocks: true } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway

        // 创建商家券: a MERCHANT_UPLOAD batch, reviewed before it runs.
        const { stock_id } = yield* Busifavor.createStock(
          Sandbox.sampleCreateBusifavorStockRequest("LC-STOCK-1", { codeMode: "MERCHANT_UPLOAD" })
        )
        expect((yield* Busifavor.queryStock({ stock_id })).stock_state).toBe("UNAUDIT")
        yield* sandbox.approveBusifavorStock(stock_id)

        // 上传预存code
        const uploaded = yield* Busifavor.uploadCouponCode({
          stock_id,
          coupon_code_list: ["LC-0001", "LC-0002", "LC-0003"],
          upload_request_no: "LC-UPLOAD-1"
        })
        expect(uploaded.success_count).toBe(3)

        // 向用户发券: each send dispatches the next uploaded code.
        const sendTo = (outRequestNo: string) =>
          Effect.map(
            Busifavor.sendCoupon({ openid, appid: user.appid, stock_id, out_request_no: outRequestNo }),
            (sent) => sent.result.coupon_code ?? ""
          )
        const a = yield* sendTo("LC-SEND-1")
        const b = yield* sendTo("LC-SEND-2")
        expect([a, b]).toEqual(["LC-0001", "LC-0002"])
        expect((yield* Busifavor.couponCodeInfo({ stock_id, coupon_code: a })).code_information.code_status).toBe(
          "DISPATCHED"
        )

        // 根据过滤条件查询用户券, every page as a Stream.
        const listed = (state?: "SENDED" | "USED" | "DEACTIVATED") =>
          Effect.map(
            Stream.runCollect(
              Busifavor.listCouponsByFilterStream({
                openid,
                appid: user.appid,
                stock_id,
                ...(state === undefined ? {} : { coupon_state: state }),
                limit: 1
              })
            ),
            (coupons) => coupons.map((c) => [c.coupon_code, c.coupon_state])
          )
        expect(yield* listed()).toEqual([
          [a, "SENDED"],
          [b, "SENDED"]
        ])

        // 核销用户券 → 申请退券 → 核销 again with a new use_request_no.
        const useA = (useRequestNo: string) =>
          Busifavor.useCoupon({
            stock_id,
            coupon_code: a,
            appid: user.appid,
            use_time: "2026-11-20T12:00:00+08:00",
            use_request_no: useRequestNo
          })
        yield* useA("LC-USE-1")
        expect(yield* listed("USED")).toEqual([[a, "USED"]])
        yield* Busifavor.returnCoupon({ stock_id, coupon_code: a, return_request_no: "LC-RETURN-1" })
        expect((yield* Busifavor.queryCoupon({ openid, appid: user.appid, coupon_code: a })).coupon_state).toBe(
          "SENDED"
        )
        const again = yield* useA("LC-USE-2")
        expect(again.openid).toBe(openid)

        // 使券失效: a redeemed coupon cannot be made invalid; the unused one can.
        const refused = yield* Effect.flip(
          Busifavor.deactivateCoupon({ stock_id, coupon_code: a, deactivate_request_no: "LC-DEACTIVATE-1" })
        )
        expect(refused._tag).toBe("InvalidRequest")
        yield* Busifavor.deactivateCoupon({
          stock_id,
          coupon_code: b,
          deactivate_request_no: "LC-DEACTIVATE-2",
          deactivate_reason: "活动取消"
        })
        expect(yield* listed()).toEqual([
          [a, "USED"],
          [b, "DEACTIVATED"]
        ])

        const stock = yield* Busifavor.queryStock({ stock_id })
        expect(stock.stock_state).toBe("RUNNING")
        expect(stock.send_count_information).toMatchObject({ total_send_num: 2, total_send_amount: 2000 })
        expect(stock.coupon_code_count).toMatchObject({ total_count: 3, available_count: 1 })
      })
    )
  )
})
