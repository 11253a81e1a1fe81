/**
 * The `wechatpay` command of effect-wechatpay, as a module: its commands, the extension point and `run`.
 *
 * @since 0.2.0
 */

/** The `wechatpay` command. @since 0.2.0 @category modules */
export * as Cli from "./Cli.js"
