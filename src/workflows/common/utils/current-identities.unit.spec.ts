import { asValue } from "@medusajs/framework/awilix"
import { createMedusaContainer, Modules } from "@medusajs/framework/utils"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { hasCurrentIdentityBatched } from "./current-identities"

describe("hasCurrentIdentityBatched", () => {
  const customers = [
    { id: "cus_indexed", email: "Ada@Example.com", phone: null },
    { id: "cus_new", email: "bob@example.com", phone: null },
    { id: "cus_secondary", email: "cy@example.com", phone: null },
    { id: "cus_linked", email: null, phone: null },
    { id: "cus_unlinked", email: null, phone: null },
  ]
  const owners = [
    { kind: "email", value: "ada@example.com", customer_id: "cus_indexed" },
    { kind: "email", value: "cy@example.com", customer_id: "cus_secondary" },
  ].map((owner) => ({
    ...owner,
    canonical_customer_id: owner.customer_id,
    is_primary: owner.customer_id === "cus_indexed",
  }))
  const listCustomers = jest.fn(async ({ id }: { id: string[] }) =>
    customers.filter((customer) => id.includes(customer.id))
  )
  const findIdentityOwnersOfMany = jest.fn(async () => owners)
  const listCustomerLinks = jest.fn(async () => [
    { customer_id: "cus_linked", canonical_customer_id: "cus_linked" },
  ])
  const container = createMedusaContainer()
  container.register(Modules.CUSTOMER, asValue({ listCustomers }))
  container.register(
    CUSTOMER_IDENTITY_MODULE,
    asValue({
      getOptions: async () => ({}),
      findIdentityOwnersOfMany,
      listCustomerLinks,
    })
  )

  it("should read the customers asked about in one tick together, and answer each", async () => {
    const answers = await Promise.all(
      [
        "cus_indexed",
        "cus_new",
        "cus_indexed",
        "cus_secondary",
        "cus_linked",
        "cus_unlinked",
      ].map((id) => hasCurrentIdentityBatched(container, id))
    )

    expect(answers).toEqual([true, false, true, false, true, false])
    expect(listCustomers).toHaveBeenCalledTimes(1)
    expect(listCustomers.mock.calls[0][0].id).toEqual([
      "cus_indexed",
      "cus_new",
      "cus_secondary",
      "cus_linked",
      "cus_unlinked",
    ])
    expect(findIdentityOwnersOfMany).toHaveBeenCalledTimes(1)
    expect(listCustomerLinks).toHaveBeenCalledWith({
      customer_id: ["cus_linked", "cus_unlinked"],
    })

    // Asked alone: left to the caller's check of one customer, nothing read.
    expect(
      await hasCurrentIdentityBatched(container, "cus_indexed")
    ).toBeUndefined()
    expect(listCustomers).toHaveBeenCalledTimes(1)
  })
})
