import * as Schema from "effect/Schema"
import { type ErrorRow, FavorCreateCouponStockErrors } from "../../ApiError.js"
import * as Endpoint from "../../Endpoint.js"
import { MchId, StockId } from "../../Ids.js"
import * as Time from "../../Time.js"
import { charLength, noFourByteUtf8 } from "../text.js"
import { openEnum, optionalKey, optionalOnWire } from "../tolerant.js"

const PathStockId = StockId.check(noFourByteUtf8, charLength(1, 20))
const WireMchId = MchId.check(noFourByteUtf8, charLength(1, 20))

/**
 * `noFourByteUtf8` without its generation hint, for a field whose own filter says what generated values look like
 * (generation draws one of the hints at random, and mixed text would fail the stricter filter).
 */
const noFourByteUtf8Unguided = noFourByteUtf8.annotate({ arbitraryConstraint: {} })

// ---------------------------------------------------------------------------------------------------------------
// F13/F14 下载批次核销明细 / 下载批次退款明细
// ---------------------------------------------------------------------------------------------------------------

/**
 * 哈希算法类型 of a flow file: `SHA1` (the docs: "目前只支持sha1"); any other value is kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export const FlowHashType = openEnum("SHA1")

/**
 * The type of `FlowHashType`.
 *
 * @since 0.1.0
 * @category models
 */
export type FlowHashType = typeof FlowHashType.Type

/**
 * 下载批次核销明细 request: the batch id (path, 1–20 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const UseFlowRequest = Schema.Struct({
  stock_id: PathStockId
}).annotate({ identifier: "Favor.UseFlowRequest" })

/**
 * The type of `UseFlowRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type UseFlowRequest = typeof UseFlowRequest.Type

/**
 * 下载批次核销明细 response: a download URL valid for 30 s, and the SHA-1 of the file. All three fields are
 * required by the 2020 page, the IM page and the Go SDK.
 *
 * @since 0.1.0
 * @category responses
 */
export class UseFlowResponse extends Schema.Class<UseFlowResponse>("Favor.UseFlowResponse")({
  /** 流水文件下载链接, valid 30 s: a `/v3/billdownload/file?token=...` URL fetched with a signed GET. */
  url: Schema.String,
  /** 安全校验码: the hex SHA-1 of the file's bytes. */
  hash_value: Schema.String,
  hash_type: FlowHashType
}) {}

/**
 * 下载批次核销明细: documented errors. The 2020 page prints the shared 代金券 table (labelled 公共错误码), the same
 * rows as `FavorCreateCouponStockErrors`; the current official page could not be read.
 *
 * @since 0.1.0
 * @category errors
 */
export const UseFlowErrors = FavorCreateCouponStockErrors

/**
 * 下载批次核销明细: the link to a 代金券 batch's redemption detail file (CSV, see `UseFlowRecord`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const UseFlow = Endpoint.make({
  name: "Favor.useFlow",
  title: "下载批次核销明细",
  summary: "A download link, valid 30 seconds, for a 代金券 stock's redemption detail file, with its SHA-1.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012463585",
  method: "GET",
  path: "/v3/marketing/favor/stocks/{stock_id}/use-flow",
  request: UseFlowRequest,
  response: UseFlowResponse,
  errors: UseFlowErrors
})

/**
 * 下载批次退款明细 request: the batch id (path, 1–20 characters).
 *
 * @since 0.1.0
 * @category requests
 */
export const RefundFlowRequest = Schema.Struct({
  stock_id: PathStockId
}).annotate({ identifier: "Favor.RefundFlowRequest" })

/**
 * The type of `RefundFlowRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type RefundFlowRequest = typeof RefundFlowRequest.Type

/**
 * 下载批次退款明细 response: a download URL valid for 30 s, and the SHA-1 of the file (all three required by every
 * source).
 *
 * @since 0.1.0
 * @category responses
 */
export class RefundFlowResponse extends Schema.Class<RefundFlowResponse>("Favor.RefundFlowResponse")({
  /** 流水文件下载链接, valid 30 s. */
  url: Schema.String,
  /** 安全校验码: the hex SHA-1 of the file's bytes. */
  hash_value: Schema.String,
  hash_type: FlowHashType
}) {}

/**
 * 下载批次退款明细: documented errors. The 2020 page prints the shared 代金券 table (公共错误码), the same rows as
 * `FavorCreateCouponStockErrors`; the current official page could not be read.
 *
 * @since 0.1.0
 * @category errors
 */
export const RefundFlowErrors = FavorCreateCouponStockErrors

/**
 * 下载批次退款明细: the link to a 代金券 batch's refund detail file (CSV, see `RefundFlowRecord`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const RefundFlow = Endpoint.make({
  name: "Favor.refundFlow",
  title: "下载批次退款明细",
  summary: "A download link, valid 30 seconds, for a 代金券 stock's refund detail file, with its SHA-1.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012463523",
  method: "GET",
  path: "/v3/marketing/favor/stocks/{stock_id}/refund-flow",
  request: RefundFlowRequest,
  response: RefundFlowResponse,
  errors: RefundFlowErrors
})

// ---------------------------------------------------------------------------------------------------------------
// F18/F19 设置/查询消息通知地址
// ---------------------------------------------------------------------------------------------------------------

/**
 * 通知URL地址: 1–256 characters, an `https://` URL (WeChat Pay calls only HTTPS notify URLs; the 商家券 twin page
 * says "必须支持https"), no 4-byte UTF-8.
 *
 * @since 0.1.0
 * @category requests
 */
export const NotifyUrl = Schema.String.check(
  noFourByteUtf8Unguided,
  charLength(1, 256),
  // JSON Schema patterns have no flags: the case-insensitive scheme is spelled out.
  Schema.isPattern(/^[hH][tT][tT][pP][sS]:\/\/[^\s]+$/u, {
    message: "must be an https:// URL without spaces",
    // Generated: https URLs with a host and a short path.
    arbitraryConstraint: {
      patterns: [
        { source: "^https://[a-z0-9]{1,20}(?:\\.[a-z]{2,6}){1,2}(?:/[A-Za-z0-9._~-]{0,20}){0,4}$", flags: "u" }
      ]
    }
  })
)

/**
 * 设置消息通知地址 request body: `mchid` (≤20), `notify_url` (https, ≤256) and the optional `switch` (true: push
 * marketing events, false: stop).
 *
 * @since 0.1.0
 * @category requests
 */
export const SetCallbackRequest = Schema.Struct({
  mchid: WireMchId,
  notify_url: NotifyUrl,
  switch: optionalKey(Schema.Boolean)
}).annotate({ identifier: "Favor.SetCallbackRequest" })

/**
 * The type of `SetCallbackRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type SetCallbackRequest = typeof SetCallbackRequest.Type

/**
 * 设置消息通知地址 response. The docs and the Go SDK require `update_time` and `notify_url`, but a real response
 * quoted by a third-party SDK test returns `mchid` and `notify_url` (spec Q11): only `notify_url` is required.
 *
 * @since 0.1.0
 * @category responses
 */
export class SetCallbackResponse extends Schema.Class<SetCallbackResponse>("Favor.SetCallbackResponse")({
  /** 修改时间, kept as sent. */
  update_time: optionalOnWire(Time.WireTime),
  notify_url: Schema.String,
  /** 商户号: undocumented in the response, seen in a real one. */
  mchid: optionalOnWire(MchId)
}) {}

/**
 * 设置消息通知地址: documented errors. The 2020 page prints the shared 代金券 table (公共错误码), the same rows as
 * `FavorCreateCouponStockErrors` (it includes "回调 url 不能为空" and "回调商户不能为空"); the current official page could
 * not be read.
 *
 * @since 0.1.0
 * @category errors
 */
export const SetCallbackErrors = FavorCreateCouponStockErrors

/**
 * 设置消息通知地址: sets the URL that receives 代金券 marketing events (COUPON.USE), or switches the push off.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const SetCallback = Endpoint.make({
  name: "Favor.setCallback",
  title: "设置消息通知地址",
  summary: "Sets the URL that receives 代金券 marketing events such as COUPON.USE, or switches the push off.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012464198",
  method: "POST",
  path: "/v3/marketing/favor/callbacks",
  request: SetCallbackRequest,
  response: SetCallbackResponse,
  errors: SetCallbackErrors,
  // A 429 is "请求未受理" (https://pay.weixin.qq.com/wiki/doc/apiv3/Share/error_code.shtml), and a second send of the same notify_url and
  // switch sets what one send sets: retried after a 429.
  retryAfter429: true
})

/**
 * 查询消息通知地址 request: the merchant id, sent as the `mchid` query parameter (1–20 characters, the limit of the
 * set-callback page).
 *
 * @since 0.1.0
 * @category requests
 */
export const QueryCallbackRequest = Schema.Struct({
  mchid: WireMchId
}).annotate({ identifier: "Favor.QueryCallbackRequest" })

/**
 * The type of `QueryCallbackRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type QueryCallbackRequest = typeof QueryCallbackRequest.Type

/**
 * 查询消息通知地址 response: the merchant id and its notify URL (both required by the IM page and the Go SDK).
 *
 * @since 0.1.0
 * @category responses
 */
export class QueryCallbackResponse extends Schema.Class<QueryCallbackResponse>("Favor.QueryCallbackResponse")({
  mchid: MchId,
  notify_url: Schema.String
}) {}

/**
 * 查询消息通知地址: documented errors. No 2020 copy of this page exists and the official page could not be read: the
 * family's common table (`FavorCreateCouponStockErrors`).
 *
 * @since 0.1.0
 * @category errors
 */
export const QueryCallbackErrors = FavorCreateCouponStockErrors

/**
 * 查询消息通知地址: the URL currently set to receive 代金券 marketing events.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const QueryCallback = Endpoint.make({
  name: "Favor.queryCallback",
  title: "查询消息通知地址",
  summary: "The URL currently set to receive 代金券 marketing events.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012464070",
  method: "GET",
  path: "/v3/marketing/favor/callbacks",
  request: QueryCallbackRequest,
  response: QueryCallbackResponse,
  errors: QueryCallbackErrors,
  errorsFrom: "family",
  query: ["mchid"]
})

// ---------------------------------------------------------------------------------------------------------------
// F20 图片上传(营销专用)
// ---------------------------------------------------------------------------------------------------------------

/**
 * The largest image the marketing upload accepts: 2 MB ("文件大小不能超过2M"), read as 2 × 1024 × 1024 bytes.
 *
 * @since 0.1.0
 * @category constants
 */
export const IMAGE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024

/**
 * The image types the marketing upload accepts, by file-name extension, with the part's `Content-Type`.
 *
 * @since 0.1.0
 * @category constants
 */
export const IMAGE_UPLOAD_TYPES = {
  jpg: "image/jpg",
  jpeg: "image/jpeg",
  png: "image/png",
  bmp: "image/bmp"
} as const

/**
 * 媒体图片的名称: a non-empty name ending in `.jpg`, `.jpeg`, `.png` or `.bmp` (any case; the docs: "必须以JPG、BMP、PNG
 * 为后缀"). It is also written into the file part's `Content-Disposition`, so `"`, `\`, CR and LF are rejected.
 *
 * @since 0.1.0
 * @category requests
 */
export const ImageFilename = Schema.String.check(
  noFourByteUtf8Unguided,
  Schema.makeFilter<string>(
    (s) => !/["\\\r\n]/.test(s) || 'must not contain ", \\, CR or LF (it goes into a multipart header)',
    { expected: 'no ", \\, CR or LF', toJsonSchema: () => ({ pattern: '^[^"\\\\\\r\\n]*$' }) }
  ),
  // JSON Schema patterns have no flags: the case-insensitive extension is spelled out.
  Schema.isPattern(/^.+\.(?:[jJ][pP][eE]?[gG]|[pP][nN][gG]|[bB][mM][pP])$/u, {
    message: "must be a file name ending in .jpg, .jpeg, .png or .bmp",
    arbitraryConstraint: {
      patterns: [{ source: "^[A-Za-z0-9_-]{1,24}\\.(?:jpg|jpeg|png|bmp|JPG|PNG)$", flags: "u" }]
    }
  })
)

/**
 * 图片文件的文件摘要: the SHA-256 of the file's bytes, 64 lower-case hex digits (the Go and PHP SDKs send lower case).
 *
 * @since 0.1.0
 * @category requests
 */
export const ImageSha256 = Schema.String.check(
  Schema.isPattern(/^[0-9a-f]{64}$/u, { message: "must be 64 lower-case hex digits (the file's SHA-256)" })
)

/**
 * 图片上传(营销专用) request: the `meta` part, which is also the signed BODY line. Key order is `filename`, then
 * `sha256` (the docs' example, and the Go SDK's sorted map). The image bytes themselves travel in the `file` part,
 * which the executor adds (`body: "multipart"`).
 *
 * @since 0.1.0
 * @category requests
 */
export const UploadImageRequest = Schema.Struct({
  filename: ImageFilename,
  sha256: ImageSha256
}).annotate({ identifier: "Favor.UploadImageRequest" })

/**
 * The type of `UploadImageRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type UploadImageRequest = typeof UploadImageRequest.Type

/**
 * 图片上传(营销专用) response: the image's URL (required by every source; the docs type it `string(256)`, not
 * checked here).
 *
 * @since 0.1.0
 * @category responses
 */
export class UploadImageResponse extends Schema.Class<UploadImageResponse>("Favor.UploadImageResponse")({
  media_url: Schema.String
}) {}

/**
 * 图片上传(营销专用): documented errors, row by row from the 2020 copy of the page (the current official page could
 * not be read).
 *
 * @since 0.1.0
 * @category errors
 */
export const UploadImageErrors = [
  { status: 400, code: "PARAM_ERROR", description: "图片文件为空", solution: "商户更换文件后, 重新调用" },
  {
    status: 403,
    code: "REQUEST_BLOCKED",
    description: "未知图片类型",
    solution: "图片类型必须为 JPG、BMP、PNG"
  },
  {
    status: 403,
    code: "REQUEST_BLOCKED",
    description: "图片 meta 信息不一致",
    solution: "请检查 meta 信息是否正确"
  },
  { status: 403, code: "REQUEST_BLOCKED", description: "签名信息不匹配", solution: "请检查签名信息" }
] as const satisfies ReadonlyArray<ErrorRow>

/**
 * 图片上传(营销专用): uploads a JPG/PNG/BMP image (≤ 2 MB) for 商家券, 代金券 and 支付有礼 and returns its URL.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const UploadImage = Endpoint.make({
  name: "Favor.uploadImage",
  title: "图片上传(营销专用)",
  summary: "Uploads a JPG, PNG or BMP image of at most 2 MB for marketing use and returns its URL.",
  docs: "https://pay.weixin.qq.com/doc/v3/merchant/4012557233",
  method: "POST",
  path: "/v3/marketing/favor/media/image-upload",
  request: UploadImageRequest,
  response: UploadImageResponse,
  errors: UploadImageErrors,
  body: "multipart",
  // Its page documents no 429, and an upload applied before a 429 and sent again stores a second image: not retried.
  retryAfter429: false
})
