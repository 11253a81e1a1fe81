/**
 * 商家券 (busifavor, merchant exclusive coupons): query a batch (查询商家券批次详情) and query one user coupon
 * (查询用户单张券详情).
 *
 * Responses decode what the gateway really sends (spec Part 3): numeric strings for integers, `"true"`/`"false"`
 * for booleans, `null` for absent keys, open enums, unknown keys ignored, times kept as sent. A field is required
 * only where every source agrees it is always present (spec Q11).
 *
 * @since 0.1.0
 */
import { QueryCoupon, QueryStock } from "./internal/busifavor/common.js"
import {
  CouponCodeInfo,
  CreateStock,
  DeleteCouponCode,
  ModifyBudget,
  ModifyStockInfo,
  QueryCouponCodeList,
  UploadCouponCode
} from "./internal/busifavor/stocks.js"

/**
 * The schemas shared by the family, and its first endpoints.
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/common.js"

/**
 * Batches and their uploaded codes: create (创建商家券), modify (修改商家券基本信息, 修改批次预算), upload, list, read and
 * delete pre-stored codes (上传预存code, 查询预存code列表, 查询预存code详情, 删除预存code).
 *
 * @since 0.1.0
 */
export * from "./internal/busifavor/stocks.js"

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
  QueryCoupon
] as const
