import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as PartnerProductCoupon from "@effect-wechatpay/api/PartnerProductCoupon"
import * as ProductCoupon from "@effect-wechatpay/api/ProductCoupon"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { Sandbox, SandboxClient } from "../../src/index.js"
import { productCouponFixture } from "../productCouponFixtures.js"

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

const fixture = productCouponFixture

type CreateInput = Parameters<typeof ProductCoupon.createProductCoupon>[0]
type CreateStockInput = Parameters<typeof ProductCoupon.createStock>[0]

const createSingle = fixture("product-coupon-create-single.request.json") as CreateInput
const createBundle = fixture("product-coupon-create-bundle.request.json") as CreateInput
const stockOf = (fixture("product-coupon-create-single.request.json") as { readonly stock: CreateStockInput["stock"] })
  .stock

const OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
const APPID = "wxd678efh567hg6787"
const order = { transaction_id: "4200000000202603011234567890", out_trade_no: "ORDER20260301001", mchid: "1900009191" }

const brand = () => SandboxClient.brandLayer({ sandbox: { material }, client: { retry: false } })

/**
 * Creates a 商品券 from `input` (its own request number) and sends one of its coupons to the user (a 多次优惠 one with
 * 向用户发放商品券批次组); answers the ids.
 */
const createAndSend = (input: CreateInput, sendNo: string) =>
  Effect.gen(function* () {
    const created = yield* ProductCoupon.createProductCoupon({ ...input, out_request_no: `CREATE_${sendNo}` })
    const stock = created.stock ?? created.stock_bundle?.stock_list?.[0]
    const sent =
      created.stock_bundle === undefined
        ? yield* ProductCoupon.sendUserProductCoupon({
            openid: OPENID,
            product_coupon_id: created.product_coupon_id,
            stock_id: stock!.stock_id,
            appid: APPID,
            send_request_no: sendNo
          })
        : (yield* ProductCoupon.sendUserProductCouponBundle({
            openid: OPENID,
            product_coupon_id: created.product_coupon_id,
            stock_bundle_id: created.stock_bundle.stock_bundle_id,
            appid: APPID,
            send_request_no: sendNo
          })).user_product_coupon_list![0]!
    const ids = {
      openid: OPENID,
      appid: APPID,
      coupon_code: sent.coupon_code,
      product_coupon_id: created.product_coupon_id,
      stock_id: stock!.stock_id
    }
    return { created, sent, ids }
  })

describe("商品券 in the sandbox (brand API)", () => {
  it.live("event notify URL: none set is NOT_FOUND; set, then read back", () =>
    Effect.gen(function* () {
      // "404 NOT_FOUND 未找到品牌通知配置".
      const none = yield* Effect.flip(ProductCoupon.getNotifyConfig({}))
      expect(none._tag).toBe("NotFound")
      const set = yield* ProductCoupon.setNotifyConfig({ notify_url: "https://brand.example.com/notify" })
      expect(set.notify_url).toBe("https://brand.example.com/notify")
      const got = yield* ProductCoupon.getNotifyConfig({})
      expect(got.notify_url).toBe("https://brand.example.com/notify")
    }).pipe(Effect.provide(brand()))
  )

  it.live("create a 商品券 (with its stock), add a stock; an unknown 商品券 is NOT_FOUND", () =>
    Effect.gen(function* () {
      const created = yield* ProductCoupon.createProductCoupon(createSingle)
      expect(created.state).toBe("EFFECTIVE")
      expect(created.usage_mode).toBe("SINGLE")
      expect(created.out_product_no).toBe("AMERICANO-001")
      expect(created.stock?.product_coupon_id).toBe(created.product_coupon_id)
      const stock = yield* ProductCoupon.createStock({
        product_coupon_id: created.product_coupon_id,
        out_request_no: "STOCK_20260301_0001",
        stock: stockOf
      })
      expect(stock.product_coupon_id).toBe(created.product_coupon_id)
      expect(stock.stock_id).not.toBe(created.stock?.stock_id)
      const unknown = yield* Effect.flip(
        ProductCoupon.createStock({ product_coupon_id: "9999", out_request_no: "STOCK_20260301_0002", stock: stockOf })
      )
      expect(unknown._tag).toBe("NotFound")
    }).pipe(Effect.provide(brand()))
  )

  it.live("lifecycle: create → send (CONFIRMING) → confirm (EFFECTIVE) → use (USED) → query", () =>
    Effect.gen(function* () {
      const { ids, sent } = yield* createAndSend(createSingle, "SEND_20260301_0001")
      expect(sent.coupon_state).toBe("CONFIRMING")
      const early = yield* Effect.flip(
        ProductCoupon.useUserProductCoupon({
          ...ids,
          use_time: "2026-03-01T12:00:00+08:00",
          out_request_no: "USE_20260301_0000",
          associated_order_info: order
        })
      )
      // 核销's table: "403 NOT_ENOUGH 用户商品券当前无法使用".
      expect(early._tag).toBe("NotEnough")
      const confirmed = yield* ProductCoupon.confirmSendUserProductCoupon({
        ...ids,
        out_request_no: "CONFIRM_20260301_0001"
      })
      expect(confirmed.coupon_state).toBe("EFFECTIVE")
      expect(confirmed.confirm_request_no).toBe("CONFIRM_20260301_0001")
      const used = yield* ProductCoupon.useUserProductCoupon({
        ...ids,
        use_time: "2026-03-01T12:00:00+08:00",
        out_request_no: "USE_20260301_0001",
        associated_order_info: order
      })
      expect(used.coupon_state).toBe("USED")
      expect(used.single_usage_detail?.use_request_no).toBe("USE_20260301_0001")
      const again = yield* Effect.flip(
        ProductCoupon.useUserProductCoupon({
          ...ids,
          use_time: "2026-03-01T12:00:00+08:00",
          out_request_no: "USE_20260301_0002",
          associated_order_info: order
        })
      )
      expect(again._tag).toBe("NotEnough")
      const queried = yield* ProductCoupon.getUserProductCoupon(ids)
      expect(queried.coupon_state).toBe("USED")
      expect(queried.send_request_no).toBe("SEND_20260301_0001")
    }).pipe(Effect.provide(brand()))
  )

  it.live(
    "validity (指定券状态查询用户商品券列表's states): PENDING until 领取后N天生效, EFFECTIVE for available_days, then EXPIRED and not usable",
    () =>
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const period = stockOf.single_usage_rule!.coupon_available_period
        // Valid from the day after receipt, for 2 days.
        const input = {
          ...createSingle,
          stock: {
            ...stockOf,
            single_usage_rule: {
              ...stockOf.single_usage_rule!,
              coupon_available_period: { ...period, wait_days_after_receive: 1, available_days: 2 }
            }
          }
        } as CreateInput
        const { ids } = yield* createAndSend(input, "SEND_VALIDITY_0001")
        const confirmed = yield* ProductCoupon.confirmSendUserProductCoupon({
          ...ids,
          out_request_no: "CONFIRM_VALID_1"
        })
        expect(confirmed.coupon_state).toBe("PENDING")
        const begin = Date.parse(confirmed.valid_begin_time!)
        const end = Date.parse(confirmed.valid_end_time!)
        expect(end - begin).toBe(2 * 86_400_000)
        expect(begin - Date.parse(confirmed.receive_time!)).toBe(86_400_000)
        const use = (n: number) =>
          ProductCoupon.useUserProductCoupon({
            ...ids,
            use_time: "2026-03-01T12:00:00+08:00",
            out_request_no: `USE_VALIDITY_000${n}`,
            associated_order_info: order
          })
        expect((yield* Effect.flip(use(1)))._tag).toBe("NotEnough")
        yield* sandbox.advanceTime("25 hours")
        expect((yield* ProductCoupon.getUserProductCoupon(ids)).coupon_state).toBe("EFFECTIVE")
        yield* sandbox.advanceTime("2 days")
        expect((yield* ProductCoupon.getUserProductCoupon(ids)).coupon_state).toBe("EXPIRED")
        const expired = yield* ProductCoupon.listUserProductCoupons({
          openid: OPENID,
          appid: APPID,
          coupon_state: "EXPIRED"
        })
        expect(expired.user_coupon_list?.map((c) => c.coupon_code)).toContain(ids.coupon_code)
        expect((yield* Effect.flip(use(2)))._tag).toBe("NotEnough")
      }).pipe(Effect.provide(brand()))
  )

  it.live("an expired 多次优惠 bundle is not deactivated (失效用户商品券组 sees the state as of the clock)", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.SandboxGateway
      const { ids, sent, created } = yield* createAndSend(createBundle, "SEND_BUNDLE_EXPIRED_1")
      yield* ProductCoupon.confirmSendUserProductCoupon({ ...ids, out_request_no: "CONFIRM_BUNDLE_EXP_1" })
      // The fixture's stocks are valid for 90 days from now.
      yield* sandbox.advanceTime("91 days")
      expect((yield* ProductCoupon.getUserProductCoupon(ids)).coupon_state).toBe("EXPIRED")
      const refused = yield* Effect.flip(
        ProductCoupon.deactivateUserProductCouponBundle({
          openid: OPENID,
          appid: APPID,
          product_coupon_id: created.product_coupon_id,
          stock_bundle_id: created.stock_bundle!.stock_bundle_id,
          user_coupon_bundle_id: sent.user_product_coupon_bundle_info!.user_coupon_bundle_id!,
          out_request_no: "DEACTIVATE_BUNDLE_EXP_1",
          deactivate_reason: "活动结束"
        })
      )
      expect(refused._tag).toBe("InvalidRequest")
    }).pipe(Effect.provide(brand()))
  )

  it.live("the user deletes a coupon (Sandbox.deleteUserProductCoupon): DELETED, listed so, and no call moves it", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.SandboxGateway
      const { ids } = yield* createAndSend(createSingle, "SEND_DELETED_0001")
      yield* ProductCoupon.confirmSendUserProductCoupon({ ...ids, out_request_no: "CONFIRM_DELETED_1" })
      yield* sandbox.deleteUserProductCoupon({ openid: OPENID, coupon_code: ids.coupon_code })
      expect((yield* ProductCoupon.getUserProductCoupon(ids)).coupon_state).toBe("DELETED")
      const deleted = yield* ProductCoupon.listUserProductCoupons({
        openid: OPENID,
        appid: APPID,
        coupon_state: "DELETED"
      })
      expect(deleted.user_coupon_list?.map((c) => c.coupon_code)).toEqual([ids.coupon_code])
      const use = yield* Effect.flip(
        ProductCoupon.useUserProductCoupon({
          ...ids,
          use_time: "2026-03-01T12:00:00+08:00",
          out_request_no: "USE_DELETED_0001",
          associated_order_info: order
        })
      )
      expect(use._tag).toBe("NotEnough")
      const deactivate = yield* Effect.flip(
        ProductCoupon.deactivateUserProductCoupon({
          ...ids,
          out_request_no: "DEACTIVATE_DELETED_1",
          deactivate_reason: "用户已删除"
        })
      )
      expect(deactivate._tag).toBe("InvalidRequest")
      // Deleted twice: the sandbox says the test is wrong.
      const twice = yield* Effect.exit(
        sandbox.deleteUserProductCoupon({ openid: OPENID, coupon_code: ids.coupon_code })
      )
      expect(twice._tag).toBe("Failure")
    }).pipe(Effect.provide(brand()))
  )

  it.live("the same request number answers the first result again (send and confirm are idempotent)", () =>
    Effect.gen(function* () {
      const { ids, created } = yield* createAndSend(createSingle, "SEND_20260301_0003")
      const resent = yield* ProductCoupon.sendUserProductCoupon({
        openid: OPENID,
        product_coupon_id: created.product_coupon_id,
        stock_id: ids.stock_id,
        appid: APPID,
        send_request_no: "SEND_20260301_0003"
      })
      expect(resent.coupon_code).toBe(ids.coupon_code)
      const first = yield* ProductCoupon.confirmSendUserProductCoupon({ ...ids, out_request_no: "CONFIRM_0003" })
      const second = yield* ProductCoupon.confirmSendUserProductCoupon({ ...ids, out_request_no: "CONFIRM_0003" })
      expect(second.confirm_time).toBe(first.confirm_time)
    }).pipe(Effect.provide(brand()))
  )

  it.live("a 多次优惠 coupon is used count times: EFFECTIVE with used_count 1, 2, then USED", () =>
    Effect.gen(function* () {
      const { ids, created } = yield* createAndSend(createBundle, "SEND_20260301_0010")
      expect(created.usage_mode).toBe("PROGRESSIVE_BUNDLE")
      // One stock per rule of the bundle's list ("依次创建批次放入批次组"): the example has three.
      expect(created.stock_bundle?.stock_list?.map((s) => s.stock_bundle_info?.stock_bundle_index)).toStrictEqual([
        0, 1, 2
      ])
      yield* ProductCoupon.confirmSendUserProductCoupon({ ...ids, out_request_no: "CONFIRM_0010" })
      const states: Array<[string, number | undefined]> = []
      for (const round of [1, 2, 3]) {
        const used = yield* ProductCoupon.useUserProductCoupon({
          ...ids,
          use_time: "2026-03-01T12:00:00+08:00",
          out_request_no: `USE_0010_${round}`,
          associated_order_info: order
        })
        states.push([used.coupon_state, used.user_product_coupon_bundle_info?.used_count])
      }
      expect(states).toStrictEqual([
        ["EFFECTIVE", 1],
        ["EFFECTIVE", 2],
        ["USED", 3]
      ])
      const over = yield* Effect.flip(
        ProductCoupon.useUserProductCoupon({
          ...ids,
          use_time: "2026-03-01T12:00:00+08:00",
          out_request_no: "USE_0010_4",
          associated_order_info: order
        })
      )
      expect(over._tag).toBe("NotEnough")
    }).pipe(Effect.provide(brand()))
  )

  it.live("deactivate: an EFFECTIVE coupon becomes DEACTIVATED with the reason; a second deactivate is refused", () =>
    Effect.gen(function* () {
      const { ids } = yield* createAndSend(createSingle, "SEND_20260301_0020")
      yield* ProductCoupon.confirmSendUserProductCoupon({ ...ids, out_request_no: "CONFIRM_0020" })
      const deactivated = yield* ProductCoupon.deactivateUserProductCoupon({
        ...ids,
        out_request_no: "DEACTIVATE_0020",
        deactivate_reason: "活动下线"
      })
      expect(deactivated.coupon_state).toBe("DEACTIVATED")
      expect(deactivated.deactivate_reason).toBe("活动下线")
      const again = yield* Effect.flip(
        ProductCoupon.deactivateUserProductCoupon({ ...ids, out_request_no: "DEACTIVATE_0021", deactivate_reason: "x" })
      )
      expect(again._tag).toBe("InvalidRequest")
      const missing = yield* Effect.flip(ProductCoupon.getUserProductCoupon({ ...ids, coupon_code: "NOSUCHCODE" }))
      expect(missing._tag).toBe("NotFound")
    }).pipe(Effect.provide(brand()))
  )

  it.live("list: filters by state, pages by token; the stream follows the tokens", () =>
    Effect.gen(function* () {
      const sent = []
      for (const n of [1, 2, 3, 4, 5]) sent.push((yield* createAndSend(createSingle, `SEND_LIST_000${n}`)).ids)
      yield* ProductCoupon.confirmSendUserProductCoupon({ ...sent[0]!, out_request_no: "CONFIRM_LIST_1" })
      const first = yield* ProductCoupon.listUserProductCoupons({ openid: OPENID, appid: APPID, page_size: 2 })
      expect(first.total_count).toBe(5)
      expect(first.user_coupon_list?.map((c) => c.coupon_code)).toStrictEqual(
        sent.slice(0, 2).map((ids) => ids.coupon_code)
      )
      expect(first.next_page_token).toBeDefined()
      const all = yield* Stream.runCollect(
        ProductCoupon.listUserProductCouponsStream({ openid: OPENID, appid: APPID, page_size: 2 })
      )
      expect(Array.from(all).map((c) => c.coupon_code)).toStrictEqual(sent.map((ids) => ids.coupon_code))
      const effective = yield* ProductCoupon.listUserProductCoupons({
        openid: OPENID,
        appid: APPID,
        coupon_state: "EFFECTIVE"
      })
      expect(effective.user_coupon_list?.map((c) => c.coupon_code)).toStrictEqual([sent[0]!.coupon_code])
      expect(effective.next_page_token).toBeUndefined()
    }).pipe(Effect.provide(brand()))
  )
})

describe("商品券 in the sandbox (partner API)", () => {
  it.live("a service provider acts for the brand named by brand_id; another brand sees none of it", () =>
    Effect.gen(function* () {
      const created = yield* PartnerProductCoupon.createProductCoupon({
        ...createSingle,
        brand_id: "120344"
      } as Parameters<typeof PartnerProductCoupon.createProductCoupon>[0])
      const sent = yield* PartnerProductCoupon.sendUserProductCoupon({
        brand_id: "120344",
        openid: OPENID,
        product_coupon_id: created.product_coupon_id,
        stock_id: created.stock!.stock_id,
        appid: APPID,
        send_request_no: "PARTNER_SEND_0001"
      })
      const ids = {
        openid: OPENID,
        appid: APPID,
        coupon_code: sent.coupon_code,
        product_coupon_id: created.product_coupon_id,
        stock_id: created.stock!.stock_id
      }
      const confirmed = yield* PartnerProductCoupon.confirmSendUserProductCoupon({
        ...ids,
        brand_id: "120344",
        out_request_no: "PARTNER_CONFIRM_1"
      })
      expect(confirmed.coupon_state).toBe("EFFECTIVE")
      const other = yield* Effect.flip(PartnerProductCoupon.getUserProductCoupon({ ...ids, brand_id: "120345" }))
      expect(other._tag).toBe("NotFound")
      yield* PartnerProductCoupon.setNotifyConfig({ notify_url: "https://isv.example.com/notify" })
      expect((yield* PartnerProductCoupon.getNotifyConfig({})).notify_url).toBe("https://isv.example.com/notify")
    }).pipe(Effect.provide(SandboxClient.layer({ sandbox: { material }, client: { retry: false } })))
  )
})
