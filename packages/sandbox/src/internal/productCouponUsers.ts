/**
 * 商品券 behaviours on the user side, for the brand API and the partner API alike: 向用户预发放商品券 (a token for the
 * 领券组件), 退券 (a transition of `COUPON_TRANSITIONS`), 向用户发放商品券批次组 and 失效用户商品券组 (多次优惠, kept as
 * one coupon used `count` times, see `productCoupon.ts`), and the family's image upload. A send obeys the same rules as
 * 向用户发放商品券 (`sendable`: the stock's state, code mode, budgets and uploaded codes).
 *
 * @internal
 */
import { createHash } from "node:crypto"
import * as PartnerProductCoupon from "@effect-wechatpay/schema/PartnerProductCoupon"
import * as ProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { behaviour, type Outcome, ok } from "./behaviour.js"
import { imageUpload } from "./favorFiles.js"
import { COUPON_TRANSITIONS, transition, type UserCouponRecord, type UserCouponWire } from "./productCoupon.js"
import {
  asOf,
  brandOf,
  bundleStocksOf,
  invalid,
  issue,
  NOT_SENDING,
  notFound,
  productCouponOf,
  sendable,
  stockOf
} from "./productCouponRules.js"
import { beijingTime } from "./protocol.js"
import { type GatewayState, withProductCoupon } from "./state.js"

type BundleResponseWire = typeof ProductCoupon.UserCouponBundleResponse.Encoded

/** Builds the behaviours of one family: the brand API's descriptors or the partner API's. */
const family = (api: typeof ProductCoupon | typeof PartnerProductCoupon, partner: boolean) => ({
  /**
   * 向用户预发放商品券 (https://pay.weixin.qq.com/doc/brand/4016416620): the checks of a send ("能否发放受限于商品券批次
   * 的发放限额", "商品券批次处于 SENDING 状态", the code mode), nothing sent, and a token for the 领券组件. "当用户已领取
   * 过时使用相同参数获取的token拉起的领券组件会返回已领取状态": the token is a digest of the parameters, so the same
   * parameters give the same token. A 多次优惠 stock is refused as on 向用户发放商品券 (our reading: the token sends one
   * coupon of one stock). An `UPLOAD` stock must have a code left; none is taken until a coupon is sent.
   */
  preSendUserProductCoupon: behaviour(api.PreSendUserProductCoupon, (request, context) =>
    Effect.map(
      Ref.get(context.state),
      (current): Outcome<typeof ProductCoupon.PreSendUserProductCouponResponse.Encoded> => {
        const brandId = brandOf(request, context, partner)
        const product = productCouponOf(current, brandId, request.product_coupon_id)
        const now = context.config.now()
        const stock = stockOf(current, brandId, request.product_coupon_id, request.stock_id, now)
        if (product === undefined || stock === undefined)
          return product === undefined ? notFound.product : notFound.stock
        if (product.usage_mode === "PROGRESSIVE_BUNDLE") return invalid("多次优惠批次请使用向用户发放商品券批次组")
        const allowed = sendable(current, brandId, product, stock, request, now, false)
        if ("_tag" in allowed) return allowed
        const token = createHash("sha256")
          .update(JSON.stringify([brandId, request.openid, request.appid, request.stock_id, request.send_request_no]))
          .digest("base64url")
        return ok({ token: `SBXPRESEND_${token}` })
      }
    )
  ),
  /** 退券: see `COUPON_TRANSITIONS.return`; the return is stamped on the usage detail of the round it gives back. */
  returnUserProductCoupon: behaviour(
    api.ReturnUserProductCoupon,
    transition("return", partner, (request, coupon, time) => {
      const stamp = { return_request_no: request.out_request_no, return_time: time }
      const round = coupon.user_product_coupon_bundle_info
      if (round == null) return { ...coupon, single_usage_detail: { ...coupon.single_usage_detail, ...stamp } }
      const usedCount = Number(round.used_count ?? 0) - 1
      return {
        ...coupon,
        progressive_bundle_usage_detail: { ...coupon.progressive_bundle_usage_detail, ...stamp },
        user_product_coupon_bundle_info: { ...round, used_count: usedCount, user_coupon_bundle_index: usedCount }
      }
    })
  ),
  /**
   * 向用户发放商品券批次组 (https://pay.weixin.qq.com/doc/v3/partner/4016280664): a 多次优惠 bundle sent to a user
   * (`CONFIRMING`, as any send); every stock of the bundle must be `SENDING`, and the first one's budget and code mode
   * decide (the bundle's budgets change together). The request has no `coupon_code`, so an `API_ASSIGN` bundle is
   * refused.
   */
  sendUserProductCouponBundle: behaviour(api.SendUserProductCouponBundle, (request, context) =>
    Ref.modify(context.state, (start): [Outcome<BundleResponseWire>, GatewayState] => {
      const brandId = brandOf(request, context, partner)
      const product = productCouponOf(start, brandId, request.product_coupon_id)
      const stocks = bundleStocksOf(
        start,
        brandId,
        request.product_coupon_id,
        request.stock_bundle_id,
        context.config.now()
      )
      const first = stocks[0]
      if (product === undefined || first === undefined)
        return [product === undefined ? notFound.product : notFound.bundle, start]
      if (stocks.some((stock) => stock.state !== "SENDING")) return [invalid(NOT_SENDING), start]
      const issued = issue(start, context, partner, brandId, product, first, request)
      if ("_tag" in issued) return [issued, start]
      const [coupon, current] = issued
      return [
        ok({
          user_coupon_bundle_id: coupon.user_product_coupon_bundle_info?.user_coupon_bundle_id ?? "",
          user_product_coupon_list: [coupon]
        }),
        current
      ]
    })
  ),
  /**
   * 失效用户商品券组 (https://pay.weixin.qq.com/doc/v3/partner/4016280658): "将用户商品券组内的所有商品券同步失效", by the
   * rule of 失效用户商品券 (`COUPON_TRANSITIONS.deactivate`): a bundle already used up or deactivated is refused.
   */
  deactivateUserProductCouponBundle: behaviour(api.DeactivateUserProductCouponBundle, (request, context) =>
    Ref.modify(context.state, (start): [Outcome<BundleResponseWire>, GatewayState] => {
      const brandId = brandOf(request, context, partner)
      const held = [...start.productCoupon.userCoupons.entries()].filter(
        ([, record]) =>
          record.brandId === brandId &&
          record.openid === request.openid &&
          record.appid === request.appid &&
          record.coupon.user_product_coupon_bundle_info?.user_coupon_bundle_id === request.user_coupon_bundle_id &&
          record.coupon.product_coupon?.product_coupon_id === request.product_coupon_id &&
          record.coupon.stock?.stock_bundle_info?.stock_bundle_id === request.stock_bundle_id
      )
      if (held.length === 0) return [notFound.coupon, start]
      const rule = COUPON_TRANSITIONS.deactivate
      const now = context.config.now()
      // The states as of the clock (`asOf`), as 失效用户商品券 sees them: an expired coupon is not deactivated.
      if (
        held.some(([, record]) => !(rule.from as ReadonlyArray<string>).includes(asOf(record.coupon, now).coupon_state))
      ) {
        return [invalid(rule.refuse), start]
      }
      const time = beijingTime(now)
      const userCoupons = new Map(start.productCoupon.userCoupons)
      const list: Array<UserCouponWire> = []
      for (const [id, record] of held) {
        const coupon: UserCouponWire = {
          ...record.coupon,
          coupon_state: rule.to,
          deactivate_request_no: request.out_request_no,
          deactivate_time: time,
          deactivate_reason: request.deactivate_reason
        }
        userCoupons.set(id, { ...record, coupon } satisfies UserCouponRecord)
        list.push(coupon)
      }
      return [
        ok({ user_coupon_bundle_id: request.user_coupon_bundle_id, user_product_coupon_list: list }),
        withProductCoupon(start, { userCoupons })
      ]
    })
  ),
  /**
   * 图片上传 (商品券, https://pay.weixin.qq.com/doc/brand/4015736285): the checks of the marketing image upload, a
   * refusal answered with the family's INVALID_REQUEST; the URL in `image_url` (the page's name), for the
   * `display_info` of 创建商品券 and 修改商品券.
   */
  uploadImage: behaviour(
    api.UploadImage,
    imageUpload(invalid, (url) => ({ image_url: url }))
  )
})

/** The brand API's behaviours. @internal */
export const behaviours = family(ProductCoupon, false)

/** The partner API's behaviours. @internal */
export const partnerBehaviours = family(PartnerProductCoupon, true)
