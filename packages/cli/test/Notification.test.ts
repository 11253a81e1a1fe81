import * as Fs from "node:fs"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import type { Sandbox } from "@effect-wechatpay/sandbox"
import { jsonOf, listen, type Running, run, startSandbox, wechatpay } from "./support.js"

// Notifications as the sandbox delivers them (with its faults), captured by a receiver on loopback and written to
// files the way a merchant captures them: header lines, and the body byte for byte.

let gateway: Running
let receiver: Awaited<ReturnType<typeof listen>>
const captured: Array<{ readonly headers: Record<string, string | Array<string> | undefined>; readonly body: Buffer }> =
  []

beforeAll(async () => {
  gateway = await startSandbox({ plainHttpNotifications: true, redeliveryScale: 0.001 })
  receiver = await listen((request, body, response) => {
    captured.push({ headers: request.headers, body })
    response.writeHead(204)
    response.end()
  })
}, 60_000)
afterAll(async () => {
  await receiver.close()
  await gateway.close()
})

const resource = {
  send_channel: "BUSICOUPON_SEND_CHANNEL_API",
  send_merchant: "1900000001",
  coupon_code: "CLI-CODE-1",
  stock_id: "1212",
  openid: "oVvBvwEurkeUJpBzX90-6MfCHbec",
  send_time: "2026-11-20T10:00:00+08:00"
}

let n = 0
/** Delivers a COUPON.SEND (after `fault`, if any), captures it, writes `headers.txt` and `body.json`. */
const capture = async (fault?: Sandbox.NotificationFaultKind) => {
  if (fault !== undefined) await run(gateway.sandbox.injectNotificationFault({ kind: fault }))
  const before = captured.length
  const port = new URL(receiver.url).port
  await run(
    gateway.sandbox.deliverNotification({ eventType: "COUPON.SEND", resource, url: `https://127.0.0.1:${port}/notify` })
  )
  for (let i = 0; i < 200 && captured.length === before; i++) await new Promise((r) => setTimeout(r, 25))
  const got = captured[before]!
  const dir = Path.join(gateway.dir, `notification-${++n}`)
  Fs.mkdirSync(dir)
  const lines = Object.entries(got.headers).flatMap(([name, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`)
  )
  const headers = Path.join(dir, "headers.txt")
  const body = Path.join(dir, "body.json")
  Fs.writeFileSync(headers, `POST /notify HTTP/1.1\r\n${lines.join("\r\n")}\r\n`)
  Fs.writeFileSync(body, got.body)
  return { headers, body, timestamp: Number(got.headers["wechatpay-timestamp"]) }
}

const verify = (files: { headers: string; body: string }, ...extra: ReadonlyArray<string>) =>
  wechatpay(["notification", "verify", "--headers", files.headers, "--body", files.body, ...extra], {
    env: gateway.env
  })

describe("wechatpay notification verify", () => {
  it("accepts a genuine notification and prints the decrypted, decoded resource", async () => {
    const files = await capture()
    const [human, json] = await Promise.all([verify(files), verify(files, "--json")])
    expect(human.status).toBe(0)
    expect(human.stdout.split("\n")[0]).toMatch(/^accepted: COUPON\.SEND [0-9a-f-]+ \(created .+\): signature verified/)
    expect(JSON.parse(human.stdout.slice(human.stdout.indexOf("\n")))).toMatchObject(resource)
    expect(jsonOf(json)).toMatchObject({ accepted: true, event_type: "COUPON.SEND", resource })
  }, 90_000)

  it("a body changed after signing: BadSignature, naming the key it was checked with", async () => {
    const ran = await verify(await capture({ _tag: "TamperBody" }))
    expect(ran.status).toBe(1)
    expect(ran.stderr).toMatch(
      /^wechatpay: notification rejected \(BadSignature, answered 401\): Wechatpay-Signature does not verify with the WeChat Pay public key PUB_KEY_ID_\d+/
    )
  }, 60_000)

  it("a stale notification: the skew, and that it is otherwise genuine; --at accepts it as of its arrival", async () => {
    const files = await capture({ _tag: "Stale", seconds: 600 })
    const [stale, asOfArrival] = await Promise.all([
      verify(files, "--json"),
      verify(files, "--at", String(files.timestamp + 1))
    ])
    expect(stale.status).toBe(1)
    const report = jsonOf(stale) as Record<string, unknown>
    expect(report).toMatchObject({ accepted: false, reason: "ClockSkew", status: 401, otherwiseValid: true })
    // 600 s, plus the time between the capture and the check (a loaded machine starts a process in seconds).
    expect(Number(report["skewSeconds"])).toBeGreaterThanOrEqual(600)
    expect(Number(report["skewSeconds"])).toBeLessThan(720)
    expect(stale.stderr).toContain("it is genuine but")
    expect(asOfArrival.status).toBe(0)
  }, 60_000)

  it("an unknown serial: which one, and which keys are held", async () => {
    const ran = await verify(await capture({ _tag: "UnknownSerial" }), "--json")
    expect(ran.status).toBe(1)
    expect(jsonOf(ran)).toMatchObject({
      reason: "UnknownSerial",
      serial: expect.any(String),
      knownSerials: [gateway.sandbox.credentials.wechatpayPublicKey.id]
    })
  }, 60_000)

  it("a missing header is named; a wrong APIv3 key fails decryption", async () => {
    const files = await capture()
    const stripped = Path.join(Path.dirname(files.headers), "stripped.txt")
    Fs.writeFileSync(
      stripped,
      Fs.readFileSync(files.headers, "utf8")
        .split("\r\n")
        .filter((line) => !line.toLowerCase().startsWith("wechatpay-signature:"))
        .join("\r\n")
    )
    const [missing, wrongKey] = await Promise.all([
      verify({ headers: stripped, body: files.body }),
      wechatpay(["notification", "verify", "--headers", files.headers, "--body", files.body], {
        env: { ...gateway.env, WECHATPAY_APIV3_KEY: "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ" }
      })
    ])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain("(MissingHeaders, answered 401)")
    expect(missing.stderr).toContain("Wechatpay-Signature")
    expect(wrongKey.status).toBe(1)
    expect(wrongKey.stderr).toContain("(DecryptionFailed, answered 400)")
    expect(wrongKey.stderr).not.toContain("ZZZZZZZZ")
  }, 60_000)
})
