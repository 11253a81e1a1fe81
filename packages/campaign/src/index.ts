/**
 * Durable coupon campaigns for effect-wechatpay.
 *
 * @since 0.2.0
 */

/** Campaigns: run, resume, status, report. @since 0.2.0 @category modules */
export * as Campaign from "./Campaign.js"

/** The rate limiter of a campaign's sends. @since 0.2.0 @category modules */
export * as CampaignLimiter from "./CampaignLimiter.js"

/** The distributed mode: several runner processes over PostgreSQL. @since 0.2.0 @category modules */
export * as Distributed from "./Distributed.js"

/** The embedded mode: one process, one SQLite file. @since 0.2.0 @category modules */
export * as Embedded from "./Embedded.js"

/** The sources of users: CSV, Stream, SQL. @since 0.2.0 @category modules */
export * as Users from "./Users.js"
