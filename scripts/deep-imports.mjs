// Rewrites index imports of `effect` and its barrels (`effect/http`, `effect/persistence`, …), `@effect/platform-node`
// and of our own packages (`@effect-wechatpay/schema`, `/crypto`, `/api`) into deep imports, one module per import, in
// the packages' sources (packages/*/src):
//
//   import { Effect, type Tracer, pipe } from "effect"
//   →  import * as Effect from "effect/Effect"
//      import type * as Tracer from "effect/Tracer"
//      import { pipe } from "effect/Function"
//
// Why (docs/performance.md, "Cold start"): on plain node an index import loads every module of the package (`effect`'s
// index imports its ~175 modules, `effect/http`'s its ~30); the deep form loads only what is used. In a bundle,
// a namespace reached through an index (`export * as Busifavor from …`) is an object esbuild keeps whole, with every
// endpoint in it; `import * as Busifavor from "…/Busifavor"` lets it keep only what is called.
// The mapping is read from each package's own index (`export * as X from "./X.js"`, `export { f } from "./M.js"`,
// `export * from "./M.js"`), and every target is checked against the package's `exports`, so only public subpaths are
// written.
//
//   node scripts/deep-imports.mjs            rewrite (then `biome check --write` on the files it changed)
//   node scripts/deep-imports.mjs --check    list every index import left and exit 1 if any (changes nothing)
//   node scripts/deep-imports.mjs [--check] path…   other files or directories than packages/*/src
//
// Idempotent: a second run finds nothing. Biome's `noRestrictedImports` (biome.json) catches new index imports in
// packages/*/src; JSDoc examples (comments) are left alone, since they show what an application writes.
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "..")
const require = createRequire(Path.join(root, "package.json"))
const ts = require("typescript")

/**
 * The packages whose index is rewritten: the peer dependencies, read from their published index, and this
 * repository's own packages, read from their sources (one package of ours importing another's index would load it
 * whole on plain node, and a bundler could not drop the endpoints an application does not call).
 */
const PACKAGES = [
  "effect",
  "effect/http",
  "effect/persistence",
  "effect/workers",
  "effect/testing",
  "@effect/platform-node",
  "@effect-wechatpay/schema",
  "@effect-wechatpay/crypto",
  "@effect-wechatpay/api"
]

/** `effect/http` → the package `effect` and its barrel's subpath `./http`; `effect` → `effect` and `.`. */
const splitBarrel = (specifier) => {
  const parts = specifier.split("/")
  const scoped = specifier.startsWith("@")
  const name = parts.slice(0, scoped ? 2 : 1).join("/")
  const rest = parts.slice(scoped ? 2 : 1).join("/")
  return { name, barrel: rest === "" ? "." : `./${rest}` }
}

const SOURCE_CONDITION = "@effect-wechatpay/source"

const args = process.argv.slice(2)
const check = args.includes("--check")
const paths = args.filter((a) => !a.startsWith("--"))

/** Whether `subpath` (`./Effect`) is a public entry of the package: an exact key, or the most specific pattern. */
const isExported = (exports, subpath) => {
  if (subpath in exports) return exports[subpath] !== null
  const patterns = Object.keys(exports)
    .filter((key) => key.includes("*"))
    .filter((key) => {
      const [prefix, suffix] = key.split("*")
      return subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= prefix.length + suffix.length
    })
    .sort((a, b) => b.indexOf("*") - a.indexOf("*"))
  return patterns.length > 0 && exports[patterns[0]] !== null
}

const parse = (file) => ts.createSourceFile(file, Fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false)

/** The names a module exports (for `export * from "./M.js"` in an index). */
const exportedNames = (file) => {
  const names = []
  for (const statement of parse(file).statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause
      if (clause === undefined) {
        names.push(...exportedNames(resolveRelative(file, statement.moduleSpecifier.text)))
      } else if (ts.isNamespaceExport(clause)) {
        names.push(clause.name.text)
      } else {
        names.push(...clause.elements.map((e) => e.name.text))
      }
      continue
    }
    const exported = ts.canHaveModifiers(statement)
      ? (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false
    if (!exported) continue
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text)
    } else if (statement.name !== undefined && ts.isIdentifier(statement.name)) {
      names.push(statement.name.text)
    }
  }
  return names
}

/** `./M.js` from an index to the file: the `.ts` source next to it when the index is a source file. */
const resolveRelative = (from, specifier) => {
  const js = Path.resolve(Path.dirname(from), specifier)
  return from.endsWith(".ts") ? js.replace(/\.js$/, ".ts") : js
}

/** name exported by the index → { subpath, namespace } (`import * as name` or `import { name }` from the subpath). */
const mappingOf = (pkg) => {
  const { name, barrel } = splitBarrel(pkg)
  const manifestPath = require.resolve(`${name}/package.json`)
  const dir = Path.dirname(manifestPath)
  const manifest = JSON.parse(Fs.readFileSync(manifestPath, "utf8"))
  const dot = manifest.exports[barrel]
  const index = Path.join(dir, typeof dot === "string" ? dot : (dot[SOURCE_CONDITION] ?? dot.import ?? dot.default))
  const map = new Map()
  const subpathOf = (specifier) => {
    const subpath = `./${Path.posix.normalize(Path.posix.join(barrel, specifier)).replace(/\.(js|ts)$/, "")}`
    if (!isExported(manifest.exports, subpath)) throw new Error(`${pkg}: ${subpath} is not in its package.json exports`)
    return `${name}/${subpath.slice(2)}`
  }
  for (const statement of parse(index).statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier === undefined) continue
    const clause = statement.exportClause
    const specifier = statement.moduleSpecifier.text
    if (clause !== undefined && ts.isNamespaceExport(clause)) {
      map.set(clause.name.text, { subpath: subpathOf(specifier), namespace: true })
    } else if (clause !== undefined && ts.isNamedExports(clause)) {
      for (const element of clause.elements) {
        map.set(element.name.text, {
          subpath: subpathOf(specifier),
          namespace: false,
          imported: (element.propertyName ?? element.name).text
        })
      }
    } else {
      for (const name of exportedNames(resolveRelative(index, specifier))) {
        map.set(name, { subpath: subpathOf(specifier), namespace: false, imported: name })
      }
    }
  }
  return map
}

const mappings = new Map(PACKAGES.map((pkg) => [pkg, mappingOf(pkg)]))

const walk = (path) => {
  const stat = Fs.statSync(path)
  if (stat.isFile()) return /\.(c|m)?tsx?$/.test(path) && !path.endsWith(".d.ts") ? [path] : []
  return Fs.readdirSync(path, { withFileTypes: true })
    .filter((e) => e.name !== "node_modules" && e.name !== "dist" && e.name !== "build")
    .flatMap((e) => walk(Path.join(path, e.name)))
}

const defaultPaths = () =>
  Fs.readdirSync(Path.join(root, "packages"))
    .map((name) => Path.join(root, "packages", name, "src"))
    .filter((dir) => Fs.existsSync(dir))

/** The deep imports replacing one index import declaration, or a reason it cannot be rewritten. */
const rewrite = (pkg, declaration, text, file) => {
  const clause = declaration.importClause
  const where = `${Path.relative(root, file)}: \`${text}\``
  if (clause === undefined) return { error: `${where}: a bare import of the index (for its side effects?)` }
  if (clause.name !== undefined) return { error: `${where}: a default import` }
  const bindings = clause.namedBindings
  if (bindings === undefined || ts.isNamespaceImport(bindings)) return { error: `${where}: a namespace import` }
  const mapping = mappings.get(pkg)
  const lines = []
  const named = new Map() // `${typeOnly}:${subpath}` → specifiers
  for (const element of bindings.elements) {
    const name = (element.propertyName ?? element.name).text
    const local = element.name.text
    const typeOnly = clause.isTypeOnly || element.isTypeOnly
    const target = mapping.get(name)
    if (target === undefined) return { error: `${where}: ${pkg} does not export ${name} from its index` }
    if (target.namespace) {
      lines.push(`import ${typeOnly ? "type " : ""}* as ${local} from "${target.subpath}"`)
    } else {
      const key = `${typeOnly ? "type" : "value"}:${target.subpath}`
      const spec = target.imported === local ? local : `${target.imported} as ${local}`
      named.set(key, [...(named.get(key) ?? []), spec])
    }
  }
  for (const [key, specs] of named) {
    const [kind, subpath] = key.split(/:(.*)/s)
    lines.push(`import ${kind === "type" ? "type " : ""}{ ${specs.join(", ")} } from "${subpath}"`)
  }
  return { lines }
}

const found = []
const errors = []
const changed = []
const files = (paths.length > 0 ? paths.map((p) => Path.resolve(p)) : defaultPaths()).flatMap(walk)
for (const file of files) {
  const text = Fs.readFileSync(file, "utf8")
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const edits = []
  for (const statement of source.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined
    if (specifier === undefined || !mappings.has(specifier)) continue
    const start = statement.getStart(source)
    const original = text.slice(start, statement.end)
    const line = source.getLineAndCharacterOfPosition(start).line + 1
    found.push(`${Path.relative(root, file)}:${line}: ${original.replace(/\s+/g, " ")}`)
    if (ts.isExportDeclaration(statement)) {
      errors.push(`${Path.relative(root, file)}:${line}: a re-export from the ${specifier} index: rewrite it by hand`)
      continue
    }
    const result = rewrite(specifier, statement, original.replace(/\s+/g, " "), file)
    if (result.error !== undefined) errors.push(result.error)
    else edits.push({ start, end: statement.end, replacement: result.lines.join("\n") })
  }
  // `import("effect")` and `require("effect")` anywhere in the file: reported, rewritten by hand.
  const visit = (node) => {
    if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments.length > 0 &&
      ts.isStringLiteral(node.arguments[0]) &&
      mappings.has(node.arguments[0].text)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
      const where = `${Path.relative(root, file)}:${line}: ${node.getText(source)}`
      found.push(where)
      errors.push(`${where}: a dynamic load of the index: rewrite it by hand`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  if (!check && edits.length > 0) {
    let next = text
    for (const edit of edits.reverse()) next = next.slice(0, edit.start) + edit.replacement + next.slice(edit.end)
    Fs.writeFileSync(file, next)
    changed.push(file)
  }
}

if (check) {
  for (const line of found) console.error(line)
  if (found.length > 0) {
    console.error(`\n${found.length} index import(s) of ${PACKAGES.join(", ")}: run node scripts/deep-imports.mjs`)
    process.exit(1)
  }
  console.log(`deep-imports: ${files.length} files, no index import of ${PACKAGES.join(", ")}`)
} else {
  if (changed.length > 0) {
    // Sorts the new import lines and formats as the repository does.
    const biome = spawnSync(Path.join(root, "node_modules", ".bin", "biome"), ["check", "--write", ...changed], {
      cwd: root,
      stdio: "inherit"
    })
    if (biome.status !== 0) console.error("deep-imports: biome check --write reported problems (above)")
  }
  console.log(`deep-imports: rewrote ${changed.length} of ${files.length} files`)
  for (const error of errors) console.error(error)
  if (errors.length > 0) process.exit(1)
}
