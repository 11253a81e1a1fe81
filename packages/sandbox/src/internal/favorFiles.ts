/**
 * 代金券 files: the flow-file links (下载批次核销明细 / 下载批次退款明细), the unsigned `/v3/billdownload/file` download
 * they point to, and the marketing image upload (图片上传(营销专用)).
 *
 * @internal
 */
import { createHash } from "node:crypto"
import * as Favor from "@effect-wechatpay/schema/Favor"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { FavorFlowRow } from "../SandboxTypes.js"
import {
  type ApiError,
  apiError,
  behaviour,
  type Context,
  notExists,
  type Outcome,
  ok,
  paramError
} from "./behaviour.js"
import { type GatewayState, withFavor, withShared } from "./state.js"

/**
 * The download route of flow files and bills, a protocol route like `/v3/certificates` (not a descriptor).
 *
 * @internal
 */
export const BILL_DOWNLOAD_PATH = "/v3/billdownload/file"

/** "流水文件下载链接，30s内有效". */
const FLOW_LINK_TTL_MILLIS = 30_000

const encoder = new TextEncoder()

const hex = (algorithm: "sha1" | "sha256", bytes: Uint8Array): string =>
  createHash(algorithm).update(bytes).digest("hex")

/** Fen as the file prints yuan: `1.00`, `-0.05`. */
const yuan = (fen: number): string => {
  const abs = Math.abs(fen)
  return `${fen < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time; a time already printed that way, or unreadable, is kept as is. */
const printedTime = (time: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(time)) return time
  const millis = Date.parse(time)
  if (Number.isNaN(millis)) return time
  return new Date(millis + 8 * 60 * 60 * 1000).toISOString().slice(0, 19).replace("T", " ")
}

/** A backtick-guarded cell, CSV-quoted when it would break the line. */
const guarded = (value: string): string => {
  const cell = `\`${value}`
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

/**
 * A flow file as WeChat Pay writes it (a real 2020 file quoted by a third-party SDK test): the header line, one row
 * per record with backtick-guarded cells and the last three columns (设备号, 银行流水号, 单品信息) as quoted empty
 * strings, then the `总条数` trailer and `` `N ``; CRLF line ends, UTF-8, no BOM. The 退款明细's columns are not
 * documented anywhere: the sandbox writes the 核销明细 columns with 交易类型 `退款` (a guess). 优惠类型 is always
 * `全场代金券`: the sandbox keeps no coupon type per batch.
 *
 * @internal
 */
export const flowCsv = (rows: ReadonlyArray<FavorFlowRow>, tradeType: "支付" | "退款"): string => {
  const lines = [Favor.USE_FLOW_HEADER_LINE]
  for (const row of rows) {
    lines.push(
      [
        guarded(row.stock_id),
        guarded(row.coupon_id),
        guarded("全场代金券"),
        guarded(yuan(row.coupon_amount)),
        row.order_amount === undefined ? "`" : guarded(yuan(row.order_amount)),
        guarded(tradeType),
        guarded(row.transaction_id),
        guarded(printedTime(row.consume_time)),
        guarded(row.consume_mchid),
        '""',
        '""',
        '""'
      ].join(",")
    )
  }
  lines.push("总条数", `\`${rows.length}`)
  return lines.map((line) => `${line}\r\n`).join("")
}

type FlowLink = typeof Favor.UseFlowResponse.Encoded

/**
 * 下载批次核销明细 / 下载批次退款明细: writes the batch's file now, keeps it under a fresh token for 30 s and answers
 * its link and SHA-1. A batch is known when the sandbox created it or when flow rows name it; otherwise 404
 * RESOURCE_NOT_EXISTS "批次不存在" (our choice: the docs name no code for it). Real WeChat Pay serves the files only after 10:00 the day
 * after the activity ends, with an undocumented code: the sandbox skips that rule.
 */
const flowLink =
  (kind: "use" | "refund") =>
  (request: { readonly stock_id: string }, { config, origin, state }: Context) =>
    Ref.modify(state, (current): [Outcome<FlowLink>, GatewayState] => {
      const named = (row: FavorFlowRow) => row.stock_id === request.stock_id
      const known =
        current.favor.stocks.has(request.stock_id) ||
        current.favor.useFlow.some(named) ||
        current.favor.refundFlow.some(named)
      if (!known) return [notExists("批次不存在"), current]
      const rows = (kind === "use" ? current.favor.useFlow : current.favor.refundFlow).filter(named)
      const content = encoder.encode(flowCsv(rows, kind === "use" ? "支付" : "退款"))
      const now = config.now()
      const sequence = current.favor.flowFileSequence + 1
      const token = `SBX${kind === "use" ? "U" : "R"}${String(sequence).padStart(10, "0")}`
      const flowFiles = new Map([...current.favor.flowFiles].filter(([, file]) => file.expiresAt >= now))
      flowFiles.set(token, { content, expiresAt: now + FLOW_LINK_TTL_MILLIS })
      return [
        ok({
          url: `${origin}${BILL_DOWNLOAD_PATH}?token=${token}`,
          hash_value: hex("sha1", content),
          hash_type: "SHA1"
        }),
        withFavor(current, { flowFiles, flowFileSequence: sequence })
      ]
    })

/** What the download route answers: the file's bytes (sent unsigned), or an API error (signed, as every error). */
export type Download = { readonly _tag: "File"; readonly content: Uint8Array } | ApiError

/**
 * `GET /v3/billdownload/file?token=…`: the file behind a token handed out in the last 30 s. Which code an unknown or
 * expired token answers is not documented: 404 RESOURCE_NOT_EXISTS is our choice.
 *
 * @internal
 */
export const download = (query: URLSearchParams, { config, state }: Context): Effect.Effect<Download> =>
  Effect.map(Ref.get(state), (current): Download => {
    const token = query.get("token")
    const file = token === null ? undefined : current.favor.flowFiles.get(token)
    if (file === undefined) return notExists("文件不存在")
    if (config.now() > file.expiresAt) return notExists("下载链接已过期")
    return { _tag: "File", content: file.content }
  })

type ImageKind = "jpg" | "png" | "bmp"

/** The image type by the first bytes (the gateway's own check, independent of the client's). */
const imageKindOf = (bytes: Uint8Array): ImageKind | undefined => {
  const starts = (...magic: ReadonlyArray<number>) => magic.every((byte, i) => bytes[i] === byte)
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png"
  if (starts(0xff, 0xd8, 0xff)) return "jpg"
  if (starts(0x42, 0x4d) && bytes.length >= 26) return "bmp"
  return undefined
}

const kindOfName = (filename: string): ImageKind | undefined => {
  const ext = /\.([A-Za-z]+)$/.exec(filename)?.[1]?.toLowerCase()
  return ext === "jpg" || ext === "jpeg" ? "jpg" : ext === "png" || ext === "bmp" ? ext : undefined
}

const blocked = (message: string) => apiError(403, "REQUEST_BLOCKED", message)

/**
 * An image upload's handler, shared by 图片上传(营销专用) and 商品券's 图片上传: the checks below (the favor table's;
 * `refuse` answers the rules only the family's own table names), the image kept once per content under a
 * `wxpaylogo.qpic.cn` URL, and `respond` putting the URL in the family's response field.
 *
 * @internal
 */
export const imageUpload =
  <AE>(refuse: (message: string) => ApiError, respond: (url: string) => AE) =>
  (
    meta: { readonly filename: string; readonly sha256: string },
    { file, state }: Context
  ): Effect.Effect<Outcome<AE>> => {
    const bytes = file?.bytes ?? new Uint8Array(0)
    if (bytes.length === 0) return Effect.succeed(paramError("/file", "body", "empty file", undefined, "图片文件为空"))
    if (bytes.length > Favor.IMAGE_UPLOAD_MAX_BYTES) {
      return Effect.succeed(
        paramError(
          "/file",
          "body",
          `larger than ${Favor.IMAGE_UPLOAD_MAX_BYTES} bytes`,
          bytes.length,
          "文件大小不能超过2M"
        )
      )
    }
    const sha256 = hex("sha256", bytes)
    if (sha256 !== meta.sha256 || (file?.filename !== undefined && file.filename !== meta.filename)) {
      return Effect.succeed(refuse("图片 meta 信息不一致"))
    }
    const kind = imageKindOf(bytes)
    if (kind === undefined || kind !== kindOfName(meta.filename)) return Effect.succeed(refuse("未知图片类型"))
    return Ref.modify(state, (current): [Outcome<AE>, GatewayState] => {
      const existing = [...current.shared.uploadedImages.values()].find((image) => image.sha256 === sha256)
      if (existing !== undefined) return [ok(respond(existing.mediaUrl)) as Outcome<AE>, current]
      const sequence = current.shared.uploadedImages.size + 1
      const mediaUrl = `https://wxpaylogo.qpic.cn/wxpaylogo/SBX${String(sequence).padStart(6, "0")}${sha256.slice(0, 24)}/0`
      const uploadedImages = new Map(current.shared.uploadedImages).set(mediaUrl, {
        mediaUrl,
        filename: meta.filename,
        sha256,
        size: bytes.length
      })
      return [ok(respond(mediaUrl)) as Outcome<AE>, withShared(current, { uploadedImages })]
    })
  }

/** @internal */
export const behaviours = {
  useFlow: behaviour(Favor.UseFlow, flowLink("use")),
  refundFlow: behaviour(Favor.RefundFlow, flowLink("refund")),
  /**
   * 图片上传(营销专用): the gateway has checked the signature over the `meta` part, the request schema the meta JSON.
   * Then, as the 2020 error table: an empty file is 400 PARAM_ERROR "图片文件为空"; a hash that is not the file's, or a
   * file part named differently from the meta, 403 REQUEST_BLOCKED "图片 meta 信息不一致"; content that is not a JPG,
   * PNG or BMP (by its first bytes), or not the type its name says, 403 REQUEST_BLOCKED "未知图片类型". Over 2 MB the
   * code is undocumented: 400 PARAM_ERROR is our choice. The same bytes uploaded again answer the same URL (our
   * choice).
   */
  uploadImage: behaviour(
    Favor.UploadImage,
    imageUpload(blocked, (url) => ({ media_url: url }))
  )
}
