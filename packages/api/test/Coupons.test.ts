import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Redacted, Result } from "effect"
import * as H5Coupon from "../src/H5Coupon.js"
import * as V2 from "../src/internal/v2sign.js"
import * as MiniProgramCoupon from "../src/MiniProgramCoupon.js"

// The worked example of the APIv2 signature rules (签名算法, https://pay.weixin.qq.com/wiki/doc/api/jsapi.php?chapter=4_3):
// its parameters, its key, its stringA and its HMAC-SHA256 result, as printed there.
const OFFICIAL_KEY = "192006250b4c09247ec02edce69f6a2d"
const apiV2Key = Redacted.make(OFFICIAL_KEY)

describe("the APIv2 signature (V2 签名规则, HMAC-SHA256)", () => {
  it("reproduces the official worked example byte for byte", () => {
    const params = {
      appid: "wxd930ea5d5a258f4f",
      mch_id: "10000100",
      device_info: "1000",
      body: "test",
      nonce_str: "ibuaiVcKdpRxkhJA"
    }
    expect(V2.stringA(params)).toBe(
      "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA"
    )
    expect(V2.hmacSha256(params, OFFICIAL_KEY)).toBe("6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6")
  })

  it("leaves empty parameters out and sorts names by their bytes (capitals first)", () => {
    expect(V2.stringA({ b: "2", a: "1", empty: "", none: undefined, B: "3" })).toBe("B=3&a=1&b=2")
  })
})

// The 签名源串 examples of the 小程序发券插件 page (参与签名字段说明, https://pay.weixin.qq.com/doc/v3/merchant/4012285674),
// with the page's placeholder key `xxxxx`; the signatures were computed independently with
// `printf '%s' "<stringA>&key=<key>" | openssl dgst -sha256 -hmac <key>` under the V2 rules' official key.
const miniProgramExamples = [
  {
    name: "one coupon",
    input: {
      send_coupon_merchant: "10016226",
      send_coupon_params: [{ stock_id: "1234567", out_request_no: "abc123" }]
    },
    official: "out_request_no0=abc123&send_coupon_merchant=10016226&stock_id0=1234567&key=xxxxx",
    sign: "AD7CD2967446E742075BF7A52CEBC5FE1A17A4042ED451A44DAABF9F04FFDD99"
  },
  {
    name: "two coupons",
    input: {
      send_coupon_merchant: "10016226",
      send_coupon_params: [
        { stock_id: "1234567", out_request_no: "abc123" },
        { stock_id: "2345678", out_request_no: "123abc" }
      ]
    },
    official:
      "out_request_no0=abc123&out_request_no1=123abc&send_coupon_merchant=10016226&stock_id0=1234567&stock_id1=2345678&key=xxxxx",
    sign: "DE91F5E153D9CBE846E9206FBF94CE2198AB06D618D3A2C0603566091C984E78"
  },
  {
    name: "one coupon of a batch whose codes are given when sending",
    input: {
      send_coupon_merchant: "10016226",
      send_coupon_params: [{ stock_id: "1234567", out_request_no: "abc123", coupon_code: "asdsada" }]
    },
    official: "coupon_code0=asdsada&out_request_no0=abc123&send_coupon_merchant=10016226&stock_id0=1234567&key=xxxxx",
    sign: "DD80519CA4390B805407C29EFADFCF50FF193A73B5175EF756E6ADDB7270E1D1"
  },
  {
    name: "two coupons with codes",
    input: {
      send_coupon_merchant: "10016226",
      send_coupon_params: [
        { stock_id: "1234567", out_request_no: "abc123", coupon_code: "asdsada" },
        { stock_id: "2345678", out_request_no: "123abc", coupon_code: "asdsada" }
      ]
    },
    official:
      "coupon_code0=asdsada&coupon_code1=asdsada&out_request_no0=abc123&out_request_no1=123abc&send_coupon_merchant=10016226&stock_id0=1234567&stock_id1=2345678&key=xxxxx",
    sign: "6DBE9285C56381C9AF61B277E1E2622D291120EB1EA57DE4ACEEE5BD68A8E6BC"
  }
] as const

describe("MiniProgramCoupon (小程序发券插件)", () => {
  for (const example of miniProgramExamples) {
    it(`signs the official example: ${example.name}`, () =>
      Effect.gen(function* () {
        const stringA = MiniProgramCoupon.stringToSign(example.input)
        expect(Result.isSuccess(stringA) && `${stringA.success}&key=xxxxx`).toBe(example.official)
        const signed = yield* MiniProgramCoupon.sign(example.input, { apiV2Key })
        expect(signed).toEqual({
          send_coupon_params: example.input.send_coupon_params,
          send_coupon_merchant: example.input.send_coupon_merchant,
          sign: example.sign
        })
      }).pipe(Effect.runSync))
  }

  it("rejects bad coupons, naming each field, and signs nothing", () => {
    const exit = Effect.runSyncExit(
      MiniProgramCoupon.sign(
        {
          send_coupon_merchant: "1001",
          send_coupon_params: [{ stock_id: "12&34", out_request_no: "a b" }]
        },
        { apiV2Key }
      )
    )
    expect(Exit.isFailure(exit)).toBe(true)
    const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
    const failure = error?._tag === "Fail" ? error.error : undefined
    expect(failure?._tag).toBe("RequestValidationError")
    const paths = failure?._tag === "RequestValidationError" ? failure.issues.map((i) => i.path) : []
    expect(paths).toEqual(
      expect.arrayContaining([
        "/send_coupon_merchant",
        "/send_coupon_params/0/stock_id",
        "/send_coupon_params/0/out_request_no"
      ])
    )
  })

  it("takes one to ten coupons", () => {
    const coupon = { stock_id: "1234567", out_request_no: "abc123" }
    const tooMany = MiniProgramCoupon.stringToSign({
      send_coupon_merchant: "10016226",
      send_coupon_params: Array.from({ length: 11 }, () => coupon)
    })
    const none = MiniProgramCoupon.stringToSign({ send_coupon_merchant: "10016226", send_coupon_params: [] })
    const ten = MiniProgramCoupon.stringToSign({
      send_coupon_merchant: "10016226",
      send_coupon_params: Array.from({ length: 10 }, () => coupon)
    })
    expect(Result.isFailure(tooMany)).toBe(true)
    expect(Result.isFailure(none)).toBe(true)
    expect(Result.isSuccess(ten) && ten.success.includes("stock_id9=1234567")).toBe(true)
  })

  it("rejects a key that is not an APIv2 key without showing it", () => {
    const exit = Effect.runSyncExit(
      MiniProgramCoupon.sign(miniProgramExamples[0].input, { apiV2Key: Redacted.make("not-a-32-character-key") })
    )
    const text = Util.inspect(exit, { depth: 10 })
    expect(text).toContain("WechatPayConfigError")
    expect(text).toContain("APIv2 key")
    expect(text).not.toContain("not-a-32-character-key")
  })
})

describe("H5Coupon (H5发券)", () => {
  // The parameters of the H5发券 page's example URL (https://pay.weixin.qq.com/doc/v3/merchant/4012285783); its `sign`
  // is a placeholder (not hex), so the signature is the one openssl computes as above.
  const example = {
    stock_id: "1234567890000000",
    out_request_no: "201911280000",
    send_coupon_merchant: "123456789",
    open_id: "oiSFDIOoijdsf"
  }
  const sign = "18FFEB85E742D42C9713507B47C4C25301E2E86C96D8EDEFBA935DA8E70C493C"

  it("builds the page's URL: its parameters in its order, signed, with #wechat_pay&wechat_redirect", () => {
    const url = Effect.runSync(H5Coupon.url(example, { apiV2Key }))
    expect(url).toBe(
      `https://action.weixin.qq.com/busifavor/getcouponinfo?stock_id=1234567890000000&out_request_no=201911280000&sign=${sign}&send_coupon_merchant=123456789&open_id=oiSFDIOoijdsf#wechat_pay&wechat_redirect`
    )
    const stringA = H5Coupon.stringToSign(example)
    expect(Result.isSuccess(stringA) && stringA.success).toBe(
      "open_id=oiSFDIOoijdsf&out_request_no=201911280000&send_coupon_merchant=123456789&stock_id=1234567890000000"
    )
  })

  it("signs coupon_code when given, and carries it last", () => {
    const signed = Effect.runSync(H5Coupon.sign({ ...example, coupon_code: "75345199" }, { apiV2Key }))
    expect(signed.coupon_code).toBe("75345199")
    expect(signed.sign).not.toBe(sign)
    expect(signed.sign).toBe(
      V2.hmacSha256(
        {
          coupon_code: "75345199",
          open_id: example.open_id,
          out_request_no: example.out_request_no,
          send_coupon_merchant: example.send_coupon_merchant,
          stock_id: example.stock_id
        },
        OFFICIAL_KEY
      )
    )
    const url = Effect.runSync(H5Coupon.url({ ...example, coupon_code: "75345199" }, { apiV2Key }))
    expect(url).toMatch(/&open_id=oiSFDIOoijdsf&coupon_code=75345199#wechat_pay&wechat_redirect$/)
  })

  it("rejects an out_request_no with symbols (the page allows letters and digits only) and an unsafe openid", () => {
    const exit = Effect.runSyncExit(
      H5Coupon.url({ ...example, out_request_no: "2019-1128", open_id: "o#x" }, { apiV2Key })
    )
    const text = Util.inspect(exit, { depth: 10 })
    expect(text).toContain("RequestValidationError")
    expect(text).toContain("/out_request_no")
    expect(text).toContain("/open_id")
  })
})
