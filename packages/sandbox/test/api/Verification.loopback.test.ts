import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Busifavor, WechatPay, WechatPayClient } from "@effect-wechatpay/api"
import { Effect, Exit, Layer, Redacted } from "effect"
import { Sandbox, SandboxClient } from "../../src/index.js"
import { material, plainExit, requestsTo, withSandbox } from "./harness.js"

const query = Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
const serialsOf = (sandbox: Sandbox.Sandbox) =>
  Effect.map(sandbox.requests, (all) => all.filter((r) => r.path === "/v3/certificates").length)

describe("loopback: verification modes", () => {
  it.live("public-key mode: responses signed with PUB_KEY_ID_… verify", () =>
    withSandbox({ verification: "publicKey" })(
      Effect.map(query, (s) => expect(s.stock_id).toBe(Sandbox.defaults.stockId))
    )
  )

  it.live("certificate mode: responses signed with the platform certificate verify", () =>
    withSandbox({ verification: "certificates" })(
      Effect.map(query, (s) => expect(s.stock_id).toBe(Sandbox.defaults.stockId))
    )
  )

  it.live("both at once: the client follows the gateway switching between them", () =>
    withSandbox({ verification: "both" })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* query
        yield* sandbox.setSigningMode("publicKey")
        yield* query
        yield* sandbox.setSigningMode("certificate")
        yield* query
        const serials = (yield* requestsTo(`/v3/marketing/busifavor/stocks/${Sandbox.defaults.stockId}`)).length
        expect(serials).toBe(3)
      })
    )
  )

  it.live("a mismatch fails: a public-key client against a certificate-signing gateway gets UnknownSerial", () =>
    withSandbox({ verification: "publicKey", sandbox: { signingMode: "certificate" }, client: { retry: false } })(
      Effect.gen(function* () {
        const exit = yield* Effect.exit(query)
        expect(plainExit(exit)).toEqual(
          Exit.fail(expect.objectContaining({ _tag: "SignatureVerificationError", reason: "UnknownSerial" }))
        )
      })
    )
  )

  it.live("auto: certificates are downloaded, decrypted and verified at start, and rotation is followed", () =>
    withSandbox({ verification: "auto" })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const client = yield* WechatPayClient
        expect(yield* serialsOf(sandbox)).toBe(1)
        expect((yield* client.crypto.keyring).entries.size).toBe(1)
        yield* query
        const newSerial = yield* sandbox.rotateCertificate()
        const after = yield* query
        expect(after.stock_id).toBe(Sandbox.defaults.stockId)
        expect(yield* serialsOf(sandbox)).toBe(2)
        expect([...(yield* client.crypto.keyring).entries.keys()]).toContain(newSerial)
      })
    )
  )

  it.live("auto: an unknown serial triggers at most one refresh a minute", () =>
    withSandbox({ verification: "auto", client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.inject({ times: 2, kind: { _tag: "UnknownSerial" } })
        const first = yield* Effect.flip(query)
        const second = yield* Effect.flip(query)
        expect([first, second].map((e) => e._tag === "SignatureVerificationError" && e.reason)).toEqual([
          "UnknownSerial",
          "UnknownSerial"
        ])
        expect(yield* serialsOf(sandbox)).toBe(2)
      })
    )
  )

  it.live("auto: refreshed on the configured interval in a scoped fiber", () =>
    withSandbox({ verification: "auto", client: { certificateRefreshInterval: "150 millis" } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const client = yield* WechatPayClient
        const newSerial = yield* sandbox.rotateCertificate()
        yield* Effect.sleep("400 millis")
        expect(yield* serialsOf(sandbox)).toBeGreaterThanOrEqual(2)
        expect([...(yield* client.crypto.keyring).entries.keys()]).toContain(newSerial)
      })
    )
  )

  it.live("auto for a merchant without platform certificates: a typed error that says to use the public key", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material, platformCertificates: false })
      const exit = yield* Effect.exit(
        Layer.build(
          WechatPay.layer(SandboxClient.clientOptions(sandbox, "auto")).pipe(Layer.provide(NodeHttpClient.layerUndici))
        )
      )
      expect(plainExit(exit)).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "CertificateDownloadError", reason: "NoPlatformCertificates" }))
      )
      expect(Exit.isFailure(exit) && JSON.stringify(exit.cause)).toContain("WeChat Pay public key")
      const both = yield* query.pipe(
        Effect.provide(
          WechatPay.layer({
            ...SandboxClient.clientOptions(sandbox, "publicKey"),
            platformCertificates: "auto"
          }).pipe(Layer.provide(NodeHttpClient.layerUndici))
        )
      )
      expect(both.stock_id).toBe(Sandbox.defaults.stockId)
    }).pipe(Effect.scoped)
  )

  it.live("auto with a wrong APIv3 key, or none: typed errors, never a crash", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const build = (options: WechatPay.Options) =>
        Effect.exit(Layer.build(WechatPay.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici))))
      const wrong = yield* build({
        ...SandboxClient.clientOptions(sandbox, "auto"),
        apiV3Key: Redacted.make("ZYXWVUTSRQPONMLKJIHGFEDCBA012345")
      })
      expect(plainExit(wrong)).toEqual(
        Exit.fail(
          expect.objectContaining({
            _tag: "CertificateDownloadError",
            reason: "Failed",
            message: "APIv3 key mismatch or ciphertext tampered"
          })
        )
      )
      const none = yield* build({ ...SandboxClient.clientOptions(sandbox, "auto"), apiV3Key: undefined })
      expect(plainExit(none)).toEqual(Exit.fail(expect.objectContaining({ _tag: "WechatPayConfigError" })))
    }).pipe(Effect.scoped)
  )
})
