import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import checkoutRace from "./suites/checkout-race"
import faults from "./suites/faults"

jest.setTimeout(600_000)

// Races and faults: concurrent checkouts, the checkout lock, compensation, redelivery, dropped connections.
// One app boots for the whole file: a boot costs more than most suites' tests.
medusaIntegrationTestRunner({
  testSuite: (options) => {
    describe("checkout-race", () => checkoutRace(options))
    describe("faults", () => faults(options))
  },
})
