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
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Fixtures from "./internal/fixtures.js"
import * as Gateway from "./internal/gateway.js"
import * as Keys from "./internal/material.js"
import * as RequestLog from "./internal/requestLog.js"
import type {
  BusifavorStock,
  Credentials,
  Material,
  Options,
  RecordedRequest,
  Sandbox,
  SigningMode,
  UserCouponSeed
} from "./SandboxTypes.js"

/**
 * The public types (options, handle, faults, request log, fixture shapes), defined in `SandboxTypes`.
 *
 * @since 0.1.0
 */
export * from "./SandboxTypes.js"

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

const DEFAULT_MAX_LOG_ENTRIES = 1_000

const validCapacity = (n: number) => n === Number.POSITIVE_INFINITY || (Number.isSafeInteger(n) && n >= 0)

const validTimes = (times: number) => times === Number.POSITIVE_INFINITY || (Number.isSafeInteger(times) && times > 0)

/**
 * Starts a sandbox gateway in the current scope; it stops when the scope closes.
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<Sandbox, never, Scope.Scope> =>
  Effect.gen(function* () {
    const maxLogEntries = options.maxLogEntries ?? DEFAULT_MAX_LOG_ENTRIES
    if (!validCapacity(maxLogEntries)) {
      return yield* Effect.dieMessage(
        `sandbox: maxLogEntries must be a non-negative integer or Infinity, got ${maxLogEntries}`
      )
    }
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
        favorSequence: 0
      }
    }
    const state = yield* Ref.make(initialState())
    const log = RequestLog.make<RecordedRequest>(maxLogEntries)
    let served = originalPlatform

    const server = yield* NodeHttpServer.make(() => Http.createServer(), {
      port: options.port ?? 0,
      host: "127.0.0.1"
    }).pipe(Effect.orDie)
    yield* server.serve(Gateway.app(config, state, log))
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
      requests: Effect.sync(log.entries),
      reset: () =>
        Effect.zipRight(
          Ref.set(state, initialState()),
          Effect.sync(() => {
            served = originalPlatform
            log.clear()
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
