/**
 * The notification endpoint mounted in real listening servers on loopback, every way the docs show: an
 * @effect/platform-node HttpServer with `Notifications.httpApp` as an HttpRouter route, node:http and Express with
 * `Notifications.nodeHandler`, and the Fetch mounting (`HttpEffect.toWebHandlerLayer`) in Hono on @hono/node-server,
 * as a Hono route and as the whole server. Plus a raw TCP client, for what fetch cannot send.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Net from "node:net"
import { NodeHttpServer } from "@effect/platform-node"
import { serve } from "@hono/node-server"
import { Context, Effect, Layer, type Scope } from "effect"
import { HttpEffect, HttpRouter, HttpServer } from "effect/http"
import express from "express"
import { Hono } from "hono"
import type { NotificationStore } from "../src/NotificationStore.js"
import * as Notifications from "../src/Notifications.js"
import type * as NotificationTesting from "../src/NotificationTesting.js"
import type { WechatPayClient } from "../src/WechatPay.js"

export type Handle = (notification: Notifications.Notification) => Effect.Effect<void>

/** POSTs a notification with fetch. */
export const post = (origin: string, notification: NotificationTesting.SignedNotification) =>
  Effect.promise(async () => {
    const response = await fetch(`${origin}/wechatpay/notify`, {
      method: "POST",
      headers: notification.headers,
      body: notification.body
    })
    return { status: response.status, body: await response.text() }
  })

/** An @effect/platform-node HttpServer on loopback serving `Notifications.httpApp(handle)` at /wechatpay/notify. */
export const effectServer = (handle: Handle, options?: Notifications.HttpAppOptions) =>
  Effect.gen(function* () {
    const context = yield* Layer.build(
      HttpRouter.serve(HttpRouter.add("POST", "/wechatpay/notify", Notifications.httpApp(handle, options)), {
        disableLogger: true,
        disableListenLog: true
      }).pipe(Layer.provideMerge(NodeHttpServer.layer(() => Http.createServer(), { port: 0, host: "127.0.0.1" })))
    )
    return HttpServer.formatAddress(Context.get(context, HttpServer.HttpServer).address)
  })

const originOf = (server: Http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`

/** Closes a server with the scope, cutting the connections still open (a slow sender's, a hung request's). */
const closing = (server: Http.Server) =>
  Effect.callback<void>((resume) => {
    server.close(() => resume(Effect.void))
    server.closeAllConnections()
  })

/** A node:http server on loopback, closed with the scope. */
export const listen = (listener: Http.RequestListener) =>
  Effect.acquireRelease(
    Effect.callback<Http.Server>((resume) => {
      const server = Http.createServer(listener)
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    closing
  ).pipe(Effect.map(originOf))

/** `Notifications.httpApp` as a Fetch handler over the current context, as `toWebHandlerLayer` makes it. */
const fetchHandler = (handle: Handle, options?: Notifications.HttpAppOptions) =>
  Effect.gen(function* () {
    const context = yield* Effect.context<WechatPayClient | NotificationStore>()
    const { dispose, handler } = HttpEffect.toWebHandlerLayer(
      Notifications.httpApp(handle, options),
      Layer.succeedContext(context)
    )
    yield* Effect.addFinalizer(() => Effect.promise(dispose))
    return handler
  })

/** A Fetch handler served by @hono/node-server, closed with the scope. */
const honoServe = (fetch: (request: Request) => Response | Promise<Response>) =>
  Effect.acquireRelease(
    Effect.callback<Http.Server>((resume) => {
      const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () =>
        resume(Effect.succeed(server))
      ) as Http.Server
    }),
    closing
  ).pipe(Effect.map(originOf))

/** Every mounting the docs show; `routed`: a router in front answers other paths and methods itself. */
export const mountings: ReadonlyArray<{
  readonly name: string
  readonly routed: boolean
  readonly start: (
    handle: Handle,
    options?: Notifications.HttpAppOptions
  ) => Effect.Effect<string, unknown, WechatPayClient | NotificationStore | Scope.Scope>
}> = [
  { name: "HttpServer with httpApp", routed: true, start: effectServer },
  {
    name: "node:http with nodeHandler",
    routed: false,
    start: (handle, options) => Effect.flatMap(Notifications.nodeHandler(handle, options), listen)
  },
  {
    name: "Express with nodeHandler (app.post)",
    routed: true,
    start: (handle, options) =>
      Effect.flatMap(Notifications.nodeHandler(handle, options), (listener) => {
        const app = express()
        app.post("/wechatpay/notify", listener)
        return listen(app)
      })
  },
  {
    name: "Express with nodeHandler (app.use)",
    routed: false,
    start: (handle, options) =>
      Effect.flatMap(Notifications.nodeHandler(handle, options), (listener) => {
        const app = express()
        app.use(listener)
        return listen(app)
      })
  },
  {
    name: "Hono route with toWebHandlerLayer",
    routed: true,
    start: (handle, options) =>
      Effect.flatMap(fetchHandler(handle, options), (handler) => {
        const app = new Hono()
        app.post("/wechatpay/notify", (c) => handler(c.req.raw))
        return honoServe(app.fetch)
      })
  },
  {
    name: "@hono/node-server with toWebHandlerLayer as the whole server",
    routed: false,
    start: (handle, options) => Effect.flatMap(fetchHandler(handle, options), (handler) => honoServe(handler))
  }
]

/** What a raw request got back. `closedAfterMillis` is undefined when the server still held the connection. */
export interface RawAnswer {
  readonly status: number | undefined
  readonly head: string
  readonly body: string
  readonly closedAfterMillis: number | undefined
  readonly bytesWritten: number
}

/**
 * Writes `head` (latin1 bytes, so any header byte can be sent) and then, optionally, a body: all at once, one byte
 * every `trickleMillis`, or as fast as the server takes it (`flood`, up to `floodBytes`). Resolves when the server
 * closes the connection, or after `holdMillis` with `closedAfterMillis: undefined`.
 */
export const raw = (
  origin: string,
  head: string,
  options: {
    readonly body?: string | undefined
    readonly trickleMillis?: number | undefined
    readonly floodBytes?: number | undefined
    readonly holdMillis?: number | undefined
  } = {}
) =>
  Effect.promise(
    () =>
      new Promise<RawAnswer>((resolve) => {
        const url = new URL(origin)
        const socket = Net.connect(Number(url.port), url.hostname)
        const started = performance.now()
        const received: Array<Buffer> = []
        let bytesWritten = 0
        let closed = false
        let trickle: NodeJS.Timeout | undefined
        const write = (chunk: Buffer) => {
          if (closed || socket.destroyed) return false
          bytesWritten += chunk.length
          return socket.write(chunk)
        }
        const flood = () => {
          const chunk = Buffer.alloc(64 * 1024, 0x78)
          while (!closed && bytesWritten < (options.floodBytes ?? 0)) {
            if (!write(chunk)) {
              socket.once("drain", flood)
              return
            }
          }
        }
        const finish = (closedAfterMillis: number | undefined) => {
          if (closed) return
          closed = true
          clearInterval(trickle)
          clearTimeout(hold)
          socket.destroy()
          const text = Buffer.concat(received).toString("latin1")
          const split = text.indexOf("\r\n\r\n")
          const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]
          resolve({
            status: status === undefined ? undefined : Number(status),
            head: split < 0 ? text : text.slice(0, split),
            body: split < 0 ? "" : text.slice(split + 4),
            closedAfterMillis,
            bytesWritten
          })
        }
        const hold = setTimeout(() => finish(undefined), options.holdMillis ?? 10_000)
        socket.on("connect", () => {
          write(Buffer.from(head, "latin1"))
          if (options.body !== undefined) write(Buffer.from(options.body, "latin1"))
          if (options.trickleMillis !== undefined) {
            trickle = setInterval(() => write(Buffer.from("x")), options.trickleMillis)
          }
          if (options.floodBytes !== undefined) flood()
        })
        socket.on("data", (chunk) => received.push(chunk))
        socket.on("error", () => {})
        socket.on("close", () => finish(performance.now() - started))
      })
  )

/** A request head for `raw`: the request line, then the headers, then the blank line. */
export const requestHead = (requestLine: string, headers: ReadonlyArray<readonly [string, string]>) =>
  `${requestLine}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`
