/**
 * The response decode alone, in process: the bodies the gateway really answers for each kind of call, parsed with
 * `JSON.parse` (all the floor and wechatpay-axios-plugin do with them) and decoded with effect 4's Schema exactly as
 * the client decodes them (`Endpoint.decodeResponse` of the schema package: the descriptor's response schema,
 * `SchemaParser.decodeUnknownResult`, compiled once per schema), in interleaved rounds.
 */
import { NodeTransport, WechatPay } from "@effect-wechatpay/api"
import { Busifavor, Favor } from "@effect-wechatpay/schema"
import * as Descriptor from "@effect-wechatpay/schema/Endpoint"
import { Effect, Layer, ManagedRuntime, Result } from "effect"
import { HttpClient } from "effect/http"
import { clientOptions, effectCall } from "./effectClient.js"
import { f1, f2, markdown, pad } from "./format.js"
import { median } from "./measure.js"
import { CALL_KINDS, type CallKind, type GatewayInfo, LIST_LIMIT } from "./protocol.js"

/** One response of the mix, parsed and decoded. */
export interface DecodeRow {
  readonly kind: CallKind
  readonly schema: string
  readonly bytes: number
  /** `JSON.parse` of the body (the floor's only decoding). */
  readonly parseMicros: number
  /** The client's decode of the parsed body with the endpoint's response schema. */
  readonly decodeMicros: number
  /** Median of the per-round ratios decode / `JSON.parse`. */
  readonly ratio: number
}

/** What the decode micro-benchmark measured. */
export interface DecodeResults {
  readonly rounds: number
  readonly iterations: number
  readonly rows: ReadonlyArray<DecodeRow>
}

const descriptors: Record<CallKind, Descriptor.Any> = {
  queryStock: Busifavor.QueryStock,
  queryCoupon: Busifavor.QueryCoupon,
  createCouponStock: Favor.CreateCouponStock,
  listStocks: Favor.ListStocks
}

const names: Record<CallKind, string> = {
  queryStock: "Busifavor.QueryStock",
  queryCoupon: "Busifavor.QueryCoupon",
  createCouponStock: "Favor.CreateCouponStock",
  listStocks: "Favor.ListStocks (10 stocks)"
}

/** The 2xx body the gateway answers for each kind of call, recorded under the client (`NodeTransport`). */
const recordBodies = async (info: GatewayInfo): Promise<Record<CallKind, string>> => {
  let last = ""
  const recording = Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      HttpClient.tap(client, (response) =>
        Effect.map(response.arrayBuffer, (buffer) => {
          last = new TextDecoder().decode(buffer)
        })
      )
    )
  ).pipe(Layer.provide(NodeTransport.layer()))
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
 * Records one body per kind of call from the gateway, then parses and decodes each `iterations` times per arm and
 * round, the arms in an order alternated per round; reports medians over the rounds.
 *
 * @param info the gateway
 * @param quick fewer rounds and iterations
 */
export const measureDecode = async (info: GatewayInfo, quick: boolean): Promise<DecodeResults> => {
  const bodies = await recordBodies(info)
  const rounds = quick ? 7 : 15
  const iterations = quick ? 500 : 1000
  const rows = CALL_KINDS.map((kind): DecodeRow => {
    const text = bodies[kind]
    const json: unknown = JSON.parse(text)
    const descriptor = descriptors[kind]
    if (Result.isFailure(Descriptor.decodeResponse(descriptor, json))) {
      throw new Error(`decode: the ${kind} body does not decode`)
    }
    const arms = [() => JSON.parse(text), () => Descriptor.decodeResponse(descriptor, json)] as const
    // A long warm-up: the decoder's code is shared by every schema and needs thousands of runs to settle.
    for (const arm of arms) timeMicros(5 * iterations, arm)
    const parse: Array<number> = []
    const decode: Array<number> = []
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        parse.push(timeMicros(iterations, arms[0]))
        decode.push(timeMicros(iterations, arms[1]))
      } else {
        decode.push(timeMicros(iterations, arms[1]))
        parse.push(timeMicros(iterations, arms[0]))
      }
    }
    return {
      kind,
      schema: names[kind],
      bytes: Buffer.byteLength(text),
      parseMicros: median(parse),
      decodeMicros: median(decode),
      ratio: median(decode.map((d, i) => d / parse[i]!))
    }
  })
  if (sink === undefined) throw new Error("unreachable")
  return { rounds, iterations, rows }
}

const rowsOf = (results: DecodeResults): Array<Array<string>> => [
  ["response", "bytes", "JSON.parse µs", "Schema decode µs", "decode / JSON.parse"],
  ...results.rows.map((row) => [
    `${row.kind} (${row.schema})`,
    String(row.bytes),
    f1(row.parseMicros),
    f1(row.decodeMicros),
    `${f2(row.ratio)}×`
  ])
]

/**
 * The decode section of the plain-text report.
 *
 * @param results the decode measurement
 */
export const decodeText = (results: DecodeResults): string =>
  [
    `Response decode (µs per decode, medians of ${results.rounds} rounds × ${results.iterations})`,
    pad(rowsOf(results))
  ].join("\n")

/**
 * The "Response decode" table of `docs/performance.md`.
 *
 * @param results the decode measurement
 */
export const decodeTable = (results: DecodeResults): string => markdown(rowsOf(results))
