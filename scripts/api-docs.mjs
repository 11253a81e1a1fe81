// The API reference: docs/api/<package>/<Module>.md for every public module (packages/*/src/*.ts, not internal/,
// not the sandbox's bin), generated from the JSDoc through the TypeScript compiler API, so it reads the tags exactly
// as tsc and editors do (one-line comments such as `/** Errors. @since 0.1.0 */` included).
//
//   node scripts/api-docs.mjs           (pnpm docs:api)        write docs/api/
//   node scripts/api-docs.mjs --check   (pnpm docs:api:check)  fail if docs/api/ is not what it would write
//
// Every export must carry `@since` and a `@category` (errors).
// `@example` blocks are copied as ```ts fragment fences (scripts/check-docs.mjs skips docs/api); with --check each one
// is also written to .reports/api-examples/ and type-checked as its own module with the workspace's compiler options,
// the packages resolving to their sources (the `@effect-wechatpay/source` condition), errors located in the source.
// Signatures are fenced ```ts no-check (they are declarations, not programs). A signature is the source's text where
// the source states a type; an inferred type is printed by TypeScript's printer in full (`NoTruncation`, one member a
// line), or as `typeof X` with a link when the value is another export (`CreateStockEndpoint = Busifavor.CreateStock`).
// `{@link X}` becomes a link to X's entry, resolved by the type checker over one program of the five packages (a
// `{@link}` that names nothing documented here is an error). Each endpoint (a descriptor of the schema package and
// its function in the api package) gets its request and response fields as tables, read from its schemas by
// scripts/endpoint-fields.ts (name, where it is sent, type, required, limits, description).
//
// Why not a maintained generator:
// - @effect/docgen (0.5.2, tried; what Effect's own packages use): its doctrine-based parser only sees tags at the start
//   of a comment line, so it reports every one-line `/** … @since 0.1.0 */` comment in our sources as missing @since,
//   and it rejects ECMAScript private members (`#bytes`); it also needs a `homepage` in each package.json for source
//   links. It does type-check `@example` blocks, the one thing we would most like to take from it.
// - TypeDoc with typedoc-plugin-markdown (not tried; from their documentation): they render declarations and
//   `@category` groups to Markdown, but do not compile `@example` blocks and cannot write the endpoint field tables,
//   which come from the runtime Schema values of each descriptor (scripts/endpoint-fields.ts), not from types; we would
//   keep a second generator for those and the example type-check, beside a new dependency tree.
// What is ours here is the walk over the exports and the page layout (about 600 lines, pinned by
// scripts/api-reference.test.mjs); the parsing of JSDoc, the types and the printing are the TypeScript compiler's.
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import ts from "typescript"

const root = Path.resolve(import.meta.dirname, "..")
const outDir = Path.join(root, "docs", "api")
const check = process.argv.includes("--check")
const packages = ["schema", "crypto", "api", "sandbox", "cli", "campaign"]

const examplesDir = Path.join(root, ".reports", "api-examples")

const baseConfig = ts.readConfigFile(Path.join(root, "tsconfig.base.json"), ts.sys.readFile).config
const { options } = ts.parseJsonConfigFileContent(
  { compilerOptions: { ...baseConfig.compilerOptions, composite: false, noEmit: true, emitDeclarationOnly: false } },
  ts.sys,
  root
)

const errors = []
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

const fence = (code) => ["```ts fragment", code, "```"].join("\n")
const heading = (text) => text.replace(/[`]/g, "")

/** The first `/** … *\/` comment of a file, read as the module's documentation. */
const moduleDoc = (sf, ctx) => {
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
  return { description: descriptionOf(node, { ...ctx, probe: true }), since: tags.since?.[0], examples }
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens; a repeat gets -1, -2, … */
const slugger = () => {
  const seen = new Map()
  return (text) => {
    const base = text
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-")
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    return n === 0 ? base : `${base}-${n}`
  }
}

/** The declaration a symbol stands for (through re-exports), as a key shared by every module that exports it. */
const declarationKey = (checker, symbol) => {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
  const decl = target.declarations?.[0]
  return decl === undefined ? undefined : `${decl.getSourceFile().fileName}:${decl.pos}`
}

/** Every public module of every package, read once: its exports and their documentation, in rendering order. */
const readModule = (checker, pkg, file, sf) => {
  const moduleName = Path.basename(file, ".ts")
  const where = `packages/${pkg}/src/${moduleName}.ts`
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
    if (!category) errors.push(`${where}: export ${symbol.name} has no @category`)
    const local = documented.getSourceFile() === sf
    entries.push({
      symbol,
      name: symbol.name,
      node,
      decls,
      key: declarationKey(checker, symbol),
      kinds: [...new Set(decls.map(kindOf))].join(" + "),
      examples: examplesOf(node, documented.getSourceFile(), symbol.name),
      since,
      category: category ?? "(uncategorized)",
      order: local ? documented.pos : Number.MAX_SAFE_INTEGER
    })
  }
  entries.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
  const categories = [...new Set(entries.map((e) => e.category))].sort((a, b) =>
    a === "(uncategorized)" ? 1 : b === "(uncategorized)" ? -1 : a.localeCompare(b)
  )
  // The anchors, in the order render() writes the headings.
  const slug = slugger()
  const title = moduleName === "index" ? `@effect-wechatpay/${pkg}` : moduleName
  slug(title)
  slug("Contents")
  for (const category of categories) {
    slug(category)
    for (const entry of entries.filter((e) => e.category === category)) entry.anchor = slug(heading(entry.name))
  }
  return { pkg, moduleName, where, sf, page: `${pkg}/${moduleName}.md`, title, entries, categories }
}

/** Where a link goes: `#anchor`, `Module.md#anchor` or `../pkg/Module.md#anchor` from `from`. */
const href = (from, to, anchor) => {
  const [fromPkg] = from.split("/")
  const [toPkg, toFile] = to.split("/")
  const file = to === from ? "" : fromPkg === toPkg ? toFile : `../${toPkg}/${toFile}`
  return `${file}${anchor === undefined ? "" : `#${anchor}`}`
}

/**
 * Renders a JSDoc comment (text and `{@link}` parts): a link to a declaration this reference documents becomes a
 * Markdown link to its entry (in this module if it is exported here, else in the module that declares it, a package's
 * own modules before its index), any other link its name in code, and a URL a link.
 */
const renderComment = (comment, ctx) => {
  if (comment === undefined) return ""
  if (typeof comment === "string") return comment
  return comment
    .map((part) => {
      if (!ts.isJSDocLink(part) && !ts.isJSDocLinkCode(part) && !ts.isJSDocLinkPlain(part)) return part.text
      const name = part.name === undefined ? "" : part.name.getText()
      const rest = part.text ?? ""
      if (/^https?$/.test(name) && rest.startsWith("://")) {
        const [url, label] = `${name}${rest}`.split(/\s*\|\s*/)
        return `[${(label ?? url).trim()}](${url.trim()})`
      }
      const label = rest.replace(/^\s*\|?\s*/, "").trim()
      const target = resolveLink(part.name, name, ctx)
      const text = label === "" ? `\`${name}\`` : label
      if (target === undefined) {
        unresolvedLinks.push(`${ctx.module.where}: {@link ${name}}`)
        return text
      }
      return `[${text}](${href(ctx.module.page, target.module.page, target.entry?.anchor)})`
    })
    .join("")
}

/** The page entry of a `{@link}` name: through the checker, else by name (a module comment is parsed apart). */
const resolveLink = (nameNode, name, ctx) => {
  const pick = (candidates) =>
    candidates.find((c) => c.module === ctx.module) ??
    candidates.find((c) => c.module.pkg === ctx.module.pkg && c.module.moduleName !== "index") ??
    candidates.find((c) => c.module.moduleName !== "index") ??
    candidates[0]
  if (nameNode !== undefined && !ctx.probe) {
    let symbol = ctx.checker.getSymbolAtLocation(nameNode)
    while (symbol !== undefined) {
      const key = declarationKey(ctx.checker, symbol)
      const found = key === undefined ? undefined : linkIndex.get(key)
      if (found !== undefined) return pick(found)
      // A member (an interface's method, a class's field) links to its owner's entry.
      symbol = symbol.parent
    }
  }
  const [head, ...tail] = name.split(".")
  const own = ctx.module.entries.find((e) => e.name === name)
  if (own !== undefined) return { module: ctx.module, entry: own }
  const module = modules.find((m) => m.pkg === ctx.module.pkg && m.moduleName === head)
  if (module !== undefined) {
    const entry = module.entries.find((e) => e.name === tail[0])
    return { module, entry }
  }
  // A name another module of the package exports (a comment may name it without importing it): when only one does.
  const elsewhere = modules.flatMap((m) =>
    m.pkg === ctx.module.pkg && m.moduleName !== "index"
      ? m.entries.filter((e) => e.name === name).map((entry) => ({ module: m, entry }))
      : []
  )
  return elsewhere.length === 1 ? elsewhere[0] : undefined
}

const descriptionOf = (node, ctx) =>
  jsDocsOf(node)
    .map((doc) => renderComment(doc.comment, ctx).trim())
    .filter((text) => text.length > 0)
    .join("\n\n")

/** Markdown table cell text: one line, pipes escaped. */
const cell = (text) =>
  String(text)
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")

/** The request and response fields of an endpoint, as tables (scripts/endpoint-fields.ts reads the schemas). */
const fieldTables = (endpoint, module) => {
  const schemaPage = modules.find((m) => m.pkg === "schema" && m.moduleName === endpoint.family)
  const schemaLink = (name) => {
    const entry = schemaPage?.entries.find((e) => e.name === name)
    return entry === undefined
      ? undefined
      : `[\`${endpoint.family}.${name}\`](${href(module.page, schemaPage.page, entry.anchor)})`
  }
  const schemas = [endpoint.requestSchema, endpoint.responseSchema].map((name) => name && schemaLink(name))
  const lines = [
    `**Request fields** (\`${endpoint.method} ${endpoint.path}\`${endpoint.body === "multipart" ? ", `multipart/form-data`: the signed `meta` part; the `file` part is the image" : ""}; checked before anything is sent, an unknown field is an error; a nested field's *Required* applies when its parent is present)`,
    ""
  ]
  if (endpoint.request.length === 0) lines.push("None.")
  else {
    lines.push("| Field | In | Type | Required | Limits | Description |", "| --- | --- | --- | --- | --- | --- |")
    for (const row of endpoint.request) {
      lines.push(
        `| \`${row.field}\` | ${row.in ?? ""} | ${cell(row.type)} | ${row.required ? "yes" : "no"} | ${cell(row.limits)} | ${cell(row.description)} |`
      )
    }
  }
  lines.push("")
  if (endpoint.response === null) {
    lines.push("**Response**: 204 No Content; it succeeds with `void`.")
  } else {
    lines.push(
      "**Response fields** (what it succeeds with, decoded: integers and booleans sent as strings are read, `null` is an absent field, unknown fields are ignored)",
      ""
    )
    if (endpoint.response.length === 0) lines.push("None.")
    else {
      lines.push("| Field | Type | Required | Limits | Description |", "| --- | --- | --- | --- | --- |")
      for (const row of endpoint.response) {
        lines.push(
          `| \`${row.field}\` | ${cell(row.type)} | ${row.required ? "yes" : "no"} | ${cell(row.limits)} | ${cell(row.description)} |`
        )
      }
    }
  }
  if (schemas.some((link) => link !== undefined)) {
    lines.push(
      "",
      `Schemas: ${schemas.filter((link) => link !== undefined).join(" (request), ")}${schemas[1] ? " (response)" : " (request)"}.`
    )
  }
  return lines
}

/** The endpoint an entry documents: a descriptor of the schema package, or an api function named after it. */
const endpointOf = (module, entry) => {
  if (module.pkg === "schema") {
    const name = fields.schemaExports[`${module.moduleName}.${entry.name}`]
    return name === undefined ? undefined : fields.endpoints[name]
  }
  if (module.pkg === "api" && entry.kinds === "const") {
    return Object.values(fields.endpoints).find((e) => e.family === module.moduleName && e.operation === entry.name)
  }
  return undefined
}

/**
 * A value whose type is another export's (`export const CreateStockEndpoint = Busifavor.CreateStock`): printed as
 * `typeof` that export, with a link to it. An `[a, b] as const` of such names is printed as a tuple of `typeof`s.
 */
const sameValueAs = (decl) => {
  if (!ts.isVariableDeclaration(decl) || decl.type !== undefined || decl.initializer === undefined) return undefined
  let init = decl.initializer
  const named = (e) => ts.isIdentifier(e) || (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression))
  if (named(init)) return { type: `typeof ${init.getText()}`, targets: [init] }
  if (ts.isAsExpression(init) && ts.isTypeReferenceNode(init.type) && init.type.typeName.getText() === "const") {
    init = init.expression
    if (ts.isArrayLiteralExpression(init) && init.elements.length > 0 && init.elements.every(named)) {
      return {
        type: `readonly [\n${init.elements.map((e) => `    typeof ${e.getText()}`).join(",\n")}\n]`,
        targets: []
      }
    }
  }
  return undefined
}

const printer = ts.createPrinter({ removeComments: true })
const TYPE_FLAGS =
  ts.NodeBuilderFlags.NoTruncation |
  ts.NodeBuilderFlags.MultilineObjectLiterals |
  ts.NodeBuilderFlags.UseAliasDefinedOutsideCurrentScope |
  ts.NodeBuilderFlags.IgnoreErrors

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
    if (decl.type) return `export declare const ${symbol.name}: ${text(decl.type.pos, decl.type.end)}`
    const same = sameValueAs(decl)
    if (same !== undefined) return `export declare const ${symbol.name}: ${same.type}`
    // The inferred type, in full (never `...`), one member a line.
    const node = checker.typeToTypeNode(checker.getTypeOfSymbolAtLocation(symbol, decl), decl, TYPE_FLAGS)
    return `export declare const ${symbol.name}: ${printer.printNode(ts.EmitHint.Unspecified, node, sf)}`
  }
  return text(decl.getStart(sf), decl.end)
}

const render = (checker, module) => {
  const { pkg, moduleName, where, sf } = module
  const importPath = moduleName === "index" ? `@effect-wechatpay/${pkg}` : `@effect-wechatpay/${pkg}/${moduleName}`
  const ctx = { checker, module }
  const doc = moduleDoc(sf, ctx)
  const lines = [
    `<!-- Generated by scripts/api-docs.mjs from the JSDoc in ${where}: edit the source, then run \`pnpm docs:api\`. -->`,
    "",
    `# ${module.title}`,
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
  for (const category of module.categories) {
    const names = module.entries.filter((e) => e.category === category).map((e) => `[${e.name}](#${e.anchor})`)
    lines.push(`- **${category}**: ${names.join(", ")}`)
  }
  for (const category of module.categories) {
    lines.push("", `## ${category}`)
    for (const entry of module.entries.filter((e) => e.category === category)) {
      lines.push("", `### ${heading(entry.name)}`, "", `*${entry.kinds}*`, "")
      const description = descriptionOf(entry.node, ctx)
      if (description) lines.push(description, "")
      const decls = entry.decls.filter((d) => !ts.isModuleDeclaration(d))
      lines.push("```ts no-check", decls.map((d) => signatureOf(checker, entry.symbol, d)).join("\n\n"), "```", "")
      for (const decl of decls) {
        for (const target of sameValueAs(decl)?.targets ?? []) {
          const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(target) ? target.name : target)
          const key = symbol === undefined ? undefined : declarationKey(checker, symbol)
          const found = key === undefined ? undefined : linkIndex.get(key)
          const to = found?.find((c) => c.module.moduleName !== "index") ?? found?.[0]
          if (to !== undefined) {
            lines.push(
              `The same value as [\`${target.getText()}\`](${href(module.page, to.module.page, to.entry.anchor)}) of \`@effect-wechatpay/${to.module.pkg}\`.`,
              ""
            )
          }
        }
      }
      const endpoint = endpointOf(module, entry)
      if (endpoint !== undefined) lines.push(...fieldTables(endpoint, module), "")
      for (const example of entry.examples) {
        lines.push("**Example**", "", fence(example), "")
      }
      lines.push(entry.since ? `Added in v${entry.since}` : "**Missing @since**")
    }
  }
  return `${lines.join("\n")}\n`
}

// The fields of every endpoint, read from the descriptors by scripts/endpoint-fields.ts (tsx, sources).
const fieldsRun = spawnSync(
  process.execPath,
  ["--conditions=@effect-wechatpay/source", "--import", "tsx", Path.join(root, "scripts", "endpoint-fields.ts")],
  { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }
)
if (fieldsRun.status !== 0) {
  console.error(`api docs: scripts/endpoint-fields.ts failed:\n${fieldsRun.stderr}${fieldsRun.error ?? ""}`)
  process.exit(1)
}
const fields = JSON.parse(fieldsRun.stdout)

const sourcesOf = (pkg) => {
  const src = Path.join(root, "packages", pkg, "src")
  return Fs.readdirSync(src)
    .filter((f) => f.endsWith(".ts") && f !== "bin.ts")
    .sort((a, b) => (a === "index.ts" ? -1 : b === "index.ts" ? 1 : a.localeCompare(b)))
    .map((f) => Path.join(src, f))
}
// One program for the five packages, so that a link may point into another package.
const program = ts.createProgram(
  packages.flatMap((pkg) => sourcesOf(pkg)),
  options
)
const checker = program.getTypeChecker()
const modules = packages.flatMap((pkg) =>
  sourcesOf(pkg).map((file) => readModule(checker, pkg, file, program.getSourceFile(file)))
)
/** Declaration key → every page entry that documents it. */
const linkIndex = new Map()
for (const module of modules) {
  for (const entry of module.entries) {
    if (entry.key === undefined) continue
    linkIndex.set(entry.key, [...(linkIndex.get(entry.key) ?? []), { module, entry }])
  }
}
const unresolvedLinks = []

const files = new Map()
const index = [
  "<!-- Generated by scripts/api-docs.mjs: run `pnpm docs:api` after changing an export's JSDoc. -->",
  "",
  "# API reference",
  "",
  "Generated from the JSDoc of every public module; `./internal/*` is not part of the API. Every export carries",
  "`@since` and a `@category`; `@example` blocks are type-checked (`pnpm docs:api:check`). Types are printed in full.",
  "Each endpoint (a descriptor of `@effect-wechatpay/schema`, and its function in `@effect-wechatpay/api`) lists its",
  "request and response fields, read from its schemas.",
  ""
]
for (const pkg of packages) {
  index.push(`## @effect-wechatpay/${pkg}`, "", "| Module | Exports |", "| --- | --- |")
  for (const module of modules.filter((m) => m.pkg === pkg)) {
    files.set(Path.join(pkg, `${module.moduleName}.md`), render(checker, module))
    index.push(
      `| [${module.moduleName === "index" ? `(root) @effect-wechatpay/${pkg}` : module.moduleName}](${pkg}/${module.moduleName}.md) | ${module.entries.length} |`
    )
  }
  index.push("")
}
files.set("README.md", `${index.join("\n")}`)
if (unresolvedLinks.length > 0) {
  console.error(
    `api docs: ${unresolvedLinks.length} {@link} tags name nothing this reference documents:\n  ${unresolvedLinks.join("\n  ")}`
  )
  process.exitCode = 1
}

const onDisk = (dir) =>
  Fs.existsSync(dir)
    ? Fs.readdirSync(dir, { recursive: true })
        .filter((f) => f.endsWith(".md"))
        .map((f) => f.split(Path.sep).join("/"))
    : []

console.log(`api docs: ${exportCount} exports in ${files.size - 1} modules, ${examples.length} @example blocks`)
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
