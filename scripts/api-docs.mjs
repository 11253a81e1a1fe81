// The API reference: docs/api/<package>/<Module>.md for every public module (packages/*/src/*.ts, not internal/,
// not the sandbox's bin), generated from the JSDoc through the TypeScript compiler API, so it reads the tags exactly
// as tsc and editors do (one-line comments such as `/** Errors. @since 0.1.0 */` included).
//
//   node scripts/api-docs.mjs           (pnpm docs:api)        write docs/api/
//   node scripts/api-docs.mjs --check   (pnpm docs:api:check)  fail if docs/api/ is not what it would write
//
// Every export must carry `@since` and a `@category` (errors). A missing `@category` is still only a warning in the
// modules listed in CATEGORY_WARNING_ONLY (being edited elsewhere: remove them from the list once they have theirs).
// `@example` blocks are copied as ```ts fragment fences (scripts/check-docs.mjs skips docs/api); with --check each one
// is also written to .reports/api-examples/ and type-checked as its own module with the workspace's compiler options,
// the packages resolving to their sources (the `@effect-wechatpay/source` condition), errors located in the source.
// Signatures are fenced ```ts no-check (they are declarations, not programs).
//
// Why not @effect/docgen (0.5.2, tried): its doctrine-based parser only sees tags at the start of a comment line,
// so it reports every one-line `/** … @since 0.1.0 */` comment in our sources as missing @since, and it rejects
// ECMAScript private members (`#bytes`); it also needs a `homepage` in each package.json for source links.
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import ts from "typescript"

const root = Path.resolve(import.meta.dirname, "..")
const outDir = Path.join(root, "docs", "api")
const check = process.argv.includes("--check")
const packages = ["schema", "crypto", "api", "sandbox"]
// Modules whose exports may still lack `@category` (a warning, not an error): edited on other branches right now.
// Every module now carries its categories: a missing @category is an error everywhere.
const CATEGORY_WARNING_ONLY = (_where) => false

const examplesDir = Path.join(root, ".reports", "api-examples")

const baseConfig = ts.readConfigFile(Path.join(root, "tsconfig.base.json"), ts.sys.readFile).config
const { options } = ts.parseJsonConfigFileContent(
  { compilerOptions: { ...baseConfig.compilerOptions, composite: false, noEmit: true, emitDeclarationOnly: false } },
  ts.sys,
  root
)

const errors = []
const uncategorized = []
let exportCount = 0
/** Every `@example`, with where its code starts in the source, for the type-check. */
const examples = []

/** The node that carries the JSDoc of an export's declaration. */
const docNode = (decl) => {
  if (ts.isExportSpecifier(decl)) return jsDocsOf(decl).length > 0 ? decl : decl.parent.parent
  if (ts.isNamespaceExport(decl)) return decl.parent
  if (ts.isVariableDeclaration(decl)) return decl.parent.parent
  return decl
}

const jsDocsOf = (node) => {
  const docs = (node.jsDoc ?? []).filter((d) => ts.isJSDoc(d))
  // The first statement of a file also carries the module's comment: it is not the export's documentation.
  const first = ts.isSourceFile(node.parent) && node.parent.statements[0] === node
  return first && docs.length > 1 ? docs.slice(1) : docs
}

const tagsOf = (node) => {
  const tags = {}
  for (const doc of jsDocsOf(node)) {
    for (const tag of doc.tags ?? []) {
      const name = tag.tagName.text
      if (tags[name] === undefined) tags[name] = []
      tags[name].push((ts.getTextOfJSDocComment(tag.comment) ?? "").trim())
    }
  }
  return tags
}

const exampleFence = /^```(?:ts|typescript)?[^\n]*\n([\s\S]*?)\n?```\s*$/

/**
 * The `@example` blocks of a node, each recorded for the type-check with the source line its code starts on (the
 * line after the tag, or after the opening fence). `offset` is where the node's text starts in `sf` (a module comment
 * is parsed from a copy).
 */
const seenExamples = new Set()
const examplesOf = (node, sf, name, offset = 0) => {
  const where = Path.relative(root, sf.fileName).split(Path.sep).join("/")
  const found = []
  for (const doc of jsDocsOf(node)) {
    for (const tag of doc.tags ?? []) {
      if (tag.tagName.text !== "example") continue
      const text = (ts.getTextOfJSDocComment(tag.comment) ?? "").trim()
      const fenced = exampleFence.exec(text)
      const code = fenced ? fenced[1] : text
      found.push(code)
      // A re-exported declaration is rendered in every module that exports it, and checked once.
      const key = `${where}:${offset + tag.pos}`
      if (seenExamples.has(key)) continue
      seenExamples.add(key)
      const tagLine = sf.getLineAndCharacterOfPosition(offset + tag.getStart()).line + 1
      examples.push({ where, name, line: tagLine + (fenced ? 2 : 1), code })
    }
  }
  return found
}

const descriptionOf = (node) =>
  jsDocsOf(node)
    .map((doc) => (ts.getTextOfJSDocComment(doc.comment) ?? "").trim())
    .filter((text) => text.length > 0)
    .join("\n\n")

const kindOf = (decl) => {
  if (ts.isClassDeclaration(decl)) return "class"
  if (ts.isInterfaceDeclaration(decl)) return "interface"
  if (ts.isTypeAliasDeclaration(decl)) return "type"
  if (ts.isFunctionDeclaration(decl)) return "function"
  if (ts.isVariableDeclaration(decl)) return "const"
  if (ts.isEnumDeclaration(decl)) return "enum"
  if (ts.isModuleDeclaration(decl)) return "namespace"
  if (ts.isNamespaceExport(decl)) return "module"
  if (ts.isExportSpecifier(decl)) return "re-export"
  return ts.SyntaxKind[decl.kind]
}

const signatureOf = (checker, symbol, decl) => {
  const sf = decl.getSourceFile()
  const text = (from, to) => sf.text.slice(from, to).trim()
  if (ts.isNamespaceExport(decl)) return text(decl.parent.getStart(sf), decl.parent.end)
  if (ts.isExportSpecifier(decl)) {
    const from = decl.parent.parent.moduleSpecifier
    return `export { ${decl.getText(sf).replace(/\/\*\*[\s\S]*?\*\/\s*/g, "")} }${from ? ` from ${from.getText(sf)}` : ""}`
  }
  if (ts.isClassDeclaration(decl)) return `${text(decl.getStart(sf), decl.members.pos)} … }`
  if (ts.isFunctionDeclaration(decl)) return text(decl.getStart(sf), decl.body ? decl.body.pos : decl.end)
  if (ts.isVariableDeclaration(decl)) {
    const type = decl.type
      ? text(decl.type.pos, decl.type.end)
      : checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, decl), decl)
    return `export declare const ${symbol.name}: ${type}`
  }
  return text(decl.getStart(sf), decl.end)
}

const fence = (code) => ["```ts fragment", code, "```"].join("\n")
const heading = (text) => text.replace(/[`]/g, "")
const anchor = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, "")
    .replace(/ /g, "-")

/** The first `/** … *\/` comment of a file, read as the module's documentation. */
const moduleDoc = (sf) => {
  const range = ts.getLeadingCommentRanges(sf.text, 0)?.find((r) => sf.text.startsWith("/**", r.pos))
  if (!range) return { description: "", since: undefined, examples: [] }
  const probe = ts.createSourceFile(
    "m.ts",
    `${sf.text.slice(range.pos, range.end)}\nlet _m = 0`,
    ts.ScriptTarget.ES2022,
    true
  )
  const node = probe.statements[0]
  const tags = tagsOf(node)
  const examples = examplesOf(node, sf, "(module)", range.pos)
  return { description: descriptionOf(node), since: tags.since?.[0], examples }
}

const renderModule = (checker, pkg, file, sf) => {
  const moduleName = Path.basename(file, ".ts")
  const importPath = moduleName === "index" ? `@effect-wechatpay/${pkg}` : `@effect-wechatpay/${pkg}/${moduleName}`
  const where = `packages/${pkg}/src/${moduleName}.ts`
  const doc = moduleDoc(sf)
  const moduleSymbol = checker.getSymbolAtLocation(sf)
  const exports = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []
  const entries = []
  for (const symbol of exports) {
    const decls = symbol.declarations ?? []
    if (decls.length === 0) continue
    exportCount++
    const documented = decls.find((d) => jsDocsOf(docNode(d)).length > 0) ?? decls[0]
    const node = docNode(documented)
    const tags = tagsOf(node)
    const since = tags.since?.[0]
    const category = tags.category?.[0]
    if (!since) errors.push(`${where}: export ${symbol.name} has no @since`)
    if (!category) {
      if (CATEGORY_WARNING_ONLY(where)) uncategorized.push(`${where}#${symbol.name}`)
      else errors.push(`${where}: export ${symbol.name} has no @category`)
    }
    const local = documented.getSourceFile() === sf
    const examples = examplesOf(node, documented.getSourceFile(), symbol.name)
    entries.push({
      name: symbol.name,
      kinds: [...new Set(decls.map(kindOf))].join(" + "),
      description: descriptionOf(node),
      signatures: decls.filter((d) => !ts.isModuleDeclaration(d)).map((d) => signatureOf(checker, symbol, d)),
      examples,
      since,
      category: category ?? "(uncategorized)",
      order: local ? documented.pos : Number.MAX_SAFE_INTEGER
    })
  }
  entries.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
  const categories = [...new Set(entries.map((e) => e.category))].sort((a, b) =>
    a === "(uncategorized)" ? 1 : b === "(uncategorized)" ? -1 : a.localeCompare(b)
  )
  const lines = [
    `<!-- Generated by scripts/api-docs.mjs from the JSDoc in ${where}: edit the source, then run \`pnpm docs:api\`. -->`,
    "",
    `# ${moduleName === "index" ? `@effect-wechatpay/${pkg}` : `${moduleName}`}`,
    "",
    "```ts no-check",
    moduleName === "index" ? `import { … } from "${importPath}"` : `import * as ${moduleName} from "${importPath}"`,
    "```",
    ""
  ]
  if (doc.description) lines.push(doc.description, "")
  for (const example of doc.examples) lines.push("**Example**", "", fence(example), "")
  if (doc.since) lines.push(`Added in v${doc.since}`, "")
  lines.push("## Contents", "")
  for (const category of categories) {
    const names = entries.filter((e) => e.category === category).map((e) => `[${e.name}](#${anchor(e.name)})`)
    lines.push(`- **${category}**: ${names.join(", ")}`)
  }
  for (const category of categories) {
    lines.push("", `## ${category}`)
    for (const entry of entries.filter((e) => e.category === category)) {
      lines.push("", `### ${heading(entry.name)}`, "", `*${entry.kinds}*`, "")
      if (entry.description) lines.push(entry.description, "")
      lines.push("```ts no-check", entry.signatures.join("\n\n"), "```", "")
      for (const example of entry.examples) {
        lines.push("**Example**", "", fence(example), "")
      }
      lines.push(entry.since ? `Added in v${entry.since}` : "**Missing @since**")
    }
  }
  return { moduleName, text: `${lines.join("\n")}\n`, count: entries.length }
}

const files = new Map()
const index = [
  "<!-- Generated by scripts/api-docs.mjs: run `pnpm docs:api` after changing an export's JSDoc. -->",
  "",
  "# API reference",
  "",
  "Generated from the JSDoc of every public module; `./internal/*` is not part of the API. Every export carries",
  "`@since` and a `@category`; `@example` blocks are type-checked (`pnpm docs:api:check`).",
  ""
]
for (const pkg of packages) {
  const src = Path.join(root, "packages", pkg, "src")
  const modules = Fs.readdirSync(src)
    .filter((f) => f.endsWith(".ts") && f !== "bin.ts")
    .sort((a, b) => (a === "index.ts" ? -1 : b === "index.ts" ? 1 : a.localeCompare(b)))
    .map((f) => Path.join(src, f))
  const program = ts.createProgram(modules, options)
  const checker = program.getTypeChecker()
  index.push(`## @effect-wechatpay/${pkg}`, "", "| Module | Exports |", "| --- | --- |")
  for (const file of modules) {
    const sf = program.getSourceFile(file)
    const { moduleName, text, count } = renderModule(checker, pkg, file, sf)
    files.set(Path.join(pkg, `${moduleName}.md`), text)
    index.push(
      `| [${moduleName === "index" ? `(root) @effect-wechatpay/${pkg}` : moduleName}](${pkg}/${moduleName}.md) | ${count} |`
    )
  }
  index.push("")
}
files.set("README.md", `${index.join("\n")}`)

const onDisk = (dir) =>
  Fs.existsSync(dir)
    ? Fs.readdirSync(dir, { recursive: true })
        .filter((f) => f.endsWith(".md"))
        .map((f) => f.split(Path.sep).join("/"))
    : []

console.log(
  `api docs: ${exportCount} exports in ${files.size - 1} modules, ${examples.length} @example blocks; ` +
    `${uncategorized.length} exports without @category (warning, in modules being edited elsewhere)`
)
if (errors.length > 0) {
  console.error(`api docs: ${errors.length} exports without @since or @category:\n  ${errors.join("\n  ")}`)
  process.exitCode = 1
}

/** Type-checks every `@example` as its own module; reports each error at its line in the source. */
const checkExamples = () => {
  const started = Date.now()
  Fs.rmSync(examplesDir, { recursive: true, force: true })
  Fs.mkdirSync(examplesDir, { recursive: true })
  const byName = new Map()
  for (const [i, example] of examples.entries()) {
    const slug = `${example.where.replace(/^packages\//, "").replace(/[^A-Za-z0-9]+/g, "_")}_${i + 1}`
    const name = `${slug}.ts`
    // One header line: line L of the file is line (example.line + L - 2) of the source.
    Fs.writeFileSync(
      Path.join(examplesDir, name),
      `// ${example.where}:${example.line} (${example.name})\n${example.code}\nexport {}\n`
    )
    byName.set(name, example)
  }
  Fs.writeFileSync(
    Path.join(examplesDir, "tsconfig.json"),
    JSON.stringify(
      {
        extends: "../../tsconfig.base.json",
        compilerOptions: {
          composite: false,
          noEmit: true,
          emitDeclarationOnly: false,
          declaration: false,
          declarationMap: false,
          noUnusedLocals: false,
          // Outside the folder, which is wiped on each run: unchanged examples are not checked again.
          incremental: true,
          tsBuildInfoFile: "../api-examples.tsbuildinfo"
        },
        include: ["*.ts"]
      },
      null,
      2
    )
  )
  const tsc = Path.join(root, "node_modules", ".bin", "tsc")
  const result = spawnSync(tsc, ["-p", Path.join(examplesDir, "tsconfig.json"), "--pretty", "false"], {
    cwd: examplesDir,
    encoding: "utf8",
    timeout: 120_000
  })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status === 0) {
    console.log(`api docs: ${examples.length} @example blocks type-check (${seconds} s)`)
    return
  }
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`
  const located = output.replace(/^(?:.*[\\/])?([^\\/\s(]+\.ts)\((\d+),(\d+)\)/gm, (all, name, l, c) => {
    const example = byName.get(name)
    return example ? `${example.where}:${example.line + Number(l) - 2}:${c} (@example of ${example.name})` : all
  })
  console.error(`api docs: @example blocks do not type-check (${seconds} s; files in .reports/api-examples):`)
  console.error(located.trim().replace(/^/gm, "  "))
  process.exitCode = 1
}
if (check) {
  checkExamples()
  const stale = [
    ...[...files]
      .filter(([f, text]) => {
        const file = Path.join(outDir, f)
        return !Fs.existsSync(file) || Fs.readFileSync(file, "utf8") !== text
      })
      .map(([f]) => f),
    ...onDisk(outDir).filter((f) => !files.has(f))
  ]
  if (stale.length > 0) {
    console.error(`api docs: docs/api is stale (${stale.join(", ")}): run \`pnpm docs:api\``)
    process.exitCode = 1
  } else {
    console.log("api docs: docs/api is current")
  }
} else {
  for (const f of onDisk(outDir)) if (!files.has(f)) Fs.rmSync(Path.join(outDir, f))
  for (const [f, text] of files) {
    Fs.mkdirSync(Path.dirname(Path.join(outDir, f)), { recursive: true })
    Fs.writeFileSync(Path.join(outDir, f), text)
  }
  console.log(`api docs: wrote ${files.size} files to docs/api`)
}
