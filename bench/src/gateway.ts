/**
 * The sandbox gateway in its own process (so that its CPU is not counted as the client's). Forked by `main.ts`:
 * starts one sandbox in public-key signing mode, sends its address and credentials over IPC, serves until killed.
 * A second tiny server on 127.0.0.1 answers `POST /reset` by emptying the sandbox's request log.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { Sandbox } from "@effect-wechatpay/sandbox"
import { Effect, Redacted } from "effect"
import type { GatewayInfo } from "./protocol.js"

const listen = (server: Http.Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)))

const program = Effect.gen(function* () {
  const sandbox = yield* Sandbox.make({ signingMode: "publicKey" })
  const control = Http.createServer((request, response) => {
    if (request.method === "POST" && request.url === "/reset") {
      Effect.runPromise(sandbox.reset()).then(
        () => response.writeHead(204).end(),
        () => response.writeHead(500).end()
      )
    } else {
      response.writeHead(404).end()
    }
  })
  const port = yield* Effect.promise(() => listen(control))
  yield* Effect.addFinalizer(() => Effect.sync(() => control.close()))
  const { credentials } = sandbox
  const info: GatewayInfo = {
    _tag: "GatewayInfo",
    baseUrl: sandbox.baseUrl,
    controlUrl: `http://127.0.0.1:${port}`,
    credentials: {
      mchid: credentials.mchid,
      merchantSerialNumber: credentials.merchantSerialNumber,
      merchantPrivateKey: Redacted.value(credentials.merchantPrivateKey),
      apiV3Key: Redacted.value(credentials.apiV3Key),
      wechatpayPublicKey: credentials.wechatpayPublicKey
    },
    ids: {
      stockId: Sandbox.defaults.stockId,
      openid: Sandbox.defaults.openid,
      appid: Sandbox.defaults.appid,
      couponCode: Sandbox.defaults.couponCode
    }
  }
  process.send?.(info)
  return yield* Effect.never
}).pipe(Effect.scoped)

process.on("disconnect", () => process.exit(0))
Effect.runFork(program)
