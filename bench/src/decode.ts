/**
 * The response decode alone, in process: the bodies the gateway really answers for each kind of call, decoded
 * with the full `Schema` decode and with `Compiled.decodeUnknownEither` (the compiled canonical-form check the client
 * uses, with the full decode as its fallback), in interleaved rounds.
 */
import { FetchHttpClient, HttpClient } from "@effect/platform"
import { WechatPay } from "@effect-wechatpay/api"
import { Busifavor, Compiled, Favor } from "@effect-wechatpay/schema"
import { Effect, Layer, ManagedRuntime, Schema } from "effect"
import { clientOptions, effectCall } from "./effectClient.js"
import { f1, markdown, pad } from "./format.js"
import { median } from "./measure.js"
import { CALL_KINDS, type CallKind, type GatewayInfo, LIST_LIMIT } from "./protocol.js"

/** One response of the mix, decoded both ways. */
export interface DecodeRow {
  readonly kind: CallKind
  readonly schema: string
  readonly bytes: number
  /** Whether the compiled check answered by itself (the body is in canonical form). */
  readonly canonical: boolean
  /** `JSON.parse` of the body, for scale (the floor's only decoding). */
  readonly parseMicros: number
  readonly fullMicros: number
  readonly compiledMicros: number
  /** Median of the per-round ratios compiled / full. */
  readonly ratio: number
}

/** What the decode micro-benchmark measured. */
export interface DecodeResults {
  readonly rounds: number
  readonly iterations: number
  readonly rows: ReadonlyArray<DecodeRow>
}

const schemas: Record<CallKind, Schema.Schema<unknown, unknown>> = {
  queryStock: Busifavor.QueryStockResponse as unknown as Schema.Schema<unknown, unknown>,
  queryCoupon: Busifavor.QueryCouponResponse as unknown as Schema.Schema<unknown, unknown>,
  createCouponStock: Favor.CreateCouponStockResponse as unknown as Schema.Schema<unknown, unknown>,
  listStocks: Favor.ListStocksResponse as unknown as Schema.Schema<unknown, unknown>
}

const names: Record<CallKind, string> = {
  queryStock: "Busifavor.QueryStockResponse",
  queryCoupon: "Busifavor.QueryCouponResponse",
  createCouponStock: "Favor.CreateCouponStockResponse",
  listStocks: "Favor.ListStocksResponse (10 stocks)"
}

/** The 2xx body the gateway answers for each kind of call, recorded under the client (fetch transport). */
const recordBodies = async (info: GatewayInfo): Promise<Record<CallKind, string>> => {
  let last = ""
  const recording = Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      HttpClient.transformResponse(client, (response) =>
        Effect.tap(response, (r) =>
          Effect.map(r.arrayBuffer, (buffer) => {
            last = new TextDecoder().decode(buffer)
          })
        )
      )
    )
  ).pipe(Layer.provide(FetchHttpClient.layer))
  const runtime = ManagedRuntime.make(WechatPay.layer(clientOptions(info)).pipe(Layer.provide(recording)))
  try {
    const bodies: Partial<Record<CallKind, string>> = {}
    // A full page for the list call: the creates are idempotent on their out_request_no.
    for (let n = 0; n < LIST_LIMIT; n++) await runtime.runPromise(effectCall(info, n, "createCouponStock"))
    for (const [n, kind] of CALL_KINDS.entries()) {
      await runtime.runPromise(effectCall(info, n, kind))
      bodies[kind] = last
    }
    return bodies as Record<CallKind, string>
  } finally {
    await runtime.dispose()
  }
}

let sink: unknown

const timeMicros = (iterations: number, run: () => unknown): number => {
  const started = performance.now()
  for (let i = 0; i < iterations; i++) sink = run()
  return ((performance.now() - started) * 1000) / iterations
}

/**
 * Records one body per kind of call from the gateway, then decodes each `iterations` times per arm and round, the arms in an
 * order alternated per round; reports medians over the rounds.
 *
 * @param info the gateway
 * @param quick fewer rounds and iterations
 */
export const measureDecode = async (info: GatewayInfo, quick: boolean): Promise<DecodeResults> => {
  const bodies = await recordBodies(info)
  const rounds = quick ? 7 : 15
  const iterations = quick ? 300 : 600
  const rows = CALL_KINDS.map((kind): DecodeRow => {
    const text = bodies[kind]
    const json: unknown = JSON.parse(text)
    const schema = schemas[kind]
    const full = Schema.decodeUnknownEither(schema)
    const compiled = Compiled.decodeUnknownEither(schema)
    const arms = [() => full(json), () => compiled(json)] as const
    for (const arm of arms) timeMicros(iterations, arm)
    const parse: Array<number> = []
    const fullTimes: Array<number> = []
    const compiledTimes: Array<number> = []
    for (let r = 0; r < rounds; r++) {
      parse.push(timeMicros(iterations, () => JSON.parse(text)))
      if (r % 2 === 0) {
        fullTimes.push(timeMicros(iterations, arms[0]))
        compiledTimes.push(timeMicros(iterations, arms[1]))
      } else {
        compiledTimes.push(timeMicros(iterations, arms[1]))
        fullTimes.push(timeMicros(iterations, arms[0]))
      }
    }
    return {
      kind,
      schema: names[kind],
      bytes: Buffer.byteLength(text),
      canonical: Compiled.isCanonical(schema)(json),
      parseMicros: median(parse),
      fullMicros: median(fullTimes),
      compiledMicros: median(compiledTimes),
      ratio: median(compiledTimes.map((c, i) => c / fullTimes[i]!))
    }
  })
  if (sink === undefined) throw new Error("unreachable")
  return { rounds, iterations, rows }
}

const rowsOf = (results: DecodeResults): Array<Array<string>> => [
  ["response", "bytes", "canonical", "JSON.parse µs", "full decode µs", "compiled µs", "compiled / full"],
  ...results.rows.map((row) => [
    `${row.kind} (${row.schema})`,
    String(row.bytes),
    row.canonical ? "yes" : "no",
    f1(row.parseMicros),
    f1(row.fullMicros),
    f1(row.compiledMicros),
    `${row.ratio.toFixed(2)}×`
  ])
]

/**
 * The decode section of the plain-text report.
 *
 * @param results the decode measurement
 */
export const decodeText = (results: DecodeResults): string => {
  return [
    `Response decode (µs per decode, medians of ${results.rounds} rounds × ${results.iterations})`,
    pad(rowsOf(results))
  ].join("\n")
}

/**
 * The "Response decode" section of `docs/performance.md`.
 *
 * @param results the decode measurement
 */
export const decodeSection = (results: DecodeResults): string =>
  [
    "## Response decode",
    "",
    `The 2xx bodies the gateway answers for each kind of call (recorded through the client; the list is a page of ten stocks), decoded in the bench process: \`Schema.decodeUnknownEither(schema)\` (the full decode) against \`Compiled.decodeUnknownEither(schema)\` from \`@effect-wechatpay/schema/Compiled\`, which the client uses: a check compiled from the schema's AST that builds the decoded value directly when the body is in its canonical form (numbers as numbers, booleans as booleans, no \`null\`s), with the full decode as the fallback for anything else (a tolerant shape such as \`week_day: ["1","2"]\`, an invalid body); a property test over every endpoint's schemas checks that both give the same result. Each arm decodes the parsed body ${results.iterations} times per round, the arms alternating, ${results.rounds} rounds; medians, and the median of the per-round ratios.`,
    "",
    markdown(rowsOf(results)),
    ""
  ].join("\n")
