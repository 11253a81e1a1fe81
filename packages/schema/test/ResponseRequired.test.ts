import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, Schema, SchemaAST } from "effect"
import { Busifavor, Endpoints } from "../src/index.js"
import { productCouponRequired } from "./productCoupon.required.js"
import { fixture, remove, withPath } from "./support.js"

/**
 * The required keys of every 2xx body, as audited against the Go SDK (no `omitempty`), wechatpay-im and the OpenAPI
 * transcription (docs/sources/wechatpay-v3.md Q11): a key stays required only where every source marks it required. `a.b` is a key of an
 * object `a` (required only when `a` is sent), `a[].b` a key of each item of the array `a`.
 */
const required: Record<string, ReadonlyArray<string>> = {
  ...productCouponRequired,
  "Busifavor.createStock": ["stock_id", "create_time"],
  "Busifavor.queryStock": [
    "stock_name",
    "belong_merchant",
    "goods_name",
    "stock_type",
    "coupon_use_rule",
    "coupon_use_rule.coupon_available_time",
    "coupon_use_rule.use_method",
    "stock_send_rule",
    "stock_send_rule.max_coupons_per_user",
    "custom_entrance.mini_programs_info.mini_programs_appid",
    "custom_entrance.mini_programs_info.mini_programs_path",
    "custom_entrance.mini_programs_info.entrance_words",
    "stock_state",
    "coupon_code_mode",
    "stock_id",
    "coupon_code_count.total_count",
    "coupon_code_count.available_count"
  ],
  "Busifavor.modifyBudget": ["max_coupons"],
  "Busifavor.uploadCouponCode": [
    "stock_id",
    "total_count",
    "success_count",
    "success_time",
    "fail_codes[].coupon_code",
    "fail_codes[].code",
    "fail_codes[].message"
  ],
  "Busifavor.queryCouponCodeList": ["stock_id", "total_count", "offset", "limit"],
  "Busifavor.couponCodeInfo": [
    "code_information",
    "coupon_information.belong_merchant",
    "coupon_information.stock_name",
    "coupon_information.goods_name",
    "coupon_information.stock_type",
    "coupon_information.coupon_use_rule"
  ],
  "Busifavor.deleteCouponCode": [],
  "Busifavor.useCoupon": ["stock_id", "openid", "wechatpay_use_time"],
  "Busifavor.listCouponsByFilter": [
    "data[].belong_merchant",
    "data[].stock_name",
    "data[].goods_name",
    "data[].stock_type",
    "data[].coupon_use_rule",
    "total_count",
    "offset",
    "limit"
  ],
  "Busifavor.queryCoupon": ["belong_merchant", "stock_name", "goods_name", "stock_type", "coupon_use_rule"],
  "Busifavor.returnCoupon": ["wechatpay_return_time"],
  "Busifavor.deactivateCoupon": ["wechatpay_deactivate_time"],
  "Busifavor.associateTradeInfo": ["wechatpay_associate_time"],
  "Busifavor.disassociateTradeInfo": ["wechatpay_disassociate_time"],
  "Busifavor.sendCoupon": [],
  "Busifavor.sendGovCard": ["card_code"],
  "Busifavor.setCouponNotify": ["notify_url", "mchid"],
  "Busifavor.getCouponNotify": ["mchid", "notify_url"],
  "Busifavor.subsidyPay": payReceipt(""),
  "Busifavor.payReceiptList": payReceipt("pay_receipt_list[]."),
  "Busifavor.payReceiptInfo": payReceipt(""),
  "Busifavor.subsidyReturn": returnReceipt(),
  "Busifavor.returnReceiptInfo": returnReceipt(),
  "Favor.createCouponStock": ["stock_id", "create_time"],
  "Favor.startStock": ["start_time", "stock_id"],
  "Favor.sendCoupon": ["coupon_id"],
  "Favor.pauseStock": ["stock_id"],
  "Favor.restartStock": ["stock_id"],
  "Favor.stopStock": ["stock_id"],
  "Favor.listStocks": ["total_count", ...stock("data[]."), "limit", "offset"],
  "Favor.queryStock": stock(""),
  "Favor.queryCoupon": ["normal_coupon_information.coupon_amount", "normal_coupon_information.transaction_minimum"],
  "Favor.listAvailableMerchants": ["total_count", "offset", "limit", "stock_id"],
  "Favor.listAvailableSingleitems": ["total_count", "offset", "limit", "stock_id"],
  "Favor.listCouponsByFilter": [
    "data[].normal_coupon_information.coupon_amount",
    "data[].normal_coupon_information.transaction_minimum",
    "total_count",
    "limit",
    "offset"
  ],
  "Favor.useFlow": ["url", "hash_value", "hash_type"],
  "Favor.refundFlow": ["url", "hash_value", "hash_type"],
  "Favor.setCallback": ["notify_url"],
  "Favor.queryCallback": ["mchid", "notify_url"],
  "Favor.uploadImage": ["media_url"]
}

function payReceipt(prefix: string): ReadonlyArray<string> {
  return [
    "stock_id",
    "coupon_code",
    "transaction_id",
    "payer_merchant",
    "payee_merchant",
    "amount",
    "description",
    "status",
    "out_subsidy_no"
  ].map((key) => prefix + key)
}

function returnReceipt(): ReadonlyArray<string> {
  return [
    "stock_id",
    "coupon_code",
    "transaction_id",
    "refund_id",
    "payer_merchant",
    "payee_merchant",
    "amount",
    "description",
    "status",
    "subsidy_receipt_id",
    "out_subsidy_return_no"
  ]
}

function stock(prefix: string): ReadonlyArray<string> {
  return [
    "stock_name",
    "description",
    "stock_use_rule.max_coupons",
    "stock_use_rule.max_amount",
    "stock_use_rule.max_coupons_per_user",
    "stock_use_rule.fixed_normal_coupon.coupon_amount",
    "stock_use_rule.fixed_normal_coupon.transaction_minimum",
    "available_begin_time",
    "available_end_time",
    "no_cash",
    "stock_type"
  ].map((key) => prefix + key)
}

/** The object and array members of a wire AST, looking through unions and suspensions. */
const objectsOf = (ast: SchemaAST.AST): ReadonlyArray<SchemaAST.Objects | SchemaAST.Arrays> => {
  switch (ast._tag) {
    case "Suspend":
      return objectsOf(ast.thunk())
    case "Union":
      return ast.types.flatMap(objectsOf)
    case "Objects":
    case "Arrays":
      return [ast]
    default:
      return []
  }
}

/** The required keys of a wire AST, as `a.b` / `a[].b` paths. */
const requiredKeys = (ast: SchemaAST.AST, prefix: string): ReadonlyArray<string> =>
  objectsOf(ast).flatMap((node) =>
    SchemaAST.isArrays(node)
      ? node.rest.flatMap((item) => requiredKeys(item, `${prefix.slice(0, -1)}[].`))
      : node.propertySignatures.flatMap((ps) => {
          const path = prefix + String(ps.name)
          return [...(SchemaAST.isOptional(ps.type) ? [] : [path]), ...requiredKeys(ps.type, `${path}.`)]
        })
  )

/** The required keys of the wire side of `schema`. */
const requiredPaths = (schema: Schema.Top): ReadonlyArray<string> => requiredKeys(SchemaAST.toEncoded(schema.ast), "")

/** A copy of a wire body with every optional key removed, at any depth (`ast` is the wire AST). */
const minimal = (ast: SchemaAST.AST, value: unknown): unknown => {
  if (Array.isArray(value)) {
    const item = objectsOf(ast).find(SchemaAST.isArrays)?.rest[0]
    return item === undefined ? value : value.map((v) => minimal(item, v))
  }
  if (typeof value !== "object" || value === null) return value
  const object = objectsOf(ast).find(SchemaAST.isObjects)
  if (object === undefined) return value
  const record = value as Record<string, unknown>
  return Object.fromEntries(
    object.propertySignatures
      .filter((ps) => !SchemaAST.isOptional(ps.type) && String(ps.name) in record)
      .map((ps) => [String(ps.name), minimal(ps.type, record[String(ps.name)])])
  )
}

/** The keys present in a JSON value, as `a.b` / `a[].b` paths (each once). */
const presentPaths = (value: unknown, prefix = ""): ReadonlyArray<string> => {
  if (Array.isArray(value))
    return [...new Set(value.flatMap((item) => presentPaths(item, `${prefix.slice(0, -1)}[].`)))]
  if (typeof value !== "object" || value === null) return []
  return Object.entries(value).flatMap(([key, item]) => [prefix + key, ...presentPaths(item, `${prefix + key}.`)])
}

const withBody = Endpoints.all.filter((endpoint) => !endpoint.noContent)

describe("response required-ness", () => {
  it("every endpoint with a body is in the audited table", () => {
    expect(withBody.map((endpoint) => endpoint.name).sort()).toStrictEqual(Object.keys(required).sort())
  })

  describe.each(withBody.map((endpoint) => [endpoint.name, endpoint] as const))("%s", (name, endpoint) => {
    it("requires exactly the audited keys", () => {
      expect(requiredPaths(endpoint.response)).toStrictEqual(required[name])
    })

    it.effect("decodes a body of its required keys only", () =>
      Effect.gen(function* () {
        const schema = endpoint.response as Schema.Codec<unknown, unknown>
        // The fullest of ten generated bodies, so that most optional keys are there to be removed.
        const samples = yield* Arbitrary.sampleEffect(Arbitrary.schema(schema), { count: 10, seed: 11 })
        const wires = yield* Effect.forEach(samples, (sample) => Schema.encodeUnknownEffect(schema)(sample))
        const wire = wires.reduce((a, b) => (presentPaths(b).length > presentPaths(a).length ? b : a))
        const body = minimal(SchemaAST.toEncoded(schema.ast), wire)
        expect(required[name]).toEqual(expect.arrayContaining([...presentPaths(body)]))
        yield* Schema.decodeUnknownEffect(schema)(body)
      })
    )
  })
})

describe("relaxed response keys decode when absent", () => {
  const available = ["coupon_use_rule", "coupon_available_time"] as const
  const relaxed = ["available_begin_time", "available_end_time"] as const

  // docs/sources/wechatpay-v3.md Q11: 查询用户单张券详情 and 根据过滤条件查询用户券 (OpenAPI transcription and wechatpay-im) mark
  // coupon_available_time.available_begin_time/available_end_time optional; the Go SDK's FavorAvailableTime required.
  it.effect.each(relaxed)("Busifavor.queryCoupon without %s", (key) =>
    Effect.gen(function* () {
      const body = withPath(fixture("busifavor-query-user-coupon.response.json"), [...available, key], remove)
      const coupon = yield* Schema.decodeUnknownEffect(Busifavor.QueryCoupon.response)(body)
      expect(coupon.coupon_use_rule.coupon_available_time?.[key]).toBeUndefined()
    })
  )

  it.effect.each(relaxed)("Busifavor.listCouponsByFilter without %s", (key) =>
    Effect.gen(function* () {
      const item = withPath(fixture("busifavor-query-user-coupon.response.json"), [...available, key], remove)
      const page = yield* Schema.decodeUnknownEffect(Busifavor.ListCouponsByFilter.response)({
        data: [item],
        total_count: 1,
        offset: 0,
        limit: 1
      })
      expect(page.data?.[0]?.coupon_use_rule.coupon_available_time?.[key]).toBeUndefined()
    })
  )
})
