import * as Schema from "effect/Schema"
import { text } from "../text.js"
import { optionalKey, optionalOnWire } from "../tolerant.js"
import {
  CouponAvailablePeriodInput,
  DeactivateReason,
  DiscountCouponInput,
  ExchangeCouponInput,
  NormalCouponInput,
  OutRequestNo,
  ProductCouponDisplayInfoInput,
  ProductCouponEntity,
  ProductCouponIdInput,
  ProgressiveBundleUsageInfoInput,
  ruleList,
  SingleProductDisplayInfoInput,
  StockBundleEntity,
  StockEntity,
  StockForCreateInput
} from "./common.js"
import { both, pageErrors, partnerFields, requests } from "./define.js"

// ---------------------------------------------------------------------------------------------------------------
// 创建商品券
// ---------------------------------------------------------------------------------------------------------------

const createFields = {
  out_request_no: OutRequestNo,
  out_product_no: optionalKey(text({ min: 1, max: 40 }))
}

const period = { coupon_available_period: CouponAvailablePeriodInput }

/** The fields of a stock to create, but its usage rule. */
const { single_usage_rule: _singleUsageRule, ...stockFields } = StockForCreateInput.fields

/** The stock of a 单券 coupon, its usage rule given. */
const stockWith = <R extends Schema.Top>(single_usage_rule: R) => Schema.Struct({ ...stockFields, single_usage_rule })

/** The stock bundle of a 多次优惠 coupon, its usage rule given. */
const bundleWith = <R extends Schema.Top>(progressive_bundle_usage_rule: R) =>
  Schema.Struct({ ...stockFields, progressive_bundle_usage_rule })

/** A 全场券 (scope ALL) of 单券 mode: its rule in `single_usage_info`, its stock's rule only a validity period. */
const allSingle = <const T extends "NORMAL" | "DISCOUNT", const F extends Schema.Struct.Fields>(type: T, rule: F) => ({
  ...createFields,
  scope: Schema.Literal("ALL"),
  type: Schema.Literal(type),
  usage_mode: Schema.Literal("SINGLE"),
  single_usage_info: Schema.Struct(rule),
  display_info: ProductCouponDisplayInfoInput,
  stock: stockWith(Schema.Struct(period))
})

/** A 单品券 (scope SINGLE) of 单券 mode: its rule in its stock's `single_usage_rule`, its price and 套餐 shown. */
const singleSingle = <const T extends "NORMAL" | "DISCOUNT" | "EXCHANGE", const F extends Schema.Struct.Fields>(
  type: T,
  rule: F
) => ({
  ...createFields,
  scope: Schema.Literal("SINGLE"),
  type: Schema.Literal(type),
  usage_mode: Schema.Literal("SINGLE"),
  display_info: SingleProductDisplayInfoInput,
  stock: stockWith(Schema.Struct({ ...period, ...rule }))
})

/** A 多次优惠 coupon: how often and how far apart it is used, and its bundle's list of rules, one per use. */
const bundle = <
  const S extends "ALL" | "SINGLE",
  const T extends "NORMAL" | "DISCOUNT" | "EXCHANGE",
  const F extends Schema.Struct.Fields
>(
  scope: S,
  type: T,
  rules: F
) => ({
  ...createFields,
  scope: Schema.Literal(scope),
  type: Schema.Literal(type),
  usage_mode: Schema.Literal("PROGRESSIVE_BUNDLE"),
  progressive_bundle_usage_info: ProgressiveBundleUsageInfoInput,
  display_info: (scope === "SINGLE"
    ? SingleProductDisplayInfoInput
    : ProductCouponDisplayInfoInput) as S extends "SINGLE"
    ? typeof SingleProductDisplayInfoInput
    : typeof ProductCouponDisplayInfoInput,
  stock_bundle: bundleWith(Schema.Struct({ ...period, ...rules }))
})

/** The ten kinds of 商品券 the skill lists (全场/单品 × 满减/折扣/兑换 × 单券/多次优惠; 兑换 is 单品 only). */
const kinds = {
  AllNormal: allSingle("NORMAL", { normal_coupon: NormalCouponInput }),
  AllDiscount: allSingle("DISCOUNT", { discount_coupon: DiscountCouponInput }),
  SingleNormal: singleSingle("NORMAL", { normal_coupon: NormalCouponInput }),
  SingleDiscount: singleSingle("DISCOUNT", { discount_coupon: DiscountCouponInput }),
  SingleExchange: singleSingle("EXCHANGE", { exchange_coupon: ExchangeCouponInput }),
  AllNormalBundle: bundle("ALL", "NORMAL", { normal_coupon_list: ruleList(NormalCouponInput) }),
  AllDiscountBundle: bundle("ALL", "DISCOUNT", { discount_coupon_list: ruleList(DiscountCouponInput) }),
  SingleNormalBundle: bundle("SINGLE", "NORMAL", { normal_coupon_list: ruleList(NormalCouponInput) }),
  SingleDiscountBundle: bundle("SINGLE", "DISCOUNT", { discount_coupon_list: ruleList(DiscountCouponInput) }),
  SingleExchangeBundle: bundle("SINGLE", "EXCHANGE", { exchange_coupon_list: ruleList(ExchangeCouponInput) })
}

const createRequest = <const X extends Schema.Struct.Fields>(extra: X, family: string) => {
  const member = <const F extends Schema.Struct.Fields>(name: string, fields: F) =>
    Schema.Struct({ ...fields, ...extra }).annotate({ identifier: `${family}.CreateProductCoupon${name}Request` })
  return Schema.Union([
    member("AllNormal", kinds.AllNormal),
    member("AllDiscount", kinds.AllDiscount),
    member("SingleNormal", kinds.SingleNormal),
    member("SingleDiscount", kinds.SingleDiscount),
    member("SingleExchange", kinds.SingleExchange),
    member("AllNormalBundle", kinds.AllNormalBundle),
    member("AllDiscountBundle", kinds.AllDiscountBundle),
    member("SingleNormalBundle", kinds.SingleNormalBundle),
    member("SingleDiscountBundle", kinds.SingleDiscountBundle),
    member("SingleExchangeBundle", kinds.SingleExchangeBundle)
  ]).annotate({
    identifier: `${family}.CreateProductCouponRequest`,
    message:
      "must be one of the ten kinds of 商品券: scope ALL (NORMAL or DISCOUNT) or SINGLE (NORMAL, DISCOUNT or EXCHANGE), usage_mode SINGLE or PROGRESSIVE_BUNDLE"
  })
}

/**
 * 创建商品券 request, one shape per kind of 商品券 (its `scope`, `type` and `usage_mode`; the ten kinds of the official
 * skill). 单券 (`usage_mode` `SINGLE`): a `stock`; a 全场券 (`scope` `ALL`, `NORMAL` or `DISCOUNT`) has its rule in
 * `single_usage_info`, a 单品券 (`scope` `SINGLE`) in `stock.single_usage_rule` ("全场券的优惠规则放在顶层
 * single_usage_info 中，单品券的优惠规则放在 stock.single_usage_rule 中") and shows its `original_price` and
 * `combo_package_list`. 多次优惠 (`PROGRESSIVE_BUNDLE`): `progressive_bundle_usage_info` (3–15 uses, 0–7 days apart) and
 * a `stock_bundle` whose rule list is the one of its type. `out_request_no` 6–40 characters, `out_product_no` at most
 * 40.
 *
 * @since 0.2.0
 * @category requests
 */
export const CreateProductCouponRequests = {
  brand: createRequest({}, "ProductCoupon"),
  partner: createRequest(partnerFields, "PartnerProductCoupon")
}

/**
 * 创建商品券 response: the new 商品券 and its stock (单券) or stock bundle (多次优惠).
 *
 * @since 0.2.0
 * @category responses
 */
export class CreateProductCouponResponse extends ProductCouponEntity.extend<CreateProductCouponResponse>(
  "ProductCoupon.CreateProductCouponResponse"
)({
  stock: optionalOnWire(StockEntity),
  stock_bundle: optionalOnWire(StockBundleEntity)
}) {}

/**
 * 创建商品券 documented errors: the 公共错误码 and the page's 业务错误码 (`INVALID_REQUEST` 传入参数不符合业务规则,
 * `ALREADY_EXISTS` 商品券已存在, the 429; https://pay.weixin.qq.com/doc/v3/partner/4016434630), `NO_AUTH` on the partner API.
 *
 * @since 0.2.0
 * @category errors
 */
export const CreateProductCouponErrors = (({ brand, partner }) => ({ brand, partner }))(
  pageErrors("createProductCoupon")
)

/**
 * 创建商品券: creates a 商品券 with its first stock (单券) or stock bundle (多次优惠); idempotent on `out_request_no`.
 * The partner page of 2025.11.07 replaced the 2025.08.04 revision's `SEQUENTIAL` mode (`sequential_usage_info`:
 * type, at most 15 uses, 3–365 days) by `PROGRESSIVE_BUNDLE` (`progressive_bundle_usage_info`: 3–15 uses, 0–7 days
 * apart, and a `stock_bundle`), made `single_usage_info` optional and its rate limit 20/s (was 1000/min).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const CreateProductCoupon = both({
  operation: "createProductCoupon",
  title: "创建商品券",
  summary: "Creates a 商品券 with its first stock (单券) or stock bundle (多次优惠).",
  brand: {
    url: "https://pay.weixin.qq.com/doc/brand/4015736297",
    revision: "2025.12.31",
    rateLimit: { requests: 20, per: "1 second" }
  },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016434630",
    revision: "2025.11.07",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons",
  request: CreateProductCouponRequests,
  response: CreateProductCouponResponse,
  errors: pageErrors("createProductCoupon"),
  idempotency: { key: "out_request_no", conflict: "ALREADY_EXISTS" }
})

// ---------------------------------------------------------------------------------------------------------------
// 查询商品券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 查询商品券 request: the path `product_coupon_id` (the partner API adds the query `brand_id`).
 *
 * @since 0.2.0
 * @category requests
 */
export const GetProductCouponRequests = requests("GetProductCouponRequest", { product_coupon_id: ProductCouponIdInput })

/**
 * 查询商品券: a 商品券 without its stocks (see 查询商品券批次列表).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const GetProductCoupon = both({
  operation: "getProductCoupon",
  title: "查询商品券",
  summary: "A 商品券 without its stocks.",
  brand: { url: "https://pay.weixin.qq.com/doc/v3/partner/4016434632", revision: "brand page not read" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016434632",
    revision: "2025.11.07",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "GET",
  path: "/product-coupons/{product_coupon_id}",
  request: GetProductCouponRequests,
  response: ProductCouponEntity,
  errors: pageErrors("getProductCoupon")
})

// ---------------------------------------------------------------------------------------------------------------
// 修改商品券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 修改商品券 request: the path `product_coupon_id`, `out_request_no` and the new `display_info` (the fields and their
 * required-ness as on the partner page, https://pay.weixin.qq.com/doc/v3/partner/4016434633).
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateProductCouponRequests = requests("UpdateProductCouponRequest", {
  product_coupon_id: ProductCouponIdInput,
  out_request_no: OutRequestNo,
  display_info: ProductCouponDisplayInfoInput
})

/**
 * 修改商品券: changes how a 商品券 is shown (name, images, price, 套餐); idempotent on `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const UpdateProductCoupon = both({
  operation: "updateProductCoupon",
  title: "修改商品券",
  summary: "Changes how a 商品券 is shown: name, images, price and 套餐.",
  brand: { url: "https://pay.weixin.qq.com/doc/v3/partner/4016434633", revision: "brand page not read" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016434633",
    revision: "2025.11.07",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "PATCH",
  path: "/product-coupons/{product_coupon_id}",
  request: UpdateProductCouponRequests,
  response: ProductCouponEntity,
  errors: pageErrors("updateProductCoupon"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})

// ---------------------------------------------------------------------------------------------------------------
// 失效商品券
// ---------------------------------------------------------------------------------------------------------------

/**
 * 失效商品券 request: the path `product_coupon_id`, `out_request_no` and the reason (1–150 characters).
 *
 * @since 0.2.0
 * @category requests
 */
export const DeactivateProductCouponRequests = requests("DeactivateProductCouponRequest", {
  product_coupon_id: ProductCouponIdInput,
  out_request_no: OutRequestNo,
  deactivate_reason: DeactivateReason
})

/**
 * 失效商品券: deactivates a 商品券 and all its stocks; coupons already sent stay valid. Idempotent on
 * `out_request_no`.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const DeactivateProductCoupon = both({
  operation: "deactivateProductCoupon",
  title: "失效商品券",
  summary: "Deactivates a 商品券 and all its stocks; coupons already sent stay valid.",
  brand: { url: "https://pay.weixin.qq.com/doc/brand/4015736315", revision: "2025.08.20" },
  partner: {
    url: "https://pay.weixin.qq.com/doc/v3/partner/4016434631",
    revision: "2025.11.07",
    rateLimit: { requests: 20, per: "1 second" }
  },
  method: "POST",
  path: "/product-coupons/{product_coupon_id}/deactivate",
  request: DeactivateProductCouponRequests,
  response: ProductCouponEntity,
  errors: pageErrors("deactivateProductCoupon"),
  // Our choice: no documented code answers a reused out_request_no; INVALID_REQUEST is one this endpoint documents.
  idempotency: { key: "out_request_no", conflict: "INVALID_REQUEST" }
})
