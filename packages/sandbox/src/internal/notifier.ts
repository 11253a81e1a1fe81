/**
 * The notifier: POSTs notifications as WeChat Pay does (spec §1.8). Each runs in its own fiber in the sandbox's scope
 * (never in the request that caused it): the body is built once (the resource AES-256-GCM encrypted with the APIv3
 * key), each attempt is signed afresh with the current signing key and POSTed with node:http(s) within a timeout; a
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
import type { GatewayConfig, GatewayState, OutgoingNotification } from "./state.js"

/**
 * How often WeChat Pay tries each event: the marketing pages state COUPON.SEND every 60 s, 11 times in all, and
 * COUPON.USE once a minute, 9 times in all (IM `webhook/v3/COUPON.SEND.md`, `COUPON.USE.md`).
 *
 * @internal
 */
export const schedules: Readonly<
  Record<OutgoingNotification["eventType"], { readonly attempts: number; readonly intervalMillis: number }>
> = {
  "COUPON.SEND": { attempts: 11, intervalMillis: 60_000 },
  "COUPON.USE": { attempts: 9, intervalMillis: 60_000 }
}

const summaries: Readonly<Record<OutgoingNotification["eventType"], string>> = {
  "COUPON.SEND": "商家券领券通知",
  "COUPON.USE": "代金券核销通知"
}

/** WeChat Pay's answer deadline (spec §1.8: 5 s). @internal */
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

/** The notification body of spec §1.8, its resource encrypted with the APIv3 key. */
const envelope = (config: GatewayConfig, id: string, outgoing: OutgoingNotification): Uint8Array => {
  const nonce = randomAlphanumeric(12)
  const associatedData = "coupon"
  return encoder.encode(
    JSON.stringify({
      id,
      create_time: beijingTime(config.now()),
      event_type: outgoing.eventType,
      resource_type: "encrypt-resource",
      summary: summaries[outgoing.eventType],
      resource: {
        original_type: "coupon",
        algorithm: "AEAD_AES_256_GCM",
        ciphertext: encryptAesGcm(config.apiV3Key, nonce, associatedData, JSON.stringify(outgoing.resource)),
        associated_data: associatedData,
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
    const index = current.notificationFaults.findIndex(
      (pending) => pending.fault.eventType === undefined || pending.fault.eventType === eventType
    )
    if (index === -1) return [undefined, current]
    const pending = current.notificationFaults[index]!
    const notificationFaults =
      pending.remaining <= 1
        ? current.notificationFaults.filter((_, i) => i !== index)
        : current.notificationFaults.map((p, i) => (i === index ? { ...p, remaining: p.remaining - 1 } : p))
    return [pending.fault.kind, { ...current, notificationFaults }]
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
  /** `Options.notifyUrl`: where the outbox's notifications go instead of the URL the merchant set. */
  readonly notifyUrl?: string
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
          const headers = wechatpayHeaders(config, current, body, current.mode === "publicKey", {
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
        const schedule = schedules[outgoing.eventType]
        for (let number = 1; number <= schedule.attempts; number++) {
          if (number > 1) yield* Effect.sleep(schedule.intervalMillis * options.redeliveryScale)
          if (yield* attempt(outgoing, id, body, number)) return
        }
      })

    const deliver = (outgoing: OutgoingNotification, id: string = randomUUID()) =>
      Effect.as(FiberSet.run(fibers, run(outgoing, id)), id)

    return {
      flush: Effect.flatMap(
        Ref.modify(state, (current) => [
          current.outbox,
          current.outbox.length === 0 ? current : { ...current, outbox: [] }
        ]),
        (outbox) =>
          Effect.forEach(outbox, (outgoing) => deliver({ ...outgoing, url: options.notifyUrl ?? outgoing.url }), {
            discard: true
          })
      ),
      deliver,
      interruptAll: FiberSet.clear(fibers)
    }
  })
