import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Campaign, Embedded, Users } from "@effect-wechatpay/campaign"
import { Sandbox, SandboxClient } from "@effect-wechatpay/sandbox"
import { Effect, Layer, Tracer } from "effect"
import * as T from "./support.js"

describe("Campaign spans", () => {
  it.live(
    "one campaign.send span per send, with the campaign id, the line and the request number, and no openid",
    () => {
      const spans: Array<{ readonly name: string; readonly attributes: Map<string, unknown> }> = []
      const tracer = Tracer.make({
        span(options) {
          const attributes = new Map<string, unknown>()
          spans.push({ name: options.name, attributes })
          return {
            _tag: "Span",
            name: options.name,
            spanId: String(spans.length),
            traceId: "trace",
            parent: options.parent,
            annotations: options.annotations,
            status: { _tag: "Started", startTime: options.startTime },
            attributes,
            links: options.links,
            sampled: options.sampled,
            kind: options.kind,
            end() {},
            attribute(key, value) {
              attributes.set(key, value)
            },
            event() {},
            addLinks() {}
          }
        }
      })
      return Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* T.seedStock(sandbox, "9900020", 100)
        yield* Campaign.run({
          id: "traced",
          target: Campaign.busifavor({ stockId: "9900020", appid: Sandbox.defaults.appid }),
          users: Users.fromIterable(T.users(20))
        })
        const sends = spans.filter((span) => span.name === "campaign.send")
        expect(sends).toHaveLength(20)
        expect(sends.map((span) => span.attributes.get("campaign.line")).sort((a, b) => Number(a) - Number(b))).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1)
        )
        const first = sends.find((span) => span.attributes.get("campaign.line") === 1)!
        expect(first.attributes.get("campaign.id")).toBe("traced")
        expect(first.attributes.get("wechatpay.out_request_no")).toBe(Campaign.requestNumber("traced", "o-user-0"))
        expect(JSON.stringify([...first.attributes.values()])).not.toContain("o-user-0")
      }).pipe(
        Effect.provide(
          Embedded.layer({ filename: Path.join(T.tempDir(), "c.db") }).pipe(
            Layer.provideMerge(SandboxClient.layer()),
            Layer.provide(Layer.succeed(Tracer.Tracer, tracer))
          )
        ),
        Effect.withTracer(tracer)
      )
    },
    60_000
  )
})
