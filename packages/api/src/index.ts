/**
 * Effect-native WeChat Pay APIv3 client.
 *
 * @since 0.1.0
 */

/** 商家券 (busifavor) endpoints. @since 0.1.0 @category modules */
export * as Busifavor from "./Busifavor.js"
/** Endpoint descriptors. @since 0.1.0 @category modules */
export * as Endpoint from "./Endpoint.js"
/** Every endpoint descriptor. @since 0.1.0 @category modules */
export * as Endpoints from "./Endpoints.js"
/** 代金券 (favor) endpoints. @since 0.1.0 @category modules */
export * as Favor from "./Favor.js"
/** 代金券 flow files (核销明细, 退款明细) as streams of typed rows. @since 0.1.0 @category modules */
export * as FlowFiles from "./FlowFiles.js"
/** H5发券: the signed coupon page URL (APIv2 HMAC-SHA256). @since 0.2.0 @category modules */
export * as H5Coupon from "./H5Coupon.js"
/** 图片上传(营销专用): the marketing image upload. @since 0.1.0 @category modules */
export * as MediaUpload from "./MediaUpload.js"
/** 小程序发券插件: the plugin's signed attributes (APIv2 HMAC-SHA256). @since 0.2.0 @category modules */
export * as MiniProgramCoupon from "./MiniProgramCoupon.js"
/** A lean node:http(s) HttpClient with keep-alive agents. @since 0.1.0 @category modules */
export * as NodeTransport from "./NodeTransport.js"
/** Which notifications were handled: in memory or over a KeyValueStore. @since 0.1.0 @category modules */
export * as NotificationStore from "./NotificationStore.js"
/** 回调通知: parse, the notify URL HttpApp, the node:http adapter. @since 0.1.0 @category modules */
export * as Notifications from "./Notifications.js"
/** Sign typed notifications and deliver them to your HttpApp in tests. @since 0.1.0 @category modules */
export * as NotificationTesting from "./NotificationTesting.js"
/** 商品券 (product coupons), partner API endpoints. @since 0.2.0 @category modules */
export * as PartnerProductCoupon from "./PartnerProductCoupon.js"
/** 商品券 (product coupons), brand API endpoints (brand credentials, see the module). @since 0.2.0 @category modules */
export * as ProductCoupon from "./ProductCoupon.js"
/** Why a request got 401 SIGN_ERROR: its causes, from the answer and the request as sent. @since 0.2.0 @category modules */
export * as SignErrorDiagnosis from "./SignErrorDiagnosis.js"
/** The client service and its layers. @since 0.1.0 @category modules */
export * as WechatPay from "./WechatPay.js"
/** @since 0.1.0 @category tags */
export { WechatPayClient } from "./WechatPay.js"
/** The brand client (品牌API credentials, `WECHATPAY-BRAND-SHA256-RSA2048`) and its layers. @since 0.2.0 @category modules */
export * as WechatPayBrand from "./WechatPayBrand.js"
/** Errors. @since 0.1.0 @category modules */
export * as WechatPayError from "./WechatPayError.js"
