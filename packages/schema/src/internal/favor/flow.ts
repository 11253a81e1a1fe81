import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
import { optionalKey } from "../tolerant.js"

/**
 * What a spreadsheet may read as the start of a formula (OWASP's CSV injection list: `=`, `+`, `-`, `@`, tab, CR, and
 * LF), with the full-width forms some spreadsheets also accept.
 */
const formulaStart = /^[=+\-@\t\r\n＝＋－＠]/u

/**
 * A cell made safe for export: a value that could start a formula keeps the backtick WeChat Pay prefixes (or gets
 * one); any other value is returned as given.
 */
const guarded = (cell: string): string => (formulaStart.test(cell) ? `\`${cell}` : cell)

/**
 * One cell of a flow file, kept as sent except for the leading backtick (`` ` ``) WeChat Pay puts before most
 * values to stop spreadsheets reading them as numbers or formulas. That backtick is dropped on decode only where the
 * rest cannot start a formula (`` `1900000001 `` → `1900000001`); `` `=cmd|' /C calc'!A0 `` keeps it, and a
 * formula-leading value sent without one gets one, so a decoded cell written to a CSV never starts a formula. Not
 * written back on encode.
 *
 * @since 0.1.0
 * @category models
 */
export const FlowText: Schema.Codec<string> = Schema.String.pipe(
  Schema.decodeTo(
    Schema.String,
    SchemaTransformation.transform({
      decode: (s) => guarded(s.startsWith("`") ? s.slice(1) : s),
      encode: (s) => s
    })
  )
).annotate({
  identifier: "Favor.FlowText",
  description: "a flow-file cell, its leading backtick dropped unless the value could start a formula"
})

const yuanPattern = /^`?\s*(-)?(\d{1,13})(?:\.(\d{1,2}))?\s*$/u

/**
 * An amount printed in yuan (元) with at most two decimals (`1.00`, `` `2.5 ``, `-0.01`), decoded to an integer
 * number of fen without floating-point arithmetic; encodes back to yuan with two decimals. Signed: a refund file
 * may print negative amounts.
 *
 * @since 0.1.0
 * @category models
 */
export const YuanAsFen: Schema.Codec<number, string> = Schema.String.check(
  // The printed shape is checked on the string, so the transformation below only reads a matching one.
  Schema.isPattern(yuanPattern, { message: "must be an amount in yuan with at most two decimals, e.g. 1.00" })
)
  .pipe(
    Schema.decodeTo(
      Schema.Int,
      SchemaTransformation.transform({
        decode: (s) => {
          const [, sign, whole, cents] = yuanPattern.exec(s) ?? []
          const fen = Number(whole) * 100 + Number((cents ?? "").padEnd(2, "0"))
          return sign === "-" && fen !== 0 ? -fen : fen
        },
        encode: (fen) => {
          const abs = Math.abs(fen)
          return `${fen < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`
        }
      })
    )
  )
  .annotate({ identifier: "Favor.YuanAsFen", description: "an amount in yuan (元) as printed, decoded to fen" })

/**
 * A header as compared: BOM, whitespace and a leading backtick removed, full-width parentheses made ASCII, Latin
 * letters lower-cased (`批次ID` = `批次id`, `优惠金额（元）` = `优惠金额(元)`).
 *
 * @since 0.1.0
 * @category utils
 */
export const normalizeFlowHeader = (header: string): string =>
  header
    .replace(/[\uFEFF\s]/g, "")
    .replace(/^`/, "")
    .replace(/（/g, "(")
    .replace(/）/g, ")")
    .toLowerCase()

/**
 * A parsed CSV row: each cell keyed by its column header as printed in the file's header line.
 *
 * @since 0.1.0
 * @category models
 */
export const FlowCsvRow = Schema.Record(Schema.String, Schema.String).annotate({ identifier: "Favor.FlowCsvRow" })

type Columns = ReadonlyArray<readonly [header: string, key: string]>

const rowOf = <S extends Schema.Top>(columns: Columns, target: S) => {
  const keyOf = new Map(columns.map(([header, key]) => [normalizeFlowHeader(header), key]))
  const headerOf = new Map(columns.map(([header, key]) => [key, header]))
  return FlowCsvRow.pipe(
    Schema.decodeTo(
      target,
      SchemaTransformation.transform({
        // The object built here is the record's wire form, which `target` then decodes and checks.
        decode: (row): S["Encoded"] => {
          const out: Record<string, unknown> = {}
          const extra: Record<string, string> = {}
          for (const [header, cell] of Object.entries(row)) {
            const key = keyOf.get(normalizeFlowHeader(header))
            if (key === undefined) extra[header] = guarded(cell)
            // An empty cell is an absent value.
            else if (cell !== "" && cell !== "`") out[key] = cell
          }
          if (Object.keys(extra).length > 0) out.extra = extra
          return out
        },
        encode: (record: S["Encoded"]) => {
          const out: Record<string, string> = {}
          for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
            if (key === "extra") Object.assign(out, value)
            else if (typeof value === "string") out[headerOf.get(key) ?? key] = value
          }
          return out
        }
      })
    )
  )
}

// ---------------------------------------------------------------------------------------------------------------
// 核销明细
// ---------------------------------------------------------------------------------------------------------------

/**
 * The columns of a 核销明细 file (下载批次核销明细), in file order: the header as printed and the record key. The first
 * twelve are the header line of a real file (2020-11, quoted in a third-party SDK test); the last four are the
 * 合单 columns the current docs announce ("核销账单明细新增合单相关字段"), their headers as the docs name them.
 *
 * @since 0.1.0
 * @category constants
 */
export const UseFlowColumns = [
  ["批次id", "stock_id"],
  ["优惠id", "coupon_id"],
  ["优惠类型", "coupon_type"],
  ["优惠金额（元）", "coupon_amount"],
  ["订单总金额（元）", "order_amount"],
  ["交易类型", "trade_type"],
  ["支付单号", "transaction_id"],
  ["消耗时间", "consume_time"],
  ["消耗商户号", "consume_mchid"],
  ["设备号", "device_no"],
  ["银行流水号", "bank_serial_no"],
  ["单品信息", "goods_info"],
  ["是否合单订单", "is_combine_order"],
  ["微信支付合单单号", "combine_transaction_id"],
  ["合单优惠总金额", "combine_discount_amount"],
  ["合单订单总金额", "combine_order_amount"]
] as const

/**
 * The header line of a 核销明细 file as seen in a real file (the twelve base columns, comma-separated).
 *
 * @since 0.1.0
 * @category constants
 */
export const USE_FLOW_HEADER_LINE = UseFlowColumns.slice(0, 12)
  .map(([header]) => header)
  .join(",")

/**
 * One row of a 核销明细 file (下载批次核销明细), tolerant: cells kept as sent (the leading backtick dropped), amounts
 * converted from yuan to fen, `消耗时间` kept as printed (`2020-11-27 16:23:05`, not RFC3339), unknown columns kept in
 * `extra` under their printed header. Only the batch and coupon ids are required.
 *
 * @since 0.1.0
 * @category models
 */
export class UseFlowRecord extends Schema.Class<UseFlowRecord>("Favor.UseFlowRecord")({
  /** 批次id. */
  stock_id: FlowText,
  /** 优惠id (the coupon id). */
  coupon_id: FlowText,
  /** 优惠类型, e.g. `全场代金券`. */
  coupon_type: optionalKey(FlowText),
  /** 优惠金额（元）, in fen. */
  coupon_amount: optionalKey(YuanAsFen),
  /** 订单总金额（元）, in fen. */
  order_amount: optionalKey(YuanAsFen),
  /** 交易类型, e.g. `支付`. */
  trade_type: optionalKey(FlowText),
  /** 支付单号 (the WeChat Pay transaction id). */
  transaction_id: optionalKey(FlowText),
  /** 消耗时间, as printed (`yyyy-MM-dd HH:mm:ss`, Beijing time). */
  consume_time: optionalKey(FlowText),
  /** 消耗商户号. */
  consume_mchid: optionalKey(FlowText),
  /** 设备号 (base64 in the by-day files, per the current docs). */
  device_no: optionalKey(FlowText),
  /** 银行流水号. */
  bank_serial_no: optionalKey(FlowText),
  /** 单品信息, as printed. */
  goods_info: optionalKey(FlowText),
  /** 是否合单订单, as printed. */
  is_combine_order: optionalKey(FlowText),
  /** 微信支付合单单号. */
  combine_transaction_id: optionalKey(FlowText),
  /** 合单优惠总金额, as printed (its unit is not documented). */
  combine_discount_amount: optionalKey(FlowText),
  /** 合单订单总金额, as printed (its unit is not documented). */
  combine_order_amount: optionalKey(FlowText),
  /**
   * Cells of columns not listed in `UseFlowColumns`, keyed by their printed header, as printed (a formula-leading cell
   * without its backtick gets one).
   */
  extra: optionalKey(Schema.Record(Schema.String, Schema.String))
}) {}

/**
 * A 核销明细 row as parsed from the CSV (cells keyed by printed header) → `UseFlowRecord`. Headers are matched after
 * `normalizeFlowHeader`; empty cells are absent values.
 *
 * @since 0.1.0
 * @category models
 */
export const UseFlowRow = rowOf(UseFlowColumns, UseFlowRecord).annotate({ identifier: "Favor.UseFlowRow" })

// ---------------------------------------------------------------------------------------------------------------
// 退款明细
// ---------------------------------------------------------------------------------------------------------------

/**
 * The columns of a 退款明细 file (下载批次退款明细) that could be named. No source shows this file's header line; the
 * docs describe it with the same words as the 核销明细 ("包括订单号、单品信息、银行流水号等"), so the 核销明细 headers are
 * matched when present, and every other column (refund number, refund time, …) is kept in `extra` as printed.
 *
 * @since 0.1.0
 * @category constants
 */
export const RefundFlowColumns = UseFlowColumns

/**
 * One row of a 退款明细 file, tolerant: every field optional, cells kept as sent (leading backtick dropped), amounts
 * in yuan converted to fen (signed), unknown columns kept in `extra` under their printed header. The file's exact
 * columns are not confirmed by any source (see `RefundFlowColumns`).
 *
 * @since 0.1.0
 * @category models
 */
export class RefundFlowRecord extends Schema.Class<RefundFlowRecord>("Favor.RefundFlowRecord")({
  stock_id: optionalKey(FlowText),
  coupon_id: optionalKey(FlowText),
  coupon_type: optionalKey(FlowText),
  coupon_amount: optionalKey(YuanAsFen),
  order_amount: optionalKey(YuanAsFen),
  trade_type: optionalKey(FlowText),
  transaction_id: optionalKey(FlowText),
  consume_time: optionalKey(FlowText),
  consume_mchid: optionalKey(FlowText),
  device_no: optionalKey(FlowText),
  bank_serial_no: optionalKey(FlowText),
  goods_info: optionalKey(FlowText),
  is_combine_order: optionalKey(FlowText),
  combine_transaction_id: optionalKey(FlowText),
  combine_discount_amount: optionalKey(FlowText),
  combine_order_amount: optionalKey(FlowText),
  /** Cells of columns not listed in `RefundFlowColumns`, keyed by their printed header. */
  extra: optionalKey(Schema.Record(Schema.String, Schema.String))
}) {}

/**
 * A 退款明细 row as parsed from the CSV (cells keyed by printed header) → `RefundFlowRecord`.
 *
 * @since 0.1.0
 * @category models
 */
export const RefundFlowRow = rowOf(RefundFlowColumns, RefundFlowRecord).annotate({ identifier: "Favor.RefundFlowRow" })
