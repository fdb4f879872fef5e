import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  createCheckoutFixture,
  guestCheckout,
  registerCustomer,
} from "../helpers/checkout"

jest.setTimeout(180_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("checkout helpers", () => {
      it("should place guest orders through the store API", async () => {
        const fixture = await createCheckoutFixture(getContainer())

        const first = await guestCheckout(api, fixture, {
          email: "John@Example.com",
          phone: "+1 (555) 123-4567",
        })
        expect(first.id).toMatch(/^order_/)
        expect(first.email).toBe("John@Example.com")

        const second = await guestCheckout(api, fixture, {
          email: "john@example.com",
          phone: "555-123-4567",
        })
        expect(second.id).toMatch(/^order_/)
        expect(second.id).not.toBe(first.id)
        expect(second.email).toBe("john@example.com")
      })

      it("should register a storefront customer with an account", async () => {
        const fixture = await createCheckoutFixture(getContainer())

        const { customer, token } = await registerCustomer(api, fixture, {
          email: "jane@example.com",
          password: "supersecret",
          first_name: "Jane",
          last_name: "Doe",
        })
        expect(customer).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^cus_/),
            email: "jane@example.com",
            has_account: true,
          })
        )

        // The login token must carry the customer onto the cart and order.
        const order = await guestCheckout(api, fixture, {
          email: "jane@example.com",
          customerToken: token,
        })
        expect(order.customer_id).toBe(customer.id)
      })
    })
  },
})
