import * as Util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Logger, LogLevel, Option, Redacted, Schema } from "effect"
import * as Endpoint from "../src/Endpoint.js"
import { WechatPayClient } from "../src/WechatPay.js"
import { recordingLogger, recordingTracer } from "./recording.js"
import { API_V3_KEY, clientLayer, merchant, stub } from "./stub.js"

const Thing = Endpoint.make({
  name: "Test.getThing",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "GET",
  path: "/v3/test/things/{id}",
  request: Schema.Struct({ id: Schema.String.pipe(Schema.minLength(1)) }),
  response: Schema.Struct({ id: Schema.String }),
  errors: [{ status: 400, code: "PARAM_ERROR" }]
})

const privateKeyLines = Redacted.value(merchant.privateKey)
  .split("\n")
  .filter((line) => line.length > 16 && !line.startsWith("-----"))
const secrets = [API_V3_KEY, ...privateKeyLines, ...privateKeyLines.map((l) => l.slice(10, 30))]

describe("secrets and signatures never leak into errors, logs or spans", () => {
  it.live("over successes, API errors, verification failures, validation failures and timeouts", () =>
    Effect.gen(function* () {
      const { dump, spans, tracer } = recordingTracer()
      const { lines, logger } = recordingLogger()
      const { client, seen } = yield* stub([
        { status: 200, body: '{"id":"T1"}' },
        { status: 400, body: '{"code":"PARAM_ERROR","message":"bad","detail":{"field":"/id","value":"x"}}' },
        { status: 200, body: '{"id":"T1"}', headers: { "wechatpay-signature": "AAAA" } },
        { status: 200, body: '{"id":"T1"}', delayMillis: 500 }
      ])
      const exits = yield* Effect.gen(function* () {
        const c = yield* WechatPayClient
        const results: Array<Exit.Exit<unknown, unknown>> = []
        for (const id of ["a", "b", "c", "", "d"]) {
          const exit = yield* Effect.exit(c.execute(Thing, { id }))
          if (Exit.isFailure(exit)) yield* Effect.logError("call failed", exit.cause)
          results.push(exit)
        }
        yield* Effect.logDebug("client", c)
        return results
      }).pipe(
        Effect.provide(clientLayer(client, { retry: false, timeout: "100 millis" })),
        Effect.withTracer(tracer),
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Logger.withMinimumLogLevel(LogLevel.All)
      )
      expect(
        exits.map((e) =>
          Exit.isSuccess(e)
            ? "ok"
            : Exit.isFailure(e)
              ? JSON.stringify(e.cause)
                  .match(/"_tag":"(\w+Error|\w+)"/g)
                  ?.at(-1)
              : ""
        )
      ).toHaveLength(5)

      const requestSignatures = (yield* seen).map(
        (s) => /signature="([^"]+)"/.exec(s.headers["authorization"] ?? "")![1]!
      )
      expect(requestSignatures.length).toBeGreaterThanOrEqual(4)
      const everything = [
        dump(),
        lines.join("\n"),
        ...exits.map((e) => `${Util.inspect(e, { depth: 20 })} ${JSON.stringify(e)}`)
      ].join("\n")
      for (const secret of [...secrets, ...requestSignatures.map((s) => s.slice(0, 40))]) {
        expect(everything).not.toContain(secret)
      }
      expect(everything).not.toMatch(/WECHATPAY2-SHA256-RSA2048 mchid=/)

      const operation = spans.filter((s) => s.name === "Test.getThing")
      expect(operation).toHaveLength(5)
      expect(operation[0]!.attributes.get("http.request.method")).toBe("GET")
      expect(operation[0]!.attributes.get("url.template")).toBe("/v3/test/things/{id}")
      expect(operation[0]!.attributes.get("http.response.status_code")).toBe(200)
      expect(operation[0]!.attributes.get("wechatpay.request_id")).toBe("req-0")
      expect(operation[1]!.attributes.get("wechatpay.code")).toBe("PARAM_ERROR")
      const http = Option.fromNullable(spans.find((s) => s.name.startsWith("http.client")))
      expect(Option.map(http, (s) => s.attributes.get("http.request.header.authorization"))).toEqual(
        Option.some("<redacted>")
      )
    })
  )
})
