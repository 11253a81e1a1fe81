import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Schedule } from "effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import { KEEP_ALIVE_OFF_WARNING } from "../src/internal/client.js"
import * as NodeTransport from "../src/NodeTransport.js"
import * as WechatPay from "../src/WechatPay.js"
import { recordingLogger, withLogger } from "./recording.js"
import { options } from "./stub.js"

/** The warnings logged while the client is built over `transport`. */
const warningsOver = (transport: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function* () {
    const { lines, logger } = recordingLogger()
    yield* Layer.build(WechatPay.layer(options).pipe(Layer.provide(transport))).pipe(Effect.scoped, withLogger(logger))
    return lines.filter((line) => line.includes("keep-alive off"))
  })

describe("a keep-alive-off NodeHttpClient.layerNodeHttp is named once, when the client is built", () => {
  it.effect("NodeHttpClient.layerNodeHttp: one warning, at Warn, that names the fix", () =>
    Effect.gen(function* () {
      const warnings = yield* warningsOver(NodeHttpClient.layerNodeHttp)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/^Warn /)
      expect(warnings[0]).toContain(KEEP_ALIVE_OFF_WARNING)
      expect(KEEP_ALIVE_OFF_WARNING).toContain("NodeTransport.layer()")
      expect(KEEP_ALIVE_OFF_WARNING).toContain("NodeHttpClient.layerNodeHttpOptions({ keepAlive: true })")
    })
  )

  it.effect("layerNodeHttpOptions without keepAlive (a new http.Agent, keep-alive off): the warning too", () =>
    Effect.gen(function* () {
      expect(yield* warningsOver(NodeHttpClient.layerNodeHttpOptions({ timeout: 5_000 }))).toHaveLength(1)
    })
  )

  it.effect("the same client wrapped in a retrying middleware: still one warning, at once, nothing sent", () =>
    Effect.gen(function* () {
      const wrapped = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(HttpClient.HttpClient, HttpClient.retry(Schedule.spaced("1 hour")))
      ).pipe(Layer.provide(NodeHttpClient.layerNodeHttp))
      // Under the TestClock a retry would wait for an hour that never passes: the build would hang, not succeed.
      expect(yield* warningsOver(wrapped)).toHaveLength(1)
    })
  )

  it.effect("keep-alive transports: no warning", () =>
    Effect.gen(function* () {
      for (const transport of [
        NodeHttpClient.layerNodeHttpOptions({ keepAlive: true }),
        NodeTransport.layer(),
        NodeHttpClient.layerUndici,
        FetchHttpClient.layer
      ]) {
        expect(yield* warningsOver(transport)).toEqual([])
      }
    })
  )
})
