/**
 * 商家券 (busifavor, merchant exclusive coupons): stocks and their pre-stored codes, user coupons (send, redeem,
 * return, deactivate, link to orders, list), the event notify URL, marketing subsidies, and the `COUPON.SEND`
 * notification resource.
 *
 * Responses decode what the gateway really sends (docs/sources/wechatpay-v3.md Part 3): numeric strings for integers, `"true"`/`"false"`
 * for booleans, `null` for absent keys, open enums, unknown keys ignored, times kept as sent. A field is required
 * only where every source agrees it is always present (docs/sources/wechatpay-v3.md Q11).
 *
 * @since 0.1.0
 */
import { QueryCoupon, QueryStock } from "./internal/busifavor/common.js"
import {
  AssociateTradeInfo,
  DeactivateCoupon,
  DisassociateTradeInfo,
  GetCouponNotify,
  ListCouponsByFilter,
  ReturnCoupon,
  SendCoupon,
  SendGovCard,
  SetCouponNotify,
  UseCoupon
} from "./internal/busifavor/coupons.js"
import {
  CouponCodeInfo,
  CreateStock,
  DeleteCouponCode,
  ModifyBudget,
  ModifyStockInfo,
  QueryCouponCodeList,
  UploadCouponCode
} from "./internal/busifavor/stocks.js"
import {
  PayReceiptInfo,
  PayReceiptList,
  ReturnReceiptInfo,
  SubsidyPay,
  SubsidyReturn
} from "./internal/busifavor/subsidy.js"

/**
 * The schemas shared by the family, and its first endpoints.
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/common.js"
/**
 * User coupons: redeem, list by filter, return, deactivate, link to orders, send, consumer cards, and the event
 * notify URL.
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/coupons.js"
/**
 * 领券事件回调通知 (`COUPON.SEND`): the decrypted notification resource.
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/notification.js"
/**
 * Batches and their uploaded codes: create (创建商家券), modify (修改商家券基本信息, 修改批次预算), upload, list, read and
 * delete pre-stored codes (上传预存code, 查询预存code列表, 查询预存code详情, 删除预存code).
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/stocks.js"

/**
 * 营销补差: subsidy payments and returns between merchants for redeemed coupons, and their receipts.
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/subsidy.js"

/**
 * Every 商家券 endpoint, in docs order.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [
  CreateStock,
  QueryStock,
  ModifyStockInfo,
  ModifyBudget,
  UploadCouponCode,
  QueryCouponCodeList,
  CouponCodeInfo,
  DeleteCouponCode,
  UseCoupon,
  ListCouponsByFilter,
  QueryCoupon,
  ReturnCoupon,
  DeactivateCoupon,
  AssociateTradeInfo,
  DisassociateTradeInfo,
  SendCoupon,
  SendGovCard,
  SetCouponNotify,
  GetCouponNotify,
  SubsidyPay,
  PayReceiptList,
  PayReceiptInfo,
  SubsidyReturn,
  ReturnReceiptInfo
] as const
