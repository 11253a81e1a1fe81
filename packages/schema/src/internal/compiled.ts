/**
 * A decoder compiled from a schema's AST that answers only where it can prove it returns what `ParseResult` would:
 * the same value, built by the same steps (the same filters, the same `Schema.Class` constructor, the same property
 * signature transformations, the same key order), with none of the `Either` and issue allocations. Anything else
 * answers `Unsure` and the caller runs the full decode.
 *
 * Each case mirrors the matching case of `go` in effect's `ParseResult.ts` (v3.22): read them side by side.
 *
 * @internal
 */

import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as AST from "effect/SchemaAST"

/** The full decode fails for this input (a union may try its next member). */
export const Fail: unique symbol = Symbol.for("@effect-wechatpay/schema/Compiled/Fail")
/** The compiled check cannot tell: only the full decode can. */
export const Unsure: unique symbol = Symbol.for("@effect-wechatpay/schema/Compiled/Unsure")

/** A compiled decoder: the decoded value, `Fail` or `Unsure`. */
export type Run = (u: unknown) => unknown

type Options = AST.ParseOptions | undefined

const unsure: Run = () => Unsure

const isSentinel = (u: unknown): u is typeof Fail | typeof Unsure => u === Fail || u === Unsure

// One memo per effective options object (a `parseOptions` annotation makes a new one), so shared subtrees compile once.
const NO_OPTIONS = {}
const memo = new WeakMap<object, WeakMap<AST.AST, Run>>()

/**
 * The compiled decoder of `ast` under the options the full decode would pass to it, as `goMemo` merges them: a
 * `parseOptions` annotation overrides what the parent passes.
 */
export const compile = (ast: AST.AST, options: Options): Run => {
  const annotation = AST.getParseOptionsAnnotation(ast)
  const effective: Options = Option.isNone(annotation)
    ? options
    : options === undefined
      ? annotation.value
      : { ...options, ...annotation.value }
  const key = effective ?? NO_OPTIONS
  let table = memo.get(key)
  if (table === undefined) {
    table = new WeakMap()
    memo.set(key, table)
  }
  const cached = table.get(ast)
  if (cached !== undefined) return cached
  let run = go(ast, effective)
  // A decoding fallback turns a failure into a value: a `Fail` of ours is then no longer a failure.
  if (Option.isSome(AST.getDecodingFallbackAnnotation(ast))) {
    const inner = run
    run = (u) => {
      const out = inner(u)
      return out === Fail ? Unsure : out
    }
  }
  table.set(ast, run)
  return run
}

/** `Schema.Class`'s declaration: the only `Declaration` with a surrogate annotation and one type parameter. */
const isClassDeclaration = (ast: AST.AST): ast is AST.Declaration =>
  ast._tag === "Declaration" && ast.typeParameters.length === 1 && Option.isSome(AST.getSurrogateAnnotation(ast))

/** `Schema.Class`'s own transformation: its fields' schema into its declaration, through `new Class(fields, true)`. */
const isClassTransformation = (ast: AST.Transformation): boolean =>
  ast.transformation._tag === "FinalTransformation" &&
  isClassDeclaration(ast.to) &&
  Option.isSome(AST.getSurrogateAnnotation(ast))

/** `Either.right`'s value, or `Unsure` for a failure or an effect (which the full decode would judge). */
const rightOf = (result: unknown): unknown =>
  Either.isEither(result) && Either.isRight(result) ? result.right : Unsure

const isRecord = (u: unknown): u is Record<PropertyKey, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const hasOwn = (o: object, key: PropertyKey): boolean => Object.hasOwn(o, key)

const go = (ast: AST.AST, options: Options): Run => {
  switch (ast._tag) {
    case "Refinement": {
      const from = compile(ast.from, options)
      const filterOptions = options ?? AST.defaultParseOption
      return (u) => {
        const a = from(u)
        if (isSentinel(a)) return a
        return Option.isNone(ast.filter(a, filterOptions, ast)) ? a : Fail
      }
    }
    case "Transformation":
      return transformation(ast, options)
    case "Declaration": {
      if (!isClassDeclaration(ast)) return unsure
      const parse = ast.decodeUnknown(...ast.typeParameters)
      const parseOptions = options ?? AST.defaultParseOption
      return (u) => rightOf(parse(u, parseOptions, ast))
    }
    case "Literal": {
      const literal = ast.literal
      return (u) => (u === literal ? u : Fail)
    }
    case "UniqueSymbol": {
      const symbol = ast.symbol
      return (u) => (u === symbol ? u : Fail)
    }
    case "UndefinedKeyword":
      return (u) => (u === undefined ? u : Fail)
    case "NeverKeyword":
      return () => Fail
    case "UnknownKeyword":
    case "AnyKeyword":
    case "VoidKeyword":
      return (u) => u
    case "StringKeyword":
      return (u) => (typeof u === "string" ? u : Fail)
    case "NumberKeyword":
      return (u) => (typeof u === "number" ? u : Fail)
    case "BooleanKeyword":
      return (u) => (typeof u === "boolean" ? u : Fail)
    case "BigIntKeyword":
      return (u) => (typeof u === "bigint" ? u : Fail)
    case "SymbolKeyword":
      return (u) => (typeof u === "symbol" ? u : Fail)
    case "ObjectKeyword":
      return (u) => ((typeof u === "object" && u !== null) || typeof u === "function" ? u : Fail)
    case "Enums": {
      const values = ast.enums.map(([, value]) => value)
      return (u) => (values.some((value) => value === u) ? u : Fail)
    }
    case "TupleType":
      return tuple(ast, options)
    case "TypeLiteral":
      return typeLiteral(ast, options)
    case "Union":
      return union(ast, options)
    case "TemplateLiteral":
    case "Suspend":
      return unsure
  }
}

const transformation = (ast: AST.Transformation, options: Options): Run => {
  const kind = ast.transformation
  switch (kind._tag) {
    case "ComposeTransformation": {
      const from = compile(ast.from, options)
      const to = compile(ast.to, options)
      return (u) => {
        const a = from(u)
        return isSentinel(a) ? a : to(a)
      }
    }
    case "TypeLiteralTransformation": {
      // The steps below change `from`'s output in place, as the full decode does: only where that output is always a
      // new object (a struct with property signatures), never the input itself.
      if (ast.from._tag !== "TypeLiteral" || ast.from.propertySignatures.length === 0) return unsure
      const from = compile(ast.from, options)
      const to = compile(ast.to, options)
      const steps = kind.propertySignatureTransformations
      // As `getFinalTransformation`: each property signature transformation moves or maps one key, in place. Where
      // no key moves and `to` is a struct of property signatures only, which builds its own object in its own key
      // order, the intermediate key order is unobservable: a key is overwritten rather than deleted and re-added
      // (a `delete` turns the object into a slow dictionary; the bench's responses have ~50 such keys).
      const inPlace =
        steps.every((step) => step.from === step.to) &&
        ast.to._tag === "TypeLiteral" &&
        ast.to.propertySignatures.length > 0 &&
        ast.to.indexSignatures.length === 0
      return (u) => {
        const a = from(u)
        if (isSentinel(a)) return a
        const record = a as Record<PropertyKey, unknown>
        for (const step of steps) {
          const had = hasOwn(record, step.from)
          const out = step.decode(had ? Option.some(record[step.from]) : Option.none())
          if (inPlace) {
            if (Option.isSome(out)) record[step.to] = out.value
            else if (had) delete record[step.from]
          } else {
            delete record[step.from]
            if (Option.isSome(out)) record[step.to] = out.value
          }
        }
        return to(record)
      }
    }
    case "FinalTransformation": {
      // Only the class's own `new Class(fields, true)`; any other transformation is a non-canonical form.
      if (!isClassTransformation(ast)) return unsure
      const from = compile(ast.from, options)
      const to = compile(ast.to, options)
      const decode = kind.decode
      const decodeOptions = options ?? AST.defaultParseOption
      return (u) => {
        const a = from(u)
        if (isSentinel(a)) return a
        const instance = rightOf(decode(a, decodeOptions, ast, u))
        return isSentinel(instance) ? instance : to(instance)
      }
    }
  }
}

const tuple = (ast: AST.TupleType, options: Options): Run => {
  const elements = ast.elements.map((e) => compile(e.type, options))
  const optional = ast.elements.map((e) => e.isOptional)
  const [head, ...tail] = ast.rest.map((r) => compile(r.type, options))
  let requiredLength = ast.elements.filter((e) => !e.isOptional).length
  if (ast.rest.length > 0) requiredLength += ast.rest.length - 1
  const elementCount = elements.length
  return (u) => {
    if (!Array.isArray(u)) return Fail
    const length = u.length
    if (length < requiredLength) return Fail
    if (head === undefined && length > elementCount) return Fail
    const out: Array<unknown> = []
    let i = 0
    for (; i < elementCount; i++) {
      if (length < i + 1) {
        if (optional[i]) continue
      } else {
        const v = elements[i]!(u[i])
        if (isSentinel(v)) return v
        out.push(v)
      }
    }
    if (head !== undefined) {
      for (; i < length - tail.length; i++) {
        const v = head(u[i])
        if (isSentinel(v)) return v
        out.push(v)
      }
      for (let j = 0; j < tail.length; j++) {
        const index = i + j
        if (length < index + 1) continue
        const v = tail[j]!(u[index])
        if (isSentinel(v)) return v
        out.push(v)
      }
    }
    return out
  }
}

const typeLiteral = (ast: AST.TypeLiteral, options: Options): Run => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return (u) => (u !== null && u !== undefined ? u : Fail)
  }
  // Kept where the full decode's output order or contents depend on more than the schema: not compiled.
  if (options?.onExcessProperty === "preserve" || options?.propertyOrder === "original") return unsure
  if (ast.indexSignatures.some((is) => is.parameter._tag !== "StringKeyword")) return unsure
  const names = ast.propertySignatures.map((ps) => ps.name)
  const optional = ast.propertySignatures.map((ps) => ps.isOptional)
  const parsers = ast.propertySignatures.map((ps) => compile(ps.type, options))
  const expected = new Set<PropertyKey>(names)
  const indexValues = ast.indexSignatures.map((is) => compile(is.type, options))
  const hasIndex = indexValues.length > 0
  const excessIsError = options?.onExcessProperty === "error"
  const isExact = options?.exact === true
  const count = names.length
  return (u) => {
    if (!isRecord(u)) return Fail
    if (excessIsError) {
      for (const key of Reflect.ownKeys(u)) {
        if (!expected.has(key) && !(hasIndex && typeof key === "string")) return Fail
      }
    }
    const out: Record<PropertyKey, unknown> = {}
    for (let i = 0; i < count; i++) {
      const name = names[i]!
      if (!hasOwn(u, name)) {
        if (optional[i]) continue
        if (isExact) return Fail
      }
      const v = parsers[i]!(u[name])
      if (isSentinel(v)) return v
      out[name] = v
    }
    if (hasIndex) {
      const keys = Object.keys(u)
      for (const value of indexValues) {
        for (const key of keys) {
          const v = value(u[key])
          if (isSentinel(v)) return v
          if (!expected.has(key)) out[key] = v
        }
      }
    }
    return out
  }
}

/** `ParseResult.getLiterals` when decoding: the members it would pick by a literal property. */
const hasLiteralKey = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "Declaration": {
      const surrogate = AST.getSurrogateAnnotation(ast)
      return Option.isSome(surrogate) && hasLiteralKey(surrogate.value)
    }
    case "TypeLiteral":
      return ast.propertySignatures.some((ps) => !ps.isOptional && AST.isLiteral(AST.encodedAST(ps.type)))
    case "TupleType":
      return ast.elements.some((e) => !e.isOptional && AST.isLiteral(AST.encodedAST(e.type)))
    case "Refinement":
      return hasLiteralKey(ast.from)
    case "Suspend":
      return true // unknown without forcing it: treated as keyed, so not compiled
    case "Transformation":
      return hasLiteralKey(ast.from)
    default:
      return false
  }
}

const union = (ast: AST.Union, options: Options): Run => {
  // Members keyed by a literal property are tried in the order of `ParseResult`'s search tree, not in declaration
  // order: not compiled. Without one, the full decode tries the members in order and takes the first that succeeds.
  if (ast.types.some(hasLiteralKey)) return unsure
  const members = ast.types.map((member) => compile(member, options))
  return (u) => {
    for (const member of members) {
      const v = member(u)
      // `Unsure`: this member might still succeed through its non-canonical path, and the full decode would take it.
      if (v !== Fail) return v
    }
    return Fail
  }
}

/** Whether the compiled decoder is only ever `Unsure` (there is nothing to gain from running it). */
export const isNeverSure = (run: Run): boolean => run === unsure

/** A compiled decoder that never throws: a throw (a filter's) is left to the full decode to reproduce. */
export const guarded =
  (run: Run): Run =>
  (u) => {
    try {
      return run(u)
    } catch {
      return Unsure
    }
  }
