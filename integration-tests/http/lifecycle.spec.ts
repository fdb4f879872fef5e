import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import merge from "./suites/merge"
import erasure from "./suites/erasure"
import backfill from "./suites/backfill"
import imports from "./suites/imports"

jest.setTimeout(600_000)

// What happens to an identity later: merges, erasure, the backfill and imports.
// One app boots for the whole file: a boot costs more than most suites' tests.
medusaIntegrationTestRunner({
  testSuite: (options) => {
    describe("merge", () => merge(options))
    describe("erasure", () => erasure(options))
    describe("backfill", () => backfill(options))
    describe("imports", () => imports(options))
  },
})
