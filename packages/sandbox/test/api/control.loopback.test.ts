import * as Http from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor, FlowFiles } from "@effect-wechatpay/api"
import { Favor as FavorSchema } from "@effect-wechatpay/schema"
import { Effect, Stream } from "effect"
import { Sandbox } from "../../src/index.js"
import { appid, mchid, runningStock, sendRequest } from "./favor-harness.js"
import { withSandbox } from "./harness.js"

/** The test controls over HTTP, as a test in another language drives them: plain HTTP, JSON in and out. */
interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly json: unknown
}

const control = (
  method: "GET" | "POST" | "PUT",
  path: string,
  body?: unknown,
  headers: Readonly<Record<string, string>> = {}
) =>
  Effect.flatMap(Sandbox.SandboxGateway, (sandbox) =>
    Effect.promise(async (): Promise<Answer> => {
      const response = await fetch(`${sandbox.baseUrl}${path}`, {
        method,
        headers: { ...(method === "POST" ? { "Content-Type": "application/json" } : {}), ...headers },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) })
      })
      const text = await response.text()
      return { status: response.status, headers: response.headers, json: text === "" ? undefined : JSON.parse(text) }
    })
  )

/** A request with the Host header given (fetch does not let a caller set it). */
const withHost = (baseUrl: string, host: string, method: string, path: string) =>
  Effect.callback<number>((resume) => {
    const url = new URL(baseUrl)
    const request = Http.request(
      { host: url.hostname, port: url.port, method, path, headers: { Host: host, "Content-Type": "application/json" } },
      (response) => {
        response.resume()
        resume(Effect.succeed(response.statusCode ?? 0))
      }
    )
    request.end("{}")
  })

const withControls = withSandbox({ sandbox: { httpControls: true } })

describe("loopback: the test controls over HTTP (/_sandbox/…)", () => {
  it.live("markFavorCouponUsed: the coupon is USED and the 核销明细 file lists it", () =>
    withControls(
      Effect.gen(function* () {
        const stock_id = yield* runningStock("CTL-USE-S")
        const { coupon_id } = yield* Favor.sendCoupon(sendRequest(stock_id, Sandbox.defaults.openid, "CTL-USE-1"))
        const marked = yield* control("POST", "/_sandbox/markFavorCouponUsed", { coupon_id, consume_amount: 12_300 })
        expect(marked.status).toBe(204)
        const coupon = yield* Favor.queryCoupon({ openid: Sandbox.defaults.openid, coupon_id, appid })
        expect(coupon.status).toBe("USED")
        const rows = yield* Stream.runCollect(FlowFiles.useFlow(stock_id))
        expect(rows.map((r) => [r.coupon_id, r.order_amount])).toEqual([[coupon_id, 12_300]])
        const flow = yield* control("GET", "/_sandbox/favorUseFlow")
        expect(flow.json).toEqual([expect.objectContaining({ stock_id, coupon_id, order_amount: 12_300 })])

        // Again: the coupon is USED now, a 400 that says so.
        const again = yield* control("POST", "/_sandbox/markFavorCouponUsed", { coupon_id })
        expect(again).toMatchObject({
          status: 400,
          json: { code: "INVALID_REQUEST", message: `markFavorCouponUsed: 代金券 ${coupon_id} is USED, not SENDED` }
        })
      })
    )
  )

  it.live(
    "advanceTime moves the gateway's clock (a 30 s download link expires); signatures stay on the real clock",
    () =>
      withControls(
        Effect.gen(function* () {
          const sandbox = yield* Sandbox.SandboxGateway
          yield* sandbox.appendFavorUseFlow([
            {
              stock_id: "7777",
              coupon_id: "980000001",
              coupon_amount: 100,
              transaction_id: "4200000000202701010000000001",
              consume_time: "2027-01-01T16:23:05+08:00",
              consume_mchid: mchid
            }
          ])
          const link = yield* Favor.useFlow({ stock_id: "7777" })
          const before = (yield* control("GET", "/_sandbox/now")).json as { now: number; time: string }
          const advanced = yield* control("POST", "/_sandbox/advanceTime", { seconds: 31 })
          expect(advanced.status).toBe(200)
          const after = advanced.json as { now: number; time: string }
          expect(after.now - before.now).toBeGreaterThanOrEqual(31_000)
          expect(after.now - before.now).toBeLessThan(41_000)
          expect(after.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
          const expired = yield* Effect.flip(FlowFiles.download(FavorSchema.UseFlow, link))
          expect(expired).toMatchObject({ _tag: "ResourceNotExists", message: "下载链接已过期" })
          // A day later, the client (on the real clock) is still within the 5-minute window.
          expect((yield* control("POST", "/_sandbox/advanceTime", { seconds: 86_400 })).status).toBe(200)
          const stock = yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
          expect(stock.stock_id).toBe(Sandbox.defaults.stockId)
          expect((yield* sandbox.now) - Date.now()).toBeGreaterThan(86_400_000)
        })
      )
  )

  it.live("inject: the next matching request answers the fault; faults never apply to the controls", () =>
    withControls(
      Effect.gen(function* () {
        const injected = yield* control("POST", "/_sandbox/inject", {
          match: { method: "GET", path: "/v3/marketing/busifavor/stocks/{stock_id}" },
          kind: { _tag: "Error", status: 404, code: "RESOURCE_NOT_EXISTS", message: "批次不存在" }
        })
        expect(injected.status).toBe(204)
        expect((yield* control("GET", "/_sandbox/requests")).status).toBe(200)
        const error = yield* Effect.flip(Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId }))
        expect(error).toMatchObject({ _tag: "ResourceNotExists", message: "批次不存在" })
        const requests = (yield* control("GET", "/_sandbox/requests")).json as ReadonlyArray<Record<string, unknown>>
        // Only the gateway's traffic is recorded; Options become null in JSON.
        expect(requests.map((r) => [r["method"], r["path"], r["status"], r["code"], r["fault"]])).toEqual([
          ["GET", `/v3/marketing/busifavor/stocks/${Sandbox.defaults.stockId}`, 404, "RESOURCE_NOT_EXISTS", "Error"]
        ])
        expect(requests[0]?.["authorization"]).toMatchObject({ scheme: "WECHATPAY2-SHA256-RSA2048", mchid })
      })
    )
  )

  it.live("injectNotificationFault, notifications and reset", () =>
    withControls(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const posts: Array<string> = []
        const server = Http.createServer((request, response) => {
          posts.push(request.headers["wechatpay-signature"] as string)
          request.resume()
          response.writeHead(204).end()
        })
        const port = yield* Effect.acquireRelease(
          Effect.callback<number>((resume) => {
            server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as { port: number }).port)))
          }),
          () => Effect.sync(() => server.close())
        )
        const faulted = yield* control("POST", "/_sandbox/injectNotificationFault", { kind: { _tag: "Duplicate" } })
        expect(faulted.status).toBe(204)
        const id = yield* sandbox.deliverNotification({
          eventType: "COUPON.SEND",
          url: `http://127.0.0.1:${port}/notify`,
          resource: { send_channel: "BUSICOUPON_SEND_CHANNEL_API", send_merchant: mchid }
        })
        let records: ReadonlyArray<Record<string, unknown>> = []
        for (let i = 0; i < 200 && records.length < 2; i++) {
          yield* Effect.sleep("10 millis")
          records = (yield* control("GET", "/_sandbox/notifications")).json as typeof records
        }
        expect(
          records.map((r) => [r["id"], r["eventType"], r["attempt"], r["status"], r["error"], r["fault"]])
        ).toEqual([
          [id, "COUPON.SEND", 1, 204, null, "Duplicate"],
          [id, "COUPON.SEND", 1, 204, null, "Duplicate"]
        ])
        expect(posts.length).toBe(2)

        yield* Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })
        yield* control("POST", "/_sandbox/advanceTime", { seconds: 3_600 })
        expect((yield* control("POST", "/_sandbox/reset")).status).toBe(204)
        expect((yield* control("GET", "/_sandbox/notifications")).json).toEqual([])
        expect((yield* control("GET", "/_sandbox/requests")).json).toEqual([])
        expect(
          Math.abs(((yield* control("GET", "/_sandbox/now")).json as { now: number }).now - Date.now())
        ).toBeLessThan(10_000)
      })
    )
  )

  it.live(
    "deliverNotification: a COUPON.SEND with the resource given, its id; a resource that is not one is a 400",
    () =>
      withControls(
        Effect.gen(function* () {
          const bodies: Array<string> = []
          const server = Http.createServer((request, response) => {
            const chunks: Array<Buffer> = []
            request.on("data", (chunk: Buffer) => chunks.push(chunk))
            request.on("end", () => {
              bodies.push(Buffer.concat(chunks).toString("utf8"))
              response.writeHead(204).end()
            })
          })
          const port = yield* Effect.acquireRelease(
            Effect.callback<number>((resume) => {
              server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as { port: number }).port)))
            }),
            () => Effect.sync(() => server.close())
          )
          const url = `http://127.0.0.1:${port}/notify`
          const sent = yield* control("POST", "/_sandbox/deliverNotification", {
            eventType: "COUPON.SEND",
            url,
            id: "EV-HTTP-1",
            resource: { send_channel: "BUSICOUPON_SEND_CHANNEL_API", send_merchant: mchid, coupon_code: "C-HTTP-1" }
          })
          expect(sent).toMatchObject({ status: 200, json: { id: "EV-HTTP-1" } })
          for (let i = 0; i < 200 && bodies.length === 0; i++) yield* Effect.sleep("10 millis")
          expect(JSON.parse(bodies[0] ?? "{}")).toMatchObject({ id: "EV-HTTP-1", event_type: "COUPON.SEND" })

          const bad = yield* control("POST", "/_sandbox/deliverNotification", {
            eventType: "COUPON.SEND",
            url,
            resource: { send_merchant: 42 }
          })
          expect(bad).toMatchObject({ status: 400, json: { code: "INVALID_BODY" } })
          expect((bad.json as { message: string }).message).toContain("not a COUPON.SEND resource")
          const noUrl = yield* control("POST", "/_sandbox/deliverNotification", {
            eventType: "COUPON.USE",
            resource: {}
          })
          expect(noUrl.status).toBe(400)
        })
      )
  )

  it.live("setSigningMode, rotateCertificate, approveBusifavorStock, setFavorNaturalPerson", () =>
    withSandbox({ verification: "auto", sandbox: { httpControls: true, auditBusifavorStocks: true } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        expect((yield* control("POST", "/_sandbox/setSigningMode", { mode: "certificate" })).status).toBe(204)
        const rotated = yield* control("POST", "/_sandbox/rotateCertificate")
        expect(rotated.status).toBe(200)
        expect((rotated.json as { serial_no: string }).serial_no).toMatch(/^[0-9A-F]{40}$/)
        expect(sandbox.credentials.platformCertificates.length).toBe(2)
        const { stock_id } = yield* Busifavor.createStock(Sandbox.sampleCreateBusifavorStockRequest("CTL-AUDIT-1"))
        expect((yield* Busifavor.queryStock({ stock_id })).stock_state).toBe("UNAUDIT")
        expect((yield* control("POST", "/_sandbox/approveBusifavorStock", { stock_id })).status).toBe(204)
        expect((yield* Busifavor.queryStock({ stock_id })).stock_state).toBe("RUNNING")
        const unknown = yield* control("POST", "/_sandbox/approveBusifavorStock", { stock_id: "404" })
        expect(unknown).toMatchObject({
          status: 400,
          json: { code: "INVALID_REQUEST", message: "no 商家券 stock 404" }
        })
        const person = yield* control("POST", "/_sandbox/setFavorNaturalPerson", { openid: "o-1", person: "p-1" })
        expect(person.status).toBe(204)
      })
    )
  )

  it.live("bad requests answer a 4xx that says what is wrong, in JSON", () =>
    withControls(
      Effect.gen(function* () {
        const index = yield* control("GET", "/_sandbox")
        expect(index.status).toBe(200)
        const listed = (index.json as { controls: ReadonlyArray<{ method: string; path: string }> }).controls
        expect(listed).toContainEqual({ method: "POST", path: "/_sandbox/markFavorCouponUsed" })
        expect(listed).toContainEqual({ method: "GET", path: "/_sandbox/notifications" })

        expect(yield* control("POST", "/_sandbox/markUsed", {})).toMatchObject({
          status: 404,
          json: { code: "NOT_FOUND", message: expect.stringContaining("no control markUsed; GET /_sandbox lists them") }
        })
        const wrongMethod = yield* control("GET", "/_sandbox/reset")
        expect(wrongMethod).toMatchObject({ status: 405, json: { code: "METHOD_NOT_ALLOWED" } })
        expect(wrongMethod.headers.get("allow")).toBe("POST")
        expect(yield* control("POST", "/_sandbox/inject", "{not json")).toMatchObject({
          status: 400,
          json: { code: "INVALID_BODY", message: expect.stringContaining("not JSON") }
        })
        expect(
          yield* control("POST", "/_sandbox/inject", { kind: { _tag: "Error", status: "500", code: "SYSTEM_ERROR" } })
        ).toMatchObject({
          status: 400,
          json: { code: "INVALID_BODY", message: 'Expected number at ["kind"]["status"]' }
        })
        expect(yield* control("POST", "/_sandbox/advanceTime", { seconds: -1 })).toMatchObject({
          status: 400,
          json: { code: "INVALID_BODY" }
        })
        expect(
          yield* control("POST", "/_sandbox/inject", { kind: { _tag: "Latency", millis: 1 }, extra: 1 })
        ).toMatchObject({
          status: 400,
          json: { code: "INVALID_BODY", message: 'Expected no excess property at ["extra"]' }
        })
        expect(yield* control("POST", "/_sandbox/markFavorCouponUsed", { coupon_id: "123" })).toMatchObject({
          status: 400,
          json: { code: "INVALID_REQUEST", message: "markFavorCouponUsed: no 代金券 123" }
        })
        // Nothing above reached the gateway's log.
        expect(yield* (yield* Sandbox.SandboxGateway).requests).toEqual([])
      })
    )
  )

  it.live("refuses what a web page could send: another Host (DNS rebinding), a POST that is not JSON (CSRF)", () =>
    withControls(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const port = new URL(sandbox.baseUrl).port
        expect(yield* withHost(sandbox.baseUrl, `evil.example:${port}`, "POST", "/_sandbox/reset")).toBe(403)
        expect(yield* withHost(sandbox.baseUrl, `localhost:${port}`, "POST", "/_sandbox/reset")).toBe(204)
        expect(yield* withHost(sandbox.baseUrl, `127.0.0.1:${port}`, "GET", "/_sandbox/now")).toBe(200)
        const form = yield* control("POST", "/_sandbox/reset", "a=1", {
          "Content-Type": "application/x-www-form-urlencoded"
        })
        expect(form).toMatchObject({
          status: 415,
          json: { code: "UNSUPPORTED_MEDIA_TYPE", message: expect.stringContaining("Content-Type: application/json") }
        })
      })
    )
  )

  it.live("without httpControls, /_sandbox/ is no different from any unknown path of the gateway", () =>
    withSandbox()(
      Effect.gen(function* () {
        const answer = yield* control("POST", "/_sandbox/reset", {})
        expect(answer.status).not.toBe(204)
        expect((yield* (yield* Sandbox.SandboxGateway).requests).map((r) => r.path)).toEqual(["/_sandbox/reset"])
      })
    )
  )
})
