import * as Fs from "node:fs"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-wechatpay/crypto"
import { Sandbox } from "@effect-wechatpay/sandbox"
import { Redacted } from "effect"
import { jsonOf, proxy, type Running, run, startSandbox, wechatpay } from "./support.js"

let gateway: Running
beforeAll(async () => {
  gateway = await startSandbox()
}, 60_000)
afterAll(() => gateway.close())

const stock = JSON.stringify({ stock_id: Sandbox.defaults.stockId })

type Finding = { readonly _tag: string } & Record<string, unknown>
const findingsOf = (stdout: string): ReadonlyArray<Finding> =>
  (JSON.parse(stdout) as { diagnosis: { findings: ReadonlyArray<Finding> } }).diagnosis.findings

describe("wechatpay call", () => {
  it("calls an endpoint by its descriptor and prints the decoded answer in its wire form", async () => {
    const ran = await wechatpay(["call", "Busifavor.queryStock", "--json", stock], { env: gateway.env })
    expect(ran.stderr).toBe("")
    expect(ran.status).toBe(0)
    expect(jsonOf(ran)).toMatchObject({ stock_id: Sandbox.defaults.stockId, stock_state: "RUNNING" })
  }, 60_000)

  it("reads the request from a file or standard input", async () => {
    const file = Path.join(gateway.dir, "request.json")
    Fs.writeFileSync(file, stock)
    const [fromFile, fromStdin] = await Promise.all([
      wechatpay(["call", "Busifavor.queryStock", "--json", `@${file}`], { env: gateway.env }),
      wechatpay(["call", "Busifavor.queryStock", "--json", "-"], { env: gateway.env, stdin: stock })
    ])
    expect([fromFile.status, fromStdin.status]).toEqual([0, 0])
    expect(jsonOf(fromFile)).toEqual(jsonOf(fromStdin))
  }, 60_000)

  it("validates the request before sending: the issues, exit 2, nothing sent", async () => {
    const before = (await run(gateway.sandbox.requests)).length
    const ran = await wechatpay(["call", "Busifavor.queryStock", "--json", '{"stock_idx":"1"}'], { env: gateway.env })
    expect(ran.status).toBe(2)
    expect(ran.stderr).toBe(
      "wechatpay: RequestValidationError: Busifavor.queryStock: invalid request: /stock_idx: Expected no excess property; /stock_id: Missing key\n"
    )
    expect(jsonOf(ran)).toMatchObject({
      error: { _tag: "RequestValidationError", issues: [{ path: "/stock_idx" }, { path: "/stock_id" }] }
    })
    expect((await run(gateway.sandbox.requests)).length).toBe(before)
  }, 60_000)

  it("prints an API error with its tag, code and request id (exit 1)", async () => {
    const ran = await wechatpay(["call", "Busifavor.queryStock", "--json", '{"stock_id":"404404"}'], {
      env: gateway.env
    })
    expect(ran.status).toBe(1)
    expect(ran.stderr).toMatch(
      /^wechatpay: ResourceNotExists RESOURCE_NOT_EXISTS \(HTTP 404\): .+ \[Request-ID [0-9A-F-]+\]\n$/
    )
    // WeChat Pay's own words, not the error's message, which repeats the code, status and Request-ID.
    expect(ran.stderr.match(/RESOURCE_NOT_EXISTS/g)).toHaveLength(1)
    expect(jsonOf(ran)).toMatchObject({
      error: { _tag: "ResourceNotExists", code: "RESOURCE_NOT_EXISTS", status: 404 }
    })
  }, 60_000)

  it("an unknown operation is a usage error with suggestions; --list and --schema describe the endpoints", async () => {
    const [unknown, list, schema] = await Promise.all([
      wechatpay(["call", "Busifavor.queryStok"]),
      wechatpay(["call", "--list"]),
      wechatpay(["call", "Busifavor.queryStock", "--schema"])
    ])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain("did you mean Busifavor.queryStock")
    expect(list.stdout).toMatch(
      /^Busifavor\.queryStock +GET +\/v3\/marketing\/busifavor\/stocks\/\{stock_id\} +查询商家券批次详情$/m
    )
    expect(jsonOf(schema)).toMatchObject({
      definitions: { "Busifavor.QueryStockRequest": { type: "object", required: ["stock_id"] } }
    })
  }, 60_000)
})

describe("wechatpay call: a SIGN_ERROR comes with its diagnosis", () => {
  it("wrong serial", async () => {
    const ran = await wechatpay(["call", "Busifavor.queryStock", "--json", stock], {
      env: { ...gateway.env, WECHATPAY_MERCHANT_SERIAL_NUMBER: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C" }
    })
    expect(ran.status).toBe(1)
    expect(findingsOf(ran.stdout)).toEqual([
      expect.objectContaining({ _tag: "WrongSerial", sent: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C" })
    ])
    expect(ran.stderr).toContain(
      "Cause (WrongSerial): the request was signed under serial_no 1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"
    )
  }, 60_000)

  it("wrong key for the serial", async () => {
    const keyFile = Path.join(gateway.dir, "other_key.pem")
    Fs.writeFileSync(keyFile, Redacted.value(Testing.generateKeyPair().privateKey), { mode: 0o600 })
    const ran = await wechatpay(["call", "Busifavor.queryStock", "--json", stock], {
      env: { ...gateway.env, WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: keyFile }
    })
    expect(ran.status).toBe(1)
    expect(findingsOf(ran.stdout)).toEqual([
      expect.objectContaining({
        _tag: "WrongKey",
        serial: gateway.sandbox.credentials.merchantSerialNumber,
        confirmed: true
      })
    ])
  }, 60_000)

  it("clock skew (a gateway whose clock is 10 minutes ahead)", async () => {
    const ahead = await startSandbox({ clockSkewSeconds: 600 })
    try {
      const ran = await wechatpay(["call", "Busifavor.queryStock", "--json", stock], { env: ahead.env })
      expect(ran.status).toBe(1)
      const [finding] = findingsOf(ran.stdout)
      expect(finding).toMatchObject({ _tag: "ClockSkew", reference: "gateway" })
      // Against the gateway's clock, from the same exchange: exactly its 600 s, give or take the second boundaries.
      expect(Math.abs(Number(finding?.["skewSeconds"]) + 600)).toBeLessThanOrEqual(2)
    } finally {
      await ahead.close()
    }
  }, 60_000)

  it("URL or query encoding changed in transit (a proxy that decodes %3A)", async () => {
    const decoding = await proxy(gateway.sandbox.baseUrl, ({ body, target }) => ({
      target: target.replace(/%3A/g, ":"),
      body
    }))
    try {
      const ran = await wechatpay(
        [
          "call",
          "Favor.listStocks",
          "--json",
          JSON.stringify({
            offset: 0,
            limit: 10,
            stock_creator_mchid: gateway.sandbox.credentials.mchid,
            create_start_time: "2015-05-20T13:29:35+08:00"
          })
        ],
        { env: { ...gateway.env, WECHATPAY_BASE_URL: decoding.url } }
      )
      expect(ran.status).toBe(1)
      expect(findingsOf(ran.stdout)).toEqual([
        expect.objectContaining({ _tag: "UrlMismatch", stage: "transit", encodingOnly: true })
      ])
    } finally {
      await decoding.close()
    }
  }, 60_000)

  it("body changed after signing (a proxy that re-serialises the JSON)", async () => {
    const pretty = await proxy(gateway.sandbox.baseUrl, ({ body, target }) => ({
      target,
      body: body.length === 0 ? body : Buffer.from(JSON.stringify(JSON.parse(body.toString("utf8")), null, 2))
    }))
    try {
      const request = Sandbox.sampleCreateCouponStockRequest("cli-body-1", gateway.sandbox.credentials.mchid)
      const ran = await wechatpay(["call", "Favor.createCouponStock", "--json", JSON.stringify(request)], {
        env: { ...gateway.env, WECHATPAY_BASE_URL: pretty.url }
      })
      expect(ran.status).toBe(1)
      const [finding] = findingsOf(ran.stdout)
      const sent = Buffer.byteLength(JSON.stringify(request))
      expect(finding).toMatchObject({ _tag: "BodyChanged", stage: "transit", signedLength: sent })
      expect(Number(finding?.["receivedLength"])).toBeGreaterThan(sent)
    } finally {
      await pretty.close()
    }
  }, 60_000)
})
