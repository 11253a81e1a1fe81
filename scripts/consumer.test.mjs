// scripts/consumer-test.mjs as vitest tests, so that CI counts them in its summary (.ci/run runs this file with
// scripts/vitest.consumer.config.mjs; the default `pnpm test` does not include it).
import * as Fs from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  checkContents,
  install,
  installIntoEffect4Project,
  nodes,
  pack,
  packages,
  report,
  runBin,
  runBundle,
  runCampaign,
  runCjs,
  runCli,
  runEsm,
  typecheck
} from "./consumer-test.mjs"

const expectedEsm = {
  stock_state: "RUNNING",
  missing: "ResourceNotExists 404",
  invalid: "RequestValidationError",
  paramError: "function",
  pooled: "signed 2, restarts 0"
}

describe("the packed packages, installed with npm outside the workspace", () => {
  let dir = ""
  let app = ""
  let tarballs = []

  beforeAll(async () => {
    const packed = await pack()
    dir = packed.dir
    tarballs = packed.tarballs
    console.log(report(tarballs))
    app = await install(dir, tarballs)
  }, 600_000)

  afterAll(() => {
    if (dir) Fs.rmSync(dir, { recursive: true, force: true })
  })

  it.each(packages)("the %s tarball holds only dist, src, README, LICENSE and package.json", async (name) => {
    const tarball = tarballs.find((t) => t.name === `@effect-wechatpay/${name}`)
    expect(tarball).toBeDefined()
    await checkContents(tarball)
  })

  it("(3) a consumer type-checks against the installed .d.ts under a strict tsconfig, skipLibCheck false", async () => {
    await typecheck(app)
  }, 120_000)

  // The workspace's Node 24, then the oldest Node the packages support (22.19, from the npm registry).
  describe.each([
    ["the workspace's node", async () => nodes.current],
    ["node 22.19", () => nodes.oldest()]
  ])("on %s", (_, nodeOf) => {
    let node = nodes.current
    beforeAll(async () => {
      node = await nodeOf()
    }, 300_000)

    it("(1) an ESM program on plain node starts the sandbox with SandboxClient.layer() and makes calls", async () => {
      expect(await runEsm(app, node)).toEqual(expectedEsm)
    }, 180_000)

    it("(2) a CommonJS file require()s every package", async () => {
      expect(await runCjs(app, node)).toMatch(/^cjs ok /)
    }, 120_000)

    it("(4) the installed wechatpay-sandbox bin starts, and removes its key files on SIGTERM", async () => {
      const { baseUrl, files } = await runBin(app, node)
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(files.sort()).toEqual([
        "apiclient_key.pem",
        "brand_apiclient_key.pem",
        "platform_cert_0.pem",
        "pub_key.pem"
      ])
    }, 120_000)

    it("(5) an esbuild bundle of a program keeps only the endpoint it calls, and runs", async () => {
      const { tag } = await runBundle(app, node)
      expect(tag).toBe("RequestValidationError")
    }, 120_000)

    it("(6) npx @effect-wechatpay/cli runs the installed wechatpay command", async () => {
      const { version } = await runCli(app, node)
      expect(version).toMatch(/^\d+\.\d+\.\d+$/)
    }, 300_000)

    it("(7) a campaign of the installed campaign package sends each user one coupon, and a rerun sends none", async () => {
      expect(await runCampaign(app, node)).toEqual({
        status: "completed",
        sent: 30,
        duplicates: 1,
        failed: {},
        again: { status: "completed", sent: 30, failed: {} },
        issued: 30
      })
    }, 180_000)
  })

  it("a project already on effect 4 installs the packages with the README's line and runs (1)", async () => {
    const existing = await installIntoEffect4Project(dir, tarballs)
    expect(existing.effect).toMatch(/^4\./)
    expect(await runEsm(existing.app)).toEqual(expectedEsm)
  }, 600_000)
})
