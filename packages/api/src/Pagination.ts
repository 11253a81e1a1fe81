/**
 * Paged list endpoints as a lazy `Stream` of items: one mechanism for every list, driven by the descriptor's
 * `pagination` (offset or page-index style, page size, item and total fields). Pages are fetched one after another
 * as the stream is pulled; the stream ends at `total_count`, on a short or empty page, and carries the endpoint's
 * typed errors.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as Endpoint from "./Endpoint.js"
import { WechatPayClient as Client, type WechatPayClient } from "./WechatPay.js"

/**
 * The request of a stream: the endpoint's request without the paging fields; the page size may be given (at most the
 * endpoint's `maxLimit`, which is the default).
 *
 * @since 0.1.0
 * @category models
 */
export type StreamInput<E> = Omit<Endpoint.Input<E>, "offset" | "limit"> & { readonly limit?: number | undefined }

/**
 * The items of a paged endpoint, read from its `items` field.
 *
 * @since 0.1.0
 * @category models
 */
export type ItemOf<E, Items extends string> =
  Endpoint.Success<E> extends { readonly [K in Items]?: infer L }
    ? L extends ReadonlyArray<infer Item>
      ? Item
      : never
    : never

/**
 * Streams every item of a paged endpoint: page after page as the stream is pulled.
 *
 * @example
 * ```ts
 * import * as Pagination from "@effect-wechatpay/api/Pagination"
 * import { Favor } from "@effect-wechatpay/schema"
 * import { Stream } from "effect"
 *
 * // What the generated `Favor.listStocksStream` is: this function applied to the descriptor.
 * type Stock = Pagination.ItemOf<typeof Favor.ListStocks, "data">
 * const listStocksStream = Pagination.stream<typeof Favor.ListStocks, Stock>(Favor.ListStocks)
 *
 * const running = listStocksStream({ stock_creator_mchid: "1900000001", status: "running" }).pipe(
 *   Stream.map((stock) => stock.stock_id),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const stream =
  <E extends Endpoint.Any, Item>(endpoint: E) =>
  (input: StreamInput<E>): Stream.Stream<Item, Endpoint.Error<E>, WechatPayClient> => {
    const pagination = endpoint.pagination
    if (pagination === undefined) return Stream.die(new Error(`${endpoint.name} is not a paged endpoint`))
    const { limit: requested, ...rest } = input as Record<string, unknown> & { limit?: number }
    const limit = Math.min(requested ?? pagination.maxLimit, pagination.maxLimit)
    // The page's request is the caller's with the paging fields set: `execute` validates it against the schema.
    const pageInput = (offset: number) =>
      ({ ...rest, [pagination.offset]: offset, [pagination.limit]: limit }) as Endpoint.Input<E>
    return Stream.unwrap(
      Effect.map(Client, (client) =>
        Stream.paginate({ offset: 0, seen: 0 }, ({ offset, seen }) =>
          Effect.map(client.execute(endpoint, pageInput(offset)), (page) => {
            const record = page as Record<string, unknown>
            const items = (record[pagination.items] as ReadonlyArray<Item> | undefined) ?? []
            const total = record[pagination.total]
            const count = seen + items.length
            const done = items.length === 0 || items.length < limit || (typeof total === "number" && count >= total)
            const next = pagination.style === "page" ? offset + 1 : offset + items.length
            return [items, done ? Option.none() : Option.some({ offset: next, seen: count })] as const
          })
        )
      )
    )
  }
