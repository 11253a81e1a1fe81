/**
 * A local WeChat Pay APIv3 gateway for tests and demos.
 *
 * @since 0.1.0
 */

/** The gateway. @since 0.1.0 @category modules */
export * as Sandbox from "./Sandbox.js"
/** A configured `WechatPayClient` over a sandbox, as one Layer. @since 0.1.0 @category modules */
export * as SandboxClient from "./SandboxClient.js"
