/**
 * Wire shapes (snake_case, as on the wire) and the default data a new sandbox serves.
 * Hand-written valid JSON: the doc examples are broken (spec Part 3, Q4).
 *
 * @internal
 */

/** @internal */
export interface AvailableDayTime {
  /** Seconds since midnight. */
  readonly begin_time: number
  readonly end_time: number
}

/** @internal */
export interface AvailableWeek {
  /** 0 = Sunday … 6 = Saturday. */
  readonly week_day: ReadonlyArray<number>
  readonly available_day_time?: ReadonlyArray<AvailableDayTime>
}

/** @internal */
export interface IrregularAvailableTime {
  readonly begin_time: string
  readonly end_time: string
}

/** @internal */
export interface CouponAvailableTime {
  readonly available_begin_time: string
  readonly available_end_time: string
  readonly available_day_after_receive?: number
  readonly available_week?: AvailableWeek
  /** Misspelled on the wire; kept verbatim. */
  readonly irregulary_avaliable_time?: ReadonlyArray<IrregularAvailableTime>
  readonly wait_days_after_receive?: number
}

/** @internal */
export interface FixedNormalCoupon {
  readonly discount_amount: number
  readonly transaction_minimum: number
}

/** @internal */
export interface DiscountCoupon {
  readonly discount_percent: number
  readonly transaction_minimum: number
}

/** @internal */
export interface ExchangeCoupon {
  readonly exchange_price: number
  readonly transaction_minimum: number
}

/** @internal */
export interface CouponUseRule {
  readonly coupon_available_time: CouponAvailableTime
  readonly fixed_normal_coupon?: FixedNormalCoupon
  readonly discount_coupon?: DiscountCoupon
  readonly exchange_coupon?: ExchangeCoupon
  readonly use_method: string
  readonly mini_programs_appid?: string
  readonly mini_programs_path?: string
}

/** @internal */
export interface StockSendRule {
  readonly max_amount?: number
  readonly max_coupons?: number
  readonly max_coupons_per_user: number
  readonly max_amount_by_day?: number
  readonly max_coupons_by_day?: number
  readonly natural_person_limit?: boolean
  readonly prevent_api_abuse?: boolean
  readonly transferable?: boolean
  readonly shareable?: boolean
}

/** @internal */
export interface MiniProgramsInfo {
  readonly mini_programs_appid: string
  readonly mini_programs_path: string
  readonly entrance_words: string
  readonly guiding_words?: string
}

/** @internal */
export interface CustomEntrance {
  readonly mini_programs_info?: MiniProgramsInfo
  readonly appid?: string
  readonly hall_id?: string
  readonly store_id?: string
  readonly code_display_mode?: string
}

/** @internal */
export interface FinderInfo {
  readonly finder_id: string
  readonly finder_video_id: string
  readonly finder_video_cover_image_url: string
}

/** @internal */
export interface DisplayPatternInfo {
  readonly description?: string
  readonly merchant_logo_url?: string
  readonly merchant_name?: string
  readonly background_color?: string
  readonly coupon_image_url?: string
  readonly finder_info?: FinderInfo
}

/** @internal */
export interface CouponCodeCount {
  readonly total_count: number
  readonly available_count: number
}

/** @internal */
export interface NotifyConfig {
  readonly notify_appid?: string
}

/** @internal */
export interface SendCountInformation {
  readonly total_send_num?: number
  readonly total_send_amount?: number
  readonly today_send_num?: number
  readonly today_send_amount?: number
}

/** 商家券批次 as `GET /v3/marketing/busifavor/stocks/{stock_id}` returns it. @internal */
export interface BusifavorStock {
  readonly stock_name: string
  readonly belong_merchant: string
  readonly comment?: string
  readonly goods_name: string
  readonly stock_type: string
  readonly coupon_use_rule: CouponUseRule
  readonly stock_send_rule: StockSendRule
  readonly custom_entrance?: CustomEntrance
  readonly display_pattern_info?: DisplayPatternInfo
  readonly stock_state: string
  readonly coupon_code_mode: string
  readonly stock_id: string
  readonly coupon_code_count?: CouponCodeCount
  readonly notify_config?: NotifyConfig
  readonly send_count_information?: SendCountInformation
  readonly subsidy?: boolean
}

/** 商家券 in a user's card pack, as `GET /v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}` returns it. @internal */
export interface BusifavorCoupon {
  readonly belong_merchant: string
  readonly stock_name: string
  readonly comment?: string
  readonly goods_name: string
  readonly stock_type: string
  readonly transferable?: boolean
  readonly shareable?: boolean
  readonly coupon_state?: string
  readonly display_pattern_info?: DisplayPatternInfo
  readonly coupon_use_rule: CouponUseRule
  readonly custom_entrance?: CustomEntrance
  readonly coupon_code: string
  readonly stock_id: string
  readonly available_start_time?: string
  readonly expire_time?: string
  readonly receive_time?: string
  readonly send_request_no?: string
  readonly use_request_no?: string
  readonly use_time?: string
  readonly associate_out_trade_no?: string
  readonly return_request_no?: string
  readonly return_time?: string
  readonly deactivate_request_no?: string
  readonly deactivate_time?: string
  readonly deactivate_reason?: string
}

/** A coupon together with the openid and appid it is looked up under. @internal */
export interface UserCouponSeed {
  readonly openid: string
  readonly appid: string
  readonly coupon: BusifavorCoupon
}

/** @internal */
export const DEFAULT_MCHID = "1900009191"
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
