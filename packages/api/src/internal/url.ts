import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Url from "effect/http/Url"
import * as Option from "effect/Option"
import * as Result from "effect/Result"

/** Where a request goes: the origin's parts and the request target (path and query) as it is sent and signed. */
export interface Target {
  readonly protocol: "http:" | "https:"
  /** The host name or address, an IPv6 address without its brackets. */
  readonly hostname: string
  readonly port: string
  /** The request target, `pathname + search`, URL-normalised. */
  readonly path: string
}

interface Origin {
  readonly protocol: "http:" | "https:"
  readonly hostname: string
  readonly port: string
}

const origins = new Map<string, Origin>()
const MAX_ORIGINS = 64

// A path the WHATWG URL parser leaves exactly as written: only characters it does not percent-encode in a path or
// query (so no `'`, which a query escapes), no backslash, no dot segment (which may be written `%2e`), no fragment.
const PLAIN_PATH = /^\/[\w\-.~!$&()*+,;=:@/%?]*$/
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:[/?]|$)/i

// URL keeps an IPv6 literal's brackets in `hostname`; node:http wants the bare address.
const bare = (hostname: string): string =>
  hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname

const originOf = (origin: string): Origin | undefined => {
  let found = origins.get(origin)
  if (found === undefined) {
    let url: URL
    try {
      url = new URL(origin)
    } catch {
      return undefined
    }
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username !== "" || url.password !== "") {
      return undefined
    }
    if (url.origin !== origin && `${url.protocol}//${url.host}` !== origin) return undefined
    if (origins.size >= MAX_ORIGINS) origins.clear()
    found = { protocol: url.protocol, hostname: bare(url.hostname), port: url.port }
    origins.set(origin, found)
  }
  return found
}

const slow = (request: HttpClientRequest.HttpClientRequest): Result.Result<Target, unknown> => {
  const url = Url.make(request.url, request.urlParams, Option.getOrUndefined(request.hash))
  if (Result.isFailure(url)) return Result.fail(url.failure)
  const { protocol } = url.success
  if (protocol !== "http:" && protocol !== "https:") return Result.fail(new Error(`unsupported protocol ${protocol}`))
  return Result.succeed({
    protocol,
    hostname: bare(url.success.hostname),
    port: url.success.port,
    path: url.success.pathname + url.success.search
  })
}

/**
 * The target of a request, as `Url.make` would give it, without building a `URL` on the common path: an absolute
 * `http(s)` URL whose path needs no normalisation, no URL params, no hash. Anything else goes through `Url.make`, so
 * both paths agree on what is sent (and signed).
 */
export const targetOf = (request: HttpClientRequest.HttpClientRequest): Result.Result<Target, unknown> => {
  if (request.urlParams.params.length > 0 || request.hash._tag === "Some") return slow(request)
  const url = request.url
  const schemeEnd = url.indexOf("://")
  if (schemeEnd < 0) return slow(request)
  const pathStart = url.indexOf("/", schemeEnd + 3)
  const path = pathStart < 0 ? "/" : url.slice(pathStart)
  if (!PLAIN_PATH.test(path) || DOT_SEGMENT.test(path)) return slow(request)
  const origin = originOf(pathStart < 0 ? url : url.slice(0, pathStart))
  if (origin === undefined) return slow(request)
  return Result.succeed({ protocol: origin.protocol, hostname: origin.hostname, port: origin.port, path })
}
