/**
 * A tiny test-local WeChat Pay client written directly on node:crypto and fetch, independent of the sandbox code.
 */

import { createDecipheriv, createPrivateKey, createPublicKey, randomBytes, sign, verify } from "node:crypto"
import * as Http from "node:http"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { Sandbox } from "../src/index.js"

export const nonce = (length = 32): string => {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join("")
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

export interface Call {
  readonly method?: string
  /** Raw request target (path + query), already percent-encoded. */
  readonly target: string
  readonly body?: string
  readonly headers?: Readonly<Record<string, string>>
  /** Overrides of the Authorization parts, or a whole raw header value. */
  readonly auth?: {
    readonly scheme?: string
    readonly mchid?: string
    readonly serialNo?: string
    readonly timestamp?: string
    readonly nonceStr?: string
    readonly signature?: string
    /** Sign a different target than the one sent. */
    readonly signedTarget?: string
    readonly raw?: string
    /** Order of the five pairs. */
    readonly order?: ReadonlyArray<"mchid" | "nonce_str" | "timestamp" | "serial_no" | "signature">
  }
}

export const authorization = (sandbox: Sandbox.Sandbox, call: Call): string => {
  const auth = call.auth ?? {}
  if (auth.raw !== undefined) return auth.raw
  const method = call.method ?? "GET"
  const timestamp = auth.timestamp ?? String(nowSeconds())
  const nonceStr = auth.nonceStr ?? nonce()
  const message = `${method}\n${auth.signedTarget ?? call.target}\n${timestamp}\n${nonceStr}\n${call.body ?? ""}\n`
  const key = createPrivateKey(Redacted.value(sandbox.credentials.merchantPrivateKey))
  const signature = auth.signature ?? sign("sha256", Buffer.from(message, "utf8"), key).toString("base64")
  const values = {
    mchid: auth.mchid ?? sandbox.credentials.mchid,
    nonce_str: nonceStr,
    timestamp,
    serial_no: auth.serialNo ?? sandbox.credentials.merchantSerialNumber,
    signature
  }
  const order = auth.order ?? ["mchid", "nonce_str", "timestamp", "serial_no", "signature"]
  return `${auth.scheme ?? "WECHATPAY2-SHA256-RSA2048"} ${order.map((name) => `${name}="${values[name]}"`).join(",")}`
}

export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly bytes: Uint8Array
  readonly text: string
  readonly json: unknown
}

const toReply = (status: number, headers: Headers, bytes: Uint8Array): Reply => {
  const text = new TextDecoder().decode(bytes)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status, headers, bytes, text, json }
}

/** A signed request through fetch. */
export const call = (sandbox: Sandbox.Sandbox, request: Call): Effect.Effect<Reply> =>
  Effect.promise(async () => {
    const method = request.method ?? "GET"
    const headers: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": "sandbox-test/0.1.0",
      Authorization: authorization(sandbox, request),
      ...(request.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...request.headers
    }
    const response = await fetch(`${sandbox.baseUrl}${request.target}`, {
      method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body })
    })
    return toReply(response.status, response.headers, new Uint8Array(await response.arrayBuffer()))
  })

/** A request through node:http with exactly the headers given (fetch always adds Accept and User-Agent). */
export const rawCall = (
  sandbox: Sandbox.Sandbox,
  request: { readonly method: string; readonly target: string; readonly headers: Readonly<Record<string, string>> }
): Effect.Effect<Reply> =>
  Effect.callback<Reply>((resume) => {
    const url = new URL(sandbox.baseUrl)
    const req = Http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.target, headers: request.headers },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("end", () => {
          const headers = new Headers()
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === "string") headers.set(name, value)
          }
          resume(Effect.succeed(toReply(res.statusCode ?? 0, headers, new Uint8Array(Buffer.concat(chunks)))))
        })
      }
    )
    req.on("error", (error) => resume(Effect.die(error)))
    req.end()
  })

/** Verifies the response signature over `TIMESTAMP\nNONCE\nBODY\n` with a certificate or SPKI PEM. */
export const verifies = (reply: Reply, pem: string): boolean => {
  const timestamp = reply.headers.get("wechatpay-timestamp")
  const nonceStr = reply.headers.get("wechatpay-nonce")
  const signature = reply.headers.get("wechatpay-signature")
  if (timestamp === null || nonceStr === null || signature === null) return false
  const message = Buffer.concat([
    Buffer.from(`${timestamp}\n${nonceStr}\n`, "utf8"),
    reply.bytes,
    Buffer.from("\n", "utf8")
  ])
  return verify("sha256", message, createPublicKey(pem), Buffer.from(signature, "base64"))
}

export interface EncryptedCertificate {
  readonly algorithm: string
  readonly nonce: string
  readonly associated_data: string
  readonly ciphertext: string
}

export interface CertificateEntry {
  readonly serial_no: string
  readonly effective_time: string
  readonly expire_time: string
  readonly encrypt_certificate: EncryptedCertificate
}

/** AEAD_AES_256_GCM: key and nonce as UTF-8 bytes, the last 16 bytes of the ciphertext are the tag. */
export const decrypt = (apiV3Key: string, encrypted: EncryptedCertificate): string => {
  const data = Buffer.from(encrypted.ciphertext, "base64")
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(encrypted.nonce, "utf8"))
  decipher.setAAD(Buffer.from(encrypted.associated_data, "utf8"))
  decipher.setAuthTag(data.subarray(data.length - 16))
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8")
}

/** The platform certificate currently signing (the last one served). */
export const currentPlatformCertificate = (sandbox: Sandbox.Sandbox): string =>
  sandbox.credentials.platformCertificates[sandbox.credentials.platformCertificates.length - 1]!

export interface ApiError {
  readonly code: string
  readonly message: string
  readonly detail?: Record<string, unknown>
}

export const apiError = (reply: Reply): ApiError => reply.json as ApiError
