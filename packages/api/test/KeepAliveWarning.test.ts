import { FetchHttpClient, HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel, Schedule } from "effect"
import { KEEP_ALIVE_OFF_WARNING } from "../src/internal/client.js"
import * as NodeTransport from "../src/NodeTransport.js"
import * as WechatPay from "../src/WechatPay.js"
import { recordingLogger } from "./recording.js"
import { options } from "./stub.js"

/** The warnings logged while the client is built over `transport`. */
const warningsOver = (transport: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function* () {
    const { lines, logger } = recordingLogger()
    yield* Layer.build(WechatPay.layer(options).pipe(Layer.provide(transport))).pipe(
      Effect.scoped,
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.All)
    )
    return lines.filter((line) => line.includes("keep-alive off"))
  })

describe("a keep-alive-off NodeHttpClient.layer is named once, when the client is built", () => {
  it.effect("NodeHttpClient.layer: one warning that names the fix", () =>
    Effect.gen(function* () {
      const warnings = yield* warningsOver(NodeHttpClient.layer)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain(KEEP_ALIVE_OFF_WARNING)
      expect(KEEP_ALIVE_OFF_WARNING).toContain("NodeTransport.layer()")
    })
  )

  it.effect("the same client wrapped in a retrying middleware: still one warning, at once, nothing sent", () =>
    Effect.gen(function* () {
      const wrapped = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(HttpClient.HttpClient, HttpClient.retry(Schedule.spaced("1 hour")))
      ).pipe(Layer.provide(NodeHttpClient.layer))
      expect(yield* warningsOver(wrapped)).toHaveLength(1)
    })
  )

  it.effect("keep-alive transports: no warning", () =>
    Effect.gen(function* () {
      const keepAlive = NodeHttpClient.layerWithoutAgent.pipe(
        Layer.provide(NodeHttpClient.makeAgentLayer({ keepAlive: true }))
      )
      for (const transport of [keepAlive, NodeTransport.layer(), NodeHttpClient.layerUndici, FetchHttpClient.layer]) {
        expect(yield* warningsOver(transport)).toEqual([])
      }
    })
  )
})
