/**
 * 回调通知: verifies and decrypts a WeChat Pay notification from its raw body and headers, with any framework.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as AesGcm from "./AesGcm.js"
import { type DecryptionError, NotificationDecodeError, type SignatureVerificationError } from "./CryptoError.js"
import type * as Keyring from "./Keyring.js"
import * as Verifier from "./Verifier.js"

/**
 * A verified, decrypted notification. `resource` is the decrypted JSON, still `unknown`: decode it with the schema
 * of its `event_type`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Notification {
  readonly id: string
  readonly create_time: string
  readonly event_type: string
  readonly resource_type: string
  readonly summary: string
  readonly original_type: string | undefined
  readonly resource: unknown
  /** The signature headers it was verified with. */
  readonly signature: Verifier.WechatpayHeaders
}

/**
 * What arrived: the raw body (bytes or text, exactly as received) and the request headers.
 *
 * @since 0.1.0
 * @category models
 */
export interface IncomingNotification {
  readonly headers: Verifier.HeadersInput
  readonly body: string | Uint8Array
}

/**
 * The errors {@link parse} can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type ParseError = SignatureVerificationError | DecryptionError | NotificationDecodeError

const malformed = (message: string) => new NotificationDecodeError({ reason: "MalformedBody", message })

const parseJson = (text: string): Result.Result<unknown, undefined> => {
  try {
    return Result.succeed(JSON.parse(text))
  } catch {
    return Result.fail(undefined)
  }
}

const field = (record: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = record[name]
  return typeof value === "string" ? value : undefined
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const SIGNATURE_HEADERS = ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"]

/** A header value as text: a repeated header joined as `Verifier.header` joins it, a non-string element as "". */
const headerText = (value: unknown): string | undefined =>
  typeof value === "string"
    ? value
    : Array.isArray(value)
      ? value.map((item: unknown) => (typeof item === "string" ? item : "")).join(", ")
      : undefined

const readHeader = (headers: object, name: string): unknown => {
  const get = (headers as { readonly get?: unknown }).get
  if (typeof get === "function") {
    try {
      return get.call(headers, name)
    } catch {
      return undefined
    }
  }
  const record = headers as Readonly<Record<string, unknown>>
  const lower = name.toLowerCase()
  if (Object.hasOwn(record, lower)) return record[lower]
  const key = Object.keys(record).find((key) => key.toLowerCase() === lower)
  return key === undefined ? undefined : record[key]
}

/**
 * The four signature headers as text, whatever shape the caller handed over (plain JavaScript callers and frameworks
 * pass `null`, numbers, arrays with holes, no headers at all): a value that is not text is absent (`MissingHeaders`),
 * a non-string inside a repeated header stays a visible repetition (a bad signature), a `get` that throws reads as
 * absent.
 */
const signatureHeaders = (headers: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  if (typeof headers !== "object" || headers === null) return out
  for (const name of SIGNATURE_HEADERS) {
    const value = headerText(readHeader(headers, name))
    if (value !== undefined) out[name] = value
  }
  return out
}

/**
 * Verifies the signature and freshness (the same rules as responses), checks `resource.algorithm`, decrypts with the
 * APIv3 key and parses the JSON. Answer WeChat Pay with 4XX/5XX on any failure; it will retry. Whatever the caller
 * hands over fails typed: a header that is `null`, a number or absent is `MissingHeaders`, a body that is neither text
 * nor bytes is `MalformedBody`.
 *
 * @example
 * ```ts
 * import { AesGcm, Keyring, Notification } from "@effect-wechatpay/crypto"
 * import { Effect, Redacted } from "effect"
 *
 * declare const publicKeyPem: string
 * declare const headers: Record<string, string>
 * declare const body: Uint8Array
 *
 * const program = Effect.gen(function* () {
 *   const keyring = yield* Keyring.make({
 *     publicKey: { id: "PUB_KEY_ID_0119000000012026112300000000000001", key: publicKeyPem }
 *   })
 *   const apiV3Key = yield* AesGcm.makeKey(Redacted.make("0123456789abcdefghijKLMNOPQRSTUV"))
 *   const notification = yield* Notification.parse({ keyring, apiV3Key }, { headers, body })
 *   return notification.event_type
 * })
 * ```
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (
  keys: { readonly keyring: Keyring.Keyring; readonly apiV3Key: AesGcm.ApiV3Key },
  incoming: IncomingNotification
): Effect.Effect<Notification, ParseError> =>
  Effect.gen(function* () {
    const headers = signatureHeaders(incoming.headers)
    if (!(typeof incoming.body === "string" || incoming.body instanceof Uint8Array)) {
      yield* Effect.fromResult(Verifier.readHeaders(headers))
      return yield* malformed("notification body is neither text nor bytes")
    }
    const signature = yield* Verifier.verify(keys.keyring, headers, incoming.body)
    const text = typeof incoming.body === "string" ? incoming.body : Buffer.from(incoming.body).toString("utf8")
    const envelope = parseJson(text)
    if (Result.isFailure(envelope) || !isRecord(envelope.success)) {
      return yield* malformed("notification body is not a JSON object")
    }
    const body = envelope.success
    const resource = body["resource"]
    if (!isRecord(resource)) return yield* malformed("notification has no `resource` object")
    const ciphertext = field(resource, "ciphertext")
    const nonce = field(resource, "nonce")
    if (ciphertext === undefined || nonce === undefined) {
      return yield* malformed("notification resource lacks `ciphertext` or `nonce`")
    }
    const plaintext = yield* AesGcm.decryptToString(keys.apiV3Key, {
      algorithm: field(resource, "algorithm") ?? "",
      ciphertext,
      nonce,
      associated_data: field(resource, "associated_data")
    })
    const decoded = parseJson(plaintext)
    if (Result.isFailure(decoded)) {
      return yield* new NotificationDecodeError({
        reason: "MalformedPlaintext",
        message: "decrypted notification resource is not JSON"
      })
    }
    return {
      id: field(body, "id") ?? "",
      create_time: field(body, "create_time") ?? "",
      event_type: field(body, "event_type") ?? "",
      resource_type: field(body, "resource_type") ?? "",
      summary: field(body, "summary") ?? "",
      original_type: field(resource, "original_type"),
      resource: decoded.success,
      signature
    }
  })
