// Started by scripts/check-docs.mjs (with tsx): runs a sandbox gateway in public-key mode, prints one JSON line with
// the WECHATPAY_* variables of a client configured for it (sandbox-only keys, generated now), then serves until its
// stdin closes, so it never outlives the checker.
import { Sandbox } from "@effect-wechatpay/sandbox"
import { Console, Effect, Redacted } from "effect"

const stdinClosed = Effect.callback<void>((resume) => {
  process.stdin.once("close", () => resume(Effect.void))
  process.stdin.once("end", () => resume(Effect.void))
  process.stdin.resume()
})

const program = Effect.gen(function* () {
  const sandbox = yield* Sandbox.make({ signingMode: "publicKey" })
  const { credentials } = sandbox
  const env: Record<string, string> = {
    WECHATPAY_BASE_URL: sandbox.baseUrl,
    WECHATPAY_MCHID: credentials.mchid,
    WECHATPAY_MERCHANT_SERIAL_NUMBER: credentials.merchantSerialNumber,
    WECHATPAY_MERCHANT_PRIVATE_KEY: Redacted.value(credentials.merchantPrivateKey),
    WECHATPAY_APIV3_KEY: Redacted.value(credentials.apiV3Key),
    WECHATPAY_PUBLIC_KEY_ID: credentials.wechatpayPublicKey.id,
    WECHATPAY_PUBLIC_KEY: credentials.wechatpayPublicKey.key
  }
  yield* Console.log(JSON.stringify(env))
  yield* stdinClosed
}).pipe(Effect.scoped)

Effect.runPromise(program).then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
