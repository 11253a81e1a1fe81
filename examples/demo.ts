/**
 * The effect-wechatpay demo: creates a 代金券 stock, queries a 商家券 stock and a user coupon, handles typed errors
 * with `catchTags`, then runs a 商家券 through 发券 → 核销 → 查询, against the embedded sandbox gateway (no WeChat Pay
 * account needed).
 *
 * Run it with `pnpm demo`. In production, replace `SandboxClient.layer()` with
 * `WechatPay.layerConfig().pipe(Layer.provide(NodeTransport.layer()))` and set the WECHATPAY_* variables.
 */

import { NodeRuntime } from "@effect/platform-node"
import { Busifavor, Favor } from "@effect-wechatpay/api"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Console, Effect, Stream } from "effect"

const row = (label: string, value: unknown) => Console.log(`   ${label.padEnd(22)} ${String(value)}`)

const program = Effect.gen(function* () {
  const sandbox = yield* Sandbox.SandboxGateway
  yield* Console.log(`effect-wechatpay demo, against the embedded sandbox gateway at ${sandbox.baseUrl}`)
  yield* Console.log("Every request is signed, and every response verified, as with the real WeChat Pay APIv3.\n")

  // 1. 创建代金券批次: POST /v3/marketing/favor/coupon-stocks
  yield* Console.log("1. Favor.createCouponStock (创建代金券批次)")
  const request = {
    stock_name: "满100减5元代金券",
    comment: "demo",
    belong_merchant: sandbox.credentials.mchid,
    available_begin_time: "2027-01-01T00:00:00+08:00",
    available_end_time: "2027-01-31T23:59:59+08:00",
    stock_use_rule: {
      max_coupons: 1000,
      max_amount: 5000,
      max_amount_by_day: 1000,
      max_coupons_per_user: 1,
      natural_person_limit: false,
      prevent_api_abuse: false
    },
    coupon_use_rule: {
      fixed_normal_coupon: { coupon_amount: 5, transaction_minimum: 10000 },
      available_merchants: [sandbox.credentials.mchid]
    },
    no_cash: false,
    stock_type: "NORMAL",
    out_request_no: "DEMO-20270101-0001"
  } as const
  const created = yield* Favor.createCouponStock(request)
  yield* row("stock_id", created.stock_id)
  yield* row("create_time", created.create_time)
  const again = yield* Favor.createCouponStock(request)
  yield* row("same out_request_no →", `${again.stock_id} (idempotent)`)

  // 2. 查询商家券批次详情: GET /v3/marketing/busifavor/stocks/{stock_id}
  yield* Console.log("\n2. Busifavor.queryStock (查询商家券批次详情)")
  const stock = yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
  yield* row("stock_name", stock.stock_name)
  yield* row("stock_state", stock.stock_state)
  yield* row("stock_type", stock.stock_type)
  yield* row("goods_name", stock.goods_name)
  yield* row(
    "valid",
    `${stock.coupon_use_rule.coupon_available_time.available_begin_time} → ${stock.coupon_use_rule.coupon_available_time.available_end_time}`
  )
  yield* row("max_coupons_per_user", stock.stock_send_rule.max_coupons_per_user)

  // 3. 查询用户单张券详情: GET /v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}
  yield* Console.log("\n3. Busifavor.queryCoupon (查询用户单张券详情)")
  const coupon = yield* Busifavor.queryCoupon({
    openid: Sandbox.defaults.openid,
    coupon_code: Sandbox.defaults.couponCode,
    appid: Sandbox.defaults.appid
  })
  yield* row("coupon_code", coupon.coupon_code)
  yield* row("coupon_state", coupon.coupon_state)
  yield* row("stock_name", coupon.stock_name)
  yield* row("expire_time", coupon.expire_time)

  // 4. Typed errors: the error channel names every documented code, so catchTags is exhaustive and checked.
  yield* Console.log("\n4. Typed errors with catchTags")
  const missing = yield* Busifavor.queryCoupon({
    openid: Sandbox.defaults.openid,
    coupon_code: "NO-SUCH-COUPON",
    appid: Sandbox.defaults.appid
  }).pipe(
    Effect.as("found"),
    Effect.catchTags({
      ResourceNotExists: (e) =>
        Effect.succeed(`ResourceNotExists (HTTP ${e.status} ${e.code}, Request-ID ${e.requestId})`),
      UserNotExists: (e) => Effect.succeed(`UserNotExists: ${e.description}`)
    }),
    Effect.catch((e) => Effect.succeed(`other error: ${e._tag}`))
  )
  yield* row("unknown coupon_code →", missing)

  const invalid = yield* Favor.createCouponStock({
    ...request,
    stock_name: "这个批次名称超过了代金券文档允许的最大长度限制"
  }).pipe(
    Effect.as("created"),
    Effect.catchTag("RequestValidationError", (e) =>
      Effect.succeed(
        `RequestValidationError at ${[...new Set(e.issues.map((i) => i.path))].join(", ")}, ` +
          `${e.issues.length} rules broken (nothing was sent)`
      )
    ),
    Effect.catch((e) => Effect.succeed(`other error: ${e._tag}`))
  )
  yield* row("too-long stock_name →", invalid)

  yield* sandbox.inject({ kind: { _tag: "TamperBody" } })
  const tampered = yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }).pipe(
    Effect.as("decoded"),
    Effect.catchTag("SignatureVerificationError", (e) =>
      Effect.succeed(`SignatureVerificationError ${e.reason} (never decoded)`)
    ),
    Effect.catch((e) => Effect.succeed(`other error: ${e._tag}`))
  )
  yield* row("tampered response →", tampered)

  // 5. 商家券 发券 → 核销 → 查询 (docs/busifavor-lifecycle.md walks through every step and the full create request)
  yield* Console.log("\n5. 商家券: createStock → sendCoupon → useCoupon → queryCoupon (发券 → 核销 → 查询)")
  const { stock_id } = yield* Busifavor.createStock(
    Sandbox.sampleCreateBusifavorStockRequest("DEMO-BF-STOCK-0001", { mchid: sandbox.credentials.mchid })
  )
  yield* row("new stock_id", stock_id)
  const sent = yield* Busifavor.sendCoupon({
    openid: Sandbox.defaults.openid,
    appid: Sandbox.defaults.appid,
    stock_id,
    out_request_no: "DEMO-BF-SEND-0001"
  })
  const couponCode = sent.result.coupon_code ?? ""
  yield* row("sent coupon_code", couponCode)
  const redeem = (useRequestNo: string) =>
    Busifavor.useCoupon({
      stock_id,
      coupon_code: couponCode,
      appid: Sandbox.defaults.appid,
      use_time: "2027-01-01T12:00:00+08:00",
      use_request_no: useRequestNo
    })
  const used = yield* redeem("DEMO-BF-USE-0001")
  yield* row("wechatpay_use_time", used.wechatpay_use_time)
  const redeemed = yield* Busifavor.queryCoupon({
    openid: Sandbox.defaults.openid,
    coupon_code: couponCode,
    appid: Sandbox.defaults.appid
  })
  yield* row("coupon_state now", redeemed.coupon_state)
  const twice = yield* redeem("DEMO-BF-USE-0002").pipe(
    Effect.as("redeemed twice"),
    Effect.catchTag("ResourceAlreadyExists", (e) => Effect.succeed(`ResourceAlreadyExists (${e.description})`)),
    Effect.catch((e) => Effect.succeed(`other error: ${e._tag}`))
  )
  yield* row("redeem it again →", twice)
  const userCoupons = yield* Stream.runCollect(
    Busifavor.listCouponsByFilterStream({ openid: Sandbox.defaults.openid, appid: Sandbox.defaults.appid })
  )
  yield* row("user's coupons", userCoupons.map((c) => `${c.coupon_code} ${c.coupon_state}`).join(", "))

  const requests = yield* sandbox.requests
  yield* Console.log(`\nDone: ${requests.length} signed requests, every response verified.`)
})

program.pipe(Effect.provide(SandboxClient.layer({ client: { retry: false } })), NodeRuntime.runMain)
