/**
 * Notifications: parse (verify, decrypt, decode by `event_type`), the HTTP app (reject, run the handler once per id
 * within a time budget, record, answer) and the node:http adapter.
 */
import type * as Http from "node:http"
import type {
  DecryptionError,
  NotificationDecodeError,
  SignatureVerificationError
} from "@effect-wechatpay/crypto/CryptoError"
import * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import * as Favor from "@effect-wechatpay/schema/Favor"
import * as ProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import * as ByteSize from "effect/ByteSize"
import type * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HttpEffect from "effect/http/HttpEffect"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import { NotificationStore, type Service as NotificationStoreService } from "../NotificationStore.js"
import type * as Notifications from "../Notifications.js"
import { type Service, WechatPayClient } from "../WechatPay.js"
import { WechatPayBrand } from "../WechatPayBrand.js"
import { NotificationError } from "./notificationError.js"
import { DEFAULT_TTL, makeMemoryUnsafe, type NotificationStoreError } from "./notificationStore.js"

const UNKNOWN_SERIAL_REFRESH_MILLIS = 60_000
export const DEFAULT_TIMEOUT: Duration.Duration = Duration.seconds(4)
export const DEFAULT_BODY_TIMEOUT: Duration.Duration = Duration.seconds(2)
export const MAX_BODY_BYTES = 1024 * 1024
const MAX_BODY_SIZE = ByteSize.bytes(MAX_BODY_BYTES)

/** When each client last refreshed its certificates for an unknown serial (per client, never shared). */
const lastRefresh = new WeakMap<Service, number>()

const fromCrypto = (
  error: SignatureVerificationError | DecryptionError | NotificationDecodeError
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
    case "NotificationDecodeError":
      return error.reason === "MalformedBody"
        ? new NotificationError({ reason: "MalformedBody", message: error.message })
        : new NotificationError({ reason: "UndecodableResource", message: error.message })
  }
}

const decodeCouponSend = Schema.decodeUnknownResult(Busifavor.CouponSendNotification, { errors: "all" })
const decodeCouponUse = Schema.decodeUnknownResult(Favor.CouponUseNotification, { errors: "all" })
const decodeProductCouponSend = Schema.decodeUnknownResult(ProductCoupon.UserProductCouponNotification, {
  errors: "all"
})

const formatIssue = SchemaIssue.makeFormatterStandardSchemaV1()

/** Names the paths that failed, never the values (the resource may hold an openid or a phone number). */
const undecodable = (eventType: string, error: Schema.SchemaError) => {
  const paths = [
    ...new Set(
      formatIssue(error.issue).issues.map(
        (leaf) => (leaf.path ?? []).map((key) => String(typeof key === "object" ? key.key : key)).join(".") || "(root)"
      )
    )
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
              Effect.andThen(
                Effect.logWarning(`platform certificate refresh failed: ${cause.message}`),
                Effect.fail(error)
              ),
            onSuccess: () => client.crypto.parseNotification(incoming)
          })
        )
      })
  )

/** Which credentials verify and decrypt: the merchant's (APIv3 key) or the brand's (品牌API密钥). */
type Credentials = "merchant" | "brand"

const NO_BRAND_API_KEY =
  "no brandApiKey (品牌API密钥) is configured on the WechatPayBrand client: it decrypts the brand's notifications"

const parseWith = (
  client: Service,
  credentials: Credentials,
  incoming: Notifications.Incoming,
  options?: Notifications.ParseOptions
): Effect.Effect<Notifications.Notification, NotificationError> =>
  Effect.flatMap(
    Effect.mapError(verifyAndDecrypt(client, incoming, options), (error) =>
      credentials === "brand" && error._tag === "DecryptionError" && error.reason === "MissingApiV3Key"
        ? new NotificationError({ reason: "DecryptionFailed", message: NO_BRAND_API_KEY })
        : fromCrypto(error)
    ),
    (parsed) => {
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
          return Result.isFailure(resource)
            ? Effect.fail(undecodable(parsed.event_type, resource.failure))
            : Effect.succeed<Notifications.Notification>({
                _tag: "CouponSend",
                event_type: "COUPON.SEND",
                ...envelope,
                resource: resource.success
              })
        }
        case "COUPON.USE": {
          const resource = decodeCouponUse(parsed.resource)
          return Result.isFailure(resource)
            ? Effect.fail(undecodable(parsed.event_type, resource.failure))
            : Effect.succeed<Notifications.Notification>({
                _tag: "CouponUse",
                event_type: "COUPON.USE",
                ...envelope,
                resource: resource.success
              })
        }
        case "PRODUCT_COUPON.SEND":
        case "PRODUCT_COUPON_SP.SEND": {
          const eventType = parsed.event_type
          const resource = decodeProductCouponSend(parsed.resource)
          return Result.isFailure(resource)
            ? Effect.fail(undecodable(eventType, resource.failure))
            : Effect.succeed<Notifications.Notification>({
                _tag: "ProductCouponSend",
                event_type: eventType,
                ...envelope,
                resource: resource.success
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
    }
  )

export const parse = (
  incoming: Notifications.Incoming,
  options?: Notifications.ParseOptions
): Effect.Effect<Notifications.Notification, NotificationError, WechatPayClient> =>
  Effect.flatMap(WechatPayClient, (client) => parseWith(client, "merchant", incoming, options))

export const parseBrand = (
  incoming: Notifications.Incoming,
  options?: Notifications.ParseOptions
): Effect.Effect<Notifications.Notification, NotificationError, WechatPayBrand> =>
  Effect.flatMap(WechatPayBrand, (client) => parseWith(client, "brand", incoming, options))

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

const fail = (status: number, message: string, headers?: Record<string, string>) =>
  HttpServerResponse.jsonUnsafe({ code: "FAIL", message }, { status, ...(headers === undefined ? {} : { headers }) })

const NOT_PROCESSED = "notification not processed, please retry"

/** WeChat Pay only POSTs; anything else is answered without reading a byte of its body. */
const NOT_POST = "only POST is accepted"
const ALLOW_POST = { allow: "POST", connection: "close" }

/** An answer sent before the body was read to its end: the connection is closed, not drained for the next request. */
const CLOSE = { connection: "close" }

const UNREADABLE = "MalformedBody: the request body could not be read"

const bodyTimeoutMessage = (budget: Duration.Duration) =>
  `the request body did not arrive within ${Duration.format(budget)}`

/** Between two claims of an id another delivery holds. */
const CLAIM_POLL = Duration.millis(100)
/** Ids whose handler succeeded here but which the store could not record: at most this many, for the store's TTL. */
const UNRECORDED_CAPACITY = 10_000

type Outcome =
  | { readonly _tag: "Duplicate" }
  | { readonly _tag: "Succeeded" }
  | { readonly _tag: "Failed"; readonly cause: Cause.Cause<unknown> }

/** The service holding the credentials of a notify endpoint, and how its notifications are parsed. */
interface Source<C> {
  readonly parse: (
    incoming: Notifications.Incoming,
    options?: Notifications.ParseOptions
  ) => Effect.Effect<Notifications.Notification, NotificationError, C>
}

const merchantSource: Source<WechatPayClient> = { parse }
const brandSource: Source<WechatPayBrand> = { parse: parseBrand }

export const httpApp = <E, R>(
  handle: (notification: Notifications.Notification) => Effect.Effect<void, E, R>,
  options?: Notifications.HttpAppOptions
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest | WechatPayClient | NotificationStore | R
> => makeHttpApp(merchantSource, handle, options)

export const brandHttpApp = <E, R>(
  handle: (notification: Notifications.Notification) => Effect.Effect<void, E, R>,
  options?: Notifications.HttpAppOptions
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest | WechatPayBrand | NotificationStore | R
> => makeHttpApp(brandSource, handle, options)

const makeHttpApp = <C, E, R>(
  source: Source<C>,
  handle: (notification: Notifications.Notification) => Effect.Effect<void, E, R>,
  options?: Notifications.HttpAppOptions
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest | C | NotificationStore | R
> => {
  const budget = Duration.fromInputUnsafe(options?.timeout ?? DEFAULT_TIMEOUT)
  // A claim outlives the handler's budget (the handler is interrupted at it, then the id is recorded), and expires
  // well before WeChat Pay's next attempt (15 s at the soonest), so a claim whose instance died does not block it.
  const lease = Duration.times(budget, 2)
  // Handled here, but the store failed to record them: a redelivery to this instance does not run the handler again.
  const unrecorded = makeMemoryUnsafe({ ttlMillis: Duration.toMillis(DEFAULT_TTL), capacity: UNRECORDED_CAPACITY })

  /** Records the id after its handler succeeded: a few attempts, then remembered here (the work is done). */
  const record = (store: NotificationStoreService, id: string) =>
    store.record(id).pipe(
      Effect.retry({ times: 2, schedule: Schedule.exponential("50 millis") }),
      Effect.catch((error) =>
        Effect.andThen(
          Effect.ignore(unrecorded.record(id)),
          Effect.logError(
            "WeChat Pay notification handled, but the notification store could not record it; answering 204 so that WeChat Pay does not deliver it again",
            error
          )
        )
      )
    )

  /**
   * Claims the id (waiting while another delivery, here or on another instance, holds it), runs the handler, then
   * records the id or releases the claim. The record and the release are not interrupted: a handler that succeeded
   * just before the budget ran out is recorded even though the answer is 500, so the redelivery finds it handled.
   */
  const claimAndRun = (
    store: NotificationStoreService,
    notification: Notifications.Notification,
    token: string
  ): Effect.Effect<Outcome, NotificationStoreError, R> =>
    Effect.gen(function* () {
      let claim = yield* store.claim(notification.id, token, lease)
      while (claim === "Busy") {
        yield* Effect.sleep(CLAIM_POLL)
        claim = yield* store.claim(notification.id, token, lease)
      }
      if (claim === "Handled") return { _tag: "Duplicate" } as const
      return yield* Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(Effect.exit(restore(handle(notification))), (exit): Effect.Effect<Outcome> => {
          if (Exit.isSuccess(exit)) return Effect.as(record(store, notification.id), { _tag: "Succeeded" })
          const released = store
            .release(notification.id, token)
            .pipe(
              Effect.catch((error) =>
                Effect.logWarning("notification store release failed; the claim expires with its lease", error)
              )
            )
          return Effect.as(released, { _tag: "Failed", cause: exit.cause })
        })
      )
    })

  const bodyBudget = Duration.fromInputUnsafe(options?.bodyTimeout ?? DEFAULT_BODY_TIMEOUT)

  return Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (request.method !== "POST") {
      yield* Effect.logWarning(`WeChat Pay notification rejected: method ${request.method.slice(0, 16)}`)
      return fail(405, NOT_POST, ALLOW_POST)
    }
    // The body is read against the size limit and the clock: a slow sender is cut off, never waited for.
    const body = yield* request.arrayBuffer.pipe(
      Effect.provideService(HttpIncomingMessage.MaxBodySize, MAX_BODY_SIZE),
      Effect.timeoutOption(bodyBudget),
      Effect.result
    )
    if (Result.isFailure(body)) {
      const reason = body.failure.reason
      yield* Effect.logWarning(
        reason._tag === "RequestParseError" && reason.reason === "BodyTooLarge"
          ? `WeChat Pay notification rejected: the request body is larger than ${MAX_BODY_BYTES} bytes`
          : "WeChat Pay notification rejected: the request body could not be read"
      )
      return fail(400, UNREADABLE, CLOSE)
    }
    if (Option.isNone(body.success)) {
      yield* Effect.logWarning(`WeChat Pay notification rejected: ${bodyTimeoutMessage(bodyBudget)}`)
      return fail(408, bodyTimeoutMessage(bodyBudget), CLOSE)
    }
    const parsed = yield* Effect.result(
      source.parse({ headers: request.headers, body: new Uint8Array(body.success.value) }, options)
    )
    if (Result.isFailure(parsed)) {
      const error = parsed.failure
      yield* Effect.logWarning(`WeChat Pay notification rejected: ${error.reason}`).pipe(
        Effect.annotateLogs({ reason: error.reason, detail: error.message })
      )
      return fail(statusOf(error), `${error.reason}: ${rejection[error.reason]}`)
    }
    const notification = parsed.success
    const annotations = { notification_id: notification.id, event_type: notification.event_type }
    if (yield* Effect.orElseSucceed(unrecorded.has(notification.id), () => false)) {
      yield* Effect.logDebug("WeChat Pay notification already handled").pipe(Effect.annotateLogs(annotations))
      return HttpServerResponse.empty({ status: 204 })
    }
    const store = yield* NotificationStore
    const token = crypto.randomUUID()
    // The handler runs in a fiber of its own, so that the answer never waits past the budget, even for a handler that
    // cannot be interrupted (the server runs this app uninterruptibly, and a race waits for its interrupted loser).
    const running = yield* Effect.forkDetach(claimAndRun(store, notification, token))
    const outcome = yield* Fiber.await(running).pipe(
      Effect.timeoutOption(budget),
      Effect.onInterrupt(() => Effect.sync(() => running.interruptUnsafe()))
    )
    if (Option.isNone(outcome)) {
      // Interrupted without waiting: the claim is released once the handler has stopped, or ends with its lease.
      running.interruptUnsafe()
      yield* Effect.logError(
        `WeChat Pay notification handler exceeded ${Duration.format(budget)}; answering 500 for a redelivery`
      ).pipe(Effect.annotateLogs(annotations))
      return fail(500, NOT_PROCESSED)
    }
    if (Exit.isFailure(outcome.value)) {
      yield* Effect.logError(
        "WeChat Pay notification not handled: the notification store failed; answering 500 for a redelivery",
        outcome.value.cause
      ).pipe(Effect.annotateLogs(annotations))
      return fail(500, NOT_PROCESSED)
    }
    const result = outcome.value.value
    switch (result._tag) {
      case "Duplicate":
        yield* Effect.logDebug("WeChat Pay notification already handled").pipe(Effect.annotateLogs(annotations))
        return HttpServerResponse.empty({ status: 204 })
      case "Failed":
        yield* Effect.logError(
          "WeChat Pay notification handler failed; answering 500 for a redelivery",
          result.cause
        ).pipe(Effect.annotateLogs(annotations))
        return fail(500, NOT_PROCESSED)
      case "Succeeded":
        return HttpServerResponse.empty({ status: 204 })
    }
  }).pipe(Effect.withSpan("WechatPay.notification", { kind: "server" }, { captureStackTrace: false }))
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

/**
 * The request headers as Fetch `Headers`, header by header: one Fetch refuses (Node's parser lets through bytes
 * that undici does not) is left out rather than failing the request; the signature headers are plain ASCII.
 */
const toWebHeaders = (headers: Http.IncomingHttpHeaders): Headers => {
  const out = new Headers()
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    try {
      out.append(name, Array.isArray(value) ? value.join(", ") : value)
    } catch {
      // Not a header WeChat Pay sends.
    }
  }
  return out
}

const writeFail = (
  request: Http.IncomingMessage,
  response: Http.ServerResponse,
  status: number,
  message: string,
  headers?: Record<string, string>
) => {
  if (response.headersSent || response.destroyed) return
  response.writeHead(status, { "content-type": "application/json", ...headers })
  response.end(JSON.stringify({ code: "FAIL", message }))
  if (headers?.["connection"] === "close") {
    // The rest of the body is not read: the connection goes once the answer is out.
    response.once("finish", () => request.socket?.destroy())
  }
}

/** The app as a Fetch handler over the services it needs. */
const toWebHandler = <R>(
  context: Context.Context<R>,
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest | R>
): ((request: Request) => Promise<Response>) =>
  HttpEffect.toWebHandlerWith<R, HttpServerRequest.HttpServerRequest | R, never>(context)(app)

/** The URL of the Fetch request handed to the app: fixed, since the app never reads it (the target may be anything). */
const NOTIFY_URL = "http://localhost/wechatpay/notify"

export const nodeHandler = <E, R>(
  handle: (notification: Notifications.Notification) => Effect.Effect<void, E, R>,
  options?: Notifications.HttpAppOptions
): Effect.Effect<
  (request: Http.IncomingMessage, response: Http.ServerResponse) => void,
  never,
  WechatPayClient | NotificationStore | R
> => makeNodeHandler(httpApp(handle, options), options)

export const brandNodeHandler = <E, R>(
  handle: (notification: Notifications.Notification) => Effect.Effect<void, E, R>,
  options?: Notifications.HttpAppOptions
): Effect.Effect<
  (request: Http.IncomingMessage, response: Http.ServerResponse) => void,
  never,
  WechatPayBrand | NotificationStore | R
> => makeNodeHandler(brandHttpApp(handle, options), options)

const makeNodeHandler = <R>(
  app: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest | R>,
  options?: Notifications.HttpAppOptions
): Effect.Effect<(request: Http.IncomingMessage, response: Http.ServerResponse) => void, never, R> =>
  Effect.map(Effect.context<R>(), (context) => {
    const web = toWebHandler(context, app)
    const runFork = Effect.runForkWith(context)
    const bodyBudget = Duration.fromInputUnsafe(options?.bodyTimeout ?? DEFAULT_BODY_TIMEOUT)
    const bodyMillis = Duration.toMillis(bodyBudget)
    const logWarning = (message: string) => runFork(Effect.logWarning(`WeChat Pay notification rejected: ${message}`))

    const answer = (request: Http.IncomingMessage, response: Http.ServerResponse, body: Uint8Array<ArrayBuffer>) => {
      let webRequest: Request
      try {
        webRequest = new Request(NOTIFY_URL, {
          method: "POST",
          headers: toWebHeaders(request.headers),
          body
        })
      } catch {
        logWarning("the request could not be read")
        return writeFail(request, response, 400, UNREADABLE)
      }
      web(webRequest).then(
        async (answer) => {
          const bytes = Buffer.from(await answer.arrayBuffer())
          if (response.headersSent || response.destroyed) return
          const headers: Record<string, string> = {}
          answer.headers.forEach((value, name) => {
            headers[name] = value
          })
          response.writeHead(answer.status, headers)
          response.end(bytes)
        },
        () => writeFail(request, response, 500, NOT_PROCESSED)
      )
    }

    return (request, response) => {
      if (request.readableEnded || (request as { readonly body?: unknown }).body !== undefined) {
        // A body parser (express.json(), koa-bodyparser) read the stream: the bytes that were signed are gone.
        runFork(
          Effect.logError(
            "WeChat Pay notification: the request body was consumed before the handler; mount it without a body parser (the signature covers the raw bytes)"
          )
        )
        return writeFail(request, response, 500, NOT_PROCESSED)
      }
      if (request.method !== "POST") {
        // Answered before anything is built from the request: Fetch refuses TRACE, CONNECT and TRACK outright.
        logWarning(`method ${String(request.method).slice(0, 16)}`)
        return writeFail(request, response, 405, NOT_POST, ALLOW_POST)
      }
      const declared = request.headers["content-length"]
      if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > MAX_BODY_BYTES) {
        logWarning(`the request body is larger than ${MAX_BODY_BYTES} bytes`)
        return writeFail(request, response, 400, UNREADABLE, CLOSE)
      }
      const chunks: Array<Buffer> = []
      let size = 0
      let done = false
      const stop = () => {
        done = true
        clearTimeout(deadline)
        request.off("data", onData)
      }
      const deadline = setTimeout(() => {
        if (done) return
        stop()
        logWarning(bodyTimeoutMessage(bodyBudget))
        writeFail(request, response, 408, bodyTimeoutMessage(bodyBudget), CLOSE)
      }, bodyMillis)
      const onData = (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_BODY_BYTES) {
          stop()
          logWarning(`the request body is larger than ${MAX_BODY_BYTES} bytes`)
          writeFail(request, response, 400, UNREADABLE, CLOSE)
          return
        }
        chunks.push(chunk)
      }
      request.on("data", onData)
      request.on("error", () => {
        if (done) return
        stop()
        writeFail(request, response, 400, UNREADABLE, CLOSE)
      })
      request.on("end", () => {
        if (done) return
        stop()
        const body = new Uint8Array(size)
        let offset = 0
        for (const chunk of chunks) {
          body.set(chunk, offset)
          offset += chunk.length
        }
        answer(request, response, body)
      })
    }
  })
