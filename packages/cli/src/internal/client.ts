/**
 * The client the commands use: `WechatPay.layer` over the options of `WechatPay.envConfig` (the `WECHATPAY_*`
 * variables, as `WechatPay.layerConfig()` reads them), on `NodeTransport` wrapped so that the last exchange is kept
 * (the request as signed and sent, the answer as received) for the SIGN_ERROR diagnosis.
 */
import * as NodeTransport from "@effect-wechatpay/api/NodeTransport"
import * as WechatPay from "@effect-wechatpay/api/WechatPay"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Url from "effect/http/Url"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Result from "effect/Result"

/** One exchange as it went over the wire. */
export interface Exchange {
  readonly request: {
    readonly method: string
    /** Path and query, as on the request line. */
    readonly target: string
    readonly body: string
    readonly authorization: string | undefined
  }
  readonly response: {
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
  }
}

/** Holds the last exchange. */
export interface Recorder {
  last: Exchange | undefined
}

export const makeRecorder = (): Recorder => ({ last: undefined })

const decoder = new TextDecoder()

/** `NodeTransport`, each answer read once and kept with its request in `recorder`, then handed on unchanged. */
export const recordingTransport = (recorder: Recorder): Layer.Layer<HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(NodeTransport.make(), (base) =>
      HttpClient.transform(base, (effect, request) =>
        Effect.flatMap(effect, (response) =>
          Effect.map(response.arrayBuffer, (buffer) => {
            const url = Url.make(request.url, request.urlParams, Option.getOrUndefined(request.hash))
            const target = Result.isSuccess(url) ? url.success.pathname + url.success.search : request.url
            const headers: Record<string, string> = {}
            for (const [name, value] of Object.entries(response.headers)) {
              if (typeof value === "string") headers[name] = value
            }
            recorder.last = {
              request: {
                method: request.method,
                target,
                body: request.body._tag === "Uint8Array" ? decoder.decode(request.body.body) : "",
                authorization: request.headers["authorization"]
              },
              response: { status: response.status, headers, body: decoder.decode(buffer) }
            }
            const empty = response.status === 204 || response.status === 304
            return HttpClientResponse.fromWeb(
              request,
              new Response(empty ? null : new Uint8Array(buffer), { status: response.status, headers })
            )
          })
        )
      )
    )
  )

/** The options of `WechatPay.envConfig`: the `WECHATPAY_*` variables. */
export const options: Effect.Effect<WechatPay.Options, Config.ConfigError> = WechatPay.envConfig

/** The client over those options (with `overrides` on top), recording into `recorder`. */
export const layer = (options: WechatPay.Options, recorder: Recorder = makeRecorder()) =>
  WechatPay.layer(options).pipe(Layer.provide(recordingTransport(recorder)))
