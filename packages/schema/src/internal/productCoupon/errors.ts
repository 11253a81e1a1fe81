/**
 * The 业务错误码 of every 商品券 operation, row by row as its official partner page prints them below the 公共错误码
 * (status, code, 描述, 解决方案; a link in a cell is its text). Read on the pages' Markdown form
 * (`https://pay.weixin.qq.com/doc/v3/partner/<id>.md`, as WeChat Pay's `llms.txt` lists them); the brand pages could not
 * be read past their request tables, so the brand API takes the partner page's rows of the same operation (the brand
 * request is the partner request without `brand_id`, and the pages share their text).
 *
 * @internal
 */
import type { ErrorRow } from "../../ApiError.js"

/** The page an operation's rows were read on. @internal */
export const ErrorPages = {
  createProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4016434630",
  getProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4016434632",
  updateProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4016434633",
  deactivateProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4016434631",
  setNotifyConfig: "https://pay.weixin.qq.com/doc/v3/partner/4016435719",
  getNotifyConfig: "https://pay.weixin.qq.com/doc/v3/partner/4016435718",
  uploadImage: "https://pay.weixin.qq.com/doc/v3/partner/4015781275",
  createStock: "https://pay.weixin.qq.com/doc/v3/partner/4015781304",
  listStocks: "https://pay.weixin.qq.com/doc/v3/partner/4016434641",
  getStock: "https://pay.weixin.qq.com/doc/v3/partner/4016434649",
  updateStock: "https://pay.weixin.qq.com/doc/v3/partner/4015781556",
  updateStockBudget: "https://pay.weixin.qq.com/doc/v3/partner/4015781561",
  deactivateStock: "https://pay.weixin.qq.com/doc/v3/partner/4015781532",
  associateStores: "https://pay.weixin.qq.com/doc/v3/partner/4015781302",
  disassociateStores: "https://pay.weixin.qq.com/doc/v3/partner/4015781537",
  listAssociatedStores: "https://pay.weixin.qq.com/doc/v3/partner/4015781546",
  uploadCouponCodes: "https://pay.weixin.qq.com/doc/v3/partner/4016434668",
  createStockBundle: "https://pay.weixin.qq.com/doc/v3/partner/4016280622",
  updateStockBundle: "https://pay.weixin.qq.com/doc/v3/partner/4016280633",
  updateStockBundleBudget: "https://pay.weixin.qq.com/doc/v3/partner/4016280642",
  associateStoresForStockBundle: "https://pay.weixin.qq.com/doc/v3/partner/4016280620",
  disassociateStoresForStockBundle: "https://pay.weixin.qq.com/doc/v3/partner/4016280629",
  sendUserProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4015781605",
  preSendUserProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4016434365",
  confirmSendUserProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4016435562",
  useUserProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4016435636",
  getUserProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4016435702",
  listUserProductCoupons: "https://pay.weixin.qq.com/doc/v3/partner/4016435703",
  deactivateUserProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4015781578",
  returnUserProductCoupon: "https://pay.weixin.qq.com/doc/v3/partner/4015781599",
  sendUserProductCouponBundle: "https://pay.weixin.qq.com/doc/v3/partner/4016280664",
  deactivateUserProductCouponBundle: "https://pay.weixin.qq.com/doc/v3/partner/4016280658"
} as const

/** Each operation's 业务错误码, in the page's order (its 429 included). @internal */
export const PageErrors = {
  // https://pay.weixin.qq.com/doc/v3/partner/4016434630
  createProductCoupon: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 400,
      code: "ALREADY_EXISTS",
      description: "商品券已存在",
      solution: "确认 out_request_no 字段是否重复使用，确保不同请求的 out_request_no 唯一"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016434632
  getProductCoupon: [
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016434633
  updateProductCoupon: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016434631
  deactivateProductCoupon: [
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016435719
  setNotifyConfig: [
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016435718
  getNotifyConfig: [
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到品牌通知配置",
      solution: "请确认品牌已经配置商品券事件通知地址"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781275
  uploadImage: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781304
  createStock: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 400,
      code: "ALREADY_EXISTS",
      description: "商品券批次已存在",
      solution: "确认 out_request_no 字段是否重复使用，确保不同请求的 out_request_no 唯一"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016434641
  listStocks: [
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016434649
  getStock: [
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781556
  updateStock: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781561
  updateStockBudget: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "已过期的批次不可修改发放预算",
      solution: "请确认批次是否处于有效期"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781532
  deactivateStock: [
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781302
  associateStores: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "已过期的批次不可关联门店",
      solution: "请确认批次是否处于有效期"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "只有 store_scope 为 SPECIFIC 的批次可以关联门店",
      solution: "请确认批次 store_scope 为 SPECIFIC 再调用本接口"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781537
  disassociateStores: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "已过期的批次不可取消关联门店",
      solution: "请确认批次是否处于有效期"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "只有 store_scope 为 SPECIFIC 的批次可以取消关联门店",
      solution: "请确认批次 store_scope 为 SPECIFIC 再调用本接口"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781546
  listAssociatedStores: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "已过期的批次不可查询关联门店",
      solution: "请确认批次是否处于有效期"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "只有 store_scope 为 SPECIFIC 的批次可以查询关联门店",
      solution: "请确认批次 store_scope 为 SPECIFIC 再调用本接口"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016434668
  uploadCouponCodes: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "已过期的批次不可预上传券Code",
      solution: "请确认批次是否处于有效期"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "只有 coupon_code_mode 为 UPLOAD 的批次可以预上传券Code",
      solution: "请确认批次 coupon_code_mode 为 UPLOAD 再调用本接口"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016280622
  createStockBundle: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 400,
      code: "ALREADY_EXISTS",
      description: "商品券批次组已存在",
      solution: "确认 out_request_no 字段是否重复使用，确保不同请求的 out_request_no 唯一"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016280633
  updateStockBundle: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_bundle_id 对应的商品券批次组",
      solution: "请确认 stock_bundle_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016280642
  updateStockBundleBudget: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "已过期的批次不可修改发放预算",
      solution: "请确认批次是否处于有效期"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016280620
  associateStoresForStockBundle: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "已过期的批次不可关联门店",
      solution: "请确认批次是否处于有效期"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "只有 store_scope 为 SPECIFIC 的批次可以关联门店",
      solution: "请确认批次 store_scope 为 SPECIFIC 再调用本接口"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016280629
  disassociateStoresForStockBundle: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "已过期的批次不可取消关联门店",
      solution: "请确认批次是否处于有效期"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "只有 store_scope 为 SPECIFIC 的批次可以取消关联门店",
      solution: "请确认批次 store_scope 为 SPECIFIC 再调用本接口"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781605
  sendUserProductCoupon: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "用户领取已达到上限",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 400,
      code: "ALREADY_EXISTS",
      description: "out_request_no 冲突",
      solution: "确认 out_request_no 字段是否重复使用，确保不同请求的 out_request_no 唯一"
    },
    {
      status: 400,
      code: "ALREADY_EXISTS",
      description: "coupon_code 冲突",
      solution: "用户商品券Code冲突，请使用其他券Code"
    },
    {
      status: 403,
      code: "NOT_ENOUGH",
      description: "商品券批次发放预算不足",
      solution: "请确认商品券批次发放预算是否充足"
    },
    {
      status: 403,
      code: "NOT_ENOUGH",
      description: "商品券批次预上传券Code剩余数量不足",
      solution: "请确认商品券批次预上传券Code剩余数量是否充足，并及时补充上传"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016434365
  preSendUserProductCoupon: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "用户领取已达到上限",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 400,
      code: "ALREADY_EXISTS",
      description: "out_request_no 冲突",
      solution: "确认 out_request_no 字段是否重复使用，确保不同请求的 out_request_no 唯一"
    },
    {
      status: 400,
      code: "ALREADY_EXISTS",
      description: "coupon_code 冲突",
      solution: "用户商品券Code冲突，请使用其他券Code"
    },
    {
      status: 403,
      code: "NOT_ENOUGH",
      description: "商品券批次发放预算不足",
      solution: "请确认商品券批次发放预算是否充足"
    },
    {
      status: 403,
      code: "NOT_ENOUGH",
      description: "商品券批次预上传券Code剩余数量不足",
      solution: "请确认商品券批次预上传券Code剩余数量是否充足，并及时补充上传"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016435562
  confirmSendUserProductCoupon: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 coupon_code 对应的用户商品券",
      solution: "请确认 coupon_code 存在且属于当前商品券批次，且已发放给用户"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016435636
  useUserProductCoupon: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 403,
      code: "NOT_ENOUGH",
      description: "用户商品券当前无法使用",
      solution: "请确认用户商品券当前是否处于可用状态"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 coupon_code 对应的用户商品券",
      solution: "请确认 coupon_code 存在且属于当前商品券批次，且已发放给用户"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016435702
  getUserProductCoupon: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 coupon_code 对应的用户商品券",
      solution: "请确认 coupon_code 存在且属于当前商品券批次，且已发放给用户"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016435703
  listUserProductCoupons: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781578
  deactivateUserProductCoupon: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 coupon_code 对应的用户商品券",
      solution: "请确认 coupon_code 存在且属于当前商品券批次，且已发放给用户"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4015781599
  returnUserProductCoupon: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 coupon_code 对应的用户商品券",
      solution: "请确认 coupon_code 存在且属于当前商品券批次，且已发放给用户"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016280664
  sendUserProductCouponBundle: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "用户领取已达到上限",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 400,
      code: "ALREADY_EXISTS",
      description: "out_request_no 冲突",
      solution: "确认 out_request_no 字段是否重复使用，确保不同请求的 out_request_no 唯一"
    },
    {
      status: 400,
      code: "ALREADY_EXISTS",
      description: "coupon_code 冲突",
      solution: "用户商品券Code冲突，请使用其他券Code"
    },
    {
      status: 403,
      code: "NOT_ENOUGH",
      description: "商品券批次发放预算不足",
      solution: "请确认商品券批次发放预算是否充足"
    },
    {
      status: 403,
      code: "NOT_ENOUGH",
      description: "商品券批次预上传券Code剩余数量不足",
      solution: "请确认商品券批次预上传券Code剩余数量是否充足，并及时补充上传"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ],
  // https://pay.weixin.qq.com/doc/v3/partner/4016280658
  deactivateUserProductCouponBundle: [
    {
      status: 400,
      code: "INVALID_REQUEST",
      description: "传入参数不符合业务规则",
      solution: "请参考文档中对每个字段的要求以及组合要求，确认请求参数是否满足"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 product_coupon_id 对应的商品券",
      solution: "请确认 product_coupon_id 存在且属于当前品牌"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 stock_id 对应的商品券批次",
      solution: "请确认 stock_id 存在且属于当前商品券"
    },
    {
      status: 404,
      code: "NOT_FOUND",
      description: "未找到 coupon_code 对应的用户商品券",
      solution: "请确认 coupon_code 存在且属于当前商品券批次，且已发放给用户"
    },
    { status: 429, code: "RATELIMIT_EXCEEDED", description: "请求超过接口频率限制", solution: "请稍后使用原参数重试" }
  ]
} as const satisfies Record<keyof typeof ErrorPages, ReadonlyArray<ErrorRow>>
