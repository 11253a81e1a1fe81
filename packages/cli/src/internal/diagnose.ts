/**
 * `wechatpay diagnose sign-error --response FILE [--request FILE] [--merchant-certificate FILE] [--json]`: why
 * WeChat Pay answered 401 SIGN_ERROR. The answer (a raw HTTP response as captured, or its JSON body alone), the request
 * as the client sent it (a raw HTTP request: request line, headers with `Authorization`, blank line, body) and what the
 * configuration gives (`WECHATPAY_MCHID`, `WECHATPAY_MERCHANT_SERIAL_NUMBER`, the merchant private key; all optional)
 * go to `SignErrorDiagnosis`. Exit 0 when a cause was established, 1 when none could be (or the answer is not a
 * SIGN_ERROR).
 */
import * as SignErrorDiagnosis from "@effect-wechatpay/api/SignErrorDiagnosis"
import * as WechatPay from "@effect-wechatpay/api/WechatPay"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { CliFailure, ExitCode, usage } from "./failure.js"
import { headerValue, parseHttpMessage, readBytes } from "./files.js"

/** The diagnosis as text: the answer, what the gateway verified, then each cause with its fix. */
export const renderDiagnosis = (
  diagnosis: SignErrorDiagnosis.Diagnosis,
  options: { readonly header: boolean } = { header: true }
): string => {
  const lines: Array<string> = []
  if (options.header) {
    lines.push(
      `${diagnosis.code ?? "(no code)"} (HTTP ${diagnosis.status})${diagnosis.message ? ` ${diagnosis.message}` : ""}${
        diagnosis.requestId ? ` [Request-ID ${diagnosis.requestId}]` : ""
      }`
    )
  }
  const info = diagnosis.signInformation
  if (info !== undefined) {
    lines.push(
      `WeChat Pay verified: ${info.method ?? "?"} ${info.url ?? "?"} (a message of ${info.sign_message_length ?? "?"} bytes)`
    )
  }
  for (const finding of diagnosis.findings) {
    lines.push(`Cause (${finding._tag}): ${finding.message}`, `  Fix: ${finding.fix}`)
  }
  return lines.join("\n")
}

const definite = (diagnosis: SignErrorDiagnosis.Diagnosis): boolean =>
  diagnosis.findings.every((f) => f._tag !== "Undetermined" && f._tag !== "NotSignError")

/** The answer: a raw HTTP response, or its JSON body alone (then status 401 is assumed). */
const readAnswer = (path: string): Effect.Effect<SignErrorDiagnosis.Answer, CliFailure> =>
  Effect.map(readBytes(path, "the response"), (bytes) => {
    const message = parseHttpMessage(bytes)
    if (message === undefined) return { status: 401, body: bytes.toString("utf8") }
    const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(message.startLine)?.[1] ?? 401)
    return { status, body: message.body.toString("utf8"), headers: message.headers }
  })

/** The request as sent: a raw HTTP request (an absolute URL on the request line is reduced to its path and query). */
const readRequest = (path: string): Effect.Effect<SignErrorDiagnosis.SentRequest, CliFailure> =>
  Effect.flatMap(readBytes(path, "the request"), (bytes) => {
    const message = parseHttpMessage(bytes)
    const start = message === undefined ? undefined : /^([A-Z]+) (\S+) HTTP\/[\d.]+$/.exec(message.startLine)
    if (message === undefined || start === null || start === undefined) {
      return Effect.fail(
        usage(
          `the request file '${path}' is not a raw HTTP request (a request line such as 'POST /v3/… HTTP/1.1', headers, a blank line, the body)`
        )
      )
    }
    let target = start[2]!
    if (/^https?:\/\//i.test(target)) {
      const url = new URL(target)
      target = url.pathname + url.search
    }
    return Effect.succeed({
      method: start[1]!,
      target,
      body: message.body.toString("utf8"),
      authorization: headerValue(message.headers, "authorization")
    })
  })

/** What the configuration gives, each part optional (a partial configuration still helps). */
const context = Effect.gen(function* () {
  const read = <A>(config: Config.Config<A>) =>
    Effect.map(Effect.result(Config.option(config)), (r) =>
      Result.isSuccess(r) ? Option.getOrUndefined(r.success) : undefined
    )
  const mchid = yield* read(Config.String("WECHATPAY_MCHID"))
  const merchantSerialNumber = yield* read(Config.String("WECHATPAY_MERCHANT_SERIAL_NUMBER"))
  const key = yield* read(WechatPay.pemConfig("WECHATPAY_MERCHANT_PRIVATE_KEY"))
  return {
    mchid,
    merchantSerialNumber,
    merchantPrivateKey: key === undefined ? undefined : Redacted.make(key)
  } satisfies SignErrorDiagnosis.Context
})

export const signError = (options: {
  readonly response: string
  readonly request: Option.Option<string>
  readonly merchantCertificate: Option.Option<string>
  readonly json: boolean
}) =>
  Effect.gen(function* () {
    const answer = yield* readAnswer(options.response)
    const sent = Option.isSome(options.request) ? yield* readRequest(options.request.value) : undefined
    const certificate = Option.isSome(options.merchantCertificate)
      ? (yield* readBytes(options.merchantCertificate.value, "the merchant certificate")).toString("utf8")
      : undefined
    const local = yield* context
    const diagnosis = yield* SignErrorDiagnosis.diagnose(answer, {
      sent,
      context: { ...local, ...(certificate === undefined ? {} : { merchantCertificate: certificate }) }
    })
    yield* Console.log(options.json ? JSON.stringify(diagnosis, null, 2) : renderDiagnosis(diagnosis))
    if (!definite(diagnosis)) {
      return yield* new CliFailure({
        message:
          diagnosis.findings[0]?._tag === "NotSignError"
            ? "the answer is not a SIGN_ERROR"
            : "no cause could be established",
        exitCode: ExitCode.Failed
      })
    }
  })
