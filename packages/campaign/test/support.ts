import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { Busifavor } from "@effect-wechatpay/api"
import { Sandbox } from "@effect-wechatpay/sandbox"
import { Effect, Option } from "effect"

/** A fresh directory for a campaign database. */
export const tempDir = (): string => Fs.mkdtempSync(Path.join(Os.tmpdir(), "campaign-test-"))

/** Seeds a 商家券 stock that can send `maxCoupons` coupons (at most 5 per user: a duplicate would be visible). */
export const seedStock = (sandbox: Sandbox.Sandbox, stockId: string, maxCoupons: number, maxByDay = maxCoupons) =>
  sandbox.seedBusifavorStock({
    ...Sandbox.defaultBusifavorStock(sandbox.credentials.mchid),
    stock_id: stockId,
    coupon_code_mode: "WECHATPAY_MODE",
    stock_send_rule: {
      ...Sandbox.defaultBusifavorStock(sandbox.credentials.mchid).stock_send_rule,
      max_coupons: maxCoupons,
      max_coupons_by_day: maxByDay,
      max_amount: 1_000_000_000,
      max_amount_by_day: 1_000_000_000
    },
    send_count_information: { total_send_num: 0, total_send_amount: 0, today_send_num: 0, today_send_amount: 0 }
  })

/** The openids `prefix0` … `prefix{n-1}`. */
export const users = (n: number, prefix = "o-user-"): Array<string> =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}`)

/**
 * What the sandbox saw: the coupons the stock sent (its own counter), and per openid the distinct request numbers of
 * the sends it answered 200 (from its request log).
 */
export const sandboxView = (sandbox: Sandbox.Sandbox, stockId: string) =>
  Effect.gen(function* () {
    const stock = yield* Busifavor.queryStock({ stock_id: stockId })
    const log = yield* sandbox.requests
    const answered = new Map<string, Set<string>>()
    let throttled = 0
    for (const entry of log) {
      if (entry.method !== "POST" || entry.path !== "/v3/marketing/busifavor/coupons/send") continue
      if (Option.getOrUndefined(entry.code) === "FREQUENCY_LIMITED") throttled++
      if (entry.status !== 200) continue
      const body = JSON.parse(entry.body) as { readonly openid: string; readonly out_request_no: string }
      const numbers = answered.get(body.openid) ?? new Set<string>()
      numbers.add(body.out_request_no)
      answered.set(body.openid, numbers)
    }
    return {
      issued: Number(stock.send_count_information?.total_send_num ?? 0),
      answered,
      throttled,
      log
    }
  })

/** RFC3339 in Beijing time, as WeChat Pay writes it. */
export const beijing = (millis: number): string =>
  `${new Date(millis + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`

/** 创建商品券 with one 单券 stock of `maxCount` coupons (at most 5 per user: a duplicate would be visible). */
export const productCouponRequest = (outRequestNo: string, maxCount: number) =>
  ({
    out_request_no: outRequestNo,
    scope: "ALL",
    type: "NORMAL",
    usage_mode: "SINGLE",
    display_info: {
      name: "全场满100减10",
      image_url: "https://wxpaylogo.qpic.cn/wxpaylogo/example/coupon.png",
      background_url: "https://wxpaylogo.qpic.cn/wxpaylogo/example/bg.png"
    },
    single_usage_info: { normal_coupon: { threshold: 10000, discount_amount: 1000 } },
    stock: {
      remark: "campaign",
      coupon_code_mode: "WECHATPAY",
      stock_send_rule: { max_count: maxCount, max_count_per_user: 5 },
      single_usage_rule: {
        coupon_available_period: {
          available_begin_time: beijing(Date.now() - 86_400_000),
          available_end_time: beijing(Date.now() + 90 * 86_400_000)
        }
      },
      usage_rule_display_info: {
        coupon_usage_method_list: ["OFFLINE"],
        usage_description: "满100元可用",
        coupon_available_store_info: { description: "全国门店可用" }
      },
      coupon_display_info: { code_display_mode: "BARCODE", background_color: "Color030" },
      notify_config: { notify_appid: Sandbox.defaults.appid },
      store_scope: "ALL"
    }
  }) as const
