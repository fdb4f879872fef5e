import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import adminApi from "./suites/admin-api"
import duplicates from "./suites/duplicates"
import dataRequests from "./suites/data-requests"
import security from "./suites/security"
import storeIdentity from "./suites/store-identity"
import differential from "./suites/differential"

jest.setTimeout(600_000)

// Admin and store routes, their validation, the duplicate scan, data requests and the
// policy's differential check: they read and write the same way on either event bus, so they run in memory only.
// One app boots for the whole file: a boot costs more than most suites' tests.
medusaIntegrationTestRunner({
  testSuite: (options) => {
    describe("admin-api", () => adminApi(options))
    describe("duplicates", () => duplicates(options))
    describe("data-requests", () => dataRequests(options))
    describe("security", () => security(options))
    describe("store-identity", () => storeIdentity(options))
    describe("differential", () => differential(options))
  },
})
