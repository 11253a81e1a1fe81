// Type-checks every ```ts block of README.md, docs/**/*.md and packages/*/README.md.
// A block fenced as ```ts no-check is skipped. Each block is compiled as its own module.
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "..")
const out = Path.join(root, ".reports", "doc-snippets")
Fs.rmSync(out, { recursive: true, force: true })
Fs.mkdirSync(out, { recursive: true })

const walk = (dir) =>
  Fs.existsSync(dir)
    ? Fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(Path.join(dir, e.name)) : e.name.endsWith(".md") ? [Path.join(dir, e.name)] : []
      )
    : []

const files = [
  Path.join(root, "README.md"),
  ...walk(Path.join(root, "docs")),
  ...Fs.readdirSync(Path.join(root, "packages")).map((p) => Path.join(root, "packages", p, "README.md"))
].filter((f) => Fs.existsSync(f))

let count = 0
for (const file of files) {
  const text = Fs.readFileSync(file, "utf8")
  const fence = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm
  let n = 0
  for (const match of text.matchAll(fence)) {
    n++
    if (match[2].includes("no-check")) continue
    const line = text.slice(0, match.index).split("\n").length
    const slug = Path.relative(root, file).replace(/[^A-Za-z0-9]+/g, "_")
    const name = `${slug}_${n}.ts`
    Fs.writeFileSync(Path.join(out, name), `// ${Path.relative(root, file)}:${line}\n${match[3]}\nexport {}\n`)
    count++
  }
}

Fs.writeFileSync(
  Path.join(out, "tsconfig.json"),
  JSON.stringify(
    {
      extends: "../../tsconfig.base.json",
      compilerOptions: {
        composite: false,
        noEmit: true,
        emitDeclarationOnly: false,
        declaration: false,
        declarationMap: false,
        noUnusedLocals: false
      },
      include: ["*.ts"]
    },
    null,
    2
  )
)
console.log(`docs: type-checking ${count} code blocks from ${files.length} files`)
try {
  execFileSync(Path.join(root, "node_modules", ".bin", "tsc"), ["-p", Path.join(out, "tsconfig.json")], {
    stdio: "inherit"
  })
} catch {
  console.error(
    "docs: a code block does not type-check (the first line of each file in .reports/doc-snippets names its source)"
  )
  process.exit(1)
}
console.log("docs: all code blocks type-check")
