import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Logger, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { AesGcm, type InvalidKeyError, MerchantSigner, WechatPayCrypto } from "../src/index.js"
import {
  API_V3_KEY,
  fixture,
  MCHID,
  MERCHANT_SERIAL,
  merchantKey,
  merchantKeyPem,
  pemLines,
  platformCertificate,
  VALID_NOW
} from "./fixtures.js"

const secrets = [API_V3_KEY, ...pemLines(merchantKeyPem).flatMap((line) => [line, line.slice(8, 32)])]

const expectNoSecret = (text: string) => {
  for (const secret of secrets) expect(text).not.toContain(secret)
}

const options: WechatPayCrypto.Options = {
  mchid: MCHID,
  merchantSerialNumber: MERCHANT_SERIAL,
  merchantPrivateKey: merchantKey,
  apiV3Key: Redacted.make(API_V3_KEY),
  platformCertificates: [platformCertificate]
}

describe("secrets never leak", () => {
  it.effect("not from the service, the signer or the APIv3 key: toString, JSON, inspect", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(VALID_NOW * 1000)
      const service = yield* WechatPayCrypto.make(options)
      const key = yield* AesGcm.makeKey(Redacted.make(API_V3_KEY))
      for (const value of [service, service.signer, key, options, service.apiV3Key]) {
        expectNoSecret(String(value))
        expectNoSecret(JSON.stringify(value) ?? "")
        expectNoSecret(Util.inspect(value, { depth: 10, showHidden: true }))
      }
    })
  )

  it.effect("not from any load error, nor a logged error or Cause", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const logger = Logger.make(({ message, cause }) => {
        lines.push(`${Util.inspect(message, { depth: 10 })} ${Cause.pretty(cause)}`)
      })
      const attempts: ReadonlyArray<Effect.Effect<unknown, InvalidKeyError>> = [
        MerchantSigner.make({
          mchid: MCHID,
          serialNumber: MERCHANT_SERIAL,
          privateKey: Redacted.make(merchantKeyPem.replace("MII", "#II"))
        }),
        MerchantSigner.make({
          mchid: MCHID,
          serialNumber: MERCHANT_SERIAL,
          privateKey: Redacted.make(fixture("merchant-private-key.encrypted.pem"))
        }),
        AesGcm.makeKey(Redacted.make(`${API_V3_KEY}!`)),
        WechatPayCrypto.make({ ...options, apiV3Key: Redacted.make(API_V3_KEY.slice(0, 31)) })
      ]
      for (const attempt of attempts) {
        const exit = yield* Effect.exit(attempt)
        expect(Exit.isFailure(exit)).toBe(true)
        if (Exit.isFailure(exit)) {
          yield* Effect.logError("load failed", exit.cause).pipe(Effect.provide(Logger.layer([logger])))
          const text = `${Cause.pretty(exit.cause)} ${JSON.stringify(exit.cause)} ${Util.inspect(exit.cause, { depth: 10 })}`
          expectNoSecret(text)
          expect(text).not.toContain(API_V3_KEY.slice(0, 31))
        }
      }
      expect(lines).toHaveLength(4)
      for (const line of lines) expectNoSecret(line)
      yield* Effect.log(options).pipe(Effect.provide(Logger.layer([logger])))
      expectNoSecret(lines.join("\n"))
    })
  )
})
