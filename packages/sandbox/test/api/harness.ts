import type { WechatPayClient } from "@effect-wechatpay/api"
import type { Scope } from "effect"
import { Effect } from "effect"
import { Sandbox, SandboxClient } from "../../src/index.js"

/** Keys and certificates shared by every sandbox of a test file (RSA generation is the slow part). */
export const material = await Effect.runPromise(Sandbox.generateMaterial())

/** Runs a program against a fresh sandbox with a client configured for it (undici transport). */
export const withSandbox =
  (options: SandboxClient.Options = {}) =>
  <A, E>(program: Effect.Effect<A, E, WechatPayClient | Sandbox.SandboxGateway | Scope.Scope>) =>
    Effect.scoped(
      Effect.provide(
        program,
        SandboxClient.layer({
          ...options,
          sandbox: { material, ...options.sandbox },
          client: { retry: { base: "5 millis" }, ...options.client }
        })
      )
    )

/** A valid 创建代金券批次 request for the sandbox's merchant. */
export const createRequest = (outRequestNo: string) => ({
  stock_name: "满100减5",
  comment: "零售批次",
  belong_merchant: Sandbox.defaults.mchid,
  available_begin_time: "2027-01-01T00:00:00+08:00",
  available_end_time: "2027-01-31T23:59:59+08:00",
  stock_use_rule: {
    max_coupons: 100,
    max_amount: 500,
    max_amount_by_day: 400,
    max_coupons_per_user: 3,
    natural_person_limit: false,
    prevent_api_abuse: false
  },
  coupon_use_rule: {
    fixed_normal_coupon: { coupon_amount: 5, transaction_minimum: 100 },
    available_merchants: [Sandbox.defaults.mchid]
  },
  no_cash: false,
  stock_type: "NORMAL" as const,
  out_request_no: outRequestNo
})

/** The `nonce_str` of a recorded request's Authorization. */
export const nonceOf = (request: Sandbox.RecordedRequest): string =>
  /nonce_str="([^"]+)"/.exec(request.headers["authorization"] ?? "")?.[1] ?? ""

/** The requests the sandbox received for a path (certificate downloads excluded). */
export const requestsTo = (path: string) =>
  Effect.map(Sandbox.SandboxGateway, (sandbox) => sandbox.requests).pipe(
    Effect.flatten,
    Effect.map((all) => all.filter((r) => r.path === path))
  )
