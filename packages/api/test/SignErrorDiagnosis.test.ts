import * as NodeCrypto from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Testing } from "@effect-wechatpay/crypto"
import { Effect, Redacted } from "effect"
import * as SignErrorDiagnosis from "../src/SignErrorDiagnosis.js"

// Unit tests over answers shaped like the gateway's (the sandbox's gateway, which the cli package's tests run against,
// answers the same way): each SIGN_ERROR cause diagnosed from the answer, the request as sent and the local keys.

const NOW = 1_767_225_600_000 // 2026-01-01T00:00:00Z
const now = Math.floor(NOW / 1000)
const MCHID = "1900000001"
const SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
const ours = Testing.generateKeyPair()
const other = Testing.generateKeyPair()

const certificateFor = (key: Redacted.Redacted<string>, serial: string): string => {
  // A self-signed certificate is all the diagnosis reads: its serial and public key. node:crypto cannot issue one, so
  // the test builds the DER by hand (tbsCertificate with a fixed name and validity, sha256WithRSAEncryption).
  const privateKey = NodeCrypto.createPrivateKey(Redacted.value(key))
  const spki = NodeCrypto.createPublicKey(privateKey).export({ type: "spki", format: "der" })
  const der = (tag: number, body: Buffer): Buffer => {
    const length =
      body.length < 0x80
        ? Buffer.from([body.length])
        : body.length < 0x100
          ? Buffer.from([0x81, body.length])
          : Buffer.from([0x82, body.length >> 8, body.length & 0xff])
    return Buffer.concat([Buffer.from([tag]), length, body])
  }
  const seq = (...parts: ReadonlyArray<Buffer>) => der(0x30, Buffer.concat(parts))
  const algorithm = seq(der(0x06, Buffer.from("2a864886f70d01010b", "hex")), Buffer.from([0x05, 0x00]))
  const name = seq(der(0x31, seq(der(0x06, Buffer.from("550403", "hex")), der(0x0c, Buffer.from("test")))))
  const time = (text: string) => der(0x17, Buffer.from(text))
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.from(serial, "hex")),
    algorithm,
    name,
    seq(time("250101000000Z"), time("350101000000Z")),
    name,
    spki
  )
  const signature = NodeCrypto.sign("sha256", tbs, privateKey)
  const certificate = seq(tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), signature])))
  return `-----BEGIN CERTIFICATE-----\n${certificate.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`
}

interface Signing {
  readonly method?: string
  readonly target?: string
  readonly body?: string
  readonly timestamp?: string
  readonly serial?: string
  readonly mchid?: string
  readonly key?: Redacted.Redacted<string>
  /** What the signer covered, when it differs from what is sent. */
  readonly signedTarget?: string
  readonly signedBody?: string
}

const NONCE = "593BEC0C930BF1AFEB40B4A08C8FB242"

/** A request as sent, signed as `options` says. */
const sentRequest = (options: Signing = {}): SignErrorDiagnosis.SentRequest => {
  const method = options.method ?? "POST"
  const target = options.target ?? "/v3/marketing/favor/users/o4GgauInH_RCEdvrrNGrntXDu6D4/coupons"
  const body =
    // Not ASCII: lengths are counted in bytes, as the gateway counts them.
    options.body ??
    '{"stock_id":"9856000","out_request_no":"89560002019101000121","appid":"wx233544546545989","comment":"满100减5"}'
  const timestamp = options.timestamp ?? String(now)
  const message = `${method}\n${options.signedTarget ?? target}\n${timestamp}\n${NONCE}\n${options.signedBody ?? body}\n`
  const signature = NodeCrypto.sign("sha256", Buffer.from(message), Redacted.value(options.key ?? ours.privateKey))
  return {
    method,
    target,
    body,
    authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${options.mchid ?? MCHID}",nonce_str="${NONCE}",timestamp="${timestamp}",serial_no="${options.serial ?? SERIAL}",signature="${signature.toString("base64")}"`
  }
}

/** The gateway's SIGN_ERROR for a signature that did not verify over what it received. */
const signatureAnswer = (received: { method: string; target: string; body: string; timestamp?: string }) => {
  const message = `${received.method}\n${received.target}\n${received.timestamp ?? now}\n${NONCE}\n${received.body}\n`
  return {
    status: 401,
    headers: { "Wechatpay-Timestamp": String(now), "Request-ID": "08F78BB5AF0610D302" },
    body: JSON.stringify({
      code: "SIGN_ERROR",
      message: "错误的签名，验签失败",
      detail: {
        field: "signature",
        location: "authorization",
        sign_information: {
          method: received.method,
          url: received.target,
          sign_message_length: Buffer.byteLength(message),
          truncated_sign_message: message.length > 256 ? `${message.slice(0, 256)}…` : message
        }
      }
    })
  }
}

const fieldAnswer = (field: string, message: string, extra: Record<string, unknown> = {}) => ({
  status: 401,
  headers: { "Wechatpay-Timestamp": String(now) },
  body: JSON.stringify({ code: "SIGN_ERROR", message, detail: { field, location: "authorization", ...extra } })
})

const diagnose = (
  answer: SignErrorDiagnosis.Answer,
  sent?: SignErrorDiagnosis.SentRequest,
  context?: SignErrorDiagnosis.Context
) => SignErrorDiagnosis.diagnoseAt(answer, { sent, context }, NOW)

const tags = (d: SignErrorDiagnosis.Diagnosis) => d.findings.map((f) => f._tag)

describe("SignErrorDiagnosis", () => {
  it("says an answer that is not SIGN_ERROR was accepted", () => {
    const d = diagnose({ status: 400, body: JSON.stringify({ code: "PARAM_ERROR", message: "参数错误" }) })
    expect(tags(d)).toEqual(["NotSignError"])
  })

  it("wrong serial: the gateway rejects serial_no, and the certificate names the right one", () => {
    const sent = sentRequest({ serial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C" })
    const answer = fieldAnswer("serial_no", "商户证书序列号有误。请使用签名私钥匹配的证书序列号", {
      value: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"
    })
    const d = diagnose(answer, sent, { merchantCertificate: certificateFor(ours.privateKey, SERIAL) })
    expect(d.findings).toEqual([
      expect.objectContaining({
        _tag: "WrongSerial",
        sent: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C",
        expected: SERIAL
      })
    ])
    // From the answer alone: the serial it names.
    expect(diagnose(answer).findings[0]).toMatchObject({ _tag: "WrongSerial", expected: undefined })
  })

  it("clock skew: the request's timestamp against the gateway's clock (its Wechatpay-Timestamp)", () => {
    const sent = sentRequest({ timestamp: String(now - 600) })
    const answer = fieldAnswer("timestamp", "Http头Authorization中的timestamp与发起请求的时间不得超过5分钟", {
      issue: "timestamp_expired",
      value: String(now - 600)
    })
    expect(diagnose(answer, sent).findings).toEqual([
      expect.objectContaining({ _tag: "ClockSkew", skewSeconds: -600, reference: "gateway" })
    ])
    expect(diagnose(answer, sent).findings[0]?.message).toContain("600 s behind WeChat Pay's clock")
  })

  it("a timestamp in milliseconds", () => {
    const sent = sentRequest({ timestamp: String(NOW) })
    expect(tags(diagnose(fieldAnswer("timestamp", "…应为秒级时间戳"), sent))).toEqual(["MillisecondTimestamp"])
  })

  it("URL or query encoding changed in transit: the gateway verified another URL than was signed", () => {
    const target = "/v3/marketing/favor/stocks?offset=0&limit=10&create_start_time=2015-05-20T13%3A29%3A35%2B08%3A00"
    const sent = sentRequest({ method: "GET", target, body: "" })
    const answer = signatureAnswer({ method: "GET", target: target.replace(/%3A/g, ":"), body: "" })
    const d = diagnose(answer, sent, { merchantPrivateKey: ours.privateKey })
    expect(d.findings).toEqual([
      expect.objectContaining({ _tag: "UrlMismatch", stage: "transit", encodingOnly: true, signed: target })
    ])
  })

  it("body changed after signing: re-serialised by a proxy", () => {
    const sent = sentRequest()
    const reserialised = JSON.stringify(JSON.parse(sent.body), null, 2)
    const d = diagnose(signatureAnswer({ method: "POST", target: sent.target, body: reserialised }), sent)
    expect(d.findings).toEqual([
      expect.objectContaining({
        _tag: "BodyChanged",
        stage: "transit",
        signedLength: Buffer.byteLength(sent.body),
        receivedLength: Buffer.byteLength(reserialised),
        offset: 1,
        reserialised: true
      })
    ])
  })

  it("body changed after signing: a long body, known only by its length and its first bytes", () => {
    const sent = sentRequest({ body: JSON.stringify({ comment: "x".repeat(600) }) })
    const d = diagnose(
      signatureAnswer({ method: "POST", target: sent.target, body: JSON.stringify({ comment: "x".repeat(599) }) }),
      sent
    )
    expect(d.findings).toEqual([
      expect.objectContaining({
        _tag: "BodyChanged",
        receivedLength: Buffer.byteLength(sent.body) - 1,
        offset: undefined
      })
    ])
  })

  it("wrong key for the serial: the message matches and the signature is valid for our key", () => {
    const sent = sentRequest()
    const answer = signatureAnswer(sent)
    const confirmed = diagnose(answer, sent, { merchantPrivateKey: ours.privateKey })
    expect(confirmed.findings).toEqual([expect.objectContaining({ _tag: "WrongKey", serial: SERIAL, confirmed: true })])
    const withOtherCertificate = diagnose(answer, sent, {
      merchantPrivateKey: ours.privateKey,
      merchantCertificate: certificateFor(other.privateKey, SERIAL)
    })
    expect(withOtherCertificate.findings[0]?.message).toContain(
      "your apiclient_cert.pem does not belong to this private key"
    )
    // Without a key to check with, the same cause, unconfirmed.
    expect(diagnose(answer, sent).findings).toEqual([expect.objectContaining({ _tag: "WrongKey", confirmed: false })])
  })

  it("a signature our key did not make", () => {
    const sent = sentRequest({ key: other.privateKey })
    expect(tags(diagnose(signatureAnswer(sent), sent, { merchantPrivateKey: ours.privateKey }))).toEqual([
      "SignatureNotFromKey"
    ])
  })

  it("the client signed a decoded URL but sent it encoded (found by verifying the variants)", () => {
    const target = "/v3/marketing/favor/stocks?offset=0&limit=10&create_start_time=2015-05-20T13%3A29%3A35%2B08%3A00"
    const sent = sentRequest({ method: "GET", target, body: "", signedTarget: decodeURIComponent(target) })
    const d = diagnose(signatureAnswer(sent), sent, { merchantPrivateKey: ours.privateKey })
    expect(d.findings).toEqual([
      expect.objectContaining({
        _tag: "UrlMismatch",
        stage: "signing",
        signed: decodeURIComponent(target),
        received: target,
        encodingOnly: true
      })
    ])
  })

  it("the client signed another serialisation of the body than it sent", () => {
    const body = '{"stock_id":"9856000","appid":"wx233544546545989"}'
    const sent = sentRequest({ body: JSON.stringify(JSON.parse(body), null, 2), signedBody: body })
    const d = diagnose(signatureAnswer(sent), sent, { merchantPrivateKey: ours.privateKey })
    expect(d.findings).toEqual([expect.objectContaining({ _tag: "BodyChanged", stage: "signing", reserialised: true })])
  })

  it("a merchant id the certificate does not belong to", () => {
    const sent = sentRequest({ mchid: "1900000002" })
    const d = diagnose(fieldAnswer("mchid", "Http头Authorization中的mchid与商户证书不匹配"), sent, { mchid: MCHID })
    expect(d.findings).toEqual([
      expect.objectContaining({ _tag: "MchidMismatch", sent: "1900000002", expected: MCHID })
    ])
  })

  it("names no key material, and reads the request id", () =>
    Effect.gen(function* () {
      const sent = sentRequest()
      const d = yield* SignErrorDiagnosis.diagnose(signatureAnswer(sent), {
        sent,
        context: { merchantPrivateKey: ours.privateKey }
      })
      expect(d.requestId).toBe("08F78BB5AF0610D302")
      const text = JSON.stringify(d)
      const keyLines = Redacted.value(ours.privateKey)
        .split("\n")
        .filter((l) => l.length > 20 && !l.startsWith("-----"))
      for (const line of keyLines) expect(text).not.toContain(line)
    }).pipe(Effect.runSync))
})
