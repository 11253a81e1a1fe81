/**
 * The errors of WeChat Pay calls: one tagged error per documented WeChat Pay error code, and a few of our own
 * (transport, signature verification, decoding, request validation).
 *
 * @since 0.1.0
 */
import type {
  DecryptionError,
  EncryptionError,
  InvalidKeyError,
  NotificationDecodeError
} from "@effect-wechatpay/crypto/CryptoError"
import { SignatureVerificationError } from "@effect-wechatpay/crypto/CryptoError"
import type { SignError } from "@effect-wechatpay/schema/ApiError"
import * as Tables from "@effect-wechatpay/schema/ApiError"
import { hasProperty } from "effect/Predicate"
import * as Schema from "effect/Schema"
import type { FlowFileError } from "./FlowFiles.js"
import type { NotificationError } from "./internal/notificationError.js"
import type { NotificationStoreError } from "./internal/notificationStore.js"
import type { SigningPoolError } from "./internal/signingPool.js"
import { marked } from "./internal/typeId.js"
import type { PaginationError } from "./Pagination.js"

/**
 * The type id every error of effect-wechatpay carries (the schema, crypto and api packages' alike), on the error's
 * prototype: {@link isWechatPayError} checks it.
 *
 * @since 0.2.0
 * @category type ids
 */
export const TypeId: Tables.ErrorTypeId = Tables.ErrorTypeId

/**
 * The type of {@link TypeId}.
 *
 * @since 0.2.0
 * @category type ids
 */
export type TypeId = Tables.ErrorTypeId

export {
  /** @since 0.2.0 @category errors */
  AlreadyExists,
  /** @since 0.1.0 @category errors */
  AppidMchidNotMatch,
  /** @since 0.1.0 @category constants */
  ErrorClasses,
  /** @since 0.1.0 @category errors */
  FrequencyLimitExceed,
  /** @since 0.1.0 @category errors */
  FrequencyLimited,
  /** @since 0.1.0 @category errors */
  InvalidRequest,
  /** @since 0.1.0 @category errors */
  MchNotExists,
  /** @since 0.1.0 @category errors */
  NoAuth,
  /** @since 0.1.0 @category errors */
  NotEnough,
  /** @since 0.2.0 @category errors */
  NotFound,
  /** @since 0.1.0 @category errors */
  ParamError,
  /** @since 0.2.0 @category errors */
  RateLimitExceeded,
  /** @since 0.1.0 @category errors */
  RequestBlocked,
  /** @since 0.1.0 @category errors */
  ResourceAlreadyExists,
  /** @since 0.1.0 @category errors */
  ResourceNotExists,
  /** @since 0.1.0 @category errors */
  RuleLimit,
  /** @since 0.1.0 @category errors */
  SignError,
  /** @since 0.1.0 @category errors */
  SystemError,
  /** @since 0.1.0 @category errors */
  UserAccountAbnormal,
  /** @since 0.1.0 @category errors */
  UserNotExists
} from "@effect-wechatpay/schema/ApiError"
export {
  /**
   * A 2xx response whose `Wechatpay-*` signature does not verify; its body was neither decoded nor returned.
   *
   * @since 0.1.0
   * @category errors
   */
  SignatureVerificationError
}

/**
 * `detail` of a WeChat Pay error body: every member optional (real gateways send partial detail).
 *
 * @since 0.1.0
 * @category models
 */
export const ErrorDetail = Tables.ApiErrorDetail

/**
 * A documented WeChat Pay error code.
 *
 * @since 0.1.0
 * @category models
 */
export type KnownCode = Tables.KnownErrorCode

/**
 * The error instance of a code.
 *
 * @since 0.1.0
 * @category type-level
 */
export type ErrorOf<Code extends string> = Tables.ErrorOf<Code>

/**
 * Any of the per-code WeChat Pay errors.
 *
 * @since 0.1.0
 * @category models
 */
export type ApiError = Tables.AnyApiError

/**
 * An error code this endpoint does not document (or a body that is not a WeChat Pay error). Keeps the status and
 * the first 2 KB of the body text. Its message reads as a documented code's does:
 * `<endpoint>: <code> (HTTP <status>, Request-ID <id>): <description>`.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownApiError extends Schema.TaggedError<UnknownApiError>("@effect-wechatpay/UnknownApiError")(
  "UnknownApiError",
  {
    status: Schema.Number,
    code: Schema.optional(Schema.String),
    message: Schema.String,
    /** The error body's `message` (错误描述) as WeChat Pay sent it, when the body is a WeChat Pay error. */
    description: Schema.optional(Schema.String),
    detail: Schema.optional(Tables.ApiErrorDetail),
    body: Schema.String,
    requestId: Schema.optional(Schema.String)
  }
) {}
marked(UnknownApiError)

/**
 * The request could not be sent or its response not received (`Transport`), no response came in time (`Timeout`:
 * the message says how many attempts of how long, and which options change either), the call's `deadline` passed
 * (`Deadline`), or the response body was over the transport's size limit (`ResponseTooLarge`, not retried). The
 * message names the OS error (`ECONNREFUSED`, `ECONNRESET`, …); the error carries the method, the path template,
 * `errno` and the attempts made, never the request's headers or body.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("@effect-wechatpay/TransportError")(
  "TransportError",
  {
    reason: Schema.Literals(["Transport", "Timeout", "Deadline", "ResponseTooLarge"]),
    message: Schema.String,
    method: Schema.optional(Schema.String),
    /** The endpoint's path template, e.g. `/v3/marketing/busifavor/stocks/{stock_id}`. */
    path: Schema.optional(Schema.String),
    /** The OS error code when there is one, e.g. `ECONNREFUSED`. */
    errno: Schema.optional(Schema.String),
    /** The attempts the call made (or started, for `Deadline`), when the error ends a call. */
    attempts: Schema.optional(Schema.Number)
  }
) {}
marked(TransportError)

/**
 * A verified 2xx body that does not match the response schema; `path` locates the first mismatch. `body` keeps the
 * verified body, parsed as JSON (`undefined` when it is not JSON), so that a caller can recover what a write's answer
 * says (the `coupon_code` sent, the `stock_id` created) when one of its fields does not decode. `body` is not
 * enumerable: it never shows in the message, the JSON, `inspect` or a printed cause.
 *
 * @example
 * ```ts fragment
 * import { Favor } from "@effect-wechatpay/api"
 * import { Effect, Schema } from "effect"
 *
 * declare const request: Parameters<typeof Favor.createCouponStock>[0]
 *
 * // The stock was created even when its answer does not decode: its id from the verified body.
 * const stockId = Favor.createCouponStock(request).pipe(
 *   Effect.map(({ stock_id }) => stock_id),
 *   Effect.catchTag("DecodeError", (e) =>
 *     Schema.decodeUnknownEffect(Schema.Struct({ stock_id: Schema.String }))(e.body).pipe(
 *       Effect.mapError(() => e),
 *       Effect.map(({ stock_id }) => stock_id)
 *     )
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Schema.TaggedError<DecodeError>("@effect-wechatpay/DecodeError")("DecodeError", {
  message: Schema.String,
  path: Schema.String,
  requestId: Schema.optional(Schema.String)
}) {
  /**
   * The verified body, parsed as JSON (`undefined` when it was not JSON, or for an error built by hand). Not
   * enumerable, so never printed.
   *
   * @since 0.2.0
   */
  declare readonly body: unknown
}
marked(DecodeError)

/**
 * One problem with a request field.
 *
 * @since 0.1.0
 * @category models
 */
export const ValidationIssue = Schema.Struct({ path: Schema.String, message: Schema.String })

/**
 * Input that failed the request schema. Nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestValidationError extends Schema.TaggedError<RequestValidationError>(
  "@effect-wechatpay/RequestValidationError"
)("RequestValidationError", {
  message: Schema.String,
  issues: Schema.Array(ValidationIssue)
}) {}
marked(RequestValidationError)

/**
 * The tags of our own errors, which every endpoint call can fail with besides the WeChat Pay codes: the one list the
 * generated error unions, the docs and {@link isWechatPayError} read.
 *
 * @since 0.1.0
 * @category constants
 */
export const CallErrorTags = [
  "UnknownApiError",
  "SignatureVerificationError",
  "DecodeError",
  "TransportError",
  "RequestValidationError"
] as const

/**
 * The errors every endpoint can fail with besides its documented codes.
 *
 * @since 0.1.0
 * @category models
 */
export type ProtocolError =
  | SignError
  | UnknownApiError
  | SignatureVerificationError
  | DecodeError
  | TransportError
  | RequestValidationError

/**
 * The exact error channel of an endpoint documenting `Codes`.
 *
 * @since 0.1.0
 * @category type-level
 */
export type EndpointError<Codes extends string> = ErrorOf<Codes> | ProtocolError

/**
 * A client configuration that cannot work (e.g. no key to verify responses with, `"auto"` certificates without an
 * APIv3 key, an unreadable key file).
 *
 * @since 0.1.0
 * @category errors
 */
export class WechatPayConfigError extends Schema.TaggedError<WechatPayConfigError>(
  "@effect-wechatpay/WechatPayConfigError"
)("WechatPayConfigError", {
  message: Schema.String
}) {}
marked(WechatPayConfigError)

/**
 * Downloading platform certificates (`GET /v3/certificates`) failed. `NoPlatformCertificates`: the merchant has
 * none (public-key mode only) and must configure the WeChat Pay public key.
 *
 * @since 0.1.0
 * @category errors
 */
export class CertificateDownloadError extends Schema.TaggedError<CertificateDownloadError>(
  "@effect-wechatpay/CertificateDownloadError"
)("CertificateDownloadError", {
  reason: Schema.Literals(["NoPlatformCertificates", "Failed", "Unverified"]),
  message: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {}
marked(CertificateDownloadError)

/**
 * Every error this library fails with: the per-code API errors, our protocol errors, the layer's own, and those of
 * the crypto, notification, flow-file, pagination and signing-pool modules. Each carries {@link TypeId}.
 *
 * @since 0.1.0
 * @category models
 */
export type WechatPayError =
  | ApiError
  | UnknownApiError
  | SignatureVerificationError
  | DecodeError
  | TransportError
  | RequestValidationError
  | WechatPayConfigError
  | CertificateDownloadError
  | InvalidKeyError
  | DecryptionError
  | EncryptionError
  | NotificationDecodeError
  | NotificationError
  | NotificationStoreError
  | FlowFileError
  | PaginationError
  | SigningPoolError

/**
 * Whether a value is one of this library's errors (see {@link WechatPayError}), e.g. in a `catchIf` or a logger: it
 * carries the shared {@link TypeId}.
 *
 * @example
 * ```ts
 * import { Busifavor, WechatPayError } from "@effect-wechatpay/api"
 * import { Effect } from "effect"
 *
 * const program = Busifavor.queryStock({ stock_id: "1212" }).pipe(
 *   Effect.tapErrorTag("ResourceNotExists", (e) => Effect.log(`no such stock (request ${e.requestId})`)),
 *   Effect.tapError((e) => (WechatPayError.isWechatPayError(e) ? Effect.logWarning(e._tag) : Effect.void))
 * )
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isWechatPayError = (u: unknown): u is WechatPayError => hasProperty(u, TypeId)
