/**
 * What a client built by `WechatPay.make` offers to this package's own modules beyond its public `Service`: the
 * multipart upload path of the executor and a signed GET whose answer is not verified (file downloads). Kept off the
 * public interface; looked up by the service object.
 */
import type * as Effect from "effect/Effect"
import type * as Endpoint from "../Endpoint.js"
import type { Service } from "../WechatPay.js"
import type { PreparedUpload } from "./request.js"

/** The package-internal capabilities of one client. */
export interface Extensions {
  /**
   * Runs a multipart endpoint with a prepared upload: the same pipeline as `execute` (sign, send, verify, decode,
   * retry policy, span), the signature over the meta JSON instead of the raw body.
   */
  readonly executeUpload: <I, IE, A, AE, Code extends string>(
    endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
    upload: PreparedUpload
  ) => Effect.Effect<A, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>>
  /**
   * A signed GET of an absolute URL whose 2xx answer is NOT verified (file downloads are unsigned, spec §1.4.6):
   * the body bytes, or the tagged error of a non-2xx answer as `endpoint` documents it. Bounded by the timeout,
   * retried as a read.
   */
  readonly getUnverified: <I, IE, A, AE, Code extends string>(
    endpoint: Endpoint.Endpoint<I, IE, A, AE, Code>,
    url: string
  ) => Effect.Effect<Uint8Array, Endpoint.Error<Endpoint.Endpoint<I, IE, A, AE, Code>>>
}

const registry = new WeakMap<Service, Extensions>()

/** Records the extensions of a client as it is built. */
export const register = (service: Service, extensions: Extensions): Service => {
  registry.set(service, extensions)
  return service
}

/** The extensions of a client, `undefined` for a `Service` not built by `WechatPay.make` (a hand-written stub). */
export const of = (service: Service): Extensions | undefined => registry.get(service)
