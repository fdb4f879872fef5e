import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import customerIdentity from "./suites/customer-identity"
import findOrCreateCustomer from "./suites/find-or-create-customer"
import identityResolution from "./suites/identity-resolution"
import evidence from "./suites/evidence"
import claimLimits from "./suites/claim-limits"

jest.setTimeout(600_000)

// Finding and creating customers: the workflow, storefront checkouts and the order.placed evidence;
// the limits on claims, counted under the locking provider's locks.
// One app boots for the whole file: a boot costs more than most suites' tests.
medusaIntegrationTestRunner({
  testSuite: (options) => {
    describe("customer-identity", () => customerIdentity(options))
    describe("find-or-create-customer", () => findOrCreateCustomer(options))
    describe("identity-resolution", () => identityResolution(options))
    describe("evidence", () => evidence(options))
    describe("claim-limits", () => claimLimits(options))
  },
})
