import * as NodeCrypto from "node:crypto"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-wechatpay/crypto"
import { Sandbox } from "@effect-wechatpay/sandbox"
import { Redacted } from "effect"
import { type Running, startSandbox, wechatpay } from "./support.js"

// Each SIGN_ERROR cause made for real against the sandbox's gateway: a request signed here (node:crypto, not our
// signer), sent over loopback, the request as the client saw it and the gateway's answer saved as raw HTTP, then
// `wechatpay diagnose sign-error` on the two files.

let gateway: Running
beforeAll(async () => {
  gateway = await startSandbox()
}, 60_000)
afterAll(() => gateway.close())

const other = Testing.generateKeyPair()
const NONCE = "593BEC0C930BF1AFEB40B4A08C8FB242"

interface Exchange {
  readonly method: string
  /** What the client believes it sent (and signed, unless `signedTarget` says otherwise). */
  readonly target: string
  readonly body?: string
  /** What actually reached the gateway, when something changed it on the way. */
  readonly wireTarget?: string
  readonly wireBody?: string
  readonly signedTarget?: string
  readonly timestamp?: number
  readonly serial?: string
  readonly key?: Redacted.Redacted<string>
}

let n = 0
/** Signs, sends, and writes `request.http` (as the client saw it) and `response.http` (as received). */
const exchange = async (options: Exchange) => {
  const { credentials } = gateway.sandbox
  const body = options.body ?? ""
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  const message = `${options.method}\n${options.signedTarget ?? options.target}\n${timestamp}\n${NONCE}\n${body}\n`
  const signature = NodeCrypto.sign(
    "sha256",
    Buffer.from(message),
    Redacted.value(options.key ?? credentials.merchantPrivateKey)
  ).toString("base64")
  const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${credentials.mchid}",nonce_str="${NONCE}",timestamp="${timestamp}",serial_no="${options.serial ?? credentials.merchantSerialNumber}",signature="${signature}"`
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": "cli-test",
    authorization,
    ...(body === "" ? {} : { "content-type": "application/json" })
  }
  const wireBody = options.wireBody ?? body
  const answer = await new Promise<{ status: number; raw: Array<string>; body: string }>((resolve, reject) => {
    const request = Http.request(
      `${gateway.sandbox.baseUrl}${options.wireTarget ?? options.target}`,
      { method: options.method, headers: { ...headers, "content-length": String(Buffer.byteLength(wireBody)) } },
      (response) => {
        const chunks: Array<Buffer> = []
        response.on("data", (chunk: Buffer) => chunks.push(chunk))
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            raw: response.rawHeaders,
            body: Buffer.concat(chunks).toString("utf8")
          })
        )
      }
    )
    request.on("error", reject)
    request.end(wireBody)
  })
  const dir = Path.join(gateway.dir, `exchange-${++n}`)
  Fs.mkdirSync(dir)
  const requestFile = Path.join(dir, "request.http")
  const responseFile = Path.join(dir, "response.http")
  Fs.writeFileSync(
    requestFile,
    `${options.method} ${options.target} HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\r\n")}\r\n\r\n${body}`
  )
  const responseHeaders: Array<string> = []
  for (let i = 0; i < answer.raw.length; i += 2) responseHeaders.push(`${answer.raw[i]}: ${answer.raw[i + 1]}`)
  Fs.writeFileSync(
    responseFile,
    `HTTP/1.1 ${answer.status} Unauthorized\r\n${responseHeaders.join("\r\n")}\r\n\r\n${answer.body}`
  )
  return { requestFile, responseFile, answer }
}

const diagnose = (
  files: { requestFile: string; responseFile: string },
  env = gateway.env,
  ...extra: ReadonlyArray<string>
) =>
  wechatpay(
    ["diagnose", "sign-error", "--response", files.responseFile, "--request", files.requestFile, "--json", ...extra],
    {
      env
    }
  )

type Finding = { readonly _tag: string } & Record<string, unknown>
const findings = (stdout: string) => (JSON.parse(stdout) as { findings: ReadonlyArray<Finding> }).findings

const stockTarget = `/v3/marketing/busifavor/stocks/${Sandbox.defaults.stockId}`
const listTarget =
  "/v3/marketing/favor/stocks?offset=0&limit=10&stock_creator_mchid=1900000001&create_start_time=2015-05-20T13%3A29%3A35%2B08%3A00"

describe("wechatpay diagnose sign-error: each cause, against the sandbox", () => {
  it("wrong serial", async () => {
    const files = await exchange({
      method: "GET",
      target: stockTarget,
      serial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"
    })
    expect(files.answer.status).toBe(401)
    const ran = await diagnose(files)
    expect(ran.status).toBe(0)
    expect(findings(ran.stdout)).toEqual([
      expect.objectContaining({ _tag: "WrongSerial", sent: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C" })
    ])
  }, 60_000)

  it("clock skew", async () => {
    const files = await exchange({ method: "GET", target: stockTarget, timestamp: Math.floor(Date.now() / 1000) - 900 })
    const ran = await diagnose(files)
    expect(ran.status).toBe(0)
    const [finding] = findings(ran.stdout)
    expect(finding).toMatchObject({ _tag: "ClockSkew", reference: "gateway" })
    expect(Math.abs(Number(finding?.["skewSeconds"]) + 900)).toBeLessThanOrEqual(2)
  }, 60_000)

  it("URL or query encoding changed on the way (the gateway received ':' where '%3A' was signed)", async () => {
    const files = await exchange({ method: "GET", target: listTarget, wireTarget: listTarget.replace(/%3A/g, ":") })
    const ran = await diagnose(files)
    expect(ran.status).toBe(0)
    expect(findings(ran.stdout)).toEqual([
      expect.objectContaining({ _tag: "UrlMismatch", stage: "transit", encodingOnly: true, signed: listTarget })
    ])
  }, 60_000)

  it("the client signed the decoded URL and sent it encoded (found by trying what it may have signed)", async () => {
    const files = await exchange({ method: "GET", target: listTarget, signedTarget: decodeURIComponent(listTarget) })
    const ran = await diagnose(files)
    expect(findings(ran.stdout)).toEqual([
      expect.objectContaining({ _tag: "UrlMismatch", stage: "signing", signed: decodeURIComponent(listTarget) })
    ])
  }, 60_000)

  it("body changed after signing (re-serialised on the way)", async () => {
    const body = JSON.stringify({ stock_name: "满100减5", comment: "x" })
    const files = await exchange({
      method: "POST",
      target: "/v3/marketing/favor/coupon-stocks",
      body,
      wireBody: JSON.stringify(JSON.parse(body), null, 2)
    })
    const ran = await diagnose(files)
    expect(ran.status).toBe(0)
    expect(findings(ran.stdout)).toEqual([
      expect.objectContaining({
        _tag: "BodyChanged",
        stage: "transit",
        signedLength: Buffer.byteLength(body),
        reserialised: true
      })
    ])
  }, 60_000)

  it("wrong key for the serial (and the certificate given does not belong to the key)", async () => {
    const files = await exchange({ method: "GET", target: stockTarget, key: other.privateKey })
    const keyFile = Path.join(Path.dirname(files.requestFile), "key.pem")
    Fs.writeFileSync(keyFile, Redacted.value(other.privateKey))
    const certificate = Path.join(Path.dirname(files.requestFile), "apiclient_cert.pem")
    Fs.writeFileSync(certificate, gateway.sandbox.credentials.merchantCertificate)
    const [ran, human] = await Promise.all([
      diagnose(
        files,
        { ...gateway.env, WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: keyFile },
        "--merchant-certificate",
        certificate
      ),
      wechatpay(["diagnose", "sign-error", "--response", files.responseFile, "--request", files.requestFile], {
        env: { ...gateway.env, WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: keyFile }
      })
    ])
    expect(ran.status).toBe(0)
    const [finding] = findings(ran.stdout)
    expect(finding).toMatchObject({ _tag: "WrongKey", confirmed: true })
    expect(String(finding?.["message"])).toContain("your apiclient_cert.pem does not belong to this private key")
    expect(human.stdout).toMatch(
      /^SIGN_ERROR \(HTTP 401\) .+ \[Request-ID .+\]\nWeChat Pay verified: GET \/v3\/marketing\/busifavor\/stocks\/\d+ \(a message of \d+ bytes\)\nCause \(WrongKey\): /
    )
    expect(human.stdout).toContain("  Fix: use the private key of the certificate whose serial you send")
  }, 60_000)

  it("an answer that is not a SIGN_ERROR, or a bare JSON body without the request: exit 1", async () => {
    const files = await exchange({ method: "GET", target: "/v3/marketing/busifavor/stocks/404404" })
    const body = Path.join(Path.dirname(files.responseFile), "body.json")
    Fs.writeFileSync(
      body,
      JSON.stringify({ code: "SIGN_ERROR", message: "错误的签名，验签失败", detail: { field: "signature" } })
    )
    const [notSignError, bare] = await Promise.all([
      diagnose(files),
      wechatpay(["diagnose", "sign-error", "--response", body], { env: gateway.env })
    ])
    expect(notSignError.status).toBe(1)
    expect(findings(notSignError.stdout)).toEqual([
      expect.objectContaining({ _tag: "NotSignError", code: "RESOURCE_NOT_EXISTS" })
    ])
    expect(bare.status).toBe(1)
    expect(bare.stdout).toContain(
      "Cause (Undetermined): WeChat Pay rejected the signature (错误的签名，验签失败); give the request as sent"
    )
    expect(bare.stderr).toBe("wechatpay: no cause could be established\n")
  }, 60_000)
})
