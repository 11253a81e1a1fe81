/**
 * The errors of WeChat Pay calls: one tagged error per documented WeChat Pay error code, and a few of our own
 * (transport, signature verification, decoding, request validation).
 *
 * @since 0.1.0
 */
import { SignatureVerificationError } from "@effect-wechatpay/crypto"
import { Schema } from "effect"

export {
  /**
   * A 2xx response whose `Wechatpay-*` signature does not verify; its body was neither decoded nor returned.
   *
   * @since 0.1.0
   */
  SignatureVerificationError
}

/**
 * `detail` of a WeChat Pay error body: every member optional (real gateways send partial detail).
 *
 * @since 0.1.0
 */
export const ErrorDetail = Schema.Struct({
  field: Schema.optional(Schema.String),
  value: Schema.optional(Schema.Unknown),
  issue: Schema.optional(Schema.String),
  location: Schema.optional(Schema.String)
})

const apiErrorFields = {
  /** HTTP status. */
  status: Schema.Number,
  /** WeChat Pay error code, as sent (e.g. `PARAM_ERROR`). */
  code: Schema.String,
  message: Schema.String,
  detail: Schema.optional(ErrorDetail),
  /** The `Request-ID` response header: quote it to WeChat Pay support. */
  requestId: Schema.optional(Schema.String)
}

/** @since 0.1.0 */
export class ParamError extends Schema.TaggedError<ParamError>()("ParamError", apiErrorFields) {}
/** @since 0.1.0 */
export class SystemError extends Schema.TaggedError<SystemError>()("SystemError", apiErrorFields) {}
/** @since 0.1.0 */
export class ResourceAlreadyExists extends Schema.TaggedError<ResourceAlreadyExists>()(
  "ResourceAlreadyExists",
  apiErrorFields
) {}
/** @since 0.1.0 */
export class ResourceNotExists extends Schema.TaggedError<ResourceNotExists>()("ResourceNotExists", apiErrorFields) {}
/** `NOAUTH` (商家券 tables) and `NO_AUTH` (protocol spelling). @since 0.1.0 */
export class NoAuth extends Schema.TaggedError<NoAuth>()("NoAuth", apiErrorFields) {}
/** @since 0.1.0 */
export class AppidMchidNotMatch extends Schema.TaggedError<AppidMchidNotMatch>()(
  "AppidMchidNotMatch",
  apiErrorFields
) {}
/** @since 0.1.0 */
export class MchNotExists extends Schema.TaggedError<MchNotExists>()("MchNotExists", apiErrorFields) {}
/** @since 0.1.0 */
export class UserNotExists extends Schema.TaggedError<UserNotExists>()("UserNotExists", apiErrorFields) {}
/** @since 0.1.0 */
export class FrequencyLimited extends Schema.TaggedError<FrequencyLimited>()("FrequencyLimited", apiErrorFields) {}
/** @since 0.1.0 */
export class FrequencyLimitExceed extends Schema.TaggedError<FrequencyLimitExceed>()(
  "FrequencyLimitExceed",
  apiErrorFields
) {}
/** `RULELIMIT` @since 0.1.0 */
export class RuleLimit extends Schema.TaggedError<RuleLimit>()("RuleLimit", apiErrorFields) {}
/** @since 0.1.0 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", apiErrorFields) {}
/** @since 0.1.0 */
export class UserAccountAbnormal extends Schema.TaggedError<UserAccountAbnormal>()(
  "UserAccountAbnormal",
  apiErrorFields
) {}
/** @since 0.1.0 */
export class NotEnough extends Schema.TaggedError<NotEnough>()("NotEnough", apiErrorFields) {}
/** @since 0.1.0 */
export class RequestBlocked extends Schema.TaggedError<RequestBlocked>()("RequestBlocked", apiErrorFields) {}
/** 401 `SIGN_ERROR`: WeChat Pay rejected our signature. @since 0.1.0 */
export class SignError extends Schema.TaggedError<SignError>()("SignError", apiErrorFields) {}

/**
 * The class of each documented WeChat Pay error code.
 *
 * @since 0.1.0
 */
export const ErrorClasses = {
  PARAM_ERROR: ParamError,
  SYSTEM_ERROR: SystemError,
  RESOURCE_ALREADY_EXISTS: ResourceAlreadyExists,
  RESOURCE_NOT_EXISTS: ResourceNotExists,
  NOAUTH: NoAuth,
  NO_AUTH: NoAuth,
  APPID_MCHID_NOT_MATCH: AppidMchidNotMatch,
  MCH_NOT_EXISTS: MchNotExists,
  USER_NOT_EXISTS: UserNotExists,
  FREQUENCY_LIMITED: FrequencyLimited,
  FREQUENCY_LIMIT_EXCEED: FrequencyLimitExceed,
  RULELIMIT: RuleLimit,
  INVALID_REQUEST: InvalidRequest,
  USER_ACCOUNT_ABNORMAL: UserAccountAbnormal,
  NOT_ENOUGH: NotEnough,
  REQUEST_BLOCKED: RequestBlocked,
  SIGN_ERROR: SignError
} as const

/**
 * A documented WeChat Pay error code.
 *
 * @since 0.1.0
 */
export type KnownCode = keyof typeof ErrorClasses

/**
 * The error instance of a code.
 *
 * @since 0.1.0
 */
export type ErrorOf<Code extends string> = Code extends KnownCode ? InstanceType<(typeof ErrorClasses)[Code]> : never

/**
 * Any of the per-code WeChat Pay errors.
 *
 * @since 0.1.0
 */
export type ApiError = ErrorOf<KnownCode>

/**
 * An error code this endpoint does not document (or a body that is not a WeChat Pay error). Keeps the status and
 * the first 2 KB of the body text.
 *
 * @since 0.1.0
 */
export class UnknownApiError extends Schema.TaggedError<UnknownApiError>()("UnknownApiError", {
  status: Schema.Number,
  code: Schema.optional(Schema.String),
  message: Schema.String,
  detail: Schema.optional(ErrorDetail),
  body: Schema.String,
  requestId: Schema.optional(Schema.String)
}) {}

/**
 * The request could not be sent or its response not received (`Transport`), or no response came in time (`Timeout`).
 *
 * @since 0.1.0
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  reason: Schema.Literal("Transport", "Timeout"),
  message: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {}

/**
 * A verified 2xx body that does not match the response schema; `path` locates the first mismatch.
 *
 * @since 0.1.0
 */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  message: Schema.String,
  path: Schema.String,
  requestId: Schema.optional(Schema.String)
}) {}

/**
 * One problem with a request field.
 *
 * @since 0.1.0
 */
export const ValidationIssue = Schema.Struct({ path: Schema.String, message: Schema.String })

/**
 * Input that failed the request schema. Nothing was sent.
 *
 * @since 0.1.0
 */
export class RequestValidationError extends Schema.TaggedError<RequestValidationError>()("RequestValidationError", {
  message: Schema.String,
  issues: Schema.Array(ValidationIssue)
}) {}

/**
 * The errors every endpoint can fail with besides its documented codes.
 *
 * @since 0.1.0
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
 */
export type EndpointError<Codes extends string> = ErrorOf<Codes> | ProtocolError

/**
 * A client configuration that cannot work (e.g. no key to verify responses with, `"auto"` certificates without an
 * APIv3 key, an unreadable key file).
 *
 * @since 0.1.0
 */
export class WechatPayConfigError extends Schema.TaggedError<WechatPayConfigError>()("WechatPayConfigError", {
  message: Schema.String
}) {}

/**
 * Downloading platform certificates (`GET /v3/certificates`) failed. `NoPlatformCertificates`: the merchant has
 * none (public-key mode only) and must configure the WeChat Pay public key.
 *
 * @since 0.1.0
 */
export class CertificateDownloadError extends Schema.TaggedError<CertificateDownloadError>()(
  "CertificateDownloadError",
  {
    reason: Schema.Literal("NoPlatformCertificates", "Failed", "Unverified"),
    message: Schema.String,
    cause: Schema.optional(Schema.Defect)
  }
) {}
