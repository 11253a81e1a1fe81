import { describe, expect, it } from "@effect/vitest"
import { jsonOf, wechatpay } from "./support.js"

// The key of the APIv2 signature rules' worked example (签名算法); the signatures below were computed independently
// with openssl, as in the api package's Coupons tests.
const env = { WECHATPAY_APIV2_KEY: "192006250b4c09247ec02edce69f6a2d", WECHATPAY_MCHID: "10016226" }

describe("wechatpay coupon", () => {
  it("mini-program: the plugin's attributes, signed (the official two-coupon example)", async () => {
    const ran = await wechatpay(
      ["coupon", "mini-program", "--coupon", "1234567:abc123", "--coupon", "2345678:123abc", "--json"],
      { env }
    )
    expect(ran.stderr).toBe("")
    expect(ran.status).toBe(0)
    expect(jsonOf(ran)).toEqual({
      send_coupon_params: [
        { stock_id: "1234567", out_request_no: "abc123" },
        { stock_id: "2345678", out_request_no: "123abc" }
      ],
      send_coupon_merchant: "10016226",
      sign: "DE91F5E153D9CBE846E9206FBF94CE2198AB06D618D3A2C0603566091C984E78"
    })
  }, 60_000)

  it("h5: the signed URL", async () => {
    const ran = await wechatpay(
      [
        "coupon",
        "h5",
        "--stock-id",
        "1234567890000000",
        "--out-request-no",
        "201911280000",
        "--open-id",
        "oiSFDIOoijdsf",
        "--merchant",
        "123456789"
      ],
      { env }
    )
    expect(ran.status).toBe(0)
    expect(ran.stdout).toBe(
      "https://action.weixin.qq.com/busifavor/getcouponinfo?stock_id=1234567890000000&out_request_no=201911280000&sign=18FFEB85E742D42C9713507B47C4C25301E2E86C96D8EDEFBA935DA8E70C493C&send_coupon_merchant=123456789&open_id=oiSFDIOoijdsf#wechat_pay&wechat_redirect\n"
    )
  }, 60_000)

  it("a bad coupon is a usage error; a missing or malformed APIv2 key a configuration error that shows nothing", async () => {
    const [bad, missing, malformed] = await Promise.all([
      wechatpay(["coupon", "mini-program", "--coupon", "1234567"], { env }),
      wechatpay(["coupon", "mini-program", "--coupon", "1234567:abc123"], { env: { WECHATPAY_MCHID: "10016226" } }),
      wechatpay(["coupon", "mini-program", "--coupon", "1234567:abc123"], {
        env: { ...env, WECHATPAY_APIV2_KEY: "secret-but-too-short" }
      })
    ])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain("--coupon must be STOCK_ID:OUT_REQUEST_NO")
    expect(missing.status).toBe(3)
    expect(missing.stderr).toContain("WECHATPAY_APIV2_KEY is not set")
    expect(malformed.status).toBe(3)
    expect(malformed.stderr).toContain("apiV2Key must be the APIv2 key")
    expect(malformed.stderr + malformed.stdout).not.toContain("secret-but-too-short")
  }, 60_000)
})
