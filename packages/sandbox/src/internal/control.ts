/**
 * The test controls over HTTP (`Options.httpControls`; the bin turns it on): `GET` or `POST /_sandbox/<name>` on the
 * gateway's port, one per control of the `Sandbox` handle and named after it, JSON in and out, so that a test in any
 * language drives a running sandbox. WeChat Pay's paths all start with `/v3/`: `/_sandbox/` never meets one, and
 * these requests are neither recorded in `requests` nor subject to faults.
 *
 * The sandbox listens on 127.0.0.1 only, so only local processes reach it. What a web page in a local browser could
 * still send is refused: a request whose `Host` is not 127.0.0.1 or localhost (DNS rebinding) answers 403, and a POST
 * without `Content-Type: application/json` (a form post, which needs no CORS preflight) answers 415. No CORS headers
 * are sent, so a page cannot read an answer either.
 *
 * @internal
 */

import * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import * as Favor from "@effect-wechatpay/schema/Favor"
import * as ProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Sandbox from "../SandboxTypes.js"
import { Misuse } from "./misuse.js"
import { beijingTime } from "./protocol.js"

/** The path prefix of the controls. @internal */
export const PREFIX = "/_sandbox"

type Answer =
  | { readonly _tag: "Json"; readonly status: number; readonly body: unknown }
  | { readonly _tag: "NoContent" }

const noContent: Answer = { _tag: "NoContent" }
const json = (body: unknown): Answer => ({ _tag: "Json", status: 200, body })

interface Control {
  readonly method: "GET" | "POST"
  /** What the body must be (POST); none: no body, or `{}`. */
  readonly body?: Schema.Codec<unknown, unknown>
  readonly run: (sandbox: Sandbox.Sandbox, body: unknown) => Effect.Effect<Answer>
}

/** A control without a body. */
const bare = (method: Control["method"], run: (sandbox: Sandbox.Sandbox) => Effect.Effect<Answer>): Control => ({
  method,
  run
})

/** A POST control whose JSON body decodes with `schema`. */
const post = <S extends Schema.Top>(
  schema: S,
  run: (sandbox: Sandbox.Sandbox, body: S["Type"]) => Effect.Effect<Answer>
): Control => ({
  method: "POST",
  body: schema as unknown as Schema.Codec<unknown, unknown>,
  run: (sandbox, body) => run(sandbox, body as S["Type"])
})

const Match = Schema.Struct({
  method: Schema.optionalKey(Schema.String),
  path: Schema.optionalKey(Schema.String)
})

const FaultKind = Schema.Union([
  Schema.TaggedStruct("Error", {
    status: Schema.Int,
    code: Schema.String,
    message: Schema.optionalKey(Schema.String),
    detail: Schema.optionalKey(Schema.Unknown)
  }),
  Schema.TaggedStruct("RawError", {
    status: Schema.Int,
    body: Schema.String,
    contentType: Schema.optionalKey(Schema.String)
  }),
  Schema.TaggedStruct("TamperBody", {}),
  Schema.TaggedStruct("StaleTimestamp", { seconds: Schema.Finite }),
  Schema.TaggedStruct("UnknownSerial", {}),
  Schema.TaggedStruct("SignTest", {}),
  Schema.TaggedStruct("DropHeaders", {}),
  Schema.TaggedStruct("Latency", { millis: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)) }),
  Schema.TaggedStruct("SetField", { field: Schema.String, value: Schema.Unknown })
])

const Fault = Schema.Struct({
  match: Schema.optionalKey(Match),
  times: Schema.optionalKey(Schema.Int),
  kind: FaultKind
})

const NotificationFault = Schema.Struct({
  eventType: Schema.optionalKey(Schema.String),
  times: Schema.optionalKey(Schema.Int),
  kind: Schema.Union([
    Schema.TaggedStruct("TamperBody", {}),
    Schema.TaggedStruct("Stale", { seconds: Schema.Finite }),
    Schema.TaggedStruct("SignTest", {}),
    Schema.TaggedStruct("UnknownSerial", {}),
    Schema.TaggedStruct("Duplicate", {})
  ])
})

const MarkFavorCouponUsed = Schema.Struct({
  coupon_id: Schema.String,
  consume_mchid: Schema.optionalKey(Schema.String),
  transaction_id: Schema.optionalKey(Schema.String),
  consume_time: Schema.optionalKey(Schema.String),
  consume_amount: Schema.optionalKey(Schema.Int)
})

/** The wire resource, checked by its schema (the typed notification's) and sent as given. */
const wireResource = <S extends Schema.Top>(schema: S, eventType: string) =>
  Schema.Unknown.check(
    Schema.makeFilter((resource) => {
      const decoded = Schema.decodeUnknownResult(schema as unknown as Schema.Codec<unknown, unknown>)(resource)
      return Result.isSuccess(decoded) || `not a ${eventType} resource: ${issueText(decoded.failure)}`
    })
  )

const DeliverNotification = Schema.Union([
  Schema.Struct({
    eventType: Schema.Literal("COUPON.SEND"),
    resource: wireResource(Busifavor.CouponSendNotification, "COUPON.SEND"),
    url: Schema.optionalKey(Schema.String),
    id: Schema.optionalKey(Schema.String)
  }),
  Schema.Struct({
    eventType: Schema.Literal("COUPON.USE"),
    resource: wireResource(Favor.CouponUseNotification, "COUPON.USE"),
    url: Schema.optionalKey(Schema.String),
    id: Schema.optionalKey(Schema.String)
  }),
  Schema.Struct({
    eventType: Schema.Literals(["PRODUCT_COUPON.SEND", "PRODUCT_COUPON_SP.SEND"]),
    resource: wireResource(ProductCoupon.UserProductCouponNotification, "商品券发放通知"),
    url: Schema.optionalKey(Schema.String),
    id: Schema.optionalKey(Schema.String)
  })
])

/** A schema issue on one line: `Expected number at ["kind"]["status"]`. */
const issueText = (error: Schema.SchemaError): string => error.message.replace(/\s*\n\s*at /g, " at ").trim()

/** A record with its `Option` fields as the value or `null`, as JSON has it. */
const plain = (record: object): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, Option.isOption(value) ? Option.getOrNull(value) : value])
  )

const clock = (sandbox: Sandbox.Sandbox) => Effect.map(sandbox.now, (now) => json({ now, time: beijingTime(now) }))

/** Every control, by name: the `Sandbox` handle's. @internal */
export const controls: Readonly<Record<string, Control>> = {
  reset: bare("POST", (sandbox) => Effect.as(sandbox.reset(), noContent)),
  now: bare("GET", clock),
  advanceTime: post(
    Schema.Struct({ seconds: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)) }),
    (sandbox, body) => Effect.andThen(sandbox.advanceTime(body.seconds * 1000), clock(sandbox))
  ),
  inject: post(Fault, (sandbox, fault) => Effect.as(sandbox.inject(fault), noContent)),
  injectNotificationFault: post(NotificationFault, (sandbox, fault) =>
    Effect.as(sandbox.injectNotificationFault(fault), noContent)
  ),
  markFavorCouponUsed: post(MarkFavorCouponUsed, (sandbox, options) =>
    Effect.as(sandbox.markFavorCouponUsed(options), noContent)
  ),
  approveBusifavorStock: post(Schema.Struct({ stock_id: Schema.String }), (sandbox, body) =>
    Effect.as(sandbox.approveBusifavorStock(body.stock_id), noContent)
  ),
  deleteUserProductCoupon: post(
    Schema.Struct({ openid: Schema.String, coupon_code: Schema.String, brandId: Schema.optional(Schema.String) }),
    (sandbox, body) => Effect.as(sandbox.deleteUserProductCoupon(body), noContent)
  ),
  setProductCouponStockState: post(
    Schema.Struct({
      stock_id: Schema.String,
      state: Schema.Literals(["PAUSED", "SENDING"]),
      brandId: Schema.optional(Schema.String)
    }),
    (sandbox, body) => Effect.as(sandbox.setProductCouponStockState(body), noContent)
  ),
  setFavorNaturalPerson: post(Schema.Struct({ openid: Schema.String, person: Schema.String }), (sandbox, body) =>
    Effect.as(sandbox.setFavorNaturalPerson(body), noContent)
  ),
  setSigningMode: post(Schema.Struct({ mode: Schema.Literals(["publicKey", "certificate"]) }), (sandbox, body) =>
    Effect.as(sandbox.setSigningMode(body.mode), noContent)
  ),
  rotateCertificate: bare("POST", (sandbox) =>
    Effect.map(sandbox.rotateCertificate(), (serial_no) => json({ serial_no }))
  ),
  deliverNotification: post(DeliverNotification, (sandbox, body) =>
    Effect.map(sandbox.deliverNotification(body as Sandbox.DeliverNotification), (id) => json({ id }))
  ),
  notifications: bare("GET", (sandbox) => Effect.map(sandbox.notifications, (all) => json(all.map(plain)))),
  requests: bare("GET", (sandbox) => Effect.map(sandbox.requests, (all) => json(all.map(plain)))),
  favorUseFlow: bare("GET", (sandbox) => Effect.map(sandbox.favorUseFlow, json))
}

const index = json({
  controls: Object.entries(controls).map(([name, control]) => ({ method: control.method, path: `${PREFIX}/${name}` }))
})

const problem = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  HttpServerResponse.jsonUnsafe({ code, message }, { status, headers })

const render = (answer: Answer) =>
  answer._tag === "NoContent"
    ? HttpServerResponse.empty({ status: 204 })
    : HttpServerResponse.jsonUnsafe(answer.body, { status: answer.status })

/** `Host` names a loopback name: what a request from a local process carries, and a rebound domain does not. */
const loopbackHost = (host: string | undefined) => {
  if (host === undefined) return false
  const name = host.replace(/:\d+$/, "").toLowerCase()
  return name === "127.0.0.1" || name === "localhost"
}

/** The decoded body, or why not. */
const decodeBody = (control: Control, text: string): Result.Result<unknown, string> => {
  if (control.body === undefined) {
    return text.trim() === "" || /^\s*\{\s*\}\s*$/.test(text)
      ? Result.succeed(undefined)
      : Result.fail("this control takes no body (send none, or {})")
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text === "" ? "{}" : text)
  } catch {
    return Result.fail("the body is not JSON")
  }
  const decoded = Schema.decodeUnknownResult(control.body)(parsed, {
    onExcessProperty: "error"
  })
  return Result.isSuccess(decoded) ? Result.succeed(decoded.success) : Result.fail(issueText(decoded.failure))
}

/** One control request: checks, then the control; a misuse of the handle answers 400 with its reason. */
const serve = (sandbox: Sandbox.Sandbox, request: HttpServerRequest.HttpServerRequest, path: string) =>
  Effect.gen(function* () {
    if (!loopbackHost(request.headers["host"])) {
      return problem(403, "FORBIDDEN", "the controls answer requests for 127.0.0.1 or localhost only (Host header)")
    }
    const name = path.slice(PREFIX.length + 1)
    const method = request.method.toUpperCase()
    if (name === "") {
      return method === "GET"
        ? render(index)
        : problem(405, "METHOD_NOT_ALLOWED", `${method} ${PREFIX}`, { Allow: "GET" })
    }
    const control = Object.hasOwn(controls, name) ? controls[name] : undefined
    if (control === undefined) {
      return problem(404, "NOT_FOUND", `no control ${name}; GET ${PREFIX} lists them`)
    }
    if (method !== control.method) {
      return problem(405, "METHOD_NOT_ALLOWED", `${PREFIX}/${name} is ${control.method}, not ${method}`, {
        Allow: control.method
      })
    }
    let body: unknown
    if (method === "POST") {
      if (!/^application\/json\b/i.test(request.headers["content-type"] ?? "")) {
        return problem(415, "UNSUPPORTED_MEDIA_TYPE", "a control POST carries Content-Type: application/json")
      }
      const decoded = decodeBody(control, yield* Effect.orElseSucceed(request.text, () => ""))
      if (Result.isFailure(decoded)) return problem(400, "INVALID_BODY", decoded.failure)
      body = decoded.success
    }
    const exit = yield* Effect.exit(control.run(sandbox, body))
    if (Exit.isSuccess(exit)) return render(exit.value)
    const misuse = Cause.findDefect(exit.cause).pipe(
      Result.getSuccess,
      Option.filter((defect): defect is Misuse => defect instanceof Misuse)
    )
    return Option.isSome(misuse)
      ? problem(400, "INVALID_REQUEST", misuse.value.problem)
      : yield* Effect.failCause(exit.cause)
  })

/**
 * The gateway app with the controls in front: `/_sandbox` and `/_sandbox/…` are answered here, everything else by
 * the gateway.
 *
 * @internal
 */
export const withControls = <E, R>(
  sandbox: Sandbox.Sandbox,
  gateway: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const query = request.url.indexOf("?")
    const path = query === -1 ? request.url : request.url.slice(0, query)
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return gateway
    return serve(sandbox, request, path).pipe(
      Effect.tap((response) =>
        Effect.logDebug("WeChat Pay sandbox control").pipe(
          Effect.annotateLogs({ method: request.method, path, status: response.status })
        )
      )
    )
  })
