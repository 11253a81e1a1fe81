/**
 * The gateway's fixed configuration and its changing state, shared by the gateway and the behaviours.
 *
 * @internal
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto"
import type * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import type * as Favor from "@effect-wechatpay/schema/Favor"
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
  /** The gateway clock, epoch milliseconds: `Options.now`/`clockSkewSeconds`, moved on by `advanceTime`. */
  readonly now: () => number
  /**
   * The clock signatures are made and checked with: the gateway clock without what `advanceTime` added, so that a
   * client on the real clock stays within the 5-minute window and accepts the timestamps it gets.
   */
  readonly signingNow: () => number
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

/** A 营销补差付款单 as the gateway serves it (it always has its id: the sandbox pays at once). @internal */
export type SubsidyPayReceiptWire = typeof Busifavor.SubsidyPayReceipt.Encoded & { readonly subsidy_receipt_id: string }

/** A 营销补差回退单 as the gateway serves it (it always has its id: the sandbox returns at once). @internal */
export type SubsidyReturnReceiptWire = typeof Busifavor.SubsidyReturnReceipt.Encoded & {
  readonly subsidy_return_receipt_id: string
}

/** A merchant's 商家券事件通知地址 and when it was set. @internal */
export interface BusifavorNotifyUrl {
  readonly notify_url: string
  readonly update_time: string
}

/** A consumer card sent by 发放消费卡: the request's fields and the code answered. @internal */
export interface BusifavorGovCard {
  readonly card_id: string
  readonly appid: string
  readonly openid: string
  readonly send_time: string
  readonly card_code: string
}

/** 代金券批次 as 查询批次详情 answers it (wire shape). @internal */
export type FavorStock = typeof Favor.Stock.Encoded

/** 代金券 as 查询代金券详情 answers it (wire shape). @internal */
export type FavorCoupon = typeof Favor.Coupon.Encoded

/**
 * A 代金券 stock as the sandbox keeps it: what 查询批次详情 answers, the rules of the create request the answer does
 * not show (usable merchants and items, validity after receipt), and the sending counters.
 *
 * @internal
 */
export interface FavorStockRecord {
  readonly stock: FavorStock
  readonly created: Favor.CreateCouponStockRequest
  /** Fen sent so far (face values of the coupons sent). */
  readonly sentAmount: number
  /** Fen sent on `sentDay` (a Beijing date, `yyyy-MM-dd`), for `max_amount_by_day`. */
  readonly sentDay: string
  readonly sentAmountToday: number
  /** Coupons received per user: the openid, or the natural person when `natural_person_limit` is on. */
  readonly received: ReadonlyMap<string, number>
  /** The last pause and restart, as answered. */
  readonly pauseTime?: string
  readonly restartTime?: string
}

/** A 代金券 with the user it was sent to. @internal */
export interface FavorCouponRecord {
  readonly openid: string
  readonly appid: string
  /** The merchant that sent it (the caller of 发放代金券批次). */
  readonly sender_mchid: string
  readonly coupon: FavorCoupon
}

/** The marketing notify URL of one merchant (设置消息通知地址). @internal */
export interface FavorNotifyConfig {
  readonly notify_url: string
  /** false: COUPON.USE pushes are switched off. */
  readonly switch: boolean
  readonly update_time: string
}

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
 * The first successful answer to a request number of an idempotent write, replayed for a retry. `fingerprint` is the
 * decoded request as canonical JSON: the same number with another request is a conflict.
 *
 * @internal
 */
export interface RememberedAnswer {
  readonly fingerprint: string
  readonly answer: { readonly _tag: "Ok"; readonly body: unknown } | { readonly _tag: "NoContent" }
}

/**
 * A notification a transition decided to send: the event and the URL set for it. The gateway hands the outbox to the
 * notifier after each request (and control), which POSTs in the background.
 *
 * @internal
 */
export type OutgoingNotification = Sandbox.NotificationEvent & { readonly url: string }

/** @internal */
export interface PendingNotificationFault {
  readonly fault: Sandbox.NotificationFault
  readonly remaining: number
}

/** Everything a sandbox changes while it runs. @internal */
export interface GatewayState {
  readonly mode: Sandbox.SigningMode
  /** Oldest first; the last one signs. */
  readonly platform: ReadonlyArray<PlatformKey>
  readonly faults: ReadonlyArray<PendingFault>
  /** Notification faults, oldest first; each delivery attempt consumes at most one. */
  readonly notificationFaults: ReadonlyArray<PendingNotificationFault>
  /** Notifications decided but not yet handed to the notifier, oldest first. */
  readonly outbox: ReadonlyArray<OutgoingNotification>
  /** First answers of the idempotent writes, keyed by endpoint, calling merchant, scope values and request number. */
  readonly replies: ReadonlyMap<string, RememberedAnswer>
  readonly stocks: ReadonlyMap<string, Sandbox.BusifavorStock>
  readonly coupons: ReadonlyMap<string, Sandbox.UserCouponSeed>
  /** Last sequence number used for 代金券 stock ids, coupon ids and transaction ids. */
  readonly favorSequence: number
  /** 商家券事件通知地址 keyed by mchid: where 商家券 event notifications (`COUPON.SEND`, …) are to be POSTed. */
  readonly busifavorNotifyUrl: ReadonlyMap<string, BusifavorNotifyUrl>
  /** 发放消费卡: the cards sent, keyed by `card_code`, in order. */
  readonly busifavorGovCards: ReadonlyMap<string, BusifavorGovCard>
  /** 营销补差付款单 keyed by `subsidy_receipt_id`, in order of creation. */
  readonly subsidyPayReceipts: ReadonlyMap<string, SubsidyPayReceiptWire>
  /** 营销补差回退单 keyed by `subsidy_return_receipt_id`, in order of creation. */
  readonly subsidyReturnReceipts: ReadonlyMap<string, SubsidyReturnReceiptWire>
  /** 代金券 stocks by `stock_id`. */
  readonly favorStockRecords: ReadonlyMap<string, FavorStockRecord>
  /** 代金券 by `coupon_id`, each with what 查询代金券详情 answers plus its owner. */
  readonly favorCoupons: ReadonlyMap<string, FavorCouponRecord>
  /** Openids declared one natural person (`markFavorNaturalPerson`): openid → person. */
  readonly favorNaturalPersons: ReadonlyMap<string, string>
  /** 消息通知地址 by merchant id (设置消息通知地址); the COUPON.USE notification posts here. */
  readonly favorNotifyUrl: ReadonlyMap<string, FavorNotifyConfig>
  /** Every 代金券 redemption (`markFavorCouponUsed`), oldest first: the rows of the 核销明细 file. */
  readonly favorUseFlow: ReadonlyArray<Sandbox.FavorUseRecord>
  /** 退款明细 rows, oldest first (amounts in fen). */
  readonly favorRefundFlow: ReadonlyArray<Sandbox.FavorFlowRow>
  /** Flow files handed out by 下载批次核销/退款明细, by download token. */
  readonly flowFiles: ReadonlyMap<string, FlowFile>
  /** How many flow-file tokens were handed out (the next token's number). */
  readonly flowFileSequence: number
  /** Images uploaded through 图片上传(营销专用), by `media_url`. */
  readonly uploadedImages: ReadonlyMap<string, UploadedImage>
  /** Uploaded 商家券 codes per stock_id, in upload order (Map order), keyed by code. */
  readonly busifavorCodes: ReadonlyMap<string, ReadonlyMap<string, BusifavorCode>>
  /** Beijing date (YYYY-MM-DD) the `today_*` send counters of a stock belong to; absent: today. */
  readonly busifavorSendDay: ReadonlyMap<string, string>
  /** Last sequence number used for 商家券 stock ids and generated coupon codes. */
  readonly busifavorSequence: number
}

/** @internal */
export const couponKey = (openid: string, couponCode: string, appid: string): string =>
  JSON.stringify([openid, couponCode, appid])

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
