/**
 * Reading the command's input files: raw bytes, JSON, header lists and captured HTTP messages. A failure names the
 * file and the OS reason (`ENOENT`, `EACCES`), and is a usage error: nothing was sent.
 */
import * as Fs from "node:fs"
import * as Effect from "effect/Effect"
import { type CliFailure, usage } from "./failure.js"

const osReason = (error: unknown): string => {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined
  return typeof code === "string" ? code : error instanceof Error ? error.message : "unreadable"
}

/** The bytes of a file (`-`: standard input). */
export const readBytes = (path: string, what: string): Effect.Effect<Buffer, CliFailure> =>
  Effect.try({
    try: () => Fs.readFileSync(path === "-" ? 0 : path),
    catch: (error) =>
      usage(`cannot read ${what} ${path === "-" ? "from standard input" : `'${path}'`}: ${osReason(error)}`)
  })

/** Whether standard input is a pipe or a file (so that reading it ends), not a terminal. */
export const stdinHasData = (): boolean => {
  try {
    const stat = Fs.fstatSync(0)
    return stat.isFIFO() || stat.isFile()
  } catch {
    return false
  }
}

/** Parses JSON, or fails naming `what` and the parser's reason. */
export const parseJson = (text: string, what: string): Effect.Effect<unknown, CliFailure> =>
  Effect.try({
    try: () => (text.trim() === "" ? {} : JSON.parse(text)),
    catch: (error) => usage(`${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`)
  })

/** Header lines (`Name: value`) as a record, names lower-cased; a repeated header keeps every value. */
const headerLines = (lines: ReadonlyArray<string>): Record<string, string | Array<string>> => {
  const headers: Record<string, string | Array<string>> = {}
  for (const line of lines) {
    const colon = line.indexOf(":")
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    const seen = headers[name]
    headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return headers
}

/**
 * A headers file: a JSON object (`{"Wechatpay-Signature": "…"}`), or `Name: value` lines as a capture prints them (a
 * leading request or status line, and anything after the first blank line, are ignored).
 */
export const parseHeaders = (text: string): Record<string, string | Array<string>> => {
  const trimmed = text.trim()
  if (trimmed.startsWith("{")) {
    try {
      const json = JSON.parse(trimmed) as unknown
      if (typeof json === "object" && json !== null && !Array.isArray(json)) {
        const headers: Record<string, string | Array<string>> = {}
        for (const [name, value] of Object.entries(json)) {
          if (typeof value === "string") headers[name.toLowerCase()] = value
          else if (Array.isArray(value)) headers[name.toLowerCase()] = value.map(String)
          else if (typeof value === "number") headers[name.toLowerCase()] = String(value)
        }
        return headers
      }
    } catch {
      // Not JSON after all: read it as lines.
    }
  }
  const lines = text.replace(/\r\n/g, "\n").split("\n")
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === "")
  const head = end < 0 ? lines : lines.slice(0, end)
  return headerLines(/^[A-Z]+ \S+( HTTP\/[\d.]+)?$|^HTTP\/[\d.]+ \d{3}/.test(head[0] ?? "") ? head.slice(1) : head)
}

/** A captured HTTP message: its start line, headers and body (bytes after the blank line, as they were). */
export interface HttpMessage {
  readonly startLine: string
  readonly headers: Record<string, string | Array<string>>
  readonly body: Buffer
}

/** Splits a raw HTTP/1.x message (CRLF or LF line ends); `undefined` when it has no start line. */
export const parseHttpMessage = (bytes: Buffer): HttpMessage | undefined => {
  const text = bytes.toString("latin1")
  const crlf = text.indexOf("\r\n\r\n")
  const lf = text.indexOf("\n\n")
  const [headEnd, sepLength] = crlf >= 0 && (lf < 0 || crlf <= lf) ? [crlf, 4] : lf >= 0 ? [lf, 2] : [text.length, 0]
  const head = bytes.subarray(0, headEnd).toString("utf8").replace(/\r\n/g, "\n").split("\n")
  const startLine = head[0]?.trim() ?? ""
  if (!/^[A-Z]+ \S+ HTTP\/[\d.]+$|^HTTP\/[\d.]+ \d{3}/.test(startLine)) return undefined
  return {
    startLine,
    headers: headerLines(head.slice(1)),
    body: bytes.subarray(Math.min(bytes.length, headEnd + sepLength))
  }
}

/** One header's value (a repeated one joined with ", "). */
export const headerValue = (headers: Record<string, string | Array<string>>, name: string): string | undefined => {
  const value = headers[name.toLowerCase()]
  return value === undefined ? undefined : Array.isArray(value) ? value.join(", ") : value
}
