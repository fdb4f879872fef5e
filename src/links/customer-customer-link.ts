import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import CustomerIdentityModule from "../modules/customer-identity"

// customer.customer_link: walk from a core customer to its identity.
export default defineLink(
  { linkable: CustomerModule.linkable.customer, field: "id" },
  {
    ...CustomerIdentityModule.linkable.customerLink.id,
    primaryKey: "customer_id",
  },
  { readOnly: true }
)
