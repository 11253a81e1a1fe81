/**
 * What the bench processes tell each other, and the call mix every variant makes.
 */
import * as Http from "node:http"
import { Sandbox } from "@effect-wechatpay/sandbox"

/** The sandbox's credentials as plain strings: for the IPC message between bench processes only. */
export interface PlainCredentials {
  readonly mchid: string
  readonly merchantSerialNumber: string
  readonly merchantPrivateKey: string
  readonly apiV3Key: string
  readonly wechatpayPublicKey: { readonly id: string; readonly key: string }
}

/** The ids of the data the sandbox serves. */
export interface SandboxIds {
  readonly stockId: string
  readonly openid: string
  readonly appid: string
  readonly couponCode: string
}

/** What the gateway process sends once it listens; forwarded to the memory and cold-start children. */
export interface GatewayInfo {
  readonly _tag: "GatewayInfo"
  readonly baseUrl: string
  /** `POST {controlUrl}/reset` resets the sandbox: its state and its request log. */
  readonly controlUrl: string
  readonly credentials: PlainCredentials
  readonly ids: SandboxIds
}

/** A client under test: makes call `n` of a mix and answers the field that proves the answer right. */
export interface Variant {
  /** Short id, e.g. `effect-node`. */
  readonly id: string
  /** What it is. */
  readonly label: string
  /**
   * Makes call `n`, of kind `kind`; resolves to `stock_id` (stock calls), `coupon_code` (coupon call) or the number
   * of stocks on the page (list call).
   */
  readonly call: (n: number, kind: CallKind) => Promise<string>
  readonly close: () => Promise<void>
}

/** How many distinct `out_request_no` values the create calls cycle through (same number → same stock). */
export const OUT_REQUEST_NOS = 50

/** Every kind of call the bench makes. */
export const CALL_KINDS = ["queryStock", "queryCoupon", "createCouponStock", "listStocks"] as const

/** One kind of call. */
export type CallKind = (typeof CALL_KINDS)[number]

/** The main mix, in order: call `i` makes `MIX[i % 3]`. */
export const MIX = ["queryStock", "queryCoupon", "createCouponStock"] as const satisfies ReadonlyArray<CallKind>

/**
 * The endpoint mixes: the main one, and one per kind of work (small reads, a validated create, a page of ten stocks,
 * which is mostly decoding). Call `i` of a mix makes `mix[i % mix.length]`.
 */
export const MIXES = {
  main: MIX,
  reads: ["queryStock", "queryCoupon"],
  creates: ["createCouponStock"],
  lists: ["listStocks"]
} as const satisfies Record<string, ReadonlyArray<CallKind>>

/** The name of a mix. */
export type MixName = keyof typeof MIXES

/** How many stocks a list call asks for (the most a page holds); the answer must be a full page. */
export const LIST_LIMIT = 10

/** The `out_request_no` of the `n`-th create call. */
export const outRequestNo = (n: number): string => `BENCH-${n % OUT_REQUEST_NOS}`

/**
 * A valid 创建代金券批次 request for the sandbox's merchant.
 *
 * @param mchid the calling merchant, also the stock's owner
 * @param outRequestNo 商户单据号: the idempotency key
 */
export const createRequest = (mchid: string, outRequestNo: string) =>
  Sandbox.sampleCreateCouponStockRequest(outRequestNo, mchid)

/**
 * Type guard for the gateway's first message.
 *
 * @param u an IPC message
 */
export const isGatewayInfo = (u: unknown): u is GatewayInfo =>
  typeof u === "object" && u !== null && (u as { readonly _tag?: unknown })._tag === "GatewayInfo"

/**
 * Resets the sandbox: its state back to the fixtures, its request log emptied (call between batches, with nothing in
 * flight).
 *
 * @param info the gateway
 */
export const resetGateway = (info: GatewayInfo): Promise<void> =>
  new Promise((resolve, reject) => {
    const request = Http.request(`${info.controlUrl}/reset`, { method: "POST", agent: false }, (response) => {
      response.resume()
      response.on("end", () =>
        response.statusCode === 204 ? resolve() : reject(new Error(`gateway reset answered ${response.statusCode}`))
      )
    })
    request.on("error", reject)
    request.end()
  })
