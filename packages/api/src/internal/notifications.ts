/**
 * Notifications: parse (verify, decrypt, decode by `event_type`), the HttpApp (reject, run the handler once per id
 * within a time budget, record, answer) and the node:http adapter.
 */
import type * as Http from "node:http"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import type {
  NotificationError as CryptoNotificationError,
  DecryptionError,
  SignatureVerificationError
} from "@effect-wechatpay/crypto/CryptoError"
import * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import * as Favor from "@effect-wechatpay/schema/Favor"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberId from "effect/FiberId"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import { NotificationStore } from "../NotificationStore.js"
import type * as Notifications from "../Notifications.js"
import { WechatPayClient } from "../WechatPay.js"
import { NotificationError } from "./notificationError.js"

type Service = WechatPayClient["Type"]

const UNKNOWN_SERIAL_REFRESH_MILLIS = 60_000
export const DEFAULT_TIMEOUT: Duration.Duration = Duration.seconds(4)
export const MAX_BODY_BYTES = 1024 * 1024

/** When each client last refreshed its certificates for an unknown serial (per client, never shared). */
const lastRefresh = new WeakMap<Service, number>()

const fromCrypto = (
  error: SignatureVerificationError | DecryptionError | CryptoNotificationError
): NotificationError => {
  switch (error._tag) {
    case "SignatureVerificationError":
      return new NotificationError({
        reason: error.reason,
        message: error.message,
        ...(error.serial === undefined ? {} : { serial: error.serial })
      })
    case "DecryptionError":
      return new NotificationError({
        reason: error.reason === "UnsupportedAlgorithm" ? "UnsupportedAlgorithm" : "DecryptionFailed",
        message: error.message
      })
    case "NotificationError":
      return error.reason === "MalformedBody"
        ? new NotificationError({ reason: "MalformedBody", message: error.message })
        : new NotificationError({ reason: "UndecodableResource", message: error.message })
  }
}

const decodeCouponSend = Schema.decodeUnknownEither(Busifavor.CouponSendNotification, { errors: "all" })
const decodeCouponUse = Schema.decodeUnknownEither(Favor.CouponUseNotification, { errors: "all" })

/** Names the paths that failed, never the values (the resource may hold an openid or a phone number). */
const undecodable = (eventType: string, error: ParseResult.ParseError) => {
  const paths = [
    ...new Set(ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => issue.path.join(".") || "(root)"))
  ]
  return new NotificationError({
    reason: "UndecodableResource",
    message: `${eventType} resource does not match its schema at: ${paths.join(", ")}`
  })
}

/** Verifies with the client's keyring; on an unknown serial, optionally refreshes the certificates once. */
const verifyAndDecrypt = (client: Service, incoming: Notifications.Incoming, options?: Notifications.ParseOptions) =>
  Effect.catchIf(
    client.crypto.parseNotification(incoming),
    (error) =>
      options?.onUnknownSerial === "refresh" &&
      error._tag === "SignatureVerificationError" &&
      error.reason === "UnknownSerial",
    (error) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        if (now - (lastRefresh.get(client) ?? Number.NEGATIVE_INFINITY) < UNKNOWN_SERIAL_REFRESH_MILLIS) {
          return Effect.fail(error)
        }
        lastRefresh.set(client, now)
        return client.refreshCertificates.pipe(
          Effect.matchEffect({
            onFailure: (cause) =>
              Effect.zipRight(
                Effect.logWarning(`platform certificate refresh failed: ${cause.message}`),
                Effect.fail(error)
              ),
            onSuccess: () => client.crypto.parseNotification(incoming)
          })
        )
      })
  )

export const parse = (
  incoming: Notifications.Incoming,
  options?: Notifications.ParseOptions
): Effect.Effect<Notifications.Notification, NotificationError, WechatPayClient> =>
  Effect.flatMap(WechatPayClient, (client) =>
    Effect.flatMap(Effect.mapError(verifyAndDecrypt(client, incoming, options), fromCrypto), (parsed) => {
      if (parsed.id === "" || parsed.event_type === "") {
        return Effect.fail(
          new NotificationError({ reason: "MalformedBody", message: "notification has no `id` or `event_type`" })
        )
      }
      const envelope = {
        id: parsed.id,
        create_time: parsed.create_time,
        resource_type: parsed.resource_type,
        summary: parsed.summary,
        original_type: parsed.original_type
      }
      switch (parsed.event_type) {
        case "COUPON.SEND": {
          const resource = decodeCouponSend(parsed.resource)
          return Either.isLeft(resource)
            ? Effect.fail(undecodable(parsed.event_type, resource.left))
            : Effect.succeed<Notifications.Notification>({
                _tag: "CouponSend",
                event_type: "COUPON.SEND",
                ...envelope,
                resource: resource.right
              })
        }
        case "COUPON.USE": {
          const resource = decodeCouponUse(parsed.resource)
          return Either.isLeft(resource)
            ? Effect.fail(undecodable(parsed.event_type, resource.left))
            : Effect.succeed<Notifications.Notification>({
                _tag: "CouponUse",
                event_type: "COUPON.USE",
                ...envelope,
                resource: resource.right
              })
        }
        default:
          return Effect.succeed<Notifications.Notification>({
            _tag: "Unknown",
            event_type: parsed.event_type,
            ...envelope,
            resource: parsed.resource
          })
      }
    })
  )

/** 401 for a notification that may be forged or replayed, 400 for one that is malformed. */
export const statusOf = (error: NotificationError): 400 | 401 => {
  switch (error.reason) {
    case "MissingHeaders":
    case "BadSignature":
    case "ClockSkew":
    case "UnknownSerial":
      return 401
    default:
      return 400
  }
}

const fail = (status: number, message: string) => HttpServerResponse.unsafeJson({ code: "FAIL", message }, { status })

const NOT_PROCESSED = "notification not processed, please retry"

type Outcome = "handled" | "duplicate"

export const httpApp = <E, R>(
  handle: (notification: Notifications.Notification) => Effect.Effect<void, E, R>,
  options?: Notifications.HttpAppOptions
): HttpApp.Default<never, WechatPayClient | NotificationStore | R> => {
  const budget = Duration.decode(options?.timeout ?? DEFAULT_TIMEOUT)
  // Deliveries of one id in progress in this app: a concurrent duplicate waits for the first, then finds it recorded.
  const inflight = new Map<string, Deferred.Deferred<void>>()

  const once = (notification: Notifications.Notification): Effect.Effect<Outcome, unknown, NotificationStore | R> =>
    Effect.suspend(() => {
      const running = inflight.get(notification.id)
      if (running !== undefined) return Effect.zipRight(Deferred.await(running), once(notification))
      const done = Deferred.unsafeMake<void>(FiberId.none)
      inflight.set(notification.id, done)
      return Effect.gen(function* () {
        const store = yield* NotificationStore
        if (yield* store.has(notification.id)) return "duplicate" as const
        yield* handle(notification)
        yield* store.record(notification.id)
        return "handled" as const
      }).pipe(
        Effect.ensuring(
          Effect.suspend(() => {
            inflight.delete(notification.id)
            return Deferred.succeed(done, undefined)
          })
        )
      )
    })

  return Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = yield* Effect.either(
      HttpIncomingMessage.withMaxBodySize(request.arrayBuffer, Option.some(MAX_BODY_BYTES))
    )
    if (Either.isLeft(body)) {
      yield* Effect.logWarning("WeChat Pay notification rejected: the request body could not be read")
      return fail(400, "MalformedBody: the request body could not be read")
    }
    const parsed = yield* Effect.either(parse({ headers: request.headers, body: new Uint8Array(body.right) }, options))
    if (Either.isLeft(parsed)) {
      const error = parsed.left
      yield* Effect.logWarning(`WeChat Pay notification rejected: ${error.reason}`).pipe(
        Effect.annotateLogs({ reason: error.reason, detail: error.message })
      )
      return fail(statusOf(error), `${error.reason}: ${rejection[error.reason]}`)
    }
    const notification = parsed.right
    const outcome = yield* once(notification).pipe(Effect.timeoutOption(budget), Effect.exit)
    const annotations = { notification_id: notification.id, event_type: notification.event_type }
    if (outcome._tag === "Failure") {
      yield* Effect.logError(
        "WeChat Pay notification handler failed; answering 500 for a redelivery",
        outcome.cause
      ).pipe(Effect.annotateLogs(annotations))
      return fail(500, NOT_PROCESSED)
    }
    if (Option.isNone(outcome.value)) {
      yield* Effect.logError(
        `WeChat Pay notification handler exceeded ${Duration.format(budget)}; answering 500 for a redelivery`
      ).pipe(Effect.annotateLogs(annotations))
      return fail(500, NOT_PROCESSED)
    }
    if (outcome.value.value === "duplicate") {
      yield* Effect.logDebug("WeChat Pay notification already handled").pipe(Effect.annotateLogs(annotations))
    }
    return HttpServerResponse.empty({ status: 204 })
  }).pipe(Effect.withSpan("WechatPay.notification", { kind: "server", captureStackTrace: false }))
}

const rejection: Record<NotificationError["reason"], string> = {
  MissingHeaders: "Wechatpay-* signature headers are missing",
  BadSignature: "the signature does not verify",
  ClockSkew: "the timestamp is too far from local time",
  UnknownSerial: "the signing key is not known",
  UnsupportedAlgorithm: "the resource algorithm is not supported",
  DecryptionFailed: "the resource could not be decrypted",
  MalformedBody: "the body is not a notification",
  UndecodableResource: "the resource does not match its event type"
}

const toWebHeaders = (headers: Http.IncomingHttpHeaders): Array<[string, string]> => {
  const out: Array<[string, string]> = []
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out.push([name, Array.isArray(value) ? value.join(", ") : value])
  }
  return out
}

const writeFail = (response: Http.ServerResponse, status: number, message: string) => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(JSON.stringify({ code: "FAIL", message }))
}

export const nodeHandler = <E, R>(
  handle: (notification: Notifications.Notification) => Effect.Effect<void, E, R>,
  options?: Notifications.HttpAppOptions
): Effect.Effect<
  (request: Http.IncomingMessage, response: Http.ServerResponse) => void,
  never,
  WechatPayClient | NotificationStore | R
> =>
  Effect.map(Effect.runtime<WechatPayClient | NotificationStore | R>(), (runtime) => {
    const web = HttpApp.toWebHandlerRuntime(runtime)(httpApp(handle, options))
    const runFork = Runtime.runFork(runtime)
    return (request, response) => {
      if (request.readableEnded || (request as { readonly body?: unknown }).body !== undefined) {
        // A body parser (express.json(), koa-bodyparser) read the stream: the bytes that were signed are gone.
        runFork(
          Effect.logError(
            "WeChat Pay notification: the request body was consumed before the handler; mount it without a body parser (the signature covers the raw bytes)"
          )
        )
        writeFail(response, 500, NOT_PROCESSED)
        return
      }
      const chunks: Array<Buffer> = []
      let size = 0
      request.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_BODY_BYTES) {
          if (!response.headersSent) writeFail(response, 400, "MalformedBody: the body is too large")
          request.destroy()
          return
        }
        chunks.push(chunk)
      })
      request.on("error", () => {
        if (!response.headersSent) writeFail(response, 400, "MalformedBody: the request body could not be read")
      })
      request.on("end", () => {
        if (response.headersSent) return
        const webRequest = new Request(`http://localhost${request.url ?? "/"}`, {
          method: request.method ?? "POST",
          headers: toWebHeaders(request.headers),
          ...(request.method === "GET" || request.method === "HEAD" ? {} : { body: Buffer.concat(chunks) })
        })
        web(webRequest).then(
          async (answer) => {
            const bytes = Buffer.from(await answer.arrayBuffer())
            const headers: Record<string, string> = {}
            answer.headers.forEach((value, name) => {
              headers[name] = value
            })
            response.writeHead(answer.status, headers)
            response.end(bytes)
          },
          () => writeFail(response, 500, NOT_PROCESSED)
        )
      })
    }
  })
