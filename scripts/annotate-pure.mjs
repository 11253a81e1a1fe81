// Marks the calls that build each module's values as pure (`/*#__PURE__*/`) in the compiled packages
// (packages/*/dist/**/*.js), as `effect`'s own build does (babel-plugin-annotate-pure-calls), so that a bundler can
// drop what an application does not use: an endpoint's function, its descriptor, its schemas. Without the mark a
// bundler must keep every top-level `const x = f(…)` and `class X extends Schema.Class(…)(…)` of a module the
// application imports anything from, because the call might have effects (docs/performance.md, "Cold start").
//
// Marked: every call and `new` evaluated when the module loads (outside any function body, class instance member
// or constructor) whose value is used: a variable's initialiser, a class's `extends`, a static member, an argument,
// an object or array element. Never an expression statement (`f()` alone, run for its effect) and never a callee
// (`f(a)(b)` is marked once, at the outer call).
//
// The packages declare `"sideEffects": false`: importing a module runs nothing that matters but its exports'
// construction, which this keeps true at the level of each export. The `.js.map` next to each file is shifted to
// match, so stack traces still point at the right columns.
//
//   node scripts/annotate-pure.mjs            after `tsc -b tsconfig.build.json` (`pnpm build` runs both)
//   node scripts/annotate-pure.mjs --check    exit 1 if a compiled file lacks a mark (changes nothing)
//
// Idempotent: a call already marked is left alone.
//
// Why not babel-plugin-annotate-pure-calls (what `effect` 3's build runs over its output): it marks a call only inside
// a variable declaration or an assignment (`const x = f(…)`), so it leaves unmarked the calls in a class's `extends`
// and in static members: `class X extends Schema.Class<X>("X")({ … }) {}`, the form of nearly every request and
// response schema of @effect-wechatpay/schema, would stay a side effect to a bundler, and those schemas are most of
// what an application should be able to drop. It would also bring @babel/core and @babel/cli into the build, and a
// second source-map pass. The other plugins found (babel-plugin-pure-calls-annotation, annotate-module-pure) cover
// the same contexts or a fixed list of callees. The walk below is the TypeScript compiler's parser, already a
// dependency; what is ours is the rule of where a mark goes (above) and the source-map shift.
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "..")
const ts = createRequire(Path.join(root, "package.json"))("typescript")
const MARK = "/*#__PURE__*/ "
const check = process.argv.includes("--check")

const isFunctionLike = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node) ||
  ts.isClassStaticBlockDeclaration(node)

const isInstanceMember = (node) =>
  ts.isPropertyDeclaration(node) && !(ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Static)

/** Whether the comments just before `node` (its leading trivia) hold a pure mark already. */
const hasMark = (text, node, source) => /[@#]__PURE__/.test(text.slice(node.pos, node.getStart(source)))

/** The positions (in `text`) where a mark goes. */
const positions = (file, text) => {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const found = []
  const visit = (node) => {
    if (isFunctionLike(node) || isInstanceMember(node)) return
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const parent = node.parent
      const isCallee = (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node
      const isStatement = ts.isExpressionStatement(parent)
      const isImport = ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
      if (!isCallee && !isStatement && !isImport && !hasMark(text, node, source)) found.push(node.getStart(source))
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  // `f().pipe(g)`: the outer call and `f()` start at the same place; one mark, which covers the whole expression.
  return [...new Set(found)].sort((a, b) => a - b)
}

// Base64 VLQ, as source maps encode their mappings.
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
const decodeSegment = (segment) => {
  const values = []
  let value = 0
  let shift = 0
  for (const char of segment) {
    const digit = B64.indexOf(char)
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1)
      value = 0
      shift = 0
    }
  }
  return values
}
const encodeValue = (n) => {
  let value = n < 0 ? (-n << 1) | 1 : n << 1
  let out = ""
  do {
    let digit = value & 31
    value >>>= 5
    if (value > 0) digit |= 32
    out += B64[digit]
  } while (value > 0)
  return out
}

/** Shifts the generated columns of `mappings` by the inserted marks: `inserted[line]` is a sorted list of columns. */
const shiftMappings = (mappings, inserted) =>
  mappings
    .split(";")
    .map((line, index) => {
      const columns = inserted.get(index)
      if (columns === undefined || line === "") return line
      let absolute = 0
      let previous = 0
      return line
        .split(",")
        .map((segment) => {
          const [column, ...rest] = decodeSegment(segment)
          absolute += column
          const shifted = absolute + MARK.length * columns.filter((c) => c <= absolute).length
          const encoded = encodeValue(shifted - previous) + rest.map(encodeValue).join("")
          previous = shifted
          return encoded
        })
        .join(",")
    })
    .join(";")

const walk = (dir) =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(Path.join(dir, e.name)) : e.name.endsWith(".js") ? [Path.join(dir, e.name)] : []
  )

const files = Fs.readdirSync(Path.join(root, "packages"))
  .map((name) => Path.join(root, "packages", name, "dist"))
  .filter((dir) => Fs.existsSync(dir))
  .flatMap(walk)

let marks = 0
const unmarked = []
for (const file of files) {
  const text = Fs.readFileSync(file, "utf8")
  const at = positions(file, text)
  if (at.length === 0) continue
  marks += at.length
  if (check) {
    unmarked.push(`${Path.relative(root, file)}: ${at.length} call(s) not marked pure`)
    continue
  }
  let next = ""
  let from = 0
  for (const position of at) {
    next += text.slice(from, position) + MARK
    from = position
  }
  next += text.slice(from)
  Fs.writeFileSync(file, next)

  const mapFile = `${file}.map`
  if (Fs.existsSync(mapFile)) {
    const lineStarts = ts.computeLineStarts(text)
    const inserted = new Map()
    for (const position of at) {
      const { line, character } = ts.computeLineAndCharacterOfPosition(lineStarts, position)
      inserted.set(line, [...(inserted.get(line) ?? []), character])
    }
    const map = JSON.parse(Fs.readFileSync(mapFile, "utf8"))
    map.mappings = shiftMappings(map.mappings, inserted)
    Fs.writeFileSync(mapFile, JSON.stringify(map))
  }
}

if (check) {
  for (const line of unmarked) console.error(line)
  if (unmarked.length > 0) {
    console.error("annotate-pure: run node scripts/annotate-pure.mjs after tsc")
    process.exit(1)
  }
  console.log(`annotate-pure: ${files.length} files, every call marked`)
} else {
  console.log(`annotate-pure: ${marks} calls marked pure in ${files.length} files`)
}
