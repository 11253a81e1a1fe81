/**
 * A local stand-in for the WeChat Pay APIv3 gateway (微信支付 APIv3 网关) on 127.0.0.1: it checks request
 * signatures like the real gateway, signs every response, serves platform certificates and the marketing
 * endpoints from memory, and injects faults on demand.
 *
 * @since 0.1.0
 */

import * as Http from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import type { Favor } from "@effect-wechatpay/schema"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Fixtures from "./internal/fixtures.js"
import * as Gateway from "./internal/gateway.js"
import * as Keys from "./internal/material.js"
import type * as Protocol from "./internal/protocol.js"

/**
 * Which key signs responses: the platform certificate (`Wechatpay-Serial` = certificate serial) or the
 * 微信支付公钥 (`Wechatpay-Serial` = `PUB_KEY_ID_…`).
 *
 * @since 0.1.0
 */
export type SigningMode = "publicKey" | "certificate"

/**
 * A key pair with its X.509 certificate (商户API证书 or 平台证书); serial in upper-case hex.
 *
 * @since 0.1.0
 */
export type CertifiedKey = Keys.CertifiedKey

/**
 * Every key, certificate and secret a sandbox uses; generate once with {@link generateMaterial} and pass as
 * `options.material` so that many sandboxes share it (RSA key generation is the slow part of start-up).
 *
 * @since 0.1.0
 */
export type Material = Keys.Material

/**
 * What a client needs to call the sandbox: merchant identity and keys, the APIv3 key and the WeChat Pay keys.
 *
 * @since 0.1.0
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
 *
 * @since 0.1.0
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

/**
 * Which requests a fault applies to. `method` compares case-insensitively; a string `path` matches the raw
 * path (no query) or the route template such as `/v3/marketing/busifavor/stocks/{stock_id}`; a RegExp is
 * searched in the raw path. Without `path`, every request except `/v3/certificates` matches.
 *
 * @since 0.1.0
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
 */
export type SignErrorIssue =
  | "missing_authorization"
  | "malformed_authorization"
  | "scheme"
  | "mchid"
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
 */
export type Authorization = Protocol.Authorization

/**
 * One entry of the request log, with the answer the sandbox gave.
 *
 * @since 0.1.0
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
 */
export type BusifavorStock = Fixtures.BusifavorStock

/**
 * 商家券 in a user's card pack as `GET …/users/{openid}/coupons/{coupon_code}/appids/{appid}` returns it.
 *
 * @since 0.1.0
 */
export type BusifavorCoupon = Fixtures.BusifavorCoupon

/**
 * A coupon with the openid and appid it is found under.
 *
 * @since 0.1.0
 */
export type UserCouponSeed = Fixtures.UserCouponSeed

/**
 * Start-up options; everything is optional.
 *
 * @since 0.1.0
 */
export interface Options {
  /** Pre-generated keys and certificates; generated at start when absent. */
  readonly material?: Material
  /** Merchant id the gateway accepts; default {@link defaults}.mchid. */
  readonly mchid?: string
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
}

/**
 * A running sandbox: its address, the credentials a client needs, and controls for tests.
 *
 * @since 0.1.0
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
  /** Every request received so far, oldest first. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** Back to the start state: default fixtures and signing mode, original certificate, no faults, empty log. */
  readonly reset: () => Effect.Effect<void>
}

/**
 * The running sandbox as a service.
 *
 * @since 0.1.0
 */
export class SandboxGateway extends Context.Tag("@effect-wechatpay/sandbox/SandboxGateway")<
  SandboxGateway,
  Sandbox
>() {}

/**
 * Ids of the data every new sandbox serves.
 *
 * @since 0.1.0
 */
export const defaults = {
  mchid: Fixtures.DEFAULT_MCHID,
  stockId: Fixtures.DEFAULT_STOCK_ID,
  openid: Fixtures.DEFAULT_OPENID,
  appid: Fixtures.DEFAULT_APPID,
  couponCode: Fixtures.DEFAULT_COUPON_CODE,
  usedCouponCode: Fixtures.USED_COUPON_CODE
} as const

/**
 * The default 商家券 batch a sandbox for `mchid` serves under {@link defaults}.stockId.
 *
 * @since 0.1.0
 */
export const defaultBusifavorStock = (mchid: string = defaults.mchid): BusifavorStock =>
  Fixtures.defaultBusifavorStock(mchid)

/**
 * The default user coupons a sandbox for `mchid` serves (one SENDED, one USED).
 *
 * @since 0.1.0
 */
export const defaultUserCoupons = (mchid: string = defaults.mchid): ReadonlyArray<UserCouponSeed> =>
  Fixtures.defaultUserCoupons(mchid)

/**
 * Generates a merchant key and API certificate, a platform key and certificate, a 微信支付公钥 and an APIv3 key.
 *
 * @since 0.1.0
 */
export const generateMaterial = (): Effect.Effect<Material> => Effect.promise(() => Keys.generate())

const validTimes = (times: number) => times === Number.POSITIVE_INFINITY || (Number.isSafeInteger(times) && times > 0)

/**
 * Starts a sandbox gateway in the current scope; it stops when the scope closes.
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<Sandbox, never, Scope.Scope> =>
  Effect.gen(function* () {
    const material = options.material ?? (yield* generateMaterial())
    const mchid = options.mchid ?? defaults.mchid
    const skewMillis = (options.clockSkewSeconds ?? 0) * 1000
    const clock = options.now ?? Date.now
    const now = () => clock() + skewMillis
    const serveCertificates = options.platformCertificates ?? true
    const initialMode: SigningMode = options.signingMode ?? (serveCertificates ? "certificate" : "publicKey")
    const merchantPrivateKey = Gateway.privateKey(material.merchant.privateKeyPem)
    const config: Gateway.GatewayConfig = {
      mchid,
      merchantSerialNumber: material.merchant.serialNumber.toUpperCase(),
      merchantPublicKey: Gateway.publicKey(material.merchant.certificatePem),
      strangerKey: merchantPrivateKey,
      apiV3Key: Redacted.value(material.apiV3Key),
      publicKeyId: material.wechatpayPublicKey.id,
      publicKeyPrivate: Gateway.privateKey(material.wechatpayPublicKey.privateKeyPem),
      serveCertificates,
      now
    }
    const originalPlatform: ReadonlyArray<Gateway.PlatformKey> = [Gateway.platformKey(material.platform)]
    const initialState = (): Gateway.GatewayState => {
      const stock = Fixtures.defaultBusifavorStock(mchid)
      return {
        mode: initialMode,
        platform: originalPlatform,
        faults: [],
        stocks: new Map([[stock.stock_id, stock]]),
        coupons: new Map(
          Fixtures.defaultUserCoupons(mchid).map((seed) => [
            Gateway.couponKey(seed.openid, seed.coupon.coupon_code, seed.appid),
            seed
          ])
        ),
        favorStocks: new Map(),
        favorSequence: 0,
        log: []
      }
    }
    const state = yield* Ref.make(initialState())
    let served = originalPlatform

    const server = yield* NodeHttpServer.make(() => Http.createServer(), {
      port: options.port ?? 0,
      host: "127.0.0.1"
    }).pipe(Effect.orDie)
    yield* server.serve(Gateway.app(config, state))
    const address = server.address
    if (address._tag !== "TcpAddress") return yield* Effect.dieMessage("sandbox: expected a TCP address")

    const credentials: Credentials = {
      mchid,
      merchantSerialNumber: config.merchantSerialNumber,
      merchantPrivateKey: material.merchant.privateKeyPem,
      merchantCertificate: material.merchant.certificatePem,
      apiV3Key: material.apiV3Key,
      wechatpayPublicKey: { id: material.wechatpayPublicKey.id, key: material.wechatpayPublicKey.publicKeyPem },
      get platformCertificates() {
        return serveCertificates ? served.map((key) => key.certificatePem) : []
      }
    }

    const sandbox: Sandbox = {
      baseUrl: `http://127.0.0.1:${address.port}`,
      credentials,
      setSigningMode: (mode) => Ref.update(state, (s) => ({ ...s, mode })),
      rotateCertificate: () =>
        Effect.gen(function* () {
          const certified = yield* Effect.promise(() => Keys.generatePlatformCertificate(new Date(now())))
          const key = Gateway.platformKey(certified)
          served = yield* Ref.modify(state, (s) => {
            const platform = [...s.platform, key]
            return [platform, { ...s, platform }]
          })
          return key.serialNumber
        }),
      inject: (fault) =>
        validTimes(fault.times ?? 1)
          ? Ref.update(state, (s) => ({ ...s, faults: [...s.faults, { fault, remaining: fault.times ?? 1 }] }))
          : Effect.dieMessage(`sandbox: fault times must be a positive integer, got ${fault.times}`),
      seedBusifavorStock: (stock) =>
        Ref.update(state, (s) => ({ ...s, stocks: new Map(s.stocks).set(stock.stock_id, stock) })),
      seedUserCoupon: (seed) =>
        Ref.update(state, (s) => ({
          ...s,
          coupons: new Map(s.coupons).set(Gateway.couponKey(seed.openid, seed.coupon.coupon_code, seed.appid), seed)
        })),
      requests: Effect.map(Ref.get(state), (s) => s.log),
      reset: () =>
        Effect.zipRight(
          Ref.set(state, initialState()),
          Effect.sync(() => {
            served = originalPlatform
          })
        )
    }
    return sandbox
  })

/**
 * A layer that starts a sandbox and provides it as {@link SandboxGateway}.
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<SandboxGateway> => Layer.scoped(SandboxGateway, make(options))

/**
 * A valid 创建代金券批次 request for a sandbox merchant (the wire form `Favor.createCouponStock` takes): a NORMAL
 * stock, 5 元 off 100 元, 100 coupons, in January 2027. For tests, demos and benchmarks.
 *
 * @since 0.1.0
 */
export const sampleCreateCouponStockRequest = (
  outRequestNo: string,
  mchid: string = defaults.mchid
): typeof Favor.CreateCouponStockRequest.Encoded => ({
  stock_name: "满100减5",
  comment: "零售批次",
  belong_merchant: mchid,
  available_begin_time: "2027-01-01T00:00:00+08:00",
  available_end_time: "2027-01-31T23:59:59+08:00",
  stock_use_rule: {
    max_coupons: 100,
    max_amount: 500,
    max_amount_by_day: 400,
    max_coupons_per_user: 3,
    natural_person_limit: false,
    prevent_api_abuse: false
  },
  coupon_use_rule: {
    fixed_normal_coupon: { coupon_amount: 5, transaction_minimum: 100 },
    available_merchants: [mchid]
  },
  no_cash: false,
  stock_type: "NORMAL",
  out_request_no: outRequestNo
})
