import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import * as Testing from "@effect-wechatpay/crypto/Testing"
import { ConfigProvider, Effect, Exit, Layer, Redacted } from "effect"
import { HttpClient } from "effect/http"
import * as NodeTransport from "../src/NodeTransport.js"
import * as ProductCoupon from "../src/ProductCoupon.js"
import * as WechatPayBrand from "../src/WechatPayBrand.js"
import { PUBLIC_KEY_ID, plainExit, type Seen, stub, wechatpay } from "./stub.js"

const brand = Testing.generateKeyPair()
const BRAND_ID = "120344"
const BRAND_SERIAL = "3493DE0D9BB4EB98A8C65EAA7E8EE887EC24B71A"
const NOTIFY = '{"notify_url":"https://brand.example.com/notify","update_time":"2025-08-28T10:00:00+08:00"}'

const brandOptions: WechatPayBrand.Options = {
  brandId: BRAND_ID,
  brandSerialNumber: BRAND_SERIAL,
  brandPrivateKey: brand.privateKey,
  wechatpayPublicKey: { id: PUBLIC_KEY_ID, key: wechatpay.publicKey },
  baseUrl: "https://api.test.invalid",
  retry: false
}

const AUTHORIZATION =
  /^WECHATPAY-BRAND-SHA256-RSA2048 brand_id="(\d+)",nonce_str="([0-9A-Za-z]{32})",signature="([A-Za-z0-9+/=]+)",timestamp="(\d{10})",serial_no="([0-9A-F]+)"$/

/** The message a request's signature covers, rebuilt from what the gateway saw. */
const messageOf = (seen: Seen, nonce: string, timestamp: string) =>
  `${seen.method}\n${seen.target}\n${timestamp}\n${nonce}\n${seen.body}\n`

const tmp = (name: string, text: string | Uint8Array) => {
  const file = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-brand-")), name)
  Fs.writeFileSync(file, text)
  return file
}

const getNotifyConfig = (answers: Parameters<typeof stub>[0], options: Partial<WechatPayBrand.Options> = {}) =>
  Effect.gen(function* () {
    const { client, seen } = yield* stub(answers)
    const layer = WechatPayBrand.layer({ ...brandOptions, ...options }).pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
    )
    const exit = yield* Effect.exit(Effect.provide(ProductCoupon.getNotifyConfig({}), layer))
    return { exit, seen: yield* seen }
  })

describe("WechatPayBrand: the brand signing scheme", () => {
  it.live(
    "signs with WECHATPAY-BRAND-SHA256-RSA2048 and brand_id, and sends the 微信支付公钥ID as Wechatpay-Serial",
    () =>
      Effect.gen(function* () {
        const { exit, seen } = yield* getNotifyConfig([{ status: 200, body: NOTIFY }])
        expect(Exit.isSuccess(exit) && exit.value.notify_url).toBe("https://brand.example.com/notify")
        const [request] = seen
        expect(request!.target).toBe("/brand/marketing/product-coupon/notify-configs")
        expect(request!.headers["wechatpay-serial"]).toBe(PUBLIC_KEY_ID)
        const match = AUTHORIZATION.exec(request!.headers["authorization"] ?? "")
        expect(match?.slice(1, 2)).toStrictEqual([BRAND_ID])
        expect(match?.[5]).toBe(BRAND_SERIAL)
      })
  )

  it.live(
    "the signature is openssl's, byte for byte, over the five-line message (RSA PKCS#1 v1.5 is deterministic)",
    () =>
      Effect.gen(function* () {
        const { seen } = yield* getNotifyConfig([{ status: 200, body: NOTIFY }])
        const [request] = seen
        const [, , nonce, signature, timestamp] = AUTHORIZATION.exec(request!.headers["authorization"] ?? "")!
        const message = tmp("message.txt", messageOf(request!, nonce!, timestamp!))
        const key = tmp("brand_key.pem", Redacted.value(brand.privateKey))
        const openssl = ChildProcess.execFileSync("openssl", ["dgst", "-sha256", "-sign", key, message])
        expect(signature).toBe(openssl.toString("base64"))
        const publicKey = tmp("brand_pub.pem", brand.publicKey)
        const verified = ChildProcess.spawnSync("openssl", [
          "dgst",
          "-sha256",
          "-verify",
          publicKey,
          "-signature",
          tmp("signature.bin", Buffer.from(signature!, "base64")),
          message
        ])
        expect(verified.stdout.toString().trim()).toBe("Verified OK")
      })
  )

  it.live("verifies the answer with the brand's 微信支付公钥: an answer signed with another key fails typed", () =>
    Effect.gen(function* () {
      const other = Testing.generateKeyPair()
      const { exit } = yield* getNotifyConfig([{ status: 200, body: NOTIFY }], {
        wechatpayPublicKey: { id: PUBLIC_KEY_ID, key: other.publicKey }
      })
      expect(Exit.isFailure(exit)).toBe(true)
      const failure = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
      expect(failure !== undefined && "error" in failure ? (failure.error as { _tag: string })._tag : undefined).toBe(
        "SignatureVerificationError"
      )
    })
  )

  it.live("a bad brand key fails the layer, not each request; a missing 微信支付公钥 is a config error", () =>
    Effect.gen(function* () {
      const badKey = yield* getNotifyConfig([{ status: 200, body: NOTIFY }], {
        brandPrivateKey: Redacted.make("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----")
      })
      expect(badKey.seen).toHaveLength(0)
      expect(Exit.isFailure(badKey.exit)).toBe(true)
      const noKey = yield* getNotifyConfig([{ status: 200, body: NOTIFY }], {
        wechatpayPublicKey: { id: "", key: "" }
      })
      expect(noKey.seen).toHaveLength(0)
      expect(String(Exit.isFailure(noKey.exit) ? noKey.exit.cause : "")).toContain("wechatpayPublicKey")
    })
  )
})

describe("WechatPayBrand: a 429 is retried per the descriptor", () => {
  const limited = { status: 429, body: '{"code":"RATELIMIT_EXCEEDED","message":"超过频率限制"}' }
  const run = <A, E>(answers: Parameters<typeof stub>[0], call: Effect.Effect<A, E, WechatPayBrand.WechatPayBrand>) =>
    Effect.gen(function* () {
      const { client, seen } = yield* stub(answers)
      const layer = WechatPayBrand.layer({ ...brandOptions, retry: { base: "1 millis" } }).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
      )
      const exit = yield* Effect.exit(Effect.provide(call, layer))
      return { exit, seen: yield* seen }
    })

  it.live("setNotifyConfig is sent again after a 429 (a second send sets what one sets)", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [limited, { status: 200, body: NOTIFY }],
        ProductCoupon.setNotifyConfig({ notify_url: "https://brand.example.com/notify" })
      )
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(seen).toHaveLength(2)
    })
  )

  it.live("associateStores is not: the 429 reaches the caller after one attempt", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [limited, { status: 200, body: "{}" }],
        ProductCoupon.associateStores({
          product_coupon_id: "1000000013",
          stock_id: "1000000013001",
          store_list: [{ store_id: "100001" }]
        })
      )
      expect(plainExit(exit)).toEqual(Exit.fail(expect.objectContaining({ _tag: "RateLimitExceeded", status: 429 })))
      expect(seen).toHaveLength(1)
    })
  )
})

describe("WechatPayBrand.layer: settings checked when it is built", () => {
  it.live("a brand serial that is not 40 hex characters is named as the brand's, without its value", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* getNotifyConfig([], { brandSerialNumber: "3493DE0D9BB4EB98\r\n" })
      expect(seen).toEqual([])
      const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
      const message = error?._tag === "Fail" ? (error.error as { message: string }).message : ""
      expect(message).toMatch(/^brandSerialNumber /)
      expect(message).toContain("品牌API证书序列号")
      expect(message).not.toContain("商户")
      expect(message).not.toContain("3493DE0D9BB4EB98")
    })
  )

  it.live("the per-call deadline is the client's: a deadline that is not a positive duration fails the layer", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* getNotifyConfig([], { deadline: "0 millis" })
      expect(seen).toEqual([])
      expect(plainExit(exit)).toEqual(
        Exit.fail(
          expect.objectContaining({ _tag: "WechatPayConfigError", message: expect.stringMatching(/^deadline /) })
        )
      )
    })
  )
})

describe("WechatPayBrand.layerConfig", () => {
  const env = {
    WECHATPAY_BRAND_ID: BRAND_ID,
    WECHATPAY_BRAND_SERIAL_NUMBER: BRAND_SERIAL,
    WECHATPAY_BRAND_PRIVATE_KEY: Redacted.value(brand.privateKey),
    WECHATPAY_BRAND_PUBLIC_KEY_ID: PUBLIC_KEY_ID,
    WECHATPAY_BRAND_PUBLIC_KEY: wechatpay.publicKey,
    WECHATPAY_BRAND_API_KEY: "0123456789abcdefghijKLMNOPQRSTUV",
    WECHATPAY_BASE_URL: "https://api.test.invalid"
  }
  const fromEnv = (variables: Record<string, string>) =>
    Effect.gen(function* () {
      const { client, seen } = yield* stub([{ status: 200, body: NOTIFY }])
      const layer = WechatPayBrand.layerConfig().pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
        Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: variables })))
      )
      const exit = yield* Effect.exit(Effect.provide(ProductCoupon.getNotifyConfig({}), layer))
      return { exit, seen: yield* seen }
    })

  it.live("reads the WECHATPAY_BRAND_* variables (PEM text or _FILE) and signs as the brand", () =>
    Effect.gen(function* () {
      const { WECHATPAY_BRAND_PRIVATE_KEY: key, ...others } = env
      const { exit, seen } = yield* fromEnv({
        ...others,
        WECHATPAY_BRAND_PRIVATE_KEY_FILE: tmp("key.pem", key)
      })
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(seen[0]!.headers["authorization"]).toMatch(/^WECHATPAY-BRAND-SHA256-RSA2048 brand_id="120344",/)
      expect(seen[0]!.headers["wechatpay-serial"]).toBe(PUBLIC_KEY_ID)
    })
  )

  it.live("a missing variable fails typed, naming it and showing no value", () =>
    Effect.gen(function* () {
      const { WECHATPAY_BRAND_PUBLIC_KEY_ID: _id, ...withoutId } = env
      const { exit, seen } = yield* fromEnv(withoutId)
      expect(seen).toHaveLength(0)
      const text = String(Exit.isFailure(exit) ? exit.cause : "")
      expect(text).toContain("WECHATPAY_BRAND_PUBLIC_KEY_ID")
      expect(text).not.toContain("PRIVATE KEY-----\n")
      expect(text).not.toContain(BRAND_SERIAL)
      expect(text).not.toContain(env.WECHATPAY_BRAND_API_KEY)
    })
  )
})

describe("WechatPayBrand over real HTTP (NodeTransport, a node:http server on loopback)", () => {
  it.live("the server receives the brand Authorization and Wechatpay-Serial; its signed answer is verified", () =>
    Effect.gen(function* () {
      const received: Array<Http.IncomingHttpHeaders> = []
      const server = Http.createServer((req, res) => {
        received.push(req.headers)
        req.resume()
        req.on("end", () => {
          Effect.runPromise(
            Testing.signResponse({ privateKey: wechatpay.privateKey, serial: PUBLIC_KEY_ID, body: NOTIFY })
          ).then((headers) => {
            res.writeHead(200, { "content-type": "application/json", ...headers })
            res.end(NOTIFY)
          })
        })
      })
      yield* Effect.acquireRelease(
        Effect.callback<void>((resume) => {
          server.listen(0, "127.0.0.1", () => resume(Effect.void))
        }),
        () =>
          Effect.callback<void>((resume) => {
            server.close(() => resume(Effect.void))
          })
      )
      const { port } = server.address() as Net.AddressInfo
      const layer = WechatPayBrand.layer({ ...brandOptions, baseUrl: `http://127.0.0.1:${port}` }).pipe(
        Layer.provide(NodeTransport.layer())
      )
      const answer = yield* Effect.provide(ProductCoupon.getNotifyConfig({}), layer)
      expect(answer.notify_url).toBe("https://brand.example.com/notify")
      expect(received).toHaveLength(1)
      expect(received[0]!["authorization"]).toMatch(AUTHORIZATION)
      expect(received[0]!["wechatpay-serial"]).toBe(PUBLIC_KEY_ID)
    })
  )
})
