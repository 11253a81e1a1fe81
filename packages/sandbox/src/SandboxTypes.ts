/**
 * The sandbox's public types: options, the running handle, faults, the request log and the fixture shapes. Defined
 * here, in a module that imports nothing from the sandbox, so that `Sandbox.ts` (which re-exports them) and the
 * `internal/` modules (which use them) both depend on it and never on each other.
 *
 * @since 0.1.0
 */
import type * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import type * as Favor from "@effect-wechatpay/schema/Favor"
import type * as ProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"

/**
 * Which key signs responses: the platform certificate (`Wechatpay-Serial` = certificate serial) or the
 * 微信支付公钥 (`Wechatpay-Serial` = `PUB_KEY_ID_…`).
 *
 * @since 0.1.0
 * @category models
 */
export type SigningMode = "publicKey" | "certificate"

/**
 * A key pair with its X.509 certificate (商户API证书 or 平台证书); serial in upper-case hex.
 *
 * @since 0.1.0
 * @category models
 */
export interface CertifiedKey {
  /** Certificate serial number, upper-case hex. */
  readonly serialNumber: string
  /** X.509 certificate, PEM. */
  readonly certificatePem: string
  /** PKCS#8 private key, PEM. */
  readonly privateKeyPem: Redacted.Redacted<string>
  readonly notBefore: Date
  readonly notAfter: Date
}

/**
 * The 微信支付公钥 with its id and private half.
 *
 * @since 0.1.0
 * @category models
 */
export interface PublicKeyMaterial {
  /** `PUB_KEY_ID_` followed by digits. */
  readonly id: string
  /** SPKI public key, PEM. */
  readonly publicKeyPem: string
  /** PKCS#8 private key, PEM. */
  readonly privateKeyPem: Redacted.Redacted<string>
}

/**
 * Every key, certificate and secret a sandbox uses; generate once with {@link generateMaterial} and pass as
 * `options.material` so that many sandboxes share it (RSA key generation is the slow part of start-up).
 *
 * @since 0.1.0
 * @category models
 */
export interface Material {
  readonly merchant: CertifiedKey
  readonly platform: CertifiedKey
  readonly wechatpayPublicKey: PublicKeyMaterial
  readonly apiV3Key: Redacted.Redacted<string>
  /**
   * The brand's API key and certificate (品牌API证书), for the brand API (`/brand/…`). Material made before the brand
   * API existed has none: the sandbox then generates one when it starts.
   */
  readonly brand?: CertifiedKey | undefined
  /**
   * The brand's 品牌API密钥 (32 characters): encrypts the brand's notifications. Material made before the brand's
   * notifications existed has none: the sandbox then generates one when it starts.
   *
   * @since 0.2.0
   */
  readonly brandApiKey?: Redacted.Redacted<string> | undefined
}

/**
 * What a client needs to call the sandbox: merchant identity and keys, the APIv3 key and the WeChat Pay keys.
 *
 * @since 0.1.0
 * @category models
 */
export interface Credentials {
  readonly mchid: string
  /** Serial of the merchant API certificate, upper-case hex; goes into `serial_no`. */
  readonly merchantSerialNumber: string
  /** PKCS#8 PEM of the merchant API private key (apiclient_key.pem). */
  readonly merchantPrivateKey: Redacted.Redacted<string>
  /** PEM of the merchant API certificate (apiclient_cert.pem). */
  readonly merchantCertificate: string
  /** The 32-character APIv3 key. */
  readonly apiV3Key: Redacted.Redacted<string>
  /** The 微信支付公钥 and its id. */
  readonly wechatpayPublicKey: { readonly id: string; readonly key: string }
  /** PEMs of the platform certificates `/v3/certificates` serves right now (live: grows on rotation). */
  readonly platformCertificates: ReadonlyArray<string>
  /**
   * The brand's credentials for the brand API (`/brand/…`, 商品券's `ProductCoupon`): 品牌ID, the serial and private
   * key of the 品牌API证书. The brand's 微信支付公钥 is {@link Credentials.wechatpayPublicKey}.
   *
   * @since 0.2.0
   */
  readonly brand: BrandCredentials
}

/**
 * A brand's identity and key (品牌经营平台), as `WechatPayBrand.Options` takes them.
 *
 * @since 0.2.0
 * @category models
 */
export interface BrandCredentials {
  /** 品牌ID; goes into `brand_id`. */
  readonly brandId: string
  /** Serial of the 品牌API证书, upper-case hex; goes into `serial_no`. */
  readonly brandSerialNumber: string
  /** PKCS#8 PEM of the 品牌API证书 private key. */
  readonly brandPrivateKey: Redacted.Redacted<string>
  /**
   * The 32-character 品牌API密钥 the brand's notifications (`PRODUCT_COUPON.SEND`) are encrypted with; the brand
   * client's `brandApiKey`.
   *
   * @since 0.2.0
   */
  readonly brandApiKey: Redacted.Redacted<string>
}

/**
 * What an injected fault does to a matching request.
 *
 * - `Error`: answer this API error (signed), without running the request.
 * - `RawError`: answer a non-JSON, unsigned body, as a proxy in front of the gateway would.
 * - `TamperBody`: sign the real body, then change one byte of the body sent.
 * - `StaleTimestamp`: sign correctly with a `Wechatpay-Timestamp` this many seconds in the past.
 * - `UnknownSerial`: sign with a key and serial the client cannot know.
 * - `SignTest`: send a `WECHATPAY/SIGNTEST/…` probe signature.
 * - `DropHeaders`: omit every `Wechatpay-*` header.
 * - `Latency`: wait this long before answering normally.
 * - `SetField`: run the request, then set this top-level field of its 2xx JSON answer to `value` (JSON) and sign the
 *   body sent: an answer that verifies but does not decode (`DecodeError`, whose `body` keeps the rest).
 *
 * @since 0.1.0
 * @category models
 */
export type FaultKind =
  | {
      readonly _tag: "Error"
      readonly status: number
      readonly code: string
      readonly message?: string
      readonly detail?: unknown
    }
  | { readonly _tag: "RawError"; readonly status: number; readonly body: string; readonly contentType?: string }
  | { readonly _tag: "TamperBody" }
  | { readonly _tag: "StaleTimestamp"; readonly seconds: number }
  | { readonly _tag: "UnknownSerial" }
  | { readonly _tag: "SignTest" }
  | { readonly _tag: "DropHeaders" }
  | { readonly _tag: "Latency"; readonly millis: number }
  | { readonly _tag: "SetField"; readonly field: string; readonly value: unknown }

/**
 * Which requests a fault applies to. `method` compares case-insensitively; a string `path` matches the raw
 * path (no query) or the route template such as `/v3/marketing/busifavor/stocks/{stock_id}`; a RegExp is
 * searched in the raw path. Without `path`, every request except `/v3/certificates` matches.
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultMatch {
  readonly method?: string
  readonly path?: string | RegExp
}

/**
 * A scripted fault: applies to the next `times` (default 1) matching requests, then normal behaviour resumes.
 * Faults form a queue; each request consumes at most one, the oldest that matches.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fault {
  readonly match?: FaultMatch
  readonly times?: number
  readonly kind: FaultKind
}

/**
 * Which part of the request signature the gateway rejected, reported as `detail.issue` of a 401 SIGN_ERROR.
 *
 * @since 0.1.0
 * @category models
 */
export type SignErrorIssue =
  | "missing_authorization"
  | "malformed_authorization"
  | "scheme"
  | "mchid"
  | "brand_id"
  | "serial_no"
  | "timestamp_in_milliseconds"
  | "timestamp"
  | "timestamp_expired"
  | "nonce_str"
  | "signature"

/**
 * The parsed `Authorization` header of a request.
 *
 * @since 0.1.0
 * @category models
 */
export interface Authorization {
  readonly scheme: string
  readonly mchid: string
  readonly nonceStr: string
  readonly timestamp: string
  readonly serialNo: string
  readonly signature: string
}

/**
 * One entry of the request log, with the answer the sandbox gave.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedRequest {
  /** The `Request-ID` sent back (RawError answers carry none). */
  readonly requestId: string
  /** Gateway clock when the request arrived, epoch milliseconds. */
  readonly receivedAt: number
  readonly method: string
  /** The raw request target exactly as on the request line. */
  readonly target: string
  /** `target` without the query string, still percent-encoded. */
  readonly path: string
  /** Raw query string without `?`; empty when there is none. */
  readonly query: string
  /** Request headers, names lower-case. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly authorization: Option.Option<Authorization>
  readonly status: number
  /** The error `code` of the answer, if it was an API error. */
  readonly code: Option.Option<string>
  /** The fault that was applied, if any. */
  readonly fault: Option.Option<FaultKind["_tag"]>
}

/**
 * 商家券批次 as `GET /v3/marketing/busifavor/stocks/{stock_id}` returns it (wire field names).
 *
 * @since 0.1.0
 * @category models
 */
export type BusifavorStock = typeof Busifavor.QueryStockResponse.Encoded

/**
 * 商家券 in a user's card pack as `GET …/users/{openid}/coupons/{coupon_code}/appids/{appid}` returns it.
 *
 * @since 0.1.0
 * @category models
 */
export type BusifavorCoupon = typeof Busifavor.QueryCouponResponse.Encoded

/**
 * A coupon with the openid and appid it is found under.
 *
 * @since 0.1.0
 * @category models
 */
export interface UserCouponSeed {
  readonly openid: string
  readonly appid: string
  /** The coupon as served; `coupon_code` (optional on the wire) is required here: it is part of the lookup key. */
  readonly coupon: BusifavorCoupon & { readonly coupon_code: string }
}

/**
 * What {@link Sandbox.markFavorCouponUsed} takes: the coupon and, optionally, the redemption details (the sandbox
 * fills in the rest: now, the stock's creator, a transaction id of its own).
 *
 * @since 0.1.0
 * @category models
 */
export interface MarkFavorCouponUsed {
  /** A coupon sent by 发放代金券批次. */
  readonly coupon_id: string
  /** 核销商户号; default the stock's creator. */
  readonly consume_mchid?: string
  /** 微信支付单号; default a 28-digit id made from the sandbox's sequence. */
  readonly transaction_id?: string
  /** RFC3339 time of use; default the gateway clock, in Beijing time. */
  readonly consume_time?: string
  /** Amount of the order the coupon was used on, in fen (`consume_information.consume_amount`, 订单总金额). */
  readonly consume_amount?: number
}

/**
 * One 代金券 redemption, as {@link Sandbox.markFavorCouponUsed} records it: the facts of one row of the 核销明细
 * (use-flow) file. Amounts in fen, times RFC3339 as served.
 *
 * @since 0.1.0
 * @category models
 */
export interface FavorUseRecord {
  readonly stock_id: string
  readonly coupon_id: string
  /** Face value of the coupon (优惠金额), fen. */
  readonly coupon_amount: number
  readonly transaction_id: string
  readonly consume_time: string
  readonly consume_mchid: string
  /** 订单总金额, fen, when the redemption named it (`consume_amount`). */
  readonly order_amount?: number
}

/**
 * One row of a 代金券 flow file (核销明细 or 退款明细) as the sandbox keeps it: amounts in fen, times RFC3339 (Beijing
 * time is printed) or already printed as `yyyy-MM-dd HH:mm:ss`. A redemption recorded by `markFavorCouponUsed` is one.
 *
 * @since 0.1.0
 * @category models
 */
export type FavorFlowRow = FavorUseRecord

/**
 * A notification the sandbox can POST, with its decrypted `resource` in wire form: 商家券 领券事件 (`COUPON.SEND`),
 * 代金券 核销事件 (`COUPON.USE`), or 商品券发放通知 (`PRODUCT_COUPON.SEND` to a brand, `PRODUCT_COUPON_SP.SEND` to a
 * service provider).
 *
 * @since 0.1.0
 * @category models
 */
export type NotificationEvent =
  | {
      readonly eventType: "COUPON.SEND"
      readonly resource: typeof Busifavor.CouponSendNotification.Encoded
    }
  | {
      readonly eventType: "COUPON.USE"
      readonly resource: typeof Favor.CouponUseNotification.Encoded
    }
  | {
      /**
       * 商品券发放通知 to a brand (`@since 0.2.0`): signed with the 微信支付公钥, encrypted with the 品牌API密钥;
       * `PRODUCT_COUPON_SP.SEND` is the same event sent to the service provider (its APIv3 key, its signing mode).
       */
      readonly eventType: "PRODUCT_COUPON.SEND" | "PRODUCT_COUPON_SP.SEND"
      readonly resource: typeof ProductCoupon.UserProductCouponNotification.Encoded
    }

/**
 * What {@link Sandbox.deliverNotification} takes: the event, and optionally where to POST it and its id.
 *
 * @since 0.1.0
 * @category models
 */
export type DeliverNotification = NotificationEvent & {
  /**
   * Default: the URL set for the event (B18 for `COUPON.SEND`, F18 for `COUPON.USE`, the brand's or the service
   * provider's 商品券事件通知地址 for `PRODUCT_COUPON.SEND` / `PRODUCT_COUPON_SP.SEND`); dies when none is set.
   */
  readonly url?: string
  /** The notification id; default a random UUID. */
  readonly id?: string
}

/**
 * What an injected notification fault does to one delivery attempt.
 *
 * - `TamperBody`: sign the real body, then change one byte of the body sent (the JSON stays valid).
 * - `Stale`: sign correctly with a `Wechatpay-Timestamp` shifted `seconds` into the past (negative: the future).
 * - `SignTest`: send a `WECHATPAY/SIGNTEST/…` probe signature.
 * - `UnknownSerial`: sign with a key and serial the client cannot know.
 * - `Duplicate`: POST the same notification (same id and body) twice, each signed afresh.
 *
 * @since 0.1.0
 * @category models
 */
export type NotificationFaultKind =
  | { readonly _tag: "TamperBody" }
  | { readonly _tag: "Stale"; readonly seconds: number }
  | { readonly _tag: "SignTest" }
  | { readonly _tag: "UnknownSerial" }
  | { readonly _tag: "Duplicate" }

/**
 * A scripted notification fault: applies to the next `times` (default 1) delivery attempts of a matching event type
 * (every type without `eventType`); each attempt consumes at most one, the oldest that matches. A forged attempt
 * that the receiver rejects is redelivered on the schedule, like any failure.
 *
 * @since 0.1.0
 * @category models
 */
export interface NotificationFault {
  readonly eventType?: string
  readonly times?: number
  readonly kind: NotificationFaultKind
}

/**
 * One POST of a notification, with the answer it got.
 *
 * @since 0.1.0
 * @category models
 */
export interface DeliveryRecord {
  /** The notification id: the same on every attempt. */
  readonly id: string
  readonly eventType: string
  readonly url: string
  /** 1 for the first delivery, 2 for the first redelivery, … (a `Duplicate`'s two POSTs share their number). */
  readonly attempt: number
  /** Gateway clock when the POST started, epoch milliseconds. */
  readonly sentAt: number
  /** The HTTP status of the answer; none when the POST failed or timed out. */
  readonly status: Option.Option<number>
  /** The answer's body (UTF-8, at most 4 KiB kept); empty when there was none. */
  readonly response: string
  /** Why the POST failed (connection refused, timeout, …); none when it got an answer. */
  readonly error: Option.Option<string>
  /** True for a 2xx answer: WeChat Pay stops redelivering. */
  readonly delivered: boolean
  /** The notification fault applied to this POST, if any. */
  readonly fault: Option.Option<NotificationFaultKind["_tag"]>
}

/**
 * Start-up options; everything is optional.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Pre-generated keys and certificates; generated at start when absent. */
  readonly material?: Material
  /** Merchant id the gateway accepts; default `Sandbox.defaults.mchid`. */
  readonly mchid?: string
  /** 品牌ID the gateway accepts on `/brand/…` paths; default `Sandbox.defaults.brandId`. @since 0.2.0 */
  readonly brandId?: string
  /** Port on 127.0.0.1; default 0 (random). */
  readonly port?: number
  /** Default "certificate", or "publicKey" when `platformCertificates` is false. */
  readonly signingMode?: SigningMode
  /** False: the merchant has no platform certificates and `/v3/certificates` answers 404 RESOURCE_NOT_EXISTS. */
  readonly platformCertificates?: boolean
  /** Shifts the gateway clock (request skew check and response timestamps) by this many seconds. */
  readonly clockSkewSeconds?: number
  /** Replaces the gateway clock: epoch milliseconds. */
  readonly now?: () => number
  /** How many requests `requests` keeps, the newest; default 1,000. `Infinity` keeps all, 0 none. */
  readonly maxLogEntries?: number
  /**
   * True: a 商家券 batch created with `Busifavor.createStock` starts `UNAUDIT` (审核中) and sends nothing until
   * {@link Sandbox.approveBusifavorStock} makes it `RUNNING`, as batches WeChat Pay reviews. Default false: `RUNNING`
   * at once.
   */
  readonly auditBusifavorStocks?: boolean
  /**
   * Multiplies the notification redelivery schedule (`COUPON.SEND` every 60 s, 11 times in all; `COUPON.USE` every
   * 60 s, 9 times in all; 商品券's `PRODUCT_COUPON.SEND` and `PRODUCT_COUPON_SP.SEND` after 15 s, 15 s, 30 s, 3 min,
   * 10 min, 20 min, 30 min, 30 min, 30 min, 60 min, 3 h, 3 h, 3 h, 6 h, 6 h, 16 times in all). Default 1; tests use
   * e.g. 0.001 (a redelivery every 60 ms).
   */
  readonly redeliveryScale?: number
  /** How long a notification POST may take before it counts as failed, milliseconds; default 5,000 (WeChat Pay's). */
  readonly notificationTimeoutMillis?: number
  /**
   * True: a notification addressed to an `https://` URL is POSTed over plain HTTP to the same host and port (443 when
   * the URL names none). The notify-URL endpoints accept only `https://` URLs, and a test's loopback receiver has no
   * certificate: set `https://127.0.0.1:<port>/…` and receive on an HTTP server. Default false.
   */
  readonly plainHttpNotifications?: boolean
  /**
   * Where every notification is POSTed instead of the URL the merchant set (B18 `Busifavor.setCouponNotify`, F18
   * `Favor.setCallback`); `http://` allowed, so a local receiver needs no certificate. The set URL still decides
   * whether an event is sent and is what the query endpoints answer: the application registers its real `https://`
   * URL, as against WeChat Pay, and the local receiver gets the notifications. `deliverNotification` without a `url`
   * goes there too. The bin's `--notify-url`. Default: none (POST to the URL set). It applies to what a merchant or
   * service provider receives (`COUPON.SEND`, `COUPON.USE`, `PRODUCT_COUPON_SP.SEND`), not to a brand's
   * notifications, which need an endpoint of their own (other keys): see {@link Options.brandNotifyUrl}.
   */
  readonly notifyUrl?: string
  /**
   * Where the brand's notifications (`PRODUCT_COUPON.SEND`) are POSTed instead of the 商品券事件通知地址 the brand
   * set with `ProductCoupon.setNotifyConfig`, as {@link Options.notifyUrl} is for the merchant's. The bin's
   * `--brand-notify-url`. Default: none (POST to the URL set).
   *
   * @since 0.2.0
   */
  readonly brandNotifyUrl?: string
  /**
   * True: the test controls are also served over HTTP, under `/_sandbox/` on the gateway's port (`POST
   * /_sandbox/markFavorCouponUsed`, `GET /_sandbox/notifications`, …; `GET /_sandbox` lists them), so that a test in
   * any language can drive a running sandbox. The bin turns it on. Default false: `/_sandbox/…` is an unknown path.
   */
  readonly httpControls?: boolean
}

/**
 * A running sandbox: its address, the credentials a client needs, and controls for tests.
 *
 * @since 0.1.0
 * @category models
 */
export interface Sandbox {
  /** e.g. `http://127.0.0.1:54321`, no trailing slash. */
  readonly baseUrl: string
  readonly credentials: Credentials
  /** Switches the key that signs responses (except `/v3/certificates`, always signed by the platform certificate). */
  readonly setSigningMode: (mode: SigningMode) => Effect.Effect<void>
  /** Adds a new platform certificate, served next to the old ones and signing from now on; returns its serial. */
  readonly rotateCertificate: () => Effect.Effect<string>
  /** Queues a fault for the next matching request(s). */
  readonly inject: (fault: Fault) => Effect.Effect<void>
  /** Adds or replaces a 商家券 batch, keyed by `stock_id`. */
  readonly seedBusifavorStock: (stock: BusifavorStock) => Effect.Effect<void>
  /** Adds or replaces a user coupon, keyed by openid, coupon_code and appid. */
  readonly seedUserCoupon: (seed: UserCouponSeed) => Effect.Effect<void>
  /**
   * Redeems a 代金券 as a payment would: the coupon becomes `USED` with `consume_information`, and the redemption is
   * recorded for the stock's 核销明细 (use-flow) file. Dies for an unknown coupon or one that is not `SENDED`.
   */
  readonly markFavorCouponUsed: (options: MarkFavorCouponUsed) => Effect.Effect<void>
  /** The 代金券 redemptions recorded so far, oldest first: what the 核销明细 (use-flow) files list. */
  readonly favorUseFlow: Effect.Effect<ReadonlyArray<FavorUseRecord>>
  /**
   * Appends rows to the 核销明细 (redemption flow) the sandbox serves through 下载批次核销明细; a batch with rows is
   * known to that endpoint even if it was not created through the sandbox.
   */
  readonly appendFavorUseFlow: (rows: ReadonlyArray<FavorFlowRow>) => Effect.Effect<void>
  /** Appends rows to the 退款明细 (refund flow) served through 下载批次退款明细; as {@link appendFavorUseFlow}. */
  readonly appendFavorRefundFlow: (rows: ReadonlyArray<FavorFlowRow>) => Effect.Effect<void>
  /**
   * Declares an openid to be the given natural person (实名用户): a stock with `natural_person_limit` counts its
   * `max_coupons_per_user` per person, over every openid of that person. Without it, each openid is its own person.
   */
  readonly setFavorNaturalPerson: (options: { readonly openid: string; readonly person: string }) => Effect.Effect<void>
  /**
   * Ends the review of a 商家券 batch: `UNAUDIT` → `RUNNING` (see `Options.auditBusifavorStocks`); no change in any
   * other state. Dies for an unknown `stock_id`.
   */
  readonly approveBusifavorStock: (stockId: string) => Effect.Effect<void>
  /**
   * The user deletes a 商品券 from their card pack (用户主动删除该券): the coupon becomes `DELETED`, and no call moves it
   * again. `brandId` is the sandbox's brand by default. Dies for an unknown coupon or one already used, deactivated or
   * deleted.
   */
  readonly deleteUserProductCoupon: (options: {
    readonly openid: string
    readonly coupon_code: string
    readonly brandId?: string | undefined
  }) => Effect.Effect<void>
  /**
   * The brand pauses a 商品券 stock on its platform, or restores it (品牌经营平台: no API of the family does either):
   * `state` `"PAUSED"` (已暂停: every send is refused, as for any stock that is not `SENDING`) or `"SENDING"` (发放中
   * again). A stock whose 券可用时间 has ended is `STOPPED` whatever it was, and stays so. `brandId` is the sandbox's
   * brand by default (the partner API's stocks belong to the request's `brand_id`). Dies for an unknown stock, or one
   * that is `STOPPED` or `DEACTIVATED`.
   *
   * @since 0.2.0
   */
  readonly setProductCouponStockState: (options: {
    readonly stock_id: string
    readonly state: "PAUSED" | "SENDING"
    readonly brandId?: string | undefined
  }) => Effect.Effect<void>
  /**
   * Every notification POST so far (deliveries and redeliveries, with their answers), oldest first: the newest
   * `Options.maxLogEntries` (default 1,000).
   */
  readonly notifications: Effect.Effect<ReadonlyArray<DeliveryRecord>>
  /** Queues a fault for the next matching notification delivery attempt(s). */
  readonly injectNotificationFault: (fault: NotificationFault) => Effect.Effect<void>
  /**
   * POSTs a notification now (in the background, redelivered on failure like the ones the sandbox sends itself);
   * returns its id. For testing a handler against the sandbox without driving the API.
   */
  readonly deliverNotification: (options: DeliverNotification) => Effect.Effect<string>
  /** The requests received so far, oldest first: the newest `Options.maxLogEntries` (default 1,000). */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /**
   * Moves the gateway clock forward: whatever depends on time sees it (validity windows of stocks and coupons, the
   * 30 s life of a flow-file link, create and update times, `receivedAt`, `sentAt`). Signatures are still made and
   * checked on the clock without it, so a client on the real clock keeps working. `reset()` moves it back. Dies for
   * a negative or infinite duration.
   */
  readonly advanceTime: (duration: Duration.Input) => Effect.Effect<void>
  /** The gateway clock, epoch milliseconds (what `advanceTime` added included). */
  readonly now: Effect.Effect<number>
  /**
   * Back to the start state: default fixtures and signing mode, original certificate, no faults, empty logs, the
   * clock as `advanceTime` found it; pending notification deliveries stop.
   */
  readonly reset: () => Effect.Effect<void>
}
