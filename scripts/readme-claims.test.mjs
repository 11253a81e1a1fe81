// What the READMEs (and the pages a new user reads first) claim, checked against the code: endpoint counts, commands,
// the sandbox bin's flags, install lines and version floors, the sandbox's defaults, options, controls and faults, the
// client's options, the module tables, and relative links.
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { Endpoints } from "@effect-wechatpay/schema"
import * as SchemaBusifavor from "@effect-wechatpay/schema/Busifavor"
import * as SchemaFavor from "@effect-wechatpay/schema/Favor"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const root = Path.resolve(import.meta.dirname, "..")
const read = (file) => Fs.readFileSync(Path.join(root, file), "utf8")
const json = (file) => JSON.parse(read(file))

const PACKAGES = ["schema", "crypto", "api", "sandbox", "cli", "campaign"]
const READMES = ["README.md", ...PACKAGES.map((p) => `packages/${p}/README.md`)]
// The hand-written pages (docs/errors.md, endpoints.md and performance.md are generated; docs/api too).
const GENERATED = new Set(["errors.md", "endpoints.md", "performance.md"])
const PAGES = Fs.readdirSync(Path.join(root, "docs"))
  .filter((f) => f.endsWith(".md") && !GENERATED.has(f))
  .map((f) => `docs/${f}`)
const ALL = [...READMES, ...PAGES, "CONTRIBUTING.md"]

const rootPackage = json("package.json")
const packageJson = Object.fromEntries(PACKAGES.map((p) => [p, json(`packages/${p}/package.json`)]))

/** The text under a `## heading` (up to the next heading of that level or higher). */
const section = (text, heading) => {
  const start = text.search(new RegExp(`^#{2,3} ${heading.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`, "m"))
  if (start < 0) throw new Error(`no section ${heading}`)
  const rest = text.slice(text.indexOf("\n", start) + 1)
  const end = rest.search(/^#{1,3} /m)
  return end < 0 ? rest : rest.slice(0, end)
}

/** The paragraph that starts with `start`. */
const paragraph = (text, start) => {
  const at = text.indexOf(start)
  if (at < 0) throw new Error(`no paragraph starting ${start}`)
  const end = text.indexOf("\n\n", at)
  return text.slice(at, end < 0 ? undefined : end)
}

/** The sentence of a text around an index. */
const sentenceAt = (text, index) => {
  const start = Math.max(text.lastIndexOf(". ", index), text.lastIndexOf("\n\n", index), 0)
  const end = text.slice(index).search(/\.(\s|$)/)
  return text.slice(start, end < 0 ? undefined : index + end)
}

/** The contents of the fenced blocks of a language. */
const blocks = (text, lang) =>
  [...text.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\``, "gm"))].map((m) => m[1])

/** The inline code spans of a text (outside fenced blocks). */
const codeSpans = (text) =>
  [...text.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "").matchAll(/`([^`\n]+)`/g)].map((m) => m[1])

/** The backticked identifiers of a text: `name` and `name(…)`. */
const identifiers = (text) =>
  new Set(codeSpans(text).flatMap((span) => /^([A-Za-z_$][\w$]*)(?:\(.*\))?$/.exec(span)?.slice(1, 2) ?? []))

/** The first-column cells (backticked) of the Markdown table that follows `header`. */
const firstColumn = (text, header) => {
  const at = text.indexOf(header)
  if (at < 0) throw new Error(`no table ${header}`)
  const cells = []
  for (const line of text.slice(at).split("\n").slice(2)) {
    if (!line.startsWith("|")) break
    cells.push(line.split(/(?<!\\)\|/)[1].trim())
  }
  return cells
}

// The type checker over the modules whose interfaces the READMEs list.
const program = ts.createProgram(
  ["packages/api/src/WechatPay.ts", "packages/sandbox/src/SandboxTypes.ts"].map((f) => Path.join(root, f)),
  ts.parseJsonConfigFileContent(
    {
      compilerOptions: {
        ...ts.readConfigFile(Path.join(root, "tsconfig.base.json"), ts.sys.readFile).config.compilerOptions,
        composite: false,
        noEmit: true
      }
    },
    ts.sys,
    root
  ).options
)
const checker = program.getTypeChecker()
const declaration = (file, name) => {
  const sf = program.getSourceFile(Path.join(root, file))
  const found = sf.statements.find(
    (s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name
  )
  if (found === undefined) throw new Error(`${file} declares no ${name}`)
  return found
}
/** Every property of an interface, inherited ones included, with whether it is optional. */
const members = (file, name) =>
  checker
    .getPropertiesOfType(checker.getTypeAtLocation(declaration(file, name).name))
    .map((p) => ({ name: p.name, optional: (p.flags & ts.SymbolFlags.Optional) !== 0 }))
/** The `_tag`s of a union of tagged objects. */
const tagsOf = (file, name) =>
  checker
    .getTypeAtLocation(declaration(file, name).name)
    .types.map((t) => checker.getTypeOfSymbol(t.getProperty("_tag")).value)
    .sort()

describe("README claims", () => {
  it("endpoint counts match Endpoints.all and each family's endpoints", () => {
    const expected = {
      all: Endpoints.all.length,
      商家券: SchemaBusifavor.endpoints.length,
      代金券: SchemaFavor.endpoints.length
    }
    let claims = 0
    for (const file of ALL) {
      const text = read(file)
      for (const [pattern, key] of [
        [/\b(\d+) (?:endpoints|descriptors|in all)\b/g, "all"],
        [/\b(\d+)\s*(商家券|代金券)/g, undefined]
      ]) {
        for (const m of text.matchAll(pattern)) {
          claims++
          expect(Number(m[1]), `${file}: "${m[0].replace(/\s+/g, " ")}"`).toBe(expected[key ?? m[2]])
        }
      }
    }
    expect(claims).toBeGreaterThanOrEqual(6)
  })

  it("every pnpm command named is a script of the root package.json, and the README names every script", () => {
    const BUILTINS = new Set(["install", "exec", "pack", "publish", "add", "run", "dlx"])
    const scripts = new Set(Object.keys(rootPackage.scripts))
    for (const file of ALL) {
      const text = read(file)
      const commands = [...codeSpans(text), ...blocks(text, "sh")].flatMap((code) =>
        [...code.matchAll(/\bpnpm(?:@[\d.]+)?\s+([a-z][\w:-]*)/g)].map((m) => m[1])
      )
      for (const command of commands) {
        if (BUILTINS.has(command)) continue
        expect(scripts.has(command), `${file} names \`pnpm ${command}\`, which is not a script`).toBe(true)
      }
    }
    const table = firstColumn(section(read("README.md"), "Development"), "| Command")
    const tabled = new Set(table.flatMap((cell) => [...cell.matchAll(/`pnpm ([\w:-]+)`/g)].map((m) => m[1])))
    for (const script of scripts) {
      expect(tabled.has(script), `the README's Development table lacks \`pnpm ${script}\``).toBe(true)
    }
  })

  it("the sandbox bin's flags are the ones its README and the root README name", () => {
    const help = spawnSync(
      process.execPath,
      ["--conditions=@effect-wechatpay/source", "--import", "tsx", "packages/sandbox/src/bin.ts", "--help"],
      { cwd: root, encoding: "utf8", timeout: 60_000 }
    )
    expect(help.status, help.stderr).toBe(0)
    const flags = new Set([...help.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]))
    expect(flags.has("--port")).toBe(true)
    const standalone = section(read("packages/sandbox/README.md"), "Standalone: `wechatpay-sandbox`")
    const documented = new Set(standalone.match(/--[a-z][a-z-]*/g))
    for (const flag of flags) expect(documented, `the sandbox README does not document ${flag}`).toContain(flag)
    const row = firstColumn(section(read("README.md"), "Development"), "| Command").findIndex((c) =>
      c.includes("`pnpm sandbox`")
    )
    const rootRow = section(read("README.md"), "Development")
      .split("\n")
      .filter((l) => l.startsWith("|"))[row + 2]
    for (const text of [standalone, rootRow]) {
      for (const flag of text.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []) {
        if (flag === "--save-dev" || flag === "--conditions") continue
        expect(flags, `${flag} is named but the bin has no such flag`).toContain(flag)
      }
    }
  })

  it("each install line installs the package with exactly its peer dependencies", () => {
    const peersOf = (name) => {
      const pkg = Object.values(packageJson).find((p) => p.name === name)
      const optional = pkg.peerDependenciesMeta ?? {}
      return Object.keys(pkg.peerDependencies ?? {}).filter((peer) => optional[peer]?.optional !== true)
    }
    let lines = 0
    for (const file of [...READMES, "docs/getting-started.md"]) {
      for (const block of blocks(read(file), "sh")) {
        const installed = block
          .split("\n")
          .map((line) => line.replace(/#.*$/, "").trim())
          .filter((line) => line.startsWith("npm install "))
          .flatMap((line) => line.split(/\s+/).slice(2))
          .filter((token) => !token.startsWith("-"))
          .map((token) => token.replace(/(.)@[^/]*$/, "$1"))
        if (installed.length === 0) continue
        lines++
        const ours = installed.filter((name) => name.startsWith("@effect-wechatpay/"))
        const peers = new Set(ours.flatMap(peersOf))
        for (const name of ours) {
          expect(
            Object.values(packageJson).some((p) => p.name === name),
            `${file}: ${name} is not a package`
          ).toBe(true)
        }
        for (const peer of peers) expect(installed, `${file}: the install lines omit ${peer}`).toContain(peer)
        for (const name of installed.filter((n) => !ours.includes(n))) {
          expect(peers, `${file}: ${name} is installed but is no peer dependency`).toContain(name)
        }
        const own = /^packages\/(\w+)\/README\.md$/.exec(file)?.[1]
        if (own !== undefined) expect(ours, `${file} does not install its package`).toContain(packageJson[own].name)
      }
    }
    expect(lines).toBeGreaterThanOrEqual(6)
  })

  it("the version floors named are the peer dependency ranges and the engines", () => {
    const floor = (range) => range.replace(/^\^(\d+\.\d+)\.0$/, "^$1").replace(/^>=/, "")
    const ranges = new Map()
    for (const pkg of Object.values(packageJson)) {
      for (const [name, range] of Object.entries(pkg.peerDependencies ?? {})) ranges.set(name, floor(range))
    }
    const engines = new Set([rootPackage, ...Object.values(packageJson)].map((p) => floor(p.engines.node)))
    expect(engines.size).toBe(1)
    let claims = 0
    for (const file of ALL) {
      const text = read(file)
      for (const m of text.matchAll(/`(effect|@effect\/platform-node)`\s*\(?(\^[\d.]+)\)?/g)) {
        claims++
        expect(m[2], `${file}: "${m[0]}"`).toBe(ranges.get(m[1]))
      }
      for (const m of text.matchAll(/Node ≥ (\d+(?:\.\d+)*)/g)) {
        // A sentence about the Effect 3 line (git tag effect3-final) states that line's floor.
        if (/effect ?3/i.test(sentenceAt(text, m.index))) continue
        claims++
        expect(engines, `${file}: "${m[0]}"`).toContain(m[1])
      }
    }
    expect(claims).toBeGreaterThanOrEqual(10)
  })

  it("the sandbox README's default data, options, controls and fault kinds are the sandbox's", async () => {
    const { Sandbox } = await import("@effect-wechatpay/sandbox")
    const readme = read("packages/sandbox/README.md")

    const defaultData = section(readme, "Default data")
    const claimed = Object.fromEntries(
      [...defaultData.matchAll(/\b(\w+) `([^`]+)`/g)]
        .filter(([, key]) => key in Sandbox.defaults)
        .map((m) => [m[1], m[2]])
    )
    expect(claimed).toEqual(Sandbox.defaults)
    const coupons = Sandbox.defaultUserCoupons()
    for (const [, key, state] of defaultData.matchAll(/\b(couponCode|usedCouponCode) `[^`]+` \((\w+)\)/g)) {
      const coupon = coupons.find((c) => c.coupon.coupon_code === Sandbox.defaults[key])
      expect(coupon?.coupon.coupon_state, `${key}'s state`).toBe(state)
    }

    const options = paragraph(readme, "Options (all optional):")
    for (const option of members("packages/sandbox/src/SandboxTypes.ts", "Options")) {
      expect(identifiers(options), `the README's options lack ${option.name}`).toContain(option.name)
      expect(option.optional, `${option.name} is not optional`).toBe(true)
    }

    const controls = paragraph(readme, "Controls on the handle")
    const handle = members("packages/sandbox/src/SandboxTypes.ts", "Sandbox").map((m) => m.name)
    for (const name of handle.filter((n) => n !== "baseUrl" && n !== "credentials")) {
      expect(identifiers(controls), `the README's controls lack ${name}`).toContain(name)
    }
    for (const [, name] of controls.matchAll(/`(\w+)\(/g)) {
      expect(handle, `the README names a control ${name} the handle lacks`).toContain(name)
    }

    const tagsIn = (table) => [...table.matchAll(/^\| `\{ _tag: "(\w+)"/gm)].map((m) => m[1]).sort()
    expect(tagsIn(section(readme, "Faults"))).toEqual(tagsOf("packages/sandbox/src/SandboxTypes.ts", "FaultKind"))
    expect(tagsIn(section(readme, "Notifications"))).toEqual(
      tagsOf("packages/sandbox/src/SandboxTypes.ts", "NotificationFaultKind")
    )
  })

  it("the api README's option table lists every option of WechatPay.layer", () => {
    const table = firstColumn(section(read("packages/api/README.md"), "Configuration"), "| Option")
    const listed = table.map((cell) => /^`(\w+)/.exec(cell)?.[1])
    expect(listed.sort()).toEqual(
      members("packages/api/src/WechatPay.ts", "Options")
        .map((m) => m.name)
        .sort()
    )
  })

  it("the api README lists what the WechatPayClient service offers", () => {
    const offered = section(read("packages/api/README.md"), "Other endpoints")
    const service = members("packages/api/src/WechatPay.ts", "Service").map((m) => m.name)
    // The members named: `httpClient`, `execute(endpoint, input)`, … (the other code spans are types and modules).
    const named = new Set([...identifiers(offered)].filter((name) => /^[a-z]/.test(name)))
    for (const name of named) expect(service, `the README names ${name}, which the service lacks`).toContain(name)
    for (const name of service.filter((n) => n !== "mchid" && n !== "baseUrl")) {
      expect(named, `the README does not list the service's ${name}`).toContain(name)
    }
  })

  it("the module tables list every public module of their package", () => {
    for (const pkg of ["schema", "crypto"]) {
      const readme = read(`packages/${pkg}/README.md`)
      const listed = firstColumn(readme, "| Module").map((cell) => /^`(\w+)`$/.exec(cell)?.[1])
      const modules = Fs.readdirSync(Path.join(root, "packages", pkg, "src"))
        .filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== "bin.ts")
        .map((f) => f.replace(/\.ts$/, ""))
      expect(listed.sort(), `packages/${pkg}/README.md's module table`).toEqual(modules.sort())
    }
  })

  it("the cli README's command table and docs/cli.md name exactly the wechatpay command's commands", async () => {
    const Cli = await import("../packages/cli/src/Cli.ts")
    /** The leaf commands' paths, e.g. "certificates download" (extensions such as campaign: their name). */
    const leaves = (command, path = []) => {
      const children = command.subcommands.flatMap((group) => group.commands)
      return children.length === 0
        ? [path.join(" ")]
        : children.flatMap((child) => leaves(child, [...path, child.name]))
    }
    const commands = [...leaves(Cli.make()), ...Cli.extensions.map((extension) => extension.name)]
    expect(commands).toContain("diagnose sign-error")
    const table = firstColumn(read("packages/cli/README.md"), "| Command").join(" ")
    const guide = read("docs/cli.md")
    const usage = [...guide.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]).join("\n")
    for (const command of commands) {
      expect(table, `packages/cli/README.md's table lacks ${command}`).toContain(command)
      const top = command.split(" ")[0]
      expect(guide, `docs/cli.md has no section for ${top}`).toMatch(new RegExp(`^## \`${top}`, "m"))
      if (!Cli.extensions.some((extension) => extension.name === command)) {
        expect(usage, `docs/cli.md shows no usage of wechatpay ${command}`).toContain(`wechatpay ${command}`)
      }
    }
    for (const [, named] of table.matchAll(/`wechatpay ([a-z-]+(?: [a-z-]+)?)/g)) {
      expect(
        commands.some((command) => command === named || command.startsWith(`${named} `)),
        `packages/cli/README.md names wechatpay ${named}, which is no command`
      ).toBe(true)
    }
  })

  it("every relative link points to a file that exists", () => {
    for (const file of ALL) {
      const prose = read(file)
        .replace(/^```[^\n]*\n[\s\S]*?^```/gm, "")
        .replace(/`[^`\n]*`/g, "")
      for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target) || target.startsWith("#")) continue
        const resolved = Path.join(root, Path.dirname(file), target.split("#")[0])
        expect(Fs.existsSync(resolved), `${file} links to ${target}, which does not exist`).toBe(true)
      }
    }
  })
})
