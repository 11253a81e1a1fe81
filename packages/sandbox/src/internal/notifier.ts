/**
 * The notifier: POSTs notifications as WeChat Pay does (docs/sources/wechatpay-v3.md §1.8). Each runs in its own fiber in the sandbox's scope
 * (never in the request that caused it): the body is built once (the resource AES-256-GCM encrypted with the APIv3
 * key, or a brand's with the 品牌API密钥), each attempt is signed afresh with the current signing key and POSTed with node:http(s) within a timeout; a
 * 2xx answer ends it, anything else (another status, a connection error, the timeout) is redelivered on the
 * documented schedule, scaled by `Options.redeliveryScale`. Every POST is recorded with its answer.
 *
 * @internal
 */
import { randomUUID } from "node:crypto"
import * as Http from "node:http"
import * as Https from "node:https"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type { DeliveryRecord, NotificationFaultKind } from "../SandboxTypes.js"
import { randomAlphanumeric } from "./material.js"
import { beijingTime, encryptAesGcm, requestId, tamper } from "./protocol.js"
import type * as RequestLog from "./requestLog.js"
import { wechatpayHeaders } from "./signing.js"
import { type GatewayConfig, type GatewayState, type OutgoingNotification, withNotifications } from "./state.js"

/**
 * How WeChat Pay tries each event: the waits before each redelivery. The marketing pages state COUPON.SEND every
 * 60 s, 11 times in all, and COUPON.USE once a minute, 9 times in all (IM `webhook/v3/COUPON.SEND.md`,
 * `COUPON.USE.md`). The 商品券 pages name no schedule of their own: theirs is the generic one of
 * docs/sources/wechatpay-v3.md §1.8 (15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h, about 24 h 4 min).
 *
 * @internal
 */
export const schedules: Readonly<Record<OutgoingNotification["eventType"], ReadonlyArray<number>>> = (() => {
  const everyMinute = (attempts: number) => Array.from({ length: attempts - 1 }, () => 60_000)
  const second = 1_000
  const minute = 60 * second
  const hour = 60 * minute
  const generic = [
    ...[15 * second, 15 * second, 30 * second, 3 * minute, 10 * minute, 20 * minute],
    ...[30 * minute, 30 * minute, 30 * minute, hour, 3 * hour, 3 * hour, 3 * hour, 6 * hour, 6 * hour]
  ]
  return {
    "COUPON.SEND": everyMinute(11),
    "COUPON.USE": everyMinute(9),
    "PRODUCT_COUPON.SEND": generic,
    "PRODUCT_COUPON_SP.SEND": generic
  }
})()

/**
 * How each event is written and signed: its summary and `resource` labels, and whose keys sign and encrypt it. A
 * merchant's (and a service provider's) notification is encrypted with the APIv3 key and signed in the merchant's
 * signing mode (platform certificate or 微信支付公钥); a brand's is encrypted with the 品牌API密钥 and always signed
 * with the 微信支付公钥, `Wechatpay-Serial` being its id (总述-品牌API如何签名和验签,
 * https://pay.weixin.qq.com/doc/brand/4015407568). `PRODUCT_COUPON_SP.SEND`'s labels are those of 商品券回调通知
 * (https://pay.weixin.qq.com/doc/v3/partner/4016435717); the brand page we could read shows none, so
 * `PRODUCT_COUPON.SEND` takes the same with `associated_data` `product_coupon` (our choice).
 */
const profiles: Readonly<
  Record<
    OutgoingNotification["eventType"],
    {
      readonly summary: string
      readonly originalType: string
      readonly associatedData: string
      readonly keys: "merchant" | "brand"
    }
  >
> = {
  "COUPON.SEND": { summary: "商家券领券通知", originalType: "coupon", associatedData: "coupon", keys: "merchant" },
  "COUPON.USE": { summary: "代金券核销通知", originalType: "coupon", associatedData: "coupon", keys: "merchant" },
  "PRODUCT_COUPON.SEND": {
    summary: "商品券领券通知",
    originalType: "coupon",
    associatedData: "product_coupon",
    keys: "brand"
  },
  "PRODUCT_COUPON_SP.SEND": {
    summary: "商品券领券通知",
    originalType: "coupon",
    associatedData: "product_coupon_sp",
    keys: "merchant"
  }
}

/** WeChat Pay's answer deadline (docs/sources/wechatpay-v3.md §1.8: 5 s). @internal */
export const DEFAULT_TIMEOUT_MILLIS = 5_000

/** How much of an answer's body a record keeps. */
const MAX_RESPONSE_BYTES = 4_096

/** @internal */
export interface Notifier {
  /** Drains the state's outbox, starting a delivery for each notification in it. */
  readonly flush: Effect.Effect<void>
  /** Starts a delivery; its id. */
  readonly deliver: (outgoing: OutgoingNotification, id?: string) => Effect.Effect<string>
  /** Interrupts every delivery under way. */
  readonly interruptAll: Effect.Effect<void>
}

type Answer =
  | { readonly _tag: "Answered"; readonly status: number; readonly body: string }
  | { readonly _tag: "Failed"; readonly error: string }

const encoder = new TextEncoder()

/**
 * The notification body of docs/sources/wechatpay-v3.md §1.8, its resource encrypted with the APIv3 key (the
 * 品牌API密钥 for a brand's).
 */
const envelope = (config: GatewayConfig, id: string, outgoing: OutgoingNotification): Uint8Array => {
  const nonce = randomAlphanumeric(12)
  const profile = profiles[outgoing.eventType]
  const key = profile.keys === "brand" ? config.brandApiKey : config.apiV3Key
  return encoder.encode(
    JSON.stringify({
      id,
      create_time: beijingTime(config.now()),
      event_type: outgoing.eventType,
      resource_type: "encrypt-resource",
      summary: profile.summary,
      resource: {
        original_type: profile.originalType,
        algorithm: "AEAD_AES_256_GCM",
        ciphertext: encryptAesGcm(key, nonce, profile.associatedData, JSON.stringify(outgoing.resource)),
        associated_data: profile.associatedData,
        nonce
      }
    })
  )
}

/** One POST: the answer (any status), or why there was none. Interruption aborts it. */
const post = (
  url: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
  timeoutMillis: number,
  plainHttp: boolean
): Effect.Effect<Answer> =>
  Effect.callback<Answer>((resume) => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      resume(Effect.succeed({ _tag: "Failed", error: `invalid URL ${url}` }))
      return
    }
    if (plainHttp && target.protocol === "https:") {
      const port = target.port === "" ? "443" : target.port
      target.protocol = "http:"
      target.port = port
    }
    const transport = target.protocol === "https:" ? Https : target.protocol === "http:" ? Http : undefined
    if (transport === undefined) {
      resume(Effect.succeed({ _tag: "Failed", error: `unsupported protocol ${target.protocol}` }))
      return
    }
    let done = false
    const finish = (answer: Answer) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resume(Effect.succeed(answer))
    }
    // A connection of its own per POST (agent: false), as nothing is shared between notifications.
    const request = transport.request(target, {
      method: "POST",
      agent: false,
      headers: { ...headers, "Content-Length": String(body.length) }
    })
    const timer = setTimeout(() => {
      finish({ _tag: "Failed", error: `no answer within ${timeoutMillis} ms` })
      request.destroy()
    }, timeoutMillis)
    request.on("response", (response) => {
      const chunks: Array<Buffer> = []
      let size = 0
      response.on("data", (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk)
        size += chunk.length
      })
      response.on("end", () =>
        finish({
          _tag: "Answered",
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString("utf8")
        })
      )
      response.on("error", (error) => finish({ _tag: "Failed", error: error.message }))
    })
    request.on("error", (error) => finish({ _tag: "Failed", error: error.message }))
    request.end(body)
    return Effect.sync(() => {
      done = true
      clearTimeout(timer)
      request.destroy()
    })
  })

const takeFault = (state: Ref.Ref<GatewayState>, eventType: string) =>
  Ref.modify(state, (current): [NotificationFaultKind | undefined, GatewayState] => {
    const index = current.notifications.faults.findIndex(
      (pending) => pending.fault.eventType === undefined || pending.fault.eventType === eventType
    )
    if (index === -1) return [undefined, current]
    const pending = current.notifications.faults[index]!
    const notificationFaults =
      pending.remaining <= 1
        ? current.notifications.faults.filter((_, i) => i !== index)
        : current.notifications.faults.map((p, i) => (i === index ? { ...p, remaining: p.remaining - 1 } : p))
    return [pending.fault.kind, withNotifications(current, { faults: notificationFaults })]
  })

/**
 * A notifier for one sandbox; its deliveries stop when the scope closes.
 *
 * @internal
 */
export const make = (options: {
  readonly config: GatewayConfig
  readonly state: Ref.Ref<GatewayState>
  readonly log: RequestLog.RequestLog<DeliveryRecord>
  readonly redeliveryScale: number
  readonly timeoutMillis: number
  /** `Options.plainHttpNotifications`. */
  readonly plainHttp: boolean
  /** `Options.notifyUrl`: where the outbox's merchant notifications go instead of the URL the merchant set. */
  readonly notifyUrl?: string
  /** `Options.brandNotifyUrl`: where the outbox's brand notifications go instead of the URL the brand set. */
  readonly brandNotifyUrl?: string
}): Effect.Effect<Notifier, never, Scope.Scope> =>
  Effect.gen(function* () {
    const { config, log, state } = options
    const fibers = yield* FiberSet.make<void>()

    /** One attempt: one POST, or two for `Duplicate`; true when one was answered 2xx. */
    const attempt = (outgoing: OutgoingNotification, id: string, body: Uint8Array, number: number) =>
      Effect.gen(function* () {
        const fault = yield* takeFault(state, outgoing.eventType)
        let delivered = false
        for (let copy = 0; copy < (fault?._tag === "Duplicate" ? 2 : 1); copy++) {
          const current = yield* Ref.get(state)
          const usePublicKey = profiles[outgoing.eventType].keys === "brand" || current.shared.mode === "publicKey"
          const headers = wechatpayHeaders(config, current, body, usePublicKey, {
            unknownSerial: fault?._tag === "UnknownSerial",
            staleSeconds: fault?._tag === "Stale" ? fault.seconds : 0,
            signTest: fault?._tag === "SignTest"
          })
          const sentAt = config.now()
          const answer = yield* post(
            outgoing.url,
            { "Content-Type": "application/json", "Request-ID": requestId(0), ...headers },
            fault?._tag === "TamperBody" ? tamper(body) : body,
            options.timeoutMillis,
            options.plainHttp
          )
          const ok = answer._tag === "Answered" && answer.status >= 200 && answer.status < 300
          log.append({
            id,
            eventType: outgoing.eventType,
            url: outgoing.url,
            attempt: number,
            sentAt,
            status: answer._tag === "Answered" ? Option.some(answer.status) : Option.none(),
            response: answer._tag === "Answered" ? answer.body : "",
            error: answer._tag === "Failed" ? Option.some(answer.error) : Option.none(),
            delivered: ok,
            fault: Option.fromNullishOr(fault?._tag)
          })
          yield* Effect.logDebug("WeChat Pay sandbox notification").pipe(
            Effect.annotateLogs({
              id,
              eventType: outgoing.eventType,
              url: outgoing.url,
              attempt: number,
              ...(answer._tag === "Answered" ? { status: answer.status } : { error: answer.error }),
              ...(fault === undefined ? {} : { fault: fault._tag })
            })
          )
          delivered = delivered || ok
        }
        return delivered
      })

    const run = (outgoing: OutgoingNotification, id: string) =>
      Effect.gen(function* () {
        const body = envelope(config, id, outgoing)
        const waits = schedules[outgoing.eventType]
        for (let number = 1; number <= waits.length + 1; number++) {
          if (number > 1) yield* Effect.sleep(waits[number - 2]! * options.redeliveryScale)
          if (yield* attempt(outgoing, id, body, number)) return
        }
      })

    /** Where `Options.notifyUrl` / `brandNotifyUrl` send an event instead of its URL, if anywhere. */
    const redirect = (outgoing: OutgoingNotification): string | undefined =>
      profiles[outgoing.eventType].keys === "brand" ? options.brandNotifyUrl : options.notifyUrl

    const deliver = (outgoing: OutgoingNotification, id: string = randomUUID()) =>
      Effect.as(FiberSet.run(fibers, run(outgoing, id)), id)

    return {
      flush: Effect.flatMap(
        Ref.modify(state, (current) => [
          current.notifications.outbox,
          current.notifications.outbox.length === 0 ? current : withNotifications(current, { outbox: [] })
        ]),
        (outbox) =>
          Effect.forEach(outbox, (outgoing) => deliver({ ...outgoing, url: redirect(outgoing) ?? outgoing.url }), {
            discard: true
          })
      ),
      deliver,
      interruptAll: FiberSet.clear(fibers)
    }
  })
