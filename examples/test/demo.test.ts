import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"

const root = Path.join(import.meta.dirname, "..")

describe("pnpm demo", () => {
  it("runs against the embedded sandbox and prints every step, a 商家券 from 发券 to 核销 to 查询 included", () => {
    const output = ChildProcess.execFileSync(Path.join(root, "node_modules", ".bin", "tsx"), ["demo.ts"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000
    })
    expect(output).toMatch(/stock_id\s+\d+/)
    expect(output).toMatch(/same out_request_no →\s+\d+ \(idempotent\)/)
    expect(output).toMatch(/stock_state\s+RUNNING/)
    expect(output).toMatch(/coupon_state\s+SENDED/)
    expect(output).toContain("ResourceNotExists (HTTP 404 RESOURCE_NOT_EXISTS")
    // Every failing rule is reported: the length in characters and the weighted CJK length.
    expect(output).toContain("RequestValidationError at /stock_name, 2 rules broken (nothing was sent)")
    expect(output).toContain("SignatureVerificationError BadSignature (never decoded)")
    expect(output).toMatch(/new stock_id\s+\d{20}/)
    expect(output).toMatch(/sent coupon_code\s+\d+/)
    expect(output).toMatch(/coupon_state now\s+USED/)
    expect(output).toMatch(/redeem it again →\s+ResourceAlreadyExists \(券已被其他订单核销\)/)
    expect(output).toMatch(/user's coupons\s+SBXCOUPON0000001 SENDED, SBXCOUPON0000002 USED, \d+ USED/)
    expect(output).toContain("Done: 12 signed requests")
  }, 60_000)
})
