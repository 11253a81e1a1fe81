import { beforeAll, describe, expect, expectTypeOf, it } from "@effect/vitest"
import { Busifavor, Endpoint, Endpoints } from "@effect-wechatpay/schema"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { Sandbox } from "../src/index.js"
import * as Behaviour from "../src/internal/behaviour.js"
import { all, registry } from "../src/internal/behaviours.js"
import * as Gateway from "../src/internal/gateway.js"
import * as Server from "../src/internal/server.js"
import * as T from "./support.js"

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

describe("behaviour registry", () => {
  it.each(Endpoints.all.map((endpoint) => [endpoint.name, endpoint] as const))("%s has a behaviour", (_, endpoint) => {
    expect(registry.get(endpoint.name)?.endpoint).toBe(endpoint)
  })

  it("declares each behaviour once, for a descriptor of Endpoints.all", () => {
    expect(registry.size).toBe(all.length)
    for (const behaviour of all) expect(Endpoints.all).toContain(behaviour.endpoint)
  })

  it("types a handler by its descriptor: decoded request in, the response's wire type out", () => {
    Behaviour.behaviour(Busifavor.QueryStock, (request) => {
      expectTypeOf(request).toEqualTypeOf<Busifavor.QueryStockRequest>()
      return Effect.succeed(Behaviour.notExists("x"))
    })
    // @ts-expect-error: a 商家券 stock must have every required wire field.
    Behaviour.behaviour(Busifavor.QueryStock, () => Effect.succeed(Behaviour.ok({ stock_id: "1" })))
    // @ts-expect-error: a JSON endpoint cannot answer 204.
    Behaviour.behaviour(Busifavor.QueryStock, () => Effect.succeed(Behaviour.noContent))
  })
})

const ThingId = Schema.String.check(Schema.isMaxLength(5))

const ListThings = Endpoint.make({
  name: "Test.listThings",
  title: "列出",
  summary: "A GET with path and query fields.",
  docs: "https://example.invalid/list",
  method: "GET",
  path: "/v3/test/things/{thing_id}",
  request: Schema.Struct({
    thing_id: ThingId,
    limit: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10 })),
    offset: Schema.optionalKey(Schema.Int),
    name: Schema.optionalKey(Schema.String)
  }),
  response: Schema.Struct({ echo: Schema.Unknown }),
  query: ["limit", "offset", "name"],
  errors: []
})

const DeleteThing = Endpoint.make({
  name: "Test.deleteThing",
  title: "删除",
  summary: "A 204 endpoint.",
  docs: "https://example.invalid/delete",
  method: "DELETE",
  path: "/v3/test/things/{thing_id}",
  request: Schema.Struct({ thing_id: ThingId }),
  errors: []
})

const Todo = Endpoint.make({
  name: "Test.todo",
  title: "未实现",
  summary: "A descriptor without behaviour.",
  docs: "https://example.invalid/todo",
  method: "POST",
  path: "/v3/test/todo",
  request: Schema.Struct({ n: Schema.Int }),
  response: Schema.Struct({}),
  errors: []
})

const SpecialThing = Endpoint.make({
  name: "Test.specialThing",
  title: "特别",
  summary: "A literal segment where another route has a placeholder, declared after it.",
  docs: "https://example.invalid/special",
  method: "DELETE",
  path: "/v3/test/things/special",
  request: Schema.Struct({}),
  response: Schema.Struct({ special: Schema.Boolean }),
  errors: []
})

const routes = Gateway.routesOf(
  [...Endpoints.all, ListThings, DeleteThing, Todo, SpecialThing],
  new Map([
    ...registry,
    [ListThings.name, Behaviour.behaviour(ListThings, (request) => Effect.succeed(Behaviour.ok({ echo: request })))],
    [DeleteThing.name, Behaviour.behaviour(DeleteThing, () => Effect.succeed(Behaviour.noContent))],
    [SpecialThing.name, Behaviour.behaviour(SpecialThing, () => Effect.succeed(Behaviour.ok({ special: true })))]
  ])
)

const expectParamError = (reply: T.Reply, field: string, location: string) => {
  expect(reply.status).toBe(400)
  expect(T.apiError(reply)).toMatchObject({ code: "PARAM_ERROR", detail: { field, location } })
  expect(typeof T.apiError(reply).detail?.["issue"]).toBe("string")
}

describe("requests decoded with the descriptor's request schema", () => {
  it.live("merges path, query and body; coerces query numbers; names the failing field and location", () =>
    Effect.gen(function* () {
      const sandbox = yield* Server.make({ material }, routes)
      const ok = yield* T.call(sandbox, { target: "/v3/test/things/a%2Fb?limit=10&name=007&other=ignored" })
      expect(ok.status).toBe(200)
      expect(ok.json).toEqual({ echo: { thing_id: "a/b", limit: 10, name: "007" } })
      expectParamError(yield* T.call(sandbox, { target: "/v3/test/things/a?limit=abc" }), "/limit", "query")
      expectParamError(yield* T.call(sandbox, { target: "/v3/test/things/a?limit=11" }), "/limit", "query")
      expectParamError(yield* T.call(sandbox, { target: "/v3/test/things/a" }), "/limit", "query")
      expectParamError(yield* T.call(sandbox, { target: "/v3/test/things/toolong?limit=1" }), "/thing_id", "path")
    })
  )

  it.live("answers 204 signed over the empty body", () =>
    Effect.gen(function* () {
      const sandbox = yield* Server.make({ material, signingMode: "publicKey" }, routes)
      const reply = yield* T.call(sandbox, { method: "DELETE", target: "/v3/test/things/a" })
      expect(reply.status).toBe(204)
      expect(reply.bytes).toHaveLength(0)
      expect(reply.headers.get("wechatpay-serial")).toBe(sandbox.credentials.wechatpayPublicKey.id)
      expect(T.verifies(reply, sandbox.credentials.wechatpayPublicKey.key)).toBe(true)
    })
  )

  it.live("a literal segment wins over a placeholder, whatever the declaration order", () =>
    Effect.gen(function* () {
      const sandbox = yield* Server.make({ material }, routes)
      const special = yield* T.call(sandbox, { method: "DELETE", target: "/v3/test/things/special" })
      expect(special.json).toEqual({ special: true })
      const other = yield* T.call(sandbox, { method: "DELETE", target: "/v3/test/things/other" })
      expect(other.status).toBe(204)
    })
  )

  it.live("a descriptor without behaviour: checks the request, then answers 501 NOT_IMPLEMENTED", () =>
    Effect.gen(function* () {
      const sandbox = yield* Server.make({ material }, routes)
      const invalid = yield* T.call(sandbox, { method: "POST", target: "/v3/test/todo", body: '{"n":"1"}' })
      expectParamError(invalid, "/n", "body")
      const reply = yield* T.call(sandbox, { method: "POST", target: "/v3/test/todo", body: '{"n":1}' })
      expect(reply.status).toBe(501)
      expect(T.apiError(reply)).toMatchObject({ code: "NOT_IMPLEMENTED", detail: { endpoint: "Test.todo" } })
      expect(T.verifies(reply, T.currentPlatformCertificate(sandbox))).toBe(true)
    })
  )

  it.live("商家券 path parameters are checked by the schema, percent-encoding first", () =>
    Effect.gen(function* () {
      const sandbox = yield* Sandbox.make({ material })
      const tooLong = yield* T.call(sandbox, { target: `/v3/marketing/busifavor/stocks/${"1".repeat(21)}` })
      expectParamError(tooLong, "/stock_id", "path")
      expect(T.apiError(tooLong).message).toContain("/path/stock_id")
      const badEncoding = yield* T.call(sandbox, { target: "/v3/marketing/busifavor/stocks/12%E0%A4%A" })
      expectParamError(badEncoding, "/stock_id", "path")
      const notObject = yield* T.call(sandbox, {
        method: "POST",
        target: "/v3/marketing/favor/coupon-stocks",
        body: "[1]"
      })
      expectParamError(notObject, "/", "body")
    })
  )
})
