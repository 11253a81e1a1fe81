/**
 * WeChat Pay APIv3 cryptography for Effect.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 @category modules */
export * as AesGcm from "./AesGcm.js"
/** @since 0.1.0 */
export * from "./CryptoError.js"
/** @since 0.1.0 @category modules */
export * as Keyring from "./Keyring.js"
/** @since 0.1.0 @category modules */
export * as MerchantSigner from "./MerchantSigner.js"
/** @since 0.1.0 @category modules */
export * as Notification from "./Notification.js"
/** @since 0.1.0 @category modules */
export * as Oaep from "./Oaep.js"
/** @since 0.1.0 @category modules */
export * as Testing from "./Testing.js"
/** @since 0.1.0 @category modules */
export * as Verifier from "./Verifier.js"
/** @since 0.1.0 @category modules */
export * as WechatPayCrypto from "./WechatPayCrypto.js"
