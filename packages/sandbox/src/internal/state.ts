/**
 * The gateway's fixed configuration and its changing state, shared by the gateway and the behaviours.
 *
 * @internal
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto"
import type { Favor } from "@effect-wechatpay/schema"
import * as Redacted from "effect/Redacted"
import type * as Sandbox from "../SandboxTypes.js"

/** A platform certificate with its parsed signing key. @internal */
export interface PlatformKey {
  readonly serialNumber: string
  readonly certificatePem: string
  readonly privateKey: KeyObject
  readonly notBefore: Date
  readonly notAfter: Date
}

/** @internal */
export const platformKey = (certified: Sandbox.CertifiedKey): PlatformKey => ({
  serialNumber: certified.serialNumber,
  certificatePem: certified.certificatePem,
  privateKey: privateKey(certified.privateKeyPem),
  notBefore: certified.notBefore,
  notAfter: certified.notAfter
})

/** Fixed per sandbox: identities and parsed keys. @internal */
export interface GatewayConfig {
  readonly mchid: string
  readonly merchantSerialNumber: string
  readonly merchantPublicKey: KeyObject
  /** Signs responses for the UnknownSerial fault: a key no client holds as a WeChat Pay key. */
  readonly strangerKey: KeyObject
  readonly apiV3Key: string
  readonly publicKeyId: string
  readonly publicKeyPrivate: KeyObject
  readonly serveCertificates: boolean
  readonly now: () => number
  /** `Options.auditBusifavorStocks`: a created 商家券 batch starts UNAUDIT instead of RUNNING. */
  readonly auditBusifavorStocks: boolean
}

/** Parses a PKCS#8 PEM once. @internal */
export const privateKey = (pem: Redacted.Redacted<string>): KeyObject => createPrivateKey(Redacted.value(pem))

/** The public key of a certificate or SPKI PEM. @internal */
export const publicKey = (pem: string): KeyObject => createPublicKey(pem)

/** @internal */
export interface PendingFault {
  readonly fault: Sandbox.Fault
  readonly remaining: number
}

/** @internal */
export type FavorStockCreated = typeof Favor.CreateCouponStockResponse.Encoded

/** The state of one code uploaded to a MERCHANT_UPLOAD 商家券 batch. @internal */
export interface BusifavorCode {
  readonly code: string
  readonly status: "AVAILABLE" | "DISPATCHED"
  readonly uploadTime: string
  /** Set once dispatched: who received it, and when. */
  readonly dispatched?: {
    readonly time: string
    readonly openid: string
    readonly appid: string
  }
}

/**
 * The first successful answer to a request number, replayed for a retry. `fingerprint` is the decoded request as
 * JSON: the same number with another request is a conflict.
 *
 * @internal
 */
export interface BusifavorReply {
  readonly fingerprint: string
  readonly answer: { readonly _tag: "Ok"; readonly body: unknown } | { readonly _tag: "NoContent" }
}

/** Everything a sandbox changes while it runs. @internal */
export interface GatewayState {
  readonly mode: Sandbox.SigningMode
  /** Oldest first; the last one signs. */
  readonly platform: ReadonlyArray<PlatformKey>
  readonly faults: ReadonlyArray<PendingFault>
  readonly stocks: ReadonlyMap<string, Sandbox.BusifavorStock>
  readonly coupons: ReadonlyMap<string, Sandbox.UserCouponSeed>
  readonly favorStocks: ReadonlyMap<string, FavorStockCreated>
  readonly favorSequence: number
  /** Uploaded 商家券 codes per stock_id, in upload order (Map order), keyed by code. */
  readonly busifavorCodes: ReadonlyMap<string, ReadonlyMap<string, BusifavorCode>>
  /** First answers of the 商家券 writes, keyed by endpoint, scope and request number. */
  readonly busifavorReplies: ReadonlyMap<string, BusifavorReply>
  /** Beijing date (YYYY-MM-DD) the `today_*` send counters of a stock belong to; absent: today. */
  readonly busifavorSendDay: ReadonlyMap<string, string>
  /** Last sequence number used for 商家券 stock ids and generated coupon codes. */
  readonly busifavorSequence: number
}

/** @internal */
export const couponKey = (openid: string, couponCode: string, appid: string): string =>
  JSON.stringify([openid, couponCode, appid])
