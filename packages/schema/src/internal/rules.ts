import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as Time from "../Time.js"

/** An issue at `path` when both times parse and `end` is not after `begin`. */
export const endAfterBegin = (
  begin: string | undefined,
  end: string | undefined,
  path: ReadonlyArray<PropertyKey>,
  message: string
): Schema.FilterIssue | undefined => {
  if (begin === undefined || end === undefined) return undefined
  const b = Time.toEpochMillis(begin)
  const e = Time.toEpochMillis(end)
  return Option.isSome(b) && Option.isSome(e) && e.value <= b.value ? { path, issue: message } : undefined
}

/** An issue at `path` when both times parse and `end` is more than `maxMillis` after `begin`. */
export const spanAtMost = (
  begin: string,
  end: string,
  maxMillis: number,
  path: ReadonlyArray<PropertyKey>,
  message: string
): Schema.FilterIssue | undefined => {
  const b = Time.toEpochMillis(begin)
  const e = Time.toEpochMillis(end)
  return Option.isSome(b) && Option.isSome(e) && e.value - b.value > maxMillis ? { path, issue: message } : undefined
}
