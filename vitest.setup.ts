import { beforeEach, expect } from "vitest"

// Every test must make at least one assertion: a test that returns early, loops over an empty list or guards its
// expectations behind an `if` that is never true fails instead of passing silently.
beforeEach(() => {
  expect.hasAssertions()
})
