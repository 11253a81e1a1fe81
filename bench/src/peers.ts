/**
 * The variants our client is compared with: the floor, wechatpay-axios-plugin, and a bare effect `HttpClient` call.
 */
import * as NodeCrypto from "node:crypto"
import * as Http from "node:http"
import { Effect, ManagedRuntime } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { Wechatpay } from "wechatpay-axios-plugin"
import { AGENT_OPTIONS, transportLayer } from "./effectClient.js"
import { makeFloor } from "./floor.js"
import { type CallKind, createRequest, type GatewayInfo, LIST_LIMIT, outRequestNo, type Variant } from "./protocol.js"

/** The list call's target: the first page of the merchant's 代金券 stocks. */
const listTarget = (mchid: string) =>
  `/v3/marketing/favor/stocks?offset=0&limit=${LIST_LIMIT}&stock_creator_mchid=${encodeURIComponent(mchid)}`

/** How many entries a list answer's `data` holds, as the answer to check. */
const pageSize = (json: unknown): string => {
  const data = typeof json === "object" && json !== null ? (json as { readonly data?: unknown }).data : undefined
  return String(Array.isArray(data) ? data.length : 0)
}

/**
 * The floor: node:crypto + a keep-alive node:http agent, doing only what a correct call needs.
 *
 * @param info the gateway
 */
export const makeFloorVariant = (info: GatewayInfo): Variant => {
  const floor = makeFloor(info.baseUrl, info.credentials)
  const { ids } = info
  const stockTarget = `/v3/marketing/busifavor/stocks/${encodeURIComponent(ids.stockId)}`
  const couponTarget = `/v3/marketing/busifavor/users/${encodeURIComponent(ids.openid)}/coupons/${encodeURIComponent(ids.couponCode)}/appids/${encodeURIComponent(ids.appid)}`
  const call = async (n: number, kind: CallKind): Promise<string> => {
    switch (kind) {
      case "queryStock":
        return field(await floor.request("GET", stockTarget), "stock_id")
      case "queryCoupon":
        return field(await floor.request("GET", couponTarget), "coupon_code")
      case "createCouponStock": {
        const body = JSON.stringify(createRequest(info.credentials.mchid, outRequestNo(n)))
        return field(await floor.request("POST", "/v3/marketing/favor/coupon-stocks", body), "stock_id")
      }
      case "listStocks":
        return pageSize(await floor.request("GET", listTarget(info.credentials.mchid)))
    }
  }
  return {
    id: "floor",
    label: "floor: node:crypto + keep-alive node:http",
    call,
    close: async () => floor.close()
  }
}

const field = (json: unknown, name: string): string => {
  const value = typeof json === "object" && json !== null ? (json as Record<string, unknown>)[name] : undefined
  return typeof value === "string" ? value : ""
}

interface AxiosLikeResponse {
  readonly status: number
  readonly data: unknown
}

interface ChainMethods {
  readonly get: (config: Record<string, unknown>) => Promise<AxiosLikeResponse>
  readonly post: (data: unknown, config?: Record<string, unknown>) => Promise<AxiosLikeResponse>
}

/** wechatpay-axios-plugin's chained API: every property is a path segment (`_name_` is a `{name}` placeholder). */
type Chain = ChainMethods & { readonly [segment: string]: Chain }

/**
 * wechatpay-axios-plugin (axios), with a keep-alive node:http agent as well.
 *
 * @param info the gateway
 */
export const makeAxiosVariant = (info: GatewayInfo): Variant => {
  const { credentials, ids } = info
  const agent = new Http.Agent(AGENT_OPTIONS)
  const wxpay = new Wechatpay({
    mchid: credentials.mchid,
    serial: credentials.merchantSerialNumber,
    privateKey: credentials.merchantPrivateKey,
    certs: { [credentials.wechatpayPublicKey.id]: credentials.wechatpayPublicKey.key },
    baseURL: info.baseUrl,
    httpAgent: agent
  }) as unknown as Chain
  const checked = (response: AxiosLikeResponse, name: string): string => {
    if (response.status !== 200) throw new Error(`axios: HTTP ${response.status}`)
    return field(response.data, name)
  }
  const call = async (n: number, kind: CallKind): Promise<string> => {
    switch (kind) {
      case "queryStock":
        return checked(await wxpay.v3.marketing.busifavor.stocks._stock_id_.get({ stock_id: ids.stockId }), "stock_id")
      case "queryCoupon":
        return checked(
          await wxpay.v3.marketing.busifavor.users._openid_.coupons._coupon_code_.appids._appid_.get({
            openid: ids.openid,
            coupon_code: ids.couponCode,
            appid: ids.appid
          }),
          "coupon_code"
        )
      case "createCouponStock":
        return checked(
          await wxpay.v3.marketing.favor.couponStocks.post(createRequest(credentials.mchid, outRequestNo(n))),
          "stock_id"
        )
      case "listStocks": {
        const response = await wxpay.v3.marketing.favor.stocks.get({
          params: { offset: 0, limit: LIST_LIMIT, stock_creator_mchid: credentials.mchid }
        })
        if (response.status !== 200) throw new Error(`axios: HTTP ${response.status}`)
        return pageSize(response.data)
      }
    }
  }
  return {
    id: "axios",
    label: "wechatpay-axios-plugin 0.9.6 (keep-alive agent)",
    call,
    close: async () => agent.destroy()
  }
}

/**
 * Diagnostic: the same work as the floor (sign, send, verify, `JSON.parse`) written inline as one Effect over the
 * same `@effect/platform-node` node:http client (keep-alive), with no client library: what the Effect runtime and
 * effect's HttpClient cost by themselves.
 *
 * @param info the gateway
 */
export const makeBareVariant = async (info: GatewayInfo): Promise<Variant> => {
  const runtime = ManagedRuntime.make(transportLayer("node"))
  const client = await runtime.runPromise(HttpClient.HttpClient)
  const { credentials, ids } = info
  const privateKey = NodeCrypto.createPrivateKey(credentials.merchantPrivateKey)
  const publicKey = NodeCrypto.createPublicKey(credentials.wechatpayPublicKey.key)
  const prefix = `WECHATPAY2-SHA256-RSA2048 mchid="${credentials.mchid}",nonce_str="`
  const request = (method: "GET" | "POST", target: string, body: string | undefined, name: string) =>
    Effect.suspend(() => {
      const timestamp = Math.floor(Date.now() / 1000)
      const nonce = NodeCrypto.randomBytes(16).toString("hex")
      const signature = NodeCrypto.sign(
        "sha256",
        Buffer.from(`${method}\n${target}\n${timestamp}\n${nonce}\n${body ?? ""}\n`),
        privateKey
      ).toString("base64")
      let req = HttpClientRequest.make(method)(info.baseUrl + target, {
        headers: {
          accept: "application/json",
          "user-agent": "bench-bare",
          authorization: `${prefix}${nonce}",timestamp="${timestamp}",serial_no="${credentials.merchantSerialNumber}",signature="${signature}"`
        }
      })
      if (body !== undefined) req = HttpClientRequest.bodyText(req, body, "application/json")
      return Effect.flatMap(client.execute(req), (res) =>
        Effect.flatMap(res.arrayBuffer, (buffer) => {
          const raw = Buffer.from(buffer)
          const h = res.headers
          const ts = h["wechatpay-timestamp"] ?? ""
          const message = Buffer.concat([Buffer.from(`${ts}\n${h["wechatpay-nonce"]}\n`), raw, Buffer.from("\n")])
          const valid =
            res.status === 200 &&
            h["wechatpay-serial"] === credentials.wechatpayPublicKey.id &&
            Math.abs(Math.floor(Date.now() / 1000) - Number(ts)) < 300 &&
            NodeCrypto.verify("sha256", message, publicKey, Buffer.from(h["wechatpay-signature"] ?? "", "base64"))
          return valid
            ? Effect.succeed(
                name === "data"
                  ? pageSize(JSON.parse(raw.toString("utf8")))
                  : field(JSON.parse(raw.toString("utf8")), name)
              )
            : Effect.die(new Error(`bare: HTTP ${res.status} or bad signature`))
        })
      )
    })
  const stockTarget = `/v3/marketing/busifavor/stocks/${encodeURIComponent(ids.stockId)}`
  const couponTarget = `/v3/marketing/busifavor/users/${encodeURIComponent(ids.openid)}/coupons/${encodeURIComponent(ids.couponCode)}/appids/${encodeURIComponent(ids.appid)}`
  const call = (n: number, kind: CallKind): Promise<string> => {
    switch (kind) {
      case "queryStock":
        return runtime.runPromise(request("GET", stockTarget, undefined, "stock_id"))
      case "queryCoupon":
        return runtime.runPromise(request("GET", couponTarget, undefined, "coupon_code"))
      case "createCouponStock": {
        const body = JSON.stringify(createRequest(credentials.mchid, outRequestNo(n)))
        return runtime.runPromise(request("POST", "/v3/marketing/favor/coupon-stocks", body, "stock_id"))
      }
      case "listStocks":
        return runtime.runPromise(request("GET", listTarget(credentials.mchid), undefined, "data"))
    }
  }
  return {
    id: "effect-bare",
    label: "diagnostic: bare effect HttpClient call, node:http (no client library)",
    call,
    close: () => runtime.dispose()
  }
}
