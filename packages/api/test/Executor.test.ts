import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Schema } from "effect"
import * as Endpoint from "../src/Endpoint.js"
import { WechatPayClient } from "../src/WechatPay.js"
import { clientLayer, plainExit, stub, verifyAuthorization } from "./stub.js"

const Thing = Endpoint.make({
  name: "Test.getThing",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "GET",
  path: "/v3/test/users/{openid}/things/{code}",
  request: Schema.Struct({ openid: Schema.String.check(Schema.isMinLength(1)), code: Schema.String }),
  response: Schema.Struct({ id: Schema.String, count: Schema.Number }),
  errors: [
    { status: 400, code: "PARAM_ERROR" },
    { status: 404, code: "RESOURCE_NOT_EXISTS" },
    { status: 429, code: "FREQUENCY_LIMITED" }
  ]
})

const Create = Endpoint.make({
  name: "Test.create",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "POST",
  path: "/v3/test/things",
  request: Schema.Struct({ out_request_no: Schema.String, amount: Schema.Int }),
  response: Schema.Struct({ id: Schema.String }),
  errors: [
    { status: 400, code: "PARAM_ERROR" },
    { status: 429, code: "FREQUENCY_LIMIT_EXCEED" }
  ],
  idempotency: { key: "out_request_no", scope: [], conflict: "PARAM_ERROR" }
})

const run = <A, E>(
  answers: Parameters<typeof stub>[0],
  program: Effect.Effect<A, E, WechatPayClient>,
  overrides: Parameters<typeof clientLayer>[1] = {}
) =>
  Effect.gen(function* () {
    const { client, seen } = yield* stub(answers)
    const exit = plainExit(yield* Effect.exit(Effect.provide(program, clientLayer(client, overrides))))
    return { exit, seen: yield* seen }
  })

const getThing = (input: { openid: string; code: string }) =>
  Effect.flatMap(WechatPayClient, (c) => c.execute(Thing, input))
const create = (input: { out_request_no: string; amount: number }) =>
  Effect.flatMap(WechatPayClient, (c) => c.execute(Create, input))

const ok = { status: 200, body: '{"id":"T1","count":2}' }

describe("executor over a stub transport", () => {
  it.live("signs the exact target: path parameters percent-encoded, case preserved; Accept and User-Agent set", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run([ok], getThing({ openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", code: "A/b c?d#é" }))
      expect(exit).toEqual(Exit.succeed({ id: "T1", count: 2 }))
      expect(seen[0]!.target).toBe("/v3/test/users/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o/things/A%2Fb%20c%3Fd%23%C3%A9")
      expect(seen[0]!.headers["accept"]).toBe("application/json")
      expect(seen[0]!.headers["user-agent"]).toMatch(/^effect-wechatpay\/0\.1\.0 /)
      expect(verifyAuthorization(seen[0]!)).toBe(true)
    })
  )

  it.live("POST: the JSON body is sent with Content-Type and signed byte for byte", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [{ status: 200, body: '{"id":"S1"}' }],
        create({ out_request_no: "满减-1", amount: 100 })
      )
      expect(exit).toEqual(Exit.succeed({ id: "S1" }))
      expect(seen[0]!.body).toBe('{"out_request_no":"满减-1","amount":100}')
      expect(seen[0]!.headers["content-type"]).toBe("application/json")
      expect(verifyAuthorization(seen[0]!)).toBe(true)
    })
  )

  it.live("a documented code becomes its tagged error with status, code, message, detail and request id", () =>
    Effect.gen(function* () {
      const body = JSON.stringify({
        code: "PARAM_ERROR",
        message: "参数错误",
        detail: { field: "/code", location: "path" }
      })
      const { exit } = yield* run([{ status: 400, body, sign: false }], getThing({ openid: "o", code: "c" }))
      expect(exit).toEqual(
        Exit.fail(
          expect.objectContaining({
            _tag: "ParamError",
            status: 400,
            code: "PARAM_ERROR",
            description: "参数错误",
            detail: { field: "/code", location: "path" },
            requestId: "req-0"
          })
        )
      )
    })
  )

  it.live("an undocumented code and a non-JSON body: UnknownApiError keeping status and the first 2 KB", () =>
    Effect.gen(function* () {
      const a = yield* run(
        [{ status: 400, body: '{"code":"NOT_ENOUGH","message":"余额不足"}' }],
        getThing({ openid: "o", code: "c" })
      )
      expect(a.exit).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "UnknownApiError", status: 400, code: "NOT_ENOUGH" }))
      )
      const html = `<html>${"x".repeat(5000)}</html>`
      const b = yield* run([{ status: 502, body: html, sign: false }], getThing({ openid: "o", code: "c" }), {
        retry: false
      })
      expect(b.exit).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "UnknownApiError", status: 502, body: html.slice(0, 2048) }))
      )
    })
  )

  it.live("an unsigned or tampered 2xx is never decoded: SignatureVerificationError", () =>
    Effect.gen(function* () {
      const a = yield* run([{ ...ok, sign: false }], getThing({ openid: "o", code: "c" }))
      expect(a.exit).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "SignatureVerificationError", reason: "MissingHeaders" }))
      )
      const b = yield* run(
        [{ ...ok, headers: { "wechatpay-serial": "PUB_KEY_ID_OTHER" } }],
        getThing({ openid: "o", code: "c" })
      )
      expect(b.exit).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "SignatureVerificationError", reason: "UnknownSerial" }))
      )
    })
  )

  it.live("a verified body that does not match the schema: DecodeError with the path", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        [{ status: 200, body: '{"id":"T1","count":"two"}' }],
        getThing({ openid: "o", code: "c" })
      )
      expect(exit).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "DecodeError", path: "/count", requestId: "req-0" }))
      )
    })
  )

  it.live("invalid input fails before anything is sent", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run([ok], create({ out_request_no: "x", amount: 1.5 }))
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "RequestValidationError" })))
      expect(Exit.isFailure(exit) && JSON.stringify(exit.cause)).toContain("/amount")
      expect(seen).toHaveLength(0)
    })
  )

  it.live("500 and 429 are retried, each attempt re-signed with a fresh nonce, the body unchanged", () =>
    Effect.gen(function* () {
      const answers = [
        { status: 500, body: '{"code":"SYSTEM_ERROR","message":"系统错误"}' },
        { status: 429, body: '{"code":"FREQUENCY_LIMIT_EXCEED","message":"频率超限"}' },
        { status: 200, body: '{"id":"S1"}' }
      ]
      const { exit, seen } = yield* run(answers, create({ out_request_no: "R-1", amount: 1 }))
      expect(exit).toEqual(Exit.succeed({ id: "S1" }))
      expect(seen).toHaveLength(3)
      expect(new Set(seen.map((s) => s.headers["authorization"])).size).toBe(3)
      expect(new Set(seen.map((s) => s.body))).toEqual(new Set(['{"out_request_no":"R-1","amount":1}']))
      for (const s of seen) expect(verifyAuthorization(s)).toBe(true)
    })
  )

  it.live("at most 3 attempts; a transport error is retried too", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [{ status: 0, body: "", transportError: true }],
        getThing({ openid: "o", code: "c" })
      )
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "TransportError", reason: "Transport" })))
      expect(seen).toHaveLength(3)
    })
  )

  it.live("a 4xx business error is never retried; retry: false turns retries off", () =>
    Effect.gen(function* () {
      const a = yield* run(
        [{ status: 400, body: '{"code":"PARAM_ERROR","message":"x"}' }, ok],
        getThing({ openid: "o", code: "c" })
      )
      expect(a.seen).toHaveLength(1)
      const b = yield* run(
        [{ status: 500, body: '{"code":"SYSTEM_ERROR","message":"x"}' }, ok],
        getThing({ openid: "o", code: "c" }),
        { retry: false }
      )
      expect(b.exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "SystemError", status: 500 })))
      expect(b.seen).toHaveLength(1)
    })
  )

  it.live("a response slower than the timeout: TransportError Timeout", () =>
    Effect.gen(function* () {
      const { exit } = yield* run([{ ...ok, delayMillis: 2_000 }], getThing({ openid: "o", code: "c" }), {
        timeout: "50 millis",
        retry: false
      })
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "TransportError", reason: "Timeout" })))
    })
  )
})
