/**
 * Starting a sandbox: parse the keys once, build the state, serve the gateway on 127.0.0.1 and hand out the controls.
 *
 * @internal
 */
import * as Http from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as NetAddress from "effect/net/NetAddress"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import type {
  Credentials,
  DeliveryRecord,
  NotificationEvent,
  Options,
  RecordedRequest,
  Sandbox,
  SigningMode
} from "../SandboxTypes.js"
import * as Control from "./control.js"
import * as Favor from "./favor.js"
import * as Fixtures from "./fixtures.js"
import * as Gateway from "./gateway.js"
import * as Keys from "./material.js"
import { misuse } from "./misuse.js"
import * as Notifier from "./notifier.js"
import * as ProductCoupon from "./productCoupon.js"
import { notifyConfigKey } from "./productCouponNotify.js"
import * as RequestLog from "./requestLog.js"
import * as State from "./state.js"
import { isHttpUrl } from "./url.js"

const DEFAULT_MAX_LOG_ENTRIES = 1_000

const validCapacity = (n: number) => n === Number.POSITIVE_INFINITY || (Number.isSafeInteger(n) && n >= 0)

const validTimes = (times: number) => times === Number.POSITIVE_INFINITY || (Number.isSafeInteger(times) && times > 0)

/**
 * The sandbox could not listen on 127.0.0.1 at the port asked for: in use (`EADDRINUSE`), not allowed (`EACCES`), …
 * `Sandbox.make` dies with it; the bin prints its message as one line.
 *
 * @internal
 */
export class ListenError extends Data.TaggedError("ListenError")<{
  readonly port: number
  /** The system error code, e.g. `EADDRINUSE`. */
  readonly code: string | undefined
  readonly reason: string
}> {
  override get message(): string {
    switch (this.code) {
      case "EADDRINUSE":
        return `port ${this.port} on 127.0.0.1 is in use`
      case "EACCES":
        return `no permission to listen on port ${this.port} on 127.0.0.1`
      default:
        return `cannot listen on 127.0.0.1:${this.port}: ${this.reason}`
    }
  }
}

/**
 * `Sandbox.make`, over a given route table (tests add descriptors of their own); fails when it cannot listen.
 *
 * @internal
 */
export const make = (
  options: Options,
  routes: ReadonlyArray<Gateway.Route> = Gateway.defaultRoutes
): Effect.Effect<Sandbox, ListenError, Scope.Scope> =>
  Effect.gen(function* () {
    const maxLogEntries = options.maxLogEntries ?? DEFAULT_MAX_LOG_ENTRIES
    if (!validCapacity(maxLogEntries)) {
      return yield* misuse(`maxLogEntries must be a non-negative integer or Infinity, got ${maxLogEntries}`)
    }
    const redeliveryScale = options.redeliveryScale ?? 1
    if (!(Number.isFinite(redeliveryScale) && redeliveryScale >= 0)) {
      return yield* misuse(`redeliveryScale must be a finite number ≥ 0, got ${redeliveryScale}`)
    }
    const notificationTimeoutMillis = options.notificationTimeoutMillis ?? Notifier.DEFAULT_TIMEOUT_MILLIS
    if (!(Number.isFinite(notificationTimeoutMillis) && notificationTimeoutMillis > 0)) {
      return yield* misuse(`notificationTimeoutMillis must be a finite number > 0, got ${notificationTimeoutMillis}`)
    }
    const notifyUrl = options.notifyUrl
    if (notifyUrl !== undefined && !isHttpUrl(notifyUrl)) {
      return yield* misuse(`notifyUrl must be an http:// or https:// URL, got ${notifyUrl}`)
    }
    const brandNotifyUrl = options.brandNotifyUrl
    if (brandNotifyUrl !== undefined && !isHttpUrl(brandNotifyUrl)) {
      return yield* misuse(`brandNotifyUrl must be an http:// or https:// URL, got ${brandNotifyUrl}`)
    }
    const material = options.material ?? (yield* Effect.promise(() => Keys.generate()))
    const mchid = options.mchid ?? Fixtures.DEFAULT_MCHID
    const skewMillis = (options.clockSkewSeconds ?? 0) * 1000
    const clock = options.now ?? Date.now
    const signingNow = () => clock() + skewMillis
    const brandKey = material.brand ?? (yield* Effect.promise(() => Keys.generateBrandCertificate(new Date(clock()))))
    const brandApiKey = material.brandApiKey ?? Redacted.make(Keys.randomAlphanumeric(32))
    // What advanceTime added: read at every tick of the gateway clock; reset() sets it back to 0.
    let advancedMillis = 0
    const now = () => signingNow() + advancedMillis
    const serveCertificates = options.platformCertificates ?? true
    const initialMode: SigningMode = options.signingMode ?? (serveCertificates ? "certificate" : "publicKey")
    const merchantPrivateKey = State.privateKey(material.merchant.privateKeyPem)
    const config: State.GatewayConfig = {
      mchid,
      merchantSerialNumber: material.merchant.serialNumber.toUpperCase(),
      merchantPublicKey: State.publicKey(material.merchant.certificatePem),
      brandId: options.brandId ?? Fixtures.DEFAULT_BRAND_ID,
      brandSerialNumber: brandKey.serialNumber.toUpperCase(),
      brandPublicKey: State.publicKey(brandKey.certificatePem),
      brandApiKey: Redacted.value(brandApiKey),
      strangerKey: merchantPrivateKey,
      apiV3Key: Redacted.value(material.apiV3Key),
      publicKeyId: material.wechatpayPublicKey.id,
      publicKeyPrivate: State.privateKey(material.wechatpayPublicKey.privateKeyPem),
      serveCertificates,
      now,
      signingNow,
      auditBusifavorStocks: options.auditBusifavorStocks ?? false
    }
    const originalPlatform: ReadonlyArray<State.PlatformKey> = [State.platformKey(material.platform)]
    const initialState = (): State.GatewayState => {
      const stock = Fixtures.defaultBusifavorStock(mchid)
      return {
        shared: {
          mode: initialMode,
          platform: originalPlatform,
          faults: [],
          idempotentAnswers: new Map(),
          uploadedImages: new Map()
        },
        notifications: { outbox: [], faults: [] },
        busifavor: {
          stocks: new Map([[stock.stock_id, stock]]),
          userCoupons: new Map(
            Fixtures.defaultUserCoupons(mchid).map((seed) => [
              State.couponKey(seed.openid, seed.coupon.coupon_code, seed.appid),
              seed
            ])
          ),
          heldPerUser: State.countHeld(Fixtures.defaultUserCoupons(mchid)),
          uploadedCodes: new Map(),
          sendDay: new Map(),
          notifyUrls: new Map(),
          govCards: new Map(),
          subsidyPayReceipts: new Map(),
          subsidyReturnReceipts: new Map(),
          sequence: 0
        },
        favor: {
          stocks: new Map(),
          coupons: new Map(),
          naturalPersons: new Map(),
          notifyUrls: new Map(),
          useFlow: [],
          refundFlow: [],
          flowFiles: new Map(),
          flowFileSequence: 0,
          sequence: 0
        },
        productCoupon: ProductCoupon.emptyState
      }
    }
    const state = yield* Ref.make(initialState())
    const writes = yield* Semaphore.make(1)
    const log = RequestLog.make<RecordedRequest>(maxLogEntries)
    const deliveries = RequestLog.make<DeliveryRecord>(maxLogEntries)
    const notifier = yield* Notifier.make({
      config,
      state,
      log: deliveries,
      redeliveryScale,
      timeoutMillis: notificationTimeoutMillis,
      plainHttp: options.plainHttpNotifications ?? false,
      ...(notifyUrl === undefined ? {} : { notifyUrl }),
      ...(brandNotifyUrl === undefined ? {} : { brandNotifyUrl })
    })
    let served = originalPlatform
    /** The notify URL the merchant (or the brand) set for an event, if any. */
    const setUrl = (current: State.GatewayState, eventType: NotificationEvent["eventType"]): string | undefined => {
      switch (eventType) {
        case "COUPON.SEND":
          return current.busifavor.notifyUrls.get(mchid)?.notify_url
        case "COUPON.USE":
          return current.favor.notifyUrls.get(mchid)?.notify_url
        case "PRODUCT_COUPON.SEND":
          return current.productCoupon.notifyConfigs.get(notifyConfigKey(false, config.brandId))?.notify_url
        case "PRODUCT_COUPON_SP.SEND":
          return current.productCoupon.notifyConfigs.get(notifyConfigKey(true, mchid))?.notify_url
      }
    }

    const nodeServer = Http.createServer()
    const port = options.port ?? 0
    const server = yield* NodeHttpServer.make(() => nodeServer, { port, host: "127.0.0.1" }).pipe(
      Effect.catchTag("ServeError", (error) => {
        const cause = error.cause as { readonly code?: unknown; readonly message?: unknown } | undefined
        return Effect.fail(
          new ListenError({
            port,
            code: typeof cause?.code === "string" ? cause.code : undefined,
            reason: typeof cause?.message === "string" ? cause.message : String(error.cause)
          })
        )
      })
    )
    const address = server.address
    if (!NetAddress.isInetAddress(address)) return yield* misuse("expected a TCP address")

    const credentials: Credentials = {
      mchid,
      merchantSerialNumber: config.merchantSerialNumber,
      merchantPrivateKey: material.merchant.privateKeyPem,
      merchantCertificate: material.merchant.certificatePem,
      apiV3Key: material.apiV3Key,
      wechatpayPublicKey: { id: material.wechatpayPublicKey.id, key: material.wechatpayPublicKey.publicKeyPem },
      get platformCertificates() {
        return serveCertificates ? served.map((key) => key.certificatePem) : []
      },
      brand: {
        brandId: config.brandId,
        brandSerialNumber: config.brandSerialNumber,
        brandPrivateKey: brandKey.privateKeyPem,
        brandApiKey
      }
    }

    const sandbox: Sandbox = {
      baseUrl: `http://127.0.0.1:${address.port}`,
      credentials,
      setSigningMode: (mode) => Ref.update(state, (s) => State.withShared(s, { mode })),
      rotateCertificate: () =>
        Effect.gen(function* () {
          const certified = yield* Effect.promise(() => Keys.generatePlatformCertificate(new Date(signingNow())))
          const key = State.platformKey(certified)
          served = yield* Ref.modify(state, (s) => {
            const platform = [...s.shared.platform, key]
            return [platform, State.withShared(s, { platform })]
          })
          return key.serialNumber
        }),
      inject: (fault) =>
        validTimes(fault.times ?? 1)
          ? Ref.update(state, (s) =>
              State.withShared(s, { faults: [...s.shared.faults, { fault, remaining: fault.times ?? 1 }] })
            )
          : misuse(`fault times must be a positive integer, got ${fault.times}`),
      seedBusifavorStock: (stock) =>
        Ref.update(state, (s) =>
          State.withBusifavor(s, { stocks: new Map(s.busifavor.stocks).set(stock.stock_id, stock) })
        ),
      seedUserCoupon: (seed) =>
        Ref.update(state, (s) => {
          const userCoupons = new Map(s.busifavor.userCoupons).set(
            State.couponKey(seed.openid, seed.coupon.coupon_code, seed.appid),
            seed
          )
          return State.withBusifavor(s, { userCoupons, heldPerUser: State.countHeld(userCoupons.values()) })
        }),
      markFavorCouponUsed: (options) => Effect.andThen(Favor.markCouponUsed(state, config, options), notifier.flush),
      favorUseFlow: Effect.map(Ref.get(state), (s) => s.favor.useFlow),
      appendFavorUseFlow: (rows) =>
        Ref.update(state, (s) => State.withFavor(s, { useFlow: [...s.favor.useFlow, ...rows] })),
      appendFavorRefundFlow: (rows) =>
        Ref.update(state, (s) => State.withFavor(s, { refundFlow: [...s.favor.refundFlow, ...rows] })),
      setFavorNaturalPerson: (options) => Favor.setNaturalPerson(state, options),
      approveBusifavorStock: (stockId) =>
        Effect.flatten(
          Ref.modify(state, (s) => {
            const stock = s.busifavor.stocks.get(stockId)
            if (stock === undefined) {
              return [misuse(`no 商家券 stock ${stockId}`), s] as const
            }
            if (stock.stock_state !== "UNAUDIT") return [Effect.void, s] as const
            const stocks = new Map(s.busifavor.stocks).set(stockId, { ...stock, stock_state: "RUNNING" })
            return [Effect.void, State.withBusifavor(s, { stocks })] as const
          })
        ),
      deleteUserProductCoupon: (options) =>
        Effect.flatten(
          Ref.modify(state, (s) => {
            const result = ProductCoupon.deleteByUser(
              s,
              options.brandId ?? config.brandId,
              options.openid,
              options.coupon_code
            )
            return typeof result === "string" ? ([misuse(result), s] as const) : ([Effect.void, result] as const)
          })
        ),
      setProductCouponStockState: (options) =>
        Effect.flatten(
          Ref.modify(state, (s) => {
            const result = ProductCoupon.setStockState(
              s,
              options.brandId ?? config.brandId,
              options.stock_id,
              options.state,
              now()
            )
            return typeof result === "string" ? ([misuse(result), s] as const) : ([Effect.void, result] as const)
          })
        ),
      notifications: Effect.sync(deliveries.entries),
      injectNotificationFault: (fault) =>
        validTimes(fault.times ?? 1)
          ? Ref.update(state, (s) =>
              State.withNotifications(s, {
                faults: [...s.notifications.faults, { fault, remaining: fault.times ?? 1 }]
              })
            )
          : misuse(`fault times must be a positive integer, got ${fault.times}`),
      deliverNotification: ({ id, url, ...event }) =>
        Effect.flatMap(Ref.get(state), (current) => {
          const target =
            url ??
            (event.eventType === "PRODUCT_COUPON.SEND" ? brandNotifyUrl : notifyUrl) ??
            setUrl(current, event.eventType)
          return target === undefined
            ? misuse(`deliverNotification: no URL given and none set for ${event.eventType}`)
            : notifier.deliver({ ...event, url: target }, id)
        }),
      requests: Effect.sync(log.entries),
      advanceTime: (duration) => {
        const millis = Duration.fromInput(duration).pipe(Option.map(Duration.toMillis), Option.getOrUndefined)
        return millis !== undefined && Number.isFinite(millis) && millis >= 0
          ? Effect.sync(() => {
              advancedMillis += millis
            })
          : misuse(`advanceTime takes a finite duration ≥ 0, got ${String(duration)}`)
      },
      now: Effect.sync(now),
      reset: () =>
        Effect.andThen(
          Effect.andThen(notifier.interruptAll, Ref.set(state, initialState())),
          Effect.sync(() => {
            served = originalPlatform
            advancedMillis = 0
            log.clear()
            deliveries.clear()
          })
        )
    }

    const gateway = Gateway.app(config, state, writes, log, routes, notifier.flush)
    yield* server.serve(options.httpControls === true ? Control.withControls(sandbox, gateway) : gateway)
    // Runs first when the scope closes (finalizers run last-added first): a stopped sandbox sends nothing more and
    // waits for nobody. Without it the server's graceful close would wait (up to 20 s, then for as long as it takes)
    // for requests under way, delivering notifications meanwhile.
    yield* Effect.addFinalizer(() =>
      Effect.andThen(
        notifier.interruptAll,
        Effect.sync(() => {
          nodeServer.close()
          nodeServer.closeAllConnections()
        })
      )
    )
    return sandbox
  })
