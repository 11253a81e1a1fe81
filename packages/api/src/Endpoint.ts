/**
 * Endpoints are data: the descriptors live in `@effect-wechatpay/schema` (`Endpoint.make`); one executor
 * (`WechatPayClient.execute`) runs every endpoint. This module adds the error channel a descriptor gives its function.
 *
 * @since 0.1.0
 */
import type * as Descriptor from "@effect-wechatpay/schema/Endpoint"
import type * as Schema from "effect/Schema"
import type { EndpointError } from "./WechatPayError.js"

export {
  /** @since 0.1.0 @category constructors */
  make,
  /** @since 0.1.0 @category constants */
  PROTOCOL_CODES
} from "@effect-wechatpay/schema/Endpoint"

/**
 * An endpoint descriptor (see `@effect-wechatpay/schema`'s `Endpoint`).
 *
 * @since 0.1.0
 * @category models
 */
export type Endpoint<
  Name extends string = string,
  Path extends string = string,
  Request extends Schema.Top = Schema.Top,
  Response extends Schema.Top = Schema.Top,
  Code extends string = string
> = Descriptor.Endpoint<Name, Path, Request, Response, Code>

/**
 * Any endpoint descriptor.
 *
 * @since 0.1.0
 * @category models
 */
export type Any = Descriptor.Any

/**
 * The request's wire form, what an endpoint function takes.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Input<E> = Descriptor.Input<E>

/**
 * The decoded response, what an endpoint function succeeds with (`void` for a 204).
 *
 * @since 0.1.0
 * @category type-level
 */
export type Success<E> = Descriptor.Success<E>

/**
 * A protocol code.
 *
 * @since 0.1.0
 * @category models
 */
export type ProtocolCode = Descriptor.ProtocolCode

/**
 * The error channel of an endpoint: its documented codes, the protocol codes and our own failures.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Error<E> = EndpointError<Descriptor.Codes<E> | ProtocolCode>
