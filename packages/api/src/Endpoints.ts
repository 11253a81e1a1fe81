/**
 * Every endpoint descriptor, in docs order: the source of the api functions, the sandbox's routes, the generated
 * endpoint index and the table-driven tests (re-exported from `@effect-wechatpay/schema`).
 *
 * @since 0.1.0
 */
import * as Endpoints from "@effect-wechatpay/schema/Endpoints"

/**
 * All endpoints this client implements, 商家券 first.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const all = Endpoints.all

/**
 * The endpoints of each family.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const families = Endpoints.families
