import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import { Cause, Effect, Exit, Schema, Stream } from "effect"
import * as Endpoint from "../src/Endpoint.js"
import * as Favor from "../src/Favor.js"
import * as Pagination from "../src/Pagination.js"
import { WechatPayClient } from "../src/WechatPay.js"
import * as WechatPayError from "../src/WechatPayError.js"
import { clientLayer, plainExit, stub } from "./stub.js"

const listOf = (style: "offset" | "page") =>
  Endpoint.make({
    name: "Test.list",
    title: "测试",
    docs: "https://example.test/docs",
    summary: "test list.",
    method: "GET",
    path: "/v3/test/things",
    request: Schema.Struct({ owner: Schema.String, offset: Schema.Int, limit: Schema.Int }),
    response: Schema.Struct({
      data: Schema.optional(Schema.Array(Schema.String)),
      total_count: Schema.Union([Schema.Int, Schema.String])
    }),
    query: ["owner", "offset", "limit"],
    pagination: { style, offset: "offset", limit: "limit", maxLimit: 2, items: "data", total: "total_count" },
    errors: [{ status: 400, code: "PARAM_ERROR" }]
  })

const page = (data: ReadonlyArray<string>, total: number | string) => ({
  status: 200,
  body: JSON.stringify({ data, total_count: total })
})

const collect = (style: "offset" | "page", answers: Parameters<typeof stub>[0], limit?: number) =>
  Effect.gen(function* () {
    const { client, seen } = yield* stub(answers)
    const stream = Pagination.stream<ReturnType<typeof listOf>, string>(listOf(style))(
      limit === undefined ? { owner: "o" } : { owner: "o", limit }
    )
    const exit = yield* Effect.exit(Effect.provide(Stream.runCollect(stream), clientLayer(client, { retry: false })))
    return { exit: plainExit(exit), targets: (yield* seen).map((s) => s.target) }
  })

describe("Pagination.stream", () => {
  it.live("offset style: row offsets, stops at total_count", () =>
    Effect.gen(function* () {
      const { exit, targets } = yield* collect("offset", [page(["a", "b"], 5), page(["c", "d"], 5), page(["e"], 5)])
      expect(exit).toEqual(Exit.succeed(["a", "b", "c", "d", "e"]))
      expect(targets).toEqual([
        "/v3/test/things?owner=o&offset=0&limit=2",
        "/v3/test/things?owner=o&offset=2&limit=2",
        "/v3/test/things?owner=o&offset=4&limit=2"
      ])
    })
  )

  it.live("page style: page indexes; the boundary page that reaches total_count is the last", () =>
    Effect.gen(function* () {
      const { exit, targets } = yield* collect("page", [page(["a", "b"], 4), page(["c", "d"], 4)])
      expect(exit).toEqual(Exit.succeed(["a", "b", "c", "d"]))
      expect(targets).toEqual(["/v3/test/things?owner=o&offset=0&limit=2", "/v3/test/things?owner=o&offset=1&limit=2"])
    })
  )

  it.live("an empty first page ends the stream; a requested limit above the maximum is capped", () =>
    Effect.gen(function* () {
      const { exit, targets } = yield* collect("offset", [{ status: 200, body: '{"total_count":0}' }], 50)
      expect(exit).toEqual(Exit.succeed([]))
      expect(targets).toEqual(["/v3/test/things?owner=o&offset=0&limit=2"])
    })
  )

  it.live("a failing page fails the stream with the endpoint's typed error", () =>
    Effect.gen(function* () {
      const { exit } = yield* collect("offset", [
        page(["a", "b"], 5),
        { status: 400, body: '{"code":"PARAM_ERROR","message":"bad"}' }
      ])
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "ParamError" })))
    })
  )

  it.live("is lazy: nothing is fetched until the stream runs, and only the pages pulled", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* stub([page(["a", "b"], 6), page(["c", "d"], 6), page(["e", "f"], 6)])
      yield* Effect.gen(function* () {
        const stream = Pagination.stream<ReturnType<typeof listOf>, string>(listOf("offset"))({ owner: "o" })
        yield* WechatPayClient
        expect(Stream.isStream(stream)).toBe(true)
        expect(yield* seen).toEqual([])
        expect(yield* Stream.runCollect(Stream.take(stream, 3))).toEqual(["a", "b", "c"])
        expect((yield* seen).map((s) => s.target)).toEqual([
          "/v3/test/things?owner=o&offset=0&limit=2",
          "/v3/test/things?owner=o&offset=2&limit=2"
        ])
      }).pipe(Effect.provide(clientLayer(client, { retry: false })))
    })
  )

  it.live("a descriptor without pagination: the stream dies, nothing sent", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* stub([page(["a"], 1)])
      const single = Endpoint.make({
        name: "Test.get",
        title: "测试",
        docs: "https://example.test/docs",
        summary: "test get.",
        method: "GET",
        path: "/v3/test/thing",
        request: Schema.Struct({ owner: Schema.String }),
        response: Schema.Struct({ data: Schema.Array(Schema.String) }),
        query: ["owner"],
        errors: []
      })
      const exit = yield* Effect.exit(
        Effect.provide(
          Stream.runCollect(Pagination.stream<typeof single, string>(single)({ owner: "o" })),
          clientLayer(client)
        )
      )
      expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause)).toBe(true)
      expect(yield* seen).toEqual([])
    })
  )

  it.live("the same page forever (the offset ignored): its items once, then PaginationError NoProgress", () =>
    Effect.gen(function* () {
      const { client, seen } = yield* stub([page(["a", "b"], 100)])
      const emitted: Array<string> = []
      const stream = Pagination.stream<ReturnType<typeof listOf>, string>(listOf("offset"))({ owner: "o" })
      const exit = yield* Effect.exit(
        Stream.runForEach(stream, (item) => Effect.sync(() => emitted.push(item))).pipe(
          Effect.provide(clientLayer(client, { retry: false })),
          Effect.timeout("5 seconds")
        )
      )
      expect(plainExit(exit)).toEqual(
        Exit.fail(
          expect.objectContaining({
            _tag: "PaginationError",
            reason: "NoProgress",
            message: "Test.list: the page at offset 2 repeats items already emitted (the gateway served a page again)"
          })
        )
      )
      expect(emitted).toEqual(["a", "b"])
      expect(yield* seen).toHaveLength(2)
    })
  )

  it.live("page style, pages cycling A, B, A, B: NoProgress on the third page", () =>
    Effect.gen(function* () {
      const { exit, targets } = yield* collect("page", [
        page(["a", "b"], 8),
        page(["c", "d"], 8),
        page(["a", "b"], 8),
        page(["c", "d"], 8)
      ])
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "PaginationError", reason: "NoProgress" })))
      expect(targets).toHaveLength(3)
    })
  )

  it.live("a growing total_count: pages are capped by the total of the first page", () =>
    Effect.gen(function* () {
      const { exit, targets } = yield* collect("offset", [
        page(["a", "b"], 4),
        page(["c", "d"], 6),
        page(["e", "f"], 8),
        page(["g", "h"], 10)
      ])
      expect(exit).toEqual(Exit.succeed(["a", "b", "c", "d"]))
      expect(targets).toHaveLength(2)
    })
  )

  it.live("a shrinking total_count lowers the cap", () =>
    Effect.gen(function* () {
      const { exit, targets } = yield* collect("offset", [page(["a", "b"], 6), page(["c", "d"], 4), page(["e"], 4)])
      expect(exit).toEqual(Exit.succeed(["a", "b", "c", "d"]))
      expect(targets).toHaveLength(2)
    })
  )

  it.live("total_count as a numeric string counts as the number", () =>
    Effect.gen(function* () {
      const { exit, targets } = yield* collect("offset", [
        page(["a", "b"], "4"),
        page(["c", "d"], "4"),
        page(["e"], "4")
      ])
      expect(exit).toEqual(Exit.succeed(["a", "b", "c", "d"]))
      expect(targets).toHaveLength(2)
    })
  )

  it.live("an item repeated on the next page (the list shifted): emitted once", () =>
    Effect.gen(function* () {
      const { exit } = yield* collect("offset", [
        page(["a", "b"], 6),
        page(["b", "c"], 6),
        page(["d", "e"], 6),
        page(["f"], 6)
      ])
      expect(exit).toEqual(Exit.succeed(["a", "b", "c", "d", "e", "f"]))
    })
  )

  it("PaginationError: the shared type id (not in its JSON), in the WechatPayError union and each Stream's errors", () => {
    const error = new Pagination.PaginationError({ reason: "NoProgress", message: "x" })
    expect(WechatPayError.isWechatPayError(error)).toBe(true)
    expect(JSON.parse(JSON.stringify(error))).toEqual({ _tag: "PaginationError", reason: "NoProgress", message: "x" })
    expectTypeOf<Pagination.PaginationError>().toExtend<WechatPayError.WechatPayError>()
    expectTypeOf<Stream.Error<ReturnType<typeof Favor.listStocksStream>>>().toEqualTypeOf<
      Favor.ListStocksError | Pagination.PaginationError
    >()
  })
})
