import * as NodeCrypto from "node:crypto"
import { Testing } from "@effect-wechatpay/crypto"
import { Cause, Effect, Exit, Layer, Redacted, Ref } from "effect"
import { HttpClient, HttpClientError, type HttpClientRequest, HttpClientResponse } from "effect/http"
import * as WechatPay from "../src/WechatPay.js"

/** Test-only keys, generated per test run. */
export const merchant = Testing.generateKeyPair()
export const wechatpay = Testing.generateKeyPair()
export const PUBLIC_KEY_ID = "PUB_KEY_ID_0119000000012026112300000000000001"
export const MCHID = "1900000001"
export const SERIAL = "4C6F43A1B2C3D4E5F60718293A4B5C6D7E8F9012"
export const API_V3_KEY = "0123456789abcdefghijKLMNOPQRSTUV"

export const options: WechatPay.Options = {
  mchid: MCHID,
  merchantSerialNumber: SERIAL,
  merchantPrivateKey: merchant.privateKey,
  apiV3Key: Redacted.make(API_V3_KEY),
  wechatpayPublicKey: { id: PUBLIC_KEY_ID, key: wechatpay.publicKey },
  baseUrl: "https://api.test.invalid",
  retry: { base: "1 millis" }
}

/** What the stub gateway saw of one request. */
export interface Seen {
  readonly method: string
  readonly target: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** A scripted answer: status, JSON body, and whether to sign it. */
export interface Answer {
  readonly status: number
  readonly body: string
  readonly sign?: boolean
  readonly headers?: Record<string, string>
  readonly delayMillis?: number
  readonly transportError?: boolean
  /** Sent instead of `body`'s UTF-8 bytes, while the signature still covers `body`. */
  readonly bytes?: Uint8Array
}

/** Verifies a request's Authorization independently of our signer (plain node:crypto and a regex). */
export const verifyAuthorization = (seen: Seen): boolean => {
  const match =
    /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",nonce_str="([0-9A-Za-z]{32})",timestamp="(\d{10})",serial_no="([0-9A-F]+)",signature="([A-Za-z0-9+/=]+)"$/.exec(
      seen.headers["authorization"] ?? ""
    )
  if (match === null) return false
  const [, , nonce, timestamp, , signature] = match
  const message = `${seen.method}\n${seen.target}\n${timestamp}\n${nonce}\n${seen.body}\n`
  return NodeCrypto.verify("sha256", Buffer.from(message), merchant.publicKey, Buffer.from(signature!, "base64"))
}

/** A stub HttpClient answering from a script; records every request. */
export const stub = (answers: ReadonlyArray<Answer>) =>
  Effect.gen(function* () {
    const seen = yield* Ref.make<ReadonlyArray<Seen>>([])
    const index = yield* Ref.make(0)
    const client = HttpClient.make((request: HttpClientRequest.HttpClientRequest, url) =>
      Effect.gen(function* () {
        const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
        yield* Ref.update(seen, (all) => [
          ...all,
          { method: request.method, target: url.pathname + url.search, headers: request.headers, body }
        ])
        const i = yield* Ref.getAndUpdate(index, (n) => n + 1)
        const answer = answers[Math.min(i, answers.length - 1)]!
        if (answer.delayMillis !== undefined) yield* Effect.sleep(answer.delayMillis)
        if (answer.transportError === true) {
          return yield* new HttpClientError.HttpClientError({
            reason: new HttpClientError.TransportError({ request, description: "ECONNRESET" })
          })
        }
        const signed =
          answer.sign === false
            ? {}
            : yield* Testing.signResponse({
                privateKey: wechatpay.privateKey,
                serial: PUBLIC_KEY_ID,
                body: answer.body
              })
        return HttpClientResponse.fromWeb(
          request,
          new Response((answer.bytes ?? answer.body) as BodyInit, {
            status: answer.status,
            headers: { "content-type": "application/json", "request-id": `req-${i}`, ...signed, ...answer.headers }
          })
        )
      })
    )
    return { client, seen: Ref.get(seen) }
  })

/** The client layer over a stub transport. */
export const clientLayer = (client: HttpClient.HttpClient, overrides: Partial<WechatPay.Options> = {}) =>
  WechatPay.layer({ ...options, ...overrides }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, client)))

/**
 * An exit without the annotations effect 4 puts on a failure's cause (span stack frames): a typed failure becomes
 * `Exit.fail(error)`, so tests compare it with `toEqual(Exit.fail(…))`.
 */
export const plainExit = <A, E>(exit: Exit.Exit<A, E>): Exit.Exit<A, E> => {
  if (Exit.isSuccess(exit)) return exit
  const error = Cause.findErrorOption(exit.cause)
  return error._tag === "Some" ? Exit.fail(error.value) : exit
}
