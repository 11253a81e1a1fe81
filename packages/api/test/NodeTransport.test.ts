import * as Http from "node:http"
import type * as Net from "node:net"
import * as Os from "node:os"
import { Readable } from "node:stream"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Duration, Effect, Exit, Fiber, Option, Result, Stream, Tracer } from "effect"
import { Cookies, FetchHttpClient, HttpBody, HttpClient, HttpClientError, HttpClientRequest } from "effect/http"
import * as NodeTransport from "../src/NodeTransport.js"

// A real node:http server on loopback, one per test, closed with the test's scope.

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: Buffer
  readonly remotePort: number | undefined
}

interface Connection {
  readonly socket: Net.Socket
  /** Resolves when the server side of the connection has closed. */
  readonly closed: Promise<void>
  isClosed: boolean
}

interface Server {
  readonly host: string
  readonly port: number
  /** `http://host:port`, the origin requests are sent to. */
  readonly origin: string
  readonly seen: Array<Seen>
  readonly connections: Array<Connection>
}

type Handler = (request: Http.IncomingMessage, response: Http.ServerResponse, body: Buffer) => void

const serve = (handler: Handler, host = "127.0.0.1") =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: Http.Server; readonly info: Server }>((resume) => {
      const seen: Array<Seen> = []
      const connections: Array<Connection> = []
      const server = Http.createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          const body = Buffer.concat(chunks)
          seen.push({
            method: request.method ?? "",
            url: request.url ?? "",
            headers: request.headers,
            body,
            remotePort: request.socket.remotePort
          })
          handler(request, response, body)
        })
      })
      server.on("connection", (socket: Net.Socket) => {
        const connection: Connection = {
          socket,
          isClosed: false,
          closed: new Promise<void>((resolve) =>
            socket.once("close", () => {
              connection.isClosed = true
              resolve()
            })
          )
        }
        connections.push(connection)
      })
      server.listen(0, host, () => {
        const { port } = server.address() as Net.AddressInfo
        const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
        resume(Effect.succeed({ server, info: { host, port, origin, seen, connections } }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ info }) => info))

const reply =
  (status: number, body: string | Buffer, headers: Http.OutgoingHttpHeaders = {}): Handler =>
  (_request, response) => {
    const typed = Object.keys(headers).some((name) => name.toLowerCase() === "content-type")
    response.writeHead(status, {
      ...(typed ? {} : { "content-type": "text/plain" }),
      "content-length": Buffer.byteLength(body),
      ...headers
    })
    response.end(body)
  }

/** Waits for a promise, failing the test if it takes longer than two seconds. */
const within = <A>(promise: Promise<A>, what: string) =>
  Effect.promise(() => promise).pipe(
    Effect.timeoutOrElse({
      duration: "2 seconds",
      orElse: () => Effect.fail(new Error(`timed out waiting for ${what}`))
    })
  )

/** A promise and its resolver, for a server handler to signal the test. */
const signal = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

const bytes = (text: string) => new TextEncoder().encode(text)

/** The request target `new URL` gives for an absolute URL, as the WHATWG parser normalises it. */
const urlTarget = (url: string) => {
  const parsed = new URL(url)
  return parsed.pathname + parsed.search
}

/** A tracer delegating to the current (native) one, keeping every span it makes. */
const recordingTracer = Effect.map(Effect.tracer, (native) => {
  const spans: Array<Tracer.Span> = []
  const tracer = Tracer.make({
    span(options) {
      const span = native.span(options)
      spans.push(span)
      return span
    },
    context: native.context
  })
  return { tracer, spans }
})

const hasIpv6Loopback = Object.values(Os.networkInterfaces()).some((list) =>
  (list ?? []).some((address) => address.address === "::1")
)

describe("NodeTransport", () => {
  describe("responses", () => {
    it.live("GET: status, lower-cased headers (cached), text and json", () =>
      Effect.gen(function* () {
        const server = yield* serve(
          reply(201, '{"id":"T1","n":[1,2]}', { "Content-Type": "application/json", "X-Request-ID": "Req-42" })
        )
        const client = yield* NodeTransport.make()
        const response = yield* client.get(`${server.origin}/things/T1`)
        expect(response.status).toBe(201)
        expect(response.headers["content-type"]).toBe("application/json")
        expect(response.headers["x-request-id"]).toBe("Req-42")
        expect(response.headers["content-length"]).toBe("21")
        expect(Object.keys(response.headers).every((key) => key === key.toLowerCase())).toBe(true)
        expect(response.headers).toBe(response.headers)
        expect({ ...response.headers }).toEqual({ ...response.headers })
        expect(yield* response.text).toBe('{"id":"T1","n":[1,2]}')
        expect(yield* response.text).toBe('{"id":"T1","n":[1,2]}')
        expect(yield* response.json).toEqual({ id: "T1", n: [1, 2] })
        expect(server.seen.map((s) => [s.method, s.url])).toEqual([["GET", "/things/T1"]])
        expect(response.request.url).toBe(`${server.origin}/things/T1`)
      })
    )

    it.live("arrayBuffer is a copy of exactly the body; stream emits the body; remoteAddress is the peer", () =>
      Effect.gen(function* () {
        const body = "small body"
        const server = yield* serve(reply(200, body))
        const client = yield* NodeTransport.make()
        const response = yield* client.get(`${server.origin}/small`)
        const buffer = yield* response.arrayBuffer
        expect(buffer).toBeInstanceOf(ArrayBuffer)
        expect(buffer.byteLength).toBe(body.length)
        expect(new TextDecoder().decode(buffer)).toBe(body)
        // A copy: writing to it does not change what the response gives next time.
        new Uint8Array(buffer)[0] = 0x58
        expect(new TextDecoder().decode(yield* response.arrayBuffer)).toBe(body)
        expect(yield* response.text).toBe(body)

        const chunks = yield* Stream.runCollect(response.stream)
        const collected = Buffer.concat(chunks)
        expect(collected.toString("utf8")).toBe(body)
        expect(collected.length).toBe(body.length)

        expect(response.remoteAddress).toEqual(Option.some("127.0.0.1"))
      })
    )

    it.live("a body written in several chunks is read whole", () =>
      Effect.gen(function* () {
        const parts = ["first-", "second-", "third"]
        const server = yield* serve((_request, response) => {
          response.writeHead(200, { "content-type": "text/plain" })
          response.flushHeaders()
          let index = 0
          const next = () => {
            if (index === parts.length) {
              response.end()
              return
            }
            response.write(parts[index++]!)
            setTimeout(next, 15)
          }
          next()
        })
        const client = yield* NodeTransport.make()
        const response = yield* client.get(`${server.origin}/chunked`)
        expect(response.headers["transfer-encoding"]).toBe("chunked")
        expect(yield* response.text).toBe("first-second-third")
        expect((yield* response.arrayBuffer).byteLength).toBe("first-second-third".length)
      })
    )

    it.live("json: an empty body is null, a malformed body fails with a DecodeError", () =>
      Effect.gen(function* () {
        const server = yield* serve((request, response) => {
          response.writeHead(request.url === "/empty" ? 200 : 500, { "content-type": "application/json" })
          response.end(request.url === "/empty" ? "" : "{not json")
        })
        const client = yield* NodeTransport.make()
        const empty = yield* client.get(`${server.origin}/empty`)
        expect(yield* empty.json).toBeNull()
        const malformed = yield* client.get(`${server.origin}/malformed`)
        expect(malformed.status).toBe(500)
        const error = yield* Effect.flip(malformed.json)
        expect(error).toBeInstanceOf(HttpClientError.HttpClientError)
        expect(error.reason).toBeInstanceOf(HttpClientError.DecodeError)
        expect(error.response?.status).toBe(500)
        expect(error.reason.cause).toBeInstanceOf(SyntaxError)
        expect(yield* malformed.text).toBe("{not json")
      })
    )

    it.live("urlParamsBody and formData decode the body", () =>
      Effect.gen(function* () {
        const server = yield* serve(
          reply(200, "a=1&b=two+words&a=3", { "content-type": "application/x-www-form-urlencoded" })
        )
        const client = yield* NodeTransport.make()
        const response = yield* client.get(`${server.origin}/form`)
        expect((yield* response.urlParamsBody).params).toEqual([
          ["a", "1"],
          ["b", "two words"],
          ["a", "3"]
        ])
        const form = yield* response.formData
        expect(form.getAll("a")).toEqual(["1", "3"])
        expect(form.get("b")).toBe("two words")
      })
    )

    it.live("set-cookie headers are parsed by cookies", () =>
      Effect.gen(function* () {
        const server = yield* serve(
          reply(200, "ok", { "set-cookie": ["session=abc123; Path=/; HttpOnly", "theme=dark; Max-Age=60"] })
        )
        const client = yield* NodeTransport.make()
        const response = yield* client.get(`${server.origin}/login`)
        const cookies = response.cookies
        expect(cookies).toBe(response.cookies)
        expect(Cookies.toRecord(cookies)).toEqual({ session: "abc123", theme: "dark" })
        const session = Cookies.get(cookies, "session")
        expect(Option.map(session, (c) => [c.value, c.options?.path, c.options?.httpOnly])).toEqual(
          Option.some(["abc123", "/", true])
        )
        const maxAge = Option.flatMap(Cookies.get(cookies, "theme"), (c) => Option.fromNullishOr(c.options?.maxAge))
        expect(Option.map(maxAge, Duration.toSeconds)).toEqual(Option.some(60))
      })
    )

    it.live("a response without set-cookie has no cookies", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const response = yield* client.get(`${server.origin}/`)
        expect(Cookies.isEmpty(response.cookies)).toBe(true)
      })
    )

    it.live("HEAD and 204 responses have an empty body", () =>
      Effect.gen(function* () {
        const server = yield* serve((request, response) => {
          if (request.method === "HEAD") {
            response.writeHead(200, { "content-type": "text/plain", "content-length": "1234" })
            response.end()
          } else {
            response.writeHead(204)
            response.end()
          }
        })
        const client = yield* NodeTransport.make()
        const head = yield* client.head(`${server.origin}/h`)
        expect(head.status).toBe(200)
        expect(head.headers["content-length"]).toBe("1234")
        expect(yield* head.text).toBe("")
        const noContent = yield* client.del(`${server.origin}/d`)
        expect(noContent.status).toBe(204)
        expect((yield* noContent.arrayBuffer).byteLength).toBe(0)
        expect(yield* noContent.json).toBeNull()
        expect(server.seen.map((s) => s.method)).toEqual(["HEAD", "DELETE"])
      })
    )

    it.live("toJSON describes the request and status", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(202, "ok", { "x-a": "b" }))
        const client = yield* NodeTransport.make()
        const response = yield* client.get(`${server.origin}/json`)
        const json = response.toJSON() as { _id: string; status: number; request: { url: string; method: string } }
        expect(json._id).toBe("effect/http/HttpClientResponse")
        expect(json.status).toBe(202)
        expect(json.request.method).toBe("GET")
        expect(json.request.url).toBe(`${server.origin}/json`)
      })
    )
  })

  describe("request bodies", () => {
    it.live("bodyText with a content type sends the exact bytes, content-type and content-length", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const json = '{"out_request_no":"R-1","amount":100,"note":"中文"}'
        const request = HttpClientRequest.post(`${server.origin}/v3/things`).pipe(
          HttpClientRequest.setHeader("X-Custom", "custom value"),
          HttpClientRequest.bodyText(json, "application/json")
        )
        const response = yield* client.execute(request)
        expect(response.status).toBe(200)
        const [seen] = server.seen
        expect(seen?.method).toBe("POST")
        expect(seen?.body.equals(Buffer.from(json, "utf8"))).toBe(true)
        expect(seen?.headers["content-type"]).toBe("application/json")
        expect(seen?.headers["content-length"]).toBe(String(Buffer.byteLength(json)))
        expect(seen?.headers["x-custom"]).toBe("custom value")
        expect(seen?.headers["transfer-encoding"]).toBeUndefined()
      })
    )

    it.live("bodyJsonUnsafe sends the JSON encoding", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const value = { stock_id: "S1", list: [1, 2, 3], nested: { ok: true } }
        yield* client.execute(HttpClientRequest.bodyJsonUnsafe(HttpClientRequest.put(`${server.origin}/json`), value))
        const [seen] = server.seen
        expect(seen?.method).toBe("PUT")
        expect(seen?.body.toString("utf8")).toBe(JSON.stringify(value))
        expect(seen?.headers["content-type"]).toBe("application/json")
        expect(seen?.headers["content-length"]).toBe(String(JSON.stringify(value).length))
      })
    )

    it.live("a Stream body is sent chunked", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const stream = Stream.make(bytes("alpha,"), bytes("beta,"), bytes("gamma"))
        const response = yield* client.execute(
          HttpClientRequest.post(`${server.origin}/stream`).pipe(
            HttpClientRequest.bodyStream(stream, { contentType: "text/csv" })
          )
        )
        expect(yield* response.text).toBe("ok")
        const [seen] = server.seen
        expect(seen?.body.toString("utf8")).toBe("alpha,beta,gamma")
        expect(seen?.headers["content-type"]).toBe("text/csv")
        expect(seen?.headers["transfer-encoding"]).toBe("chunked")
      })
    )

    it.live("a Stream body with a content length is sent with it", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        yield* client.execute(
          HttpClientRequest.post(`${server.origin}/stream`).pipe(
            HttpClientRequest.bodyStream(Stream.make(bytes("12345"), bytes("678")), {
              contentType: "application/octet-stream",
              contentLength: 8
            })
          )
        )
        const [seen] = server.seen
        expect(seen?.body.toString("utf8")).toBe("12345678")
        expect(seen?.headers["content-length"]).toBe("8")
        expect(seen?.headers["transfer-encoding"]).toBeUndefined()
      })
    )

    it.live("a failing Stream body fails with an EncodeError", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const stream = Stream.concat(Stream.make(bytes("partial")), Stream.fail(new Error("boom")))
        const error = yield* Effect.flip(
          client.execute(HttpClientRequest.post(`${server.origin}/stream`).pipe(HttpClientRequest.bodyStream(stream)))
        )
        expect(error).toBeInstanceOf(HttpClientError.HttpClientError)
        expect(error.reason._tag).toBe("EncodeError")
      })
    )

    it.live("a FormData body arrives as multipart/form-data with its fields", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const form = new FormData()
        form.append("field", "value 1")
        form.append("file", new Blob(["file contents"], { type: "text/plain" }), "a.txt")
        const response = yield* client.execute(
          HttpClientRequest.post(`${server.origin}/upload`).pipe(
            HttpClientRequest.setHeader("content-type", "application/json"),
            HttpClientRequest.bodyFormData(form)
          )
        )
        expect(response.status).toBe(200)
        const [seen] = server.seen
        const contentType = seen?.headers["content-type"] ?? ""
        expect(contentType).toMatch(/^multipart\/form-data; boundary=/)
        const received = yield* Effect.promise(() =>
          new Response(new Uint8Array(seen?.body ?? []), { headers: { "content-type": contentType } }).formData()
        )
        expect(received.get("field")).toBe("value 1")
        const file = received.get("file") as File
        expect(file.name).toBe("a.txt")
        expect(yield* Effect.promise(() => file.text())).toBe("file contents")
      })
    )

    it.live("Raw bodies: a string, a Uint8Array and a Readable", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const post = (body: HttpBody.HttpBody) =>
          client.execute(HttpClientRequest.post(`${server.origin}/raw`).pipe(HttpClientRequest.setBody(body)))
        yield* post(HttpBody.raw("raw string", { contentType: "text/plain" }))
        yield* post(HttpBody.raw(bytes("raw bytes"), { contentType: "application/octet-stream", contentLength: 9 }))
        yield* post(HttpBody.raw(Readable.from([Buffer.from("from "), Buffer.from("a readable")])))
        expect(server.seen.map((s) => s.body.toString("utf8"))).toEqual(["raw string", "raw bytes", "from a readable"])
        expect(server.seen.map((s) => s.headers["content-type"])).toEqual([
          "text/plain",
          "application/octet-stream",
          undefined
        ])
        expect(server.seen[1]?.headers["content-length"]).toBe("9")
        expect(server.seen[2]?.headers["transfer-encoding"]).toBe("chunked")
      })
    )

    it.live("a Raw body of another type fails with an EncodeError", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const error = yield* Effect.flip(
          client.execute(
            HttpClientRequest.post(`${server.origin}/raw`).pipe(HttpClientRequest.setBody(HttpBody.raw({ a: 1 })))
          )
        )
        expect(error).toBeInstanceOf(HttpClientError.HttpClientError)
        expect(error.reason._tag).toBe("EncodeError")
        expect(error.reason.cause).toBeInstanceOf(TypeError)
      })
    )
  })

  describe("request targets", () => {
    it.live("urlParams are appended as URL would append them; a quote in the query is escaped", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        yield* client.execute(
          HttpClientRequest.get(`${server.origin}/v3/coupons`).pipe(
            HttpClientRequest.setUrlParam("stock_id", "S 1"),
            HttpClientRequest.setUrlParam("openid", "o'x&y=z")
          )
        )
        yield* client.get(`${server.origin}/q?name='quoted'&x=1`)
        yield* client.get(`${server.origin}/q?x=1`, { urlParams: { y: "2" } })
        const expected = new URL(`${server.origin}/v3/coupons`)
        expected.searchParams.append("stock_id", "S 1")
        expected.searchParams.append("openid", "o'x&y=z")
        expect(server.seen.map((s) => s.url)).toEqual([
          expected.pathname + expected.search,
          urlTarget(`${server.origin}/q?name='quoted'&x=1`),
          "/q?x=1&y=2"
        ])
        expect(server.seen[0]?.url).toBe("/v3/coupons?stock_id=S+1&openid=o%27x%26y%3Dz")
        expect(server.seen[1]?.url).toBe("/q?name=%27quoted%27&x=1")
      })
    )

    it.live("paths needing normalisation are sent as URL normalises them", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const paths = [
          "/a b/c",
          "/a/../b",
          "/a/./b/.",
          "/a/b/..",
          "/a/%2e%2e/b",
          "/a/.%2E/b?x=1",
          "/a/%2e/b",
          "/plain/path-_.~!$&()*+,;=:@%20?q=1/2",
          "/a\\b",
          '/a"b<c>{d}',
          "/a?q=a b"
        ]
        for (const path of paths) yield* client.get(server.origin + path)
        expect(server.seen.map((s) => s.url)).toEqual(paths.map((path) => urlTarget(server.origin + path)))
        expect(server.seen.slice(0, 5).map((s) => s.url)).toEqual(["/a%20b/c", "/b", "/a/b/", "/a/", "/b"])
      })
    )

    it.live("the hash is not sent; an origin without a path requests /", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        yield* client.get(`${server.origin}/with#fragment`)
        yield* client.execute(HttpClientRequest.get(`${server.origin}/set`).pipe(HttpClientRequest.setHash("h")))
        yield* client.get(server.origin)
        yield* client.get(`${server.origin}?only=query`)
        expect(server.seen.map((s) => s.url)).toEqual(["/with", "/set", "/", "/?only=query"])
      })
    )

    it.live.skipIf(!hasIpv6Loopback)("an IPv6 literal host is connected to", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "over ipv6"), "::1")
        expect(server.origin).toBe(`http://[::1]:${server.port}`)
        const client = yield* NodeTransport.make()
        const fast = yield* client.get(`${server.origin}/fast`)
        expect(yield* fast.text).toBe("over ipv6")
        expect(fast.remoteAddress).toEqual(Option.some("::1"))
        const slow = yield* client.get(`${server.origin}/slow`, { urlParams: { a: "1" } })
        expect(yield* slow.text).toBe("over ipv6")
        const { tracer, spans } = yield* recordingTracer
        yield* client.get(`${server.origin}/traced`).pipe(Effect.withTracer(tracer))
        expect(spans[0]?.attributes.get("server.address")).toBe("::1")
        expect(spans[0]?.attributes.get("url.full")).toBe(`${server.origin}/traced`)
        expect(server.seen.map((s) => [s.url, s.headers.host])).toEqual([
          ["/fast", `[::1]:${server.port}`],
          ["/slow?a=1", `[::1]:${server.port}`],
          ["/traced", `[::1]:${server.port}`]
        ])
      })
    )
  })

  describe("connections", () => {
    it.live("sequential requests reuse one keep-alive socket", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        for (let i = 0; i < 5; i++) {
          const response = yield* client.get(`${server.origin}/n/${i}`)
          expect(yield* response.text).toBe("ok")
        }
        yield* client.execute(HttpClientRequest.post(`${server.origin}/p`).pipe(HttpClientRequest.bodyText("x")))
        expect(server.seen).toHaveLength(6)
        expect(server.connections).toHaveLength(1)
        expect(new Set(server.seen.map((s) => s.remotePort)).size).toBe(1)
        expect(server.seen[0]?.headers.connection).toBe("keep-alive")
      })
    )

    it.live("closing make's scope closes the keep-alive socket", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const connection = yield* Effect.scoped(
          Effect.gen(function* () {
            const client = yield* NodeTransport.make()
            expect(yield* Effect.flatMap(client.get(`${server.origin}/`), (r) => r.text)).toBe("ok")
            yield* Effect.sleep("50 millis")
            expect(server.connections).toHaveLength(1)
            expect(server.connections[0]!.isClosed).toBe(false)
            return server.connections[0]!
          })
        )
        yield* within(connection.closed, "the socket to close")
        expect(connection.isClosed).toBe(true)
      })
    )

    it.live("layer: the socket is closed when the layer's scope closes", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "via layer"))
        const text = yield* Effect.flatMap(HttpClient.HttpClient, (client) =>
          Effect.flatMap(client.get(`${server.origin}/layer`), (r) => r.text)
        ).pipe(Effect.provide(NodeTransport.layer()))
        expect(text).toBe("via layer")
        expect(server.connections).toHaveLength(1)
        yield* within(server.connections[0]!.closed, "the socket to close")
        expect(server.connections[0]!.isClosed).toBe(true)
      })
    )

    it.live("agent options are used: without keep-alive every request opens a socket", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make({ agent: { keepAlive: false } })
        for (let i = 0; i < 3; i++) yield* client.get(`${server.origin}/${i}`)
        expect(server.connections).toHaveLength(3)
      })
    )
  })

  describe("limits and failures", () => {
    it.live("a body longer than maxResponseBytes fails with a DecodeError and closes the connection", () =>
      Effect.gen(function* () {
        const server = yield* serve((request, response) => {
          response.writeHead(200, { "content-type": "text/plain" })
          response.end("x".repeat(request.url === "/over" ? 17 : 16))
        })
        const client = yield* NodeTransport.make({ maxResponseBytes: 16 })
        const atLimit = yield* client.get(`${server.origin}/at`)
        expect(yield* atLimit.text).toBe("x".repeat(16))

        const error = yield* Effect.flip(client.get(`${server.origin}/over`))
        expect(error).toBeInstanceOf(HttpClientError.HttpClientError)
        expect(error.reason._tag).toBe("DecodeError")
        expect(error.reason.description).toBe("response body longer than 16 bytes")
        expect((error.reason.cause as NodeJS.ErrnoException).code).toBe(NodeTransport.RESPONSE_TOO_LARGE)
        expect(error.response?.status).toBe(200)
        expect(server.connections).toHaveLength(1)
        yield* within(server.connections[0]!.closed, "the connection to close")

        // The next request gets a fresh connection and succeeds.
        const after = yield* client.get(`${server.origin}/at`)
        expect((yield* after.arrayBuffer).byteLength).toBe(16)
        expect(server.connections).toHaveLength(2)
      })
    )

    it.live("a chunked body growing past the limit fails with a DecodeError", () =>
      Effect.gen(function* () {
        const server = yield* serve((_request, response) => {
          response.writeHead(200, { "content-type": "text/plain" })
          response.write("a".repeat(10))
          setTimeout(() => response.end("b".repeat(10)), 20)
        })
        const client = yield* NodeTransport.make({ maxResponseBytes: 15 })
        const error = yield* Effect.flip(client.get(`${server.origin}/grow`))
        expect(error.reason._tag).toBe("DecodeError")
      })
    )

    it.live("the default limit is 8 MiB", () =>
      Effect.gen(function* () {
        expect(NodeTransport.DEFAULT_MAX_RESPONSE_BYTES).toBe(8 * 1024 * 1024)
        const limit = NodeTransport.DEFAULT_MAX_RESPONSE_BYTES
        const server = yield* serve((request, response) => {
          response.writeHead(200, { "content-type": "application/octet-stream" })
          response.end(Buffer.alloc(request.url === "/over" ? limit + 1 : limit, 0x61))
        })
        const client = yield* NodeTransport.make()
        const at = yield* client.get(`${server.origin}/at`)
        expect((yield* at.arrayBuffer).byteLength).toBe(limit)
        const error = yield* Effect.flip(client.get(`${server.origin}/over`))
        expect(error.reason._tag).toBe("DecodeError")
        expect(error.reason.description).toBe(`response body longer than ${limit} bytes`)
      })
    )

    it.live("a connection closed in the middle of the body fails with DecodeError", () =>
      Effect.gen(function* () {
        const server = yield* serve((request, response) => {
          response.writeHead(200, { "content-type": "text/plain", "content-length": "1000" })
          response.write("only part of it", () => request.socket.destroy())
        })
        const client = yield* NodeTransport.make()
        const error = yield* Effect.flip(client.get(`${server.origin}/cut`))
        expect(error).toBeInstanceOf(HttpClientError.HttpClientError)
        expect(error.reason._tag).toBe("DecodeError")
        expect(error.response?.status).toBe(200)
      })
    )

    it.live("nothing listening fails with a TransportError", () =>
      Effect.gen(function* () {
        const port = yield* Effect.scoped(Effect.map(serve(reply(200, "ok")), (server) => server.port))
        const client = yield* NodeTransport.make()
        const error = yield* Effect.flip(client.get(`http://127.0.0.1:${port}/`))
        expect(error).toBeInstanceOf(HttpClientError.HttpClientError)
        expect(error.reason._tag).toBe("TransportError")
        expect((error.reason.cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED")
      })
    )

    it.live("an invalid URL fails with an InvalidUrlError, without a request", () =>
      Effect.gen(function* () {
        const client = yield* NodeTransport.make()
        for (const url of ["not a url", "ftp://127.0.0.1/file", "http://", "/relative/path"]) {
          const error = yield* Effect.flip(client.get(url))
          expect(error).toBeInstanceOf(HttpClientError.HttpClientError)
          expect([url, error.reason._tag]).toEqual([url, "InvalidUrlError"])
        }
      })
    )
  })

  describe("interruption", () => {
    it.live("a timeout ends an unanswered request promptly and closes its socket", () =>
      Effect.gen(function* () {
        const arrived = signal()
        const server = yield* serve(() => arrived.resolve())
        const client = yield* NodeTransport.make()
        const started = Date.now()
        const result = yield* client.get(`${server.origin}/never`).pipe(Effect.timeout("200 millis"), Effect.result)
        const elapsed = Date.now() - started
        expect(Result.isFailure(result) && Cause.isTimeoutError(result.failure)).toBe(true)
        expect(elapsed).toBeGreaterThanOrEqual(190)
        expect(elapsed).toBeLessThan(1500)
        yield* within(arrived.promise, "the request to arrive")
        expect(server.connections).toHaveLength(1)
        yield* within(server.connections[0]!.closed, "the socket to close")
      })
    )

    it.live("interrupting the fiber destroys the request", () =>
      Effect.gen(function* () {
        const arrived = signal()
        const server = yield* serve(() => arrived.resolve())
        const client = yield* NodeTransport.make()
        const fiber = yield* Effect.forkChild(client.get(`${server.origin}/never`))
        yield* within(arrived.promise, "the request to arrive")
        expect(server.connections[0]!.isClosed).toBe(false)
        const started = Date.now()
        yield* Fiber.interrupt(fiber)
        const exit = yield* Fiber.await(fiber)
        expect(Date.now() - started).toBeLessThan(1000)
        expect(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)).toBe(true)
        yield* within(server.connections[0]!.closed, "the socket to close")
      })
    )

    it.live("interrupting while the body is being read destroys the request", () =>
      Effect.gen(function* () {
        const arrived = signal()
        const server = yield* serve((_request, response) => {
          response.writeHead(200, { "content-type": "text/plain", "content-length": "100" })
          response.write("some of the body")
          arrived.resolve()
        })
        const client = yield* NodeTransport.make()
        const fiber = yield* Effect.forkChild(client.get(`${server.origin}/slow-body`))
        yield* within(arrived.promise, "the headers to be written")
        yield* Effect.sleep("30 millis")
        yield* Fiber.interrupt(fiber)
        const exit = yield* Fiber.await(fiber)
        expect(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)).toBe(true)
        yield* within(server.connections[0]!.closed, "the socket to close")
      })
    )
  })

  describe("tracing", () => {
    it.live("the http.client span is the one effect's own HttpClient.make records, for a 2xx and a 4xx", () =>
      Effect.gen(function* () {
        const server = yield* serve((request, response) => {
          const found = !request.url?.startsWith("/missing")
          response.writeHead(found ? 200 : 404, { "content-type": "text/plain", "x-request-id": "R-1" })
          response.end(found ? "ok" : "missing")
        })
        const node = yield* NodeTransport.make()
        const fetch = yield* Effect.provide(HttpClient.HttpClient, FetchHttpClient.layer)
        const headerFilter = (name: string) =>
          ["authorization", "x-custom", "content-type", "x-request-id"].includes(name)
        const spanOf = (client: HttpClient.HttpClient, request: HttpClientRequest.HttpClientRequest) =>
          Effect.gen(function* () {
            const { tracer, spans } = yield* recordingTracer
            yield* client
              .execute(request)
              .pipe(Effect.withTracer(tracer), Effect.provideService(HttpClient.TracerHeaderFilter, headerFilter))
            const span = spans[0]!
            return {
              names: spans.map((s) => s.name),
              kind: span.kind,
              attributes: Object.fromEntries(span.attributes),
              failed: span.status._tag === "Ended" && Exit.isFailure(span.status.exit)
            }
          })
        const requests = [
          HttpClientRequest.get(`${server.origin}/v3/things?x=1&sig=secret-signature`).pipe(
            HttpClientRequest.setHeaders({ authorization: "secret-token", "x-custom": "shown" })
          ),
          HttpClientRequest.post(`${server.origin}/missing?`).pipe(HttpClientRequest.bodyText("x")),
          HttpClientRequest.get(`${server.origin}/params`).pipe(HttpClientRequest.setUrlParam("a", "1 2"))
        ]
        for (const request of requests) {
          const expected = yield* spanOf(fetch, request)
          expect(yield* spanOf(node, request)).toEqual(expected)
        }
        const ok = yield* spanOf(node, requests[0]!)
        expect(ok.attributes["url.full"]).not.toContain("secret-signature")
        expect(ok.attributes["http.request.header.authorization"]).toBe("<redacted>")
        expect(ok.attributes["http.request.header.x-custom"]).toBe("shown")
        expect(ok.attributes["http.response.header.x-request-id"]).toBe("R-1")
        const missing = yield* spanOf(node, requests[1]!)
        expect([missing.failed, missing.attributes["error.type"]]).toEqual([true, "404"])
      })
    )

    it.live("an http.client span with the request's attributes, propagated as traceparent and b3", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "traced"))
        const client = yield* NodeTransport.make()
        const { tracer, spans } = yield* recordingTracer
        const response = yield* client
          .get(`${server.origin}/v3/things?x=1&y=2`)
          .pipe(Effect.withSpan("parent"), Effect.withTracer(tracer))
        expect(response.status).toBe(200)

        const span = spans.find((s) => s.name === "GET")
        const parent = spans.find((s) => s.name === "parent")
        expect(span).toBeDefined()
        expect(parent).toBeDefined()
        expect(span!.kind).toBe("client")
        expect(Object.fromEntries(span!.attributes)).toEqual({
          "http.request.method": "GET",
          "server.address": "127.0.0.1",
          "server.port": server.port,
          "url.full": `${server.origin}/v3/things?x=1&y=2`,
          "url.path": "/v3/things",
          "url.query": "x=1&y=2",
          "url.scheme": "http",
          "http.response.status_code": 200
        })
        expect(span!.status._tag).toBe("Ended")
        expect(Option.map(span!.parent, (p) => p.spanId)).toEqual(Option.some(parent!.spanId))
        expect(span!.traceId).toBe(parent!.traceId)
        expect(span!.traceId).toMatch(/^[0-9a-f]{32}$/)
        expect(span!.spanId).toMatch(/^[0-9a-f]{16}$/)

        const [seen] = server.seen
        expect(seen?.headers.traceparent).toBe(`00-${span!.traceId}-${span!.spanId}-01`)
        expect(seen?.headers.b3).toBe(`${span!.traceId}-${span!.spanId}-1-${parent!.spanId}`)
      })
    )

    it.live("an empty query gives no url.query; a failed request's span ends with the failure", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(404, "missing"))
        const client = yield* NodeTransport.make()
        const { tracer, spans } = yield* recordingTracer
        yield* client.post(`${server.origin}/p?`).pipe(Effect.withTracer(tracer))
        const post = spans.find((s) => s.name === "POST")
        expect(post?.attributes.get("url.path")).toBe("/p")
        expect(post?.attributes.has("url.query")).toBe(false)
        expect(post?.attributes.get("http.response.status_code")).toBe(404)

        const port = yield* Effect.scoped(Effect.map(serve(reply(200, "ok")), (s) => s.port))
        yield* Effect.flip(client.get(`http://127.0.0.1:${port}/refused`).pipe(Effect.withTracer(tracer)))
        const failed = spans.find((s) => s.attributes.get("url.path") === "/refused")
        expect(failed?.status._tag).toBe("Ended")
        expect(failed?.status._tag === "Ended" && Exit.isFailure(failed.status.exit)).toBe(true)
        expect(failed?.attributes.has("http.response.status_code")).toBe(false)
      })
    )

    it.live("TracerPropagationEnabled false records the span but sends no trace headers", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const { tracer, spans } = yield* recordingTracer
        yield* client
          .get(`${server.origin}/quiet`)
          .pipe(
            Effect.withSpan("parent"),
            Effect.withTracer(tracer),
            Effect.provideService(HttpClient.TracerPropagationEnabled, false)
          )
        expect(spans.map((s) => s.name).sort()).toEqual(["GET", "parent"])
        const [seen] = server.seen
        expect(seen?.url).toBe("/quiet")
        expect(seen?.headers.traceparent).toBeUndefined()
        expect(seen?.headers.b3).toBeUndefined()
      })
    )

    it.live("TracerDisabledWhen: a matching request gets no span and no trace headers", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const { tracer, spans } = yield* recordingTracer
        const disabledWhen = Effect.provideService(HttpClient.TracerDisabledWhen, (request) =>
          request.url.endsWith("/untraced")
        )
        yield* client
          .get(`${server.origin}/untraced`)
          .pipe(Effect.withSpan("parent"), Effect.withTracer(tracer), disabledWhen)
        expect(spans.map((s) => s.name)).toEqual(["parent"])
        expect(server.seen[0]?.headers.traceparent).toBeUndefined()
        // The predicate is consulted per request.
        yield* client.get(`${server.origin}/traced`).pipe(Effect.withTracer(tracer), disabledWhen)
        expect(spans.map((s) => s.name)).toEqual(["parent", "GET"])
        expect(server.seen[1]?.headers.traceparent).toBe(`00-${spans[1]!.traceId}-${spans[1]!.spanId}-01`)
      })
    )

    it.live("with the tracer disabled no span is made", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const { tracer, spans } = yield* recordingTracer
        yield* client.get(`${server.origin}/off`).pipe(Effect.withTracerEnabled(false), Effect.withTracer(tracer))
        expect(spans).toEqual([])
        expect(server.seen[0]?.headers.traceparent).toBeUndefined()
      })
    )

    it.live("SpanNameGenerator names the span", () =>
      Effect.gen(function* () {
        const server = yield* serve(reply(200, "ok"))
        const client = yield* NodeTransport.make()
        const { tracer, spans } = yield* recordingTracer
        yield* client.get(`${server.origin}/named`).pipe(
          Effect.withTracer(tracer),
          Effect.provideService(HttpClient.SpanNameGenerator, (request) => `wechatpay ${request.method}`)
        )
        expect(spans.map((s) => s.name)).toEqual(["wechatpay GET"])
      })
    )
  })
})
