/**
 * WeChat Pay's public keys, by serial: platform certificates (平台证书) and/or the 微信支付公钥 with its
 * `PUB_KEY_ID_…` id. Both kinds may be held at once, for merchants migrating between modes.
 *
 * @since 0.1.0
 */
import type * as NodeCrypto from "node:crypto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import type { InvalidKeyError } from "./CryptoError.js"
import {
  describeValidity,
  type LoadedCertificate,
  loadCertificate,
  loadPublicKey,
  noneValid,
  normalizeSerial,
  withinValidity
} from "./internal/keys.js"

/**
 * One verification key.
 *
 * @since 0.1.0
 * @category models
 */
export interface Entry {
  /** The platform certificate serial (upper-case hex) or the public key id (`PUB_KEY_ID_…`). */
  readonly serial: string
  readonly kind: "certificate" | "publicKey"
  readonly key: NodeCrypto.KeyObject
  readonly notBefore?: Date
  readonly notAfter?: Date
  /** The certificate PEM, for `kind: "certificate"`. */
  readonly certificate?: string
}

const TypeId: unique symbol = Symbol.for("@effect-wechatpay/crypto/Keyring")

/**
 * An immutable set of verification keys, looked up by `Wechatpay-Serial`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Keyring {
  readonly [TypeId]: typeof TypeId
  readonly entries: ReadonlyMap<string, Entry>
}

/**
 * The WeChat Pay public key (微信支付公钥) and its id.
 *
 * @since 0.1.0
 * @category models
 */
export interface PublicKeyConfig {
  /** `PUB_KEY_ID_…`, as shown in the merchant platform. */
  readonly id: string
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  readonly key: string
}

class KeyringImpl implements Keyring {
  readonly [TypeId]: typeof TypeId = TypeId
  constructor(readonly entries: ReadonlyMap<string, Entry>) {}
  toJSON(): unknown {
    return { _id: "Keyring", serials: [...this.entries.keys()] }
  }
}

const fromEntries = (entries: ReadonlyMap<string, Entry>): Keyring => new KeyringImpl(entries)

/**
 * A keyring with no keys.
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty: Keyring = fromEntries(new Map())

/**
 * Builds a keyring from a public key and/or platform certificates; keys are parsed here, once.
 *
 * Each certificate's validity is checked against Effect's `Clock`: when certificates are given without the WeChat
 * Pay public key and none of them is valid now, this fails with `OutsideValidity`, naming every serial and its
 * validity dates. Otherwise every certificate is kept, and the verifier uses each one only while it is valid (see
 * {@link isValidAt}): an expired one never again, a not-yet-valid one (a rotation configured ahead) from its
 * `notBefore`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: {
  readonly publicKey?: PublicKeyConfig | undefined
  readonly certificates?: ReadonlyArray<string> | undefined
}): Effect.Effect<Keyring, InvalidKeyError> =>
  Effect.gen(function* () {
    let keyring = empty
    if (options.publicKey !== undefined) keyring = yield* addPublicKey(keyring, options.publicKey)
    if (options.certificates !== undefined) keyring = yield* addCertificates(keyring, options.certificates)
    if (options.publicKey === undefined && options.certificates !== undefined && options.certificates.length > 0) {
      const now = yield* Clock.currentTimeMillis
      const certificates = [...keyring.entries.values()]
      if (!certificates.some((entry) => isValidAt(entry, now))) {
        return yield* noneValid(
          certificates.map((entry) => describeValidity(entry, now)),
          now
        )
      }
    }
    return keyring
  })

/**
 * Whether a key may verify at `nowMillis`: a platform certificate from its `notBefore` through its `notAfter`
 * (both inclusive, to the second, as RFC 5280 defines validity); the WeChat Pay public key always.
 *
 * @since 0.1.0
 * @category guards
 */
export const isValidAt = (entry: Entry, nowMillis: number): boolean =>
  entry.notBefore === undefined || entry.notAfter === undefined
    ? true
    : withinValidity({ notBefore: entry.notBefore, notAfter: entry.notAfter }, nowMillis)

/**
 * Keeps the platform certificates (X.509 PEM) that are valid at `nowMillis`, in their order: what a certificate
 * download (`GET /v3/certificates`, the api's `"auto"` mode) should install, e.g. with {@link replaceCertificates}.
 * An empty list gives an empty list. Fails with `OutsideValidity` when certificates are given and none is valid
 * (the message names each serial and its validity dates), and with the usual reasons when a PEM is not a
 * certificate.
 *
 * @since 0.1.0
 * @category utils
 */
export const validCertificates = (
  certificates: ReadonlyArray<string>,
  nowMillis: number
): Result.Result<ReadonlyArray<string>, InvalidKeyError> => {
  const loaded: Array<LoadedCertificate> = []
  for (const pem of certificates) {
    const certificate = loadCertificate(pem)
    if (Result.isFailure(certificate)) return Result.fail(certificate.failure)
    loaded.push(certificate.success)
  }
  const valid = certificates.filter((_, i) => withinValidity(loaded[i]!, nowMillis))
  if (certificates.length > 0 && valid.length === 0) {
    return Result.fail(
      noneValid(
        loaded.map((certificate) => describeValidity(certificate, nowMillis)),
        nowMillis
      )
    )
  }
  return Result.succeed(valid)
}

/**
 * Adds (or replaces) the WeChat Pay public key.
 *
 * @since 0.1.0
 * @category utils
 */
export const addPublicKey = (keyring: Keyring, config: PublicKeyConfig): Effect.Effect<Keyring, InvalidKeyError> =>
  Effect.map(
    Effect.suspend(() => Effect.fromResult(loadPublicKey(config.key))),
    (key) => {
      const entries = new Map(keyring.entries)
      const serial = normalizeSerial(config.id)
      entries.set(serial, { serial, kind: "publicKey", key })
      return fromEntries(entries)
    }
  )

/**
 * Adds platform certificates (X.509 PEM); each one's serial is read from the certificate itself.
 *
 * @since 0.1.0
 * @category utils
 */
export const addCertificates = (
  keyring: Keyring,
  certificates: ReadonlyArray<string>
): Effect.Effect<Keyring, InvalidKeyError> =>
  Effect.suspend(() => {
    const entries = new Map(keyring.entries)
    for (const pem of certificates) {
      const loaded = loadCertificate(pem)
      if (Result.isFailure(loaded)) return Effect.fail(loaded.failure)
      const { key, notAfter, notBefore, serial } = loaded.success
      entries.set(serial, { serial, kind: "certificate", key, notBefore, notAfter, certificate: loaded.success.pem })
    }
    return Effect.succeed(fromEntries(entries))
  })

/**
 * Replaces all platform certificates (keeping the public key), as after a certificate download.
 *
 * @since 0.1.0
 * @category utils
 */
export const replaceCertificates = (
  keyring: Keyring,
  certificates: ReadonlyArray<string>
): Effect.Effect<Keyring, InvalidKeyError> => {
  const kept = new Map([...keyring.entries].filter(([, entry]) => entry.kind === "publicKey"))
  return addCertificates(fromEntries(kept), certificates)
}

/**
 * Looks a key up by `Wechatpay-Serial` (case-insensitive).
 *
 * @since 0.1.0
 * @category utils
 */
export const get = (keyring: Keyring, serial: string): Option.Option<Entry> =>
  Option.fromUndefinedOr(keyring.entries.get(serial) ?? keyring.entries.get(normalizeSerial(serial)))

/**
 * The key to encrypt sensitive fields with: the WeChat Pay public key when one is configured (the mode WeChat Pay
 * migrates merchants to), otherwise the platform certificate with the latest `notBefore`.
 *
 * @since 0.1.0
 * @category utils
 */
export const newest = (keyring: Keyring): Option.Option<Entry> => {
  let best: Entry | undefined
  for (const entry of keyring.entries.values()) {
    if (entry.kind === "publicKey") return Option.some(entry)
    if (best === undefined || (entry.notBefore?.getTime() ?? 0) > (best.notBefore?.getTime() ?? 0)) best = entry
  }
  return Option.fromUndefinedOr(best)
}

/**
 * The serials held, in insertion order.
 *
 * @since 0.1.0
 * @category utils
 */
export const serials = (keyring: Keyring): ReadonlyArray<string> => [...keyring.entries.keys()]
