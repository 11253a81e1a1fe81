/**
 * The notification endpoint under hostile requests, in every real server the docs mount it in (see
 * notificationServers.ts): any method, request target or header bytes are answered (or the connection closed by
 * Node's own parser), never a crash, and the server goes on handling notifications.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Ref } from "effect"
import * as Notifications from "../src/Notifications.js"
import { layer, signSend } from "./notificationFixtures.js"
import { mountings, post, raw, requestHead } from "./notificationServers.js"

const recorder = Effect.map(Ref.make<ReadonlyArray<string>>([]), (calls) => ({
  calls: Ref.get(calls),
  handle: (notification: Notifications.Notification) => Ref.update(calls, (all) => [...all, notification.id])
}))

const close = [
  ["Host", "127.0.0.1"],
  ["Connection", "close"]
] as const

/** Requests no framework would send: each must be answered 4xx or closed, and reach no handler. */
const hostile: ReadonlyArray<readonly [name: string, head: string, body?: string]> = [
  ["TRACE", requestHead("TRACE /wechatpay/notify HTTP/1.1", close)],
  ["TRACE with a body", requestHead("TRACE /wechatpay/notify HTTP/1.1", [...close, ["Content-Length", "2"]]), "{}"],
  ["TRACK", requestHead("TRACK /wechatpay/notify HTTP/1.1", close)],
  ["CONNECT", requestHead("CONNECT 127.0.0.1:443 HTTP/1.1", close)],
  ["OPTIONS *", requestHead("OPTIONS * HTTP/1.1", close)],
  ["M-SEARCH *", requestHead("M-SEARCH * HTTP/1.1", close)],
  ["PROPFIND", requestHead("PROPFIND /wechatpay/notify HTTP/1.1", close)],
  ["GET", requestHead("GET /wechatpay/notify HTTP/1.1", close)],
  ["HEAD", requestHead("HEAD /wechatpay/notify HTTP/1.1", close)],
  [
    "POST to an absolute URL with credentials",
    requestHead("POST http://user:pass@evil.example/wechatpay/notify HTTP/1.1", [...close, ["Content-Length", "2"]]),
    "{}"
  ],
  [
    "POST to a target of odd bytes",
    requestHead("POST /wechatpay/notify?\xff%00%zz HTTP/1.1", [...close, ["Content-Length", "2"]]),
    "{}"
  ],
  [
    "POST to a target that is not a path",
    requestHead("POST @evil HTTP/1.1", [...close, ["Content-Length", "2"]]),
    "{}"
  ],
  [
    "POST with header bytes outside ASCII",
    requestHead("POST /wechatpay/notify HTTP/1.1", [
      ...close,
      ["X-Odd", "\xff\xfe\x80 \x7f"],
      ["Wechatpay-Serial", "\xe5\xbe\xae"],
      ["Wechatpay-Timestamp", "\x00"],
      ["Content-Length", "2"]
    ]),
    "{}"
  ],
  [
    "POST with odd header names",
    requestHead("POST /wechatpay/notify HTTP/1.1", [
      ...close,
      ["X-!#$%&'*+.^_`|~", "1"],
      ["Wechatpay-Signature", ""],
      ["Content-Length", "2"]
    ]),
    "{}"
  ],
  [
    "POST with two Content-Lengths",
    requestHead("POST /wechatpay/notify HTTP/1.1", [...close, ["Content-Length", "2"], ["Content-Length", "3"]]),
    "{}"
  ],
  [
    "POST chunked with a bad chunk size",
    requestHead("POST /wechatpay/notify HTTP/1.1", [...close, ["Transfer-Encoding", "chunked"]]),
    "zz\r\n{}\r\n0\r\n\r\n"
  ]
]

describe.each(mountings)("$name: hostile requests", (mounting) => {
  it.live("any method, request target or header bytes: answered 4xx or closed, never a crash", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const origin = yield* mounting.start(handle)
      const answers = yield* Effect.forEach(
        hostile,
        ([name, head, body]) =>
          Effect.map(raw(origin, head, { body, holdMillis: 3000 }), (answer) => ({
            name,
            status: answer.status,
            answered: answer.status !== undefined || answer.closedAfterMillis !== undefined,
            head: answer.head
          })),
        { concurrency: 4 }
      )
      for (const answer of answers) {
        expect({ name: answer.name, answered: answer.answered }).toEqual({ name: answer.name, answered: true })
        if (answer.status !== undefined) {
          expect({ name: answer.name, client: answer.status >= 400 && answer.status < 500 }).toEqual({
            name: answer.name,
            client: true
          })
        }
      }
      if (!mounting.routed) {
        // Nothing routes in front: the endpoint itself answers any method but POST 405, naming POST.
        for (const name of ["TRACE", "TRACE with a body", "PROPFIND", "GET"]) {
          const answer = answers.find((a) => a.name === name)
          expect({ name, status: answer?.status }).toEqual({ name, status: 405 })
          expect(answer?.head.toLowerCase()).toContain("allow: post")
        }
      }
      // The server is still up and handles a real notification.
      expect((yield* post(origin, yield* signSend({ id: "EV-AFTER-HOSTILE" }))).status).toBe(204)
      expect(yield* calls).toEqual(["EV-AFTER-HOSTILE"])
    }).pipe(Effect.provide(layer))
  )

  it.live("a signed notification with odd bytes in an unrelated header is handled", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const origin = yield* mounting.start(handle)
      const signed = yield* signSend({ id: "EV-ODD-HEADER" })
      const headers = Object.entries(signed.headers).map(([name, value]) => [name, value] as const)
      const body = Buffer.from(signed.body, "utf8").toString("latin1")
      const answer = yield* raw(
        origin,
        requestHead("POST /wechatpay/notify HTTP/1.1", [
          ...close,
          ...headers,
          ["X-Odd", "\xff\xfe\x80"],
          ["X-!#$%&'*+.^_`|~", "1"],
          ["Content-Length", String(Buffer.byteLength(signed.body))]
        ]),
        { body, holdMillis: 5000 }
      )
      expect(answer.status).toBe(204)
      expect(yield* calls).toEqual(["EV-ODD-HEADER"])
    }).pipe(Effect.provide(layer))
  )
})

const notifyHead = (headers: ReadonlyArray<readonly [string, string]>) =>
  requestHead("POST /wechatpay/notify HTTP/1.1", [["Host", "127.0.0.1"], ...headers])

describe.each(mountings)("$name: slow and oversize bodies, hanging handlers", (mounting) => {
  it.live("a body sent one byte at a time is cut off at the body deadline: 408 and the connection closed", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const origin = yield* mounting.start(handle, { bodyTimeout: "500 millis" })
      const answer = yield* raw(origin, notifyHead([["Content-Length", "1000"]]), {
        trickleMillis: 100,
        holdMillis: 5000
      })
      expect(answer.closedAfterMillis).toBeDefined()
      expect(answer.closedAfterMillis).toBeLessThan(2500)
      // @effect/platform-node destroys the request stream when the read is interrupted, which closes the socket
      // before the 408 can be written; every other mounting answers 408 and then closes.
      expect(answer.status).toBe(mounting.name === "HttpServer with httpApp" ? undefined : 408)
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(layer))
  )

  it.live("a body that claims 512 MiB is refused before it is read", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const origin = yield* mounting.start(handle)
      const answer = yield* raw(origin, notifyHead([["Content-Length", String(512 * 1024 * 1024)]]), {
        floodBytes: 64 * 1024 * 1024,
        holdMillis: 5000
      })
      expect(answer.closedAfterMillis).toBeDefined()
      expect(answer.bytesWritten).toBeLessThan(16 * 1024 * 1024)
      expect(answer.status).toBe(400)
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(layer))
  )

  it.live("a chunked body that never ends is cut off past 1 MiB", () =>
    Effect.gen(function* () {
      const { calls, handle } = yield* recorder
      const origin = yield* mounting.start(handle)
      // One chunk header announcing 64 MiB, then bytes as fast as the server takes them.
      const answer = yield* raw(origin, notifyHead([["Transfer-Encoding", "chunked"]]), {
        body: `${(64 * 1024 * 1024).toString(16)}\r\n`,
        floodBytes: 64 * 1024 * 1024,
        holdMillis: 5000
      })
      expect(answer.closedAfterMillis).toBeDefined()
      expect(answer.bytesWritten).toBeLessThan(16 * 1024 * 1024)
      expect(answer.status).toBe(400)
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(layer))
  )

  it.live("a handler that never finishes is answered 500 at its budget", () =>
    Effect.gen(function* () {
      const started = performance.now()
      const origin = yield* mounting.start(() => Effect.never, { timeout: "300 millis" })
      const answer = yield* post(origin, yield* signSend({ id: "EV-HANGS" }))
      expect(answer).toEqual({
        status: 500,
        body: '{"code":"FAIL","message":"notification not processed, please retry"}'
      })
      expect(performance.now() - started).toBeLessThan(3000)
    }).pipe(Effect.provide(layer))
  )
})

describe("the default body deadline", () => {
  for (const mounting of mountings.filter((m) => !m.routed)) {
    it.live(`${mounting.name}: a 1 byte/s sender is cut off after ${Notifications.DEFAULT_BODY_TIMEOUT}`, () =>
      Effect.gen(function* () {
        const origin = yield* mounting.start(() => Effect.void)
        const answer = yield* raw(origin, notifyHead([["Content-Length", "1000"]]), {
          trickleMillis: 1000,
          holdMillis: 8000
        })
        expect(answer.closedAfterMillis).toBeGreaterThanOrEqual(1900)
        expect(answer.closedAfterMillis).toBeLessThan(4000)
      }).pipe(Effect.provide(layer))
    )
  }
})
