/**
 * Paged list endpoints as a lazy `Stream` of items: one mechanism for every list, driven by the descriptor's
 * `pagination` (offset or page-index style, page size, item and total fields). Pages are fetched one after another
 * as the stream is pulled; the stream ends on a short or empty page, or once it has emitted the `total_count` of the
 * first page (a lower total on a later page lowers that cap; a higher one does not raise it), and carries the
 * endpoint's typed errors. An inconsistent gateway cannot make it run forever: an item seen on a recent page is not
 * emitted again, and a page with nothing new fails the stream with `PaginationError`.
 *
 * @since 0.1.0
 */
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Endpoint from "./Endpoint.js"
import { marked } from "./internal/typeId.js"
import { WechatPayClient as Client, type WechatPayClient, type Service as WechatPayService } from "./WechatPay.js"
import { WechatPayBrand } from "./WechatPayBrand.js"

/**
 * A paged list the gateway answered inconsistently: `NoProgress`, a non-empty page whose every item was emitted
 * already (the gateway ignored the offset, or served a page again), which would otherwise be fetched forever.
 *
 * @since 0.2.0
 * @category errors
 */
export class PaginationError extends Schema.TaggedError<PaginationError>("@effect-wechatpay/api/PaginationError")(
  "PaginationError",
  {
    reason: Schema.Literals(["NoProgress"]),
    message: Schema.String
  }
) {}
marked(PaginationError)

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

/** How many item fingerprints the stream remembers: more than a page of any endpoint (the largest is 100). */
const REMEMBERED = 1000

/** A total as a non-negative integer: a number, or a numeric string (as some pages print it); anything else: none. */
const totalOf = (value: unknown): number | undefined => {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  if (typeof value === "string" && /^\d{1,15}$/.test(value.trim())) return Number(value.trim())
  return undefined
}

/** An item's identity for de-duplication: its JSON (decoded items are plain data). */
const fingerprintOf = (item: unknown): string => {
  try {
    return JSON.stringify(item) ?? String(item)
  } catch {
    return String(item)
  }
}

interface State {
  readonly offset: number
  /** Items emitted so far. */
  readonly emitted: number
  /** The cap: the first page's total, lowered by any lower total after it. */
  readonly cap: number | undefined
}

/**
 * Streams every item of a paged endpoint: page after page as the stream is pulled. Ends on a short or empty page, or
 * once the first page's `total_count` items are emitted (a later, lower total lowers the cap; a growing one does not
 * raise it, so a list that grows while it is read cannot keep it going); a total sent as a numeric string counts. An
 * item that appears again on a later page (the list shifted under the offsets) is emitted once; the last 1,000
 * items are remembered for this, in constant memory. A non-empty page with no new item fails with
 * {@link PaginationError} `NoProgress` instead of being fetched forever.
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
  (input: StreamInput<E>): Stream.Stream<Item, Endpoint.Error<E> | PaginationError, WechatPayClient> => {
    const pagination = endpoint.pagination
    if (pagination === undefined) return Stream.die(new Error(`${endpoint.name} is not a paged endpoint`))
    if (pagination.style === "token") return Stream.die(new Error(`${endpoint.name} pages by token: see tokenStream`))
    const { limit: requested, ...rest } = input as Record<string, unknown> & { limit?: number }
    const limit = Math.min(requested ?? pagination.maxLimit, pagination.maxLimit)
    // The page's request is the caller's with the paging fields set: `execute` validates it against the schema.
    const pageInput = (offset: number) =>
      ({ ...rest, [pagination.offset]: offset, [pagination.limit]: limit }) as Endpoint.Input<E>
    return Stream.unwrap(
      Effect.map(Client, (client) => {
        // Fingerprints of the last items emitted, oldest first (a Set keeps insertion order).
        const remembered = new Set<string>()
        const remember = (fingerprint: string) => {
          remembered.add(fingerprint)
          if (remembered.size > REMEMBERED) remembered.delete(remembered.values().next().value as string)
        }
        const first: State = { offset: 0, emitted: 0, cap: undefined }
        return Stream.paginate(first, ({ offset, emitted, cap }: State) =>
          Effect.flatMap(
            client.execute(endpoint, pageInput(offset)) as Effect.Effect<unknown, Endpoint.Error<E>>,
            (page): Effect.Effect<readonly [ReadonlyArray<Item>, Option.Option<State>], PaginationError> => {
              const record = page as Record<string, unknown>
              const items = (record[pagination.items] as ReadonlyArray<Item> | undefined) ?? []
              const fresh: Array<Item> = []
              for (const item of items) {
                const fingerprint = fingerprintOf(item)
                if (remembered.has(fingerprint)) continue
                remember(fingerprint)
                fresh.push(item)
              }
              if (items.length > 0 && fresh.length === 0) {
                return Effect.fail(
                  new PaginationError({
                    reason: "NoProgress",
                    message: `${endpoint.name}: the page at ${pagination.offset} ${offset} repeats items already emitted (the gateway served a page again)`
                  })
                )
              }
              const total = totalOf(record[pagination.total])
              const nextCap = total === undefined ? cap : cap === undefined ? total : Math.min(cap, total)
              const count = emitted + fresh.length
              const done = items.length === 0 || items.length < limit || (nextCap !== undefined && count >= nextCap)
              const next = pagination.style === "page" ? offset + 1 : offset + items.length
              return Effect.succeed([
                fresh,
                done ? Option.none() : Option.some({ offset: next, emitted: count, cap: nextCap })
              ] as const)
            }
          )
        )
      })
    )
  }

/**
 * The request of a token stream: the endpoint's request without `page_token`; the page size (`page_size`) may be given
 * (at most the endpoint's `maxLimit`, which is the default).
 *
 * @since 0.2.0
 * @category models
 */
export type TokenStreamInput<E> = Omit<Endpoint.Input<E>, "page_token" | "page_size"> & {
  readonly page_size?: number | undefined
}

/** {@link tokenStream} over the client the tag names. */
const tokenStreamWith =
  <S>(tag: Context.Service<S, WechatPayService>) =>
  <E extends Endpoint.Any, Item>(endpoint: E) =>
  (input: TokenStreamInput<E>): Stream.Stream<Item, Endpoint.Error<E>, S> => {
    const pagination = endpoint.pagination
    if (pagination === undefined || pagination.style !== "token") {
      return Stream.die(new Error(`${endpoint.name} does not page by token`))
    }
    const { [pagination.limit]: requested, ...rest } = input as Record<string, unknown>
    const size = typeof requested === "number" ? Math.min(requested, pagination.maxLimit) : pagination.maxLimit
    // The page's request is the caller's with the paging fields set: `execute` validates it against the schema.
    const pageInput = (token: string | undefined) =>
      ({
        ...rest,
        [pagination.limit]: size,
        ...(token === undefined ? {} : { [pagination.token]: token })
      }) as Endpoint.Input<E>
    return Stream.unwrap(
      Effect.map(tag, (client) => {
        const followed = new Set<string>()
        return Stream.paginate(undefined as string | undefined, (token) =>
          Effect.map(client.execute(endpoint, pageInput(token)), (page) => {
            const record = page as Record<string, unknown>
            const items = (record[pagination.items] as ReadonlyArray<Item> | undefined) ?? []
            const next = record[pagination.nextToken]
            if (token !== undefined) followed.add(token)
            const done = items.length === 0 || typeof next !== "string" || next === "" || followed.has(next)
            return [items, done ? Option.none() : Option.some(next as string | undefined)] as const
          })
        )
      })
    )
  }

/**
 * Streams every item of a token-paged endpoint (the 商品券 lists: `page_size`, `page_token`, `next_page_token`): the
 * first page is asked for without a token, each next page with the `next_page_token` of the page before, as the stream
 * is pulled. Ends on a page without a next token (absent or empty), on an empty page, or on a token it has followed
 * already, so a gateway that hands out a token again cannot make it run forever. Carries the endpoint's typed errors.
 *
 * @example
 * ```ts
 * import * as Pagination from "@effect-wechatpay/api/Pagination"
 * import { PartnerProductCoupon } from "@effect-wechatpay/schema"
 * import { Stream } from "effect"
 *
 * // What the generated `PartnerProductCoupon.listStocksStream` is: this function applied to the descriptor.
 * type Stock = Pagination.ItemOf<typeof PartnerProductCoupon.ListStocks, "stock_list">
 * const listStocksStream = Pagination.tokenStream<typeof PartnerProductCoupon.ListStocks, Stock>(
 *   PartnerProductCoupon.ListStocks
 * )
 *
 * const sending = listStocksStream({ product_coupon_id: "1000000013", brand_id: "120344", state: "SENDING" }).pipe(
 *   Stream.map((stock) => stock.stock_id),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const tokenStream: <E extends Endpoint.Any, Item>(
  endpoint: E
) => (input: TokenStreamInput<E>) => Stream.Stream<Item, Endpoint.Error<E>, WechatPayClient> = tokenStreamWith(Client)

/**
 * {@link tokenStream} for a brand endpoint (`auth: "brand"`): the pages are fetched by the `WechatPayBrand` in the
 * context.
 *
 * @since 0.2.0
 * @category constructors
 */
export const brandTokenStream: <E extends Endpoint.Any & { readonly auth: "brand" }, Item>(
  endpoint: E
) => (input: TokenStreamInput<E>) => Stream.Stream<Item, Endpoint.Error<E>, WechatPayBrand> =
  tokenStreamWith(WechatPayBrand)
