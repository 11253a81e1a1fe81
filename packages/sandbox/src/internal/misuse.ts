/**
 * A misuse of the sandbox: a test's mistake (an unknown coupon, a bad option), not a gateway answer. In process it is
 * a defect; over HTTP (`/_sandbox/…`) it answers 400 with its message.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

/** @internal */
export class Misuse extends Error {
  constructor(readonly problem: string) {
    super(`sandbox: ${problem}`)
    this.name = "SandboxMisuse"
  }
}

/** A defect for a misuse. @internal */
export const misuse = (problem: string): Effect.Effect<never> => Effect.die(new Misuse(problem))
