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
import type { ProductCouponState } from "./productCoupon.js"

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
  /** 品牌ID, and the brand's certificate serial and public key: the brand API's signer (`/brand/…`). */
  readonly brandId: string
  readonly brandSerialNumber: string
  readonly brandPublicKey: KeyObject
  /** The brand's 品牌API密钥: encrypts its notifications. */
  readonly brandApiKey: string
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

/** What the gateway keeps for every family: how it signs, the faults it is told to inject, the idempotent writes' first answers, the uploaded images. @internal */
export interface SharedState {
  readonly mode: Sandbox.SigningMode
  /** Oldest first; the last one signs. */
  readonly platform: ReadonlyArray<PlatformKey>
  /** Request faults, oldest first; each matching request consumes at most one. */
  readonly faults: ReadonlyArray<PendingFault>
  /** First answers of the idempotent writes, keyed by endpoint, calling merchant, scope values and request number. */
  readonly idempotentAnswers: ReadonlyMap<string, RememberedAnswer>
  /** Images uploaded through 图片上传(营销专用), by `media_url` (used by both families). */
  readonly uploadedImages: ReadonlyMap<string, UploadedImage>
}

/** Notifications decided and the faults their deliveries are told to meet. @internal */
export interface NotificationState {
  /** Notifications decided but not yet handed to the notifier, oldest first. */
  readonly outbox: ReadonlyArray<OutgoingNotification>
  /** Notification faults, oldest first; each delivery attempt consumes at most one. */
  readonly faults: ReadonlyArray<PendingNotificationFault>
}

/** 商家券 (busifavor): stocks, the coupons in users' card packs, uploaded codes, cards, 营销补差 receipts. @internal */
export interface BusifavorState {
  /** Stocks by `stock_id`, as 查询商家券批次详情 serves them. */
  readonly stocks: ReadonlyMap<string, Sandbox.BusifavorStock>
  /** Coupons in users' card packs by `couponKey(openid, coupon_code, appid)`, as 查询用户单张券详情 serves them. */
  readonly userCoupons: ReadonlyMap<string, Sandbox.UserCouponSeed>
  /**
   * How many of `userCoupons` each openid holds of each stock, by `heldKey(stock_id, openid)`: what a send checks
   * `max_coupons_per_user` against, kept with `userCoupons` so that a send does not walk every coupon held.
   */
  readonly heldPerUser: ReadonlyMap<string, number>
  /** Uploaded codes per `stock_id`, in upload order (Map order), keyed by code. */
  readonly uploadedCodes: ReadonlyMap<string, ReadonlyMap<string, BusifavorCode>>
  /** Beijing date (YYYY-MM-DD) the `today_*` send counters of a stock belong to; absent: today. */
  readonly sendDay: ReadonlyMap<string, string>
  /** 商家券事件通知地址 by mchid: where 商家券 event notifications (`COUPON.SEND`, …) are to be POSTed. */
  readonly notifyUrls: ReadonlyMap<string, BusifavorNotifyUrl>
  /** 发放消费卡: the cards sent, keyed by `card_code`, in order. */
  readonly govCards: ReadonlyMap<string, BusifavorGovCard>
  /** 营销补差付款单 by `subsidy_receipt_id`, in order of creation. */
  readonly subsidyPayReceipts: ReadonlyMap<string, SubsidyPayReceiptWire>
  /** 营销补差回退单 by `subsidy_return_receipt_id`, in order of creation. */
  readonly subsidyReturnReceipts: ReadonlyMap<string, SubsidyReturnReceiptWire>
  /** Last sequence number used for stock ids and generated coupon codes. */
  readonly sequence: number
}

/** 代金券 (favor): stocks, coupons, natural persons, the notify URL, the 核销/退款 flows and their files. @internal */
export interface FavorState {
  /** Stocks by `stock_id`, with their create request and sending counters. */
  readonly stocks: ReadonlyMap<string, FavorStockRecord>
  /** Coupons by `coupon_id`, each with what 查询代金券详情 answers plus its owner. */
  readonly coupons: ReadonlyMap<string, FavorCouponRecord>
  /** Openids declared one natural person (`markFavorNaturalPerson`): openid → person. */
  readonly naturalPersons: ReadonlyMap<string, string>
  /** 消息通知地址 by merchant id (设置消息通知地址); the COUPON.USE notification posts here. */
  readonly notifyUrls: ReadonlyMap<string, FavorNotifyConfig>
  /** Every redemption (`markFavorCouponUsed`), oldest first: the rows of the 核销明细 file. */
  readonly useFlow: ReadonlyArray<Sandbox.FavorUseRecord>
  /** 退款明细 rows, oldest first (amounts in fen). */
  readonly refundFlow: ReadonlyArray<Sandbox.FavorFlowRow>
  /** Flow files handed out by 下载批次核销/退款明细, by download token. */
  readonly flowFiles: ReadonlyMap<string, FlowFile>
  /** How many flow-file tokens were handed out (the next token's number). */
  readonly flowFileSequence: number
  /** Last sequence number used for stock ids, coupon ids and transaction ids. */
  readonly sequence: number
}

/** Everything a sandbox changes while it runs: one part shared by the families, one per family. @internal */
export interface GatewayState {
  readonly shared: SharedState
  readonly notifications: NotificationState
  readonly busifavor: BusifavorState
  readonly favor: FavorState
  readonly productCoupon: ProductCouponState
}

/** `current` with some of its 商家券 state replaced. @internal */
export const withBusifavor = (current: GatewayState, patch: Partial<BusifavorState>): GatewayState => ({
  ...current,
  busifavor: { ...current.busifavor, ...patch }
})

/** `current` with some of its 代金券 state replaced. @internal */
export const withFavor = (current: GatewayState, patch: Partial<FavorState>): GatewayState => ({
  ...current,
  favor: { ...current.favor, ...patch }
})

/** `current` with some of its 商品券 state replaced. @internal */
export const withProductCoupon = (current: GatewayState, patch: Partial<ProductCouponState>): GatewayState => ({
  ...current,
  productCoupon: { ...current.productCoupon, ...patch }
})

/** `current` with some of its shared state replaced. @internal */
export const withShared = (current: GatewayState, patch: Partial<SharedState>): GatewayState => ({
  ...current,
  shared: { ...current.shared, ...patch }
})

/** `current` with some of its notification state replaced. @internal */
export const withNotifications = (current: GatewayState, patch: Partial<NotificationState>): GatewayState => ({
  ...current,
  notifications: { ...current.notifications, ...patch }
})

/** @internal */
export const couponKey = (openid: string, couponCode: string, appid: string): string =>
  JSON.stringify([openid, couponCode, appid])

/** The key of `BusifavorState.heldPerUser` (a coupon without a stock is counted under none: no send asks for it). @internal */
export const heldKey = (stockId: string | null | undefined, openid: string): string => `${stockId ?? ""}\u0000${openid}`

/** `heldPerUser` counted from `userCoupons` (a state built whole: the initial one, a seeded coupon). @internal */
export const countHeld = (userCoupons: Iterable<Sandbox.UserCouponSeed>): Map<string, number> => {
  const counts = new Map<string, number>()
  for (const held of userCoupons) {
    const key = heldKey(held.coupon.stock_id, held.openid)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
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

/**
 * `map` with `key` set to `value`, written in place. For the large maps a send grows (coupons, remembered answers),
 * where copying them on every write made the n-th send cost O(n). Safe only where the write is the last step of a
 * successful transition: a transition that fails answers with the state it started from, which must not have been
 * written. Every caller says why it is.
 *
 * @internal
 */
export const putLast = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> => {
  // The gateway creates these maps as `Map`s; `ReadonlyMap` only keeps behaviours from writing them by accident.
  ;(map as Map<K, V>).set(key, value)
  return map
}
