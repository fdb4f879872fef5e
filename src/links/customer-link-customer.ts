import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import CustomerIdentityModule from "../modules/customer-identity"

// customer_link.customer: the core customer the link stands for.
export default defineLink(
  {
    linkable: CustomerIdentityModule.linkable.customerLink,
    field: "customer_id",
  },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
