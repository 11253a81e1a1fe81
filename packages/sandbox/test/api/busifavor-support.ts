import { expect } from "@effect/vitest"
import { Busifavor, type WechatPayClient } from "@effect-wechatpay/api"
import type { Endpoint } from "@effect-wechatpay/schema"
import { Effect } from "effect"
import { Sandbox } from "../../src/index.js"
import { requestsTo } from "./harness.js"

/** `n` CJK characters (3 bytes each in UTF-8). */
export const cjk = (n: number): string => "券".repeat(n)

/** A 4-byte UTF-8 character, which APIv3 text fields refuse. */
export const emoji = "🎟"

/** An endpoint's path with its placeholders filled in and percent-encoded, as the request log records it. */
export const pathOf = (endpoint: Endpoint.Any, params: Readonly<Record<string, string>> = {}): string =>
  endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))

/** The request fails with a RequestValidationError naming `field`, and nothing more reaches `path`. */
export const rejectedUnsent = <A, E extends { readonly _tag: string }, R>(
  effect: Effect.Effect<A, E, R>,
  path: string,
  field: string
) =>
  Effect.gen(function* () {
    const before = yield* requestsTo(path)
    const error = yield* Effect.flip(effect)
    expect(error._tag).toBe("RequestValidationError")
    if ("issues" in error && Array.isArray(error.issues)) {
      expect(error.issues.map((issue: { readonly path: string }) => issue.path)).toContain(field)
    }
    expect(yield* requestsTo(path)).toEqual(before)
  })

/** The sandbox's user and the AppID its coupons are listed under. */
export const user = { openid: Sandbox.defaults.openid, appid: Sandbox.defaults.appid } as const

/** Creates a 商家券 batch (the sample request with `codeMode`, changed by `patch`) and answers its stock_id. */
export const createStock = (
  outRequestNo: string,
  codeMode: "WECHATPAY_MODE" | "MERCHANT_API" | "MERCHANT_UPLOAD" = "WECHATPAY_MODE",
  patch: (
    request: ReturnType<typeof Sandbox.sampleCreateBusifavorStockRequest>
  ) => ReturnType<typeof Sandbox.sampleCreateBusifavorStockRequest> = (request) => request
): Effect.Effect<string, Busifavor.CreateStockError, WechatPayClient> =>
  Effect.map(
    Busifavor.createStock(patch(Sandbox.sampleCreateBusifavorStockRequest(outRequestNo, { codeMode }))),
    (created) => created.stock_id
  )

/** Sends one coupon of `stockId` to the sandbox's user and answers its code. */
export const send = (
  stockId: string,
  outRequestNo: string,
  extra: { readonly coupon_code?: string; readonly openid?: string } = {}
): Effect.Effect<string, Busifavor.SendCouponError, WechatPayClient> =>
  Effect.map(
    Busifavor.sendCoupon({ ...user, stock_id: stockId, out_request_no: outRequestNo, ...extra }),
    (sent) => sent.result.coupon_code ?? ""
  )
