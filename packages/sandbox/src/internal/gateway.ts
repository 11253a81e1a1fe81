/**
 * The gateway: the request checks of the real gateway (headers, Authorization, signature), routing over the
 * descriptors, fault injection, response signing and the request log, as one `HttpServer` app.
 *
 * @internal
 */
import type { KeyObject } from "node:crypto"
import type * as Endpoint from "@effect-wechatpay/schema/Endpoint"
import * as Endpoints from "@effect-wechatpay/schema/Endpoints"
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Result from "effect/Result"
import type * as Semaphore from "effect/Semaphore"
import type * as Sandbox from "../SandboxTypes.js"
import * as Behaviour from "./behaviour.js"
import { registry } from "./behaviours.js"
import * as FavorFiles from "./favorFiles.js"
import { randomAlphanumeric } from "./material.js"
import * as Multipart from "./multipart.js"
import {
  type AuthorizationParse,
  BRAND_SIGNATURE_SCHEME,
  beijingTime,
  encryptAesGcm,
  parseAuthorization,
  requestId,
  requestMessage,
  SIGNATURE_SCHEME,
  tamper,
  verifyBase64
} from "./protocol.js"
import type * as RequestLog from "./requestLog.js"
import { wechatpayHeaders } from "./signing.js"
import { type GatewayConfig, type GatewayState, withShared } from "./state.js"

type Signer = "mode" | "platform"

type Reply =
  | {
      readonly _tag: "Json"
      readonly status: number
      readonly body: unknown
      readonly code: string | undefined
      readonly internalCode: number
      readonly signer: Signer
    }
  | { readonly _tag: "Empty"; readonly status: 204 }
  | { readonly _tag: "Raw"; readonly status: number; readonly body: string; readonly contentType: string }
  /** A downloaded file: sent as is, unsigned (docs/sources/wechatpay-v3.md §1.4.6: file downloads carry no signature). */
  | { readonly _tag: "File"; readonly status: 200; readonly body: Uint8Array; readonly contentType: string }

const json = (status: number, body: unknown, signer: Signer = "mode"): Reply => ({
  _tag: "Json",
  status,
  body,
  code: undefined,
  internalCode: 0,
  signer
})

const fromOutcome = (outcome: Behaviour.AnyOutcome): Reply => {
  switch (outcome._tag) {
    case "Ok":
      return json(200, outcome.body)
    case "NoContent":
      return { _tag: "Empty", status: 204 }
    case "ApiError": {
      const { code, detail, internalCode, message, status } = outcome
      const body = detail === undefined ? { code, message } : { code, message, detail }
      return { _tag: "Json", status, body, code, internalCode, signer: "mode" }
    }
  }
}

const apiError = (status: number, code: string, message: string, detail?: unknown, internalCode?: number): Reply =>
  fromOutcome(Behaviour.apiError(status, code, message, detail, internalCode))

const signInternalCodes: Record<Sandbox.SignErrorIssue, number> = {
  missing_authorization: 269546500,
  malformed_authorization: 269546501,
  scheme: 269546502,
  mchid: 269546538,
  serial_no: 269546507,
  timestamp_in_milliseconds: 268573590,
  timestamp: 268573590,
  timestamp_expired: 268573590,
  brand_id: 269546538,
  nonce_str: 269546503,
  signature: 269546525
}

const signError = (issue: Sandbox.SignErrorIssue, message: string, detail: Record<string, unknown> = {}): Reply =>
  apiError(401, "SIGN_ERROR", message, { issue, location: "authorization", ...detail }, signInternalCodes[issue])

const MAX_SKEW_SECONDS = 300

interface Incoming {
  readonly method: string
  readonly target: string
  readonly path: string
  readonly query: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
  readonly parsed: AuthorizationParse | undefined
}

/** The request as its signature covers it: the route's signed body (the image upload's `meta` part) or the body. */
type Signed = Pick<Incoming, "method" | "target" | "body" | "parsed">

/**
 * Who may sign a request: the merchant (`WECHATPAY2-SHA256-RSA2048`, `mchid`) or, on `/brand/…` paths, the brand
 * (`WECHATPAY-BRAND-SHA256-RSA2048`, `brand_id`; 品牌API概述, https://pay.weixin.qq.com/doc/brand/4015407523).
 */
interface Signatory {
  readonly scheme: string
  readonly idField: "mchid" | "brand_id"
  readonly id: string
  readonly serialNumber: string
  readonly publicKey: KeyObject
}

const merchantSignatory = (config: GatewayConfig): Signatory => ({
  scheme: SIGNATURE_SCHEME,
  idField: "mchid",
  id: config.mchid,
  serialNumber: config.merchantSerialNumber,
  publicKey: config.merchantPublicKey
})

const brandSignatory = (config: GatewayConfig): Signatory => ({
  scheme: BRAND_SIGNATURE_SCHEME,
  idField: "brand_id",
  id: config.brandId,
  serialNumber: config.brandSerialNumber,
  publicKey: config.brandPublicKey
})

/** The brand API's paths: signed by the brand, answered with the 微信支付公钥 (it has no 平台证书). */
const isBrandPath = (path: string): boolean => path.startsWith("/brand/")

/** Request checks of the real gateway (docs/sources/wechatpay-v3.md §1.2), in the order it reports them. */
const checkAuthorization = (
  config: GatewayConfig,
  signatory: Signatory,
  incoming: Signed
): Result.Result<string, Reply> => {
  const parsed = incoming.parsed
  if (parsed === undefined) {
    return Result.fail(
      signError("missing_authorization", "Http头缺少Authorization", { field: "Authorization", value: null })
    )
  }
  if (parsed._tag === "Scheme") {
    return Result.fail(
      signError("scheme", `错误的签名认证类型，应为${signatory.scheme}`, {
        field: "Authorization",
        value: parsed.scheme
      })
    )
  }
  if (parsed._tag === "Malformed") {
    return Result.fail(
      signError("malformed_authorization", "Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》", {
        field: "Authorization",
        reason: parsed.reason
      })
    )
  }
  const authorization = parsed.authorization
  if (authorization.mchid !== signatory.id) {
    return Result.fail(
      signatory.idField === "mchid"
        ? signError("mchid", "Http头Authorization中的mchid与商户证书不匹配", {
            field: "mchid",
            value: authorization.mchid
          })
        : signError("brand_id", "Http头Authorization中的brand_id与品牌API证书不匹配", {
            field: "brand_id",
            value: authorization.mchid
          })
    )
  }
  if (authorization.serialNo.toUpperCase() !== signatory.serialNumber) {
    return Result.fail(
      signError("serial_no", "商户证书序列号有误。请使用签名私钥匹配的证书序列号", {
        field: "serial_no",
        value: authorization.serialNo
      })
    )
  }
  const timestamp = authorization.timestamp
  if (/^\d{13}$/.test(timestamp)) {
    return Result.fail(
      signError("timestamp_in_milliseconds", "Http头Authorization中的timestamp应为秒级时间戳，不能为毫秒", {
        field: "timestamp",
        value: timestamp
      })
    )
  }
  if (!/^\d{10}$/.test(timestamp)) {
    return Result.fail(
      signError("timestamp", "Http头Authorization中的timestamp格式错误，应为10位秒级时间戳", {
        field: "timestamp",
        value: timestamp
      })
    )
  }
  const skew = Math.abs(Math.floor(config.signingNow() / 1000) - Number(timestamp))
  if (skew > MAX_SKEW_SECONDS) {
    return Result.fail(
      signError("timestamp_expired", "Http头Authorization中的timestamp与发起请求的时间不得超过5分钟", {
        field: "timestamp",
        value: timestamp,
        skew_seconds: skew
      })
    )
  }
  if (!/^[0-9A-Za-z]{1,32}$/.test(authorization.nonceStr)) {
    return Result.fail(
      signError("nonce_str", "Http头Authorization中的nonce_str应为不超过32位的字母或数字", {
        field: "nonce_str",
        value: authorization.nonceStr
      })
    )
  }
  const message = requestMessage(incoming.method, incoming.target, timestamp, authorization.nonceStr, incoming.body)
  if (!verifyBase64(signatory.publicKey, message, authorization.signature)) {
    const text = message.toString("utf8")
    return Result.fail(
      signError("signature", "错误的签名，验签失败", {
        field: "signature",
        sign_information: {
          method: incoming.method,
          url: incoming.target,
          sign_message_length: message.length,
          truncated_sign_message: text.length > 256 ? `${text.slice(0, 256)}…` : text
        }
      })
    )
  }
  return Result.succeed(authorization.mchid)
}

/**
 * The brand API's `Wechatpay-Serial`: every request names the 微信支付公钥 it expects answers to be signed with
 * (品牌API概述, https://pay.weixin.qq.com/doc/brand/4015407523); missing or not this gateway's key is 400 PARAM_ERROR,
 * as the gateway answers a wrong `Wechatpay-Serial` ("平台证书序列号Wechatpay-Serial错误").
 */
const checkWechatpaySerial = (config: GatewayConfig, headers: Readonly<Record<string, string>>): Reply | undefined => {
  const serial = headers["wechatpay-serial"]?.trim()
  if (serial === undefined || serial === "") {
    return apiError(400, "PARAM_ERROR", "Http头缺少Wechatpay-Serial", {
      field: "Wechatpay-Serial",
      location: "header",
      issue: "missing header"
    })
  }
  if (serial !== config.publicKeyId) {
    return apiError(400, "PARAM_ERROR", "平台证书序列号Wechatpay-Serial错误", {
      field: "Wechatpay-Serial",
      location: "header",
      value: serial
    })
  }
  return undefined
}

/** @internal */
export interface Route {
  readonly method: string
  readonly template: string
  readonly segments: ReadonlyArray<string>
  readonly run: (request: Behaviour.RawRequest, context: Behaviour.Context) => Effect.Effect<Reply>
  /** What the request signature covers when it is not the raw body (a multipart upload's `meta` part). */
  readonly signedBody?: ((headers: Readonly<Record<string, string>>, body: Uint8Array) => Uint8Array) | undefined
}

const route = (method: string, template: string, run: Route["run"], signedBody?: Route["signedBody"]): Route => ({
  method,
  template,
  segments: template.split("/"),
  run,
  signedBody
})

/** The protocol route: platform certificates, always signed by the newest platform certificate. */
const certificates = route("GET", "/v3/certificates", (_request, { config, state }) =>
  Effect.map(Ref.get(state), (current) => {
    if (!config.serveCertificates) {
      return apiError(
        404,
        "RESOURCE_NOT_EXISTS",
        "无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥",
        undefined,
        270079488
      )
    }
    const data = current.shared.platform.map((key) => {
      const nonce = randomAlphanumeric(12)
      return {
        serial_no: key.serialNumber,
        effective_time: beijingTime(key.notBefore.getTime()),
        expire_time: beijingTime(key.notAfter.getTime()),
        encrypt_certificate: {
          algorithm: "AEAD_AES_256_GCM",
          nonce,
          associated_data: "certificate",
          ciphertext: encryptAesGcm(config.apiV3Key, nonce, "certificate", key.certificatePem)
        }
      }
    })
    return json(200, { data }, "platform")
  })
)

/** The protocol route of flow-file downloads: the file as is, unsigned; a bad token is a signed API error. */
const billDownload = route("GET", FavorFiles.BILL_DOWNLOAD_PATH, (request, context) =>
  Effect.map(
    FavorFiles.download(request.query, context),
    (answer): Reply =>
      answer._tag === "File"
        ? { _tag: "File", status: 200, body: answer.content, contentType: "text/csv; charset=utf-8" }
        : fromOutcome(answer)
  )
)

/** What the gateway runs for a descriptor: its registered behaviour, or 501 NOT_IMPLEMENTED after the checks. */
const behaviourOf = (endpoint: Endpoint.Any, behaviours: ReadonlyMap<string, Behaviour.Behaviour>) =>
  behaviours.get(endpoint.name) ??
  Behaviour.behaviour(endpoint, () => Effect.succeed(Behaviour.notImplemented(endpoint)))

/** `/a/{x}/c` → "010": where a route has literals and placeholders, so that literals sort (and match) first. */
const shape = (route: Route): string => route.segments.map((part) => (part.startsWith("{") ? "1" : "0")).join("")

/**
 * The routes: the certificates route and one per descriptor, compiled once. A literal segment wins over a
 * placeholder in the same position (`…/stocks/special` before `…/stocks/{stock_id}`), whatever the declaration order.
 *
 * @internal
 */
export const routesOf = (
  endpoints: ReadonlyArray<Endpoint.Any>,
  behaviours: ReadonlyMap<string, Behaviour.Behaviour>
): ReadonlyArray<Route> =>
  [
    certificates,
    billDownload,
    ...endpoints.map((endpoint) => {
      const behaviour = behaviourOf(endpoint, behaviours)
      return route(
        endpoint.method,
        endpoint.path,
        (request, context) => Effect.map(behaviour.run(request, context), fromOutcome),
        endpoint.body === "multipart" ? Multipart.signedMeta : undefined
      )
    })
  ].sort((a, b) => (shape(a) < shape(b) ? -1 : shape(a) > shape(b) ? 1 : 0))

/** `Endpoints.all` with the registered behaviours. @internal */
export const defaultRoutes: ReadonlyArray<Route> = routesOf(Endpoints.all, registry)

type Match =
  | { readonly _tag: "Matched"; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly _tag: "BadEncoding"; readonly route: Route; readonly param: string; readonly value: string }

const fits = (route: Route, method: string, segments: ReadonlyArray<string>): boolean =>
  route.method === method &&
  route.segments.length === segments.length &&
  route.segments.every((part, i) => (part.startsWith("{") ? segments[i] !== "" : part === segments[i]))

/** Matches the raw (still percent-encoded) path segment by segment, then decodes each parameter. */
const matchRoute = (routes: ReadonlyArray<Route>, method: string, path: string): Match | undefined => {
  const segments = path.split("/")
  const found = routes.find((route) => fits(route, method, segments))
  if (found === undefined) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < found.segments.length; i++) {
    const part = found.segments[i]!
    if (!part.startsWith("{")) continue
    const name = part.slice(1, -1)
    const value = segments[i]!
    try {
      params[name] = decodeURIComponent(value)
    } catch {
      return { _tag: "BadEncoding", route: found, param: name, value }
    }
  }
  return { _tag: "Matched", route: found, params }
}

const templateOf = (routes: ReadonlyArray<Route>, method: string, path: string): string | undefined => {
  const segments = path.split("/")
  return routes.find((route) => fits(route, method, segments))?.template
}

const faultMatches = (routes: ReadonlyArray<Route>, fault: Sandbox.Fault, method: string, path: string): boolean => {
  const match = fault.match
  if (match?.method !== undefined && match.method.toUpperCase() !== method) return false
  const expected = match?.path
  if (expected === undefined) return path !== "/v3/certificates"
  if (typeof expected === "string") return expected === path || expected === templateOf(routes, method, path)
  return path.search(expected) !== -1
}

const takeFault = (routes: ReadonlyArray<Route>, state: Ref.Ref<GatewayState>, method: string, path: string) =>
  Ref.modify(state, (current): [Sandbox.FaultKind | undefined, GatewayState] => {
    const index = current.shared.faults.findIndex((pending) => faultMatches(routes, pending.fault, method, path))
    if (index === -1) return [undefined, current]
    const pending = current.shared.faults[index]!
    const faults =
      pending.remaining <= 1
        ? current.shared.faults.filter((_, i) => i !== index)
        : current.shared.faults.map((p, i) => (i === index ? { ...p, remaining: p.remaining - 1 } : p))
    return [pending.fault.kind, withShared(current, { faults })]
  })

/** Waits on a node timer (not the Effect clock: a test's TestClock must not hold an answer back). */
const latency = (millis: number) =>
  Effect.callback<void>((resume) => {
    const timer = setTimeout(() => resume(Effect.void), millis)
    return Effect.sync(() => clearTimeout(timer))
  })

const process = (
  routes: ReadonlyArray<Route>,
  config: GatewayConfig,
  state: Ref.Ref<GatewayState>,
  writes: Semaphore.Semaphore,
  incoming: Incoming
): Effect.Effect<Reply> => {
  const accept = incoming.headers["accept"]
  const userAgent = incoming.headers["user-agent"]
  if (accept === undefined || accept.trim() === "" || userAgent === undefined || userAgent.trim() === "") {
    return Effect.succeed(
      apiError(400, "INVALID_REQUEST", "Http头缺少Accept或User-Agent", {
        field: accept === undefined || accept.trim() === "" ? "Accept" : "User-Agent",
        location: "header",
        issue: "missing header"
      })
    )
  }
  const match = matchRoute(routes, incoming.method, incoming.path)
  const signedBody = match?.route.signedBody
  const brand = isBrandPath(incoming.path)
  const checked = checkAuthorization(
    config,
    brand ? brandSignatory(config) : merchantSignatory(config),
    signedBody === undefined ? incoming : { ...incoming, body: signedBody(incoming.headers, incoming.body) }
  )
  if (Result.isFailure(checked)) return Effect.succeed(checked.failure)
  if (brand) {
    const serial = checkWechatpaySerial(config, incoming.headers)
    if (serial !== undefined) return Effect.succeed(serial)
  }
  if (match === undefined) {
    return Effect.succeed(apiError(404, "NOT_FOUND", `请求的接口不存在：${incoming.method} ${incoming.path}`))
  }
  if (match._tag === "BadEncoding") {
    return Effect.succeed(
      fromOutcome(Behaviour.paramError(`/${match.param}`, "path", "invalid percent-encoding", match.value))
    )
  }
  return match.route.run(
    {
      method: incoming.method,
      params: match.params,
      query: new URLSearchParams(incoming.query),
      headers: incoming.headers,
      body: incoming.body
    },
    { mchid: checked.success, config, state, writes, origin: `http://${incoming.headers["host"] ?? "127.0.0.1"}` }
  )
}

const encoder = new TextEncoder()

/** A 2xx JSON object answer with one top-level field set (the `SetField` fault); any other answer as it is. */
const setField = (reply: Extract<Reply, { readonly _tag: "Json" }>, field: string, value: unknown): unknown =>
  reply.status >= 200 && reply.status < 300 && typeof reply.body === "object" && reply.body !== null
    ? { ...reply.body, [field]: value }
    : reply.body

const render = (
  config: GatewayConfig,
  current: GatewayState,
  reply: Reply,
  fault: Sandbox.FaultKind | undefined,
  id: string,
  brand: boolean
): HttpServerResponse.HttpServerResponse => {
  if (reply._tag === "Raw") {
    return HttpServerResponse.uint8Array(encoder.encode(reply.body), {
      status: reply.status,
      contentType: reply.contentType
    })
  }
  if (reply._tag === "File") {
    return HttpServerResponse.uint8Array(fault?._tag === "TamperBody" ? tamper(reply.body) : reply.body, {
      status: reply.status,
      contentType: reply.contentType,
      headers: { "Request-ID": id }
    })
  }
  // A 204 is signed over the empty body: the message's third line is just "\n" (docs/sources/wechatpay-v3.md §1.4.2).
  const body =
    reply._tag === "Empty"
      ? new Uint8Array(0)
      : encoder.encode(
          JSON.stringify(fault?._tag === "SetField" ? setField(reply, fault.field, fault.value) : reply.body)
        )
  const headers: Record<string, string> = { "Request-ID": id }
  if (fault?._tag !== "DropHeaders") {
    const usePublicKey =
      brand || ((reply._tag === "Empty" || reply.signer === "mode") && current.shared.mode === "publicKey")
    Object.assign(
      headers,
      wechatpayHeaders(config, current, body, usePublicKey, {
        unknownSerial: fault?._tag === "UnknownSerial",
        staleSeconds: fault?._tag === "StaleTimestamp" ? fault.seconds : 0,
        signTest: fault?._tag === "SignTest"
      })
    )
  }
  if (reply._tag === "Empty") return HttpServerResponse.empty({ status: reply.status, headers })
  return HttpServerResponse.uint8Array(fault?._tag === "TamperBody" ? tamper(body) : body, {
    status: reply.status,
    contentType: "application/json",
    headers
  })
}

const headerRecord = (headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>) => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = typeof value === "string" ? value : value.join(", ")
  }
  return out
}

/**
 * The gateway as an `HttpServer` app: request checks, routing, fault injection, response signing, request log; then
 * `flush` (the notifier draining the outbox the request may have filled).
 *
 * @internal
 */
export const app = (
  config: GatewayConfig,
  state: Ref.Ref<GatewayState>,
  writes: Semaphore.Semaphore,
  log: RequestLog.RequestLog<Sandbox.RecordedRequest>,
  routes: ReadonlyArray<Route> = defaultRoutes,
  flush: Effect.Effect<void> = Effect.void
) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const receivedAt = config.now()
    const body = new Uint8Array(yield* Effect.orElseSucceed(request.arrayBuffer, () => new ArrayBuffer(0)))
    const target = request.url
    const queryStart = target.indexOf("?")
    const path = queryStart === -1 ? target : target.slice(0, queryStart)
    const query = queryStart === -1 ? "" : target.slice(queryStart + 1)
    const method = request.method.toUpperCase()
    const headers = headerRecord(request.headers)
    const authorizationHeader = headers["authorization"]
    const incoming: Incoming = {
      method,
      target,
      path,
      query,
      headers,
      body,
      parsed:
        authorizationHeader === undefined
          ? undefined
          : parseAuthorization(authorizationHeader, isBrandPath(path) ? BRAND_SIGNATURE_SCHEME : SIGNATURE_SCHEME)
    }
    const fault = yield* takeFault(routes, state, method, path)
    if (fault?._tag === "Latency") yield* latency(fault.millis)
    const reply: Reply =
      fault?._tag === "Error"
        ? apiError(fault.status, fault.code, fault.message ?? `sandbox injected ${fault.code}`, fault.detail)
        : fault?._tag === "RawError"
          ? {
              _tag: "Raw",
              status: fault.status,
              body: fault.body,
              contentType: fault.contentType ?? "text/html; charset=utf-8"
            }
          : yield* process(routes, config, state, writes, incoming)
    const id = requestId(reply._tag === "Json" ? reply.internalCode : 0)
    const current = yield* Ref.get(state)
    const response = render(config, current, reply, fault, id, isBrandPath(path))
    const code = reply._tag === "Json" ? reply.code : undefined
    const entry: Sandbox.RecordedRequest = {
      requestId: id,
      receivedAt,
      method,
      target,
      path,
      query,
      headers,
      body: new TextDecoder().decode(body),
      authorization: incoming.parsed?._tag === "Parsed" ? Option.some(incoming.parsed.authorization) : Option.none(),
      status: reply.status,
      code: Option.fromNullishOr(code),
      fault: Option.fromNullishOr(fault?._tag)
    }
    log.append(entry)
    yield* flush
    yield* Effect.logDebug("WeChat Pay sandbox request").pipe(
      Effect.annotateLogs({
        method,
        path,
        status: reply.status,
        code: code ?? "",
        requestId: id,
        ...(fault === undefined ? {} : { fault: fault._tag })
      })
    )
    return response
  })
