/**
 * Our client, as the bench builds it: the transports, the options for the sandbox, the call mix as Effects.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { Busifavor, Favor, NodeTransport, WechatPay, type WechatPayClient } from "@effect-wechatpay/api"
import { Effect, Layer, ManagedRuntime, Redacted, References } from "effect"
import { FetchHttpClient, type HttpClient } from "effect/http"
import {
  type CallKind,
  createRequest,
  type GatewayInfo,
  LIST_LIMIT,
  MIX,
  outRequestNo,
  type Variant
} from "./protocol.js"

/** The transports our client is measured over. */
export type Transport = "node" | "node-layer" | "undici" | "fetch" | "NodeTransport"

/** The options of every keep-alive node:http agent in the bench (see "Method" in `docs/performance.md`). */
export const AGENT_OPTIONS = { keepAlive: true, timeout: 60_000 } as const

/**
 * `@effect/platform-node`'s node:http client with a keep-alive agent (`NodeHttpClient.layerNodeHttpOptions`; plain
 * `NodeHttpClient.layerNodeHttp` has keep-alive off), plain `layerNodeHttp` (keep-alive off: what an Effect user
 * reaches for first; the client logs a warning when it is built over it), its undici client, effect's fetch client,
 * or this library's `NodeTransport`.
 *
 * @param transport which one
 */
export const transportLayer = (transport: Transport): Layer.Layer<HttpClient.HttpClient> => {
  switch (transport) {
    case "node":
      return NodeHttpClient.layerNodeHttpOptions(AGENT_OPTIONS)
    case "node-layer":
      return NodeHttpClient.layerNodeHttp
    case "undici":
      return NodeHttpClient.layerUndici
    case "fetch":
      return FetchHttpClient.layer
    case "NodeTransport":
      return NodeTransport.layer()
  }
}

/**
 * The client options for the sandbox (public-key verification, default timeout and retries).
 *
 * @param info the gateway
 */
export const clientOptions = (info: GatewayInfo): WechatPay.Options => ({
  mchid: info.credentials.mchid,
  merchantSerialNumber: info.credentials.merchantSerialNumber,
  merchantPrivateKey: Redacted.make(info.credentials.merchantPrivateKey),
  apiV3Key: Redacted.make(info.credentials.apiV3Key),
  wechatpayPublicKey: info.credentials.wechatpayPublicKey,
  baseUrl: info.baseUrl
})

/**
 * Our client's call `n` (of kind `kind`, by default the main mix's), as an Effect that needs the `WechatPayClient`.
 *
 * @param info the gateway
 * @param n the call number
 * @param kind which call
 */
export const effectCall = (
  info: GatewayInfo,
  n: number,
  kind: CallKind = MIX[n % 3]!
): Effect.Effect<string, unknown, WechatPayClient> => {
  const { ids } = info
  switch (kind) {
    case "queryStock":
      return Effect.map(Busifavor.queryStock({ stock_id: ids.stockId }), (stock): string => stock.stock_id)
    case "queryCoupon":
      return Effect.map(
        Busifavor.queryCoupon({ openid: ids.openid, coupon_code: ids.couponCode, appid: ids.appid }),
        (coupon): string => coupon.coupon_code ?? ""
      )
    case "createCouponStock":
      return Effect.map(
        Favor.createCouponStock(createRequest(info.credentials.mchid, outRequestNo(n))),
        (created): string => created.stock_id
      )
    case "listStocks":
      return Effect.map(
        Favor.listStocks({ offset: 0, limit: LIST_LIMIT, stock_creator_mchid: info.credentials.mchid }),
        (page): string => String(page.data?.length ?? 0)
      )
  }
}

/**
 * Our client over one transport; the layer is built once, here, and every call runs on its runtime.
 *
 * @param info the gateway
 * @param transport the HttpClient underneath
 * @param options `tracer: false` disables the tracer on the runtime (the default keeps Effect's own tracer, which
 *   makes every span)
 */
export const makeEffectVariant = async (
  info: GatewayInfo,
  transport: Transport,
  options: { readonly tracer?: boolean } = {}
): Promise<Variant> => {
  const traced = options.tracer ?? true
  const client = WechatPay.layer(clientOptions(info)).pipe(Layer.provide(transportLayer(transport)))
  // No tracer: `References.TracerEnabled` set to false for the runtime (`Layer.succeed`), what an application that
  // exports no spans can set; every span is then a no-op span and no traceparent is sent.
  const runtime = ManagedRuntime.make(
    traced ? client : Layer.merge(client, Layer.succeed(References.TracerEnabled, false))
  )
  await runtime.context()
  const labels: Record<Transport, string> = {
    node: "effect-wechatpay, node:http (NodeHttpClient.layerNodeHttpOptions, keep-alive agent)",
    "node-layer": "effect-wechatpay, node:http (NodeHttpClient.layerNodeHttp, keep-alive off)",
    undici: "effect-wechatpay, undici (NodeHttpClient.layerUndici)",
    fetch: "effect-wechatpay, fetch (FetchHttpClient.layer)",
    NodeTransport: "effect-wechatpay, node:http (its own NodeTransport.layer)"
  }
  return {
    id: `effect-${transport}${traced ? "" : "-untraced"}`,
    label: `${labels[transport]}${traced ? "" : ", tracer disabled"}`,
    call: (n, kind) => runtime.runPromise(effectCall(info, n, kind)),
    close: () => runtime.dispose()
  }
}
