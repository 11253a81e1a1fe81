/**
 * `wechatpay call <Family.operation> [--json JSON|@FILE|-]`: any endpoint by its descriptor (`Endpoints.all`), run by
 * the client's executor: the input (the request's wire form, from `--json`, a file, or standard input) validated
 * against the request schema before anything is sent, the answer verified and decoded, then printed as JSON (in its
 * wire form). A failure prints its tag, code and message on stderr and as JSON on stdout; a SIGN_ERROR comes with its
 * diagnosis, from the exchange as it went over the wire.
 */
import * as Endpoints from "@effect-wechatpay/api/Endpoints"
import * as SignErrorDiagnosis from "@effect-wechatpay/api/SignErrorDiagnosis"
import { WechatPayClient } from "@effect-wechatpay/api/WechatPay"
import type * as Endpoint from "@effect-wechatpay/schema/Endpoint"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Client from "./client.js"
import { renderDiagnosis } from "./diagnose.js"
import { CliFailure, describe, exitCodeOf, toJson, usage } from "./failure.js"
import { parseJson, readBytes, stdinHasData } from "./files.js"

/** Every operation's name, `Family.operation`. */
export const names = (): ReadonlyArray<string> => Endpoints.all.map((endpoint) => endpoint.name)

const find = (name: string): Endpoint.Any | undefined =>
  Endpoints.all.find((endpoint) => endpoint.name === name) ??
  Endpoints.all.find((endpoint) => endpoint.name.toLowerCase() === name.toLowerCase())

const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

/** The closest names, for "did you mean": within three edits, or the same operation in another family. */
const suggestions = (name: string): ReadonlyArray<string> => {
  const wanted = name.toLowerCase()
  const operation = wanted.split(".").at(-1) ?? wanted
  return names()
    .map((n) => {
      const lower = n.toLowerCase()
      return { n, d: Math.min(distance(wanted, lower), distance(operation, lower.split(".").at(-1) ?? lower)) }
    })
    .filter(({ d }) => d <= 3)
    .sort((a, b) => a.d - b.d)
    .map(({ n }) => n)
}

/** `--list`: one line per operation. */
export const list = Effect.suspend(() => {
  const width = Math.max(...Endpoints.all.map((e) => e.name.length))
  const lines = Endpoints.all.map(
    (e) =>
      `${e.name.padEnd(width)}  ${e.method.padEnd(6)} ${e.path}  ${e.title}${e.body === "multipart" ? " (multipart: use MediaUpload)" : ""}`
  )
  return Console.log(lines.join("\n"))
})

const readInput = (json: Option.Option<string>): Effect.Effect<unknown, CliFailure> => {
  if (Option.isNone(json)) {
    return stdinHasData()
      ? Effect.flatMap(readBytes("-", "the request"), (bytes) =>
          parseJson(bytes.toString("utf8"), "the request on standard input")
        )
      : Effect.succeed({})
  }
  const value = json.value
  if (value === "-") {
    return Effect.flatMap(readBytes("-", "the request"), (bytes) =>
      parseJson(bytes.toString("utf8"), "the request on standard input")
    )
  }
  if (value.startsWith("@")) {
    const path = value.slice(1)
    return Effect.flatMap(readBytes(path, "the request file"), (bytes) =>
      parseJson(bytes.toString("utf8"), `the request file '${path}'`)
    )
  }
  return parseJson(value, "--json")
}

/** The decoded answer in its wire form (the response schema encodes what it decoded). */
const wireOf = (endpoint: Endpoint.Any, value: unknown): unknown => {
  if (endpoint.noContent) return null
  const encoded = Schema.encodeUnknownResult(endpoint.response as Schema.Codec<unknown, unknown>)(value)
  return Result.isSuccess(encoded) ? encoded.success : value
}

export const call = (options: {
  readonly operation: Option.Option<string>
  readonly json: Option.Option<string>
  readonly list: boolean
  readonly schema: boolean
}) =>
  Effect.gen(function* () {
    if (options.list) return yield* list
    if (Option.isNone(options.operation)) {
      return yield* usage(
        "name the operation, e.g. 'wechatpay call Busifavor.queryStock'; 'wechatpay call --list' lists them"
      )
    }
    const name = options.operation.value
    const endpoint = find(name)
    if (endpoint === undefined) {
      const close = suggestions(name)
      return yield* usage(
        `unknown operation '${name}'${close.length > 0 ? ` (did you mean ${close.slice(0, 3).join(", ")}?)` : ""}: 'wechatpay call --list' lists them`
      )
    }
    if (options.schema) {
      return yield* Console.log(JSON.stringify(endpoint.jsonSchema.request, null, 2))
    }
    const input = yield* readInput(options.json)
    const env = yield* Client.options
    const recorder = Client.makeRecorder()
    const outcome = yield* Effect.result(
      Effect.flatMap(WechatPayClient, (client) => client.execute(endpoint, input as never)).pipe(
        Effect.provide(Client.layer(env, recorder))
      )
    )
    if (Result.isSuccess(outcome)) {
      return yield* Console.log(JSON.stringify(wireOf(endpoint, outcome.success), null, 2))
    }
    const error = outcome.failure
    const json: Record<string, unknown> = { error: toJson(error) }
    let message = describe(error)
    const exchange = recorder.last
    if (
      typeof error === "object" &&
      error !== null &&
      (error as { code?: unknown }).code === "SIGN_ERROR" &&
      exchange !== undefined
    ) {
      const diagnosis = yield* SignErrorDiagnosis.diagnose(
        { status: exchange.response.status, body: exchange.response.body, headers: exchange.response.headers },
        {
          sent: exchange.request,
          context: {
            mchid: env.mchid,
            merchantSerialNumber: env.merchantSerialNumber,
            merchantPrivateKey: env.merchantPrivateKey
          }
        }
      )
      json["diagnosis"] = diagnosis
      message = `${message}\n${renderDiagnosis(diagnosis, { header: false })}`
    }
    return yield* new CliFailure({ message, exitCode: exitCodeOf(error), json })
  })
