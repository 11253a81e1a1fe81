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
  /** 核销明细 rows, oldest first (amounts in fen). */
  readonly favorUseFlow: ReadonlyArray<Sandbox.FavorFlowRow>
  /** 退款明细 rows, oldest first (amounts in fen). */
  readonly favorRefundFlow: ReadonlyArray<Sandbox.FavorFlowRow>
  /** Flow files handed out by 下载批次核销/退款明细, by download token. */
  readonly flowFiles: ReadonlyMap<string, FlowFile>
  /** How many flow-file tokens were handed out (the next token's number). */
  readonly flowFileSequence: number
  /** Images uploaded through 图片上传(营销专用), by `media_url`. */
  readonly uploadedImages: ReadonlyMap<string, UploadedImage>
}

/** A flow file as served by `/v3/billdownload/file`. @internal */
export interface FlowFile {
  readonly content: Uint8Array
  /** Gateway clock, epoch milliseconds; the link is valid 30 s. */
  readonly expiresAt: number
}

/** An image the marketing upload accepted. @internal */
export interface UploadedImage {
  readonly mediaUrl: string
  readonly filename: string
  readonly sha256: string
  readonly size: number
}

/** @internal */
export const couponKey = (openid: string, couponCode: string, appid: string): string =>
  JSON.stringify([openid, couponCode, appid])
