import { createPrivateKey, sign } from "node:crypto"
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as ProductCoupon from "@effect-wechatpay/api/ProductCoupon"
import * as Testing from "@effect-wechatpay/crypto/Testing"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Sandbox, SandboxClient } from "../src/index.js"
import * as T from "./support.js"

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

const BRAND_SCHEME = "WECHATPAY-BRAND-SHA256-RSA2048"
const notifyTarget = "/brand/marketing/product-coupon/notify-configs"

interface BrandCall {
  readonly target?: string
  readonly scheme?: string
  readonly brandId?: string
  readonly serialNo?: string
  /** The PEM that signs; default the brand key. */
  readonly key?: Redacted.Redacted<string>
  /** `Wechatpay-Serial`; null leaves it out; default the sandbox's 微信支付公钥ID. */
  readonly wechatpaySerial?: string | null
}

/** A brand-signed GET written here on node:crypto, independent of the api package's signer. */
const brandCall = (sandbox: Sandbox.Sandbox, call: BrandCall = {}) => {
  const target = call.target ?? notifyTarget
  const timestamp = String(T.nowSeconds())
  const nonceStr = T.nonce()
  const key = createPrivateKey(Redacted.value(call.key ?? sandbox.credentials.brand.brandPrivateKey))
  const signature = sign("sha256", Buffer.from(`GET\n${target}\n${timestamp}\n${nonceStr}\n\n`), key).toString("base64")
  const scheme = call.scheme ?? BRAND_SCHEME
  const idField = scheme === BRAND_SCHEME ? "brand_id" : "mchid"
  const raw =
    `${scheme} ${idField}="${call.brandId ?? sandbox.credentials.brand.brandId}",nonce_str="${nonceStr}",` +
    `signature="${signature}",timestamp="${timestamp}",serial_no="${call.serialNo ?? sandbox.credentials.brand.brandSerialNumber}"`
  const serial = call.wechatpaySerial === undefined ? sandbox.credentials.wechatpayPublicKey.id : call.wechatpaySerial
  return T.call(sandbox, {
    target,
    auth: { raw },
    headers: serial === null ? {} : { "Wechatpay-Serial": serial }
  })
}

const withSandbox = <A>(f: (sandbox: Sandbox.Sandbox) => Effect.Effect<A>) =>
  Effect.flatMap(Sandbox.make({ material, signingMode: "certificate" }), f)

const expectSignError = (reply: T.Reply, issue: Sandbox.SignErrorIssue) => {
  expect(reply.status).toBe(401)
  const error = T.apiError(reply)
  expect(error.code).toBe("SIGN_ERROR")
  expect(error.detail?.["issue"]).toBe(issue)
  return error
}

describe("brand API signature checks (/brand/…)", () => {
  it.live("a brand-signed request with the 微信支付公钥ID passes, answered signed by the 微信支付公钥", () =>
    withSandbox((sandbox) =>
      Effect.gen(function* () {
        const reply = yield* brandCall(sandbox)
        // Past the checks: the behaviour's own answer (no notify URL set yet: "404 NOT_FOUND 未找到品牌通知配置").
        expect(reply.status).toBe(404)
        expect(T.apiError(reply).code).toBe("NOT_FOUND")
        // Even in certificate mode: the brand API has no 平台证书.
        expect(reply.headers.get("wechatpay-serial")).toBe(sandbox.credentials.wechatpayPublicKey.id)
        expect(T.verifies(reply, sandbox.credentials.wechatpayPublicKey.key)).toBe(true)
        const [entry] = yield* sandbox.requests
        expect(entry?.authorization._tag === "Some" && entry.authorization.value.mchid).toBe(
          sandbox.credentials.brand.brandId
        )
      })
    )
  )

  it.live("the merchant scheme on a brand path is 401 SIGN_ERROR (scheme), naming the brand scheme", () =>
    withSandbox((sandbox) =>
      Effect.gen(function* () {
        const reply = yield* T.call(sandbox, {
          target: notifyTarget,
          headers: { "Wechatpay-Serial": sandbox.credentials.wechatpayPublicKey.id }
        })
        const error = expectSignError(reply, "scheme")
        expect(error.message).toContain(BRAND_SCHEME)
        expect(error.detail?.["value"]).toBe("WECHATPAY2-SHA256-RSA2048")
      })
    )
  )

  it.live("the brand scheme on a merchant path is 401 SIGN_ERROR (scheme)", () =>
    withSandbox((sandbox) =>
      Effect.gen(function* () {
        const reply = yield* brandCall(sandbox, {
          target: `/v3/marketing/busifavor/stocks/${Sandbox.defaults.stockId}`
        })
        const error = expectSignError(reply, "scheme")
        expect(error.detail?.["value"]).toBe(BRAND_SCHEME)
      })
    )
  )

  it.live("a signature by another key is 401 SIGN_ERROR (signature)", () =>
    withSandbox((sandbox) =>
      Effect.gen(function* () {
        const reply = yield* brandCall(sandbox, { key: sandbox.credentials.merchantPrivateKey })
        expectSignError(reply, "signature")
      })
    )
  )

  it.live("another 品牌ID is 401 SIGN_ERROR (brand_id); another certificate serial is 401 SIGN_ERROR (serial_no)", () =>
    withSandbox((sandbox) =>
      Effect.gen(function* () {
        expectSignError(yield* brandCall(sandbox, { brandId: "999999" }), "brand_id")
        expectSignError(
          yield* brandCall(sandbox, { serialNo: "3493DE0D9BB4EB98A8C65EAA7E8EE887EC24B71A" }),
          "serial_no"
        )
      })
    )
  )

  it.live("a missing Wechatpay-Serial is 400 PARAM_ERROR", () =>
    withSandbox((sandbox) =>
      Effect.gen(function* () {
        const reply = yield* brandCall(sandbox, { wechatpaySerial: null })
        expect(reply.status).toBe(400)
        expect(T.apiError(reply).code).toBe("PARAM_ERROR")
        expect(T.apiError(reply).detail?.["field"]).toBe("Wechatpay-Serial")
      })
    )
  )

  it.live(
    "a Wechatpay-Serial other than the 微信支付公钥ID (e.g. the brand certificate serial) is 400 PARAM_ERROR",
    () =>
      withSandbox((sandbox) =>
        Effect.gen(function* () {
          const reply = yield* brandCall(sandbox, { wechatpaySerial: sandbox.credentials.brand.brandSerialNumber })
          expect(reply.status).toBe(400)
          const error = T.apiError(reply)
          expect(error.code).toBe("PARAM_ERROR")
          expect(error.message).toBe("平台证书序列号Wechatpay-Serial错误")
          expect(error.detail?.["value"]).toBe(sandbox.credentials.brand.brandSerialNumber)
        })
      )
  )
})

describe("SandboxClient.brandLayer", () => {
  it.live("the WechatPayBrand client it provides passes the brand checks", () =>
    Effect.gen(function* () {
      yield* ProductCoupon.setNotifyConfig({ notify_url: "https://brand.example.com/notify" })
      const got = yield* ProductCoupon.getNotifyConfig({})
      expect(got.notify_url).toBe("https://brand.example.com/notify")
      const sandbox = yield* Sandbox.SandboxGateway
      const entries = yield* sandbox.requests
      expect(entries.map((entry) => [entry.path, entry.status])).toStrictEqual([
        [notifyTarget, 200],
        [notifyTarget, 200]
      ])
      expect(entries[0]?.headers["wechatpay-serial"]).toBe(sandbox.credentials.wechatpayPublicKey.id)
    }).pipe(Effect.provide(SandboxClient.brandLayer({ sandbox: { material } })))
  )

  it.live("a brand client with another key fails with a typed SignError", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(ProductCoupon.getNotifyConfig({}))
      expect(error._tag).toBe("SignError")
    }).pipe(
      Effect.provide(
        SandboxClient.brandLayer({
          sandbox: { material },
          client: { brandPrivateKey: Testing.generateKeyPair().privateKey, retry: false }
        })
      )
    )
  )
})
