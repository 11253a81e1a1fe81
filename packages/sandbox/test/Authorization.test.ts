import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Sandbox } from "../src/index.js"
import * as T from "./support.js"

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

const stockTarget = `/v3/marketing/busifavor/stocks/${Sandbox.defaults.stockId}`

/** Sends a GET for the default stock with the given Authorization overrides and returns the reply. */
const getStock = (auth: NonNullable<T.Call["auth"]>) =>
  Effect.flatMap(Sandbox.make({ material }), (sandbox) =>
    Effect.map(T.call(sandbox, { target: stockTarget, auth }), (reply) => ({ sandbox, reply }))
  )

const expectSignError = (reply: T.Reply, issue: Sandbox.SignErrorIssue) => {
  expect(reply.status).toBe(401)
  const error = T.apiError(reply)
  expect(error.code).toBe("SIGN_ERROR")
  expect(error.message.length).toBeGreaterThan(0)
  expect(error.detail?.["issue"]).toBe(issue)
  expect(error.detail?.["location"]).toBe("authorization")
  return error
}

describe("request signature checks", () => {
  it.live("accepts the five Authorization pairs in any order", () =>
    Effect.gen(function* () {
      const { reply } = yield* getStock({ order: ["signature", "serial_no", "timestamp", "nonce_str", "mchid"] })
      expect(reply.status).toBe(200)
    })
  )

  it.live("rejects a wrong mchid", () =>
    Effect.gen(function* () {
      const { reply } = yield* getStock({ mchid: "1230000109" })
      expect(expectSignError(reply, "mchid").detail?.["value"]).toBe("1230000109")
    })
  )

  it.live("rejects a serial_no that is not the merchant certificate serial", () =>
    Effect.gen(function* () {
      const { reply } = yield* getStock({ serialNo: material.platform.serialNumber })
      expectSignError(reply, "serial_no")
    })
  )

  it.live("rejects a millisecond timestamp", () =>
    Effect.gen(function* () {
      const { reply } = yield* getStock({ timestamp: String(Date.now()) })
      expectSignError(reply, "timestamp_in_milliseconds")
    })
  )

  it.live("rejects a timestamp that is not 10 digits", () =>
    Effect.gen(function* () {
      const { reply } = yield* getStock({ timestamp: "16094592OO" })
      expectSignError(reply, "timestamp")
    })
  )

  it.live("rejects a timestamp more than 300 s away and accepts 298 s", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const past = yield* T.call(sandbox, { target: stockTarget, auth: { timestamp: String(T.nowSeconds() - 301) } })
      expectSignError(past, "timestamp_expired")
      const future = yield* T.call(sandbox, { target: stockTarget, auth: { timestamp: String(T.nowSeconds() + 310) } })
      expectSignError(future, "timestamp_expired")
      const inside = yield* T.call(sandbox, { target: stockTarget, auth: { timestamp: String(T.nowSeconds() - 298) } })
      expect(inside.status).toBe(200)
    })
  )

  it.live("uses the skewed gateway clock for the freshness check", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material, clockSkewSeconds: 3600 })
      const reply = yield* T.call(sandbox, { target: stockTarget })
      expectSignError(reply, "timestamp_expired")
      expect(Number(reply.headers.get("wechatpay-timestamp")) - T.nowSeconds()).toBeGreaterThanOrEqual(3598)
      const matching = yield* T.call(sandbox, {
        target: stockTarget,
        auth: { timestamp: String(T.nowSeconds() + 3600) }
      })
      expect(matching.status).toBe(200)
    })
  )

  it.live("rejects a nonce that is not 1–32 alphanumeric characters", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      for (const nonceStr of ["593BEC0C-930B-F1AF-EB40-B4A08C8FB242", T.nonce(33), "nonce_with_underscore"]) {
        const reply = yield* T.call(sandbox, { target: stockTarget, auth: { nonceStr } })
        expectSignError(reply, "nonce_str")
      }
    })
  )

  it.live("rejects a signature over another message and reports what it expected to be signed", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const reply = yield* T.call(sandbox, { target: `${stockTarget}?limit=10`, auth: { signedTarget: stockTarget } })
      const error = expectSignError(reply, "signature")
      const info = error.detail?.["sign_information"] as Record<string, unknown>
      expect(info["method"]).toBe("GET")
      expect(info["url"]).toBe(`${stockTarget}?limit=10`)
      expect(String(info["truncated_sign_message"])).toMatch(
        /^GET\n\/v3\/marketing\/busifavor\/stocks\/\d+\?limit=10\n/
      )
      const garbage = yield* T.call(sandbox, { target: stockTarget, auth: { signature: "not base64!" } })
      expectSignError(garbage, "signature")
    })
  )

  it.live("signs over the raw query string exactly as sent", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const target = `${stockTarget}?create_start_time=2015-05-20T13%3A29%3A35%2B08%3A00&limit=10`
      const reply = yield* T.call(sandbox, { target })
      expect(reply.status).toBe(200)
    })
  )

  it.live("rejects a POST whose body differs from the signed body", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const signed = T.authorization(sandbox, {
        method: "POST",
        target: "/v3/marketing/favor/coupon-stocks",
        body: "{}"
      })
      const reply = yield* T.call(sandbox, {
        method: "POST",
        target: "/v3/marketing/favor/coupon-stocks",
        body: "{ }",
        auth: { raw: signed }
      })
      expectSignError(reply, "signature")
    })
  )

  it.live("rejects a missing, malformed or foreign-scheme Authorization", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const missing = yield* T.rawCall(sandbox, {
        method: "GET",
        target: stockTarget,
        headers: { Accept: "application/json", "User-Agent": "sandbox-test" }
      })
      expectSignError(missing, "missing_authorization")
      const malformed = yield* T.call(sandbox, {
        target: stockTarget,
        auth: { raw: `WECHATPAY2-SHA256-RSA2048 mchid="${sandbox.credentials.mchid}",nonce_str=abc` }
      })
      expectSignError(malformed, "malformed_authorization")
      const scheme = yield* T.call(sandbox, { target: stockTarget, auth: { scheme: "WECHATPAY2-SHA256-RSA4096" } })
      expectSignError(scheme, "scheme")
      expect(T.verifies(scheme, T.currentPlatformCertificate(sandbox))).toBe(true)
    })
  )

  it.live("answers 400 INVALID_REQUEST when Accept or User-Agent is missing", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const authorization = T.authorization(sandbox, { target: stockTarget })
      for (const headers of [{ Accept: "application/json" }, { "User-Agent": "sandbox-test" }]) {
        const reply = yield* T.rawCall(sandbox, {
          method: "GET",
          target: stockTarget,
          headers: { ...headers, Authorization: authorization }
        })
        expect(reply.status).toBe(400)
        expect(T.apiError(reply).code).toBe("INVALID_REQUEST")
        expect(T.apiError(reply).message).toBe("Http头缺少Accept或User-Agent")
        expect(T.verifies(reply, T.currentPlatformCertificate(sandbox))).toBe(true)
      }
    })
  )

  it.live("answers a signed 404 NOT_FOUND for an unknown route or method", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const unknown = yield* T.call(sandbox, { target: "/v3/marketing/busifavor/unknown" })
      expect(unknown.status).toBe(404)
      expect(T.apiError(unknown).code).toBe("NOT_FOUND")
      expect(T.verifies(unknown, T.currentPlatformCertificate(sandbox))).toBe(true)
      const wrongMethod = yield* T.call(sandbox, { method: "DELETE", target: stockTarget })
      expect(wrongMethod.status).toBe(404)
      expect(T.apiError(wrongMethod).code).toBe("NOT_FOUND")
    })
  )
})
