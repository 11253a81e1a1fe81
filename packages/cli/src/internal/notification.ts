/**
 * `wechatpay notification verify --headers FILE --body FILE [--at TIME] [--json]`: runs a captured notification
 * through `Notifications.parse` with the configured keys, as the notify endpoint would, and says exactly why it would be
 * rejected (which header is missing, how far its timestamp is from the clock, which serial is unknown and which ones
 * are held, a bad signature, decryption, an undecodable resource), or prints the decrypted, decoded resource. A capture
 * is often older than the 5-minute window: `--at` verifies as of another time, and a notification rejected only for
 * its age is checked again at its own timestamp, so that the answer also says whether it is otherwise genuine.
 */
import * as Notifications from "@effect-wechatpay/api/Notifications"
import { WechatPayClient } from "@effect-wechatpay/api/WechatPay"
import * as Keyring from "@effect-wechatpay/crypto/Keyring"
import * as Verifier from "@effect-wechatpay/crypto/Verifier"
import * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import * as Favor from "@effect-wechatpay/schema/Favor"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Client from "./client.js"
import { CliFailure, ExitCode, usage } from "./failure.js"
import { parseHeaders, readBytes } from "./files.js"

/** A clock `offsetMillis` away from the live one (sleeping as the live one does). */
const shiftedClock = (live: Clock.Clock, offsetMillis: number): Clock.Clock => ({
  currentTimeMillisUnsafe: () => live.currentTimeMillisUnsafe() + offsetMillis,
  currentTimeMillis: Effect.sync(() => live.currentTimeMillisUnsafe() + offsetMillis),
  currentTimeNanosUnsafe: () => live.currentTimeNanosUnsafe() + BigInt(offsetMillis) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => live.currentTimeNanosUnsafe() + BigInt(offsetMillis) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
  monotonicTimeNanos: live.monotonicTimeNanos,
  sleep: (duration) => live.sleep(duration)
})

/** Runs `self` as if it were `atMillis` now. */
const at =
  (atMillis: number) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.withFiber((fiber) => {
      const live = fiber.getRef(Clock.Clock)
      return Effect.provideService(self, Clock.Clock, shiftedClock(live, atMillis - live.currentTimeMillisUnsafe()))
    })

/** `--at`: Unix seconds, or an ISO 8601 time. */
const parseAt = (text: string): Effect.Effect<number, CliFailure> => {
  if (/^\d{9,11}$/.test(text)) return Effect.succeed(Number(text) * 1000)
  const millis = Date.parse(text)
  return Number.isFinite(millis)
    ? Effect.succeed(millis)
    : Effect.fail(usage(`--at must be Unix seconds or an ISO 8601 time, got '${text}'`))
}

/** The resource in its wire form, as the schema of its event type encodes it. */
const resourceOf = (notification: Notifications.Notification): unknown => {
  const encoded =
    notification._tag === "CouponSend"
      ? Schema.encodeUnknownResult(Busifavor.CouponSendNotification)(notification.resource)
      : notification._tag === "CouponUse"
        ? Schema.encodeUnknownResult(Favor.CouponUseNotification)(notification.resource)
        : Result.succeed(notification.resource)
  return Result.isSuccess(encoded) ? encoded.success : notification.resource
}

export const verify = (options: {
  readonly headers: string
  readonly body: string
  readonly at: Option.Option<string>
  readonly json: boolean
}) =>
  Effect.gen(function* () {
    const headers = parseHeaders((yield* readBytes(options.headers, "the headers")).toString("utf8"))
    const body = yield* readBytes(options.body, "the body")
    const atMillis = Option.isSome(options.at) ? yield* parseAt(options.at.value) : undefined
    const env = yield* Client.options
    const onUnknownSerial = env.platformCertificates === "auto" ? "refresh" : "reject"
    const incoming = { headers, body: new Uint8Array(body) }
    return yield* Effect.gen(function* () {
      const client = yield* WechatPayClient
      const parse = Notifications.parse(incoming, { onUnknownSerial })
      const outcome = yield* Effect.result(atMillis === undefined ? parse : parse.pipe(at(atMillis)))
      if (Result.isSuccess(outcome)) {
        const n = outcome.success
        const accepted = {
          accepted: true,
          id: n.id,
          event_type: n.event_type,
          create_time: n.create_time,
          summary: n.summary,
          resource_type: n.resource_type,
          original_type: n.original_type,
          resource: resourceOf(n)
        }
        if (options.json) return yield* Console.log(JSON.stringify(accepted, null, 2))
        return yield* Console.log(
          [
            `accepted: ${n.event_type} ${n.id} (created ${n.create_time}${n.summary ? `, ${n.summary}` : ""}): signature verified, resource decrypted and decoded${n._tag === "Unknown" ? " (an event type this library does not type: the resource as decrypted)" : ""}`,
            JSON.stringify(accepted.resource, null, 2)
          ].join("\n")
        )
      }
      const error = outcome.failure
      const report: Record<string, unknown> = {
        accepted: false,
        reason: error.reason,
        message: error.message,
        status: Notifications.statusOf(error)
      }
      if (error.serial !== undefined) report["serial"] = error.serial
      const keyring = yield* client.crypto.keyring
      if (error.reason === "UnknownSerial") report["knownSerials"] = Keyring.serials(keyring)
      let explanation = ""
      if (error.reason === "ClockSkew") {
        const timestamp = Number(Verifier.header(headers, "Wechatpay-Timestamp"))
        const now = atMillis ?? Date.now()
        report["skewSeconds"] = Math.floor(now / 1000) - timestamp
        report["signedAt"] = new Date(timestamp * 1000).toISOString()
        // Verified and decrypted as of its own timestamp: is it genuine, only late (or replayed)?
        const then = yield* Effect.result(Notifications.parse(incoming).pipe(at(timestamp * 1000)))
        report["otherwiseValid"] = Result.isSuccess(then)
        explanation = Result.isSuccess(then)
          ? ` (signed at ${report["signedAt"]}: at that time its signature verifies and its resource decrypts, so it is genuine but ${Math.abs(Number(report["skewSeconds"]))} s away from this clock; use --at to verify a capture as of when it arrived)`
          : ` (and at its own timestamp it is still rejected: ${then.failure.reason}: ${then.failure.message})`
      } else if (error.reason === "UnknownSerial") {
        explanation = ` (keys held: ${Keyring.serials(keyring).join(", ") || "none"})`
      }
      const message = `notification rejected (${error.reason}, answered ${report["status"]}): ${error.message}${explanation}`
      return yield* new CliFailure({
        message,
        exitCode: ExitCode.Failed,
        ...(options.json ? { json: report } : {})
      })
    }).pipe(Effect.provide(Client.layer(env)))
  })
