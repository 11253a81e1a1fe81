import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as PartnerProductCoupon from "@effect-wechatpay/api/PartnerProductCoupon"
import * as ProductCoupon from "@effect-wechatpay/api/ProductCoupon"
import { WechatPayClient } from "@effect-wechatpay/api/WechatPay"
import { WechatPayBrand } from "@effect-wechatpay/api/WechatPayBrand"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { Sandbox, SandboxClient } from "../../src/index.js"
import { productCouponFixture } from "../productCouponFixtures.js"

/**
 * The 批次状态 the sandbox reaches besides `SENDING` and `DEACTIVATED`, over real HTTP through the api functions, on
 * the brand API and the partner API: `STOPPED` ("已停止,当前已到达结束时间", 查询商品券批次列表,
 * https://pay.weixin.qq.com/doc/brand/4015736384), reached on the sandbox clock when the stock's 券可用时间 ends, and
 * `PAUSED` ("已暂停"), set by the brand on its platform: `Sandbox.setProductCouponStockState`. A send needs a
 * `SENDING` stock ("前置条件: 商品券批次处于 SENDING 状态", https://pay.weixin.qq.com/doc/v3/partner/4015781605).
 */

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

type CreateInput = Parameters<typeof ProductCoupon.createProductCoupon>[0]
type BundleInput = Parameters<typeof ProductCoupon.createStockBundle>[0]["stock_bundle"]

const createSingle = productCouponFixture("product-coupon-create-single.request.json") as CreateInput
const createBundle = productCouponFixture("product-coupon-create-bundle.request.json") as CreateInput & {
  readonly stock_bundle: BundleInput
}

const APPID = "wxd678efh567hg6787"
const ALICE = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
const BOB = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6p"
const PARTNER_BRAND = "120344"

/** What the tests call, the same on either API (the partner calls name the brand). */
interface Api {
  readonly brandId: string | undefined
  readonly createProductCoupon: (
    input: CreateInput
  ) => Effect.Effect<Effect.Success<ReturnType<typeof ProductCoupon.createProductCoupon>>, Error>
  readonly getStock: (input: {
    readonly product_coupon_id: string
    readonly stock_id: string
  }) => Effect.Effect<{ readonly state: string; readonly stock_id: string }, Error>
  readonly listStocks: (input: {
    readonly product_coupon_id: string
    readonly state?: "AUDITING" | "SENDING" | "PAUSED" | "STOPPED" | "DEACTIVATED"
  }) => Effect.Effect<
    { readonly stock_list?: ReadonlyArray<{ readonly stock_id: string; readonly state: string }> },
    Error
  >
  readonly send: (input: {
    readonly product_coupon_id: string
    readonly stock_id: string
    readonly openid: string
    readonly send_request_no: string
  }) => Effect.Effect<{ readonly coupon_state: string }, Error>
  readonly preSend: (input: {
    readonly product_coupon_id: string
    readonly stock_id: string
    readonly openid: string
    readonly send_request_no: string
  }) => Effect.Effect<unknown, Error>
  readonly sendBundle: (input: {
    readonly product_coupon_id: string
    readonly stock_bundle_id: string
    readonly openid: string
    readonly send_request_no: string
  }) => Effect.Effect<unknown, Error>
  readonly updateStock: (input: {
    readonly product_coupon_id: string
    readonly stock_id: string
    readonly out_request_no: string
    readonly remark: string
  }) => Effect.Effect<{ readonly remark?: string | undefined; readonly state: string }, Error>
  readonly deactivateStock: (input: {
    readonly product_coupon_id: string
    readonly stock_id: string
    readonly out_request_no: string
    readonly deactivate_reason: string
  }) => Effect.Effect<{ readonly state: string }, Error>
}

type Error = { readonly _tag: string; readonly message?: string }

type Provide = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E>

/** The brand API's functions, run with the brand client of the test. */
const brandApi = (provide: Provide): Api => ({
  brandId: undefined,
  createProductCoupon: (input) => provide(ProductCoupon.createProductCoupon(input)),
  getStock: (input) => provide(ProductCoupon.getStock(input)),
  listStocks: (input) => provide(ProductCoupon.listStocks(input)),
  send: (input) => provide(ProductCoupon.sendUserProductCoupon({ ...input, appid: APPID })),
  preSend: (input) => provide(ProductCoupon.preSendUserProductCoupon({ ...input, appid: APPID })),
  sendBundle: (input) => provide(ProductCoupon.sendUserProductCouponBundle({ ...input, appid: APPID })),
  updateStock: (input) => provide(ProductCoupon.updateStock(input)),
  deactivateStock: (input) => provide(ProductCoupon.deactivateStock(input))
})

const partner = { brand_id: PARTNER_BRAND }

/** The partner API's functions, run with the merchant client of the test, each request naming the brand. */
const partnerApi = (provide: Provide): Api => ({
  brandId: PARTNER_BRAND,
  createProductCoupon: (input) => provide(PartnerProductCoupon.createProductCoupon({ ...input, ...partner })),
  getStock: (input) => provide(PartnerProductCoupon.getStock({ ...input, ...partner })),
  listStocks: (input) => provide(PartnerProductCoupon.listStocks({ ...input, ...partner })),
  send: (input) => provide(PartnerProductCoupon.sendUserProductCoupon({ ...input, ...partner, appid: APPID })),
  preSend: (input) => provide(PartnerProductCoupon.preSendUserProductCoupon({ ...input, ...partner, appid: APPID })),
  sendBundle: (input) =>
    provide(PartnerProductCoupon.sendUserProductCouponBundle({ ...input, ...partner, appid: APPID })),
  updateStock: (input) => provide(PartnerProductCoupon.updateStock({ ...input, ...partner })),
  deactivateStock: (input) => provide(PartnerProductCoupon.deactivateStock({ ...input, ...partner }))
})

/** Runs `f` with the API bound to the client of a new sandbox (one per run), and that sandbox's handle. */
const runWith =
  <I>(make: (provide: Provide) => Api, layer: () => Layer.Layer<I | Sandbox.SandboxGateway, unknown>) =>
  <A, E>(f: (api: Api, sandbox: Sandbox.Sandbox) => Effect.Effect<A, E>) =>
    Effect.gen(function* () {
      const context = yield* Effect.context<I>()
      const sandbox = yield* Sandbox.SandboxGateway
      return yield* f(
        make(<A, E, R>(effect: Effect.Effect<A, E, R>) =>
          Effect.provideContext(effect as unknown as Effect.Effect<A, E, I>, context)
        ),
        sandbox
      )
    }).pipe(Effect.provide(Layer.suspend(layer)))

const apis = [
  {
    name: "brand API (ProductCoupon)",
    run: runWith<WechatPayBrand>(brandApi, () =>
      SandboxClient.brandLayer({ sandbox: { material }, client: { retry: false } })
    )
  },
  {
    name: "partner API (PartnerProductCoupon)",
    run: runWith<WechatPayClient>(partnerApi, () =>
      SandboxClient.layer({ sandbox: { material }, client: { retry: false } })
    )
  }
]

/** The failure of `effect` (it must fail): its tag and message. */
const failure = <A>(effect: Effect.Effect<A, Error>) =>
  Effect.map(Effect.flip(effect), (error) => ({ tag: error._tag, message: error.message }))

/** What a send to a stock that is not `SENDING` answers: 400 INVALID_REQUEST, "商品券批次状态不是发放中". */
const NOT_SENDING = {
  tag: "InvalidRequest",
  message: expect.stringMatching(/INVALID_REQUEST \(HTTP 400.*: 商品券批次状态不是发放中$/)
}

describe.each(apis)("商品券 批次状态 in the sandbox: $name", ({ run }) => {
  it.live("STOPPED when the stock's 券可用时间 has ended: every read shows it, a send is refused", () =>
    run((api, sandbox) =>
      Effect.gen(function* () {
        const created = yield* api.createProductCoupon({ ...createSingle, out_request_no: "CREATE_STOPPED_1" })
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
        expect((yield* api.send({ ...ids, openid: ALICE, send_request_no: "SEND_STOPPED_1" })).coupon_state).toBe(
          "CONFIRMING"
        )
        // The fixture's stocks end 90 days from now.
        yield* sandbox.advanceTime("89 days")
        expect((yield* api.getStock(ids)).state).toBe("SENDING")
        yield* sandbox.advanceTime("2 days")
        expect((yield* api.getStock(ids)).state).toBe("STOPPED")
        const all = yield* api.listStocks({ product_coupon_id: ids.product_coupon_id })
        expect(all.stock_list?.map((s) => [s.stock_id, s.state])).toStrictEqual([[ids.stock_id, "STOPPED"]])
        const stopped = yield* api.listStocks({ product_coupon_id: ids.product_coupon_id, state: "STOPPED" })
        expect(stopped.stock_list?.map((s) => s.stock_id)).toStrictEqual([ids.stock_id])
        const sending = yield* api.listStocks({ product_coupon_id: ids.product_coupon_id, state: "SENDING" })
        expect(sending.stock_list ?? []).toStrictEqual([])
        expect(yield* failure(api.send({ ...ids, openid: BOB, send_request_no: "SEND_STOPPED_2" }))).toStrictEqual(
          NOT_SENDING
        )
        expect(
          yield* failure(api.preSend({ ...ids, openid: BOB, send_request_no: "PRESEND_STOPPED_2" }))
        ).toStrictEqual(NOT_SENDING)
        // "前置条件: 批次处于 SENDING 或 PAUSED 状态" (修改商品券批次, 失效商品券批次).
        expect(
          (yield* failure(api.updateStock({ ...ids, out_request_no: "UPDATE_STOPPED_1", remark: "五月" }))).tag
        ).toBe("InvalidRequest")
        expect(
          (yield* failure(
            api.deactivateStock({ ...ids, out_request_no: "DEACTIVATE_STOPPED_1", deactivate_reason: "结束" })
          )).tag
        ).toBe("InvalidRequest")
        expect((yield* api.getStock(ids)).state).toBe("STOPPED")
      })
    )
  )

  it.live("a 多次优惠 bundle whose stocks have ended is STOPPED and sends nothing", () =>
    run((api, sandbox) =>
      Effect.gen(function* () {
        const created = yield* api.createProductCoupon({ ...createBundle, out_request_no: "CREATE_STOPPED_B1" })
        const bundle = created.stock_bundle!
        const send = { product_coupon_id: created.product_coupon_id, stock_bundle_id: bundle.stock_bundle_id }
        yield* api.sendBundle({ ...send, openid: ALICE, send_request_no: "SEND_STOPPED_B1" })
        yield* sandbox.advanceTime("91 days")
        const listed = yield* api.listStocks({ product_coupon_id: created.product_coupon_id })
        expect(new Set(listed.stock_list?.map((s) => s.state))).toStrictEqual(new Set(["STOPPED"]))
        expect(
          yield* failure(api.sendBundle({ ...send, openid: BOB, send_request_no: "SEND_STOPPED_B2" }))
        ).toStrictEqual(NOT_SENDING)
      })
    )
  )

  it.live("PAUSED by the brand's platform (Sandbox.setProductCouponStockState): sends refused until restored", () =>
    run((api, sandbox) =>
      Effect.gen(function* () {
        const created = yield* api.createProductCoupon({ ...createSingle, out_request_no: "CREATE_PAUSED_1" })
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
        const control = (state: "PAUSED" | "SENDING") =>
          sandbox.setProductCouponStockState({ stock_id: ids.stock_id, state, brandId: api.brandId })
        yield* control("PAUSED")
        expect((yield* api.getStock(ids)).state).toBe("PAUSED")
        const paused = yield* api.listStocks({ product_coupon_id: ids.product_coupon_id, state: "PAUSED" })
        expect(paused.stock_list?.map((s) => s.stock_id)).toStrictEqual([ids.stock_id])
        expect(yield* failure(api.send({ ...ids, openid: ALICE, send_request_no: "SEND_PAUSED_1" }))).toStrictEqual(
          NOT_SENDING
        )
        expect(
          yield* failure(api.preSend({ ...ids, openid: ALICE, send_request_no: "PRESEND_PAUSED_1" }))
        ).toStrictEqual(NOT_SENDING)
        // "前置条件: 批次处于 SENDING 或 PAUSED 状态": a paused stock can still be changed.
        const updated = yield* api.updateStock({ ...ids, out_request_no: "UPDATE_PAUSED_1", remark: "暂停中" })
        expect([updated.remark, updated.state]).toStrictEqual(["暂停中", "PAUSED"])
        yield* control("SENDING")
        expect((yield* api.getStock(ids)).state).toBe("SENDING")
        expect((yield* api.send({ ...ids, openid: ALICE, send_request_no: "SEND_PAUSED_2" })).coupon_state).toBe(
          "CONFIRMING"
        )
        // "前置条件: 商品券批次处于 SENDING 或 PAUSED 状态" (失效商品券批次): a paused stock can be deactivated.
        yield* control("PAUSED")
        const deactivated = yield* api.deactivateStock({
          ...ids,
          out_request_no: "DEACTIVATE_PAUSED_1",
          deactivate_reason: "活动取消"
        })
        expect(deactivated.state).toBe("DEACTIVATED")
        // A deactivated stock is neither paused nor restored: the sandbox says the test is wrong.
        expect(Exit.isFailure(yield* Effect.exit(control("SENDING")))).toBe(true)
        expect(Exit.isFailure(yield* Effect.exit(control("PAUSED")))).toBe(true)
        expect(
          Exit.isFailure(
            yield* Effect.exit(
              sandbox.setProductCouponStockState({ stock_id: "2999999999", state: "PAUSED", brandId: api.brandId })
            )
          )
        ).toBe(true)
      })
    )
  )

  it.live("a paused stock whose 券可用时间 ends is STOPPED, and can no longer be restored", () =>
    run((api, sandbox) =>
      Effect.gen(function* () {
        const created = yield* api.createProductCoupon({ ...createSingle, out_request_no: "CREATE_PAUSED_2" })
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
        yield* sandbox.setProductCouponStockState({ stock_id: ids.stock_id, state: "PAUSED", brandId: api.brandId })
        yield* sandbox.advanceTime("91 days")
        expect((yield* api.getStock(ids)).state).toBe("STOPPED")
        const restore = yield* Effect.exit(
          sandbox.setProductCouponStockState({ stock_id: ids.stock_id, state: "SENDING", brandId: api.brandId })
        )
        expect(Exit.isFailure(restore) && String(restore.cause)).toContain("STOPPED")
      })
    )
  )
})

describe("商品券 批次状态 over the HTTP controls (POST /_sandbox/setProductCouponStockState)", () => {
  const run = runWith<WechatPayClient>(partnerApi, () =>
    SandboxClient.layer({ sandbox: { material, httpControls: true }, client: { retry: false } })
  )
  const post = (sandbox: Sandbox.Sandbox, body: unknown) =>
    Effect.promise(async () => {
      const response = await fetch(`${sandbox.baseUrl}/_sandbox/setProductCouponStockState`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body)
      })
      const text = await response.text()
      return { status: response.status, json: text === "" ? undefined : JSON.parse(text) }
    })

  it.live("pauses and restores a stock of the brand the body names; refuses what the control refuses", () =>
    run((api, sandbox) =>
      Effect.gen(function* () {
        const created = yield* api.createProductCoupon({ ...createSingle, out_request_no: "CREATE_HTTP_1" })
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
        const pause = { stock_id: ids.stock_id, state: "PAUSED", brandId: PARTNER_BRAND }
        expect((yield* post(sandbox, pause)).status).toBe(204)
        expect((yield* api.getStock(ids)).state).toBe("PAUSED")
        expect((yield* post(sandbox, { ...pause, state: "SENDING" })).status).toBe(204)
        expect((yield* api.getStock(ids)).state).toBe("SENDING")
        expect(yield* post(sandbox, { ...pause, state: "STOPPED" })).toMatchObject({
          status: 400,
          json: { code: "INVALID_BODY" }
        })
        // Another brand has no such stock.
        expect(yield* post(sandbox, { ...pause, brandId: "999999" })).toMatchObject({
          status: 400,
          json: { code: "INVALID_REQUEST", message: expect.stringContaining(`no 商品券 stock ${ids.stock_id}`) }
        })
      })
    )
  )
})

/** A failure's tag and the message WeChat Pay sent (after the client's prefix). */
const answered = <A>(effect: Effect.Effect<A, Error>) =>
  Effect.map(Effect.flip(effect), (error) => [error._tag, error.message?.split("): ").at(-1)] as const)

describe.each(apis)("商品券 业务错误码 in the sandbox: $name", ({ run }) => {
  it.live(
    "向用户发放商品券 answers the codes of its page's table (https://pay.weixin.qq.com/doc/v3/partner/4015781605)",
    () =>
      run((api) =>
        Effect.gen(function* () {
          const stock = (createSingle as CreateInput & { readonly stock: object }).stock
          const created = yield* api.createProductCoupon({
            ...createSingle,
            out_request_no: "CREATE_CODES_1",
            stock: { ...stock, stock_send_rule: { max_count: 2, max_count_per_user: 1 } }
          } as CreateInput)
          const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
          yield* api.send({ ...ids, openid: ALICE, send_request_no: "SEND_CODES_1" })
          // "400 INVALID_REQUEST 用户领取已达到上限".
          expect(yield* answered(api.send({ ...ids, openid: ALICE, send_request_no: "SEND_CODES_2" }))).toStrictEqual([
            "InvalidRequest",
            "用户领取已达到上限"
          ])
          // "400 ALREADY_EXISTS out_request_no 冲突": the request number again, with another request.
          expect((yield* answered(api.send({ ...ids, openid: BOB, send_request_no: "SEND_CODES_1" })))[0]).toBe(
            "AlreadyExists"
          )
          yield* api.send({ ...ids, openid: BOB, send_request_no: "SEND_CODES_3" })
          // "403 NOT_ENOUGH 商品券批次发放预算不足".
          const carol = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6q"
          expect(yield* answered(api.send({ ...ids, openid: carol, send_request_no: "SEND_CODES_4" }))).toStrictEqual([
            "NotEnough",
            "商品券批次发放预算不足"
          ])
          // "404 NOT_FOUND 未找到 stock_id 对应的商品券批次" / "未找到 product_coupon_id 对应的商品券".
          expect(
            yield* answered(
              api.send({ ...ids, stock_id: "2999999999", openid: carol, send_request_no: "SEND_CODES_5" })
            )
          ).toStrictEqual(["NotFound", "未找到 stock_id 对应的商品券批次"])
          expect(
            yield* answered(
              api.send({ ...ids, product_coupon_id: "1999999999", openid: carol, send_request_no: "SEND_CODES_6" })
            )
          ).toStrictEqual(["NotFound", "未找到 product_coupon_id 对应的商品券"])
          expect(yield* answered(api.getStock({ ...ids, stock_id: "2999999999" }))).toStrictEqual([
            "NotFound",
            "未找到 stock_id 对应的商品券批次"
          ])
        })
      )
  )
})
