import { beforeAll, describe, expect, it } from "@effect/vitest"
import { Endpoint, Endpoints } from "@effect-wechatpay/schema"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { Sandbox } from "../src/index.js"
import * as Behaviour from "../src/internal/behaviour.js"
import { all, registry } from "../src/internal/behaviours.js"
import * as Gateway from "../src/internal/gateway.js"
import * as Idempotency from "../src/internal/idempotency.js"
import * as Server from "../src/internal/server.js"
import * as T from "./support.js"

let material: Sandbox.Material

beforeAll(async () => {
  material = await Effect.runPromise(Sandbox.generateMaterial())
})

describe("behaviour registry", () => {
  it.each(Endpoints.all.map((e) => [e.name, e] as const))("%s has a behaviour", (_, endpoint) => {
    expect(registry.get(endpoint.name)?.endpoint).toBe(endpoint)
  })

  it("every 商品券 operation has a behaviour on both APIs (none answers 501)", () => {
    const family = Endpoints.all.filter((e) => e.family === "ProductCoupon" || e.family === "PartnerProductCoupon")
    expect(family).toHaveLength(64)
    expect(family.filter((endpoint) => !registry.has(endpoint.name)).map((e) => e.name)).toStrictEqual([])
  })

  it("declares each behaviour once, for a descriptor of Endpoints.all", () => {
    expect(registry.size).toBe(all.length)
    for (const behaviour of all) expect(Endpoints.all).toContain(behaviour.endpoint)
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

  it.live("a 商品券 endpoint (partner API) is routed and checked before its behaviour runs", () =>
    Effect.gen(function* () {
      const sandbox = yield* Server.make({ material }, routes)
      const invalid = yield* T.call(sandbox, { target: "/v3/marketing/partner/product-coupon/product-coupons/1000" })
      expectParamError(invalid, "/brand_id", "query")
      const reply = yield* T.call(sandbox, {
        target: "/v3/marketing/partner/product-coupon/product-coupons/1000?brand_id=120344"
      })
      expect(reply.status).toBe(404)
      expect(T.apiError(reply)).toMatchObject({ code: "NOT_FOUND", message: "未找到 product_coupon_id 对应的商品券" })
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

const PutThing = Endpoint.make({
  name: "Test.putThing",
  title: "放置",
  summary: "An idempotent write: out_request_no is unique per thing_id.",
  docs: "https://example.invalid/put",
  method: "POST",
  path: "/v3/test/things/{thing_id}/puts",
  request: Schema.Struct({
    thing_id: ThingId,
    out_request_no: Schema.String,
    n: Schema.Int,
    fail: Schema.optionalKey(Schema.Boolean)
  }),
  response: Schema.Struct({ thing_id: Schema.String, n: Schema.Int, run: Schema.Int }),
  errors: [
    { status: 400, code: "INVALID_REQUEST", description: "参数错误" },
    {
      status: 400,
      code: "RESOURCE_ALREADY_EXISTS",
      description: "东西已存在",
      solution: "查看 out_request_no 是否重复使用"
    }
  ],
  idempotency: { key: "out_request_no", scope: ["thing_id"], conflict: "RESOURCE_ALREADY_EXISTS" }
})

/** A gateway with `PutThing`, whose handler counts its runs, answers after 20 ms and fails when asked to. */
const putThings = () => {
  let runs = 0
  const put = Behaviour.behaviour(PutThing, (request) =>
    Effect.delay(
      Effect.sync(() => {
        runs++
        return request.fail === true
          ? Behaviour.apiError(400, "INVALID_REQUEST", "参数错误")
          : Behaviour.ok({ thing_id: request.thing_id, n: request.n, run: runs })
      }),
      "20 millis"
    )
  )
  return {
    routes: Gateway.routesOf([...Endpoints.all, PutThing], new Map([...registry, [PutThing.name, put]])),
    runs: () => runs
  }
}

const put = (sandbox: Sandbox.Sandbox, thingId: string, body: Record<string, unknown>) =>
  T.call(sandbox, { method: "POST", target: `/v3/test/things/${thingId}/puts`, body: JSON.stringify(body) })

describe("idempotent writes, driven by the descriptor's idempotency", () => {
  it.live("the same number with the same request answers the first answer again and changes nothing", () =>
    Effect.gen(function* () {
      const { routes, runs } = putThings()
      const sandbox = yield* Server.make({ material }, routes)
      const first = yield* put(sandbox, "a", { out_request_no: "R1", n: 1 })
      expect(first.status).toBe(200)
      expect(first.json).toEqual({ thing_id: "a", n: 1, run: 1 })
      // The same request with its keys in another order is the same request.
      const again = yield* put(sandbox, "a", { n: 1, out_request_no: "R1" })
      expect(again.status).toBe(200)
      expect(again.json).toEqual(first.json)
      expect(runs()).toBe(1)
    })
  )

  it.live("another request under the same number answers the descriptor's conflict code", () =>
    Effect.gen(function* () {
      const { routes, runs } = putThings()
      const sandbox = yield* Server.make({ material }, routes)
      yield* put(sandbox, "a", { out_request_no: "R1", n: 1 })
      const conflict = yield* put(sandbox, "a", { out_request_no: "R1", n: 2 })
      expect(conflict.status).toBe(400)
      expect(T.apiError(conflict)).toMatchObject({
        code: "RESOURCE_ALREADY_EXISTS",
        message: "东西已存在",
        detail: { field: "/out_request_no", location: "body" }
      })
      expect(T.verifies(conflict, T.currentPlatformCertificate(sandbox))).toBe(true)
      expect(runs()).toBe(1)
      // The first answer is still the one a retry gets.
      expect((yield* put(sandbox, "a", { out_request_no: "R1", n: 1 })).json).toEqual({ thing_id: "a", n: 1, run: 1 })
    })
  )

  it.live("a number is unique within the scope fields' values: another thing_id runs again", () =>
    Effect.gen(function* () {
      const { routes, runs } = putThings()
      const sandbox = yield* Server.make({ material }, routes)
      yield* put(sandbox, "a", { out_request_no: "R1", n: 1 })
      const other = yield* put(sandbox, "b", { out_request_no: "R1", n: 2 })
      expect(other.json).toEqual({ thing_id: "b", n: 2, run: 2 })
      expect(runs()).toBe(2)
    })
  )

  it("a number is unique per calling merchant", () => {
    const rule: Idempotency.Rule = {
      endpoint: PutThing.name,
      key: "out_request_no",
      scope: ["thing_id"],
      conflict: Behaviour.apiError(400, "RESOURCE_ALREADY_EXISTS", "东西已存在")
    }
    const request = { thing_id: "a", out_request_no: "R1", n: 1 }
    expect(Idempotency.keyOf(rule, "1900009191", request)).toBe(Idempotency.keyOf(rule, "1900009191", { ...request }))
    expect(Idempotency.keyOf(rule, "1900009191", request)).not.toBe(Idempotency.keyOf(rule, "1230000109", request))
    expect(Idempotency.keyOf(rule, "1900009191", request)).not.toBe(
      Idempotency.keyOf(rule, "1900009191", { ...request, thing_id: "b" })
    )
  })

  it.live("an error answer is not remembered: the same number runs again", () =>
    Effect.gen(function* () {
      const { routes, runs } = putThings()
      const sandbox = yield* Server.make({ material }, routes)
      const failed = yield* put(sandbox, "a", { out_request_no: "R1", n: 1, fail: true })
      expect(failed.status).toBe(400)
      expect(T.apiError(failed).code).toBe("INVALID_REQUEST")
      const retried = yield* put(sandbox, "a", { out_request_no: "R1", n: 1 })
      expect(retried.json).toEqual({ thing_id: "a", n: 1, run: 2 })
      expect(runs()).toBe(2)
    })
  )

  it.live("concurrent requests with one number write once and get one answer", () =>
    Effect.gen(function* () {
      const { routes, runs } = putThings()
      const sandbox = yield* Server.make({ material }, routes)
      const replies = yield* Effect.all(
        Array.from({ length: 5 }, () => put(sandbox, "a", { out_request_no: "R1", n: 1 })),
        { concurrency: "unbounded" }
      )
      expect(replies.map((reply) => reply.json)).toEqual(Array(5).fill({ thing_id: "a", n: 1, run: 1 }))
      expect(runs()).toBe(1)
    })
  )

  it.live("reset forgets the remembered answers", () =>
    Effect.gen(function* () {
      const { routes, runs } = putThings()
      const sandbox = yield* Server.make({ material }, routes)
      yield* put(sandbox, "a", { out_request_no: "R1", n: 1 })
      yield* sandbox.reset()
      const after = yield* put(sandbox, "a", { out_request_no: "R1", n: 2 })
      expect(after.json).toEqual({ thing_id: "a", n: 2, run: 2 })
      expect(runs()).toBe(2)
    })
  )
})
