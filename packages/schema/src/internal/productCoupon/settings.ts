import * as Schema from "effect/Schema"
import * as Time from "../../Time.js"
import { ImageFilename, ImageSha256 } from "../favor/files.js"
import { charLength, text } from "../text.js"
import { optionalOnWire } from "../tolerant.js"
import { both, pageErrors, requests } from "./define.js"

// ---------------------------------------------------------------------------------------------------------------
// 设置商品券事件通知地址, 获取商品券事件通知地址
// ---------------------------------------------------------------------------------------------------------------

/**
 * 设置商品券事件通知地址 request: an `https://` URL of at most 256 characters without a query ("必须支持HTTPS,且不允许
 * 携带Query参数"). One address per brand (brand API) or per service provider (partner API): no `brand_id`.
 *
 * @since 0.2.0
 * @category requests
 */
export const SetNotifyConfigRequests = requests(
  "SetNotifyConfigRequest",
  {
    notify_url: text({ min: 9, max: 256 }).check(
      Schema.isPattern(/^https:\/\/[^?#\s]+$/u, { message: "must be an https:// URL without a query" })
    )
  },
  { partnerBrandId: false }
)

/**
 * The 商品券 event notify URL and when it was last set.
 *
 * @since 0.2.0
 * @category responses
 */
export class NotifyConfigResponse extends Schema.Class<NotifyConfigResponse>("ProductCoupon.NotifyConfigResponse")({
  notify_url: Schema.String,
  update_time: optionalOnWire(Time.WireTime)
}) {}

/**
 * 设置商品券事件通知地址: sets the URL that receives every 商品券 event of the brand (or of the service provider).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const SetNotifyConfig = both({
  operation: "setNotifyConfig",
  title: "设置商品券事件通知地址",
  summary: "Sets the URL that receives every 商品券 event of the brand or of the service provider.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4015736293",
    revision: "2025.08.28",
    rateLimit: { requests: 20, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016435719",
    revision: "2025.11.07",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/notify-configs",
  request: SetNotifyConfigRequests,
  response: NotifyConfigResponse,
  errors: pageErrors("setNotifyConfig"),
  partnerBrandId: false,
  // RATELIMIT_EXCEEDED is "超过频率限制 … 稍后使用原参数重试" (wechatpay-skills, API接口清单), and a second send of the
  // same notify_url sets what one send sets: retried after a 429.
  retryAfter429: true
})

/**
 * 获取商品券事件通知地址 request: no parameter (the caller's address).
 *
 * @since 0.2.0
 * @category requests
 */
export const GetNotifyConfigRequests = requests("GetNotifyConfigRequest", {}, { partnerBrandId: false })

/**
 * 获取商品券事件通知地址: the URL that receives the 商品券 events.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetNotifyConfig = both({
  operation: "getNotifyConfig",
  title: "获取商品券事件通知地址",
  summary: "The URL that receives the 商品券 events.",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4016427364",
    revision: "2025.11.06",
    rateLimit: { requests: 20, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016435718",
    revision: "2025.11.07",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "GET",
  path: "/notify-configs",
  request: GetNotifyConfigRequests,
  response: NotifyConfigResponse,
  errors: pageErrors("getNotifyConfig"),
  partnerBrandId: false
})

// ---------------------------------------------------------------------------------------------------------------
// 图片上传
// ---------------------------------------------------------------------------------------------------------------

/**
 * 图片上传 (商品券) request: the signed `meta` part `{filename, sha256}`, as the marketing image upload, the name at most
 * 150 characters ("名称不能超过150个字符"); the bytes (JPG, BMP or PNG, at most 2 MB) travel in the `file` part
 * (`body: "multipart"`).
 *
 * @since 0.2.0
 * @category requests
 */
export const UploadImageRequests = requests(
  "UploadImageRequest",
  { filename: ImageFilename.check(charLength(1, 150)), sha256: ImageSha256 },
  { partnerBrandId: false }
)

/**
 * 图片上传 (商品券) response: the image URL, for `display_info` and the coupon display. The official page names it
 * `image_url` (`string(256)`, required), the transcription `media_url`: both decode, and `url` reads whichever was
 * sent.
 *
 * @since 0.2.0
 * @category responses
 */
export class UploadImageResponse extends Schema.Class<UploadImageResponse>("ProductCoupon.UploadImageResponse")({
  media_url: optionalOnWire(Schema.String),
  image_url: optionalOnWire(Schema.String)
}) {
  /** The uploaded image's URL, from `image_url` or `media_url`. */
  get url(): string | undefined {
    return this.image_url ?? this.media_url
  }
}

/**
 * 图片上传 (商品券): uploads an image for a 商品券 (its picture, background and details) and returns its URL.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UploadImage = both({
  operation: "uploadImage",
  title: "图片上传",
  summary: "Uploads an image for a 商品券 and returns its URL.",
  brand: { url: "https://pay.weixin.qq.com/doc/brand/4015736285", revision: "2025.08.28" },
  partner: { url: "https://pay.weixin.qq.com/doc/v3/partner/4015781275", revision: "2025.08.04" },
  method: "POST",
  path: "/media/upload-image",
  request: UploadImageRequests,
  response: UploadImageResponse,
  errors: pageErrors("uploadImage"),
  body: "multipart",
  partnerBrandId: false,
  // An upload applied before a 429 and sent again stores a second image: not retried.
  retryAfter429: false
})
