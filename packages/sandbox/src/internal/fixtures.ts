/**
 * The default data a new sandbox serves, typed as the response schemas' wire (`Encoded`) types.
 * Hand-written valid JSON: the doc examples are broken (docs/sources/wechatpay-v3.md Q4).
 *
 * @internal
 */
import type * as Busifavor from "@effect-wechatpay/schema/Busifavor"
import type { BusifavorStock, UserCouponSeed } from "../SandboxTypes.js"

type CouponUseRule = typeof Busifavor.CouponUseRule.Encoded
type CustomEntrance = typeof Busifavor.CustomEntrance.Encoded
type DisplayPatternInfo = typeof Busifavor.DisplayPatternInfo.Encoded

/** @internal */
export const DEFAULT_MCHID = "1900009191"
/** 品牌ID of the sandbox's brand (the brand API, `/brand/…`). @internal */
export const DEFAULT_BRAND_ID = "120344"
/** @internal */
export const DEFAULT_STOCK_ID = "12120000000000000001"
/** @internal */
export const DEFAULT_OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
/** Official-account AppID the default coupons are looked up under. @internal */
export const DEFAULT_APPID = "wxd678efh567hg6787"
/** @internal */
export const DEFAULT_COUPON_CODE = "SBXCOUPON0000001"
/** A redeemed coupon of the same user and batch. @internal */
export const USED_COUPON_CODE = "SBXCOUPON0000002"

const MINI_PROGRAM_APPID = "wx5f1c2d3e4a5b6c7d"

const couponUseRule: CouponUseRule = {
  coupon_available_time: {
    available_begin_time: "2026-11-01T00:00:00+08:00",
    available_end_time: "2027-01-31T23:59:59+08:00",
    available_day_after_receive: 30,
    available_week: {
      week_day: [1, 2, 3, 4, 5],
      available_day_time: [
        { begin_time: 36000, end_time: 50399 },
        { begin_time: 61200, end_time: 79199 }
      ]
    },
    irregulary_avaliable_time: [
      { begin_time: "2026-12-24T18:00:00+08:00", end_time: "2026-12-25T23:59:59+08:00" },
      { begin_time: "2026-12-31T18:00:00.000+08:00", end_time: "2027-01-01T23:59:59.999+08:00" }
    ],
    wait_days_after_receive: 1
  },
  fixed_normal_coupon: { discount_amount: 1000, transaction_minimum: 10000 },
  use_method: "MINI_PROGRAMS",
  mini_programs_appid: MINI_PROGRAM_APPID,
  mini_programs_path: "/pages/coupon/use"
}

const customEntrance: CustomEntrance = {
  mini_programs_info: {
    mini_programs_appid: MINI_PROGRAM_APPID,
    mini_programs_path: "/pages/index/index",
    entrance_words: "欢迎选购",
    guiding_words: "获取更多优惠"
  },
  appid: DEFAULT_APPID,
  hall_id: "233455656",
  store_id: "233554655",
  code_display_mode: "QRCODE"
}

const displayPatternInfo: DisplayPatternInfo = {
  description: "全国门店及小程序商城可用，每单限用一张，不与其他优惠同享",
  merchant_logo_url: "https://wxpaylogo.qpic.cn/wxpaylogo/sandbox/logo-120x120.png",
  merchant_name: "沙箱便利店",
  background_color: "Color020",
  coupon_image_url: "https://wxpaylogo.qpic.cn/wxpaylogo/sandbox/coupon-1074x603.png",
  finder_info: {
    finder_id: "sph6Rngt2T4RlUf",
    finder_video_id:
      "export/UzFfAgtgekIEAQAAAAAAb4MgnPInmAAAAAstQy6ubaLX4KHWvLEZgBPEwKFgBgrMC4OdzNPgMKSqlfYgXm6OEymWgLjm",
    finder_video_cover_image_url: "https://wxpaylogo.qpic.cn/wxpaylogo/sandbox/finder-716x402.png"
  }
}

/** The default 商家券 batch: NORMAL, 满100减10, merchant-uploaded codes. @internal */
export const defaultBusifavorStock = (mchid: string): BusifavorStock => ({
  stock_name: "满100减10元商家券",
  belong_merchant: mchid,
  comment: "沙箱默认批次",
  goods_name: "全场商品可用",
  stock_type: "NORMAL",
  coupon_use_rule: couponUseRule,
  stock_send_rule: {
    max_amount: 10_000_000,
    max_coupons: 10_000,
    max_coupons_per_user: 5,
    max_amount_by_day: 1_000_000,
    max_coupons_by_day: 1_000,
    natural_person_limit: false,
    prevent_api_abuse: true,
    transferable: false,
    shareable: false
  },
  custom_entrance: customEntrance,
  display_pattern_info: displayPatternInfo,
  stock_state: "RUNNING",
  coupon_code_mode: "MERCHANT_UPLOAD",
  stock_id: DEFAULT_STOCK_ID,
  coupon_code_count: { total_count: 10_000, available_count: 8_766 },
  notify_config: { notify_appid: DEFAULT_APPID },
  send_count_information: {
    total_send_num: 1_234,
    total_send_amount: 1_234_000,
    today_send_num: 56,
    today_send_amount: 56_000
  },
  subsidy: false
})

const couponBase = (mchid: string) => ({
  belong_merchant: mchid,
  stock_name: "满100减10元商家券",
  comment: "沙箱默认批次",
  goods_name: "全场商品可用",
  stock_type: "NORMAL",
  transferable: false,
  shareable: false,
  display_pattern_info: displayPatternInfo,
  coupon_use_rule: couponUseRule,
  custom_entrance: customEntrance,
  stock_id: DEFAULT_STOCK_ID
})

/** The default coupons: one available (SENDED), one redeemed (USED). @internal */
export const defaultUserCoupons = (mchid: string): ReadonlyArray<UserCouponSeed> => [
  {
    openid: DEFAULT_OPENID,
    appid: DEFAULT_APPID,
    coupon: {
      ...couponBase(mchid),
      coupon_state: "SENDED",
      coupon_code: DEFAULT_COUPON_CODE,
      available_start_time: "2026-11-21T00:00:00+08:00",
      expire_time: "2026-12-20T23:59:59+08:00",
      receive_time: "2026-11-20T10:15:30.120+08:00",
      send_request_no: `${mchid}20261120000001`
    }
  },
  {
    openid: DEFAULT_OPENID,
    appid: DEFAULT_APPID,
    coupon: {
      ...couponBase(mchid),
      coupon_state: "USED",
      coupon_code: USED_COUPON_CODE,
      available_start_time: "2026-11-11T00:00:00+08:00",
      expire_time: "2026-12-10T23:59:59+08:00",
      receive_time: "2026-11-10T09:00:00+08:00",
      send_request_no: `${mchid}20261110000002`,
      use_request_no: `${mchid}20261115000002`,
      use_time: "2026-11-15T12:30:45+08:00",
      associate_out_trade_no: "SBX20261115123045"
    }
  }
]
