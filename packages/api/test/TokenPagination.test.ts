import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Schema, Stream } from "effect"
import * as Endpoint from "../src/Endpoint.js"
import * as Pagination from "../src/Pagination.js"
import type { WechatPayClient } from "../src/WechatPay.js"
import { clientLayer, plainExit, stub } from "./stub.js"

/** A token-paged list like the 商品券 lists: `page_size`, `page_token`, `next_page_token`, total on the first page. */
const listOf = <const Name extends `${string}.${string}`>(name: Name, paged: boolean) =>
  Endpoint.make({
    name,
    title: "测试",
    docs: "https://example.test/docs",
    summary: "test list.",
    method: "GET",
    path: "/v3/test/tokens",
    request: Schema.Struct({
      owner: Schema.String,
      page_size: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 3 }))),
      page_token: Schema.optionalKey(Schema.String)
    }),
    response: Schema.Struct({
      total_count: Schema.optionalKey(Schema.Int),
      items: Schema.optionalKey(Schema.Array(Schema.String)),
      next_page_token: Schema.optionalKey(Schema.String)
    }),
    query: ["owner", "page_size", "page_token"],
    pagination: paged
      ? {
          style: "token",
          token: "page_token",
          nextToken: "next_page_token",
          limit: "page_size",
          maxLimit: 3,
          items: "items",
          total: "total_count"
        }
      : undefined,
    errors: [{ status: 400, code: "PARAM_ERROR" }]
  })

const list = listOf("Test.listByToken", true)

const page = (items: ReadonlyArray<string>, next?: string, total?: number) => ({
  status: 200,
  body: JSON.stringify({
    items,
    ...(next === undefined ? {} : { next_page_token: next }),
    ...(total === undefined ? {} : { total_count: total })
  })
})

const collect = (answers: Parameters<typeof stub>[0], pageSize?: number) =>
  Effect.gen(function* () {
    const { client, seen } = yield* stub(answers)
    const stream = Pagination.tokenStream<typeof list, string>(list)(
      pageSize === undefined ? { owner: "o" } : { owner: "o", page_size: pageSize }
    )
    const exit = yield* Effect.exit(Effect.provide(Stream.runCollect(stream), clientLayer(client, { retry: false })))
    return { exit: plainExit(exit), targets: (yield* seen).map((s) => s.target) }
  })

describe("Pagination.tokenStream", () => {
  it.live("asks for the first page without a token, then follows next_page_token until a page has none", () =>
    Effect.gen(function* () {
      const { exit, targets } = yield* collect([page(["a", "b", "c"], "T1", 5), page(["d", "e"])])
      expect(exit).toEqual(Exit.succeed(["a", "b", "c", "d", "e"]))
      expect(targets).toEqual([
        "/v3/test/tokens?owner=o&page_size=3",
        "/v3/test/tokens?owner=o&page_size=3&page_token=T1"
      ])
    })
  )

  it.live("an empty next_page_token, or an empty page, ends the stream", () =>
    Effect.gen(function* () {
      const empty = yield* collect([page(["a"], "")])
      expect(empty.exit).toEqual(Exit.succeed(["a"]))
      expect(empty.targets).toHaveLength(1)
      const none = yield* collect([page(["a"], "T1"), page([], "T2")])
      expect(none.exit).toEqual(Exit.succeed(["a"]))
      expect(none.targets).toHaveLength(2)
    })
  )

  it.live("a token handed out again ends the stream instead of looping", () =>
    Effect.gen(function* () {
      const { exit, targets } = yield* collect([page(["a"], "T1"), page(["b"], "T1"), page(["never"])])
      expect(exit).toEqual(Exit.succeed(["a", "b"]))
      expect(targets).toHaveLength(2)
    })
  )

  it.live("a smaller page_size is sent as given; a larger one is capped at the endpoint's maximum", () =>
    Effect.gen(function* () {
      const small = yield* collect([page(["a"])], 1)
      expect(small.targets).toEqual(["/v3/test/tokens?owner=o&page_size=1"])
      const large = yield* collect([page(["a"])], 50)
      expect(large.targets).toEqual(["/v3/test/tokens?owner=o&page_size=3"])
    })
  )

  it.live("a failing page fails the stream with the endpoint's typed error", () =>
    Effect.gen(function* () {
      const { exit } = yield* collect([
        page(["a"], "T1"),
        { status: 400, body: '{"code":"PARAM_ERROR","message":"bad"}' }
      ])
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "ParamError" })))
    })
  )

  it.live("the offset stream refuses a token-paged endpoint, and the token stream an offset-paged one", () =>
    Effect.gen(function* () {
      const { client } = yield* stub([])
      const run = <A, E>(stream: Stream.Stream<A, E, WechatPayClient>) =>
        Effect.exit(Effect.provide(Stream.runCollect(stream), clientLayer(client, { retry: false })))
      const offset = yield* run(Pagination.stream(list)({ owner: "o" } as never))
      expect(Exit.isFailure(offset) && String(offset.cause)).toContain("Test.listByToken pages by token")
      const token = yield* run(Pagination.tokenStream(listOf("Test.listByOffset", false))({ owner: "o" }))
      expect(Exit.isFailure(token) && String(token.cause)).toContain("Test.listByOffset does not page by token")
    })
  )
})
