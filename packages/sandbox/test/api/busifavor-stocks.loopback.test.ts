import { describe, expect, it } from "@effect/vitest"
import { Busifavor } from "@effect-wechatpay/api"
import { Effect, Stream } from "effect"
import { Sandbox } from "../../src/index.js"
import { cjk, createStock, emoji, pathOf, rejectedUnsent, send, user } from "./busifavor-support.js"
import { withSandbox } from "./harness.js"

const sample = Sandbox.sampleCreateBusifavorStockRequest

describe("loopback: 商家券 batches (createStock, modifyStockInfo, modifyBudget)", () => {
  it.live("createStock: a RUNNING batch that queryStock serves; the same out_request_no answers the same", () =>
    withSandbox()(
      Effect.gen(function* () {
        const request = sample("BF-CREATE-1")
        const created = yield* Busifavor.createStock(request)
        const again = yield* Busifavor.createStock(request)
        const other = yield* Busifavor.createStock(sample("BF-CREATE-2"))
        expect(created.stock_id).toMatch(/^\d{20}$/)
        expect(again).toEqual(created)
        expect(other.stock_id).not.toBe(created.stock_id)
        const stock = yield* Busifavor.queryStock({ stock_id: created.stock_id })
        expect(stock.stock_state).toBe("RUNNING")
        expect(stock.stock_name).toBe(request.stock_name)
        expect(stock.coupon_code_mode).toBe("WECHATPAY_MODE")
        expect(stock.stock_send_rule.max_coupons).toBe(100)
        expect(stock.send_count_information?.total_send_num).toBe(0)
      })
    )
  )

  it.live(
    "createStock: out_request_no reused with another batch → ResourceAlreadyExists; another owner → MchNotExists",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          yield* Busifavor.createStock(sample("BF-CREATE-1"))
          const reused = yield* Effect.flip(Busifavor.createStock({ ...sample("BF-CREATE-1"), goods_name: "其他商品" }))
          expect(reused._tag).toBe("ResourceAlreadyExists")
          expect(reused).toMatchObject({ status: 400, code: "RESOURCE_ALREADY_EXISTS", description: "批次已存在" })
          const stranger = yield* Effect.flip(Busifavor.createStock(sample("BF-CREATE-3", { mchid: "1900000999" })))
          expect(stranger._tag).toBe("MchNotExists")
        })
      )
  )

  it.live("createStock with auditBusifavorStocks: UNAUDIT, sends nothing, RUNNING once approved", () =>
    withSandbox({ sandbox: { auditBusifavorStocks: true } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const stockId = yield* createStock("BF-AUDIT-1")
        expect((yield* Busifavor.queryStock({ stock_id: stockId })).stock_state).toBe("UNAUDIT")
        const refused = yield* Effect.flip(send(stockId, "BF-AUDIT-SEND-1"))
        expect(refused).toMatchObject({ _tag: "InvalidRequest", status: 400 })
        yield* sandbox.approveBusifavorStock(stockId)
        expect((yield* Busifavor.queryStock({ stock_id: stockId })).stock_state).toBe("RUNNING")
        expect(yield* send(stockId, "BF-AUDIT-SEND-1")).toMatch(/^\d+$/)
      })
    )
  )

  it.live(
    "createStock limits: stock_name 21 CJK characters, max_coupons_per_user 100; one past, or an emoji, is not sent",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const path = pathOf(Busifavor.CreateStockEndpoint)
          const table = [
            { field: "/stock_name", request: { ...sample("BF-LIMIT-2"), stock_name: cjk(22) } },
            { field: "/stock_name", request: { ...sample("BF-LIMIT-3"), stock_name: `${emoji}${cjk(3)}` } },
            {
              field: "/stock_send_rule/max_coupons_per_user",
              request: { ...sample("BF-LIMIT-4"), stock_send_rule: { max_coupons: 1, max_coupons_per_user: 101 } }
            },
            {
              field: "/stock_send_rule/max_coupons",
              request: {
                ...sample("BF-LIMIT-5"),
                stock_send_rule: { max_coupons: 1_000_000_001, max_coupons_per_user: 1 }
              }
            }
          ]
          for (const { field, request } of table) yield* rejectedUnsent(Busifavor.createStock(request), path, field)
          const atLimit = yield* Busifavor.createStock({
            ...sample("BF-LIMIT-1"),
            stock_name: cjk(21),
            stock_send_rule: { max_coupons: 1_000_000_000, max_coupons_per_user: 100 }
          })
          const stock = yield* Busifavor.queryStock({ stock_id: atLimit.stock_id })
          expect(stock.stock_name).toBe(cjk(21))
          expect(stock.stock_send_rule).toMatchObject({ max_coupons: 1_000_000_000, max_coupons_per_user: 100 })
        })
      )
  )

  it.live(
    "modifyStockInfo: 204, the changes show in queryStock; a replay changes nothing; unknown stock → ResourceNotExists",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const stockId = yield* createStock("BF-MODIFY-0")
          const change = {
            stock_id: stockId,
            out_request_no: "BF-MODIFY-1",
            comment: cjk(20),
            goods_name: "指定商品可用",
            coupon_use_rule: { use_method: "MINI_PROGRAMS", mini_programs_appid: user.appid, mini_programs_path: "/x" },
            display_pattern_info: { background_color: "Color050" }
          } as const
          const result = yield* Busifavor.modifyStockInfo(change)
          expect(result).toBeUndefined()
          yield* Busifavor.modifyStockInfo(change)
          const stock = yield* Busifavor.queryStock({ stock_id: stockId })
          expect(stock.comment).toBe(cjk(20))
          expect(stock.goods_name).toBe("指定商品可用")
          expect(stock.coupon_use_rule.use_method).toBe("MINI_PROGRAMS")
          expect(stock.coupon_use_rule.fixed_normal_coupon?.discount_amount).toBe(1000)
          expect(stock.display_pattern_info?.background_color).toBe("Color050")
          const missing = yield* Effect.flip(
            Busifavor.modifyStockInfo({ stock_id: "99999999999999999999", out_request_no: "BF-MODIFY-2", comment: "x" })
          )
          expect(missing).toMatchObject({ _tag: "ResourceNotExists", status: 404 })
          const reused = yield* Effect.flip(Busifavor.modifyStockInfo({ ...change, comment: "另一个备注" }))
          expect(reused._tag).toBe("InvalidRequest")
        })
      )
  )

  it.live("modifyStockInfo limits: comment 20 characters; 21, or an emoji, is not sent", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = Sandbox.defaults.stockId
        const path = pathOf(Busifavor.ModifyStockInfoEndpoint, { stock_id: stockId })
        yield* rejectedUnsent(
          Busifavor.modifyStockInfo({ stock_id: stockId, out_request_no: "BF-M-1", comment: cjk(21) }),
          path,
          "/comment"
        )
        yield* rejectedUnsent(
          Busifavor.modifyStockInfo({ stock_id: stockId, out_request_no: "BF-M-2", comment: emoji }),
          path,
          "/comment"
        )
        yield* Busifavor.modifyStockInfo({ stock_id: stockId, out_request_no: "BF-M-3", comment: cjk(20) })
        expect((yield* Busifavor.queryStock({ stock_id: stockId })).comment).toBe(cjk(20))
      })
    )
  )

  it.live("modifyBudget: answers the new budget; a stale current_max_coupons → InvalidRequest; 1e9 is the limit", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-BUDGET-0")
        const raised = yield* Busifavor.modifyBudget({
          stock_id: stockId,
          target_max_coupons: 1_000_000_000,
          current_max_coupons: 100,
          modify_budget_request_no: "BF-BUDGET-1"
        })
        expect(raised.max_coupons).toBe(1_000_000_000)
        expect((yield* Busifavor.queryStock({ stock_id: stockId })).stock_send_rule.max_coupons).toBe(1_000_000_000)
        const replay = yield* Busifavor.modifyBudget({
          stock_id: stockId,
          target_max_coupons: 1_000_000_000,
          current_max_coupons: 100,
          modify_budget_request_no: "BF-BUDGET-1"
        })
        expect(replay).toEqual(raised)
        const stale = yield* Effect.flip(
          Busifavor.modifyBudget({
            stock_id: stockId,
            target_max_coupons: 50,
            current_max_coupons: 100,
            modify_budget_request_no: "BF-BUDGET-2"
          })
        )
        expect(stale).toMatchObject({ _tag: "InvalidRequest", status: 400 })
        yield* rejectedUnsent(
          Busifavor.modifyBudget({
            stock_id: stockId,
            target_max_coupons: 1_000_000_001,
            current_max_coupons: 1_000_000_000,
            modify_budget_request_no: "BF-BUDGET-4"
          }),
          pathOf(Busifavor.ModifyBudgetEndpoint, { stock_id: stockId }),
          "/target_max_coupons"
        )
      })
    )
  )

  it.live("modifyBudget below the coupons sent → InvalidRequest; a per-day budget caps the day's sends", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-BUDGET-10", "WECHATPAY_MODE", (r) => ({
          ...r,
          stock_send_rule: { max_coupons: 100, max_coupons_per_user: 5, max_coupons_by_day: 50 }
        }))
        yield* send(stockId, "BF-BUDGET-SEND-1")
        yield* send(stockId, "BF-BUDGET-SEND-2")
        const below = yield* Effect.flip(
          Busifavor.modifyBudget({
            stock_id: stockId,
            target_max_coupons: 1,
            current_max_coupons: 100,
            modify_budget_request_no: "BF-BUDGET-11"
          })
        )
        expect(below._tag).toBe("InvalidRequest")
        const day = yield* Busifavor.modifyBudget({
          stock_id: stockId,
          target_max_coupons_by_day: 2,
          current_max_coupons_by_day: 50,
          modify_budget_request_no: "BF-BUDGET-12"
        })
        expect(day).toMatchObject({ max_coupons: 100, max_coupons_by_day: 2 })
        expect((yield* Effect.flip(send(stockId, "BF-BUDGET-SEND-3")))._tag).toBe("InvalidRequest")
      })
    )
  )
})

describe("loopback: 商家券 pre-stored codes (upload, list, info, delete)", () => {
  it.live("uploadCouponCode: per-code results; counts in queryStock; a replay answers the same", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-UP-0", "MERCHANT_UPLOAD", (r) => ({
          ...r,
          stock_send_rule: { max_coupons: 5, max_coupons_per_user: 5 }
        }))
        const first = yield* Busifavor.uploadCouponCode({
          stock_id: stockId,
          coupon_code_list: ["CODE-A", "CODE-B", "CODE-A"],
          upload_request_no: "BF-UP-1"
        })
        expect(first).toMatchObject({
          stock_id: stockId,
          total_count: 2,
          success_count: 2,
          success_codes: ["CODE-A", "CODE-B"],
          duplicate_codes: ["CODE-A"],
          exist_codes: [],
          fail_count: 0
        })
        const replay = yield* Busifavor.uploadCouponCode({
          stock_id: stockId,
          coupon_code_list: ["CODE-A", "CODE-B", "CODE-A"],
          upload_request_no: "BF-UP-1"
        })
        expect(replay).toEqual(first)
        // The batch holds at most max_coupons (5) codes: the sixth distinct code is reported as failed.
        const second = yield* Busifavor.uploadCouponCode({
          stock_id: stockId,
          coupon_code_list: ["CODE-B", "CODE-C", "CODE-D", "CODE-E", "CODE-F"],
          upload_request_no: "BF-UP-2"
        })
        expect(second).toMatchObject({
          total_count: 5,
          success_count: 3,
          success_codes: ["CODE-C", "CODE-D", "CODE-E"],
          exist_codes: ["CODE-B"],
          fail_count: 1,
          fail_codes: [{ coupon_code: "CODE-F", code: "CODE_COUNT_LIMIT", message: "上传的自定义code已达上限" }]
        })
        const stock = yield* Busifavor.queryStock({ stock_id: stockId })
        expect(stock.coupon_code_count).toMatchObject({ total_count: 5, available_count: 5 })
        const full = yield* Effect.flip(
          Busifavor.uploadCouponCode({ stock_id: stockId, coupon_code_list: ["CODE-G"], upload_request_no: "BF-UP-3" })
        )
        expect(full).toMatchObject({ _tag: "InvalidRequest", description: "上传的自定义code已达上限" })
      })
    )
  )

  it.live("uploadCouponCode: only MERCHANT_UPLOAD batches take codes; unknown batch → ResourceNotExists", () =>
    withSandbox()(
      Effect.gen(function* () {
        const stockId = yield* createStock("BF-UP-10", "WECHATPAY_MODE")
        const wrongMode = yield* Effect.flip(
          Busifavor.uploadCouponCode({ stock_id: stockId, coupon_code_list: ["X1"], upload_request_no: "BF-UP-11" })
        )
        expect(wrongMode).toMatchObject({ _tag: "InvalidRequest", status: 400, description: "发券模式不合法" })
        const missing = yield* Effect.flip(
          Busifavor.uploadCouponCode({
            stock_id: "99999999999999999999",
            coupon_code_list: ["X1"],
            upload_request_no: "BF-UP-12"
          })
        )
        expect(missing._tag).toBe("ResourceNotExists")
      })
    )
  )

  it.live(
    "uploadCouponCode limits: 200 codes of 32 characters; 201 codes, a 33-character or a CJK code is not sent",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const stockId = yield* createStock("BF-UP-20", "MERCHANT_UPLOAD", (r) => ({
            ...r,
            stock_send_rule: { max_coupons: 1000, max_coupons_per_user: 5 }
          }))
          const path = pathOf(Busifavor.UploadCouponCodeEndpoint, { stock_id: stockId })
          const codes = (n: number) =>
            Array.from({ length: n }, (_, i) => `${String(i).padStart(3, "0")}${"x".repeat(29)}`)
          const at = yield* Busifavor.uploadCouponCode({
            stock_id: stockId,
            coupon_code_list: codes(200),
            upload_request_no: "BF-UP-21"
          })
          expect(at.success_count).toBe(200)
          const sent = yield* Effect.map(Sandbox.SandboxGateway, (s) => s.requests).pipe(Effect.flatten)
          const bad = [
            { list: codes(201), field: "/coupon_code_list" },
            { list: ["y".repeat(33)], field: "/coupon_code_list/0" },
            { list: [cjk(2)], field: "/coupon_code_list/0" }
          ]
          for (const [i, { field, list }] of bad.entries()) {
            const error = yield* Effect.flip(
              Busifavor.uploadCouponCode({
                stock_id: stockId,
                coupon_code_list: list,
                upload_request_no: `BF-UP-B${i}`
              })
            )
            expect(error._tag).toBe("RequestValidationError")
            if (error._tag === "RequestValidationError") expect(error.issues[0]?.path).toBe(field)
          }
          const after = yield* Effect.map(Sandbox.SandboxGateway, (s) => s.requests).pipe(Effect.flatten)
          expect(after.filter((r) => r.path === path)).toHaveLength(sent.filter((r) => r.path === path).length)
        })
      )
  )

  it.live(
    "queryCouponCodeList: row offset pages, status filter, the Stream form; unknown batch → ResourceNotExists",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const stockId = yield* createStock("BF-LIST-0", "MERCHANT_UPLOAD")
          const codes = Array.from({ length: 7 }, (_, i) => `L-${i}`)
          yield* Busifavor.uploadCouponCode({
            stock_id: stockId,
            coupon_code_list: codes,
            upload_request_no: "BF-LIST-1"
          })
          yield* send(stockId, "BF-LIST-SEND-1")
          const page = yield* Busifavor.queryCouponCodeList({ stock_id: stockId, offset: 2, limit: 3 })
          expect(page).toMatchObject({ stock_id: stockId, total_count: 7, offset: 2, limit: 3 })
          expect(page.data?.map((row) => row.code)).toEqual(["L-2", "L-3", "L-4"])
          const last = yield* Busifavor.queryCouponCodeList({ stock_id: stockId, offset: 6, limit: 3 })
          expect(last.limit).toBe(1)
          expect(last.data?.map((row) => row.code)).toEqual(["L-6"])
          const dispatched = yield* Busifavor.queryCouponCodeList({ stock_id: stockId, status: "DISPATCHED" })
          expect(dispatched.data).toMatchObject([{ code: "L-0", code_status: "DISPATCHED", openid: user.openid }])
          const streamed = yield* Stream.runCollect(
            Busifavor.queryCouponCodeListStream({ stock_id: stockId, status: "AVAILABLE", limit: 2 })
          )
          expect(streamed.map((row) => row.code)).toEqual(codes.slice(1))
          const missing = yield* Effect.flip(Busifavor.queryCouponCodeList({ stock_id: "99999999999999999999" }))
          expect(missing._tag).toBe("ResourceNotExists")
          yield* rejectedUnsent(
            Busifavor.queryCouponCodeList({ stock_id: stockId, limit: 0 }),
            pathOf(Busifavor.QueryCouponCodeListEndpoint, { stock_id: stockId }),
            "/limit"
          )
        })
      )
  )

  it.live(
    "couponCodeInfo: AVAILABLE, then DISPATCHED with the user coupon; deleteCouponCode removes AVAILABLE codes only",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const stockId = yield* createStock("BF-INFO-0", "MERCHANT_UPLOAD")
          yield* Busifavor.uploadCouponCode({
            stock_id: stockId,
            coupon_code_list: ["A/1 =x", "B-2"],
            upload_request_no: "BF-INFO-1"
          })
          const available = yield* Busifavor.couponCodeInfo({ stock_id: stockId, coupon_code: "A/1 =x" })
          expect(available.code_information).toMatchObject({ code: "A/1 =x", code_status: "AVAILABLE" })
          expect(available.coupon_information).toBeUndefined()
          const code = yield* send(stockId, "BF-INFO-SEND-1")
          expect(code).toBe("A/1 =x")
          const dispatched = yield* Busifavor.couponCodeInfo({
            stock_id: stockId,
            coupon_code: code,
            appid: user.appid
          })
          expect(dispatched.code_information).toMatchObject({
            code_status: "DISPATCHED",
            openid: user.openid,
            coupon_code: code
          })
          expect(dispatched.coupon_information).toMatchObject({
            coupon_code: code,
            coupon_state: "SENDED",
            stock_id: stockId
          })

          const refused = yield* Effect.flip(
            Busifavor.deleteCouponCode({ stock_id: stockId, coupon_code: code, delete_request_no: "BF-DEL-1" })
          )
          expect(refused._tag).toBe("InvalidRequest")
          const deleted = yield* Busifavor.deleteCouponCode({
            stock_id: stockId,
            coupon_code: "B-2",
            delete_request_no: "BF-DEL-2"
          })
          expect(deleted.stock_id).toBe(stockId)
          expect(deleted.delete_time).toMatch(/\+08:00$/)
          const replay = yield* Busifavor.deleteCouponCode({
            stock_id: stockId,
            coupon_code: "B-2",
            delete_request_no: "BF-DEL-2"
          })
          expect(replay).toEqual(deleted)
          const gone = yield* Effect.flip(Busifavor.couponCodeInfo({ stock_id: stockId, coupon_code: "B-2" }))
          expect(gone._tag).toBe("ResourceNotExists")
          const again = yield* Effect.flip(
            Busifavor.deleteCouponCode({ stock_id: stockId, coupon_code: "B-2", delete_request_no: "BF-DEL-3" })
          )
          expect(again._tag).toBe("ResourceNotExists")
          expect((yield* Busifavor.queryStock({ stock_id: stockId })).coupon_code_count).toMatchObject({
            total_count: 1,
            available_count: 0
          })
          yield* rejectedUnsent(
            Busifavor.couponCodeInfo({ stock_id: stockId, coupon_code: "z".repeat(33) }),
            pathOf(Busifavor.CouponCodeInfoEndpoint, { stock_id: stockId, coupon_code: "z".repeat(33) }),
            "/coupon_code"
          )
          yield* rejectedUnsent(
            Busifavor.deleteCouponCode({ stock_id: stockId, coupon_code: "z", delete_request_no: "x".repeat(129) }),
            pathOf(Busifavor.DeleteCouponCodeEndpoint, { stock_id: stockId, coupon_code: "z" }),
            "/delete_request_no"
          )
        })
      )
  )
})
