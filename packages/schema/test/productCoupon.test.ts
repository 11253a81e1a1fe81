import { describe, expect, it } from "@effect/vitest"
import { Effect, Result, Schema, SchemaAST } from "effect"
import * as Endpoint from "../src/Endpoint.js"
import * as PartnerProductCoupon from "../src/PartnerProductCoupon.js"
import * as ProductCoupon from "../src/ProductCoupon.js"
import { fixture, remove, withPath } from "./support.js"

// The modules as records, to look an operation up by name (a test: tree shaking is not a concern here).
const brandModule: Readonly<Record<string, unknown>> = ProductCoupon
const partnerModule: Readonly<Record<string, unknown>> = PartnerProductCoupon

type Path = ReadonlyArray<string | number>

const x = (n: number) => "x".repeat(n)
const cjk = (n: number) => "券".repeat(n)
const emoji = "\u{1F600}"
const fourByte = "must not contain 4-byte UTF-8 characters"

/** The issues of a request, `[]` when it is valid. */
const issuesOf = (endpoint: Endpoint.Any, input: unknown): ReadonlyArray<Endpoint.Issue> => {
  const result = Endpoint.decodeRequest(endpoint, input)
  return Result.isSuccess(result) ? [] : result.failure
}

const pointer = (path: Path) => path.map((key) => `/${key}`).join("")

/** A documented limit: `ok` is accepted at `path`, `bad` rejected with an issue there containing `message`. */
interface Limit {
  readonly name: string
  readonly path: Path
  readonly ok: unknown
  readonly bad: unknown
  readonly message: string
}

/** Each limit at the edge and past it, on both APIs (the partner request is the brand one with `brand_id`). */
const checkLimits = (
  operation: keyof typeof ProductCoupon & keyof typeof PartnerProductCoupon,
  valid: Record<string, unknown>,
  limits: ReadonlyArray<Limit>
) => {
  const brand = brandModule[operation] as Endpoint.Any
  const partner = partnerModule[operation] as Endpoint.Any
  const partnerValid = { ...valid, brand_id: "120344" }

  it("the valid example is accepted by both APIs, and brand_id is the partner request's only extra field", () => {
    expect(issuesOf(brand, valid)).toStrictEqual([])
    expect(issuesOf(partner, partnerValid)).toStrictEqual([])
    expect(issuesOf(brand, partnerValid)).toStrictEqual([{ path: "/brand_id", message: "Expected no excess property" }])
    expect(issuesOf(partner, valid)).toContainEqual({ path: "/brand_id", message: "Missing key" })
  })

  for (const limit of limits) {
    it(`${limit.name}: accepted at the limit, rejected past it`, () => {
      expect(issuesOf(brand, withPath(valid, limit.path, limit.ok))).toStrictEqual([])
      expect(issuesOf(partner, withPath(partnerValid, limit.path, limit.ok))).toStrictEqual([])
      const found = issuesOf(brand, withPath(valid, limit.path, limit.bad))
      expect(found.map((issue) => issue.path)).toContain(pointer(limit.path))
      expect(found.find((issue) => issue.path === pointer(limit.path))?.message).toContain(limit.message)
    })
  }
}

const requestNo = (path: Path, min: number, max: number): ReadonlyArray<Limit> => [
  { name: `${pointer(path)} length`, path, ok: x(max), bad: x(max + 1), message: `got ${max + 1}` },
  { name: `${pointer(path)} minimum`, path, ok: x(min), bad: x(min - 1), message: `got ${min - 1}` },
  {
    name: `${pointer(path)} characters`,
    path,
    ok: "Ab09_-ab",
    bad: "abc|def",
    message: "may contain only letters, digits, _ and -"
  },
  { name: `${pointer(path)} CJK`, path, ok: "abcdef", bad: cjk(8), message: "may contain only letters, digits" },
  { name: `${pointer(path)} emoji`, path, ok: "abcdef", bad: `abcdef${emoji}`, message: fourByte }
]

const textLimit = (path: Path, max: number, min = 1): ReadonlyArray<Limit> => [
  { name: `${pointer(path)} CJK length`, path, ok: cjk(max), bad: cjk(max + 1), message: `got ${max + 1}` },
  { name: `${pointer(path)} emoji`, path, ok: cjk(min), bad: `${cjk(min)}${emoji}`, message: fourByte }
]

const intLimit = (path: Path, min: number, max: number): ReadonlyArray<Limit> => [
  { name: `${pointer(path)} maximum`, path, ok: max, bad: max + 1, message: `${min}..${max}` },
  { name: `${pointer(path)} minimum`, path, ok: min, bad: min - 1, message: `${min}..${max}` }
]

const createSingle = fixture("product-coupon-create-single.request.json") as Record<string, unknown>
const createBundle = fixture("product-coupon-create-bundle.request.json") as Record<string, unknown>
const stock = (createSingle as { readonly stock: Record<string, unknown> }).stock
const period = ["stock", "single_usage_rule", "coupon_available_period"]

describe("the two APIs", () => {
  const pairs = ProductCoupon.endpoints.map(
    (brand, i) => [brand.operation, brand, PartnerProductCoupon.endpoints[i]!] as const
  )

  it("have the same 32 operations, in the same order", () => {
    expect(ProductCoupon.endpoints).toHaveLength(32)
    expect(PartnerProductCoupon.endpoints.map((e) => e.operation)).toStrictEqual(
      ProductCoupon.endpoints.map((e) => e.operation)
    )
  })

  it.each(pairs)(
    "%s: one path under each prefix, one response, brand credentials for the brand API",
    (_, brand, partner) => {
      expect(brand.path.startsWith("/brand/marketing/product-coupon/")).toBe(true)
      expect(partner.path).toBe(brand.path.replace("/brand/marketing/", "/v3/marketing/partner/"))
      expect(partner.method).toBe(brand.method)
      expect(partner.response).toBe(brand.response)
      expect([brand.auth, partner.auth]).toStrictEqual(["brand", "merchant"])
      expect(brand.family).toBe("ProductCoupon")
      expect(partner.family).toBe("PartnerProductCoupon")
    }
  )

  it.each(pairs)(
    "%s: the partner request names the brand, unless the page has no brand_id",
    (operation, brand, partner) => {
      const fields = (endpoint: Endpoint.Any) => {
        const ast = SchemaAST.toEncoded(endpoint.request.ast)
        return new Set(
          (SchemaAST.isUnion(ast) ? ast.types : [ast])
            .filter(SchemaAST.isObjects)
            .flatMap((shape) => shape.propertySignatures.map((ps) => String(ps.name)))
        )
      }
      const perProvider = ["setNotifyConfig", "getNotifyConfig", "uploadImage"].includes(operation)
      expect(fields(brand).has("brand_id")).toBe(false)
      expect(fields(partner).has("brand_id")).toBe(!perProvider)
      expect(partner.query.includes("brand_id")).toBe(partner.method === "GET" && !perProvider)
      expect([...fields(partner)].filter((f) => !fields(brand).has(f))).toStrictEqual(perProvider ? [] : ["brand_id"])
    }
  )

  it.each(pairs.filter(([, brand]) => brand.idempotency !== undefined))(
    "%s: a request number is unique per brand (the caller in the brand API, brand_id in the partner API)",
    (_, brand, partner) => {
      expect(brand.idempotency?.scope).toStrictEqual([])
      expect(partner.idempotency?.scope).toStrictEqual(["brand_id"])
      expect(partner.idempotency?.key).toBe(brand.idempotency?.key)
    }
  )

  it("rate limits are data: per brand on the brand pages, per caller on the partner pages, with their page", () => {
    expect(ProductCoupon.CreateProductCoupon.rateLimit).toStrictEqual({
      requests: 20,
      per: "1 second",
      scope: "brand",
      source: "https://pay.weixin.qq.com/doc/brand/4015736297"
    })
    expect(PartnerProductCoupon.UseUserProductCoupon.rateLimit).toStrictEqual({
      requests: 500,
      per: "1 second",
      scope: "merchant",
      source: "https://pay.weixin.qq.com/doc/v3/partner/4016435636"
    })
    // A page that states no limit (or was not read) gives none, rather than a guess.
    expect(ProductCoupon.GetProductCoupon.rateLimit).toBeUndefined()
  })

  it("the three lists page by token", () => {
    expect(PartnerProductCoupon.ListUserProductCoupons.pagination).toStrictEqual({
      style: "token",
      token: "page_token",
      nextToken: "next_page_token",
      limit: "page_size",
      maxLimit: 50,
      items: "user_coupon_list",
      total: "total_count"
    })
    expect(ProductCoupon.ListAssociatedStores.pagination?.maxLimit).toBe(200)
  })
})

describe("创建商品券 (单券, 单品满减)", () => {
  checkLimits("CreateProductCoupon", createSingle, [
    ...requestNo(["out_request_no"], 6, 40),
    ...textLimit(["out_product_no"], 40),
    {
      name: "display_info.name 3–15",
      path: ["display_info", "name"],
      ok: cjk(15),
      bad: cjk(16),
      message: "must be 3–15 characters, got 16"
    },
    { name: "display_info.name minimum", path: ["display_info", "name"], ok: cjk(3), bad: "ab", message: "got 2" },
    {
      name: "detail images at most 8",
      path: ["display_info", "detail_image_url_list"],
      ok: Array(8).fill("https://a"),
      bad: Array(9).fill("https://a"),
      message: "at most 8"
    },
    ...textLimit(["display_info", "combo_package_list", 0, "name"], 15),
    ...textLimit(["display_info", "combo_package_list", 0, "choice_list", 0, "name"], 15),
    ...intLimit(["display_info", "combo_package_list", 0, "choice_list", 0, "count"], 1, 99),
    {
      name: "套餐 at most 50",
      path: ["display_info", "combo_package_list"],
      ok: Array(50).fill({ name: "套餐", pick_count: 1, choice_list: [{ name: "拿铁", price: 1, count: 1 }] }),
      bad: Array(51).fill({ name: "套餐", pick_count: 1, choice_list: [{ name: "拿铁", price: 1, count: 1 }] }),
      message: "at most 50"
    },
    ...textLimit(["stock", "remark"], 20),
    ...intLimit(["stock", "stock_send_rule", "max_count"], 1, 100_000_000),
    ...intLimit(["stock", "stock_send_rule", "max_count_per_user"], 1, 100),
    ...intLimit([...period, "available_days"], 1, 365),
    ...intLimit([...period, "wait_days_after_receive"], 0, 30),
    {
      name: "the period at most 365 days",
      path: [...period, "available_end_time"],
      ok: "2027-03-01T00:00:00+08:00",
      bad: "2027-03-01T00:00:01+08:00",
      message: "at most 365 days after available_begin_time"
    },
    ...textLimit(["stock", "usage_rule_display_info", "usage_description"], 1000),
    ...textLimit(["stock", "coupon_display_info", "entrance_mini_program", "entrance_wording"], 5),
    ...textLimit(["stock", "coupon_display_info", "entrance_mini_program", "guidance_wording"], 6)
  ])

  it("a 单品券 shows its original price and 套餐", () => {
    expect(
      issuesOf(ProductCoupon.CreateProductCoupon, withPath(createSingle, ["display_info", "original_price"], remove))
    ).toStrictEqual([{ path: "/display_info/original_price", message: "Missing key" }])
  })

  it("its rule is the stock's, of its type: a 满减 rule where a 折扣 one is due is refused", () => {
    const discount = withPath(createSingle, ["type"], "DISCOUNT")
    expect(issuesOf(ProductCoupon.CreateProductCoupon, discount)).toStrictEqual([
      { path: "/stock/single_usage_rule/normal_coupon", message: "Expected no excess property" },
      { path: "/stock/single_usage_rule/discount_coupon", message: "Missing key" }
    ])
  })

  it("EXCHANGE is a 单品券 type only: a 全场兑换券 is none of the ten kinds", () => {
    const found = issuesOf(ProductCoupon.CreateProductCoupon, { ...createSingle, scope: "ALL", type: "EXCHANGE" })
    expect(found).toStrictEqual([{ path: "", message: expect.stringContaining("one of the ten kinds of 商品券") }])
  })

  it("a 全场券 has its rule in single_usage_info and its stock only a validity period", () => {
    const all = {
      ...createSingle,
      scope: "ALL",
      display_info: { name: "全场满100减10", image_url: "https://a", background_url: "https://b" },
      single_usage_info: { normal_coupon: { threshold: 10000, discount_amount: 1000 } },
      stock: {
        ...stock,
        single_usage_rule: {
          coupon_available_period: {
            available_begin_time: "2026-03-01T00:00:00+08:00",
            available_end_time: "2026-03-31T00:00:00+08:00"
          }
        }
      }
    }
    expect(issuesOf(ProductCoupon.CreateProductCoupon, all)).toStrictEqual([])
    expect(issuesOf(ProductCoupon.CreateProductCoupon, withPath(all, ["single_usage_info"], remove))).toStrictEqual([
      { path: "/single_usage_info", message: "Missing key" }
    ])
    expect(
      issuesOf(
        ProductCoupon.CreateProductCoupon,
        withPath(all, ["stock", "single_usage_rule", "normal_coupon"], { threshold: 1, discount_amount: 1 })
      )
    ).toStrictEqual([{ path: "/stock/single_usage_rule/normal_coupon", message: "Expected no excess property" }])
  })

  it("irregular periods (at most 2) exclude available_days, wait_days_after_receive and weekly_available_period", () => {
    const span = { begin_time: "2026-03-01T10:00:00+08:00", end_time: "2026-03-01T12:00:00+08:00" }
    const irregular = withPath(
      withPath(
        withPath(createSingle, [...period, "available_days"], remove),
        [...period, "wait_days_after_receive"],
        remove
      ),
      [...period, "irregular_available_period_list"],
      [span, span]
    )
    expect(issuesOf(ProductCoupon.CreateProductCoupon, irregular)).toStrictEqual([])
    expect(
      issuesOf(
        ProductCoupon.CreateProductCoupon,
        withPath(irregular, [...period, "irregular_available_period_list"], [span, span, span])
      )
    ).toStrictEqual([
      { path: `${pointer(period)}/irregular_available_period_list`, message: "must have at most 2 item(s)" }
    ])
    expect(
      issuesOf(ProductCoupon.CreateProductCoupon, withPath(irregular, [...period, "available_days"], 3))
    ).toStrictEqual([
      {
        path: `${pointer(period)}/available_days`,
        message: "must be absent when irregular_available_period_list is set"
      }
    ])
    expect(
      issuesOf(ProductCoupon.CreateProductCoupon, withPath(createSingle, [...period, "available_days"], remove))
    ).toStrictEqual([
      { path: `${pointer(period)}/available_days`, message: "is required when wait_days_after_receive is set" }
    ])
  })

  it("MINI_PROGRAM needs the mini-program link, APP its path", () => {
    const display = ["stock", "usage_rule_display_info"]
    expect(
      issuesOf(ProductCoupon.CreateProductCoupon, withPath(createSingle, [...display, "mini_program_path"], remove))
    ).toStrictEqual([{ path: `${pointer(display)}/mini_program_path`, message: "is required for MINI_PROGRAM" }])
    expect(
      issuesOf(
        ProductCoupon.CreateProductCoupon,
        withPath(createSingle, [...display, "coupon_usage_method_list"], ["APP"])
      )
    ).toStrictEqual([{ path: `${pointer(display)}/app_path`, message: "is required for APP" }])
  })

  it("a 套餐 item gives its mini-program AppID and path together", () => {
    const item = ["display_info", "combo_package_list", 0, "choice_list", 1]
    const found = issuesOf(
      ProductCoupon.CreateProductCoupon,
      withPath(createSingle, [...item, "mini_program_path"], remove)
    )
    // One shape of item without the link, one with both: the AppID alone fits neither.
    expect(found).toStrictEqual([
      { path: `${pointer(item)}/mini_program_appid`, message: "Expected no excess property" },
      { path: `${pointer(item)}/mini_program_path`, message: "Missing key" }
    ])
  })
})

describe("创建商品券 (多次优惠, 全场折扣)", () => {
  checkLimits("CreateProductCoupon", createBundle, [
    ...intLimit(["progressive_bundle_usage_info", "count"], 3, 15),
    ...intLimit(["progressive_bundle_usage_info", "interval_days"], 0, 7),
    ...intLimit(["stock_bundle", "progressive_bundle_usage_rule", "discount_coupon_list", 0, "percent_off"], 1, 99),
    {
      name: "at most 15 rules",
      path: ["stock_bundle", "progressive_bundle_usage_rule", "discount_coupon_list"],
      ok: Array(15).fill({ threshold: 0, percent_off: 10 }),
      bad: Array(16).fill({ threshold: 0, percent_off: 10 }),
      message: "at most 15"
    }
  ])

  it("the bundle's list of rules is the one of its type", () => {
    const rule = ["stock_bundle", "progressive_bundle_usage_rule"]
    const normal = withPath(
      withPath(createBundle, [...rule, "discount_coupon_list"], remove),
      [...rule, "normal_coupon_list"],
      [{ threshold: 100, discount_amount: 10 }]
    )
    expect(issuesOf(ProductCoupon.CreateProductCoupon, normal)).toStrictEqual([
      { path: `${pointer(rule)}/normal_coupon_list`, message: "Expected no excess property" },
      { path: `${pointer(rule)}/discount_coupon_list`, message: "Missing key" }
    ])
  })

  it("a bundle has no stock, nor single_usage_info", () => {
    expect(issuesOf(ProductCoupon.CreateProductCoupon, { ...createBundle, stock })).toStrictEqual([
      { path: "/stock", message: "Expected no excess property" }
    ])
  })
})

describe("用户商品券 requests", () => {
  const send = {
    openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4",
    product_coupon_id: "1000000013",
    stock_id: "1000000013001",
    appid: "wx233544546545989",
    send_request_no: "SEND_20260301_0001",
    attach: "来源=三月活动"
  }

  describe("向用户发放商品券", () => {
    checkLimits("SendUserProductCoupon", send, [
      ...requestNo(["send_request_no"], 6, 128),
      ...textLimit(["attach"], 150),
      {
        name: "coupon_code at most 40",
        path: ["coupon_code"],
        ok: x(40),
        bad: x(41),
        message: "got 41"
      },
      {
        name: "coupon_code characters",
        path: ["coupon_code"],
        ok: "Code_1-2",
        bad: "Code 1",
        message: "letters, digits"
      }
    ])
  })

  describe("向用户预发放商品券: a send_request_no of 6–40", () => {
    checkLimits("PreSendUserProductCoupon", send, requestNo(["send_request_no"], 6, 40))
  })

  const coupon = {
    openid: "oh-394z-6CGkNoJrsDLTTUKiAnp4",
    coupon_code: "Code_123456",
    product_coupon_id: "1000000013",
    stock_id: "1000000013001",
    appid: "wx233544546545989"
  }

  describe("失效用户商品券", () => {
    checkLimits(
      "DeactivateUserProductCoupon",
      { ...coupon, out_request_no: "DE_20260301_0001", deactivate_reason: "商品已下线" },
      [
        ...requestNo(["out_request_no"], 6, 40),
        ...textLimit(["deactivate_reason"], 150),
        { name: "coupon_code in the path, 40", path: ["coupon_code"], ok: cjk(40), bad: cjk(41), message: "got 41" }
      ]
    )
  })

  describe("核销用户商品券", () => {
    const use = {
      ...coupon,
      use_time: "2026-03-02T12:00:00+08:00",
      out_request_no: "USE_20260302_0001",
      associated_order_info: { transaction_id: "4200000000123456789123456789" }
    }
    checkLimits("UseUserProductCoupon", use, [
      {
        name: "use_time RFC3339",
        path: ["use_time"],
        ok: "2026-03-02T04:00:00.120Z",
        bad: "2026-03-02 12:00:00",
        message: "must be an RFC3339 date-time"
      }
    ])

    it("takes exactly one order: a WeChat Pay order or a 微信支付分 order", () => {
      const payScore = { ...coupon, use_time: use.use_time, out_request_no: use.out_request_no }
      expect(
        issuesOf(ProductCoupon.UseUserProductCoupon, {
          ...payScore,
          associated_pay_score_order_info: { order_id: "1000" }
        })
      ).toStrictEqual([])
      const both = { ...use, associated_pay_score_order_info: { order_id: "1000" } }
      expect(issuesOf(ProductCoupon.UseUserProductCoupon, both)[0]?.message).toContain("exactly one")
      expect(issuesOf(ProductCoupon.UseUserProductCoupon, payScore)[0]?.message).toContain("exactly one")
    })

    it("a merchant order number comes with its merchant", () => {
      const order = withPath(use, ["associated_order_info"], { out_trade_no: "T-1" })
      expect(issuesOf(ProductCoupon.UseUserProductCoupon, order)).toStrictEqual([
        { path: "/associated_order_info/mchid", message: "is required with out_trade_no" }
      ])
    })
  })

  describe("指定券状态查询用户商品券列表", () => {
    checkLimits(
      "ListUserProductCoupons",
      { openid: coupon.openid, appid: coupon.appid, coupon_state: "CONFIRMING", page_size: 20 },
      [
        ...intLimit(["page_size"], 1, 50),
        { name: "coupon_state", path: ["coupon_state"], ok: "DEACTIVATED", bad: "SENDED", message: "must be one of" },
        { name: "user_coupon_bundle_id 40", path: ["user_coupon_bundle_id"], ok: x(40), bad: x(41), message: "got 41" }
      ]
    )
  })
})

describe("批次 and 批次组 requests", () => {
  const ids = { product_coupon_id: "1000000013", stock_id: "1000000013001" }

  describe("预上传券Code", () => {
    checkLimits("UploadCouponCodes", { ...ids, out_request_no: "UP_20260301_0001", code_list: ["code_0000001"] }, [
      {
        name: "at most 200 codes",
        path: ["code_list"],
        ok: Array.from({ length: 200 }, (_, i) => `code_${i}`),
        bad: Array.from({ length: 201 }, (_, i) => `code_${i}`),
        message: "at most 200"
      },
      { name: "a code of at most 40", path: ["code_list", 0], ok: x(40), bad: x(41), message: "got 41" },
      { name: "a code's characters", path: ["code_list", 0], ok: "a_b-c", bad: cjk(3), message: "letters, digits" }
    ])
  })

  describe("批次关联门店", () => {
    checkLimits("AssociateStores", { ...ids, store_list: [{ store_id: "100000001" }] }, [
      {
        name: "at most 200 stores",
        path: ["store_list"],
        ok: Array(200).fill({ store_id: "1" }),
        bad: Array(201).fill({ store_id: "1" }),
        message: "at most 200"
      }
    ])
  })

  describe("查询批次关联门店列表: pages of up to 200", () => {
    checkLimits("ListAssociatedStores", { ...ids, page_size: 20 }, intLimit(["page_size"], 1, 200))
  })

  describe("修改商品券批次发放预算", () => {
    checkLimits(
      "UpdateStockBudget",
      {
        ...ids,
        out_request_no: "BUDGET_0001",
        update_mode: "MAX_COUNT",
        current_max_count: 100,
        target_max_count: 200
      },
      intLimit(["target_max_count"], 1, 100_000_000)
    )

    it("sends the pair of its update_mode, and only that pair", () => {
      const perDay = {
        ...ids,
        out_request_no: "BUDGET_0001",
        update_mode: "MAX_COUNT_PER_DAY",
        current_max_count: 100,
        target_max_count: 200
      }
      expect(issuesOf(ProductCoupon.UpdateStockBudget, perDay)).toStrictEqual([
        { path: "/current_max_count", message: "Expected no excess property" },
        { path: "/target_max_count", message: "Expected no excess property" },
        { path: "/current_max_count_per_day", message: "Missing key" },
        { path: "/target_max_count_per_day", message: "Missing key" }
      ])
    })
  })
})

describe("通知地址 and 图片上传", () => {
  describe("设置商品券事件通知地址: https, at most 256, no query; no brand_id in either API", () => {
    const valid = { notify_url: "https://www.example.com/notify" }
    it("is the same request in both APIs", () => {
      expect(issuesOf(ProductCoupon.SetNotifyConfig, valid)).toStrictEqual([])
      expect(issuesOf(PartnerProductCoupon.SetNotifyConfig, valid)).toStrictEqual([])
    })
    it.each([
      ["http://www.example.com/notify", "must be an https:// URL without a query"],
      ["https://www.example.com/notify?a=1", "must be an https:// URL without a query"],
      [`https://a.cn/${x(244)}`, "got 257"]
    ])("refuses %s", (url, message) => {
      expect(issuesOf(ProductCoupon.SetNotifyConfig, { notify_url: url })[0]?.message).toContain(message)
    })
    it("accepts 256 characters", () => {
      expect(issuesOf(ProductCoupon.SetNotifyConfig, { notify_url: `https://a.cn/${x(243)}` })).toStrictEqual([])
    })
  })

  it("图片上传's meta: a file name of at most 150 characters", () => {
    const sha256 = "6aa6c99ce1d04afc2668154126c607af5a680734fa119e2a096529f6d6f2c0a2"
    expect(issuesOf(ProductCoupon.UploadImage, { filename: `${x(146)}.jpg`, sha256 })).toStrictEqual([])
    expect(issuesOf(PartnerProductCoupon.UploadImage, { filename: `${x(147)}.jpg`, sha256 })[0]?.message).toContain(
      "got 151"
    )
    expect(ProductCoupon.UploadImage.body).toBe("multipart")
  })
})

describe("tolerant responses (fixtures shaped like the official examples)", () => {
  it.effect(
    "a user coupon: null for absent keys, numbers as strings, times without seconds, new enum values and keys",
    () =>
      Effect.gen(function* () {
        const coupon = yield* Schema.decodeUnknownEffect(ProductCoupon.ConfirmSendUserProductCoupon.response)(
          fixture("product-coupon-user-coupon.response.json")
        )
        expect(coupon.coupon_state).toBe("EFFECTIVE")
        expect(coupon.valid_begin_time).toBe("2026-03-01T00:00+08:00")
        expect(coupon.deactivate_request_no).toBeUndefined()
        expect(coupon.product_coupon?.display_info?.original_price).toBe(2800)
        expect(coupon.stock?.sent_count_info?.total_count).toBe(1203)
        expect(
          coupon.stock?.single_usage_rule?.coupon_available_period?.weekly_available_period?.day_period_list
        ).toEqual([{ begin_time: 36000, end_time: 79200 }])
        expect(coupon.stock?.usage_rule_display_info?.coupon_usage_method_list).toStrictEqual([
          "OFFLINE",
          "MINI_PROGRAM",
          "SELF_SERVICE_KIOSK"
        ])
      })
  )

  it.effect("a 多次优惠 creation: the bundle's stocks, one per use, in order", () =>
    Effect.gen(function* () {
      const created = yield* Schema.decodeUnknownEffect(PartnerProductCoupon.CreateProductCoupon.response)(
        fixture("product-coupon-create-bundle.response.json")
      )
      expect(created.usage_mode).toBe("PROGRESSIVE_BUNDLE")
      expect(created.stock).toBeUndefined()
      expect(created.stock_bundle?.stock_list?.map((s) => s.stock_bundle_info?.stock_bundle_index)).toStrictEqual([
        0, 1
      ])
      expect(created.stock_bundle?.stock_list?.[1]?.progressive_bundle_usage_rule?.discount_coupon).toMatchObject({
        threshold: 5000,
        percent_off: 20
      })
    })
  )

  it.effect("a page of stocks: its total and the token of the next page", () =>
    Effect.gen(function* () {
      const page = yield* Schema.decodeUnknownEffect(ProductCoupon.ListStocks.response)(
        fixture("product-coupon-list-stocks.response.json")
      )
      expect(page.total_count).toBe(3)
      expect(page.next_page_token).toBe("MTIzMjUK")
      expect(page.stock_list?.[0]?.coupon_code_count_info?.available_count).toBe(151)
      expect(page.stock_list?.[1]?.deactivate_reason).toBe("批次信息有误,重新创建")
    })
  )

  it.effect("uploaded codes: a failed code as an object with its reason or as a plain code", () =>
    Effect.gen(function* () {
      const result = yield* Schema.decodeUnknownEffect(ProductCoupon.UploadCouponCodes.response)(
        fixture("product-coupon-upload-coupon-codes.response.json")
      )
      expect(result.failed_code_list?.[0]).toMatchObject({ coupon_code: "code_bad", code: "INVALID_CODE" })
      expect(result.failed_code_list?.[1]).toBe("code_0000004")
    })
  )

  it.effect("an uploaded image's URL, named image_url (the page) or media_url (the transcription)", () =>
    Effect.gen(function* () {
      const decode = Schema.decodeUnknownEffect(ProductCoupon.UploadImage.response)
      expect((yield* decode({ image_url: "https://wxpaylogo.qpic.cn/a" })).url).toBe("https://wxpaylogo.qpic.cn/a")
      expect((yield* decode({ media_url: "https://wxpaylogo.qpic.cn/b" })).url).toBe("https://wxpaylogo.qpic.cn/b")
    })
  )

  it("a user coupon without its code is refused: the key that identifies it is required", () => {
    const body = withPath(fixture("product-coupon-user-coupon.response.json"), ["coupon_code"], remove)
    expect(Result.isFailure(Endpoint.decodeResponse(ProductCoupon.GetUserProductCoupon, body))).toBe(true)
  })
})
