import { describe, expect, it } from "@effect/vitest"
import { DateTime, Option, Schema } from "effect"
import * as Time from "../src/Time.js"

const instant = (input: string) => Option.map(Time.parse(input), DateTime.toEpochMillis)
const offsetOf = (input: string) => Option.map(Time.parse(input), DateTime.zonedOffsetIso)

describe("Time.parse", () => {
  const beijing = Date.UTC(2015, 4, 20, 5, 29, 35, 120)

  it("reads RFC3339 with or without milliseconds, with Z or an offset", () => {
    expect(instant("2015-05-20T13:29:35.120+08:00")).toStrictEqual(Option.some(beijing))
    expect(instant("2015-05-20T05:29:35.120Z")).toStrictEqual(Option.some(beijing))
    expect(instant("2015-05-20T13:29:35+08:00")).toStrictEqual(Option.some(beijing - 120))
    expect(instant("2015-05-20T05:29:35Z")).toStrictEqual(Option.some(beijing - 120))
    expect(instant("2015-05-20T00:29:35.12-05:00")).toStrictEqual(Option.some(beijing))
    expect(instant("2015-05-20T05:29:35.120999Z")).toStrictEqual(Option.some(beijing))
  })

  it("keeps the sent offset", () => {
    expect(offsetOf("2015-05-20T13:29:35.120+08:00")).toStrictEqual(Option.some("+08:00"))
    expect(offsetOf("2015-05-20T05:29:35Z")).toStrictEqual(Option.some("+00:00"))
    expect(offsetOf("2015-05-20T00:29:35-05:00")).toStrictEqual(Option.some("-05:00"))
  })

  it("tolerates the variants the docs show", () => {
    expect(instant("20150520132935")).toStrictEqual(Option.some(beijing - 120))
    expect(offsetOf("20150520132935")).toStrictEqual(Option.some("+08:00"))
    expect(instant("2015-05-20T13:29:35:120+08:00")).toStrictEqual(Option.some(beijing))
    expect(instant("2024-09-24T14:07:24 08:00")).toStrictEqual(Option.some(Date.UTC(2024, 8, 24, 6, 7, 24)))
  })

  it("rejects anything else", () => {
    expect(Time.parse("2015-05-20 13:29:35")).toStrictEqual(Option.none())
    expect(Time.parse("2015-05-20T13:29:35")).toStrictEqual(Option.none())
    expect(Time.parse("2015-02-29T00:00:00Z")).toStrictEqual(Option.none())
    expect(Time.parse("2015-05-20T24:00:00Z")).toStrictEqual(Option.none())
    expect(Time.parse("2015052013293")).toStrictEqual(Option.none())
    expect(Time.parse("")).toStrictEqual(Option.none())
  })
})

describe("Time.Rfc3339 (request times)", () => {
  it("accepts exactly the four documented shapes", () => {
    const valid = [
      "2015-05-20T13:29:35.120Z",
      "2015-05-20T13:29:35Z",
      "2015-05-20T13:29:35.120+08:00",
      "2015-05-20T13:29:35+08:00",
      "2016-02-29T00:00:00-05:00"
    ]
    const invalid = [
      "2015-05-20T13:29:35.12+08:00",
      "2015-05-20T13:29:35:120+08:00",
      "20150520132935",
      "2015-05-20T13:29:35+0800",
      "2015-05-20T13:29:35",
      "2015-02-29T00:00:00Z"
    ]
    expect(valid.map(Schema.is(Time.Rfc3339))).toStrictEqual(valid.map(() => true))
    expect(invalid.map(Schema.is(Time.Rfc3339))).toStrictEqual(invalid.map(() => false))
  })

  it("formats a DateTime into a shape it accepts", () => {
    const zoned = DateTime.makeZonedUnsafe(Date.UTC(2030, 0, 1, 0, 0, 0), {
      timeZone: DateTime.zoneMakeOffset(8 * 3600_000)
    })
    expect(Time.format(zoned)).toBe("2030-01-01T08:00:00.000+08:00")
    expect(Time.format(DateTime.makeUnsafe(0))).toBe("1970-01-01T00:00:00.000Z")
    expect(Time.isRfc3339(Time.format(zoned))).toBe(true)
  })
})
