/**
 * Platform certificates in `"auto"` mode: download `GET /v3/certificates`, decrypt with the APIv3 key, verify the
 * download with the certificates it contains, keep them fresh in a scoped fiber, and refresh once (at most once a
 * minute) when a response names a serial we do not hold. Every download is bounded by the client's timeout, inside
 * the refresh lock, so a hung request cannot hold the lock longer than that.
 */
import * as Keyring from "@effect-wechatpay/crypto/Keyring"
import * as Verifier from "@effect-wechatpay/crypto/Verifier"
import type * as WechatPayCrypto from "@effect-wechatpay/crypto/WechatPayCrypto"
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import { CertificateDownloadError } from "../WechatPayError.js"
import { errorCodeOf } from "./response.js"

/** What a download needs from the client: a signed GET of a path, answered with status, headers and body text. */
export type SignedGet = (
  path: string
) => Effect.Effect<
  { status: number; headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>; text: string },
  unknown
>

const CertificatesBody = Schema.Struct({
  data: Schema.Array(
    Schema.Struct({
      serial_no: Schema.String,
      encrypt_certificate: Schema.Struct({
        algorithm: Schema.String,
        nonce: Schema.String,
        associated_data: Schema.optionalKey(Schema.String),
        ciphertext: Schema.String
      })
    })
  )
})
const decodeCertificatesBody = Schema.decodeUnknownResult(Schema.fromJsonString(CertificatesBody))

const UNKNOWN_SERIAL_REFRESH_MILLIS = 60_000
const PATH = "/v3/certificates"

/** The certificate manager of one client. */
export interface Certificates {
  /** Downloads the platform certificates now; returns the serials held. */
  readonly refresh: Effect.Effect<ReadonlyArray<string>, CertificateDownloadError>
  /** After an unknown serial: refreshes once (at most once a minute); `true` when the keyring changed. */
  readonly refreshForUnknownSerial: Effect.Effect<boolean>
}

/** Builds the manager; in `"auto"` mode downloads once now and starts the periodic refresh in the scope. */
export const make = (options: {
  readonly crypto: WechatPayCrypto.Service
  readonly get: SignedGet
  readonly auto: boolean
  readonly hasPublicKey: boolean
  readonly refreshInterval: Duration.Input
}): Effect.Effect<Certificates, CertificateDownloadError, Scope.Scope> =>
  Effect.gen(function* () {
    const { crypto } = options
    const lock = yield* Semaphore.make(1)
    const failed = (message: string) => new CertificateDownloadError({ reason: "Failed", message })

    const refresh: Effect.Effect<ReadonlyArray<string>, CertificateDownloadError> = Effect.gen(function* () {
      const response = yield* options
        .get(PATH)
        .pipe(
          Effect.mapError((cause) =>
            failed(`GET ${PATH} failed: ${cause instanceof Error || isMessage(cause) ? cause.message : "transport"}`)
          )
        )
      if (response.status < 200 || response.status >= 300) {
        const code = errorCodeOf(response.text)
        if (code === "RESOURCE_NOT_EXISTS" || response.status === 404) {
          return yield* new CertificateDownloadError({
            reason: "NoPlatformCertificates",
            message:
              "this merchant has no platform certificates (RESOURCE_NOT_EXISTS from /v3/certificates): configure the WeChat Pay public key instead (wechatpayPublicKey, or WECHATPAY_PUBLIC_KEY_ID + WECHATPAY_PUBLIC_KEY)"
          })
        }
        return yield* failed(`GET ${PATH} answered ${response.status} ${code ?? ""}`.trim())
      }
      const parsed = decodeCertificatesBody(response.text)
      if (Result.isFailure(parsed)) return yield* failed(`${PATH} body is not the documented shape`)
      const pems = yield* Effect.forEach(parsed.success.data, (item) =>
        crypto.decryptResource(item.encrypt_certificate)
      ).pipe(Effect.mapError((cause) => failed(cause.message)))
      // Only certificates valid now are kept: an expired or not-yet-valid one is never used to verify.
      const now = yield* Clock.currentTimeMillis
      const valid = Keyring.validCertificates(pems, now)
      if (Result.isFailure(valid)) return yield* failed(valid.failure.message)
      const current = yield* crypto.keyring
      const candidate = yield* Keyring.replaceCertificates(current, valid.success).pipe(
        Effect.mapError((cause) => failed(cause.message))
      )
      yield* Verifier.verify(candidate, response.headers, response.text).pipe(
        Effect.mapError(
          (cause) =>
            new CertificateDownloadError({
              reason: "Unverified",
              message: `the certificate download does not verify with the certificates it contains: ${cause.message}`
            })
        )
      )
      yield* crypto.setKeyring(candidate)
      return Keyring.serials(candidate)
    }).pipe(lock.withPermits(1), Effect.withSpan("WechatPay.refreshCertificates"))

    if (options.auto) {
      yield* refresh.pipe(
        Effect.catchIf(
          (error) => error.reason === "NoPlatformCertificates" && options.hasPublicKey,
          (error) => Effect.logWarning(`${error.message}; continuing with the WeChat Pay public key only`)
        )
      )
      yield* Effect.sleep(options.refreshInterval).pipe(
        Effect.andThen(
          refresh.pipe(
            Effect.catch((error) => Effect.logWarning(`platform certificate refresh failed: ${error.message}`))
          )
        ),
        Effect.forever,
        Effect.forkScoped
      )
    }

    const lastUnknownSerialRefresh = yield* Ref.make(Number.NEGATIVE_INFINITY)
    const refreshForUnknownSerial = Effect.gen(function* () {
      if (!options.auto) return false
      const now = yield* Clock.currentTimeMillis
      if (now - (yield* Ref.get(lastUnknownSerialRefresh)) < UNKNOWN_SERIAL_REFRESH_MILLIS) return false
      yield* Ref.set(lastUnknownSerialRefresh, now)
      return yield* refresh.pipe(
        Effect.as(true),
        Effect.catch((error) =>
          Effect.as(Effect.logWarning(`platform certificate refresh failed: ${error.message}`), false)
        )
      )
    })

    return { refresh, refreshForUnknownSerial }
  })

const isMessage = (u: unknown): u is { readonly message: string } =>
  typeof u === "object" && u !== null && typeof (u as { message?: unknown }).message === "string"
