/**
 * 商品券 (product coupons), partner API (支持商户:【普通服务商】): the `/v3/marketing/partner/product-coupon/…` endpoints a
 * service provider calls for an authorised brand, with its own merchant credentials (`WECHATPAY2-SHA256-RSA2048`) and
 * the brand in `brand_id` (query of a GET, body otherwise; the notify URL and the image upload belong to the service
 * provider and take none). The operations are those of the brand API (`ProductCoupon`).
 *
 * The partner pages exist in two revisions, 2025.09.02 and 2025.11.07 (some pages were updated again on 2025.10.21
 * and 2025.11.20, when the stock bundle pages appeared); the descriptors follow the newest page read. What changed
 * from 2025.09.02 to 2025.11.07:
 *
 * - 创建商品券: the 多次优惠 mode `SEQUENTIAL` (`sequential_usage_info`: rule type, at most 15 uses, 3–365 days, 0–7
 *   days apart) became `PROGRESSIVE_BUNDLE` (`progressive_bundle_usage_info`: 3–15 uses, 0–7 days apart, with a
 *   `stock_bundle` of one stock per use); `single_usage_info` became optional (a 全场券's rule only); the rate limit
 *   20/s (was 1000/min) and a notify URL must be set first.
 * - 核销用户商品券: `associated_order_info` was required; now exactly one of it and `associated_pay_score_order_info`
 *   (a 微信支付分 order), an optional `store_id`, and `sequential_coupon_index` is gone.
 * - 指定券状态查询用户商品券列表: the `user_coupon_bundle_id` filter.
 * - 查询用户商品券详情, 确认发放用户商品券: wording and links only, in what could be read.
 *
 * The pages' 业务错误码 tables could not be read: each endpoint documents the 公共错误码, `NO_AUTH` for a brand that
 * has not authorised the service provider, and the 429 (`errorsFrom: "family"`).
 *
 * @since 0.2.0
 */
import {
  AssociateStoresForStockBundle as AssociateStoresForStockBundlePair,
  AssociateStoresForStockBundleRequests,
  CreateStockBundle as CreateStockBundlePair,
  CreateStockBundleRequests,
  DisassociateStoresForStockBundle as DisassociateStoresForStockBundlePair,
  DisassociateStoresForStockBundleRequests,
  UpdateStockBundleBudget as UpdateStockBundleBudgetPair,
  UpdateStockBundleBudgetRequests,
  UpdateStockBundle as UpdateStockBundlePair,
  UpdateStockBundleRequests
} from "./internal/productCoupon/bundles.js"
import { PartnerErrors } from "./internal/productCoupon/define.js"
import {
  CreateProductCouponErrors as CreateProductCouponErrorTables,
  CreateProductCoupon as CreateProductCouponPair,
  CreateProductCouponRequests,
  DeactivateProductCoupon as DeactivateProductCouponPair,
  DeactivateProductCouponRequests,
  GetProductCoupon as GetProductCouponPair,
  GetProductCouponRequests,
  UpdateProductCoupon as UpdateProductCouponPair,
  UpdateProductCouponRequests
} from "./internal/productCoupon/productCoupons.js"
import {
  GetNotifyConfig as GetNotifyConfigPair,
  GetNotifyConfigRequests,
  SetNotifyConfig as SetNotifyConfigPair,
  SetNotifyConfigRequests,
  UploadImage as UploadImagePair,
  UploadImageRequests
} from "./internal/productCoupon/settings.js"
import {
  AssociateStores as AssociateStoresPair,
  AssociateStoresRequests,
  CreateStock as CreateStockPair,
  CreateStockRequests,
  DeactivateStock as DeactivateStockPair,
  DeactivateStockRequests,
  DisassociateStores as DisassociateStoresPair,
  DisassociateStoresRequests,
  GetStock as GetStockPair,
  GetStockRequests,
  ListAssociatedStores as ListAssociatedStoresPair,
  ListAssociatedStoresRequests,
  ListStocks as ListStocksPair,
  ListStocksRequests,
  UpdateStockBudget as UpdateStockBudgetPair,
  UpdateStockBudgetRequests,
  UpdateStock as UpdateStockPair,
  UpdateStockRequests,
  UploadCouponCodes as UploadCouponCodesPair,
  UploadCouponCodesRequests
} from "./internal/productCoupon/stocks.js"
import {
  ConfirmSendUserProductCoupon as ConfirmSendUserProductCouponPair,
  ConfirmSendUserProductCouponRequests,
  DeactivateUserProductCouponBundle as DeactivateUserProductCouponBundlePair,
  DeactivateUserProductCouponBundleRequests,
  DeactivateUserProductCoupon as DeactivateUserProductCouponPair,
  DeactivateUserProductCouponRequests,
  GetUserProductCoupon as GetUserProductCouponPair,
  GetUserProductCouponRequests,
  ListUserProductCoupons as ListUserProductCouponsPair,
  ListUserProductCouponsRequests,
  PreSendUserProductCoupon as PreSendUserProductCouponPair,
  PreSendUserProductCouponRequests,
  ReturnUserProductCoupon as ReturnUserProductCouponPair,
  ReturnUserProductCouponRequests,
  SendUserProductCouponBundle as SendUserProductCouponBundlePair,
  SendUserProductCouponBundleRequests,
  SendUserProductCoupon as SendUserProductCouponPair,
  SendUserProductCouponRequests,
  UseUserProductCoupon as UseUserProductCouponPair,
  UseUserProductCouponRequests
} from "./internal/productCoupon/userCoupons.js"

/**
 * The request texts and ids, enums, request parts and response entities the 商品券 endpoints share.
 *
 * @since 0.2.0
 */
export * from "./internal/productCoupon/common.js"

/**
 * 商品券回调通知 (`PRODUCT_COUPON.SEND`, `PRODUCT_COUPON_SP.SEND`): the decrypted notification resource.
 *
 * @since 0.2.0
 */
export * from "./internal/productCoupon/notification.js"

/**
 * Responses of the productCoupons endpoints.
 *
 * @since 0.2.0
 * @category responses
 */
export { CreateProductCouponResponse } from "./internal/productCoupon/productCoupons.js"
/**
 * Responses of the settings endpoints.
 *
 * @since 0.2.0
 * @category responses
 */
export { NotifyConfigResponse, UploadImageResponse } from "./internal/productCoupon/settings.js"
/**
 * Responses of the stocks endpoints.
 *
 * @since 0.2.0
 * @category responses
 */
export {
  FailedCouponCode,
  ListAssociatedStoresResponse,
  ListStocksResponse,
  UploadCouponCodesResponse
} from "./internal/productCoupon/stocks.js"
/**
 * Responses of the userCoupons endpoints.
 *
 * @since 0.2.0
 * @category responses
 */
export {
  ListUserProductCouponsResponse,
  PreSendUserProductCouponResponse,
  UserCouponBundleResponse
} from "./internal/productCoupon/userCoupons.js"

/**
 * The documented errors of every partner 商品券 endpoint: the 公共错误码, `NO_AUTH` and the 429.
 *
 * @since 0.2.0
 * @category errors
 */
export const Errors = PartnerErrors

/**
 * 创建商品券 documented errors: the family table, `INVALID_REQUEST` 请求不符合业务规则 and `ALREADY_EXISTS` 商品券已存在.
 *
 * @since 0.2.0
 * @category errors
 */
export const CreateProductCouponErrors = CreateProductCouponErrorTables.partner

/**
 * 创建商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const CreateProductCouponRequest = CreateProductCouponRequests.partner

/**
 * The type of `CreateProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type CreateProductCouponRequest = typeof CreateProductCouponRequest.Type

/**
 * 创建商品券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const CreateProductCoupon = CreateProductCouponPair.partner

/**
 * 查询商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetProductCouponRequest = GetProductCouponRequests.partner

/**
 * The type of `GetProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type GetProductCouponRequest = typeof GetProductCouponRequest.Type

/**
 * 查询商品券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetProductCoupon = GetProductCouponPair.partner

/**
 * 修改商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateProductCouponRequest = UpdateProductCouponRequests.partner

/**
 * The type of `UpdateProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateProductCouponRequest = typeof UpdateProductCouponRequest.Type

/**
 * 修改商品券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateProductCoupon = UpdateProductCouponPair.partner

/**
 * 失效商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateProductCouponRequest = DeactivateProductCouponRequests.partner

/**
 * The type of `DeactivateProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DeactivateProductCouponRequest = typeof DeactivateProductCouponRequest.Type

/**
 * 失效商品券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateProductCoupon = DeactivateProductCouponPair.partner

/**
 * 添加商品券批次 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const CreateStockRequest = CreateStockRequests.partner

/**
 * The type of `CreateStockRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type CreateStockRequest = typeof CreateStockRequest.Type

/**
 * 添加商品券批次 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const CreateStock = CreateStockPair.partner

/**
 * 查询商品券批次列表 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListStocksRequest = ListStocksRequests.partner

/**
 * The type of `ListStocksRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ListStocksRequest = typeof ListStocksRequest.Type

/**
 * 查询商品券批次列表 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ListStocks = ListStocksPair.partner

/**
 * 查询商品券指定批次 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetStockRequest = GetStockRequests.partner

/**
 * The type of `GetStockRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type GetStockRequest = typeof GetStockRequest.Type

/**
 * 查询商品券指定批次 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetStock = GetStockPair.partner

/**
 * 修改商品券批次 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockRequest = UpdateStockRequests.partner

/**
 * The type of `UpdateStockRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateStockRequest = typeof UpdateStockRequest.Type

/**
 * 修改商品券批次 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStock = UpdateStockPair.partner

/**
 * 修改商品券批次发放预算 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockBudgetRequest = UpdateStockBudgetRequests.partner

/**
 * The type of `UpdateStockBudgetRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateStockBudgetRequest = typeof UpdateStockBudgetRequest.Type

/**
 * 修改商品券批次发放预算 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStockBudget = UpdateStockBudgetPair.partner

/**
 * 失效商品券批次 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateStockRequest = DeactivateStockRequests.partner

/**
 * The type of `DeactivateStockRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DeactivateStockRequest = typeof DeactivateStockRequest.Type

/**
 * 失效商品券批次 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateStock = DeactivateStockPair.partner

/**
 * 批次关联门店 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const AssociateStoresRequest = AssociateStoresRequests.partner

/**
 * The type of `AssociateStoresRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type AssociateStoresRequest = typeof AssociateStoresRequest.Type

/**
 * 批次关联门店 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const AssociateStores = AssociateStoresPair.partner

/**
 * 批次取消关联门店 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DisassociateStoresRequest = DisassociateStoresRequests.partner

/**
 * The type of `DisassociateStoresRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DisassociateStoresRequest = typeof DisassociateStoresRequest.Type

/**
 * 批次取消关联门店 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DisassociateStores = DisassociateStoresPair.partner

/**
 * 查询批次关联门店列表 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListAssociatedStoresRequest = ListAssociatedStoresRequests.partner

/**
 * The type of `ListAssociatedStoresRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ListAssociatedStoresRequest = typeof ListAssociatedStoresRequest.Type

/**
 * 查询批次关联门店列表 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ListAssociatedStores = ListAssociatedStoresPair.partner

/**
 * 预上传券Code request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UploadCouponCodesRequest = UploadCouponCodesRequests.partner

/**
 * The type of `UploadCouponCodesRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UploadCouponCodesRequest = typeof UploadCouponCodesRequest.Type

/**
 * 预上传券Code (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UploadCouponCodes = UploadCouponCodesPair.partner

/**
 * 添加商品券批次组 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const CreateStockBundleRequest = CreateStockBundleRequests.partner

/**
 * The type of `CreateStockBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type CreateStockBundleRequest = typeof CreateStockBundleRequest.Type

/**
 * 添加商品券批次组 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const CreateStockBundle = CreateStockBundlePair.partner

/**
 * 修改商品券批次组 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockBundleRequest = UpdateStockBundleRequests.partner

/**
 * The type of `UpdateStockBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateStockBundleRequest = typeof UpdateStockBundleRequest.Type

/**
 * 修改商品券批次组 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStockBundle = UpdateStockBundlePair.partner

/**
 * 修改商品券批次组发放预算 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockBundleBudgetRequest = UpdateStockBundleBudgetRequests.partner

/**
 * The type of `UpdateStockBundleBudgetRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateStockBundleBudgetRequest = typeof UpdateStockBundleBudgetRequest.Type

/**
 * 修改商品券批次组发放预算 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStockBundleBudget = UpdateStockBundleBudgetPair.partner

/**
 * 批次组批量关联门店 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const AssociateStoresForStockBundleRequest = AssociateStoresForStockBundleRequests.partner

/**
 * The type of `AssociateStoresForStockBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type AssociateStoresForStockBundleRequest = typeof AssociateStoresForStockBundleRequest.Type

/**
 * 批次组批量关联门店 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const AssociateStoresForStockBundle = AssociateStoresForStockBundlePair.partner

/**
 * 批次组批量取消关联门店 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DisassociateStoresForStockBundleRequest = DisassociateStoresForStockBundleRequests.partner

/**
 * The type of `DisassociateStoresForStockBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DisassociateStoresForStockBundleRequest = typeof DisassociateStoresForStockBundleRequest.Type

/**
 * 批次组批量取消关联门店 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DisassociateStoresForStockBundle = DisassociateStoresForStockBundlePair.partner

/**
 * 向用户发放商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const SendUserProductCouponRequest = SendUserProductCouponRequests.partner

/**
 * The type of `SendUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type SendUserProductCouponRequest = typeof SendUserProductCouponRequest.Type

/**
 * 向用户发放商品券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const SendUserProductCoupon = SendUserProductCouponPair.partner

/**
 * 向用户预发放商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const PreSendUserProductCouponRequest = PreSendUserProductCouponRequests.partner

/**
 * The type of `PreSendUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type PreSendUserProductCouponRequest = typeof PreSendUserProductCouponRequest.Type

/**
 * 向用户预发放商品券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const PreSendUserProductCoupon = PreSendUserProductCouponPair.partner

/**
 * 确认发放用户商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ConfirmSendUserProductCouponRequest = ConfirmSendUserProductCouponRequests.partner

/**
 * The type of `ConfirmSendUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ConfirmSendUserProductCouponRequest = typeof ConfirmSendUserProductCouponRequest.Type

/**
 * 确认发放用户商品券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ConfirmSendUserProductCoupon = ConfirmSendUserProductCouponPair.partner

/**
 * 核销用户商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UseUserProductCouponRequest = UseUserProductCouponRequests.partner

/**
 * The type of `UseUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UseUserProductCouponRequest = typeof UseUserProductCouponRequest.Type

/**
 * 核销用户商品券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UseUserProductCoupon = UseUserProductCouponPair.partner

/**
 * 查询用户商品券详情 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetUserProductCouponRequest = GetUserProductCouponRequests.partner

/**
 * The type of `GetUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type GetUserProductCouponRequest = typeof GetUserProductCouponRequest.Type

/**
 * 查询用户商品券详情 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetUserProductCoupon = GetUserProductCouponPair.partner

/**
 * 指定券状态查询用户商品券列表 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListUserProductCouponsRequest = ListUserProductCouponsRequests.partner

/**
 * The type of `ListUserProductCouponsRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ListUserProductCouponsRequest = typeof ListUserProductCouponsRequest.Type

/**
 * 指定券状态查询用户商品券列表 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ListUserProductCoupons = ListUserProductCouponsPair.partner

/**
 * 失效用户商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateUserProductCouponRequest = DeactivateUserProductCouponRequests.partner

/**
 * The type of `DeactivateUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DeactivateUserProductCouponRequest = typeof DeactivateUserProductCouponRequest.Type

/**
 * 失效用户商品券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateUserProductCoupon = DeactivateUserProductCouponPair.partner

/**
 * 退券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ReturnUserProductCouponRequest = ReturnUserProductCouponRequests.partner

/**
 * The type of `ReturnUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ReturnUserProductCouponRequest = typeof ReturnUserProductCouponRequest.Type

/**
 * 退券 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ReturnUserProductCoupon = ReturnUserProductCouponPair.partner

/**
 * 向用户发放商品券批次组 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const SendUserProductCouponBundleRequest = SendUserProductCouponBundleRequests.partner

/**
 * The type of `SendUserProductCouponBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type SendUserProductCouponBundleRequest = typeof SendUserProductCouponBundleRequest.Type

/**
 * 向用户发放商品券批次组 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const SendUserProductCouponBundle = SendUserProductCouponBundlePair.partner

/**
 * 失效用户商品券组 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateUserProductCouponBundleRequest = DeactivateUserProductCouponBundleRequests.partner

/**
 * The type of `DeactivateUserProductCouponBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DeactivateUserProductCouponBundleRequest = typeof DeactivateUserProductCouponBundleRequest.Type

/**
 * 失效用户商品券组 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateUserProductCouponBundle = DeactivateUserProductCouponBundlePair.partner

/**
 * 设置商品券事件通知地址 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const SetNotifyConfigRequest = SetNotifyConfigRequests.partner

/**
 * The type of `SetNotifyConfigRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type SetNotifyConfigRequest = typeof SetNotifyConfigRequest.Type

/**
 * 设置商品券事件通知地址 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const SetNotifyConfig = SetNotifyConfigPair.partner

/**
 * 获取商品券事件通知地址 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetNotifyConfigRequest = GetNotifyConfigRequests.partner

/**
 * The type of `GetNotifyConfigRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type GetNotifyConfigRequest = typeof GetNotifyConfigRequest.Type

/**
 * 获取商品券事件通知地址 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetNotifyConfig = GetNotifyConfigPair.partner

/**
 * 图片上传 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UploadImageRequest = UploadImageRequests.partner

/**
 * The type of `UploadImageRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UploadImageRequest = typeof UploadImageRequest.Type

/**
 * 图片上传 (partner API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UploadImage = UploadImagePair.partner

/**
 * Every partner 商品券 endpoint, in docs order.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [
  CreateProductCoupon,
  GetProductCoupon,
  UpdateProductCoupon,
  DeactivateProductCoupon,
  CreateStock,
  ListStocks,
  GetStock,
  UpdateStock,
  UpdateStockBudget,
  DeactivateStock,
  AssociateStores,
  DisassociateStores,
  ListAssociatedStores,
  UploadCouponCodes,
  CreateStockBundle,
  UpdateStockBundle,
  UpdateStockBundleBudget,
  AssociateStoresForStockBundle,
  DisassociateStoresForStockBundle,
  SendUserProductCoupon,
  PreSendUserProductCoupon,
  ConfirmSendUserProductCoupon,
  UseUserProductCoupon,
  GetUserProductCoupon,
  ListUserProductCoupons,
  DeactivateUserProductCoupon,
  ReturnUserProductCoupon,
  SendUserProductCouponBundle,
  DeactivateUserProductCouponBundle,
  SetNotifyConfig,
  GetNotifyConfig,
  UploadImage
] as const
