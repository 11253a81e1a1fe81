import * as ChildProcess from "node:child_process"
import { createDecipheriv, createPublicKey, verify } from "node:crypto"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Net from "node:net"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Busifavor, Favor, FlowFiles, NotificationStore, Notifications, ProductCoupon } from "@effect-wechatpay/api"
import { Effect, Layer, Stream } from "effect"
import { Sandbox } from "../src/index.js"
import { brandLayer, clientLayer, eventually, receiver, run, runAsync, start } from "./bin-support.js"
import { productCouponFixture } from "./productCouponFixtures.js"

// The CLI from its sources (tsx, the workspace's source condition). The compiled bin, installed from the packed
// tarball, is exercised the same way by scripts/consumer-test.mjs.

describe("wechatpay-sandbox (bin)", () => {
  it("rejects a port that is not a number with exit code 2", () => {
    const result = run(["--port", "abc"])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain("--port must be an integer from 1 to 65535, got 'abc'")
  })

  it("rejects an out-of-range port, an unknown mode and an unknown flag with exit code 2", () => {
    expect(run(["--port", "65536"]).status).toBe(2)
    const mode = run(["--mode", "publickey"])
    expect(mode.status).toBe(2)
    expect(mode.stderr).toContain("--mode must be 'publicKey' or 'certificate', got 'publickey'")
    const unknown = run(["--verbose"])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain("Unknown option '--verbose'")
  })

  it("lists its flags under --help", () => {
    const result = run(["--help"])
    expect(result.status).toBe(0)
    for (const flag of [
      "--port",
      "--host",
      "--mode",
      "--no-platform-certificates",
      "--notify-url",
      "--brand-notify-url",
      "--redelivery-scale",
      "--help"
    ]) {
      expect(result.stdout).toContain(flag)
    }
  })

  it("rejects a --notify-url that is not an http(s) URL and a --redelivery-scale that is not a number ≥ 0", () => {
    for (const [args, message] of [
      [["--notify-url", "127.0.0.1:3000/notify"], "--notify-url must be an http:// or https:// URL"],
      [["--notify-url", "ftp://127.0.0.1/notify"], "--notify-url must be an http:// or https:// URL"],
      [["--brand-notify-url", "localhost:3001"], "--brand-notify-url must be an http:// or https:// URL"],
      [["--redelivery-scale=-1"], "--redelivery-scale must be a number ≥ 0 (e.g. 0.001), got '-1'"],
      [["--redelivery-scale", "fast"], "--redelivery-scale must be a number ≥ 0 (e.g. 0.001), got 'fast'"]
    ] as const) {
      const result = run(args)
      expect(result.status, args.join(" ")).toBe(2)
      expect(result.stderr).toContain(message)
    }
  })

  it("removes the key files it wrote when it receives SIGTERM", async () => {
    const bin = await start()
    try {
      expect(bin.stdout()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/)
      // In public-key mode the printed configuration is the one that works; it does not suggest "auto".
      expect(bin.stdout()).not.toMatch(/WECHATPAY_PLATFORM_CERTIFICATES=auto/)
      expect(Fs.readdirSync(bin.dir).sort()).toEqual([
        "apiclient_key.pem",
        "brand_apiclient_key.pem",
        "platform_cert_0.pem",
        "pub_key.pem"
      ])
      bin.child.kill("SIGTERM")
      await bin.exited
      expect(Fs.existsSync(bin.dir)).toBe(false)
    } finally {
      bin.kill()
    }
  }, 30_000)
})

describe("wechatpay-sandbox (bin): a port in use", () => {
  it("prints one line naming the port and the flag to choose another, and exits with code 1", async () => {
    const taken = Net.createServer()
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, "127.0.0.1", () => resolve((taken.address() as Net.AddressInfo).port))
    )
    try {
      const result = await runAsync(["--port", String(port)])
      expect(result.code).toBe(1)
      expect(result.stdout).toBe("")
      expect(result.stderr).toBe(
        `wechatpay-sandbox: port ${port} on 127.0.0.1 is in use; choose another with --port N, or leave --port out for a free one\n`
      )
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  }, 30_000)
})

describe("wechatpay-sandbox (bin): notifications to a local plain-HTTP receiver", () => {
  it("POSTs COUPON.SEND to --notify-url whatever https URL the merchant set, redelivered on --redelivery-scale", async () => {
    const recv = await receiver([500, 204])
    const bin = await start(["--notify-url", recv.url, "--redelivery-scale", "0.001"])
    try {
      expect(bin.stdout()).toContain(`Notifications go to ${recv.url}`)
      const { coupon_code, notifyUrl } = await Effect.runPromise(
        Effect.gen(function* () {
          // The merchant's real (production) URL: the client's https check applies as against WeChat Pay.
          yield* Busifavor.setCouponNotify({ notify_url: "https://shop.example.com/wechatpay/notify" })
          const { stock_id } = yield* Busifavor.createStock(Sandbox.sampleCreateBusifavorStockRequest("BIN-N-S"))
          const sent = yield* Busifavor.sendCoupon({
            stock_id,
            openid: Sandbox.defaults.openid,
            appid: Sandbox.defaults.appid,
            out_request_no: "BIN-N-1"
          })
          const notifyUrl = (yield* Busifavor.getCouponNotify({})).notify_url
          return { coupon_code: sent.result.coupon_code, notifyUrl }
        }).pipe(Effect.provide(clientLayer(bin.env)))
      )
      // What the API answers is still the URL the merchant set.
      expect(notifyUrl).toBe("https://shop.example.com/wechatpay/notify")

      await eventually(() => (recv.received.length >= 2 ? true : undefined), 10_000, "a redelivery")
      const [first, second] = recv.received
      expect([first?.method, first?.url]).toEqual(["POST", "/wechatpay/notify"])
      // The failed first POST (500) is redelivered with the same body after 60 s × 0.001, not a minute.
      expect(second?.body).toBe(first?.body)
      expect(second!.at - first!.at).toBeLessThan(5_000)

      // A receiver with no Effect in it checks it with node:crypto and the files and key the bin printed.
      const headers = second!.headers
      const message = `${headers["wechatpay-timestamp"]}\n${headers["wechatpay-nonce"]}\n${second!.body}\n`
      const publicKey = createPublicKey(Fs.readFileSync(bin.env["WECHATPAY_PUBLIC_KEY_FILE"]!, "utf8"))
      expect(headers["wechatpay-serial"]).toBe(bin.env["WECHATPAY_PUBLIC_KEY_ID"])
      expect(
        verify("sha256", Buffer.from(message), publicKey, Buffer.from(String(headers["wechatpay-signature"]), "base64"))
      ).toBe(true)
      const body = JSON.parse(second!.body) as {
        event_type: string
        resource: { ciphertext: string; nonce: string; associated_data: string }
      }
      expect(body.event_type).toBe("COUPON.SEND")
      const sealed = Buffer.from(body.resource.ciphertext, "base64")
      const decipher = createDecipheriv(
        "aes-256-gcm",
        Buffer.from(bin.env["WECHATPAY_APIV3_KEY"]!),
        body.resource.nonce
      )
      decipher.setAAD(Buffer.from(body.resource.associated_data))
      decipher.setAuthTag(sealed.subarray(-16))
      const resource = JSON.parse(
        Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString()
      )
      expect(resource).toMatchObject({ event_type: "EVENT_TYPE_BUSICOUPON_SEND", coupon_code })

      // Answered 204: no third POST.
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(recv.received.length).toBe(2)
    } finally {
      bin.kill()
      await recv.close()
    }
  }, 40_000)
})

describe("wechatpay-sandbox (bin): one signal stops everything", () => {
  /** A coupon sent with the notify URL set: the bin's first POST of COUPON.SEND goes to the receiver. */
  const sendCoupon = (env: Readonly<Record<string, string>>, outRequestNo: string) =>
    Effect.runPromise(
      Effect.gen(function* () {
        yield* Busifavor.setCouponNotify({ notify_url: "https://shop.example.com/wechatpay/notify" })
        const { stock_id } = yield* Busifavor.createStock(
          Sandbox.sampleCreateBusifavorStockRequest(`${outRequestNo}-S`)
        )
        yield* Busifavor.sendCoupon({
          stock_id,
          openid: Sandbox.defaults.openid,
          appid: Sandbox.defaults.appid,
          out_request_no: outRequestNo
        })
      }).pipe(Effect.provide(clientLayer(env)))
    )

  /** A request whose body never finishes arriving: the gateway's handler is still waiting for it. */
  const unfinishedRequest = (baseUrl: string) =>
    new Promise<Net.Socket>((resolve) => {
      const { hostname, port } = new URL(baseUrl)
      const socket = Net.connect(Number(port), hostname, () => {
        socket.write(
          "POST /v3/marketing/busifavor/stocks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
            "Content-Length: 1000\r\n\r\n{"
        )
        resolve(socket)
      })
      socket.on("error", () => {})
    })

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} with redeliveries pending, a delivery and a request under way: exits within a second, key files gone`, async () => {
      // The first POST fails; the redelivery (300 ms later) hangs, within the 5 s timeout; 9 more are pending.
      const recv = await receiver((n) => (n === 0 ? 500 : "hang"))
      const bin = await start(["--notify-url", recv.url, "--redelivery-scale", "0.005"])
      const sockets: Array<Net.Socket> = []
      try {
        await sendCoupon(bin.env, `BIN-SIG-${signal}`)
        await eventually(() => (recv.received.length >= 2 ? true : undefined), 10_000, "the redelivery")
        sockets.push(await unfinishedRequest(bin.baseUrl))
        await new Promise((resolve) => setTimeout(resolve, 100))
        const sentAt = Date.now()
        bin.child.kill(signal)
        const exited = await Promise.race([
          bin.exited,
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000))
        ])
        expect(exited, "the process still runs 10 s after the signal").toBeDefined()
        expect(exited!.at - sentAt).toBeLessThan(1_000)
        expect(Fs.existsSync(bin.dir)).toBe(false)
        // Nothing more is delivered: the pending redeliveries went with the process.
        await new Promise((resolve) => setTimeout(resolve, 700))
        expect(recv.received.length).toBe(2)
      } finally {
        for (const socket of sockets) socket.destroy()
        bin.kill()
        await recv.close()
      }
    }, 40_000)
  }
})

describe("wechatpay-sandbox (bin): the test controls over HTTP", () => {
  it("a test in any language marks a 代金券 used, advances time, injects a fault, reads the notifications, resets", async () => {
    const recv = await receiver([204])
    const bin = await start(["--notify-url", recv.url, "--redelivery-scale", "0.001"])
    const control = async (method: "GET" | "POST", name: string, body?: unknown) => {
      const response = await fetch(`${bin.baseUrl}/_sandbox/${name}`, {
        method,
        ...(method === "POST"
          ? { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body ?? {}) }
          : {})
      })
      const text = await response.text()
      return { status: response.status, json: text === "" ? undefined : (JSON.parse(text) as unknown) }
    }
    try {
      expect(bin.stdout()).toContain(
        `Test controls: ${bin.baseUrl}/_sandbox/… (GET ${bin.baseUrl}/_sandbox lists them)`
      )
      const client = clientLayer(bin.env)
      // A running 代金券 stock, a coupon sent, the COUPON.USE URL set: all through the API.
      const { stock_id, coupon_id } = await Effect.runPromise(
        Effect.gen(function* () {
          const now = Date.now()
          const { stock_id } = yield* Favor.createCouponStock({
            ...Sandbox.sampleCreateCouponStockRequest("BIN-CTL-S"),
            available_begin_time: beijing(now - 60_000),
            available_end_time: beijing(now + 30 * 86_400_000)
          })
          yield* Favor.startStock({ stock_id, stock_creator_mchid: Sandbox.defaults.mchid })
          yield* Favor.setCallback({ mchid: Sandbox.defaults.mchid, notify_url: "https://shop.example.com/notify" })
          const { coupon_id } = yield* Favor.sendCoupon({
            stock_id,
            openid: Sandbox.defaults.openid,
            appid: Sandbox.defaults.appid,
            out_request_no: "BIN-CTL-1",
            stock_creator_mchid: Sandbox.defaults.mchid
          })
          return { stock_id, coupon_id }
        }).pipe(Effect.provide(client))
      )

      // Mark it used: the use-flow file now has its row, and COUPON.USE reaches the receiver.
      expect(await control("POST", "markFavorCouponUsed", { coupon_id, consume_amount: 9_900 })).toEqual({
        status: 204,
        json: undefined
      })
      const rows = await Effect.runPromise(Stream.runCollect(FlowFiles.useFlow(stock_id)).pipe(Effect.provide(client)))
      expect(rows.map((r) => [r.coupon_id, r.order_amount])).toEqual([[coupon_id, 9_900]])
      await eventually(() => (recv.received.length >= 1 ? true : undefined), 10_000, "COUPON.USE")
      const notifications = await control("GET", "notifications")
      expect(notifications.json).toEqual([
        expect.objectContaining({ eventType: "COUPON.USE", url: recv.url, attempt: 1, status: 204, delivered: true })
      ])

      // Advance the clock a day: the gateway's time moves, the client's requests are still accepted.
      const advanced = await control("POST", "advanceTime", { seconds: 86_400 })
      expect(advanced.status).toBe(200)
      expect((advanced.json as { now: number }).now - Date.now()).toBeGreaterThan(86_000_000)

      // Inject a fault: the next call fails with it.
      expect(
        (
          await control("POST", "inject", {
            kind: { _tag: "Error", status: 500, code: "SYSTEM_ERROR", message: "系统错误" }
          })
        ).status
      ).toBe(204)
      const failed = await Effect.runPromise(
        Effect.flip(Busifavor.queryStock({ stock_id: Sandbox.defaults.stockId })).pipe(Effect.provide(client))
      )
      expect(failed).toMatchObject({ _tag: "SystemError", message: expect.stringContaining("系统错误") })

      // Reset: logs empty, the coupon gone with the rest of the state.
      expect((await control("POST", "reset")).status).toBe(204)
      expect((await control("GET", "notifications")).json).toEqual([])
      expect((await control("GET", "favorUseFlow")).json).toEqual([])
      // Control calls are logged by the bin, as requests are.
      expect(bin.stdout()).toContain("WeChat Pay sandbox control")
    } finally {
      bin.kill()
      await recv.close()
    }
  }, 40_000)
})

const beijing = (millis: number) => `${new Date(millis + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`

describe("docs/testing.md: a receiver not written with Effect, against the bin", () => {
  const root = Path.join(import.meta.dirname, "..", "..", "..")
  const page = Fs.readFileSync(Path.join(root, "docs", "testing.md"), "utf8")
  const section = page.slice(page.indexOf("### A receiver not written with Effect, against the bin"))
  const fence = (first: string) => {
    const match = new RegExp(`\`\`\`ts fragment\\n(${first}[\\s\\S]*?)\`\`\``).exec(section)
    if (match?.[1] === undefined) throw new Error(`no \`\`\`ts fragment starting ${first} in docs/testing.md`)
    return match[1]
  }
  /** Runs a TypeScript file as the docs do (tsx), from a folder inside the workspace so that packages resolve. */
  const tsx = (file: string, env: Readonly<Record<string, string>>) =>
    ChildProcess.spawn(process.execPath, ["--conditions=@effect-wechatpay/source", "--import", "tsx", file], {
      cwd: Path.dirname(file),
      env: { ...process.env, NODE_OPTIONS: "", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
  const output = (child: ChildProcess.ChildProcess) => {
    let text = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8")
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8")
    })
    return () => text
  }

  it("the page's receiver gets COUPON.SEND from the bin started with the page's command", async () => {
    // The command of the page, with a free port instead of 3000.
    const command = /```sh\nnpx wechatpay-sandbox (.*)\n```/.exec(section)?.[1]
    expect(command).toBe("--notify-url http://127.0.0.1:3000/notify --redelivery-scale 0.001")
    const free = Net.createServer()
    const port = await new Promise<number>((resolve) =>
      free.listen(0, "127.0.0.1", () => resolve((free.address() as Net.AddressInfo).port))
    )
    await new Promise((resolve) => free.close(resolve))
    Fs.mkdirSync(Path.join(root, ".reports"), { recursive: true })
    const dir = Fs.mkdtempSync(Path.join(root, ".reports", "docs-bin-"))
    Fs.writeFileSync(Path.join(dir, "receiver.ts"), fence("// receiver.ts"))
    Fs.writeFileSync(Path.join(dir, "send-coupon.ts"), fence("// send-coupon.ts"))
    const bin = await start(command!.replace(":3000/", `:${port}/`).split(" "))
    const receiver = tsx(Path.join(dir, "receiver.ts"), { ...bin.env, PORT: String(port) })
    const received = output(receiver)
    try {
      // Listening once it answers (a request without a signature: 401).
      const deadline = Date.now() + 20_000
      for (;;) {
        const status = await fetch(`http://127.0.0.1:${port}/notify`, { method: "POST", body: "{}" }).then(
          (r) => r.status,
          () => 0
        )
        if (status === 401) break
        if (Date.now() > deadline) throw new Error(`the receiver did not start: ${received()}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      const sender = tsx(Path.join(dir, "send-coupon.ts"), bin.env)
      const sent = output(sender)
      const code = await new Promise<number | null>((resolve) => sender.once("close", resolve))
      expect(code, sent()).toBe(0)
      const couponCode = /^sent (\S+)$/m.exec(sent())?.[1]
      expect(couponCode).toBeDefined()
      await eventually(
        () => (received().includes(`COUPON.SEND ${couponCode}`) ? true : undefined),
        10_000,
        `the receiver printing COUPON.SEND ${couponCode} (it printed: ${received()})`
      )
    } finally {
      receiver.kill("SIGKILL")
      bin.kill()
      Fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

/** The 创建商品券 example of the schema package's tests (written from the official page). */
const createSingle = productCouponFixture("product-coupon-create-single.request.json") as Parameters<
  typeof ProductCoupon.createProductCoupon
>[0]

describe("wechatpay-sandbox (bin): a brand client from the variables it prints", () => {
  it("prints WECHATPAY_BRAND_*: a brand client calls 商品券, and its notify endpoint confirms the 发放通知", async () => {
    // The brand's endpoint, as an application mounts it: brandNodeHandler in node:http, built once the bin has
    // printed the variables its brand client is configured from.
    let handler: ((request: Http.IncomingMessage, response: Http.ServerResponse) => void) | undefined
    const server = Http.createServer((request, response) =>
      handler === undefined ? response.writeHead(503).end() : handler(request, response)
    )
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port))
    )
    const notifyUrl = `http://127.0.0.1:${port}/wechatpay/brand-notify`
    const bin = await start(["--brand-notify-url", notifyUrl, "--redelivery-scale", "0.001"])
    try {
      expect(bin.stdout()).toContain(`the brand's (PRODUCT_COUPON.SEND) to ${notifyUrl}`)
      expect(bin.env["WECHATPAY_BRAND_ID"]).toBe(Sandbox.defaults.brandId)
      expect(bin.env["WECHATPAY_BRAND_SERIAL_NUMBER"]).toMatch(/^[0-9A-F]{40}$/)
      expect(bin.env["WECHATPAY_BRAND_PUBLIC_KEY_ID"]).toBe(bin.env["WECHATPAY_PUBLIC_KEY_ID"])
      expect(bin.env["WECHATPAY_BRAND_API_KEY"]).toMatch(/^[0-9A-Za-z]{32}$/)
      // The private key is a file, as the merchant's is: its PEM is not in the banner.
      const brandKeyFile = bin.env["WECHATPAY_BRAND_PRIVATE_KEY_FILE"]!
      expect(Path.dirname(brandKeyFile)).toBe(bin.dir)
      expect(bin.stdout()).not.toContain("PRIVATE KEY")

      const brand = brandLayer(bin.env)
      handler = await Effect.runPromise(
        Notifications.brandNodeHandler((notification) => {
          if (notification._tag !== "ProductCouponSend") return Effect.void
          const { appid, coupon_code, openid, product_coupon_id, stock_id } = notification.resource
          return ProductCoupon.confirmSendUserProductCoupon({
            openid: openid ?? "",
            coupon_code: coupon_code ?? "",
            product_coupon_id: product_coupon_id ?? "",
            stock_id: stock_id ?? "",
            appid: appid ?? "",
            out_request_no: `confirm-${coupon_code}`
          })
        }).pipe(Effect.provide(Layer.merge(brand, NotificationStore.layerMemory())))
      )
      const state = await Effect.runPromise(
        Effect.gen(function* () {
          yield* ProductCoupon.setNotifyConfig({ notify_url: "https://brand.example.com/wechatpay/brand-notify" })
          const created = yield* ProductCoupon.createProductCoupon(createSingle)
          const ids = {
            openid: Sandbox.defaults.openid,
            appid: Sandbox.defaults.appid,
            product_coupon_id: created.product_coupon_id,
            stock_id: created.stock!.stock_id
          }
          const sent = yield* ProductCoupon.sendUserProductCoupon({ ...ids, send_request_no: "BIN-BRAND-SEND-1" })
          return yield* ProductCoupon.getUserProductCoupon({ ...ids, coupon_code: sent.coupon_code }).pipe(
            Effect.map((coupon) => coupon.coupon_state),
            Effect.delay("20 millis"),
            Effect.repeat({ until: (coupon_state) => coupon_state === "EFFECTIVE", times: 250 })
          )
        }).pipe(Effect.provide(brand))
      )
      expect(state).toBe("EFFECTIVE")
    } finally {
      bin.kill()
      server.closeAllConnections()
      server.close()
    }
  }, 40_000)
})
