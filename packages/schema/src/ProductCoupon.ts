/**
 * 商品券 (product coupons), brand API (支持商户:【品牌商户】): the `/brand/marketing/product-coupon/…` endpoints a brand
 * (品牌方) calls with its own credentials. 商品券 is the coupon product WeChat Pay recommends for new work ("商家券后续
 * 不再维护新功能，建议新接入统一使用商品券"): a 商品券 (what is offered: scope, type, display) has stocks (批次: budget,
 * validity, rule, display in the card pack) or, for 多次优惠, stock bundles (批次组: one stock per use), from which
 * coupons are sent to users, confirmed after the 商品券回调通知, redeemed, returned and deactivated.
 *
 * These descriptors carry `auth: "brand"`: WeChat Pay accepts them only signed with the brand scheme
 * (`Authorization: WECHATPAY-BRAND-SHA256-RSA2048 brand_id="…",…`, and `Wechatpay-Serial` set to the brand's WeChat Pay
 * public key id). The client signs with merchant credentials today; the brand credential kind comes in a later
 * release, and until then these endpoints are described here (schemas, limits, errors, rate limits) but not callable.
 * A service provider uses `PartnerProductCoupon`, the same operations with `brand_id` in the request.
 *
 * Sources: the official brand pages (https://pay.weixin.qq.com/doc/brand/…), each descriptor's `docs`; where a brand
 * page could not be read, its partner page (the same request without `brand_id`, as the official WeChat Pay skill
 * states: "品牌直连模式不需要在请求体中传 brand_id"). The pages' 业务错误码 tables could not be read: each endpoint
 * documents the 公共错误码 and the 429 (`errorsFrom: "family"`).
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
import { BrandErrors } from "./internal/productCoupon/define.js"
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
 * The documented errors of every brand 商品券 endpoint: the 公共错误码 and the 429.
 *
 * @since 0.2.0
 * @category errors
 */
export const Errors = BrandErrors

/**
 * 创建商品券 documented errors: the family table, `INVALID_REQUEST` 请求不符合业务规则 and `ALREADY_EXISTS` 商品券已存在.
 *
 * @since 0.2.0
 * @category errors
 */
export const CreateProductCouponErrors = CreateProductCouponErrorTables.brand

/**
 * 创建商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const CreateProductCouponRequest = CreateProductCouponRequests.brand

/**
 * The type of `CreateProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type CreateProductCouponRequest = typeof CreateProductCouponRequest.Type

/**
 * 创建商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const CreateProductCoupon = CreateProductCouponPair.brand

/**
 * 查询商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetProductCouponRequest = GetProductCouponRequests.brand

/**
 * The type of `GetProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type GetProductCouponRequest = typeof GetProductCouponRequest.Type

/**
 * 查询商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetProductCoupon = GetProductCouponPair.brand

/**
 * 修改商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateProductCouponRequest = UpdateProductCouponRequests.brand

/**
 * The type of `UpdateProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateProductCouponRequest = typeof UpdateProductCouponRequest.Type

/**
 * 修改商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateProductCoupon = UpdateProductCouponPair.brand

/**
 * 失效商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateProductCouponRequest = DeactivateProductCouponRequests.brand

/**
 * The type of `DeactivateProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DeactivateProductCouponRequest = typeof DeactivateProductCouponRequest.Type

/**
 * 失效商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateProductCoupon = DeactivateProductCouponPair.brand

/**
 * 添加商品券批次 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const CreateStockRequest = CreateStockRequests.brand

/**
 * The type of `CreateStockRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type CreateStockRequest = typeof CreateStockRequest.Type

/**
 * 添加商品券批次.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const CreateStock = CreateStockPair.brand

/**
 * 查询商品券批次列表 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListStocksRequest = ListStocksRequests.brand

/**
 * The type of `ListStocksRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ListStocksRequest = typeof ListStocksRequest.Type

/**
 * 查询商品券批次列表.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ListStocks = ListStocksPair.brand

/**
 * 查询商品券指定批次 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetStockRequest = GetStockRequests.brand

/**
 * The type of `GetStockRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type GetStockRequest = typeof GetStockRequest.Type

/**
 * 查询商品券指定批次.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetStock = GetStockPair.brand

/**
 * 修改商品券批次 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockRequest = UpdateStockRequests.brand

/**
 * The type of `UpdateStockRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateStockRequest = typeof UpdateStockRequest.Type

/**
 * 修改商品券批次.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStock = UpdateStockPair.brand

/**
 * 修改商品券批次发放预算 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockBudgetRequest = UpdateStockBudgetRequests.brand

/**
 * The type of `UpdateStockBudgetRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateStockBudgetRequest = typeof UpdateStockBudgetRequest.Type

/**
 * 修改商品券批次发放预算.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStockBudget = UpdateStockBudgetPair.brand

/**
 * 失效商品券批次 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateStockRequest = DeactivateStockRequests.brand

/**
 * The type of `DeactivateStockRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DeactivateStockRequest = typeof DeactivateStockRequest.Type

/**
 * 失效商品券批次.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateStock = DeactivateStockPair.brand

/**
 * 批次关联门店 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const AssociateStoresRequest = AssociateStoresRequests.brand

/**
 * The type of `AssociateStoresRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type AssociateStoresRequest = typeof AssociateStoresRequest.Type

/**
 * 批次关联门店.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const AssociateStores = AssociateStoresPair.brand

/**
 * 批次取消关联门店 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DisassociateStoresRequest = DisassociateStoresRequests.brand

/**
 * The type of `DisassociateStoresRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DisassociateStoresRequest = typeof DisassociateStoresRequest.Type

/**
 * 批次取消关联门店.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DisassociateStores = DisassociateStoresPair.brand

/**
 * 查询批次关联门店列表 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListAssociatedStoresRequest = ListAssociatedStoresRequests.brand

/**
 * The type of `ListAssociatedStoresRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ListAssociatedStoresRequest = typeof ListAssociatedStoresRequest.Type

/**
 * 查询批次关联门店列表.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ListAssociatedStores = ListAssociatedStoresPair.brand

/**
 * 预上传券Code request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UploadCouponCodesRequest = UploadCouponCodesRequests.brand

/**
 * The type of `UploadCouponCodesRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UploadCouponCodesRequest = typeof UploadCouponCodesRequest.Type

/**
 * 预上传券Code.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UploadCouponCodes = UploadCouponCodesPair.brand

/**
 * 添加商品券批次组 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const CreateStockBundleRequest = CreateStockBundleRequests.brand

/**
 * The type of `CreateStockBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type CreateStockBundleRequest = typeof CreateStockBundleRequest.Type

/**
 * 添加商品券批次组.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const CreateStockBundle = CreateStockBundlePair.brand

/**
 * 修改商品券批次组 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockBundleRequest = UpdateStockBundleRequests.brand

/**
 * The type of `UpdateStockBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateStockBundleRequest = typeof UpdateStockBundleRequest.Type

/**
 * 修改商品券批次组.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStockBundle = UpdateStockBundlePair.brand

/**
 * 修改商品券批次组发放预算 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateStockBundleBudgetRequest = UpdateStockBundleBudgetRequests.brand

/**
 * The type of `UpdateStockBundleBudgetRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateStockBundleBudgetRequest = typeof UpdateStockBundleBudgetRequest.Type

/**
 * 修改商品券批次组发放预算.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateStockBundleBudget = UpdateStockBundleBudgetPair.brand

/**
 * 批次组批量关联门店 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const AssociateStoresForStockBundleRequest = AssociateStoresForStockBundleRequests.brand

/**
 * The type of `AssociateStoresForStockBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type AssociateStoresForStockBundleRequest = typeof AssociateStoresForStockBundleRequest.Type

/**
 * 批次组批量关联门店.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const AssociateStoresForStockBundle = AssociateStoresForStockBundlePair.brand

/**
 * 批次组批量取消关联门店 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DisassociateStoresForStockBundleRequest = DisassociateStoresForStockBundleRequests.brand

/**
 * The type of `DisassociateStoresForStockBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DisassociateStoresForStockBundleRequest = typeof DisassociateStoresForStockBundleRequest.Type

/**
 * 批次组批量取消关联门店.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DisassociateStoresForStockBundle = DisassociateStoresForStockBundlePair.brand

/**
 * 向用户发放商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const SendUserProductCouponRequest = SendUserProductCouponRequests.brand

/**
 * The type of `SendUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type SendUserProductCouponRequest = typeof SendUserProductCouponRequest.Type

/**
 * 向用户发放商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const SendUserProductCoupon = SendUserProductCouponPair.brand

/**
 * 向用户预发放商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const PreSendUserProductCouponRequest = PreSendUserProductCouponRequests.brand

/**
 * The type of `PreSendUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type PreSendUserProductCouponRequest = typeof PreSendUserProductCouponRequest.Type

/**
 * 向用户预发放商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const PreSendUserProductCoupon = PreSendUserProductCouponPair.brand

/**
 * 确认发放用户商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ConfirmSendUserProductCouponRequest = ConfirmSendUserProductCouponRequests.brand

/**
 * The type of `ConfirmSendUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ConfirmSendUserProductCouponRequest = typeof ConfirmSendUserProductCouponRequest.Type

/**
 * 确认发放用户商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ConfirmSendUserProductCoupon = ConfirmSendUserProductCouponPair.brand

/**
 * 核销用户商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UseUserProductCouponRequest = UseUserProductCouponRequests.brand

/**
 * The type of `UseUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UseUserProductCouponRequest = typeof UseUserProductCouponRequest.Type

/**
 * 核销用户商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UseUserProductCoupon = UseUserProductCouponPair.brand

/**
 * 查询用户商品券详情 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetUserProductCouponRequest = GetUserProductCouponRequests.brand

/**
 * The type of `GetUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type GetUserProductCouponRequest = typeof GetUserProductCouponRequest.Type

/**
 * 查询用户商品券详情.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetUserProductCoupon = GetUserProductCouponPair.brand

/**
 * 指定券状态查询用户商品券列表 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListUserProductCouponsRequest = ListUserProductCouponsRequests.brand

/**
 * The type of `ListUserProductCouponsRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ListUserProductCouponsRequest = typeof ListUserProductCouponsRequest.Type

/**
 * 指定券状态查询用户商品券列表.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ListUserProductCoupons = ListUserProductCouponsPair.brand

/**
 * 失效用户商品券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateUserProductCouponRequest = DeactivateUserProductCouponRequests.brand

/**
 * The type of `DeactivateUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DeactivateUserProductCouponRequest = typeof DeactivateUserProductCouponRequest.Type

/**
 * 失效用户商品券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateUserProductCoupon = DeactivateUserProductCouponPair.brand

/**
 * 退券 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const ReturnUserProductCouponRequest = ReturnUserProductCouponRequests.brand

/**
 * The type of `ReturnUserProductCouponRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type ReturnUserProductCouponRequest = typeof ReturnUserProductCouponRequest.Type

/**
 * 退券.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const ReturnUserProductCoupon = ReturnUserProductCouponPair.brand

/**
 * 向用户发放商品券批次组 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const SendUserProductCouponBundleRequest = SendUserProductCouponBundleRequests.brand

/**
 * The type of `SendUserProductCouponBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type SendUserProductCouponBundleRequest = typeof SendUserProductCouponBundleRequest.Type

/**
 * 向用户发放商品券批次组.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const SendUserProductCouponBundle = SendUserProductCouponBundlePair.brand

/**
 * 失效用户商品券组 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateUserProductCouponBundleRequest = DeactivateUserProductCouponBundleRequests.brand

/**
 * The type of `DeactivateUserProductCouponBundleRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type DeactivateUserProductCouponBundleRequest = typeof DeactivateUserProductCouponBundleRequest.Type

/**
 * 失效用户商品券组.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateUserProductCouponBundle = DeactivateUserProductCouponBundlePair.brand

/**
 * 设置商品券事件通知地址 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const SetNotifyConfigRequest = SetNotifyConfigRequests.brand

/**
 * The type of `SetNotifyConfigRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type SetNotifyConfigRequest = typeof SetNotifyConfigRequest.Type

/**
 * 设置商品券事件通知地址.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const SetNotifyConfig = SetNotifyConfigPair.brand

/**
 * 获取商品券事件通知地址 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetNotifyConfigRequest = GetNotifyConfigRequests.brand

/**
 * The type of `GetNotifyConfigRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type GetNotifyConfigRequest = typeof GetNotifyConfigRequest.Type

/**
 * 获取商品券事件通知地址.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetNotifyConfig = GetNotifyConfigPair.brand

/**
 * 图片上传 request.
 *
 * @since 0.2.0
 * @category requests
 */
export const UploadImageRequest = UploadImageRequests.brand

/**
 * The type of `UploadImageRequest`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UploadImageRequest = typeof UploadImageRequest.Type

/**
 * 图片上传.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UploadImage = UploadImagePair.brand

/**
 * Every brand 商品券 endpoint, in docs order.
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
