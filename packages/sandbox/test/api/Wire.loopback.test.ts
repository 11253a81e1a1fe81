import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Golden from "../../../schema/test/golden/wire.js"
import { Sandbox } from "../../src/index.js"
import { withSandbox } from "./harness.js"
import { callOf, inputs, notSent } from "./inputs.js"

// Each endpoint is called through the api function a user calls, against the sandbox over loopback HTTP, and the
// request the sandbox received (its request log: method, raw request target, body) is compared with the endpoint's row
// of the golden wire table, written from the official pages. The client and the sandbox are both built from the
// descriptors; the golden table is not, so a wrong method, path or field name in a descriptor fails here even though
// the client and the sandbox agree with each other.

const placeholders = (path: string): ReadonlyArray<string> => Array.from(path.matchAll(/\{(\w+)\}/g), (m) => m[1]!)

/** A template's path as a pattern: each `{name}` one percent-encoded segment, the rest literal. */
const patternOf = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "([^/?#]+)")}$`)

const required = (fields: Golden.Fields) => Object.keys(fields).filter((name) => fields[name] === "required")

/** The fields of the `meta` part of a multipart body. */
const metaOf = (body: string): Record<string, unknown> => {
  const part = /Content-Disposition: form-data; name="meta";?\r\nContent-Type: application\/json\r\n\r\n(.*?)\r\n/.exec(
    body
  )
  expect(part, "a meta part").not.toBeNull()
  return JSON.parse(part![1]!)
}

const entries = (input: Readonly<Record<string, unknown>>, names: ReadonlyArray<string>) =>
  Object.fromEntries(names.filter((name) => name in input).map((name) => [name, input[name]]))

describe("loopback: what the sandbox receives is what the official pages document", () => {
  it("has an input for every row, covering every documented field but the few listed in notSent", () => {
    expect(Object.keys(inputs).sort()).toStrictEqual(Golden.rows.map((row) => row.name).sort())
    for (const row of Golden.rows) {
      const documented = [...placeholders(row.path), ...Object.keys(row.query), ...Object.keys(row.body)]
      const given = row.multipart ? Object.keys(row.body) : Object.keys(inputs[row.name]!)
      expect([...given, ...(notSent[row.name] ?? [])].sort(), row.name).toStrictEqual(documented.sort())
    }
  })

  it.live.each(Golden.rows.map((row) => [`${row.name}: ${row.method} ${row.path}`, row] as const))("%s", ([, row]) =>
    withSandbox({ client: { retry: false } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const input = inputs[row.name]!
        // The answer does not matter (a write on an unknown stock is refused): the request is what is checked.
        yield* Effect.exit(callOf(row.name)(input))
        const received = (yield* sandbox.requests).filter((request) => !request.path.startsWith("/v3/certificates"))
        expect(received, "exactly one request reached the sandbox").toHaveLength(1)
        const [request] = received

        expect(request!.method).toBe(row.method)
        expect(request!.target).toBe(request!.query === "" ? request!.path : `${request!.path}?${request!.query}`)
        const segments = patternOf(row.path).exec(request!.path)
        expect(segments, `${request!.path} is not ${row.path}`).not.toBeNull()
        expect(
          Object.fromEntries(placeholders(row.path).map((name, i) => [name, decodeURIComponent(segments![i + 1]!)]))
        ).toStrictEqual(entries(input, placeholders(row.path)))

        const query = [...new URLSearchParams(request!.query)]
        expect(query.map(([name]) => name).filter((name) => !(name in row.query))).toStrictEqual([])
        expect(Object.fromEntries(query)).toStrictEqual(
          Object.fromEntries(Object.entries(entries(input, Object.keys(row.query))).map(([k, v]) => [k, String(v)]))
        )
        expect(required(row.query).filter((name) => !query.some(([sent]) => sent === name))).toStrictEqual([])

        if (row.multipart) {
          expect(request!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/)
          const meta = metaOf(request!.body)
          expect(Object.keys(meta).sort()).toStrictEqual(Object.keys(row.body).sort())
          expect(request!.body).toMatch(/Content-Disposition: form-data; name="file"; filename="logo.png"/)
        } else if (Object.keys(row.body).length === 0) {
          expect(request!.body).toBe("")
        } else {
          const body = JSON.parse(request!.body) as Record<string, unknown>
          expect(Object.keys(body).filter((name) => !(name in row.body))).toStrictEqual([])
          expect(required(row.body).filter((name) => !(name in body))).toStrictEqual([])
          expect(body).toStrictEqual(entries(input, Object.keys(row.body)))
        }
      })
    )
  )
})
