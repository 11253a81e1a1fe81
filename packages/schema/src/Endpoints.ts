/**
 * Every endpoint descriptor, in docs order: the source of the api functions, the sandbox's routes, the generated
 * endpoint index and the table-driven tests.
 *
 * @since 0.1.0
 */
import * as Busifavor from "./Busifavor.js"
import type * as Endpoint from "./Endpoint.js"
import * as Favor from "./Favor.js"

/**
 * All endpoints, 商家券 first.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const all: ReadonlyArray<Endpoint.Any> = [...Busifavor.endpoints, ...Favor.endpoints]

/**
 * The endpoints of each family, keyed by the family's module name.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const families = { Busifavor: Busifavor.endpoints, Favor: Favor.endpoints } as const
