/**
 * The APIv2 signature (V2 签名规则, HMAC-SHA256) that the 发券 front-end flows still use: the non-empty parameters
 * sorted by name (ASCII), joined as `k=v&k=v`, then `&key=<APIv2 key>` appended; HMAC-SHA256 keyed with the APIv2 key,
 * upper-case hex. https://pay.weixin.qq.com/wiki/doc/api/jsapi.php?chapter=4_3 (签名算法), whose worked example the
 * tests reproduce.
 */
import { createHmac } from "node:crypto"
import * as Descriptor from "@effect-wechatpay/schema/Endpoint"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaParser from "effect/SchemaParser"
import { RequestValidationError, WechatPayConfigError } from "../WechatPayError.js"

/** The APIv2 key (API密钥, 商户平台 → 账户中心 → API安全): 32 ASCII letters and digits. */
const V2_KEY = /^[A-Za-z0-9]{32}$/

/** Checks the APIv2 key; the error names the rule, never the value. */
export const checkKey = (key: Redacted.Redacted<string>): Result.Result<string, WechatPayConfigError> => {
  const value = Redacted.isRedacted(key) ? Redacted.value(key) : undefined
  return typeof value === "string" && V2_KEY.test(value)
    ? Result.succeed(value)
    : Result.fail(
        new WechatPayConfigError({
          message:
            "apiV2Key must be the APIv2 key (API密钥): 32 letters and digits, as a Redacted (the value is not shown; the APIv3 key is another key)"
        })
      )
}

/** `stringA`: the non-empty parameters sorted by name (byte order of ASCII names), as `k=v` joined with `&`. */
export const stringA = (params: Readonly<Record<string, string | undefined>>): string =>
  Object.keys(params)
    .filter((name) => params[name] !== undefined && params[name] !== "")
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}=${params[name]}`)
    .join("&")

/** `sign`: HMAC-SHA256 of `stringA&key=KEY`, keyed with the APIv2 key, upper-case hex. */
export const hmacSha256 = (params: Readonly<Record<string, string | undefined>>, key: string): string =>
  createHmac("sha256", key)
    .update(`${stringA(params)}&key=${key}`, "utf8")
    .digest("hex")
    .toUpperCase()

/** Validates `input` against a strict schema; the issues name the paths, as for an endpoint request. */
export const validate = <S extends Schema.Top>(
  what: string,
  schema: S,
  input: unknown
): Result.Result<S["Type"], RequestValidationError> => {
  let decoded: Result.Result<unknown, SchemaIssue.Issue>
  try {
    decoded = SchemaParser.decodeUnknownResult(
      schema as unknown as Schema.Decoder<unknown>,
      Descriptor.requestParseOptions
    )(input)
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error
    return Result.fail(
      new RequestValidationError({
        message: `${what}: invalid input: reading it threw (${name})`,
        issues: [{ path: "", message: `reading the input threw (${name})` }]
      })
    )
  }
  if (Result.isSuccess(decoded)) return Result.succeed(decoded.success as S["Type"])
  const issues = Descriptor.issuesOf(decoded.failure)
  return Result.fail(
    new RequestValidationError({
      message: `${what}: invalid input: ${issues.map((i) => `${i.path || "/"}: ${i.message}`).join("; ")}`,
      issues
    })
  )
}

/**
 * A value that goes into `stringA` as is: printable ASCII without `&`, `=` or `#`, which would change the string that
 * is signed (or, in a URL, the parameters WeChat Pay reads), `min`–`max` characters.
 */
export const signable = (min: number, max: number) =>
  Schema.String.check(
    Schema.isPattern(/^[\x21-\x7e]*$/, {
      message: "must be printable ASCII without spaces (it is signed as is)"
    }),
    Schema.isPattern(/^[^&=#]*$/, { message: "must not contain &, = or # (they would change the signed string)" }),
    Schema.isMinLength(min),
    Schema.isMaxLength(max)
  )

/** 商户号: 8–15 digits. */
export const merchantId = Schema.String.check(
  Schema.isPattern(/^\d{8,15}$/, { message: "must be a merchant id (商户号): 8 to 15 digits" })
)
