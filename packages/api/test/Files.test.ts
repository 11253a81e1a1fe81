/**
 * MediaUpload and FlowFiles over the stub transport (the loopback tests against the sandbox are in
 * packages/sandbox/test), and over a client service written by hand: both need nothing but `WechatPayClient`.
 */
import * as ChildProcess from "node:child_process"
import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { WechatPayCrypto } from "@effect-wechatpay/crypto"
import { Favor as SchemaFavor } from "@effect-wechatpay/schema"
import { Effect, Exit, FileSystem, Layer, Result, Schema, Stream } from "effect"
import { HttpClient, type HttpClientError } from "effect/http"
import * as Endpoint from "../src/Endpoint.js"
import * as Favor from "../src/Favor.js"
import * as FlowFiles from "../src/FlowFiles.js"
import * as MediaUpload from "../src/MediaUpload.js"
import * as WechatPay from "../src/WechatPay.js"
import { WechatPayClient } from "../src/WechatPay.js"
import * as WechatPayError from "../src/WechatPayError.js"
import { type Answer, clientLayer, options, plainExit, stub, verifyAuthorization } from "./stub.js"

/** A 1×1 PNG (signature, IHDR, IDAT, IEND). */
const PNG = Uint8Array.from(
  Buffer.from(
    "89504E470D0A1A0A0000000D4948445200000001000000010806000000" +
      "1F15C4890000000D49444154789C6360000002000154A24F5D0000000049454E44AE426082",
    "hex"
  )
)

const UPLOAD_PATH = "/v3/marketing/favor/media/image-upload"
const MEDIA_URL = "https://wxpaylogo.qpic.cn/wxpaylogo/PiajxSqBRaEIPAeia7Imvtsc/0"

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex")
const sha1 = (bytes: Uint8Array) => createHash("sha1").update(bytes).digest("hex")
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1")

/** Runs `program` against the stub transport: its exit (span annotations dropped) and what the stub saw. */
const run = <A, E>(answers: ReadonlyArray<Answer>, program: Effect.Effect<A, E, WechatPay.WechatPayClient>) =>
  Effect.gen(function* () {
    const { client, seen } = yield* stub(answers)
    const exit = plainExit(yield* Effect.exit(Effect.provide(program, clientLayer(client, { retry: false }))))
    return { exit, seen: yield* seen }
  })

/** What a hand-written client's `executeMultipart` / `download` received. */
interface Received {
  readonly multipart: Array<{ readonly endpoint: Endpoint.Any; readonly upload: WechatPay.MultipartUpload }>
  readonly downloads: Array<{ readonly endpoint: Endpoint.Any; readonly url: string }>
}

/**
 * A `WechatPayClient` service written by hand (not built by `WechatPay.make`): `executeMultipart` and `download` are
 * stubs that record what they are given; everything else dies if called.
 */
const handWritten = (answers: { readonly media_url?: string; readonly file?: Uint8Array }) =>
  Effect.gen(function* () {
    const received: Received = { multipart: [], downloads: [] }
    const crypto = yield* WechatPayCrypto.make({
      mchid: options.mchid,
      merchantSerialNumber: options.merchantSerialNumber,
      merchantPrivateKey: options.merchantPrivateKey,
      wechatpayPublicKey: options.wechatpayPublicKey
    })
    const unused = Effect.die("not used by this test")
    const service: WechatPay.Service = {
      mchid: options.mchid,
      baseUrl: "https://api.test.invalid",
      crypto,
      httpClient: HttpClient.makeWith<
        never,
        never,
        HttpClientError.HttpClientError | WechatPayError.SignatureVerificationError,
        never
      >((request) => Effect.flatMap(request, () => unused), Effect.succeed),
      execute: () => unused,
      executeMultipart: <E extends Endpoint.Any>(endpoint: E, upload: WechatPay.MultipartUpload) =>
        Effect.sync(() => {
          received.multipart.push({ endpoint, upload })
          return { media_url: answers.media_url ?? MEDIA_URL } as Endpoint.Success<E>
        }),
      download: (endpoint, url) =>
        Effect.sync(() => {
          received.downloads.push({ endpoint, url })
          return answers.file ?? new Uint8Array(0)
        }),
      refreshCertificates: unused
    }
    return { layer: Layer.succeed(WechatPay.WechatPayClient, service), received }
  })

/** The multipart body `prepareUpload` writes for `filename` and `bytes` under `boundary`, up to the file bytes. */
const multipartHead = (boundary: string, meta: string, filename: string, type: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="meta";\r\nContent-Type: application/json\r\n\r\n${meta}\r\n` +
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`

describe("MediaUpload.uploadImage", () => {
  it.live("a hand-written WechatPayClient: its executeMultipart receives the prepared upload", () =>
    Effect.gen(function* () {
      const { layer, received } = yield* handWritten({})
      const result = yield* MediaUpload.uploadImage({ filename: "logo.png", bytes: PNG }).pipe(Effect.provide(layer))
      expect(result.media_url).toBe(MEDIA_URL)
      expect(received.multipart).toHaveLength(1)
      const [{ endpoint, upload }] = received.multipart as [Received["multipart"][number]]
      expect(endpoint).toBe(SchemaFavor.UploadImage)
      const meta = `{"filename":"logo.png","sha256":"${sha256(PNG)}"}`
      expect(upload.target).toBe(UPLOAD_PATH)
      expect(upload.body).toBe(meta)
      const boundary = /^multipart\/form-data; boundary=([0-9a-f]{32})$/.exec(upload.contentType)?.[1]
      expect(boundary).toBeDefined()
      expect(latin1(upload.multipart)).toBe(
        `${multipartHead(boundary!, meta, "logo.png", "image/png")}${latin1(PNG)}\r\n--${boundary}--\r\n`
      )
    })
  )

  it.live("over the stub transport: multipart POST, signed over the meta JSON, the answer verified and decoded", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [{ status: 200, body: JSON.stringify({ media_url: MEDIA_URL }) }],
        MediaUpload.uploadImage({ filename: "封面.PNG", bytes: PNG })
      )
      expect(exit).toEqual(Exit.succeed(expect.objectContaining({ media_url: MEDIA_URL })))
      expect(seen).toHaveLength(1)
      const [request] = seen as [(typeof seen)[number]]
      expect(request.method).toBe("POST")
      expect(request.target).toBe(UPLOAD_PATH)
      const boundary = /^multipart\/form-data; boundary=(\S+)$/.exec(request.headers["content-type"] ?? "")?.[1]
      expect(boundary).toBeDefined()
      const meta = `{"filename":"封面.PNG","sha256":"${sha256(PNG)}"}`
      expect(request.body.startsWith(multipartHead(boundary!, meta, "封面.PNG", "image/png"))).toBe(true)
      expect(request.body.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true)
      expect(verifyAuthorization({ ...request, body: meta })).toBe(true)
      expect(verifyAuthorization(request)).toBe(false)
    })
  )

  it.live("an answer whose signature does not verify is SignatureVerificationError", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        [{ status: 200, body: JSON.stringify({ media_url: MEDIA_URL }), sign: false }],
        MediaUpload.uploadImage({ filename: "logo.png", bytes: PNG })
      )
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "SignatureVerificationError" })))
    })
  )

  it.live("a documented error is its tagged error (403 REQUEST_BLOCKED)", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        [{ status: 403, body: '{"code":"REQUEST_BLOCKED","message":"未知图片类型"}' }],
        MediaUpload.uploadImage({ filename: "logo.png", bytes: PNG })
      )
      expect(exit).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "RequestBlocked", status: 403, description: "未知图片类型" }))
      )
    })
  )

  const oversized = new Uint8Array(SchemaFavor.IMAGE_UPLOAD_MAX_BYTES + 1)
  oversized.set(PNG)
  const rejected: ReadonlyArray<readonly [string, MediaUpload.Image, string]> = [
    ["a renamed text file", { filename: "notes.png", bytes: new TextEncoder().encode("just some text\n") }, "/bytes"],
    ["a PNG named .jpg", { filename: "logo.jpg", bytes: PNG }, "/filename"],
    ["a PNG named .gif", { filename: "logo.gif", bytes: PNG }, "/filename"],
    ['a name with a "', { filename: 'lo"go.png', bytes: PNG }, "/filename"],
    ["an empty file", { filename: "empty.png", bytes: new Uint8Array(0) }, "/bytes"],
    ["2 MB + 1 byte", { filename: "big.png", bytes: oversized }, "/bytes"]
  ]

  it.live.each(rejected)("%s: RequestValidationError, nothing handed to the client", ([, image, path]) =>
    Effect.gen(function* () {
      const { layer, received } = yield* handWritten({})
      const error = yield* Effect.flip(MediaUpload.uploadImage(image).pipe(Effect.provide(layer)))
      expect(error._tag).toBe("RequestValidationError")
      if (error._tag === "RequestValidationError") expect(error.issues[0]?.path).toBe(path)
      expect(received.multipart).toEqual([])
    })
  )

  it.live("exactly 2 MB is accepted", () =>
    Effect.gen(function* () {
      const { layer, received } = yield* handWritten({})
      const max = new Uint8Array(SchemaFavor.IMAGE_UPLOAD_MAX_BYTES)
      max.set(PNG)
      yield* MediaUpload.uploadImage({ filename: "max.png", bytes: max }).pipe(Effect.provide(layer))
      expect(received.multipart).toHaveLength(1)
    })
  )

  it("no Favor.uploadImage is generated for the multipart descriptor: MediaUpload.uploadImage is the one way", () => {
    expect("uploadImage" in Favor).toBe(false)
    expect(Object.keys(MediaUpload)).toContain("uploadImage")
  })

  it.live("executing the multipart descriptor as JSON (meta only) fails without sending", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [],
        Effect.flatMap(WechatPayClient, (client) =>
          client.execute(SchemaFavor.UploadImage, { filename: "logo.png", sha256: sha256(PNG) })
        )
      )
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "RequestValidationError" })))
      expect(seen).toEqual([])
    })
  )
})

describe("MediaUpload.uploadImageFile", () => {
  /** A temporary directory holding `files`, removed when the scope closes. */
  const tempDir = (files: Record<string, Uint8Array>) =>
    Effect.acquireRelease(
      Effect.sync(() => {
        const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "ewp-upload-"))
        for (const [name, bytes] of Object.entries(files)) Fs.writeFileSync(Path.join(dir, name), bytes)
        return dir
      }),
      (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
    )

  it.live("reads a regular file through FileSystem and sends its last segment as the name", () =>
    Effect.gen(function* () {
      const { layer, received } = yield* handWritten({})
      const dir = yield* tempDir({ "badge.png": PNG })
      const file = Path.join(dir, "badge.png")
      yield* MediaUpload.uploadImageFile(file).pipe(Effect.provide(layer), Effect.provide(NodeFileSystem.layer))
      yield* MediaUpload.uploadImageFile(file, { filename: "logo.png" }).pipe(
        Effect.provide(layer),
        Effect.provide(NodeFileSystem.layer)
      )
      expect(received.multipart.map(({ upload }) => JSON.parse(upload.body).filename)).toEqual([
        "badge.png",
        "logo.png"
      ])
      expect(received.multipart[0]?.upload.body).toBe(`{"filename":"badge.png","sha256":"${sha256(PNG)}"}`)
    })
  )

  it.live("a file over 2 MB on disk is rejected from stat, never read", () =>
    Effect.gen(function* () {
      const { layer, received } = yield* handWritten({})
      const fs = FileSystem.layerNoop({
        stat: () =>
          Effect.succeed({
            type: "File",
            size: BigInt(SchemaFavor.IMAGE_UPLOAD_MAX_BYTES + 1)
          } as FileSystem.File.Info),
        open: (path) => Effect.die(`open ${path}`),
        readFile: (path) => Effect.die(`read ${path}`)
      })
      const error = yield* Effect.flip(
        MediaUpload.uploadImageFile("/assets/big.png").pipe(Effect.provide(layer), Effect.provide(fs))
      )
      expect(error).toMatchObject({ _tag: "RequestValidationError", issues: [{ path: "/bytes" }] })
      expect(received.multipart).toEqual([])
    })
  )

  it.live("/dev/zero (stat says 0 bytes): RequestValidationError at once, nothing read", () =>
    Effect.gen(function* () {
      const { layer, received } = yield* handWritten({})
      const started = Date.now()
      const error = yield* Effect.flip(
        MediaUpload.uploadImageFile("/dev/zero").pipe(
          Effect.provide(layer),
          Effect.provide(NodeFileSystem.layer),
          Effect.timeout("5 seconds")
        )
      )
      expect(error).toMatchObject({
        _tag: "RequestValidationError",
        issues: [{ path: "/bytes", message: "is a CharacterDevice, not a regular file" }]
      })
      expect(Date.now() - started).toBeLessThan(2000)
      expect(received.multipart).toEqual([])
    })
  )

  it.live("a FIFO with no writer, a directory: RequestValidationError at once (never opened)", () =>
    Effect.gen(function* () {
      const { layer } = yield* handWritten({})
      const dir = yield* tempDir({})
      const fifo = Path.join(dir, "image.png")
      ChildProcess.execFileSync("mkfifo", [fifo])
      for (const [path, type] of [
        [fifo, "FIFO"],
        [dir, "Directory"]
      ] as const) {
        const error = yield* Effect.flip(
          MediaUpload.uploadImageFile(path).pipe(
            Effect.provide(layer),
            Effect.provide(NodeFileSystem.layer),
            Effect.timeout("5 seconds")
          )
        )
        expect(error).toMatchObject({
          _tag: "RequestValidationError",
          issues: [{ path: "/bytes", message: `is a ${type}, not a regular file` }],
          message: `readImageFile: invalid request: /bytes: ${path} is a ${type}, not a regular file`
        })
      }
    })
  )

  it.live("a file that grows past 2 MB after stat: the read stops at the limit + 1 byte, RequestValidationError", () =>
    Effect.gen(function* () {
      const { layer, received } = yield* handWritten({})
      let read = 0
      const endless: FileSystem.File = {
        [FileSystem.FileTypeId]: FileSystem.FileTypeId,
        stat: Effect.succeed({ type: "File", size: BigInt(PNG.length) } as FileSystem.File.Info),
        seek: () => Effect.die("seek"),
        sync: Effect.void,
        read: (buffer) =>
          Effect.sync(() => {
            const n = Math.min(buffer.length, 64 * 1024)
            buffer.fill(0x89, 0, n)
            read += n
            return n
          }),
        readAlloc: () => Effect.die("readAlloc"),
        truncate: () => Effect.die("truncate"),
        write: () => Effect.die("write"),
        writeAll: () => Effect.die("writeAll")
      }
      const fs = FileSystem.layerNoop({
        stat: () => Effect.succeed({ type: "File", size: BigInt(PNG.length) } as FileSystem.File.Info),
        open: () => Effect.succeed(endless),
        readFile: (path) => Effect.die(`read ${path}`)
      })
      const error = yield* Effect.flip(
        MediaUpload.uploadImageFile("/assets/growing.png").pipe(Effect.provide(layer), Effect.provide(fs))
      )
      expect(error).toMatchObject({
        _tag: "RequestValidationError",
        issues: [{ path: "/bytes", message: "grew past the 2097152 bytes allowed (2 MB) after stat" }]
      })
      expect(read).toBe(SchemaFavor.IMAGE_UPLOAD_MAX_BYTES + 1)
      expect(received.multipart).toEqual([])
    })
  )

  it.live("a read failure is the FileSystem's PlatformError", () =>
    Effect.gen(function* () {
      const { layer } = yield* handWritten({})
      const error = yield* Effect.flip(
        MediaUpload.uploadImageFile("/nowhere/logo.png").pipe(
          Effect.provide(layer),
          Effect.provide(NodeFileSystem.layer)
        )
      )
      expect(error._tag).toBe("PlatformError")
    })
  )
})

const CELLS =
  "`9856000,`980000001,`全场代金券,`1.05,`10.00,`支付,`420000000020270101000000001,`2027-01-01 16:23:05,`1900009191,`,`,`"

/** A 核销明细 file as WeChat Pay writes it: header, rows, the 总条数 trailer; CRLF. */
const flowFile = (rows: ReadonlyArray<string>, count = rows.length) =>
  new TextEncoder().encode(
    `${SchemaFavor.USE_FLOW_HEADER_LINE}\r\n${rows.map((r) => `${r}\r\n`).join("")}总条数\r\n\`${count}\r\n`
  )

const FILE_URL = "https://api.test.invalid/v3/billdownload/file?token=T0K3N"

const linkAnswer = (file: Uint8Array, overrides: Partial<FlowFiles.FlowLink> = {}): Answer => ({
  status: 200,
  body: JSON.stringify({ url: FILE_URL, hash_value: sha1(file), hash_type: "SHA1", ...overrides })
})

/** The file, unsigned (file downloads carry no signature). */
const fileAnswer = (file: Uint8Array): Answer => ({ status: 200, body: "", bytes: file, sign: false })

const Download = Endpoint.make({
  name: "Test.fileLink",
  title: "测试",
  docs: "https://example.test/docs",
  summary: "test endpoint",
  method: "GET",
  path: "/v3/test/file-link",
  request: Schema.Struct({}),
  response: Schema.Struct({ url: Schema.String }),
  errors: [{ status: 404, code: "RESOURCE_NOT_EXISTS" }]
})

describe("FlowFiles.useFlow", () => {
  it.live("the link, then a signed GET of the file (not verified), its rows decoded", () =>
    Effect.gen(function* () {
      const file = flowFile([CELLS, CELLS.replace("`980000001", "`980000002").replace("`1.05", "`2.05")])
      const { exit, seen } = yield* run(
        [linkAnswer(file), fileAnswer(file)],
        Stream.runCollect(FlowFiles.useFlow("9856000"))
      )
      expect(exit).toEqual(
        Exit.succeed([
          expect.objectContaining({
            stock_id: "9856000",
            coupon_id: "980000001",
            coupon_type: "全场代金券",
            coupon_amount: 105,
            order_amount: 1000,
            trade_type: "支付",
            transaction_id: "420000000020270101000000001",
            consume_time: "2027-01-01 16:23:05",
            consume_mchid: "1900009191"
          }),
          expect.objectContaining({ coupon_id: "980000002", coupon_amount: 205 })
        ])
      )
      expect(seen.map((s) => `${s.method} ${s.target}`)).toEqual([
        "GET /v3/marketing/favor/stocks/9856000/use-flow",
        "GET /v3/billdownload/file?token=T0K3N"
      ])
      expect(seen.map(verifyAuthorization)).toEqual([true, true])
    })
  )

  it.live("refundFlow: the same round trip on the refund link", () =>
    Effect.gen(function* () {
      const file = flowFile([CELLS.replace("`支付", "`退款")])
      const { exit, seen } = yield* run(
        [linkAnswer(file), fileAnswer(file)],
        Stream.runCollect(FlowFiles.refundFlow("9856000"))
      )
      expect(exit).toEqual(Exit.succeed([expect.objectContaining({ coupon_id: "980000001", trade_type: "退款" })]))
      expect(seen[0]?.target).toBe("/v3/marketing/favor/stocks/9856000/refund-flow")
    })
  )

  it.live("a file whose SHA-1 is not hash_value: FlowFileError HashMismatch, no row emitted", () =>
    Effect.gen(function* () {
      const file = flowFile([CELLS, CELLS])
      const tampered = flowFile([CELLS, CELLS.replace("`1.05", "`9.05")])
      const emitted: Array<unknown> = []
      const { exit } = yield* run(
        [linkAnswer(file), fileAnswer(tampered)],
        Stream.runForEach(FlowFiles.useFlow("9856000"), (row) => Effect.sync(() => emitted.push(row)))
      )
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "FlowFileError", reason: "HashMismatch" })))
      expect(emitted).toEqual([])
    })
  )

  it.live("a row that does not decode is a DecodeError locating it; the rows before it are emitted", () =>
    Effect.gen(function* () {
      const file = flowFile([CELLS, CELLS.replace("`1.05", "`1.055")])
      const emitted: Array<unknown> = []
      const { exit } = yield* run(
        [linkAnswer(file), fileAnswer(file)],
        Stream.runForEach(FlowFiles.useFlow("9856000"), (row) => Effect.sync(() => emitted.push(row)))
      )
      expect(exit).toEqual(
        Exit.fail(
          expect.objectContaining({
            _tag: "DecodeError",
            path: "/1/coupon_amount",
            message: expect.stringContaining("Favor.useFlow: row 2 of the file: /coupon_amount")
          })
        )
      )
      expect(emitted).toHaveLength(1)
    })
  )

  it.live("the link's documented error fails the stream, nothing downloaded", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run(
        [{ status: 404, body: '{"code":"RESOURCE_NOT_EXISTS","message":"批次不存在"}' }],
        Stream.runCollect(FlowFiles.useFlow("9856000"))
      )
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "ResourceNotExists" })))
      expect(seen).toHaveLength(1)
    })
  )

  it.live("a stock_id over 20 characters: RequestValidationError, nothing sent", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run([], Stream.runCollect(FlowFiles.useFlow("1".repeat(21))))
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "RequestValidationError" })))
      expect(seen).toEqual([])
    })
  )
})

describe("FlowFiles.download", () => {
  const file = flowFile([CELLS])
  const link: FlowFiles.FlowLink = { url: FILE_URL, hash_value: sha1(file).toUpperCase(), hash_type: "sha1" }

  it.live("a hand-written WechatPayClient: its download gets the URL; the SHA-1 is compared in any case", () =>
    Effect.gen(function* () {
      const { layer, received } = yield* handWritten({ file })
      const bytes = yield* FlowFiles.download(Download, link).pipe(Effect.provide(layer))
      expect(bytes).toEqual(file)
      expect(received.downloads).toEqual([{ endpoint: Download, url: FILE_URL }])
    })
  )

  it.live("a hash type other than SHA-1: UnsupportedHashType, nothing fetched", () =>
    Effect.gen(function* () {
      const { exit, seen } = yield* run([fileAnswer(file)], FlowFiles.download(Download, { ...link, hash_type: "MD5" }))
      expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "FlowFileError", reason: "UnsupportedHashType" })))
      expect(seen).toEqual([])
    })
  )

  it.live("a URL on another host than the base URL (or no URL): ForeignUrl, nothing fetched", () =>
    Effect.gen(function* () {
      for (const url of ["https://example.com/v3/billdownload/file?token=x", "http://api.test.invalid/x", "nope"]) {
        const { exit, seen } = yield* run([fileAnswer(file)], FlowFiles.download(Download, { ...link, url }))
        expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "FlowFileError", reason: "ForeignUrl" })))
        expect(seen).toEqual([])
      }
    })
  )

  it.live("a non-2xx answer is the endpoint's tagged error", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        [{ status: 404, body: '{"code":"RESOURCE_NOT_EXISTS","message":"下载链接已过期"}', sign: false }],
        FlowFiles.download(Download, link)
      )
      expect(exit).toEqual(
        Exit.fail(expect.objectContaining({ _tag: "ResourceNotExists", description: "下载链接已过期" }))
      )
    })
  )

  it("FlowFileError carries the shared type id, not in its JSON", () => {
    const error = new FlowFiles.FlowFileError({ reason: "Malformed", message: "x" })
    expect(WechatPayError.isWechatPayError(error)).toBe(true)
    expect(JSON.parse(JSON.stringify(error))).toEqual({ _tag: "FlowFileError", reason: "Malformed", message: "x" })
  })
})

describe("FlowFiles.parseFlowFile", () => {
  const malformed = (bytes: Uint8Array) => {
    const result = FlowFiles.parseFlowFile(bytes)
    return Result.isFailure(result) ? { reason: result.failure.reason, message: result.failure.message } : undefined
  }

  it("the header and each row keyed by printed header; a BOM is dropped; cells as printed", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...flowFile([CELLS])])
    const result = FlowFiles.parseFlowFile(bytes)
    expect(Result.isSuccess(result)).toBe(true)
    if (Result.isSuccess(result)) {
      expect(result.success.header).toEqual(SchemaFavor.USE_FLOW_HEADER_LINE.split(","))
      expect(result.success.rows).toHaveLength(1)
      expect(result.success.rows[0]?.["优惠金额（元）"]).toBe("`1.05")
    }
  })

  it("Malformed: a header that names a column twice (as printed, or the same after normalising)", () => {
    const file = (header: string) => new TextEncoder().encode(`${header}\r\n\`1,\`2,\`3\r\n总条数\r\n\`1\r\n`)
    expect(malformed(file("批次id,优惠id,批次id"))).toEqual({
      reason: "Malformed",
      message: "the header names the column 批次id twice (columns 1 and 3)"
    })
    expect(malformed(file("批次id,优惠id,批次ID"))).toEqual({
      reason: "Malformed",
      message: "the header names the column 批次ID twice (columns 1 and 3)"
    })
    expect(malformed(file("批次id,优惠金额（元）,优惠金额(元)"))?.message).toBe(
      "the header names the column 优惠金额(元) twice (columns 2 and 3)"
    )
  })

  it("an empty file with its trailer has no rows", () => {
    const result = FlowFiles.parseFlowFile(flowFile([]))
    expect(Result.isSuccess(result) && result.success.rows).toEqual([])
  })

  it("Malformed: a trailer count that is not the rows, no trailer, a short row, not UTF-8, nothing at all", () => {
    expect(malformed(flowFile([CELLS], 2))).toEqual({
      reason: "Malformed",
      message: "总条数 says 2, the file has 1 rows"
    })
    expect(malformed(new TextEncoder().encode(`${SchemaFavor.USE_FLOW_HEADER_LINE}\r\n${CELLS}\r\n`))).toEqual({
      reason: "Malformed",
      message: "no 总条数 trailer after the rows"
    })
    expect(malformed(flowFile(["`1,`2"]))).toEqual({
      reason: "Malformed",
      message: "row 1 has 2 cells, the header 12"
    })
    expect(malformed(new Uint8Array([0x61, 0xff, 0x0d, 0x0a]))?.message).toMatch(/^not a UTF-8 CSV file/)
    expect(malformed(new Uint8Array(0))).toEqual({ reason: "Malformed", message: "the file is empty" })
  })
})
