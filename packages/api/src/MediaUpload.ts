/**
 * 图片上传(营销专用): uploads an image for 商家券, 代金券 and 支付有礼 (logos, coupon images, video covers) and returns its
 * `media_url`, with {@link uploadImage} (`POST /v3/marketing/favor/media/image-upload`); and 图片上传 for 商品券, with
 * {@link uploadProductCouponImage} (brand API, `POST /brand/marketing/product-coupon/media/upload-image`, the brand
 * client) and {@link uploadPartnerProductCouponImage} (partner API, the merchant client). These are the entry points
 * of the multipart endpoints: no generated function takes their file's bytes.
 *
 * The request is built as WeChat Pay requires ([official documentation](https://pay.weixin.qq.com/doc/v3/merchant/4012557233)):
 * `multipart/form-data`, the `meta` part `{"filename","sha256"}` first and the `file` part second, CRLF line ends, and
 * the request signature's body line is the meta JSON, byte-identical to the part.
 *
 * @since 0.1.0
 */

import * as SchemaFavor from "@effect-wechatpay/schema/Favor"
import * as SchemaPartnerProductCoupon from "@effect-wechatpay/schema/PartnerProductCoupon"
import * as SchemaProductCoupon from "@effect-wechatpay/schema/ProductCoupon"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import type { PlatformError } from "effect/PlatformError"
import * as Result from "effect/Result"
import type * as Endpoint from "./Endpoint.js"
import { prepareUpload } from "./internal/request.js"
import { type Service, WechatPayClient } from "./WechatPay.js"
import { WechatPayBrand } from "./WechatPayBrand.js"
import { RequestValidationError } from "./WechatPayError.js"

/**
 * The errors of {@link uploadImage}: the codes the image upload's official page documents, the protocol codes and our
 * own failures.
 *
 * @since 0.2.0
 * @category errors
 */
export type UploadImageError = Endpoint.Error<typeof SchemaFavor.UploadImage>

/**
 * The errors of {@link uploadProductCouponImage}: the 商品券 family's codes, the protocol codes and our own failures.
 *
 * @since 0.2.0
 * @category errors
 */
export type UploadProductCouponImageError = Endpoint.Error<typeof SchemaProductCoupon.UploadImage>

/**
 * The errors of {@link uploadPartnerProductCouponImage}.
 *
 * @since 0.2.0
 * @category errors
 */
export type UploadPartnerProductCouponImageError = Endpoint.Error<typeof SchemaPartnerProductCoupon.UploadImage>

/**
 * An image to upload: its file name (ending in `.jpg`, `.jpeg`, `.png` or `.bmp`, matching the content) and bytes.
 *
 * @since 0.1.0
 * @category models
 */
export interface Image {
  readonly filename: string
  readonly bytes: Uint8Array
}

/**
 * Uploads a JPG, PNG or BMP image of at most 2 MB (`Favor.IMAGE_UPLOAD_MAX_BYTES`) and succeeds with its
 * `media_url`. Checked before anything is sent, each failure a `RequestValidationError`: the bytes are not empty,
 * not over 2 MB, and a JPG, PNG or BMP by their first bytes (not only by name); the name ends in the extension of
 * that type and passes `Favor.ImageFilename`. Signed over the meta JSON; the 2xx answer is verified and decoded. A
 * write without a request number: never retried, not even after a 429 (an upload applied before the 429 would be
 * stored twice). Runs on `WechatPayClient.executeMultipart`, so any
 * client service works, the one `WechatPay.layer` builds or one of your own.
 *
 * @example
 * ```ts
 * import { MediaUpload } from "@effect-wechatpay/api"
 * import { Effect } from "effect"
 *
 * declare const png: Uint8Array
 * const program = Effect.map(MediaUpload.uploadImage({ filename: "logo.png", bytes: png }), (r) => r.media_url)
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const uploadImage = (
  image: Image
): Effect.Effect<SchemaFavor.UploadImageResponse, UploadImageError, WechatPayClient> =>
  Effect.flatMap(WechatPayClient, (client) => upload(client, SchemaFavor.UploadImage, image))

/**
 * The multipart upload of an image to `endpoint`: the checks of {@link uploadImage} (the 商品券 pages set the same
 * limits: JPG, BMP or PNG, at most 2 MB), then the client's `executeMultipart`.
 */
const upload = <E extends Endpoint.Any>(
  client: Service,
  endpoint: E,
  image: Image
): Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>> => {
  const prepared = prepareUpload(endpoint, image, {
    maxBytes: SchemaFavor.IMAGE_UPLOAD_MAX_BYTES,
    types: SchemaFavor.IMAGE_UPLOAD_TYPES
  })
  if (Result.isFailure(prepared)) {
    return Effect.withSpan(Effect.fail(prepared.failure as Endpoint.Error<E>), endpoint.name)
  }
  return client.executeMultipart(endpoint, prepared.success)
}

/**
 * 图片上传 (商品券, brand API): uploads a JPG, PNG or BMP image of at most 2 MB for a 商品券 (its picture, background,
 * details) and succeeds with its URL (`url` reads `image_url`, or `media_url`). The same checks before anything is
 * sent as {@link uploadImage}; signed with the brand scheme by the `WechatPayBrand` client; never retried.
 *
 * @example
 * ```ts
 * import { MediaUpload } from "@effect-wechatpay/api"
 * import { Effect } from "effect"
 *
 * declare const png: Uint8Array
 * const program = Effect.map(MediaUpload.uploadProductCouponImage({ filename: "coupon.png", bytes: png }), (r) => r.url)
 * ```
 *
 * @since 0.2.0
 * @category endpoints
 */
export const uploadProductCouponImage = (
  image: Image
): Effect.Effect<SchemaProductCoupon.UploadImageResponse, UploadProductCouponImageError, WechatPayBrand> =>
  Effect.flatMap(WechatPayBrand, (client) => upload(client, SchemaProductCoupon.UploadImage, image))

/**
 * 图片上传 (商品券, partner API): {@link uploadProductCouponImage} for a service provider, with its merchant client
 * (the image belongs to the service provider: the request names no brand).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const uploadPartnerProductCouponImage = (
  image: Image
): Effect.Effect<
  SchemaPartnerProductCoupon.UploadImageResponse,
  UploadPartnerProductCouponImageError,
  WechatPayClient
> => Effect.flatMap(WechatPayClient, (client) => upload(client, SchemaPartnerProductCoupon.UploadImage, image))

/** The `RequestValidationError` of a file that cannot be the image, located at `/bytes`. */
const badFile = (path: string, issue: string) =>
  new RequestValidationError({
    message: `readImageFile: invalid request: /bytes: ${path} ${issue}`,
    issues: [{ path: "/bytes", message: issue }]
  })

/**
 * Reads at most `max + 1` bytes of an open file: enough to tell a file of at most `max` bytes from a longer one
 * (one that grew since `stat`) without reading the rest.
 */
const readBounded = (file: FileSystem.File, max: number): Effect.Effect<Uint8Array | undefined, PlatformError> =>
  Effect.gen(function* () {
    const buffer = new Uint8Array(max + 1)
    let length = 0
    while (length < buffer.length) {
      const read = yield* file.read(buffer.subarray(length))
      if (read === 0) break
      length += read
    }
    return length > max ? undefined : buffer.subarray(0, length)
  })

/**
 * Reads an image file through effect's `FileSystem`, for any of the uploads; the name is the path's last segment
 * unless `options.filename` is given. Only a regular file is read: a directory, a device (`/dev/zero`), a FIFO or a socket is
 * a `RequestValidationError` from `stat`, never opened (a FIFO with no writer would block the open). The size is
 * checked from `stat` (a file over 2 MB is never read) and again while reading: at most 2 MB + 1 byte is read, so a
 * file that grows after `stat` is rejected, not read to its end. A read failure is the `FileSystem`'s
 * `PlatformError`.
 *
 * @example
 * ```ts
 * import { NodeFileSystem } from "@effect/platform-node"
 * import { MediaUpload } from "@effect-wechatpay/api"
 * import { Effect } from "effect"
 *
 * const program = MediaUpload.readImageFile("./assets/coupon.png").pipe(
 *   Effect.flatMap(MediaUpload.uploadProductCouponImage),
 *   Effect.provide(NodeFileSystem.layer)
 * )
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const readImageFile = (
  path: string,
  options?: { readonly filename?: string | undefined }
): Effect.Effect<Image, RequestValidationError | PlatformError, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const max = SchemaFavor.IMAGE_UPLOAD_MAX_BYTES
    const info = yield* fs.stat(path)
    if (info.type !== "File") return yield* badFile(path, `is a ${info.type}, not a regular file`)
    if (info.size > BigInt(max)) {
      return yield* badFile(path, `is ${info.size} bytes, more than the ${max} allowed (2 MB)`)
    }
    const bytes = yield* Effect.scoped(
      Effect.gen(function* () {
        const file = yield* fs.open(path, { flag: "r" })
        // The path may name another file by now: the open file is checked too.
        const opened = yield* file.stat
        if (opened.type !== "File") return yield* badFile(path, `is a ${opened.type}, not a regular file`)
        const read = yield* readBounded(file, max)
        if (read === undefined) return yield* badFile(path, `grew past the ${max} bytes allowed (2 MB) after stat`)
        return read
      })
    )
    const filename = options?.filename ?? path.split(/[\\/]/).pop() ?? path
    return { filename, bytes }
  })

/**
 * {@link uploadImage} of a file read by {@link readImageFile} (only a regular file, at most 2 MB, is read).
 *
 * @example
 * ```ts
 * import { NodeFileSystem } from "@effect/platform-node"
 * import { MediaUpload } from "@effect-wechatpay/api"
 * import { Effect } from "effect"
 *
 * const program = MediaUpload.uploadImageFile("./assets/logo.png").pipe(Effect.provide(NodeFileSystem.layer))
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const uploadImageFile = (
  path: string,
  options?: { readonly filename?: string | undefined }
): Effect.Effect<
  SchemaFavor.UploadImageResponse,
  UploadImageError | PlatformError,
  WechatPayClient | FileSystem.FileSystem
> => Effect.flatMap(readImageFile(path, options), uploadImage)
