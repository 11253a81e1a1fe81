import { describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor } from "@effect-wechatpay/api"
import { Effect, Exit } from "effect"
import * as Golden from "../../../schema/test/golden/wire.js"
import { Sandbox } from "../../src/index.js"
import { createRequest, nonceOf, plainExit, requestsTo, withSandbox } from "./harness.js"
import { callOf, inputs } from "./inputs.js"

const stockPath = `/v3/marketing/busifavor/stocks/${Sandbox.defaults.stockId}`
const createPath = "/v3/marketing/favor/coupon-stocks"

/**
 * The tag each documented code must be answered with, written out: PascalCase of the code's words, except `NOAUTH`
 * (the 商家券 tables' spelling), which is the same error as `NO_AUTH`, and `RULELIMIT`, whose run-together words are
 * two. Deliberately not `ApiError.ErrorTags`, the table the client itself uses.
 */
const tags: Readonly<Record<string, string>> = {
  APPID_MCHID_NOT_MATCH: "AppidMchidNotMatch",
  FREQUENCY_LIMITED: "FrequencyLimited",
  FREQUENCY_LIMIT_EXCEED: "FrequencyLimitExceed",
  INVALID_REQUEST: "InvalidRequest",
  MCH_NOT_EXISTS: "MchNotExists",
  NOAUTH: "NoAuth",
  NOT_ENOUGH: "NotEnough",
  NO_AUTH: "NoAuth",
  PARAM_ERROR: "ParamError",
  REQUEST_BLOCKED: "RequestBlocked",
  RESOURCE_ALREADY_EXISTS: "ResourceAlreadyExists",
  RESOURCE_NOT_EXISTS: "ResourceNotExists",
  RULELIMIT: "RuleLimit",
  SIGN_ERROR: "SignError",
  SYSTEM_ERROR: "SystemError",
  USER_ACCOUNT_ABNORMAL: "UserAccountAbnormal",
  USER_NOT_EXISTS: "UserNotExists"
}

/** A template's path as a pattern: each `{name}` one percent-encoded segment. */
const patternOf = (path: string): RegExp => new RegExp(`^${path.replace(/\{\w+\}/g, "[^/?#]+")}$`)

/** Each documented `[status, code]` of a row once, with the protocol codes every endpoint answers. */
const documented = (row: Golden.WireRow): ReadonlyArray<Golden.ErrorPair> => {
  const seen = new Map<string, Golden.ErrorPair>()
  for (const pair of [...row.errors.pairs, ...Golden.PROTOCOL]) seen.set(pair.join(" "), pair)
  return [...seen.values()]
}

describe("loopback: every code the official page documents for an endpoint yields its tag", () => {
  it("knows a tag for every documented code", () => {
    const codes = new Set(Golden.rows.flatMap((row) => documented(row).map(([, code]) => code)))
    expect([...codes].filter((code) => tags[code] === undefined)).toStrictEqual([])
    expect(codes.size).toBe(Object.keys(tags).length)
  })

  it.live.each(Golden.rows.map((row) => [row.name, row] as const))("%s", ([name, row]) =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const pairs = documented(row)
        expect(pairs.length).toBeGreaterThanOrEqual(4)
        for (const [status, code] of pairs) {
          yield* sandbox.inject({
            match: { method: row.method, path: patternOf(row.path) },
            kind: { _tag: "Error", status, code, message: `${code} 注入`, detail: { issue: "injected" } }
          })
          const exit = yield* Effect.exit(callOf(name)(inputs[name]!))
          expect(plainExit(exit), `${name}: ${status} ${code}`).toEqual(
            Exit.fail(
              expect.objectContaining({
                _tag: tags[code],
                status,
                code,
                message: `${code} 注入`,
                detail: expect.objectContaining({ issue: "injected" }),
                requestId: expect.stringMatching(/.+/)
              })
            )
          )
        }
      })
    )
  )
})

describe("loopback: what is not documented", () => {
  it.live("an undocumented code is UnknownApiError; so is a code documented only for another endpoint", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.inject({ kind: { _tag: "Error", status: 400, code: "BRAND_NEW_CODE", message: "新错误" } })
        const a = yield* Effect.flip(Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }))
        expect(a).toMatchObject({ _tag: "UnknownApiError", status: 400, code: "BRAND_NEW_CODE", message: "新错误" })
        yield* sandbox.inject({ kind: { _tag: "Error", status: 400, code: "NOT_ENOUGH", message: "余额不足" } })
        const b = yield* Effect.flip(Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }))
        expect(b).toMatchObject({ _tag: "UnknownApiError", code: "NOT_ENOUGH" })
      })
    )
  )

  it.live("a non-JSON error body is UnknownApiError keeping the status and the first 2 KB", () =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const body = `<html><body>502 Bad Gateway ${"-".repeat(3000)}</body></html>`
        yield* sandbox.inject({ kind: { _tag: "RawError", status: 502, body, contentType: "text/html" } })
        const error = yield* Effect.flip(Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }))
        expect(error).toMatchObject({ _tag: "UnknownApiError", status: 502, body: body.slice(0, 2048) })
      })
    )
  )
})

describe("loopback: responses that do not verify are never decoded", () => {
  const cases = [
    [{ _tag: "TamperBody" }, "BadSignature"],
    [{ _tag: "StaleTimestamp", seconds: 301 }, "ClockSkew"],
    [{ _tag: "UnknownSerial" }, "UnknownSerial"],
    [{ _tag: "SignTest" }, "BadSignature"],
    [{ _tag: "DropHeaders" }, "MissingHeaders"]
  ] as const
  for (const [kind, reason] of cases) {
    it.live(`${kind._tag} → SignatureVerificationError ${reason}`, () =>
      withSandbox({ client: { retry: false } })(
        Effect.gen(function* () {
          const sandbox = yield* Sandbox.SandboxGateway
          yield* sandbox.inject({ kind })
          const exit = yield* Effect.exit(Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }))
          expect(plainExit(exit)).toEqual(
            Exit.fail(expect.objectContaining({ _tag: "SignatureVerificationError", reason }))
          )
          const after = yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
          expect(after.stock_id).toBe(Sandbox.defaults.stockId)
        })
      )
    )
  }
})

describe("loopback: retries", () => {
  it.live("500 then 429 then success: retried with distinct nonces and the same out_request_no", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.inject({
          match: { path: createPath },
          kind: { _tag: "Error", status: 500, code: "SYSTEM_ERROR", message: "系统错误" }
        })
        yield* sandbox.inject({
          match: { path: createPath },
          kind: { _tag: "Error", status: 429, code: "FREQUENCY_LIMIT_EXCEED", message: "频率超限" }
        })
        const created = yield* Favor.createCouponStock(createRequest("EWP-RETRY-1"))
        expect(created.stock_id).toMatch(/^\d+$/)
        const seen = yield* requestsTo(createPath)
        expect(seen.map((r) => r.status)).toEqual([500, 429, 200])
        expect(new Set(seen.map(nonceOf)).size).toBe(3)
        expect(new Set(seen.map((r) => JSON.parse(r.body).out_request_no))).toEqual(new Set(["EWP-RETRY-1"]))
      })
    )
  )

  it.live("FREQUENCY_LIMITED (429) on a busifavor query is retried", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.inject({
          times: 2,
          kind: { _tag: "Error", status: 429, code: "FREQUENCY_LIMITED", message: "频率限制" }
        })
        const stock = yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
        expect(stock.stock_id).toBe(Sandbox.defaults.stockId)
        expect((yield* requestsTo(stockPath)).map((r) => r.status)).toEqual([429, 429, 200])
      })
    )
  )

  it.live(
    "a 429 of a write without a request number: sent again only where a second send sets the same (per descriptor)",
    () =>
      withSandbox()(
        Effect.gen(function* () {
          const sandbox = yield* Sandbox.SandboxGateway
          const limited = { _tag: "Error", status: 429, code: "FREQUENCY_LIMIT_EXCEED", message: "频率超限" } as const
          const startPath = "/v3/marketing/favor/stocks/9856000/start"
          yield* sandbox.inject({ match: { path: startPath }, kind: limited })
          const error = yield* Effect.flip(
            Favor.startStock({ stock_id: "9856000", stock_creator_mchid: Sandbox.defaults.mchid })
          )
          expect(error).toMatchObject({ _tag: "FrequencyLimitExceed", status: 429 })
          expect((yield* requestsTo(startPath)).map((r) => r.status)).toEqual([429])

          const callbacksPath = "/v3/marketing/favor/callbacks"
          yield* sandbox.inject({ match: { path: callbacksPath }, kind: limited })
          const set = yield* Favor.setCallback({ mchid: Sandbox.defaults.mchid, notify_url: "https://a.example.com/n" })
          expect(set.notify_url).toBe("https://a.example.com/n")
          expect((yield* requestsTo(callbacksPath)).map((r) => r.status)).toEqual([429, 200])
        })
      )
  )

  it.live("at most 3 attempts, then the last error", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.inject({ times: 5, kind: { _tag: "Error", status: 500, code: "SYSTEM_ERROR", message: "x" } })
        const error = yield* Effect.flip(Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }))
        expect(error).toMatchObject({ _tag: "SystemError", status: 500 })
        expect(yield* requestsTo(stockPath)).toHaveLength(3)
      })
    )
  )

  it.live("PARAM_ERROR is never retried", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.inject({ kind: { _tag: "Error", status: 400, code: "PARAM_ERROR", message: "参数错误" } })
        const error = yield* Effect.flip(Favor.createCouponStock(createRequest("EWP-NORETRY")))
        expect(error._tag).toBe("ParamError")
        expect(yield* requestsTo(createPath)).toHaveLength(1)
      })
    )
  )

  it.live("the sandbox's own PARAM_ERROR carries detail.field", () =>
    withSandbox()(
      Effect.gen(function* () {
        const error = yield* Effect.flip(
          Favor.createCouponStock({ ...createRequest("EWP-FIELD"), belong_merchant: "1234567890" })
        )
        expect(error).toMatchObject({ _tag: "ParamError", status: 400, detail: { field: "/belong_merchant" } })
      })
    )
  )

  it.live("a slow response: TransportError Timeout, then retried", () =>
    withSandbox({ client: { timeout: "100 millis" } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.inject({ kind: { _tag: "Latency", millis: 400 } })
        const stock = yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
        expect(stock.stock_id).toBe(Sandbox.defaults.stockId)
        yield* sandbox.inject({ times: 3, kind: { _tag: "Latency", millis: 400 } })
        const error = yield* Effect.flip(Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "Timeout" })
      })
    )
  )

  it.live("invalid input is rejected before anything is sent", () =>
    withSandbox()(
      Effect.gen(function* () {
        const error = yield* Effect.flip(
          Favor.createCouponStock({ ...createRequest("EWP-INVALID"), stock_name: "名".repeat(30) })
        )
        expect(error._tag).toBe("RequestValidationError")
        expect(error._tag === "RequestValidationError" && error.issues.map((i) => i.path)).toContain("/stock_name")
        expect(yield* requestsTo(createPath)).toHaveLength(0)
      })
    )
  )
})
