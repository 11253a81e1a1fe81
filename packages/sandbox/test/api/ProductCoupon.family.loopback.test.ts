import { createHash } from "node:crypto"
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as MediaUpload from "@effect-wechatpay/api/MediaUpload"
import * as PartnerProductCoupon from "@effect-wechatpay/api/PartnerProductCoupon"
import * as ProductCoupon from "@effect-wechatpay/api/ProductCoupon"
import { WechatPayClient } from "@effect-wechatpay/api/WechatPay"
import { WechatPayBrand } from "@effect-wechatpay/api/WechatPayBrand"
import * as SchemaPartner from "@effect-wechatpay/schema/PartnerProductCoupon"
import * as SchemaBrand from "@effect-wechatpay/schema/ProductCoupon"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { Sandbox, SandboxClient } from "../../src/index.js"
import { productCouponFixture } from "../productCouponFixtures.js"

/**
 * The 商品券 operations beyond the lifecycle, each over real HTTP through the api functions, on the brand API
 * (`SandboxClient.brandLayer()`) and the partner API (the ordinary client, `brand_id` in every request): what each call
 * changes is checked through the other calls of the family. The expected facts are quoted from the official pages.
 */

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

const fixture = productCouponFixture

type CreateInput = Parameters<typeof ProductCoupon.createProductCoupon>[0]
type StockInput = Parameters<typeof ProductCoupon.createStock>[0]["stock"]
type BundleInput = Parameters<typeof ProductCoupon.createStockBundle>[0]["stock_bundle"]

const createSingle = fixture("product-coupon-create-single.request.json") as CreateInput & {
  readonly stock: StockInput
}
const createBundle = fixture("product-coupon-create-bundle.request.json") as CreateInput & {
  readonly stock_bundle: BundleInput
}
const baseStock = createSingle.stock
const baseBundle = createBundle.stock_bundle

const APPID = "wxd678efh567hg6787"
const USERS = ["oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6p", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6q"]
const [ALICE, BOB, CAROL] = USERS as [string, string, string]
const order = { transaction_id: "4200000000202603011234567890" }
const PARTNER_BRAND = "120344"

/** The api functions the tests call, by name. */
const names = [
  "createProductCoupon",
  "getProductCoupon",
  "updateProductCoupon",
  "deactivateProductCoupon",
  "createStock",
  "listStocks",
  "listStocksStream",
  "getStock",
  "updateStock",
  "updateStockBudget",
  "deactivateStock",
  "associateStores",
  "disassociateStores",
  "listAssociatedStores",
  "listAssociatedStoresStream",
  "uploadCouponCodes",
  "createStockBundle",
  "updateStockBundle",
  "updateStockBundleBudget",
  "associateStoresForStockBundle",
  "disassociateStoresForStockBundle",
  "sendUserProductCoupon",
  "preSendUserProductCoupon",
  "confirmSendUserProductCoupon",
  "useUserProductCoupon",
  "getUserProductCoupon",
  "listUserProductCoupons",
  "returnUserProductCoupon",
  "sendUserProductCouponBundle",
  "deactivateUserProductCouponBundle"
] as const

type Brand = typeof ProductCoupon
type Name = (typeof names)[number]
type Call<K extends Name> = Brand[K] extends (input: infer I) => infer Out
  ? Out extends Effect.Effect<infer A, infer E, infer _R>
    ? (input: I) => Effect.Effect<A, E>
    : Out extends Stream.Stream<infer A, infer E, infer _R>
      ? (input: I) => Stream.Stream<A, E>
      : never
  : never

/** The family's functions as the brand API types them, bound to one client: partner calls add `brand_id`. */
type Api = { readonly [K in Name]: Call<K> } & {
  /**
   * 图片上传: `MediaUpload`'s upload for the API; with `sha256`, a multipart body of the test's own carrying that digest
   * (which `MediaUpload` would compute right), run by the client's `executeMultipart`.
   */
  readonly uploadImage: (
    filename: string,
    bytes: Uint8Array,
    sha256?: string
  ) => Effect.Effect<SchemaBrand.UploadImageResponse, { readonly _tag: string }>
}

type Untyped = (input: object) => Effect.Effect<unknown, unknown, unknown> | Stream.Stream<unknown, unknown, unknown>

/** A multipart body as WeChat Pay requires it: the `meta` part, then the `file` part (the signature covers meta). */
const multipart = (target: string, filename: string, bytes: Uint8Array, sha256?: string) => {
  const meta = JSON.stringify({ filename, sha256: sha256 ?? createHash("sha256").update(bytes).digest("hex") })
  const boundary = "SandboxBoundary20260301"
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="meta";\r\nContent-Type: application/json\r\n\r\n${meta}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`
  const tail = `\r\n--${boundary}--\r\n`
  const body = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)])
  return {
    target,
    body: meta,
    contentType: `multipart/form-data; boundary=${boundary}`,
    multipart: new Uint8Array(body)
  }
}

/** The module's effect functions, each run with `provide` and its input completed with `extra`. */
const bind = (
  module: Record<string, unknown>,
  provide: <A, E>(effect: Effect.Effect<A, E, unknown>) => Effect.Effect<A, E>,
  extra: object
): Record<string, unknown> =>
  Object.fromEntries(
    names.map((name) => [
      name,
      (input: object) => provide((module[name] as Untyped)({ ...input, ...extra }) as Effect.Effect<unknown, unknown>)
    ])
  )

/** The brand API's functions, bound to the brand client of the test. */
const brandApi = Effect.map(Effect.context<WechatPayBrand>(), (context): Api => {
  const provide = <A, E>(effect: Effect.Effect<A, E, unknown>) =>
    Effect.provideContext(effect as Effect.Effect<A, E, WechatPayBrand>, context)
  const streams = (stream: Untyped) => (input: object) =>
    Stream.provideContext(stream(input) as Stream.Stream<unknown, unknown, WechatPayBrand>, context)
  return {
    ...bind(ProductCoupon as unknown as Record<string, unknown>, provide, {}),
    listStocksStream: streams(ProductCoupon.listStocksStream as Untyped),
    listAssociatedStoresStream: streams(ProductCoupon.listAssociatedStoresStream as Untyped),
    uploadImage: (filename: string, bytes: Uint8Array, sha256?: string) =>
      provide(
        sha256 === undefined
          ? MediaUpload.uploadProductCouponImage({ filename, bytes })
          : Effect.flatMap(WechatPayBrand, (client) =>
              client.executeMultipart(
                SchemaBrand.UploadImage,
                multipart(SchemaBrand.UploadImage.path, filename, bytes, sha256)
              )
            )
      )
  } as unknown as Api
})

/** The partner API's functions, bound to the merchant client of the test, each request naming the brand. */
const partnerApi = Effect.map(Effect.context<WechatPayClient>(), (context): Api => {
  const provide = <A, E>(effect: Effect.Effect<A, E, unknown>) =>
    Effect.provideContext(effect as Effect.Effect<A, E, WechatPayClient>, context)
  const streams = (stream: Untyped) => (input: object) =>
    Stream.provideContext(
      stream({ ...input, brand_id: PARTNER_BRAND }) as Stream.Stream<unknown, unknown, WechatPayClient>,
      context
    )
  return {
    ...bind(PartnerProductCoupon as unknown as Record<string, unknown>, provide, { brand_id: PARTNER_BRAND }),
    listStocksStream: streams(PartnerProductCoupon.listStocksStream as Untyped),
    listAssociatedStoresStream: streams(PartnerProductCoupon.listAssociatedStoresStream as Untyped),
    uploadImage: (filename: string, bytes: Uint8Array, sha256?: string) =>
      provide(
        sha256 === undefined
          ? MediaUpload.uploadPartnerProductCouponImage({ filename, bytes })
          : Effect.flatMap(WechatPayClient, (client) =>
              client.executeMultipart(
                SchemaPartner.UploadImage,
                multipart(SchemaPartner.UploadImage.path, filename, bytes, sha256)
              )
            )
      )
  } as unknown as Api
})

const apis = [
  {
    name: "brand API (ProductCoupon)",
    run: <A, E>(f: (api: Api) => Effect.Effect<A, E>) =>
      Effect.flatMap(brandApi, f).pipe(
        Effect.provide(SandboxClient.brandLayer({ sandbox: { material }, client: { retry: false } }))
      )
  },
  {
    name: "partner API (PartnerProductCoupon)",
    run: <A, E>(f: (api: Api) => Effect.Effect<A, E>) =>
      Effect.flatMap(partnerApi, f).pipe(
        Effect.provide(SandboxClient.layer({ sandbox: { material }, client: { retry: false } }))
      )
  }
]

/** The tag of the failure of `effect` (it must fail). */
const failure = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.flip(effect), (error) => error._tag)

describe.each(apis)("商品券 family in the sandbox: $name", ({ run }) => {
  /** A 单券 商品券 (the single example) with its first stock, under its own request number. */
  const single = (api: Api, no: string) => api.createProductCoupon({ ...createSingle, out_request_no: `CREATE_${no}` })

  /** Adds a stock to the 商品券, the example's stock with `patch`. */
  const addStock = (api: Api, product_coupon_id: string, no: string, patch: Partial<StockInput> = {}) =>
    api.createStock({ product_coupon_id, out_request_no: `STOCK_${no}`, stock: { ...baseStock, ...patch } })

  const send = (api: Api, ids: { product_coupon_id: string; stock_id: string }, openid: string, no: string) =>
    api.sendUserProductCoupon({ ...ids, openid, appid: APPID, send_request_no: `SEND_${no}` })

  const couponIds = (ids: { product_coupon_id: string; stock_id: string }, openid: string, coupon_code: string) => ({
    ...ids,
    openid,
    appid: APPID,
    coupon_code
  })

  it.live("查询/修改/失效商品券: the change is seen by queries; a deactivated 商品券 and its stocks send nothing", () =>
    run((api) =>
      Effect.gen(function* () {
        const created = yield* single(api, "P1")
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
        const got = yield* api.getProductCoupon({ product_coupon_id: created.product_coupon_id })
        expect([got.state, got.display_info?.name]).toStrictEqual(["EFFECTIVE", "美式满30减5元"])
        const sent = yield* send(api, ids, ALICE, "P1_1")
        const coupon = couponIds(ids, ALICE, sent.coupon_code)
        yield* api.confirmSendUserProductCoupon({ ...coupon, out_request_no: "CONFIRM_P1_1" })

        const display = { ...createSingle.display_info, name: "美式满30减6元" }
        const updated = yield* api.updateProductCoupon({
          product_coupon_id: ids.product_coupon_id,
          out_request_no: "UPDATE_P1_1",
          display_info: display
        })
        expect(updated.display_info?.name).toBe("美式满30减6元")
        expect((yield* api.getProductCoupon({ product_coupon_id: ids.product_coupon_id })).display_info?.name).toBe(
          "美式满30减6元"
        )
        // A coupon already sent keeps what it showed.
        expect((yield* api.getUserProductCoupon(coupon)).product_coupon?.display_info?.name).toBe("美式满30减5元")
        // A 单品券 keeps its price and 套餐 ("scope=SINGLE 时必填").
        const { original_price: _price, combo_package_list: _combos, ...bare } = display
        expect(
          yield* failure(
            api.updateProductCoupon({
              product_coupon_id: ids.product_coupon_id,
              out_request_no: "UPDATE_P1_2",
              display_info: bare
            })
          )
        ).toBe("InvalidRequest")

        const deactivate = {
          product_coupon_id: ids.product_coupon_id,
          out_request_no: "DEACTIVATE_P1_1",
          deactivate_reason: "活动结束"
        }
        const deactivated = yield* api.deactivateProductCoupon(deactivate)
        expect([deactivated.state, deactivated.deactivate_reason]).toStrictEqual(["DEACTIVATED", "活动结束"])
        // The same request number and request: the first answer again; with another request: refused.
        expect((yield* api.deactivateProductCoupon(deactivate)).deactivate_time).toBe(deactivated.deactivate_time)
        expect(yield* failure(api.deactivateProductCoupon({ ...deactivate, deactivate_reason: "x" }))).toBe(
          "InvalidRequest"
        )
        expect(yield* failure(api.deactivateProductCoupon({ ...deactivate, out_request_no: "DEACTIVATE_P1_2" }))).toBe(
          "InvalidRequest"
        )
        // "失效商品券会失效商品券所有批次", "不会有新的用户领券事件"; "前置条件: 商品券处于 EFFECTIVE 状态".
        expect((yield* api.getStock(ids)).state).toBe("DEACTIVATED")
        expect(yield* failure(send(api, ids, BOB, "P1_2"))).toBe("InvalidRequest")
        expect(yield* failure(addStock(api, ids.product_coupon_id, "P1_1"))).toBe("InvalidRequest")
        expect(
          yield* failure(
            api.updateProductCoupon({
              product_coupon_id: ids.product_coupon_id,
              out_request_no: "UPDATE_P1_3",
              display_info: display
            })
          )
        ).toBe("InvalidRequest")
        // "历史已经通过该商品券对应的批次发放的用户商品券仍然有效".
        const used = yield* api.useUserProductCoupon({
          ...coupon,
          use_time: "2026-03-01T12:00:00+08:00",
          out_request_no: "USE_P1_1",
          associated_order_info: order
        })
        expect(used.coupon_state).toBe("USED")
        expect(yield* failure(api.getProductCoupon({ product_coupon_id: "1999999999" }))).toBe("NotFound")
      })
    )
  )

  it.live("查询商品券批次列表/指定批次: pages by token, total_count on the first page only; counts what was sent", () =>
    run((api) =>
      Effect.gen(function* () {
        const created = yield* single(api, "L1")
        const product_coupon_id = created.product_coupon_id
        const second = yield* addStock(api, product_coupon_id, "L1_2")
        const third = yield* addStock(api, product_coupon_id, "L1_3")
        const stockIds = [created.stock!.stock_id, second.stock_id, third.stock_id]
        expect(second.state).toBe("SENDING")
        yield* api.deactivateStock({
          product_coupon_id,
          stock_id: third.stock_id,
          out_request_no: "DEACTIVATE_L1_3",
          deactivate_reason: "批次信息有误"
        })

        const first = yield* api.listStocks({ product_coupon_id, page_size: 2 })
        expect(first.total_count).toBe(3)
        expect(first.stock_list?.map((s) => s.stock_id)).toStrictEqual(stockIds.slice(0, 2))
        // "total_count: 当且仅当 page_token 为空时提供".
        const next = yield* api.listStocks({ product_coupon_id, page_size: 2, page_token: first.next_page_token! })
        expect(next.total_count).toBeUndefined()
        expect(next.stock_list?.map((s) => s.stock_id)).toStrictEqual([third.stock_id])
        expect(next.next_page_token).toBeUndefined()
        const all = yield* Stream.runCollect(api.listStocksStream({ product_coupon_id, page_size: 1 }))
        expect(Array.from(all).map((s) => s.stock_id)).toStrictEqual(stockIds)
        const stopped = yield* api.listStocks({ product_coupon_id, state: "DEACTIVATED" })
        expect(stopped.stock_list?.map((s) => [s.stock_id, s.deactivate_reason])).toStrictEqual([
          [third.stock_id, "批次信息有误"]
        ])

        const ids = { product_coupon_id, stock_id: second.stock_id }
        expect((yield* api.getStock(ids)).sent_count_info?.total_count).toBe(0)
        yield* send(api, ids, ALICE, "L1_1")
        yield* send(api, ids, BOB, "L1_2")
        const stock = yield* api.getStock(ids)
        expect([stock.sent_count_info?.total_count, stock.sent_count_info?.today_count]).toStrictEqual([2, 2])
        expect(yield* failure(api.getStock({ product_coupon_id, stock_id: "2999999999" }))).toBe("NotFound")
      })
    )
  )

  it.live("修改商品券批次: the stock changes, coupons already sent keep theirs; a deactivated stock is refused", () =>
    run((api) =>
      Effect.gen(function* () {
        const created = yield* single(api, "U1")
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
        const sent = yield* send(api, ids, ALICE, "U1_1")
        const updated = yield* api.updateStock({
          ...ids,
          out_request_no: "UPDATE_U1_1",
          remark: "四月满减",
          coupon_display_info: { code_display_mode: "QRCODE", background_color: "Color050" }
        })
        expect([updated.remark, updated.coupon_display_info?.code_display_mode]).toStrictEqual(["四月满减", "QRCODE"])
        const stock = yield* api.getStock(ids)
        expect([stock.remark, stock.coupon_display_info?.background_color]).toStrictEqual(["四月满减", "Color050"])
        // "展示信息修改不会影响已经发放的用户商品券".
        const coupon = yield* api.getUserProductCoupon(couponIds(ids, ALICE, sent.coupon_code))
        expect(coupon.stock?.remark).toBe("三月满减")
        expect((yield* send(api, ids, BOB, "U1_2")).stock?.remark).toBe("四月满减")
        // "前置条件: 批次处于 SENDING 或 PAUSED 状态".
        yield* api.deactivateStock({ ...ids, out_request_no: "DEACTIVATE_U1", deactivate_reason: "下线" })
        expect(yield* failure(api.updateStock({ ...ids, out_request_no: "UPDATE_U1_2", remark: "五月" }))).toBe(
          "InvalidRequest"
        )
      })
    )
  )

  it.live("修改商品券批次发放预算: a full budget refuses sends until it is raised; the current value must match", () =>
    run((api) =>
      Effect.gen(function* () {
        const created = yield* single(api, "B1")
        const stock = yield* addStock(api, created.product_coupon_id, "B1", {
          stock_send_rule: { max_count: 2, max_count_per_user: 1 }
        })
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: stock.stock_id }
        yield* send(api, ids, ALICE, "B1_1")
        // "每人限领".
        expect(yield* failure(send(api, ids, ALICE, "B1_2"))).toBe("InvalidRequest")
        yield* send(api, ids, BOB, "B1_3")
        // "商品券批次总预算": "403 NOT_ENOUGH 商品券批次发放预算不足".
        expect(yield* failure(send(api, ids, CAROL, "B1_4"))).toBe("NotEnough")
        const raise = { ...ids, out_request_no: "BUDGET_B1_1", update_mode: "MAX_COUNT" as const }
        // "current_max_count: 调用本接口前,请先通过查询商品券批次详情接口获取".
        expect(yield* failure(api.updateStockBudget({ ...raise, current_max_count: 5, target_max_count: 3 }))).toBe(
          "InvalidRequest"
        )
        // "允许小于当前批次发放次数总上限,但是不得小于当前已发放总次数".
        expect(
          yield* failure(
            api.updateStockBudget({
              ...raise,
              out_request_no: "BUDGET_B1_2",
              current_max_count: 2,
              target_max_count: 1
            })
          )
        ).toBe("InvalidRequest")
        const raised = yield* api.updateStockBudget({ ...raise, current_max_count: 2, target_max_count: 3 })
        expect(raised.stock_send_rule?.max_count).toBe(3)
        expect((yield* api.getStock(ids)).stock_send_rule?.max_count).toBe(3)
        expect((yield* send(api, ids, CAROL, "B1_5")).coupon_state).toBe("CONFIRMING")
        // "如果批次当前未限制每日发放次数(创建时未传入),则无法修改为限制次数".
        expect(
          yield* failure(
            api.updateStockBudget({
              ...ids,
              out_request_no: "BUDGET_B1_3",
              update_mode: "MAX_COUNT_PER_DAY",
              current_max_count_per_day: 1,
              target_max_count_per_day: 2
            })
          )
        ).toBe("InvalidRequest")

        const daily = yield* addStock(api, created.product_coupon_id, "B2", {
          stock_send_rule: { max_count: 100, max_count_per_day: 1, max_count_per_user: 1 }
        })
        const dailyIds = { product_coupon_id: created.product_coupon_id, stock_id: daily.stock_id }
        yield* send(api, dailyIds, ALICE, "B2_1")
        // "商品券批次每日预算".
        expect(yield* failure(send(api, dailyIds, BOB, "B2_2"))).toBe("NotEnough")
        const perDay = yield* api.updateStockBudget({
          ...dailyIds,
          out_request_no: "BUDGET_B2_1",
          update_mode: "MAX_COUNT_PER_DAY",
          current_max_count_per_day: 1,
          target_max_count_per_day: 2
        })
        expect(perDay.stock_send_rule?.max_count_per_day).toBe(2)
        expect((yield* send(api, dailyIds, BOB, "B2_3")).coupon_state).toBe("CONFIRMING")
      })
    )
  )

  it.live("失效商品券批次: the stock sends no more; coupons already sent stay valid; a second call is refused", () =>
    run((api) =>
      Effect.gen(function* () {
        const created = yield* single(api, "D1")
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
        const sent = yield* send(api, ids, ALICE, "D1_1")
        const request = { ...ids, out_request_no: "DEACTIVATE_D1_1", deactivate_reason: "批次信息有误,重新创建" }
        const other = yield* addStock(api, ids.product_coupon_id, "D1")
        const deactivated = yield* api.deactivateStock(request)
        expect([deactivated.state, deactivated.deactivate_request_no]).toStrictEqual(["DEACTIVATED", "DEACTIVATE_D1_1"])
        // "调用本接口只会失效单个批次,商品券本身以及其他商品券批次不受影响".
        expect((yield* api.getProductCoupon({ product_coupon_id: ids.product_coupon_id })).state).toBe("EFFECTIVE")
        const otherIds = { product_coupon_id: ids.product_coupon_id, stock_id: other.stock_id }
        expect((yield* send(api, otherIds, BOB, "D1_3")).coupon_state).toBe("CONFIRMING")
        expect((yield* api.getStock(ids)).deactivate_reason).toBe("批次信息有误,重新创建")
        // "该批次不会有新的用户领券事件,但历史已经通过该批次发放的用户商品券仍然有效".
        expect(yield* failure(send(api, ids, BOB, "D1_2"))).toBe("InvalidRequest")
        expect(
          yield* failure(
            api.preSendUserProductCoupon({ ...ids, openid: BOB, appid: APPID, send_request_no: "PRESEND_D1" })
          )
        ).toBe("InvalidRequest")
        const confirmed = yield* api.confirmSendUserProductCoupon({
          ...couponIds(ids, ALICE, sent.coupon_code),
          out_request_no: "CONFIRM_D1_1"
        })
        expect(confirmed.coupon_state).toBe("EFFECTIVE")
        expect(yield* failure(api.deactivateStock({ ...request, out_request_no: "DEACTIVATE_D1_2" }))).toBe(
          "InvalidRequest"
        )
      })
    )
  )

  it.live("批次关联门店/取消关联/查询门店列表: only a SPECIFIC stock; the list pages by token", () =>
    run((api) =>
      Effect.gen(function* () {
        const created = yield* single(api, "S1")
        const stock = yield* addStock(api, created.product_coupon_id, "S1", { store_scope: "SPECIFIC" })
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: stock.stock_id }
        const stores = (...ids: ReadonlyArray<string>) => ids.map((store_id) => ({ store_id }))
        const first = yield* api.associateStores({ ...ids, store_list: stores("100000001", "100000002", "100000003") })
        expect([first.total_count, first.success_store_list?.length, first.failed_store_list]).toStrictEqual([3, 3, []])
        const again = yield* api.associateStores({ ...ids, store_list: stores("100000003", "100000004") })
        expect(again.success_store_list?.map((s) => s.store_id)).toStrictEqual(["100000004"])
        expect(again.failed_store_list?.map((s) => s.store_id)).toStrictEqual(["100000003"])

        const page = yield* api.listAssociatedStores({ ...ids, page_size: 3 })
        expect(page.total_count).toBe(4)
        expect(page.store_list?.map((s) => s.store_id)).toStrictEqual(["100000001", "100000002", "100000003"])
        expect(page.next_page_token).toBeDefined()
        const all = yield* Stream.runCollect(api.listAssociatedStoresStream({ ...ids, page_size: 3 }))
        expect(Array.from(all).map((s) => s.store_id)).toStrictEqual([
          "100000001",
          "100000002",
          "100000003",
          "100000004"
        ])

        const removed = yield* api.disassociateStores({ ...ids, store_list: stores("100000002", "100000009") })
        expect(removed.success_store_list?.map((s) => s.store_id)).toStrictEqual(["100000002"])
        expect(removed.failed_store_list?.map((s) => s.store_id)).toStrictEqual(["100000009"])
        const left = yield* api.listAssociatedStores(ids)
        expect(left.store_list?.map((s) => s.store_id)).toStrictEqual(["100000001", "100000003", "100000004"])

        // "批次的 store_scope 为 SPECIFIC": the example's stock is ALL.
        const all2 = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
        expect(yield* failure(api.associateStores({ ...all2, store_list: stores("100000001") }))).toBe("InvalidRequest")
        expect(yield* failure(api.listAssociatedStores(all2))).toBe("InvalidRequest")
      })
    )
  )

  it.live(
    "预上传券Code: only an UPLOAD stock; repeated and known codes are reported; sends hand them out in order",
    () =>
      run((api) =>
        Effect.gen(function* () {
          const created = yield* single(api, "C1")
          const stock = yield* addStock(api, created.product_coupon_id, "C1", { coupon_code_mode: "UPLOAD" })
          const ids = { product_coupon_id: created.product_coupon_id, stock_id: stock.stock_id }
          // Nothing uploaded yet: "403 NOT_ENOUGH 商品券批次预上传券Code剩余数量不足".
          expect(yield* failure(send(api, ids, ALICE, "C1_0"))).toBe("NotEnough")
          const upload = {
            ...ids,
            out_request_no: "UPLOAD_C1_1",
            code_list: ["code_0000001", "code_0000002", "code_0000001"]
          }
          const first = yield* api.uploadCouponCodes(upload)
          expect(first.total_count).toBe(3)
          expect(first.success_code_list).toStrictEqual(["code_0000001", "code_0000002"])
          expect(first.duplicate_code_list).toStrictEqual(["code_0000001"])
          // The same request number and request: the first answer, nothing uploaded twice.
          expect((yield* api.uploadCouponCodes(upload)).success_code_list).toStrictEqual([
            "code_0000001",
            "code_0000002"
          ])
          const second = yield* api.uploadCouponCodes({
            ...ids,
            out_request_no: "UPLOAD_C1_2",
            code_list: ["code_0000002", "code_0000003"]
          })
          expect([second.success_code_list, second.already_exist_code_list]).toStrictEqual([
            ["code_0000003"],
            ["code_0000002"]
          ])
          expect((yield* api.getStock(ids)).coupon_code_count_info).toStrictEqual(
            expect.objectContaining({ total_count: 3, available_count: 3 })
          )
          expect((yield* send(api, ids, ALICE, "C1_1")).coupon_code).toBe("code_0000001")
          expect((yield* send(api, ids, BOB, "C1_2")).coupon_code).toBe("code_0000002")
          expect((yield* api.getStock(ids)).coupon_code_count_info?.available_count).toBe(1)
          // "当且仅当 coupon_code_mode 为 API_ASSIGN 时必传,其他模式下…不允许传入".
          expect(
            yield* failure(
              api.sendUserProductCoupon({
                ...ids,
                openid: CAROL,
                appid: APPID,
                send_request_no: "SEND_C1_3",
                coupon_code: "code_0000003"
              })
            )
          ).toBe("InvalidRequest")
          // "批次的 coupon_code_mode 配置为 UPLOAD": the example's stock is WECHATPAY.
          expect(
            yield* failure(
              api.uploadCouponCodes({
                product_coupon_id: created.product_coupon_id,
                stock_id: created.stock!.stock_id,
                out_request_no: "UPLOAD_C1_3",
                code_list: ["code_0000009"]
              })
            )
          ).toBe("InvalidRequest")
        })
      )
  )

  it.live("批次组: added with one stock per rule; changed, budgeted and given stores as a whole", () =>
    run((api) =>
      Effect.gen(function* () {
        const created = yield* api.createProductCoupon({ ...createBundle, out_request_no: "CREATE_G1B" })
        const product_coupon_id = created.product_coupon_id
        const added = yield* api.createStockBundle({
          product_coupon_id,
          out_request_no: "BUNDLE_G1_1",
          stock_bundle: { ...baseBundle, store_scope: "SPECIFIC" }
        })
        expect(added.stock_list?.map((s) => s.stock_bundle_info?.stock_bundle_index)).toStrictEqual([0, 1, 2])
        const stockIds = added.stock_list!.map((s) => s.stock_id)
        const bundle = { product_coupon_id, stock_bundle_id: added.stock_bundle_id }
        const listed = yield* api.listStocks({ product_coupon_id, stock_bundle_id: added.stock_bundle_id })
        expect(listed.stock_list?.map((s) => s.stock_id)).toStrictEqual(stockIds)
        // "添加商品券批次组": a 多次优惠 商品券 only.
        const one = yield* single(api, "G1")
        expect(
          yield* failure(
            api.createStockBundle({
              product_coupon_id: one.product_coupon_id,
              out_request_no: "BUNDLE_G1_2",
              stock_bundle: baseBundle
            })
          )
        ).toBe("InvalidRequest")

        const updated = yield* api.updateStockBundle({ ...bundle, out_request_no: "UPDATE_G1_1", remark: "组合优惠" })
        expect(updated.stock_list?.map((s) => s.remark)).toStrictEqual(["组合优惠", "组合优惠", "组合优惠"])
        // "usage_mode为PROGRESSIVE_BUNDLE的批次在批次组内,不可使用本接口".
        expect(
          yield* failure(
            api.updateStock({ product_coupon_id, stock_id: stockIds[0]!, out_request_no: "UPDATE_G1_2", remark: "x" })
          )
        ).toBe("InvalidRequest")
        const budget = yield* api.updateStockBundleBudget({
          ...bundle,
          out_request_no: "BUDGET_G1_1",
          update_mode: "MAX_COUNT",
          current_max_count: 5000,
          target_max_count: 6000
        })
        expect(budget.stock_list?.map((s) => s.stock_send_rule?.max_count)).toStrictEqual([6000, 6000, 6000])
        const after = yield* api.listStocks({ product_coupon_id, stock_bundle_id: added.stock_bundle_id })
        expect(after.stock_list?.map((s) => s.stock_send_rule?.max_count)).toStrictEqual([6000, 6000, 6000])

        const associated = yield* api.associateStoresForStockBundle({
          ...bundle,
          store_list: [{ store_id: "100000001" }, { store_id: "100000002" }]
        })
        expect(associated.success_store_list?.length).toBe(2)
        expect(
          yield* failure(
            api.associateStores({ product_coupon_id, stock_id: stockIds[1]!, store_list: [{ store_id: "100000003" }] })
          )
        ).toBe("InvalidRequest")
        const removed = yield* api.disassociateStoresForStockBundle({
          ...bundle,
          store_list: [{ store_id: "100000001" }, { store_id: "100000007" }]
        })
        expect(removed.failed_store_list?.map((s) => s.store_id)).toStrictEqual(["100000007"])
        // "本接口会同步关联门店信息到批次组内所有批次".
        for (const stock_id of stockIds) {
          const stores = yield* api.listAssociatedStores({ product_coupon_id, stock_id })
          expect(stores.store_list?.map((s) => s.store_id)).toStrictEqual(["100000002"])
        }
      })
    )
  )

  it.live("向用户预发放商品券: a token for the same parameters, nothing sent; the send rules apply", () =>
    run((api) =>
      Effect.gen(function* () {
        const created = yield* single(api, "R1")
        const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
        const request = { ...ids, openid: ALICE, appid: APPID, send_request_no: "PRESEND_R1_1" }
        const token = (yield* api.preSendUserProductCoupon(request)).token
        expect(token.length).toBeGreaterThan(0)
        expect((yield* api.preSendUserProductCoupon(request)).token).toBe(token)
        const other = yield* api.preSendUserProductCoupon({ ...request, send_request_no: "PRESEND_R1_2" })
        expect(other.token).not.toBe(token)
        expect((yield* api.listUserProductCoupons({ openid: ALICE, appid: APPID })).total_count).toBe(0)
        // "当且仅当 coupon_code_mode 为 API_ASSIGN 时必传".
        const assigned = yield* addStock(api, ids.product_coupon_id, "R1", { coupon_code_mode: "API_ASSIGN" })
        const assignedIds = { ...ids, stock_id: assigned.stock_id }
        expect(
          yield* failure(api.preSendUserProductCoupon({ ...request, ...assignedIds, send_request_no: "PRESEND_R1_3" }))
        ).toBe("InvalidRequest")
        const withCode = yield* api.preSendUserProductCoupon({
          ...request,
          ...assignedIds,
          send_request_no: "PRESEND_R1_4",
          coupon_code: "MY_CODE_0001"
        })
        expect(withCode.token.length).toBeGreaterThan(0)
        // "每人限领": the example allows 2 per user.
        yield* send(api, ids, ALICE, "R1_1")
        yield* send(api, ids, ALICE, "R1_2")
        expect(yield* failure(api.preSendUserProductCoupon({ ...request, send_request_no: "PRESEND_R1_5" }))).toBe(
          "InvalidRequest"
        )
      })
    )
  )

  it.live(
    "退券: a used coupon is usable again; an unused one is refused; a 多次优惠 coupon gives back its last round",
    () =>
      run((api) =>
        Effect.gen(function* () {
          const created = yield* single(api, "T1")
          const ids = { product_coupon_id: created.product_coupon_id, stock_id: created.stock!.stock_id }
          const sent = yield* send(api, ids, ALICE, "T1_1")
          const coupon = couponIds(ids, ALICE, sent.coupon_code)
          yield* api.confirmSendUserProductCoupon({ ...coupon, out_request_no: "CONFIRM_T1_1" })
          // "前置条件: 用户商品券当前已核销".
          expect(yield* failure(api.returnUserProductCoupon({ ...coupon, out_request_no: "RETURN_T1_0" }))).toBe(
            "InvalidRequest"
          )
          const use = { ...coupon, use_time: "2026-03-01T12:00:00+08:00", associated_order_info: order }
          yield* api.useUserProductCoupon({ ...use, out_request_no: "USE_T1_1" })
          const returned = yield* api.returnUserProductCoupon({ ...coupon, out_request_no: "RETURN_T1_1" })
          expect(returned.coupon_state).toBe("EFFECTIVE")
          expect(returned.single_usage_detail?.return_request_no).toBe("RETURN_T1_1")
          expect((yield* api.getUserProductCoupon(coupon)).coupon_state).toBe("EFFECTIVE")
          expect((yield* api.useUserProductCoupon({ ...use, out_request_no: "USE_T1_2" })).coupon_state).toBe("USED")

          const bundled = yield* api.createProductCoupon({ ...createBundle, out_request_no: "CREATE_T2" })
          const bundleSent = yield* api.sendUserProductCouponBundle({
            openid: ALICE,
            appid: APPID,
            product_coupon_id: bundled.product_coupon_id,
            stock_bundle_id: bundled.stock_bundle!.stock_bundle_id,
            send_request_no: "SEND_T2_1"
          })
          const round = bundleSent.user_product_coupon_list![0]!
          const roundIds = couponIds(
            { product_coupon_id: bundled.product_coupon_id, stock_id: round.stock!.stock_id },
            ALICE,
            round.coupon_code
          )
          yield* api.confirmSendUserProductCoupon({ ...roundIds, out_request_no: "CONFIRM_T2_1" })
          const roundUse = { ...roundIds, use_time: "2026-03-01T12:00:00+08:00", associated_order_info: order }
          yield* api.useUserProductCoupon({ ...roundUse, out_request_no: "USE_T2_1" })
          yield* api.useUserProductCoupon({ ...roundUse, out_request_no: "USE_T2_2" })
          // "只有当该券为其所属券组最近一个已核销券时才可以退回": the second round comes back.
          const back = yield* api.returnUserProductCoupon({ ...roundIds, out_request_no: "RETURN_T2_1" })
          expect([back.coupon_state, back.user_product_coupon_bundle_info?.used_count]).toStrictEqual(["EFFECTIVE", 1])
          const uses = []
          for (const n of [3, 4]) {
            uses.push((yield* api.useUserProductCoupon({ ...roundUse, out_request_no: `USE_T2_${n}` })).coupon_state)
          }
          expect(uses).toStrictEqual(["EFFECTIVE", "USED"])
        })
      )
  )

  it.live("向用户发放商品券批次组 / 失效用户商品券组: a bundle is sent whole and deactivated whole", () =>
    run((api) =>
      Effect.gen(function* () {
        const created = yield* api.createProductCoupon({ ...createBundle, out_request_no: "CREATE_K1" })
        const bundle = {
          product_coupon_id: created.product_coupon_id,
          stock_bundle_id: created.stock_bundle!.stock_bundle_id
        }
        // "usage_mode为PROGRESSIVE_BUNDLE的批次在批次组内,不可使用本接口,请使用【向用户发放商品券批次组API】".
        expect(
          yield* failure(
            send(
              api,
              { product_coupon_id: bundle.product_coupon_id, stock_id: created.stock_bundle!.stock_list![0]!.stock_id },
              ALICE,
              "K1_0"
            )
          )
        ).toBe("InvalidRequest")
        const sent = yield* api.sendUserProductCouponBundle({
          ...bundle,
          openid: ALICE,
          appid: APPID,
          send_request_no: "SEND_K1_1"
        })
        const [coupon] = sent.user_product_coupon_list!
        expect(coupon?.coupon_state).toBe("CONFIRMING")
        expect(coupon?.user_product_coupon_bundle_info?.user_coupon_bundle_id).toBe(sent.user_coupon_bundle_id)
        expect(coupon?.user_product_coupon_bundle_info?.total_count).toBe(3)
        // The example's bundle allows one per user.
        expect(
          yield* failure(
            api.sendUserProductCouponBundle({ ...bundle, openid: ALICE, appid: APPID, send_request_no: "SEND_K1_2" })
          )
        ).toBe("InvalidRequest")

        const deactivate = {
          ...bundle,
          openid: ALICE,
          appid: APPID,
          user_coupon_bundle_id: sent.user_coupon_bundle_id,
          out_request_no: "DEACTIVATE_K1_1",
          deactivate_reason: "用户退款"
        }
        const deactivated = yield* api.deactivateUserProductCouponBundle(deactivate)
        expect(deactivated.user_product_coupon_list?.map((c) => [c.coupon_state, c.deactivate_reason])).toStrictEqual([
          ["DEACTIVATED", "用户退款"]
        ])
        const listed = yield* api.listUserProductCoupons({
          openid: ALICE,
          appid: APPID,
          user_coupon_bundle_id: sent.user_coupon_bundle_id
        })
        expect(listed.user_coupon_list?.map((c) => c.coupon_state)).toStrictEqual(["DEACTIVATED"])
        expect(
          yield* failure(api.deactivateUserProductCouponBundle({ ...deactivate, out_request_no: "DEACTIVATE_K1_2" }))
        ).toBe("InvalidRequest")
        expect(
          yield* failure(
            api.deactivateUserProductCouponBundle({
              ...deactivate,
              user_coupon_bundle_id: "40999999",
              out_request_no: "DEACTIVATE_K1_3"
            })
          )
        ).toBe("NotFound")
      })
    )
  )

  it.live(
    "图片上传: the image's URL, the same for the same bytes, accepted by 创建商品券; a wrong digest is refused",
    () =>
      run((api) =>
        Effect.gen(function* () {
          const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52)
          const uploaded = yield* api.uploadImage("coupon.png", png)
          expect(uploaded.image_url).toMatch(/^https:\/\//)
          expect((yield* api.uploadImage("coupon.png", png)).image_url).toBe(uploaded.image_url)
          expect(yield* failure(api.uploadImage("coupon.png", png, "0".repeat(64)))).toBe("InvalidRequest")
          const created = yield* api.createProductCoupon({
            ...createSingle,
            out_request_no: "CREATE_I1",
            display_info: { ...createSingle.display_info, image_url: uploaded.image_url! }
          } as CreateInput)
          const got = yield* api.getProductCoupon({ product_coupon_id: created.product_coupon_id })
          expect(got.display_info?.image_url).toBe(uploaded.image_url)
        })
      )
  )
})
