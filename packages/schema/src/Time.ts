/**
 * Date-times on the wire.
 *
 * Responses keep times as the exact strings sent (lossless); `parse` turns them into a `DateTime` when needed.
 * Requests take strict RFC3339 strings in one of the four documented shapes (docs/sources/wechatpay-v3.md §1.12).
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

const tolerantPattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.:](\d{1,9}))?(?:([Zz])|([+\- ])(\d{2}):?(\d{2}))$/
const compactPattern = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/
const strictPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:\d{2})$/

// Instants from 2030-01 to 2030-02 with the offsets seen in practice: every match is a real date-time.
const generatedPattern =
  "^2030-0[12]-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{3})?(Z|\\+08:00|-05:00|\\+05:30)$"

const beijingOffsetMillis = 8 * 60 * 60 * 1000

const fromParts = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offsetMillis: number
): Option.Option<DateTime.Zoned> => {
  if (hour > 23 || minute > 59 || second > 59 || Math.abs(offsetMillis) >= 24 * 60 * 60 * 1000) {
    return Option.none()
  }
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, millis)
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return Option.none()
  }
  return DateTime.makeZoned(date.getTime() - offsetMillis, { timeZone: DateTime.zoneMakeOffset(offsetMillis) })
}

/**
 * Parses a WeChat Pay time into a `DateTime.Zoned` that keeps the sent offset. Accepts RFC3339 with or without
 * fractional seconds and with `Z` or an offset; also the doc variants `HH:mm:ss:sss` (docs/sources/wechatpay-v3.md Q6), a space where a `+`
 * was lost to URL decoding (docs/sources/wechatpay-v3.md Q6), and `yyyyMMddHHmmss` (old notification examples, docs/sources/wechatpay-v3.md Q6), read as Beijing time
 * (+08:00). Returns `None` for anything else.
 *
 * @example
 * ```ts
 * import { Time } from "@effect-wechatpay/schema"
 * import { DateTime, Option } from "effect"
 *
 * const sent = Time.parse("2015-05-20T13:29:35.120+08:00").pipe(Option.map(DateTime.formatIso))
 * // Option.some("2015-05-20T05:29:35.120Z")
 * ```
 *
 * @since 0.1.0
 * @category utils
 */
export const parse = (input: string): Option.Option<DateTime.Zoned> => {
  const m = tolerantPattern.exec(input)
  if (m !== null) {
    const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m
    const millis = frac === undefined ? 0 : Number(frac.padEnd(3, "0").slice(0, 3))
    const offset = z !== undefined ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60 * 1000
    return fromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), millis, offset)
  }
  const c = compactPattern.exec(input)
  if (c !== null) {
    const [, y, mo, d, h, mi, s] = c
    return fromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), 0, beijingOffsetMillis)
  }
  return Option.none()
}

/**
 * Formats a `DateTime` as RFC3339 with milliseconds, keeping a zoned value's offset (`2015-05-20T13:29:35.120+08:00`)
 * and writing `Z` for UTC, a shape every request time field accepts.
 *
 * @since 0.1.0
 * @category utils
 */
export const format = (self: DateTime.DateTime): string => DateTime.formatIsoOffset(self)

/**
 * Whether a string is a strict request time: `yyyy-MM-DDTHH:mm:ss[.SSS](Z|±HH:mm)` naming a real instant.
 *
 * @since 0.1.0
 * @category guards
 */
export const isRfc3339 = (input: string): boolean => strictPattern.test(input) && Option.isSome(parse(input))

/**
 * A response time, kept as the exact string sent (lossless); use `parse` to get a `DateTime`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WireTime = Schema.String.annotate({
  identifier: "WireTime",
  description: "RFC3339 date-time as sent by WeChat Pay, kept verbatim"
})

/**
 * A request time: RFC3339 in one of the four documented shapes, `yyyy-MM-DDTHH:mm:ss.SSSZ`,
 * `yyyy-MM-DDTHH:mm:ssZ`, `yyyy-MM-DDTHH:mm:ss.SSS+08:00` or `yyyy-MM-DDTHH:mm:ss+08:00` (docs/sources/wechatpay-v3.md §1.12).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Rfc3339 = Schema.String.check(
  Schema.makeFilter<string>(
    (input) =>
      isRfc3339(input) || "must be an RFC3339 date-time such as 2015-05-20T13:29:35+08:00 or 2015-05-20T13:29:35.120Z",
    {
      expected: "an RFC3339 date-time",
      toJsonSchema: () => ({ format: "date-time", pattern: strictPattern.source }),
      // Generation follows the strict shape; the predicate then keeps real instants only (no month 13, no hour 24).
      arbitraryConstraint: { patterns: [{ source: generatedPattern, flags: "u" }] }
    }
  )
).annotate({ identifier: "Rfc3339", description: "RFC3339 date-time, e.g. 2015-05-20T13:29:35.120+08:00" })

/**
 * Epoch milliseconds of a time string, when `parse` accepts it.
 *
 * @since 0.1.0
 * @category utils
 */
export const toEpochMillis = (input: string): Option.Option<number> => Option.map(parse(input), DateTime.toEpochMillis)
