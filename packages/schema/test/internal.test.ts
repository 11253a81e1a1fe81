import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { charCount, maxUtf8Bytes, noFourByteUtf8, nonAsciiCount, utf8ByteLength } from "../src/internal/text.js"
import { issues } from "./support.js"

describe("internal text rules", () => {
  it("counts characters, UTF-8 bytes and non-ASCII characters", () => {
    expect([charCount("a券é🎫"), utf8ByteLength("a券é"), nonAsciiCount("a券é-")]).toStrictEqual([4, 6, 2])
  })

  it.effect("limits UTF-8 bytes, counting a CJK character as 3", () =>
    Effect.gen(function* () {
      const Name = Schema.String.check(maxUtf8Bytes(6))
      expect(yield* Schema.decodeUnknownEffect(Name)("券券")).toBe("券券")
      expect(yield* issues(Name, "券券a")).toStrictEqual([
        { path: [], message: "must be at most 6 UTF-8 bytes (a CJK character counts 3), got 7" }
      ])
    })
  )

  it.effect("rejects emoji and lone surrogates, accepts every 1–3-byte character", () =>
    Effect.gen(function* () {
      const Text = Schema.String.check(noFourByteUtf8)
      expect((yield* issues(Text, "\uD800")).map(({ message }) => message)).toStrictEqual([
        "must not contain 4-byte UTF-8 characters such as emoji (APIv3 accepts 1–3-byte UTF-8 only)"
      ])
      expect(yield* Schema.decodeUnknownEffect(Text)("\u0000é券\uFFFD")).toBe("\u0000é券\uFFFD")
    })
  )
})
