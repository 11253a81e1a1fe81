import { Busifavor, Favor, MediaUpload, type WechatPayClient } from "@effect-wechatpay/api"
import type { Effect } from "effect"
import { Sandbox } from "../../src/index.js"

const { appid, couponCode, mchid, openid, stockId } = Sandbox.defaults

/** A 1×1 PNG (signature, IHDR, IDAT, IEND), valid per the PNG spec. */
export const PNG = Uint8Array.from(
  Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
      "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
    "hex"
  )
)

/**
 * One valid request of each endpoint, in its wire form, with every documented field set except the few listed in
 * `notSent` (fields the page forbids together with another one, or that only apply to a kind of stock the request
 * is not about). Written for the wire tests: the sandbox may answer any of them with an error, the request is what is
 * checked.
 */
export const inputs: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "Busifavor.createStock": {
    ...Sandbox.sampleCreateBusifavorStockRequest("WIRE-BF-CREATE", { now: Date.UTC(2027, 0, 1) }),
    custom_entrance: { code_display_mode: "BARCODE" },
    display_pattern_info: { description: "全场可用", background_color: "Color020" },
    notify_config: { notify_appid: appid },
    subsidy: false
  },
  "Busifavor.queryStock": { stock_id: stockId },
  "Busifavor.modifyStockInfo": {
    stock_id: stockId,
    custom_entrance: { code_display_mode: "QRCODE" },
    stock_name: "满100减10元",
    comment: "改过的备注",
    goods_name: "全场可用",
    out_request_no: "WIRE-BF-MODIFY",
    display_pattern_info: { description: "新说明" },
    coupon_use_rule: { use_method: "OFF_LINE" },
    stock_send_rule: { prevent_api_abuse: true },
    notify_config: { notify_appid: appid },
    subsidy: true
  },
  "Busifavor.modifyBudget": {
    stock_id: stockId,
    target_max_coupons: 200,
    current_max_coupons: 100,
    modify_budget_request_no: "WIRE-BF-BUDGET"
  },
  "Busifavor.uploadCouponCode": {
    stock_id: stockId,
    coupon_code_list: ["WIRECODE0001", "WIRECODE0002"],
    upload_request_no: "WIRE-BF-UPLOAD"
  },
  "Busifavor.queryCouponCodeList": { stock_id: stockId, limit: 10, offset: 0, appid, status: "AVAILABLE" },
  "Busifavor.couponCodeInfo": { stock_id: stockId, coupon_code: "WIRECODE0001", appid },
  "Busifavor.deleteCouponCode": {
    stock_id: stockId,
    coupon_code: "WIRECODE0001",
    delete_request_no: "WIRE-BF-DELETE"
  },
  "Busifavor.useCoupon": {
    coupon_code: couponCode,
    stock_id: stockId,
    appid,
    use_time: "2027-01-02T10:00:00+08:00",
    use_request_no: "WIRE-BF-USE",
    openid,
    out_trade_no: "WIRE-TRADE-1",
    mch_id: mchid,
    transaction_id: "4200000000000000000000000001"
  },
  "Busifavor.listCouponsByFilter": {
    openid,
    appid,
    stock_id: stockId,
    coupon_state: "SENDED",
    creator_merchant: mchid,
    belong_merchant: mchid,
    sender_merchant: mchid,
    offset: 0,
    limit: 10
  },
  "Busifavor.queryCoupon": { openid, coupon_code: couponCode, appid },
  "Busifavor.returnCoupon": { coupon_code: couponCode, stock_id: stockId, return_request_no: "WIRE-BF-RETURN" },
  "Busifavor.deactivateCoupon": {
    coupon_code: couponCode,
    stock_id: stockId,
    deactivate_request_no: "WIRE-BF-DEACTIVATE",
    deactivate_reason: "活动取消"
  },
  "Busifavor.associateTradeInfo": {
    stock_id: stockId,
    coupon_code: couponCode,
    out_trade_no: "WIRE-TRADE-1",
    out_request_no: "WIRE-BF-ASSOCIATE"
  },
  "Busifavor.disassociateTradeInfo": {
    stock_id: stockId,
    coupon_code: couponCode,
    out_trade_no: "WIRE-TRADE-1",
    out_request_no: "WIRE-BF-DISASSOCIATE"
  },
  "Busifavor.sendCoupon": {
    openid,
    appid,
    stock_id: stockId,
    out_request_no: "WIRE-BF-SEND",
    coupon_code: "WIRECODE0003"
  },
  "Busifavor.sendGovCard": {
    card_id: "pIJMr5MMiIkO_93VtPyIiEk2DZ4w",
    appid,
    openid,
    out_request_no: "WIRE-BF-GOVCARD",
    send_time: "2027-01-02T10:00:00+08:00"
  },
  "Busifavor.setCouponNotify": { mchid, notify_url: "https://merchant.example/notify" },
  "Busifavor.getCouponNotify": { mchid },
  "Busifavor.subsidyPay": {
    stock_id: stockId,
    coupon_code: couponCode,
    transaction_id: "4200000000000000000000000001",
    payer_merchant: mchid,
    payee_merchant: "1900000109",
    amount: 100,
    description: "营销补差",
    out_subsidy_no: "WIRE-BF-SUBSIDY"
  },
  "Busifavor.payReceiptList": { stock_id: stockId, coupon_code: couponCode, out_subsidy_no: "WIRE-BF-SUBSIDY" },
  "Busifavor.payReceiptInfo": { subsidy_receipt_id: "1120200119165100000000000001" },
  "Busifavor.subsidyReturn": {
    stock_id: stockId,
    coupon_code: couponCode,
    transaction_id: "4200000000000000000000000001",
    refund_id: "50300000000000000000000000001",
    payer_merchant: "1900000109",
    payee_merchant: mchid,
    amount: 100,
    description: "营销补差回退",
    out_subsidy_return_no: "WIRE-BF-SUBSIDY-RETURN"
  },
  "Busifavor.returnReceiptInfo": { subsidy_return_receipt_id: "1120200119165100000000000002" },

  "Favor.createCouponStock": {
    ...Sandbox.sampleCreateCouponStockRequest("WIRE-F-CREATE"),
    pattern_info: { description: "全场可用" },
    ext_info: '{"channel":"wire"}'
  },
  "Favor.startStock": { stock_id: "9856000", stock_creator_mchid: mchid },
  "Favor.sendCoupon": {
    openid,
    stock_id: "9856000",
    out_request_no: "WIRE-F-SEND",
    appid,
    stock_creator_mchid: mchid,
    coupon_value: 5,
    coupon_minimum: 100
  },
  "Favor.pauseStock": { stock_id: "9856000", stock_creator_mchid: mchid },
  "Favor.restartStock": { stock_id: "9856000", stock_creator_mchid: mchid },
  "Favor.stopStock": { stock_id: "9856000", stock_creator_mchid: mchid },
  "Favor.listStocks": {
    offset: 0,
    limit: 10,
    stock_creator_mchid: mchid,
    create_start_time: "2027-01-01T00:00:00+08:00",
    create_end_time: "2027-01-31T23:59:59+08:00",
    status: "running"
  },
  "Favor.queryStock": { stock_id: "9856000", stock_creator_mchid: mchid },
  "Favor.queryCoupon": { openid, coupon_id: "9867041", appid },
  "Favor.listAvailableMerchants": { stock_id: "9856000", offset: 0, limit: 10, stock_creator_mchid: mchid },
  "Favor.listAvailableSingleitems": { stock_id: "9856000", offset: 0, limit: 10, stock_creator_mchid: mchid },
  "Favor.listCouponsByFilter": {
    openid,
    appid,
    stock_id: "9856000",
    status: "SENDED",
    creator_mchid: mchid,
    sender_mchid: mchid,
    offset: 0,
    limit: 10,
    business_type: "MULTIUSE"
  },
  "Favor.useFlow": { stock_id: "9856000" },
  "Favor.refundFlow": { stock_id: "9856000" },
  "Favor.setCallback": { mchid, notify_url: "https://merchant.example/notify", switch: true },
  "Favor.queryCallback": { mchid },
  // The `meta` part the upload sends for this file.
  "Favor.uploadImage": { filename: "logo.png", sha256: "" }
}

/**
 * Documented fields the inputs above leave out, and why: the wire test checks that every other documented field is
 * sent.
 */
export const notSent: Readonly<Record<string, ReadonlyArray<string>>> = {
  // 修改批次预算: one of target_max_coupons and target_max_coupons_by_day per call.
  "Busifavor.modifyBudget": ["target_max_coupons_by_day", "current_max_coupons_by_day"],
  // 根据商户号查用户的券: available_mchid replaces creator_mchid and sender_mchid (the page: one of the three).
  "Favor.listCouponsByFilter": ["available_mchid"]
}

type Call = (input: Readonly<Record<string, unknown>>) => Effect.Effect<unknown, unknown, WechatPayClient>

const families = { Busifavor, Favor } as unknown as Record<string, Record<string, Call>>

/** The api function a user calls for an endpoint (the image upload: `MediaUpload.uploadImage` with a PNG). */
export const callOf = (name: string): Call => {
  if (name === "Favor.uploadImage") return () => MediaUpload.uploadImage({ filename: "logo.png", bytes: PNG })
  const [family, operation] = name.split(".") as [string, string]
  const call = families[family]?.[operation]
  if (call === undefined) throw new Error(`no api function for ${name}`)
  return call
}
