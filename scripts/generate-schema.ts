// Generates the two public 商品券 schema modules, packages/schema/src/ProductCoupon.ts (brand API) and
// PartnerProductCoupon.ts (partner API), from the descriptor pairs in packages/schema/src/internal/productCoupon/: each
// `both(…)` there declares an operation once for both APIs, and each module re-exports its half under the operation's
// name, with the request schema and type, the operation's own error table where it has one, and the response schemas.
// A named export per operation is what keeps the functions tree-shakeable and documented; writing them by hand made two
// 900-line files that differed only in `.brand` / `.partner`. `--check` fails when a file on disk is not what it would
// write (formatted and its imports sorted by biome, as `pnpm lint` wants). It reads the internal modules directly (not the package index, which imports the files it writes).
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "..")
const check = process.argv.includes("--check")
const internal = Path.join(root, "packages/schema/src/internal/productCoupon")

/** The internal modules that declare operations, in the official pages' order. */
const sources = ["productCoupons", "stocks", "bundles", "userCoupons", "settings"] as const

interface Row {
  readonly code: string
  readonly description?: string | undefined
}
interface Half {
  readonly title: string
}
interface Pair {
  readonly brand: Half
  readonly partner: Half
}

const isPair = (value: unknown): value is Pair =>
  typeof value === "object" &&
  value !== null &&
  "brand" in value &&
  "partner" in value &&
  typeof (value as { brand: { title?: unknown } }).brand?.title === "string"

/** The names a module exports, in source order (a module namespace lists its keys sorted). */
const exportedNames = (source: string): ReadonlyArray<string> =>
  Array.from(
    Fs.readFileSync(Path.join(internal, `${source}.ts`), "utf8").matchAll(/^export (?:const|class) ([A-Za-z0-9]+)/gm),
    (match) => match[1] as string
  )

interface Operation {
  readonly name: string
  readonly source: string
  readonly pair: Pair
  /** The operation's own error table (`<Name>Errors`), where its page adds codes to the family's. */
  readonly errors: { readonly brand: ReadonlyArray<Row>; readonly partner: ReadonlyArray<Row> } | undefined
}

const load = async () => {
  const operations: Array<Operation> = []
  const responses: Array<{ readonly source: string; readonly names: ReadonlyArray<string> }> = []
  for (const source of sources) {
    const module = (await import(Path.join(internal, `${source}.ts`))) as Record<string, unknown>
    const names = exportedNames(source)
    const shared: Array<string> = []
    for (const name of names) {
      const value = module[name]
      if (isPair(value)) {
        if (!(`${name}Requests` in module)) throw new Error(`${source}.${name}: no ${name}Requests beside it`)
        operations.push({ name, source, pair: value, errors: module[`${name}Errors`] as Operation["errors"] })
      } else if (
        /^[A-Z]/.test(name) &&
        !name.endsWith("Requests") &&
        !(name.endsWith("Errors") && isPair(module[name.slice(0, -"Errors".length)]))
      ) {
        // A response entity or part that only this module declares.
        shared.push(name)
      }
    }
    if (shared.length > 0) responses.push({ source, names: shared })
  }
  return { operations, responses }
}

const apis = {
  brand: {
    file: "ProductCoupon",
    errors: "BrandErrors",
    errorsDoc: "The documented errors of every brand 商品券 endpoint: the 公共错误码 and the 429.",
    familyDoc: "brand",
    titleSuffix: "",
    doc: `商品券 (product coupons), brand API (支持商户:【品牌商户】): the \`/brand/marketing/product-coupon/…\` endpoints a brand
 * (品牌方) calls with its own credentials. 商品券 is the coupon product WeChat Pay recommends for new work ("商家券后续
 * 不再维护新功能，建议新接入统一使用商品券"): a 商品券 (what is offered: scope, type, display) has stocks (批次: budget,
 * validity, rule, display in the card pack) or, for 多次优惠, stock bundles (批次组: one stock per use), from which
 * coupons are sent to users, confirmed after the 商品券回调通知, redeemed, returned and deactivated.
 *
 * These descriptors carry \`auth: "brand"\`: WeChat Pay accepts them only signed with the brand scheme
 * (\`Authorization: WECHATPAY-BRAND-SHA256-RSA2048 brand_id="…",…\`, and \`Wechatpay-Serial\` set to the brand's WeChat Pay
 * public key id), which the api package's \`WechatPayBrand\` client does. A service provider uses
 * \`PartnerProductCoupon\`, the same operations with \`brand_id\` in the request.
 *
 * Sources: the official brand pages (https://pay.weixin.qq.com/doc/brand/…), each descriptor's \`docs\`; where a brand
 * page could not be read, its partner page (the same request without \`brand_id\`, as the official WeChat Pay skill
 * states: "品牌直连模式不需要在请求体中传 brand_id"). The pages' 业务错误码 tables could not be read: each endpoint
 * documents the 公共错误码 and the 429 (\`errorsFrom: "family"\`).`
  },
  partner: {
    file: "PartnerProductCoupon",
    errors: "PartnerErrors",
    errorsDoc: "The documented errors of every partner 商品券 endpoint: the 公共错误码, `NO_AUTH` and the 429.",
    familyDoc: "partner",
    titleSuffix: " (partner API)",
    doc: `商品券 (product coupons), partner API (支持商户:【普通服务商】): the \`/v3/marketing/partner/product-coupon/…\` endpoints a
 * service provider calls for an authorised brand, with its own merchant credentials (\`WECHATPAY2-SHA256-RSA2048\`) and
 * the brand in \`brand_id\` (query of a GET, body otherwise; the notify URL and the image upload belong to the service
 * provider and take none). The operations are those of the brand API (\`ProductCoupon\`).
 *
 * The partner pages exist in two revisions, 2025.09.02 and 2025.11.07 (some pages were updated again on 2025.10.21
 * and 2025.11.20, when the stock bundle pages appeared); the descriptors follow the newest page read. What changed
 * from 2025.09.02 to 2025.11.07:
 *
 * - 创建商品券: the 多次优惠 mode \`SEQUENTIAL\` (\`sequential_usage_info\`: rule type, at most 15 uses, 3–365 days, 0–7
 *   days apart) became \`PROGRESSIVE_BUNDLE\` (\`progressive_bundle_usage_info\`: 3–15 uses, 0–7 days apart, with a
 *   \`stock_bundle\` of one stock per use); \`single_usage_info\` became optional (a 全场券's rule only); the rate limit
 *   20/s (was 1000/min) and a notify URL must be set first.
 * - 核销用户商品券: \`associated_order_info\` was required; now exactly one of it and \`associated_pay_score_order_info\`
 *   (a 微信支付分 order), an optional \`store_id\`, and \`sequential_coupon_index\` is gone.
 * - 指定券状态查询用户商品券列表: the \`user_coupon_bundle_id\` filter.
 * - 查询用户商品券详情, 确认发放用户商品券: wording and links only, in what could be read.
 *
 * The pages' 业务错误码 tables could not be read: each endpoint documents the 公共错误码, \`NO_AUTH\` for a brand that
 * has not authorised the service provider, and the 429 (\`errorsFrom: "family"\`).`
  }
} as const

const doc = (text: string, category?: string) =>
  `/**\n * ${text}\n *\n * @since 0.2.0${category === undefined ? "" : `\n * @category ${category}`}\n */`

/** What an operation's own table adds to the family's (a code the page describes anew counts): `CODE` 描述, … */
const extraCodes = (own: ReadonlyArray<Row>, family: ReadonlyArray<Row>) =>
  own
    .filter((row) => !family.some((f) => f.code === row.code && f.description === row.description))
    .map((row) => `\`${row.code}\`${row.description === undefined ? "" : ` ${row.description}`}`)

const moduleOf = (
  api: keyof typeof apis,
  { operations, responses }: Awaited<ReturnType<typeof load>>,
  familyRows: ReadonlyArray<Row>
): string => {
  const { doc: moduleDoc, errors, errorsDoc, titleSuffix } = apis[api]
  const parts: Array<string> = [
    `// This file is generated by scripts/generate-schema.ts from the descriptor pairs in internal/productCoupon/.
// Do not edit it: change the descriptor, then run \`pnpm generate\` (\`pnpm docs:check\` fails when it is stale).`,
    `/**\n * ${moduleDoc}\n *\n * @since 0.2.0\n */`
  ]
  const imports: Array<string> = []
  for (const source of sources) {
    const names = operations
      .filter((op) => op.source === source)
      .flatMap((op) => [
        `${op.name} as ${op.name}Pair`,
        `${op.name}Requests`,
        ...(op.errors === undefined ? [] : [`${op.name}Errors as ${op.name}ErrorTables`])
      ])
    imports.push(`import { ${names.join(", ")} } from "./internal/productCoupon/${source}.js"`)
  }
  imports.push(`import { ${errors} } from "./internal/productCoupon/define.js"`)
  parts.push(imports.join("\n"))
  parts.push(
    `${doc("The request texts and ids, enums, request parts and response entities the 商品券 endpoints share.")}
export * from "./internal/productCoupon/common.js"`,
    `${doc("商品券回调通知 (`PRODUCT_COUPON.SEND`, `PRODUCT_COUPON_SP.SEND`): the decrypted notification resource.")}
export * from "./internal/productCoupon/notification.js"`
  )
  for (const { names, source } of responses) {
    parts.push(
      `${doc(`Responses of the ${source} endpoints.`, "responses")}
export { ${names.join(", ")} } from "./internal/productCoupon/${source}.js"`
    )
  }
  parts.push(`${doc(errorsDoc, "errors")}\nexport const Errors = ${errors}`)
  for (const op of operations) {
    const title = op.pair[api].title
    if (op.errors !== undefined) {
      const extra = extraCodes(op.errors[api], familyRows)
      parts.push(
        `${doc(`${title} documented errors: the family table${extra.length === 0 ? "" : `, ${extra.slice(0, -1).join(", ")}${extra.length > 1 ? " and " : ""}${extra.at(-1)}`}.`, "errors")}
export const ${op.name}Errors = ${op.name}ErrorTables.${api}`
      )
    }
    parts.push(
      `${doc(`${title} request.`, "requests")}\nexport const ${op.name}Request = ${op.name}Requests.${api}`,
      `${doc(`The type of \`${op.name}Request\`.`, "requests")}\nexport type ${op.name}Request = typeof ${op.name}Request.Type`,
      `${doc(`${title}${titleSuffix}.`, "endpoints")}\nexport const ${op.name} = ${op.name}Pair.${api}`
    )
  }
  parts.push(
    `${doc(`Every ${apis[api].familyDoc} 商品券 endpoint, in docs order.`, "endpoints")}
export const endpoints = [${operations.map((op) => op.name).join(", ")}] as const`
  )
  return `${parts.join("\n\n")}\n`
}

const format = (file: string, content: string): string =>
  ChildProcess.execFileSync(
    Path.join(root, "node_modules/.bin/biome"),
    ["check", "--write", `--stdin-file-path=${file}`],
    {
      input: content,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024
    }
  )

const main = async () => {
  const loaded = await load()
  const define = (await import(Path.join(internal, "define.ts"))) as Record<string, ReadonlyArray<Row>>
  let stale = 0
  for (const api of ["brand", "partner"] as const) {
    const familyRows = define[apis[api].errors] ?? []
    const file = `packages/schema/src/${apis[api].file}.ts`
    const content = format(file, moduleOf(api, loaded, familyRows))
    const path = Path.join(root, file)
    const current = Fs.existsSync(path) ? Fs.readFileSync(path, "utf8") : ""
    if (current === content) continue
    if (check) {
      console.error(`${file} is stale: run \`pnpm generate\``)
      stale++
    } else {
      Fs.writeFileSync(path, content)
      console.log(`wrote ${file}`)
    }
  }
  if (stale > 0) process.exit(1)
}

await main()
