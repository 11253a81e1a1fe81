import * as Schema from "effect/Schema"
import type { ErrorRow } from "../../ApiError.js"
import * as Endpoint from "../../Endpoint.js"
import { BrandId } from "../../Ids.js"
import { charLength, noFourByteUtf8 } from "../text.js"
import { PageErrors } from "./errors.js"

/** The brand API's path prefix (支持商户:【品牌商户】, `WECHATPAY-BRAND-SHA256-RSA2048`). */
export const BRAND_PREFIX = "/brand/marketing/product-coupon" as const

/** The partner API's path prefix (支持商户:【普通服务商】, `WECHATPAY2-SHA256-RSA2048` with `brand_id`). */
export const PARTNER_PREFIX = "/v3/marketing/partner/product-coupon" as const

/** 品牌ID in a partner request: "微信支付为品牌方分配的唯一标识,该品牌应与服务商存在授权关系"; no length is documented. */
export const BrandIdInput = BrandId.check(noFourByteUtf8, charLength(1, undefined))

/** The field every partner request adds: the brand the service provider acts for. */
export const partnerFields = { brand_id: BrandIdInput } as const

/** One official page: its address, its 更新时间, and the rate limit it states (if it was read). */
export interface Page {
  readonly url: string
  readonly revision: string
  readonly rateLimit?: { readonly requests: number; readonly per: "1 second" | "1 minute" } | undefined
}

/**
 * The request schemas of one operation in both APIs: the brand request has the fields, the partner request the same
 * fields and `brand_id` (a query field for a GET, a body field otherwise), except where the partner page has no
 * `brand_id` (`partnerBrandId: false`: the notify URL and the image upload are per service provider). `check` is a
 * rule over several fields, `description` its text in the JSON Schema.
 */
export const requests = <const F extends Schema.Struct.Fields, const B extends boolean = true>(
  identifier: string,
  fields: F,
  options: {
    readonly check?: ((request: Schema.Struct.Type<F>) => ReadonlyArray<Schema.FilterIssue>) | undefined
    readonly description?: string | undefined
    readonly partnerBrandId?: B | undefined
  } = {}
) => {
  const { check, description } = options
  const withCheck = <S extends Schema.Top>(schema: S): S =>
    check === undefined
      ? schema
      : (schema.check(
          Schema.makeFilter((value: unknown) => [...check(value as Schema.Struct.Type<F>)], {
            toJsonSchema: () => [{ description: description ?? "a rule over several fields" }, true]
          })
        ) as unknown as S)
  const partnerExtra = (options.partnerBrandId === false ? {} : partnerFields) as B extends false
    ? {}
    : typeof partnerFields
  return {
    brand: withCheck(Schema.Struct(fields)).annotate({ identifier: `ProductCoupon.${identifier}` }),
    partner: withCheck(Schema.Struct({ ...fields, ...partnerExtra })).annotate({
      identifier: `PartnerProductCoupon.${identifier}`
    })
  }
}

/**
 * The two descriptors of one operation, `ProductCoupon.<operation>` (brand API, `auth: "brand"`) and
 * `PartnerProductCoupon.<operation>` (partner API): same method, the path under each prefix, each its request, the
 * same response. A partner GET sends `brand_id` in the query. Idempotency keys are unique per brand ("品牌侧需保持
 * 唯一性"): the caller itself in the brand API, `brand_id` in the partner API.
 */
export const both = <
  const Operation extends string,
  const Path extends `/${string}`,
  BrandRequest extends Schema.Top,
  PartnerRequest extends Schema.Top,
  const BrandCode extends string,
  const PartnerCode extends string,
  Response extends Schema.Top = Schema.Void
>(spec: {
  readonly operation: Operation
  readonly title: string
  readonly summary: string
  readonly brand: Page
  readonly partner: Page
  readonly method: Endpoint.Method
  readonly path: Path
  readonly request: { readonly brand: BrandRequest; readonly partner: PartnerRequest }
  readonly response?: Response | undefined
  readonly errors: {
    readonly brand: ReadonlyArray<Endpoint.DocumentedError<BrandCode>>
    readonly partner: ReadonlyArray<Endpoint.DocumentedError<PartnerCode>>
    /** The rows were read on the operation's partner page (`pageErrors`), not the family's common table. */
    readonly fromPage?: boolean | undefined
  }
  readonly query?: ReadonlyArray<string> | undefined
  readonly pagination?: Endpoint.Pagination | undefined
  readonly idempotency?:
    | {
        readonly key: string
        readonly scope?: ReadonlyArray<string> | undefined
        readonly conflict: NoInfer<BrandCode & PartnerCode> | Endpoint.ProtocolCode
      }
    | undefined
  readonly body?: Endpoint.BodyKind | undefined
  /**
   * A write without a request number: `true` to send it again after a 429 (the reason beside it). Reads and writes
   * with a request number are retried in any case.
   */
  readonly retryAfter429?: boolean | undefined
  /** `false` where the partner request has no `brand_id` (so a partner GET adds none to its query). */
  readonly partnerBrandId?: boolean | undefined
}) => {
  const rateLimit = (page: Page, scope: Endpoint.RateLimit["scope"]): Endpoint.RateLimit | undefined =>
    page.rateLimit === undefined ? undefined : { ...page.rateLimit, scope, source: page.url }
  const query = spec.query ?? []
  const key = spec.idempotency
  const brand = Endpoint.make({
    name: `ProductCoupon.${spec.operation}` as const,
    title: spec.title,
    summary: spec.summary,
    docs: spec.brand.url,
    method: spec.method,
    path: `${BRAND_PREFIX}${spec.path}` as const,
    request: spec.request.brand,
    response: spec.response,
    errors: spec.errors.brand,
    errorsFrom: "family",
    query,
    pagination: spec.pagination,
    idempotency:
      key === undefined ? undefined : { key: key.key, scope: key.scope ?? [], conflict: key.conflict as BrandCode },
    body: spec.body,
    retryAfter429: spec.retryAfter429,
    auth: "brand",
    // "接口限频:N/秒(品牌ID维度)": counted per brand.
    rateLimit: rateLimit(spec.brand, "brand")
  })
  const partner = Endpoint.make({
    name: `PartnerProductCoupon.${spec.operation}` as const,
    title: spec.title,
    summary: spec.summary,
    docs: spec.partner.url,
    method: spec.method,
    path: `${PARTNER_PREFIX}${spec.path}` as const,
    request: spec.request.partner,
    response: spec.response,
    errors: spec.errors.partner,
    errorsFrom: spec.errors.fromPage === true ? "page" : "family",
    query: spec.method === "GET" && spec.partnerBrandId !== false ? [...query, "brand_id"] : query,
    pagination: spec.pagination,
    idempotency:
      key === undefined
        ? undefined
        : { key: key.key, scope: ["brand_id", ...(key.scope ?? [])], conflict: key.conflict as PartnerCode },
    body: spec.body,
    retryAfter429: spec.retryAfter429,
    auth: "merchant",
    // "频率限制:N/s" names no dimension: our reading is per calling service provider.
    rateLimit: rateLimit(spec.partner, "merchant")
  })
  return { brand, partner }
}

/**
 * The 公共错误码 block every 商品券 page prints above its 业务错误码 (read on 获取商品券事件通知地址,
 * https://pay.weixin.qq.com/doc/brand/4015736292, as far as the page could be read; the same block as on every
 * current WeChat Pay page).
 */
export const PublicErrors = [
  { status: 400, code: "PARAM_ERROR", description: "参数错误", solution: "请根据错误提示正确传入参数" },
  {
    status: 400,
    code: "INVALID_REQUEST",
    description: "HTTP 请求不符合微信支付 APIv3 接口规则",
    solution: "请参阅 接口规则"
  },
  { status: 401, code: "SIGN_ERROR", description: "验证不通过", solution: "请参阅 签名常见问题" },
  { status: 500, code: "SYSTEM_ERROR", description: "系统异常，请稍后重试", solution: "请稍后重试" }
] as const satisfies ReadonlyArray<ErrorRow>

/**
 * A service provider the brand has not authorised: "服务商调用任何商品券 API 均返回 NO_AUTH: 服务商没有此接口权限"
 * (wechatpay-skills, `3-品牌与服务商通用/接入规范/MAB关系说明文档.md`). The pages' tables do not print it.
 */
export const PartnerAuthErrors = [
  {
    status: 403,
    code: "NO_AUTH",
    description: "服务商没有此接口权限",
    solution: "品牌方需在品牌经营平台授予服务商「商品券」产品功能权限"
  }
] as const satisfies ReadonlyArray<ErrorRow>

/**
 * The 429 of the pages' 频率限制, as every page's table prints it (e.g. https://pay.weixin.qq.com/doc/v3/partner/4015781605).
 */
export const RateLimitErrors = [
  { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
] as const satisfies ReadonlyArray<ErrorRow>

/** The family table of the brand API: the 公共错误码 and the 429 (what every page prints). */
export const BrandErrors = [...PublicErrors, ...RateLimitErrors] as const satisfies ReadonlyArray<ErrorRow>

/** The family table of the partner API: the brand API's, and the unauthorised service provider. */
export const PartnerErrors = [
  ...PublicErrors,
  ...PartnerAuthErrors,
  ...RateLimitErrors
] as const satisfies ReadonlyArray<ErrorRow>

/**
 * One operation's documented errors, as `both` takes them: the 公共错误码 and the operation's 业务错误码 read on its
 * partner page (`PageErrors`, with the 429); the partner API adds `NO_AUTH`. The brand pages' tables could not be
 * read: the brand API takes the same rows.
 */
export const pageErrors = <const Operation extends keyof typeof PageErrors>(operation: Operation) => ({
  brand: [...PublicErrors, ...PageErrors[operation]] as const,
  partner: [...PublicErrors, ...PartnerAuthErrors, ...PageErrors[operation]] as const,
  fromPage: true
})

/** Both family tables, as `both` takes them. */
export const familyErrors = { brand: BrandErrors, partner: PartnerErrors } as const
