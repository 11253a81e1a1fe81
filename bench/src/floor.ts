/**
 * The floor: what a correct call cannot avoid, written with node:crypto and node:http only. Keys are parsed once
 * into KeyObjects, the agent keeps connections alive; each call builds the target and body, signs, sends, reads the
 * body, verifies the `Wechatpay-*` signature (headers present, timestamp fresh, serial known, RSA over the raw
 * bytes) and parses the JSON. Nothing else: no validation, no retries, no timeouts, no tracing.
 */
import * as NodeCrypto from "node:crypto"
import * as Http from "node:http"
import type { PlainCredentials } from "./protocol.js"

/** A floor client for one merchant. */
export interface FloorClient {
  /** Signs and sends a request, verifies the 200 answer and parses its JSON. */
  readonly request: (method: "GET" | "POST", target: string, body?: string) => Promise<unknown>
  readonly close: () => void
}

const LF = Buffer.from("\n")

/** `JSON.parse`, named so that the bench's profile breakdown can find it on the stack. */
const parseJson = (text: string): unknown => JSON.parse(text)

/**
 * Parses the keys once and opens a keep-alive agent.
 *
 * @param baseUrl the gateway, `http://host:port`
 * @param credentials the merchant and the WeChat Pay public key
 */
export const makeFloor = (baseUrl: string, credentials: PlainCredentials): FloorClient => {
  const url = new URL(baseUrl)
  const host = url.hostname
  const port = Number(url.port)
  const privateKey = NodeCrypto.createPrivateKey(credentials.merchantPrivateKey)
  const publicKey = NodeCrypto.createPublicKey(credentials.wechatpayPublicKey.key)
  const publicKeyId = credentials.wechatpayPublicKey.id
  const agent = new Http.Agent({ keepAlive: true, timeout: 60_000 }) // as `AGENT_OPTIONS` (effectClient.ts)
  const authorizationPrefix = `WECHATPAY2-SHA256-RSA2048 mchid="${credentials.mchid}",nonce_str="`
  const serialPart = `",serial_no="${credentials.merchantSerialNumber}",signature="`

  const request = (method: "GET" | "POST", target: string, body?: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const timestamp = Math.floor(Date.now() / 1000)
      const nonce = NodeCrypto.randomBytes(16).toString("hex")
      const signature = NodeCrypto.sign(
        "sha256",
        Buffer.from(`${method}\n${target}\n${timestamp}\n${nonce}\n${body ?? ""}\n`),
        privateKey
      ).toString("base64")
      const headers: Record<string, string | number> = {
        accept: "application/json",
        "user-agent": "bench-floor",
        authorization: `${authorizationPrefix}${nonce}",timestamp="${timestamp}${serialPart}${signature}"`
      }
      if (body !== undefined) {
        headers["content-type"] = "application/json"
        headers["content-length"] = Buffer.byteLength(body)
      }
      const req = Http.request({ host, port, method, path: target, headers, agent }, (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("error", reject)
        res.on("end", () => {
          const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
          if (res.statusCode !== 200) return reject(new Error(`floor: HTTP ${res.statusCode}: ${raw}`))
          const h = res.headers
          const ts = h["wechatpay-timestamp"]
          const rnonce = h["wechatpay-nonce"]
          const sig = h["wechatpay-signature"]
          if (typeof ts !== "string" || typeof rnonce !== "string" || typeof sig !== "string") {
            return reject(new Error("floor: unsigned response"))
          }
          if (h["wechatpay-serial"] !== publicKeyId) return reject(new Error("floor: unknown serial"))
          if (Math.abs(Math.floor(Date.now() / 1000) - Number(ts)) >= 300) return reject(new Error("floor: stale"))
          const message = Buffer.concat([Buffer.from(`${ts}\n${rnonce}\n`), raw, LF])
          if (!NodeCrypto.verify("sha256", message, publicKey, Buffer.from(sig, "base64"))) {
            return reject(new Error("floor: bad signature"))
          }
          resolve(parseJson(raw.toString("utf8")))
        })
      })
      req.on("error", reject)
      req.end(body)
    })

  return { request, close: () => agent.destroy() }
}
