import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Favor as FavorApi, FlowFiles, MediaUpload, WechatPay } from "@effect-wechatpay/api"
import { Favor } from "@effect-wechatpay/schema"
import { Effect, Stream } from "effect"
import { Sandbox } from "../../src/index.js"
import { createRequest, requestsTo, withSandbox } from "./harness.js"

const UPLOAD_PATH = Favor.UploadImage.path
const DOWNLOAD_PATH = "/v3/billdownload/file"

/** A 1×1 PNG (signature, IHDR, IDAT, IEND), valid per the PNG spec. */
const PNG = Uint8Array.from(
  Buffer.from(
    "89504E470D0A1A0A0000000D4948445200000001000000010806000000" +
      "1F15C4890000000D49444154789C6360000002000154A24F5D0000000049454E44AE426082",
    "hex"
  )
)

/** A minimal baseline JPEG (SOI, APP0/JFIF, …, EOI): the first bytes the type is read from are real. */
const JPEG = Uint8Array.from(
  Buffer.from(
    "FFD8FFE000104A46494600010100000100010000FFDB004300080606070605080707070909080A0C140D0C0B0B0C1912130F141D1A1F1E1D1A1C1C20242E2720222C231C1C2837292C30313434341F27393D38323C2E333432FFC0000B080001000101011100FFC4001F0000010501010101010100000000000000000102030405060708090A0BFFC400B5100002010303020403050504040000017D01020300041105122131410613516107227114328191A1082342B1C11552D1F02433627282090A161718191A25262728292A3435363738393A434445464748494A535455565758595A636465666768696A737475767778797A838485868788898A92939495969798999AA2A3A4A5A6A7A8A9AAB2B3B4B5B6B7B8B9BAC2C3C4C5C6C7C8C9CAD2D3D4D5D6D7D8D9DAE1E2E3E4E5E6E7E8E9EAF1F2F3F4F5F6F7F8F9FAFFDA0008010100003F00FBD3FFD9",
    "hex"
  )
)

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex")

describe("loopback: 图片上传(营销专用) through MediaUpload", () => {
  it.live("a PNG and a JPEG upload as multipart (meta first, CRLF), signed over the meta JSON", () =>
    withSandbox()(
      Effect.gen(function* () {
        const png = yield* MediaUpload.uploadImage({ filename: "logo.png", bytes: PNG })
        const jpeg = yield* MediaUpload.uploadImage({ filename: "封面.JPG", bytes: JPEG })
        expect(png.media_url).toMatch(/^https:\/\/wxpaylogo\.qpic\.cn\/wxpaylogo\/\S+\/0$/)
        expect(jpeg.media_url).not.toBe(png.media_url)
        const again = yield* MediaUpload.uploadImage({ filename: "logo-copy.png", bytes: PNG })
        expect(again.media_url).toBe(png.media_url)

        const [seen] = yield* requestsTo(UPLOAD_PATH)
        expect(seen?.status).toBe(200)
        const boundary = /^multipart\/form-data; boundary=(\S+)$/.exec(seen?.headers["content-type"] ?? "")?.[1]
        expect(boundary).toBeDefined()
        const meta = `{"filename":"logo.png","sha256":"${sha256(PNG)}"}`
        expect(
          seen?.body.startsWith(
            `--${boundary}\r\nContent-Disposition: form-data; name="meta";\r\nContent-Type: application/json\r\n\r\n${meta}\r\n` +
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`
          )
        ).toBe(true)
        expect(seen?.body.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true)
      })
    )
  )

  it.live("a BMP (a 1×1 24-bit file) uploads", () =>
    withSandbox()(
      Effect.gen(function* () {
        const bmp = Uint8Array.from(
          Buffer.from(
            "424D3A0000000000000036000000280000000100000001000000010018000000000004000000130B0000130B00000000000000000000FFFFFF00",
            "hex"
          )
        )
        const result = yield* MediaUpload.uploadImage({ filename: "dot.BMP", bytes: bmp })
        expect(result.media_url).toMatch(/^https:\/\//)
        const [seen] = yield* requestsTo(UPLOAD_PATH)
        expect(seen?.body).toContain("Content-Type: image/bmp\r\n")
      })
    )
  )

  it.live("uploadImageFile reads the path through FileSystem", () =>
    withSandbox()(
      Effect.gen(function* () {
        const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-upload-"))
        const file = Path.join(dir, "badge.png")
        Fs.writeFileSync(file, PNG)
        const result = yield* MediaUpload.uploadImageFile(file)
        expect(result.media_url).toMatch(/^https:\/\//)
        const [seen] = yield* requestsTo(UPLOAD_PATH)
        expect(seen?.body).toContain('filename="badge.png"')
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )
  )

  const rejected: ReadonlyArray<readonly [string, MediaUpload.Image, string]> = [
    ["a renamed text file", { filename: "notes.png", bytes: new TextEncoder().encode("just some text\n") }, "/bytes"],
    ["a PNG named .jpg", { filename: "logo.jpg", bytes: PNG }, "/filename"],
    ["a PNG named .gif", { filename: "logo.gif", bytes: PNG }, "/filename"],
    ["an empty file", { filename: "empty.png", bytes: new Uint8Array(0) }, "/bytes"],
    [
      "2 MB + 1 byte",
      {
        filename: "big.png",
        bytes: (() => {
          const big = new Uint8Array(Favor.IMAGE_UPLOAD_MAX_BYTES + 1)
          big.set(PNG)
          return big
        })()
      },
      "/bytes"
    ]
  ]

  it.live.each(rejected)("%s: RequestValidationError, nothing sent", ([, image, path]) =>
    withSandbox()(
      Effect.gen(function* () {
        const error = yield* Effect.flip(MediaUpload.uploadImage(image))
        expect(error._tag).toBe("RequestValidationError")
        if (error._tag === "RequestValidationError") expect(error.issues[0]?.path).toBe(path)
        expect(yield* requestsTo(UPLOAD_PATH)).toEqual([])
      })
    )
  )

  it.live("exactly 2 MB is accepted", () =>
    withSandbox()(
      Effect.gen(function* () {
        const max = new Uint8Array(Favor.IMAGE_UPLOAD_MAX_BYTES)
        max.set(PNG)
        const result = yield* MediaUpload.uploadImage({ filename: "max.png", bytes: max })
        expect(result.media_url).toMatch(/^https:\/\//)
      })
    )
  )

  it.live("a file over 2 MB on disk is rejected from stat, never read", () =>
    withSandbox()(
      Effect.gen(function* () {
        const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-upload-"))
        const file = Path.join(dir, "big.png")
        Fs.writeFileSync(file, new Uint8Array(Favor.IMAGE_UPLOAD_MAX_BYTES + 1))
        const error = yield* Effect.flip(MediaUpload.uploadImageFile(file))
        expect(error._tag).toBe("RequestValidationError")
        expect(yield* requestsTo(UPLOAD_PATH)).toEqual([])
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )
  )

  it.live("executing the multipart descriptor with the meta only fails without sending", () =>
    withSandbox()(
      Effect.gen(function* () {
        const client = yield* WechatPay.WechatPayClient
        const error = yield* Effect.flip(
          client.execute(Favor.UploadImage, { filename: "logo.png", sha256: sha256(PNG) })
        )
        expect(error._tag).toBe("RequestValidationError")
        if (error._tag === "RequestValidationError") expect(error.issues[0]?.path).toBe("/bytes")
        expect(yield* requestsTo(UPLOAD_PATH)).toEqual([])
      })
    )
  )
})

/** Signs and sends a hand-made multipart body, as a client with its own bugs would. */
const rawUpload = (parts: ReadonlyArray<{ header: string; bytes: Uint8Array }>, signed: string) =>
  Effect.gen(function* () {
    const client = yield* WechatPay.WechatPayClient
    const sandbox = yield* Sandbox.SandboxGateway
    const boundary = "SandboxTestBoundary"
    const chunks: Array<Uint8Array> = []
    const enc = new TextEncoder()
    for (const part of parts) {
      chunks.push(enc.encode(`--${boundary}\r\n${part.header}\r\n\r\n`), part.bytes, enc.encode("\r\n"))
    }
    chunks.push(enc.encode(`--${boundary}--\r\n`))
    const body = Buffer.concat(chunks)
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = "ABCDEF0123456789"
    const authorization = client.crypto.signer.authorizeAt(
      { method: "POST", target: UPLOAD_PATH, body: signed },
      Number(timestamp),
      nonce
    ).authorization
    const response = yield* Effect.promise(() =>
      fetch(sandbox.baseUrl + UPLOAD_PATH, {
        method: "POST",
        headers: {
          authorization,
          accept: "application/json",
          "user-agent": "test",
          "content-type": `multipart/form-data; boundary=${boundary}`
        },
        body
      })
    )
    return {
      status: response.status,
      body: (yield* Effect.promise(() => response.json())) as { code: string; message: string }
    }
  })

const metaPart = (json: string) => ({
  header: 'Content-Disposition: form-data; name="meta";\r\nContent-Type: application/json',
  bytes: new TextEncoder().encode(json)
})
const filePart = (name: string, bytes: Uint8Array) => ({
  header: `Content-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png`,
  bytes
})

describe("sandbox: the image upload's own checks (hand-made requests)", () => {
  it.live("answers the documented codes", () =>
    withSandbox()(
      Effect.gen(function* () {
        const meta = (bytes: Uint8Array, name = "a.png") => `{"filename":"${name}","sha256":"${sha256(bytes)}"}`
        const ok = yield* rawUpload([metaPart(meta(PNG)), filePart("a.png", PNG)], meta(PNG))
        expect(ok.status).toBe(200)

        const mismatch = yield* rawUpload([metaPart(meta(JPEG)), filePart("a.png", PNG)], meta(JPEG))
        expect(mismatch).toMatchObject({
          status: 403,
          body: { code: "REQUEST_BLOCKED", message: "图片 meta 信息不一致" }
        })

        const text = new TextEncoder().encode("hello")
        const unknown = yield* rawUpload([metaPart(meta(text)), filePart("a.png", text)], meta(text))
        expect(unknown).toMatchObject({ status: 403, body: { code: "REQUEST_BLOCKED", message: "未知图片类型" } })

        const empty = new Uint8Array(0)
        const none = yield* rawUpload([metaPart(meta(empty)), filePart("a.png", empty)], meta(empty))
        expect(none).toMatchObject({ status: 400, body: { code: "PARAM_ERROR", message: "图片文件为空" } })

        const big = new Uint8Array(Favor.IMAGE_UPLOAD_MAX_BYTES + 1)
        big.set(PNG)
        const tooBig = yield* rawUpload([metaPart(meta(big)), filePart("a.png", big)], meta(big))
        expect(tooBig).toMatchObject({ status: 400, body: { code: "PARAM_ERROR" } })

        const reversed = yield* rawUpload([filePart("a.png", PNG), metaPart(meta(PNG))], meta(PNG))
        expect(reversed.status).toBe(401)

        const rawSigned = yield* rawUpload([metaPart(meta(PNG)), filePart("a.png", PNG)], "not the meta")
        expect(rawSigned).toMatchObject({ status: 401, body: { code: "SIGN_ERROR" } })
      })
    )
  )
})

const row = (stock_id: string, n: number): Sandbox.FavorFlowRow => ({
  stock_id,
  coupon_id: `98000000${n}`,
  coupon_amount: 100 * n + 5,
  order_amount: 1000 * n,
  transaction_id: `42000000002027010100000000${n}`,
  consume_time: `2027-01-0${n}T16:23:05+08:00`,
  consume_mchid: Sandbox.defaults.mchid
})

describe("loopback: flow files through FlowFiles", () => {
  it.live("use-flow rows reconcile with what was appended", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const { stock_id } = yield* FavorApi.createCouponStock(createRequest("EWP-FLOW-1"))
        yield* sandbox.appendFavorUseFlow([row(stock_id, 1), row(stock_id, 2), row("77777", 3)])
        yield* sandbox.appendFavorRefundFlow([row(stock_id, 4)])
        const rows = yield* Stream.runCollect(FlowFiles.useFlow(stock_id))
        expect(rows.map((r) => ({ ...r }))).toEqual([
          {
            stock_id,
            coupon_id: "980000001",
            coupon_type: "全场代金券",
            coupon_amount: 105,
            order_amount: 1000,
            trade_type: "支付",
            transaction_id: "420000000020270101000000001",
            consume_time: "2027-01-01 16:23:05",
            consume_mchid: Sandbox.defaults.mchid
          },
          expect.objectContaining({ coupon_id: "980000002", coupon_amount: 205, order_amount: 2000 })
        ])
        const refunds = yield* Stream.runCollect(FlowFiles.refundFlow(stock_id))
        expect(refunds.map((r) => [r.coupon_id, r.coupon_amount, r.trade_type])).toEqual([["980000004", 405, "退款"]])

        const [download] = yield* requestsTo(DOWNLOAD_PATH)
        expect(download?.status).toBe(200)
        expect(download?.authorization._tag).toBe("Some")
      })
    )
  )

  it.live("a formula cell keeps WeChat Pay's backtick through download, parse and decode", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        const formula = "=cmd|' /C calc'!A0"
        yield* sandbox.appendFavorUseFlow([{ ...row("8888", 1), transaction_id: formula, consume_mchid: "@SUM(1)" }])
        const [decoded] = yield* Stream.runCollect(FlowFiles.useFlow("8888"))
        expect(decoded?.transaction_id).toBe(`\`${formula}`)
        expect(decoded?.consume_mchid).toBe("`@SUM(1)")
        expect(decoded?.coupon_id).toBe("980000001")
      })
    )
  )

  it.live("an empty batch is a file with no rows; an unknown batch is ResourceNotExists", () =>
    withSandbox()(
      Effect.gen(function* () {
        const { stock_id } = yield* FavorApi.createCouponStock(createRequest("EWP-FLOW-2"))
        expect(yield* Stream.runCollect(FlowFiles.useFlow(stock_id))).toEqual([])
        const error = yield* Effect.flip(Stream.runCollect(FlowFiles.useFlow("12345678901234567890")))
        expect(error._tag).toBe("ResourceNotExists")
      })
    )
  )

  it.live("the link's file is the CSV layout of a real file, and the link answer is signed", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.appendFavorUseFlow([row("5555", 1)])
        const link = yield* FavorApi.useFlow({ stock_id: "5555" })
        expect(link.hash_type).toBe("SHA1")
        expect(link.url.startsWith(`${sandbox.baseUrl}${DOWNLOAD_PATH}?token=`)).toBe(true)
        const client = yield* WechatPay.WechatPayClient
        // The public httpClient verifies 2xx signatures: the unsigned file fails there, as it would at WeChat Pay.
        const unsigned = yield* Effect.flip(client.httpClient.get(link.url.slice(sandbox.baseUrl.length)))
        expect(unsigned._tag).toBe("SignatureVerificationError")
        const bytes = yield* FlowFiles.download(Favor.UseFlow, link)
        expect(new TextDecoder().decode(bytes)).toBe(
          `${Favor.USE_FLOW_HEADER_LINE}\r\n` +
            '`5555,`980000001,`全场代金券,`1.05,`10.00,`支付,`420000000020270101000000001,`2027-01-01 16:23:05,`1900009191,"","",""\r\n' +
            "总条数\r\n`1\r\n"
        )
        expect(createHash("sha1").update(bytes).digest("hex")).toBe(link.hash_value)
      })
    )
  )

  it.live("a tampered file fails with FlowFileError HashMismatch and emits no row", () =>
    withSandbox()(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.appendFavorUseFlow([row("6666", 1), row("6666", 2)])
        yield* sandbox.inject({ match: { path: DOWNLOAD_PATH }, kind: { _tag: "TamperBody" } })
        const emitted: Array<unknown> = []
        const error = yield* Effect.flip(
          Stream.runForEach(FlowFiles.useFlow("6666"), (r) => Effect.sync(() => emitted.push(r)))
        )
        expect(error._tag).toBe("FlowFileError")
        if (error._tag === "FlowFileError") expect(error.reason).toBe("HashMismatch")
        expect(emitted).toEqual([])
      })
    )
  )

  let offset = 0
  it.live("an unknown token, or one older than 30 s, is RESOURCE_NOT_EXISTS; a foreign URL is not fetched", () =>
    withSandbox({ sandbox: { now: () => Date.now() + offset } })(
      Effect.gen(function* () {
        const sandbox = yield* Sandbox.SandboxGateway
        yield* sandbox.appendFavorUseFlow([row("7777", 1)])
        const link = yield* FavorApi.useFlow({ stock_id: "7777" })
        const error = yield* Effect.flip(
          FlowFiles.download(Favor.UseFlow, { ...link, url: `${sandbox.baseUrl}${DOWNLOAD_PATH}?token=nope` })
        )
        expect(error._tag).toBe("ResourceNotExists")
        const foreign = yield* Effect.flip(
          FlowFiles.download(Favor.UseFlow, { ...link, url: "https://example.com/v3/billdownload/file?token=x" })
        )
        expect(foreign).toMatchObject({ _tag: "FlowFileError", reason: "ForeignUrl" })
        expect(yield* FlowFiles.download(Favor.UseFlow, link)).toBeInstanceOf(Uint8Array)
        offset = 31_000
        const expired = yield* Effect.flip(FlowFiles.download(Favor.UseFlow, link))
        expect(expired).toMatchObject({ _tag: "ResourceNotExists", message: "下载链接已过期" })
      })
    )
  )

  it.live("stock_id limits: 20 characters sent, 21 or a 4-byte emoji rejected before sending", () =>
    withSandbox()(
      Effect.gen(function* () {
        const long = Effect.flip(Stream.runCollect(FlowFiles.useFlow("1".repeat(21))))
        expect((yield* long)._tag).toBe("RequestValidationError")
        const emoji = Effect.flip(Stream.runCollect(FlowFiles.useFlow("12😀")))
        expect((yield* emoji)._tag).toBe("RequestValidationError")
        const atLimit = yield* Effect.flip(Stream.runCollect(FlowFiles.useFlow("1".repeat(20))))
        expect(atLimit._tag).toBe("ResourceNotExists")
        const all = (yield* (yield* Sandbox.SandboxGateway).requests).filter((r) => r.path.includes("use-flow"))
        expect(all.map((r) => r.status)).toEqual([404])
      })
    )
  )
})

describe("flow file parsing", () => {
  it("rejects a file whose trailer count is not its rows, and one without a trailer", () => {
    const enc = new TextEncoder()
    const head = `${Favor.USE_FLOW_HEADER_LINE}\r\n\`1,\`2,\`全场代金券,\`1.00,\`2.00,\`支付,\`3,\`2020-11-27 16:23:05,\`4,"","",""\r\n`
    expect(FlowFiles.parseFlowFile(enc.encode(`${head}总条数\r\n\`2\r\n`))._tag).toBe("Failure")
    expect(FlowFiles.parseFlowFile(enc.encode(head))._tag).toBe("Failure")
    const ok = FlowFiles.parseFlowFile(enc.encode(`\uFEFF${head}总条数\r\n\`1\r\n`))
    expect(ok._tag === "Success" && ok.success.rows[0]?.["优惠金额（元）"]).toBe("`1.00")
  })
})
