import { defineProject, mergeConfig } from "vitest/config"
import { shared } from "../../vitest.shared.ts"

// One test file at a time: the 10,000-user test that times a campaign against the rate (test/Durability.test.ts)
// measures wall time, and the other files' campaigns (three runners over PostgreSQL, 1,000-user 商品券 campaigns)
// took enough of a two-core machine's CPU beside it to slow it past its 10% (68 s and 62 s for 50 s).
export default mergeConfig(shared, defineProject({ test: { fileParallelism: false } }))
